/**
 * The binding-independent description of one guest NIC as libvirt needs it.
 * Phase 1 computes it (it knows the pod's MAC and MTU), the cache carries it,
 * phase 2 renders it with interface-xml.ts.
 */

export interface PciAddress {
  domain: string; // 0x0000
  bus: string; // 0x81
  slot: string; // 0x01
  function: string; // 0x0
}

export interface DomainInterface {
  /** `ethernet` for tap-attached bindings; passt uses `user`/`vhostuser` (later). */
  type: 'ethernet' | 'user' | 'vhostuser';
  /** VMI interface name; alias becomes `ua-<name>`. */
  name: string;
  /** Tap or macvtap device (`<target dev managed="no">`). */
  targetDev?: string;
  mac?: string;
  mtu?: number;
  /** libvirt model type, already mapped (`virtio` → `virtio-non-transitional`). */
  model: string;
  bootOrder?: number;
  /** Guest PCI address. */
  pciAddress?: PciAddress;
  acpiIndex?: number;
  /** `driver name="vhost" queues=N` when > 1 ... KubeVirt emits it when multiqueue is on. */
  queues?: number;
  linkState?: 'up' | 'down';
}

export interface DomainHostdev {
  /** VMI interface name; alias becomes `ua-sriov-<name>`. */
  name: string;
  source: PciAddress;
  guestPciAddress?: PciAddress;
  bootOrder?: number;
}
