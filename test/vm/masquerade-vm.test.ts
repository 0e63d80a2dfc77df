// A real guest on the masquerade binding: libvirt starts it through `virtnet launcher run`
// (uid 107); the guest's udhcpc gets 10.0.2.2/24 via 10.0.2.1 with the pod MTU, reaches a host
// beyond the node, which sees the pod IP (outbound NAT), and an HTTP server in the guest answers
// at the pod IP from the node (inbound DNAT).
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { SYSTEM_PATH } from '../helpers/exec.js';
import { createTopology, type Topology } from '../helpers/topology.js';
import { podNetworkVmi } from '../helpers/virtnet-cli.js';
import { launchVm } from '../helpers/vm-launcher.js';

/** An HTTP GET from the node netns with this node binary; the body on stdout. */
function httpGet(topology: Topology, url: string) {
  const script = `require('node:http').get(process.argv[1], { timeout: 5000 }, (r) => r.pipe(process.stdout))
    .on('timeout', () => { console.error('timed out'); process.exit(1); })
    .on('error', (e) => { console.error(e.message); process.exit(1); });`;
  return topology.exec('node', process.execPath, ['-e', script, url], { allowFailure: true, env: { PATH: SYSTEM_PATH } });
}

t.test('masquerade: a real guest leases 10.0.2.2, reaches the remote host through NAT, serves inbound at the pod IP', async (t) => {
  const topology = await createTopology({ t });
  const echo = await topology.startEchoServer('remote', 'tcp', 7002);
  t.teardown(() => echo.stop());
  const vm = await launchVm({
    t,
    topology,
    vmi: podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' }),
    checks: { ping: [topology.remoteIp], tcp: [`${topology.remoteIp}:7002`], listen: [8080] },
  });

  const guest = await vm.waitForGuest((c) => c.checksDone);
  const lease = guest.leases.find((l) => l.iface === 'eth0');
  t.equal(lease?.ip, '10.0.2.2', 'the guest gets the first VM address of vmNetworkCIDR');
  t.equal(lease?.prefixLength, 24);
  t.same(lease?.routers, ['10.0.2.1'], 'the gateway is k6t-eth0');
  t.equal(lease?.mtu, topology.podMtu, 'option 26 is the pod MTU');
  t.same(lease?.dns, [...topology.nameservers]);
  t.same(lease?.search, [...topology.searchDomains]);

  t.ok(guest.checks.find((c) => c.check === 'ping')?.ok, 'the guest pings the host beyond the node');
  const tcp = guest.checks.find((c) => c.check === 'tcp');
  t.equal(tcp?.answer?.split(' ')[0], topology.podIp, 'the remote sees the pod IP, not 10.0.2.2');
  t.same(guest.listening, [8080], 'the guest serves HTTP on 8080');

  const inbound = await httpGet(topology, `http://${topology.podIp}:8080/cgi-bin/peer`);
  t.equal(inbound.exitCode, 0, `the guest's HTTP server answers at the pod IP from the node: ${inbound.stderr}`);
  t.equal(inbound.stdout.trim(), topology.gateway, 'the guest sees the node address as the client (DNAT only, no SNAT from the node)');
  const closed = await httpGet(topology, `http://${topology.podIp}:8081/cgi-bin/peer`);
  t.not(closed.exitCode, 0, 'control: a port the guest does not serve gets no answer');

  t.equal((await vm.libvirtd.virsh(['domstate', vm.domain])).stdout.trim(), 'running', 'control: the domain runs before SIGTERM');
  const exit = await vm.launcher.stop('SIGTERM', 20_000);
  t.same(exit, { code: 0, signal: null }, `SIGTERM stops the launcher cleanly: ${vm.launcher.output().slice(-1500)}`);
  t.match(vm.launcher.output(), /"msg":"domain stopped"/, 'after shutting the domain down');
  const gone = await vm.libvirtd.virsh(['domstate', vm.domain], { allowFailure: true });
  t.not(gone.exitCode, 0, `the domain is no longer defined: ${gone.stdout}`);
});
