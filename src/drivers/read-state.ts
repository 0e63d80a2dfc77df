/**
 * Reading a pod's network as a NetState: pure decoders from the kernel's
 * RTM_NEWLINK / RTM_NEWADDR / RTM_NEWROUTE payloads to virtnet's records, and
 * readNetState(), which dumps links, addresses and routes through a
 * NetlinkDriver and joins them (master and output-interface indexes become
 * names).
 *
 * The decoders read the few fields a record needs straight from the bytes.
 * The `netlink` package decodes every attribute of a message into objects
 * (a link has some fifty: stats, queues, per-family state); in a handler,
 * whose code runs a few times per VM and so rarely leaves V8's interpreter,
 * that made a pod's three dumps cost most of a millisecond.
 * Layouts: include/uapi/linux/{if_link,if_addr,rtnetlink}.h.
 */
import { formatIp, formatMac, ipFromBytes } from '../core/ip.js';
import type { IpAddress, IpFamily, LinkKind, LinkState, NetState, Route } from '../core/net-state.js';
import {
  AF_INET,
  IPV4_DEVCONF_ROUTE_LOCALNET,
  decodeBridgePortInfo,
  decodeLinkInfo,
  decodeTunInfo,
  findAttribute,
  forEachAttribute,
  readCString,
  readInetConf,
  readS32,
  readU32,
} from './linkinfo.js';
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

/** struct ifinfomsg: ifi_index at 4, ifi_flags at 8, attributes from 16. */
const IFINFOMSG_LENGTH = 16;
const IFF_UP = 0x1;
/** enum IFLA_*: the attributes a LinkRecord is made of. */
const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_MASTER = 10;
const IFLA_LINKINFO = 18;
const IFLA_AF_SPEC = 26;
/** struct ifaddrmsg: family, prefixlen, flags, scope (u8 each), ifa_index (u32); attributes from 8. */
const IFADDRMSG_LENGTH = 8;
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
/** struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags (u32); attributes from 12. */
const RTMSG_LENGTH = 12;
const RTN_UNICAST = 1;
const RTA_DST = 1;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PREFSRC = 7;
const RTA_TABLE = 15;

function formatHardwareAddress(bytes: Buffer): string {
  if (bytes.length === 0) return '';
  if (bytes.length === 6) return formatMac(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

function tooShort(what: string, length: number, need: number): RangeError {
  return new RangeError(`malformed ${what}: ${length} bytes, the header alone is ${need}`);
}

/** The payload of an RTM_NEWLINK message. */
export function decodeLinkRecord(data: Buffer): LinkRecord {
  if (data.length < IFINFOMSG_LENGTH) throw tooShort('RTM_NEWLINK', data.length, IFINFOMSG_LENGTH);
  const record: LinkRecord = {
    index: readS32(data, 4),
    name: '',
    kind: 'device',
    mac: '',
    mtu: 0,
    up: (readU32(data, 8) & IFF_UP) !== 0,
    masterIndex: null,
  };
  let linkinfo: Buffer | undefined;
  let afSpec: Buffer | undefined;
  forEachAttribute(data, IFINFOMSG_LENGTH, (type, start, end) => {
    if (type === IFLA_ADDRESS) record.mac = formatHardwareAddress(data.subarray(start, end));
    else if (type === IFLA_IFNAME) record.name = readCString(data.subarray(start, end));
    else if (type === IFLA_MTU) record.mtu = readU32(data, start);
    else if (type === IFLA_MASTER) record.masterIndex = readU32(data, start) || null;
    else if (type === IFLA_LINKINFO) linkinfo = data.subarray(start, end);
    else if (type === IFLA_AF_SPEC) afSpec = data.subarray(start, end);
  });
  const info = linkinfo === undefined ? {} : decodeLinkInfo(linkinfo);
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
  if (afSpec !== undefined) {
    const afInet = findAttribute(afSpec, 0, AF_INET);
    const routeLocalnet = afInet === undefined ? undefined : readInetConf(afInet, IPV4_DEVCONF_ROUTE_LOCALNET);
    if (routeLocalnet !== undefined) record.routeLocalnet = routeLocalnet !== 0;
  }
  return record;
}

/** The payload of an RTM_NEWADDR message; null for families other than IPv4/IPv6. */
export function decodeAddressRecord(data: Buffer): AddressRecord | null {
  if (data.length < IFADDRMSG_LENGTH) throw tooShort('RTM_NEWADDR', data.length, IFADDRMSG_LENGTH);
  const family = familyOf(data[0]);
  let local: Buffer | undefined;
  let address: Buffer | undefined;
  forEachAttribute(data, IFADDRMSG_LENGTH, (type, start, end) => {
    if (type === IFA_LOCAL) local = data.subarray(start, end);
    else if (type === IFA_ADDRESS) address = data.subarray(start, end);
  });
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links (if_addr.h).
  const bytes = local ?? address;
  if (family === null || bytes === undefined) return null;
  const scope = data[3] === RT_SCOPE_HOST ? 'host' : data[3] === RT_SCOPE_LINK ? 'link' : 'global';
  return {
    linkIndex: readU32(data, 4),
    address: { family, address: formatIp(ipFromBytes(bytes)), prefixLength: data[1]!, scope },
  };
}

/** The payload of an RTM_NEWROUTE message; null for other families and non-unicast routes (local, broadcast, blackhole…). */
export function decodeRouteRecord(data: Buffer): RouteRecord | null {
  if (data.length < RTMSG_LENGTH) throw tooShort('RTM_NEWROUTE', data.length, RTMSG_LENGTH);
  const family = familyOf(data[0]);
  if (family === null || data[7] !== RTN_UNICAST) return null;
  const dstLen = data[1]!;
  const route: RouteRecord = { family, destination: null, gateway: null, table: data[4]!, outputIndex: null };
  forEachAttribute(data, RTMSG_LENGTH, (type, start, end) => {
    const ip = (): string => formatIp(ipFromBytes(data.subarray(start, end)));
    if (type === RTA_DST) route.destination = dstLen === 0 ? null : `${ip()}/${dstLen}`;
    else if (type === RTA_GATEWAY) route.gateway = ip();
    // RTA_TABLE holds the full 32-bit id; rtm_table only the low 8 bits.
    else if (type === RTA_TABLE) route.table = readU32(data, start);
    else if (type === RTA_OIF) route.outputIndex = readU32(data, start);
    else if (type === RTA_PREFSRC) route.source = ip();
  });
  const scope = data[6];
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
