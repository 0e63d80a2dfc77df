// An independent reader of a namespace's links: iproute2's JSON output (`ip -j -d link`,
// `ip -j addr`), run inside the namespace, projected onto the facts tests assert on.
// Kernel IPv6 link-local addresses are left out: they come and go with carrier.
import { execFileSync } from 'node:child_process';
import type { ScratchNetns } from '../fixtures/scratch-netns.js';

interface IpLinkJson {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  master?: string;
  address?: string;
  linkinfo?: {
    info_kind?: string;
    info_data?: Record<string, unknown>;
    info_slave_kind?: string;
    info_slave_data?: Record<string, unknown>;
  };
}

interface IpAddrJson {
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number }[];
}

export interface ObservedTap {
  type: unknown;
  user: unknown;
  group: unknown;
  multiQueue: unknown;
  vnetHdr: unknown;
}

export interface ObservedLink {
  index: number;
  name: string;
  /** `info_kind`, or null for a plain device. */
  kind: string | null;
  mac: string | null;
  mtu: number;
  up: boolean;
  master: string | null;
  /** Bridge-port learning, for bridge ports. */
  learning?: unknown;
  tap?: ObservedTap;
  /** `address/prefix`, kernel fe80:: left out, sorted. */
  addresses: string[];
}

export async function observeLinks(ns: ScratchNetns): Promise<ObservedLink[]> {
  const links = JSON.parse(await ns.run('ip', '-j', '-d', 'link', 'show')) as IpLinkJson[];
  const addrs = JSON.parse(await ns.run('ip', '-j', 'addr', 'show')) as IpAddrJson[];
  return links.map((l) => {
    const info = l.linkinfo ?? {};
    const observed: ObservedLink = {
      index: l.ifindex,
      name: l.ifname,
      kind: info.info_kind ?? null,
      mac: l.address ?? null,
      mtu: l.mtu,
      up: l.flags.includes('UP'),
      master: l.master ?? null,
      addresses: (addrs.find((a) => a.ifname === l.ifname)?.addr_info ?? [])
        .filter((a) => !(a.family === 'inet6' && a.local.startsWith('fe80:')))
        .map((a) => `${a.local}/${a.prefixlen}`)
        .sort(),
    };
    if (info.info_slave_kind === 'bridge') observed.learning = info.info_slave_data?.learning;
    if (info.info_kind === 'tun') {
      const d = info.info_data ?? {};
      observed.tap = { type: d.type, user: numericId(d.user, 'passwd'), group: numericId(d.group, 'group'), multiQueue: d.multi_queue, vnetHdr: d.vnet_hdr };
    }
    return observed;
  });
}

export async function observeLink(ns: ScratchNetns, name: string): Promise<ObservedLink | undefined> {
  return (await observeLinks(ns)).find((l) => l.name === name);
}

/** A sysctl as a process inside the namespace reads it. */
export async function observeSysctl(ns: ScratchNetns, path: string): Promise<string> {
  return (await ns.run('cat', `/proc/sys/${path}`)).trim();
}

/**
 * `ip` prints a tap's owner and group by name when the id has one, and which
 * ids have names depends on the packages installed (libvirt's dependencies
 * add group `rdma`, often gid 107): compare ids, whatever `ip` printed.
 */
function numericId(value: unknown, database: 'passwd' | 'group'): unknown {
  if (typeof value !== 'string' || /^[0-9]+$/.test(value)) return typeof value === 'string' ? Number(value) : value;
  const entry = execFileSync('getent', [database, value], { encoding: 'utf8' });
  return Number(entry.split(':')[2]);
}
