/**
 * A client of `virtnet handler serve` (handler-server.ts), for a node agent
 * that drives the handler: a request line out, its response line back. Requests
 * may be pipelined: the server answers a connection's requests in order, so
 * the n-th response line belongs to the n-th request.
 */
import { connect, type Socket } from 'node:net';
import { VirtnetError, errMessage } from '../core/errors.js';
import type { HandlerResponse } from '../core/handler-request.js';
import { LineSplitter, type Frame } from '../core/line-splitter.js';

/** A response line longer than this is not the handler's; the connection is dropped. */
const MAX_RESPONSE_LINE_BYTES = 16 * 1024 * 1024;

interface Waiter {
  resolve: (response: HandlerResponse) => void;
  reject: (err: Error) => void;
}

export class HandlerClient {
  readonly socketPath: string;
  /** Settles when the connection is closed, by either side; requests still unanswered then are rejected. */
  readonly closed: Promise<void>;
  readonly #socket: Socket;
  readonly #splitter = new LineSplitter(MAX_RESPONSE_LINE_BYTES);
  readonly #waiting: Waiter[] = [];
  #broken: VirtnetError | undefined;

  private constructor(socketPath: string, socket: Socket) {
    this.socketPath = socketPath;
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(this.#splitter.push(chunk)));
    socket.on('end', () => this.#receive(this.#splitter.end()));
    // A failed write or a reset: what is unanswered is rejected when the socket closes.
    socket.on('error', (err) => this.#break(`the connection failed: ${errMessage(err)}`, err));
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        const err = this.#broken ?? this.#error('the handler closed the connection without answering');
        for (const waiter of this.#waiting.splice(0)) waiter.reject(err);
        resolve();
      });
    });
  }

  /** Connects to the handler's socket. */
  static connect(socketPath: string): Promise<HandlerClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once('error', (err) => {
        reject(new VirtnetError('VIRTNET_INTERNAL', `failed to connect to the handler at "${socketPath}": ${errMessage(err)}`, { cause: err }));
      });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(new HandlerClient(socketPath, socket));
      });
    });
  }

  /** Sends one request (serialised as JSON) and resolves with its response. */
  request(request: object): Promise<HandlerResponse> {
    return this.send(JSON.stringify(request));
  }

  /** Sends `line` as it is, plus a newline, and resolves with its response. */
  send(line: string): Promise<HandlerResponse> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    const answer = new Promise<HandlerResponse>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#socket.write(`${line}\n`);
    return answer;
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(frames: Frame[]): void {
    for (const frame of frames) {
      if (frame.kind === 'overlong') {
        this.#break(`a response line is longer than ${frame.maxLineBytes} bytes`);
        return;
      }
      const waiter = this.#waiting.shift();
      if (waiter === undefined) {
        this.#break(`a response came for no request: ${frame.text.slice(0, 200)}`);
        return;
      }
      try {
        waiter.resolve(JSON.parse(frame.text) as HandlerResponse);
      } catch (err) {
        waiter.reject(this.#error(`a response is not JSON: ${errMessage(err)}`, err));
      }
    }
  }

  /** The connection can no longer be trusted to pair responses with requests: closed, and every waiter rejected. */
  #break(why: string, cause?: unknown): void {
    this.#broken ??= this.#error(why, cause);
    this.#socket.destroy();
  }

  #error(why: string, cause?: unknown): VirtnetError {
    return new VirtnetError('VIRTNET_INTERNAL', `failed to read the handler's answer on "${this.socketPath}": ${why}`, { cause });
  }
}
