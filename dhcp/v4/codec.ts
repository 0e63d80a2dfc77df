/**
 * DHCPv4 wire format (RFC 2131 §2, RFC 2132, RFC 3396) as a parse/format pair.
 *
 * Codec rules:
 * - Addresses are dotted-quad strings; `chaddr` stays 16 raw bytes (its first
 *   `hlen` bytes are the hardware address); `sname` and `file` are
 *   NUL-terminated latin1 strings.
 * - Options are an ordered list of `{ code, data }` without Pad (0) and End (255).
 *   Parsing concatenates every instance of a code into the position of its first
 *   instance (RFC 3396 §7), reading the options field, then `file`, then `sname`
 *   when option 52 overloads them (RFC 2132 §9.3). A field overloaded with
 *   options reads back as an empty string.
 * - Formatting splits data longer than 255 bytes into consecutive instances of
 *   the same code (RFC 3396 §5), writes End, and zero-pads to 300 bytes, the
 *   BOOTP message size (RFC 951 fixed a 64-byte vendor area; RFC 1542 §2.1
 *   relays and old clients still expect at least that much).
 * - Every read is bounds-checked. Malformed input throws `DhcpV4DecodeError`, a
 *   `DhcpDecodeError` carrying the offset and a reason code, and nothing else.
 *   The End option is required in the options field (RFC 2131 §3: the options
 *   field "must" end with End), so a packet cut short inside its options never
 *   parses as a shorter valid one.
 */

import { DhcpDecodeError, VirtnetError } from '../../src/core/errors.js';
import { ipToBytes, tryParseIp } from '../../src/core/ip.js';

/** BOOTP `op` values (RFC 951). */
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;

/** The client and server UDP ports (RFC 2131 §4.1). */
export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

/** Option codes used by virtnet (RFC 2132 unless noted). */
export const DhcpOptionCode = {
  PAD: 0,
  SUBNET_MASK: 1,
  ROUTER: 3,
  DNS_SERVERS: 6,
  HOSTNAME: 12,
  DOMAIN_NAME: 15,
  INTERFACE_MTU: 26,
  NTP_SERVERS: 42,
  REQUESTED_IP: 50,
  LEASE_TIME: 51,
  OVERLOAD: 52,
  MESSAGE_TYPE: 53,
  SERVER_ID: 54,
  PARAMETER_REQUEST_LIST: 55,
  MESSAGE: 56,
  MAX_MESSAGE_SIZE: 57,
  RENEWAL_TIME: 58,
  REBINDING_TIME: 59,
  CLIENT_ID: 61,
  TFTP_SERVER_NAME: 66,
  BOOTFILE_NAME: 67,
  /** RFC 3046. */
  RELAY_AGENT_INFO: 82,
  /** RFC 3397. */
  DOMAIN_SEARCH: 119,
  /** RFC 3442. */
  CLASSLESS_STATIC_ROUTES: 121,
  END: 255,
} as const;

/** Option 53 values (RFC 2132 §9.6). */
export const DhcpMessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
} as const;

export interface DhcpV4Option {
  code: number;
  data: Buffer;
}

export interface DhcpV4Packet {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** 16 bytes; the first `hlen` are the client hardware address. */
  chaddr: Buffer;
  sname: string;
  file: string;
  options: DhcpV4Option[];
}

/** The broadcast bit of `flags` (RFC 2131 §2, figure 2). */
export const BROADCAST_FLAG = 0x8000;
export const ZERO_ADDRESS = '0.0.0.0';
export const BROADCAST_ADDRESS = '255.255.255.255';

/** op..file: the fixed BOOTP header (RFC 2131 §2, figure 1). */
const FIXED_HEADER_LENGTH = 236;
/** RFC 2131 §3: 99.130.83.99 opens the options field. */
const MAGIC_COOKIE = 0x63825363;
const OPTIONS_OFFSET = FIXED_HEADER_LENGTH + 4;
/** RFC 951 / RFC 1542 §2.1: the classic BOOTP message size. */
export const BOOTP_MIN_LENGTH = 300;
const SNAME_OFFSET = 44;
const SNAME_LENGTH = 64;
const FILE_OFFSET = 108;
const FILE_LENGTH = 128;
const CHADDR_OFFSET = 28;
const CHADDR_LENGTH = 16;
/** RFC 3396 §5: one option instance carries at most 255 bytes. */
const MAX_OPTION_DATA = 255;

/** Why a packet could not be decoded; used as the drop reason. */
export type DhcpV4DecodeReason = 'short-packet' | 'bad-hlen' | 'bad-magic' | 'truncated-options' | 'bad-overload';

export class DhcpV4DecodeError extends DhcpDecodeError {
  readonly reason: DhcpV4DecodeReason;
  constructor(reason: DhcpV4DecodeReason, offset: number, message: string) {
    super(offset, message);
    this.reason = reason;
  }
}

/**
 * Decode one DHCP message (a UDP payload).
 * Throws DhcpV4DecodeError on any malformed input.
 */
export function parseDhcpV4Packet(bytes: Uint8Array): DhcpV4Packet {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < OPTIONS_OFFSET) {
    throw new DhcpV4DecodeError('short-packet', buf.length, `expected at least ${OPTIONS_OFFSET} bytes, got ${buf.length}`);
  }
  const hlen = buf[2]!;
  if (hlen > CHADDR_LENGTH) {
    throw new DhcpV4DecodeError('bad-hlen', 2, `expected hlen of at most ${CHADDR_LENGTH}, got ${hlen}`);
  }
  const cookie = buf.readUInt32BE(FIXED_HEADER_LENGTH);
  if (cookie !== MAGIC_COOKIE) {
    throw new DhcpV4DecodeError('bad-magic', FIXED_HEADER_LENGTH, `expected magic cookie 0x63825363, got 0x${cookie.toString(16).padStart(8, '0')}`);
  }

  const collected = new Map<number, Buffer[]>();
  readOptionArea(buf, OPTIONS_OFFSET, buf.length, true, collected);
  const overload = collected.get(DhcpOptionCode.OVERLOAD);
  let overloadsFile = false;
  let overloadsSname = false;
  if (overload !== undefined) {
    const value = Buffer.concat(overload);
    if (value.length !== 1 || value[0]! < 1 || value[0]! > 3) {
      throw new DhcpV4DecodeError('bad-overload', OPTIONS_OFFSET, `expected option 52 to be one byte of 1, 2 or 3, got ${value.length} bytes`);
    }
    overloadsFile = (value[0]! & 1) !== 0;
    overloadsSname = (value[0]! & 2) !== 0;
    // RFC 3396 §7: concatenate in the order options field, file, sname.
    if (overloadsFile) readOptionArea(buf, FILE_OFFSET, FILE_OFFSET + FILE_LENGTH, false, collected);
    if (overloadsSname) readOptionArea(buf, SNAME_OFFSET, SNAME_OFFSET + SNAME_LENGTH, false, collected);
  }

  return {
    op: buf[0]!,
    htype: buf[1]!,
    hlen,
    hops: buf[3]!,
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    flags: buf.readUInt16BE(10),
    ciaddr: formatIpv4(buf, 12),
    yiaddr: formatIpv4(buf, 16),
    siaddr: formatIpv4(buf, 20),
    giaddr: formatIpv4(buf, 24),
    chaddr: Buffer.from(buf.subarray(CHADDR_OFFSET, CHADDR_OFFSET + CHADDR_LENGTH)),
    sname: overloadsSname ? '' : readCString(buf, SNAME_OFFSET, SNAME_LENGTH),
    file: overloadsFile ? '' : readCString(buf, FILE_OFFSET, FILE_LENGTH),
    options: [...collected].map(([code, parts]) => ({ code, data: Buffer.concat(parts) })),
  };
}

/**
 * Read code/length/data triples from buf[start, end) into `into`.
 * `endRequired`: the area must be closed by End (the options field); the
 * overloaded sname/file fields may instead run to their fixed end.
 */
function readOptionArea(buf: Buffer, start: number, end: number, endRequired: boolean, into: Map<number, Buffer[]>): void {
  let offset = start;
  while (offset < end) {
    const code = buf[offset]!;
    if (code === DhcpOptionCode.END) return;
    if (code === DhcpOptionCode.PAD) {
      offset += 1;
      continue;
    }
    if (offset + 1 >= end) {
      throw new DhcpV4DecodeError('truncated-options', offset, `expected a length byte for option ${code} at offset ${offset + 1}, got end of data`);
    }
    const length = buf[offset + 1]!;
    const dataStart = offset + 2;
    if (dataStart + length > end) {
      throw new DhcpV4DecodeError('truncated-options', offset, `expected ${length} bytes for option ${code} at offset ${dataStart}, got ${end - dataStart}`);
    }
    const parts = into.get(code);
    const data = Buffer.from(buf.subarray(dataStart, dataStart + length));
    if (parts === undefined) into.set(code, [data]);
    else parts.push(data);
    offset = dataStart + length;
  }
  if (endRequired) {
    throw new DhcpV4DecodeError('truncated-options', end, `expected the end option (255) before offset ${end}`);
  }
}

function readCString(buf: Buffer, offset: number, length: number): string {
  const field = buf.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? length : nul).toString('latin1');
}

/** Bytes one option takes on the wire once split into ≤255-byte instances (RFC 3396 §5). */
function encodedOptionLength(option: DhcpV4Option): number {
  const instances = Math.max(1, Math.ceil(option.data.length / MAX_OPTION_DATA));
  return instances * 2 + option.data.length;
}

/** Size `formatDhcpV4Packet` will produce, without building the buffer. */
export function formattedLength(packet: DhcpV4Packet): number {
  const optionsLength = packet.options.reduce((sum, o) => sum + encodedOptionLength(o), 0);
  return Math.max(BOOTP_MIN_LENGTH, OPTIONS_OFFSET + optionsLength + 1);
}

/**
 * Encode one DHCP message. Throws VirtnetError (VIRTNET_DHCP) for a packet that
 * cannot be expressed on the wire (bad address, oversized field, option code 0/255).
 */
export function formatDhcpV4Packet(packet: DhcpV4Packet): Buffer {
  const buf = Buffer.alloc(formattedLength(packet));
  buf[0] = packet.op;
  buf[1] = packet.htype;
  buf[2] = packet.hlen;
  buf[3] = packet.hops;
  buf.writeUInt32BE(packet.xid >>> 0, 4);
  buf.writeUInt16BE(packet.secs, 8);
  buf.writeUInt16BE(packet.flags, 10);
  writeIpv4Field(buf, 12, 'ciaddr', packet.ciaddr);
  writeIpv4Field(buf, 16, 'yiaddr', packet.yiaddr);
  writeIpv4Field(buf, 20, 'siaddr', packet.siaddr);
  writeIpv4Field(buf, 24, 'giaddr', packet.giaddr);
  if (packet.chaddr.length > CHADDR_LENGTH) {
    throw new VirtnetError('VIRTNET_DHCP', `failed to encode chaddr: ${packet.chaddr.length} bytes exceed ${CHADDR_LENGTH}`);
  }
  packet.chaddr.copy(buf, CHADDR_OFFSET);
  writeCStringField(buf, SNAME_OFFSET, SNAME_LENGTH, 'sname', packet.sname);
  writeCStringField(buf, FILE_OFFSET, FILE_LENGTH, 'file', packet.file);
  buf.writeUInt32BE(MAGIC_COOKIE, FIXED_HEADER_LENGTH);

  let offset = OPTIONS_OFFSET;
  for (const option of packet.options) {
    if (!Number.isInteger(option.code) || option.code <= DhcpOptionCode.PAD || option.code >= DhcpOptionCode.END) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to encode option ${option.code}: codes 0 and 255 are reserved for pad and end`);
    }
    let start = 0;
    do {
      const chunk = option.data.subarray(start, start + MAX_OPTION_DATA);
      buf[offset] = option.code;
      buf[offset + 1] = chunk.length;
      chunk.copy(buf, offset + 2);
      offset += 2 + chunk.length;
      start += MAX_OPTION_DATA;
    } while (start < option.data.length);
  }
  buf[offset] = DhcpOptionCode.END;
  return buf;
}

function writeIpv4Field(buf: Buffer, offset: number, field: string, address: string): void {
  const bytes = parseIpv4(address);
  if (bytes === null) throw new VirtnetError('VIRTNET_DHCP', `failed to encode ${field}: "${address}" is not an ipv4 address`);
  bytes.copy(buf, offset);
}

function writeCStringField(buf: Buffer, offset: number, length: number, field: string, value: string): void {
  const bytes = Buffer.from(value, 'latin1');
  // Keep one byte for the terminating NUL.
  if (bytes.length >= length) {
    throw new VirtnetError('VIRTNET_DHCP', `failed to encode ${field}: ${bytes.length} bytes do not fit in ${length - 1}`);
  }
  bytes.copy(buf, offset);
}

/** The first option with `code`, or undefined. */
export function findOption(packet: DhcpV4Packet, code: number): Buffer | undefined {
  return packet.options.find((o) => o.code === code)?.data;
}

/** The client's hardware address as `aa:bb:cc:dd:ee:ff`, from the first `hlen` bytes of chaddr. */
export function chaddrToMac(packet: DhcpV4Packet): string {
  return [...packet.chaddr.subarray(0, packet.hlen)].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The 4 bytes of a dotted-quad IPv4 address (strict: src/core/ip.ts), or null. */
export function parseIpv4(text: string): Buffer | null {
  const ip = tryParseIp(text);
  return ip?.family === 4 ? Buffer.from(ipToBytes(ip)) : null;
}

export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}
