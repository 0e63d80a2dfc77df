/**
 * Phase 2 (virt-launcher's part), inside the launcher pod as an unprivileged
 * user: read what phase 1 cached, render the libvirt devices, serve DHCP on
 * each bridge. Nothing here needs CAP_NET_ADMIN; port 67 needs
 * CAP_NET_BIND_SERVICE (or ip_unprivileged_port_start).
 */
import { VirtnetError, errMessage, type ErrorContext } from '../core/errors.js';
import { isNativeError } from '../../native/index.js';
import { readFileSync } from 'node:fs';
import { dhcpSettingsFor, type InterfaceDhcpSettings } from '../core/dhcp-settings.js';
import { parseMac } from '../core/ip.js';
import { silentLogger, type Logger } from '../core/log.js';
import { parseResolvConf, searchDomainsWithSubdomain, type ResolvConf } from '../core/resolv-conf.js';
import type { VirtualMachineInstance, VmiInterface } from '../core/vmi.js';
import { toInterfaceXml } from '../libvirt/interface-xml.js';
import type { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';
import type { DhcpV4NetworkConfig, DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { DhcpV4Server } from '../../dhcp/v4/server.js';
import type { DhcpV6NetworkConfig, DhcpV6ServerConfig } from '../../dhcp/v6/config.js';
import { DhcpV6Server } from '../../dhcp/v6/server.js';
import { RouterAdvertiser } from '../../dhcp/ra/advertiser.js';
import type { RaIntervals } from '../../dhcp/ra/schedule.js';
import { vmiNics } from './interfaces.js';

export interface Phase2Options {
  vmi: VirtualMachineInstance;
  cache: InterfaceCache;
  /** Identity of the netns this launcher runs in (NetnsHandle.current().key). */
  podKey: string;
  /** Text of the pod's /etc/resolv.conf. */
  resolvConf: string;
  /** The launcher pod's hostname (option 12). */
  hostname: string;
  log?: Logger;
  /** Test seam for the DHCPv4 socket; default: native socket bound to the bridge in this netns. */
  openSocket?: (bridgeName: string) => number;
  /** Router Advertisement intervals (RFC 4861 §6.2.1); default 600 s max, 200 s min. */
  raIntervals?: Partial<RaIntervals>;
}

export interface LauncherNetwork {
  /** `<interface>` elements, one per tap-attached VMI interface, in spec order. */
  interfacesXml: string[];
  servers: DhcpV4Server[];
  dhcpV6Servers: DhcpV6Server[];
  routerAdvertisers: RouterAdvertiser[];
  stop(): Promise<void>;
}

/** Each server's counters, by bridge: what was served and what was dropped and why. */
export function serviceStats(networks: Iterable<LauncherNetwork>): Record<'dhcpv4' | 'dhcpv6' | 'ra', { bridge: string; stats: object }[]> {
  const all = [...networks];
  const of = (servers: { config: { bridgeName: string }; stats: object }[]) => servers.map((s) => ({ bridge: s.config.bridgeName, stats: s.stats }));
  return {
    dhcpv4: of(all.flatMap((n) => n.servers)),
    dhcpv6: of(all.flatMap((n) => n.dhcpV6Servers)),
    ra: of(all.flatMap((n) => n.routerAdvertisers)),
  };
}

/** Records of every plumbed interface, checked to belong to this pod and to be finished. */
export async function readFinishedRecords(opts: Pick<Phase2Options, 'vmi' | 'cache' | 'podKey'>): Promise<InterfaceCacheRecord[]> {
  const { vmi, cache, podKey } = opts;
  const records: InterfaceCacheRecord[] = [];
  for (const nic of vmiNics(vmi)) {
    if (nic.iface.state === 'absent' || nic.binding === 'sriov') continue;
    const context = { vmi: vmi.metadata.name, network: nic.network.name, iface: nic.iface.name, step: 'read-cache' };
    const record = await cache.read(vmi.metadata.uid, nic.iface.name);
    if (record === null) {
      throw new VirtnetError('VIRTNET_CACHE_IO', `failed to find the phase-1 record of interface "${nic.iface.name}": run "virtnet handler setup" first`, { context });
    }
    if (record.podKey !== podKey) {
      throw new VirtnetError('VIRTNET_CACHE_CORRUPT', `failed to use the phase-1 record of interface "${nic.iface.name}": it was written for another pod (${record.podKey}, this pod is ${podKey})`, { context });
    }
    if (record.state !== 'finished') {
      throw new VirtnetError('VIRTNET_CACHE_IO', `failed to use the phase-1 record of interface "${nic.iface.name}": phase 1 has not finished (state "${record.state}")`, { context, retryable: true });
    }
    records.push(record);
  }
  return records;
}

/** The full server config: phase 1's network part plus what only the launcher pod knows. Pure. */
export function dhcpServerConfig(
  network: DhcpV4NetworkConfig,
  iface: VmiInterface,
  vmi: VirtualMachineInstance,
  resolv: ResolvConf,
  hostname: string,
  settings: InterfaceDhcpSettings,
): DhcpV4ServerConfig {
  const searchDomains = searchDomainsWithSubdomain(resolv.searchDomains, vmi.spec.subdomain);
  const opts = iface.dhcpOptions ?? {};
  const { leaseSeconds } = settings;
  return {
    ...network,
    ...(leaseSeconds !== undefined ? { leaseSeconds } : {}),
    dnsServers: resolv.nameserversV4,
    searchDomains,
    ...(hostname !== '' ? { hostname } : {}),
    ...(opts.ntpServers !== undefined ? { ntpServers: opts.ntpServers } : {}),
    ...(opts.tftpServerName !== undefined ? { tftpServerName: opts.tftpServerName } : {}),
    ...(opts.bootFileName !== undefined ? { bootFileName: opts.bootFileName } : {}),
    ...(opts.privateOptions !== undefined ? { privateOptions: opts.privateOptions.map((o) => ({ code: o.option, value: o.value })) } : {}),
  };
}

/** The DHCPv6/RA config: phase 1's network part plus the bridge's MAC and what only the launcher pod knows. Pure. */
export function dhcpV6ServerConfig(
  network: DhcpV6NetworkConfig,
  serverMac: string,
  vmi: VirtualMachineInstance,
  resolv: ResolvConf,
  settings: InterfaceDhcpSettings,
): DhcpV6ServerConfig {
  const { leaseSeconds } = settings;
  return {
    ...network,
    serverMac,
    dnsServers: resolv.nameserversV6,
    searchDomains: searchDomainsWithSubdomain(resolv.searchDomains, vmi.spec.subdomain),
    ...(leaseSeconds !== undefined ? { validLifetimeSeconds: leaseSeconds, preferredLifetimeSeconds: leaseSeconds } : {}),
  };
}

export async function startPhase2(opts: Phase2Options): Promise<LauncherNetwork> {
  const log = opts.log ?? silentLogger;
  const records = await readFinishedRecords(opts);
  const network: LauncherNetwork = {
    interfacesXml: records.map((r) => toInterfaceXml(r.domain)),
    servers: [],
    dhcpV6Servers: [],
    routerAdvertisers: [],
    stop: async () => {
      for (const advertiser of network.routerAdvertisers) advertiser.stop();
      await Promise.allSettled([...network.servers, ...network.dhcpV6Servers].map((s) => s.stop()));
    },
  };
  // Read once for every interface and family.
  const resolv = parseResolvConf(opts.resolvConf);
  try {
    for (const record of records) {
      const served = { record, resolv, settings: dhcpSettingsFor(opts.vmi, record.iface) };
      if (served.settings.disabled === true) {
        log('info', 'dhcp switched off by annotation', { iface: record.iface });
        continue;
      }
      if (record.dhcp !== null && !record.dhcp.ipamDisabled) await startDhcpV4(opts, served, record.dhcp, network, log);
      if (record.dhcpv6 !== undefined && record.dhcpv6 !== null) await startDhcpV6(opts, served, record.dhcpv6, network, log);
    }
  } catch (err) {
    await network.stop();
    throw err;
  }
  return network;
}

/** What phase 2 serves one interface from: its record, the pod's resolver config, the interface's DHCP settings. */
interface ServedInterface {
  record: InterfaceCacheRecord;
  resolv: ResolvConf;
  settings: InterfaceDhcpSettings;
}

async function startDhcpV4(opts: Phase2Options, { record, resolv, settings }: ServedInterface, dhcp: DhcpV4NetworkConfig, network: LauncherNetwork, log: Logger): Promise<void> {
  const iface = (opts.vmi.spec.domain.devices.interfaces ?? []).find((i) => i.name === record.iface) as VmiInterface;
  const config = dhcpServerConfig(dhcp, iface, opts.vmi, resolv, opts.hostname, settings);
  const openSocket = opts.openSocket;
  const server = new DhcpV4Server(config, {
    ...(openSocket !== undefined ? { openSocket: () => openSocket(config.bridgeName) } : {}),
    log: (event) => log('debug', 'dhcpv4', { iface: record.iface, ...event }),
  });
  await server.start();
  network.servers.push(server);
  log('info', 'dhcpv4 server listening', { iface: record.iface, bridge: config.bridgeName, address: config.address });
}

/**
 * DHCPv6 and Router Advertisements on the interface's bridge. The RA socket
 * is a raw ICMPv6 socket: the launcher needs CAP_NET_RAW for it, and only
 * when a VM interface has IPv6 (README, privilege model).
 */
async function startDhcpV6(opts: Phase2Options, { record, resolv, settings }: ServedInterface, dhcpv6: DhcpV6NetworkConfig, network: LauncherNetwork, log: Logger): Promise<void> {
  const context = { vmi: opts.vmi.metadata.name, network: record.network, iface: record.iface, step: 'dhcpv6' };
  const config = dhcpV6ServerConfig(dhcpv6, bridgeMac(dhcpv6.bridgeName, context), opts.vmi, resolv, settings);
  const server = new DhcpV6Server(config, { log: (event) => log('debug', 'dhcpv6', { iface: record.iface, ...event }) });
  await server.start();
  network.dhcpV6Servers.push(server);
  const advertiser = new RouterAdvertiser(config, {
    ...(opts.raIntervals !== undefined ? { intervals: opts.raIntervals } : {}),
    log: (event) => log('debug', 'ra', { iface: record.iface, ...event }),
  });
  try {
    advertiser.start();
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    const hint = isNativeError(cause) && cause.code === 'EPERM' ? ': the launcher needs CAP_NET_RAW when a VM interface has IPv6' : '';
    throw new VirtnetError('VIRTNET_NATIVE', `${errMessage(err)}${hint}`, { cause: err, context });
  }
  network.routerAdvertisers.push(advertiser);
  log('info', 'dhcpv6 server and router advertisements running', { iface: record.iface, bridge: config.bridgeName, address: config.address });
}

/**
 * The bridge's MAC as the kernel has it (the bridge binding's bridge gets a
 * kernel-chosen one), from sysfs: a container's /sys shows its own netns,
 * and loading the netlink library for this one read would cost the launcher
 * ~14 MB of resident memory.
 */
function bridgeMac(bridgeName: string, context: ErrorContext): string {
  const file = `/sys/class/net/${bridgeName}/address`;
  try {
    return parseMac(readFileSync(file, 'utf8').trim());
  } catch (err) {
    throw new VirtnetError('VIRTNET_DISCOVERY', `failed to read the MAC of bridge "${bridgeName}" from "${file}": ${errMessage(err)}; run "virtnet handler setup" first`, {
      cause: err,
      context,
    });
  }
}
