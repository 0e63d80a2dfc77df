/**
 * The two views of a pod's network, in the declarative style of KubeVirt's
 * netpod/nmstate: `NetState` is what was read from the kernel, `NetSpec` is what
 * a binding wants. `applyNetSpec` (src/drivers/apply-spec.ts) turns the second
 * into the first: create if missing, change only what differs, so re-running
 * converges. Both are plain JSON so they can be logged, cached and compared.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** Textual address without prefix: `10.0.2.1`, `fd10:0:2::1`. */
  address: string;
  prefixLength: number;
  /** Kernel scope; `link` for fe80::/10 and 169.254/16 auto addresses, else `global`/`host`. */
  scope?: 'global' | 'link' | 'host';
}

export interface Route {
  family: IpFamily;
  /** CIDR (`192.168.1.0/24`), or null for the default route. */
  destination: string | null;
  /** Next hop, or null for a directly connected route. */
  gateway: string | null;
  /** Output interface name when known. */
  outputInterface?: string;
  /** Preferred source (RTA_PREFSRC), when the kernel set one (the subnet route of an address). */
  source?: string;
  table?: number;
  scope?: 'universe' | 'link' | 'host';
}

/** Link kinds virtnet creates or recognises (IFLA_INFO_KIND, `device` when there is none). */
export type LinkKind =
  | 'bridge' | 'tun' | 'veth' | 'dummy' | 'ifb' | 'macvlan' | 'macvtap' | 'ipvlan' | 'vxlan'
  | 'device' | 'other';

export interface LinkState {
  index: number;
  name: string;
  kind: LinkKind;
  /** Raw IFLA_INFO_KIND when `kind` is `other`. */
  rawKind?: string;
  mac: string;
  mtu: number;
  /** Administrative state (IFF_UP). */
  up: boolean;
  /** Name of the controlling bridge, or null. */
  master: string | null;
  addresses: IpAddress[];
  /** Bridge-port learning (IFLA_BRPORT_LEARNING), only for bridge ports. */
  learning?: boolean;
  /** tun/tap details when kind is `tun`. */
  tun?: {
    tap: boolean;
    owner: number | null;
    group: number | null;
    multiQueue: boolean;
    persist: boolean;
    /** IFF_VNET_HDR (IFLA_TUN_VNET_HDR). */
    vnetHdr?: boolean;
  };
  /** `net/ipv4/conf/<name>/route_localnet`, when the link has IPv4 settings. */
  routeLocalnet?: boolean;
}

export interface NetState {
  links: LinkState[];
  routes: Route[];
}

export type PlaceholderKind = 'dummy' | 'ifb';

/** Desired state of one link. Fields left undefined are not managed. */
export interface LinkSpec {
  /** Desired name. */
  name: string;
  /** `existing` = a link made by someone else (the CNI), found by `index`, never created or deleted. */
  kind: 'bridge' | 'tap' | PlaceholderKind | 'existing';
  /** Find the link by ifindex instead of by name (needed to rename). */
  index?: number;
  state: 'up' | 'down' | 'absent';
  mac?: string;
  /** Copy the MAC of this (earlier) link; applied after that link exists. */
  copyMacFrom?: string;
  mtu?: number;
  /** Bridge to enslave to; null = no master. */
  master?: string | null;
  /**
   * The exact set of global/host addresses the link must carry (others removed).
   * IPv6 link-local addresses the kernel adds by itself are ignored.
   */
  addresses?: IpAddress[];
  /** Bridge-port learning; only meaningful with `master`. */
  learning?: boolean;
  /** `net/ipv4/conf/<name>/route_localnet = 1`. */
  routeLocalnet?: boolean;
  /** Tap creation parameters, required when kind is `tap`. */
  tap?: { uid: number; gid: number; queues: number };
}

export interface SysctlSpec {
  /** Path below /proc/sys, slash separated: `net/ipv4/conf/all/arp_ignore`. */
  path: string;
  value: string;
}

export interface NetSpec {
  links: LinkSpec[];
  sysctls: SysctlSpec[];
}
