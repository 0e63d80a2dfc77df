/**
 * Which link type keeps the pod NIC's name and addresses for the bridge
 * binding. KubeVirt uses `dummy`; kernels built without CONFIG_DUMMY (these
 * test machines) refuse it, so virtnet falls back to `ifb`: an Intermediate
 * Functional Block device receives nothing unless tc redirects traffic to it,
 * and it is left down, so like a dummy it carries no traffic.
 */
import { randomBytes } from 'node:crypto';
import { NetlinkError, VirtnetError } from '../core/errors.js';
import type { NetState, PlaceholderKind } from '../core/net-state.js';
import type { NetlinkDriver } from '../drivers/netlink.js';

export type PlaceholderChoice = PlaceholderKind | 'auto';

const EOPNOTSUPP = 95;

/**
 * `auto`: reuse the kind of a placeholder an earlier (interrupted) run left,
 * else probe (once per process) by creating and deleting a dummy link in the pod netns. An
 * explicit `dummy` is probed too, so a kernel without it is refused before
 * the pod NIC is touched rather than halfway through.
 */
export async function choosePlaceholderKind(
  driver: NetlinkDriver,
  state: NetState,
  choice: PlaceholderChoice,
  existingNames: readonly string[],
): Promise<PlaceholderKind> {
  if (choice === 'ifb') return 'ifb';
  const left = state.links.find((l) => existingNames.includes(l.name) && (l.kind === 'dummy' || l.kind === 'ifb'));
  if (left !== undefined && (choice === 'auto' || left.kind === choice)) return left.kind as PlaceholderKind;
  const dummy = await supportsDummy(driver);
  if (choice === 'dummy' && !dummy) {
    throw new VirtnetError(
      'VIRTNET_UNSUPPORTED_TOPOLOGY',
      'failed to use a dummy placeholder link: this kernel has no dummy link type (CONFIG_DUMMY); use --placeholder auto or ifb',
      { context: { step: 'placeholder' } },
    );
  }
  return dummy ? 'dummy' : 'ifb';
}

/**
 * Link types are registered kernel-wide, not per netns, so one answer per
 * process serves every pod a long-running handler plumbs. A kernel without
 * the type also makes every failed create ask modprobe for it, which is
 * worth not repeating.
 */
let dummySupported: boolean | undefined;

async function supportsDummy(driver: NetlinkDriver): Promise<boolean> {
  dummySupported ??= await probeDummy(driver);
  return dummySupported;
}

async function probeDummy(driver: NetlinkDriver): Promise<boolean> {
  const probe = `vnprobe${randomBytes(4).toString('hex')}`;
  try {
    await driver.createLink(probe, 'dummy');
  } catch (err) {
    if (err instanceof NetlinkError && err.errno === EOPNOTSUPP) return false;
    throw err;
  }
  await driver.deleteLink(probe);
  return true;
}
