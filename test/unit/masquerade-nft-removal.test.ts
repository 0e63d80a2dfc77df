// Teardown's NAT batch: removes virtnet's chains (and with them the rules and jumps it put in its
// base chains) from table `nat`, never another tenant's, and the table only when nothing else is in
// it. Listings are shaped like `nft -j list table` output (1.0.6: handles, policy on base chains).
import t from 'tap';
import {
  MASQUERADE_NAT_CHAINS,
  planMasqueradeNat,
  planMasqueradeNatRemoval,
  type NftListingEntry,
} from '../../bindings/masquerade-nft.js';
import type { NftBatch } from '../../src/core/nft-types.js';

const METAINFO: NftListingEntry = { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } };

/** What nft would list after applying `batch` to an empty netns. */
function listingAfter(batch: NftBatch): NftListingEntry[] {
  let handle = 1;
  const listing: NftListingEntry[] = [METAINFO];
  for (const command of batch.commands) {
    const add = command.add as Record<string, Record<string, unknown>> | undefined;
    if (add?.table) listing.push({ table: { ...add.table, handle: 1 } });
    else if (add?.chain) listing.push({ chain: { ...add.chain, handle: handle++, ...(add.chain.hook ? { policy: 'accept' } : {}) } });
    else if (add?.rule) listing.push({ rule: { ...add.rule, handle: handle++ } });
  }
  return listing;
}

const virtnetIpv4 = listingAfter(
  planMasqueradeNat({
    family: 4, vmAddress: '10.0.2.2', gatewayAddress: '10.0.2.1', podIfaceName: 'eth0', bridgeName: 'k6t-eth0',
    istio: true, podIPv4: '10.244.0.5', skipMigrationPorts: true,
  }),
);

/** What iptables-nft leaves in `ip nat` for istio-init: upper-case base chain, ISTIO_* chain, a jump and a redirect. */
const istioInit: NftListingEntry[] = [
  { chain: { family: 'ip', table: 'nat', name: 'OUTPUT', handle: 100, type: 'nat', hook: 'output', prio: -100, policy: 'accept' } },
  { chain: { family: 'ip', table: 'nat', name: 'ISTIO_OUTPUT', handle: 101 } },
  { rule: { family: 'ip', table: 'nat', chain: 'OUTPUT', handle: 102, expr: [{ counter: { packets: 0, bytes: 0 } }, { jump: { target: 'ISTIO_OUTPUT' } }] } },
  { rule: { family: 'ip', table: 'nat', chain: 'ISTIO_OUTPUT', handle: 103, expr: [{ redirect: { port: 15001 } }] } },
];

function verbs(batch: NftBatch): string[] {
  return batch.commands.map((c) => {
    const [[verb, object]] = Object.entries(c) as [[string, Record<string, { name: string }>]];
    const [[kind, spec]] = Object.entries(object);
    return `${verb} ${kind} ${spec!.name}`;
  });
}

t.test('nothing to remove: no table, or a table without virtnet chains', async (t) => {
  t.equal(planMasqueradeNatRemoval('ip', null), null, 'absent table');
  t.equal(planMasqueradeNatRemoval('ip', [METAINFO, { table: { family: 'ip', name: 'nat', handle: 1 } }]), null, 'an empty table virtnet never used is left');
  t.equal(planMasqueradeNatRemoval('ip', [METAINFO, { table: { family: 'ip', name: 'nat', handle: 1 } }, ...istioInit]), null, 'only a tenant');
});

t.test('only virtnet in the table: flush all chains, delete them, then the table', async (t) => {
  const batch = planMasqueradeNatRemoval('ip', virtnetIpv4)!;
  t.equal(batch.family, 'ip');
  t.equal(batch.label, 'masquerade ipv4 removal');
  t.same(verbs(batch), [
    ...MASQUERADE_NAT_CHAINS.map((name) => `flush chain ${name}`),
    ...MASQUERADE_NAT_CHAINS.map((name) => `delete chain ${name}`),
    'delete table nat',
  ]);
  t.same(batch.commands[0], { flush: { chain: { family: 'ip', table: 'nat', name: 'prerouting' } } }, 'objects named by family, table and name, not by handle');
});

t.test('a tenant in the table: its chains and rules are never named, the table stays', async (t) => {
  const batch = planMasqueradeNatRemoval('ip', [...virtnetIpv4, ...istioInit])!;
  t.same(verbs(batch), [...MASQUERADE_NAT_CHAINS.map((name) => `flush chain ${name}`), ...MASQUERADE_NAT_CHAINS.map((name) => `delete chain ${name}`)]);
  const named = JSON.stringify(batch.commands);
  for (const foreign of ['OUTPUT', 'ISTIO_OUTPUT']) t.notMatch(named, `"${foreign}"`, `${foreign} is not in the batch`);
});

t.test('anything else left in the table keeps it: a set, a stateful object', async (t) => {
  for (const extra of [
    { set: { family: 'ip', table: 'nat', name: 'allowed', type: 'ipv4_addr', handle: 50 } },
    { counter: { family: 'ip', table: 'nat', name: 'seen', handle: 51, packets: 0, bytes: 0 } },
  ]) {
    const batch = planMasqueradeNatRemoval('ip', [...virtnetIpv4, extra])!;
    t.notOk(verbs(batch).includes('delete table nat'), `${Object.keys(extra)[0]} keeps the table`);
  }
});

t.test('a chain with virtnet name but another definition is not virtnet', async (t) => {
  const lookalikes: NftListingEntry[] = [
    METAINFO,
    { table: { family: 'ip', name: 'nat', handle: 1 } },
    { chain: { family: 'ip', table: 'nat', name: 'prerouting', handle: 2, type: 'nat', hook: 'prerouting', prio: -150, policy: 'accept' } },
    { chain: { family: 'ip', table: 'nat', name: 'output', handle: 3, type: 'filter', hook: 'output', prio: -100, policy: 'accept' } },
    { chain: { family: 'ip', table: 'nat', name: 'KUBEVIRT_PREINBOUND', handle: 4, type: 'nat', hook: 'input', prio: 0, policy: 'accept' } },
  ];
  t.equal(planMasqueradeNatRemoval('ip', lookalikes), null, 'other priority, other type, a base chain with a regular chain name: all left');
  const withOne = [...lookalikes, { chain: { family: 'ip', table: 'nat', name: 'KUBEVIRT_POSTINBOUND', handle: 5 } }];
  t.same(verbs(planMasqueradeNatRemoval('ip', withOne)!), ['flush chain KUBEVIRT_POSTINBOUND', 'delete chain KUBEVIRT_POSTINBOUND'], 'control: the real one is removed, the table kept');
});

t.test('only the chains still there are named (a partly removed NAT converges)', async (t) => {
  const partial = virtnetIpv4.filter((e) => {
    const name = (e.chain as { name?: string } | undefined)?.name ?? (e.rule as { chain?: string } | undefined)?.chain;
    return name === undefined || name === 'postrouting' || name === 'KUBEVIRT_POSTINBOUND';
  });
  t.same(verbs(planMasqueradeNatRemoval('ip', partial)!), [
    'flush chain postrouting',
    'flush chain KUBEVIRT_POSTINBOUND',
    'delete chain postrouting',
    'delete chain KUBEVIRT_POSTINBOUND',
    'delete table nat',
  ]);
});

t.test('ip6', async (t) => {
  const listing = listingAfter(
    planMasqueradeNat({
      family: 6, vmAddress: 'fd10:0:2::2', gatewayAddress: 'fd10:0:2::1', podIfaceName: 'eth0', bridgeName: 'k6t-eth0',
      istio: false, skipMigrationPorts: true,
    }),
  );
  const batch = planMasqueradeNatRemoval('ip6', listing)!;
  t.equal(batch.label, 'masquerade ipv6 removal');
  t.ok(batch.commands.every((c) => (Object.values(Object.values(c)[0] as object)[0] as { family: string }).family === 'ip6'), 'every command is ip6');
  t.same(batch.commands.at(-1), { delete: { table: { family: 'ip6', name: 'nat' } } });
});
