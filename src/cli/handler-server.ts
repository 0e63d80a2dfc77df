/**
 * `virtnet handler serve`: phase 1 as a long-running daemon, as KubeVirt's
 * virt-handler is, so a node pays Node's start-up and module loading once
 * instead of once per VM. A thin edge over a Unix stream socket: framing
 * (core/line-splitter.ts), parsing (core/handler-request.ts), one queue, and
 * dispatch to runHandlerOp (phases/handler-ops.ts), which the one-shot CLI
 * commands call too.
 *
 * Requests run one at a time, in arrival order, across all connections (one
 * global queue). Phase 1 enters the pod's netns on the main thread and writes
 * the pod's cache files; with one request at a time no two operations ever
 * interleave on one pod (a setup and a teardown of the same VMI from two
 * clients, say), and no await of one request can observe another's
 * half-applied changes. Each request takes milliseconds, so nothing is gained
 * by running them side by side.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { VirtnetError, errMessage } from '../core/errors.js';
import { errorResponse, parseHandlerRequest, requestIdOfLine, successResponse, type HandlerResponse } from '../core/handler-request.js';
import { LineSplitter, type Frame } from '../core/line-splitter.js';
import type { Logger, LogLevel } from '../core/log.js';
import { currentNetnsKey } from '../drivers/netns.js';
import { runHandlerOp } from '../phases/handler-ops.js';
import type { PlaceholderChoice } from '../phases/placeholder.js';

/** A request line may be at most this long: a VMI manifest is a few KiB, so 1 MiB only stops a runaway client. */
export const MAX_REQUEST_LINE_BYTES = 1024 * 1024;
/** Requests of one connection waiting in the queue before its socket is no longer read (backpressure). */
const MAX_QUEUED_PER_CONNECTION = 32;
/** On stop, a client that does not read its last answers is disconnected after this long. */
const CLOSE_GRACE_MS = 2_000;

export interface HandlerServerOptions {
  socketPath: string;
  /** For setup requests that name none. */
  placeholder: PlaceholderChoice;
  log: Logger;
}

interface Connection {
  socket: Socket;
  splitter: LineSplitter;
  /** Jobs of this connection in the queue or running. */
  queued: number;
  /** The client sent its last request (end of stream or an overlong line): end the socket once all are answered. */
  finished: boolean;
}

interface Job {
  conn: Connection;
  frame: Frame;
}

export class HandlerServer {
  readonly socketPath: string;
  /** Settles when a request left the main thread outside its own netns; the server has then stopped itself. */
  readonly failure: Promise<VirtnetError>;
  readonly #opts: HandlerServerOptions;
  readonly #server: Server;
  readonly #homeNetns: string;
  readonly #connections = new Set<Connection>();
  readonly #queue: Job[] = [];
  #running: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #fail: (err: VirtnetError) => void = () => {};

  private constructor(opts: HandlerServerOptions, server: Server) {
    this.#opts = opts;
    this.socketPath = opts.socketPath;
    this.#server = server;
    this.#homeNetns = currentNetnsKey();
    this.failure = new Promise((resolve) => {
      this.#fail = resolve;
    });
  }

  /**
   * Listens on `socketPath` (mode 0600). A stale socket left by a server that died is replaced;
   * a path where a server still answers, or any other file, is refused (VIRTNET_VALIDATION).
   */
  static async listen(opts: HandlerServerOptions): Promise<HandlerServer> {
    await claimSocketPath(opts.socketPath, opts.log);
    const server = createServer({ allowHalfOpen: true });
    const handler = new HandlerServer(opts, server);
    server.on('connection', (socket) => handler.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The socket is bound inside listen(), synchronously: with this umask it is never reachable by others, not even briefly.
      const umask = process.umask(0o177);
      try {
        server.listen(opts.socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      } finally {
        process.umask(umask);
      }
    }).catch((err: unknown) => {
      throw new VirtnetError('VIRTNET_INTERNAL', `failed to listen on "${opts.socketPath}": ${errMessage(err)}`, { cause: err });
    });
    chmodSync(opts.socketPath, 0o600);
    server.on('error', (err) => opts.log('error', 'handler socket failed', { socket: opts.socketPath, error: errMessage(err) }));
    return handler;
  }

  /**
   * Stops accepting (closing the listening socket also unlinks its path), lets the request in
   * progress finish and answers it, answers the queued ones with an error, closes every
   * connection. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#opts.log('info', 'handler stopping', { inProgress: this.#running !== null, queued: this.#queue.length });
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      for (const conn of this.#connections) conn.socket.pause();
      await this.#running;
      const refusal = new VirtnetError('VIRTNET_INTERNAL', 'failed to run the request: the handler is shutting down', { retryable: true });
      for (const job of this.#queue.splice(0)) this.#answer(job.conn, errorResponse(requestIdOf(job.frame), refusal));
      for (const conn of this.#connections) this.#endConnection(conn);
      await closed;
    })();
    return this.#stopping;
  }

  #accept(socket: Socket): void {
    if (this.#stopping) {
      socket.destroy();
      return;
    }
    const conn: Connection = { socket, splitter: new LineSplitter(MAX_REQUEST_LINE_BYTES), queued: 0, finished: false };
    this.#connections.add(conn);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of conn.splitter.push(chunk)) this.#enqueue(conn, frame);
    });
    socket.on('end', () => {
      for (const frame of conn.splitter.end()) this.#enqueue(conn, frame);
      this.#finish(conn);
    });
    socket.on('drain', () => this.#updateFlow(conn));
    // A client that vanishes is its own business; its queued requests are skipped.
    socket.on('error', (err) => this.#opts.log('debug', 'handler connection failed', { error: errMessage(err) }));
    socket.on('close', () => this.#connections.delete(conn));
  }

  #enqueue(conn: Connection, frame: Frame): void {
    if (this.#stopping) return;
    conn.queued += 1;
    this.#queue.push({ conn, frame });
    if (frame.kind === 'overlong') this.#finish(conn);
    this.#updateFlow(conn);
    this.#running ??= this.#drain();
  }

  /** Runs queued jobs until the queue is empty or the server stops. */
  async #drain(): Promise<void> {
    while (!this.#stopping) {
      const job = this.#queue.shift();
      if (job === undefined) break;
      await this.#run(job);
      job.conn.queued -= 1;
      if (!this.#inHomeNetns()) break;
      this.#updateFlow(job.conn);
      if (job.conn.finished && job.conn.queued === 0) this.#endConnection(job.conn);
    }
    this.#running = null;
  }

  async #run({ conn, frame }: Job): Promise<void> {
    const log = this.#opts.log;
    if (conn.socket.destroyed) {
      log('debug', 'handler request skipped: the client is gone');
      return;
    }
    const started = performance.now();
    let fields: Record<string, unknown> = {};
    let response: HandlerResponse;
    try {
      if (frame.kind === 'overlong') {
        throw new VirtnetError('VIRTNET_VALIDATION', `failed to read the request: a line is longer than ${frame.maxLineBytes} bytes; closing the connection`);
      }
      const parsed = parseHandlerRequest(frame.text);
      if (!parsed.ok) {
        response = errorResponse(parsed.id, parsed.error);
      } else {
        const { id, op, vmi, target } = parsed.request;
        fields = { id, op, vmi: vmi.metadata.name };
        try {
          const placeholder = parsed.request.placeholder ?? this.#opts.placeholder;
          response = successResponse(id, await runHandlerOp({ op, vmi, target, placeholder, log }));
        } catch (err) {
          response = errorResponse(id, err);
        }
      }
    } catch (err) {
      // Also whatever a bug in parsing might throw: a client's line never takes the daemon down.
      response = errorResponse(null, err);
    }
    const ms = Math.round((performance.now() - started) * 100) / 100;
    const outcome = response.ok ? 'ok' : response.invalid ? 'invalid' : 'failed';
    const level: LogLevel = response.ok ? 'info' : response.invalid ? 'warn' : 'error';
    log(level, 'handler request', { ...fields, id: response.id, outcome, ms, ...(response.ok ? {} : { error: response.error }) });
    this.#answer(conn, response);
  }

  /**
   * NetnsHandle.run() returns the thread home even when the work throws; should that ever
   * fail, every later request would run in a pod's netns. Checked after each request, and
   * fatal: the server stops, and the process exits for its supervisor to restart it.
   */
  #inHomeNetns(): boolean {
    let current: string;
    try {
      current = currentNetnsKey();
    } catch (err) {
      current = `unknown (${errMessage(err)})`;
    }
    if (current === this.#homeNetns) return true;
    const err = new VirtnetError('VIRTNET_NETNS', `failed to stay in the handler's own netns "${this.#homeNetns}": the main thread is in "${current}" after a request; stopping`);
    this.#opts.log('error', err.message, { error: err.toJSON() });
    this.#fail(err);
    void this.stop();
    return false;
  }

  #answer(conn: Connection, response: HandlerResponse): void {
    if (conn.socket.writable) conn.socket.write(`${JSON.stringify(response)}\n`);
  }

  #finish(conn: Connection): void {
    conn.finished = true;
    if (conn.queued === 0) this.#endConnection(conn);
  }

  /** Reads a connection's socket only while its queue is short and its answers are being read. */
  #updateFlow(conn: Connection): void {
    if (conn.socket.writableEnded) return;
    const read = !this.#stopping && !conn.finished && conn.queued < MAX_QUEUED_PER_CONNECTION && !conn.socket.writableNeedDrain;
    if (read) conn.socket.resume();
    else conn.socket.pause();
  }

  /**
   * Half-closes: the answers already written go out, then end of stream. What the client still
   * sends is read and dropped, so its writes do not fail before it has read its answers; a
   * client that neither closes nor reads is cut off after a grace period.
   */
  #endConnection(conn: Connection): void {
    const { socket } = conn;
    if (socket.destroyed || socket.writableEnded) return;
    const force = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    force.unref();
    socket.once('close', () => clearTimeout(force));
    socket.end();
    socket.resume();
  }
}

function requestIdOf(frame: Frame): string | number | null {
  return frame.kind === 'line' ? requestIdOfLine(frame.text) : null;
}

/** Makes `path` free to listen on, or refuses: a live server there, or a file that is not a socket. */
async function claimSocketPath(path: string, log: Logger): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to use socket path "${path}": ${errMessage(err)}`, { cause: err });
  }
  if (!isSocket) {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to use socket path "${path}": it exists and is not a socket; remove it or choose another path`);
  }
  const probe = await probeSocket(path);
  if (probe === 'live') {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to use socket path "${path}": a server is already listening there`);
  }
  if (probe !== 'stale') {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to use socket path "${path}": ${errMessage(probe)}`, { cause: probe });
  }
  // Nobody listens: a server that died without closing (SIGKILL) left it.
  unlinkSync(path);
  log('info', 'replaced a stale handler socket', { socket: path });
}

/** `live` when a server accepts (or its backlog is full), `stale` when connect(2) is refused, else the error. */
function probeSocket(path: string): Promise<'live' | 'stale' | Error> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(err.code === 'ECONNREFUSED' ? 'stale' : err.code === 'EAGAIN' ? 'live' : err);
    });
  });
}
