/**
 * Phase 2 (virt-launcher's part), inside the launcher pod as an unprivileged
 * user: read what phase 1 cached, render the libvirt devices, serve DHCP on
 * each bridge. Nothing here needs CAP_NET_ADMIN; port 67 needs
 * CAP_NET_BIND_SERVICE (or ip_unprivileged_port_start).
 */
import { VirtnetError } from '../core/errors.js';
import { dhcpSettingsFor } from '../core/dhcp-settings.js';
import { silentLogger, type Logger } from '../core/log.js';
import { parseResolvConf, searchDomainsWithSubdomain } from '../core/resolv-conf.js';
import type { VirtualMachineInstance, VmiInterface } from '../core/vmi.js';
import { toInterfaceXml } from '../libvirt/interface-xml.js';
import type { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';
import type { DhcpV4NetworkConfig, DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { DhcpV4Server } from '../../dhcp/v4/server.js';
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
  /** Test seam for the socket; default: native socket bound to the bridge in this netns. */
  openSocket?: (bridgeName: string) => number;
}

export interface LauncherNetwork {
  /** `<interface>` elements, one per tap-attached VMI interface, in spec order. */
  interfacesXml: string[];
  servers: DhcpV4Server[];
  stop(): Promise<void>;
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
  resolvConfText: string,
  hostname: string,
): DhcpV4ServerConfig {
  const resolv = parseResolvConf(resolvConfText);
  const searchDomains = searchDomainsWithSubdomain(resolv.searchDomains, vmi.spec.subdomain);
  const opts = iface.dhcpOptions ?? {};
  const { leaseSeconds } = dhcpSettingsFor(vmi, iface.name);
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

export async function startPhase2(opts: Phase2Options): Promise<LauncherNetwork> {
  const log = opts.log ?? silentLogger;
  const records = await readFinishedRecords(opts);
  const ifaces = opts.vmi.spec.domain.devices.interfaces ?? [];
  const servers: DhcpV4Server[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(servers.map((s) => s.stop()));
  };
  try {
    for (const record of records) {
      if (record.dhcp === null || record.dhcp.ipamDisabled) continue;
      if (dhcpSettingsFor(opts.vmi, record.iface).disabled === true) {
        log('info', 'dhcp switched off by annotation', { iface: record.iface });
        continue;
      }
      const iface = ifaces.find((i) => i.name === record.iface) as VmiInterface;
      const config = dhcpServerConfig(record.dhcp, iface, opts.vmi, opts.resolvConf, opts.hostname);
      const openSocket = opts.openSocket;
      const server = new DhcpV4Server(config, {
        ...(openSocket !== undefined ? { openSocket: () => openSocket(config.bridgeName) } : {}),
        log: (event) => log('debug', 'dhcpv4', { iface: record.iface, ...event }),
      });
      await server.start();
      servers.push(server);
      log('info', 'dhcpv4 server listening', { iface: record.iface, bridge: config.bridgeName, address: config.address });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { interfacesXml: records.map((r) => toInterfaceXml(r.domain)), servers, stop };
}
