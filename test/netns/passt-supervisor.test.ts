// Launcher-managed passt, for real: the supervisor runs in the launcher pod's netns as uid 107 with
// only CAP_NET_BIND_SERVICE (as virt-launcher), starts the real `passt`, and the test plays the
// guest's qemu on passt's socket (qemu's stream protocol: a 4-byte big-endian length before each
// Ethernet frame). What passt answers proves it serves the pod network: the DHCP OFFER carries the
// pod's address, gateway and MTU, ARP for the gateway is answered with the pod NIC's MAC, a
// connection from the node to a spec port arrives at the guest as a SYN. Then passt is killed and
// must come back, and stopping the supervisor must remove passt and its socket.
import t, { type Test } from 'tap';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, chown, mkdir } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PasstBinding } from '../../bindings/passt.js';
import type { PodNicFacts } from '../../bindings/configurator.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';
import { BOOTREQUEST, DhcpMessageType, DhcpOptionCode, findOption, formatDhcpV4Packet, formatIpv4, parseDhcpV4Packet, parseIpv4 } from '../../dhcp/v4/codec.js';
import { createTopology, type Topology } from '../helpers/topology.js';
import { sleep, SYSTEM_PATH, type BackgroundProcess } from '../helpers/exec.js';

const SUPERVISOR_MODULE = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/src/launcher/passt-supervisor.js');
const LAUNCHER_UID = 107;
const GUEST_MAC = '02:00:00:5a:17:01';

// The launcher stand-in: JSON-lines log on stdout, SIGTERM → stop() → exit, as `launcher run` does.
const RUNNER = `
const [modulePath, optionsJson] = process.argv.slice(1);
const { PasstSupervisor } = await import(modulePath);
const log = (level, msg, fields = {}) => process.stdout.write(JSON.stringify({ level, msg, ...fields }) + '\\n');
const supervisor = new PasstSupervisor({ ...JSON.parse(optionsJson), log, restart: { initialDelayMs: 100 } });
process.on('SIGTERM', () => void supervisor.stop().then(() => { log('info', 'stopped'); process.exit(0); }));
await supervisor.start();
`;

t.before(() => {
  if (!existsSync(SUPERVISOR_MODULE)) throw new Error(`failed to find "${SUPERVISOR_MODULE}": run "npm run build" (npm test does)`);
});

t.test('launcher-managed passt serves the pod network, is restarted when killed and removed on stop', async (t) => {
  const topology = await createTopology({ t });
  const iface = passtInterface(topology, [{ port: 80 }, { port: 8080 }, { port: 5353, protocol: 'UDP' }]);
  const runDir = join(topology.tmpDir, 'run');
  await mkdir(runDir);
  await chmod(topology.tmpDir, 0o755);
  await chown(runDir, LAUNCHER_UID, LAUNCHER_UID);
  const socketPath = join(runDir, 'passt', 'default.socket');

  const launcher = startSupervisor(topology, { iface, socketPath });
  await launcher.waitForOutput(/"msg":"passt ready"/, 15_000);
  const firstPid = logged(launcher, 'passt ready').at(-1)!.pid as number;
  t.equal(ownerOf(firstPid), LAUNCHER_UID, 'passt runs as the launcher user');

  await t.test('passt listens on exactly the spec ports in the pod, low ones included', async (t) => {
    const listening = await listeningPorts(topology);
    t.ok(listening.tcp.has(80) && listening.tcp.has(8080), `TCP 80 and 8080 bound: ${[...listening.tcp].join(',')}`);
    t.ok(listening.udp.has(5353), 'UDP 5353 bound');
    t.notOk(listening.tcp.has(9090) || listening.tcp.has(5353), 'nothing else is forwarded');
  });

  await t.test('DHCP, ARP and an inbound connection through the socket', async (t) => {
    const guest = await StreamGuest.connect(socketPath);
    t.teardown(() => guest.close());
    const offer = await guest.dhcpDiscover(t);
    t.equal(offer.yiaddr, topology.podIp, 'the guest is offered the pod IP');
    t.equal(formatIpv4(findOption(offer, DhcpOptionCode.ROUTER)!), topology.gateway, 'router = the pod gateway');
    t.equal(findOption(offer, DhcpOptionCode.INTERFACE_MTU)?.readUInt16BE(0), topology.podMtu, 'MTU = the pod MTU (--mtu)');
    t.equal(formatIpv4(findOption(offer, DhcpOptionCode.SUBNET_MASK)!), prefixToMask(topology.podPrefixLength), 'mask = the pod prefix');
    t.equal(formatIpv4(findOption(offer, DhcpOptionCode.DNS_SERVERS)!), topology.nameservers[0], "DNS = the pod's resolv.conf");

    const arpReply = await guest.arp(topology.podIp, topology.gateway);
    t.equal(arpReply, topology.podMac, 'passt answers for the gateway with the pod NIC MAC');

    // A peer beyond the pod connects to a spec port; passt turns it into a SYN towards the guest.
    const probe = topology.probe('node', 'tcp', topology.podIp, 8080, 3_000);
    const syn = await guest.waitFor((f) => tcpDestinationPort(f) === 8080, 5_000);
    t.equal(ipv4Destination(syn), topology.podIp, 'the SYN is addressed to the guest (the pod IP)');
    await probe;
  });

  await t.test('killed passt is restarted and serves again', async (t) => {
    process.kill(firstPid, 'SIGKILL');
    await launcher.waitForOutput(/"msg":"passt restarted"/, 15_000);
    const restarted = logged(launcher, 'passt restarted').at(-1)!;
    t.not(restarted.pid, firstPid, 'a new passt process');
    t.match(logged(launcher, 'passt exited, restarting').at(-1), { exit: 'signal SIGKILL', failures: 1, delayMs: 100 }, 'the death is logged');
    const guest = await StreamGuest.connect(socketPath);
    t.teardown(() => guest.close());
    const offer = await guest.dhcpDiscover(t);
    t.equal(offer.yiaddr, topology.podIp, 'the restarted passt offers the pod IP');
  });

  await t.test('stop() ends passt and removes its socket', async (t) => {
    const pid = logged(launcher, 'passt restarted').at(-1)!.pid as number;
    t.ok(existsSync(socketPath), 'socket present before stop (negative control)');
    launcher.signal('SIGTERM');
    const exit = await launcher.exited;
    t.same(exit, { code: 0, signal: null }, 'the launcher stand-in exits cleanly after stop()');
    t.match(launcher.output(), /"msg":"stopped"/);
    t.notOk(existsSync(socketPath), 'socket removed');
    t.notOk(existsSync(`/proc/${pid}`), 'passt is gone');
    const listening = await listeningPorts(topology);
    t.notOk(listening.tcp.has(8080), 'its ports are released');
  });
});

t.test('a passt that cannot start fails start() with its own message, and is not restarted', async (t) => {
  const topology = await createTopology({ t });
  const runDir = join(topology.tmpDir, 'run');
  await mkdir(runDir);
  await chmod(topology.tmpDir, 0o755);
  await chown(runDir, LAUNCHER_UID, LAUNCHER_UID);
  // A pod link that does not exist: passt refuses to start.
  const iface = { ...passtInterface(topology, [{ port: 8080 }]), sourceDev: 'nosuch0' };
  const launcher = startSupervisor(topology, { iface, socketPath: join(runDir, 'passt', 'default.socket') });
  const exit = await launcher.exited;
  t.not(exit.code, 0);
  t.match(launcher.output(), /failed to start passt for \\?"default\\?": it exited \(exit code \d+\)/);
  t.notMatch(launcher.output(), /passt restarted|passt ready/);
});

t.test('a root launcher runs passt as the launcher user (--runas), in a socket directory it may write', async (t) => {
  const topology = await createTopology({ t });
  const socketPath = join(topology.tmpDir, 'run', 'passt', 'default.socket');
  const launcher = startSupervisor(topology, { iface: passtInterface(topology, [{ port: 8080 }]), socketPath, runAs: LAUNCHER_UID }, { asRoot: true });
  await launcher.waitForOutput(/"msg":"passt ready"/, 15_000);
  const pid = logged(launcher, 'passt ready').at(-1)!.pid as number;
  t.equal(ownerOf(pid), LAUNCHER_UID, 'passt dropped from root to the launcher user');
  t.equal(statSync(socketPath).uid, LAUNCHER_UID, 'and bound its socket');
  launcher.signal('SIGTERM');
  t.same(await launcher.exited, { code: 0, signal: null });
  t.notOk(existsSync(socketPath), 'socket removed');
});

function startSupervisor(topology: Topology, options: object, { asRoot = false } = {}): BackgroundProcess {
  const launcherUser = [
    `--reuid=${LAUNCHER_UID}`, `--regid=${LAUNCHER_UID}`, '--clear-groups',
    '--inh-caps=-all,+net_bind_service', '--ambient-caps=-all,+net_bind_service', '--bounding-set=-all,+net_bind_service',
  ];
  return topology.spawn(
    'pod',
    'setpriv',
    [...(asRoot ? [] : launcherUser), process.execPath, '--input-type=module', '-e', RUNNER, SUPERVISOR_MODULE, JSON.stringify(options)],
    { PATH: `${dirname(process.execPath)}:${SYSTEM_PATH}` },
  );
}

/** The cached passt interface, as phase 1 computes it for this pod. */
function passtInterface(topology: Topology, ports: { port: number; protocol?: string }[]) {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', uid: 'uid-1' },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', passtBinding: {}, macAddress: GUEST_MAC, ports }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
  const ctx = bindingContext(vmi, vmiNics(vmi)[0]!, ['lo', 'eth0'], 'ifb');
  const facts: PodNicFacts = {
    index: 2, name: topology.podIface, kind: 'veth', mac: topology.podMac, mtu: topology.podMtu,
    addresses: [{ family: 4, address: topology.podIp, prefixLength: topology.podPrefixLength }], routes: [],
  };
  return new PasstBinding().generateDomainInterface(ctx, facts);
}

function logged(proc: BackgroundProcess, msg: string): Record<string, unknown>[] {
  return proc
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

function ownerOf(pid: number): number {
  return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

async function listeningPorts(topology: Topology): Promise<{ tcp: Set<number>; udp: Set<number> }> {
  const ports = async (flag: string): Promise<Set<number>> => {
    const { stdout } = await topology.exec('pod', 'ss', ['-Hn', flag]);
    // State Recv-Q Send-Q Local:Port Peer:Port
    const locals = stdout.split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)[3]!);
    return new Set(locals.map((local) => Number(local.slice(local.lastIndexOf(':') + 1))));
  };
  return { tcp: await ports('-lt'), udp: await ports('-lu') };
}

function prefixToMask(prefixLength: number): string {
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const BROADCAST_MAC = Buffer.alloc(6, 0xff);

function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').map((b) => parseInt(b, 16)));
}

function formatMac(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function ipv4Bytes(address: string): Buffer {
  return parseIpv4(address)!;
}

/** RFC 791 §3.1 header checksum. */
function ipChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ethernet(dst: Buffer, src: Buffer, type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(14);
  dst.copy(header, 0);
  src.copy(header, 6);
  header.writeUInt16BE(type, 12);
  return Buffer.concat([header, payload]);
}

/** IPv4 + UDP (checksum 0: RFC 768 "no checksum") from 0.0.0.0:68 to 255.255.255.255:67. */
function dhcpDatagram(payload: Buffer): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(68, 0);
  udp.writeUInt16BE(67, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 17;
  ipv4Bytes('0.0.0.0').copy(ip, 12);
  ipv4Bytes('255.255.255.255').copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  return Buffer.concat([ip, udp, payload]);
}

function ipv4Payload(frame: Buffer, protocol: number): Buffer | null {
  if (frame.length < 34 || frame.readUInt16BE(12) !== ETHERTYPE_IPV4 || frame[23] !== protocol) return null;
  return frame.subarray(14 + (frame[14]! & 0x0f) * 4);
}

function ipv4Destination(frame: Buffer): string {
  return formatIpv4(frame, 30);
}

function tcpDestinationPort(frame: Buffer): number | null {
  const tcp = ipv4Payload(frame, 6);
  return tcp === null ? null : tcp.readUInt16BE(2);
}

/** The guest side of qemu's `-netdev stream`: length-prefixed Ethernet frames over passt's socket. */
class StreamGuest {
  private readonly frames: Buffer[] = [];
  private pending = Buffer.alloc(0);
  private readonly mac = macBytes(GUEST_MAC);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= 4 && this.pending.length >= 4 + this.pending.readUInt32BE(0)) {
        const length = this.pending.readUInt32BE(0);
        this.frames.push(this.pending.subarray(4, 4 + length));
        this.pending = this.pending.subarray(4 + length);
      }
    });
  }

  static connect(path: string): Promise<StreamGuest> {
    return new Promise((resolvePromise, reject) => {
      const socket = createConnection(path, () => resolvePromise(new StreamGuest(socket)));
      socket.once('error', reject);
    });
  }

  send(frame: Buffer): void {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(frame.length);
    this.socket.write(Buffer.concat([length, frame]));
  }

  async waitFor(match: (frame: Buffer) => boolean, timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`failed to see the expected frame within ${timeoutMs} ms (${this.frames.length} frames seen)`);
      await sleep(20);
    }
  }

  async dhcpDiscover(t: Test): Promise<ReturnType<typeof parseDhcpV4Packet>> {
    const xid = randomInt(1, 0x7fffffff);
    const chaddr = Buffer.alloc(16);
    this.mac.copy(chaddr);
    const discover = formatDhcpV4Packet({
      op: BOOTREQUEST, htype: 1, hlen: 6, hops: 0, xid, secs: 0, flags: 0,
      ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0', chaddr, sname: '', file: '',
      options: [
        { code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([DhcpMessageType.DISCOVER]) },
        { code: DhcpOptionCode.PARAMETER_REQUEST_LIST, data: Buffer.from([1, 3, 6, 26]) },
      ],
    });
    this.send(ethernet(BROADCAST_MAC, this.mac, ETHERTYPE_IPV4, dhcpDatagram(discover)));
    const reply = await this.waitFor((frame) => {
      const udp = ipv4Payload(frame, 17);
      return udp !== null && udp.readUInt16BE(2) === 68 && parseDhcpV4Packet(udp.subarray(8)).xid === xid;
    }, 5_000);
    t.equal(formatMac(reply.subarray(0, 6)), GUEST_MAC, 'the reply is sent to the guest MAC');
    const offer = parseDhcpV4Packet(ipv4Payload(reply, 17)!.subarray(8));
    t.equal(findOption(offer, DhcpOptionCode.MESSAGE_TYPE)?.[0], DhcpMessageType.OFFER, 'an OFFER');
    return offer;
  }

  /** Who-has `target` tell `sender`; resolves with the MAC in the reply. */
  async arp(sender: string, target: string): Promise<string> {
    const arp = Buffer.alloc(28);
    arp.writeUInt16BE(1, 0);
    arp.writeUInt16BE(ETHERTYPE_IPV4, 2);
    arp[4] = 6;
    arp[5] = 4;
    arp.writeUInt16BE(1, 6);
    this.mac.copy(arp, 8);
    ipv4Bytes(sender).copy(arp, 14);
    ipv4Bytes(target).copy(arp, 24);
    this.send(ethernet(BROADCAST_MAC, this.mac, ETHERTYPE_ARP, arp));
    const reply = await this.waitFor((f) => f.readUInt16BE(12) === ETHERTYPE_ARP && f.readUInt16BE(20) === 2 && formatIpv4(f, 28) === target, 5_000);
    return formatMac(reply.subarray(22, 28));
  }

  close(): void {
    this.socket.destroy();
  }
}
