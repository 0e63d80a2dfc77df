// Robustness of the running DHCP servers (issue 3, item 4): a seeded storm of random and mutated
// packets, sent over real sockets from a VM stand-in netns through a veth into the bridge the
// server is bound to, must leave the server running and answering, every datagram counted
// (received == sent: the sender keeps the socket buffer from overflowing), every malformed class
// dropped under its reason, and no reply ever sent to a client MAC other than the VM's.
//
// Replay a failure with the seed the test prints: VIRTNET_FUZZ_SEED=<seed> npx tap test/netns/dhcp-fuzz.test.ts
// VIRTNET_FUZZ_PACKETS sets the storm size (default 100 000, the minimum).
//
// Each server under test is one entry of SUBJECTS: how to start it on the lab's bridge, the packet
// mix, where packets go, how to tell a reply to a foreign client, and the drop reasons the mix must
// produce. Listeners in the vm netns see every reply the server sends on the link: broadcasts,
// and unicasts to any address of the subnet (the vm netns answers ARP for all of it).
import dgram from 'node:dgram';
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import type { DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, BROADCAST_ADDRESS, BOOTREPLY } from '../../dhcp/v4/codec.js';
import { DhcpV4Server, dhcpV4SocketOptions } from '../../dhcp/v4/server.js';
import { NetnsHandle } from '../../src/drivers/netns.js';
import { runDhcpClient } from '../helpers/dhcp-clients.js';
import { Rng, dhcpV4Generators, fuzzSeed, peekDhcpV4, weightedPicker, type PacketGenerator } from '../helpers/packet-mutator.js';
import { createTopology, type Topology } from '../helpers/topology.js';

const PACKETS = Number(process.env.VIRTNET_FUZZ_PACKETS ?? 100_000);
const SEED = fuzzSeed();
const VM_MAC = '02:5a:f0:00:00:02';
const BRIDGE = 'k6t-fuzz';
const SUBNET = { serverIp: '10.0.2.1', vmIp: '10.0.2.2', prefixLength: 24, network: '10.0.2.0', broadcast: '10.0.2.255' } as const;
/** 10.0.2.0/24 without 10.0.2.1. */
const ANYIP_PREFIXES = ['10.0.2.0/32', '10.0.2.2/31', '10.0.2.4/30', '10.0.2.8/29', '10.0.2.16/28', '10.0.2.32/27', '10.0.2.64/26', '10.0.2.128/25'];
/**
 * Estimated kernel memory (skb truesize) of one queued datagram per link-MTU fragment, and what
 * may be queued at the server's socket at once: half the default 208 KiB receive buffer, so the
 * kernel never drops for lack of room and received == sent holds exactly.
 */
const TRUESIZE_PER_FRAGMENT = 2304;
const IN_FLIGHT_BUDGET = 104 * 1024;
const MAX_PACKET = 16_000;
/** A server that stops reading for this long has hung. */
const STALL_MS = 5_000;

interface Lab {
  topology: Topology;
  pod: NetnsHandle;
  vm: NetnsHandle;
}

interface SubjectStats {
  received: number;
  dropped: Partial<Record<string, number>>;
}

interface RunningSubject {
  stats(): SubjectStats;
  /** Replies the server decided to send, by outcome (its own count, compared with the listeners'). */
  replies(): number;
  stop(): Promise<void>;
}

/** Where packets are sent from and to, and where replies are listened for, in the vm netns. */
interface Transport {
  family: 4;
  /** The sender's local port (also a listener: broadcast replies come back to it). */
  clientPort: number;
  destination: { address: string; port: number };
  /** Further ports replies may go to (DHCPv4 relay replies go to giaddr:67). */
  extraListenPorts: number[];
}

interface FuzzSubject {
  name: string;
  /** Share of PACKETS. */
  share: number;
  transport: Transport;
  generators: PacketGenerator[];
  /** Every one of these must be counted at least once after the storm. */
  expectedDropReasons: string[];
  /** A reply whose addressee is not the VM (null: not a reply of this protocol). */
  isForeignReply(bytes: Buffer): boolean | null;
  /** The server's logged reply events name their client: returns it, or null for other events. */
  loggedClient(event: Record<string, unknown>): string | null;
  /**
   * A logged reply the server itself receives again (a DHCPv4 relay reply to giaddr:67 where
   * giaddr is the server's own or a broadcast address): it counts as received but was not sent.
   */
  loopsBack(event: Record<string, unknown>): boolean;
  start(lab: Lab, log: (event: Record<string, unknown>) => void): Promise<RunningSubject>;
  /** A real client on the VM side gets served after the storm. */
  proveServing(lab: Lab, t: Test): Promise<void>;
}

/** The bridge binding's server: it answers the VM's MAC only (clientMac set). */
function dhcpV4Config(): DhcpV4ServerConfig {
  return {
    ipamDisabled: false,
    clientMac: VM_MAC,
    address: SUBNET.vmIp,
    prefixLength: SUBNET.prefixLength,
    gateway: SUBNET.serverIp,
    routes: [{ destination: '192.168.1.0/24', gateway: '10.0.2.254' }],
    mtu: 1450,
    serverId: SUBNET.serverIp,
    bridgeName: BRIDGE,
    dnsServers: ['10.96.0.10'],
    searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    hostname: 'fuzz-vm',
  };
}

const DHCPV4: FuzzSubject = {
  name: 'dhcpv4',
  share: 1,
  transport: { family: 4, clientPort: DHCP_CLIENT_PORT, destination: { address: BROADCAST_ADDRESS, port: DHCP_SERVER_PORT }, extraListenPorts: [DHCP_SERVER_PORT] },
  generators: dhcpV4Generators({ clientMac: VM_MAC, serverId: SUBNET.serverIp, address: SUBNET.vmIp }, MAX_PACKET),
  expectedDropReasons: [
    'short-packet',
    'bad-hlen',
    'bad-magic',
    'truncated-options',
    'bad-overload',
    'not-a-request',
    'missing-message-type',
    'invalid-message-type',
    'unexpected-message-type',
    'foreign-client',
  ],
  isForeignReply(bytes) {
    const peek = peekDhcpV4(bytes);
    if (peek === null || peek.op !== BOOTREPLY) return null;
    return peek.chaddr !== VM_MAC;
  },
  loggedClient: (event) => (/^dhcpv4-(offered|acked|naked|informed)$/.test(String(event.event)) ? String(event.chaddr) : null),
  loopsBack(event) {
    const destination = event.destination as { address: string; port: number } | undefined;
    return destination?.port === DHCP_SERVER_PORT && [SUBNET.serverIp, SUBNET.broadcast, BROADCAST_ADDRESS].includes(destination.address);
  },
  async start(lab, log) {
    const config = dhcpV4Config();
    const server = new DhcpV4Server(config, { openSocket: () => lab.pod.openUdpSocket(dhcpV4SocketOptions(config)), log: (event) => log(event as Record<string, unknown>) });
    await server.start();
    return {
      stats: () => server.stats,
      replies: () => {
        const s = server.stats;
        return s.offered + s.acked + s.naked + s.informed;
      },
      stop: () => server.stop(),
    };
  },
  async proveServing(lab, t) {
    const lease = await runDhcpClient(lab.topology, 'udhcpc', { timeoutMs: 15_000 });
    t.equal(lease.ip, SUBNET.vmIp, 'udhcpc got the VM address after the storm');
    t.equal(lease.serverId, SUBNET.serverIp, 'from the fuzzed server');
  },
};

const SUBJECTS: FuzzSubject[] = [DHCPV4];

/** The lab: a bridge in the pod netns, the VM's veth on it, the vm netns owning the whole subnet. */
async function makeLab(t: Test): Promise<Lab> {
  const topology = await createTopology({ t });
  await topology.ipBatch('pod', [`link add ${BRIDGE} type bridge`, `addr add ${SUBNET.serverIp}/${SUBNET.prefixLength} dev ${BRIDGE}`, `link set ${BRIDGE} up`]);
  await topology.attachVm(BRIDGE, VM_MAC);
  // AnyIP: the vm netns accepts (and answers ARP for) every address of the subnet but the
  // server's, so a unicast reply to whatever ciaddr or giaddr a mutated packet carried reaches the
  // listeners; the server's address must stay remote, or its packets would be martians.
  await topology.ipBatch('vm', [
    `route add ${SUBNET.network}/${SUBNET.prefixLength} dev eth0`,
    ...ANYIP_PREFIXES.map((prefix) => `route add local ${prefix} dev lo`),
  ]);
  const pod = NetnsHandle.fromPath(topology.netnsPath('pod'));
  const vm = NetnsHandle.fromPath(topology.netnsPath('vm'));
  t.teardown(() => {
    pod.close();
    vm.close();
  });
  return { topology, pod, vm };
}

interface ReplyTally {
  total: number;
  foreign: number;
  foreignSamples: string[];
}

/** UDP sockets in the vm netns bound to eth0: the sender (on `clientPort`) and the listeners. */
function openVmSockets(lab: Lab, subject: FuzzSubject, tally: ReplyTally): { sender: dgram.Socket; all: dgram.Socket[] } {
  const { transport } = subject;
  const open = (port: number): dgram.Socket => {
    const socket = dgram.createSocket('udp4');
    socket.bind({ fd: lab.vm.openUdpSocket({ family: transport.family, address: '0.0.0.0', port, device: 'eth0', broadcast: true, reuseAddr: true }) });
    socket.on('message', (msg, rinfo) => {
      // Our own broadcasts loop back to our port-67 listener; only the server's packets count.
      if (rinfo.address !== SUBNET.serverIp) return;
      const foreign = subject.isForeignReply(msg);
      if (foreign === null) return;
      tally.total++;
      if (foreign) {
        tally.foreign++;
        if (tally.foreignSamples.length < 5) tally.foreignSamples.push(msg.subarray(0, 300).toString('hex'));
      }
    });
    return socket;
  };
  const sender = open(transport.clientPort);
  return { sender, all: [sender, ...transport.extraListenPorts.map(open)] };
}

const fragments = (length: number): number => Math.max(1, Math.ceil((length + 8) / 1480));

for (const subject of SUBJECTS) {
  t.test(`${subject.name}: ${Math.round(PACKETS * subject.share)} fuzzed packets, seed ${SEED}`, async (t) => {
    const count = Math.round(PACKETS * subject.share);
    t.comment(`seed ${SEED}: replay with VIRTNET_FUZZ_SEED=${SEED} VIRTNET_FUZZ_PACKETS=${PACKETS}`);
    const lab = await makeLab(t);
    let loggedForeign = 0;
    let loopingBack = 0;
    const running = await subject.start(lab, (event) => {
      const client = subject.loggedClient(event);
      if (client !== null && client !== VM_MAC) loggedForeign++;
      if (subject.loopsBack(event)) loopingBack++;
    });
    t.teardown(() => running.stop());
    const tally: ReplyTally = { total: 0, foreign: 0, foreignSamples: [] };
    const sockets = openVmSockets(lab, subject, tally);
    const closeSockets = (): void => sockets.all.forEach((s) => s.close());

    const rng = new Rng(SEED);
    const pick = weightedPicker(subject.generators);
    const sentByClass: Record<string, number> = {};
    // cost[i]: estimated kernel memory of the first i datagrams; the server reads them in order.
    const cost = new Float64Array(count + 1);
    let sendErrors = 0;
    let sent = 0;
    let lastProgress = { received: 0, at: Date.now() };
    const began = Date.now();
    try {
      for (let i = 0; i < count; i++) {
        const generator = pick(rng);
        const bytes = generator.make(rng);
        sentByClass[generator.name] = (sentByClass[generator.name] ?? 0) + 1;
        cost[i + 1] = cost[i]! + fragments(bytes.length) * TRUESIZE_PER_FRAGMENT;
        for (;;) {
          const received = running.stats().received;
          if (cost[i + 1]! - cost[Math.min(received, i)]! <= IN_FLIGHT_BUDGET) break;
          if (received !== lastProgress.received) lastProgress = { received, at: Date.now() };
          else if (Date.now() - lastProgress.at > STALL_MS) throw new Error(`the server stopped reading: ${received} of ${sent} datagrams received`);
          await yieldToIo();
        }
        sockets.sender.send(bytes, subject.transport.destination.port, subject.transport.destination.address, (err) => {
          if (err) sendErrors++;
        });
        sent++;
      }
      // Let the last datagrams and replies land.
      const settleDeadline = Date.now() + STALL_MS;
      while (running.stats().received < sent && Date.now() < settleDeadline) await sleep(10);
      await sleep(200);
    } finally {
      closeSockets();
    }
    const stats = running.stats();
    t.comment(`${sent} packets in ${((Date.now() - began) / 1000).toFixed(1)} s; by class ${JSON.stringify(sentByClass)}`);
    t.comment(`server: ${JSON.stringify(stats)}; replies decided ${running.replies()}, seen on the link ${tally.total}`);

    t.equal(sendErrors, 0, 'the sender had no send errors');
    t.ok(stats.received >= sent && stats.received <= sent + loopingBack, `the server received every datagram sent (${stats.received} of ${sent}, ${loopingBack} replies to itself)`);
    t.equal(stats.dropped['internal-error'] ?? 0, 0, `no handler threw (seed ${SEED})`);
    for (const reason of subject.expectedDropReasons) {
      t.ok((stats.dropped[reason] ?? 0) > 0, `drops counted as "${reason}" (${stats.dropped[reason] ?? 0})`);
    }
    // Negative control: the listeners do see replies, so zero foreign ones is not a blind spot.
    t.ok(tally.total > 0, `replies to the VM were seen on the link (${tally.total})`);
    t.ok(tally.total <= running.replies(), 'no more replies seen than the server sent');
    t.equal(tally.foreign, 0, `no reply to a foreign client on the link (seed ${SEED}) ${tally.foreignSamples.join(' ')}`);
    t.equal(loggedForeign, 0, 'no reply to a foreign client in the server log');

    await subject.proveServing(lab, t);
  });
}
