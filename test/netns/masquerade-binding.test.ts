// End to end, masquerade binding (IPv4): phase 1 and phase 2 as separate processes; the VM
// stand-in behind k6t-eth0 gets 10.0.2.2/24 via 10.0.2.1 from a real client, reaches a host
// beyond the node, and the remote sees the pod IP (NAT proven by what the peer saw); a service in
// the VM is reachable at the pod IP from the node.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { createTopology } from '../helpers/topology.js';
import { applyLease, runDhcpClient } from '../helpers/dhcp-clients.js';
import { handler, podNetworkVmi, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';

t.test('masquerade: lease, outbound NAT and inbound forwarding', async (t) => {
  const topology = await createTopology({ t });
  const { vmiFile, cacheDir } = await writeVmi(topology, podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' }));
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, setup.stderr);
  const launcher = await startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml'));
  t.teardown(() => launcher.stop());
  // Any client MAC is answered on masquerade (no macAddress in the spec), as in KubeVirt.
  await topology.attachVm('k6t-eth0', '02:aa:bb:cc:dd:01');

  const lease = await runDhcpClient(topology, 'udhcpc');
  t.equal(lease.ip, '10.0.2.2');
  // The process started above serves, under the same PID, as node with the launcher's memory options.
  const cmdline = (await readFile(`/proc/${launcher.pid}/cmdline`, 'utf8')).split('\0');
  t.match(cmdline, ['node', '--max-semi-space-size=1', '--single-threaded'], 'the launcher restarted node in place with its memory options');
  t.equal(lease.prefixLength, 24);
  t.equal(lease.router, '10.0.2.1');
  t.equal(lease.mtu, topology.podMtu);
  t.same(lease.dns, [...topology.nameservers]);
  await applyLease(topology, lease);

  const echo = await topology.startEchoServer('remote', 'tcp', 8080);
  t.teardown(() => echo.stop());
  const out = await topology.probe('vm', 'tcp', topology.remoteIp, 8080);
  t.ok(out.ok, `VM reaches the remote host: ${out.error ?? ''}`);
  t.equal(out.seenFrom?.address, topology.podIp, 'the remote sees the pod IP, not 10.0.2.2');

  const inbound = await topology.startEchoServer('vm', 'tcp', 8081);
  t.teardown(() => inbound.stop());
  const into = await topology.probe('node', 'tcp', topology.podIp, 8081);
  t.ok(into.ok, `a TCP service in the VM answers at the pod IP: ${into.error ?? ''}`);

  const again = await handler('setup', topology, vmiFile, cacheDir);
  const rules = await topology.exec('pod', 'nft', ['list', 'table', 'ip', 'nat']);
  const again2 = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(again.exitCode + again2.exitCode, 0);
  t.equal((await topology.exec('pod', 'nft', ['list', 'table', 'ip', 'nat'])).stdout, rules.stdout, 're-running setup leaves the same ruleset');
});
