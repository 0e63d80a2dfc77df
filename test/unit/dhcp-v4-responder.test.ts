// DHCPv4 responder decisions, RFC 2131 §4.3 case by case, plus option 57 fitting and malformed input.
import t, { type Test } from 'tap';
import type { DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import {
  BOOTREQUEST,
  DhcpMessageType,
  DhcpOptionCode,
  type DhcpV4Option,
  type DhcpV4Packet,
  findOption,
  formatDhcpV4Packet,
  formattedLength,
} from '../../dhcp/v4/codec.js';
import { type DhcpV4Decision, respond, respondToDatagram, validateDhcpV4ServerConfig } from '../../dhcp/v4/responder.js';

const VM_MAC = '02:42:ac:11:00:02';
const OTHER_MAC = '02:42:ac:11:00:99';

const bridgeConfig: DhcpV4ServerConfig = {
  ipamDisabled: false,
  clientMac: VM_MAC,
  address: '10.222.222.1',
  prefixLength: 30,
  gateway: '10.222.222.254',
  routes: [{ destination: null, gateway: '10.222.222.254' }, { destination: '192.168.1.0/24', gateway: '10.222.222.254' }],
  mtu: 1500,
  serverId: '169.254.75.10',
  bridgeName: 'k6t-eth0',
  dnsServers: ['10.96.0.10'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  hostname: 'vmi-fedora',
  leaseSeconds: 3600,
};

function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));
}

function request(type: number, fields: Partial<DhcpV4Packet> = {}, options: DhcpV4Option[] = [], mac = VM_MAC): DhcpV4Packet {
  return {
    op: BOOTREQUEST,
    htype: 1,
    hlen: 6,
    hops: 0,
    xid: 0x01020304,
    secs: 0,
    flags: 0,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: Buffer.concat([macBytes(mac), Buffer.alloc(10)]),
    sname: '',
    file: '',
    ...fields,
    options: [{ code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([type]) }, ...options],
  };
}

const ip = (a: string): DhcpV4Option['data'] => Buffer.from(a.split('.').map(Number));
const serverIdOpt = (a: string): DhcpV4Option => ({ code: DhcpOptionCode.SERVER_ID, data: ip(a) });
const requestedOpt = (a: string): DhcpV4Option => ({ code: DhcpOptionCode.REQUESTED_IP, data: ip(a) });

type Reply = Extract<DhcpV4Decision, { action: 'reply' }>;

function asReply(t: Test, decision: DhcpV4Decision, outcome: Reply['outcome']): Reply {
  t.equal(decision.action, 'reply', `a reply (${decision.action === 'drop' ? decision.reason : decision.action})`);
  const reply = decision as Reply;
  t.equal(reply.outcome, outcome);
  return reply;
}

function messageTypeOf(packet: DhcpV4Packet): number | undefined {
  return findOption(packet, DhcpOptionCode.MESSAGE_TYPE)?.[0];
}

t.test('DISCOVER → OFFER with every option, 53 and 54 first, broadcast', async (t) => {
  const req = request(DhcpMessageType.DISCOVER, { flags: 0x8000, xid: 0xcafe0001 });
  const { reply, destination } = asReply(t, respond(bridgeConfig, req), 'offered');
  t.equal(reply.op, 2);
  t.equal(reply.xid, 0xcafe0001);
  t.equal(reply.flags, 0x8000);
  t.same(reply.chaddr, req.chaddr);
  t.equal(reply.htype, 1);
  t.equal(reply.hlen, 6);
  t.equal(reply.yiaddr, '10.222.222.1');
  t.equal(reply.siaddr, '0.0.0.0');
  t.equal(reply.ciaddr, '0.0.0.0');
  t.same(reply.options.map((o) => o.code), [53, 54, 51, 58, 59, 1, 3, 6, 12, 15, 26, 119, 121]);
  t.equal(messageTypeOf(reply), DhcpMessageType.OFFER);
  t.same([...findOption(reply, 54)!], [169, 254, 75, 10]);
  t.same([...findOption(reply, 51)!], [0, 0, 0x0e, 0x10]);
  t.same([...findOption(reply, 58)!], [0, 0, 0x07, 0x08], 'T1 = 0.5 × lease');
  t.same([...findOption(reply, 59)!], [0, 0, 0x0c, 0x4e], 'T2 = 0.875 × lease');
  t.same(destination, { address: '255.255.255.255', port: 68 });
  t.ok(formatDhcpV4Packet(reply).length >= 300, 'at least the BOOTP size');
});

t.test('options follow the parameter request list, unrequested ones after', async (t) => {
  const prl: DhcpV4Option = { code: DhcpOptionCode.PARAMETER_REQUEST_LIST, data: Buffer.from([121, 6, 3, 1, 200]) };
  const { reply } = asReply(t, respond(bridgeConfig, request(DhcpMessageType.DISCOVER, {}, [prl])), 'offered');
  t.same(reply.options.map((o) => o.code), [53, 54, 51, 58, 59, 121, 6, 3, 1, 12, 15, 26, 119]);
});

t.test('REQUEST in SELECTING', async (t) => {
  const ours = respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [serverIdOpt('169.254.75.10'), requestedOpt('10.222.222.1')]));
  const ack = asReply(t, ours, 'acked');
  t.equal(messageTypeOf(ack.reply), DhcpMessageType.ACK);
  t.equal(ack.reply.yiaddr, '10.222.222.1');
  t.same(ack.destination, { address: '255.255.255.255', port: 68 });

  const other = respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [serverIdOpt('10.0.0.1'), requestedOpt('10.0.0.50')]));
  t.same(other, { action: 'drop', reason: 'other-server', detail: 'request selects server 10.0.0.1' }, 'another server chosen: silent');

  const wrong = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [serverIdOpt('169.254.75.10'), requestedOpt('10.222.222.2')])), 'naked');
  t.equal(messageTypeOf(wrong.reply), DhcpMessageType.NAK);
  const missing = respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [serverIdOpt('169.254.75.10')]));
  t.equal(missing.action === 'reply' && missing.outcome, 'naked', 'no requested address: NAK');
});

t.test('REQUEST in INIT-REBOOT: stale address → NAK (broadcast, bare), right one → ACK', async (t) => {
  const clientId: DhcpV4Option = { code: DhcpOptionCode.CLIENT_ID, data: Buffer.from([1, ...macBytes(VM_MAC)]) };
  const stale = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [requestedOpt('10.222.222.176'), clientId])), 'naked');
  t.same(stale.reply.options.map((o) => o.code), [53, 54, 56, 61], 'NAK: type, server id, message, echoed client id only');
  t.match(findOption(stale.reply, 56)!.toString(), /init-reboot: requested address 10\.222\.222\.176 is not 10\.222\.222\.1/);
  t.equal(stale.reply.yiaddr, '0.0.0.0');
  t.equal(stale.reply.siaddr, '0.0.0.0');
  t.same(stale.destination, { address: '255.255.255.255', port: 68 });

  const right = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, {}, [requestedOpt('10.222.222.1'), clientId])), 'acked');
  t.same(findOption(right.reply, 61), clientId.data, 'client id echoed (RFC 6842)');
  t.same(right.reply.options.at(-1)!.code, 61);
});

t.test('REQUEST in RENEWING/REBINDING: answered at ciaddr, NAK for a foreign ciaddr', async (t) => {
  const renew = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, { ciaddr: '10.222.222.1' })), 'acked');
  t.same(renew.destination, { address: '10.222.222.1', port: 68 }, 'unicast to ciaddr');
  t.equal(renew.reply.ciaddr, '10.222.222.1');
  t.equal(renew.reply.yiaddr, '10.222.222.1');
  const moved = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, { ciaddr: '10.222.222.176' })), 'naked');
  t.same(moved.destination, { address: '255.255.255.255', port: 68 }, 'NAKs are broadcast');
  t.equal(moved.reply.ciaddr, '0.0.0.0');
  const invalid = respond(bridgeConfig, request(DhcpMessageType.REQUEST));
  t.equal(invalid.action === 'drop' && invalid.reason, 'invalid-request');
});

t.test('relayed requests go to giaddr:67; a relayed NAK sets the broadcast bit', async (t) => {
  const offer = asReply(t, respond(bridgeConfig, request(DhcpMessageType.DISCOVER, { giaddr: '192.0.2.1' })), 'offered');
  t.same(offer.destination, { address: '192.0.2.1', port: 67 });
  t.equal(offer.reply.giaddr, '192.0.2.1');
  const nak = asReply(t, respond(bridgeConfig, request(DhcpMessageType.REQUEST, { giaddr: '192.0.2.1' }, [requestedOpt('10.9.9.9')])), 'naked');
  t.same(nak.destination, { address: '192.0.2.1', port: 67 });
  t.equal(nak.reply.flags & 0x8000, 0x8000);
  const relayInfo: DhcpV4Option = { code: DhcpOptionCode.RELAY_AGENT_INFO, data: Buffer.from([1, 2, 0, 7]) };
  const echoed = asReply(t, respond(bridgeConfig, request(DhcpMessageType.DISCOVER, { giaddr: '192.0.2.1' }, [relayInfo])), 'offered');
  t.same(echoed.reply.options.at(-1), relayInfo, 'option 82 echoed last');
});

t.test('RELEASE, DECLINE: no reply, noted; INFORM: ACK without lease at ciaddr', async (t) => {
  t.same(respond(bridgeConfig, request(DhcpMessageType.RELEASE, { ciaddr: '10.222.222.1' }, [serverIdOpt('169.254.75.10')])), {
    action: 'note',
    outcome: 'released',
    detail: `client ${VM_MAC} released 10.222.222.1`,
  });
  const declined = respond(bridgeConfig, request(DhcpMessageType.DECLINE, {}, [serverIdOpt('169.254.75.10'), requestedOpt('10.222.222.1')]));
  t.equal(declined.action === 'note' && declined.outcome, 'declined');
  const elsewhere = respond(bridgeConfig, request(DhcpMessageType.DECLINE, {}, [serverIdOpt('10.1.1.1')]));
  t.equal(elsewhere.action === 'drop' && elsewhere.reason, 'other-server');

  const inform = asReply(t, respond(bridgeConfig, request(DhcpMessageType.INFORM, { ciaddr: '10.222.222.1' })), 'informed');
  t.equal(messageTypeOf(inform.reply), DhcpMessageType.ACK);
  t.equal(inform.reply.yiaddr, '0.0.0.0');
  t.same(inform.reply.options.map((o) => o.code).filter((c) => c === 51 || c === 58 || c === 59), [], 'no lease options');
  t.ok(findOption(inform.reply, 6), 'configuration still sent');
  t.same(inform.destination, { address: '10.222.222.1', port: 68 });
  // A made-up ciaddr would leave the reply waiting for ARP in the kernel: broadcast instead.
  const stranger = asReply(t, respond(bridgeConfig, request(DhcpMessageType.INFORM, { ciaddr: '10.222.222.99' })), 'informed');
  t.same(stranger.destination, { address: '255.255.255.255', port: 68 }, 'INFORM from an address not the VM\'s: broadcast');
});

t.test('clientMac: only the VM is answered; null answers anyone (negative control)', async (t) => {
  const foreign = request(DhcpMessageType.DISCOVER, {}, [], OTHER_MAC);
  const dropped = respond(bridgeConfig, foreign);
  t.equal(dropped.action === 'drop' && dropped.reason, 'foreign-client');
  asReply(t, respond({ ...bridgeConfig, clientMac: null }, foreign), 'offered');
  asReply(t, respond({ ...bridgeConfig, clientMac: '02-42-AC-11-00-02' }, request(DhcpMessageType.DISCOVER)), 'offered');
  const notEthernet = respond(bridgeConfig, { ...request(DhcpMessageType.DISCOVER), htype: 6 });
  t.equal(notEthernet.action === 'drop' && notEthernet.reason, 'foreign-client');
});

t.test('drops: not a request, missing/invalid/unexpected message types', async (t) => {
  const reasonOf = (d: DhcpV4Decision): string => (d.action === 'drop' ? d.reason : d.action);
  t.equal(reasonOf(respond(bridgeConfig, { ...request(DhcpMessageType.DISCOVER), op: 2 })), 'not-a-request');
  t.equal(reasonOf(respond(bridgeConfig, { ...request(DhcpMessageType.DISCOVER), options: [] })), 'missing-message-type');
  t.equal(reasonOf(respond(bridgeConfig, { ...request(DhcpMessageType.DISCOVER), options: [{ code: 53, data: Buffer.from([1, 1]) }] })), 'invalid-message-type');
  for (const type of [DhcpMessageType.OFFER, DhcpMessageType.ACK, DhcpMessageType.NAK, 9, 0, 200]) {
    t.equal(reasonOf(respond(bridgeConfig, request(type))), 'unexpected-message-type', `type ${type}`);
  }
});

t.test('option 57: oversized replies lose configuration options in the documented order', async (t) => {
  const big: DhcpV4ServerConfig = {
    ...bridgeConfig,
    routes: [],
    hostname: undefined,
    searchDomains: Array.from({ length: 6 }, (_, i) => `${i}wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com`),
    ntpServers: ['192.168.2.2', '192.168.2.3'],
    privateOptions: [{ code: 240, value: 'p'.repeat(100) }],
  };
  const maxSize = (n: number): DhcpV4Option => ({ code: DhcpOptionCode.MAX_MESSAGE_SIZE, data: Buffer.from([n >> 8, n & 0xff]) });
  const prl = (...codes: number[]): DhcpV4Option => ({ code: DhcpOptionCode.PARAMETER_REQUEST_LIST, data: Buffer.from(codes) });

  const plain = asReply(t, respond(big, request(DhcpMessageType.DISCOVER)), 'offered');
  t.same(plain.omittedOptions, [240, 42, 15, 119], 'no option 57: 576-byte limit, private first, routes/dns/mask kept');
  t.ok(formattedLength(plain.reply) <= 548);
  t.ok(findOption(plain.reply, 6) && findOption(plain.reply, 1) && findOption(plain.reply, 26));

  const illegal = asReply(t, respond(big, request(DhcpMessageType.DISCOVER, {}, [maxSize(300)])), 'offered');
  t.same(illegal.omittedOptions, plain.omittedOptions, 'a value under 576 counts as 576');

  const roomy = asReply(t, respond(big, request(DhcpMessageType.DISCOVER, {}, [maxSize(1500)])), 'offered');
  t.same(roomy.omittedOptions, [], 'room for everything');
  t.ok(formattedLength(roomy.reply) > 548);

  const byRequest = asReply(t, respond(big, request(DhcpMessageType.DISCOVER, {}, [maxSize(700), prl(1, 3, 6, 26, 240, 42)])), 'offered');
  t.same(byRequest.omittedOptions, [15, 119], 'unrequested options go first');
  t.ok(formattedLength(byRequest.reply) <= 672);
  const unlisted = asReply(t, respond(big, request(DhcpMessageType.DISCOVER, {}, [maxSize(700)])), 'offered');
  t.same(unlisted.omittedOptions, [240], 'same limit without a request list');

  const smallLink = asReply(t, respond({ ...big, mtu: 600 }, request(DhcpMessageType.DISCOVER, {}, [maxSize(9000)])), 'offered');
  t.ok(formattedLength(smallLink.reply) <= 572, 'never beyond the link MTU');

  const huge = request(DhcpMessageType.DISCOVER, {}, [
    { code: DhcpOptionCode.CLIENT_ID, data: Buffer.alloc(255, 1) },
    { code: DhcpOptionCode.RELAY_AGENT_INFO, data: Buffer.alloc(255, 2) },
  ]);
  const tooLarge = respond(big, huge);
  t.equal(tooLarge.action === 'drop' && tooLarge.reason, 'reply-too-large');
});

t.test('config checks fail early with a path', async (t) => {
  t.throws(() => validateDhcpV4ServerConfig({ ...bridgeConfig, ipamDisabled: true }), { name: 'ValidationError', path: '/ipamDisabled' });
  t.throws(() => validateDhcpV4ServerConfig({ ...bridgeConfig, address: undefined }), { name: 'ValidationError', path: '/address' });
  t.throws(() => validateDhcpV4ServerConfig({ ...bridgeConfig, serverId: 'k6t-eth0' }), { name: 'ValidationError', path: '/serverId' });
  t.throws(() => validateDhcpV4ServerConfig({ ...bridgeConfig, clientMac: '02:42:ac:11:00' }), { name: 'ValidationError', path: '/clientMac' });
  t.throws(() => validateDhcpV4ServerConfig({ ...bridgeConfig, searchDomains: ['bad,domain'] }), { name: 'ValidationError', path: '/searchDomains/0' });
  t.doesNotThrow(() => validateDhcpV4ServerConfig(bridgeConfig));
});

t.test('datagrams: decode failures are drops with the decoder reason, at every truncation and for noise', async (t) => {
  const bytes = formatDhcpV4Packet(
    request(DhcpMessageType.DISCOVER, {}, [{ code: DhcpOptionCode.PARAMETER_REQUEST_LIST, data: Buffer.from([1, 3, 6, 15, 26, 119, 121]) }]),
  );
  const endOffset = bytes.indexOf(255, 240);
  const reasons = new Set<string>();
  for (let length = 0; length <= endOffset; length++) {
    const decision = respondToDatagram(bridgeConfig, bytes.subarray(0, length));
    if (decision.action !== 'drop') t.fail(`truncated to ${length} bytes: ${decision.action}`);
    else reasons.add(decision.reason);
  }
  t.same([...reasons].sort(), ['short-packet', 'truncated-options']);
  t.equal(respondToDatagram(bridgeConfig, bytes).action, 'reply', 'the whole packet is answered (negative control)');

  let state = 12345;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16;
  for (let i = 0; i < 2000; i++) {
    const noisy = Buffer.from(bytes);
    // Flip a few bytes anywhere: header, cookie, options.
    for (let k = 0; k < 1 + (next() % 4); k++) noisy[next() % noisy.length] = next() & 0xff;
    const decision = respondToDatagram(bridgeConfig, noisy);
    if (!['drop', 'reply', 'note'].includes(decision.action)) t.fail(`unexpected ${JSON.stringify(decision)}`);
  }
});
