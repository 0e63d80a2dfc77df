/**
 * KubeVirt's naming scheme for the links it makes in a launcher pod, as pure
 * functions. Names are an interface between virt-handler, virt-launcher, the
 * CNI and whoever debugs a pod, so they are KubeVirt's exactly (HEAD rules,
 * `pkg/network/namescheme/networknamescheme.go`, `pkg/network/link/names.go`,
 * `pkg/network/link/address.go`).
 */
import { createHash } from 'node:crypto';
import { ValidationError } from './errors.js';
import type { VirtualMachineInstance, VmiInterface, VmiNetwork } from './vmi.js';

/** `PrimaryPodInterfaceName`: the pod network's (or Multus default network's) interface. */
export const PRIMARY_POD_INTERFACE_NAME = 'eth0';
/** The primary network's tap is always `tap0` (HEAD, commit 35d025894a) so the domain XML survives a renamed pod iface. */
export const PRIMARY_TAP_NAME = 'tap0';
/** `HashedIfacePrefix`. */
export const HASHED_POD_INTERFACE_PREFIX = 'pod';
/** IFNAMSIZ (16) minus the NUL terminator (include/uapi/linux/if.h). */
export const MAX_LINK_NAME_LENGTH = 15;
/**
 * 15 minus the length of `-nic`, the suffix the bridge binding gives the pod
 * NIC it renames; also the hash length of hashed names (`maxIfaceNameLen`).
 */
const HASH_LENGTH = 11;

export type PodInterfaceNamingScheme = 'hashed' | 'ordinal';

/**
 * The kernel's `dev_valid_name()` (net/core/dev.c): 1–15 bytes, not `.` or
 * `..`, no `/`, `:` or whitespace.
 */
export function isValidLinkName(name: string): boolean {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_LINK_NAME_LENGTH) return false;
  if (name === '.' || name === '..') return false;
  return !/[/:\s]/.test(name);
}

function checkedLinkName(name: string, what: string): string {
  if (!isValidLinkName(name)) {
    throw new ValidationError('', `failed to derive ${what}: "${name}" is not a valid link name (1-${MAX_LINK_NAME_LENGTH} characters, no "/", ":" or spaces)`);
  }
  return name;
}

/** The pod network, or a Multus network marked `default: true` (`vmispec.LookUpDefaultNetwork`). */
export function isPrimaryNetwork(network: VmiNetwork): boolean {
  return network.pod !== undefined || network.multus?.default === true;
}

/** A Multus network that is not the default one (`vmispec.IsSecondaryMultusNetwork`). */
export function isSecondaryMultusNetwork(network: VmiNetwork): boolean {
  return network.multus !== undefined && network.multus.default !== true;
}

/** HEAD secondary name: `"pod" + sha256hex(networkName)[:11]`; `blue` → `pod16477688c0e`. */
export function hashedPodInterfaceName(networkName: string): string {
  const digest = createHash('sha256').update(networkName, 'utf8').digest('hex');
  return `${HASHED_POD_INTERFACE_PREFIX}${digest.slice(0, HASH_LENGTH)}`;
}

/**
 * v0.53 (and HEAD's ordinal) name: primary → `eth0`; secondary Multus →
 * `net<N>`, N counting from 1 over the secondary Multus networks in
 * `spec.networks` order. undefined when the network is not in the list.
 */
export function ordinalPodInterfaceName(networkName: string, networks: readonly VmiNetwork[]): string | undefined {
  let ordinal = 0;
  for (const network of networks) {
    const secondary = isSecondaryMultusNetwork(network);
    if (secondary) ordinal++;
    if (network.name !== networkName) continue;
    if (secondary) return `net${ordinal}`;
    if (isPrimaryNetwork(network)) return PRIMARY_POD_INTERFACE_NAME;
    return undefined;
  }
  return undefined;
}

/** `^net\d+$` (`OrdinalSecondaryInterfaceName`); `eth0` is not ordinal. */
export function isOrdinalPodInterfaceName(name: string): boolean {
  return /^net\d+$/.test(name);
}

/**
 * A pod created by an older KubeVirt (or a CNI following it) names its
 * secondary interfaces `net1`, `net2`…; one such name makes the whole pod
 * ordinal (`PodHasOrdinalInterfaceName`). Otherwise names are hashed.
 */
export function detectNamingScheme(existingPodIfaceNames: readonly string[]): PodInterfaceNamingScheme {
  return existingPodIfaceNames.some(isOrdinalPodInterfaceName) ? 'ordinal' : 'hashed';
}

/**
 * The name of the pod interface the CNI made for `network`.
 * Primary: `status.interfaces[].podInterfaceName` of that network when set
 * (HEAD dynamic primary name), else `eth0`. Secondary: ordinal when
 * `existingPodIfaceNames` shows an ordinal pod, else hashed.
 */
export function resolvePodInterfaceName(
  vmi: VirtualMachineInstance,
  network: VmiNetwork,
  existingPodIfaceNames: readonly string[] = [],
): string {
  const networks = vmi.spec.networks ?? [];
  if (!networks.some((n) => n.name === network.name)) {
    throw new ValidationError('/spec/networks', `failed to name the pod interface of network "${network.name}": not in spec.networks`);
  }
  if (!isSecondaryMultusNetwork(network)) {
    const status = vmi.status?.interfaces?.find((s) => s.name === network.name);
    return status?.podInterfaceName || PRIMARY_POD_INTERFACE_NAME;
  }
  if (detectNamingScheme(existingPodIfaceNames) === 'ordinal') {
    // Non-undefined: the network is in the list and secondary.
    return ordinalPodInterfaceName(network.name, networks) as string;
  }
  return hashedPodInterfaceName(network.name);
}

/** Primary → `tap0`; secondary → `"tap" + podIfaceName[3:]` (`net1` → `tap1`, `pod16477688c0e` → `tap16477688c0e`). */
export function tapName(podIfaceName: string, network: VmiNetwork): string {
  if (!isSecondaryMultusNetwork(network)) return PRIMARY_TAP_NAME;
  return checkedLinkName(`tap${podIfaceName.slice(3)}`, `the tap name for pod interface "${podIfaceName}"`);
}

function trimHashedPrefix(podIfaceName: string): string {
  return podIfaceName.startsWith(HASHED_POD_INTERFACE_PREFIX)
    ? podIfaceName.slice(HASHED_POD_INTERFACE_PREFIX.length)
    : podIfaceName;
}

/** In-pod bridge: `k6t-` + the pod iface name without a leading `pod` (`GenerateBridgeName`). */
export function bridgeName(podIfaceName: string): string {
  return checkedLinkName(`k6t-${trimHashedPrefix(podIfaceName)}`, `the bridge name for pod interface "${podIfaceName}"`);
}

/** Bridge binding renames the pod NIC to `<name without pod>-nic` (`GenerateNewBridgedVmiInterfaceName`). */
export function renamedPodNicName(podIfaceName: string): string {
  return checkedLinkName(`${trimHashedPrefix(podIfaceName)}-nic`, `the renamed pod NIC name for "${podIfaceName}"`);
}

/** Indexes 0–99 give `169.254.75.10` … `169.254.75.199`; 100 would make a fifth digit. */
export const MAX_FAKE_BRIDGE_IP_INDEX = 99;

/**
 * The link-local address the bridge binding puts on `k6t-<iface>` and uses as
 * DHCP server id: `fmt.Sprintf("169.254.75.1%d/32", i)` (`link/address.go`).
 * The digits are concatenated, not added: 0 → `.10`, 1 → `.11`, 12 → `.112`.
 */
export function fakeBridgeIp(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_FAKE_BRIDGE_IP_INDEX) {
    throw new ValidationError('', `failed to derive the fake bridge IP for interface index ${index}: only 0-${MAX_FAKE_BRIDGE_IP_INDEX} give a valid address`);
  }
  return `169.254.75.1${index}/32`;
}

/**
 * Phase 2's index (DHCP server id, v0.53 in both phases): the position of the
 * interface in `spec.domain.devices.interfaces`. undefined when absent.
 */
export function fakeBridgeIpForInterface(ifaces: readonly VmiInterface[], ifaceName: string): string | undefined {
  const index = ifaces.findIndex((iface) => iface.name === ifaceName);
  return index < 0 ? undefined : fakeBridgeIp(index);
}

/**
 * `vmispec.FilterInterfacesByNetworks`: the interfaces of `networks`, in
 * `networks` order (not interface order). SR-IOV interfaces stay in the list.
 */
export function interfacesOrderedByNetworks(ifaces: readonly VmiInterface[], networks: readonly VmiNetwork[]): VmiInterface[] {
  const byName = new Map(ifaces.map((iface) => [iface.name, iface]));
  return networks.flatMap((network) => {
    const iface = byName.get(network.name);
    return iface === undefined ? [] : [iface];
  });
}

/**
 * HEAD phase 1's fake-IP index: the position among the interfaces of the
 * networks being set up now, in `spec.networks` order (at VM start all
 * non-absent networks; a hotplug only the hotplugged ones, so index 0).
 * It can differ from phase 2's index (kubevirt-networking.md §11).
 */
export function fakeBridgeIpForSetup(
  ifaces: readonly VmiInterface[],
  networksToSetup: readonly VmiNetwork[],
  ifaceName: string,
): string | undefined {
  return fakeBridgeIpForInterface(interfacesOrderedByNetworks(ifaces, networksToSetup), ifaceName);
}
