// End to end, masquerade binding on a dual-stack pod: phase 1 and phase 2 as separate processes,
// the launcher as uid 107 with net_bind_service and net_raw (for Router Advertisements). The VM
// stand-in gets fd10:0:2::2 from real DHCPv6 clients and its default route from the RAs (neither
// client installs one), then reaches a host beyond the node over IPv6, which sees the pod's IPv6
// address (NAT66 proven by what the peer saw); IPv4 keeps working beside it.
import t, { type Test } from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTopology, type Topology } from '../helpers/topology.js';
import { applyLease, runDhcpClient, runDhcpV6Client, type DhcpV6ClientKind } from '../helpers/dhcp-clients.js';
import { handler, podNetworkVmi, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';
import { sleep, type BackgroundProcess } from '../helpers/exec.js';

const VM_ADDRESS = 'fd10:0:2::2';

async function launch(t: Test): Promise<{ topology: Topology; launcher: BackgroundProcess }> {
  const topology = await createTopology({ t, ipv6: true });
  const { vmiFile, cacheDir } = await writeVmi(topology, podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' }));
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, `handler setup succeeds: ${setup.stderr}`);
  const launcher = await startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml'), [], ['net_bind_service', 'net_raw']);
  t.teardown(() => launcher.stop());
  await topology.attachVm('k6t-eth0', '02:aa:bb:cc:dd:06');
  return { topology, launcher };
}

interface RouteJson {
  dst: string;
  gateway?: string;
  dev: string;
}

/** The vm netns' IPv6 default route once an RA has installed it. */
async function defaultRouteFromRa(topology: Topology, timeoutMs = 15_000): Promise<RouteJson | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [route] = await topology.ipJson<RouteJson>('vm', ['-6', 'route', 'show', 'default']);
    if (route !== undefined || Date.now() > deadline) return route;
    await sleep(200);
  }
}

for (const kind of ['dhclient', 'dhcpcd'] as const satisfies readonly DhcpV6ClientKind[]) {
  t.test(`${kind} -6: address, DNS and search from DHCPv6, default route from RAs, NAT66 to the remote`, async (t) => {
    const { topology, launcher } = await launch(t);
    const v6 = topology.ipv6!;
    const lease = await runDhcpV6Client(topology, kind);
    t.equal(lease.address, VM_ADDRESS);
    t.same(lease.dns, [v6.nameserver], 'the pod\'s IPv6 nameserver');
    t.same(lease.searchDomains, [...topology.searchDomains]);

    const route = await defaultRouteFromRa(topology);
    t.ok(route, 'the vm kernel installed a default route from the RAs');
    t.equal(route?.gateway, await topology.linkLocal('pod', 'k6t-eth0'), 'via the bridge\'s link-local address');

    // dhclient's and dhcpcd's own scripts would add the address; the test's hook only records it.
    await topology.ipBatch('vm', [`addr replace ${VM_ADDRESS}/128 dev eth0 nodad`]);
    const echo = await topology.startEchoServer('remote', 'tcp', 8080);
    t.teardown(() => echo.stop());
    const out = await topology.probe('vm', 'tcp', v6.remoteIp, 8080);
    t.ok(out.ok, `the VM reaches the remote host over IPv6: ${out.error ?? ''}`);
    t.equal(out.seenFrom?.address, v6.podIp, 'the remote sees the pod\'s IPv6 address, not fd10:0:2::2');
    const ping = await topology.ping('vm', v6.remoteIp);
    t.ok(ping.ok, `the VM pings the remote host over IPv6: ${ping.output}`);

    const inbound = await topology.startEchoServer('vm', 'udp', 5353);
    t.teardown(() => inbound.stop());
    const into = await topology.probe('node', 'udp', v6.podIp, 5353);
    t.ok(into.ok, `a UDP service in the VM answers at the pod's IPv6 address: ${into.error ?? ''}`);

    await launcher.stop();
    const stopped = launcher.output().split('\n').find((line) => line.includes('"msg":"launcher stopped"'));
    const counters = JSON.parse(stopped ?? '{}') as { dhcpv6?: { stats: { replied: number } }[]; ra?: { stats: { unsolicitedSent: number } }[] };
    t.ok((counters.dhcpv6?.[0]?.stats.replied ?? 0) > 0, 'the launcher reports the DHCPv6 replies it sent when it stops');
    t.ok((counters.ra?.[0]?.stats.unsolicitedSent ?? 0) > 0, 'and the Router Advertisements');
  });
}

t.test('dual stack: IPv4 by DHCPv4 beside IPv6, each family NATed to the pod address of its family', async (t) => {
  const { topology } = await launch(t);
  const v6 = topology.ipv6!;
  const lease6 = await runDhcpV6Client(topology, 'dhcpcd');
  t.equal(lease6.address, VM_ADDRESS);
  await topology.ipBatch('vm', [`addr replace ${VM_ADDRESS}/128 dev eth0 nodad`]);
  const lease4 = await runDhcpClient(topology, 'udhcpc');
  t.equal(lease4.ip, '10.0.2.2');
  await applyLease(topology, lease4);
  t.ok(await defaultRouteFromRa(topology), 'IPv6 default route from the RAs');

  const echo = await topology.startEchoServer('remote', 'tcp', 8080);
  t.teardown(() => echo.stop());
  const out4 = await topology.probe('vm', 'tcp', topology.remoteIp, 8080);
  t.equal(out4.seenFrom?.address, topology.podIp, 'IPv4: the remote sees the pod IPv4');
  const out6 = await topology.probe('vm', 'tcp', v6.remoteIp, 8080);
  t.equal(out6.seenFrom?.address, v6.podIp, 'IPv6: the remote sees the pod IPv6');
});

t.test('negative control: without net_raw the launcher refuses to start rather than serve IPv6 without routes', async (t) => {
  const topology = await createTopology({ t, ipv6: true });
  const { vmiFile, cacheDir } = await writeVmi(topology, podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' }));
  t.equal((await handler('setup', topology, vmiFile, cacheDir)).exitCode, 0);
  await t.rejects(startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml')), /CAP_NET_RAW/);
});
