/**
 * Macvtap binding (`macvtap: {}`; Multus secondary networks), as KubeVirt
 * v0.53's core binding (`MacvtapLibvirtSpecGenerator`) and HEAD's macvtap
 * plugin with `domainAttachmentType: tap`.
 *
 * The CNI (macvtap-cni) already made the pod interface a macvtap on a host
 * NIC; the guest NIC is that macvtap. Nothing is plumbed in the pod netns.
 * libvirt, given `<interface type="ethernet">` with `<target dev="net1"
 * managed="no">`, sees that the target is a macvtap and opens its character
 * device `/dev/tap<ifindex>` instead of creating a tap, so that node must
 * exist in the launcher's `/dev`, owned by the qemu user. There may be no udev
 * in the pod: phase 1 creates it from the device number the kernel gave the
 * macvtap (read in the pod netns) and records it in the cache.
 */
import { VirtnetError } from '../src/core/errors.js';
import type { NetState } from '../src/core/net-state.js';
import type { DhcpV4NetworkConfig } from '../dhcp/v4/config.js';
import type { DomainInterface } from '../src/libvirt/domain-interface.js';
import type { BindingContext, CharDeviceSpec, PodNetworkInfraConfigurator, PodNetworkPlan, PodNicFacts } from './configurator.js';
import { snapshotPodNic } from './pod-nic.js';
import { resolveVmMac, tapDomainInterface } from './tap-domain-interface.js';

/**
 * Read and write for the owner (the tap owner: qemu as 107, or root) and its
 * group, nobody else: the device carries every frame of the VM's NIC.
 */
export const MACVTAP_DEVICE_MODE = 0o660;

/** The node libvirt opens for a macvtap: `/dev/tap<ifindex>` (the kernel's `tap_fops` device name). */
export function macvtapDevicePath(ifindex: number): string {
  return `/dev/tap${ifindex}`;
}

export class MacvtapBinding implements PodNetworkInfraConfigurator {
  readonly kind = 'macvtap' as const;

  /** The pod interface must be a macvtap; anything else is refused before anything changes. */
  discoverPodInterface(ctx: BindingContext, state: NetState): PodNicFacts {
    const facts = snapshotPodNic(ctx, state);
    if (facts.kind !== 'macvtap') {
      const kind = facts.kind === 'other' ? (facts.rawKind ?? 'unknown') : facts.kind;
      throw new VirtnetError(
        'VIRTNET_UNSUPPORTED_TOPOLOGY',
        `failed to use pod interface "${facts.name}" for the macvtap binding of network "${ctx.network.name}": it is a ${kind} link, not a macvtap; the network's CNI must create a macvtap (macvtap-cni), or use the bridge binding for this network`,
        { context: contextOf(ctx, 'discover') },
      );
    }
    return facts;
  }

  /** The guest is on the host NIC's L2 segment and gets its address from there, not from virtnet. */
  generateDhcpConfig(): DhcpV4NetworkConfig | null {
    return null;
  }

  /** Target is the macvtap itself; MAC: spec, else status, else the macvtap's (which the CNI set). */
  generateDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface {
    return { ...tapDomainInterface(ctx, resolveVmMac(ctx, facts.mac), facts.mtu), targetDev: facts.name };
  }

  /** No links, no sysctls, no NAT: only the device node. */
  preparePodInterface(ctx: BindingContext, facts: PodNicFacts): PodNetworkPlan {
    if (facts.charDevice === undefined) {
      throw new VirtnetError('VIRTNET_DISCOVERY', `failed to plan the macvtap binding of network "${ctx.network.name}": the device number of "${facts.name}" was not discovered`, {
        context: contextOf(ctx, 'plan'),
      });
    }
    const device: CharDeviceSpec = {
      path: macvtapDevicePath(facts.index),
      major: facts.charDevice.major,
      minor: facts.charDevice.minor,
      uid: ctx.tapOwner,
      gid: ctx.tapOwner,
      mode: MACVTAP_DEVICE_MODE,
    };
    return { spec: { links: [], sysctls: [] }, nft: [], devices: [device] };
  }
}

function contextOf(ctx: BindingContext, step: string) {
  return { vmi: ctx.vmi.metadata.name, network: ctx.network.name, iface: ctx.iface.name, step };
}
