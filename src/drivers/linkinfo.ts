/**
 * Nested rtnetlink attributes the `netlink` package hands over as raw bytes
 * (IFLA_LINKINFO, IFLA_AF_SPEC) or encodes wrongly (IFLA_PROTINFO), as pure
 * encoder/decoder pairs.
 *
 * Wire rules (include/uapi/linux/netlink.h, "Netlink attributes"):
 * - an attribute is a 4-byte header `u16 nla_len | u16 nla_type` in host
 *   byte order, then the payload; `nla_len` counts header + payload but not
 *   the padding that aligns the next attribute to 4 bytes (NLA_ALIGNTO);
 * - bit 15 of `nla_type` is NLA_F_NESTED, bit 14 NLA_F_NET_BYTEORDER; the
 *   type proper is the low 14 bits;
 * - strings are NUL-terminated (NLA_STRING as `ip` sends it).
 * The package's own encoder masks the type to 14 bits, so it cannot set
 * NLA_F_NESTED: the bridge decodes an IFLA_PROTINFO without that flag as the
 * legacy one-byte port state and answers EINVAL (net/bridge/br_netlink.c
 * `br_setlink`). Hence the whole IFLA_PROTINFO attribute is built here.
 */
import { endianness } from 'node:os';

/** include/uapi/linux/netlink.h */
export const NLA_F_NESTED = 1 << 15;
const NLA_F_NET_BYTEORDER = 1 << 14;
const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
const NLA_HDRLEN = 4;
const NLA_ALIGNTO = 4;

/** include/uapi/linux/if_link.h: IFLA_PROTINFO, the top-level ifinfomsg attribute. */
export const IFLA_PROTINFO = 12;
/** enum { IFLA_INFO_UNSPEC, IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_XSTATS, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA } */
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const IFLA_INFO_SLAVE_KIND = 4;
const IFLA_INFO_SLAVE_DATA = 5;
/** enum { IFLA_BRPORT_UNSPEC, IFLA_BRPORT_STATE, … IFLA_BRPORT_LEARNING = 8 } (if_link.h) */
const IFLA_BRPORT_LEARNING = 8;
/** enum { IFLA_TUN_UNSPEC, IFLA_TUN_OWNER, IFLA_TUN_GROUP, IFLA_TUN_TYPE, IFLA_TUN_PI, IFLA_TUN_VNET_HDR, IFLA_TUN_PERSIST, IFLA_TUN_MULTI_QUEUE, … } */
const IFLA_TUN_OWNER = 1;
const IFLA_TUN_GROUP = 2;
const IFLA_TUN_TYPE = 3;
const IFLA_TUN_VNET_HDR = 5;
const IFLA_TUN_PERSIST = 6;
const IFLA_TUN_MULTI_QUEUE = 7;
/** include/uapi/linux/if_tun.h: IFLA_TUN_TYPE carries IFF_TUN or IFF_TAP. */
const IFF_TAP = 0x0002;
/** IFLA_AF_SPEC is keyed by address family; AF_INET = 2 (include/linux/socket.h). */
export const AF_INET = 2;
/** AF_BRIDGE = PF_BRIDGE = 7: the family of RTM_SETLINK requests the bridge handles (`rtnl_bridge_setlink`). */
export const AF_BRIDGE = 7;
/** include/uapi/linux/if_link.h: enum { IFLA_INET_UNSPEC, IFLA_INET_CONF } */
const IFLA_INET_CONF = 1;
/** include/uapi/linux/ip.h enum IPV4_DEVCONF_*: FORWARDING = 1 … ROUTE_LOCALNET = 26. */
export const IPV4_DEVCONF_ROUTE_LOCALNET = 26;

const HOST_LE = endianness() === 'LE';

function writeU16(buf: Buffer, value: number, offset: number): void {
  if (HOST_LE) buf.writeUInt16LE(value, offset);
  else buf.writeUInt16BE(value, offset);
}

/** A host-order u16 at `offset`. */
export function readU16(buf: Buffer, offset: number): number {
  return HOST_LE ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
}

/** A host-order u32 payload. */
export function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  if (HOST_LE) buf.writeUInt32LE(value >>> 0, 0);
  else buf.writeUInt32BE(value >>> 0, 0);
  return buf;
}

/** A host-order u32 at `offset`. */
export function readU32(buf: Buffer, offset = 0): number {
  return HOST_LE ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
}

/** A host-order s32 at `offset`. */
export function readS32(buf: Buffer, offset: number): number {
  return HOST_LE ? buf.readInt32LE(offset) : buf.readInt32BE(offset);
}

export function u8(value: number): Buffer {
  return Buffer.from([value & 0xff]);
}

/** A NUL-terminated string payload. */
export function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

function padLength(length: number): number {
  return (NLA_ALIGNTO - (length % NLA_ALIGNTO)) % NLA_ALIGNTO;
}

export interface Attribute {
  type: number;
  /** Set NLA_F_NESTED: the payload is itself a stream of attributes. */
  nested?: boolean;
  payload: Buffer;
}

/** One attribute, header + payload + alignment padding. */
export function encodeAttribute(attr: Attribute): Buffer {
  const length = NLA_HDRLEN + attr.payload.length;
  if (length > 0xffff) throw new RangeError(`attribute ${attr.type} is ${length} bytes, more than 65535`);
  const header = Buffer.alloc(NLA_HDRLEN);
  writeU16(header, length, 0);
  writeU16(header, (attr.type & NLA_TYPE_MASK) | (attr.nested ? NLA_F_NESTED : 0), 2);
  return Buffer.concat([header, attr.payload, Buffer.alloc(padLength(length))]);
}

/** A stream of attributes, each aligned. */
export function encodeAttributes(attrs: readonly Attribute[]): Buffer {
  return Buffer.concat(attrs.map(encodeAttribute));
}

/**
 * Visit each attribute of the stream that starts at `from` in `buf`: its type
 * (flags removed), where its payload starts and ends, and whether it has
 * NLA_F_NESTED. Nothing is copied or
 * allocated per attribute, so decoding a message only pays for the attributes
 * it reads. A truncated or overlong header throws (the stream came from the
 * kernel, so that means the parser, not the data, is wrong).
 */
export function forEachAttribute(
  buf: Buffer,
  from: number,
  visit: (type: number, start: number, end: number, nested: boolean) => void,
): void {
  let offset = from;
  while (buf.length - offset >= NLA_HDRLEN) {
    const length = readU16(buf, offset);
    if (length < NLA_HDRLEN || offset + length > buf.length) {
      throw new RangeError(`malformed attribute at offset ${offset - from}: length ${length}, ${buf.length - offset} bytes left`);
    }
    const rawType = readU16(buf, offset + 2);
    visit(rawType & NLA_TYPE_MASK, offset + NLA_HDRLEN, offset + length, (rawType & NLA_F_NESTED) !== 0);
    offset += length + padLength(length);
  }
}

/** Split a stream of attributes; flags are reported separately from the type. */
export function decodeAttributes(stream: Buffer): Attribute[] {
  const attrs: Attribute[] = [];
  forEachAttribute(stream, 0, (type, start, end, nested) => {
    attrs.push({ type, nested, payload: stream.subarray(start, end) });
  });
  return attrs;
}

/** The payload of the attribute of `type` in the stream that starts at `from`, or undefined. */
export function findAttribute(buf: Buffer, from: number, type: number): Buffer | undefined {
  let found: Buffer | undefined;
  forEachAttribute(buf, from, (t, start, end) => {
    if (t === type) found = buf.subarray(start, end);
  });
  return found;
}

function attributeMap(stream: Buffer): Map<number, Buffer> {
  return new Map(decodeAttributes(stream).map((a) => [a.type, a.payload]));
}

/** A NUL-terminated string payload (the NUL, and anything after it, dropped). */
export function readCString(payload: Buffer): string {
  const nul = payload.indexOf(0);
  return payload.subarray(0, nul < 0 ? payload.length : nul).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// IFLA_LINKINFO

export interface LinkInfo {
  /** IFLA_INFO_KIND: `bridge`, `veth`, `tun`, `ifb`… absent for plain devices (lo, physical NICs). */
  kind?: string;
  /** IFLA_INFO_DATA: kind-specific attributes. */
  data?: Buffer;
  /** IFLA_INFO_SLAVE_KIND: the kind of the master when the link is a port (`bridge`). */
  slaveKind?: string;
  /** IFLA_INFO_SLAVE_DATA: port attributes of the master's kind (IFLA_BRPORT_* for a bridge). */
  slaveData?: Buffer;
}

/** The payload of IFLA_LINKINFO for RTM_NEWLINK: the kind, plus its IFLA_INFO_DATA when given. */
export function encodeLinkInfo(kind: string, data?: Buffer): Buffer {
  const attrs: Attribute[] = [{ type: IFLA_INFO_KIND, payload: cString(kind) }];
  if (data !== undefined) attrs.push({ type: IFLA_INFO_DATA, nested: true, payload: data });
  return encodeAttributes(attrs);
}

export function decodeLinkInfo(payload: Buffer): LinkInfo {
  const attrs = attributeMap(payload);
  const info: LinkInfo = {};
  const kind = attrs.get(IFLA_INFO_KIND);
  if (kind !== undefined) info.kind = readCString(kind);
  const data = attrs.get(IFLA_INFO_DATA);
  if (data !== undefined) info.data = data;
  const slaveKind = attrs.get(IFLA_INFO_SLAVE_KIND);
  if (slaveKind !== undefined) info.slaveKind = readCString(slaveKind);
  const slaveData = attrs.get(IFLA_INFO_SLAVE_DATA);
  if (slaveData !== undefined) info.slaveData = slaveData;
  return info;
}

export interface TunInfo {
  /** IFLA_TUN_TYPE is IFF_TAP (else IFF_TUN). */
  tap: boolean;
  /** IFLA_TUN_OWNER; the kernel omits it when no owner was set (drivers/net/tun.c `tun_fill_info`). */
  owner: number | null;
  group: number | null;
  multiQueue: boolean;
  persist: boolean;
  vnetHdr: boolean;
}

/** IFLA_INFO_DATA of a `tun` link. */
export function decodeTunInfo(data: Buffer): TunInfo {
  const attrs = attributeMap(data);
  const flag = (type: number): boolean => (attrs.get(type)?.[0] ?? 0) !== 0;
  const id = (type: number): number | null => {
    const payload = attrs.get(type);
    return payload === undefined || payload.length < 4 ? null : readU32(payload);
  };
  return {
    tap: ((attrs.get(IFLA_TUN_TYPE)?.[0] ?? 0) & IFF_TAP) !== 0,
    owner: id(IFLA_TUN_OWNER),
    group: id(IFLA_TUN_GROUP),
    multiQueue: flag(IFLA_TUN_MULTI_QUEUE),
    persist: flag(IFLA_TUN_PERSIST),
    vnetHdr: flag(IFLA_TUN_VNET_HDR),
  };
}

// ---------------------------------------------------------------------------------------------
// Bridge ports: IFLA_INFO_SLAVE_DATA (read) and IFLA_PROTINFO (write)

export interface BridgePortInfo {
  /** IFLA_BRPORT_LEARNING (u8). */
  learning?: boolean;
}

/** IFLA_INFO_SLAVE_DATA of a port whose master is a bridge (net/bridge/br_netlink.c `br_port_fill_attrs`). */
export function decodeBridgePortInfo(slaveData: Buffer): BridgePortInfo {
  const learning = findAttribute(slaveData, 0, IFLA_BRPORT_LEARNING);
  return learning === undefined ? {} : { learning: learning[0] !== 0 };
}

/**
 * The complete IFLA_PROTINFO attribute (flag NLA_F_NESTED set) for an
 * RTM_SETLINK of family AF_BRIDGE on the port, as `bridge link set … learning off` sends it.
 */
export function encodeBridgePortProtinfo(port: BridgePortInfo): Buffer {
  const attrs: Attribute[] = [];
  if (port.learning !== undefined) attrs.push({ type: IFLA_BRPORT_LEARNING, payload: u8(port.learning ? 1 : 0) });
  return encodeAttribute({ type: IFLA_PROTINFO, nested: true, payload: encodeAttributes(attrs) });
}

// ---------------------------------------------------------------------------------------------
// IFLA_AF_SPEC / AF_INET: per-device IPv4 settings (the same values as net/ipv4/conf/<dev>/*)

/**
 * The AF_INET entry of IFLA_AF_SPEC for RTM_SETLINK: IFLA_INET_CONF holding one
 * u32 attribute per IPV4_DEVCONF_* id to change (net/ipv4/devinet.c `inet_set_link_af`).
 */
export function encodeInetConf(values: ReadonlyMap<number, number>): Buffer {
  const conf = [...values].map(([id, value]): Attribute => ({ type: id, payload: u32(value) }));
  return encodeAttribute({ type: IFLA_INET_CONF, nested: true, payload: encodeAttributes(conf) });
}

/**
 * One IPv4 device setting (an IPV4_DEVCONF_* id) from the AF_INET entry of
 * IFLA_AF_SPEC, or undefined when the entry has none. The kernel sends
 * IFLA_INET_CONF as a flat u32 array whose element i is id i + 1
 * (`inet_fill_link_af`), not as attributes.
 */
export function readInetConf(afInet: Buffer, id: number): number | undefined {
  const conf = findAttribute(afInet, 0, IFLA_INET_CONF);
  const offset = (id - 1) * 4;
  return conf === undefined || id < 1 || offset + 4 > conf.length ? undefined : readU32(conf, offset);
}
