// Phase 1 is resumable: interrupted after any single kernel change, a re-run converges to exactly
// the state of an uninterrupted run (KubeVirt instead fails the VMI: "cannot be restarted"), a
// further run changes nothing, and teardown then gives the pod back as the CNI made it.
// The interruption is a throw from the onChange observer, which aborts where a crash would.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createTopology, type Topology } from '../helpers/topology.js';
import { NetnsHandle } from '../../src/drivers/netns.js';
import { InterfaceCache } from '../../cache/interface-cache.js';
import { runPhase1 } from '../../src/phases/phase1.js';
import { runTeardown } from '../../src/phases/teardown.js';
import { BindingRegistry } from '../../src/phases/registry.js';
import { validateVmi } from '../../src/core/vmi-parse.js';

interface LinkJson {
  ifname: string;
  address: string;
  mtu: number;
  master?: string;
  flags: string[];
  linkinfo?: { info_kind?: string };
  addr_info?: { local: string; prefixlen: number; scope: string }[];
}

/** The pod's links as `ip` reports them, MACs replaced by their role so two runs compare. */
async function snapshot(topology: Topology, podMac: string): Promise<string> {
  const links = JSON.parse((await topology.exec('pod', 'ip', ['-j', '-d', 'addr', 'show'])).stdout) as LinkJson[];
  const bridgeMac = links.find((l) => l.ifname === 'k6t-eth0')?.address;
  const role = (mac: string): string => (mac === podMac ? 'pod-mac' : mac === bridgeMac ? 'bridge-mac' : 'own-mac');
  const view = links
    .filter((l) => l.ifname !== 'lo')
    .map((l) => ({
      name: l.ifname,
      kind: l.linkinfo?.info_kind ?? 'device',
      mac: role(l.address),
      mtu: l.mtu,
      master: l.master ?? null,
      up: l.flags.includes('UP'),
      addresses: (l.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const sysctl = (await topology.exec('pod', 'sysctl', ['-n', 'net.ipv4.conf.all.arp_ignore'])).stdout.trim();
  const routes = (await topology.exec('pod', 'ip', ['-4', 'route', 'show'])).stdout.trim();
  return JSON.stringify({ view, arpIgnore: sysctl, routes }, null, 1);
}

t.test('interrupted after every change, phase 1 converges', async (t) => {
  const topology = await createTopology({ t });
  const ns = NetnsHandle.fromPid(topology.launcherPid);
  t.teardown(() => ns.close());
  const cacheRoot = join(topology.tmpDir, 'cache');
  await mkdir(cacheRoot, { recursive: true });
  const cache = new InterfaceCache(cacheRoot);
  const registry = new BindingRegistry();
  const vmi = validateVmi(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'resume', namespace: 'default', uid: randomUUID() },
      spec: { domain: { devices: { interfaces: [{ name: 'default', bridge: {} }] } }, networks: [{ name: 'default', pod: {} }] },
    },
    'resume-test',
  );
  const podMac = topology.podMac;
  const pristine = await snapshot(topology, podMac);

  const first = await runPhase1({ vmi, ns, cache, registry });
  const total = first[0]!.changes;
  t.ok(total >= 10, `an uninterrupted run makes ${total} changes`);
  const converged = await snapshot(topology, podMac);
  t.not(converged, pristine, 'control: setup changes the pod');
  await runTeardown({ vmi, ns, cache });
  t.equal(await snapshot(topology, podMac), pristine, 'teardown restores the pristine pod');

  for (let crashAt = 1; crashAt <= total; crashAt++) {
    let seen = 0;
    await t.rejects(
      runPhase1({
        vmi,
        ns,
        cache,
        registry,
        onChange: () => {
          if (++seen === crashAt) throw new Error(`simulated crash after change ${crashAt}`);
        },
      }),
      /simulated crash/,
      `run interrupted after change ${crashAt}`,
    );
    const record = await cache.read(vmi.metadata.uid, 'default');
    t.equal(record?.state, 'started', `after change ${crashAt} the cache says started`);
    if (crashAt < total) t.not(await snapshot(topology, podMac), converged, `after change ${crashAt} the pod is half done`);

    const resumed = await runPhase1({ vmi, ns, cache, registry });
    t.equal(resumed[0]!.resumed, true, 'the re-run plans from the cached facts');
    // At most what is left: changes to one link made in one request (apply-spec groupLinkOperations)
    // are all made when the crash comes after the first of them is reported.
    t.ok(resumed[0]!.changes <= total - crashAt, `the re-run makes at most the ${total - crashAt} remaining changes`);
    t.equal(await snapshot(topology, podMac), converged, `resumed after change ${crashAt}: same state as uninterrupted`);
    t.equal((await cache.read(vmi.metadata.uid, 'default'))?.state, 'finished');
    t.equal((await runPhase1({ vmi, ns, cache, registry }))[0]!.changes, 0, 'one more run changes nothing');

    await runTeardown({ vmi, ns, cache });
    t.equal(await snapshot(topology, podMac), pristine, `teardown after change ${crashAt} restores the pristine pod`);
  }
});
