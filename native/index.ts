/**
 * Typed loader for the native addon (native/virtnet.c).
 *
 * Every function acts in the network namespace the *calling thread* is in at
 * the moment of the call; use them through NetnsHandle.run()
 * (src/drivers/netns.ts) rather than directly. Failed system calls throw an
 * Error with `errno`, `code` ('EPERM', …) and `syscall` (see NativeSystemError);
 * bad arguments throw a TypeError. The addon is loaded on first use, so
 * importing this module never fails on a machine without the build.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { VirtnetError } from '../src/core/errors.js';

/** CLONE_NEWNET from <linux/sched.h>, the nstype for setns() on a netns fd. */
export const CLONE_NEWNET = 0x40000000;

export interface CreateTapOptions {
  /** Owner (TUNSETOWNER): the uid qemu runs as; KubeVirt uses 107 (qemu) or 0. */
  uid: number;
  /** Group (TUNSETGROUP). */
  gid: number;
  /** ≤ 1: single queue (IFF_TUN_EXCL|IFF_ONE_QUEUE); > 1: IFF_MULTI_QUEUE|IFF_NO_PI with that many fds. At most 256. */
  queues: number;
  /** IFF_VNET_HDR (virtio-net offloads). */
  vnetHdr: boolean;
}

export interface UdpSocketOptions {
  family: 4 | 6;
  /** Local address; IPv6 may carry a zone (`fe80::1%br0`), else the device's ifindex is the scope id. */
  address: string;
  port: number;
  /** SO_BINDTODEVICE before bind(): several sockets may share address and port, one per device. */
  device?: string;
  broadcast?: boolean;
  reuseAddr?: boolean;
  v6Only?: boolean;
  /** Multicast group joined on `device` after bind() (IPV6_JOIN_GROUP / IP_ADD_MEMBERSHIP), e.g. `ff02::1:2`. */
  joinGroup?: string;
}

/**
 * Called for each ICMPv6 message an Icmpv6Socket receives.
 * @param payload the ICMPv6 message (type, code, checksum, body); the IPv6 header is not included
 * @param source the sender's address, without a zone
 * @param hopLimit the IPv6 hop limit it arrived with (IPV6_RECVHOPLIMIT); -1 if the kernel gave none
 * @param destination the address it was sent to (IPV6_RECVPKTINFO), e.g. `ff02::2`; '' if the kernel gave none
 */
export type Icmpv6MessageHandler = (payload: Buffer, source: string, hopLimit: number, destination: string) => void;

/**
 * A raw ICMPv6 socket bound to one device (SO_BINDTODEVICE) that receives Router Solicitations
 * only (ICMP6_FILTER), is a member of ff02::2 there, and sends with hop limit 255 (RFC 4861).
 * It is polled on the event loop of the thread that opened it; while open it keeps that loop alive.
 */
export interface Icmpv6Socket {
  readonly fd: number;
  /** ifindex of the bound device, in the netns it was opened in. */
  readonly ifindex: number;
  /**
   * sendto(2) of one ICMPv6 message; the kernel fills in the checksum and, for a link-local or
   * multicast destination, the device's link-local address as source. Synchronous; throws
   * NativeSystemError (EADDRNOTAVAIL while the device has no usable link-local address, EBADF once closed).
   * @param ifindex scope of a link-local or multicast destination; 0 = the bound device
   */
  send(payload: Buffer, destination: string, ifindex: number): void;
  /** Stop receiving and close the fd; calling it again does nothing. */
  close(): void;
}

/** What readFile() found at a path. */
export type SmallFileRead =
  | { kind: 'file'; data: Buffer }
  | { kind: 'missing' }
  | { kind: 'not-regular' }
  /** Larger than the limit: `size` is the size found (st_size, or the bytes read up to one past the limit). */
  | { kind: 'too-large'; size: number };

/** Shape of errors thrown for failed system calls. */
export interface NativeSystemError extends Error {
  /** Positive errno value. */
  errno: number;
  /** Symbolic errno name, e.g. 'EEXIST'. */
  code: string;
  /** The failed call, e.g. 'ioctl(TUNSETIFF)'. */
  syscall: string;
}

export interface VirtnetNative {
  /** setns(2) on the calling thread. */
  setns(fd: number, nstype: number): void;
  /** ioctl(NS_GET_NSTYPE): the CLONE_NEW* type of a namespace file (ENOTTY when the fd is not one). */
  nsType(fd: number): number;
  /**
   * Create a persistent tap in the calling thread's netns. Fails with EEXIST when any
   * link of that name exists there (the tap is never silently re-used).
   */
  createTap(name: string, opts: CreateTapOptions): void;
  /**
   * Drop persistence of a tap so the kernel removes it once no fd holds it. ENOENT when
   * absent, EINVAL when the link is not a tap, EBUSY when a single-queue tap is held open.
   */
  deleteTap(name: string): void;
  /** A bound, non-blocking, close-on-exec UDP socket fd, for `dgram.createSocket(type).bind({ fd })`. */
  openUdpSocket(opts: UdpSocketOptions): number;
  closeFd(fd: number): void;
  /**
   * A netlink socket of `protocol` (NETLINK_ROUTE = 0) in the calling thread's netns, bound to a
   * kernel-chosen port, with SO_RCVBUF `recvBufferSize`, extended and capped acks, and strict checking (dump filters apply). Close with closeFd().
   */
  openNetlinkSocket(protocol: number, recvBufferSize: number): number;
  /**
   * Send one request (already encoded, in pieces) and read back, in the same call, every datagram
   * up to the one holding the request's NLMSG_ERROR or NLMSG_DONE (by `seq`); returns them
   * concatenated. rtnetlink queues replies inside sendmsg(), so this waits only if the kernel has
   * not (then up to `timeoutMs`, failing with ETIMEDOUT).
   */
  netlinkTransact(fd: number, message: readonly Uint8Array[], seq: number, timeoutMs: number): Buffer;
  /**
   * execv(2): replace this process (same PID, stdio, credentials and ambient capabilities)
   * with `file`, run with `args` (args[0] is its own name). Returns only by throwing.
   */
  execv(file: string, args: readonly string[]): never;
  /**
   * Read a regular file of at most `maxBytes` (non-blocking open: a FIFO is reported, not read;
   * `noFollow`: a symbolic link as last component fails with ELOOP). Other failures throw.
   */
  readFile(path: string, maxBytes: number, noFollow: boolean): SmallFileRead;
  /** Write `text` (UTF-8) to an existing file, truncating it: a sysctl. */
  writeFile(path: string, text: string): void;
  /**
   * Atomically and durably replace `dir/name` with `text` (UTF-8): a temp file in `dir` with
   * `mode`, `uid`, `gid`, fsync, rename over `name`, fsync of `dir`. On failure nothing changed
   * (the temp file is removed); the error's `syscall` names the failed step.
   */
  replaceFile(dir: string, name: string, text: string, mode: number, uid: number, gid: number): void;
  /**
   * mkdir `parent/name` with exactly `mode` (not filtered by the umask) and fsync `parent`; false
   * when `name` already exists there. `parent` must be a real directory (ELOOP/ENOTDIR otherwise).
   */
  makeDirectory(parent: string, name: string, mode: number): boolean;
  /**
   * A raw ICMPv6 socket on `device` in the calling thread's netns (needs CAP_NET_RAW there);
   * `onMessage` is called for each Router Solicitation until close().
   */
  openIcmpv6Socket(device: string, onMessage: Icmpv6MessageHandler): Icmpv6Socket;
}

/** Where the addon lives relative to this file, from source (native/) or compiled (dist/native/). */
const ADDON_CANDIDATES = ['./build/Release/virtnet.node', '../../native/build/Release/virtnet.node'];

let addon: VirtnetNative | undefined;

export function isNativeError(err: unknown): err is NativeSystemError {
  return err instanceof Error && typeof (err as Partial<NativeSystemError>).errno === 'number';
}

/** Load (once) and return the addon; throws VIRTNET_NATIVE with a build hint when it is missing. */
export function loadNative(): VirtnetNative {
  if (addon) return addon;
  const require = createRequire(import.meta.url);
  const tried = ADDON_CANDIDATES.map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = tried.find((file) => existsSync(file));
  if (found === undefined) {
    throw new VirtnetError(
      'VIRTNET_NATIVE',
      `failed to find the native addon (looked at ${tried.map((f) => `"${f}"`).join(', ')}): run npm run build:native`,
    );
  }
  try {
    addon = require(found) as VirtnetNative;
  } catch (err) {
    throw new VirtnetError('VIRTNET_NATIVE', `failed to load the native addon "${found}": run npm run build:native`, {
      cause: err,
    });
  }
  return addon;
}

/** The addon's functions, loaded on first call. */
export const native: VirtnetNative = {
  setns: (fd, nstype) => loadNative().setns(fd, nstype),
  nsType: (fd) => loadNative().nsType(fd),
  createTap: (name, opts) => loadNative().createTap(name, opts),
  deleteTap: (name) => loadNative().deleteTap(name),
  openUdpSocket: (opts) => loadNative().openUdpSocket(opts),
  closeFd: (fd) => loadNative().closeFd(fd),
  openNetlinkSocket: (protocol, recvBufferSize) => loadNative().openNetlinkSocket(protocol, recvBufferSize),
  netlinkTransact: (fd, message, seq, timeoutMs) => loadNative().netlinkTransact(fd, message, seq, timeoutMs),
  execv: (file, args) => loadNative().execv(file, args),
  readFile: (path, maxBytes, noFollow) => loadNative().readFile(path, maxBytes, noFollow),
  writeFile: (path, text) => loadNative().writeFile(path, text),
  replaceFile: (dir, name, text, mode, uid, gid) => loadNative().replaceFile(dir, name, text, mode, uid, gid),
  makeDirectory: (parent, name, mode) => loadNative().makeDirectory(parent, name, mode),
  openIcmpv6Socket: (device, onMessage) => loadNative().openIcmpv6Socket(device, onMessage),
};
