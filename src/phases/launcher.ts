/**
 * The launcher: phase 2 plus the domain's life cycle, what virt-launcher does
 * with its libvirtd. It serves each interface's phase 2 (DHCP), runs passt for
 * passt interfaces whose libvirt cannot (launcher-managed passt), adds the
 * `<hostdev>` of each SR-IOV VF, merges the generated devices into the base
 * domain, defines and starts it, follows VMI changes (an interface added is
 * attached live, one marked `state: absent` detached, `state: up/down` changes
 * the link), and on stop shuts the domain down (ACPI first, then destroy after
 * a grace period, as virt-launcher's graceful shutdown does), undefines it and
 * stops the servers and passt.
 *
 * Phase 2 runs per interface (phase2.ts on a VMI narrowed to that interface):
 * one LauncherNetwork per interface is what lets an unplug stop exactly that
 * interface's DHCP server.
 *
 * passt, SR-IOV and virsh are imported when a VMI or call needs them: the
 * launcher stays resident for the VM's lifetime, and what it never loads
 * costs no memory.
 */
import { VirtnetError, errMessage } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { VirtualMachineInstance, VmiInterface } from '../core/vmi.js';
import { deviceAlias, domainName, mergeDomainDevices, mergeQemuCommandline } from '../libvirt/domain-xml.js';
import { USER_ALIAS_PREFIX } from '../libvirt/interface-xml.js';
import type { VirshDriver } from '../drivers/virsh.js';
import type { LibvirtPasstSupport, PasstMode, PasstModeRequest } from '../launcher/passt-mode.js';
import type { PasstSupervisor } from '../launcher/passt-supervisor.js';
import { readFinishedRecords, startPhase2, type LauncherNetwork, type Phase2Options } from './phase2.js';
import { vmiNics } from './interfaces.js';
import { LAUNCHER_RUN_DIR } from '../launcher/paths.js';

export interface SriovLauncherOptions {
  /** The downward-API network-info file (default `/etc/podinfo/network-info`). */
  networkInfoPath?: string;
  /** `KUBEVIRT_RESOURCE_NAME_*` / `PCIDEVICE_*` (default: this process's environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default `/sys`. */
  sysfsRoot?: string;
}

export interface LauncherOptions extends Omit<Phase2Options, 'openSocket'> {
  /** the domain without virtnet's devices (name, memory, os, disks, serial, ...) */
  baseDomainXml: string;
  libvirtUri: string;
  /** how long `stop()` waits for the guest to power off before destroying it (default 30 s) */
  shutdownTimeoutMs?: number;
  /** test seam (default: `virsh` on libvirtUri) */
  virsh?: VirshDriver;
  /** Who runs passt for passt interfaces (default `auto`: libvirt when it reports passt support). */
  passtMode?: PasstModeRequest;
  /** test seam (default: probeLibvirtPasstSupport through the launcher's virsh, only when the VMI has a passt interface) */
  probePasst?: () => Promise<LibvirtPasstSupport>;
  /** The launcher's writable run directory; launcher-managed passt's sockets go below it (default LAUNCHER_RUN_DIR). */
  runDir?: string;
  sriov?: SriovLauncherOptions;
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
  /** How each passt interface is run (empty without passt interfaces). */
  passtModes: ReadonlyMap<string, PasstMode>;
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

/** One interface as the launcher runs it. */
interface LauncherNic {
  network: LauncherNetwork;
  /** What goes into `<devices>` (none for launcher-managed passt). */
  devicesXml: string[];
  /** What goes into `<qemu:commandline>` (launcher-managed passt). */
  qemuArgs: string[];
  /** Set for launcher-managed passt. */
  passt?: PasstSupervisor;
  stop(): Promise<void>;
}

/** Names of the present interfaces of `binding`. */
function interfacesOf(vmi: VirtualMachineInstance, binding: string): string[] {
  return vmiNics(vmi)
    .filter((nic) => nic.binding === binding && nic.iface.state !== 'absent')
    .map((nic) => nic.iface.name);
}

/** `<hostdev>` of every SR-IOV VF of the VMI, each VF checked in sysfs (sriov-discovery.ts). */
async function sriovHostdevsXml(vmi: VirtualMachineInstance, opts: SriovLauncherOptions): Promise<string[]> {
  if (interfacesOf(vmi, 'sriov').length === 0) return [];
  const [{ readNetworkInfo, sriovHostdevs }, { NETWORK_INFO_PATH }, { toHostdevXml }] = await Promise.all([
    import('../../bindings/sriov-discovery.js'),
    import('../../bindings/sriov.js'),
    import('../libvirt/interface-xml.js'),
  ]);
  const networkInfo = await readNetworkInfo(vmi, opts.networkInfoPath ?? NETWORK_INFO_PATH);
  const hostdevs = sriovHostdevs(vmi, {
    ...(networkInfo === undefined ? {} : { networkInfo }),
    env: opts.env ?? process.env,
    ...(opts.sysfsRoot === undefined ? {} : { sysfsRoot: opts.sysfsRoot }),
  });
  return hostdevs.map(toHostdevXml);
}

interface PasstPlan {
  mode: PasstMode;
  support: LibvirtPasstSupport | null;
}

/** The passt mode for this VMI: an explicit `libvirt` needs no probe; otherwise libvirt is asked once. */
async function planPasst(opts: LauncherOptions, virsh: VirshDriver): Promise<PasstPlan | null> {
  if (interfacesOf(opts.vmi, 'passt').length === 0) return null;
  const request = opts.passtMode ?? 'auto';
  if (request === 'libvirt') return { mode: 'libvirt', support: null };
  const { choosePasstMode, probeLibvirtPasstSupport } = await import('../launcher/passt-mode.js');
  const support = await (opts.probePasst ?? (() => probeLibvirtPasstSupport(virsh)))();
  return { mode: choosePasstMode(request, support), support };
}

export async function runLauncher(opts: LauncherOptions): Promise<RunningLauncher> {
  const log = opts.log ?? silentLogger;
  const virsh = opts.virsh ?? new (await import('../drivers/virsh.js')).VirshDriver(opts.libvirtUri);
  const domain = domainName(opts.baseDomainXml);
  const context = { vmi: opts.vmi.metadata.name, step: 'launcher' };
  const nics = new Map<string, LauncherNic>();
  const passtModes = new Map<string, PasstMode>();
  let current = opts.vmi;

  const fail = (err: unknown): VirtnetError =>
    err instanceof VirtnetError ? err.withContext(context) : new VirtnetError('VIRTNET_LIBVIRT', `failed to launch domain "${domain}": ${errMessage(err)}`, { cause: err, context });

  // Everything that can be refused without starting anything: the domain name, the VFs, the passt mode.
  let hostdevsXml: string[];
  let passtPlan: PasstPlan | null;
  try {
    hostdevsXml = await sriovHostdevsXml(opts.vmi, opts.sriov ?? {});
    passtPlan = await planPasst(opts, virsh);
  } catch (err) {
    throw fail(err);
  }
  const passtIfaces = new Set(interfacesOf(opts.vmi, 'passt'));

  /** The launcher-managed passt of interface `name`, started; its qemu arguments. */
  const startPasst = async (vmi: VirtualMachineInstance, name: string): Promise<{ supervisor: PasstSupervisor; qemuArgs: string[] }> => {
    const [{ launcherManagedPasst }, { PASST_USER_ID }] = await Promise.all([import('../launcher/passt-supervisor.js'), import('../../bindings/passt.js')]);
    const [record] = await readFinishedRecords({ vmi, cache: opts.cache, podKey: opts.podKey });
    const managed = launcherManagedPasst(record!.domain, {
      runDir: opts.runDir ?? LAUNCHER_RUN_DIR,
      qemuVersion: passtPlan?.support?.qemuVersion ?? null,
      // A root launcher's passt would otherwise drop to `nobody`.
      ...(process.getuid?.() === 0 ? { runAs: PASST_USER_ID } : {}),
      log,
      onGiveUp: (err) => log('error', err.message, { domain, iface: name, error: err.toJSON() }),
    });
    await managed.supervisor.start();
    return managed;
  };

  const startInterfaces = async (vmi: VirtualMachineInstance, names: readonly string[]): Promise<void> => {
    for (const name of names) {
      const narrowed = vmiWithInterfaces(vmi, [name]);
      const network = await startPhase2({ ...opts, vmi: narrowed, log });
      const nic: LauncherNic = { network, devicesXml: network.interfacesXml, qemuArgs: [], stop: () => network.stop() };
      nics.set(name, nic);
      if (!passtIfaces.has(name) || passtPlan === null) continue;
      passtModes.set(name, passtPlan.mode);
      log('info', 'passt mode chosen', { iface: name, mode: passtPlan.mode, requested: opts.passtMode ?? 'auto', libvirtBackends: passtPlan.support?.netBackends ?? null });
      if (passtPlan.mode !== 'launcher') continue;
      const { supervisor, qemuArgs } = await startPasst(narrowed, name);
      Object.assign(nic, {
        devicesXml: [],
        qemuArgs,
        passt: supervisor,
        stop: async () => {
          await Promise.allSettled([network.stop(), supervisor.stop()]);
        },
      });
    }
  };
  const stopServers = async (): Promise<void> => {
    await Promise.allSettled([...nics.values()].map((n) => n.stop()));
  };
  /** Launcher-managed passt reaches qemu on its command line only: libvirt cannot change it live. */
  const refuseLiveChange = (name: string, change: string): void => {
    if (nics.get(name)?.passt === undefined) return;
    throw new VirtnetError('VIRTNET_UNSUPPORTED_TOPOLOGY', `failed to ${change} interface "${name}" live: it is attached to a launcher-managed passt, which libvirt does not know; use the libvirt-managed passt mode`, {
      context: { ...context, iface: name },
    });
  };

  const t0 = performance.now();
  let domainXml: string;
  const timings: LauncherTimings = { phase2Ms: 0, defineMs: 0, startMs: 0 };
  try {
    await startInterfaces(opts.vmi, presentInterfaces(opts.vmi).map((i) => i.name));
    timings.phase2Ms = performance.now() - t0;
    const devices = [...[...nics.values()].flatMap((n) => n.devicesXml), ...hostdevsXml];
    domainXml = mergeQemuCommandline(mergeDomainDevices(opts.baseDomainXml, devices), [...nics.values()].flatMap((n) => n.qemuArgs));
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
    throw fail(err);
  }
  log('info', 'domain started', { domain, interfaces: [...nics.keys()], hostdevs: hostdevsXml.map(deviceAlias), timings });

  const sync = async (vmi: VirtualMachineInstance): Promise<SyncResult> => {
    const changes = diffInterfaces(current, vmi);
    for (const name of changes.removed) refuseLiveChange(name, 'unplug');
    for (const change of changes.linkChanged) refuseLiveChange(change.iface, `set the link ${change.state} of`);
    for (const name of changes.added.filter((n) => interfacesOf(vmi, 'passt').includes(n))) {
      throw new VirtnetError('VIRTNET_UNSUPPORTED_TOPOLOGY', `failed to hotplug interface "${name}": passt serves the pod network, which is plugged when the domain starts`, {
        context: { ...context, iface: name },
      });
    }
    const result: SyncResult = { attached: [], detached: [], linkChanged: [] };
    for (const name of changes.removed) {
      const nic = nics.get(name);
      if (nic === undefined) continue;
      for (const xml of nic.devicesXml) await virsh.detachDevice(domain, xml);
      await nic.stop();
      nics.delete(name);
      result.detached.push(name);
      log('info', 'interface detached', { domain, iface: name });
    }
    for (const name of changes.added) {
      await startInterfaces(vmi, [name]);
      const nic = nics.get(name)!;
      try {
        for (const xml of nic.devicesXml) await virsh.attachDevice(domain, xml);
      } catch (err) {
        await nic.stop();
        nics.delete(name);
        throw err;
      }
      result.attached.push(name);
      log('info', 'interface attached', { domain, iface: name, aliases: nic.devicesXml.map(deviceAlias) });
    }
    for (const change of changes.linkChanged) {
      const xml = nics.get(change.iface)?.devicesXml.find((x) => deviceAlias(x) === `${USER_ALIAS_PREFIX}${change.iface}`);
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
        // After the domain: qemu no longer holds passt's socket.
        await stopServers();
      }
      log('info', 'domain stopped', { domain });
    })();
    return stopping;
  };

  const networks = (): ReadonlyMap<string, LauncherNetwork> => new Map([...nics].map(([name, nic]) => [name, nic.network]));
  return { domain, domainXml, timings, passtModes, networks, sync, stop };
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
