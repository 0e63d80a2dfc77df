/**
 * DhcpV4Server: the I/O edge around the pure responder. It owns one UDP socket
 * bound to 0.0.0.0:67 *and* to the bridge (SO_BINDTODEVICE), so servers on
 * several bridges of one pod coexist and each sees only its own bridge, and
 * broadcast replies leave through that bridge whatever the routing table says.
 * Node's dgram cannot set SO_BINDTODEVICE, so the socket is made by the native
 * addon (inside the pod netns when the caller wraps `openSocket` in
 * NetnsHandle.run) and handed to dgram with bind({ fd }).
 *
 * Nothing a client sends can stop the server: decoding and deciding are
 * wrapped per datagram, failures are counted as drops and logged.
 */

import dgram from 'node:dgram';
import { VirtnetError, errMessage } from '../../src/core/errors.js';
import { native, type UdpSocketOptions } from '../../native/index.js';
import { closeDgramSocket, openDgramSocket, sendBounded } from '../dgram-socket.js';
import type { DhcpV4ServerConfig } from './config.js';
import { DHCP_SERVER_PORT, chaddrToMac, formatDhcpV4Packet } from './codec.js';
import { type DhcpV4Decision, type DhcpV4DropReason, respondToDatagram, validateDhcpV4ServerConfig } from './responder.js';
import { countDrop, emitEvent } from '../service-events.js';

export interface DhcpV4ServerOptions {
  /** A dgram socket the caller has bound (or called bind() on); the server takes it over and closes it on stop(). */
  socket?: dgram.Socket;
  /** Returns the fd of a bound UDP socket (see dhcpV4SocketOptions); default: native.openUdpSocket in the current netns. */
  openSocket?: () => number;
  /** Receives one JSON-able event per decision and per error. */
  log?: (event: object) => void;
}

/**
 * `internal-error`: a handler threw, a bug, never a client's fault; the datagram is dropped.
 * `send-queue-full`: replies waiting to be sent reached SEND_QUEUE_LIMIT (dgram-socket.ts); the reply is dropped.
 */
export type DhcpV4ServerDropReason = DhcpV4DropReason | 'internal-error' | 'send-queue-full';


export interface DhcpV4ServerStats {
  received: number;
  offered: number;
  acked: number;
  naked: number;
  informed: number;
  released: number;
  declined: number;
  dropped: Partial<Record<DhcpV4ServerDropReason, number>>;
  /** Replies the kernel refused to send (e.g. EHOSTUNREACH for a unicast nobody answers ARP for). */
  sendErrors: number;
}

/** The socket a server for `config` listens on: 0.0.0.0:67 bound to the bridge, broadcast allowed. */
export function dhcpV4SocketOptions(config: Pick<DhcpV4ServerConfig, 'bridgeName'>): UdpSocketOptions {
  return { family: 4, address: '0.0.0.0', port: DHCP_SERVER_PORT, device: config.bridgeName, broadcast: true, reuseAddr: true };
}

export class DhcpV4Server {
  readonly config: DhcpV4ServerConfig;
  #opts: DhcpV4ServerOptions;
  #socket: dgram.Socket | undefined;
  #stats: DhcpV4ServerStats = {
    received: 0,
    offered: 0,
    acked: 0,
    naked: 0,
    informed: 0,
    released: 0,
    declined: 0,
    dropped: {},
    sendErrors: 0,
  };

  /** Throws ValidationError when the config cannot be served (checked here, not at the first packet). */
  constructor(config: DhcpV4ServerConfig, opts: DhcpV4ServerOptions = {}) {
    validateDhcpV4ServerConfig(config);
    this.config = config;
    this.#opts = opts;
  }

  /** A snapshot of the counters. */
  get stats(): DhcpV4ServerStats {
    return { ...this.#stats, dropped: { ...this.#stats.dropped } };
  }

  /** Open (or adopt) the socket; resolves once it is listening. */
  async start(): Promise<void> {
    if (this.#socket !== undefined) {
      throw new VirtnetError('VIRTNET_DHCP', `failed to start the dhcpv4 server on "${this.config.bridgeName}": it is already started`);
    }
    const socket = await openDgramSocket(
      'udp4',
      {
        ...(this.#opts.socket !== undefined ? { socket: this.#opts.socket } : {}),
        openSocket: this.#opts.openSocket ?? (() => native.openUdpSocket(dhcpV4SocketOptions(this.config))),
      },
      `dhcpv4 server on "${this.config.bridgeName}"`,
    );
    this.#socket = socket;
    socket.setBroadcast(true);
    socket.on('message', (msg, rinfo) => this.#handle(msg, rinfo));
    socket.on('error', (err) => this.#log({ level: 'error', event: 'dhcpv4-socket-error', error: errMessage(err) }));
    this.#log({ level: 'info', event: 'dhcpv4-listening', address: socket.address() });
  }

  /** Close the socket; a no-op when not started. */
  async stop(): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#socket = undefined;
    await closeDgramSocket(socket);
    this.#log({ level: 'info', event: 'dhcpv4-stopped' });
  }

  #handle(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.#stats.received++;
    const from = `${rinfo.address}:${rinfo.port}`;
    let decision: DhcpV4Decision;
    let bytes: Buffer | undefined;
    try {
      decision = respondToDatagram(this.config, msg);
      if (decision.action === 'reply') bytes = formatDhcpV4Packet(decision.reply);
    } catch (err) {
      this.#countDrop('internal-error');
      this.#log({ level: 'error', event: 'dhcpv4-drop', reason: 'internal-error', from, error: errMessage(err) });
      return;
    }
    switch (decision.action) {
      case 'drop':
        this.#countDrop(decision.reason);
        this.#log({ level: 'debug', event: 'dhcpv4-drop', reason: decision.reason, from, detail: decision.detail });
        return;
      case 'note':
        this.#stats[decision.outcome]++;
        // A DECLINE means another host on the link answers ARP for the VM's address (RFC 2131 §4.4.1).
        this.#log({ level: decision.outcome === 'declined' ? 'warn' : 'info', event: `dhcpv4-${decision.outcome}`, from, detail: decision.detail });
        return;
      case 'reply': {
        const { reply, destination } = decision;
        const sent = this.#socket !== undefined && sendBounded(this.#socket, bytes!, destination, (err) => {
          this.#stats.sendErrors++;
          this.#log({ level: 'error', event: 'dhcpv4-send-error', destination, error: errMessage(err) });
        });
        if (!sent) {
          this.#countDrop('send-queue-full');
          this.#log({ level: 'warn', event: 'dhcpv4-drop', reason: 'send-queue-full', from, destination });
          return;
        }
        this.#stats[decision.outcome]++;
        this.#log({
          level: 'info',
          event: `dhcpv4-${decision.outcome}`,
          from,
          xid: reply.xid,
          chaddr: chaddrToMac(reply),
          yiaddr: reply.yiaddr,
          destination,
          omittedOptions: decision.omittedOptions,
          detail: decision.detail,
        });
      }
    }
  }

  #countDrop(reason: DhcpV4ServerDropReason): void {
    countDrop(this.#stats.dropped, reason);
  }

  #log(event: Record<string, unknown>): void {
    emitEvent(this.#opts.log, this.config.bridgeName, event);
  }
}
