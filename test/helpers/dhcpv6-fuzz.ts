// Seeded DHCPv6 packets for the fuzz test (RFC 8415): valid client messages built with the
// server's own codec (dhcp/v6/codec.ts), then broken at every level the decoder and the responder
// look at: the 4-byte header, option lengths at the top and inside IA_NA/IA_TA/IA_PD/IA Address,
// nesting depth, DUID sizes, duplicated and missing identifiers (RFC 8415 §16), relay messages
// (§9), and plain noise.
//
// Each packet says who sends it: the VM (from the link-local address the kernel derives from the
// VM's MAC, RFC 4291 §2.5.1), or one of the foreign clients, whose link-local address and DUID both
// carry another MAC. The server must answer the first whatever it contains, and never the second.
import {
  DhcpV6MessageType,
  type DhcpV6Message,
  type DhcpV6Option,
  DhcpV6OptionCode,
  DuidType,
  HARDWARE_TYPE_ETHERNET,
  findOption,
  formatDhcpV6Message,
  formatDhcpV6Options,
  formatDuidLl,
  formatDuidLlt,
  formatIaAddress,
  formatIaTa,
  formatIaWithTimes,
  parseDhcpV6Message,
  parseDuid,
} from '../../dhcp/v6/codec.js';
import { formatIp, formatMac, ipFromBytes, macToBytes } from '../../src/core/ip.js';
import { appendGarbage, flipBits, foreignMac, lieAboutOptionLength, overwriteRun, randomPacket, truncate, type PacketGenerator, type Rng, type TlvLayout } from './packet-mutator.js';

/** One datagram to ff02::1:2 port 547, and its sender. */
export interface DhcpV6FuzzPacket {
  bytes: Buffer;
  /** null: the VM; else the index of the foreign client in DhcpV6FuzzTarget.foreignMacs. */
  foreign: number | null;
}

/** The facts valid messages are built from. */
export interface DhcpV6FuzzTarget {
  /** The MAC the server answers (its clientMac). */
  clientMac: string;
  /** The server's DUID (option 2 of Request, Renew, Release, Decline). */
  serverDuid: Buffer;
  /** The address the server leases in IA_NA. */
  address: string;
  /** MACs of the foreign clients: each sends from the EUI-64 link-local address of its MAC. */
  foreignMacs: readonly string[];
}

/** The top-level options of a message (RFC 8415 §8: after msg-type and the 3-byte transaction id). */
export const DHCPV6_OPTIONS_LAYOUT: TlvLayout = { start: 4, codeBytes: 2, lengthBytes: 2 };
const OPTION_HEADER = 4;
/** RFC 8415 §21.10 (Relay Message), §21.18 (Interface-Id): only in relay messages. */
const RELAY_MSG = 9;
const INTERFACE_ID = 18;
/** Where the options inside an encapsulating option's data start (RFC 8415 §21.4–§21.6, §21.21, §21.22). */
const NESTED_AT: ReadonlyMap<number, number> = new Map([
  [DhcpV6OptionCode.IA_NA, 12],
  [DhcpV6OptionCode.IA_TA, 4],
  [DhcpV6OptionCode.IA_PD, 12],
  [DhcpV6OptionCode.IAADDR, 24],
  [DhcpV6OptionCode.IAPREFIX, 25],
]);

type ClientKind = 'solicit' | 'solicit-rapid-commit' | 'request' | 'confirm' | 'renew' | 'rebind' | 'release' | 'decline' | 'information-request';
const CLIENT_KINDS: readonly ClientKind[] = ['solicit', 'solicit-rapid-commit', 'request', 'confirm', 'renew', 'rebind', 'release', 'decline', 'information-request'];
const MSG_TYPE: Readonly<Record<ClientKind, number>> = {
  solicit: DhcpV6MessageType.SOLICIT,
  'solicit-rapid-commit': DhcpV6MessageType.SOLICIT,
  request: DhcpV6MessageType.REQUEST,
  confirm: DhcpV6MessageType.CONFIRM,
  renew: DhcpV6MessageType.RENEW,
  rebind: DhcpV6MessageType.REBIND,
  release: DhcpV6MessageType.RELEASE,
  decline: DhcpV6MessageType.DECLINE,
  'information-request': DhcpV6MessageType.INFORMATION_REQUEST,
};
/** RFC 8415 §16: the messages that must carry the server's identifier. */
const NEEDS_SERVER_ID: ReadonlySet<ClientKind> = new Set(['request', 'renew', 'release', 'decline']);

const option = (code: number, data: Buffer | number[]): DhcpV6Option => ({ code, data: Buffer.from(data) });
const u16 = (value: number): Buffer => {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
};

/** The modified EUI-64 link-local address of `mac` (RFC 4291 §2.5.1, appendix A): how the kernel names it. */
export function linkLocalOf(mac: string): string {
  const b = macToBytes(mac);
  return formatIp(ipFromBytes(Uint8Array.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!])));
}

/** A random address: in the VM's prefix (on-link) or anywhere (not). */
function randomAddress(rng: Rng, target: DhcpV6FuzzTarget): string {
  const base = target.address.split(':').slice(0, -1).join(':');
  return rng.chance(0.5) ? `${base}:${rng.int(0, 0xffff).toString(16)}` : [...Array(8)].map(() => rng.int(0, 0xffff).toString(16)).join(':');
}

function iaAddress(address: string, options: DhcpV6Option[] = []): DhcpV6Option {
  return { code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ address, preferredLifetime: 0, validLifetime: 0, options }) };
}

function iaNa(rng: Rng, addresses: string[]): DhcpV6Option {
  return { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid: rng.uint32(), t1: 0, t2: 0, options: addresses.map((a) => iaAddress(a)) }) };
}

/** IA_TA with addresses, or IA_PD with prefixes (RFC 8415 §21.5, §21.21, §21.22). */
function otherIa(rng: Rng, target: DhcpV6FuzzTarget): DhcpV6Option {
  if (rng.chance(0.5)) {
    const addresses = [...Array(rng.int(0, 2))].map(() => iaAddress(randomAddress(rng, target)));
    return { code: DhcpV6OptionCode.IA_TA, data: formatIaTa({ iaid: rng.uint32(), options: addresses }) };
  }
  const prefixes = [...Array(rng.int(0, 2))].map(() => {
    const prefix = Buffer.alloc(25);
    prefix[8] = rng.int(0, 128);
    rng.bytes(16).copy(prefix, 9);
    return option(DhcpV6OptionCode.IAPREFIX, prefix);
  });
  return { code: DhcpV6OptionCode.IA_PD, data: formatIaWithTimes({ iaid: rng.uint32(), t1: 0, t2: 0, options: prefixes }) };
}

/**
 * A client identifier: DUID-LL or DUID-LLT of `mac`; or, for `mac` null, one that names nobody
 * on the link: of a MAC no client has, a DUID-EN or a DUID-UUID.
 */
function clientDuid(rng: Rng, target: DhcpV6FuzzTarget, mac: string | null): Buffer {
  if (mac !== null || rng.chance(0.6)) {
    const address = macToBytes(mac ?? foreignMac(rng, target.clientMac, ...target.foreignMacs));
    return rng.chance(0.5) ? formatDuidLl(HARDWARE_TYPE_ETHERNET, address) : formatDuidLlt(HARDWARE_TYPE_ETHERNET, rng.uint32(), address);
  }
  return rng.chance(0.5) ? Buffer.concat([u16(DuidType.EN), rng.bytes(rng.int(4, 20))]) : Buffer.concat([u16(DuidType.UUID), rng.bytes(16)]);
}

/**
 * A well-formed message of `kind` as a real client sends it, with `duidMac` in its DUID. The
 * VM's messages (`duidMac` null) carry its MAC, or a MAC of nobody's, or no MAC: never a foreign
 * client's, whose replies the test would count as foreign.
 */
export function validDhcpV6Message(rng: Rng, target: DhcpV6FuzzTarget, kind: ClientKind, duidMac: string | null): DhcpV6Message {
  const options: DhcpV6Option[] = [];
  if (kind !== 'information-request' || rng.chance(0.5)) {
    const vmDuid = duidMac === null && rng.chance(0.6);
    options.push(option(DhcpV6OptionCode.CLIENTID, clientDuid(rng, target, vmDuid ? target.clientMac : duidMac)));
  }
  if (NEEDS_SERVER_ID.has(kind) || (kind === 'information-request' && rng.chance(0.3))) options.push(option(DhcpV6OptionCode.SERVERID, target.serverDuid));
  options.push(option(DhcpV6OptionCode.ELAPSED_TIME, u16(rng.int(0, 0xffff))));
  if (rng.chance(0.8)) options.push(option(DhcpV6OptionCode.ORO, [0, DhcpV6OptionCode.DNS_SERVERS, 0, DhcpV6OptionCode.DOMAIN_LIST, ...(rng.chance(0.3) ? [0, 32, 0, 82] : [])]));
  if (kind === 'solicit-rapid-commit') options.push(option(DhcpV6OptionCode.RAPID_COMMIT, []));
  switch (kind) {
    case 'information-request':
      break;
    case 'confirm':
      options.push(iaNa(rng, [rng.chance(0.6) ? target.address : randomAddress(rng, target)]));
      break;
    case 'renew':
    case 'rebind':
      options.push(iaNa(rng, [target.address, ...(rng.chance(0.3) ? [randomAddress(rng, target)] : [])]));
      break;
    default: {
      if (kind.startsWith('solicit') && rng.chance(0.15)) break; // no IA_NA: a top-level NoAddrsAvail
      options.push(iaNa(rng, rng.chance(0.5) ? [target.address] : []));
    }
  }
  if (kind !== 'information-request' && rng.chance(0.15)) options.push(otherIa(rng, target));
  return { msgType: MSG_TYPE[kind], transactionId: rng.int(0, 0xffffff), options };
}

function validVmMessage(rng: Rng, target: DhcpV6FuzzTarget): DhcpV6Message {
  return validDhcpV6Message(rng, target, rng.pick(CLIENT_KINDS), null);
}

const vmBytes = (rng: Rng, target: DhcpV6FuzzTarget): Buffer => formatDhcpV6Message(validVmMessage(rng, target));

/** The message with its options replaced by `options`, which may be any bytes. */
function withRawOptions(message: DhcpV6Message, options: Buffer): Buffer {
  return Buffer.concat([formatDhcpV6Message({ ...message, options: [] }), options]);
}

/**
 * A length lie inside an encapsulating option (IA_NA, IA_TA, IA_PD, IA Address, IA Prefix): the
 * container's own length stays true, so only the recursive parse can catch it.
 */
function nestedLengthLie(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  const containers = message.options.map((o, i) => [o, i] as const).filter(([o]) => NESTED_AT.has(o.code));
  if (containers.length === 0) message.options.push(iaNa(rng, [target.address]));
  const [container, index] = containers.length === 0 ? [message.options.at(-1)!, message.options.length - 1] : rng.pick(containers);
  let data = container.data;
  // One level down when an IA holds an IA Address or IA Prefix, so lies also land two levels deep.
  const nestedAt = NESTED_AT.get(container.code)!;
  const inner = data.length > nestedAt + OPTION_HEADER ? data.readUInt16BE(nestedAt) : -1;
  if (NESTED_AT.has(inner) && rng.chance(0.5)) {
    const innerLength = data.readUInt16BE(nestedAt + 2);
    const innerData = data.subarray(nestedAt + OPTION_HEADER, nestedAt + OPTION_HEADER + innerLength);
    const lied = lieAboutOptionLength(rng, Buffer.concat([innerData, rng.bytes(rng.int(0, 8))]), { ...DHCPV6_OPTIONS_LAYOUT, start: NESTED_AT.get(inner)! });
    data = Buffer.concat([data.subarray(0, nestedAt), u16(inner), u16(lied.length), lied, data.subarray(nestedAt + OPTION_HEADER + innerLength)]);
  } else {
    const nested = data.length > nestedAt ? data : Buffer.concat([data, formatDhcpV6Options([iaAddress(target.address)])]);
    data = lieAboutOptionLength(rng, nested, { ...DHCPV6_OPTIONS_LAYOUT, start: nestedAt });
  }
  message.options[index] = { code: container.code, data };
  return formatDhcpV6Message(message);
}

/** IA Address inside IA Address inside … (RFC 8415 allows none of it): 1 to 10 levels under an IA_NA. */
function deepNesting(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  let inner: DhcpV6Option[] = [];
  for (let depth = rng.int(1, 10); depth > 0; depth--) {
    inner = [iaAddress(rng.chance(0.5) ? target.address : randomAddress(rng, target), inner)];
  }
  message.options = [...message.options.filter((o) => !NESTED_AT.has(o.code)), { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid: rng.uint32(), t1: 0, t2: 0, options: inner }) }];
  if (message.msgType === DhcpV6MessageType.INFORMATION_REQUEST) message.msgType = DhcpV6MessageType.REQUEST;
  return formatDhcpV6Message(message);
}

/** Options repeated: identifiers that disagree, tens of IAs, ORO, Elapsed Time, Rapid Commit twice. */
function duplicateOptions(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  const extra: DhcpV6Option[] = [];
  for (let n = rng.int(1, 4); n > 0; n--) {
    switch (rng.int(0, 4)) {
      case 0: // a second client identifier, of a MAC nobody uses
        extra.push(option(DhcpV6OptionCode.CLIENTID, clientDuid(rng, target, null)));
        break;
      case 1: // our server identifier and another one, either order
        extra.push(option(DhcpV6OptionCode.SERVERID, rng.chance(0.5) ? target.serverDuid : clientDuid(rng, target, null)));
        break;
      case 2: // many IAs of every kind
        for (let i = rng.int(2, 60); i > 0; i--) extra.push(rng.chance(0.6) ? iaNa(rng, rng.chance(0.5) ? [target.address] : []) : otherIa(rng, target));
        break;
      case 3:
        extra.push(option(DhcpV6OptionCode.RAPID_COMMIT, []), option(DhcpV6OptionCode.ELAPSED_TIME, u16(rng.int(0, 0xffff))));
        break;
      default: // the same option again, unchanged
        if (message.options.length > 0) extra.push(rng.pick(message.options));
    }
  }
  const options = [...message.options, ...extra];
  // Shuffled: which of two identifiers a server reads must not matter for safety.
  for (let i = options.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [options[i], options[j]] = [options[j]!, options[i]!];
  }
  return formatDhcpV6Message({ ...message, options });
}

/**
 * Hundreds of IAs in one message: each IA_NA answered costs 44 bytes for its 16, so the reply is
 * far larger than the request (and fragmented on the link).
 */
function manyIas(rng: Rng, target: DhcpV6FuzzTarget, maxLength: number): Buffer {
  const message = validDhcpV6Message(rng, target, rng.pick(['solicit', 'request', 'renew', 'rebind'] as const), null);
  for (let size = formatDhcpV6Message(message).length; size + 48 < maxLength && rng.chance(0.995); ) {
    const ia = rng.chance(0.8) ? iaNa(rng, []) : otherIa(rng, target);
    message.options.push(ia);
    size += OPTION_HEADER + ia.data.length;
  }
  return formatDhcpV6Message(message);
}

/** Client or server identifiers of every size: empty, one byte, the 130-byte maximum, far beyond it. */
function hugeDuid(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  const code = rng.chance(0.7) ? DhcpV6OptionCode.CLIENTID : DhcpV6OptionCode.SERVERID;
  const length = rng.pick([0, 1, 2, 3, 130, 131, rng.int(131, 600), rng.int(600, 8000)]);
  // Within the limit, a DUID-LL whose link-layer address is as long as it gets.
  const duid = length >= 4 && rng.chance(0.5) ? Buffer.concat([formatDuidLl(HARDWARE_TYPE_ETHERNET, Buffer.alloc(0)), rng.bytes(length - 4)]) : rng.bytes(length);
  const options = message.options.filter((o) => o.code !== code);
  options.splice(rng.int(0, options.length), 0, option(code, duid));
  return formatDhcpV6Message({ ...message, options });
}

/** Relay-forward and relay-reply (RFC 8415 §9) around a valid message: never served on the VM's link. */
function relayMessage(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const header = Buffer.alloc(34);
  header[0] = rng.chance(0.8) ? DhcpV6MessageType.RELAY_FORW : DhcpV6MessageType.RELAY_REPL;
  header[1] = rng.int(0, 32);
  rng.bytes(32).copy(header, 2);
  const relayed = [option(RELAY_MSG, vmBytes(rng, target)), ...(rng.chance(0.5) ? [option(INTERFACE_ID, rng.bytes(rng.int(1, 16)))] : [])];
  return Buffer.concat([header, formatDhcpV6Options(relayed)]).subarray(0, rng.chance(0.2) ? rng.int(0, 40) : undefined);
}

/** Message types no client sends, or nobody defines (RFC 8415 §7.3), on otherwise valid messages. */
function otherMessageType(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  message.msgType = rng.pick([0, DhcpV6MessageType.ADVERTISE, DhcpV6MessageType.REPLY, DhcpV6MessageType.RECONFIGURE, rng.int(14, 255)]);
  return formatDhcpV6Message(message);
}

/** The identifier rules of RFC 8415 §16 broken one at a time, and Confirm/Information-request corners. */
function identifierRules(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const kind = rng.pick(CLIENT_KINDS);
  const message = validDhcpV6Message(rng, target, kind, null);
  const without = (code: number): DhcpV6Option[] => message.options.filter((o) => o.code !== code);
  switch (rng.int(0, 4)) {
    case 0: // no client identifier
      message.options = without(DhcpV6OptionCode.CLIENTID);
      if (kind === 'information-request') message.msgType = DhcpV6MessageType.SOLICIT;
      break;
    case 1: // no server identifier where one is required, or one where none is allowed
      if (NEEDS_SERVER_ID.has(kind)) message.options = without(DhcpV6OptionCode.SERVERID);
      else message.options.push(option(DhcpV6OptionCode.SERVERID, target.serverDuid));
      break;
    case 2: // another server's identifier
      message.options = [...without(DhcpV6OptionCode.SERVERID), option(DhcpV6OptionCode.SERVERID, clientDuid(rng, target, null))];
      if (!NEEDS_SERVER_ID.has(kind)) message.msgType = DhcpV6MessageType.REQUEST;
      break;
    case 3: // an IA in an Information-request (RFC 8415 §16.12)
      message.msgType = DhcpV6MessageType.INFORMATION_REQUEST;
      message.options = [...without(DhcpV6OptionCode.SERVERID), rng.chance(0.5) ? iaNa(rng, []) : otherIa(rng, target)];
      break;
    default: // a Confirm listing no address (RFC 8415 §18.3.3: no reply)
      message.msgType = DhcpV6MessageType.CONFIRM;
      message.options = [...without(DhcpV6OptionCode.SERVERID).filter((o) => !NESTED_AT.has(o.code)), ...(rng.chance(0.5) ? [iaNa(rng, [])] : [])];
      if (findOption(message.options, DhcpV6OptionCode.CLIENTID) === undefined) message.options.push(option(DhcpV6OptionCode.CLIENTID, clientDuid(rng, target, target.clientMac)));
  }
  return formatDhcpV6Message(message);
}

/** Random option codes with random, self-consistent lengths: the known ones usually of the wrong size. */
function randomOptions(rng: Rng, target: DhcpV6FuzzTarget): Buffer {
  const message = validVmMessage(rng, target);
  const extra: DhcpV6Option[] = [];
  for (let n = rng.int(1, 8); n > 0; n--) extra.push(option(rng.chance(0.5) ? rng.int(1, 40) : rng.int(1, 0xffff), rng.bytes(rng.pick([0, 1, 2, 4, 12, 16, 24, 25, rng.int(0, 300)]))));
  return formatDhcpV6Message({ ...message, options: rng.chance(0.5) ? [...message.options, ...extra] : [...extra, ...message.options] });
}

/** A valid message grown to thousands of bytes with unknown options (fragmented on the link). */
function hugeMessage(rng: Rng, target: DhcpV6FuzzTarget, maxLength: number): Buffer {
  const message = validVmMessage(rng, target);
  const goal = rng.int(1500, maxLength);
  let size = formatDhcpV6Message(message).length;
  while (size + OPTION_HEADER + 1024 < goal) {
    const data = rng.bytes(rng.int(0, 1024));
    message.options.push(option(rng.int(100, 0xffff), data));
    size += OPTION_HEADER + data.length;
  }
  return formatDhcpV6Message(message);
}

/** A valid message from a foreign client: its own link-local source, its own MAC in the DUID (or no DUID). */
function foreignMessage(rng: Rng, target: DhcpV6FuzzTarget): DhcpV6FuzzPacket {
  const foreign = rng.int(0, target.foreignMacs.length - 1);
  const message = validDhcpV6Message(rng, target, rng.pick(CLIENT_KINDS), target.foreignMacs[foreign]!);
  return { bytes: formatDhcpV6Message(message), foreign };
}

const fromVm =
  (make: (rng: Rng) => Buffer) =>
  (rng: Rng): DhcpV6FuzzPacket => ({ bytes: make(rng), foreign: null });

/** The DHCPv6 mix; `maxLength` bounds every datagram. */
export function dhcpV6Generators(target: DhcpV6FuzzTarget, maxLength = 16_000): PacketGenerator<DhcpV6FuzzPacket>[] {
  if (target.foreignMacs.length === 0) throw new Error('failed to build the dhcpv6 mix: no foreign client');
  const valid = (rng: Rng): Buffer => vmBytes(rng, target);
  return [
    { name: 'valid', weight: 8, make: fromVm(valid) },
    { name: 'valid-foreign-client', weight: 8, make: (rng) => foreignMessage(rng, target) },
    { name: 'bit-flips', weight: 12, make: fromVm((rng) => flipBits(rng, valid(rng))) },
    { name: 'truncated', weight: 8, make: fromVm((rng) => truncate(rng, valid(rng))) },
    { name: 'overwritten-run', weight: 5, make: fromVm((rng) => overwriteRun(rng, valid(rng))) },
    { name: 'trailing-garbage', weight: 4, make: fromVm((rng) => appendGarbage(rng, valid(rng))) },
    { name: 'option-length-lie', weight: 10, make: fromVm((rng) => lieAboutOptionLength(rng, valid(rng), DHCPV6_OPTIONS_LAYOUT)) },
    { name: 'nested-option-length-lie', weight: 10, make: fromVm((rng) => nestedLengthLie(rng, target)) },
    { name: 'deep-nesting', weight: 3, make: fromVm((rng) => deepNesting(rng, target)) },
    { name: 'duplicate-options', weight: 6, make: fromVm((rng) => duplicateOptions(rng, target)) },
    { name: 'many-ias', weight: 1, make: fromVm((rng) => manyIas(rng, target, maxLength)) },
    { name: 'huge-duid', weight: 5, make: fromVm((rng) => hugeDuid(rng, target)) },
    { name: 'relay', weight: 3, make: fromVm((rng) => relayMessage(rng, target)) },
    { name: 'other-message-type', weight: 4, make: fromVm((rng) => otherMessageType(rng, target)) },
    { name: 'identifier-rules', weight: 8, make: fromVm((rng) => identifierRules(rng, target)) },
    { name: 'random-options', weight: 4, make: fromVm((rng) => randomOptions(rng, target)) },
    { name: 'raw-options', weight: 3, make: fromVm((rng) => withRawOptions(validVmMessage(rng, target), rng.bytes(rng.int(0, 300)))) },
    { name: 'random-bytes', weight: 3, make: fromVm((rng) => randomPacket(rng, 1200)) },
    { name: 'empty', weight: 1, make: fromVm(() => Buffer.alloc(0)) },
    { name: 'huge', weight: 2, make: fromVm((rng) => hugeMessage(rng, target, maxLength)) },
  ];
}

/** What a listener needs of a server message: its type and the MAC in the client DUID it carries (a listener's view). */
export function peekDhcpV6Reply(bytes: Buffer): { msgType: number; clientMac: string | null } | null {
  let message: DhcpV6Message;
  try {
    message = parseDhcpV6Message(bytes);
  } catch {
    return null;
  }
  if (message.msgType !== DhcpV6MessageType.ADVERTISE && message.msgType !== DhcpV6MessageType.REPLY) return null;
  const clientId = findOption(message.options, DhcpV6OptionCode.CLIENTID);
  let clientMac: string | null = null;
  if (clientId !== undefined) {
    try {
      const duid = parseDuid(clientId);
      if (duid.linkLayerAddress?.length === 6) clientMac = formatMac(duid.linkLayerAddress);
    } catch {
      // A DUID the VM's own mutated message carried: answered (the source address is the VM's), not a MAC.
    }
  }
  return { msgType: message.msgType, clientMac };
}
