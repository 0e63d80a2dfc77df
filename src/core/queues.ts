/**
 * Per-VMI numbers KubeVirt derives for the tap device: the multiqueue count
 * and the tap owner. Pure; the caller passes the VMI.
 */
import type { VirtualMachineInstance, VmiCpu, VmiInterface } from './vmi.js';

/** `MultiQueueMaxQueues` (HEAD `converter/network/virtio-queues.go`; v0.53 `multiQueueMaxQueues`). */
export const MULTIQUEUE_MAX_QUEUES = 256;

/** `LibvirtUserAndGroupId`: root VMIs own their taps as root. */
export const ROOT_UID = 0;
/** `util.NonRootUID`: the qemu user of a non-root launcher. */
export const NON_ROOT_UID = 107;
/** Annotation marking a VMI whose launcher runs as 107 (`kubevirt.io/nonroot`). */
export const NON_ROOT_ANNOTATION = 'kubevirt.io/nonroot';

/** sockets × cores × threads, each defaulting to 1 when unset or 0 (`hardware.GetNumberOfVCPUs`). */
export function vcpuCount(cpu: VmiCpu | undefined): number {
  const orOne = (n: number | undefined): number => (n === undefined || n === 0 ? 1 : n);
  return orOne(cpu?.sockets) * orOne(cpu?.cores) * orOne(cpu?.threads);
}

/** Only virtio NICs have multiple queues; KubeVirt treats an empty model as virtio. */
function isVirtioModel(model: string | undefined): boolean {
  return model === undefined || model === '' || model === 'virtio';
}

/**
 * Queues for the tap and `<driver queues>`: one per vCPU, at most 256, when
 * `networkInterfaceMultiqueue` is on and the NIC is virtio; 0 otherwise
 * (single-queue tap, no `<driver>`).
 */
export function interfaceQueueCount(vmi: VirtualMachineInstance, iface: VmiInterface): number {
  if (vmi.spec.domain.devices.networkInterfaceMultiqueue !== true) return 0;
  if (!isVirtioModel(iface.model)) return 0;
  return Math.min(vcpuCount(vmi.spec.domain.cpu), MULTIQUEUE_MAX_QUEUES);
}

/**
 * uid and gid of the tap: 107 when the launcher runs unprivileged
 * (`status.runtimeUser` ≠ 0 or the `kubevirt.io/nonroot` annotation is
 * present, whatever its value), else 0 (`HEAD:pkg/network/setup/netconf.go`).
 */
export function tapOwnerId(vmi: VirtualMachineInstance): number {
  const runtimeUser = vmi.status?.runtimeUser;
  if (runtimeUser !== undefined && runtimeUser !== 0) return NON_ROOT_UID;
  const annotations = vmi.metadata.annotations ?? {};
  if (Object.prototype.hasOwnProperty.call(annotations, NON_ROOT_ANNOTATION)) return NON_ROOT_UID;
  return ROOT_UID;
}
