/**
 * SR-IOV binding (`sriov: {}`; Multus secondary networks). Pure part.
 *
 * No pod plumbing at all: the SR-IOV device plugin allocated a VF bound to
 * vfio-pci, and the guest gets it as a PCI `<hostdev managed="no">`. What
 * virtnet must find is which VF belongs to which network:
 *  - KubeVirt HEAD: the downward-API file `/etc/podinfo/network-info`, the
 *    pod annotation `kubevirt.io/network-info` built from Multus'
 *    network-status (`pkg/network/downwardapi`), `deviceInfo.pci["pci-address"]`
 *    per network (the device-info spec's JSON key);
 *  - older KubeVirt (and HEAD's fallback when the file maps nothing):
 *    `KUBEVIRT_RESOURCE_NAME_<network>` names the device-plugin resource and
 *    `PCIDEVICE_<RESOURCE>` lists its addresses
 *    (`virtwrap/device/hostdevice/sriov/pcipool.go`, `hostdevice/addresspool.go`).
 * Reading the file and checking the VF in sysfs is sriov-discovery.ts.
 */
import { ValidationError, VirtnetError } from '../src/core/errors.js';
import type { VirtualMachineInstance, VmiInterface } from '../src/core/vmi.js';
import type { DomainHostdev, PciAddress } from '../src/libvirt/domain-interface.js';
import { parsePciAddress } from '../src/libvirt/interface-xml.js';

/** `downwardapi.MountPath` + `NetworkInfoVolumePath` (HEAD `pkg/network/downwardapi`). */
export const NETWORK_INFO_PATH = '/etc/podinfo/network-info';
/** Set by virt-controller per SR-IOV network: the device-plugin resource backing it. */
export const RESOURCE_NAME_ENV_PREFIX = 'KUBEVIRT_RESOURCE_NAME_';
/** The SR-IOV device plugin's address list prefix (`resourcePrefix` in sriov/pcipool.go). */
export const PCI_DEVICE_ENV_PREFIX = 'PCIDEVICE';

/** Where the VF addresses come from; the environment of the launcher for the older scheme. */
export interface SriovAddressSource {
  /** Text of the network-info file; undefined when the file does not exist. */
  networkInfo?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface SriovAssignment {
  iface: VmiInterface;
  /** Host PCI address of the VF, as given (`0000:65:01.0`). */
  hostAddress: string;
  /** Which source named it. */
  source: 'network-info' | 'env';
}

/** The VMI's SR-IOV interfaces that are to be in the domain (not `state: absent`), in spec order. */
export function sriovInterfaces(vmi: VirtualMachineInstance): VmiInterface[] {
  return (vmi.spec.domain.devices.interfaces ?? []).filter((iface) => iface.sriov !== undefined && iface.state !== 'absent');
}

function discoveryError(vmi: VirtualMachineInstance, network: string, message: string): VirtnetError {
  return new VirtnetError('VIRTNET_DISCOVERY', `failed to find the VF of SR-IOV network "${network}": ${message}`, {
    context: { vmi: vmi.metadata.name, network, iface: network, step: 'sriov' },
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * network name → VF PCI address from network-info JSON
 * (`{"interfaces":[{"network":"sriov","deviceInfo":{"type":"pci","pci":{"pci-address":"0000:65:01.0"}}}]}`).
 * Entries without a PCI address (bridge, plugin networks) are skipped, as HEAD's pool does.
 */
export function parseNetworkInfo(text: string, file = NETWORK_INFO_PATH): Map<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(file, `failed to parse network-info "${file}": ${(err as Error).message}`, { cause: err });
  }
  const interfaces = isObject(doc) ? (doc.interfaces ?? []) : undefined;
  if (!Array.isArray(interfaces)) {
    throw new ValidationError(file, `failed to parse network-info "${file}": expected an object with an "interfaces" list`);
  }
  const addresses = new Map<string, string>();
  for (const entry of interfaces) {
    if (!isObject(entry) || typeof entry.network !== 'string') continue;
    const pci = isObject(entry.deviceInfo) && isObject(entry.deviceInfo.pci) ? entry.deviceInfo.pci['pci-address'] : undefined;
    if (typeof pci === 'string' && pci !== '') addresses.set(entry.network, pci);
  }
  return addresses;
}

/** `util.ResourceNameToEnvVar`: upper-cased, `/` and `.` → `_` (`intel.com/sriov_a` → `PCIDEVICE_INTEL_COM_SRIOV_A`). */
export function resourceNameToEnvVar(prefix: string, resourceName: string): string {
  return `${prefix}_${resourceName.toUpperCase().replaceAll('/', '_').replaceAll('.', '_')}`;
}

/**
 * KubeVirt's address pool: per network, the first address of its resource
 * not yet handed out; an address is handed out once across all resources
 * (two resources may list the same VF).
 */
function assignFromEnv(vmi: VirtualMachineInstance, ifaces: readonly VmiInterface[], env: Readonly<Record<string, string | undefined>>): SriovAssignment[] {
  const taken = new Set<string>();
  return ifaces.map((iface) => {
    const resourceVar = `${RESOURCE_NAME_ENV_PREFIX}${iface.name}`;
    const resource = env[resourceVar];
    if (resource === undefined || resource === '') throw discoveryError(vmi, iface.name, `environment variable "${resourceVar}" is not set`);
    const addressVar = resourceNameToEnvVar(PCI_DEVICE_ENV_PREFIX, resource);
    const list = env[addressVar];
    if (list === undefined) throw discoveryError(vmi, iface.name, `environment variable "${addressVar}" (resource "${resource}") is not set`);
    const hostAddress = list.replace(/,$/, '').split(',').find((a) => a !== '' && !taken.has(a));
    if (hostAddress === undefined) throw discoveryError(vmi, iface.name, `resource "${resource}" has no address left in "${addressVar}"`);
    taken.add(hostAddress);
    return { iface, hostAddress, source: 'env' as const };
  });
}

/**
 * The VF of every SR-IOV interface: from network-info when it maps at least
 * one network (then every SR-IOV network must be in it), else from the
 * environment (HEAD `CreateHostDevices`: "fall back to resource address pool").
 */
export function assignSriovAddresses(vmi: VirtualMachineInstance, source: SriovAddressSource): SriovAssignment[] {
  const ifaces = sriovInterfaces(vmi);
  if (ifaces.length === 0) return [];
  const fromFile = source.networkInfo === undefined ? new Map<string, string>() : parseNetworkInfo(source.networkInfo);
  if (fromFile.size === 0) return assignFromEnv(vmi, ifaces, source.env ?? {});
  return ifaces.map((iface) => {
    const hostAddress = fromFile.get(iface.name);
    if (hostAddress === undefined) throw discoveryError(vmi, iface.name, `"${NETWORK_INFO_PATH}" has no deviceInfo.pci["pci-address"] for it`);
    return { iface, hostAddress, source: 'network-info' as const };
  });
}

/** The `<hostdev>` of one VF: host address as source, the spec's guest PCI address and boot order. */
export function sriovHostdev(iface: VmiInterface, hostAddress: string): DomainHostdev {
  let source: PciAddress;
  try {
    source = parsePciAddress(hostAddress);
  } catch (err) {
    throw new ValidationError(`sriov/${iface.name}`, `failed to use VF "${hostAddress}" of SR-IOV network "${iface.name}": not a PCI address like "0000:65:01.0"`, {
      cause: err,
      context: { network: iface.name, iface: iface.name, step: 'sriov' },
    });
  }
  return {
    name: iface.name,
    source,
    ...(iface.pciAddress !== undefined ? { guestPciAddress: parsePciAddress(iface.pciAddress) } : {}),
    ...(iface.bootOrder !== undefined ? { bootOrder: iface.bootOrder } : {}),
  };
}
