/**
 * The handoff between phase 1 (root, virt-handler's role) and phase 2 (uid
 * 107, virt-launcher's role): one JSON file per VMI interface,
 * `<root>/virtnet/<vmiUid>/<ifaceName>.json`, where root is the launcher's
 * private directory seen from the handler (`/proc/<pid>/root/var/run/kubevirt-private`)
 * or a `--cache-dir`.
 *
 * Writes are atomic (temp file in the same directory, fsync, rename, fsync of
 * the directory), so a reader sees the old record or the new one, never half
 * of one, even across a crash or power loss; a temp file a crash left behind
 * is never read. Reads are schema-checked: a truncated, foreign or mismatched
 * file is a CacheCorruptError naming it, never a half-trusted record.
 *
 * Ownership: files are 0644 and stay owned by the writer (root for phase 1),
 * unlike KubeVirt, which chowns them to the launcher's user 107
 * (`pkg/network/cache/cache.go`): the launcher only needs to read them, and a
 * record the launcher owned could be rewritten by it and then acted on by the
 * privileged teardown. Directories are 0755 and stay owned by the writer too:
 * a directory the launcher owned would let it swap entries for symlinks that
 * the privileged writer then follows.
 * Symlinks are refused wherever this module opens or creates something.
 *
 * The file system calls are synchronous behind the async API: a record is a
 * few KiB, and one write is a dozen calls (open, write, fsync, rename, the
 * directory's fsync…). Through libuv's thread pool each call costs an event
 * loop round trip, which made the cache the largest part of phase 1's time
 * before the first kernel change (bench/bridge-setup.ts); done inline they
 * cost microseconds, and the loop is held only for the fsyncs. Reading and
 * replacing a record are one native call each (native/virtnet.c, "Small
 * files"): node:fs's wrappers, a dozen per write, cost more than the calls.
 */
import {
  closeSync,
  constants as fsConstants,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CacheCorruptError, ValidationError, VirtnetError, errMessage } from '../src/core/errors.js';
import { VMI_INTERFACE_NAME_MAX_LENGTH, VMI_INTERFACE_NAME_PATTERN, VMI_UID_MAX_LENGTH, VMI_UID_PATTERN } from '../src/core/vmi-schema.js';
import type { InterfaceCacheRecord } from './records.js';
import validateInterfaceCacheRecord from '../src/generated/validate-interface-cache-record.js';
import { native } from '../native/index.js';

/** Directory below the root that holds virtnet's records (KubeVirt's own files live beside it). */
export const CACHE_SUBDIR = 'virtnet';
const FILE_SUFFIX = '.json';
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
/** A record is a few KiB; anything far larger is not one of ours. */
const MAX_RECORD_BYTES = 1024 * 1024;

export interface InterfaceCacheOptions {
  /** Owner given to record files; default the writing user (see the ownership note above). */
  ownerUid?: number;
  ownerGid?: number;
}

/** cache/schema/interface-cache-record.ts compiled at build time (scripts/validator-codegen.ts). */
const validateRecordSchema = validateInterfaceCacheRecord as unknown as ValidateFunction<InterfaceCacheRecord>;

const NAME_RULES = {
  vmiUid: { pattern: new RegExp(VMI_UID_PATTERN), maxLength: VMI_UID_MAX_LENGTH },
  iface: { pattern: new RegExp(VMI_INTERFACE_NAME_PATTERN), maxLength: VMI_INTERFACE_NAME_MAX_LENGTH },
} as const;

/**
 * Names become path components: only a safe charset (no `/`, NUL or
 * whitespace), never `.`/`..` or a leading dot (temp files start with one),
 * bounded length.
 */
export function assertCacheName(kind: keyof typeof NAME_RULES, name: unknown): asserts name is string {
  const rule = NAME_RULES[kind];
  if (typeof name !== 'string' || name.length === 0 || name.length > rule.maxLength || !rule.pattern.test(name)) {
    throw new ValidationError(
      kind,
      `failed to use ${JSON.stringify(name)} as ${kind} in a cache path: expected 1-${rule.maxLength} characters from ${kind === 'vmiUid' ? '[A-Za-z0-9._-], starting with a letter or digit, without ".."' : '[A-Za-z0-9_-]'}`,
    );
  }
}

function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}

function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes(String((err as { code?: unknown }).code));
}

function cacheIoError(message: string, cause: unknown, vmiUid: string, iface?: string): VirtnetError {
  return new VirtnetError('VIRTNET_CACHE_IO', `${message}: ${errMessage(cause)}`, {
    cause,
    context: { vmi: vmiUid, iface, step: 'interface-cache' },
  });
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * true when `dir` is a real directory, false when it does not exist; throws
 * when it is a symbolic link or something else, so nothing is read, written
 * or removed through a link the launcher may have planted.
 */
function isRealDirectory(dir: string, vmiUid: string): boolean {
  let stat;
  try {
    // Without throwIfNoEntry a missing directory, the first write's common case, costs an exception.
    stat = lstatSync(dir, { throwIfNoEntry: false });
  } catch (err) {
    throw cacheIoError(`failed to inspect cache directory "${dir}"`, err, vmiUid);
  }
  if (stat === undefined) return false;
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new VirtnetError('VIRTNET_CACHE_IO', `failed to use cache directory "${dir}": it is not a directory (symbolic links are refused)`, {
      context: { vmi: vmiUid, step: 'interface-cache' },
    });
  }
  return true;
}

export class InterfaceCache {
  readonly root: string;
  readonly ownerUid: number;
  readonly ownerGid: number;
  /** Records write() returned: they passed the schema, so writeState() need not check them again. */
  readonly #checked = new WeakSet<InterfaceCacheRecord>();

  constructor(root: string, options: InterfaceCacheOptions = {}) {
    this.root = root;
    this.ownerUid = options.ownerUid ?? process.geteuid?.() ?? 0;
    this.ownerGid = options.ownerGid ?? process.getegid?.() ?? 0;
  }

  /** `<root>/virtnet/<vmiUid>`. */
  vmiDir(vmiUid: string): string {
    assertCacheName('vmiUid', vmiUid);
    return join(this.root, CACHE_SUBDIR, vmiUid);
  }

  /** `<root>/virtnet` and `<root>/virtnet/<vmiUid>`, outermost first. */
  private vmiDirChain(vmiUid: string): [string, string] {
    return [join(this.root, CACHE_SUBDIR), this.vmiDir(vmiUid)];
  }

  /** false when the VMI's directory (or `virtnet`) does not exist; throws on a symlink on the way. */
  private vmiDirExists(vmiUid: string): boolean {
    for (const dir of this.vmiDirChain(vmiUid)) {
      if (!isRealDirectory(dir, vmiUid)) return false;
    }
    return true;
  }

  /** `<root>/virtnet/<vmiUid>/<iface>.json`. */
  filePath(vmiUid: string, iface: string): string {
    assertCacheName('iface', iface);
    return join(this.vmiDir(vmiUid), `${iface}${FILE_SUFFIX}`);
  }

  /** The record, or null when none was written. CacheCorruptError when the file is not a valid record for this interface. */
  async read(vmiUid: string, iface: string): Promise<InterfaceCacheRecord | null> {
    const file = this.filePath(vmiUid, iface);
    if (!this.vmiDirExists(vmiUid)) return null;
    let read;
    try {
      // Not following a final symlink, non-blocking: a FIFO planted in place of the file must not hang the reader.
      read = native.readFile(file, MAX_RECORD_BYTES, true);
    } catch (err) {
      if (isErrno(err, 'ELOOP')) throw new CacheCorruptError(file, `failed to read cache file "${file}": it is a symbolic link`, { cause: err });
      if (isErrno(err, 'ENOTDIR')) throw new CacheCorruptError(file, `failed to read cache file "${file}": a path component is not a directory`, { cause: err });
      throw cacheIoError(`failed to read cache file "${file}"`, err, vmiUid, iface);
    }
    switch (read.kind) {
      case 'missing':
        return null;
      case 'not-regular':
        throw new CacheCorruptError(file, `failed to read cache file "${file}": not a regular file`);
      case 'too-large':
        throw new CacheCorruptError(file, `failed to read cache file "${file}": ${read.size} bytes is too large for a record`);
    }
    const text = read.data.toString('utf8');
    return parseRecord(file, text, vmiUid, iface);
  }

  /**
   * Store a record atomically (replacing any previous one) and return what
   * was stored; `updatedAt` is set to now. The record is checked against the
   * schema first: a ValidationError means nothing was written.
   */
  async write(record: InterfaceCacheRecord): Promise<InterfaceCacheRecord> {
    const stored: InterfaceCacheRecord = { ...record, updatedAt: new Date().toISOString() };
    if (!validateRecordSchema(stored)) {
      throw new ValidationError(
        validateRecordSchema.errors?.[0]?.instancePath ?? '',
        `failed to write cache record for interface ${JSON.stringify(record.iface)}: ${describeAjvErrors(validateRecordSchema.errors)}`,
      );
    }
    return this.#store(stored);
  }

  /**
   * Store `record` again with another setup state. A record this cache's
   * write() returned is stored without a second schema check (only `state`,
   * one of the schema's own values, and `updatedAt` change); any other goes
   * through write().
   */
  async writeState(record: InterfaceCacheRecord, state: InterfaceCacheRecord['state']): Promise<InterfaceCacheRecord> {
    if (!this.#checked.has(record)) return this.write({ ...record, state });
    return this.#store({ ...record, state, updatedAt: new Date().toISOString() });
  }

  /** The atomic, durable replace of a checked record (temp file, fsync, rename, directory fsync: native.replaceFile). */
  #store(stored: InterfaceCacheRecord): InterfaceCacheRecord {
    const dir = this.ensureVmiDir(stored.vmiUid);
    try {
      native.replaceFile(dir, `${stored.iface}${FILE_SUFFIX}`, `${JSON.stringify(stored, null, 2)}\n`, FILE_MODE, this.ownerUid, this.ownerGid);
    } catch (err) {
      throw cacheIoError(`failed to write cache file "${this.filePath(stored.vmiUid, stored.iface)}"`, err, stored.vmiUid, stored.iface);
    }
    this.#checked.add(stored);
    return stored;
  }

  /** Remove one record; removing a record that does not exist succeeds. */
  async delete(vmiUid: string, iface: string): Promise<void> {
    const file = this.filePath(vmiUid, iface);
    if (!this.vmiDirExists(vmiUid)) return;
    try {
      unlinkSync(file);
      fsyncDirectory(this.vmiDir(vmiUid));
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return;
      throw cacheIoError(`failed to delete cache file "${file}"`, err, vmiUid, iface);
    }
  }

  /** Every record of the VMI, sorted by interface name; [] when there are none. */
  async list(vmiUid: string): Promise<InterfaceCacheRecord[]> {
    const dir = this.vmiDir(vmiUid);
    if (!this.vmiDirExists(vmiUid)) return [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      throw cacheIoError(`failed to list cache directory "${dir}"`, err, vmiUid);
    }
    const ifaces = names
      .filter((name) => name.endsWith(FILE_SUFFIX) && !name.startsWith('.'))
      .map((name) => name.slice(0, -FILE_SUFFIX.length))
      .filter((iface) => NAME_RULES.iface.pattern.test(iface) && iface.length <= NAME_RULES.iface.maxLength)
      .sort();
    const records: InterfaceCacheRecord[] = [];
    for (const iface of ifaces) {
      const record = await this.read(vmiUid, iface);
      if (record !== null) records.push(record); // null: deleted since readdir
    }
    return records;
  }

  /** Remove the VMI's directory with everything in it (temp files too); succeeds when it does not exist. */
  async deleteAll(vmiUid: string): Promise<void> {
    const [parent, dir] = this.vmiDirChain(vmiUid);
    // A symlinked `virtnet` would make rm() remove a directory elsewhere; a symlinked <uid> would only lose the link.
    if (!isRealDirectory(parent, vmiUid)) return;
    try {
      rmSync(dir, { recursive: true, force: true });
      fsyncDirectory(parent);
    } catch (err) {
      throw cacheIoError(`failed to delete cache directory "${dir}"`, err, vmiUid);
    }
  }

  /** mkdir `<root>/virtnet/<uid>` one level at a time, refusing symlinks and non-directories. */
  private ensureVmiDir(vmiUid: string): string {
    assertCacheName('vmiUid', vmiUid);
    let parent = this.root;
    for (const name of [CACHE_SUBDIR, vmiUid]) {
      const dir = join(parent, name);
      // The common case, a directory made by an earlier write, costs one lstat.
      if (!isRealDirectory(dir, vmiUid)) this.makeDirectory(parent, name, dir, vmiUid);
      parent = dir;
    }
    return parent;
  }

  /** One level, mode exact and the parent synced (native.makeDirectory); made concurrently by another writer is fine. */
  private makeDirectory(parent: string, name: string, dir: string, vmiUid: string): void {
    let made: boolean;
    try {
      made = native.makeDirectory(parent, name, DIR_MODE);
    } catch (err) {
      throw cacheIoError(`failed to create cache directory "${dir}"`, err, vmiUid);
    }
    if (!made && !isRealDirectory(dir, vmiUid)) {
      throw new VirtnetError('VIRTNET_CACHE_IO', `failed to create cache directory "${dir}": it vanished right after mkdir`, {
        context: { vmi: vmiUid, step: 'interface-cache' },
      });
    }
  }
}

/** JSON text → record, or CacheCorruptError naming `file` and saying what is wrong. */
function parseRecord(file: string, text: string, vmiUid: string, iface: string): InterfaceCacheRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the input; a file that is not ours may hold anything, so it is not repeated.
    const hint = text.trim() === '' ? 'the file is empty' : 'not valid JSON (truncated, or not a virtnet record)';
    throw new CacheCorruptError(file, `failed to parse cache file "${file}": ${hint}`, { context: { vmi: vmiUid, iface } });
  }
  if (!validateRecordSchema(value)) {
    throw new CacheCorruptError(
      file,
      `failed to load cache file "${file}": not a virtnet interface record v1: ${describeAjvErrors(validateRecordSchema.errors)}`,
      { context: { vmi: vmiUid, iface } },
    );
  }
  if (value.vmiUid !== vmiUid || value.iface !== iface) {
    throw new CacheCorruptError(
      file,
      `failed to load cache file "${file}": it holds the record of VMI "${value.vmiUid}" interface "${value.iface}", not VMI "${vmiUid}" interface "${iface}"`,
      { context: { vmi: vmiUid, iface } },
    );
  }
  return value;
}
