/**
 * IP and MAC address arithmetic, pure. Addresses are held as bigint so IPv4
 * and IPv6 share one code path; text is produced in canonical form (dotted
 * quad for IPv4, RFC 5952 for IPv6, lower-case colon form for MACs) so two
 * spellings of one address compare equal as strings.
 */
import { ValidationError } from './errors.js';
import type { IpFamily } from './net-state.js';

export interface IpValue {
  family: IpFamily;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** The address as written, host bits kept (`10.0.2.5/24` keeps `.5`). */
  value: bigint;
  prefixLength: number;
}

/** KubeVirt's masquerade VM networks (`pkg/virt-launcher/virtwrap/api/defaults.go`). */
export const DEFAULT_VM_CIDR = '10.0.2.0/24';
export const DEFAULT_VM_IPV6_CIDR = 'fd10:0:2::/120';

export function bitLength(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

const IPV4_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

function parseIpv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    // Leading zeros are rejected: some parsers read them as octal (Go 1.17+ refuses them too).
    if (!IPV4_OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

// Numbers, not bigint, until the end: bigint steps cost far more, and addresses are parsed on every hot path.
function parseIpv4Value(text: string): bigint | null {
  const value = parseIpv4Number(text);
  return value === null ? null : BigInt(value);
}

const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** Hex groups of `text` (`a:b:c`), or null when one is not 1–4 hex digits. */
function ipv6Groups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!IPV6_GROUP.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

// Validated here rather than with node:net isIPv6, whose one large regular expression cost more
// than everything else in parsing an address while the code is not yet optimised (a handler's normal state).
function parseIpv6Value(text: string): bigint | null {
  // Zones (`fe80::1%eth0`) name a link, not an address; node accepts them, we do not.
  if (text.length > 45 || text.includes('%')) return null;
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return null;
  let head = text;
  let tail: number[] = [];
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4Number(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 0x10000), v4 % 0x10000];
    head = text.slice(0, lastColon + 1);
    // `::1.2.3.4` leaves `::`; `1::1.2.3.4` leaves `1::`; `1:2:3:4:5:6:1.2.3.4` leaves a trailing `:`.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  let groups: number[];
  const gap = head.indexOf('::');
  if (gap >= 0) {
    if (head.indexOf('::', gap + 1) >= 0) return null;
    const left = ipv6Groups(head.slice(0, gap));
    const right = ipv6Groups(head.slice(gap + 2));
    if (left === null || right === null) return null;
    const missing = 8 - left.length - right.length - tail.length;
    if (missing < 1) return null;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  } else {
    const all = ipv6Groups(head);
    if (all === null) return null;
    groups = [...all, ...tail];
  }
  if (groups.length !== 8) return null;
  // Four 32-bit words: one bigint step each instead of one per group.
  let value = 0n;
  for (let i = 0; i < 8; i += 2) value = (value << 32n) | BigInt(groups[i]! * 0x10000 + groups[i + 1]!);
  return value;
}

/** Parse an IPv4 or IPv6 address (no prefix, no zone); null when it is neither. */
export function tryParseIp(text: string): IpValue | null {
  const v4 = parseIpv4Value(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6Value(text);
  if (v6 !== null) return { family: 6, value: v6 };
  return null;
}

export function parseIp(text: string): IpValue {
  const ip = tryParseIp(text);
  if (ip === null) throw new ValidationError('', `failed to parse IP address "${text}"`);
  return ip;
}

export function isIpv4(text: string): boolean {
  return parseIpv4Number(text) !== null;
}

export function isIpv6(text: string): boolean {
  return parseIpv6Value(text) !== null;
}

function formatIpv4Value(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 §4: lower case, no leading zeros, longest (first on ties) run of ≥2 zero groups as `::`. */
function formatIpv6Value(value: bigint): string {
  // RFC 5952 §5: IPv4-mapped addresses keep their dotted tail.
  if (value >> 32n === 0xffffn) return `::ffff:${formatIpv4Value(value & 0xffffffffn)}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

export function formatIp(ip: IpValue): string {
  return ip.family === 4 ? formatIpv4Value(ip.value) : formatIpv6Value(ip.value);
}

/** The canonical spelling of an address: `FD10:0:2:0::02` → `fd10:0:2::2`. */
export function canonicalizeIp(text: string): string {
  return formatIp(parseIp(text));
}

/** Network byte order: 4 bytes for IPv4, 16 for IPv6. */
export function ipToBytes(ip: IpValue): Uint8Array {
  const length = bitLength(ip.family) / 8;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Number((ip.value >> BigInt(8 * (length - 1 - i))) & 0xffn);
  return bytes;
}

export function ipFromBytes(bytes: Uint8Array): IpValue {
  if (bytes.length !== 4 && bytes.length !== 16) {
    throw new ValidationError('', `failed to read IP address from ${bytes.length} bytes: need 4 or 16`);
  }
  const value = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  return { family: bytes.length === 4 ? 4 : 6, value };
}

/** Parse `address/prefix`; the prefix must fit the family. Host bits are allowed and kept. */
export function tryParseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = tryParseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === null || !/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText)) return null;
  const prefixLength = Number(prefixText);
  if (prefixLength > bitLength(ip.family)) return null;
  return { family: ip.family, value: ip.value, prefixLength };
}

export function parseCidr(text: string): Cidr {
  const cidr = tryParseCidr(text);
  if (cidr === null) throw new ValidationError('', `failed to parse CIDR "${text}": expected address/prefix`);
  return cidr;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr)}/${cidr.prefixLength}`;
}

function maskValue(family: IpFamily, prefixLength: number): bigint {
  const bits = BigInt(bitLength(family));
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefixLength))) & all;
}

/** The first address of the subnet, as a CIDR with host bits cleared: `10.0.2.5/24` → `10.0.2.0/24`. */
export function networkOf(cidr: Cidr): Cidr {
  return { ...cidr, value: cidr.value & maskValue(cidr.family, cidr.prefixLength) };
}

export function networkAddress(cidr: Cidr): IpValue {
  return { family: cidr.family, value: networkOf(cidr).value };
}

/** Number of addresses in the subnet (2^(bits − prefix)). */
export function addressCount(cidr: Cidr): bigint {
  return 1n << BigInt(bitLength(cidr.family) - cidr.prefixLength);
}

export function cidrContains(cidr: Cidr, ip: IpValue): boolean {
  if (cidr.family !== ip.family) return false;
  const mask = maskValue(cidr.family, cidr.prefixLength);
  return (cidr.value & mask) === (ip.value & mask);
}

/** The n-th address of the subnet counting from its network address (n = 0); throws outside the subnet. */
export function nthAddress(cidr: Cidr, n: number | bigint): IpValue {
  const offset = BigInt(n);
  if (offset < 0n || offset >= addressCount(cidr)) {
    throw new ValidationError('', `failed to pick address ${offset} of "${formatCidr(networkOf(cidr))}": outside the subnet`);
  }
  return { family: cidr.family, value: networkOf(cidr).value + offset };
}

/** `24` → `255.255.255.0` (IPv4) or the IPv6 mask in canonical text. */
export function prefixToMask(prefixLength: number, family: IpFamily = 4): string {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bitLength(family)) {
    throw new ValidationError('', `failed to build a mask from prefix ${prefixLength}: out of range for IPv${family}`);
  }
  return formatIp({ family, value: maskValue(family, prefixLength) });
}

/** `255.255.255.252` → `30`; rejects non-contiguous masks. */
export function maskToPrefix(mask: string): number {
  const ip = parseIp(mask);
  const bits = bitLength(ip.family);
  for (let prefixLength = 0; prefixLength <= bits; prefixLength++) {
    if (maskValue(ip.family, prefixLength) === ip.value) return prefixLength;
  }
  throw new ValidationError('', `failed to read netmask "${mask}": bits are not contiguous`);
}

/**
 * KubeVirt HEAD (`setup/netpod/netpod.go` `gatewayIP`) refuses a VM CIDR whose
 * prefix leaves fewer than 2 host bits: the gateway takes network+1, the VM
 * network+2, and both must lie inside the subnet. v0.53 said the same as
 * "less than 4 addresses on network".
 */
export function checkVmCidrSize(cidr: Cidr): string | null {
  if (cidr.prefixLength > bitLength(cidr.family) - 2) {
    return `VM CIDR "${formatCidr(cidr)}" is too small, at least 2 host addresses are required`;
  }
  return null;
}

export interface MasqueradeAddresses {
  /** Gateway on `k6t-eth0` with the CIDR's prefix: `10.0.2.1/24`. */
  gateway: string;
  /** Address leased to the VM: `10.0.2.2/24`. */
  vm: string;
}

/** network+1 and network+2 of the VM CIDR, prefix kept (`link/address.go`). */
export function masqueradeAddresses(cidrText: string): MasqueradeAddresses {
  const cidr = parseCidr(cidrText);
  const tooSmall = checkVmCidrSize(cidr);
  if (tooSmall !== null) throw new ValidationError('', `failed to derive masquerade addresses: ${tooSmall}`);
  const withPrefix = (ip: IpValue): string => `${formatIp(ip)}/${cidr.prefixLength}`;
  return { gateway: withPrefix(nthAddress(cidr, 1)), vm: withPrefix(nthAddress(cidr, 2)) };
}

/** The ranges Go's IsGlobalUnicast excludes besides the unspecified, all-ones and loopback addresses; parsed on first use. */
let nonGlobalRanges: { v4: Cidr[]; v6: Cidr[] } | undefined;

function nonGlobal(): { v4: Cidr[]; v6: Cidr[] } {
  nonGlobalRanges ??= {
    v4: ['127.0.0.0/8', '224.0.0.0/4', '169.254.0.0/16'].map(parseCidr),
    v6: ['ff00::/8', 'fe80::/10'].map(parseCidr),
  };
  return nonGlobalRanges;
}

/**
 * Go's `net.IP.IsGlobalUnicast`, which KubeVirt uses to pick pod addresses:
 * anything but unspecified, loopback, multicast, link-local unicast and the
 * IPv4 limited broadcast. Private ranges count as global. IPv4-mapped IPv6
 * addresses are judged as IPv4, as Go does.
 */
export function isGlobalUnicast(address: string | IpValue): boolean {
  let ip = typeof address === 'string' ? parseIp(address) : address;
  if (ip.family === 6 && ip.value >> 32n === 0xffffn) ip = { family: 4, value: ip.value & 0xffffffffn };
  const inAny = (ranges: Cidr[]): boolean => ranges.some((range) => cidrContains(range, ip));
  if (ip.family === 4) return !(ip.value === 0n || ip.value === 0xffffffffn || inAny(nonGlobal().v4));
  return !(ip.value === 0n || ip.value === 1n || inAny(nonGlobal().v6));
}

// ---------------------------------------------------------------------------------------------
// MAC addresses

/** KubeVirt's `StaticMasqueradeBridgeMAC` (`pkg/network/link/mac.go`); admission rejects it as a VM MAC. */
export const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';

const MAC_PATTERN = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;

/**
 * Accepts the 48-bit forms Go's `net.ParseMAC` accepts with colons or hyphens
 * (`de:ad:00:00:be:af`, `DE-AD-00-00-BE-AF`), one separator throughout;
 * returns lower-case colon form, or null.
 */
export function tryParseMac(text: string): string | null {
  if (!MAC_PATTERN.test(text)) return null;
  return text.toLowerCase().replaceAll('-', ':');
}

export function parseMac(text: string): string {
  const mac = tryParseMac(text);
  if (mac === null) {
    throw new ValidationError('', `failed to parse MAC address "${text}": expected six hex octets separated by ":" or "-"`);
  }
  return mac;
}

export function macToBytes(text: string): Uint8Array {
  return Uint8Array.from(parseMac(text).split(':').map((octet) => parseInt(octet, 16)));
}

export function formatMac(bytes: Uint8Array): string {
  if (bytes.length !== 6) throw new ValidationError('', `failed to format MAC address from ${bytes.length} bytes: need 6`);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** IEEE 802: the I/G bit (least significant bit of the first octet) marks group addresses. */
export function isMulticastMac(text: string): boolean {
  return ((macToBytes(text)[0] ?? 0) & 0x01) === 0x01;
}
