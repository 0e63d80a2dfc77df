/**
 * The launcher pod's /etc/resolv.conf, read the way KubeVirt HEAD reads it
 * for the DHCP servers (`pkg/network/dns/resolveconf.go`): nameservers split
 * by family, search domains lower-cased, defaults when nothing is found, and
 * the VMI's subdomain prepended as a search domain.
 */
import { formatIp, tryParseIp } from './ip.js';

/** Used when the pod names no nameserver at all (`defaultDNS`). */
export const DEFAULT_NAMESERVER = '8.8.8.8';
/** Used when the pod has no `search` line (`defaultSearchDomain`). */
export const DEFAULT_SEARCH_DOMAIN = 'cluster.local';

export interface ResolvConf {
  /** For DHCPv4 option 6, in file order. */
  nameserversV4: string[];
  /** For DHCPv6 option 23, in file order. */
  nameserversV6: string[];
  /** For option 119, lower case, in file order, all `search` lines concatenated. */
  searchDomains: string[];
}

/** The keyword and its arguments when `line` starts with `keyword` followed by a blank. */
function directive(line: string, keyword: string): string[] | null {
  const fields = line.split(/[ \t]+/).filter((f) => f !== '');
  // KubeVirt matches the keyword at the very start of the line (no leading blanks), as resolv.conf(5) does.
  return line.startsWith(keyword) && fields[0] === keyword ? fields.slice(1) : null;
}

/**
 * Parse resolv.conf text. A `nameserver` line must carry exactly one address
 * (KubeVirt skips others, e.g. one with a trailing comment); IPv4-mapped IPv6
 * addresses count as IPv4 as in Go. 8.8.8.8 is used only when neither family
 * has a nameserver; `cluster.local` when there is no search domain.
 */
export function parseResolvConf(text: string): ResolvConf {
  const nameserversV4: string[] = [];
  const nameserversV6: string[] = [];
  const searchDomains: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const servers = directive(line, 'nameserver');
    if (servers !== null) {
      if (servers.length !== 1) continue;
      const ip = tryParseIp(servers[0] as string);
      if (ip === null) continue;
      if (ip.family === 6 && ip.value >> 32n === 0xffffn) {
        nameserversV4.push(formatIp({ family: 4, value: ip.value & 0xffffffffn }));
      } else {
        (ip.family === 4 ? nameserversV4 : nameserversV6).push(formatIp(ip));
      }
      continue;
    }
    const domains = directive(line, 'search');
    // Kubernetes only allows lower-case names; DNS compares names case-insensitively anyway.
    if (domains !== null) searchDomains.push(...domains.map((d) => d.toLowerCase()));
  }
  if (nameserversV4.length === 0 && nameserversV6.length === 0) nameserversV4.push(DEFAULT_NAMESERVER);
  if (searchDomains.length === 0) searchDomains.push(DEFAULT_SEARCH_DOMAIN);
  return { nameserversV4, nameserversV6, searchDomains };
}

/** The longest name, the first one on ties; `''` for an empty list (`GetDomainName`, DHCP option 15). */
export function longestDomain(domains: readonly string[]): string {
  return domains.reduce((best, d) => (d.length > best.length ? d : best), '');
}

/** The longest search domain containing `.svc.` (`GetLongestServiceDomainName`). */
export function longestServiceDomain(domains: readonly string[]): string {
  return longestDomain(domains.filter((d) => d.includes('.svc.')));
}

/**
 * `<subdomain>.<longest service domain>`, or undefined when there is no
 * subdomain, no service domain, or that domain already starts with
 * `<subdomain>.` (`DomainNameWithSubdomain`). Kubernetes leaves it out of the
 * pod's resolv.conf because glibc < 2.26 allowed only 6 search domains.
 */
export function subdomainSearchDomain(searchDomains: readonly string[], subdomain: string | undefined): string | undefined {
  if (subdomain === undefined || subdomain === '') return undefined;
  const serviceDomain = longestServiceDomain(searchDomains);
  if (serviceDomain === '' || serviceDomain.startsWith(`${subdomain}.`)) return undefined;
  return `${subdomain}.${serviceDomain}`;
}

/** The search list the DHCP server sends: the subdomain's domain (if any) first, then the pod's. */
export function searchDomainsWithSubdomain(searchDomains: readonly string[], subdomain: string | undefined): string[] {
  const extra = subdomainSearchDomain(searchDomains, subdomain);
  return extra === undefined ? [...searchDomains] : [extra, ...searchDomains];
}
