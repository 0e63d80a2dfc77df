/**
 * Bridge binding (`bridge: {}`), following KubeVirt HEAD's netpod
 * (`setup/netpod/discoverbridge.go`, `netpod.go` `bridgeBindingSpec`).
 *
 * The VM takes over the pod's identity: the pod NIC is renamed `<iface>-nic`,
 * stripped of its addresses and enslaved to the in-pod bridge `k6t-<iface>`
 * together with the VM's tap; a placeholder link keeps the original name, MAC
 * and addresses so the CNI and kubelet still find "eth0"; the in-pod DHCP
 * server then hands the pod's IP, gateway and routes to the VM.
 */
import { VirtnetError } from '../src/core/errors.js';
import { formatCidr, networkOf, parseCidr } from '../src/core/ip.js';
import { fakeBridgeIp } from '../src/core/names.js';
import type { IpAddress, LinkKind, NetState, Route } from '../src/core/net-state.js';
import type { DhcpRoute, DhcpV4NetworkConfig } from '../dhcp/v4/config.js';
import type { DhcpV6NetworkConfig } from '../dhcp/v6/config.js';
import type { DomainInterface } from '../src/libvirt/domain-interface.js';
import type { BindingContext, PodNetworkInfraConfigurator, PodNetworkPlan, PodNicFacts } from './configurator.js';
import { snapshotPodNic } from './pod-nic.js';
import { resolveVmMac, tapDomainInterface } from './tap-domain-interface.js';

/**
 * Link kinds a Linux bridge refuses as ports (macvlan/ipvlan/macvtap share
 * their parent's MAC filtering; the kernel answers EBUSY or EOPNOTSUPP only
 * after we have already renamed and stripped the NIC). kubevirt#12236.
 */
const NON_BRIDGEABLE_KINDS: ReadonlySet<LinkKind> = new Set(['macvlan', 'ipvlan', 'macvtap']);

export class BridgeBinding implements PodNetworkInfraConfigurator {
  readonly kind = 'bridge' as const;

  discoverPodInterface(ctx: BindingContext, state: NetState): PodNicFacts {
    const facts = snapshotPodNic(ctx, state);
    if (NON_BRIDGEABLE_KINDS.has(facts.kind)) {
      throw new VirtnetError(
        'VIRTNET_UNSUPPORTED_TOPOLOGY',
        `failed to use pod interface "${facts.name}" for the bridge binding: it is a ${facts.kind} link, which cannot be a bridge port; use the masquerade binding for this network`,
        { context: contextOf(ctx, 'discover') },
      );
    }
    return facts;
  }

  generateDhcpConfig(ctx: BindingContext, facts: PodNicFacts): DhcpV4NetworkConfig {
    const base = {
      clientMac: resolveVmMac(ctx, facts.mac),
      mtu: facts.mtu,
      serverId: serverIdOf(ctx),
      bridgeName: ctx.names.bridge,
    };
    const ipv4 = podIpv4(facts);
    if (ipv4 === undefined) return { ...base, ipamDisabled: true, routes: [] };

    const routes = facts.routes.filter((r) => r.family === 4);
    if (routes.length === 0) {
      throw new VirtnetError('VIRTNET_DISCOVERY', `failed to find a gateway: no gateway address found in routes for "${facts.name}"`, {
        context: contextOf(ctx, 'dhcp-config'),
      });
    }
    return {
      ...base,
      ipamDisabled: false,
      address: ipv4.address,
      prefixLength: ipv4.prefixLength,
      gateway: gatewayOf(routes),
      routes: filterPodRoutes(routes, ipv4),
    };
  }

  generateDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface {
    return tapDomainInterface(ctx, resolveVmMac(ctx, facts.mac), facts.mtu);
  }

  /**
   * KubeVirt's bridge binding leaves IPv6 to the guest; virtnet also hands
   * the VM the pod NIC's first global IPv6 address by DHCPv6 (the placeholder
   * keeping it is down, so it never answers neighbour discovery for it). The
   * default route is not ours to give: the bridge is not a router here, so its
   * Router Advertisements carry the on-link prefix with router lifetime 0, and
   * the network's own router reaches the VM through the bridge as it reached
   * the pod.
   */
  generateDhcpV6Config(ctx: BindingContext, facts: PodNicFacts): DhcpV6NetworkConfig | null {
    const ipv6 = facts.addresses.find((a) => a.family === 6);
    if (ipv6 === undefined) return null;
    return {
      bridgeName: ctx.names.bridge,
      address: ipv6.address,
      prefixLength: ipv6.prefixLength,
      advertiseDefaultRouter: false,
      mtu: facts.mtu,
      clientMac: resolveVmMac(ctx, facts.mac),
    };
  }

  preparePodInterface(ctx: BindingContext, facts: PodNicFacts): PodNetworkPlan {
    const { bridge, tap, renamedPodNic } = ctx.names;
    const hasIpv4 = podIpv4(facts) !== undefined;
    return {
      spec: {
        links: [
          {
            name: bridge,
            kind: 'bridge',
            state: 'up',
            addresses: hasIpv4 ? [{ family: 4, address: serverIdOf(ctx), prefixLength: 32 }] : [],
          },
          {
            // Found by index: on a re-run after a crash it may already carry the new name.
            name: renamedPodNic,
            kind: 'existing',
            index: facts.index,
            state: 'up',
            // The VM owns the pod MAC now; the port takes the bridge's so the two never collide in the FDB.
            copyMacFrom: bridge,
            master: bridge,
            addresses: [],
            learning: false,
          },
          {
            name: tap,
            kind: 'tap',
            state: 'up',
            mtu: facts.mtu,
            master: bridge,
            tap: { uid: ctx.tapOwner, gid: ctx.tapOwner, queues: ctx.queues },
          },
          {
            // Keeps "eth0", its MAC and addresses visible to the CNI and kubelet; down, so it carries nothing.
            name: facts.name,
            kind: ctx.placeholderKind,
            state: 'down',
            mac: facts.mac,
            mtu: facts.mtu,
            addresses: facts.addresses,
          },
        ],
        // The placeholder holds the pod IP: without arp_ignore the pod would answer ARP for the
        // VM's own address on the bridge and the VM would see a conflict (KubeVirt's comment).
        sysctls: hasIpv4 ? [{ path: 'net/ipv4/conf/all/arp_ignore', value: '1' }] : [],
      },
      nft: [],
    };
  }
}

function contextOf(ctx: BindingContext, step: string) {
  return { vmi: ctx.vmi.metadata.name, network: ctx.network.name, iface: ctx.iface.name, step };
}

function podIpv4(facts: PodNicFacts): IpAddress | undefined {
  return facts.addresses.find((a) => a.family === 4);
}

/**
 * The fake bridge IP, also DHCP option 54. KubeVirt HEAD indexes it by
 * spec.networks order in phase 1 but by spec.domain.devices.interfaces order
 * in phase 2, so the two disagree after a hotplug (kubevirt-networking.md §11);
 * virtnet uses the interface index in both, so the server id is the bridge's
 * own address.
 */
function serverIdOf(ctx: BindingContext): string {
  return fakeBridgeIp(ctx.ifaceIndex).split('/')[0] as string;
}

/** The default route's next hop; else the first next hop of any route (HEAD takes `linkRoutes[0]`). */
function gatewayOf(routes: readonly Route[]): string | null {
  return routes.find((r) => r.destination === null && r.gateway !== null)?.gateway ?? routes.find((r) => r.gateway !== null)?.gateway ?? null;
}

/**
 * HEAD (d9fe046f3f): every route through the pod NIC except the kernel's
 * subnet route of the pod address itself — the VM learns that one from the
 * mask. Wider static routes (10.222.0.0/16) are kept.
 */
export function filterPodRoutes(routes: readonly Route[], podAddress: IpAddress): DhcpRoute[] {
  const localSubnet = formatCidr(networkOf(parseCidr(`${podAddress.address}/${podAddress.prefixLength}`)));
  return routes
    .filter((r) => r.destination === null || formatCidr(networkOf(parseCidr(r.destination))) !== localSubnet)
    .map((r) => ({ destination: r.destination, gateway: r.gateway }));
}
