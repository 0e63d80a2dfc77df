/**
 * DhcpV6Server: the I/O edge around the pure responder. It owns one UDP socket
 * bound to [::]:547 *and* to the bridge (SO_BINDTODEVICE), joined to
 * All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on it: servers on several
 * bridges of one pod coexist, each sees only its own bridge, and replies to a
 * client's link-local address leave through that bridge. As for DHCPv4 the
 * socket is made by the native addon (inside the pod netns when the caller
 * wraps `openSocket` in NetnsHandle.run) and handed to dgram with bind({ fd }).
 *
 * Nothing a client sends can stop the server: decoding and deciding are
 * wrapped per datagram, failures are counted as drops and logged.
 */

import type dgram from 'node:dgram';
import { VirtnetError, errMessage } from '../../src/core/errors.js';
import { native, type UdpSocketOptions } from '../../native/index.js';
import { closeDgramSocket, openDgramSocket, sendBounded } from '../dgram-socket.js';
import type { DhcpV6ServerConfig } from './config.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, DHCPV6_SERVER_PORT, formatDhcpV6Message } from './codec.js';
import { type DhcpV6Decision, type DhcpV6DropReason, type DhcpV6RequestKind, respondToDatagram, validateDhcpV6ServerConfig } from './responder.js';
import { countDrop, emitEvent } from '../service-events.js';

export interface DhcpV6ServerOptions {
  /** A udp6 dgram socket the caller has bound (or called bind() on); the server takes it over and closes it on stop(). */
  socket?: dgram.Socket;
  /** Returns the fd of a bound UDP socket (see dhcpV6SocketOptions); default: native.openUdpSocket in the current netns. */
  openSocket?: () => number;
  /** Receives one JSON-able event per decision and per error. */
  log?: (event: object) => void;
}

/**
 * `internal-error`: a handler threw, a bug, never a client's fault; the datagram is dropped.
 * `send-queue-full`: replies waiting to be sent reached SEND_QUEUE_LIMIT (dgram-socket.ts); the reply is dropped.
 * `reply-too-large`: the reply would not fit the link MTU (a request listing a thousand IAs asks
 *   for one); it would not be deliverable unfragmented, so it is not sent.
 */
export type DhcpV6ServerDropReason = DhcpV6DropReason | 'internal-error' | 'send-queue-full' | 'reply-too-large';

/** IPv6 (RFC 8200 §3) and UDP headers around a reply. */
const IPV6_UDP_HEADERS = 40 + 8;

export interface DhcpV6ServerStats {
  received: number;
  /** Advertise messages sent in answer to Solicit. */
  advertised: number;
  /** Reply messages, all kinds. */
  replied: number;
  /** Advertise and Reply messages, by the client message they answered. */
  answered: Partial<Record<DhcpV6RequestKind, number>>;
  dropped: Partial<Record<DhcpV6ServerDropReason, number>>;
  /** Replies the kernel refused to send. */
  sendErrors: number;
}

/** The socket a server for `config` listens on: [::]:547 bound to the bridge, IPv6 only, in ff02::1:2 there. */
export function dhcpV6SocketOptions(config: Pick<DhcpV6ServerConfig, 'bridgeName'>): UdpSocketOptions {
  return {
    family: 6,
    address: '::',
    port: DHCPV6_SERVER_PORT,
    device: config.bridgeName,
    reuseAddr: true,
    v6Only: true,
    joinGroup: ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
  };
}

export class DhcpV6Server {
  readonly config: DhcpV6ServerConfig;
  #opts: DhcpV6ServerOptions;
  #socket: dgram.Socket | undefined;
  #starting = false;
  #stats: DhcpV6ServerStats = { received: 0, advertised: 0, replied: 0, answered: {}, dropped: {}, sendErrors: 0 };

  /** Throws ValidationError when the config cannot be served (checked here, not at the first packet). */
  constructor(config: DhcpV6ServerConfig, opts: DhcpV6ServerOptions = {}) {
    validateDhcpV6ServerConfig(config);
    this.config = config;
    this.#opts = opts;
  }

  /** A snapshot of the counters. */
  get stats(): DhcpV6ServerStats {
    return { ...this.#stats, answered: { ...this.#stats.answered }, dropped: { ...this.#stats.dropped } };
  }

  /** Open (or adopt) the socket; resolves once it is listening. */
  async start(): Promise<void> {
    if (this.#socket !== undefined || this.#starting) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to start the dhcpv6 server on "${this.config.bridgeName}": it is already started`);
    }
    this.#starting = true;
    let socket: dgram.Socket;
    try {
      socket = await openDgramSocket(
        'udp6',
        { ...(this.#opts.socket ? { socket: this.#opts.socket } : {}), openSocket: this.#opts.openSocket ?? (() => native.openUdpSocket(dhcpV6SocketOptions(this.config))) },
        `dhcpv6 server on "${this.config.bridgeName}"`,
      );
    } finally {
      this.#starting = false;
    }
    this.#socket = socket;
    socket.on('message', (msg, rinfo) => this.#handle(msg, rinfo));
    socket.on('error', (err) => this.#log({ level: 'error', event: 'dhcpv6-socket-error', error: errMessage(err) }));
    this.#log({ level: 'info', event: 'dhcpv6-listening', address: socket.address() });
  }

  /** Close the socket; a no-op when not started. */
  async stop(): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#socket = undefined;
    await closeDgramSocket(socket);
    this.#log({ level: 'info', event: 'dhcpv6-stopped' });
  }

  #handle(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.#stats.received++;
    const from = `[${rinfo.address}]:${rinfo.port}`;
    let decision: DhcpV6Decision;
    let bytes: Buffer | undefined;
    try {
      decision = respondToDatagram(this.config, msg, rinfo.address);
      if (decision.action === 'reply') bytes = formatDhcpV6Message(decision.reply);
    } catch (err) {
      this.#countDrop('internal-error');
      this.#log({ level: 'error', event: 'dhcpv6-drop', reason: 'internal-error', from, error: errMessage(err) });
      return;
    }
    if (decision.action === 'drop') {
      this.#countDrop(decision.reason);
      this.#log({ level: 'debug', event: 'dhcpv6-drop', reason: decision.reason, from, detail: decision.detail });
      return;
    }
    const { reply, destination } = decision;
    if (bytes!.length > this.config.mtu - IPV6_UDP_HEADERS) {
      this.#countDrop('reply-too-large');
      this.#log({ level: 'warn', event: 'dhcpv6-drop', reason: 'reply-too-large', from, bytes: bytes!.length, mtu: this.config.mtu });
      return;
    }
    const sent = this.#socket !== undefined && sendBounded(this.#socket, bytes!, destination, (err) => {
      this.#stats.sendErrors++;
      this.#log({ level: 'error', event: 'dhcpv6-send-error', destination, error: errMessage(err) });
    });
    if (!sent) {
      this.#countDrop('send-queue-full');
      this.#log({ level: 'warn', event: 'dhcpv6-drop', reason: 'send-queue-full', from, destination });
      return;
    }
    this.#stats[decision.outcome]++;
    this.#stats.answered[decision.request] = (this.#stats.answered[decision.request] ?? 0) + 1;
    // A Decline means another host on the link uses the VM's address (RFC 8415 §18.2.8).
    const level = decision.request === 'decline' ? 'warn' : 'info';
    this.#log({ level, event: `dhcpv6-${decision.outcome}`, request: decision.request, from, transactionId: reply.transactionId, destination, detail: decision.detail });
  }

  #countDrop(reason: DhcpV6ServerDropReason): void {
    countDrop(this.#stats.dropped, reason);
  }

  #log(event: Record<string, unknown>): void {
    emitEvent(this.#opts.log, this.config.bridgeName, event);
  }
}
