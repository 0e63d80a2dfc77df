/**
 * Reading a pod's network as a NetState: pure conversions from the `netlink`
 * package's parsed rtnetlink messages to virtnet's types, and readNetState(),
 * which dumps links, addresses and routes through a NetlinkDriver and joins
 * them (master and output-interface indexes become names).
 */
import { rt } from 'netlink';
import { formatIp, formatMac, ipFromBytes } from '../core/ip.js';
import type { IpAddress, IpFamily, LinkKind, LinkState, NetState, Route } from '../core/net-state.js';
import { AF_INET, IPV4_DEVCONF_ROUTE_LOCALNET, decodeBridgePortInfo, decodeInetConf, decodeLinkInfo, decodeTunInfo } from './linkinfo.js';
import type { NetlinkDriver } from './netlink.js';

/** One link as RTM_NEWLINK describes it; the master is still an index. */
export interface LinkRecord extends Omit<LinkState, 'master' | 'addresses'> {
  /** IFLA_MASTER, or null when the link has no master. */
  masterIndex: number | null;
}

export interface AddressRecord {
  linkIndex: number;
  address: IpAddress;
}

/** One route as RTM_NEWROUTE describes it; the output interface is still an index. */
export interface RouteRecord extends Omit<Route, 'outputInterface'> {
  /** RTA_OIF, or null when the route has none (multipath, blackhole). */
  outputIndex: number | null;
}

/** include/linux/socket.h */
const AF_INET_FAMILY = 2;
const AF_INET6_FAMILY = 10;
/** include/uapi/linux/rtnetlink.h enum rt_scope_t */
const RT_SCOPE_UNIVERSE = 0;
const RT_SCOPE_LINK = 253;
const RT_SCOPE_HOST = 254;
/** include/uapi/linux/rtnetlink.h enum rt_class_t */
export const RT_TABLE_MAIN = 254;

const KNOWN_KINDS: ReadonlySet<string> = new Set<LinkKind>([
  'bridge', 'tun', 'veth', 'dummy', 'ifb', 'macvlan', 'macvtap', 'ipvlan', 'vxlan',
]);

export function familyOf(addressFamily: number | undefined): IpFamily | null {
  if (addressFamily === AF_INET_FAMILY) return 4;
  if (addressFamily === AF_INET6_FAMILY) return 6;
  return null;
}

export function addressFamilyOf(family: IpFamily): number {
  return family === 4 ? AF_INET_FAMILY : AF_INET6_FAMILY;
}

export function scopeNumber(scope: IpAddress['scope']): number {
  if (scope === 'host') return RT_SCOPE_HOST;
  if (scope === 'link') return RT_SCOPE_LINK;
  return RT_SCOPE_UNIVERSE;
}

/** rtm_scope for a route to add: as given, else `ip route add`'s choice (link without gateway, universe with). */
export function routeScopeNumber(route: Route): number {
  const scope = route.scope ?? (route.gateway === null ? 'link' : 'universe');
  if (scope === 'host') return RT_SCOPE_HOST;
  if (scope === 'link') return RT_SCOPE_LINK;
  return RT_SCOPE_UNIVERSE;
}

/** The package reports enums by name when it knows the value, else by number. */
function enumValue<E extends Record<string, string | number>>(enumObject: E, value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && typeof enumObject[value] === 'number') return enumObject[value] as number;
  return undefined;
}

function formatHardwareAddress(bytes: Buffer | undefined): string {
  if (bytes === undefined || bytes.length === 0) return '';
  if (bytes.length === 6) return formatMac(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

export function toLinkRecord(msg: rt.LinkMessage): LinkRecord {
  const { data, attrs } = msg;
  const info = attrs.linkinfo === undefined ? {} : decodeLinkInfo(attrs.linkinfo);
  const record: LinkRecord = {
    index: data.index ?? 0,
    name: attrs.ifname ?? '',
    kind: 'device',
    mac: formatHardwareAddress(attrs.address),
    mtu: attrs.mtu ?? 0,
    up: data.flags?.up === true,
    masterIndex: attrs.master === undefined || attrs.master === 0 ? null : attrs.master,
  };
  if (info.kind !== undefined) {
    if (KNOWN_KINDS.has(info.kind)) {
      record.kind = info.kind as LinkKind;
    } else {
      record.kind = 'other';
      record.rawKind = info.kind;
    }
  }
  if (info.slaveKind === 'bridge' && info.slaveData !== undefined) {
    const port = decodeBridgePortInfo(info.slaveData);
    if (port.learning !== undefined) record.learning = port.learning;
  }
  if (info.kind === 'tun' && info.data !== undefined) record.tun = decodeTunInfo(info.data);
  const afInet = attrs.afSpec?.get(AF_INET);
  if (afInet !== undefined) {
    const routeLocalnet = decodeInetConf(afInet).get(IPV4_DEVCONF_ROUTE_LOCALNET);
    if (routeLocalnet !== undefined) record.routeLocalnet = routeLocalnet !== 0;
  }
  return record;
}

/** null for families other than IPv4/IPv6. */
export function toAddressRecord(msg: rt.AddressMessage): AddressRecord | null {
  const { data, attrs } = msg;
  const family = familyOf(data.family);
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links (if_addr.h).
  const bytes = attrs.local ?? attrs.address;
  if (family === null || bytes === undefined || data.index === undefined) return null;
  const scope = data.scope === RT_SCOPE_HOST ? 'host' : data.scope === RT_SCOPE_LINK ? 'link' : 'global';
  return {
    linkIndex: data.index,
    address: { family, address: formatIp(ipFromBytes(bytes)), prefixLength: data.prefixlen ?? 0, scope },
  };
}

/** null for other families and for non-unicast routes (local, broadcast, multicast, blackhole…). */
export function toRouteRecord(msg: rt.RouteMessage): RouteRecord | null {
  const { data, attrs } = msg;
  const family = familyOf(data.family);
  if (family === null || enumValue(rt.RouteType, data.type) !== rt.RouteType.UNICAST) return null;
  const dstLen = data.dstLen ?? 0;
  const route: RouteRecord = {
    family,
    destination: dstLen === 0 || attrs.dst === undefined ? null : `${formatIp(ipFromBytes(attrs.dst))}/${dstLen}`,
    gateway: attrs.gateway === undefined ? null : formatIp(ipFromBytes(attrs.gateway)),
    // RTA_TABLE holds the full 32-bit id; rtm_table only the low 8 bits.
    table: attrs.table ?? data.table ?? 0,
    outputIndex: attrs.oif ?? null,
  };
  if (attrs.prefsrc !== undefined) route.source = formatIp(ipFromBytes(attrs.prefsrc));
  const scope = enumValue(rt.RouteScope, data.scope);
  if (scope === RT_SCOPE_UNIVERSE) route.scope = 'universe';
  else if (scope === RT_SCOPE_LINK) route.scope = 'link';
  else if (scope === RT_SCOPE_HOST) route.scope = 'host';
  return route;
}

/** Join the three dumps into a NetState: addresses under their link, indexes as names, main-table routes only. */
export function assembleNetState(
  links: readonly LinkRecord[],
  addresses: readonly AddressRecord[],
  routes: readonly RouteRecord[],
): NetState {
  const names = new Map(links.map((l) => [l.index, l.name]));
  return {
    links: links.map(({ masterIndex, ...link }): LinkState => ({
      ...link,
      master: masterIndex === null ? null : (names.get(masterIndex) ?? null),
      addresses: addresses.filter((a) => a.linkIndex === link.index).map((a) => a.address),
    })),
    routes: routes
      .filter((r) => r.table === RT_TABLE_MAIN)
      .map(({ outputIndex, ...route }): Route => {
        const outputInterface = outputIndex === null ? undefined : names.get(outputIndex);
        return outputInterface === undefined ? route : { ...route, outputInterface };
      }),
  };
}

/** Links, addresses and main-table IPv4 + IPv6 routes of the driver's namespace. */
export async function readNetState(driver: NetlinkDriver): Promise<NetState> {
  const [links, addresses, routes] = await Promise.all([driver.listLinks(), driver.listAddresses(), driver.listRoutes()]);
  return assembleNetState(links, addresses, routes);
}
