import { waitFor } from './exec.js';

/** Runs `ip ARGS…` in some network namespace and resolves with its stdout. */
export type IpRunner = (args: string[]) => Promise<string>;

/**
 * Waits until `dev` has a link-local address that is not tentative, and returns it.
 *
 * The kernel adds it only once the link has carrier, which linkwatch reports asynchronously and
 * under the RTNL lock: on a busy machine that can be seconds after `ip link set up` returned. A
 * bridge gets carrier only after its first port is forwarding, one linkwatch run later still.
 * Until then multicast from the link fails (EADDRNOTAVAIL), and so does any reply to a
 * link-local address, since the fe80::/64 route comes with the address (ENETUNREACH).
 */
export async function usableLinkLocal(ip: IpRunner, dev: string, where: string, ms = 10_000): Promise<string> {
  return waitFor(`a usable link-local address on "${dev}" in ${where}`, async () => {
    const [link] = JSON.parse(await ip(['-j', '-6', 'addr', 'show', 'dev', dev, 'scope', 'link'])) as { addr_info: { local?: string; tentative?: boolean }[] }[];
    // ip -j prints addresses the filter left out as empty objects.
    return link?.addr_info.find((a) => a.local !== undefined && !a.tentative)?.local;
  }, ms);
}
