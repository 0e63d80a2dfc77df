/**
 * Passt binding (`passt: {}` / `passtBinding: {}`; pod network only),
 * following KubeVirt HEAD (`setup/netpod/netpod.go` passt spec,
 * `converter/network/passt.go`) and the v1.1 network-passt-binding sidecar
 * (`cmd/sidecars/network-passt-binding/domain/configurator.go`).
 *
 * passt translates the guest's Layer-2 frames to ordinary TCP/UDP/ICMP
 * sockets of the pod, so the pod needs no bridge, tap or NAT: phase 1 only
 * relaxes two sysctls so the unprivileged passt may open ping sockets and bind
 * the guest's low ports, and remembers the pod NIC. passt answers DHCP, NDP
 * and DHCPv6 itself, so virtnet serves no DHCP for it.
 *
 * Who runs passt is decided in phase 2 (src/launcher/passt-mode.ts): libvirt
 * (the `<interface type="user">` below, as cached), or the launcher itself
 * (src/launcher/passt-supervisor.ts), attaching the guest to passt's socket.
 */
import type { SysctlSpec, NetState } from '../src/core/net-state.js';
import type { VmiPort } from '../src/core/vmi.js';
import type { DomainInterface, DomainPortForward } from '../src/libvirt/domain-interface.js';
import { parseMac } from '../src/core/ip.js';
import { modelType, parsePciAddress } from '../src/libvirt/interface-xml.js';
import type { BindingContext, PodNetworkInfraConfigurator, PodNetworkPlan, PodNicFacts } from './configurator.js';
import { ISTIO_INJECT_ANNOTATION } from './masquerade.js';
import { ISTIO_RESERVED_PORTS } from './masquerade-nft.js';
import { snapshotPodNic } from './pod-nic.js';

/** KubeVirt's launcher user (`util.NonRootUID`); passt runs as it in either mode. */
export const PASST_USER_ID = 107;

/** Where libvirt's passt logs (`PasstLogFilePath`, HEAD and the v1.1 sidecar). */
export const PASST_LOG_FILE = '/var/run/kubevirt/passt.log';

/**
 * `pkg/util/sysctl/sysctl.go` (HEAD): ICMP echo through passt uses
 * unprivileged ping sockets, allowed only to groups in `ping_group_range`;
 * forwarding a guest port below 1024 means binding it in the pod, which an
 * unprivileged passt can only do when `ip_unprivileged_port_start` is 0.
 */
export const PASST_SYSCTLS: readonly SysctlSpec[] = [
  { path: 'net/ipv4/ping_group_range', value: `${PASST_USER_ID} ${PASST_USER_ID}` },
  { path: 'net/ipv4/ip_unprivileged_port_start', value: '0' },
];

export class PasstBinding implements PodNetworkInfraConfigurator {
  readonly kind = 'passt' as const;

  /** The pod NIC as the CNI left it: passt takes its address, MAC, gateway and MTU from it. */
  discoverPodInterface(ctx: BindingContext, state: NetState): PodNicFacts {
    return snapshotPodNic(ctx, state);
  }

  /** passt has its own DHCP, NDP and DHCPv6. */
  generateDhcpConfig(): null {
    return null;
  }

  generateDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface {
    return passtDomainInterface(ctx, facts);
  }

  preparePodInterface(): PodNetworkPlan {
    return { spec: { links: [], sysctls: [...PASST_SYSCTLS] }, nft: [] };
  }
}

/**
 * The libvirt-managed form: `<interface type="user">` with the passt backend
 * serving the pod NIC. The guest MAC is the spec's (else the one KubeVirt
 * reported in status); never the pod NIC's, which passt itself uses as the
 * source of every frame it sends to the guest. Without one, libvirt (or qemu)
 * generates it, as KubeVirt lets it. The MTU is the pod's: passt hands it to
 * the guest in DHCP, and the guest then sends nothing the pod could not.
 */
export function passtDomainInterface(ctx: BindingContext, facts: PodNicFacts): DomainInterface {
  const { iface } = ctx;
  const mac = iface.macAddress ?? ctx.vmi.status?.interfaces?.find((s) => s.name === iface.name)?.mac;
  return {
    type: 'user',
    name: iface.name,
    sourceDev: facts.name,
    ...(mac !== undefined ? { mac: parseMac(mac) } : {}),
    mtu: facts.mtu,
    model: modelType(iface.model),
    ...(iface.bootOrder !== undefined ? { bootOrder: iface.bootOrder } : {}),
    ...(iface.pciAddress !== undefined ? { pciAddress: parsePciAddress(iface.pciAddress) } : {}),
    ...(iface.acpiIndex !== undefined ? { acpiIndex: iface.acpiIndex } : {}),
    ...(iface.state === 'down' ? { linkState: 'down' as const } : {}),
    backend: { type: 'passt', logFile: PASST_LOG_FILE },
    portForwards: passtPortForwards(iface.ports ?? [], isIstioInjected(ctx)),
  };
}

export function isIstioInjected(ctx: Pick<BindingContext, 'vmi'>): boolean {
  return ctx.vmi.metadata.annotations?.[ISTIO_INJECT_ANNOTATION]?.toLowerCase() === 'true';
}

/**
 * `HEAD:converter/network/passt.go` `generatePortForward`: istio's reserved
 * ports are excluded from TCP; each spec port forwards its protocol (TCP when
 * unset, compared case-insensitively); with no range at all, every TCP and UDP
 * port is forwarded; otherwise only the protocols that have ranges appear.
 */
export function passtPortForwards(ports: readonly VmiPort[], istio: boolean): DomainPortForward[] {
  const tcp: DomainPortForward['ranges'] = istio ? ISTIO_RESERVED_PORTS.map((start) => ({ start, exclude: true })) : [];
  const udp: DomainPortForward['ranges'] = [];
  for (const port of ports) {
    const protocol = (port.protocol ?? 'tcp').toLowerCase();
    (protocol === 'udp' ? udp : tcp).push({ start: port.port });
  }
  if (tcp.length === 0 && udp.length === 0) {
    return [
      { proto: 'tcp', ranges: [] },
      { proto: 'udp', ranges: [] },
    ];
  }
  return [
    ...(tcp.length > 0 ? [{ proto: 'tcp' as const, ranges: tcp }] : []),
    ...(udp.length > 0 ? [{ proto: 'udp' as const, ranges: udp }] : []),
  ];
}
