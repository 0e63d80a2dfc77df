/**
 * The guest NIC of every tap-attached binding (bridge, masquerade): libvirt
 * `type="ethernet"` on a pre-made tap with `managed="no"`, so qemu never needs
 * CAP_NET_ADMIN (KubeVirt HEAD `TapLibvirtSpecGenerator`).
 */
import type { DomainInterface } from '../src/libvirt/domain-interface.js';
import { parseMac } from '../src/core/ip.js';
import { modelType, parsePciAddress } from '../src/libvirt/interface-xml.js';
import type { BindingContext } from './configurator.js';

export function tapDomainInterface(ctx: BindingContext, mac: string, mtu: number): DomainInterface {
  const { iface } = ctx;
  return {
    type: 'ethernet',
    name: iface.name,
    targetDev: ctx.names.tap,
    mac,
    mtu,
    model: modelType(iface.model),
    ...(iface.bootOrder !== undefined ? { bootOrder: iface.bootOrder } : {}),
    ...(iface.pciAddress !== undefined ? { pciAddress: parsePciAddress(iface.pciAddress) } : {}),
    ...(iface.acpiIndex !== undefined ? { acpiIndex: iface.acpiIndex } : {}),
    ...(ctx.queues > 0 ? { queues: ctx.queues } : {}),
    ...(iface.state === 'down' ? { linkState: 'down' as const } : {}),
  };
}

/**
 * The VM's MAC: the spec's, else the one KubeVirt reported in status (keeps
 * the MAC across migration), else the pod NIC's own (HEAD `resolveMacAddress`).
 */
export function resolveVmMac(ctx: BindingContext, podMac: string): string {
  const fromStatus = ctx.vmi.status?.interfaces?.find((s) => s.name === ctx.iface.name)?.mac;
  return parseMac(ctx.iface.macAddress ?? fromStatus ?? podMac);
}
