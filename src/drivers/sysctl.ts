/**
 * Sysctls of the calling thread's network namespace, read and written
 * synchronously. /proc/sys/net resolves against the namespace of the thread
 * that opens the file, so the open must happen on the thread that entered the
 * namespace: async fs runs on libuv's thread pool, which stays in the home
 * namespace and would silently change the wrong one. Use these through
 * NetnsHandle.readSysctl()/writeSysctl(). The file I/O is native: one call
 * each instead of node:fs's several wrappers (native/virtnet.c, "Small files").
 */
import { VirtnetError, errMessage } from '../core/errors.js';
import { native } from '../../native/index.js';

const SYSCTL_ROOT = '/proc/sys/';
const SYSCTL_PATH = /^[A-Za-z0-9_./-]+$/;
/** A sysctl value is one line; /proc/sys files are read whole, and none is near this size. */
const MAX_VALUE_BYTES = 64 * 1024;

/**
 * The file behind a sysctl given as a relative slash path (`net/ipv4/conf/all/arp_ignore`).
 * Dots inside a segment are kept (interface names such as `eth0.100` have them).
 */
export function sysctlFile(path: string): string {
  const segments = path.split('/');
  if (!SYSCTL_PATH.test(path) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new VirtnetError('VIRTNET_SYSCTL', `invalid sysctl path "${path}": expected segments of [A-Za-z0-9_.-] joined by "/"`);
  }
  return SYSCTL_ROOT + path;
}

/** The value of a sysctl without its trailing newline. */
export function readSysctl(path: string): string {
  const file = sysctlFile(path);
  let read;
  try {
    read = native.readFile(file, MAX_VALUE_BYTES, false);
  } catch (err) {
    throw new VirtnetError('VIRTNET_SYSCTL', `failed to read sysctl "${path}": ${errMessage(err)}`, { cause: err });
  }
  if (read.kind !== 'file') {
    const why = read.kind === 'missing' ? 'no such sysctl in this namespace' : read.kind === 'too-large' ? `${read.size} bytes is not a sysctl value` : 'not a sysctl file';
    throw new VirtnetError('VIRTNET_SYSCTL', `failed to read sysctl "${path}": ${why}`);
  }
  return read.data.toString('utf8').replace(/\n$/, '');
}

export function writeSysctl(path: string, value: string): void {
  const file = sysctlFile(path);
  if (/[\n\0]/.test(value)) {
    throw new VirtnetError('VIRTNET_SYSCTL', `invalid value ${JSON.stringify(value)} for sysctl "${path}": one line expected`);
  }
  try {
    native.writeFile(file, value);
  } catch (err) {
    throw new VirtnetError('VIRTNET_SYSCTL', `failed to write sysctl "${path}" = "${value}": ${errMessage(err)}`, {
      cause: err,
    });
  }
}
