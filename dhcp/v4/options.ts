/**
 * Typed encoders for the DHCPv4 options virtnet serves, and the option set a
 * server config yields. Encoders return option data (without code/length);
 * the codec adds framing and RFC 3396 splitting. Config mistakes throw
 * ValidationError with a JSON-pointer path into DhcpV4ServerConfig.
 */

import { ValidationError } from '../../src/core/errors.js';
import { ipToBytes, networkOf, tryParseCidr } from '../../src/core/ip.js';
import type { DhcpRoute, DhcpV4ServerConfig } from './config.js';
import { KUBEVIRT_LEASE_SECONDS } from './config.js';
import { DhcpOptionCode, type DhcpV4Option, parseIpv4 } from './codec.js';
import { longestDomain } from '../../src/core/resolv-conf.js';

/** RFC 2131 §3.3: a lease of 0xffffffff means "infinity". */
export const INFINITE_LEASE_SECONDS = 0xffffffff;
/** RFC 2132 §5.1: the smallest legal interface MTU. */
const MIN_MTU = 68;
/** RFC 2132 §9.15/§9.16: private-use option codes, the only ones KubeVirt's dhcpOptions.privateOptions may set. */
export const PRIVATE_OPTION_MIN = 224;
export const PRIVATE_OPTION_MAX = 254;

/**
 * KubeVirt's search-domain check (pkg/network/dhcp/server/server.go,
 * `convertSearchDomainsToBytes`): lower-case labels, `_` allowed except in the
 * last label, which must start with a letter; an optional trailing dot.
 */
const SEARCH_DOMAIN_PATTERN = /^(?:[_a-z0-9](?:[_a-z0-9-]{0,61}[a-z0-9])?\.)*(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)?$/;
/** RFC 1035 §2.3.4: 253 characters of text (255 bytes on the wire). */
const MAX_DOMAIN_LENGTH = 253;

/** Option 1: the netmask of a prefix length (0–32). */
export function encodeSubnetMask(prefixLength: number, path = '/prefixLength'): Buffer {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new ValidationError(path, `failed to encode subnet mask: prefix length ${prefixLength} is not in 0–32`);
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
  return out;
}

/** Options 3, 6, 42, 54: concatenated 4-byte addresses. */
export function encodeIpv4List(addresses: readonly string[], what: string, path: string): Buffer {
  return Buffer.concat(addresses.map((address, i) => ipv4OrThrow(address, what, `${path}/${i}`)));
}

function ipv4OrThrow(address: string, what: string, path: string): Buffer {
  const bytes = parseIpv4(address);
  if (bytes === null) throw new ValidationError(path, `failed to parse ${what} "${address}" as an ipv4 address`);
  return bytes;
}

/** Options 26 (MTU, RFC 2132 §5.1). */
export function encodeInterfaceMtu(mtu: number, path = '/mtu'): Buffer {
  if (!Number.isInteger(mtu) || mtu < MIN_MTU || mtu > 0xffff) {
    throw new ValidationError(path, `failed to encode mtu ${mtu}: expected an integer in ${MIN_MTU}–65535`);
  }
  const out = Buffer.alloc(2);
  out.writeUInt16BE(mtu);
  return out;
}

/** Options 51, 58, 59: seconds as a 32-bit unsigned integer. */
export function encodeSeconds(seconds: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(seconds);
  return out;
}

/**
 * Option 119 (RFC 3397 §2): each name as RFC 1035 labels ending in a zero
 * byte, no compression. Names are checked with KubeVirt's pattern and length
 * limit. Unlike KubeVirt, a list over 255 bytes is not an error: the codec
 * splits it into several option-119 instances (RFC 3396), which clients
 * concatenate (RFC 3397 §2).
 */
export function encodeDomainSearch(domains: readonly string[], path = '/searchDomains'): Buffer {
  const names = domains.map((domain, i) => {
    if (domain === '' || domain.length > MAX_DOMAIN_LENGTH || !SEARCH_DOMAIN_PATTERN.test(domain)) {
      throw new ValidationError(`${path}/${i}`, `search domain is not valid: ${JSON.stringify(domain)}`);
    }
    // A trailing dot names the root explicitly; it must not add an empty name.
    return domain.endsWith('.') ? domain.slice(0, -1) : domain;
  });
  // Each dot becomes a length byte, plus one in front and the closing zero: length + 2 bytes per name.
  const out = Buffer.alloc(names.reduce((sum, name) => sum + name.length + 2, 0));
  let at = 0;
  for (const name of names) {
    for (const label of name.split('.')) {
      out[at++] = label.length;
      at += out.write(label, at, 'latin1');
    }
    out[at++] = 0;
  }
  return out;
}

/**
 * Option 121 (RFC 3442 §3): per route, the prefix length, the significant
 * octets of the destination (ceil(len/8)), then the 4-byte router (0.0.0.0
 * for on-link). Default routes go last, as KubeVirt's `formClasslessRoutes`
 * does, so that on-link host routes to an off-subnet gateway (Calico's
 * 169.254.1.1) precede the default route that uses them; otherwise order is kept.
 */
export function encodeClasslessRoutes(routes: readonly DhcpRoute[], path = '/routes'): Buffer {
  const ordered = [...routes.entries()].sort(([, a], [, b]) => Number(a.destination === null) - Number(b.destination === null));
  return Buffer.concat(
    ordered.map(([i, route]) => {
      const { network, prefixLength } = parseDestination(route.destination, `${path}/${i}/destination`);
      const router = route.gateway === null ? Buffer.alloc(4) : ipv4OrThrow(route.gateway, 'route gateway', `${path}/${i}/gateway`);
      return Buffer.concat([Buffer.from([prefixLength]), network.subarray(0, Math.ceil(prefixLength / 8)), router]);
    }),
  );
}

function parseDestination(destination: string | null, path: string): { network: Uint8Array; prefixLength: number } {
  if (destination === null) return { network: new Uint8Array(4), prefixLength: 0 };
  const cidr = tryParseCidr(destination);
  if (cidr === null || cidr.family !== 4) {
    throw new ValidationError(path, `failed to parse route destination "${destination}" as an ipv4 cidr`);
  }
  // Host bits must not leak into the significant octets.
  return { network: ipToBytes(networkOf(cidr)), prefixLength: cidr.prefixLength };
}

export interface DhcpV4LeaseTimes {
  lease: number;
  /** T1, or null for an infinite lease. */
  renewal: number | null;
  /** T2, or null for an infinite lease. */
  rebinding: number | null;
}

/**
 * Lease (51), T1 (58) and T2 (59). RFC 2131 §4.4.5 defaults: T1 = 0.5·lease,
 * T2 = 0.875·lease; overrides must keep T1 ≤ T2 ≤ lease. An infinite lease
 * has no T1/T2: the client never renews.
 */
export function computeLeaseTimes(config: Pick<DhcpV4ServerConfig, 'leaseSeconds' | 'renewalSeconds' | 'rebindingSeconds'>): DhcpV4LeaseTimes {
  const lease = config.leaseSeconds ?? KUBEVIRT_LEASE_SECONDS;
  checkSeconds(lease, '/leaseSeconds', 1);
  if (lease === INFINITE_LEASE_SECONDS) return { lease, renewal: null, rebinding: null };
  const renewal = config.renewalSeconds ?? Math.floor(lease * 0.5);
  const rebinding = config.rebindingSeconds ?? Math.floor(lease * 0.875);
  checkSeconds(renewal, '/renewalSeconds', 0);
  checkSeconds(rebinding, '/rebindingSeconds', 0);
  if (renewal > rebinding || rebinding > lease) {
    throw new ValidationError('/renewalSeconds', `failed to set lease times: expected T1 ≤ T2 ≤ lease, got ${renewal}, ${rebinding}, ${lease}`);
  }
  return { lease, renewal, rebinding };
}

function checkSeconds(value: number, path: string, min: number): void {
  if (!Number.isInteger(value) || value < min || value > INFINITE_LEASE_SECONDS) {
    throw new ValidationError(path, `failed to set lease times: ${value} is not an integer in ${min}–${INFINITE_LEASE_SECONDS}`);
  }
}

/** Options 51, 58, 59 for OFFER/ACK (never for an ACK to INFORM, RFC 2131 §4.3.5). */
export function computeLeaseOptions(config: DhcpV4ServerConfig): DhcpV4Option[] {
  const times = computeLeaseTimes(config);
  const options: DhcpV4Option[] = [{ code: DhcpOptionCode.LEASE_TIME, data: encodeSeconds(times.lease) }];
  if (times.renewal !== null) options.push({ code: DhcpOptionCode.RENEWAL_TIME, data: encodeSeconds(times.renewal) });
  if (times.rebinding !== null) options.push({ code: DhcpOptionCode.REBINDING_TIME, data: encodeSeconds(times.rebinding) });
  return options;
}

/**
 * Every configuration option a reply carries, in the default order
 * 1, 3, 6, 12, 15, 26, 42, 66, 67, 119, 121, 224–254. Absent or empty
 * values produce no option, as in KubeVirt (no mask, router or routes → no
 * 1, 3, 121), but also no zero-length option 6, which RFC 2132 §3.8 forbids.
 *
 * When option 121 is sent and the config has a gateway but no default route,
 * the default route via the gateway is appended: RFC 3442 §3 makes clients
 * ignore option 3 when 121 is present and asks servers to list the default
 * router in both.
 */
export function computeConfigOptions(config: DhcpV4ServerConfig): DhcpV4Option[] {
  const options: DhcpV4Option[] = [];
  const add = (code: number, data: Buffer | undefined): void => {
    if (data !== undefined) options.push({ code, data });
  };
  if (config.prefixLength !== undefined) add(DhcpOptionCode.SUBNET_MASK, encodeSubnetMask(config.prefixLength));
  if (config.gateway) add(DhcpOptionCode.ROUTER, ipv4OrThrow(config.gateway, 'gateway', '/gateway'));
  if (config.dnsServers.length > 0) add(DhcpOptionCode.DNS_SERVERS, encodeIpv4List(config.dnsServers, 'dns server', '/dnsServers'));
  if (config.hostname) add(DhcpOptionCode.HOSTNAME, Buffer.from(config.hostname, 'utf8'));
  // Option 15 when the config sets none: KubeVirt sends the longest search domain.
  const domainName = config.domainName ?? (longestDomain(config.searchDomains) || undefined);
  if (domainName) add(DhcpOptionCode.DOMAIN_NAME, Buffer.from(domainName, 'utf8'));
  add(DhcpOptionCode.INTERFACE_MTU, encodeInterfaceMtu(config.mtu));
  if (config.ntpServers?.length) add(DhcpOptionCode.NTP_SERVERS, encodeIpv4List(config.ntpServers, 'ntp server', '/ntpServers'));
  if (config.tftpServerName) add(DhcpOptionCode.TFTP_SERVER_NAME, Buffer.from(config.tftpServerName, 'utf8'));
  if (config.bootFileName) add(DhcpOptionCode.BOOTFILE_NAME, Buffer.from(config.bootFileName, 'utf8'));
  if (config.searchDomains.length > 0) add(DhcpOptionCode.DOMAIN_SEARCH, encodeDomainSearch(config.searchDomains));
  if (config.routes.length > 0) {
    const hasDefault = config.routes.some((r) => r.destination === null);
    const routes = config.gateway && !hasDefault ? [...config.routes, { destination: null, gateway: config.gateway }] : config.routes;
    add(DhcpOptionCode.CLASSLESS_STATIC_ROUTES, encodeClasslessRoutes(routes));
  }
  const seen = new Set<number>();
  for (const [i, { code, value }] of (config.privateOptions ?? []).entries()) {
    if (!Number.isInteger(code) || code < PRIVATE_OPTION_MIN || code > PRIVATE_OPTION_MAX) {
      throw new ValidationError(`/privateOptions/${i}/code`, `failed to add private option ${code}: expected a code in ${PRIVATE_OPTION_MIN}–${PRIVATE_OPTION_MAX}`);
    }
    if (seen.has(code)) throw new ValidationError(`/privateOptions/${i}/code`, `failed to add private option ${code}: it is given twice`);
    seen.add(code);
    add(code, Buffer.from(value, 'utf8'));
  }
  return options;
}
