/**
 * Sysctls of the calling thread's network namespace, read and written
 * synchronously. /proc/sys/net resolves against the namespace of the thread
 * that opens the file, so the open must happen on the thread that entered the
 * namespace: async fs runs on libuv's thread pool, which stays in the home
 * namespace and would silently change the wrong one. Use these through
 * NetnsHandle.readSysctl()/writeSysctl().
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { VirtnetError } from '../core/errors.js';

const SYSCTL_ROOT = '/proc/sys/';
const SYSCTL_PATH = /^[A-Za-z0-9_./-]+$/;

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
  try {
    return readFileSync(file, 'utf8').replace(/\n$/, '');
  } catch (err) {
    throw new VirtnetError('VIRTNET_SYSCTL', `failed to read sysctl "${path}": ${(err as Error).message}`, { cause: err });
  }
}

export function writeSysctl(path: string, value: string): void {
  const file = sysctlFile(path);
  if (/[\n\0]/.test(value)) {
    throw new VirtnetError('VIRTNET_SYSCTL', `invalid value ${JSON.stringify(value)} for sysctl "${path}": one line expected`);
  }
  try {
    writeFileSync(file, value);
  } catch (err) {
    throw new VirtnetError('VIRTNET_SYSCTL', `failed to write sysctl "${path}" = "${value}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}
