/**
 * Masquerade binding (`masquerade: {}`), following KubeVirt HEAD's netpod
 * (`setup/netpod/netpod.go` `masqueradeBindingSpec`, `netpod/masquerade/`).
 *
 * The pod keeps its identity: its NIC is neither enslaved nor modified. The VM
 * sits on a private network behind an in-pod bridge `k6t-<iface>` (gateway
 * network+1 of `vmNetworkCIDR`, VM network+2), and per IP family the pod has,
 * nftables NAT masquerades the VM's outbound traffic to the pod address and
 * forwards inbound traffic (all ports, or only `ports`) to the VM.
 */
import { ValidationError, errMessage } from '../src/core/errors.js';
import {
  DEFAULT_VM_CIDR,
  DEFAULT_VM_IPV6_CIDR,
  formatIp,
  masqueradeAddresses,
  MASQUERADE_BRIDGE_MAC,
  parseCidr,
  parseMac,
} from '../src/core/ip.js';
import type { IpAddress, IpFamily, NetState, SysctlSpec } from '../src/core/net-state.js';
import type { DhcpV4NetworkConfig } from '../dhcp/v4/config.js';
import type { DhcpV6NetworkConfig } from '../dhcp/v6/config.js';
import type { DomainInterface } from '../src/libvirt/domain-interface.js';
import type { NftBatch } from '../src/core/nft-types.js';
import type { BindingContext, PodNetworkInfraConfigurator, PodNetworkPlan, PodNicFacts } from './configurator.js';
import { planMasqueradeNat, type NatProtocol } from './masquerade-nft.js';
import { snapshotPodNic } from './pod-nic.js';
import { tapDomainInterface } from './tap-domain-interface.js';

/** Pod annotation that turns on istio's sidecar (compared case-insensitively to `true`, pkg/network/istio). */
export const ISTIO_INJECT_ANNOTATION = 'sidecar.istio.io/inject';

/** Forwarding per family (pkg/util/sysctl/sysctl.go); NAT needs the pod to route between its NIC and the bridge. */
const FORWARDING_SYSCTL: Record<IpFamily, string> = { 4: 'net/ipv4/ip_forward', 6: 'net/ipv6/conf/all/forwarding' };

/** `status.migrationTransport` value under which libvirt migrates over a unix socket, not TCP ports. */
const UNIX_MIGRATION_TRANSPORT = 'Unix';

interface VmAddressing {
  family: IpFamily;
  gateway: IpAddress;
  vm: IpAddress;
}

export class MasqueradeBinding implements PodNetworkInfraConfigurator {
  readonly kind = 'masquerade' as const;

  discoverPodInterface(ctx: BindingContext, state: NetState): PodNicFacts {
    return snapshotPodNic(ctx, state);
  }

  /**
   * The VM's IPv4 lease on the private network. The client MAC is only pinned
   * when the spec sets one; otherwise any client on the bridge is answered,
   * as KubeVirt's masquerade server does (it sets no clientMAC).
   */
  generateDhcpConfig(ctx: BindingContext, facts: PodNicFacts): DhcpV4NetworkConfig {
    const { gateway, vm } = vmAddressing(ctx, 4);
    const base = {
      clientMac: ctx.iface.macAddress === undefined ? null : parseMac(ctx.iface.macAddress),
      routes: [],
      mtu: facts.mtu,
      serverId: gateway.address,
      bridgeName: ctx.names.bridge,
    };
    if (!hasFamily(facts, 4)) return { ...base, ipamDisabled: true };
    return { ...base, ipamDisabled: false, address: vm.address, prefixLength: vm.prefixLength, gateway: gateway.address };
  }

  /**
   * The VM's IPv6 address on the private network (`fd10:0:2::2` by default),
   * served by DHCPv6 on the bridge, and the bridge as the VM's default router
   * in Router Advertisements: the pod forwards and NATs what the VM sends.
   */
  generateDhcpV6Config(ctx: BindingContext, facts: PodNicFacts): DhcpV6NetworkConfig | null {
    if (!hasFamily(facts, 6)) return null;
    const { vm } = vmAddressing(ctx, 6);
    return {
      bridgeName: ctx.names.bridge,
      address: vm.address,
      prefixLength: vm.prefixLength,
      advertiseDefaultRouter: true,
      mtu: facts.mtu,
      clientMac: ctx.iface.macAddress === undefined ? null : parseMac(ctx.iface.macAddress),
    };
  }

  /** Spec MAC, else the pod NIC's (HEAD's generic tap generator, commit 9a1ae5f1c5). */
  generateDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface {
    const mac = ctx.iface.macAddress === undefined ? facts.mac : parseMac(ctx.iface.macAddress);
    return tapDomainInterface(ctx, mac, facts.mtu);
  }

  preparePodInterface(ctx: BindingContext, facts: PodNicFacts): PodNetworkPlan {
    const { bridge, tap } = ctx.names;
    const families = ([4, 6] as const).filter((family) => hasFamily(facts, family));
    const addressing = families.map((family) => vmAddressing(ctx, family));
    const sysctls: SysctlSpec[] = families.map((family) => ({ path: FORWARDING_SYSCTL[family], value: '1' }));
    return {
      spec: {
        links: [
          {
            name: bridge,
            kind: 'bridge',
            state: 'up',
            mac: MASQUERADE_BRIDGE_MAC,
            mtu: facts.mtu,
            addresses: addressing.map((a) => a.gateway),
            // The istio proxy and `kubectl port-forward` reach the VM from 127.0.0.1 (KubeVirt 057727369d).
            ...(families.includes(4) ? { routeLocalnet: true } : {}),
          },
          {
            name: tap,
            kind: 'tap',
            state: 'up',
            mtu: facts.mtu,
            master: bridge,
            tap: { uid: ctx.tapOwner, gid: ctx.tapOwner, queues: ctx.queues },
          },
        ],
        sysctls,
      },
      nft: isFirstMasqueradeInterface(ctx) ? addressing.map((a) => natBatch(ctx, facts, a)) : [],
    };
  }
}

function natBatch(ctx: BindingContext, facts: PodNicFacts, { family, gateway, vm }: VmAddressing): NftBatch {
  const podIPv4 = facts.addresses.find((a) => a.family === 4)?.address;
  return planMasqueradeNat({
    family,
    vmAddress: vm.address,
    gatewayAddress: gateway.address,
    podIfaceName: facts.name,
    bridgeName: ctx.names.bridge,
    ...(podIPv4 === undefined ? {} : { podIPv4 }),
    // KubeVirt's default protocol is TCP and it lower-cases what it is given; the schema allows only tcp/udp.
    ports: (ctx.iface.ports ?? []).map((p) => ({ port: p.port, protocol: (p.protocol ?? 'tcp').toLowerCase() as NatProtocol })),
    istio: ctx.vmi.metadata.annotations?.[ISTIO_INJECT_ANNOTATION]?.toLowerCase() === 'true',
    skipMigrationPorts: ctx.vmi.status?.migrationTransport !== UNIX_MIGRATION_TRANSPORT,
  });
}

function hasFamily(facts: PodNicFacts, family: IpFamily): boolean {
  return facts.addresses.some((a) => a.family === family);
}

/** KubeVirt HEAD NATs only the first masquerade interface of the VMI (admission allows one anyway). */
function isFirstMasqueradeInterface(ctx: BindingContext): boolean {
  const first = (ctx.vmi.spec.domain.devices.interfaces ?? []).find((iface) => iface.masquerade !== undefined);
  return first?.name === ctx.iface.name;
}

/** Gateway (network+1) and VM (network+2) of the family's VM CIDR, the CIDR's prefix kept. */
function vmAddressing(ctx: BindingContext, family: IpFamily): VmAddressing {
  const field = family === 4 ? 'vmNetworkCIDR' : 'vmIPv6NetworkCIDR';
  const cidr = ctx.network.pod?.[field] ?? (family === 4 ? DEFAULT_VM_CIDR : DEFAULT_VM_IPV6_CIDR);
  try {
    const { gateway, vm } = masqueradeAddresses(cidr);
    return { family, gateway: toIpAddress(gateway), vm: toIpAddress(vm) };
  } catch (err) {
    const index = (ctx.vmi.spec.networks ?? []).findIndex((n) => n.name === ctx.network.name);
    throw new ValidationError(
      `/spec/networks/${index}/pod/${field}`,
      `failed to derive the masquerade addresses of network "${ctx.network.name}" from "${cidr}": ${errMessage(err)}`,
      { cause: err, context: { vmi: ctx.vmi.metadata.name, network: ctx.network.name, iface: ctx.iface.name, step: 'plan' } },
    );
  }
}

function toIpAddress(cidrText: string): IpAddress {
  const cidr = parseCidr(cidrText);
  return { family: cidr.family, address: formatIp(cidr), prefixLength: cidr.prefixLength };
}
