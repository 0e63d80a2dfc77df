/**
 * Newline-delimited framing for a byte stream (the handler's socket protocol):
 * chunks in, complete lines out, with a limit on a line's length so a client
 * that never sends a newline cannot make the reader buffer without bound.
 * Pure: the socket edge feeds it and acts on what it returns.
 */

export type Frame =
  /** One line, without its `\n` (and without a `\r` before it, as `nc -C` and telnet send). */
  | { kind: 'line'; text: string }
  /** A line grew past the limit; the splitter returns nothing after this. */
  | { kind: 'overlong'; maxLineBytes: number };

const NEWLINE = 0x0a;

export class LineSplitter {
  readonly maxLineBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #stopped = false;

  /** `maxLineBytes` counts the line's bytes without its newline. */
  constructor(maxLineBytes: number) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError(`invalid line limit ${maxLineBytes}: a positive integer expected`);
    this.maxLineBytes = maxLineBytes;
  }

  /** true once an overlong line was seen: nothing more is framed. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The frames completed by `chunk`. Blank lines are skipped. */
  push(chunk: Uint8Array): Frame[] {
    if (this.#stopped) return [];
    const frames: Frame[] = [];
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      const piece = buf.subarray(start, nl);
      start = nl + 1;
      if (this.#pendingBytes + piece.length > this.maxLineBytes) return this.#stop(frames);
      this.#pending.push(piece);
      this.#pendingBytes += piece.length;
      this.#emit(frames);
    }
    const rest = buf.subarray(start);
    // Refused as soon as the limit is passed, not when the newline finally comes.
    if (this.#pendingBytes + rest.length > this.maxLineBytes) return this.#stop(frames);
    if (rest.length > 0) {
      // Copied: the caller may reuse its chunk's memory.
      this.#pending.push(Buffer.from(rest));
      this.#pendingBytes += rest.length;
    }
    return frames;
  }

  /** At the end of the stream: the last line, when it had no newline. */
  end(): Frame[] {
    if (this.#stopped) return [];
    const frames: Frame[] = [];
    this.#emit(frames);
    this.#stopped = true;
    return frames;
  }

  #emit(frames: Frame[]): void {
    let text = Buffer.concat(this.#pending, this.#pendingBytes).toString('utf8');
    this.#pending = [];
    this.#pendingBytes = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') frames.push({ kind: 'line', text });
  }

  #stop(frames: Frame[]): Frame[] {
    this.#stopped = true;
    this.#pending = [];
    this.#pendingBytes = 0;
    frames.push({ kind: 'overlong', maxLineBytes: this.maxLineBytes });
    return frames;
  }
}
