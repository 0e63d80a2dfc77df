/**
 * Error model. Every failure virtnet reports is a VirtnetError with a stable
 * `code`, the `cause` it wraps (ES2022), and the context a reader needs to act
 * on it: which VMI, which network/interface, which step. Messages are lower
 * case, verb first, names quoted: `failed to add address "10.0.2.1/24" to "k6t-eth0"`.
 */

export type VirtnetErrorCode =
  | 'VIRTNET_VALIDATION'
  | 'VIRTNET_CACHE_CORRUPT'
  | 'VIRTNET_CACHE_IO'
  | 'VIRTNET_NETLINK'
  | 'VIRTNET_NFT'
  | 'VIRTNET_NETNS'
  | 'VIRTNET_NATIVE'
  | 'VIRTNET_SYSCTL'
  | 'VIRTNET_EXEC'
  | 'VIRTNET_UNSUPPORTED_TOPOLOGY'
  | 'VIRTNET_DISCOVERY'
  | 'VIRTNET_DHCP'
  | 'VIRTNET_DHCP_DECODE'
  | 'VIRTNET_LIBVIRT'
  | 'VIRTNET_INTERNAL';

/** Where in the work an error happened. All fields optional; fill what is known. */
export interface ErrorContext {
  vmi?: string;
  network?: string;
  iface?: string;
  step?: string;
}

export interface VirtnetErrorOptions {
  cause?: unknown;
  context?: ErrorContext;
  /** true when re-running the same operation later may succeed (EBUSY, EINTR, a lock). */
  retryable?: boolean;
}

export class VirtnetError extends Error {
  readonly code: VirtnetErrorCode;
  readonly context: ErrorContext;
  readonly retryable: boolean;

  constructor(code: VirtnetErrorCode, message: string, options: VirtnetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = { ...(options.context ?? {}) };
    this.retryable = options.retryable ?? false;
  }

  /** A copy of this error with more context; fields already set win (innermost is most precise). */
  withContext(context: ErrorContext): this {
    for (const [k, v] of Object.entries(context) as [keyof ErrorContext, string | undefined][]) {
      if (v !== undefined && this.context[k] === undefined) this.context[k] = v;
    }
    return this;
  }

  /** JSON shape used by the CLI's logs and error output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      context: this.context,
      retryable: this.retryable,
      ...extraFields(this),
      cause: describeCause(this.cause),
    };
  }
}

/** A manifest, cache file or argument that does not match its schema. */
export class ValidationError extends VirtnetError {
  /** JSON path (e.g. `/spec/domain/devices/interfaces/0/macAddress`) or file path of the bad input. */
  readonly path: string;
  constructor(path: string, message: string, options: VirtnetErrorOptions = {}) {
    super('VIRTNET_VALIDATION', message, options);
    this.path = path;
  }
}

/** A kernel call that failed, keeping errno so callers can tell EEXIST from EPERM. */
export class NetlinkError extends VirtnetError {
  readonly errno: number | undefined;
  readonly op: string;
  constructor(op: string, message: string, errno: number | undefined, options: VirtnetErrorOptions = {}) {
    super('VIRTNET_NETLINK', message, options);
    this.op = op;
    this.errno = errno;
  }
}

export class NftError extends VirtnetError {
  readonly stderr: string;
  constructor(message: string, stderr: string, options: VirtnetErrorOptions = {}) {
    super('VIRTNET_NFT', message, options);
    this.stderr = stderr;
  }
}

export class CacheCorruptError extends VirtnetError {
  readonly file: string;
  constructor(file: string, message: string, options: VirtnetErrorOptions = {}) {
    super('VIRTNET_CACHE_CORRUPT', message, options);
    this.file = file;
  }
}

export class DhcpDecodeError extends VirtnetError {
  readonly offset: number;
  constructor(offset: number, message: string, options: VirtnetErrorOptions = {}) {
    super('VIRTNET_DHCP_DECODE', message, options);
    this.offset = offset;
  }
}

/** Wrap any thrown value with context unless it already is a VirtnetError (then only add context). */
export function wrapError(
  err: unknown,
  code: VirtnetErrorCode,
  message: string,
  context: ErrorContext = {},
): VirtnetError {
  if (err instanceof VirtnetError) return err.withContext(context);
  return new VirtnetError(code, `${message}: ${errMessage(err)}`, { cause: err, context });
}

export function errMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function extraFields(err: VirtnetError): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['path', 'errno', 'op', 'stderr', 'file', 'offset'] as const) {
    const v = (err as unknown as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function describeCause(cause: unknown): unknown {
  if (cause === undefined) return undefined;
  if (cause instanceof VirtnetError) return cause.toJSON();
  if (cause instanceof Error) {
    const c = cause as Error & { code?: unknown; errno?: unknown; syscall?: unknown };
    return { name: c.name, message: c.message, code: c.code, errno: c.errno, syscall: c.syscall };
  }
  return String(cause);
}
