/**
 * The socket lifecycle the DHCP servers share: adopt a dgram socket the caller
 * made, or wrap the fd of a socket opened natively (inside the pod netns,
 * bound to the bridge) with bind({ fd }), which dgram does synchronously, so
 * the socket stays in the netns it was made in; and close it tolerantly.
 */

import dgram from 'node:dgram';
import { once } from 'node:events';
import { closeSync } from 'node:fs';
import { VirtnetError, errMessage } from '../src/core/errors.js';

export interface DgramSocketSource {
  /** A dgram socket the caller has bound (or called bind() on); it is taken over. */
  socket?: dgram.Socket;
  /** Returns the fd of a bound UDP socket; used when `socket` is absent. */
  openSocket: () => number;
}

/**
 * A listening dgram socket of `type` from `source`. `what` names the server
 * in errors (`dhcpv6 server on "k6t-eth0"`). The fd is closed when dgram
 * refuses it.
 */
export async function openDgramSocket(type: 'udp4' | 'udp6', source: DgramSocketSource, what: string): Promise<dgram.Socket> {
  let socket = source.socket;
  if (socket === undefined) {
    const fd = source.openSocket();
    socket = dgram.createSocket({ type });
    try {
      socket.bind({ fd });
    } catch (err) {
      closeSync(fd);
      throw new VirtnetError('VIRTNET_DHCP', `failed to start the ${what}: ${errMessage(err)}`, { cause: err });
    }
  }
  if (!isBound(socket)) {
    try {
      await once(socket, 'listening');
    } catch (err) {
      socket.close();
      throw err;
    }
  }
  return socket;
}

/** Close a socket; resolves at once when whoever handed it over already closed it. */
export function closeDgramSocket(socket: dgram.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: nothing left to release.
      resolve();
    }
  });
}

/**
 * Replies waiting in libuv for the kernel's send buffer. The buffer fills when
 * replies wait for neighbour resolution (a relay at a giaddr nobody answers
 * for); libuv's own queue has no bound, so without one a guest could grow the
 * launcher's memory for as long as it keeps sending. A client retransmits, so
 * a dropped reply costs it a retry.
 */
export const SEND_QUEUE_LIMIT = 64;

/** Queue one datagram unless SEND_QUEUE_LIMIT already wait; false when it was dropped for that. */
export function sendBounded(
  socket: dgram.Socket,
  bytes: Uint8Array,
  destination: { address: string; port: number },
  onError: (err: Error) => void,
): boolean {
  if (socket.getSendQueueCount() >= SEND_QUEUE_LIMIT) return false;
  socket.send(bytes, destination.port, destination.address, (err) => {
    if (err !== null && err !== undefined) onError(err);
  });
  return true;
}

function isBound(socket: dgram.Socket): boolean {
  try {
    socket.address();
    return true;
  } catch {
    return false;
  }
}
