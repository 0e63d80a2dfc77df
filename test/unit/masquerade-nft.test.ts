import t from 'tap';
import {
  MASQUERADE_NAT_CHAINS,
  planMasqueradeNat,
  type MasqueradeNatInput,
} from '../../bindings/masquerade-nft.js';
import { ValidationError } from '../../src/core/errors.js';
import type { NftBatch } from '../../src/core/nft-types.js';
import { KUBEVIRT_NAT_CASES } from '../fixtures/kubevirt-masquerade-nat.js';

/**
 * Renders a batch's JSON into the lines KubeVirt's nftable test stub prints,
 * so the goldens are KubeVirt's own text. Throws on anything it does not
 * know, so an unexpected expression cannot pass by being ignored.
 */
function renderKubevirtStub(batch: NftBatch): { chains: string[]; rules: string[] } {
  const chains: string[] = [];
  const rules: string[] = [];
  for (const command of batch.commands) {
    const add = command.add as Record<string, Record<string, unknown>> | undefined;
    if (add?.chain) {
      const c = add.chain;
      const spec = c.hook === undefined ? '' : `{ type ${String(c.type)} hook ${String(c.hook)} priority ${String(c.prio)}; }`;
      chains.push(`family ${String(c.family)} table ${String(c.table)} name ${String(c.name)} chainspec [${spec}]`);
    } else if (add?.rule) {
      const r = add.rule;
      const spec = (r.expr as unknown[]).map(renderExpr).join(' ');
      rules.push(`family ${String(r.family)} table ${String(r.table)} chain ${String(r.chain)} rulespec [${spec}]`);
    }
  }
  return { chains, rules };
}

function renderExpr(e: unknown): string {
  if (typeof e === 'string' || typeof e === 'number') return String(e);
  const [[key, v]] = Object.entries(e as Record<string, unknown>) as [[string, Record<string, unknown>]];
  switch (key) {
    case 'match':
      if (v.op !== '==') throw new Error(`unexpected op ${String(v.op)}`);
      return `${renderExpr(v.left)} ${renderExpr(v.right)}`;
    case 'payload': return `${String(v.protocol)} ${String(v.field)}`;
    case 'meta': return String(v.key);
    case 'set': return `{ ${(v as unknown as unknown[]).map(renderExpr).join(', ')} }`;
    case 'counter': case 'masquerade': case 'return':
      if (v !== null) throw new Error(`unexpected ${key} argument`);
      return key;
    case 'snat': case 'dnat': return `${key} to ${String(v.addr)}`;
    case 'jump': return `jump ${String(v.target)}`;
    default: throw new Error(`unknown expression ${key}`);
  }
}

for (const c of KUBEVIRT_NAT_CASES) {
  t.test(`matches KubeVirt: ${c.name}`, async (t) => {
    const batch = planMasqueradeNat(c.input);
    const rendered = renderKubevirtStub(batch);
    t.same(rendered.chains, c.chains);
    t.same(rendered.rules, c.rules);
    t.equal(batch.family, c.input.family === 4 ? 'ip' : 'ip6');
    t.equal(batch.label, `masquerade ipv${c.input.family}`);
  });
}

const base: MasqueradeNatInput = {
  family: 4, vmAddress: '10.0.2.2', gatewayAddress: '10.0.2.1', podIfaceName: 'eth0', bridgeName: 'k6t-eth0',
  istio: false, skipMigrationPorts: true,
};

t.test('one transaction: ensure table and chains, flush only virtnet chains, then rules', async (t) => {
  const { commands } = planMasqueradeNat(base);
  const verbs = commands.map((c) => `${Object.keys(c)[0]} ${Object.keys(Object.values(c)[0] as object)[0]}`);
  t.same(verbs.slice(0, 13), ['add table', ...Array(6).fill('add chain'), ...Array(6).fill('flush chain')]);
  t.ok(verbs.slice(13).every((v) => v === 'add rule'));
  t.same(commands[0], { add: { table: { family: 'ip', name: 'nat' } } });
  const flushed = commands.slice(7, 13).map((c) => (c.flush as { chain: { name: string } }).chain.name);
  t.same(flushed, [...MASQUERADE_NAT_CHAINS]);
  t.notOk(commands.some((c) => 'delete' in c), 'never deletes the shared nat table');
  // Base chain priorities are numbers (nft 1.0.6 rejects `dstnat` for nat output).
  const output = commands.find((c) => (c.add as { chain?: { name: string } }).chain?.name === 'output');
  t.same(output, { add: { chain: { family: 'ip', table: 'nat', name: 'output', type: 'nat', hook: 'output', prio: -100 } } });
});

t.test('rules only target virtnet chains and jump only to them', async (t) => {
  const batch = planMasqueradeNat({ ...base, istio: true, podIPv4: '10.222.222.1', ports: [{ port: 22, protocol: 'tcp' }] });
  const json = JSON.stringify(batch.commands);
  for (const m of json.matchAll(/"(?:chain|target)":"([^"]*)"/g)) t.ok(MASQUERADE_NAT_CHAINS.includes(m[1]), m[1]);
});

/** Every string leaf of the rules, to show no expression was assembled from text. */
function ruleStrings(batch: NftBatch): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const c of batch.commands) walk((c.add as { rule?: unknown } | undefined)?.rule);
  return out;
}

t.test('a hostile-looking interface name is one string value, nothing more', async (t) => {
  const hostile = 'e";flush{x}$y';
  const batch = planMasqueradeNat({ ...base, podIfaceName: hostile });
  const prerouting = batch.commands.find((c) => (c.add as { rule?: { chain: string } } | undefined)?.rule?.chain === 'prerouting');
  t.same((prerouting!.add as { rule: { expr: unknown[] } }).rule.expr[0], {
    match: { op: '==', left: { meta: { key: 'iifname' } }, right: hostile },
  });
  t.equal(ruleStrings(batch).filter((s) => s === hostile).length, 1);
  t.same(JSON.parse(JSON.stringify(batch)), batch, 'survives the JSON round trip unchanged');
});

t.test('every string in the rules is a keyword or an input value, never composed text', async (t) => {
  const input: MasqueradeNatInput = {
    ...base, istio: true, podIPv4: '10.222.222.1', ports: [{ port: 80, protocol: 'tcp' }, { port: 53, protocol: 'udp' }],
  };
  const keywords = new Set([
    'ip', 'nat', 'prerouting', 'postrouting', 'output', 'KUBEVIRT_PREINBOUND', 'KUBEVIRT_POSTINBOUND',
    '==', 'saddr', 'daddr', 'dport', 'tcp', 'udp', 'iifname', 'oifname', '127.0.0.1', '127.0.0.6',
  ]);
  const values = new Set([input.vmAddress, input.gatewayAddress, input.podIfaceName, input.bridgeName, input.podIPv4]);
  for (const s of ruleStrings(planMasqueradeNat(input))) t.ok(keywords.has(s) || values.has(s), s);
});

t.test('ports and protocols are typed: numbers stay numbers', async (t) => {
  const batch = planMasqueradeNat({ ...base, ports: [{ port: 8080, protocol: 'udp' }] });
  t.match(JSON.stringify(batch.commands), /"right":\{"set":\[8080\]\}/);
  t.match(JSON.stringify(batch.commands), /"protocol":"udp","field":"dport"\}\},"right":8080\}/);
});

t.test('rejects input nft would misread or the kernel would refuse', async (t) => {
  const bad: [string, Partial<MasqueradeNatInput>, string][] = [
    ['set reference as name', { podIfaceName: '@myset' }, 'podIfaceName'],
    ['wildcard name', { bridgeName: 'k6t-*' }, 'bridgeName'],
    ['name too long', { podIfaceName: 'a'.repeat(16) }, 'podIfaceName'],
    ['empty name', { podIfaceName: '' }, 'podIfaceName'],
    ['name with a space', { podIfaceName: 'eth 0' }, 'podIfaceName'],
    ['vm address of the wrong family', { vmAddress: 'fd10:0:2::2' }, 'vmAddress'],
    ['gateway not an address', { gatewayAddress: '10.0.2.1 } counter' }, 'gatewayAddress'],
    ['istio without the pod IPv4', { istio: true }, 'podIPv4'],
    ['port 0', { ports: [{ port: 0, protocol: 'tcp' }] }, 'ports/0/port'],
    ['port 65536', { ports: [{ port: 65536, protocol: 'tcp' }] }, 'ports/0/port'],
    ['fractional port', { ports: [{ port: 80, protocol: 'tcp' }, { port: 80.5, protocol: 'tcp' }] }, 'ports/1/port'],
    ['unknown protocol', { ports: [{ port: 80, protocol: 'sctp' as 'tcp' }] }, 'ports/0/protocol'],
  ];
  for (const [what, patch, path] of bad) {
    t.throws(() => planMasqueradeNat({ ...base, ...patch }), new ValidationError(path, ''), what);
  }
  t.throws(() => planMasqueradeNat({ ...base, family: 5 as 4 }), new ValidationError('family', ''), 'unknown family');
  // Negative control: the boundaries themselves are fine.
  t.doesNotThrow(() => planMasqueradeNat({ ...base, podIfaceName: 'a'.repeat(15), ports: [{ port: 1, protocol: 'tcp' }, { port: 65535, protocol: 'udp' }] }));
});

t.test('IPv6 with istio needs no pod address and never adds 127.0.0.6', async (t) => {
  const batch = planMasqueradeNat({ ...base, family: 6, vmAddress: 'fd10:0:2::2', gatewayAddress: 'fd10:0:2::1', istio: true });
  t.notOk(ruleStrings(batch).includes('127.0.0.6'));
});
