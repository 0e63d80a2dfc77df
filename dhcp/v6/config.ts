/**
 * What the DHCPv6 server (RFC 8415) and the Router Advertisement sender
 * (RFC 4861) need for one VM interface. Phase 1 computes the network part
 * (`DhcpV6NetworkConfig`, cached for phase 2); phase 2 adds what only the
 * launcher pod knows (resolv.conf) to form `DhcpV6ServerConfig`.
 */

export interface DhcpV6NetworkConfig {
  /** The bridge the server and the RA sender are bound to. */
  bridgeName: string;
  /** The single address leased to the VM in IA_NA (masquerade: `fd10:0:2::2`). */
  address: string;
  /** Prefix length of the on-link prefix the VM sits in (masquerade: 120). */
  prefixLength: number;
  /**
   * The VM's default router as the guest should see it. The RA's source is the
   * bridge's link-local address, so with `advertiseDefaultRouter` the guest's
   * default route points there and the pod forwards (masquerade).
   */
  advertiseDefaultRouter: boolean;
  /** MTU option in RAs (RFC 4861 §4.6.4). */
  mtu: number;
  /**
   * Only this client is answered when set (bridge binding): its DUID-LL/LLT
   * link-layer address or its EUI-64 link-local source must match. null
   * answers any client (masquerade, as KubeVirt).
   */
  clientMac: string | null;
  /** Valid and preferred lifetimes of the IA_NA address, seconds (KubeVirt: infinity). */
  validLifetimeSeconds?: number;
  preferredLifetimeSeconds?: number;
}

export interface DhcpV6ServerConfig extends DhcpV6NetworkConfig {
  /**
   * MAC of the bridge: the server DUID is DUID-LL of it (RFC 8415 §11.4), the
   * RA source link-layer option carries it. Read by phase 2 from the kernel:
   * the bridge binding's bridge has a kernel-chosen MAC phase 1 cannot know
   * when it plans.
   */
  serverMac: string;
  /** Option 23 (RFC 3646): IPv6 nameservers from the pod's resolv.conf. */
  dnsServers: string[];
  /** Option 24 (RFC 3646), already with the subdomain prepended. */
  searchDomains: string[];
}

/** RFC 8415 §7.7: 0xffffffff means infinity; KubeVirt leases forever. */
export const DHCPV6_INFINITY = 0xffffffff;
