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
  /** `driver name="vhost" queues=N` when > 0: KubeVirt emits it whenever multiqueue is on, even with 1 vCPU. */
  queues?: number;
  linkState?: 'up' | 'down';
  /** `<source dev>`: the pod interface a `vhostuser` passt backend serves. Ethernet leaves it unset. */
  sourceDev?: string;
  /** `<backend type="passt" logFile>` (passt binding). */
  backend?: { type: 'passt'; logFile?: string };
  /** `<portForward>` elements, in order (passt binding). */
  portForwards?: DomainPortForward[];
}

export interface DomainPortForward {
  proto: 'tcp' | 'udp';
  /** Empty = forward every port of `proto`. */
  ranges: { start: number; end?: number; exclude?: boolean }[];
}

export interface DomainHostdev {
  /** VMI interface name; alias becomes `ua-sriov-<name>`. */
  name: string;
  source: PciAddress;
  guestPciAddress?: PciAddress;
  bootOrder?: number;
}

/**
 * A guest NIC whose backend is a passt the launcher runs itself (launcher-managed
 * passt): qemu connects to passt's unix socket with `-netdev stream`. libvirt
 * builds without passt support have no element for that, so the NIC reaches qemu
 * as `<qemu:commandline>` arguments (interface-xml.ts `qemuStreamNicArgs`).
 */
export interface QemuStreamNic {
  /** The NIC as cached (model, MAC, MTU, boot order, ACPI index, alias); its type is ignored. */
  iface: DomainInterface;
  /** passt's `--socket`. */
  socketPath: string;
  /** qemu ≥ 8.0 `reconnect=N`: reconnect after passt restarts (qemu 7.2 has no such option). */
  reconnectSeconds?: number;
}
