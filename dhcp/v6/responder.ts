/**
 * The DHCPv6 server's decisions, as pure functions: one client message (or
 * datagram) and its source address in, one Advertise/Reply with its
 * destination, or a drop with a reason code, out.
 *
 * Theory of operation. virtnet serves one static lease per server: the VM's
 * address in IA_NA. Every client that passes the checks below is treated as
 * holding that binding, whatever it asked for, so RFC 8415 §18.3 reduces to:
 * - Solicit → Advertise (Preference 255, so the client requests at once,
 *   §18.2.1); with Rapid Commit (§18.3.1) → Reply carrying Rapid Commit.
 * - Request → Reply. IA_NA gets the VM address with the configured
 *   lifetimes; IA_TA gets NoAddrsAvail and IA_PD NoPrefixAvail inside the IA
 *   (§18.3.2). A Solicit without any IA_NA is advertised with a top-level
 *   NoAddrsAvail (§18.3.9).
 * - Renew, Rebind → Reply (§18.3.4, §18.3.5): IA_NA gets the VM address, and
 *   every other address the client listed back with lifetimes 0, the explicit
 *   "no longer valid" the RFC gives for addresses not appropriate for the
 *   link (a guest that kept an address across a pod IP change). IA_TA/IA_PD
 *   leases listed are returned with lifetimes 0; an empty one gets NoBinding.
 * - Confirm → Reply Success when every listed address is inside the on-link
 *   prefix, else NotOnLink; nothing when no address is listed (§18.3.3).
 * - Release, Decline → Reply Success; IA_TA/IA_PD get NoBinding (§18.3.7,
 *   §18.3.8). There is no pool: the address stays the VM's.
 * - Information-request → Reply with DNS and search options only (§18.3.6).
 * Identifier checks follow §16: a Client Identifier is required except in
 * Information-request; Request/Renew/Release/Decline must carry our Server
 * Identifier (another server's means the client chose that one: silence);
 * Solicit/Confirm/Rebind must carry none; Information-request may carry only
 * ours, and no IA. Relay messages, server-to-client types and unknown types
 * are dropped. With `clientMac` set (bridge binding), only a client whose
 * DUID-LL/DUID-LLT carries that Ethernet address, or whose link-local source
 * is the EUI-64 address of it (RFC 4291 §2.5.1), is answered.
 * Replies go to the source address, port 546 (§7.2), out of the bridge the
 * socket is bound to.
 */

import { ValidationError } from '../../src/core/errors.js';
import { type Cidr, type IpValue, cidrContains, formatIp, formatMac, macToBytes, tryParseIp, tryParseMac } from '../../src/core/ip.js';
import type { DhcpV6ServerConfig } from './config.js';
import {
  DHCPV6_CLIENT_PORT,
  DhcpV6DecodeError,
  type DhcpV6DecodeReason,
  type DhcpV6Duid,
  type DhcpV6Message,
  DhcpV6MessageType,
  type DhcpV6Option,
  DhcpV6OptionCode,
  DhcpV6StatusCode,
  DuidType,
  HARDWARE_TYPE_ETHERNET,
  findOption,
  findOptions,
  formatIaAddress,
  formatIaTa,
  formatIaWithTimes,
  formatStatus,
  parseDhcpV6Message,
  parseDuid,
  parseIaAddress,
  parseIaTa,
  parseIaWithTimes,
} from './codec.js';
import { type DhcpV6Lifetimes, computeConfigOptions, computeLifetimes, computeServerDuid } from './options.js';

/** The client-to-server messages this server answers. */
export type DhcpV6RequestKind = 'solicit' | 'request' | 'confirm' | 'renew' | 'rebind' | 'release' | 'decline' | 'information-request';

const REQUEST_KINDS: ReadonlyMap<number, DhcpV6RequestKind> = new Map([
  [DhcpV6MessageType.SOLICIT, 'solicit'],
  [DhcpV6MessageType.REQUEST, 'request'],
  [DhcpV6MessageType.CONFIRM, 'confirm'],
  [DhcpV6MessageType.RENEW, 'renew'],
  [DhcpV6MessageType.REBIND, 'rebind'],
  [DhcpV6MessageType.RELEASE, 'release'],
  [DhcpV6MessageType.DECLINE, 'decline'],
  [DhcpV6MessageType.INFORMATION_REQUEST, 'information-request'],
]);

/** Messages a server sends or a relay handles, never one a client sends to us. */
const NOT_FROM_CLIENTS: ReadonlySet<number> = new Set([
  DhcpV6MessageType.ADVERTISE,
  DhcpV6MessageType.REPLY,
  DhcpV6MessageType.RECONFIGURE,
  DhcpV6MessageType.RELAY_FORW,
  DhcpV6MessageType.RELAY_REPL,
]);

/** RFC 8415 §16: what each message must say about the Server Identifier. */
const SERVER_ID_RULE: Readonly<Record<DhcpV6RequestKind, 'required' | 'forbidden' | 'ours-if-any'>> = {
  solicit: 'forbidden',
  confirm: 'forbidden',
  rebind: 'forbidden',
  request: 'required',
  renew: 'required',
  release: 'required',
  decline: 'required',
  'information-request': 'ours-if-any',
};

/** RFC 8415 §21.8: 255 tells the client to stop collecting Advertises and request at once. */
const MAX_PREFERENCE = 255;

export type DhcpV6DropReason =
  | DhcpV6DecodeReason
  /** A server-to-client or relay message type. */
  | 'unexpected-message-type'
  /** A message type RFC 8415 §7.3 does not define for clients. */
  | 'unknown-message-type'
  | 'missing-client-id'
  /** Request/Renew/Release/Decline without a Server Identifier (RFC 8415 §16). */
  | 'missing-server-id'
  /** Solicit/Confirm/Rebind with a Server Identifier (RFC 8415 §16). */
  | 'unexpected-server-id'
  /** The Server Identifier is another server's. */
  | 'other-server'
  /** An Information-request carrying an IA option (RFC 8415 §16.12). */
  | 'ia-in-information-request'
  /** A Confirm without any address: RFC 8415 §18.3.3 forbids a reply. */
  | 'nothing-to-confirm'
  /** `clientMac` is set and neither the DUID nor the link-local source matches it. */
  | 'foreign-client'
  /** Not sent from a link-local address, as RFC 8415 §13 has clients do (relays are not served). */
  | 'bad-source';

export interface DhcpV6Destination {
  address: string;
  port: number;
}

export type DhcpV6Decision =
  | {
      action: 'reply';
      /** advertised: an Advertise to a Solicit; replied: any Reply. */
      outcome: 'advertised' | 'replied';
      request: DhcpV6RequestKind;
      reply: DhcpV6Message;
      destination: DhcpV6Destination;
      detail: string;
    }
  | { action: 'drop'; reason: DhcpV6DropReason; detail: string };

interface PreparedConfig {
  /** Canonical text. */
  address: string;
  onLink: Cidr;
  serverDuid: Buffer;
  clientMac: Buffer | null;
  lifetimes: DhcpV6Lifetimes;
  configOptions: DhcpV6Option[];
}

/** Check a server config once, up front; throws ValidationError with the path of the first problem. */
export function validateDhcpV6ServerConfig(config: DhcpV6ServerConfig): void {
  prepare(config);
}

function prepare(config: DhcpV6ServerConfig): PreparedConfig {
  const address = tryParseIp(config.address);
  if (address?.family !== 6) {
    throw new ValidationError('/address', `failed to parse vm address ${JSON.stringify(config.address)} as an ipv6 address`);
  }
  if (!Number.isInteger(config.prefixLength) || config.prefixLength < 0 || config.prefixLength > 128) {
    throw new ValidationError('/prefixLength', `failed to use prefix length ${config.prefixLength}: expected an integer in 0–128`);
  }
  let clientMac: Buffer | null = null;
  if (config.clientMac !== null) {
    const mac = tryParseMac(config.clientMac);
    if (mac === null) throw new ValidationError('/clientMac', `failed to parse client mac "${config.clientMac}"`);
    clientMac = Buffer.from(macToBytes(mac));
  }
  return {
    address: formatIp(address),
    onLink: { family: 6, value: address.value, prefixLength: config.prefixLength },
    serverDuid: computeServerDuid(config.serverMac),
    clientMac,
    lifetimes: computeLifetimes(config),
    configOptions: computeConfigOptions(config),
  };
}

/**
 * Decode a datagram from `source` (the client's address, a `%zone` suffix
 * allowed) and decide; decode failures become drops with the decoder's reason.
 */
export function respondToDatagram(config: DhcpV6ServerConfig, bytes: Uint8Array, source: string): DhcpV6Decision {
  // A reply to any other source (::, off-link, IPv4-mapped) could not be delivered on this link.
  if (!isLinkLocal(source)) return drop('bad-source', `message from ${source}, not from a link-local address`);
  let message: DhcpV6Message;
  try {
    message = parseDhcpV6Message(bytes);
  } catch (err) {
    if (err instanceof DhcpV6DecodeError) return drop(err.reason, err.message);
    throw err;
  }
  return respond(config, message, source);
}

const LINK_LOCAL: Cidr = { family: 6, value: 0xfe80n << 112n, prefixLength: 10 };

function isLinkLocal(source: string): boolean {
  const ip = tryParseIp(source.split('%')[0] ?? '');
  return ip !== null && ip.family === 6 && cidrContains(LINK_LOCAL, ip);
}

/** Decide what to do with one decoded client message (RFC 8415 §16, §18.3). */
export function respond(config: DhcpV6ServerConfig, message: DhcpV6Message, source: string): DhcpV6Decision {
  const prepared = prepare(config);
  try {
    return decide(prepared, message, source);
  } catch (err) {
    // IA contents of a message built in memory (not parsed) are only checked here.
    if (err instanceof DhcpV6DecodeError) return drop(err.reason, err.message);
    throw err;
  }
}

function decide(prepared: PreparedConfig, message: DhcpV6Message, source: string): DhcpV6Decision {
  const kind = REQUEST_KINDS.get(message.msgType);
  if (kind === undefined) {
    return NOT_FROM_CLIENTS.has(message.msgType)
      ? drop('unexpected-message-type', `message type ${message.msgType} is not sent by clients`)
      : drop('unknown-message-type', `message type ${message.msgType} is not a dhcpv6 client message`);
  }
  const clientId = findOption(message.options, DhcpV6OptionCode.CLIENTID);
  if (clientId === undefined && kind !== 'information-request') return drop('missing-client-id', `${kind} has no client identifier`);
  const serverId = findOption(message.options, DhcpV6OptionCode.SERVERID);
  const serverIdRule = SERVER_ID_RULE[kind];
  if (serverId === undefined && serverIdRule === 'required') return drop('missing-server-id', `${kind} has no server identifier`);
  if (serverId !== undefined && serverIdRule === 'forbidden') return drop('unexpected-server-id', `${kind} must not carry a server identifier`);
  if (serverId !== undefined && !serverId.equals(prepared.serverDuid)) {
    return drop('other-server', `${kind} is for server ${serverId.toString('hex')}, not ${prepared.serverDuid.toString('hex')}`);
  }
  const bareSource = source.split('%')[0]!;
  const sourceIp = tryParseIp(bareSource);
  if (prepared.clientMac !== null && !isClient(prepared.clientMac, clientId, sourceIp)) {
    return drop('foreign-client', `${kind} from ${bareSource} (duid ${clientId?.toString('hex') ?? 'none'}) is not from the vm's ${formatMac(prepared.clientMac)}`);
  }

  const from = `${bareSource} (duid ${clientId?.toString('hex') ?? 'none'})`;
  const reply = (msgType: number, options: DhcpV6Option[], detail: string): DhcpV6Decision => ({
    action: 'reply',
    outcome: msgType === DhcpV6MessageType.ADVERTISE ? 'advertised' : 'replied',
    request: kind,
    reply: {
      msgType,
      transactionId: message.transactionId,
      options: [
        ...(clientId === undefined ? [] : [{ code: DhcpV6OptionCode.CLIENTID, data: clientId }]),
        { code: DhcpV6OptionCode.SERVERID, data: prepared.serverDuid },
        ...options,
      ],
    },
    // The socket is bound to the bridge, which scopes a link-local destination; a zone name
    // would be resolved by Node in the main thread's netns, where the bridge does not exist.
    destination: { address: bareSource, port: DHCPV6_CLIENT_PORT },
    detail: `${detail} for ${from}`,
  });
  const requested = message.options;
  const hasIaNa = requested.some((o) => o.code === DhcpV6OptionCode.IA_NA);

  switch (kind) {
    case 'solicit': {
      const ias = answerIas(prepared, requested, 'assign');
      if (findOption(requested, DhcpV6OptionCode.RAPID_COMMIT) !== undefined) {
        return reply(DhcpV6MessageType.REPLY, [{ code: DhcpV6OptionCode.RAPID_COMMIT, data: Buffer.alloc(0) }, ...ias, ...prepared.configOptions], `commit ${prepared.address} (rapid commit)`);
      }
      const noAddress = hasIaNa ? [] : [statusOption(DhcpV6StatusCode.NO_ADDRS_AVAIL, 'only ia_na is served')];
      return reply(
        DhcpV6MessageType.ADVERTISE,
        [{ code: DhcpV6OptionCode.PREFERENCE, data: Buffer.from([MAX_PREFERENCE]) }, ...noAddress, ...ias, ...prepared.configOptions],
        hasIaNa ? `advertise ${prepared.address}` : 'advertise no address (no ia_na)',
      );
    }
    case 'request':
      return reply(DhcpV6MessageType.REPLY, [...answerIas(prepared, requested, 'assign'), ...prepared.configOptions], `commit ${prepared.address}`);
    case 'renew':
    case 'rebind':
      return reply(DhcpV6MessageType.REPLY, [...answerIas(prepared, requested, 'extend'), ...prepared.configOptions], `${kind} ${prepared.address}`);
    case 'confirm': {
      const addresses = listedAddresses(requested);
      if (addresses.length === 0) return drop('nothing-to-confirm', `confirm from ${from} lists no address`);
      const offLink = addresses.filter((a) => !isOnLink(prepared, a));
      if (offLink.length > 0) {
        return reply(DhcpV6MessageType.REPLY, [statusOption(DhcpV6StatusCode.NOT_ON_LINK, `not on link: ${offLink.join(', ')}`)], `confirm: ${offLink.join(', ')} not on link`);
      }
      return reply(DhcpV6MessageType.REPLY, [statusOption(DhcpV6StatusCode.SUCCESS, 'addresses are on link')], `confirm: ${addresses.join(', ')} on link`);
    }
    case 'release':
    case 'decline':
      return reply(
        DhcpV6MessageType.REPLY,
        [statusOption(DhcpV6StatusCode.SUCCESS, `${kind} noted`), ...answerIas(prepared, requested, 'forget')],
        kind === 'decline' ? `decline of ${listedAddresses(requested).join(', ') || '(none)'}: the address is in use elsewhere on the link` : `release of ${listedAddresses(requested).join(', ') || '(none)'}`,
      );
    case 'information-request':
      if (requested.some((o) => IA_CODES.has(o.code))) return drop('ia-in-information-request', `information-request from ${from} carries an ia option`);
      return reply(DhcpV6MessageType.REPLY, [...prepared.configOptions], 'configuration');
  }
}

const IA_CODES: ReadonlySet<number> = new Set([DhcpV6OptionCode.IA_NA, DhcpV6OptionCode.IA_TA, DhcpV6OptionCode.IA_PD]);

/**
 * One IA in the reply per IA in the request, same IAID.
 * - assign (Solicit, Request): IA_NA gets the VM address; IA_TA NoAddrsAvail; IA_PD NoPrefixAvail.
 * - extend (Renew, Rebind): IA_NA gets the VM address plus every other listed address with
 *   lifetimes 0; IA_TA/IA_PD leases come back with lifetimes 0, or NoBinding when none is listed.
 * - forget (Release, Decline): the IA_NA binding exists, so nothing is said about it; IA_TA and
 *   IA_PD get NoBinding (RFC 8415 §18.3.7).
 */
function answerIas(prepared: PreparedConfig, requested: readonly DhcpV6Option[], mode: 'assign' | 'extend' | 'forget'): DhcpV6Option[] {
  const out: DhcpV6Option[] = [];
  for (const { code, data } of requested) {
    if (code === DhcpV6OptionCode.IA_NA) {
      if (mode === 'forget') continue;
      const ia = parseIaWithTimes(data);
      const stale = mode === 'extend' ? iaAddresses(ia.options).filter((a) => a !== prepared.address) : [];
      const { t1, t2, preferred, valid } = prepared.lifetimes;
      const addresses = [
        { address: prepared.address, preferredLifetime: preferred, validLifetime: valid },
        ...stale.map((address) => ({ address, preferredLifetime: 0, validLifetime: 0 })),
      ].map((a) => ({ code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ ...a, options: [] }) }));
      out.push({ code, data: formatIaWithTimes({ iaid: ia.iaid, t1, t2, options: addresses }) });
    } else if (code === DhcpV6OptionCode.IA_TA) {
      const ia = parseIaTa(data);
      const leases = mode === 'extend' ? iaAddresses(ia.options).map((address) => ({ code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ address, preferredLifetime: 0, validLifetime: 0, options: [] }) })) : [];
      out.push({ code, data: formatIaTa({ iaid: ia.iaid, options: leasesOrStatus(leases, mode, DhcpV6StatusCode.NO_ADDRS_AVAIL, 'no temporary addresses are served') }) });
    } else if (code === DhcpV6OptionCode.IA_PD) {
      const ia = parseIaWithTimes(data);
      const leases = mode === 'extend' ? findOptions(ia.options, DhcpV6OptionCode.IAPREFIX).map((prefix) => ({ code: DhcpV6OptionCode.IAPREFIX, data: expiredPrefix(prefix) })) : [];
      out.push({ code, data: formatIaWithTimes({ iaid: ia.iaid, t1: 0, t2: 0, options: leasesOrStatus(leases, mode, DhcpV6StatusCode.NO_PREFIX_AVAIL, 'no prefixes are delegated') }) });
    }
  }
  return out;
}

/** Listed leases with lifetimes 0 when extending; otherwise the "nothing for you" status of the mode. */
function leasesOrStatus(leases: DhcpV6Option[], mode: 'assign' | 'extend' | 'forget', assignStatus: number, assignMessage: string): DhcpV6Option[] {
  if (leases.length > 0) return leases;
  return [mode === 'assign' ? statusOption(assignStatus, assignMessage) : statusOption(DhcpV6StatusCode.NO_BINDING, 'no binding for this ia')];
}

/** An IA Prefix (RFC 8415 §21.22) with both lifetimes 0 and no options: "no longer valid". */
function expiredPrefix(data: Buffer): Buffer {
  const prefix = Buffer.from(data.subarray(0, 25));
  prefix.fill(0, 0, 8);
  return prefix;
}

function iaAddresses(options: readonly DhcpV6Option[]): string[] {
  return findOptions(options, DhcpV6OptionCode.IAADDR).map((data) => parseIaAddress(data).address);
}

/** Every address in the IA_NA and IA_TA options of a message. */
function listedAddresses(options: readonly DhcpV6Option[]): string[] {
  return options.flatMap(({ code, data }) => {
    if (code === DhcpV6OptionCode.IA_NA) return iaAddresses(parseIaWithTimes(data).options);
    if (code === DhcpV6OptionCode.IA_TA) return iaAddresses(parseIaTa(data).options);
    return [];
  });
}

function isOnLink(prepared: PreparedConfig, address: string): boolean {
  const ip = tryParseIp(address);
  return ip !== null && cidrContains(prepared.onLink, ip);
}

function statusOption(status: number, message: string): DhcpV6Option {
  return { code: DhcpV6OptionCode.STATUS_CODE, data: formatStatus({ status, message }) };
}

/**
 * The client is the VM when its DUID-LLT/DUID-LL carries the VM's Ethernet
 * address, or when it speaks from the link-local address the kernel derives
 * from that MAC (modified EUI-64, RFC 4291 §2.5.1 and appendix A: the U/L
 * bit flipped, ff:fe in the middle).
 */
function isClient(mac: Buffer, clientId: Buffer | undefined, source: IpValue | null): boolean {
  if (clientId !== undefined && duidEthernetAddress(clientId)?.equals(mac)) return true;
  if (source?.family !== 6) return false;
  const eui64 = Buffer.from([mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!]).readBigUInt64BE(0);
  const linkLocalPrefix = 0xfe80n << 112n;
  return source.value === (linkLocalPrefix | eui64);
}

/** The Ethernet address in a DUID-LLT or DUID-LL, or undefined (other types, other hardware, malformed). */
function duidEthernetAddress(clientId: Buffer): Buffer | undefined {
  let duid: DhcpV6Duid;
  try {
    duid = parseDuid(clientId);
  } catch (err) {
    if (err instanceof DhcpV6DecodeError) return undefined;
    throw err;
  }
  const carriesAddress = duid.type === DuidType.LL || duid.type === DuidType.LLT;
  return carriesAddress && duid.hardwareType === HARDWARE_TYPE_ETHERNET ? duid.linkLayerAddress : undefined;
}

function drop(reason: DhcpV6DropReason, detail: string): DhcpV6Decision {
  return { action: 'drop', reason, detail };
}
