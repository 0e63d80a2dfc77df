// Phase 1 of the passt binding through the real CLI (`virtnet handler setup/teardown` entering the
// launcher pod by PID): the pod gets the two sysctls passt needs and nothing else (no link, no
// address, no route changes), the cache carries the pod NIC facts and the libvirt-managed passt
// interface; teardown restores the sysctls.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readFile, readdir } from 'node:fs/promises';
import { createTopology, type Topology } from '../helpers/topology.js';
import { handler, writeVmi } from '../helpers/virtnet-cli.js';

const SYSCTLS = ['net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];

async function sysctls(topology: Topology): Promise<string[]> {
  const { stdout } = await topology.exec('pod', 'sysctl', ['-n', ...SYSCTLS]);
  return stdout.split('\n').map((line) => line.trim().replace(/\s+/g, ' '));
}

/**
 * Links, addresses and IPv4 main-table routes of the pod, as `ip` reports them (volatile fields
 * dropped; the local table is left out: the kernel adds the link-local's entry whenever DAD ends).
 */
async function podPlumbing(topology: Topology): Promise<string> {
  const links = await topology.ipJson<Record<string, unknown>>('pod', ['address', 'show']);
  const routes = await topology.ipJson<Record<string, unknown>>('pod', ['-4', 'route', 'show']);
  const stable = links.map(({ ifname, address, mtu, operstate, addr_info }) => ({
    ifname, address, mtu, operstate,
    addr_info: (addr_info as Record<string, unknown>[]).map(({ local, prefixlen }) => ({ local, prefixlen })),
  }));
  return JSON.stringify({ stable, routes });
}

t.test('handler setup for a passt VMI: sysctls only, facts and passt interface cached; teardown restores', async (t) => {
  const topology = await createTopology({ t });
  const uid = randomUUID();
  const vmi = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'testvm', namespace: 'default', uid },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', passtBinding: {}, ports: [{ port: 8080 }] }] }, resources: { requests: { memory: '64Mi' } } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const sysctlsBefore = await sysctls(topology);
  t.not(sysctlsBefore[0], '107 107', 'the pod does not start with passt\'s ping range (negative control)');
  const plumbingBefore = await podPlumbing(topology);

  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, setup.stderr);
  t.same(await sysctls(topology), ['107 107', '0'], 'ping_group_range covers uid 107; every port bindable');
  t.equal(await podPlumbing(topology), plumbingBefore, 'links, addresses and routes untouched');

  const recordDir = join(cacheDir, 'virtnet', uid);
  const files = await readdir(recordDir);
  t.same(files, ['default.json']);
  const record = JSON.parse(await readFile(join(recordDir, 'default.json'), 'utf8')) as Record<string, any>;
  t.match(record, { binding: 'passt', state: 'finished', dhcp: null });
  t.match(record.facts, { name: 'eth0', mac: topology.podMac, mtu: topology.podMtu, addresses: [{ address: topology.podIp, prefixLength: topology.podPrefixLength }] });
  t.same(record.domain, {
    type: 'user',
    name: 'default',
    sourceDev: 'eth0',
    mtu: topology.podMtu,
    model: 'virtio-non-transitional',
    backend: { type: 'passt', logFile: '/var/run/kubevirt/passt.log' },
    portForwards: [{ proto: 'tcp', ranges: [{ start: 8080 }] }],
  });

  const again = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(again.exitCode, 0, again.stderr);
  t.match(again.json, { interfaces: [{ iface: 'default', binding: 'passt', changes: 0 }] }, 'a second setup changes nothing');

  const teardown = await handler('teardown', topology, vmiFile, cacheDir);
  t.equal(teardown.exitCode, 0, teardown.stderr);
  t.same(await sysctls(topology), sysctlsBefore, 'sysctls restored');
  t.equal(await podPlumbing(topology), plumbingBefore, 'still untouched after teardown');
});
