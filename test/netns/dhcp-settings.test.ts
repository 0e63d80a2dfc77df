// The `virtnet.io/dhcp` annotation end to end: phase 1 and phase 2 as separate processes, a real
// udhcpc on the launcher's bridge. What is asserted is what the client got (or did not get).
import t, { type Test } from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DHCP_SETTINGS_ANNOTATION } from '../../src/core/dhcp-settings.js';
import { createTopology } from '../helpers/topology.js';
import { runDhcpClient } from '../helpers/dhcp-clients.js';
import { handler, podNetworkVmi, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';

async function launch(t: Test, settings: object) {
  const topology = await createTopology({ t });
  const vmi = podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' }) as { metadata: { annotations?: Record<string, string> } };
  vmi.metadata.annotations = { [DHCP_SETTINGS_ANNOTATION]: JSON.stringify(settings) };
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, `handler setup succeeds: ${setup.stderr}`);
  const launcher = await startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml'));
  t.teardown(() => launcher.stop());
  await topology.attachVm('k6t-eth0', '02:ab:cd:00:00:07');
  return topology;
}

t.test('leaseSeconds sets the lease the client is given', async (t) => {
  const topology = await launch(t, { default: { leaseSeconds: 3600 } });
  const lease = await runDhcpClient(topology, 'udhcpc');
  t.equal(lease.ip, '10.0.2.2');
  t.equal(lease.leaseSeconds, 3600, 'the client was offered the annotated lease, not the 999-day default');
});

t.test('disabled: the plumbing is there but no DHCP server answers', async (t) => {
  const topology = await launch(t, { default: { disabled: true } });
  const bridge = await topology.exec('pod', 'ip', ['-j', 'addr', 'show', 'dev', 'k6t-eth0']);
  t.match(bridge.stdout, '"local":"10.0.2.1"', 'the bridge with the gateway address exists');
  await t.rejects(runDhcpClient(topology, 'udhcpc', { timeoutMs: 5_000 }), 'udhcpc gets no lease');
  const listening = await topology.exec('pod', 'ss', ['-Hulpn', 'sport = :67']);
  t.equal(listening.stdout.trim(), '', 'nothing listens on port 67 in the pod');
});
