/**
 * Phase 1 (virt-handler's part): inside the launcher pod's netns, for every
 * interface that needs pod plumbing: read state → discover → cache → apply.
 *
 * Crash safety, where KubeVirt fails the VM ("cannot be restarted"):
 *  - everything is planned for every interface before anything is changed,
 *    so a bad interface (an ipvlan pod NIC for bridge, a missing link) leaves
 *    the pod untouched;
 *  - the facts discovered before the first change are cached (atomically) and
 *    a re-run plans from them, never from the half-rewired pod;
 *  - apply is create-if-missing and change-only-what-differs, addressed by
 *    ifindex where names change, so running it again after a crash at any point
 *    converges to the state of an uninterrupted run, and running it after a
 *    complete run changes nothing.
 * A cache record written for another pod of the same VMI (different netns) is
 * never reused: its facts describe a pod that no longer exists.
 */
import { VirtnetError, wrapError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { NetState, PlaceholderKind } from '../core/net-state.js';
import { resolvePodInterfaceName } from '../core/names.js';
import type { VirtualMachineInstance } from '../core/vmi.js';
import type { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';
import type { NetnsHandle } from '../drivers/netns.js';
import { NetlinkDriver } from '../drivers/netlink.js';
import { readNetState } from '../drivers/read-state.js';
import { applyNetSpec, type AppliedChange } from '../drivers/apply-spec.js';
import { applyNftBatch } from '../drivers/nft.js';
import { ensureCharDevice, launcherRootOf, readMacvtapDeviceNumber } from '../drivers/char-device.js';
import { bindingContext, vmiNics, type VmiNic } from './interfaces.js';
import { choosePlaceholderKind, type PlaceholderChoice } from './placeholder.js';
import type { BindingRegistry } from './registry.js';
import { teardownInterface } from './teardown.js';

export interface Phase1Options {
  vmi: VirtualMachineInstance;
  /** The launcher pod's network namespace. */
  ns: NetnsHandle;
  cache: InterfaceCache;
  registry: BindingRegistry;
  placeholder?: PlaceholderChoice;
  /**
   * The launcher's root directory, where device nodes (macvtap's `/dev/tap<N>`) are made.
   * Default: `/proc/<pid>/root` when `ns` was opened by pid; required otherwise when a plan has devices.
   */
  launcherRoot?: string;
  log?: Logger;
  /** Each kernel change as it is made (see ApplyOptions.onChange: throwing aborts, like a crash). */
  onChange?: (change: AppliedChange) => void;
}

export interface Phase1InterfaceResult {
  iface: string;
  binding: string;
  podIfaceName: string;
  /** `configured`: plumbing applied now; `unplugged`: `state: absent` removed; `no-plumbing`: SR-IOV. */
  outcome: 'configured' | 'unplugged' | 'no-plumbing';
  /** Kernel changes made by this run (0 on a converged re-run). */
  changes: number;
  /** true when the facts came from this pod's cache (a re-run). */
  resumed: boolean;
}

interface PlannedNic {
  nic: VmiNic;
  record: InterfaceCacheRecord;
  resumed: boolean;
}

/** Bindings whose pod plumbing is nothing at all (the VF is passed to the guest). */
const NO_POD_PLUMBING = new Set(['sriov']);

export async function runPhase1(opts: Phase1Options): Promise<Phase1InterfaceResult[]> {
  const { vmi, ns, cache, registry } = opts;
  const log = opts.log ?? silentLogger;
  const nics = vmiNics(vmi);
  // Refuse unknown bindings before touching anything.
  for (const nic of nics) if (!NO_POD_PLUMBING.has(nic.binding)) registry.get(nic.binding);

  const driver = NetlinkDriver.open(ns);
  try {
    let state = await readNetState(driver);
    log('debug', 'current pod network', { vmi: vmi.metadata.name, state });
    const results: Phase1InterfaceResult[] = [];
    let unplugChanges = 0;

    for (const nic of nics.filter((n) => n.iface.state === 'absent')) {
      const record = await cache.read(vmi.metadata.uid, nic.iface.name);
      if (record === null) continue;
      const changes = record.podKey === ns.key ? await teardownInterface(ns, driver, record, { restoreSysctls: false }) : 0;
      unplugChanges += changes;
      await cache.delete(vmi.metadata.uid, nic.iface.name);
      results.push({ iface: nic.iface.name, binding: nic.binding, podIfaceName: record.podIfaceName, outcome: 'unplugged', changes, resumed: false });
    }

    if (unplugChanges > 0) state = await readNetState(driver);

    const active = nics.filter((n) => n.iface.state !== 'absent');
    const planned = await planAll(opts, driver, state, active.filter((n) => !NO_POD_PLUMBING.has(n.binding)));
    // The state read above is still the pod's until the first interface changes it; later ones re-read.
    let current: NetState | undefined = state;
    for (const p of planned) {
      results.push(await applyPlanned(opts, ns, driver, p, current, log));
      current = undefined;
    }
    for (const nic of active.filter((n) => NO_POD_PLUMBING.has(n.binding))) {
      results.push({ iface: nic.iface.name, binding: nic.binding, podIfaceName: '', outcome: 'no-plumbing', changes: 0, resumed: false });
    }
    return results;
  } finally {
    driver.close();
  }
}

async function planAll(opts: Phase1Options, driver: NetlinkDriver, state: NetState, nics: VmiNic[]): Promise<PlannedNic[]> {
  const { vmi, ns, cache, registry } = opts;
  const linkNames = state.links.map((l) => l.name);
  const placeholderKind = await placeholderKindFor(opts, driver, state, nics, linkNames);
  const planned: PlannedNic[] = [];
  for (const nic of nics) {
    const context = { vmi: vmi.metadata.name, network: nic.network.name, iface: nic.iface.name, step: 'plan' };
    try {
      const strategy = registry.get(nic.binding);
      const cached = await cache.read(vmi.metadata.uid, nic.iface.name);
      const resumed = cached !== null && cached.podKey === ns.key;
      const ctx = bindingContext(vmi, nic, linkNames, placeholderKind);
      const discovered = resumed ? cached.facts : strategy.discoverPodInterface(ctx, state);
      // Only sysfs knows a macvtap's device number; read once, then kept with the facts.
      const facts =
        !resumed && nic.binding === 'macvtap' ? { ...discovered, charDevice: await readMacvtapDeviceNumber(ns, discovered.name) } : discovered;
      const plan = strategy.preparePodInterface(ctx, facts);
      if ((plan.devices ?? []).length > 0 && launcherRootFor(opts) === undefined) {
        throw new VirtnetError('VIRTNET_VALIDATION', `failed to plan the device nodes of interface "${nic.iface.name}": the launcher's root is unknown for netns "${ns.path}"; give launcherRoot`);
      }
      const record: InterfaceCacheRecord = {
        version: 1,
        vmiUid: vmi.metadata.uid,
        vmiName: vmi.metadata.name,
        vmiNamespace: vmi.metadata.namespace ?? 'default',
        podKey: ns.key,
        network: nic.network.name,
        iface: nic.iface.name,
        podIfaceName: ctx.podIfaceName,
        binding: nic.binding,
        state: resumed ? cached.state : 'started',
        facts,
        dhcp: strategy.generateDhcpConfig(ctx, facts),
        dhcpv6: strategy.generateDhcpV6Config?.(ctx, facts) ?? null,
        domain: strategy.generateDomainInterface(ctx, facts),
        plan,
        sysctlsBefore: resumed ? cached.sysctlsBefore : plan.spec.sysctls.map((s) => ({ path: s.path, value: ns.readSysctl(s.path) })),
        updatedAt: new Date().toISOString(),
      };
      planned.push({ nic, record, resumed });
    } catch (err) {
      throw wrapError(err, 'VIRTNET_INTERNAL', `failed to plan interface "${nic.iface.name}"`, context);
    }
  }
  return planned;
}

/**
 * Decided once per run, and only when a bridge NIC needs a placeholder: the
 * `auto` probe creates and deletes a link in the pod, work no other binding
 * should pay for. Other bindings never read the value.
 */
async function placeholderKindFor(
  opts: Phase1Options,
  driver: NetlinkDriver,
  state: NetState,
  nics: readonly VmiNic[],
  linkNames: readonly string[],
): Promise<PlaceholderKind> {
  const bridged = nics.filter((n) => n.binding === 'bridge');
  if (bridged.length === 0) return 'ifb';
  const podIfaceNames = bridged.map((n) => resolvePodInterfaceName(opts.vmi, n.network, linkNames));
  return choosePlaceholderKind(driver, state, opts.placeholder ?? 'auto', podIfaceNames);
}

function launcherRootFor(opts: Phase1Options): string | undefined {
  return opts.launcherRoot ?? launcherRootOf(opts.ns.path);
}

async function applyPlanned(
  opts: Phase1Options,
  ns: NetnsHandle,
  driver: NetlinkDriver,
  p: PlannedNic,
  state: NetState | undefined,
  log: Logger,
): Promise<Phase1InterfaceResult> {
  const { vmi, cache } = opts;
  const context = { vmi: vmi.metadata.name, network: p.nic.network.name, iface: p.nic.iface.name };
  // The facts must be durable before the first change: they are what a re-run plans from.
  // A resumed run planned from facts already on disk, so there is nothing to secure first.
  const stored = p.resumed ? p.record : await cache.write(p.record);
  let changes: number;
  try {
    // NAT rules name links without needing them to exist, so the `nft` processes (one atomic
    // batch per family, each replacing virtnet's chains: re-applying is harmless) run while the
    // links are made, and their start-up costs no time of its own.
    const nat = Promise.allSettled(p.record.plan.nft.map((batch) => applyNftBatch(ns, batch)));
    const report = await applyNetSpec(ns, driver, p.record.plan.spec, {
      context,
      // Until this first interface changes anything, what planning read is still the pod's.
      ...(state !== undefined ? { state } : {}),
      ...(state !== undefined && !p.resumed ? { sysctls: new Map(p.record.sysctlsBefore.map((s) => [s.path, s.value])) } : {}),
      ...(opts.onChange !== undefined ? { onChange: opts.onChange } : {}),
    }).finally(() => nat);
    const natFailure = (await nat).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (natFailure !== undefined) throw natFailure.reason;
    changes = report.changes.length;
    for (const device of p.record.plan.devices ?? []) changes += await ensureCharDevice(launcherRootFor(opts) as string, device);
  } catch (err) {
    throw wrapError(err, 'VIRTNET_INTERNAL', `failed to apply the pod network of interface "${p.nic.iface.name}"`, { ...context, step: 'apply' });
  }
  await cache.writeState(stored, 'finished');
  log('info', 'interface plumbed', { ...context, binding: p.nic.binding, podIface: p.record.podIfaceName, changes, resumed: p.resumed });
  return { iface: p.nic.iface.name, binding: p.nic.binding, podIfaceName: p.record.podIfaceName, outcome: 'configured', changes, resumed: p.resumed };
}

