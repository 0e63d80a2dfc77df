// Waits for what the kernel does after `ip link set up` has returned. Carrier is reported by
// linkwatch, a work item that runs later under the RTNL lock: on a busy machine (netns teardowns
// of parallel tests hold RTNL) that can be seconds later. Until it has run, a veth's qdisc is
// noop and drops what is sent, silently for UDP; a bridge port stays disabled; and no IPv6
// link-local address exists. A test that sends one datagram and waits for the answer must wait
// for these first, or it fails only on busy machines.
import { waitFor } from './exec.js';

/** Runs `ip ARGS…` in some network namespace and resolves with its stdout. */
export type IpRunner = (args: string[]) => Promise<string>;

interface IpLink {
  operstate?: string;
  linkinfo?: { info_slave_kind?: string; info_slave_data?: { state?: string } };
}

/**
 * Waits until linkwatch has reported `dev`'s carrier (operstate UP, qdisc active) and, if `dev`
 * is a bridge port, until the port forwards.
 */
export async function untilLinkUp(ip: IpRunner, dev: string, where: string, ms = 10_000): Promise<void> {
  await waitFor(`"${dev}" in ${where} to be up and, if a bridge port, forwarding`, async () => {
    const [link] = JSON.parse(await ip(['-j', '-d', 'link', 'show', 'dev', dev])) as IpLink[];
    if (link?.operstate !== 'UP') return false;
    return link.linkinfo?.info_slave_kind !== 'bridge' || link.linkinfo.info_slave_data?.state === 'forwarding';
  }, ms);
}

/**
 * Waits until `dev` has a link-local address that is not tentative, and returns it. Multicast
 * from a link fails (EADDRNOTAVAIL) until it has one, and so does a reply to a link-local
 * address (ENETUNREACH), since the fe80::/64 route comes with the address. A bridge gets its
 * own only once it has carrier: one linkwatch run after its first port forwards.
 */
export async function usableLinkLocal(ip: IpRunner, dev: string, where: string, ms = 10_000): Promise<string> {
  return waitFor(`a usable link-local address on "${dev}" in ${where}`, async () => {
    const [link] = JSON.parse(await ip(['-j', '-6', 'addr', 'show', 'dev', dev, 'scope', 'link'])) as { addr_info: { local?: string; tentative?: boolean }[] }[];
    // ip -j prints addresses the filter left out as empty objects.
    return link?.addr_info.find((a) => a.local !== undefined && !a.tentative)?.local;
  }, ms);
}
