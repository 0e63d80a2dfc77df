/**
 * SR-IOV, the I/O edge for phase 2: read the downward-API network-info file
 * and check in sysfs that each assigned address is a VF ready for `<hostdev
 * managed="no">` (libvirt will not rebind a device it does not manage, so the
 * VF must already be on vfio-pci). The sysfs root is a parameter so the checks
 * run against a tree built in a temp dir where there is no SR-IOV hardware.
 *
 * A VF in sysfs (`/sys/bus/pci/devices/<addr>` → `../../../devices/…/<addr>`):
 *   physfn      → ../<PF addr>           only virtual functions have it
 *   driver      → …/bus/pci/drivers/vfio-pci
 *   iommu_group → …/kernel/iommu_groups/<N>   (the launcher opens /dev/vfio/<N>)
 */
import { readlinkSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtnetError, errMessage } from '../src/core/errors.js';
import type { VirtualMachineInstance } from '../src/core/vmi.js';
import type { DomainHostdev } from '../src/libvirt/domain-interface.js';
import { assignSriovAddresses, NETWORK_INFO_PATH, sriovHostdev, sriovInterfaces, type SriovAddressSource } from './sriov.js';

/** The driver a VF must be bound to for a `managed="no"` PCI hostdev. */
export const VFIO_PCI_DRIVER = 'vfio-pci';

export interface VfInfo {
  /** Lower-case sysfs name (`0000:65:01.0`). */
  address: string;
  /** Its physical function. */
  physfn: string;
  driver: string;
  iommuGroup: number;
}

function isErrno(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Basename of a symlink's target, or undefined when there is no such link. */
function linkTarget(path: string): string | undefined {
  try {
    return basename(readlinkSync(path));
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'EINVAL')) return undefined;
    throw err;
  }
}

/**
 * Checks that `address` is a virtual function bound to vfio-pci with an IOMMU
 * group, in the sysfs at `sysfsRoot`; throws naming the network and what is
 * missing.
 */
export function readVf(sysfsRoot: string, address: string, owner: { network: string; vmi?: string }): VfInfo {
  const { network } = owner;
  const name = address.toLowerCase();
  const dir = join(sysfsRoot, 'bus/pci/devices', name);
  const fail = (what: string, cause?: unknown): VirtnetError =>
    new VirtnetError('VIRTNET_DISCOVERY', `failed to use VF "${name}" of SR-IOV network "${network}": ${what}`, {
      ...(cause === undefined ? {} : { cause }),
      context: { ...(owner.vmi === undefined ? {} : { vmi: owner.vmi }), network, iface: network, step: 'sriov-vf' },
    });
  try {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw fail(`"${dir}" does not exist: no such PCI device on this node`);
    const physfn = linkTarget(join(dir, 'physfn'));
    if (physfn === undefined) throw fail(`"${dir}/physfn" is missing: it is not a virtual function`);
    const driver = linkTarget(join(dir, 'driver'));
    if (driver === undefined) throw fail(`"${dir}/driver" is missing: it is bound to no driver, "${VFIO_PCI_DRIVER}" is needed`);
    if (driver !== VFIO_PCI_DRIVER) throw fail(`it is bound to driver "${driver}", not "${VFIO_PCI_DRIVER}"`);
    const group = linkTarget(join(dir, 'iommu_group'));
    if (group === undefined || !/^[0-9]+$/.test(group)) throw fail(`"${dir}/iommu_group" is missing: the VF has no IOMMU group`);
    return { address: name, physfn, driver, iommuGroup: Number(group) };
  } catch (err) {
    if (err instanceof VirtnetError) throw err;
    throw fail(`failed to read "${dir}": ${errMessage(err)}`, err);
  }
}

export interface SriovHostdevOptions extends SriovAddressSource {
  /** Default `/sys`. */
  sysfsRoot?: string;
}

/**
 * The `<hostdev>` of every SR-IOV interface of the VMI, each VF checked in
 * sysfs. `networkInfo` is the network-info text (readNetworkInfo()), `env`
 * the launcher's environment for the older scheme.
 */
export function sriovHostdevs(vmi: VirtualMachineInstance, opts: SriovHostdevOptions): DomainHostdev[] {
  const sysfsRoot = opts.sysfsRoot ?? '/sys';
  return assignSriovAddresses(vmi, opts).map(({ iface, hostAddress }) => {
    const hostdev = sriovHostdev(iface, hostAddress);
    readVf(sysfsRoot, hostAddress, { network: iface.name, vmi: vmi.metadata.name });
    return hostdev;
  });
}

export interface ReadNetworkInfoOptions {
  /** HEAD polls 100 ms … 1 s for the kubelet to fill the file. */
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * The network-info text, or undefined when the file does not exist (no
 * downward-API volume: the environment is used). Like HEAD
 * (`readFileUntilNotEmpty`), an existing but empty file is waited for and is
 * an error if still empty after `timeoutMs`. Only called when the VMI has
 * SR-IOV interfaces.
 */
export async function readNetworkInfo(vmi: VirtualMachineInstance, path = NETWORK_INFO_PATH, opts: ReadNetworkInfoOptions = {}): Promise<string | undefined> {
  if (sriovInterfaces(vmi).length === 0) return undefined;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw new VirtnetError('VIRTNET_DISCOVERY', `failed to read network-info "${path}": ${errMessage(err)}`, { cause: err, context: { vmi: vmi.metadata.name, step: 'sriov' } });
    }
    if (text.trim() !== '') return text;
    if (Date.now() >= deadline) {
      throw new VirtnetError('VIRTNET_DISCOVERY', `failed to read network-info "${path}": still empty after ${timeoutMs} ms (the kubelet has not written the pod annotation)`, {
        context: { vmi: vmi.metadata.name, step: 'sriov' },
        retryable: true,
      });
    }
    await sleep(intervalMs);
  }
}
