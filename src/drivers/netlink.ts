/**
 * NetlinkDriver: a typed rtnetlink facade, bound to one network namespace.
 * Messages are built and parsed with the `netlink` package (0.3.0)'s codecs;
 * requests travel through the addon (native/virtnet.c, "rtnetlink transport").
 *
 * What it adds to the package, and why:
 * - a synchronous transport: the kernel makes an rtnetlink change, and queues
 *   its ack or dump, inside sendmsg(), so the addon reads the reply back in
 *   the same call. The package's socket waited for the event loop instead:
 *   one loop turn per request, more than the kernel's own work for most
 *   (bench/bridge-setup.ts), and its native poll handler aborts the process
 *   when the receive buffer overflows. Requests thus run one at a time, in
 *   call order, and a dump can never interleave with another reply. Changes
 *   serialise on the kernel's RTNL lock anyway, so concurrent callers lose
 *   nothing by it.
 * - errno: every failure is a NetlinkError with the errno number, the link
 *   name, and the kernel's own explanation when it gives one (extended ack).
 * - flags: the package adds no NLM_F_CREATE/NLM_F_EXCL by itself; creations
 *   set both, so an existing link is reported (EEXIST), never modified.
 * - retries of transient failures (EINTR, EBUSY, EAGAIN, NLM_F_DUMP_INTR: a
 *   dump that raced with a change) with a short backoff.
 * - attributes the package cannot express: IFLA_LINKINFO, IFLA_PROTINFO with
 *   NLA_F_NESTED, IFLA_AF_SPEC (src/drivers/linkinfo.ts).
 *
 * The socket is created inside NetnsHandle.run(), so it talks to that
 * namespace for its whole life, whatever thread or namespace later uses it.
 */
import { randomFillSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { constants as osConstants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import {
  AttrStream,
  Flags,
  FlagsGet,
  FlagsNew,
  MessageType as NetlinkMessageType,
  Protocol,
  formatMessage,
  parseError,
  parseMessages,
  rt,
  type NetlinkMessage,
  type ifla,
} from 'netlink';
import { native } from '../../native/index.js';
import { NetlinkError, errMessage, type ErrorContext } from '../core/errors.js';
import { formatMac, ipToBytes, macToBytes, parseCidr, parseIp } from '../core/ip.js';
import type { IpAddress, IpFamily, PlaceholderKind, Route } from '../core/net-state.js';
import {
  AF_BRIDGE,
  AF_INET,
  IPV4_DEVCONF_ROUTE_LOCALNET,
  encodeBridgePortProtinfo,
  encodeInetConf,
  encodeLinkInfo,
  findAttribute,
  readCString,
  readS32,
  readU32,
  u32,
} from './linkinfo.js';
import type { NetnsHandle } from './netns.js';
import {
  RT_TABLE_MAIN,
  addressFamilyOf,
  routeScopeNumber,
  scopeNumber,
  decodeAddressRecord,
  decodeLinkRecord,
  decodeRouteRecord,
  type AddressRecord,
  type LinkRecord,
  type RouteRecord,
} from './read-state.js';

export interface NetlinkDriverOptions {
  /** SO_RCVBUF in bytes (capped by net.core.rmem_max). Default 1 MiB. */
  recvBufferSize?: number;
  /** A request the kernel has not answered after this long fails with ETIMEDOUT. Default 30 s. */
  timeoutMs?: number;
}

/** A link by name or by ifindex. */
export type LinkRef = string | number;

const E = osConstants.errno;
/** Errors worth the same request again a moment later. */
const TRANSIENT_ERRNOS: ReadonlySet<number> = new Set([E.EINTR, E.EBUSY, E.EAGAIN]);
const RETRY_DELAYS_MS = [5, 20, 80];
/** include/uapi/linux/rtnetlink.h: RTEXT_FILTER_SKIP_STATS, links without their SR-IOV VFs' stats (a PF can have hundreds). */
const RTEXT_FILTER_SKIP_STATS = 1 << 3;

/** Numeric errno of an error (the addon's, or one made here); undefined when it has none. */
export function errnoOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null) {
    const errno = (err as { errno?: unknown }).errno;
    if (typeof errno === 'number') return Math.abs(errno);
  }
  return undefined;
}

/** Changes to one link, made together by NetlinkDriver.setLinkAttributes(). */
export interface LinkAttributeChange {
  mac?: string;
  mtu?: number;
  name?: string;
  up?: boolean;
  /** The bridge to enslave to; null releases from any master. */
  master?: LinkRef | null;
  routeLocalnet?: boolean;
}

/** `set MTU 1450 on "tap0"` for one change; `change "eth0": set MAC …, rename to "eth0-nic"` for several. */
export function describeLinkChange(ref: LinkRef, change: LinkAttributeChange): string {
  const target = quote(ref);
  const parts: { listed: string; alone: string }[] = [];
  const add = (listed: string, alone: string): void => {
    parts.push({ listed, alone });
  };
  if (change.mac !== undefined) add(`set MAC ${change.mac}`, `set MAC ${change.mac} on ${target}`);
  if (change.mtu !== undefined) add(`set MTU ${change.mtu}`, `set MTU ${change.mtu} on ${target}`);
  if (change.name !== undefined) add(`rename to "${change.name}"`, `rename ${target} to "${change.name}"`);
  if (change.up !== undefined) add(`set ${change.up ? 'up' : 'down'}`, `set ${target} ${change.up ? 'up' : 'down'}`);
  if (change.master === null) add('release from its master', `release ${target} from its master`);
  else if (change.master !== undefined) add(`attach to ${quote(change.master)}`, `attach ${target} to ${quote(change.master)}`);
  if (change.routeLocalnet !== undefined) {
    const value = `route_localnet=${change.routeLocalnet ? 1 : 0}`;
    add(`set ${value}`, `set ${value} on ${target}`);
  }
  return parts.length === 1 ? parts[0]!.alone : `change ${target}: ${parts.map((p) => p.listed).join(', ')}`;
}

export interface CreateLinkOptions {
  /** Default: a random locally administered MAC. */
  mac?: string | undefined;
  mtu?: number | undefined;
  /** Made up at once (IFF_UP in the RTM_NEWLINK). */
  up?: boolean | undefined;
}

/** What a creation reports: the new link's index, its name and the MAC it was made with. */
export interface CreatedLink {
  index: number;
  name: string;
  mac: string;
}

/** struct ifinfomsg (include/uapi/linux/rtnetlink.h): 16 bytes, ifi_index at offset 4. */
const IFINFOMSG_LENGTH = 16;
const IFI_INDEX_OFFSET = 4;

/** A unicast, locally administered MAC, as the kernel picks for a link made without one (eth_random_addr). */
export function randomLocalMac(): string {
  // randomFillSync: randomBytes() runs several times as much JavaScript for the same six bytes.
  const bytes = randomFillSync(new Uint8Array(6));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return formatMac(bytes);
}

/** `EEXIST (file already exists)`, or `errno 4242` for numbers libuv does not know. */
export function describeErrno(errno: number): string {
  // libuv names 95 after its socket meaning (ENOTSUP); for links the kernel means EOPNOTSUPP.
  if (errno === E.EOPNOTSUPP) return 'EOPNOTSUPP (operation not supported)';
  const entry = getSystemErrorMap().get(-errno);
  return entry === undefined ? `errno ${errno}` : `${entry[0]} (${entry[1]})`;
}

/** include/uapi/linux/netlink.h: NLM_F_CAPPED, NLM_F_ACK_TLVS, NLMSGERR_ATTR_MSG. */
const NLM_F_CAPPED = 0x100;
const NLM_F_ACK_TLVS = 0x200;
const NLMSGERR_ATTR_MSG = 1;
/** struct nlmsgerr: the error (s32), then the request's header (16 bytes), then its payload unless capped. */
const NLMSGERR_HEADER_END = 4 + 16;

/**
 * `detail` and, when the kernel explained the error (NETLINK_EXT_ACK), its
 * text: `EOPNOTSUPP (operation not supported): Unknown device type`.
 */
export function withKernelReason(detail: string, error: NetlinkMessage): string {
  if ((error.flags & NLM_F_ACK_TLVS) === 0 || error.data.length < NLMSGERR_HEADER_END) return detail;
  const echoed = (error.flags & NLM_F_CAPPED) !== 0 ? 16 : readU32(error.data, 4);
  let message: Buffer | undefined;
  try {
    message = findAttribute(error.data, 4 + echoed, NLMSGERR_ATTR_MSG);
  } catch {
    return detail; // a malformed TLV area: the errno alone still says what failed
  }
  const reason = message === undefined ? '' : readCString(message);
  return reason === '' ? detail : `${detail}: ${reason}`;
}

function errnoError(errno: number, detail: string): Error & { errno: number } {
  return Object.assign(new Error(detail), { errno });
}

interface Request {
  /** Operation name for errors: `RTM_NEWLINK`. */
  op: string;
  /** What was attempted, for the message: `create bridge "k6t-eth0"`. */
  what: string;
  iface?: string;
  type: number;
  payload: Uint8Array[];
  flags: number;
  /** false: transient errors fail at once, for a caller that handles them itself. Default true. */
  retry?: boolean;
}

export class NetlinkDriver {
  readonly #fd: number;
  readonly #timeoutMs: number;
  #seq = 0;
  #closed = false;

  private constructor(fd: number, opts: NetlinkDriverOptions) {
    this.#fd = fd;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** A driver whose socket lives in `ns`. */
  static open(ns: NetnsHandle, opts: NetlinkDriverOptions = {}): NetlinkDriver {
    const recvBufferSize = opts.recvBufferSize ?? 1 << 20;
    const fd = ns.run(() => native.openNetlinkSocket(Protocol.ROUTE, recvBufferSize));
    return new NetlinkDriver(fd, opts);
  }

  /** Close the socket; later requests fail. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    native.closeFd(this.#fd);
  }

  // -------------------------------------------------------------------------------------------
  // Links

  async listLinks(): Promise<LinkRecord[]> {
    const replies = await this.#request({
      op: 'RTM_GETLINK',
      what: 'list links',
      type: rt.MessageType.GETLINK,
      payload: constantPayload('links', () => linkMessage({}, { extMask: u32(RTEXT_FILTER_SKIP_STATS) })),
      flags: FlagsGet.DUMP,
    });
    return replies.filter(isLinkMessage).map((m) => decodeLinkRecord(m.data));
  }

  /** The link, or null when there is none by that name or index. */
  async getLink(ref: LinkRef): Promise<LinkRecord | null> {
    try {
      const replies = await this.#request({
        op: 'RTM_GETLINK',
        what: `get link ${quote(ref)}`,
        iface: ifaceOf(ref),
        type: rt.MessageType.GETLINK,
        payload: linkMessage(...selectLink(ref, { extMask: u32(RTEXT_FILTER_SKIP_STATS) })),
        flags: 0,
      });
      const link = replies.find(isLinkMessage);
      return link === undefined ? null : decodeLinkRecord(link.data);
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === E.ENODEV) return null;
      throw err;
    }
  }

  /**
   * A new bridge; EEXIST when the name is taken. It is made with its MAC (a
   * random locally administered one unless given), so the bridge keeps it when
   * ports join: left to the kernel, a bridge takes the lowest MAC among its
   * ports (net/bridge/br_stp_if.c `br_stp_recalculate_bridge_id`) unless its
   * address was set (NET_ADDR_SET). Likewise the MTU is set after creation,
   * through ndo_change_mtu, so ports joining do not lower it (br_if.c
   * `br_mtu_auto_adjust`); one equal to the kernel's default (1500) is a
   * no-op for the kernel and so stays automatic.
   */
  async createBridge(name: string, opts: CreateLinkOptions = {}): Promise<CreatedLink> {
    const created = await this.#createLink(name, 'bridge', { mac: opts.mac, up: opts.up });
    if (opts.mtu !== undefined) await this.setMtu(created.index, opts.mtu);
    return created;
  }

  /**
   * A new placeholder link. Kernels without the type (CONFIG_DUMMY off) answer
   * EOPNOTSUPP ("Unknown device type"), which callers use to fall back to `ifb`.
   */
  async createLink(name: string, kind: PlaceholderKind, opts: CreateLinkOptions = {}): Promise<CreatedLink> {
    return this.#createLink(name, kind, opts);
  }

  /**
   * Delete a link (a veth takes its peer with it). Returns false when there was
   * none: the link being gone is the goal, so ENODEV is success, not an error
   * (a re-run after a crash may find it already deleted).
   */
  async deleteLink(ref: LinkRef): Promise<boolean> {
    try {
      await this.#request({
        op: 'RTM_DELLINK',
        what: `delete link ${quote(ref)}`,
        iface: ifaceOf(ref),
        type: rt.MessageType.DELLINK,
        payload: linkMessage(...selectLink(ref)),
        flags: 0,
      });
      return true;
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === E.ENODEV) return false;
      throw err;
    }
  }

  async setName(ref: LinkRef, name: string): Promise<void> {
    await this.setLinkAttributes(ref, { name });
  }

  async setMac(ref: LinkRef, mac: string): Promise<void> {
    await this.setLinkAttributes(ref, { mac });
  }

  async setMtu(ref: LinkRef, mtu: number): Promise<void> {
    await this.setLinkAttributes(ref, { mtu });
  }

  /** Enslave to `master` (a bridge), or release from any master with null. */
  async setMaster(ref: LinkRef, master: LinkRef | null): Promise<void> {
    await this.setLinkAttributes(ref, { master });
  }

  async setUp(ref: LinkRef, up: boolean): Promise<void> {
    await this.setLinkAttributes(ref, { up });
  }

  /**
   * Several changes to one link in one RTM_SETLINK. The kernel applies them
   * in a fixed order, whatever order they are given in (net/core/rtnetlink.c
   * `do_setlink`): MAC, MTU, name, up/down, master, route_localnet. So a link that must be
   * down for a MAC or name change is set down by an earlier request, never in
   * the same one. Not atomic: on an error, the changes before it stay made.
   */
  async setLinkAttributes(ref: LinkRef, change: LinkAttributeChange, opts: { retry?: boolean } = {}): Promise<void> {
    const what = describeLinkChange(ref, change);
    const attrs: ifla.LinkAttrs = {};
    if (change.mac !== undefined) attrs.address = Buffer.from(macToBytes(change.mac));
    if (change.mtu !== undefined) attrs.mtu = change.mtu;
    if (change.master !== undefined) attrs.master = change.master === null ? 0 : await this.#indexOf(change.master, what);
    // IFLA_IFNAME carries the new name here, so the link must be selected by index.
    const [data, selector] = change.name === undefined ? selectLink(ref) : [{ index: await this.#indexOf(ref, what) }, { ifname: change.name }];
    if (change.up !== undefined) Object.assign(data, { flags: change.up ? { up: true } : {}, change: { up: true } });
    if (change.routeLocalnet !== undefined) {
      attrs.afSpec = new Map([[AF_INET, encodeInetConf(new Map([[IPV4_DEVCONF_ROUTE_LOCALNET, change.routeLocalnet ? 1 : 0]]))]]);
    }
    await this.#request({
      op: 'RTM_SETLINK',
      what,
      iface: ifaceOf(ref),
      type: rt.MessageType.SETLINK,
      payload: linkMessage(data, { ...selector, ...attrs }),
      flags: 0,
      retry: opts.retry ?? true,
    });
  }

  /** IFLA_BRPORT_LEARNING of a bridge port, through the bridge (RTM_SETLINK, family AF_BRIDGE). */
  async setBridgePortLearning(ref: LinkRef, learning: boolean): Promise<void> {
    const what = `turn learning ${learning ? 'on' : 'off'} on bridge port ${quote(ref)}`;
    // rtnl_bridge_setlink finds the port by ifi_index only.
    const index = await this.#indexOf(ref, what);
    await this.#request({
      op: 'RTM_SETLINK',
      what,
      iface: ifaceOf(ref),
      type: rt.MessageType.SETLINK,
      payload: [rt.formatLink({ family: AF_BRIDGE, index }), encodeBridgePortProtinfo({ learning })],
      flags: 0,
    });
  }

  /** `net/ipv4/conf/<link>/route_localnet`, set through IFLA_AF_SPEC so no /proc path is involved. */
  async setRouteLocalnet(ref: LinkRef, enabled: boolean): Promise<void> {
    await this.setLinkAttributes(ref, { routeLocalnet: enabled });
  }

  // -------------------------------------------------------------------------------------------
  // Addresses

  /** All addresses, or those of one link (filtered by the kernel under strict checking, and here). */
  async listAddresses(ref?: LinkRef): Promise<AddressRecord[]> {
    const index = ref === undefined ? undefined : await this.#indexOf(ref, `list addresses of ${quote(ref)}`);
    const encode = (): Uint8Array[] => {
      const out = new AttrStream();
      rt.formatAddressMessage({ kind: 'address', data: index === undefined ? {} : { index }, attrs: {} }, out);
      return out.bufs;
    };
    const replies = await this.#request({
      op: 'RTM_GETADDR',
      what: ref === undefined ? 'list addresses' : `list addresses of ${quote(ref)}`,
      iface: ref === undefined ? undefined : ifaceOf(ref),
      type: rt.MessageType.GETADDR,
      payload: index === undefined ? constantPayload('addresses', encode) : encode(),
      flags: FlagsGet.DUMP,
    });
    return replies
      .filter((m) => m.type === rt.MessageType.NEWADDR)
      .map((m) => decodeAddressRecord(m.data))
      .filter((a): a is AddressRecord => a !== null && (index === undefined || a.linkIndex === index));
  }

  /** Add an address; fine when that exact address and prefix is already there, EEXIST otherwise. */
  async addAddress(ref: LinkRef, address: IpAddress): Promise<void> {
    const what = `add address "${cidrOf(address)}" to ${quote(ref)}`;
    const index = await this.#indexOf(ref, what);
    try {
      await this.#addressRequest('RTM_NEWADDR', rt.MessageType.NEWADDR, FlagsNew.CREATE | FlagsNew.EXCL, what, ref, index, address);
    } catch (err) {
      if (!(err instanceof NetlinkError && err.errno === E.EEXIST)) throw err;
      const present = await this.listAddresses(index);
      if (!present.some((a) => sameAddress(a.address, address))) throw err;
    }
  }

  /** Delete an address; false when the link did not carry it. */
  async deleteAddress(ref: LinkRef, address: IpAddress): Promise<boolean> {
    const what = `delete address "${cidrOf(address)}" from ${quote(ref)}`;
    const index = await this.#indexOf(ref, what);
    try {
      await this.#addressRequest('RTM_DELADDR', rt.MessageType.DELADDR, 0, what, ref, index, address);
      return true;
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === E.EADDRNOTAVAIL) return false;
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  /**
   * Unicast routes of one table (main unless given), for one family or for
   * both in one dump (AF_UNSPEC). The kernel filters by table and type under
   * strict checking, so the local table's many routes are neither sent nor
   * parsed; the same filter is applied here for kernels without it.
   */
  async listRoutes(opts: { family?: IpFamily; table?: number } = {}): Promise<RouteRecord[]> {
    const table = opts.table ?? RT_TABLE_MAIN;
    const payload = constantPayload(`routes/${opts.family ?? 'all'}/${table}`, () => {
      const out = new AttrStream();
      rt.formatRouteMessage(
        {
          kind: 'route',
          data: { family: opts.family === undefined ? 0 : addressFamilyOf(opts.family), table: Math.min(table, 0xff), type: rt.RouteType.UNICAST },
          attrs: { table },
        },
        out,
      );
      return out.bufs;
    });
    const replies = await this.#request({
      op: 'RTM_GETROUTE',
      what: `list${opts.family === undefined ? '' : ` IPv${opts.family}`} routes of table ${table}`,
      type: rt.MessageType.GETROUTE,
      payload,
      flags: FlagsGet.DUMP,
    });
    return replies
      .filter((m) => m.type === rt.MessageType.NEWROUTE)
      .map((m) => decodeRouteRecord(m.data))
      .filter((r): r is RouteRecord => r !== null && r.table === table);
  }

  /**
   * Add a route through `link` (table main unless the route names one); false
   * when an identical route is already there (EEXIST).
   */
  async addRoute(ref: LinkRef, route: Route): Promise<boolean> {
    const what = `add ${describeRoute(route)} via ${quote(ref)}`;
    const oif = await this.#indexOf(ref, what);
    const attrs: rt.RouteAttrs = { oif, table: route.table ?? RT_TABLE_MAIN };
    if (route.destination !== null) attrs.dst = Buffer.from(ipToBytes(parseCidr(route.destination)));
    if (route.gateway !== null) attrs.gateway = Buffer.from(ipToBytes(parseIp(route.gateway)));
    if (route.source !== undefined) attrs.prefsrc = Buffer.from(ipToBytes(parseIp(route.source)));
    const data: rt.Route = {
      family: addressFamilyOf(route.family),
      dstLen: route.destination === null ? 0 : parseCidr(route.destination).prefixLength,
      // rtm_table is 8 bits; RTA_TABLE carries the real id.
      table: Math.min(route.table ?? RT_TABLE_MAIN, 0xff),
      // RTPROT_BOOT, as `ip route add` sets it.
      protocol: rt.RouteProtocol.BOOT,
      scope: routeScopeNumber(route),
      type: rt.RouteType.UNICAST,
    };
    const out = new AttrStream();
    rt.formatRouteMessage({ kind: 'route', data, attrs }, out);
    try {
      await this.#request({
        op: 'RTM_NEWROUTE',
        what,
        iface: ifaceOf(ref),
        type: rt.MessageType.NEWROUTE,
        payload: out.bufs,
        flags: FlagsNew.CREATE | FlagsNew.EXCL,
      });
      return true;
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === E.EEXIST) return false;
      throw err;
    }
  }

  /**
   * Add whichever of `routes` are missing through `link`; returns how many were
   * added. Directly connected routes go first: a gateway must be reachable
   * before a route can use it (else ENETUNREACH).
   */
  async ensureRoutes(ref: LinkRef, routes: readonly Route[]): Promise<number> {
    const ordered = [...routes.filter((r) => r.gateway === null), ...routes.filter((r) => r.gateway !== null)];
    let added = 0;
    for (const route of ordered) if (await this.addRoute(ref, route)) added++;
    return added;
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  /**
   * RTM_NEWLINK with NLM_F_ECHO: the kernel (≥ 6.3) answers with the new link,
   * whose header gives its index, so the link needs no lookup afterwards (that
   * lookup and its parse cost more than the creation's own round trip). Older
   * kernels ignore the flag; the link is then looked up by name.
   */
  async #createLink(name: string, kind: 'bridge' | PlaceholderKind, opts: CreateLinkOptions): Promise<CreatedLink> {
    const mac = opts.mac ?? randomLocalMac();
    const attrs: ifla.LinkAttrs = { ifname: name, linkinfo: encodeLinkInfo(kind), address: Buffer.from(macToBytes(mac)) };
    if (opts.mtu !== undefined) attrs.mtu = opts.mtu;
    const what = `create ${kind} "${name}"`;
    const replies = await this.#request({
      op: 'RTM_NEWLINK',
      what,
      iface: name,
      type: rt.MessageType.NEWLINK,
      // IFF_UP here is applied once the link is registered (rtnl_configure_link); if it fails, the link goes too.
      payload: linkMessage(opts.up === true ? { flags: { up: true }, change: { up: true } } : {}, attrs),
      flags: FlagsNew.CREATE | FlagsNew.EXCL | Flags.ECHO,
    });
    const echoed = replies.find((m) => m.type === rt.MessageType.NEWLINK && m.data.length >= IFINFOMSG_LENGTH);
    const index = (echoed === undefined ? undefined : readS32(echoed.data, IFI_INDEX_OFFSET)) ?? (await this.getLink(name))?.index;
    if (index === undefined) {
      throw new NetlinkError('RTM_NEWLINK', `failed to ${what}: it vanished right after creation`, E.ENODEV, {
        context: { iface: name },
      });
    }
    return { index, name, mac };
  }

  async #addressRequest(
    op: string,
    type: number,
    flags: number,
    what: string,
    ref: LinkRef,
    index: number,
    address: IpAddress,
  ): Promise<void> {
    const bytes = Buffer.from(ipToBytes(parseIp(address.address)));
    const out = new AttrStream();
    rt.formatAddressMessage(
      {
        kind: 'address',
        data: { family: addressFamilyOf(address.family), prefixlen: address.prefixLength, scope: scopeNumber(address.scope), index },
        // As `ip address add` sends them: IFA_LOCAL = IFA_ADDRESS on a non point-to-point link.
        attrs: { local: bytes, address: bytes },
      },
      out,
    );
    await this.#request({ op, what, iface: ifaceOf(ref), type, payload: out.bufs, flags });
  }

  async #indexOf(ref: LinkRef, what: string): Promise<number> {
    if (typeof ref === 'number') return ref;
    const link = await this.getLink(ref);
    if (link === null) {
      throw new NetlinkError('RTM_GETLINK', `failed to ${what}: link "${ref}" not found`, E.ENODEV, { context: { iface: ref } });
    }
    return link.index;
  }

  /** Send with retries of transient errors; failures become NetlinkError. */
  async #request(req: Request): Promise<NetlinkMessage[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#exchange(req);
      } catch (err) {
        const errno = errnoOf(err);
        const delay = RETRY_DELAYS_MS[attempt];
        if (req.retry !== false && errno !== undefined && TRANSIENT_ERRNOS.has(errno) && delay !== undefined) {
          await sleep(delay);
          continue;
        }
        const context: ErrorContext = req.iface === undefined ? {} : { iface: req.iface };
        throw new NetlinkError(req.op, `failed to ${req.what}: ${errMessage(err)}`, errno, {
          cause: err,
          context,
          retryable: errno !== undefined && (TRANSIENT_ERRNOS.has(errno) || errno === E.ENOBUFS),
        });
      }
    }
  }

  /** One request and its reply's messages (NLMSG_DONE and the ack left out); rejects with an errno-carrying Error. */
  async #exchange(req: Request): Promise<NetlinkMessage[]> {
    if (this.#closed) throw new Error('the netlink driver is closed');
    this.#seq = (this.#seq % 0xffff_ffff) + 1;
    const seq = this.#seq;
    const flags = req.flags | Flags.REQUEST | Flags.ACK;
    const message = formatMessage({ type: req.type, flags, seq, port: 0, data: req.payload });
    const replies = parseMessages(native.netlinkTransact(this.#fd, message, seq, this.#timeoutMs)).filter((m) => m.seq === seq);
    const error = replies.find((m) => m.type === NetlinkMessageType.ERROR);
    if (error !== undefined) {
      const errno = -parseError(error.data, error.flags).errno;
      if (errno !== 0) throw errnoError(errno, withKernelReason(describeErrno(errno), error));
    }
    if (replies.some((m) => (m.flags & Flags.DUMP_INTR) !== 0)) {
      throw errnoError(E.EINTR, 'dump interrupted by a concurrent change (NLM_F_DUMP_INTR)');
    }
    return replies.filter((m) => m.type !== NetlinkMessageType.DONE && m.type !== NetlinkMessageType.ERROR);
  }
}

function isLinkMessage(m: NetlinkMessage): boolean {
  return m.type === rt.MessageType.NEWLINK;
}

/** Request payloads that never change (the dumps), encoded on first use: sendmsg() only reads them. */
const constantPayloads = new Map<string, Uint8Array[]>();

function constantPayload(key: string, encode: () => Uint8Array[]): Uint8Array[] {
  let payload = constantPayloads.get(key);
  if (payload === undefined) constantPayloads.set(key, (payload = encode()));
  return payload;
}

function linkMessage(data: rt.Link, attrs: ifla.LinkAttrs): Uint8Array[] {
  const out = new AttrStream();
  rt.formatLinkMessage({ kind: 'link', data, attrs }, out);
  return out.bufs;
}

/** ifi_index for an index; IFLA_IFNAME (ifi_index 0) for a name: the kernel looks either up. */
function selectLink(ref: LinkRef, attrs: ifla.LinkAttrs = {}): [rt.Link, ifla.LinkAttrs] {
  return typeof ref === 'number' ? [{ index: ref }, attrs] : [{}, { ...attrs, ifname: ref }];
}

function quote(ref: LinkRef): string {
  return typeof ref === 'number' ? `link #${ref}` : `"${ref}"`;
}

function ifaceOf(ref: LinkRef): string | undefined {
  return typeof ref === 'string' ? ref : undefined;
}

function cidrOf(address: IpAddress): string {
  return `${address.address}/${address.prefixLength}`;
}

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return (
    a.family === b.family &&
    a.prefixLength === b.prefixLength &&
    parseIp(a.address).value === parseIp(b.address).value
  );
}

function describeRoute(route: Route): string {
  const gateway = route.gateway === null ? '' : ` via ${route.gateway}`;
  return `route ${route.destination ?? 'default'}${gateway}`;
}
