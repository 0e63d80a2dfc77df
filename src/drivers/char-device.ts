/**
 * Character devices of pod links, and their nodes in the launcher's root.
 *
 * A macvtap's character device (`/dev/tap<ifindex>`, major = the `macvtap`
 * entry of /proc/devices, minor allocated by the kernel) is announced only
 * through sysfs, and sysfs shows the network devices of the netns of whoever
 * mounted it: the node's /sys lists the node's links, not the pod's. So the
 * number is read from a throw-away sysfs mounted from inside the pod netns, in
 * a private mount namespace of a child process (`unshare --mount`, what
 * `ip netns exec` does); the node's mounts are never touched. Node.js has no
 * mknod(2), so the node is made with coreutils' `mknod`.
 */
import { chmod, lchown, lstat, unlink } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { dirname, join } from 'node:path';
import { VirtnetError, errMessage } from '../core/errors.js';
import type { CharDeviceSpec } from '../../bindings/configurator.js';
import type { NetnsHandle } from './netns.js';

export interface DeviceNumber {
  major: number;
  minor: number;
}

/** `MAJOR:MINOR` as sysfs `dev` files hold it. */
export function parseDeviceNumber(text: string): DeviceNumber {
  const match = /^([0-9]{1,4}):([0-9]{1,7})\n?$/.exec(text);
  if (match === null) throw new VirtnetError('VIRTNET_DISCOVERY', `failed to parse device number ${JSON.stringify(text)}: expected "MAJOR:MINOR"`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** glibc's `gnu_dev_major`/`gnu_dev_minor` (Linux's 64-bit dev_t split: 12+20 bits in the low word, the rest above). */
export function splitDeviceNumber(rdev: bigint): DeviceNumber {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

/**
 * The device number of macvtap `ifname` as its pod netns sees it
 * (`/sys/class/net/<ifname>/macvtap/tap<ifindex>/dev`).
 */
export async function readMacvtapDeviceNumber(ns: NetnsHandle, ifname: string): Promise<DeviceNumber> {
  // "$1" keeps the name one word; the glob matches the one tap<ifindex> entry a macvtap has.
  const script = 'mount -t sysfs sysfs /sys && cat /sys/class/net/"$1"/macvtap/tap*/dev';
  let stdout: string;
  try {
    ({ stdout } = await ns.exec('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', ifname], { timeoutMs: 10_000 }));
  } catch (err) {
    throw new VirtnetError('VIRTNET_DISCOVERY', `failed to read the character device number of macvtap "${ifname}" from the pod's sysfs: ${errMessage(err)}`, { cause: err });
  }
  return parseDeviceNumber(stdout);
}

/** `/proc/<pid>/root` for a netns opened as `/proc/<pid>/ns/net`; undefined for any other netns path. */
export function launcherRootOf(netnsPath: string): string | undefined {
  const match = /^\/proc\/([1-9][0-9]*)\/ns\/net$/.exec(netnsPath);
  return match === null ? undefined : `/proc/${match[1]}/root`;
}

async function lstatOrNull(path: string): Promise<BigIntStats | null> {
  try {
    return await lstat(path, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function isNode(st: BigIntStats, spec: CharDeviceSpec): boolean {
  if (!st.isCharacterDevice()) return false;
  const { major, minor } = splitDeviceNumber(st.rdev);
  return major === spec.major && minor === spec.minor;
}

/**
 * Makes `<root><spec.path>` the character device `spec` describes and returns
 * the number of changes made (0 when it already was). A node with another
 * device number (a stale one of an earlier macvtap with the same ifindex), or
 * anything else at that path, is replaced. The parent directory must be a real
 * directory: the launcher owns its root, and a symlinked /dev would make root
 * create a device node wherever it points.
 */
export async function ensureCharDevice(root: string, spec: CharDeviceSpec): Promise<number> {
  const path = join(root, spec.path);
  const fail = (what: string, err?: unknown): VirtnetError =>
    new VirtnetError('VIRTNET_INTERNAL', `failed to ${what} device node "${path}" (${spec.major}:${spec.minor})${err === undefined ? '' : `: ${errMessage(err)}`}`, {
      ...(err === undefined ? {} : { cause: err }),
      context: { step: 'device-node' },
    });
  const parent = await lstatOrNull(dirname(path)).catch((err: unknown) => {
    throw fail('inspect the directory of', err);
  });
  if (parent === null || !parent.isDirectory()) {
    throw fail(`create`, new Error(`"${dirname(path)}" is ${parent === null ? 'missing' : 'not a directory (a symlink is refused)'}`));
  }
  let changes = 0;
  try {
    let st = await lstatOrNull(path);
    if (st !== null && !isNode(st, spec)) {
      await unlink(path);
      st = null;
    }
    if (st === null) {
      // Loaded here: only macvtap makes device nodes, and execa costs every handler run ~0.1 s to load.
      const { execa } = await import('execa');
      await execa('mknod', ['-m', spec.mode.toString(8), path, 'c', String(spec.major), String(spec.minor)]);
      changes += 1;
      st = await lstat(path, { bigint: true });
    }
    if (Number(st.uid) !== spec.uid || Number(st.gid) !== spec.gid) {
      await lchown(path, spec.uid, spec.gid);
      changes += 1;
    }
    if (Number(st.mode & 0o7777n) !== spec.mode) {
      await chmod(path, spec.mode);
      changes += 1;
    }
  } catch (err) {
    throw fail('make', err);
  }
  return changes;
}
