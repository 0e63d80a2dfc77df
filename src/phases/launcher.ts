/**
 * The launcher: phase 2 plus the domain's life cycle, what virt-launcher does
 * with its libvirtd. It serves each interface's phase 2 (DHCP), merges the
 * generated devices into the base domain, defines and starts it, follows VMI
 * changes (an interface added is attached live, one marked `state: absent`
 * detached, `state: up/down` changes the link), and on stop shuts the domain
 * down (ACPI first, then destroy after a grace period, as virt-launcher's
 * graceful shutdown does), undefines it and stops the servers.
 *
 * Phase 2 runs per interface (phase2.ts on a VMI narrowed to that interface):
 * one LauncherNetwork per interface is what lets an unplug stop exactly that
 * interface's DHCP server.
 */
import { VirtnetError, errMessage } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { VirtualMachineInstance, VmiInterface } from '../core/vmi.js';
import { deviceAlias, domainName, mergeDomainDevices } from '../libvirt/domain-xml.js';
import { USER_ALIAS_PREFIX } from '../libvirt/interface-xml.js';
import { VirshDriver } from '../drivers/virsh.js';
import { startPhase2, type LauncherNetwork, type Phase2Options } from './phase2.js';
import { vmiNics } from './interfaces.js';

export interface LauncherOptions extends Omit<Phase2Options, 'openSocket'> {
  /** the domain without virtnet's devices (name, memory, os, disks, serial, ...) */
  baseDomainXml: string;
  libvirtUri: string;
  /** how long `stop()` waits for the guest to power off before destroying it (default 30 s) */
  shutdownTimeoutMs?: number;
  /** test seam (default: `virsh` on libvirtUri) */
  virsh?: VirshDriver;
}

export interface LauncherTimings {
  phase2Ms: number;
  defineMs: number;
  startMs: number;
}

export interface SyncResult {
  attached: string[];
  detached: string[];
  linkChanged: { iface: string; state: 'up' | 'down' }[];
}

export interface RunningLauncher {
  domain: string;
  /** the domain XML as defined */
  domainXml: string;
  timings: LauncherTimings;
  /** interface name → its phase 2 (device XML and DHCP servers) */
  networks(): ReadonlyMap<string, LauncherNetwork>;
  /** Brings the domain's interfaces to what `vmi` asks for (hotplug, unplug, link state). */
  sync(vmi: VirtualMachineInstance): Promise<SyncResult>;
  /** Shuts the domain down and stops every server; idempotent. */
  stop(): Promise<void>;
}

/** `vmi` with only the named interfaces and their networks: phase 2 for a subset. Pure. */
export function vmiWithInterfaces(vmi: VirtualMachineInstance, names: readonly string[]): VirtualMachineInstance {
  const keep = new Set(names);
  return {
    ...vmi,
    spec: {
      ...vmi.spec,
      domain: {
        ...vmi.spec.domain,
        devices: { ...vmi.spec.domain.devices, interfaces: (vmi.spec.domain.devices.interfaces ?? []).filter((i) => keep.has(i.name)) },
      },
      networks: (vmi.spec.networks ?? []).filter((n) => keep.has(n.name)),
    },
  };
}

/** Interfaces phase 2 renders a device for: present (not `absent`) and not SR-IOV (a hostdev, not phase 2's). Pure. */
export function presentInterfaces(vmi: VirtualMachineInstance): VmiInterface[] {
  return vmiNics(vmi)
    .filter((nic) => nic.iface.state !== 'absent' && nic.binding !== 'sriov')
    .map((nic) => nic.iface);
}

export interface InterfaceChanges {
  added: string[];
  removed: string[];
  linkChanged: { iface: string; state: 'up' | 'down' }[];
}

/** What differs between the interfaces the domain has and what the VMI asks for. Pure. */
export function diffInterfaces(current: VirtualMachineInstance, wanted: VirtualMachineInstance): InterfaceChanges {
  const before = new Map(presentInterfaces(current).map((i) => [i.name, i]));
  const after = new Map(presentInterfaces(wanted).map((i) => [i.name, i]));
  const linkState = (i: VmiInterface): 'up' | 'down' => (i.state === 'down' ? 'down' : 'up');
  return {
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
    linkChanged: [...after.values()]
      .filter((i) => before.has(i.name) && linkState(before.get(i.name)!) !== linkState(i))
      .map((i) => ({ iface: i.name, state: linkState(i) })),
  };
}

/** The device target (`<target dev>`) or MAC of a rendered interface: what `domif-setlink` takes. */
function linkHandle(deviceXml: string): string | undefined {
  return /<target dev="([^"]+)"/.exec(deviceXml)?.[1] ?? /<mac address="([^"]+)"/.exec(deviceXml)?.[1];
}

export async function runLauncher(opts: LauncherOptions): Promise<RunningLauncher> {
  const log = opts.log ?? silentLogger;
  const virsh = opts.virsh ?? new VirshDriver(opts.libvirtUri);
  const domain = domainName(opts.baseDomainXml);
  const context = { vmi: opts.vmi.metadata.name, step: 'launcher' };
  const networks = new Map<string, LauncherNetwork>();
  let current = opts.vmi;

  const startInterfaces = async (vmi: VirtualMachineInstance, names: readonly string[]): Promise<void> => {
    for (const name of names) {
      const network = await startPhase2({ ...opts, vmi: vmiWithInterfaces(vmi, [name]), log });
      networks.set(name, network);
    }
  };
  const stopServers = async (): Promise<void> => {
    await Promise.allSettled([...networks.values()].map((n) => n.stop()));
  };

  const t0 = performance.now();
  let domainXml: string;
  const timings: LauncherTimings = { phase2Ms: 0, defineMs: 0, startMs: 0 };
  try {
    await startInterfaces(opts.vmi, presentInterfaces(opts.vmi).map((i) => i.name));
    timings.phase2Ms = performance.now() - t0;
    domainXml = mergeDomainDevices(opts.baseDomainXml, [...networks.values()].flatMap((n) => n.interfacesXml));
    const t1 = performance.now();
    await virsh.define(domainXml);
    timings.defineMs = performance.now() - t1;
    const t2 = performance.now();
    if ((await virsh.domainState(domain)) === 'running') {
      log('warn', 'domain already running; devices change on the next start', { domain });
    } else {
      await virsh.start(domain);
    }
    timings.startMs = performance.now() - t2;
  } catch (err) {
    await stopServers();
    throw err instanceof VirtnetError ? err.withContext(context) : new VirtnetError('VIRTNET_LIBVIRT', `failed to launch domain "${domain}": ${errMessage(err)}`, { cause: err, context });
  }
  log('info', 'domain started', { domain, interfaces: [...networks.keys()], timings });

  const sync = async (vmi: VirtualMachineInstance): Promise<SyncResult> => {
    const changes = diffInterfaces(current, vmi);
    const result: SyncResult = { attached: [], detached: [], linkChanged: [] };
    for (const name of changes.removed) {
      const network = networks.get(name);
      if (network === undefined) continue;
      for (const xml of network.interfacesXml) await virsh.detachDevice(domain, xml);
      await network.stop();
      networks.delete(name);
      result.detached.push(name);
      log('info', 'interface detached', { domain, iface: name });
    }
    for (const name of changes.added) {
      await startInterfaces(vmi, [name]);
      const network = networks.get(name)!;
      try {
        for (const xml of network.interfacesXml) await virsh.attachDevice(domain, xml);
      } catch (err) {
        await network.stop();
        networks.delete(name);
        throw err;
      }
      result.attached.push(name);
      log('info', 'interface attached', { domain, iface: name, aliases: network.interfacesXml.map(deviceAlias) });
    }
    for (const change of changes.linkChanged) {
      const xml = networks.get(change.iface)?.interfacesXml.find((x) => deviceAlias(x) === `${USER_ALIAS_PREFIX}${change.iface}`);
      const handle = xml === undefined ? undefined : linkHandle(xml);
      if (handle === undefined) {
        throw new VirtnetError('VIRTNET_LIBVIRT', `failed to set the link of interface "${change.iface}" ${change.state}: it has no target device or MAC`, { context: { ...context, iface: change.iface } });
      }
      await virsh.setLinkState(domain, handle, change.state);
      result.linkChanged.push(change);
      log('info', 'interface link changed', { domain, iface: change.iface, state: change.state });
    }
    current = vmi;
    return result;
  };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await shutDownDomain(virsh, domain, opts.shutdownTimeoutMs ?? 30_000, log);
        await virsh.undefine(domain);
      } finally {
        await stopServers();
      }
      log('info', 'domain stopped', { domain });
    })();
    return stopping;
  };

  return { domain, domainXml, timings, networks: () => networks, sync, stop };
}

/** ACPI power-off, then destroy when the guest has not powered off within `timeoutMs`. */
async function shutDownDomain(virsh: VirshDriver, domain: string, timeoutMs: number, log: Logger): Promise<void> {
  const state = await virsh.domainState(domain);
  if (state === null || state === 'shut off') return;
  await virsh.shutdown(domain).catch((err: unknown) => log('warn', 'failed to ask the guest to power off', { domain, error: errMessage(err) }));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await virsh.domainState(domain)) === 'shut off') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log('warn', 'guest did not power off in time; destroying the domain', { domain, timeoutMs });
  await virsh.destroy(domain);
}
