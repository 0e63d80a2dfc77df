/**
 * Pairs each VMI interface with its network and binding, in the order both
 * phases walk them. Pure.
 */
import { VirtnetError } from '../core/errors.js';
import type { BindingKind, VirtualMachineInstance, VmiInterface, VmiNetwork } from '../core/vmi.js';
import { bridgeName, renamedPodNicName, resolvePodInterfaceName, tapName } from '../core/names.js';
import { interfaceQueueCount, tapOwnerId } from '../core/queues.js';
import type { PlaceholderKind } from '../core/net-state.js';
import type { BindingContext } from '../../bindings/configurator.js';

export interface VmiNic {
  iface: VmiInterface;
  network: VmiNetwork;
  /** Position in spec.domain.devices.interfaces. */
  ifaceIndex: number;
  binding: BindingKind;
}

/** The binding kind an interface asks for; a binding plugin (`binding: {name}`) has none of ours. */
export function bindingKindOf(vmi: VirtualMachineInstance, iface: VmiInterface): BindingKind {
  if (iface.bridge !== undefined) return 'bridge';
  if (iface.masquerade !== undefined) return 'masquerade';
  if (iface.passt !== undefined || iface.passtBinding !== undefined) return 'passt';
  if (iface.sriov !== undefined) return 'sriov';
  if (iface.macvtap !== undefined) return 'macvtap';
  throw new VirtnetError(
    'VIRTNET_VALIDATION',
    `failed to wire interface "${iface.name}": binding plugin "${iface.binding?.name ?? '?'}" is not supported by virtnet`,
    { context: { vmi: vmi.metadata.name, iface: iface.name, step: 'select' } },
  );
}

/** Every interface of the VMI with its network (validation guarantees the pairing). */
export function vmiNics(vmi: VirtualMachineInstance): VmiNic[] {
  const networks = vmi.spec.networks ?? [];
  return (vmi.spec.domain.devices.interfaces ?? []).map((iface, ifaceIndex) => {
    const network = networks.find((n) => n.name === iface.name);
    if (network === undefined) {
      throw new VirtnetError('VIRTNET_VALIDATION', `failed to wire interface "${iface.name}": no network of that name in spec.networks`, {
        context: { vmi: vmi.metadata.name, iface: iface.name, step: 'select' },
      });
    }
    return { iface, network, ifaceIndex, binding: bindingKindOf(vmi, iface) };
  });
}

/** What a binding needs to plan one NIC, given the pod's existing interface names. */
export function bindingContext(
  vmi: VirtualMachineInstance,
  nic: VmiNic,
  podLinkNames: readonly string[],
  placeholderKind: PlaceholderKind,
): BindingContext {
  const podIfaceName = resolvePodInterfaceName(vmi, nic.network, podLinkNames);
  return {
    vmi,
    iface: nic.iface,
    network: nic.network,
    ifaceIndex: nic.ifaceIndex,
    podIfaceName,
    names: {
      tap: tapName(podIfaceName, nic.network),
      bridge: bridgeName(podIfaceName),
      renamedPodNic: renamedPodNicName(podIfaceName),
    },
    tapOwner: tapOwnerId(vmi),
    queues: interfaceQueueCount(vmi, nic.iface),
    placeholderKind,
  };
}
