/**
 * The masquerade binding's NAT as nftables JSON (libnftables-json(5)): one
 * batch per IP family, applied by `nft -j` as a single kernel transaction.
 *
 * Theory of operation. KubeVirt (HEAD:pkg/network/setup/netpod/masquerade/
 * masquerade.go) issues one `nft add ...` process per table, chain and rule
 * into table `nat` of family ip/ip6 in the launcher pod's netns. virtnet keeps
 * the same table, chain names, rule order and rule semantics, so the kernel
 * ends up with the same ruleset, but builds it as typed JSON in one batch:
 *
 *   add table; add chain x6; flush chain x6; add rule ...
 *
 * `add` is a no-op for what exists and `flush` empties only virtnet's six
 * chains, all inside one transaction, so the batch works on a fresh pod,
 * re-applying it replaces virtnet's rules instead of duplicating them, and a
 * failing batch leaves the previous ruleset untouched. virtnet owns those six
 * chains of `nat` inside the pod netns; it deliberately does not delete or
 * flush the whole table, because `ip nat` is also where iptables-nft puts the
 * chains of other pod tenants (istio-init's ISTIO_* redirects), which must
 * survive.
 *
 * Every value is a JSON string or number taken from validated input; nothing
 * is parsed from concatenated text, so an interface name or address cannot
 * add syntax. Values nft would still interpret inside a JSON string (a leading
 * `@` is a set reference, `*` makes an interface name a wildcard) are rejected.
 */
import { ValidationError } from '../src/core/errors.js';
import { isIpv4, isIpv6 } from '../src/core/ip.js';
import { isValidLinkName } from '../src/core/names.js';
import type { NftBatch, NftCommand, NftFamily } from '../src/core/nft-types.js';

/** KubeVirt's table name (masquerade.go `natTable`). */
export const NAT_TABLE = 'nat';

export const PREINBOUND_CHAIN = 'KUBEVIRT_PREINBOUND';
export const POSTINBOUND_CHAIN = 'KUBEVIRT_POSTINBOUND';

/**
 * libvirt's direct and block migration ports; traffic to them from loopback is
 * not NATed so a (legacy, non-Unix-transport) migration reaches libvirt in the
 * pod (masquerade.go `WithLegacyMigrationPorts`).
 */
export const LIBVIRT_MIGRATION_PORTS: readonly number[] = [49152, 49153];

/** Ports the istio sidecar listens on; never forwarded to the VM (HEAD:pkg/network/istio/ports.go). */
export const ISTIO_RESERVED_PORTS: readonly number[] = [
  15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090,
];

/** Ports istio does not proxy, so they are forwarded to the VM directly (istio.NonProxiedPorts). */
export const ISTIO_NON_PROXIED_PORTS: readonly number[] = [22];

/** Source address of traffic the istio proxy forwards inbound (istio.GetLoopbackAddress). */
export const ISTIO_INBOUND_LOOPBACK = '127.0.0.6';

export type NatProtocol = 'tcp' | 'udp';

export interface NatPort {
  port: number;
  protocol: NatProtocol;
}

export interface MasqueradeNatInput {
  family: 4 | 6;
  /** The VM's address in the VM CIDR, without prefix (`10.0.2.2`, `fd10:0:2::2`). */
  vmAddress: string;
  /** The gateway on the in-pod bridge, without prefix (`10.0.2.1`, `fd10:0:2::1`). */
  gatewayAddress: string;
  /** Pod interface inbound traffic arrives on (`eth0`). */
  podIfaceName: string;
  /** In-pod bridge the VM's tap is enslaved to (`k6t-eth0`). */
  bridgeName: string;
  /** The pod's first global IPv4; required for IPv4 with istio (output DNAT of the pod IP). */
  podIPv4?: string;
  /** `spec.domain.devices.interfaces[].ports`; empty or absent forwards every port. */
  ports?: NatPort[];
  /** Pod annotation `sidecar.istio.io/inject: true`. */
  istio: boolean;
  /** Add the libvirt migration-port returns (KubeVirt: unless `status.migrationTransport` is `Unix`). */
  skipMigrationPorts: boolean;
}

type Value = string | number;

type NftExpression =
  | { match: { op: '=='; left: NftExpression; right: Value | NftExpression } }
  | { payload: { protocol: string; field: string } }
  | { meta: { key: 'iifname' | 'oifname' } }
  | { set: Value[] }
  | { counter: null }
  | { masquerade: null }
  | { snat: { addr: string } }
  | { dnat: { addr: string } }
  | { jump: { target: string } }
  | { return: null };

interface BaseChainSpec {
  name: string;
  hook: 'prerouting' | 'input' | 'output' | 'postrouting';
  /** A number: nft 1.0.6 rejects the name `dstnat` for a nat output chain. */
  prio: number;
}

/** KubeVirt's chains, in its creation order (masquerade.go setupNATByFamily). */
const BASE_CHAINS: readonly BaseChainSpec[] = [
  { name: 'prerouting', hook: 'prerouting', prio: -100 },
  { name: 'input', hook: 'input', prio: 100 },
  { name: 'output', hook: 'output', prio: -100 },
  { name: 'postrouting', hook: 'postrouting', prio: 100 },
];
const REGULAR_CHAINS: readonly string[] = [PREINBOUND_CHAIN, POSTINBOUND_CHAIN];

/** The six chains virtnet owns in table `nat`. */
export const MASQUERADE_NAT_CHAINS: readonly string[] = [...BASE_CHAINS.map((c) => c.name), ...REGULAR_CHAINS];

const LOOPBACK: Record<4 | 6, string> = { 4: '127.0.0.1', 6: '::1' };

/**
 * The batch that makes virtnet's NAT chains in the pod netns exactly the
 * KubeVirt HEAD ruleset for one family (kubevirt-networking.md §3.4).
 */
export function planMasqueradeNat(input: MasqueradeNatInput): NftBatch {
  validate(input);
  const family: NftFamily = input.family === 4 ? 'ip' : 'ip6';
  const { vmAddress: vm, gatewayAddress: gw } = input;
  const loopback = LOOPBACK[input.family];
  const ipv4Istio = input.istio && input.family === 4;
  const ports = input.ports ?? [];

  const rules: { chain: string; expr: NftExpression[] }[] = [];
  const rule = (chain: string, ...expr: NftExpression[]): void => {
    rules.push({ chain, expr });
  };
  const ipField = (field: 'saddr' | 'daddr', right: Value | NftExpression): NftExpression =>
    match(payload(family, field), right);
  const dport = (protocol: NatProtocol, right: Value | NftExpression): NftExpression =>
    match(payload(protocol, 'dport'), right);
  // Loopback traffic to these TCP ports stays in the pod (libvirt, istio's proxy).
  const skipPorts = (skipped: readonly number[]): void => {
    for (const chain of ['output', POSTINBOUND_CHAIN]) {
      rule(chain, dport('tcp', set(skipped)), ipField('saddr', loopback), COUNTER, { return: null });
    }
  };
  const forward = (protocol: NatProtocol, forwarded: readonly number[]): void => {
    if (forwarded.length > 0) rule(PREINBOUND_CHAIN, dport(protocol, set(forwarded)), COUNTER, dnat(vm));
  };

  rule('postrouting', ipField('saddr', vm), COUNTER, { masquerade: null });
  rule('prerouting', match(meta('iifname'), input.podIfaceName), COUNTER, jump(PREINBOUND_CHAIN));
  rule('postrouting', match(meta('oifname'), input.bridgeName), COUNTER, jump(POSTINBOUND_CHAIN));
  if (input.skipMigrationPorts) skipPorts(LIBVIRT_MIGRATION_PORTS);

  // Sources whose connections to the VM are SNATed to the gateway, so the
  // VM's reply comes back through the pod's stack: pod-local clients, and with
  // istio the proxy's inbound loopback (IPv4 only in KubeVirt).
  const snatSources = set(ipv4Istio ? [loopback, ISTIO_INBOUND_LOOPBACK] : [loopback]);
  // Destinations that, from inside the pod, mean "the VM": loopback, and with
  // istio the pod IP the proxy connects to.
  const dnatDestinations = set(ipv4Istio ? [loopback, input.podIPv4 as string] : [loopback]);

  for (const { port, protocol } of ports) {
    if (!input.istio) forward(protocol, [port]);
    // With istio only non-proxied ports bypass the sidecar, and KubeVirt
    // forwards them as TCP whatever the port's protocol.
    else forward('tcp', ISTIO_NON_PROXIED_PORTS.filter((p) => p === port));
    rule(POSTINBOUND_CHAIN, dport(protocol, port), ipField('saddr', snatSources), COUNTER, snat(gw));
    rule('output', ipField('daddr', dnatDestinations), dport(protocol, port), COUNTER, dnat(vm));
  }
  if (ports.length === 0) {
    if (input.istio) {
      skipPorts(ISTIO_RESERVED_PORTS);
      forward('tcp', ISTIO_NON_PROXIED_PORTS);
    } else {
      rule(PREINBOUND_CHAIN, COUNTER, dnat(vm));
    }
    rule(POSTINBOUND_CHAIN, ipField('saddr', snatSources), COUNTER, snat(gw));
    rule('output', ipField('daddr', dnatDestinations), COUNTER, dnat(vm));
  }

  const table = NAT_TABLE;
  const commands: NftCommand[] = [
    { add: { table: { family, name: table } } },
    ...BASE_CHAINS.map(({ name, hook, prio }) => ({ add: { chain: { family, table, name, type: 'nat', hook, prio } } })),
    ...REGULAR_CHAINS.map((name) => ({ add: { chain: { family, table, name } } })),
    ...MASQUERADE_NAT_CHAINS.map((name) => ({ flush: { chain: { family, table, name } } })),
    ...rules.map(({ chain, expr }) => ({ add: { rule: { family, table, chain, expr } } })),
  ];
  return { label: `masquerade ipv${input.family}`, family, commands };
}

/** One entry of the `nftables` array of `nft -j list table` (metainfo, table, chain, rule, set, ...). */
export type NftListingEntry = Record<string, unknown>;

/**
 * The batch that removes virtnet's NAT from one family's table `nat`, planned
 * from that table's listing (`nft -j list table <family> nat`; null when the
 * table does not exist). Null when nothing of virtnet's is left, so teardown
 * can be re-run and converges.
 *
 * virtnet owns exactly the chains planMasqueradeNat creates: the four base
 * chains (matched by name, nat type, hook and priority, so a chain of the same
 * name made differently by someone else is not touched) and the two
 * KUBEVIRT_* chains. The jumps and other rules virtnet adds all live in those
 * chains, so flushing and deleting them removes every rule of virtnet's; the
 * apply batch already flushes the same chains, so removal claims nothing more
 * than applying does. Other chains of the table, iptables-nft's upper-case
 * PREROUTING/OUTPUT with istio-init's ISTIO_* chains among them, are never
 * named in the batch.
 *
 * The table itself is deleted only when it held virtnet's chains and nothing
 * else (no other chain, set, map or stateful object). Whether virtnet or a
 * tenant created an empty table cannot be told apart without a marker, which
 * would make the ruleset differ from KubeVirt's; it does not matter, because a
 * table without chains has no hooks and so sees no packet, and every tenant
 * (iptables-nft, `nft add table`) creates the table when it needs it.
 *
 * Everything goes in one batch, one kernel transaction: the table is never
 * left half removed, and if a chain vanished between the listing and the
 * batch, nft fails with nothing changed and a re-run plans from a new listing.
 */
export function planMasqueradeNatRemoval(family: 'ip' | 'ip6', listing: readonly NftListingEntry[] | null): NftBatch | null {
  if (listing === null) return null;
  const owned = new Set(
    listing
      .map((entry) => entry.chain as Record<string, unknown> | undefined)
      .filter((chain): chain is Record<string, unknown> => chain !== undefined && isVirtnetChain(chain))
      .map((chain) => chain.name as string),
  );
  if (owned.size === 0) return null;
  const isVirtnetEntry = (entry: NftListingEntry): boolean => {
    const [[kind, value]] = Object.entries(entry) as [[string, Record<string, unknown>]];
    if (kind === 'metainfo' || kind === 'table') return true;
    if (kind === 'chain') return owned.has(value.name as string);
    if (kind === 'rule') return owned.has(value.chain as string);
    return false;
  };
  const table = NAT_TABLE;
  // Every chain is flushed before any is deleted: the jumps into KUBEVIRT_*
  // are gone before those chains are.
  const chains = MASQUERADE_NAT_CHAINS.filter((name) => owned.has(name));
  const commands: NftCommand[] = [
    ...chains.map((name) => ({ flush: { chain: { family, table, name } } })),
    ...chains.map((name) => ({ delete: { chain: { family, table, name } } })),
    ...(listing.every(isVirtnetEntry) ? [{ delete: { table: { family, name: table } } }] : []),
  ];
  return { label: `masquerade ipv${family === 'ip' ? 4 : 6} removal`, family, commands };
}

/** A chain as planMasqueradeNat makes it: a KUBEVIRT_* regular chain, or a base chain of exactly its spec. */
function isVirtnetChain(chain: Record<string, unknown>): boolean {
  if (REGULAR_CHAINS.includes(chain.name as string)) return chain.hook === undefined;
  const base = BASE_CHAINS.find((c) => c.name === chain.name);
  return base !== undefined && chain.type === 'nat' && chain.hook === base.hook && chain.prio === base.prio;
}

const COUNTER: NftExpression = { counter: null };

function match(left: NftExpression, right: Value | NftExpression): NftExpression {
  return { match: { op: '==', left, right } };
}

function payload(protocol: string, field: string): NftExpression {
  return { payload: { protocol, field } };
}

function meta(key: 'iifname' | 'oifname'): NftExpression {
  return { meta: { key } };
}

/** An anonymous set; KubeVirt writes `{ ... }` even for one element, kept so the rules read the same. */
function set(elements: readonly Value[]): NftExpression {
  return { set: [...elements] };
}

function snat(addr: string): NftExpression {
  return { snat: { addr } };
}

function dnat(addr: string): NftExpression {
  return { dnat: { addr } };
}

function jump(target: string): NftExpression {
  return { jump: { target } };
}

function validate(input: MasqueradeNatInput): void {
  if (input.family !== 4 && input.family !== 6) {
    throw new ValidationError('family', `failed to plan masquerade nat: unknown ip family "${String(input.family)}"`);
  }
  const isFamily = input.family === 4 ? isIpv4 : isIpv6;
  for (const key of ['vmAddress', 'gatewayAddress'] as const) {
    if (!isFamily(input[key])) {
      throw new ValidationError(key, `failed to plan masquerade nat: "${input[key]}" is not an ipv${input.family} address`);
    }
  }
  if (input.istio && input.family === 4 && (input.podIPv4 === undefined || !isIpv4(input.podIPv4))) {
    throw new ValidationError('podIPv4', `failed to plan masquerade nat: istio needs the pod ipv4 address, got "${String(input.podIPv4)}"`);
  }
  for (const key of ['podIfaceName', 'bridgeName'] as const) validateIfaceName(key, input[key]);
  (input.ports ?? []).forEach(({ port, protocol }, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ValidationError(`ports/${i}/port`, `failed to plan masquerade nat: port "${String(port)}" is not in 1-65535`);
    }
    if (protocol !== 'tcp' && protocol !== 'udp') {
      throw new ValidationError(`ports/${i}/protocol`, `failed to plan masquerade nat: protocol "${String(protocol)}" is not tcp or udp`);
    }
  });
}

/**
 * Linux's rules (isValidLinkName) plus nft's: inside a JSON string value a
 * leading `@` still names a set and a `*` makes the name a wildcard match.
 */
function validateIfaceName(key: string, name: string): void {
  if (!isValidLinkName(name) || /[*\\]/u.test(name) || name.startsWith('@')) {
    throw new ValidationError(key, `failed to plan masquerade nat: "${name}" is not a valid interface name`);
  }
}
