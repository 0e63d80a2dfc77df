// DhcpV6Server against real clients (ISC dhclient -6, dhcpcd -6, WIDE dhcp6c) and against
// hand-built messages, each in the vm netns of a test topology behind a veth on a bridge in the
// pod netns (fd10:0:2::1/120, KubeVirt's masquerade gateway). The server runs in this process on
// a socket the native addon opened inside the pod netns. Every check reads what the client
// reported (hook environment, the address dhcp6c put on its interface) or the reply the
// hand-built client received, and what the server counted.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import t, { type Test } from 'tap';
import type { DhcpV6ServerConfig } from '../../dhcp/v6/config.js';
import { DHCPV6_INFINITY } from '../../dhcp/v6/config.js';
import {
  ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
  DHCPV6_CLIENT_PORT,
  DHCPV6_SERVER_PORT,
  type DhcpV6Message,
  DhcpV6MessageType,
  type DhcpV6Option,
  DhcpV6OptionCode,
  DhcpV6StatusCode,
  HARDWARE_TYPE_ETHERNET,
  findOption,
  findOptions,
  formatDhcpV6Message,
  formatDuidLlt,
  formatIaAddress,
  formatIaWithTimes,
  parseDhcpV6Message,
  parseDomainList,
  parseIaAddress,
  parseIaWithTimes,
  parseIpv6List,
  parseStatus,
} from '../../dhcp/v6/codec.js';
import { computeServerDuid } from '../../dhcp/v6/options.js';
import { DhcpV6Server, dhcpV6SocketOptions } from '../../dhcp/v6/server.js';
import { NetnsHandle } from '../../src/drivers/netns.js';
import { DHCPV6_CLIENT_KINDS, runDhcpV6Client } from '../helpers/dhcp-clients.js';
import { waitFor } from '../helpers/exec.js';
import { type Topology, createTopology } from '../helpers/topology.js';

const VM_MAC = '02:42:ac:11:00:02';
const OTHER_MAC = '02:42:ac:11:00:77';
const BRIDGE_MAC = '02:00:00:00:00:00';
const VM_ADDRESS = 'fd10:0:2::2';
const DNS = ['fd00:10:96::a', '2001:4860:4860::8888'];
const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

interface Lab {
  topology: Topology;
  bridge: string;
  pod: NetnsHandle;
  vm: NetnsHandle;
}

interface LabOptions {
  vmMac?: string;
  /** false: the bridge never makes its own link-local address (addrgenmode none). */
  bridgeLinkLocal?: boolean;
}

/**
 * A topology whose pod netns has a bridge with fd10:0:2::1/120 and whose vm netns has eth0 (MAC
 * `vmMac`) on it. DAD is off in both (set as the default before the links exist), and the lab is
 * returned only once the links have their link-local addresses: the vm's messages go out from
 * eth0's, and the server's replies to them need the bridge's (its fe80::/64 route comes with it).
 */
async function makeLab(t: Test, { vmMac = VM_MAC, bridgeLinkLocal = true }: LabOptions = {}): Promise<Lab> {
  const topology = await createTopology({ t });
  const noDad = ['-q', '-w', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.all.accept_dad=0'];
  await topology.exec('pod', 'sysctl', noDad);
  await topology.exec('vm', 'sysctl', noDad);
  const bridge = `k6t-${randomBytes(3).toString('hex')}`;
  await topology.ipBatch('pod', [
    `link add ${bridge} address ${BRIDGE_MAC} type bridge`,
    ...(bridgeLinkLocal ? [] : [`link set ${bridge} addrgenmode none`]),
    `addr add fd10:0:2::1/120 dev ${bridge} nodad`,
    `link set ${bridge} up`,
  ]);
  await topology.attachVm(bridge, vmMac);
  await Promise.all([bridgeLinkLocal && topology.linkLocal('pod', bridge), topology.linkLocal('vm', 'eth0')]);
  const pod = NetnsHandle.fromPath(topology.netnsPath('pod'));
  const vm = NetnsHandle.fromPath(topology.netnsPath('vm'));
  t.teardown(() => {
    pod.close();
    vm.close();
  });
  return { topology, bridge, pod, vm };
}

function serverConfig(bridgeName: string, overrides: Partial<DhcpV6ServerConfig> = {}): DhcpV6ServerConfig {
  return {
    bridgeName,
    serverMac: BRIDGE_MAC,
    address: VM_ADDRESS,
    prefixLength: 120,
    advertiseDefaultRouter: true,
    mtu: 1500,
    clientMac: VM_MAC,
    dnsServers: DNS,
    searchDomains: SEARCH,
    ...overrides,
  };
}

async function startServer(t: Test, lab: Lab, config: DhcpV6ServerConfig): Promise<DhcpV6Server> {
  const server = new DhcpV6Server(config, { openSocket: () => lab.pod.openUdpSocket(dhcpV6SocketOptions(config)) });
  await server.start();
  t.teardown(() => server.stop());
  return server;
}

for (const kind of DHCPV6_CLIENT_KINDS) {
  t.test(`${kind}: leases ${VM_ADDRESS} with DNS and search list to the vm's mac`, async (t) => {
    const lab = await makeLab(t);
    const server = await startServer(t, lab, serverConfig(lab.bridge));
    const lease = await runDhcpV6Client(lab.topology, kind);
    t.equal(lease.address, VM_ADDRESS, 'the IA_NA address');
    t.same(lease.dns, DNS, 'option 23');
    t.same(lease.searchDomains, SEARCH, 'option 24');
    t.match(lease, { preferredLifetime: DHCPV6_INFINITY, validLifetime: DHCPV6_INFINITY }, 'infinite lifetimes by default');
    const stats = server.stats;
    t.ok((stats.answered.solicit ?? 0) >= 1 && (stats.answered.request ?? 0) >= 1, `solicit and request answered: ${JSON.stringify(stats.answered)}`);
    t.equal(stats.dropped['foreign-client'] ?? 0, 0, 'the vm passed the client filter');
    t.equal(stats.sendErrors, 0);
  });
}

t.test('with finite lifetimes dhclient and dhcpcd renew at T1 and keep the address', async (t) => {
  const lab = await makeLab(t);
  // T1 = 0.5 × 4 = 2 s, T2 = 0.8 × 4 = 3 s (RFC 8415 §21.4).
  const server = await startServer(t, lab, serverConfig(lab.bridge, { validLifetimeSeconds: 8, preferredLifetimeSeconds: 4 }));
  for (const kind of ['dhclient', 'dhcpcd'] as const) {
    const renewedBefore = (server.stats.answered.renew ?? 0) + (server.stats.answered.rebind ?? 0);
    const lease = await runDhcpV6Client(lab.topology, kind, { untilRenewed: true });
    t.equal(lease.address, VM_ADDRESS, `${kind}: renewed the same address`);
    t.match(lease, { preferredLifetime: 4, validLifetime: 8 }, `${kind}: the configured lifetimes`);
    const renewed = (server.stats.answered.renew ?? 0) + (server.stats.answered.rebind ?? 0);
    t.ok(renewed > renewedBefore, `${kind}: the server answered its renew (${JSON.stringify(server.stats.answered)})`);
  }
});

t.test('a client whose mac is not clientMac gets nothing; with clientMac null it is served', async (t) => {
  const lab = await makeLab(t, { vmMac: OTHER_MAC });
  const bridged = await startServer(t, lab, serverConfig(lab.bridge));
  await t.rejects(runDhcpV6Client(lab.topology, 'dhclient', { timeoutMs: 4_000 }), /failed to get a dhcpv6 lease/);
  const refused = bridged.stats;
  t.ok((refused.dropped['foreign-client'] ?? 0) >= 1, `the solicits were seen and dropped: ${JSON.stringify(refused.dropped)}`);
  t.match(refused, { advertised: 0, replied: 0 });
  await bridged.stop();

  await startServer(t, lab, serverConfig(lab.bridge, { clientMac: null }));
  const lease = await runDhcpV6Client(lab.topology, 'dhclient');
  t.equal(lease.address, VM_ADDRESS, 'the same client is served when any client is accepted');
});

/** A hand-built client on [::]:546 of the vm's eth0: sends to ff02::1:2, collects replies by transaction id. */
class ProbeClient {
  readonly duid = formatDuidLlt(HARDWARE_TYPE_ETHERNET, 0x2d2d2d2d, Buffer.from(VM_MAC.split(':').map((h) => parseInt(h, 16))));
  readonly replies: DhcpV6Message[] = [];
  readonly #socket: dgram.Socket;
  readonly #server: DhcpV6Server;
  #nextId = 0x100;

  /** `server` is only read when a reply does not come, to say what the server saw. */
  constructor(lab: Lab, server: DhcpV6Server) {
    this.#server = server;
    this.#socket = dgram.createSocket('udp6');
    this.#socket.bind({ fd: lab.vm.openUdpSocket({ family: 6, address: '::', port: DHCPV6_CLIENT_PORT, device: 'eth0', reuseAddr: true, v6Only: true }) });
    this.#socket.on('message', (msg) => this.replies.push(parseDhcpV6Message(msg)));
  }

  /** Sends raw bytes to the servers' multicast group. */
  async sendRaw(bytes: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) => this.#socket.send(bytes, DHCPV6_SERVER_PORT, ALL_DHCP_RELAY_AGENTS_AND_SERVERS, (err) => (err ? reject(err) : resolve())));
  }

  /** Sends a message with our Client Identifier first; a retransmission passes the first one's transaction id. */
  async send(msgType: number, options: DhcpV6Option[], transactionId = this.#nextId++): Promise<number> {
    await this.sendRaw(formatDhcpV6Message({ msgType, transactionId, options: [{ code: DhcpV6OptionCode.CLIENTID, data: this.duid }, ...options] }));
    return transactionId;
  }

  /** `send`, then resolves with the answer. */
  async exchange(msgType: number, options: DhcpV6Option[], retransmissionOf?: number): Promise<DhcpV6Message> {
    const transactionId = await this.send(msgType, options, retransmissionOf);
    await waitFor(`a reply to transaction ${transactionId}`, () => this.replies.some((r) => r.transactionId === transactionId), 5_000).catch((err: Error) => {
      throw new Error(`${err.message}; the server counted ${JSON.stringify(this.#server.stats)}`, { cause: err });
    });
    return this.replies.find((r) => r.transactionId === transactionId)!;
  }

  close(): void {
    this.#socket.close();
  }
}

const serverIdOption = (): DhcpV6Option => ({ code: DhcpV6OptionCode.SERVERID, data: computeServerDuid(BRIDGE_MAC) });

function iaNa(iaid: number, addresses: string[] = []): DhcpV6Option {
  const options = addresses.map((address) => ({ code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ address, preferredLifetime: 0, validLifetime: 0, options: [] }) }));
  return { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid, t1: 0, t2: 0, options }) };
}

function iaNaAddresses(reply: DhcpV6Message): { address: string; preferredLifetime: number; validLifetime: number }[] {
  const ia = parseIaWithTimes(findOption(reply.options, DhcpV6OptionCode.IA_NA)!);
  return findOptions(ia.options, DhcpV6OptionCode.IAADDR).map((data) => {
    const { address, preferredLifetime, validLifetime } = parseIaAddress(data);
    return { address, preferredLifetime, validLifetime };
  });
}

const statusOf = (reply: DhcpV6Message): number | undefined => {
  const data = findOption(reply.options, DhcpV6OptionCode.STATUS_CODE);
  return data && parseStatus(data).status;
};

t.test('hand-built client: rapid commit, confirm on/off link, renew of a foreign address, information-request, malformed input', async (t) => {
  const lab = await makeLab(t);
  const server = await startServer(t, lab, serverConfig(lab.bridge, { validLifetimeSeconds: 3600, preferredLifetimeSeconds: 1800 }));
  const probe = new ProbeClient(lab, server);
  t.teardown(() => probe.close());

  const rapid = await probe.exchange(DhcpV6MessageType.SOLICIT, [iaNa(7), { code: DhcpV6OptionCode.RAPID_COMMIT, data: Buffer.alloc(0) }]);
  t.equal(rapid.msgType, DhcpV6MessageType.REPLY, 'rapid commit: a Reply, not an Advertise');
  t.ok(findOption(rapid.options, DhcpV6OptionCode.RAPID_COMMIT), 'the reply carries Rapid Commit');
  t.same(findOption(rapid.options, DhcpV6OptionCode.SERVERID), computeServerDuid(BRIDGE_MAC), 'server DUID-LL of the bridge MAC');
  t.same(findOption(rapid.options, DhcpV6OptionCode.CLIENTID), probe.duid, 'client id echoed');
  t.match(parseIaWithTimes(findOption(rapid.options, DhcpV6OptionCode.IA_NA)!), { iaid: 7, t1: 900, t2: 1440 });
  t.same(iaNaAddresses(rapid), [{ address: VM_ADDRESS, preferredLifetime: 1800, validLifetime: 3600 }]);
  t.same(parseIpv6List(findOption(rapid.options, DhcpV6OptionCode.DNS_SERVERS)!), DNS);
  t.same(parseDomainList(findOption(rapid.options, DhcpV6OptionCode.DOMAIN_LIST)!), SEARCH);

  const offLink = await probe.exchange(DhcpV6MessageType.CONFIRM, [iaNa(7, ['2001:db8::5'])]);
  t.equal(statusOf(offLink), DhcpV6StatusCode.NOT_ON_LINK, 'confirm of an off-link address: NotOnLink');
  const onLink = await probe.exchange(DhcpV6MessageType.CONFIRM, [iaNa(7, [VM_ADDRESS])]);
  t.equal(statusOf(onLink), DhcpV6StatusCode.SUCCESS, 'confirm of the vm address: Success');

  const renew = await probe.exchange(DhcpV6MessageType.RENEW, [serverIdOption(), iaNa(7, ['fd10:0:2::99'])]);
  t.same(
    iaNaAddresses(renew),
    [
      { address: VM_ADDRESS, preferredLifetime: 1800, validLifetime: 3600 },
      { address: 'fd10:0:2::99', preferredLifetime: 0, validLifetime: 0 },
    ],
    'the foreign address comes back with lifetimes 0, the vm address with its lifetimes',
  );

  const info = await probe.exchange(DhcpV6MessageType.INFORMATION_REQUEST, []);
  t.equal(info.msgType, DhcpV6MessageType.REPLY);
  t.same(info.options.map((o) => o.code), [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.SERVERID, DhcpV6OptionCode.DNS_SERVERS, DhcpV6OptionCode.DOMAIN_LIST], 'no IA');

  const before = server.stats;
  const good = formatDhcpV6Message({ msgType: DhcpV6MessageType.SOLICIT, transactionId: 0xbad, options: [{ code: DhcpV6OptionCode.CLIENTID, data: probe.duid }, iaNa(1)] });
  const datagrams = [
    good.subarray(0, 3),
    good.subarray(0, good.length - 1),
    Buffer.concat([good, Buffer.from([0, DhcpV6OptionCode.ELAPSED_TIME, 0, 3, 0, 0, 0])]),
    Buffer.from([DhcpV6MessageType.RELAY_FORW, ...good.subarray(1)]),
    Buffer.from([DhcpV6MessageType.REPLY, ...good.subarray(1)]),
    Buffer.from([200, ...good.subarray(1)]),
    formatDhcpV6Message({ msgType: DhcpV6MessageType.REQUEST, transactionId: 0xbad, options: [{ code: DhcpV6OptionCode.CLIENTID, data: probe.duid }, iaNa(1)] }),
    formatDhcpV6Message({ msgType: DhcpV6MessageType.SOLICIT, transactionId: 0xbad, options: [{ code: DhcpV6OptionCode.CLIENTID, data: probe.duid }, serverIdOption(), iaNa(1)] }),
    formatDhcpV6Message({ msgType: DhcpV6MessageType.CONFIRM, transactionId: 0xbad, options: [{ code: DhcpV6OptionCode.CLIENTID, data: probe.duid }, iaNa(1)] }),
    // 400 IA_NAs in 6.4 kB ask for a ~17 kB Reply, more than the link carries unfragmented.
    formatDhcpV6Message({
      msgType: DhcpV6MessageType.SOLICIT,
      transactionId: 0xbad,
      options: [{ code: DhcpV6OptionCode.CLIENTID, data: probe.duid }, ...Array.from({ length: 400 }, (_, i) => iaNa(100 + i))],
    }),
  ];
  for (const datagram of datagrams) await probe.sendRaw(datagram);
  await waitFor('every datagram at the server', () => server.stats.received >= before.received + datagrams.length);
  t.same(server.stats.dropped, {
    'short-packet': 1,
    'truncated-options': 1,
    'bad-option-length': 1,
    'relay-message': 1,
    'unexpected-message-type': 1,
    'unknown-message-type': 1,
    'missing-server-id': 1,
    'unexpected-server-id': 1,
    'nothing-to-confirm': 1,
    'reply-too-large': 1,
  });
  const stillServing = await probe.exchange(DhcpV6MessageType.SOLICIT, [iaNa(8)]);
  t.equal(stillServing.msgType, DhcpV6MessageType.ADVERTISE, 'still serving');
  t.notOk(probe.replies.some((r) => r.transactionId === 0xbad), 'no dropped message was answered');
});

t.test('a reply the kernel cannot route is counted as a send error, and the retransmission is answered once it can', async (t) => {
  // Without a link-local address the bridge has no fe80::/64 route, so a reply to the vm's
  // link-local address fails. A bridge is like that until it has carrier: masquerade's until
  // qemu opens the tap. Clients retransmit (RFC 8415 §15), so the server only has to survive it.
  const lab = await makeLab(t, { bridgeLinkLocal: false });
  const server = await startServer(t, lab, serverConfig(lab.bridge));
  const probe = new ProbeClient(lab, server);
  t.teardown(() => probe.close());

  const transactionId = await probe.send(DhcpV6MessageType.SOLICIT, [iaNa(1)]);
  await waitFor('the send error', () => server.stats.sendErrors > 0);
  t.match(server.stats, { received: 1, sendErrors: 1 }, 'the solicit was taken and its advertise failed in the kernel');
  t.same(probe.replies, [], 'nothing reached the vm');

  await lab.topology.ipBatch('pod', [`addr add fe80::ff:fe00:0/64 dev ${lab.bridge} nodad`]);
  const advertise = await probe.exchange(DhcpV6MessageType.SOLICIT, [iaNa(1)], transactionId);
  t.equal(advertise.msgType, DhcpV6MessageType.ADVERTISE, 'the retransmission is answered');
  t.same(iaNaAddresses(advertise).map((a) => a.address), [VM_ADDRESS]);
  t.equal(server.stats.sendErrors, 1, 'no further send error');
});
