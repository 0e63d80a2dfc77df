/**
 * What a DHCPv4 server needs to answer for one VM interface. Phase 1 computes
 * the network part (`DhcpV4NetworkConfig`, cached for phase 2); phase 2 adds
 * what only the launcher pod knows (resolv.conf, hostname, the user's
 * dhcpOptions) to form `DhcpV4ServerConfig`.
 */

export interface DhcpRoute {
  /** CIDR, or null for the default route (sent last in option 121, RFC 3442 §2 note). */
  destination: string | null;
  /** Next hop, or null for on-link (encoded as 0.0.0.0). */
  gateway: string | null;
}

export interface DhcpV4NetworkConfig {
  /** true when the pod NIC had no IPv4: no server is started (KubeVirt's IPAMDisabled). */
  ipamDisabled: boolean;
  /** Only this client MAC is answered (bridge binding); null answers any client (masquerade). */
  clientMac: string | null;
  /** The address leased to the VM. */
  address?: string;
  prefixLength?: number;
  /** Option 3; null/absent = not sent. */
  gateway?: string | null;
  /** Option 121 (RFC 3442); empty = not sent. */
  routes: DhcpRoute[];
  /** Option 26. */
  mtu: number;
  /** Option 54 and the source address of replies. */
  serverId: string;
  /** The bridge the server's socket is bound to (SO_BINDTODEVICE). */
  bridgeName: string;
  /** Option 51, seconds; KubeVirt's 999 days (86313600) by default. */
  leaseSeconds?: number;
}

export interface DhcpV4PrivateOption {
  code: number;
  value: string;
}

export interface DhcpV4ServerConfig extends DhcpV4NetworkConfig {
  /** Option 6. */
  dnsServers: string[];
  /** Option 119, already with the subdomain prepended when the VMI sets one. */
  searchDomains: string[];
  /** Option 15; KubeVirt sends the longest search domain. */
  domainName?: string;
  /** Option 12. */
  hostname?: string;
  /** Option 42. */
  ntpServers?: string[];
  /** Option 66. */
  tftpServerName?: string;
  /** Option 67. */
  bootFileName?: string;
  /** Options 224–254. */
  privateOptions?: DhcpV4PrivateOption[];
  /** Option 58 (T1), seconds; default 0.5 × lease (RFC 2131 §4.4.5). */
  renewalSeconds?: number;
  /** Option 59 (T2), seconds; default 0.875 × lease (RFC 2131 §4.4.5). */
  rebindingSeconds?: number;
}

/** KubeVirt's lease: 999 days (pkg/network/dhcp/server/server.go). */
export const KUBEVIRT_LEASE_SECONDS = 999 * 24 * 60 * 60;
