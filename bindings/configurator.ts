/**
 * The strategy every binding implements. All four steps are pure: a binding
 * reads facts and returns data (a DHCP config, a domain interface, a desired
 * NetSpec), never touches the kernel. Phase 1 (src/phases/phase1.ts) does the
 * I/O around them: read state → discover → cache → apply.
 *
 * Adding a binding = one file in bindings/ plus one line in src/phases/registry.ts.
 */
import type { BindingKind, VirtualMachineInstance, VmiInterface, VmiNetwork } from '../src/core/vmi.js';
import type { IpAddress, LinkKind, NetSpec, NetState, PlaceholderKind, Route } from '../src/core/net-state.js';
import type { DhcpV4NetworkConfig } from '../dhcp/v4/config.js';
import type { DhcpV6NetworkConfig } from '../dhcp/v6/config.js';
import type { DomainInterface } from '../src/libvirt/domain-interface.js';
import type { NftBatch } from '../src/core/nft-types.js';

/** Everything a binding may know about the interface it wires. */
export interface BindingContext {
  vmi: VirtualMachineInstance;
  iface: VmiInterface;
  network: VmiNetwork;
  /** Index of `iface` in spec.domain.devices.interfaces (fake bridge IP, DHCP server id). */
  ifaceIndex: number;
  /** Name of the pod interface the CNI made for this network (`eth0`, `pod16477688c0e`, `net1`). */
  podIfaceName: string;
  /** Names derived with KubeVirt's scheme (src/core/names.ts). */
  names: { tap: string; bridge: string; renamedPodNic: string };
  /** Owner of the tap: 0 for root VMIs, 107 for non-root (KubeVirt's rule). */
  tapOwner: number;
  /** Queues for the tap and `<driver queues>`; 0 when multiqueue is off. */
  queues: number;
  /** Link type for the placeholder that keeps the pod NIC's name and addresses. */
  placeholderKind: PlaceholderKind;
}

/**
 * A snapshot of the pod NIC as the CNI left it, taken before virtnet changes
 * anything and kept in the cache, so a re-run after a crash plans from the
 * original facts, not from a half-rewired pod.
 */
export interface PodNicFacts {
  index: number;
  name: string;
  kind: LinkKind;
  rawKind?: string;
  mac: string;
  mtu: number;
  /** Global-unicast addresses only (no link-local). */
  addresses: IpAddress[];
  /** Routes whose output interface is the pod NIC, main table. */
  routes: Route[];
  /** Device number of the link's character device (`/dev/tap<index>` of a macvtap), read in the pod netns. */
  charDevice?: { major: number; minor: number };
}

/**
 * A character device node phase 1 makes sure exists in the launcher's root
 * (there may be no udev in the pod): created if missing, replaced if it has
 * another device number, owner and mode fixed if they differ.
 */
export interface CharDeviceSpec {
  /** Absolute path inside the launcher's root: `/dev/tap7`. */
  path: string;
  major: number;
  minor: number;
  uid: number;
  gid: number;
  /** Permission bits, e.g. 0o660. */
  mode: number;
}

/** What phase 1 must make true in the pod for one interface. */
export interface PodNetworkPlan {
  spec: NetSpec;
  /** nftables batches, one atomic transaction each (masquerade). */
  nft: NftBatch[];
  /** Device nodes in the launcher's root (macvtap's `/dev/tap<index>`). */
  devices?: CharDeviceSpec[];
}

export interface PodNetworkInfraConfigurator {
  readonly kind: BindingKind;
  /**
   * Check that the pod NIC can carry this binding and return the facts to
   * cache. Throws VirtnetError VIRTNET_UNSUPPORTED_TOPOLOGY before anything
   * is changed when it cannot (e.g. an ipvlan pod NIC for the bridge binding).
   */
  discoverPodInterface(ctx: BindingContext, state: NetState): PodNicFacts;
  /** The DHCPv4 config phase 2 serves, or null when the binding has no DHCP. */
  generateDhcpConfig(ctx: BindingContext, facts: PodNicFacts): DhcpV4NetworkConfig | null;
  /**
   * The DHCPv6 + Router Advertisement config phase 2 serves, or null when the
   * VM gets no IPv6 from virtnet. Bindings without an in-pod server omit it.
   */
  generateDhcpV6Config?(ctx: BindingContext, facts: PodNicFacts): DhcpV6NetworkConfig | null;
  /** The guest NIC libvirt gets. */
  generateDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface;
  /** The desired pod plumbing. */
  preparePodInterface(ctx: BindingContext, facts: PodNicFacts): PodNetworkPlan;
}
