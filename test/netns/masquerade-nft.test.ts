/**
 * The batch against KubeVirt, judged by the kernel: KubeVirt's own `nft add`
 * commands go into one fresh netns, virtnet's JSON batch into another, and
 * nft's listing of both tables must be identical.
 */
import t from 'tap';
import { planMasqueradeNat } from '../../bindings/masquerade-nft.js';
import { applyNftBatch } from '../../src/drivers/nft.js';
import { KUBEVIRT_NAT_CASES, type KubevirtNatCase } from '../fixtures/kubevirt-masquerade-nat.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';

/** Replays KubeVirt's command sequence, one nft process per table, chain and rule as KubeVirt runs it. */
async function applyAsKubevirt(ns: ScratchNetns, c: KubevirtNatCase): Promise<void> {
  const family = c.input.family === 4 ? 'ip' : 'ip6';
  await ns.run('nft', 'add', 'table', family, 'nat');
  for (const line of c.chains) {
    const [, fam, name, spec] = /^family (\S+) table nat name (\S+) chainspec \[(.*)\]$/.exec(line)!;
    await ns.run('nft', 'add', 'chain', fam!, 'nat', name!, ...(spec === '' ? [] : [spec!]));
  }
  for (const line of c.rules) {
    const [, fam, chain, spec] = /^family (\S+) table nat chain (\S+) rulespec \[(.*)\]$/.exec(line)!;
    await ns.run('nft', 'add', 'rule', fam!, 'nat', chain!, ...spec!.split(' '));
  }
}

for (const c of KUBEVIRT_NAT_CASES) {
  t.test(c.name, async (t) => {
    const family = c.input.family === 4 ? 'ip' : 'ip6';
    const [kubevirt, virtnet] = await Promise.all([scratchNetns(t, 'kv'), scratchNetns(t, 'vn')]);
    await applyAsKubevirt(kubevirt, c);
    await applyNftBatch(virtnet.handle, planMasqueradeNat(c.input));
    const expected = await kubevirt.run('nft', 'list', 'table', family, 'nat');
    const actual = await virtnet.run('nft', 'list', 'table', family, 'nat');
    t.equal(actual, expected);
    t.equal(actual.match(/counter packets/g)?.length, c.rules.length, 'every rule is listed');
  });
}

t.test('negative control: a one-rule difference shows in the listing', async (t) => {
  const c = KUBEVIRT_NAT_CASES[0]!;
  const [kubevirt, virtnet] = await Promise.all([scratchNetns(t, 'kv'), scratchNetns(t, 'vn')]);
  await applyAsKubevirt(kubevirt, c);
  await applyNftBatch(virtnet.handle, planMasqueradeNat({ ...c.input, skipMigrationPorts: true }));
  t.not(await virtnet.run('nft', 'list', 'table', 'ip', 'nat'), await kubevirt.run('nft', 'list', 'table', 'ip', 'nat'));
});
