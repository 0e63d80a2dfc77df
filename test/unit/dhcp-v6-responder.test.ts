// DHCPv6 responder decisions, RFC 8415 §16 and §18.3 message by message, the clientMac filter,
// and malformed input as counted drops.
import t, { type Test } from 'tap';
import { ValidationError } from '../../src/core/errors.js';
import type { DhcpV6ServerConfig } from '../../dhcp/v6/config.js';
import { DHCPV6_INFINITY } from '../../dhcp/v6/config.js';
import {
  type DhcpV6Message,
  DhcpV6MessageType,
  type DhcpV6Option,
  DhcpV6OptionCode,
  DhcpV6StatusCode,
  HARDWARE_TYPE_ETHERNET,
  findOption,
  findOptions,
  formatDhcpV6Message,
  formatDuidLl,
  formatDuidLlt,
  formatIaAddress,
  formatIaTa,
  formatIaWithTimes,
  parseDomainList,
  parseIaAddress,
  parseIaTa,
  parseIaWithTimes,
  parseIpv6List,
  parseStatus,
} from '../../dhcp/v6/codec.js';
import { type DhcpV6Decision, respond, respondToDatagram, validateDhcpV6ServerConfig } from '../../dhcp/v6/responder.js';

const VM_MAC = '02:42:ac:11:00:02';
const OTHER_MAC = '02:42:ac:11:00:99';
/** fe80::/64 + modified EUI-64 of VM_MAC (RFC 4291 appendix A). */
const VM_LINK_LOCAL = 'fe80::42:acff:fe11:2';
const OTHER_LINK_LOCAL = 'fe80::42:acff:fe11:99';
const VM_ADDRESS = 'fd10:0:2::2';

const macBytes = (mac: string): Buffer => Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));

// KubeVirt's serverv6_test.go vector: server MAC 12:34:56:78:9A:BC, client fd10:0:2::2, Google DNS.
const masqueradeConfig: DhcpV6ServerConfig = {
  bridgeName: 'k6t-eth0',
  serverMac: '12:34:56:78:9A:BC',
  address: VM_ADDRESS,
  prefixLength: 120,
  advertiseDefaultRouter: true,
  mtu: 1500,
  clientMac: null,
  dnsServers: ['2001:4860:4860::8888', '2001:4860:4860::8844'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
};
const SERVER_DUID = Buffer.from('0003000112345678 9abc'.replace(/ /g, ''), 'hex');
const bridgeConfig: DhcpV6ServerConfig = { ...masqueradeConfig, clientMac: VM_MAC };

const CLIENT_DUID = formatDuidLlt(HARDWARE_TYPE_ETHERNET, 0x2a2a2a2a, macBytes(VM_MAC));
const clientId = (duid: Buffer = CLIENT_DUID): DhcpV6Option => ({ code: DhcpV6OptionCode.CLIENTID, data: duid });
const serverId = (duid: Buffer = SERVER_DUID): DhcpV6Option => ({ code: DhcpV6OptionCode.SERVERID, data: duid });
const rapidCommit: DhcpV6Option = { code: DhcpV6OptionCode.RAPID_COMMIT, data: Buffer.alloc(0) };

const iaAddress = (address: string): DhcpV6Option => ({
  code: DhcpV6OptionCode.IAADDR,
  data: formatIaAddress({ address, preferredLifetime: 100, validLifetime: 200, options: [] }),
});
const iaNa = (iaid: number, ...addresses: string[]): DhcpV6Option => ({
  code: DhcpV6OptionCode.IA_NA,
  data: formatIaWithTimes({ iaid, t1: 0, t2: 0, options: addresses.map(iaAddress) }),
});
const iaTa = (iaid: number, ...addresses: string[]): DhcpV6Option => ({ code: DhcpV6OptionCode.IA_TA, data: formatIaTa({ iaid, options: addresses.map(iaAddress) }) });
const prefixData = (prefix: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 100, 0, 0, 0, 200, 56]), Buffer.from(prefix.replace(/:/g, '').padEnd(32, '0'), 'hex')]);
const iaPd = (iaid: number, ...prefixes: string[]): DhcpV6Option => ({
  code: DhcpV6OptionCode.IA_PD,
  data: formatIaWithTimes({ iaid, t1: 0, t2: 0, options: prefixes.map((p) => ({ code: DhcpV6OptionCode.IAPREFIX, data: prefixData(p) })) }),
});

function message(msgType: number, options: DhcpV6Option[]): DhcpV6Message {
  return { msgType, transactionId: 0x123456, options };
}

type Reply = Extract<DhcpV6Decision, { action: 'reply' }>;

function asReply(t: Test, decision: DhcpV6Decision, msgType: number): DhcpV6Message {
  t.equal(decision.action, 'reply', `a reply (${decision.action === 'drop' ? `${decision.reason}: ${decision.detail}` : 'ok'})`);
  const { reply } = decision as Reply;
  t.equal(reply.msgType, msgType, 'message type');
  t.equal(reply.transactionId, 0x123456, 'transaction id echoed');
  return reply;
}

function asDrop(t: Test, decision: DhcpV6Decision, reason: string): void {
  t.match(decision, { action: 'drop', reason }, `dropped as ${reason}`);
}

const statusOf = (options: readonly DhcpV6Option[]): number | undefined => {
  const data = findOption(options, DhcpV6OptionCode.STATUS_CODE);
  return data && parseStatus(data).status;
};

function iaNaOf(reply: DhcpV6Message, index = 0): { iaid: number; t1: number; t2: number; addresses: { address: string; preferredLifetime: number; validLifetime: number }[] } {
  const ia = parseIaWithTimes(findOptions(reply.options, DhcpV6OptionCode.IA_NA)[index]!);
  const addresses = findOptions(ia.options, DhcpV6OptionCode.IAADDR).map((d) => {
    const { address, preferredLifetime, validLifetime } = parseIaAddress(d);
    return { address, preferredLifetime, validLifetime };
  });
  return { iaid: ia.iaid, t1: ia.t1, t2: ia.t2, addresses };
}

t.test('Solicit → Advertise: ids, Preference 255, IA_NA with the vm address, DNS and search (KubeVirt vector)', async (t) => {
  const decision = respond(masqueradeConfig, message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(0x05060708)]), `${VM_LINK_LOCAL}%k6t-eth0`);
  const reply = asReply(t, decision, DhcpV6MessageType.ADVERTISE);
  t.match(decision, { outcome: 'advertised', request: 'solicit', destination: { address: VM_LINK_LOCAL, port: 546 } }, 'to the link-local source, port 546, zone dropped');
  t.same(
    reply.options.map((o) => o.code),
    [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.SERVERID, DhcpV6OptionCode.PREFERENCE, DhcpV6OptionCode.IA_NA, DhcpV6OptionCode.DNS_SERVERS, DhcpV6OptionCode.DOMAIN_LIST],
  );
  t.same(findOption(reply.options, DhcpV6OptionCode.CLIENTID), CLIENT_DUID);
  t.same(findOption(reply.options, DhcpV6OptionCode.SERVERID), SERVER_DUID, 'DUID-LL of the server mac');
  t.same(findOption(reply.options, DhcpV6OptionCode.PREFERENCE), Buffer.from([255]));
  t.same(iaNaOf(reply), {
    iaid: 0x05060708,
    t1: DHCPV6_INFINITY,
    t2: DHCPV6_INFINITY,
    addresses: [{ address: VM_ADDRESS, preferredLifetime: DHCPV6_INFINITY, validLifetime: DHCPV6_INFINITY }],
  });
  t.same(parseIpv6List(findOption(reply.options, DhcpV6OptionCode.DNS_SERVERS)!), masqueradeConfig.dnsServers);
  t.same(parseDomainList(findOption(reply.options, DhcpV6OptionCode.DOMAIN_LIST)!), masqueradeConfig.searchDomains);
});

t.test('Solicit with Rapid Commit → Reply carrying Rapid Commit and the committed IA_NA', async (t) => {
  const decision = respond(masqueradeConfig, message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(1), rapidCommit]), VM_LINK_LOCAL);
  const reply = asReply(t, decision, DhcpV6MessageType.REPLY);
  t.match(decision, { outcome: 'replied', request: 'solicit' });
  t.ok(findOption(reply.options, DhcpV6OptionCode.RAPID_COMMIT), 'rapid commit option');
  t.notOk(findOption(reply.options, DhcpV6OptionCode.PREFERENCE), 'no preference in a reply');
  t.equal(iaNaOf(reply).addresses[0]?.address, VM_ADDRESS);
});

t.test('IA_TA gets NoAddrsAvail and IA_PD NoPrefixAvail inside the IA; without IA_NA the Advertise says NoAddrsAvail', async (t) => {
  const both = asReply(t, respond(masqueradeConfig, message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(1), iaTa(2), iaPd(3)]), VM_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  t.equal(statusOf(both.options), undefined, 'no top-level status when IA_NA is served');
  const ta = parseIaTa(findOption(both.options, DhcpV6OptionCode.IA_TA)!);
  t.equal(ta.iaid, 2);
  t.equal(statusOf(ta.options), DhcpV6StatusCode.NO_ADDRS_AVAIL);
  const pd = parseIaWithTimes(findOption(both.options, DhcpV6OptionCode.IA_PD)!);
  t.match(pd, { iaid: 3, t1: 0, t2: 0 });
  t.equal(statusOf(pd.options), DhcpV6StatusCode.NO_PREFIX_AVAIL);

  const pdOnly = asReply(t, respond(masqueradeConfig, message(DhcpV6MessageType.SOLICIT, [clientId(), iaPd(3)]), VM_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  t.equal(statusOf(pdOnly.options), DhcpV6StatusCode.NO_ADDRS_AVAIL, 'RFC 8415 §18.3.9: nothing to assign');
  t.same(findOptions(pdOnly.options, DhcpV6OptionCode.IA_NA), [], 'no IA_NA made up');

  const request = asReply(t, respond(masqueradeConfig, message(DhcpV6MessageType.REQUEST, [clientId(), serverId(), iaTa(2), iaPd(3)]), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);
  t.equal(statusOf(parseIaTa(findOption(request.options, DhcpV6OptionCode.IA_TA)!).options), DhcpV6StatusCode.NO_ADDRS_AVAIL);
  t.equal(statusOf(parseIaWithTimes(findOption(request.options, DhcpV6OptionCode.IA_PD)!).options), DhcpV6StatusCode.NO_PREFIX_AVAIL);
});

t.test('Request → Reply with every IA_NA served; Server Identifier checks', async (t) => {
  const decision = respond(masqueradeConfig, message(DhcpV6MessageType.REQUEST, [clientId(), serverId(), iaNa(1, 'fd10:0:2::77'), iaNa(2)]), VM_LINK_LOCAL);
  const reply = asReply(t, decision, DhcpV6MessageType.REPLY);
  t.match(decision, { outcome: 'replied', request: 'request' });
  t.same([iaNaOf(reply, 0).iaid, iaNaOf(reply, 1).iaid], [1, 2]);
  t.same(iaNaOf(reply, 0).addresses.map((a) => a.address), [VM_ADDRESS], 'the hint is ignored: the vm address only');

  asDrop(t, respond(masqueradeConfig, message(DhcpV6MessageType.REQUEST, [clientId(), iaNa(1)]), VM_LINK_LOCAL), 'missing-server-id');
  const otherServer = formatDuidLl(HARDWARE_TYPE_ETHERNET, macBytes('02:00:00:00:00:01'));
  for (const type of [DhcpV6MessageType.REQUEST, DhcpV6MessageType.RENEW, DhcpV6MessageType.RELEASE, DhcpV6MessageType.DECLINE, DhcpV6MessageType.INFORMATION_REQUEST]) {
    asDrop(t, respond(masqueradeConfig, message(type, [clientId(), serverId(otherServer)]), VM_LINK_LOCAL), 'other-server');
  }
  for (const type of [DhcpV6MessageType.SOLICIT, DhcpV6MessageType.CONFIRM, DhcpV6MessageType.REBIND]) {
    asDrop(t, respond(masqueradeConfig, message(type, [clientId(), serverId(), iaNa(1, VM_ADDRESS)]), VM_LINK_LOCAL), 'unexpected-server-id');
  }
  for (const type of [DhcpV6MessageType.SOLICIT, DhcpV6MessageType.REQUEST, DhcpV6MessageType.CONFIRM, DhcpV6MessageType.RENEW, DhcpV6MessageType.REBIND, DhcpV6MessageType.RELEASE, DhcpV6MessageType.DECLINE]) {
    asDrop(t, respond(masqueradeConfig, message(type, [serverId(), iaNa(1)]), VM_LINK_LOCAL), 'missing-client-id');
  }
});

t.test('Confirm: Success when every address is on link, NotOnLink otherwise, silence without addresses', async (t) => {
  const confirm = (...ias: DhcpV6Option[]): DhcpV6Decision => respond(masqueradeConfig, message(DhcpV6MessageType.CONFIRM, [clientId(), ...ias]), VM_LINK_LOCAL);
  const onLink = asReply(t, confirm(iaNa(1, VM_ADDRESS, 'fd10:0:2::ff')), DhcpV6MessageType.REPLY);
  t.equal(statusOf(onLink.options), DhcpV6StatusCode.SUCCESS, 'another address of the /120 is on link too');
  t.same(onLink.options.map((o) => o.code), [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.SERVERID, DhcpV6OptionCode.STATUS_CODE], 'status only, no IA');
  t.equal(statusOf(asReply(t, confirm(iaNa(1, 'fd10:0:2::100')), DhcpV6MessageType.REPLY).options), DhcpV6StatusCode.NOT_ON_LINK, 'just past the /120');
  t.equal(statusOf(asReply(t, confirm(iaNa(1, VM_ADDRESS), iaTa(2, '2001:db8::1')), DhcpV6MessageType.REPLY).options), DhcpV6StatusCode.NOT_ON_LINK, 'one IA_TA address off link');
  asDrop(t, confirm(iaNa(1)), 'nothing-to-confirm');
});

t.test('Renew and Rebind: the vm address, foreign addresses with lifetimes 0, NoBinding for empty IA_TA/IA_PD', async (t) => {
  const config = { ...masqueradeConfig, validLifetimeSeconds: 3600, preferredLifetimeSeconds: 1000 };
  for (const [type, ids] of [
    [DhcpV6MessageType.RENEW, [clientId(), serverId()]],
    [DhcpV6MessageType.REBIND, [clientId()]],
  ] as const) {
    const decision = respond(config, message(type, [...ids, iaNa(9, 'fd10:0:2::99', VM_ADDRESS), iaPd(4), iaTa(5)]), VM_LINK_LOCAL);
    const reply = asReply(t, decision, DhcpV6MessageType.REPLY);
    t.same(iaNaOf(reply), {
      iaid: 9,
      t1: 500,
      t2: 800,
      addresses: [
        { address: VM_ADDRESS, preferredLifetime: 1000, validLifetime: 3600 },
        { address: 'fd10:0:2::99', preferredLifetime: 0, validLifetime: 0 },
      ],
    }, 'T1 = 0.5 and T2 = 0.8 of the preferred lifetime (RFC 8415 §21.4)');
    t.equal(statusOf(parseIaWithTimes(findOption(reply.options, DhcpV6OptionCode.IA_PD)!).options), DhcpV6StatusCode.NO_BINDING);
    t.equal(statusOf(parseIaTa(findOption(reply.options, DhcpV6OptionCode.IA_TA)!).options), DhcpV6StatusCode.NO_BINDING);
    t.ok(findOption(reply.options, DhcpV6OptionCode.DNS_SERVERS), 'configuration refreshed');
  }

  const rebindPrefix = asReply(t, respond(config, message(DhcpV6MessageType.REBIND, [clientId(), iaPd(4, '2001:db8:1::')]), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);
  const pd = parseIaWithTimes(findOption(rebindPrefix.options, DhcpV6OptionCode.IA_PD)!);
  const prefix = findOption(pd.options, DhcpV6OptionCode.IAPREFIX)!;
  t.same(prefix, Buffer.concat([Buffer.alloc(8), prefixData('2001:db8:1::').subarray(8)]), 'a prefix we never delegated comes back with lifetimes 0');
  t.equal(statusOf(pd.options), undefined);
});

t.test('Release and Decline → Reply Success; IA_PD/IA_TA get NoBinding', async (t) => {
  for (const [type, kind] of [
    [DhcpV6MessageType.RELEASE, 'release'],
    [DhcpV6MessageType.DECLINE, 'decline'],
  ] as const) {
    const decision = respond(masqueradeConfig, message(type, [clientId(), serverId(), iaNa(1, VM_ADDRESS), iaPd(2)]), VM_LINK_LOCAL);
    const reply = asReply(t, decision, DhcpV6MessageType.REPLY);
    t.match(decision, { request: kind });
    t.equal(statusOf(reply.options), DhcpV6StatusCode.SUCCESS);
    t.same(findOptions(reply.options, DhcpV6OptionCode.IA_NA), [], 'the IA_NA binding exists: nothing to say');
    t.equal(statusOf(parseIaWithTimes(findOption(reply.options, DhcpV6OptionCode.IA_PD)!).options), DhcpV6StatusCode.NO_BINDING);
    t.notOk(findOption(reply.options, DhcpV6OptionCode.DNS_SERVERS));
  }
});

t.test('Information-request → Reply with DNS and search only', async (t) => {
  const withId = asReply(t, respond(masqueradeConfig, message(DhcpV6MessageType.INFORMATION_REQUEST, [clientId(), serverId()]), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);
  t.same(withId.options.map((o) => o.code), [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.SERVERID, DhcpV6OptionCode.DNS_SERVERS, DhcpV6OptionCode.DOMAIN_LIST], 'our server id is allowed');
  const anonymous = asReply(t, respond(masqueradeConfig, message(DhcpV6MessageType.INFORMATION_REQUEST, []), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);
  t.same(anonymous.options.map((o) => o.code), [DhcpV6OptionCode.SERVERID, DhcpV6OptionCode.DNS_SERVERS, DhcpV6OptionCode.DOMAIN_LIST], 'no client id to echo');
  asDrop(t, respond(masqueradeConfig, message(DhcpV6MessageType.INFORMATION_REQUEST, [clientId(), iaNa(1)]), VM_LINK_LOCAL), 'ia-in-information-request');
  const bare = { ...masqueradeConfig, dnsServers: [], searchDomains: [] };
  const empty = asReply(t, respond(bare, message(DhcpV6MessageType.INFORMATION_REQUEST, [clientId()]), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);
  t.same(empty.options.map((o) => o.code), [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.SERVERID], 'no empty option 23/24');
});

t.test('server-to-client, relay and unknown message types are dropped', async (t) => {
  for (const type of [DhcpV6MessageType.ADVERTISE, DhcpV6MessageType.REPLY, DhcpV6MessageType.RECONFIGURE, DhcpV6MessageType.RELAY_FORW, DhcpV6MessageType.RELAY_REPL]) {
    asDrop(t, respond(masqueradeConfig, message(type, [clientId()]), VM_LINK_LOCAL), 'unexpected-message-type');
  }
  for (const type of [0, 14, 35, 255]) asDrop(t, respond(masqueradeConfig, message(type, [clientId()]), VM_LINK_LOCAL), 'unknown-message-type');
});

t.test('clientMac: DUID-LL/LLT of the vm mac, or its EUI-64 link-local source; anything else is foreign', async (t) => {
  const solicit = (duid: Buffer, source: string): DhcpV6Decision => respond(bridgeConfig, message(DhcpV6MessageType.SOLICIT, [clientId(duid), iaNa(1)]), source);
  const en = Buffer.from('0002000001370102', 'hex');
  asReply(t, solicit(formatDuidLl(HARDWARE_TYPE_ETHERNET, macBytes(VM_MAC)), OTHER_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  asReply(t, solicit(CLIENT_DUID, OTHER_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  asReply(t, solicit(en, `${VM_LINK_LOCAL}%br0`), DhcpV6MessageType.ADVERTISE);
  asReply(t, respond(bridgeConfig, message(DhcpV6MessageType.INFORMATION_REQUEST, []), VM_LINK_LOCAL), DhcpV6MessageType.REPLY);

  asDrop(t, solicit(formatDuidLlt(HARDWARE_TYPE_ETHERNET, 1, macBytes(OTHER_MAC)), OTHER_LINK_LOCAL), 'foreign-client');
  asDrop(t, solicit(en, OTHER_LINK_LOCAL), 'foreign-client');
  asDrop(t, solicit(formatDuidLl(6, macBytes(VM_MAC)), OTHER_LINK_LOCAL), 'foreign-client');
  asDrop(t, solicit(en, 'fd10:0:2::2'), 'foreign-client');
  asDrop(t, solicit(en, 'fe80:0:0:1:42:acff:fe11:2'), 'foreign-client');
  asDrop(t, solicit(Buffer.from('000300', 'hex'), OTHER_LINK_LOCAL), 'foreign-client');
  asReply(t, solicit(Buffer.from('000300', 'hex'), VM_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  asDrop(t, respond(bridgeConfig, message(DhcpV6MessageType.INFORMATION_REQUEST, []), 'not an address'), 'foreign-client');
});

t.test('malformed datagrams become drops with the decoder reason; malformed IA data in memory too', async (t) => {
  const good = formatDhcpV6Message(message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(1)]));
  asReply(t, respondToDatagram(masqueradeConfig, good, VM_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  asDrop(t, respondToDatagram(masqueradeConfig, good.subarray(0, 2), VM_LINK_LOCAL), 'short-packet');
  asDrop(t, respondToDatagram(masqueradeConfig, good.subarray(0, good.length - 3), VM_LINK_LOCAL), 'truncated-options');
  asDrop(t, respondToDatagram(masqueradeConfig, Buffer.from([12, ...good.subarray(1)]), VM_LINK_LOCAL), 'relay-message');
  const shortIa = message(DhcpV6MessageType.SOLICIT, [clientId(), { code: DhcpV6OptionCode.IA_NA, data: Buffer.alloc(5) }]);
  asDrop(t, respond(masqueradeConfig, shortIa, VM_LINK_LOCAL), 'bad-option-length');
});

t.test('config checks name the bad field', async (t) => {
  const cases: [Partial<DhcpV6ServerConfig>, string][] = [
    [{ address: '10.0.2.2' }, '/address'],
    [{ prefixLength: 129 }, '/prefixLength'],
    [{ serverMac: 'nope' }, '/serverMac'],
    [{ clientMac: '02:42' }, '/clientMac'],
    [{ validLifetimeSeconds: 0 }, '/validLifetimeSeconds'],
    [{ validLifetimeSeconds: 100, preferredLifetimeSeconds: 200 }, '/preferredLifetimeSeconds'],
    [{ preferredLifetimeSeconds: -1 }, '/preferredLifetimeSeconds'],
    [{ dnsServers: ['10.96.0.10'] }, '/dnsServers/0'],
    [{ searchDomains: ['Bad..Name'] }, '/searchDomains/0'],
  ];
  for (const [override, path] of cases) {
    t.throws(() => validateDhcpV6ServerConfig({ ...masqueradeConfig, ...override }), { name: 'ValidationError', path }, path);
  }
  t.throws(() => respond({ ...masqueradeConfig, address: 'x' }, message(DhcpV6MessageType.SOLICIT, [clientId()]), VM_LINK_LOCAL), ValidationError);
  t.doesNotThrow(() => validateDhcpV6ServerConfig(bridgeConfig));
  const finite = asReply(t, respond({ ...masqueradeConfig, validLifetimeSeconds: 7 }, message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(1)]), VM_LINK_LOCAL), DhcpV6MessageType.ADVERTISE);
  t.same(iaNaOf(finite), { iaid: 1, t1: 3, t2: 5, addresses: [{ address: VM_ADDRESS, preferredLifetime: 7, validLifetime: 7 }] }, 'preferred defaults to valid');
});

t.test('datagrams not from a link-local address are dropped: a reply could not be delivered on the link', async (t) => {
  const good = formatDhcpV6Message(message(DhcpV6MessageType.SOLICIT, [clientId(), iaNa(1)]));
  for (const source of ['::', '2001:db8::1', 'fd10:0:2::99', '::ffff:10.0.2.2', 'not an address']) {
    asDrop(t, respondToDatagram(masqueradeConfig, good, source), 'bad-source');
  }
  asReply(t, respondToDatagram(masqueradeConfig, good, `${VM_LINK_LOCAL}%k6t-eth0`), DhcpV6MessageType.ADVERTISE);
});
