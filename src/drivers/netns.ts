/**
 * NetnsHandle: do work inside another network namespace (a launcher pod's).
 *
 * Threading hazard (the idea of CNI's pkg/ns/README.md, for Node.js)
 * ------------------------------------------------------------------
 * A network namespace belongs to a *thread*, not to the process. run(fn)
 * moves the calling thread (normally the JS main thread) into the namespace
 * with setns(), calls fn synchronously and moves it back before returning,
 * also when fn throws. Everything on the event loop runs on that same thread,
 * so the main thread must never still be inside when control goes back to the
 * event loop: fn must be synchronous, and run() throws if fn returns a
 * promise (whatever ran after its first await ran in the home namespace).
 *
 * What fn creates synchronously stays in the namespace for its whole life:
 * sockets (netlink, or native.openUdpSocket), fds opened with sync fs, child
 * processes spawned from this thread (execa forks at once, so exec() can be
 * awaited outside). What does *not* follow: libuv's thread pool (async fs,
 * dns.lookup) and dgram.bind(), which is deferred by a tick; hence sysctls are
 * written with sync fs and UDP sockets are made natively and handed to dgram
 * with bind({ fd }).
 *
 * Threads inherit the namespace of the thread that creates them: a Worker
 * started inside run() lives there, and so would libuv's thread pool, which is
 * created on first use; it is therefore started from the home namespace
 * before the first switch (see homeNetns()).
 *
 * Nesting works: each thread keeps a stack of entered handles, and run()
 * returns to the namespace of the enclosing run(), or to the thread's home
 * namespace (opened once, on first use, and kept open). Worker threads each
 * have their own stack and home, as module state is per thread in Node.
 * Switch namespaces only through run(): a direct native.setns() would desync
 * the stack.
 */
import { access, closeSync, constants as fsConstants, fstatSync, openSync } from 'node:fs';
import type { Options as ExecaOptions } from 'execa';
import { CLONE_NEWNET, isNativeError, native, type CreateTapOptions, type UdpSocketOptions } from '../../native/index.js';
import { VirtnetError, errMessage } from '../core/errors.js';
import { readSysctl, writeSysctl } from './sysctl.js';

export interface ExecOptions {
  /** Written to the child's stdin (stdin is closed otherwise). */
  input?: string;
  /** Kill the child (SIGTERM) after this long and fail with VIRTNET_EXEC. */
  timeoutMs?: number;
  /** false: resolve with a non-zero exit code instead of failing (spawn errors, timeouts still fail). */
  reject?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface OpenNetns {
  fd: number;
  key: string;
}

/** The namespace this thread was in before its first run(); opened then, kept open. */
let home: OpenNetns | undefined;
/** Handles this thread is inside, innermost last. */
const entered: NetnsHandle[] = [];
/** Set when returning home failed: the thread is in an unknown namespace, nothing is safe any more. */
let stranded: VirtnetError | undefined;

function openNetns(path: string): OpenNetns {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in place of a namespace file must fail below (not a namespace), not block this thread for a writer.
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY);
  } catch (err) {
    throw new VirtnetError('VIRTNET_NETNS', `failed to open netns "${path}": ${errMessage(err)}`, { cause: err });
  }
  try {
    const type = native.nsType(fd);
    if (type !== CLONE_NEWNET) {
      throw new VirtnetError('VIRTNET_NETNS', `failed to open netns "${path}": it is a namespace of type 0x${type.toString(16)}, not a network namespace`);
    }
    const st = fstatSync(fd, { bigint: true });
    return { fd, key: `${st.dev}:${st.ino}` };
  } catch (err) {
    closeSync(fd);
    if (err instanceof VirtnetError) throw err;
    throw new VirtnetError('VIRTNET_NETNS', `failed to inspect netns "${path}": ${errMessage(err)}`, { cause: err });
  }
}

function homeNetns(): OpenNetns {
  if (home === undefined) {
    home = openNetns('/proc/thread-self/ns/net');
    // Queuing any thread-pool work creates all pool threads now, here; had the first such call
    // come from inside run(), async fs and dns would run in that foreign namespace for good.
    access('/', () => undefined);
  }
  return home;
}

/** Identity (`<st_dev>:<st_ino>`) of the namespace the calling thread is in right now. */
export function currentNetnsKey(): string {
  const ns = openNetns('/proc/thread-self/ns/net');
  closeSync(ns.fd);
  return ns.key;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export class NetnsHandle {
  /** The file the handle was opened from (`/proc/<pid>/ns/net`, `/run/netns/<name>`). */
  readonly path: string;
  /** `<st_dev>:<st_ino>` of the namespace: two handles with the same key are the same namespace. */
  readonly key: string;
  #fd: number | undefined;

  private constructor(path: string) {
    const ns = openNetns(path);
    this.path = path;
    this.key = ns.key;
    this.#fd = ns.fd;
  }

  /** The network namespace of a process (a launcher pod's, through its pid). */
  static fromPid(pid: number): NetnsHandle {
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      throw new VirtnetError('VIRTNET_NETNS', `invalid pid ${String(pid)}: a positive integer expected`);
    }
    return new NetnsHandle(`/proc/${pid}/ns/net`);
  }

  /** A namespace file: `/run/netns/<name>` (ip netns) or a bind mount a CRI made. */
  static fromPath(path: string): NetnsHandle {
    return new NetnsHandle(path);
  }

  /** The calling thread's namespace at the time of the call; run() on it is a plain call there. */
  static current(): NetnsHandle {
    return new NetnsHandle('/proc/thread-self/ns/net');
  }

  /**
   * Call fn synchronously inside the namespace and return its result; the thread is back in
   * the namespace it came from afterwards, whether fn returned or threw.
   */
  run<T>(fn: () => T): T {
    const result = this.#enter(fn);
    if (isThenable(result)) {
      // Its continuation runs outside the namespace; keep an orphaned rejection from crashing the process.
      result.then(undefined, () => undefined);
      throw new VirtnetError(
        'VIRTNET_NETNS',
        `failed to run in netns "${this.path}": the function returned a promise; run() takes synchronous functions only`,
      );
    }
    return result;
  }

  /** Spawn a command inside the namespace; the spawn happens inside, the wait outside. */
  async exec(file: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = [file, ...args].join(' ');
    const options: ExecaOptions = {
      reject: false,
      ...(opts.input === undefined ? { stdin: 'ignore' } : { input: opts.input }),
      ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs }),
    };
    // Loaded on first use: the launcher, which never spawns through here, is spared execa's ~13 MB.
    const { execa } = await import('execa');
    const result = await this.#enter(() => execa(file, args, options));
    const stdout = String(result.stdout ?? '');
    const stderr = String(result.stderr ?? '');
    if (result.exitCode === undefined || result.timedOut || (result.exitCode !== 0 && opts.reject !== false)) {
      const why = result.timedOut
        ? `timed out after ${opts.timeoutMs} ms`
        : result.exitCode === undefined
          ? (result.signal ?? errMessage(result.cause ?? result.message))
          : `exit code ${result.exitCode}`;
      throw new VirtnetError(
        'VIRTNET_EXEC',
        `failed to run "${command}" in netns "${this.path}": ${why}${stderr === '' ? '' : `: ${stderr.trim()}`}`,
        { cause: result },
      );
    }
    return { stdout, stderr, exitCode: result.exitCode };
  }

  readSysctl(path: string): string {
    return this.run(() => readSysctl(path));
  }

  writeSysctl(path: string, value: string): void {
    this.run(() => writeSysctl(path, value));
  }

  /** A bound UDP socket fd made inside the namespace, for `dgram.createSocket(type).bind({ fd })`. */
  openUdpSocket(opts: UdpSocketOptions): number {
    return this.#native(() => native.openUdpSocket(opts), opts.device);
  }

  /** Create a persistent tap here; fails (code EEXIST on the cause) when the name is taken. */
  createTap(name: string, opts: CreateTapOptions): void {
    this.#native(() => native.createTap(name, opts), name);
  }

  /** Remove a tap here; false when there was none (deleting is idempotent). */
  deleteTap(name: string): boolean {
    try {
      this.#native(() => native.deleteTap(name), name);
      return true;
    } catch (err) {
      if (err instanceof VirtnetError && isNativeError(err.cause) && err.cause.code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Release the namespace fd. Not allowed while this thread is inside the handle. */
  close(): void {
    if (this.#fd === undefined) return;
    if (entered.includes(this)) {
      throw new VirtnetError('VIRTNET_NETNS', `failed to close netns "${this.path}": a run() in it is still active`);
    }
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** A native call inside; system errors become VIRTNET_NATIVE (the native error as cause), TypeErrors pass. */
  #native<T>(fn: () => T, iface: string | undefined): T {
    try {
      return this.run(fn);
    } catch (err) {
      if (!isNativeError(err)) throw err;
      throw new VirtnetError('VIRTNET_NATIVE', `${err.message} (netns "${this.path}")`, {
        cause: err,
        context: iface === undefined ? {} : { iface },
        retryable: err.code === 'EBUSY' || err.code === 'EAGAIN' || err.code === 'EINTR',
      });
    }
  }

  #enter<T>(fn: () => T): T {
    if (this.#fd === undefined) {
      throw new VirtnetError('VIRTNET_NETNS', `failed to use netns "${this.path}": the handle is closed`);
    }
    if (stranded) throw stranded;
    const from = entered.at(-1) ?? homeNetns();
    const returnFd = from.key === this.key ? undefined : from instanceof NetnsHandle ? from.#fd! : from.fd;
    if (returnFd !== undefined) {
      try {
        native.setns(this.#fd, CLONE_NEWNET);
      } catch (err) {
        throw new VirtnetError('VIRTNET_NETNS', `failed to enter netns "${this.path}": ${errMessage(err)}`, { cause: err });
      }
    }
    entered.push(this);
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.#leave(returnFd);
      throw err;
    }
    this.#leave(returnFd);
    return result;
  }

  /** Pop this handle and setns() back to `returnFd` (undefined: run() made no switch). */
  #leave(returnFd: number | undefined): void {
    entered.pop();
    if (returnFd === undefined) return;
    try {
      native.setns(returnFd, CLONE_NEWNET);
    } catch (err) {
      // Being stuck in a foreign netns outranks fn's own error: every later call would hit the wrong namespace.
      stranded = new VirtnetError(
        'VIRTNET_NETNS',
        `failed to return from netns "${this.path}": ${errMessage(err)}; this thread is stranded there`,
        { cause: err },
      );
      throw stranded;
    }
  }
}
