// A real guest on the passt binding with launcher-managed passt, the mode Debian's libvirt 9.0
// (passt support patched out) leaves: `virtnet launcher run` (uid 107) asks libvirt what it
// supports, chooses the launcher-managed mode by itself, starts passt in the pod netns and hands
// qemu passt's socket on its command line. The guest's udhcpc gets the pod's own address from
// passt's DHCP and pings a host beyond the node; its HTTP request reaches that host, which sees
// the pod IP (what the remote logged is asserted, not the reply: with this machine's passt
// (2023-03) and qemu 7.2, data the remote sends back on a connection the guest opened stalls in
// some runs, so the guest's request, not its answer, is the proof); an HTTP server in the guest
// answers at the pod IP from the node on the one spec port (explicit `ports`: "all ports" would
// need more open files than this machine allows). A live link change, which a qemu command line
// cannot take, is refused with the domain left running; SIGTERM stops passt with the domain.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, SYSTEM_PATH } from '../helpers/exec.js';
import { createTopology, type Topology } from '../helpers/topology.js';
import { launchVm } from '../helpers/vm-launcher.js';

const LAUNCHER_UID = 107;
const REMOTE_PORT = 7003;
const REMOTE_HTTP_JS = `require('node:http').createServer((req, res) => { console.log('request from ' + req.socket.remoteAddress); res.end(req.socket.remoteAddress); })
  .listen(Number(process.argv[1]), '0.0.0.0', () => console.log('ready'));`;

/** An HTTP GET from the node netns with this node binary; the body on stdout. */
function httpGet(topology: Topology, url: string) {
  const script = `require('node:http').get(process.argv[1], { timeout: 5000 }, (r) => r.pipe(process.stdout))
    .on('timeout', () => { console.error('timed out'); process.exit(1); })
    .on('error', (e) => { console.error(e.message); process.exit(1); });`;
  return topology.exec('node', process.execPath, ['-e', script, url], { allowFailure: true, env: { PATH: SYSTEM_PATH } });
}

/** PIDs of `passt` processes in the pod netns. */
async function passtPids(topology: Topology): Promise<number[]> {
  const pids = await run('ip', ['netns', 'pids', topology.netns.pod], { allowFailure: true });
  return pids.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      try {
        // Debian's passt re-executes itself as passt.avx2 where the CPU has AVX2.
        return /^passt(\.avx2)?$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
      } catch {
        return false;
      }
    });
}

function passtVmi(uid: string, state?: 'down'): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'testvm', namespace: 'default', uid },
    spec: {
      domain: {
        devices: { interfaces: [{ name: 'default', passtBinding: {}, ports: [{ port: 8080 }], ...(state === undefined ? {} : { state }) }] },
        resources: { requests: { memory: '64Mi' } },
      },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

t.test('passt (launcher-managed): a real guest leases the pod IP from passt, reaches the remote host as the pod, serves a spec port', async (t) => {
  const topology = await createTopology({ t });
  // The remote answers each request with the client address it saw.
  const peer = topology.spawn('remote', process.execPath, ['-e', REMOTE_HTTP_JS, String(REMOTE_PORT)], { PATH: SYSTEM_PATH });
  t.teardown(() => peer.stop());
  await peer.waitForOutput(/^ready$/m, 5_000);
  const uid = randomUUID();
  const vm = await launchVm({
    t,
    topology,
    vmi: passtVmi(uid),
    checks: { ping: [topology.remoteIp], http: [`${topology.remoteIp}:${REMOTE_PORT}`], listen: [8080] },
  });

  const chosen = vm.launcher.output().split('\n').find((l) => l.includes('"msg":"passt mode chosen"'));
  t.match(chosen, /"mode":"launcher","requested":"auto","libvirtBackends":null/, 'auto mode: this libvirt reports no passt backend, the launcher runs passt');
  const defined = await readFile(vm.domainXmlOut, 'utf8');
  const socket = join(vm.runDir, 'passt', 'default.socket');
  t.match(defined, /<domain type="qemu" xmlns:qemu="http:\/\/libvirt.org\/schemas\/domain\/qemu\/1.0">/);
  t.ok(defined.includes(`<qemu:arg value="stream,id=hostua-default,server=off,addr.type=unix,addr.path=${socket}"></qemu:arg>`), 'qemu connects to the supervised passt');
  t.notMatch(defined, /<interface/, 'libvirt gets no <interface> for the passt NIC');
  t.ok(statSync(socket).isSocket(), "passt's socket is in the launcher's run dir");
  const [pid, ...others] = await passtPids(topology);
  t.same(others, [], 'one passt in the pod');
  t.equal(statSync(`/proc/${pid}`).uid, LAUNCHER_UID, 'passt runs as the launcher user');

  const guest = await vm.waitForGuest((c) => c.checksDone);
  const lease = guest.leases.find((l) => l.iface === 'eth0');
  t.equal(lease?.ip, topology.podIp, "passt's DHCP hands the guest the pod IP");
  t.equal(lease?.prefixLength, topology.podPrefixLength);
  t.same(lease?.routers, [topology.gateway], "and the pod's gateway");
  t.equal(lease?.mtu, topology.podMtu, 'and the pod MTU (passt --mtu)');

  t.ok(guest.checks.find((c) => c.check === 'ping')?.ok, 'the guest pings the host beyond the node (ICMP through ping sockets)');
  t.ok(guest.checks.some((c) => c.check === 'http'), 'the guest ran its HTTP request to the remote');
  t.match(peer.output(), new RegExp(`^request from ${topology.podIp.replaceAll('.', '\\.')}$`, 'm'), "the guest's request reached the remote, which sees the pod IP");
  t.same(guest.listening, [8080], 'the guest serves HTTP on 8080');

  const inbound = await httpGet(topology, `http://${topology.podIp}:8080/cgi-bin/peer`);
  t.equal(inbound.exitCode, 0, `the guest's HTTP server answers at the pod IP from the node: ${inbound.stderr}`);
  t.equal(inbound.stdout.trim(), topology.gateway, 'passt hands the guest the node address as the client');
  const closed = await httpGet(topology, `http://${topology.podIp}:8081/cgi-bin/peer`);
  t.not(closed.exitCode, 0, 'control: a port outside the spec is not forwarded');

  await t.rejects(vm.updateVmi(passtVmi(uid, 'down')), /launcher-managed passt, which libvirt does not know/, 'a live link change is refused');
  t.equal((await vm.libvirtd.virsh(['domstate', vm.domain])).stdout.trim(), 'running', 'and the domain keeps running');

  const exit = await vm.launcher.stop('SIGTERM', 20_000);
  t.same(exit, { code: 0, signal: null }, `SIGTERM stops the launcher cleanly: ${vm.launcher.output().slice(-1500)}`);
  t.same(await passtPids(topology), [], 'passt is stopped with the domain');
  t.notOk(existsSync(socket), 'and its socket removed');
});
