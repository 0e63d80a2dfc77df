/**
 * RouterAdvertiser: the I/O edge that sends Router Advertisements on one
 * bridge (RFC 4861 §6.2) for the VM behind it. It owns one raw ICMPv6 socket
 * (native.openIcmpv6Socket) bound to the bridge, hearing only Router
 * Solicitations; packets are built and checked by the pure packet.ts, timing
 * is decided by the pure schedule.ts.
 *
 * Behaviour: an unsolicited RA to ff02::1 at start(), then after
 * min(random[Min, Max], 16 s) for the first three, random[Min, Max] after
 * that (§6.2.4). Each valid Router Solicitation is answered by a multicast RA
 * after a random 0–0.5 s, never sooner than 3 s after the previous multicast
 * RA; solicitations arriving while an answer is pending share it (§6.2.6), so
 * a solicitation flood yields at most one RA per 3 s. stop() sends a final RA
 * with router lifetime 0 when a default router was advertised (§6.2.5), so
 * the guest drops its route at once rather than when it expires.
 *
 * What the caller must guarantee: RAs must come from the bridge's link-local
 * address (§6.1.2: hosts drop others), and the kernel picks that address
 * only once it exists and has passed DAD. The kernel gives a bridge a
 * link-local address when the bridge is up *and has carrier*, which it has
 * once one port is up with carrier: in a launcher pod that is when qemu has
 * opened the tap. Until then sends fail (EADDRNOTAVAIL, ENETDOWN); they are
 * counted in `sendErrors` and the initial fast schedule continues (only
 * RAs actually sent count as the first three), and the guest's own
 * solicitations at boot are answered once the address is there. A caller that
 * wants RAs from the first moment can add the bridge's link-local itself
 * (e.g. the EUI-64 of its MAC with `nodad`).
 *
 * Privileges: a raw socket needs CAP_NET_RAW in the pod's network namespace.
 *
 * Nothing a peer sends can stop the advertiser: every message is validated
 * per RFC 4861 §6.1.1, drops are counted by reason, handler failures are
 * counted as 'internal-error'.
 */

import { VirtnetError, errMessage } from '../../src/core/errors.js';
import { native, type Icmpv6MessageHandler, type Icmpv6Socket } from '../../native/index.js';
import type { DhcpV6ServerConfig } from '../v6/config.js';
import {
  ALL_NODES_ADDRESS,
  formatRouterAdvertisement,
  parseRouterSolicitation,
  planRouterAdvertisement,
  type RouterAdvertisement,
  type RouterSolicitationDropReason,
} from './packet.js';
import { resolveRaIntervals, solicitedDelayMs, unsolicitedDelayMs, type RaIntervals } from './schedule.js';
import { countDrop, emitEvent } from '../service-events.js';

export interface RouterAdvertiserOptions {
  /**
   * Opens the socket, calling onMessage per received solicitation; default
   * native.openIcmpv6Socket(config.bridgeName, onMessage) in the current netns. To open it
   * in a pod: `(onMessage) => ns.run(() => native.openIcmpv6Socket(bridge, onMessage))`.
   */
  openSocket?: (onMessage: Icmpv6MessageHandler) => Icmpv6Socket;
  /** MaxRtrAdvInterval / MinRtrAdvInterval; defaults 600 s / 200 s. */
  intervals?: Partial<RaIntervals>;
  /** Receives one JSON-able event per decision and per error. */
  log?: (event: object) => void;
}

/** A handler threw: a bug, never a peer's fault; the message is dropped. */
export type RouterAdvertiserDropReason = RouterSolicitationDropReason | 'internal-error';

export interface RouterAdvertiserStats {
  /** Messages the socket delivered (the kernel passes Router Solicitations only). */
  received: number;
  /** Valid Router Solicitations. */
  solicitations: number;
  /** RAs sent on the timer (and the final one at stop). */
  unsolicitedSent: number;
  /** RAs sent in answer to solicitations (one may answer several). */
  solicitedSent: number;
  dropped: Partial<Record<RouterAdvertiserDropReason, number>>;
  /** RAs the kernel refused to send (e.g. EADDRNOTAVAIL while the bridge has no usable link-local address). */
  sendErrors: number;
}

type SendKind = 'unsolicited' | 'solicited' | 'final';

export class RouterAdvertiser {
  readonly config: DhcpV6ServerConfig;
  readonly intervals: RaIntervals;
  /** The RA this advertiser sends. */
  readonly advertisement: RouterAdvertisement;
  #opts: RouterAdvertiserOptions;
  #bytes: Buffer;
  /** RFC 4861 §6.2.5: the last RA of a router that stops advertising says router lifetime 0. */
  #finalBytes: Buffer;
  #socket: Icmpv6Socket | undefined;
  #unsolicitedTimer: NodeJS.Timeout | undefined;
  #unsolicitedAt = 0;
  #solicitedTimer: NodeJS.Timeout | undefined;
  #lastMulticastAt: number | undefined;
  #multicastSent = 0;
  #stats: RouterAdvertiserStats = { received: 0, solicitations: 0, unsolicitedSent: 0, solicitedSent: 0, dropped: {}, sendErrors: 0 };

  /** Throws ValidationError when the config or the intervals cannot be advertised (checked here, not at the first send). */
  constructor(config: DhcpV6ServerConfig, opts: RouterAdvertiserOptions = {}) {
    this.intervals = resolveRaIntervals(opts.intervals);
    this.advertisement = planRouterAdvertisement(config, this.intervals.maxRtrAdvIntervalSeconds);
    this.config = config;
    this.#opts = opts;
    this.#bytes = formatRouterAdvertisement(this.advertisement);
    this.#finalBytes = formatRouterAdvertisement({ ...this.advertisement, routerLifetimeSeconds: 0 });
  }

  /** A snapshot of the counters. */
  get stats(): RouterAdvertiserStats {
    return { ...this.#stats, dropped: { ...this.#stats.dropped } };
  }

  /** Open the socket and send the first unsolicited RA (a failed send is counted, not thrown). */
  start(): void {
    if (this.#socket !== undefined) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to start the router advertiser on "${this.config.bridgeName}": it is already started`);
    }
    const onMessage: Icmpv6MessageHandler = (payload, source, hopLimit) => this.#handle(payload, source, hopLimit);
    try {
      this.#socket = this.#opts.openSocket ? this.#opts.openSocket(onMessage) : native.openIcmpv6Socket(this.config.bridgeName, onMessage);
    } catch (err) {
      if (err instanceof VirtnetError) throw err;
      throw new VirtnetError('VIRTNET_NATIVE', `failed to start the router advertiser on "${this.config.bridgeName}": ${errMessage(err)}`, {
        cause: err,
        context: { iface: this.config.bridgeName },
      });
    }
    this.#log({ level: 'info', event: 'ra-listening', ifindex: this.#socket.ifindex });
    this.#send('unsolicited');
  }

  /** Send a final RA (router lifetime 0) if a default router was advertised, then close; a no-op when not started. */
  stop(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    clearTimeout(this.#unsolicitedTimer);
    clearTimeout(this.#solicitedTimer);
    this.#unsolicitedTimer = this.#solicitedTimer = undefined;
    if (this.advertisement.routerLifetimeSeconds > 0) this.#send('final');
    this.#socket = undefined;
    socket.close();
    this.#log({ level: 'info', event: 'ra-stopped', stats: this.stats });
  }

  #handle(payload: Buffer, source: string, hopLimit: number): void {
    this.#stats.received++;
    try {
      const result = parseRouterSolicitation(payload, source, hopLimit);
      if (!result.ok) {
        this.#countDrop(result.reason);
        this.#log({ level: 'debug', event: 'ra-drop', reason: result.reason, from: source, detail: result.detail });
        return;
      }
      this.#stats.solicitations++;
      this.#log({ level: 'debug', event: 'ra-solicitation', from: source, sourceLinkLayerAddress: result.solicitation.sourceLinkLayerAddress });
      this.#scheduleSolicited();
    } catch (err) {
      this.#countDrop('internal-error');
      this.#log({ level: 'error', event: 'ra-drop', reason: 'internal-error', from: source, error: errMessage(err) });
    }
  }

  #scheduleSolicited(): void {
    // One pending answer serves every solicitation that arrives before it goes out (§6.2.6).
    if (this.#socket === undefined || this.#solicitedTimer !== undefined) return;
    const now = performance.now();
    const delay = solicitedDelayMs(now, this.#lastMulticastAt, Math.random());
    // An unsolicited RA due sooner answers the solicitation as well.
    if (this.#unsolicitedTimer !== undefined && this.#unsolicitedAt <= now + delay) return;
    this.#solicitedTimer = setTimeout(() => {
      this.#solicitedTimer = undefined;
      this.#send('solicited');
    }, delay);
  }

  #send(kind: SendKind): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const bytes = kind === 'final' ? this.#finalBytes : this.#bytes;
    try {
      socket.send(bytes, ALL_NODES_ADDRESS, 0);
      this.#lastMulticastAt = performance.now();
      this.#multicastSent++;
      if (kind === 'solicited') this.#stats.solicitedSent++;
      else this.#stats.unsolicitedSent++;
      this.#log({ level: 'debug', event: 'ra-sent', kind, destination: ALL_NODES_ADDRESS });
    } catch (err) {
      this.#stats.sendErrors++;
      this.#log({ level: 'warn', event: 'ra-send-error', kind, destination: ALL_NODES_ADDRESS, error: errMessage(err) });
    }
    if (kind === 'final') return;
    // §6.2.4: every multicast RA restarts the periodic timer; after a failure it retries on the same terms.
    if (this.#solicitedTimer !== undefined && kind === 'unsolicited') {
      clearTimeout(this.#solicitedTimer);
      this.#solicitedTimer = undefined;
    }
    clearTimeout(this.#unsolicitedTimer);
    const delay = unsolicitedDelayMs(this.intervals, this.#multicastSent, Math.random());
    this.#unsolicitedAt = performance.now() + delay;
    this.#unsolicitedTimer = setTimeout(() => this.#send('unsolicited'), delay);
  }

  #countDrop(reason: RouterAdvertiserDropReason): void {
    countDrop(this.#stats.dropped, reason);
  }

  #log(event: Record<string, unknown>): void {
    emitEvent(this.#opts.log, this.config.bridgeName, event);
  }
}

