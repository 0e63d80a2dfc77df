/**
 * Reading the pod NIC the CNI made out of an observed NetState. Shared by the
 * bindings that keep the pod's network (bridge, masquerade).
 */
import { VirtnetError } from '../src/core/errors.js';
import { isGlobalUnicast } from '../src/core/ip.js';
import type { NetState } from '../src/core/net-state.js';
import type { BindingContext, PodNicFacts } from './configurator.js';

/** Snapshot of `ctx.podIfaceName` with its global addresses and the routes that leave through it. */
export function snapshotPodNic(ctx: BindingContext, state: NetState): PodNicFacts {
  const link = state.links.find((l) => l.name === ctx.podIfaceName);
  if (link === undefined) {
    throw new VirtnetError('VIRTNET_DISCOVERY', `failed to discover pod link "${ctx.podIfaceName}": it is missing`, {
      context: { vmi: ctx.vmi.metadata.name, network: ctx.network.name, iface: ctx.iface.name, step: 'discover' },
    });
  }
  return {
    index: link.index,
    name: link.name,
    kind: link.kind,
    ...(link.rawKind !== undefined ? { rawKind: link.rawKind } : {}),
    mac: link.mac,
    mtu: link.mtu,
    addresses: link.addresses.filter((a) => isGlobalUnicast(a.address)),
    routes: state.routes.filter((r) => r.outputInterface === link.name),
  };
}
