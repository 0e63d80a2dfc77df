/**
 * Router Advertisement builder and Router Solicitation parser, pure
 * (RFC 4861 §4.1, §4.2, §4.6, §6.1.1; RDNSS and DNSSL from RFC 8106 §5).
 *
 * What the VM is told, and why
 * ----------------------------
 * The VM's address comes from DHCPv6 (dhcp/v6/), so the RA sets M ("managed
 * address configuration") and O (other configuration, DNS, also from
 * DHCPv6). DHCPv6 carries no routes: the default route exists only because
 * the RA's router lifetime is non-zero, and it points at the RA's source, the
 * bridge's link-local address; with advertiseDefaultRouter=false the lifetime
 * is 0 and the guest learns no router (RFC 4861 §4.2).
 *
 * The Prefix Information option carries the on-link prefix with L=1 and
 * A=0. L=1 makes the whole prefix on-link: DHCPv6 clients commonly install
 * the leased address as a /128, and without it the guest could not reach its
 * neighbours (the masquerade gateway fd10:0:2::1) except through the router.
 * A=0 forbids SLAAC (RFC 4862 §5.5.3): the pod routes or NATs exactly the one
 * address DHCPv6 leases, so a second, self-made address would be a source
 * the pod drops. (For a /120 prefix SLAAC could not apply anyway, it needs a
 * 64-bit interface identifier; for a bridge binding on a /64 pod network it
 * would.)
 *
 * The ICMPv6 checksum is left zero: for a raw ICMPv6 socket the kernel
 * computes it on send and verifies it on receive (RFC 3542 §3.1).
 */

import { ValidationError } from '../../src/core/errors.js';
import { formatIp, formatMac, ipFromBytes, ipToBytes, macToBytes, networkAddress, tryParseIp, tryParseMac } from '../../src/core/ip.js';
import { encodeDomainSearch } from '../v4/options.js';
import type { DhcpV6ServerConfig } from '../v6/config.js';

export const ICMPV6_ROUTER_SOLICITATION = 133;
export const ICMPV6_ROUTER_ADVERTISEMENT = 134;
/** RFC 4861 §6.1.1, §6.1.2: ND messages are sent, and must arrive, with hop limit 255 (so from on-link only). */
export const ND_HOP_LIMIT = 255;
/** RFC 4291 §2.7.1: all-nodes, where (un)solicited RAs go (RFC 4861 §6.2.4, §6.2.6). */
export const ALL_NODES_ADDRESS = 'ff02::1';

/** RFC 4861 §4.6: option types. */
export const NdOptionType = {
  SOURCE_LINK_LAYER_ADDRESS: 1,
  PREFIX_INFORMATION: 3,
  MTU: 5,
  /** RFC 8106 §5.1 */
  RECURSIVE_DNS_SERVER: 25,
  /** RFC 8106 §5.2 */
  DNS_SEARCH_LIST: 31,
} as const;

/** RFC 4861 §4.2: M and O bits of the RA flags byte. */
const FLAG_MANAGED = 0x80;
const FLAG_OTHER = 0x40;
/** RFC 4861 §4.6.2: L and A bits of the prefix flags byte. */
const PREFIX_FLAG_ON_LINK = 0x80;
const PREFIX_FLAG_AUTONOMOUS = 0x40;
/** RFC 4861 §6.2.1: AdvCurHopLimit, "the value specified in the Assigned Numbers" (RFC 1700 / IANA: 64). */
const CUR_HOP_LIMIT = 64;
/** RFC 4861 §6.2.1: AdvDefaultLifetime is at most 9000 s. */
const MAX_ROUTER_LIFETIME_SECONDS = 9000;
/** RFC 4861 §4.6.2: 0xffffffff is infinity. */
export const ND_INFINITE_LIFETIME = 0xffffffff;
/** RFC 8200 §5: every IPv6 link carries 1280-byte packets. */
const IPV6_MIN_MTU = 1280;
const IPV6_HEADER_LENGTH = 40;
const RA_HEADER_LENGTH = 16;
const RS_HEADER_LENGTH = 8;
/** RFC 4861 §4.6: option lengths count 8-octet units and fit one byte. */
const OPTION_UNIT = 8;
const MAX_OPTION_LENGTH = 255 * OPTION_UNIT;

export interface PrefixInformation {
  /** The network address of the prefix (host bits clear). */
  prefix: string;
  prefixLength: number;
  onLink: boolean;
  autonomous: boolean;
  validLifetimeSeconds: number;
  preferredLifetimeSeconds: number;
}

/** The fields of one Router Advertisement; options with nothing to carry are omitted. */
export interface RouterAdvertisement {
  curHopLimit: number;
  managed: boolean;
  other: boolean;
  /** 0: not a default router (RFC 4861 §4.2). */
  routerLifetimeSeconds: number;
  /** 0: unspecified by this router. */
  reachableTimeMs: number;
  retransTimerMs: number;
  sourceLinkLayerAddress: string;
  mtu: number;
  prefix: PrefixInformation;
  dnsServers: string[];
  searchDomains: string[];
  /** Lifetime of the RDNSS and DNSSL options. */
  dnsLifetimeSeconds: number;
}

/**
 * What a config yields, given MaxRtrAdvInterval (RFC 4861 §6.2.1): router lifetime
 * 3 × MaxRtrAdvInterval capped at 9000 s (AdvDefaultLifetime's default), or 0 when the
 * VM must not route through the pod; RDNSS/DNSSL lifetime 3 × MaxRtrAdvInterval
 * (RFC 8106 §5.1, so a lost RA or two does not expire them); the on-link prefix
 * with infinite lifetimes, as the pod's prefix does not change while it lives (the
 * DHCPv6 lease is infinite too). Throws ValidationError (path into the config)
 * when the config cannot be advertised, including when the RA would not fit
 * the MTU (RFC 4861 §6.2.3 would need several RAs; resolv.conf never gets there).
 */
export function planRouterAdvertisement(config: DhcpV6ServerConfig, maxRtrAdvIntervalSeconds: number): RouterAdvertisement {
  const mac = tryParseMac(config.serverMac);
  if (mac === null) throw new ValidationError('/serverMac', `failed to plan router advertisement: "${config.serverMac}" is not a MAC address`);
  const address = tryParseIp(config.address);
  if (address === null || address.family !== 6) {
    throw new ValidationError('/address', `failed to plan router advertisement: "${config.address}" is not an ipv6 address`);
  }
  if (!Number.isInteger(config.prefixLength) || config.prefixLength < 1 || config.prefixLength > 128) {
    throw new ValidationError('/prefixLength', `failed to plan router advertisement: prefix length ${config.prefixLength} is not in 1–128`);
  }
  if (!Number.isInteger(config.mtu) || config.mtu < IPV6_MIN_MTU || config.mtu > 0xffffffff) {
    throw new ValidationError('/mtu', `failed to plan router advertisement: mtu ${config.mtu} is not an integer in ${IPV6_MIN_MTU}–4294967295`);
  }
  config.dnsServers.forEach((server, i) => {
    const ip = tryParseIp(server);
    if (ip === null || ip.family !== 6) {
      throw new ValidationError(`/dnsServers/${i}`, `failed to plan router advertisement: dns server "${server}" is not an ipv6 address`);
    }
  });
  const ra: RouterAdvertisement = {
    curHopLimit: CUR_HOP_LIMIT,
    managed: true,
    other: true,
    routerLifetimeSeconds: config.advertiseDefaultRouter ? Math.min(3 * maxRtrAdvIntervalSeconds, MAX_ROUTER_LIFETIME_SECONDS) : 0,
    reachableTimeMs: 0,
    retransTimerMs: 0,
    sourceLinkLayerAddress: mac,
    mtu: config.mtu,
    prefix: {
      prefix: formatIp(networkAddress({ ...address, prefixLength: config.prefixLength })),
      prefixLength: config.prefixLength,
      onLink: true,
      autonomous: false,
      validLifetimeSeconds: ND_INFINITE_LIFETIME,
      preferredLifetimeSeconds: ND_INFINITE_LIFETIME,
    },
    dnsServers: [...config.dnsServers],
    searchDomains: [...config.searchDomains],
    dnsLifetimeSeconds: 3 * maxRtrAdvIntervalSeconds,
  };
  const length = formatRouterAdvertisement(ra).length;
  if (length + IPV6_HEADER_LENGTH > config.mtu) {
    throw new ValidationError(
      '/dnsServers',
      `failed to plan router advertisement: it takes ${length + IPV6_HEADER_LENGTH} bytes with the ipv6 header, more than the mtu ${config.mtu}`,
    );
  }
  return ra;
}

/** An option: type, length in 8-octet units, body zero-padded to a multiple of 8 (RFC 4861 §4.6). */
function formatOption(type: number, body: Buffer, what: string): Buffer {
  const length = Math.ceil((body.length + 2) / OPTION_UNIT) * OPTION_UNIT;
  if (length > MAX_OPTION_LENGTH) {
    throw new ValidationError(`/${what}`, `failed to format the ${what} option: ${length} bytes exceed ${MAX_OPTION_LENGTH}`);
  }
  const out = Buffer.alloc(length);
  out[0] = type;
  out[1] = length / OPTION_UNIT;
  body.copy(out, 2);
  return out;
}

function ipv6Bytes(text: string): Buffer {
  const ip = tryParseIp(text);
  if (ip === null || ip.family !== 6) throw new ValidationError('', `failed to encode "${text}": not an ipv6 address`);
  return Buffer.from(ipToBytes(ip));
}

/** The ICMPv6 message (checksum zero, filled in by the kernel). */
export function formatRouterAdvertisement(ra: RouterAdvertisement): Buffer {
  const header = Buffer.alloc(RA_HEADER_LENGTH);
  header[0] = ICMPV6_ROUTER_ADVERTISEMENT;
  header[4] = ra.curHopLimit;
  header[5] = (ra.managed ? FLAG_MANAGED : 0) | (ra.other ? FLAG_OTHER : 0);
  header.writeUInt16BE(ra.routerLifetimeSeconds, 6);
  header.writeUInt32BE(ra.reachableTimeMs, 8);
  header.writeUInt32BE(ra.retransTimerMs, 12);

  const options = [formatOption(NdOptionType.SOURCE_LINK_LAYER_ADDRESS, Buffer.from(macToBytes(ra.sourceLinkLayerAddress)), 'sourceLinkLayerAddress')];
  // RFC 4861 §4.6.4: 2 reserved bytes, then the MTU.
  const mtu = Buffer.alloc(6);
  mtu.writeUInt32BE(ra.mtu, 2);
  options.push(formatOption(NdOptionType.MTU, mtu, 'mtu'));
  // RFC 4861 §4.6.2: length, flags, valid, preferred, 4 reserved, prefix.
  const prefix = Buffer.alloc(30);
  prefix[0] = ra.prefix.prefixLength;
  prefix[1] = (ra.prefix.onLink ? PREFIX_FLAG_ON_LINK : 0) | (ra.prefix.autonomous ? PREFIX_FLAG_AUTONOMOUS : 0);
  prefix.writeUInt32BE(ra.prefix.validLifetimeSeconds, 2);
  prefix.writeUInt32BE(ra.prefix.preferredLifetimeSeconds, 6);
  ipv6Bytes(ra.prefix.prefix).copy(prefix, 14);
  options.push(formatOption(NdOptionType.PREFIX_INFORMATION, prefix, 'prefix'));
  // RFC 8106 §5.1/§5.2: 2 reserved bytes, the lifetime, then the addresses / the names.
  const lifetime = Buffer.alloc(6);
  lifetime.writeUInt32BE(ra.dnsLifetimeSeconds, 2);
  if (ra.dnsServers.length > 0) {
    options.push(formatOption(NdOptionType.RECURSIVE_DNS_SERVER, Buffer.concat([lifetime, ...ra.dnsServers.map(ipv6Bytes)]), 'dnsServers'));
  }
  if (ra.searchDomains.length > 0) {
    // Uncompressed RFC 1035 names, as option 119 (RFC 8106 §5.2); the padding is the zeros formatOption adds.
    options.push(formatOption(NdOptionType.DNS_SEARCH_LIST, Buffer.concat([lifetime, encodeDomainSearch(ra.searchDomains)]), 'searchDomains'));
  }
  return Buffer.concat([header, ...options]);
}

/** Why a received Router Solicitation is discarded (RFC 4861 §6.1.1, plus the type check the socket filter also makes). */
export type RouterSolicitationDropReason =
  | 'not-router-solicitation'
  | 'hop-limit'
  | 'code'
  | 'too-short'
  | 'bad-option-length'
  | 'link-layer-option-from-unspecified';

export interface RouterSolicitation {
  source: string;
  /** The Source Link-Layer Address option (RFC 4861 §4.1), when present and 6 bytes long (Ethernet). */
  sourceLinkLayerAddress: string | null;
}

export type RouterSolicitationResult =
  | { ok: true; solicitation: RouterSolicitation }
  | { ok: false; reason: RouterSolicitationDropReason; detail: string };

function drop(reason: RouterSolicitationDropReason, detail: string): RouterSolicitationResult {
  return { ok: false, reason, detail };
}

/**
 * Validate a received ICMPv6 message as a Router Solicitation, RFC 4861 §6.1.1:
 * hop limit 255, ICMP code 0, ICMP length ≥ 8, every option's length > 0 and
 * inside the message, no source link-layer option when the source is the
 * unspecified address. The checksum was verified by the kernel. Options
 * this router does not know are skipped (§4.1). Never throws.
 * @param source the IPv6 source address, as the socket reported it
 * @param hopLimit the IPv6 hop limit the message arrived with
 */
export function parseRouterSolicitation(payload: Uint8Array, source: string, hopLimit: number): RouterSolicitationResult {
  if (payload.length < 1 || payload[0] !== ICMPV6_ROUTER_SOLICITATION) {
    return drop('not-router-solicitation', `icmpv6 type ${payload[0] ?? 'missing'}`);
  }
  if (hopLimit !== ND_HOP_LIMIT) return drop('hop-limit', `hop limit ${hopLimit}, not ${ND_HOP_LIMIT}`);
  if (payload.length < RS_HEADER_LENGTH) return drop('too-short', `${payload.length} bytes, fewer than ${RS_HEADER_LENGTH}`);
  if (payload[1] !== 0) return drop('code', `icmp code ${payload[1]}, not 0`);
  const sourceIp = tryParseIp(source);
  const unspecified = sourceIp !== null && sourceIp.family === 6 && sourceIp.value === 0n;
  let sourceLinkLayerAddress: string | null = null;
  for (let offset = RS_HEADER_LENGTH; offset < payload.length; ) {
    const type = payload[offset]!;
    const units = payload[offset + 1] ?? 0;
    const length = units * OPTION_UNIT;
    if (length === 0) return drop('bad-option-length', `option ${type} at offset ${offset} has length 0`);
    if (offset + length > payload.length) {
      return drop('bad-option-length', `option ${type} at offset ${offset} runs ${offset + length - payload.length} bytes past the end`);
    }
    if (type === NdOptionType.SOURCE_LINK_LAYER_ADDRESS) {
      if (unspecified) return drop('link-layer-option-from-unspecified', 'source link-layer address option from ::');
      // Ethernet: one unit, six address bytes (RFC 2464 §6); other link types keep it unread.
      if (units === 1) sourceLinkLayerAddress = formatMac(payload.subarray(offset + 2, offset + 8));
    }
    offset += length;
  }
  return { ok: true, solicitation: { source: unspecified ? '::' : source, sourceLinkLayerAddress } };
}

/** Inverse of formatRouterAdvertisement for the options it writes; for tests and diagnostics. Throws on malformed input. */
export function parseRouterAdvertisement(payload: Uint8Array): RouterAdvertisement {
  const bytes = Buffer.from(payload);
  if (bytes.length < RA_HEADER_LENGTH || bytes[0] !== ICMPV6_ROUTER_ADVERTISEMENT) {
    throw new ValidationError('', `failed to parse router advertisement: ${bytes.length} bytes, type ${bytes[0]}`);
  }
  const ra: Partial<RouterAdvertisement> = {
    curHopLimit: bytes[4]!,
    managed: (bytes[5]! & FLAG_MANAGED) !== 0,
    other: (bytes[5]! & FLAG_OTHER) !== 0,
    routerLifetimeSeconds: bytes.readUInt16BE(6),
    reachableTimeMs: bytes.readUInt32BE(8),
    retransTimerMs: bytes.readUInt32BE(12),
    dnsServers: [],
    searchDomains: [],
    dnsLifetimeSeconds: 0,
  };
  for (let offset = RA_HEADER_LENGTH; offset < bytes.length; ) {
    const length = (bytes[offset + 1] ?? 0) * OPTION_UNIT;
    if (length === 0 || offset + length > bytes.length) {
      throw new ValidationError('', `failed to parse router advertisement: bad option length at offset ${offset}`);
    }
    const body = bytes.subarray(offset + 2, offset + length);
    switch (bytes[offset]) {
      case NdOptionType.SOURCE_LINK_LAYER_ADDRESS:
        ra.sourceLinkLayerAddress = formatMac(body.subarray(0, 6));
        break;
      case NdOptionType.MTU:
        ra.mtu = body.readUInt32BE(2);
        break;
      case NdOptionType.PREFIX_INFORMATION:
        ra.prefix = {
          prefix: formatIp(ipFromBytes(body.subarray(14, 30))),
          prefixLength: body[0]!,
          onLink: (body[1]! & PREFIX_FLAG_ON_LINK) !== 0,
          autonomous: (body[1]! & PREFIX_FLAG_AUTONOMOUS) !== 0,
          validLifetimeSeconds: body.readUInt32BE(2),
          preferredLifetimeSeconds: body.readUInt32BE(6),
        };
        break;
      case NdOptionType.RECURSIVE_DNS_SERVER:
        ra.dnsLifetimeSeconds = body.readUInt32BE(2);
        for (let i = 6; i + 16 <= body.length; i += 16) ra.dnsServers!.push(formatIp(ipFromBytes(body.subarray(i, i + 16))));
        break;
      case NdOptionType.DNS_SEARCH_LIST:
        ra.dnsLifetimeSeconds = body.readUInt32BE(2);
        ra.searchDomains = parseDomainNames(body.subarray(6));
        break;
    }
    offset += length;
  }
  return ra as RouterAdvertisement;
}

/** Uncompressed RFC 1035 names up to the zero padding (RFC 8106 §5.2). */
function parseDomainNames(bytes: Buffer): string[] {
  const names: string[] = [];
  let labels: string[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = bytes[i]!;
    if (length === 0) {
      if (labels.length === 0) break; // padding
      names.push(labels.join('.'));
      labels = [];
      i++;
      continue;
    }
    labels.push(bytes.subarray(i + 1, i + 1 + length).toString('ascii'));
    i += 1 + length;
  }
  return names;
}
