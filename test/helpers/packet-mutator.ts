// Seeded packet mutation for the DHCP fuzz test: a small PRNG (same seed, same packets, so a
// failure is reproducible from the seed the test prints), byte-level mutations that fit any
// protocol, a TLV walker that lies about option lengths for any type-length-value layout
// (DHCPv4: 1-byte code and length; DHCPv6: 2 and 2; ICMPv6 ND options: 1 and 1 in units of 8
// octets), and DHCPv4-specific tricks aimed at the decoder's corners (RFC 2131 header fields,
// RFC 3396 concatenation, RFC 2132 §9.3 option overload).
//
// A generator is a named class of malformed (or valid) packets; the fuzz test sends a weighted
// mix and counts per class, so each class's expected drop reasons can be checked.
import { randomInt } from 'node:crypto';
import { DhcpOptionCode, formatDhcpV4Packet, type DhcpV4Option, type DhcpV4Packet } from '../../dhcp/v4/codec.js';

/** A deterministic source of randomness (mulberry32: 32-bit state, full period, good enough to fuzz). */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor((this.uint32() / 0x1_0000_0000) * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.uint32() / 0x1_0000_0000 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('failed to pick: no items');
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) out[i] = this.uint32() & 0xff;
    return out;
  }
}

/** The seed from `envName` when set (to replay a failure), else a fresh random one. */
export function fuzzSeed(envName = 'VIRTNET_FUZZ_SEED'): number {
  const fromEnv = process.env[envName];
  if (fromEnv === undefined || fromEnv === '') return randomInt(0, 0x1_0000_0000);
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new Error(`failed to parse ${envName}="${fromEnv}" as a 32-bit unsigned seed`);
  return seed;
}

/**
 * A named class of packets; `make` draws one from the seeded source. `P` is a UDP payload, or a
 * protocol's richer description of a packet (who sends it, with which IPv6 hop limit).
 */
export interface PacketGenerator<P = Buffer> {
  name: string;
  /** Relative share of the mix. */
  weight: number;
  make(rng: Rng): P;
}

/** Draws generators by weight. */
export function weightedPicker<P>(generators: readonly PacketGenerator<P>[]): (rng: Rng) => PacketGenerator<P> {
  const total = generators.reduce((sum, g) => sum + g.weight, 0);
  if (total <= 0) throw new Error('failed to build a generator mix: no positive weight');
  return (rng) => {
    let ticket = rng.int(0, total - 1);
    for (const g of generators) {
      if (ticket < g.weight) return g;
      ticket -= g.weight;
    }
    return generators.at(-1)!;
  };
}

// ---- protocol-agnostic mutations ----------------------------------------------------------------

/** Flips 1–16 random bits. */
export function flipBits(rng: Rng, packet: Buffer): Buffer {
  const out = Buffer.from(packet);
  if (out.length === 0) return out;
  for (let n = rng.int(1, 16); n > 0; n--) out[rng.int(0, out.length - 1)]! ^= 1 << rng.int(0, 7);
  return out;
}

/** Cuts the packet anywhere before its end (possibly to nothing). */
export function truncate(rng: Rng, packet: Buffer): Buffer {
  return Buffer.from(packet.subarray(0, rng.int(0, Math.max(0, packet.length - 1))));
}

/** Replaces a random run of bytes with random bytes. */
export function overwriteRun(rng: Rng, packet: Buffer): Buffer {
  const out = Buffer.from(packet);
  if (out.length === 0) return out;
  const start = rng.int(0, out.length - 1);
  rng.bytes(rng.int(1, Math.min(64, out.length - start))).copy(out, start);
  return out;
}

/** Appends random bytes (trailing garbage after a valid message). */
export function appendGarbage(rng: Rng, packet: Buffer): Buffer {
  return Buffer.concat([packet, rng.bytes(rng.int(1, 512))]);
}

/** Random bytes of a random length up to `maxLength`, no structure at all. */
export function randomPacket(rng: Rng, maxLength: number): Buffer {
  return rng.bytes(rng.int(0, maxLength));
}

/** Where a TLV area starts and how its fields are sized. */
export interface TlvLayout {
  /** Offset of the first option. */
  start: number;
  codeBytes: 1 | 2;
  lengthBytes: 1 | 2;
  /** Code values that stand alone, without a length (DHCPv4 Pad 0 and End 255). */
  singleByteCodes?: readonly number[];
  /** Code that ends the area (DHCPv4 End). */
  endCode?: number;
  /** The length field counts units of this many bytes, including the header (ICMPv6 ND: 8). */
  lengthUnit?: number;
}

/** Offsets of the length fields of the well-formed prefix of a TLV area. */
export function tlvLengthOffsets(packet: Buffer, layout: TlvLayout): number[] {
  const offsets: number[] = [];
  const headerBytes = layout.codeBytes + layout.lengthBytes;
  let offset = layout.start;
  while (offset + layout.codeBytes <= packet.length) {
    const code = layout.codeBytes === 1 ? packet[offset]! : packet.readUInt16BE(offset);
    if (code === layout.endCode) break;
    if (layout.singleByteCodes?.includes(code)) {
      offset += layout.codeBytes;
      continue;
    }
    const lengthOffset = offset + layout.codeBytes;
    if (lengthOffset + layout.lengthBytes > packet.length) break;
    offsets.push(lengthOffset);
    const length = layout.lengthBytes === 1 ? packet[lengthOffset]! : packet.readUInt16BE(lengthOffset);
    const size = layout.lengthUnit === undefined ? headerBytes + length : length * layout.lengthUnit;
    if (size === 0) break;
    offset += size;
  }
  return offsets;
}

/**
 * Rewrites the length of one option: past the end of the packet, zero, the maximum, or off by
 * one either way. Returns the packet unchanged when it has no option.
 */
export function lieAboutOptionLength(rng: Rng, packet: Buffer, layout: TlvLayout): Buffer {
  const offsets = tlvLengthOffsets(packet, layout);
  if (offsets.length === 0) return Buffer.from(packet);
  const out = Buffer.from(packet);
  const at = rng.pick(offsets);
  const max = layout.lengthBytes === 1 ? 0xff : 0xffff;
  const current = layout.lengthBytes === 1 ? out[at]! : out.readUInt16BE(at);
  const beyondEnd = Math.min(max, out.length - at + rng.int(0, 64));
  const value = rng.pick([beyondEnd, 0, max, Math.min(max, current + 1), Math.max(0, current - 1), rng.int(0, max)]);
  if (layout.lengthBytes === 1) out[at] = value;
  else out.writeUInt16BE(value, at);
  return out;
}

// ---- DHCPv4 -------------------------------------------------------------------------------------

/** The options area of a DHCPv4 message (RFC 2131 §3: after the 236-byte header and the cookie). */
export const DHCPV4_OPTIONS_LAYOUT: TlvLayout = {
  start: 240,
  codeBytes: 1,
  lengthBytes: 1,
  singleByteCodes: [DhcpOptionCode.PAD],
  endCode: DhcpOptionCode.END,
};
const OP_OFFSET = 0;
const HTYPE_OFFSET = 1;
const HLEN_OFFSET = 2;
const FLAGS_OFFSET = 10;
const CIADDR_OFFSET = 12;
const GIADDR_OFFSET = 24;
const SNAME_OFFSET = 44;
const SNAME_LENGTH = 64;
const FILE_OFFSET = 108;
const FILE_LENGTH = 128;
const COOKIE_OFFSET = 236;

/** The facts valid requests are built from. */
export interface DhcpV4FuzzTarget {
  /** The MAC the server answers (its clientMac); mutated packets start from it. */
  clientMac: string;
  /** The server's identifier (option 54). */
  serverId: string;
  /** The address the server leases. */
  address: string;
}

type RequestKind = 'discover' | 'request-selecting' | 'request-init-reboot' | 'request-renewing' | 'release' | 'inform' | 'decline';
const REQUEST_KINDS: readonly RequestKind[] = ['discover', 'request-selecting', 'request-init-reboot', 'request-renewing', 'release', 'inform', 'decline'];

const macBytes = (mac: string): Buffer => Buffer.from(mac.split(/[:-]/).map((h) => Number.parseInt(h, 16)));
const ipv4Bytes = (ip: string): Buffer => Buffer.from(ip.split('.').map(Number));

/** A well-formed client message of `kind` from `mac`, as a real client would send it. */
export function validDhcpV4Request(rng: Rng, target: DhcpV4FuzzTarget, kind: RequestKind, mac = target.clientMac): DhcpV4Packet {
  const option = (code: number, data: Buffer | number[]): DhcpV4Option => ({ code, data: Buffer.from(data) });
  const type = { discover: 1, 'request-selecting': 3, 'request-init-reboot': 3, 'request-renewing': 3, decline: 4, release: 7, inform: 8 }[kind];
  const options: DhcpV4Option[] = [option(DhcpOptionCode.MESSAGE_TYPE, [type])];
  const hasAddress = kind === 'request-renewing' || kind === 'release' || kind === 'inform';
  if (kind === 'request-selecting' || kind === 'release' || kind === 'decline') options.push(option(DhcpOptionCode.SERVER_ID, ipv4Bytes(target.serverId)));
  if (kind === 'request-selecting' || kind === 'request-init-reboot' || kind === 'decline') options.push(option(DhcpOptionCode.REQUESTED_IP, ipv4Bytes(target.address)));
  if (rng.chance(0.5)) options.push(option(DhcpOptionCode.CLIENT_ID, [1, ...macBytes(mac)]));
  if (rng.chance(0.7)) options.push(option(DhcpOptionCode.PARAMETER_REQUEST_LIST, [1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121]));
  if (rng.chance(0.3)) options.push(option(DhcpOptionCode.MAX_MESSAGE_SIZE, [0x05, 0xdc]));
  const chaddr = Buffer.alloc(16);
  macBytes(mac).copy(chaddr);
  return {
    op: 1,
    htype: 1,
    hlen: 6,
    hops: 0,
    xid: rng.uint32(),
    secs: rng.int(0, 10),
    flags: rng.chance(0.5) ? 0x8000 : 0,
    ciaddr: hasAddress ? target.address : '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr,
    sname: '',
    file: '',
    options,
  };
}

function validBytes(rng: Rng, target: DhcpV4FuzzTarget, mac?: string): Buffer {
  return formatDhcpV4Packet(validDhcpV4Request(rng, target, rng.pick(REQUEST_KINDS), mac));
}

/** A locally administered unicast MAC that is none of `avoid`. */
export function foreignMac(rng: Rng, ...avoid: string[]): string {
  const taken = avoid.map((mac) => mac.toLowerCase());
  for (;;) {
    const bytes = rng.bytes(6);
    bytes[0] = (bytes[0]! & 0xfc) | 0x02;
    const mac = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
    if (!taken.includes(mac)) return mac;
  }
}

/** Replace the options area of a formatted message with `options` (raw TLV bytes, End not added). */
function withRawOptions(packet: Buffer, options: Buffer): Buffer {
  return Buffer.concat([packet.subarray(0, DHCPV4_OPTIONS_LAYOUT.start), options]);
}

/** Raw TLV bytes of a (formatted, End-terminated) message's options area, End excluded. */
function rawOptions(packet: Buffer): Buffer {
  const offsets = tlvLengthOffsets(packet, DHCPV4_OPTIONS_LAYOUT);
  const last = offsets.at(-1);
  const end = last === undefined ? DHCPV4_OPTIONS_LAYOUT.start : last + 1 + packet[last]!;
  return packet.subarray(DHCPV4_OPTIONS_LAYOUT.start, end);
}

/** `data` as consecutive instances of `code` (RFC 3396 §5), optionally with a final lie. */
function splitOption(code: number, data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < Math.max(1, data.length); i += 255) {
    const chunk = data.subarray(i, i + 255);
    parts.push(Buffer.from([code, chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

/** Header fields a decoder trusts: op, htype, hlen, flags, ciaddr, giaddr, the cookie, option 53. */
function mutateHeader(rng: Rng, target: DhcpV4FuzzTarget): Buffer {
  const out = validBytes(rng, target);
  switch (rng.int(0, 7)) {
    case 0:
      out[OP_OFFSET] = rng.pick([0, 2, 3, 255]);
      break;
    case 1:
      out[HTYPE_OFFSET] = rng.int(0, 255);
      break;
    case 2:
      out[HLEN_OFFSET] = rng.pick([0, 1, 5, 7, 16, 17, 255, rng.int(0, 255)]);
      break;
    case 3:
      out.writeUInt16BE(rng.int(0, 0xffff), FLAGS_OFFSET);
      break;
    case 4:
      // An address in the server's subnet or anywhere: unicast replies go to ciaddr / giaddr.
      rng.bytes(4).copy(out, rng.pick([CIADDR_OFFSET, GIADDR_OFFSET]));
      if (rng.chance(0.5)) ipv4Bytes(target.address).subarray(0, 3).copy(out, rng.pick([CIADDR_OFFSET, GIADDR_OFFSET]));
      break;
    case 5:
      rng.bytes(4).copy(out, COOKIE_OFFSET);
      break;
    case 6: {
      // Option 53 is first: change its type, or drop it.
      if (rng.chance(0.5)) out[DHCPV4_OPTIONS_LAYOUT.start + 2] = rng.pick([0, 2, 5, 6, 9, 10, 18, 255, rng.int(0, 255)]);
      else return withRawOptions(out, Buffer.concat([rawOptions(out).subarray(3), Buffer.from([DhcpOptionCode.END])]));
      break;
    }
    default:
      // A foreign chaddr in an otherwise valid message.
      macBytes(foreignMac(rng, target.clientMac)).copy(out, 28);
  }
  return out;
}

/** Options far longer than 255 bytes (RFC 3396 concatenation), repeated, or of the wrong size. */
function overlongOptions(rng: Rng, target: DhcpV4FuzzTarget): Buffer {
  const base = rawOptions(validBytes(rng, target));
  const extra: Buffer[] = [];
  for (let n = rng.int(1, 4); n > 0; n--) {
    switch (rng.int(0, 6)) {
      case 0: // a parameter request list of every code, many times over
        extra.push(splitOption(DhcpOptionCode.PARAMETER_REQUEST_LIST, rng.bytes(rng.int(256, 2000))));
        break;
      case 1: // a second message type: concatenated into two bytes (RFC 3396 §7)
        extra.push(Buffer.from([DhcpOptionCode.MESSAGE_TYPE, 1, rng.int(0, 9)]));
        break;
      case 2: // maximum message size: too small, huge, or the wrong length
        extra.push(Buffer.from([DhcpOptionCode.MAX_MESSAGE_SIZE, ...rng.pick([[2, 0, 0], [2, 0xff, 0xff], [2, 0x02, 0x3f], [1, 9], [3, 1, 2, 3], [0]])]));
        break;
      case 3: // a client identifier or relay agent information the reply must echo, too long to fit
        extra.push(splitOption(rng.pick([DhcpOptionCode.CLIENT_ID, DhcpOptionCode.RELAY_AGENT_INFO]), rng.bytes(rng.int(200, 1400))));
        break;
      case 4: // requested address / server id of the wrong length
        extra.push(Buffer.from([rng.pick([DhcpOptionCode.REQUESTED_IP, DhcpOptionCode.SERVER_ID]), ...rng.pick([[0], [3, 10, 0, 2], [5, 10, 0, 2, 2, 0]])]));
        break;
      case 5: // a zero-length option of any code
        extra.push(Buffer.from([rng.int(1, 254), 0]));
        break;
      default: // runs of Pad
        extra.push(Buffer.alloc(rng.int(1, 600), DhcpOptionCode.PAD));
    }
  }
  return withRawOptions(validBytes(rng, target), Buffer.concat([base, ...extra, Buffer.from([DhcpOptionCode.END])]));
}

/** Option 52 (RFC 2132 §9.3): bad values and lengths, and sname/file full of broken options. */
function overloadTricks(rng: Rng, target: DhcpV4FuzzTarget): Buffer {
  const packet = validBytes(rng, target);
  const base = rawOptions(packet);
  const value = rng.chance(0.4) ? rng.pick([0, 4, 7, 255, rng.int(0, 255)]) : rng.int(1, 3);
  // One byte of 1, 2 or 3 is the only valid form; also a value of zero or two bytes.
  const overload = rng.chance(0.2) ? rng.pick([Buffer.from([DhcpOptionCode.OVERLOAD, 0]), Buffer.from([DhcpOptionCode.OVERLOAD, 2, value, value])]) : Buffer.from([DhcpOptionCode.OVERLOAD, 1, value]);
  const out = withRawOptions(packet, Buffer.concat([base, overload, Buffer.from([DhcpOptionCode.END])]));
  const fill = (offset: number, length: number): void => {
    let content: Buffer;
    switch (rng.int(0, 4)) {
      case 0: // random TLVs
        content = rng.bytes(length);
        break;
      case 1: // an option running past the field's end
        content = Buffer.from([rng.int(1, 254), 255]);
        break;
      case 2: // option 52 again, inside the overloaded field
        content = Buffer.from([DhcpOptionCode.OVERLOAD, 1, rng.int(0, 3), DhcpOptionCode.MESSAGE_TYPE, 1, rng.int(0, 9)]);
        break;
      case 3: // a length byte as the field's last byte
        content = Buffer.concat([Buffer.alloc(length - 1, DhcpOptionCode.PAD), Buffer.from([rng.int(1, 254)])]);
        break;
      default: // a valid option, no End: the field may run to its end
        content = Buffer.from([DhcpOptionCode.HOSTNAME, 4, 0x66, 0x75, 0x7a, 0x7a]);
    }
    out.fill(0, offset, offset + length);
    content.subarray(0, length).copy(out, offset);
  };
  if (rng.chance(0.8)) fill(FILE_OFFSET, FILE_LENGTH);
  if (rng.chance(0.8)) fill(SNAME_OFFSET, SNAME_LENGTH);
  return out;
}

/** A valid header and thousands of bytes of random options, End-terminated: up to `maxLength`. */
function hugePacket(rng: Rng, target: DhcpV4FuzzTarget, maxLength: number): Buffer {
  const base = rawOptions(validBytes(rng, target));
  const parts: Buffer[] = [base];
  let size = DHCPV4_OPTIONS_LAYOUT.start + base.length;
  const goal = rng.int(1500, maxLength - 1);
  while (size + 257 < goal) {
    const length = rng.int(0, 255);
    parts.push(Buffer.from([rng.int(1, 254), length]), rng.bytes(length));
    size += 2 + length;
  }
  return withRawOptions(validBytes(rng, target), Buffer.concat([...parts, Buffer.from([DhcpOptionCode.END])]));
}

/** Random bytes behind a valid header and cookie: the option parser sees pure noise. */
function randomOptions(rng: Rng, target: DhcpV4FuzzTarget): Buffer {
  return withRawOptions(validBytes(rng, target), rng.bytes(rng.int(0, 400)));
}

/**
 * The DHCPv4 mix: every malformed class the fuzz test checks, plus valid messages from the
 * served MAC (which must keep being answered) and from foreign MACs (which must never be).
 * `maxLength` bounds every packet (a UDP payload; the link fragments what exceeds its MTU).
 */
export function dhcpV4Generators(target: DhcpV4FuzzTarget, maxLength = 16_000): PacketGenerator[] {
  return [
    { name: 'valid', weight: 4, make: (rng) => validBytes(rng, target) },
    { name: 'valid-foreign-mac', weight: 6, make: (rng) => validBytes(rng, target, foreignMac(rng, target.clientMac)) },
    { name: 'bit-flips', weight: 14, make: (rng) => flipBits(rng, validBytes(rng, target)) },
    { name: 'truncated', weight: 10, make: (rng) => truncate(rng, validBytes(rng, target)) },
    { name: 'overwritten-run', weight: 6, make: (rng) => overwriteRun(rng, validBytes(rng, target)) },
    { name: 'trailing-garbage', weight: 4, make: (rng) => appendGarbage(rng, validBytes(rng, target)) },
    { name: 'option-length-lie', weight: 12, make: (rng) => lieAboutOptionLength(rng, validBytes(rng, target), DHCPV4_OPTIONS_LAYOUT) },
    { name: 'overlong-options', weight: 10, make: (rng) => overlongOptions(rng, target) },
    { name: 'overload-tricks', weight: 10, make: (rng) => overloadTricks(rng, target) },
    { name: 'header-fields', weight: 12, make: (rng) => mutateHeader(rng, target) },
    { name: 'random-options', weight: 4, make: (rng) => randomOptions(rng, target) },
    { name: 'random-bytes', weight: 5, make: (rng) => randomPacket(rng, 1200) },
    { name: 'empty', weight: 1, make: () => Buffer.alloc(0) },
    { name: 'huge', weight: 2, make: (rng) => hugePacket(rng, target, maxLength) },
  ];
}

/** op and client hardware address of a DHCPv4 message, without a full decode (a listener's view). */
export function peekDhcpV4(bytes: Buffer): { op: number; chaddr: string } | null {
  if (bytes.length < COOKIE_OFFSET) return null;
  const hlen = Math.min(bytes[HLEN_OFFSET]!, 16);
  return { op: bytes[OP_OFFSET]!, chaddr: [...bytes.subarray(28, 28 + hlen)].map((b) => b.toString(16).padStart(2, '0')).join(':') };
}
