// Robustness of the running DHCP servers and the Router Advertisement sender (issue 3, item 4): a
// seeded storm of random and mutated packets, sent over real sockets from a VM stand-in netns
// through a veth into the bridge the server is bound to, must leave the server running and
// answering, every datagram counted (received == what the kernel delivers: the sender keeps the
// socket buffer from overflowing), every malformed class dropped under its reason, and no reply
// ever sent to a client other than the VM.
//
// Replay a failure with the seed the test prints: VIRTNET_FUZZ_SEED=<seed> npx tap test/netns/dhcp-fuzz.test.ts
// VIRTNET_FUZZ_PACKETS sets the storm size per target (default 100 000 each: DHCPv4, DHCPv6 and
// Router Solicitations; the issue asks for 100 000 in all).
//
// Each target is one FuzzSubject: its packet mix, how to start the server
// on the lab's bridge, how the vm side sends and listens, the drop reasons the mix must produce,
// and what must still work after the storm. Listeners in the vm netns see every reply the server
// sends on the link.
import dgram from 'node:dgram';
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { native } from '../../native/index.js';
import { RouterAdvertiser } from '../../dhcp/ra/advertiser.js';
import { ICMPV6_ROUTER_ADVERTISEMENT } from '../../dhcp/ra/packet.js';
import type { DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, BROADCAST_ADDRESS, BOOTREPLY } from '../../dhcp/v4/codec.js';
import { DhcpV4Server, dhcpV4SocketOptions } from '../../dhcp/v4/server.js';
import type { DhcpV6ServerConfig } from '../../dhcp/v6/config.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, DHCPV6_CLIENT_PORT, DHCPV6_SERVER_PORT } from '../../dhcp/v6/codec.js';
import { computeServerDuid } from '../../dhcp/v6/options.js';
import { DhcpV6Server, dhcpV6SocketOptions } from '../../dhcp/v6/server.js';
import { NetnsHandle } from '../../src/drivers/netns.js';
import { runDhcpClient, runDhcpV6Client } from '../helpers/dhcp-clients.js';
import { waitFor } from '../helpers/exec.js';
import { dhcpV6Generators, linkLocalOf, peekDhcpV6Reply, type DhcpV6FuzzPacket } from '../helpers/dhcpv6-fuzz.js';
import { listenIcmpv6, sendIcmpv6 } from '../helpers/icmpv6-peer.js';
import { FrameSender, formatRsFrame, reachesRsSocket, routerSolicitationGenerators, type RsFuzzPacket } from '../helpers/icmpv6-fuzz.js';
import { Rng, dhcpV4Generators, foreignMac, fuzzSeed, peekDhcpV4, weightedPicker, type PacketGenerator } from '../helpers/packet-mutator.js';
import { createTopology, type Topology } from '../helpers/topology.js';

const PACKETS = Number(process.env.VIRTNET_FUZZ_PACKETS ?? 100_000);
const SEED = fuzzSeed();
const VM_MAC = '02:5a:f0:00:00:02';
const VM_LINK_LOCAL = linkLocalOf(VM_MAC);
const BRIDGE = 'k6t-fuzz';
const BRIDGE_MAC = '02:5a:f0:00:00:01';
const BRIDGE_LINK_LOCAL = linkLocalOf(BRIDGE_MAC);
const SUBNET = { serverIp: '10.0.2.1', vmIp: '10.0.2.2', prefixLength: 24, network: '10.0.2.0', broadcast: '10.0.2.255' } as const;
/** KubeVirt's masquerade IPv6 addressing: gateway fd10:0:2::1, VM fd10:0:2::2, /120. */
const SUBNET6 = { gateway: 'fd10:0:2::1', vmIp: 'fd10:0:2::2', prefixLength: 120 } as const;
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
/** RFC 4861 §10 MIN_DELAY_BETWEEN_RAS: consecutive multicast RAs are at least this far apart (§6.2.6). */
const MIN_DELAY_BETWEEN_RAS_MS = 3_000;

interface Lab {
  topology: Topology;
  pod: NetnsHandle;
  vm: NetnsHandle;
}

interface SubjectStats {
  received: number;
  dropped: Partial<Record<string, number>>;
  /** Replies the server decided on but the kernel refused to send. */
  sendErrors: number;
}

interface RunningSubject {
  stats(): SubjectStats;
  /** Replies the server decided to send (its own count, compared with the listeners'). */
  replies(): number;
  stop(): Promise<void>;
}

interface ReplyTally {
  total: number;
  /** Replies addressed to a client that is not the VM; null where replies go to all nodes (RAs). */
  foreign: number | null;
  foreignSamples: string[];
}

/** The vm side of a storm: sends packets, counts the replies it sees. */
interface Peer<P> {
  send(packet: P): void;
  /** Resolves once everything sent has left; returns the number of send errors. */
  finish(): Promise<number>;
  tally(): ReplyTally;
  /** Frees what the storm used (ports a real client needs next); tally() still answers. */
  close(): Promise<void>;
}

interface FuzzSubject<P> {
  name: string;
  generators: PacketGenerator<P>[];
  /** Estimated kernel memory `packet` takes in the server's receive queue; 0: the kernel never delivers it there. */
  queueCost(packet: P): number;
  /** Every one of these must be counted at least once after the storm. */
  expectedDropReasons: string[];
  /** The server logged a reply to a client that is not the VM (absent: replies go to all nodes). */
  loggedForeignReply?(event: Record<string, unknown>): boolean;
  /**
   * A logged reply the server itself receives again (a DHCPv4 relay reply to giaddr:67 where
   * giaddr is the server's own or a broadcast address): it counts as received but was not sent.
   */
  loopsBack?(event: Record<string, unknown>): boolean;
  /** What this subject needs in the lab beyond the bridge and the VM's veth. */
  prepare(lab: Lab): Promise<void>;
  start(lab: Lab, log: (event: Record<string, unknown>) => void): Promise<RunningSubject>;
  /** Opened before the server starts, so its listeners hear everything the server sends. */
  openPeer(lab: Lab, t: Test): Promise<Peer<P>>;
  /** After the storm: the server still serves a real client (and subject-specific bounds hold). */
  proveServing(lab: Lab, t: Test, running: RunningSubject, peer: Peer<P>): Promise<void>;
}

/** Fragments of a UDP payload of `length` bytes on a 1500-byte link (IPv4: 1480 per fragment, IPv6: 1448). */
const fragmentCost = (length: number, perFragment: number): number => Math.max(1, Math.ceil((length + 8) / perFragment)) * TRUESIZE_PER_FRAGMENT;

// ---- DHCPv4 ---------------------------------------------------------------------------------------

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

const DHCPV4: FuzzSubject<Buffer> = {
  name: 'dhcpv4',
  generators: dhcpV4Generators({ clientMac: VM_MAC, serverId: SUBNET.serverIp, address: SUBNET.vmIp }, MAX_PACKET),
  queueCost: (bytes) => fragmentCost(bytes.length, 1480),
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
  loggedForeignReply: (event) => /^dhcpv4-(offered|acked|naked|informed)$/.test(String(event.event)) && String(event.chaddr) !== VM_MAC,
  loopsBack(event) {
    const destination = event.destination as { address: string; port: number } | undefined;
    return destination?.port === DHCP_SERVER_PORT && [SUBNET.serverIp, SUBNET.broadcast, BROADCAST_ADDRESS].includes(destination.address);
  },
  async prepare(lab) {
    // AnyIP: the vm netns accepts (and answers ARP for) every address of the subnet but the
    // server's, so a unicast reply to whatever ciaddr or giaddr a mutated packet carried reaches the
    // listeners; the server's address must stay remote, or its packets would be martians.
    await lab.topology.ipBatch('vm', [`route add ${SUBNET.network}/${SUBNET.prefixLength} dev eth0`, ...ANYIP_PREFIXES.map((prefix) => `route add local ${prefix} dev lo`)]);
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
  async openPeer(lab) {
    const tally: ReplyTally = { total: 0, foreign: 0, foreignSamples: [] };
    // The sender is on port 68 (broadcast replies come back to it); relay replies go to giaddr:67.
    const open = (port: number): dgram.Socket => {
      const socket = dgram.createSocket('udp4');
      socket.bind({ fd: lab.vm.openUdpSocket({ family: 4, address: '0.0.0.0', port, device: 'eth0', broadcast: true, reuseAddr: true }) });
      socket.on('message', (msg, rinfo) => {
        // Our own broadcasts loop back to our port-67 listener; only the server's packets count.
        if (rinfo.address !== SUBNET.serverIp) return;
        const peek = peekDhcpV4(msg);
        if (peek === null || peek.op !== BOOTREPLY) return;
        tally.total++;
        if (peek.chaddr !== VM_MAC) countForeign(tally, msg);
      });
      return socket;
    };
    const sender = open(DHCP_CLIENT_PORT);
    return datagramPeer(tally, [sender, open(DHCP_SERVER_PORT)], (bytes, done) => sender.send(bytes, DHCP_SERVER_PORT, BROADCAST_ADDRESS, done));
  },
  async proveServing(lab, t) {
    const lease = await runDhcpClient(lab.topology, 'udhcpc', { timeoutMs: 15_000 });
    t.equal(lease.ip, SUBNET.vmIp, 'udhcpc got the VM address after the storm');
    t.equal(lease.serverId, SUBNET.serverIp, 'from the fuzzed server');
  },
};

function countForeign(tally: ReplyTally, msg: Buffer): void {
  tally.foreign = (tally.foreign ?? 0) + 1;
  if (tally.foreignSamples.length < 5) tally.foreignSamples.push(msg.subarray(0, 300).toString('hex'));
}

/** A peer of UDP sockets in the vm netns; `send` hands one payload to the right socket. */
function datagramPeer<P>(tally: ReplyTally, sockets: dgram.Socket[], send: (packet: P, done: (err: Error | null) => void) => void): Peer<P> {
  let sendErrors = 0;
  let pending = 0;
  let drained: (() => void) | undefined;
  return {
    send(packet) {
      pending++;
      send(packet, (err) => {
        if (err) sendErrors++;
        if (--pending === 0) drained?.();
      });
    },
    async finish() {
      if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
      return sendErrors;
    },
    tally: () => tally,
    async close() {
      for (const socket of sockets) socket.close();
    },
  };
}

// ---- DHCPv6 ---------------------------------------------------------------------------------------

/** Clients on the VM's link that are not the VM: each speaks from the EUI-64 link-local address of its MAC. */
const FOREIGN_MACS = ((rng) => [0, 1, 2].map(() => foreignMac(rng, VM_MAC, BRIDGE_MAC)))(new Rng(SEED ^ 0x5eed));

function dhcpV6Config(): DhcpV6ServerConfig {
  return {
    bridgeName: BRIDGE,
    serverMac: BRIDGE_MAC,
    address: SUBNET6.vmIp,
    prefixLength: SUBNET6.prefixLength,
    advertiseDefaultRouter: true,
    mtu: 1500,
    clientMac: VM_MAC,
    dnsServers: ['fd00:10:96::a'],
    searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  };
}

/** The address inside `[address]:port`, without a zone. */
const loggedAddress = (from: unknown): string => /^\[([^\]%]+)/.exec(String(from))?.[1] ?? String(from);

const DHCPV6: FuzzSubject<DhcpV6FuzzPacket> = {
  name: 'dhcpv6',
  generators: dhcpV6Generators({ clientMac: VM_MAC, serverDuid: computeServerDuid(BRIDGE_MAC), address: SUBNET6.vmIp, foreignMacs: FOREIGN_MACS }, MAX_PACKET),
  queueCost: (packet) => fragmentCost(packet.bytes.length, 1448),
  expectedDropReasons: [
    'short-packet',
    'relay-message',
    'truncated-options',
    'bad-option-length',
    'too-deeply-nested',
    'unexpected-message-type',
    'unknown-message-type',
    'missing-client-id',
    'missing-server-id',
    'unexpected-server-id',
    'other-server',
    'ia-in-information-request',
    'nothing-to-confirm',
    'foreign-client',
  ],
  loggedForeignReply: (event) => /^dhcpv6-(advertised|replied)$/.test(String(event.event)) && loggedAddress(event.from) !== VM_LINK_LOCAL,
  async prepare(lab) {
    await lab.topology.ipBatch('pod', [`addr add ${SUBNET6.gateway}/${SUBNET6.prefixLength} dev ${BRIDGE} nodad`]);
    await lab.topology.ipBatch('vm', FOREIGN_MACS.map((mac) => `addr add ${linkLocalOf(mac)}/64 dev eth0 nodad`));
  },
  async start(lab, log) {
    const config = dhcpV6Config();
    const server = new DhcpV6Server(config, { openSocket: () => lab.pod.openUdpSocket(dhcpV6SocketOptions(config)), log: (event) => log(event as Record<string, unknown>) });
    await server.start();
    return {
      stats: () => server.stats,
      replies: () => {
        const s = server.stats;
        return s.advertised + s.replied;
      },
      stop: () => server.stop(),
    };
  },
  async openPeer(lab) {
    const tally: ReplyTally = { total: 0, foreign: 0, foreignSamples: [] };
    // One socket per client address (replies go back to the source), and one on [::]:546 for
    // a reply to any other address of the VM.
    const open = (address: string, foreignAddress: boolean): dgram.Socket => {
      const socket = dgram.createSocket('udp6');
      socket.bind({ fd: lab.vm.openUdpSocket({ family: 6, address, port: DHCPV6_CLIENT_PORT, device: 'eth0', reuseAddr: true, v6Only: true }) });
      socket.on('message', (msg, rinfo) => {
        if (rinfo.address.split('%')[0] !== BRIDGE_LINK_LOCAL) return;
        const peek = peekDhcpV6Reply(msg);
        if (peek === null) return;
        tally.total++;
        if (foreignAddress || (peek.clientMac !== null && FOREIGN_MACS.includes(peek.clientMac))) countForeign(tally, msg);
      });
      return socket;
    };
    const vmSender = open(VM_LINK_LOCAL, false);
    const foreignSenders = FOREIGN_MACS.map((mac) => open(linkLocalOf(mac), true));
    const sockets = [vmSender, ...foreignSenders, open('::', false)];
    return datagramPeer<DhcpV6FuzzPacket>(tally, sockets, (packet, done) =>
      (packet.foreign === null ? vmSender : foreignSenders[packet.foreign]!).send(packet.bytes, DHCPV6_SERVER_PORT, ALL_DHCP_RELAY_AGENTS_AND_SERVERS, done),
    );
  },
  async proveServing(lab, t, running) {
    const before = running.replies();
    const lease = await runDhcpV6Client(lab.topology, 'dhclient', { timeoutMs: 15_000 });
    t.equal(lease.address, SUBNET6.vmIp, 'dhclient -6 got the VM address after the storm');
    t.ok(running.replies() > before, 'from the fuzzed server');

    // Negative control for "no reply to a foreign client": a server that answers anyone does
    // answer the foreign clients, and the listeners count those replies as foreign.
    const permissive = { ...dhcpV6Config(), clientMac: null };
    const server = new DhcpV6Server(permissive, { openSocket: () => lab.pod.openUdpSocket(dhcpV6SocketOptions(permissive)) });
    await server.start();
    t.teardown(() => server.stop());
    const peer = await DHCPV6.openPeer(lab, t);
    const rng = new Rng(SEED);
    const foreignClass = DHCPV6.generators.find((g) => g.name === 'valid-foreign-client')!;
    for (let i = 0; i < 5; i++) peer.send(foreignClass.make(rng));
    t.equal(await peer.finish(), 0, 'the foreign clients sent without errors');
    const foreign = await waitFor('replies to the foreign clients', () => ((peer.tally().foreign ?? 0) >= 5 ? peer.tally().foreign : undefined));
    await peer.close();
    t.equal(foreign, 5, 'a permissive server answers each foreign client, and each answer is counted as foreign');
  },
};

// ---- Router Solicitations -------------------------------------------------------------------------

/** The foreign host of the RS mix (any host may solicit: only the source :: rule depends on who). */
const RS_FOREIGN_MAC = FOREIGN_MACS[0]!;

interface RunningAdvertiser extends RunningSubject {
  advertiser: RouterAdvertiser;
  startedAt: number;
}

const ROUTER_SOLICITATIONS: FuzzSubject<RsFuzzPacket> = {
  name: 'router-solicitations',
  generators: routerSolicitationGenerators(VM_MAC),
  // One frame each (at most 1460 bytes of ICMPv6); filtered types never reach the socket.
  queueCost: (packet) => (reachesRsSocket(packet) ? TRUESIZE_PER_FRAGMENT : 0),
  expectedDropReasons: ['hop-limit', 'code', 'too-short', 'bad-option-length', 'link-layer-option-from-unspecified'],
  async prepare(lab) {
    await lab.topology.ipBatch('pod', [`addr add ${SUBNET6.gateway}/${SUBNET6.prefixLength} dev ${BRIDGE} nodad`]);
    // The pod routes, as the masquerade binding makes it (bindings/masquerade.ts). A pod that does
    // not answers the vm's Neighbor Solicitations with the Router flag clear, and the vm then drops
    // the router and its default route at its first reachability probe (RFC 4861 §7.2.5).
    await lab.topology.exec('pod', 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
    // RAs come from the bridge's link-local address (RFC 4861 §6.1.2): it exists once the bridge has carrier.
    const linkLocal = await lab.topology.linkLocal('pod', BRIDGE);
    if (linkLocal !== BRIDGE_LINK_LOCAL) throw new Error(`the bridge's link-local address is ${linkLocal}, not ${BRIDGE_LINK_LOCAL}`);
  },
  async start(lab) {
    const advertiser = new RouterAdvertiser(dhcpV6Config(), { openSocket: (onMessage) => lab.pod.run(() => native.openIcmpv6Socket(BRIDGE, onMessage)) });
    const startedAt = performance.now();
    advertiser.start();
    const running: RunningAdvertiser = {
      advertiser,
      startedAt,
      stats: () => advertiser.stats,
      replies: () => advertiser.stats.solicitedSent + advertiser.stats.unsolicitedSent,
      stop: async () => advertiser.stop(),
    };
    return running;
  },
  async openPeer(lab, t) {
    // The listener hears every RA on the VM's link, until the end of the test; RAs go to all
    // nodes, so none is "foreign".
    const listener = await listenIcmpv6(lab.topology.netns.vm, 'eth0', ICMPV6_ROUTER_ADVERTISEMENT, 600);
    t.teardown(() => listener.stop());
    const sender = await FrameSender.start(lab.topology.netns.vm, 'eth0');
    t.teardown(() => sender.kill());
    const addresses = { vmMac: VM_MAC, vmAddress: VM_LINK_LOCAL, foreignMac: RS_FOREIGN_MAC, foreignAddress: linkLocalOf(RS_FOREIGN_MAC) };
    let sent = 0;
    return {
      send(packet) {
        sender.send(formatRsFrame(packet, addresses));
        sent++;
      },
      async finish() {
        return sent - (await sender.finish());
      },
      tally: () => ({ total: listener.received().filter((m) => m.source === BRIDGE_LINK_LOCAL).length, foreign: null, foreignSamples: [] }),
      async close() {
        sender.kill();
      },
    };
  },
  async proveServing(lab, t, running, peer) {
    const { advertiser, startedAt } = running as RunningAdvertiser;
    // RFC 4861 §6.2.6: however many solicitations arrive, one multicast RA per 3 s at most.
    const bound = (): number => Math.floor((performance.now() - startedAt) / MIN_DELAY_BETWEEN_RAS_MS) + 1;
    const multicastSent = (): number => advertiser.stats.solicitedSent + advertiser.stats.unsolicitedSent;
    t.ok(advertiser.stats.solicitations > 0, `valid solicitations were accepted (${advertiser.stats.solicitations})`);
    // The answer waits for 3 s after the first RA, plus up to 0.5 s.
    await waitFor('the answer to the storm\'s solicitations', () => (advertiser.stats.solicitedSent > 0 ? true : undefined));
    t.ok(multicastSent() <= bound(), `at most one multicast RA per ${MIN_DELAY_BETWEEN_RAS_MS / 1000} s: ${JSON.stringify(advertiser.stats)}, bound ${bound()}`);
    t.equal(advertiser.stats.sendErrors, 0, 'every RA was sent');
    const routes = await lab.topology.ipJson<{ gateway?: string; dev: string; protocol: string }>('vm', ['-6', 'route', 'show', 'default']);
    t.same(
      routes.map(({ gateway, dev, protocol }) => ({ gateway, dev, protocol })),
      [{ gateway: BRIDGE_LINK_LOCAL, dev: 'eth0', protocol: 'ra' }],
      'the vm kernel holds its default route from the RAs',
    );
    // A fresh solicitation, as a real host sends it, is answered (within 3 s + 0.5 s, §6.2.6).
    const before = advertiser.stats.solicitedSent;
    await sendIcmpv6(lab.topology.netns.vm, 'eth0', 'ff02::2', 255, Buffer.from('8500000000000000', 'hex'));
    await waitFor('the answer to a fresh solicitation', () => (advertiser.stats.solicitedSent > before ? true : undefined), 10_000);
    t.pass('a fresh solicitation after the storm was answered');
    t.ok(multicastSent() <= bound(), `still at most one multicast RA per 3 s (${multicastSent()}, bound ${bound()})`);
    const seen = await waitFor('every RA sent in the vm', () => (peer.tally().total >= multicastSent() ? peer.tally().total : undefined));
    t.equal(seen, multicastSent(), 'the vm saw exactly the RAs the advertiser sent');
  },
};

// ---- the storm ------------------------------------------------------------------------------------


/**
 * The lab: a bridge in the pod netns, the VM's veth on it. DAD is off (link-local addresses are
 * usable at once) and the vm kernel does not solicit routers itself, so every solicitation the
 * advertiser counts is one the test sent.
 */
async function makeLab(t: Test): Promise<Lab> {
  const topology = await createTopology({ t });
  const noDad = ['net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.all.accept_dad=0'];
  await topology.exec('pod', 'sysctl', ['-q', '-w', ...noDad]);
  await topology.exec('vm', 'sysctl', ['-q', '-w', ...noDad, 'net.ipv6.conf.default.router_solicitations=0', 'net.ipv6.conf.all.router_solicitations=0']);
  await topology.ipBatch('pod', [
    `link add ${BRIDGE} address ${BRIDGE_MAC} type bridge`,
    `addr add ${SUBNET.serverIp}/${SUBNET.prefixLength} dev ${BRIDGE}`,
    `link set ${BRIDGE} up`,
  ]);
  await topology.attachVm(BRIDGE, VM_MAC);
  const pod = NetnsHandle.fromPath(topology.netnsPath('pod'));
  const vm = NetnsHandle.fromPath(topology.netnsPath('vm'));
  t.teardown(() => {
    pod.close();
    vm.close();
  });
  return { topology, pod, vm };
}

function fuzz<P>(subject: FuzzSubject<P>): void {
  t.test(`${subject.name}: ${PACKETS} fuzzed packets, seed ${SEED}`, async (t) => {
    t.comment(`seed ${SEED}: replay with VIRTNET_FUZZ_SEED=${SEED} VIRTNET_FUZZ_PACKETS=${PACKETS}`);
    const lab = await makeLab(t);
    await subject.prepare(lab);
    let loggedForeign = 0;
    let loopingBack = 0;
    const peer = await subject.openPeer(lab, t);
    const running = await subject.start(lab, (event) => {
      if (subject.loggedForeignReply?.(event)) loggedForeign++;
      if (subject.loopsBack?.(event)) loopingBack++;
    });
    t.teardown(() => running.stop());

    const rng = new Rng(SEED);
    const pick = weightedPicker(subject.generators);
    const sentByClass: Record<string, number> = {};
    // cost[i]: estimated kernel memory of the first i packets that reach the server, which reads them in order.
    const cost = new Float64Array(PACKETS + 1);
    let delivered = 0;
    let sendErrors: number;
    let lastProgress = { received: 0, at: Date.now() };
    const began = Date.now();
    try {
      for (let i = 0; i < PACKETS; i++) {
        const generator = pick(rng);
        const packet = generator.make(rng);
        sentByClass[generator.name] = (sentByClass[generator.name] ?? 0) + 1;
        const packetCost = subject.queueCost(packet);
        if (packetCost > 0) {
          cost[delivered + 1] = cost[delivered]! + packetCost;
          for (let spins = 0; ; spins++) {
            const received = running.stats().received;
            if (cost[delivered + 1]! - cost[Math.min(received, delivered)]! <= IN_FLIGHT_BUDGET) break;
            if (received !== lastProgress.received) lastProgress = { received, at: Date.now() };
            else if (Date.now() - lastProgress.at > STALL_MS) throw new Error(`the server stopped reading: ${received} of ${delivered} packets received`);
            // In-process servers need only a turn of the event loop; a sender process needs time.
            await (spins < 8 ? yieldToIo() : sleep(1));
          }
          delivered++;
        }
        peer.send(packet);
      }
      sendErrors = await peer.finish();
      // Let the last packets and replies land.
      const settleDeadline = Date.now() + STALL_MS;
      while (running.stats().received < delivered && Date.now() < settleDeadline) await sleep(10);
      await sleep(200);
    } finally {
      await peer.close();
    }
    const stats = running.stats();
    const tally = peer.tally();
    t.comment(`${PACKETS} packets (${delivered} for the server's socket) in ${((Date.now() - began) / 1000).toFixed(1)} s; by class ${JSON.stringify(sentByClass)}`);
    t.comment(`server: ${JSON.stringify(stats)}; replies decided ${running.replies()}, seen on the link ${tally.total}`);

    t.equal(sendErrors, 0, 'the sender had no send errors');
    t.ok(stats.received >= delivered && stats.received <= delivered + loopingBack, `the server received every packet the kernel delivers (${stats.received} of ${delivered}, ${loopingBack} replies to itself)`);
    t.equal(stats.dropped['internal-error'] ?? 0, 0, `no handler threw (seed ${SEED})`);
    t.equal(stats.sendErrors, 0, `the server sent every reply it decided on (seed ${SEED})`);
    for (const reason of subject.expectedDropReasons) {
      t.ok((stats.dropped[reason] ?? 0) > 0, `drops counted as "${reason}" (${stats.dropped[reason] ?? 0})`);
    }
    // Negative control: the listeners do see replies, so zero foreign ones is not a blind spot.
    t.ok(tally.total > 0, `replies to the VM were seen on the link (${tally.total})`);
    t.ok(tally.total <= running.replies(), 'no more replies seen than the server sent');
    if (tally.foreign !== null) t.equal(tally.foreign, 0, `no reply to a foreign client on the link (seed ${SEED}) ${tally.foreignSamples.join(' ')}`);
    if (subject.loggedForeignReply) t.equal(loggedForeign, 0, 'no reply to a foreign client in the server log');

    await subject.proveServing(lab, t, running, peer);
  });
}

fuzz(DHCPV4);
fuzz(DHCPV6);
fuzz(ROUTER_SOLICITATIONS);
