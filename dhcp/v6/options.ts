/**
 * What a DHCPv6 server config yields on the wire: the server DUID, the IA_NA
 * lifetimes and T1/T2, and the configuration options (23, 24). Config
 * mistakes throw ValidationError with a JSON-pointer path into DhcpV6ServerConfig.
 */

import { ValidationError } from '../../src/core/errors.js';
import { macToBytes, tryParseMac } from '../../src/core/ip.js';
import { encodeDomainSearch } from '../v4/options.js';
import type { DhcpV6ServerConfig } from './config.js';
import { DHCPV6_INFINITY } from './config.js';
import { DhcpV6OptionCode, type DhcpV6Option, HARDWARE_TYPE_ETHERNET, formatDuidLl, parseIpv6 } from './codec.js';

/** RFC 8415 §21.4: recommended T1 and T2 as fractions of the shortest preferred lifetime. */
const T1_FRACTION = 0.5;
const T2_FRACTION = 0.8;

/** The server's DUID: DUID-LL of the bridge MAC (RFC 8415 §11.4), as KubeVirt's serverv6 does. */
export function computeServerDuid(serverMac: string, path = '/serverMac'): Buffer {
  const mac = tryParseMac(serverMac);
  if (mac === null) throw new ValidationError(path, `failed to parse server mac "${serverMac}"`);
  return formatDuidLl(HARDWARE_TYPE_ETHERNET, macToBytes(mac));
}

/** Option 23 (RFC 3646 §3): concatenated 16-byte addresses. */
export function encodeDnsServers(addresses: readonly string[], path = '/dnsServers'): Buffer {
  return Buffer.concat(
    addresses.map((address, i) => {
      const bytes = parseIpv6(address);
      if (bytes === null) throw new ValidationError(`${path}/${i}`, `failed to parse dns server "${address}" as an ipv6 address`);
      return bytes;
    }),
  );
}

export interface DhcpV6Lifetimes {
  preferred: number;
  valid: number;
  t1: number;
  t2: number;
}

/**
 * The IA Address lifetimes and the IA_NA's T1/T2. Default: infinity for both
 * lifetimes; a preferred lifetime defaults to the valid one and must not
 * exceed it (RFC 8415 §21.6: clients discard such an address). T1/T2 are
 * 0.5 and 0.8 of the preferred lifetime, infinity for an infinite one
 * (RFC 8415 §21.4), so a client renews well before the address deprecates;
 * KubeVirt sends T1 = T2 = 0, leaving the times to the client.
 */
export function computeLifetimes(config: Pick<DhcpV6ServerConfig, 'validLifetimeSeconds' | 'preferredLifetimeSeconds'>): DhcpV6Lifetimes {
  const valid = config.validLifetimeSeconds ?? DHCPV6_INFINITY;
  checkSeconds(valid, '/validLifetimeSeconds', 1);
  const preferred = config.preferredLifetimeSeconds ?? valid;
  checkSeconds(preferred, '/preferredLifetimeSeconds', 0);
  if (preferred > valid) {
    throw new ValidationError('/preferredLifetimeSeconds', `failed to set lifetimes: preferred ${preferred} exceeds valid ${valid}`);
  }
  if (preferred === DHCPV6_INFINITY) return { preferred, valid, t1: DHCPV6_INFINITY, t2: DHCPV6_INFINITY };
  return { preferred, valid, t1: Math.floor(preferred * T1_FRACTION), t2: Math.floor(preferred * T2_FRACTION) };
}

function checkSeconds(value: number, path: string, min: number): void {
  if (!Number.isInteger(value) || value < min || value > DHCPV6_INFINITY) {
    throw new ValidationError(path, `failed to set lifetimes: ${value} is not an integer in ${min}–${DHCPV6_INFINITY}`);
  }
}

/**
 * Options 23 and 24 when the config has values (none for an empty list:
 * RFC 3646 gives both a minimum of one entry). Sent whether or not the
 * client's Option Request option asks for them, as KubeVirt does for 23.
 * Search domains are checked and encoded exactly as for DHCPv4 option 119:
 * the same RFC 1035 label form without compression.
 */
export function computeConfigOptions(config: Pick<DhcpV6ServerConfig, 'dnsServers' | 'searchDomains'>): DhcpV6Option[] {
  const options: DhcpV6Option[] = [];
  if (config.dnsServers.length > 0) options.push({ code: DhcpV6OptionCode.DNS_SERVERS, data: encodeDnsServers(config.dnsServers) });
  if (config.searchDomains.length > 0) options.push({ code: DhcpV6OptionCode.DOMAIN_LIST, data: encodeDomainSearch(config.searchDomains) });
  return options;
}
