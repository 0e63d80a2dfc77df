/**
 * The reconciler: make a pod's network match a NetSpec.
 *
 * Semantics are KubeVirt HEAD's nmstate `Apply` (pkg/network/driver/nmstate/spec.go),
 * with three changes that make a re-run after a crash converge and report honestly:
 * - everything is planned before anything is changed: planLinkOperations()
 *   is a pure function of (NetState, LinkSpec[]) that simulates the spec link by
 *   link, so a refused spec (a link of the wrong kind under a wanted name, a name
 *   taken, a master that will not exist) fails before the first kernel call;
 * - only what differs is changed: addresses are diffed instead of "delete all,
 *   add enabled", and an up link is not cycled down and up around a rename or
 *   MAC change unless the kernel refuses it live (see setLive());
 * - an existing link of another kind is refused, never silently reused or replaced.
 *
 * Per LinkSpec, in order: find it (by `index` if given, else by `name`);
 * `absent` → delete it if present and of the spec's kind; create it if missing; then:
 * rename → MAC (given, or copied from an earlier link) → MTU → master →
 * up/down → addresses → bridge-port learning → route_localnet. Then
 * spec.sysctls, each written only when it differs.
 *
 * Executing, consecutive attribute changes of one link go to the kernel as one
 * RTM_SETLINK (groupLinkOperations()); each is still reported as a change.
 */
import { constants as osConstants } from 'node:os';
import { NetlinkError, VirtnetError, ValidationError, wrapError, type ErrorContext } from '../core/errors.js';
import { cidrContains, formatIp, parseIp, parseMac, type IpValue } from '../core/ip.js';
import type { IpAddress, LinkKind, LinkSpec, LinkState, NetSpec, NetState, PlaceholderKind } from '../core/net-state.js';
import type { LinkAttributeChange, LinkRef, NetlinkDriver } from './netlink.js';
import type { NetnsHandle } from './netns.js';
import { readNetState, type LinkRecord } from './read-state.js';

const { EBUSY } = osConstants.errno;

export type LinkOperation =
  /** `index` is null for a link this same plan created. */
  | { op: 'delete'; link: string; index: number | null }
  | { op: 'create'; link: string; kind: 'bridge' | PlaceholderKind; mac?: string; mtu?: number }
  | { op: 'createTap'; link: string; uid: number; gid: number; queues: number }
  | { op: 'setUp'; link: string; up: boolean }
  | { op: 'rename'; link: string; index: number; to: string }
  | { op: 'setMac'; link: string; mac: string }
  /** The source's MAC is not known when planning (it is created by this plan): read it when executing. */
  | { op: 'copyMac'; link: string; from: string }
  | { op: 'setMtu'; link: string; mtu: number }
  | { op: 'setMaster'; link: string; master: string | null }
  | { op: 'deleteAddress'; link: string; address: IpAddress }
  | { op: 'addAddress'; link: string; address: IpAddress }
  | { op: 'setLearning'; link: string; learning: boolean }
  | { op: 'setRouteLocalnet'; link: string; enabled: boolean };

export interface AppliedChange {
  /** The link changed (its name when the change was made), or null for a sysctl. */
  link: string | null;
  /** What was done: `create bridge`, `rename to "eth0-nic"`, `set sysctl net/ipv4/conf/all/arp_ignore=1`. */
  change: string;
}

export interface ApplyReport {
  /** Every change made, in order; empty when the pod already matched the spec. */
  changes: AppliedChange[];
}

export interface ApplyOptions {
  /** The current state, when the caller has just read it; read through `driver` otherwise. */
  state?: NetState;
  /** Current values of the spec's sysctls, by path, when the caller has just read them; read otherwise. */
  sysctls?: ReadonlyMap<string, string>;
  /** Added to every error (vmi, network). */
  context?: ErrorContext;
  /**
   * Told of each change right after the kernel made it (progress, audit). An
   * exception it throws aborts the apply on the spot, exactly where a crash
   * would; tests use that to prove a re-run converges from every step.
   */
  onChange?: (change: AppliedChange) => void;
}

// ---------------------------------------------------------------------------------------------
// Planning (pure)

/** A link as the plan will have left it so far; null marks what cannot be known before executing. */
interface PlannedLink {
  index: number | null;
  name: string;
  kind: LinkKind;
  mac: string | null;
  mtu: number | null;
  up: boolean;
  master: string | null;
  addresses: IpAddress[];
  learning: boolean | undefined;
  routeLocalnet: boolean | null;
  tun: LinkState['tun'] | undefined;
}

function plannedFromState(link: LinkState): PlannedLink {
  return {
    index: link.index,
    name: link.name,
    kind: link.kind,
    mac: link.mac,
    mtu: link.mtu,
    up: link.up,
    master: link.master,
    addresses: [...link.addresses],
    learning: link.learning,
    routeLocalnet: link.routeLocalnet ?? null,
    tun: link.tun,
  };
}

const KIND_OF_SPEC: Record<Exclude<LinkSpec['kind'], 'existing'>, LinkKind> = {
  bridge: 'bridge',
  tap: 'tun',
  dummy: 'dummy',
  ifb: 'ifb',
};

function topologyError(spec: LinkSpec, step: string, message: string): VirtnetError {
  return new VirtnetError('VIRTNET_UNSUPPORTED_TOPOLOGY', message, { context: { iface: spec.name, step } });
}

function describeLink(link: PlannedLink): string {
  return link.index === null ? `"${link.name}"` : `"${link.name}" (index ${link.index})`;
}

/**
 * Each address object's parsed value and key, computed once: planning asks
 * for them up to five times per address, and a parse is most of the cost.
 * Weak, so a long-running handler keeps none of it past the plan.
 */
const parsedAddresses = new WeakMap<IpAddress, { ip: IpValue; key: string }>();

/** Throws ValidationError for an address that does not parse. */
function parsedAddress(a: IpAddress): { ip: IpValue; key: string } {
  let parsed = parsedAddresses.get(a);
  if (parsed === undefined) {
    const ip = parseIp(a.address);
    parsed = { ip, key: `${a.family}|${formatIp(ip)}/${a.prefixLength}` };
    parsedAddresses.set(a, parsed);
  }
  return parsed;
}

function addressKey(a: IpAddress): string {
  return parsedAddress(a).key;
}

/** fe80::/10: the kernel adds these to every IPv6 link by itself; they are never managed. */
function isIpv6LinkLocal(a: IpAddress): boolean {
  const { ip } = parsedAddress(a);
  return ip.family === 6 && ip.value >> 118n === 0x3fan;
}

/**
 * IPv4 addresses sharing prefix length and subnet are one primary and its
 * secondaries; deleting the primary deletes the secondaries too unless
 * promote_secondaries is set (net/ipv4/devinet.c `__inet_del_ifa`).
 */
function sharesIpv4Subnet(a: IpAddress, b: IpAddress): boolean {
  if (a.family !== 4 || b.family !== 4 || a.prefixLength !== b.prefixLength) return false;
  const ipA = parsedAddress(a).ip;
  return cidrContains({ ...ipA, prefixLength: a.prefixLength }, parsedAddress(b).ip);
}

/** The address changes that turn `current` into exactly `desired` (kernel IPv6 link-local aside). */
export function planAddressChanges(
  current: readonly IpAddress[],
  desired: readonly IpAddress[],
): { remove: IpAddress[]; add: IpAddress[] } {
  const desiredKeys = new Set(desired.map(addressKey));
  const managed = current.filter((a) => !isIpv6LinkLocal(a));
  const extra = managed.filter((a) => !desiredKeys.has(addressKey(a)));
  // A wanted address that may go down with an extra one it is secondary to is deleted and re-added.
  const atRisk = managed.filter((a) => desiredKeys.has(addressKey(a)) && extra.some((e) => sharesIpv4Subnet(a, e)));
  const remove = [...extra, ...atRisk];
  const removeKeys = new Set(remove.map(addressKey));
  const kept = new Set(current.map(addressKey).filter((k) => !removeKeys.has(k)));
  const add: IpAddress[] = [];
  for (const a of desired) {
    const key = addressKey(a);
    if (kept.has(key)) continue;
    kept.add(key);
    add.push(a);
  }
  return { remove, add };
}

function validateSpec(spec: LinkSpec, i: number): void {
  const path = `links/${i}`;
  if (spec.kind === 'existing' && spec.state === 'absent') {
    throw new ValidationError(`${path}/state`, `invalid spec for "${spec.name}": an existing link is never deleted`);
  }
  if (spec.kind === 'tap' && spec.state !== 'absent' && spec.tap === undefined) {
    throw new ValidationError(`${path}/tap`, `invalid spec for tap "${spec.name}": tap parameters are required`);
  }
  if (spec.mac !== undefined && spec.copyMacFrom !== undefined) {
    throw new ValidationError(`${path}/mac`, `invalid spec for "${spec.name}": mac and copyMacFrom are exclusive`);
  }
  try {
    if (spec.mac !== undefined) parseMac(spec.mac);
    for (const a of spec.addresses ?? []) addressKey(a);
  } catch (err) {
    throw new ValidationError(path, `invalid spec for "${spec.name}": ${(err as Error).message}`, { cause: err });
  }
}

/** The tap must have been made with the parameters asked for: owner and queue mode cannot change later. */
function checkTap(spec: LinkSpec, link: PlannedLink): void {
  const tun = link.tun;
  if (spec.tap === undefined || tun === undefined) return;
  const wantMultiQueue = spec.tap.queues > 1;
  const mismatch: string[] = [];
  if (!tun.tap) mismatch.push('it is a tun, not a tap');
  if (tun.owner !== spec.tap.uid) mismatch.push(`owner ${tun.owner ?? 'none'}, want ${spec.tap.uid}`);
  if (tun.group !== spec.tap.gid) mismatch.push(`group ${tun.group ?? 'none'}, want ${spec.tap.gid}`);
  if (tun.multiQueue !== wantMultiQueue) mismatch.push(`multi_queue ${tun.multiQueue}, want ${wantMultiQueue}`);
  if (tun.vnetHdr === false) mismatch.push('vnet_hdr off, want on');
  if (mismatch.length > 0) {
    throw topologyError(spec, 'check', `refusing to reuse tap ${describeLink(link)}: ${mismatch.join('; ')}`);
  }
}

/**
 * The operations that make `state` match `links`, in execution order. Throws
 * (ValidationError, or VirtnetError VIRTNET_UNSUPPORTED_TOPOLOGY / VIRTNET_DISCOVERY)
 * before any operation when the spec cannot be applied.
 */
export function planLinkOperations(state: NetState, links: readonly LinkSpec[]): LinkOperation[] {
  let sim = state.links.map(plannedFromState);
  const ops: LinkOperation[] = [];
  const byName = (name: string): PlannedLink | undefined => sim.find((l) => l.name === name);

  links.forEach((spec, i) => {
    validateSpec(spec, i);
    let link = spec.index !== undefined ? sim.find((l) => l.index === spec.index) : byName(spec.name);
    const otherKind = link !== undefined && spec.kind !== 'existing' && link.kind !== KIND_OF_SPEC[spec.kind];

    if (spec.state === 'absent') {
      // A link of another kind under the name is not the one to delete: it is someone else's
      // (e.g. the pod NIC got its name back after the placeholder went), and ours is already gone.
      if (link === undefined || otherKind) return;
      const gone = link;
      ops.push({ op: 'delete', link: gone.name, index: gone.index });
      sim = sim.filter((l) => l !== gone);
      for (const l of sim) if (l.master === gone.name) l.master = null;
      return;
    }

    if (link !== undefined && otherKind) {
      throw topologyError(
        spec,
        'check',
        `refusing to use ${describeLink(link)} as ${spec.kind} "${spec.name}": it is of kind "${link.kind}"`,
      );
    }
    if (link !== undefined && spec.kind === 'tap') checkTap(spec, link);

    if (link === undefined) {
      if (spec.kind === 'existing') {
        const which = spec.index !== undefined ? `with index ${spec.index}` : `"${spec.name}"`;
        throw new VirtnetError('VIRTNET_DISCOVERY', `failed to find link ${which} for "${spec.name}"`, {
          context: { iface: spec.name, step: 'find' },
        });
      }
      const taken = byName(spec.name);
      if (taken !== undefined) {
        throw topologyError(spec, 'create', `refusing to create ${spec.kind} "${spec.name}": the name belongs to ${describeLink(taken)}`);
      }
      link = {
        index: null,
        name: spec.name,
        kind: KIND_OF_SPEC[spec.kind],
        mac: null,
        mtu: null,
        up: false,
        master: null,
        addresses: [],
        learning: undefined,
        routeLocalnet: null,
        tun: undefined,
      };
      if (spec.kind === 'tap') {
        const tap = spec.tap!;
        ops.push({ op: 'createTap', link: spec.name, uid: tap.uid, gid: tap.gid, queues: tap.queues });
      } else {
        const create: LinkOperation = { op: 'create', link: spec.name, kind: spec.kind };
        if (spec.mac !== undefined) create.mac = link.mac = parseMac(spec.mac);
        if (spec.mtu !== undefined) create.mtu = link.mtu = spec.mtu;
        ops.push(create);
      }
      sim.push(link);
    }
    const target = link;

    // The MAC to set, or the link to copy it from when executing (its MAC is not known yet).
    let wantMac: string | undefined;
    let copyFrom: string | undefined;
    if (spec.mac !== undefined) {
      wantMac = parseMac(spec.mac);
    } else if (spec.copyMacFrom !== undefined) {
      const source = byName(spec.copyMacFrom);
      if (source === undefined) {
        throw new ValidationError(`links/${i}/copyMacFrom`, `invalid spec for "${spec.name}": no link "${spec.copyMacFrom}" to copy the MAC from`);
      }
      if (source.mac === null) copyFrom = source.name;
      else wantMac = source.mac;
    }
    const macChange = copyFrom !== undefined || (wantMac !== undefined && wantMac !== target.mac);
    const rename = target.name !== spec.name;
    if (rename) {
      const taken = byName(spec.name);
      if (taken !== undefined) {
        throw topologyError(spec, 'rename', `refusing to rename ${describeLink(target)} to "${spec.name}": the name belongs to ${describeLink(taken)}`);
      }
    }

    if (rename) {
      ops.push({ op: 'rename', link: target.name, index: target.index!, to: spec.name });
      for (const l of sim) if (l.master === target.name) l.master = spec.name;
      target.name = spec.name;
    }
    if (copyFrom !== undefined) {
      ops.push({ op: 'copyMac', link: target.name, from: copyFrom });
      target.mac = null;
    } else if (macChange && wantMac !== undefined) {
      ops.push({ op: 'setMac', link: target.name, mac: wantMac });
      target.mac = wantMac;
    }
    if (spec.mtu !== undefined && target.mtu !== spec.mtu) {
      ops.push({ op: 'setMtu', link: target.name, mtu: spec.mtu });
      target.mtu = spec.mtu;
    }
    if (spec.master !== undefined && target.master !== spec.master) {
      if (spec.master !== null) {
        const master = byName(spec.master);
        if (master === undefined || master.kind !== 'bridge') {
          throw topologyError(
            spec,
            'master',
            `refusing to attach "${spec.name}" to "${spec.master}": ${master === undefined ? 'there is no such link' : `it is of kind "${master.kind}", not a bridge`}`,
          );
        }
      }
      ops.push({ op: 'setMaster', link: target.name, master: spec.master });
      target.master = spec.master;
      // A new bridge port starts with learning on (net/bridge/br_if.c `new_nbp`: BR_LEARNING).
      target.learning = spec.master === null ? undefined : true;
    }
    const up = spec.state === 'up';
    if (target.up !== up) {
      ops.push({ op: 'setUp', link: target.name, up });
      target.up = up;
    }
    if (spec.addresses !== undefined) {
      const { remove, add } = planAddressChanges(target.addresses, spec.addresses);
      for (const address of remove) ops.push({ op: 'deleteAddress', link: target.name, address });
      for (const address of add) ops.push({ op: 'addAddress', link: target.name, address });
      const removed = new Set(remove.map(addressKey));
      target.addresses = [...target.addresses.filter((a) => !removed.has(addressKey(a))), ...add];
    }
    if (spec.learning !== undefined && target.learning !== spec.learning) {
      if (target.master === null) {
        throw new ValidationError(`links/${i}/learning`, `invalid spec for "${spec.name}": learning needs a master bridge`);
      }
      ops.push({ op: 'setLearning', link: target.name, learning: spec.learning });
      target.learning = spec.learning;
    }
    if (spec.routeLocalnet !== undefined && target.routeLocalnet !== spec.routeLocalnet) {
      ops.push({ op: 'setRouteLocalnet', link: target.name, enabled: spec.routeLocalnet });
      target.routeLocalnet = spec.routeLocalnet;
    }
  });
  return ops;
}

/** One line for logs and reports: `rename to "eth0-nic"`. */
export function describeOperation(op: LinkOperation): string {
  switch (op.op) {
    case 'delete':
      return 'delete';
    case 'create':
      return `create ${op.kind}${op.mac === undefined ? '' : ` with MAC ${op.mac}`}${op.mtu === undefined ? '' : ` MTU ${op.mtu}`}`;
    case 'createTap':
      return `create tap owned by ${op.uid}:${op.gid} with ${op.queues} queue(s)`;
    case 'setUp':
      return op.up ? 'set up' : 'set down';
    case 'rename':
      return `rename to "${op.to}"`;
    case 'setMac':
      return `set MAC ${op.mac}`;
    case 'copyMac':
      return `copy MAC of "${op.from}"`;
    case 'setMtu':
      return `set MTU ${op.mtu}`;
    case 'setMaster':
      return op.master === null ? 'release from master' : `attach to "${op.master}"`;
    case 'deleteAddress':
      return `delete address ${op.address.address}/${op.address.prefixLength}`;
    case 'addAddress':
      return `add address ${op.address.address}/${op.address.prefixLength}`;
    case 'setLearning':
      return `turn learning ${op.learning ? 'on' : 'off'}`;
    case 'setRouteLocalnet':
      return `set route_localnet=${op.enabled ? 1 : 0}`;
  }
}

/** Operations NetlinkDriver.setLinkAttributes() makes, alone or several in one request. */
export type SetLinkOperation = Extract<LinkOperation, { op: 'setUp' | 'rename' | 'setMac' | 'copyMac' | 'setMtu' | 'setMaster' | 'setRouteLocalnet' }>;
type CreateOperation = Extract<LinkOperation, { op: 'create' }>;
type SetUpOperation = Extract<LinkOperation, { op: 'setUp' }>;
export type OtherLinkOperation = Exclude<LinkOperation, SetLinkOperation | CreateOperation>;

/**
 * One kernel request: link attribute changes of one link; a link creation,
 * with the set up that follows it (RTM_NEWLINK takes IFF_UP); or one other operation.
 */
export type LinkRequest =
  | { kind: 'setLink'; ops: SetLinkOperation[] }
  | { kind: 'create'; op: CreateOperation; up?: SetUpOperation }
  | { kind: 'other'; op: OtherLinkOperation };

const SET_LINK_ATTRIBUTE: Record<SetLinkOperation['op'], keyof LinkAttributeChange> = {
  setUp: 'up',
  rename: 'name',
  setMac: 'mac',
  copyMac: 'mac',
  setMtu: 'mtu',
  setMaster: 'master',
  setRouteLocalnet: 'routeLocalnet',
};

function isSetLinkOperation(op: LinkOperation): op is SetLinkOperation {
  return op.op in SET_LINK_ATTRIBUTE;
}

/**
 * The plan cut into kernel requests: consecutive operations on one link that
 * change distinct attributes share one RTM_SETLINK. The kernel applies MAC,
 * MTU, name, up/down, master, route_localnet in that order whatever order
 * they come in, which suits every such run but one with a "set down": that
 * must come before a MAC or name change, so it is a request of its own. A
 * rename does not end a run: the operations after it use the new name.
 */
export function groupLinkOperations(plan: readonly LinkOperation[]): LinkRequest[] {
  const requests: LinkRequest[] = [];
  let open: { ops: SetLinkOperation[]; link: string; attributes: Set<string> } | undefined;
  let created: Extract<LinkRequest, { kind: 'create' }> | undefined;
  for (const op of plan) {
    if (op.op === 'setUp' && op.up && created?.op.link === op.link) {
      created.up = op;
      created = undefined;
      continue;
    }
    created = undefined;
    if (op.op === 'create') {
      created = { kind: 'create', op };
      requests.push(created);
      open = undefined;
      continue;
    }
    if (!isSetLinkOperation(op)) {
      requests.push({ kind: 'other', op });
      open = undefined;
      continue;
    }
    const attribute = SET_LINK_ATTRIBUTE[op.op];
    if (open !== undefined && open.link === op.link && !open.attributes.has(attribute)) {
      open.ops.push(op);
      open.attributes.add(attribute);
    } else {
      const ops = [op];
      requests.push({ kind: 'setLink', ops });
      open = { ops, link: op.link, attributes: new Set([attribute]) };
    }
    if (op.op === 'rename') open.link = op.to;
    if (op.op === 'setUp' && !op.up) open = undefined;
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// Executing

/**
 * The index and MAC of every link this apply has seen, kept current as it
 * creates, renames and re-addresses links. Operations then address links by
 * index, and MAC copies use known MACs, so the driver does not look a link up
 * by name before each change: a third of the netlink round trips of a bridge
 * binding were such lookups (bench/bridge-setup.ts).
 */
class KnownLinks {
  readonly #byName = new Map<string, { index: number; mac: string }>();

  constructor(state: NetState) {
    for (const link of state.links) this.#byName.set(link.name, { index: link.index, mac: link.mac });
  }

  ref(name: string): LinkRef {
    return this.#byName.get(name)?.index ?? name;
  }

  mac(name: string): string | undefined {
    return this.#byName.get(name)?.mac;
  }

  learn(record: Pick<LinkRecord, 'name' | 'index' | 'mac'>): void {
    this.#byName.set(record.name, { index: record.index, mac: record.mac });
  }

  renamed(from: string, to: string): void {
    const known = this.#byName.get(from);
    this.#byName.delete(from);
    if (known !== undefined) this.#byName.set(to, known);
  }

  macChanged(name: string, mac: string): void {
    const known = this.#byName.get(name);
    if (known !== undefined) known.mac = mac;
  }

  forget(name: string): void {
    this.#byName.delete(name);
  }
}

/** What each operation changed (null: the kernel already matched), in order. */
type Outcome = { op: LinkOperation; change: string | null }[];

/** Perform one operation that is not a link attribute change. */
async function execute(ns: NetnsHandle, driver: NetlinkDriver, known: KnownLinks, op: OtherLinkOperation): Promise<string | null> {
  const ref = known.ref(op.link);
  switch (op.op) {
    case 'delete': {
      const deleted = await driver.deleteLink(op.index ?? ref);
      known.forget(op.link);
      return deleted ? describeOperation(op) : null;
    }
    case 'createTap':
      ns.createTap(op.link, { uid: op.uid, gid: op.gid, queues: op.queues, vnetHdr: true });
      return describeOperation(op);
    case 'deleteAddress':
      // false: it went with a primary deleted just before (see planAddressChanges).
      return (await driver.deleteAddress(ref, op.address)) ? describeOperation(op) : null;
    case 'addAddress':
      await driver.addAddress(ref, op.address);
      return describeOperation(op);
    case 'setLearning':
      await driver.setBridgePortLearning(ref, op.learning);
      return describeOperation(op);
  }
}

/** Create a link, up at once when the plan sets it up next. */
async function executeCreate(driver: NetlinkDriver, known: KnownLinks, op: CreateOperation, up: SetUpOperation | undefined): Promise<Outcome> {
  const opts = { mac: op.mac, mtu: op.mtu, up: up !== undefined };
  known.learn(op.kind === 'bridge' ? await driver.createBridge(op.link, opts) : await driver.createLink(op.link, op.kind, opts));
  const outcome: Outcome = [{ op, change: describeOperation(op) }];
  if (up !== undefined) outcome.push({ op: up, change: describeOperation(up) });
  return outcome;
}

/**
 * Perform attribute changes of one link (a group from groupLinkOperations(),
 * or a single one) in one RTM_SETLINK. Every operation names the link as it
 * is known before the request, or by the name a rename in the group gives it.
 */
async function executeSetLink(driver: NetlinkDriver, known: KnownLinks, ops: readonly SetLinkOperation[]): Promise<Outcome> {
  const link = ops[0]!.link;
  const rename = ops.find((op): op is Extract<SetLinkOperation, { op: 'rename' }> => op.op === 'rename');
  const change: LinkAttributeChange = {};
  const outcome: Outcome = [];
  for (const op of ops) {
    switch (op.op) {
      case 'setUp':
        change.up = op.up;
        break;
      case 'rename':
        change.name = op.to;
        break;
      case 'setMac':
        change.mac = op.mac;
        break;
      case 'copyMac': {
        const sourceMac = known.mac(op.from) ?? (await driver.getLink(known.ref(op.from)))?.mac;
        if (sourceMac === undefined) {
          throw new VirtnetError('VIRTNET_NETLINK', `failed to copy the MAC of "${op.from}" to "${op.link}": "${op.from}" does not exist`);
        }
        const targetMac = known.mac(link) ?? (await driver.getLink(rename?.index ?? known.ref(link)))?.mac;
        if (targetMac === sourceMac) {
          outcome.push({ op, change: null });
          continue;
        }
        change.mac = sourceMac;
        outcome.push({ op, change: `set MAC ${sourceMac} (copied from "${op.from}")` });
        continue;
      }
      case 'setMtu':
        change.mtu = op.mtu;
        break;
      case 'setMaster':
        change.master = op.master === null ? null : known.ref(op.master);
        break;
      case 'setRouteLocalnet':
        change.routeLocalnet = op.enabled;
        break;
    }
    outcome.push({ op, change: describeOperation(op) });
  }
  if (Object.keys(change).length > 0) await setLive(driver, rename?.index ?? known.ref(link), change);
  if (rename !== undefined) known.renamed(link, rename.to);
  if (change.mac !== undefined) known.macChanged(rename?.to ?? link, change.mac);
  return outcome;
}

/**
 * Apply `change` to a link that may be up. Recent kernels rename any link
 * while it is up, and most drivers change a MAC while up (IFF_LIVE_ADDR_CHANGE),
 * so the link is not cycled down and up, which cost two requests and made the
 * pod NIC's carrier flap under the CNI. Where the kernel or driver refuses
 * (EBUSY: older kernels for renames, e.g. ifb for MACs) the change is made
 * the old way: down, change, and up again.
 */
async function setLive(driver: NetlinkDriver, ref: LinkRef, change: LinkAttributeChange): Promise<void> {
  const needsDownWhenRefused = change.mac !== undefined || change.name !== undefined;
  try {
    await driver.setLinkAttributes(ref, change, { retry: !needsDownWhenRefused });
  } catch (err) {
    if (!(needsDownWhenRefused && err instanceof NetlinkError && err.errno === EBUSY && (await driver.getLink(ref))?.up === true)) throw err;
    await driver.setUp(ref, false);
    await driver.setLinkAttributes(ref, { ...change, up: change.up ?? true });
  }
}

/** sysctl files print multi-value settings tab separated (`ping_group_range`: "107\t107"). */
function sameSysctlValue(a: string, b: string): boolean {
  const words = (s: string): string => s.trim().split(/\s+/).join(' ');
  return words(a) === words(b);
}

/**
 * Make the pod's links and sysctls match `spec`; returns what was changed.
 * Applying the same spec again changes nothing and returns no changes, also
 * after a run that stopped half way.
 */
export async function applyNetSpec(
  ns: NetnsHandle,
  driver: NetlinkDriver,
  spec: NetSpec,
  opts: ApplyOptions = {},
): Promise<ApplyReport> {
  const context = opts.context ?? {};
  const changes: AppliedChange[] = [];
  let plan: LinkOperation[];
  let known: KnownLinks;
  try {
    const state = opts.state ?? (await readNetState(driver));
    known = new KnownLinks(state);
    plan = planLinkOperations(state, spec.links);
  } catch (err) {
    throw wrapError(err, 'VIRTNET_INTERNAL', 'failed to plan the pod network', { ...context, step: 'plan' });
  }
  const made = (change: AppliedChange): void => {
    changes.push(change);
    opts.onChange?.(change);
  };
  for (const request of groupLinkOperations(plan)) {
    const ops = request.kind === 'setLink' ? request.ops : request.kind === 'create' && request.up !== undefined ? [request.op, request.up] : [request.op];
    const link = ops[0]!.link;
    let outcome: Outcome;
    try {
      if (request.kind === 'setLink') outcome = await executeSetLink(driver, known, request.ops);
      else if (request.kind === 'create') outcome = await executeCreate(driver, known, request.op, request.up);
      else outcome = [{ op: request.op, change: await execute(ns, driver, known, request.op) }];
    } catch (err) {
      throw wrapError(err, 'VIRTNET_INTERNAL', `failed to ${ops.map(describeOperation).join(', ')} on "${link}"`, {
        ...context,
        iface: link,
        step: ops.map((op) => op.op).join('+'),
      });
    }
    for (const { op, change } of outcome) if (change !== null) made({ link: op.link, change });
  }
  for (const sysctl of spec.sysctls) {
    try {
      if (sameSysctlValue(opts.sysctls?.get(sysctl.path) ?? ns.readSysctl(sysctl.path), sysctl.value)) continue;
      ns.writeSysctl(sysctl.path, sysctl.value);
    } catch (err) {
      throw wrapError(err, 'VIRTNET_SYSCTL', `failed to set sysctl "${sysctl.path}"`, { ...context, step: 'sysctl' });
    }
    made({ link: null, change: `set sysctl ${sysctl.path}=${sysctl.value}` });
  }
  return { changes };
}
