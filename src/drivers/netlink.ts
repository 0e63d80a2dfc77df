/**
 * NetlinkDriver: a typed rtnetlink facade over the `netlink` package (0.3.0),
 * bound to one network namespace.
 *
 * What it adds to the package, and why:
 * - errno: the package turns kernel errors into strings; requests here go out
 *   with `checkError: false` and the NLMSG_ERROR payload is read directly, so
 *   every failure is a NetlinkError with the errno number and the link name.
 * - flags: the package adds no NLM_F_CREATE/NLM_F_EXCL by itself; creations
 *   set both, so an existing link is reported (EEXIST), never modified.
 * - a cap on requests in flight (dumps run alone) plus a larger SO_RCVBUF:
 *   replies that overflow the receive buffer set POLLERR on the socket, and
 *   the package's native poll handler then aborts the whole process (a C++
 *   terminate while building the error, not catchable from JS). It can only
 *   be avoided. An 'error' listener is attached for the errors the package
 *   does report as events (a failed recvmsg): those fail the requests in
 *   flight and close this driver instead of throwing from a native callback.
 * - retries of transient failures (EINTR, EBUSY, EAGAIN, NLM_F_DUMP_INTR: a
 *   dump that raced with a change) with a short backoff.
 * - attributes the package cannot express: IFLA_LINKINFO, IFLA_PROTINFO with
 *   NLA_F_NESTED, IFLA_AF_SPEC (src/drivers/linkinfo.ts).
 *
 * The socket is created inside NetnsHandle.run(): socket() happens
 * synchronously there, so the socket talks to that namespace for its whole
 * life, whatever thread or namespace later uses it. close() it before
 * dropping it: a worker terminated with an open netlink socket can segfault.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { constants as osConstants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import {
  AttrStream,
  Flags,
  FlagsGet,
  FlagsNew,
  MessageType as NetlinkMessageType,
  createRtNetlink,
  parseError,
  rt,
  type RtNetlinkSocket,
  type ifla,
} from 'netlink';
import { NetlinkError, errMessage, type ErrorContext } from '../core/errors.js';
import { ipToBytes, macToBytes, parseCidr, parseIp } from '../core/ip.js';
import type { IpAddress, IpFamily, PlaceholderKind, Route } from '../core/net-state.js';
import { AF_BRIDGE, AF_INET, IPV4_DEVCONF_ROUTE_LOCALNET, encodeBridgePortProtinfo, encodeInetConf, encodeLinkInfo, u32 } from './linkinfo.js';
import type { NetnsHandle } from './netns.js';
import {
  RT_TABLE_MAIN,
  addressFamilyOf,
  routeScopeNumber,
  scopeNumber,
  toAddressRecord,
  toLinkRecord,
  toRouteRecord,
  type AddressRecord,
  type LinkRecord,
  type RouteRecord,
} from './read-state.js';

export interface NetlinkDriverOptions {
  /** Requests outstanding at once; more wait in a queue. Default 16. */
  maxInFlight?: number;
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
/** include/uapi/linux/rtnetlink.h: RTEXT_FILTER_SKIP_STATS, dumps without the large stats blocks. */
const RTEXT_FILTER_SKIP_STATS = 1 << 3;

/** Numeric errno of anything the package or the kernel threw; undefined when there is none. */
export function errnoOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null) {
    const errno = (err as { errno?: unknown }).errno;
    if (typeof errno === 'number') return Math.abs(errno);
  }
  const message = errMessage(err);
  // The package's own rendering of an NLMSG_ERROR (netlink.js `checkError`).
  const rejected = /Request rejected: (E[A-Z0-9]+)/.exec(message);
  if (rejected?.[1] !== undefined) {
    const code = rejected[1] as keyof typeof E;
    if (typeof E[code] === 'number') return E[code];
  }
  if (message.includes('Timeout has been reached')) return E.ETIMEDOUT;
  return undefined;
}

/** `EEXIST (file already exists)`, or `errno 4242` for numbers libuv does not know. */
export function describeErrno(errno: number): string {
  // libuv names 95 after its socket meaning (ENOTSUP); for links the kernel means EOPNOTSUPP.
  if (errno === E.EOPNOTSUPP) return 'EOPNOTSUPP (operation not supported)';
  const entry = getSystemErrorMap().get(-errno);
  return entry === undefined ? `errno ${errno}` : `${entry[0]} (${entry[1]})`;
}

function errnoError(errno: number, detail: string): Error & { errno: number } {
  return Object.assign(new Error(detail), { errno });
}

/**
 * Admission to the socket, FIFO. Plain requests share it up to a cap; a dump
 * takes it alone: the package keeps one multipart message per socket, so a
 * reply arriving between two parts of a dump (or a second dump) corrupts it
 * ("Multipart message not terminated properly").
 */
class RequestGate {
  readonly #max: number;
  #active = 0;
  #exclusive = false;
  readonly #queue: { exclusive: boolean; admit: () => void }[] = [];

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  async acquire(exclusive: boolean): Promise<void> {
    if (this.#queue.length === 0 && this.#canAdmit(exclusive)) {
      this.#admit(exclusive);
      return;
    }
    await new Promise<void>((admit) => this.#queue.push({ exclusive, admit }));
  }

  release(): void {
    this.#active--;
    this.#exclusive = false;
    for (let next = this.#queue[0]; next !== undefined && this.#canAdmit(next.exclusive); next = this.#queue[0]) {
      this.#queue.shift();
      this.#admit(next.exclusive);
      next.admit();
    }
  }

  #canAdmit(exclusive: boolean): boolean {
    return exclusive ? this.#active === 0 : !this.#exclusive && this.#active < this.#max;
  }

  #admit(exclusive: boolean): void {
    this.#active++;
    this.#exclusive = exclusive;
  }
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
}

export class NetlinkDriver {
  readonly #socket: RtNetlinkSocket;
  readonly #gate: RequestGate;
  readonly #timeoutMs: number;
  /** Rejecters of the requests in flight, to fail them all when the socket breaks. */
  readonly #inFlight = new Set<(err: unknown) => void>();
  #broken: Error | undefined;
  #closed = false;

  private constructor(socket: RtNetlinkSocket, opts: NetlinkDriverOptions) {
    this.#socket = socket;
    this.#gate = new RequestGate(opts.maxInFlight ?? 16);
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    socket.socket.on('error', (err) => this.#fail(err));
  }

  /** A driver whose socket lives in `ns`. */
  static open(ns: NetnsHandle, opts: NetlinkDriverOptions = {}): NetlinkDriver {
    const recvBufferSize = opts.recvBufferSize ?? 1 << 20;
    const socket = ns.run(() => createRtNetlink({ recvBufferSize, sendBufferSize: 1 << 18 }));
    return new NetlinkDriver(socket, opts);
  }

  /** Close the socket; requests still in flight fail. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectInFlight(new Error('the netlink driver was closed'));
    this.#socket.socket.close();
  }

  // -------------------------------------------------------------------------------------------
  // Links

  async listLinks(): Promise<LinkRecord[]> {
    const replies = await this.#request({
      op: 'RTM_GETLINK',
      what: 'list links',
      type: rt.MessageType.GETLINK,
      payload: linkMessage({}, { extMask: u32(RTEXT_FILTER_SKIP_STATS) }),
      flags: FlagsGet.DUMP,
    });
    return replies.filter(isLinkMessage).map(toLinkRecord);
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
      return link === undefined ? null : toLinkRecord(link);
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === E.ENODEV) return null;
      throw err;
    }
  }

  /**
   * A new bridge; EEXIST when the name is taken. Its MAC and MTU are set
   * explicitly after creation, so the bridge keeps them when ports join: left
   * to the kernel, a bridge takes the lowest MAC among its ports
   * (net/bridge/br_stp_if.c `br_stp_recalculate_bridge_id`) and the lowest port
   * MTU (br_if.c `br_mtu_auto_adjust`) unless userspace set them. An MTU equal
   * to the kernel's default (1500) is a no-op for the kernel and so stays automatic.
   */
  async createBridge(name: string, opts: { mac?: string; mtu?: number } = {}): Promise<LinkRecord> {
    const created = await this.#createLink(name, 'bridge', opts.mac === undefined ? {} : { mac: opts.mac });
    if (opts.mac === undefined) await this.setMac(name, created.mac);
    if (opts.mtu === undefined || opts.mtu === created.mtu) return created;
    await this.setMtu(name, opts.mtu);
    return { ...created, mtu: opts.mtu };
  }

  /**
   * A new placeholder link. Kernels without the type (CONFIG_DUMMY off) answer
   * EOPNOTSUPP ("Unknown device type"), which callers use to fall back to `ifb`.
   */
  async createLink(name: string, kind: PlaceholderKind, opts: { mac?: string; mtu?: number } = {}): Promise<LinkRecord> {
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
    // IFLA_IFNAME carries the new name here, so the link must be selected by index.
    const index = await this.#indexOf(ref, `rename ${quote(ref)} to "${name}"`);
    await this.#setLink(ref, `rename ${quote(ref)} to "${name}"`, { index }, { ifname: name });
  }

  async setMac(ref: LinkRef, mac: string): Promise<void> {
    await this.#setLinkAttrs(ref, `set MAC ${mac} on ${quote(ref)}`, { address: Buffer.from(macToBytes(mac)) });
  }

  async setMtu(ref: LinkRef, mtu: number): Promise<void> {
    await this.#setLinkAttrs(ref, `set MTU ${mtu} on ${quote(ref)}`, { mtu });
  }

  /** Enslave to `master` (a bridge), or release from any master with null. */
  async setMaster(ref: LinkRef, master: LinkRef | null): Promise<void> {
    const what = master === null ? `release ${quote(ref)} from its master` : `attach ${quote(ref)} to ${quote(master)}`;
    const masterIndex = master === null ? 0 : await this.#indexOf(master, what);
    await this.#setLinkAttrs(ref, what, { master: masterIndex });
  }

  async setUp(ref: LinkRef, up: boolean): Promise<void> {
    const [data, attrs] = selectLink(ref);
    await this.#setLink(ref, `set ${quote(ref)} ${up ? 'up' : 'down'}`, { ...data, flags: up ? { up: true } : {}, change: { up: true } }, attrs);
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
    const afSpec = new Map([[AF_INET, encodeInetConf(new Map([[IPV4_DEVCONF_ROUTE_LOCALNET, enabled ? 1 : 0]]))]]);
    await this.#setLinkAttrs(ref, `set route_localnet=${enabled ? 1 : 0} on ${quote(ref)}`, { afSpec });
  }

  // -------------------------------------------------------------------------------------------
  // Addresses

  /** All addresses, or those of one link. */
  async listAddresses(ref?: LinkRef): Promise<AddressRecord[]> {
    const index = ref === undefined ? undefined : await this.#indexOf(ref, `list addresses of ${quote(ref)}`);
    const out = new AttrStream();
    rt.formatAddressMessage({ kind: 'address', data: {}, attrs: {} }, out);
    const replies = await this.#request({
      op: 'RTM_GETADDR',
      what: ref === undefined ? 'list addresses' : `list addresses of ${quote(ref)}`,
      iface: ref === undefined ? undefined : ifaceOf(ref),
      type: rt.MessageType.GETADDR,
      payload: out.bufs,
      flags: FlagsGet.DUMP,
    });
    return replies
      .filter((m): m is rt.AddressMessage => m.kind === 'address')
      .map(toAddressRecord)
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

  /** Unicast routes of every table, for one family, or for both in one dump (AF_UNSPEC) when none is given. */
  async listRoutes(family?: IpFamily): Promise<RouteRecord[]> {
    const out = new AttrStream();
    rt.formatRouteMessage({ kind: 'route', data: { family: family === undefined ? 0 : addressFamilyOf(family) }, attrs: {} }, out);
    const replies = await this.#request({
      op: 'RTM_GETROUTE',
      what: family === undefined ? 'list routes' : `list IPv${family} routes`,
      type: rt.MessageType.GETROUTE,
      payload: out.bufs,
      flags: FlagsGet.DUMP,
    });
    return replies
      .filter((m): m is rt.RouteMessage => m.kind === 'route')
      .map(toRouteRecord)
      .filter((r): r is RouteRecord => r !== null);
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

  async #createLink(name: string, kind: 'bridge' | PlaceholderKind, opts: { mac?: string; mtu?: number }): Promise<LinkRecord> {
    const attrs: ifla.LinkAttrs = { ifname: name, linkinfo: encodeLinkInfo(kind) };
    if (opts.mac !== undefined) attrs.address = Buffer.from(macToBytes(opts.mac));
    if (opts.mtu !== undefined) attrs.mtu = opts.mtu;
    const what = `create ${kind} "${name}"`;
    await this.#request({
      op: 'RTM_NEWLINK',
      what,
      iface: name,
      type: rt.MessageType.NEWLINK,
      payload: linkMessage({}, attrs),
      flags: FlagsNew.CREATE | FlagsNew.EXCL,
    });
    const link = await this.getLink(name);
    if (link === null) {
      throw new NetlinkError('RTM_NEWLINK', `failed to ${what}: it vanished right after creation`, E.ENODEV, {
        context: { iface: name },
      });
    }
    return link;
  }

  async #setLinkAttrs(ref: LinkRef, what: string, attrs: ifla.LinkAttrs): Promise<void> {
    const [data, selector] = selectLink(ref);
    await this.#setLink(ref, what, data, { ...selector, ...attrs });
  }

  async #setLink(ref: LinkRef, what: string, data: rt.Link, attrs: ifla.LinkAttrs): Promise<void> {
    await this.#request({
      op: 'RTM_SETLINK',
      what,
      iface: ifaceOf(ref),
      type: rt.MessageType.SETLINK,
      payload: linkMessage(data, attrs),
      flags: 0,
    });
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
  async #request(req: Request): Promise<rt.Message[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#exchange(req);
      } catch (err) {
        const errno = errnoOf(err);
        const delay = RETRY_DELAYS_MS[attempt];
        if (errno !== undefined && TRANSIENT_ERRNOS.has(errno) && delay !== undefined && this.#broken === undefined) {
          await sleep(delay);
          continue;
        }
        const context: ErrorContext = req.iface === undefined ? {} : { iface: req.iface };
        const why = errno === undefined ? errMessage(err) : describeErrno(errno);
        throw new NetlinkError(req.op, `failed to ${req.what}: ${why}`, errno, {
          cause: err,
          context,
          retryable: errno !== undefined && (TRANSIENT_ERRNOS.has(errno) || errno === E.ENOBUFS),
        });
      }
    }
  }

  /** One request/response under the in-flight cap; rejects with an errno-carrying Error. */
  async #exchange(req: Request): Promise<rt.Message[]> {
    await this.#gate.acquire((req.flags & FlagsGet.DUMP) === FlagsGet.DUMP);
    try {
      if (this.#closed) throw new Error('the netlink driver is closed');
      if (this.#broken) throw this.#broken;
      const [messages] = await new Promise<Awaited<ReturnType<RtNetlinkSocket['socket']['request']>>>((resolve, reject) => {
        this.#inFlight.add(reject);
        this.#socket.socket
          .request(req.type, req.payload, { flags: req.flags, checkError: false, timeout: this.#timeoutMs })
          .then(resolve, reject)
          .finally(() => this.#inFlight.delete(reject));
      });
      const first = messages[0];
      if (first !== undefined && first.type === NetlinkMessageType.ERROR) {
        const errno = -parseError(first.data, first.flags).errno;
        if (errno !== 0) throw errnoError(errno, describeErrno(errno));
        return [];
      }
      if (messages.some((m) => (m.flags & Flags.DUMP_INTR) !== 0)) {
        throw errnoError(E.EINTR, 'dump interrupted by a concurrent change (NLM_F_DUMP_INTR)');
      }
      return messages
        .filter((m) => m.type !== NetlinkMessageType.DONE && m.type !== NetlinkMessageType.ERROR)
        .map((m) => rt.parseMessage(m.type, m.data));
    } finally {
      this.#gate.release();
    }
  }

  /** The socket reported an error (replies may be lost): fail everything, accept nothing more. */
  #fail(err: Error): void {
    this.#broken = err;
    this.#rejectInFlight(err);
    if (!this.#closed) {
      this.#closed = true;
      this.#socket.socket.close();
    }
  }

  #rejectInFlight(err: unknown): void {
    for (const reject of this.#inFlight) reject(err);
    this.#inFlight.clear();
  }
}

function isLinkMessage(m: rt.Message): m is rt.LinkMessage {
  return m.kind === 'link';
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
