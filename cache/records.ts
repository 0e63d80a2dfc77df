/**
 * The per-interface record phase 1 writes and phase 2 reads. One JSON file per
 * VMI interface under `<cacheDir>/virtnet/<vmiUid>/<ifaceName>.json`.
 *
 * `podKey` identifies the launcher pod (its network namespace, `<st_dev>:<st_ino>`
 * of /proc/<pid>/ns/net): a record whose podKey differs belongs to an earlier
 * pod of the same VMI and is never reused.
 */
import type { BindingKind } from '../src/core/vmi.js';
import type { SysctlSpec } from '../src/core/net-state.js';
import type { PodNetworkPlan, PodNicFacts } from '../bindings/configurator.js';
import type { DhcpV4NetworkConfig } from '../dhcp/v4/config.js';
import type { DhcpV6NetworkConfig } from '../dhcp/v6/config.js';
import type { DomainInterface } from '../src/libvirt/domain-interface.js';

/** `started` is written before the first change, `finished` after the last. Absent file = pending. */
export type SetupState = 'started' | 'finished';

export interface InterfaceCacheRecord {
  version: 1;
  vmiUid: string;
  vmiName: string;
  vmiNamespace: string;
  podKey: string;
  /** VMI network and interface names. */
  network: string;
  iface: string;
  podIfaceName: string;
  binding: BindingKind;
  state: SetupState;
  facts: PodNicFacts;
  dhcp: DhcpV4NetworkConfig | null;
  /** DHCPv6 and Router Advertisements; absent or null when the VM gets no IPv6 from virtnet. */
  dhcpv6?: DhcpV6NetworkConfig | null;
  domain: DomainInterface;
  /** The plumbing phase 1 applies; teardown and unplug undo exactly this. */
  plan: PodNetworkPlan;
  /**
   * The values `plan.spec.sysctls` had before phase 1 first changed them
   * (kept across resumed runs); a full teardown writes them back.
   */
  sysctlsBefore: SysctlSpec[];
  /** ISO time of the last write. */
  updatedAt: string;
}

