// End to end, bridge binding: phase 1 (`virtnet handler setup`, root, entering the pod netns by
// PID) and phase 2 (`virtnet launcher run`, inside the pod as uid 107) run as separate processes
// sharing only the cache; a VM stand-in on the launcher's bridge runs real DHCP clients. Every
// assertion is on what a client or the kernel reports, never on what virtnet logged.
import t, { type Test } from 'tap';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTopology, type Topology } from '../helpers/topology.js';
import { DHCP_CLIENT_KINDS, applyLease, runDhcpClient } from '../helpers/dhcp-clients.js';
import { handler, podNetworkVmi, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';

const VM_MAC = '02:ab:cd:00:00:01';

interface LinkJson {
  ifname: string;
  address: string;
  mtu: number;
  master?: string;
  operstate: string;
  flags: string[];
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number; scope: string }[];
}

async function podLinks(topology: Topology): Promise<Map<string, LinkJson>> {
  const { stdout } = await topology.exec('pod', 'ip', ['-j', '-d', 'addr', 'show']);
  return new Map((JSON.parse(stdout) as LinkJson[]).map((l) => [l.ifname, l]));
}

/** `customMac: false` leaves the VMI without macAddress: the VM then takes the pod's own MAC. */
async function setUp(t: Test, opts: { calico?: boolean; customMac?: boolean } = {}) {
  const topology = await createTopology({ t, ...(opts.calico ? { calico: true } : {}) });
  const uid = randomUUID();
  const customMac = opts.customMac ?? true;
  const vmi = podNetworkVmi({ uid, binding: 'bridge', ...(customMac ? { macAddress: VM_MAC } : {}) });
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const original = { mac: topology.podMac, ip: topology.podIp };
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, `handler setup succeeds: ${setup.stderr}`);
  const domainXml = join(topology.tmpDir, 'devices.xml');
  const launcher = await startLauncher(topology, vmiFile, cacheDir, domainXml);
  t.teardown(() => launcher.stop());
  await topology.attachVm('k6t-eth0', customMac ? VM_MAC : original.mac);
  return { topology, vmiFile, cacheDir, original, launcher, domainXml, uid };
}

t.test('pod plumbing is what KubeVirt HEAD builds', async (t) => {
  const { topology, original, domainXml } = await setUp(t);
  const links = await podLinks(topology);
  const bridge = links.get('k6t-eth0');
  const nic = links.get('eth0-nic');
  const tap = links.get('tap0');
  const placeholder = links.get('eth0');
  t.ok(bridge && nic && tap && placeholder, 'bridge, renamed NIC, tap and placeholder exist');
  t.equal(bridge!.linkinfo?.info_kind, 'bridge');
  t.same(bridge!.addr_info?.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`), ['169.254.75.10/32'], 'fake bridge IP');
  t.equal(nic!.master, 'k6t-eth0', 'pod NIC enslaved');
  t.equal(nic!.address, bridge!.address, 'pod NIC took the bridge MAC');
  t.same(nic!.addr_info?.filter((a) => a.scope === 'global'), [], 'pod NIC has no global address left');
  t.equal(tap!.master, 'k6t-eth0', 'tap enslaved');
  t.equal(tap!.mtu, topology.podMtu, 'tap has the pod MTU');
  t.equal(placeholder!.address, original.mac, 'placeholder keeps the pod MAC');
  t.ok(['ifb', 'dummy'].includes(placeholder!.linkinfo?.info_kind ?? ''), `placeholder is a no-traffic link (${placeholder!.linkinfo?.info_kind})`);
  t.notOk(placeholder!.flags.includes('UP'), 'placeholder is down');
  t.same(placeholder!.addr_info?.filter((a) => a.family === 'inet').map((a) => a.local), [original.ip], 'placeholder keeps the pod IP');
  const arpIgnore = await topology.exec('pod', 'sysctl', ['-n', 'net.ipv4.conf.all.arp_ignore']);
  t.equal(arpIgnore.stdout.trim(), '1', 'arp_ignore on');
  const learning = await topology.exec('pod', 'bridge', ['-j', '-d', 'link', 'show', 'dev', 'eth0-nic']);
  t.equal((JSON.parse(learning.stdout) as { learning: boolean }[])[0]!.learning, false, 'pod NIC learning off');

  const xml = await readFile(domainXml, 'utf8');
  t.match(xml, '<target dev="tap0" managed="no"></target>');
  t.match(xml, `<mac address="${VM_MAC}"></mac>`);
  t.match(xml, `<mtu size="${topology.podMtu}"></mtu>`);
  t.match(xml, '<alias name="ua-default"></alias>');
});

for (const kind of DHCP_CLIENT_KINDS) {
  t.test(`${kind} gets the pod's identity and reaches a host beyond the node`, async (t) => {
    const { topology } = await setUp(t);
    const lease = await runDhcpClient(topology, kind);
    t.equal(lease.ip, topology.podIp, 'the pod IP');
    t.equal(lease.prefixLength, topology.podPrefixLength, 'the pod prefix');
    t.equal(lease.router, topology.gateway, 'the pod gateway');
    t.same(lease.dns, [...topology.nameservers], 'the pod nameservers');
    t.equal(lease.mtu, topology.podMtu, 'the pod MTU');
    t.same(lease.searchDomains, [...topology.searchDomains], 'the pod search list');
    t.equal(lease.serverId, '169.254.75.10', 'server id is the fake bridge IP');
    t.same(lease.routes, [{ destination: null, gateway: topology.gateway }], 'option 121: only the default route (the subnet route is filtered)');
    t.equal(lease.hostname, 'vmi-launcher', 'hostname from the launcher pod');

    // Negative control first: before the lease is applied the remote host is unreachable.
    t.notOk((await topology.ping('vm', topology.remoteIp, { count: 1 })).ok, 'no connectivity before the lease');
    await applyLease(topology, lease);
    const ping = await topology.ping('vm', topology.remoteIp);
    t.ok(ping.ok, `VM reaches the remote host: ${ping.output}`);
    const big = await topology.ping('vm', topology.remoteIp, { size: topology.podMtu - 28, dontFragment: true, count: 1 });
    t.ok(big.ok, 'a packet of exactly the pod MTU passes');
  });
}

// Calico pins the workload's IP to the pod's MAC in a permanent neighbour entry on the node, so
// only a VM that keeps the pod MAC (no macAddress in the spec, KubeVirt's default) can be reached
// back; a custom MAC breaks on Calico with KubeVirt as well (kubevirt#1850).
t.test('Calico-style /32 pod with a link-local gateway', async (t) => {
  const { topology } = await setUp(t, { calico: true, customMac: false });
  const lease = await runDhcpClient(topology, 'udhcpc');
  t.equal(lease.ip, topology.podIp);
  t.equal(lease.prefixLength, 32);
  t.equal(lease.router, '169.254.1.1');
  t.same(
    lease.routes,
    [
      { destination: '169.254.1.1/32', gateway: '0.0.0.0' },
      { destination: null, gateway: '169.254.1.1' },
    ],
    'on-link host route to the gateway first, default route last (RFC 3442)',
  );
  await applyLease(topology, lease);
  const ping = await topology.ping('vm', topology.remoteIp);
  t.ok(ping.ok, `VM reaches the remote host through 169.254.1.1: ${ping.output}`);
});

t.test('only the VM MAC is answered', async (t) => {
  const { topology } = await setUp(t);
  await topology.attachVm('k6t-eth0', '02:ab:cd:00:00:99', { ifname: 'eth1' });
  await t.rejects(runDhcpClient(topology, 'udhcpc', { iface: 'eth1', timeoutMs: 4_000 }), 'a foreign MAC gets no lease');
  const lease = await runDhcpClient(topology, 'udhcpc', { iface: 'eth0' });
  t.equal(lease.ip, topology.podIp, 'control: the VM MAC on the same bridge does');
});

t.test('setup is idempotent and teardown restores the pod', async (t) => {
  const { topology, vmiFile, cacheDir, original, launcher } = await setUp(t);
  const before = await podLinks(topology);
  const again = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(again.exitCode, 0, again.stderr);
  const result = again.json as { interfaces: { changes: number; resumed: boolean }[] };
  t.same(result.interfaces.map((i) => [i.changes, i.resumed]), [[0, true]], 'a second run changes nothing');
  const after = await podLinks(topology);
  t.same([...after.keys()].sort(), [...before.keys()].sort(), 'same links');
  for (const [name, link] of after) t.same([link.address, link.master, link.mtu], [before.get(name)!.address, before.get(name)!.master, before.get(name)!.mtu], `${name} unchanged`);

  await launcher.stop();
  const down = await handler('teardown', topology, vmiFile, cacheDir);
  t.equal(down.exitCode, 0, down.stderr);
  const restored = await podLinks(topology);
  t.same([...restored.keys()].filter((n) => n !== 'lo' && !n.startsWith('vmnic')).sort(), ['eth0'], 'only the pod NIC is left');
  const eth0 = restored.get('eth0')!;
  t.equal(eth0.linkinfo?.info_kind, 'veth', 'eth0 is the CNI veth again');
  t.equal(eth0.address, original.mac, 'with its MAC');
  t.same(eth0.addr_info?.filter((a) => a.family === 'inet').map((a) => a.local), [original.ip], 'and its address');
  const route = await topology.exec('pod', 'ip', ['-j', 'route', 'show', 'default']);
  t.equal((JSON.parse(route.stdout) as { gateway: string }[])[0]?.gateway, topology.gateway, 'and its default route');
  t.ok((await topology.ping('pod', topology.remoteIp, { count: 1 })).ok, 'the pod reaches the remote host again');
  const twice = await handler('teardown', topology, vmiFile, cacheDir);
  t.equal(twice.exitCode, 0, 'teardown of nothing succeeds');
});

t.test('invalid input touches nothing', async (t) => {
  const topology = await createTopology({ t });
  const bad = podNetworkVmi({ uid: randomUUID(), binding: 'bridge', macAddress: 'zz:00:00:00:00:01' });
  const { vmiFile, cacheDir } = await writeVmi(topology, bad);
  const before = await podLinks(topology);
  const result = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(result.exitCode, 2, 'validation failure exits 2');
  t.match(result.stderr, '/spec/domain/devices/interfaces/0/macAddress', 'the error names the JSON path');
  const after = await podLinks(topology);
  t.same([...after.keys()].sort(), [...before.keys()].sort(), 'no link created or renamed');
});

t.test('placeholder: auto falls back to ifb here, an explicit dummy is refused before any change', async (t) => {
  const topology = await createTopology({ t });
  const { vmiFile, cacheDir } = await writeVmi(topology, podNetworkVmi({ uid: randomUUID(), binding: 'bridge' }));
  const before = await podLinks(topology);
  const dummy = await handler('setup', topology, vmiFile, cacheDir, ['--placeholder', 'dummy']);
  t.equal(dummy.exitCode, 1, 'explicit dummy fails on a kernel without CONFIG_DUMMY');
  t.match(dummy.stderr, 'no dummy link type', 'and says why');
  t.same([...(await podLinks(topology)).keys()].sort(), [...before.keys()].sort(), 'nothing was created or renamed');
  t.equal((await podLinks(topology)).get('eth0')?.linkinfo?.info_kind, 'veth', 'eth0 is still the CNI veth');

  const auto = await handler('setup', topology, vmiFile, cacheDir, ['--placeholder', 'auto']);
  t.equal(auto.exitCode, 0, auto.stderr);
  t.equal((await podLinks(topology)).get('eth0')?.linkinfo?.info_kind, 'ifb', 'auto chose ifb');
});

t.test('a pod NIC that cannot be a bridge port is refused before anything changes', async (t) => {
  const topology = await createTopology({ t });
  // A second network whose pod interface a CNI made as a macvlan (hashed name of network "blue").
  await topology.ipBatch('pod', ['link add pod16477688c0e link eth0 type macvlan mode bridge', 'link set pod16477688c0e up']);
  const vmi = podNetworkVmi({ uid: randomUUID(), binding: 'bridge' }) as { spec: { domain: { devices: { interfaces: object[] } }; networks: object[] } };
  vmi.spec.domain.devices.interfaces.push({ name: 'blue', bridge: {} });
  vmi.spec.networks.push({ name: 'blue', multus: { networkName: 'blue-net' } });
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const before = await podLinks(topology);
  const result = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(result.exitCode, 1);
  t.match(result.stderr, /pod16477688c0e.*macvlan link, which cannot be a bridge port/, 'the error names the interface and why');
  const after = await podLinks(topology);
  t.same([...after.keys()].sort(), [...before.keys()].sort(), 'no link created or renamed, also not for the good interface');
  // Compared without lifetimes, which the kernel counts down for IPv6 link-local addresses.
  const addresses = (links: Map<string, LinkJson>) => links.get('eth0')?.addr_info?.map((a) => `${a.local}/${a.prefixlen}`);
  t.same(addresses(after), addresses(before), 'the pod NIC keeps its addresses');
  t.ok(addresses(before)?.includes(`${topology.podIp}/${topology.podPrefixLength}`), 'control: the compared list has the pod IP');
});
