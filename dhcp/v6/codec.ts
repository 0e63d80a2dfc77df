/**
 * DHCPv6 wire format (RFC 8415 §8, §21) as parse/format pairs.
 *
 * Codec rules:
 * - A message is msg-type, a 24-bit transaction id and an ordered option list
 *   `{ code, data }` (RFC 8415 §8). Relay-forward/relay-reply messages have
 *   another header (§9); virtnet's server sits on the VM's own link and never
 *   sees a relay, so they are refused as `relay-message`.
 * - Options keep their order and repetitions; option data stays raw. The typed
 *   codecs below (IA_NA, IA_TA, IA_PD, IA Address, Status Code, DUID, the
 *   address and domain lists) read and write one option's data.
 * - Parsing is strict about structure, recursively: every option header and
 *   length must fit its container, options with a fixed layout must have it
 *   (`STRUCTURE`), and the options encapsulated in IA_NA/IA_TA/IA_PD/IA Address/
 *   IA Prefix must parse too. A message that parses therefore never makes a
 *   typed decoder fail on its IA options.
 * - Every read is bounds-checked. Malformed input throws `DhcpV6DecodeError`, a
 *   `DhcpDecodeError` carrying the offset (from the start of the message, or of
 *   the option data for the typed decoders) and a reason code, and nothing else.
 */

import { DhcpDecodeError, VirtnetError } from '../../src/core/errors.js';
import { formatIp, ipFromBytes, ipToBytes, tryParseIp } from '../../src/core/ip.js';

/** RFC 8415 §7.2. */
export const DHCPV6_CLIENT_PORT = 546;
export const DHCPV6_SERVER_PORT = 547;
/** RFC 8415 §7.1: All_DHCP_Relay_Agents_and_Servers, where clients send everything. */
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

/** RFC 8415 §7.3. */
export const DhcpV6MessageType = {
  SOLICIT: 1,
  ADVERTISE: 2,
  REQUEST: 3,
  CONFIRM: 4,
  RENEW: 5,
  REBIND: 6,
  REPLY: 7,
  RELEASE: 8,
  DECLINE: 9,
  RECONFIGURE: 10,
  INFORMATION_REQUEST: 11,
  RELAY_FORW: 12,
  RELAY_REPL: 13,
} as const;

/** Option codes used by virtnet (RFC 8415 §21 unless noted). */
export const DhcpV6OptionCode = {
  CLIENTID: 1,
  SERVERID: 2,
  IA_NA: 3,
  IA_TA: 4,
  IAADDR: 5,
  ORO: 6,
  PREFERENCE: 7,
  ELAPSED_TIME: 8,
  UNICAST: 12,
  STATUS_CODE: 13,
  RAPID_COMMIT: 14,
  /** RFC 3646 §3. */
  DNS_SERVERS: 23,
  /** RFC 3646 §4. */
  DOMAIN_LIST: 24,
  IA_PD: 25,
  IAPREFIX: 26,
  INFORMATION_REFRESH_TIME: 32,
} as const;

/** RFC 8415 §21.13. */
export const DhcpV6StatusCode = {
  SUCCESS: 0,
  UNSPEC_FAIL: 1,
  NO_ADDRS_AVAIL: 2,
  NO_BINDING: 3,
  NOT_ON_LINK: 4,
  USE_MULTICAST: 5,
  NO_PREFIX_AVAIL: 6,
} as const;

/** RFC 8415 §11.1. */
export const DuidType = { LLT: 1, EN: 2, LL: 3, UUID: 4 } as const;
/** IANA ARP hardware type for Ethernet, the one DUID-LL/LLT carries for a MAC (RFC 826). */
export const HARDWARE_TYPE_ETHERNET = 1;

export interface DhcpV6Option {
  code: number;
  data: Buffer;
}

export interface DhcpV6Message {
  msgType: number;
  /** 24 bits. */
  transactionId: number;
  options: DhcpV6Option[];
}

/** IA_NA and IA_PD (RFC 8415 §21.4, §21.21): the same layout. */
export interface DhcpV6IaWithTimes {
  iaid: number;
  t1: number;
  t2: number;
  options: DhcpV6Option[];
}

/** IA_TA (RFC 8415 §21.5): no T1/T2. */
export interface DhcpV6IaTa {
  iaid: number;
  options: DhcpV6Option[];
}

/** IA Address (RFC 8415 §21.6). */
export interface DhcpV6IaAddress {
  address: string;
  preferredLifetime: number;
  validLifetime: number;
  options: DhcpV6Option[];
}

/** Status Code (RFC 8415 §21.13). */
export interface DhcpV6Status {
  status: number;
  message: string;
}

/** A DUID (RFC 8415 §11); `linkLayerAddress` for DUID-LLT and DUID-LL only. */
export interface DhcpV6Duid {
  type: number;
  hardwareType?: number;
  /** DUID-LLT: seconds since 2000-01-01 UTC, mod 2^32. */
  time?: number;
  linkLayerAddress?: Buffer;
  /** Everything after the 2-byte type. */
  body: Buffer;
}

/** Why a message could not be decoded; used as the drop reason. */
export type DhcpV6DecodeReason = 'short-packet' | 'relay-message' | 'truncated-options' | 'bad-option-length' | 'too-deeply-nested' | 'bad-duid' | 'bad-domain-name';

export class DhcpV6DecodeError extends DhcpDecodeError {
  readonly reason: DhcpV6DecodeReason;
  constructor(reason: DhcpV6DecodeReason, offset: number, message: string) {
    super(offset, message);
    this.reason = reason;
  }
}

const HEADER_LENGTH = 4;
const OPTION_HEADER_LENGTH = 4;
const MAX_OPTION_DATA = 0xffff;
const IPV6_LENGTH = 16;
/** RFC 8415 §11.1: a DUID is a 2-byte type and at most 128 more bytes. */
const MAX_DUID_LENGTH = 130;
/**
 * Deepest option nesting a client message legitimately has: IA_PD → IA Prefix
 * → an option inside it (RFC 6603 prefix exclude) → one more for slack. The
 * bound keeps a hostile message from recursing thousands of levels.
 */
const MAX_NESTING = 4;

/**
 * What `parseDhcpV6Message` checks per option code: a length range and, for
 * options that encapsulate others, where the encapsulated options start.
 */
const STRUCTURE: ReadonlyMap<number, { min: number; max?: number; multipleOf?: number; nestedAt?: number }> = new Map([
  [DhcpV6OptionCode.CLIENTID, { min: 3, max: MAX_DUID_LENGTH }],
  [DhcpV6OptionCode.SERVERID, { min: 3, max: MAX_DUID_LENGTH }],
  [DhcpV6OptionCode.IA_NA, { min: 12, nestedAt: 12 }],
  [DhcpV6OptionCode.IA_TA, { min: 4, nestedAt: 4 }],
  [DhcpV6OptionCode.IAADDR, { min: 24, nestedAt: 24 }],
  [DhcpV6OptionCode.ORO, { min: 0, multipleOf: 2 }],
  [DhcpV6OptionCode.PREFERENCE, { min: 1, max: 1 }],
  [DhcpV6OptionCode.ELAPSED_TIME, { min: 2, max: 2 }],
  [DhcpV6OptionCode.UNICAST, { min: 16, max: 16 }],
  [DhcpV6OptionCode.STATUS_CODE, { min: 2 }],
  [DhcpV6OptionCode.RAPID_COMMIT, { min: 0, max: 0 }],
  [DhcpV6OptionCode.DNS_SERVERS, { min: 0, multipleOf: IPV6_LENGTH }],
  [DhcpV6OptionCode.IA_PD, { min: 12, nestedAt: 12 }],
  [DhcpV6OptionCode.IAPREFIX, { min: 25, nestedAt: 25 }],
  [DhcpV6OptionCode.INFORMATION_REFRESH_TIME, { min: 4, max: 4 }],
]);

/**
 * Decode one client/server message (a UDP payload).
 * Throws DhcpV6DecodeError on any malformed input.
 */
export function parseDhcpV6Message(bytes: Uint8Array): DhcpV6Message {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_LENGTH) {
    throw new DhcpV6DecodeError('short-packet', buf.length, `expected at least ${HEADER_LENGTH} bytes, got ${buf.length}`);
  }
  const msgType = buf[0]!;
  if (msgType === DhcpV6MessageType.RELAY_FORW || msgType === DhcpV6MessageType.RELAY_REPL) {
    throw new DhcpV6DecodeError('relay-message', 0, `message type ${msgType} is a relay message, which this server does not serve`);
  }
  return { msgType, transactionId: buf.readUIntBE(1, 3), options: readOptions(buf, HEADER_LENGTH, buf.length, 0) };
}

/** Read code/length/data triples from buf[start, end), checking each option's structure (see STRUCTURE). */
function readOptions(buf: Buffer, start: number, end: number, depth: number): DhcpV6Option[] {
  if (depth > MAX_NESTING) {
    throw new DhcpV6DecodeError('too-deeply-nested', start, `expected options nested at most ${MAX_NESTING} deep`);
  }
  const options: DhcpV6Option[] = [];
  let offset = start;
  while (offset < end) {
    if (offset + OPTION_HEADER_LENGTH > end) {
      throw new DhcpV6DecodeError('truncated-options', offset, `expected a 4-byte option header at offset ${offset}, got ${end - offset} bytes`);
    }
    const code = buf.readUInt16BE(offset);
    const length = buf.readUInt16BE(offset + 2);
    const dataStart = offset + OPTION_HEADER_LENGTH;
    if (dataStart + length > end) {
      throw new DhcpV6DecodeError('truncated-options', offset, `expected ${length} bytes for option ${code} at offset ${dataStart}, got ${end - dataStart}`);
    }
    const rule = STRUCTURE.get(code);
    if (rule !== undefined) {
      if (length < rule.min || (rule.max !== undefined && length > rule.max) || (rule.multipleOf !== undefined && length % rule.multipleOf !== 0)) {
        throw new DhcpV6DecodeError('bad-option-length', offset, `option ${code} at offset ${offset} has a length of ${length}, ${describeRule(rule)}`);
      }
      if (rule.nestedAt !== undefined) readOptions(buf, dataStart + rule.nestedAt, dataStart + length, depth + 1);
    }
    options.push({ code, data: Buffer.from(buf.subarray(dataStart, dataStart + length)) });
    offset = dataStart + length;
  }
  return options;
}

function describeRule(rule: { min: number; max?: number; multipleOf?: number }): string {
  if (rule.max === rule.min) return `expected exactly ${rule.min}`;
  if (rule.multipleOf !== undefined) return `expected a multiple of ${rule.multipleOf}`;
  return rule.max === undefined ? `expected at least ${rule.min}` : `expected ${rule.min}–${rule.max}`;
}

/** Bytes `formatDhcpV6Options` will produce. */
function optionsLength(options: readonly DhcpV6Option[]): number {
  return options.reduce((sum, o) => sum + OPTION_HEADER_LENGTH + o.data.length, 0);
}

/**
 * Encode options back to back. Throws VirtnetError (VIRTNET_DHCP) for a code
 * outside 1–65535 or data longer than 65535 bytes.
 */
export function formatDhcpV6Options(options: readonly DhcpV6Option[]): Buffer {
  const buf = Buffer.alloc(optionsLength(options));
  let offset = 0;
  for (const { code, data } of options) {
    if (!Number.isInteger(code) || code < 1 || code > 0xffff) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to encode option ${code}: expected a code in 1–65535`);
    }
    if (data.length > MAX_OPTION_DATA) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to encode option ${code}: ${data.length} bytes exceed ${MAX_OPTION_DATA}`);
    }
    buf.writeUInt16BE(code, offset);
    buf.writeUInt16BE(data.length, offset + 2);
    data.copy(buf, offset + OPTION_HEADER_LENGTH);
    offset += OPTION_HEADER_LENGTH + data.length;
  }
  return buf;
}

/** Encode one message. Throws VirtnetError (VIRTNET_DHCP) for fields that do not fit the wire. */
export function formatDhcpV6Message(message: DhcpV6Message): Buffer {
  if (!Number.isInteger(message.msgType) || message.msgType < 0 || message.msgType > 0xff) {
    throw new VirtnetError('VIRTNET_DHCP', `failed to encode message type ${message.msgType}: expected 0–255`);
  }
  if (!Number.isInteger(message.transactionId) || message.transactionId < 0 || message.transactionId > 0xffffff) {
    throw new VirtnetError('VIRTNET_DHCP', `failed to encode transaction id ${message.transactionId}: expected 24 bits`);
  }
  const header = Buffer.alloc(HEADER_LENGTH);
  header[0] = message.msgType;
  header.writeUIntBE(message.transactionId, 1, 3);
  return Buffer.concat([header, formatDhcpV6Options(message.options)]);
}

/** The data of the first option with `code` in `options`, or undefined. */
export function findOption(options: readonly DhcpV6Option[], code: number): Buffer | undefined {
  return options.find((o) => o.code === code)?.data;
}

/** The data of every option with `code`, in order. */
export function findOptions(options: readonly DhcpV6Option[], code: number): Buffer[] {
  return options.filter((o) => o.code === code).map((o) => o.data);
}

function requireLength(data: Buffer, min: number, what: string): void {
  if (data.length < min) throw new DhcpV6DecodeError('bad-option-length', 0, `expected at least ${min} bytes of ${what}, got ${data.length}`);
}

/** Options inside an option's data, from `start`; offsets in errors count from the start of `data`. */
function readNested(data: Buffer, start: number): DhcpV6Option[] {
  return readOptions(data, start, data.length, 1);
}

/** IA_NA or IA_PD data: IAID, T1, T2, then options. */
export function parseIaWithTimes(data: Buffer): DhcpV6IaWithTimes {
  requireLength(data, 12, 'ia_na/ia_pd');
  return { iaid: data.readUInt32BE(0), t1: data.readUInt32BE(4), t2: data.readUInt32BE(8), options: readNested(data, 12) };
}

export function formatIaWithTimes(ia: DhcpV6IaWithTimes): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt32BE(ia.iaid >>> 0, 0);
  fixed.writeUInt32BE(ia.t1 >>> 0, 4);
  fixed.writeUInt32BE(ia.t2 >>> 0, 8);
  return Buffer.concat([fixed, formatDhcpV6Options(ia.options)]);
}

/** IA_TA data: IAID, then options. */
export function parseIaTa(data: Buffer): DhcpV6IaTa {
  requireLength(data, 4, 'ia_ta');
  return { iaid: data.readUInt32BE(0), options: readNested(data, 4) };
}

export function formatIaTa(ia: DhcpV6IaTa): Buffer {
  const fixed = Buffer.alloc(4);
  fixed.writeUInt32BE(ia.iaid >>> 0, 0);
  return Buffer.concat([fixed, formatDhcpV6Options(ia.options)]);
}

/** IA Address data: address, preferred and valid lifetimes, then options. */
export function parseIaAddress(data: Buffer): DhcpV6IaAddress {
  requireLength(data, 24, 'ia address');
  return {
    address: formatIpv6(data, 0),
    preferredLifetime: data.readUInt32BE(16),
    validLifetime: data.readUInt32BE(20),
    options: readNested(data, 24),
  };
}

export function formatIaAddress(ia: DhcpV6IaAddress): Buffer {
  const fixed = Buffer.alloc(24);
  ipv6OrThrow(ia.address, 'ia address').copy(fixed, 0);
  fixed.writeUInt32BE(ia.preferredLifetime >>> 0, 16);
  fixed.writeUInt32BE(ia.validLifetime >>> 0, 20);
  return Buffer.concat([fixed, formatDhcpV6Options(ia.options)]);
}

/** Status Code data: a 16-bit code, then a UTF-8 message. */
export function parseStatus(data: Buffer): DhcpV6Status {
  requireLength(data, 2, 'status code');
  return { status: data.readUInt16BE(0), message: data.subarray(2).toString('utf8') };
}

export function formatStatus(status: DhcpV6Status): Buffer {
  const code = Buffer.alloc(2);
  code.writeUInt16BE(status.status);
  return Buffer.concat([code, Buffer.from(status.message, 'utf8')]);
}

/** A DUID (Client/Server Identifier data). Throws `bad-duid` when a known type is too short for its layout. */
export function parseDuid(data: Buffer): DhcpV6Duid {
  requireLength(data, 2, 'duid');
  const type = data.readUInt16BE(0);
  const body = Buffer.from(data.subarray(2));
  const needs = (length: number, name: string): void => {
    if (data.length < length) throw new DhcpV6DecodeError('bad-duid', 0, `expected at least ${length} bytes for a ${name}, got ${data.length}`);
  };
  switch (type) {
    case DuidType.LLT:
      needs(8, 'duid-llt');
      return { type, hardwareType: data.readUInt16BE(2), time: data.readUInt32BE(4), linkLayerAddress: Buffer.from(data.subarray(8)), body };
    case DuidType.LL:
      needs(4, 'duid-ll');
      return { type, hardwareType: data.readUInt16BE(2), linkLayerAddress: Buffer.from(data.subarray(4)), body };
    case DuidType.EN:
      needs(6, 'duid-en');
      return { type, body };
    case DuidType.UUID:
      if (data.length !== 18) throw new DhcpV6DecodeError('bad-duid', 0, `expected 18 bytes for a duid-uuid, got ${data.length}`);
      return { type, body };
    default:
      return { type, body };
  }
}

/** DUID-LL (RFC 8415 §11.4): type 3, hardware type, link-layer address. */
export function formatDuidLl(hardwareType: number, linkLayerAddress: Uint8Array): Buffer {
  const fixed = Buffer.alloc(4);
  fixed.writeUInt16BE(DuidType.LL, 0);
  fixed.writeUInt16BE(hardwareType, 2);
  return Buffer.concat([fixed, linkLayerAddress]);
}

/** DUID-LLT (RFC 8415 §11.2): type 1, hardware type, time, link-layer address. */
export function formatDuidLlt(hardwareType: number, time: number, linkLayerAddress: Uint8Array): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16BE(DuidType.LLT, 0);
  fixed.writeUInt16BE(hardwareType, 2);
  fixed.writeUInt32BE(time >>> 0, 4);
  return Buffer.concat([fixed, linkLayerAddress]);
}

/** Option 23 data: concatenated 16-byte addresses. */
export function parseIpv6List(data: Buffer): string[] {
  if (data.length % IPV6_LENGTH !== 0) {
    throw new DhcpV6DecodeError('bad-option-length', 0, `expected a multiple of ${IPV6_LENGTH} bytes of addresses, got ${data.length}`);
  }
  return Array.from({ length: data.length / IPV6_LENGTH }, (_, i) => formatIpv6(data, i * IPV6_LENGTH));
}

/**
 * Option 24 (RFC 3646 §4, RFC 8415 §10): names in RFC 1035 §3.1 label form,
 * each ending in a zero byte, without compression. Returned without the
 * trailing dot.
 */
export function parseDomainList(data: Buffer): string[] {
  const names: string[] = [];
  let labels: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    const length = data[offset]!;
    if (length === 0) {
      names.push(labels.join('.'));
      labels = [];
      offset += 1;
      continue;
    }
    // RFC 1035 §4.1.4: 0b11 is a compression pointer, 0b01/0b10 are reserved; all forbidden here.
    if (length > 63) throw new DhcpV6DecodeError('bad-domain-name', offset, `expected a label length of at most 63 at offset ${offset}, got ${length}`);
    if (offset + 1 + length > data.length) {
      throw new DhcpV6DecodeError('bad-domain-name', offset, `expected ${length} label bytes at offset ${offset + 1}, got ${data.length - offset - 1}`);
    }
    labels.push(data.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  if (labels.length > 0) throw new DhcpV6DecodeError('bad-domain-name', data.length, 'expected a zero byte ending the last name');
  return names;
}

/** 16 bytes at `offset` as an RFC 5952 address. */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  return formatIp(ipFromBytes(bytes.subarray(offset, offset + IPV6_LENGTH)));
}

/** The 16 bytes of an IPv6 address (strict: src/core/ip.ts), or null. */
export function parseIpv6(text: string): Buffer | null {
  const ip = tryParseIp(text);
  return ip?.family === 6 ? Buffer.from(ipToBytes(ip)) : null;
}

function ipv6OrThrow(text: string, what: string): Buffer {
  const bytes = parseIpv6(text);
  if (bytes === null) throw new VirtnetError('VIRTNET_DHCP', `failed to encode ${what}: "${text}" is not an ipv6 address`);
  return bytes;
}
