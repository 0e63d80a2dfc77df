/**
 * Undoing phase 1 for one interface (`handler teardown`, and hot-unplug via
 * `state: absent`): delete what virtnet created, give the pod NIC back its
 * name, MAC, addresses and routes, remove virtnet's NAT chains (never the
 * whole `nat` table: istio-init and others keep theirs there). Every step
 * tolerates "already gone", so teardown is idempotent and can itself be re-run
 * after a crash. The sysctls phase 1 changed get the values they had before.
 */
import { silentLogger, type Logger } from '../core/log.js';
import { wrapError } from '../core/errors.js';
import type { LinkSpec, NetSpec } from '../core/net-state.js';
import type { VirtualMachineInstance } from '../core/vmi.js';
import type { PodNicFacts } from '../../bindings/configurator.js';
import type { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';
import type { NetnsHandle } from '../drivers/netns.js';
import { NetlinkDriver } from '../drivers/netlink.js';
import { applyNetSpec } from '../drivers/apply-spec.js';
import { applyNftBatch, listRuleset } from '../drivers/nft.js';
import { NAT_TABLE, planMasqueradeNatRemoval } from '../../bindings/masquerade-nft.js';

/**
 * The inverse of a phase-1 spec: links virtnet created go absent — first the
 * one holding the pod NIC's original name, so the name is free again — then
 * the CNI's own link (found by ifindex) gets its original identity back.
 */
export function undoSpec(spec: NetSpec, facts: PodNicFacts): NetSpec {
  const created = spec.links.filter((l) => l.kind !== 'existing');
  const holdsPodName = (l: LinkSpec): boolean => l.name === facts.name;
  const absent = (l: LinkSpec): LinkSpec => ({ name: l.name, kind: l.kind, state: 'absent' });
  const restored: LinkSpec[] = spec.links
    .filter((l) => l.kind === 'existing')
    .map((l) => ({
      name: facts.name,
      kind: 'existing',
      index: l.index ?? facts.index,
      state: 'up',
      mac: facts.mac,
      master: null,
      addresses: facts.addresses,
    }));
  return {
    links: [...created.filter(holdsPodName).map(absent), ...restored, ...created.filter((l) => !holdsPodName(l)).map(absent)],
    sysctls: [],
  };
}

/**
 * Returns the number of kernel changes made. Sysctls are pod-wide, so they are
 * written back only when the whole VMI goes (`restoreSysctls`), not on the
 * unplug of one interface while others still rely on them.
 */
export async function teardownInterface(
  ns: NetnsHandle,
  driver: NetlinkDriver,
  record: InterfaceCacheRecord,
  opts: { restoreSysctls: boolean },
): Promise<number> {
  const context = { vmi: record.vmiName, network: record.network, iface: record.iface, step: 'teardown' };
  try {
    const undo = undoSpec(record.plan.spec, record.facts);
    const report = await applyNetSpec(ns, driver, opts.restoreSysctls ? { ...undo, sysctls: record.sysctlsBefore } : undo, { context });
    let changes = report.changes.length;
    if (record.plan.spec.links.some((l) => l.kind === 'existing')) changes += await driver.ensureRoutes(record.facts.name, record.facts.routes);
    for (const { family } of record.plan.nft) {
      if (family !== 'ip' && family !== 'ip6') continue;
      const removal = planMasqueradeNatRemoval(family, await listRuleset(ns, family, NAT_TABLE));
      if (removal === null) continue;
      await applyNftBatch(ns, removal);
      changes += 1;
    }
    return changes;
  } catch (err) {
    throw wrapError(err, 'VIRTNET_INTERNAL', `failed to tear down interface "${record.iface}"`, context);
  }
}

export interface TeardownResult {
  iface: string;
  /** `removed`: plumbing undone; `stale`: the record belonged to an earlier pod and was only deleted. */
  outcome: 'removed' | 'stale';
  changes: number;
}

export interface TeardownOptions {
  vmi: VirtualMachineInstance;
  ns: NetnsHandle;
  cache: InterfaceCache;
  log?: Logger;
}

/** Tear down every interface phase 1 recorded for this VMI in this pod; nothing recorded = nothing to do. */
export async function runTeardown(opts: TeardownOptions): Promise<TeardownResult[]> {
  const { vmi, ns, cache } = opts;
  const log = opts.log ?? silentLogger;
  const records = await cache.list(vmi.metadata.uid);
  const results: TeardownResult[] = [];
  if (records.length === 0) return results;
  const driver = NetlinkDriver.open(ns);
  try {
    // Newest first, so a pod-wide sysctl ends at the value the first interface found.
    for (const record of [...records].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))) {
      const stale = record.podKey !== ns.key;
      const changes = stale ? 0 : await teardownInterface(ns, driver, record, { restoreSysctls: true });
      await cache.delete(vmi.metadata.uid, record.iface);
      log('info', 'interface torn down', { vmi: vmi.metadata.name, iface: record.iface, changes, stale });
      results.push({ iface: record.iface, outcome: stale ? 'stale' : 'removed', changes });
    }
  } finally {
    driver.close();
  }
  return results;
}
