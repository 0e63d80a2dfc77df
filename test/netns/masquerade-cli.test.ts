// Masquerade through the real CLI: `virtnet handler setup` (root, entering the pod by PID) and
// `virtnet launcher run` (in the pod as uid 107), one topology per subtest. Forwarding is proven by
// what echo servers in the VM stand-in saw, with a negative control for every "not forwarded".
import t, { type Test } from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTopology, type Topology } from '../helpers/topology.js';
import { applyLease, runDhcpClient, type Lease } from '../helpers/dhcp-clients.js';
import { SYSTEM_PATH } from '../helpers/exec.js';
import { handler, podNetworkVmi, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';

interface MasqueradeVmiOptions {
  ports?: { port: number; protocol: 'TCP' | 'UDP' }[];
  vmNetworkCIDR?: string;
  istio?: boolean;
}

interface VmiShape {
  metadata: { annotations?: Record<string, string> };
  spec: { networks: { pod: Record<string, string> }[] };
}

function masqueradeVmi(opts: MasqueradeVmiOptions = {}): object {
  const vmi = podNetworkVmi({ uid: randomUUID(), binding: 'masquerade', ...(opts.ports ? { extraIface: { ports: opts.ports } } : {}) }) as VmiShape;
  if (opts.vmNetworkCIDR !== undefined) vmi.spec.networks[0]!.pod.vmNetworkCIDR = opts.vmNetworkCIDR;
  if (opts.istio) vmi.metadata.annotations = { 'sidecar.istio.io/inject': 'true' };
  return vmi;
}

/** handler setup, launcher run, a VM stand-in on k6t-eth0 configured from a real udhcpc lease. */
async function bringUp(t: Test, vmi: object): Promise<{ topology: Topology; lease: Lease }> {
  const topology = await createTopology({ t });
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(setup.exitCode, 0, `handler setup succeeds: ${setup.stderr}`);
  const launcher = await startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml'));
  t.teardown(() => launcher.stop());
  await topology.attachVm('k6t-eth0', '02:aa:bb:cc:dd:01');
  const lease = await runDhcpClient(topology, 'udhcpc');
  await applyLease(topology, lease);
  return { topology, lease };
}

/**
 * One process in `ns` listening on every TCP port given, answering each connection with the
 * client address and port it saw (what Topology.probe reads); stopped by the topology.
 */
async function startTcpEchoServers(topology: Topology, ns: 'vm' | 'pod', ports: readonly number[]): Promise<void> {
  const proc = topology.spawn(ns, process.execPath, ['-e', MULTI_TCP_ECHO_JS, ...ports.map(String)], { PATH: SYSTEM_PATH });
  await proc.waitForOutput(/^ready$/m, 5_000);
}

const MULTI_TCP_ECHO_JS = `
const net = require('node:net');
const ports = process.argv.slice(1).map(Number);
let listening = 0;
for (const port of ports) {
  net.createServer((c) => c.end(c.remoteAddress + ' ' + c.remotePort))
    .listen(port, '0.0.0.0', () => { if (++listening === ports.length) console.log('ready'); });
}`;

/** The sorted names and kinds of the pod's links, and its whole nft ruleset. */
async function podNetworkState(topology: Topology): Promise<{ links: string[]; ruleset: unknown }> {
  const links = JSON.parse((await topology.exec('pod', 'ip', ['-j', '-d', 'link', 'show'])).stdout) as { ifname: string; linkinfo?: { info_kind?: string } }[];
  return {
    links: links.map((l) => `${l.ifname}:${l.linkinfo?.info_kind ?? ''}`).sort(),
    ruleset: JSON.parse((await topology.exec('pod', 'nft', ['-j', 'list', 'ruleset'])).stdout),
  };
}

t.test('ports [8080/TCP, 5353/UDP]: only those reach the VM at the pod IP', async (t) => {
  const { topology } = await bringUp(t, masqueradeVmi({ ports: [{ port: 8080, protocol: 'TCP' }, { port: 5353, protocol: 'UDP' }] }));
  const servers = await Promise.all([
    topology.startEchoServer('vm', 'tcp', 8080),
    topology.startEchoServer('vm', 'udp', 5353),
    topology.startEchoServer('vm', 'tcp', 8081),
    topology.startEchoServer('vm', 'udp', 5354),
  ]);
  t.teardown(() => Promise.all(servers.map((s) => s.stop())));
  // The node reaches the pod through cni0, whose address is the pod's gateway: no SNAT inbound.
  const tcp = await topology.probe('node', 'tcp', topology.podIp, 8080);
  t.equal(tcp.seenFrom?.address, topology.gateway, `tcp 8080 reaches the VM, client address kept: ${tcp.error ?? ''}`);
  const udp = await topology.probe('node', 'udp', topology.podIp, 5353);
  t.equal(udp.seenFrom?.address, topology.gateway, `udp 5353 reaches the VM: ${udp.error ?? ''}`);

  t.notOk((await topology.probe('node', 'tcp', topology.podIp, 8081)).ok, 'tcp 8081 (not listed) does not');
  t.notOk((await topology.probe('node', 'udp', topology.podIp, 5354, 1_000)).ok, 'udp 5354 (not listed) does not');
  t.notOk((await topology.probe('node', 'udp', topology.podIp, 8080, 1_000)).ok, 'udp 8080 (listed for tcp only) does not');
  // Negative controls: the unlisted services are up and answer on the VM's own address.
  t.ok((await topology.probe('pod', 'tcp', '10.0.2.2', 8081)).ok, 'control: tcp 8081 answers in the VM');
  t.ok((await topology.probe('pod', 'udp', '10.0.2.2', 5354)).ok, 'control: udp 5354 answers in the VM');
});

t.test('vmNetworkCIDR 10.11.12.0/28: the lease, the way out, the pod IP as source', async (t) => {
  const { topology, lease } = await bringUp(t, masqueradeVmi({ vmNetworkCIDR: '10.11.12.0/28' }));
  t.equal(lease.ip, '10.11.12.2');
  t.equal(lease.prefixLength, 28);
  t.equal(lease.router, '10.11.12.1');
  t.equal(lease.serverId, '10.11.12.1');
  const bridge = JSON.parse((await topology.exec('pod', 'ip', ['-j', '-4', 'addr', 'show', 'dev', 'k6t-eth0'])).stdout) as { addr_info: { local: string; prefixlen: number }[] }[];
  t.same(bridge[0]?.addr_info.map((a) => `${a.local}/${a.prefixlen}`), ['10.11.12.1/28'], 'the gateway is on the bridge');

  const echo = await topology.startEchoServer('remote', 'tcp', 8080);
  t.teardown(() => echo.stop());
  const out = await topology.probe('vm', 'tcp', topology.remoteIp, 8080);
  t.ok(out.ok, `the VM reaches the remote host: ${out.error ?? ''}`);
  t.equal(out.seenFrom?.address, topology.podIp, 'the remote sees the pod IP, not 10.11.12.2');
  t.ok((await topology.ping('vm', topology.remoteIp)).ok, 'ping beyond the node');
});

t.test('a vmNetworkCIDR without room for gateway and VM is refused before anything changes', async (t) => {
  const topology = await createTopology({ t });
  const before = await podNetworkState(topology);
  for (const cidr of ['10.11.12.0/31', '10.11.12.4/32']) {
    const { vmiFile, cacheDir } = await writeVmi(topology, masqueradeVmi({ vmNetworkCIDR: cidr }), `vmi-${cidr.split('/')[1]}.yaml`);
    const result = await handler('setup', topology, vmiFile, cacheDir);
    t.equal(result.exitCode, 2, `${cidr}: invalid input exits 2`);
    t.match(result.stderr, '/spec/networks/0/pod/vmNetworkCIDR', `${cidr}: the message names the field's JSON path`);
    t.match(result.stderr, cidr, `${cidr}: and the value`);
  }
  t.same(await podNetworkState(topology), before, 'no link made or changed, the nft ruleset untouched');
  t.ok(before.links.includes('eth0:veth'), 'control: the compared state has the pod NIC');
});

t.test('istio: port 22 is forwarded, the reserved ports are not; 127.0.0.6 is SNATed', async (t) => {
  const { topology } = await bringUp(t, masqueradeVmi({ istio: true }));
  const reserved = [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15090];
  await startTcpEchoServers(topology, 'vm', [22, 8080, ...reserved]);

  const ssh = await topology.probe('node', 'tcp', topology.podIp, 22);
  t.equal(ssh.seenFrom?.address, topology.gateway, `port 22 reaches the VM from the node: ${ssh.error ?? ''}`);
  t.notOk((await topology.probe('node', 'tcp', topology.podIp, 8080)).ok, 'port 8080 is left to the proxy');
  const local = await topology.probe('pod', 'tcp', '127.0.0.1', 8080);
  t.equal(local.seenFrom?.address, '10.0.2.1', `a pod-local client reaches the VM through loopback, SNATed to the gateway: ${local.error ?? ''}`);
  const perPort = await Promise.all(
    reserved.map(async (port) => ({
      port,
      fromNode: await topology.probe('node', 'tcp', topology.podIp, port),
      fromLoopback: await topology.probe('pod', 'tcp', '127.0.0.1', port),
      direct: await topology.probe('pod', 'tcp', '10.0.2.2', port),
    })),
  );
  for (const { port, fromNode, fromLoopback, direct } of perPort) {
    t.notOk(fromNode.ok, `${port} is not forwarded from the node`);
    t.notOk(fromLoopback.ok, `${port} from loopback stays in the pod`);
    t.ok(direct.ok, `control: ${port} answers in the VM`);
  }

  // The sidecar forwards inbound connections from 127.0.0.6 to the pod IP (istio's inbound passthrough).
  const proxied = await topology.exec('pod', 'socat', ['-t', '5', '-', `TCP4:${topology.podIp}:8080,bind=127.0.0.6,connect-timeout=3`], { input: '', allowFailure: true });
  t.equal(proxied.stdout.split(' ')[0], '10.0.2.1', `127.0.0.6 → pod IP reaches the VM, SNATed to the gateway: ${proxied.stderr}`);
  const postinbound = await topology.exec('pod', 'nft', ['list', 'chain', 'ip', 'nat', 'KUBEVIRT_POSTINBOUND']);
  t.match(postinbound.stdout, /ip saddr \{ 127\.0\.0\.1, 127\.0\.0\.6 \} counter packets [1-9]\d* bytes \d+ snat to 10\.0\.2\.1/, 'the 127.0.0.6 SNAT rule exists and counted');
});

t.test("teardown removes only virtnet's NAT: istio-init's chains in ip nat stay as they were", async (t) => {
  /** setup then teardown through the CLI; `between` runs after setup. */
  const setupAndTeardown = async (topology: Topology, between: () => Promise<void> = async () => undefined): Promise<void> => {
    const { vmiFile, cacheDir } = await writeVmi(topology, masqueradeVmi());
    const setup = await handler('setup', topology, vmiFile, cacheDir);
    t.equal(setup.exitCode, 0, setup.stderr);
    await between();
    const down = await handler('teardown', topology, vmiFile, cacheDir);
    t.equal(down.exitCode, 0, down.stderr);
    const again = await handler('teardown', topology, vmiFile, cacheDir);
    t.equal(again.exitCode, 0, 'a second teardown succeeds');
  };

  const withTenant = async (): Promise<void> => {
    const topology = await createTopology({ t });
    // What istio-init leaves through iptables-nft: upper-case base chain, ISTIO_OUTPUT, a jump, a redirect.
    await topology.exec('pod', 'nft', ['-f', '-'], {
      input: [
        'add table ip nat',
        'add chain ip nat OUTPUT { type nat hook output priority -100; }',
        'add chain ip nat ISTIO_OUTPUT',
        'add rule ip nat OUTPUT jump ISTIO_OUTPUT',
        'add rule ip nat ISTIO_OUTPUT ip daddr 192.0.2.1 tcp dport 9 counter redirect to :15001',
        '',
      ].join('\n'),
    });
    const tenantOnly = await podNetworkState(topology);
    await setupAndTeardown(topology, async () => {
      const { ruleset } = await podNetworkState(topology);
      const chains = (ruleset as { nftables: Record<string, { name?: string }>[] }).nftables.flatMap((o) => (o.chain ? [o.chain.name!] : []));
      t.same(chains.sort(), ['ISTIO_OUTPUT', 'KUBEVIRT_POSTINBOUND', 'KUBEVIRT_PREINBOUND', 'OUTPUT', 'input', 'output', 'postrouting', 'prerouting'], 'control: both are in ip nat after setup');
    });
    t.same((await podNetworkState(topology)).ruleset, tenantOnly.ruleset, 'the nft ruleset is exactly what istio-init left (handles, counters)');
  };

  const alone = async (): Promise<void> => {
    const topology = await createTopology({ t });
    await setupAndTeardown(topology);
    t.equal((await topology.exec('pod', 'nft', ['list', 'ruleset'])).stdout, '', 'where virtnet was alone, no nat table is left');
  };

  await Promise.all([withTenant(), alone()]);
});
