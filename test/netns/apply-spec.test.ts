// The reconciler against a real kernel: KubeVirt's bridge binding applied to a pod made the way a
// CNI makes one (a veth eth0 whose peer sits in a node namespace), checked with iproute2 run inside
// the pod (test/helpers/ip-reader.ts). Re-applying changes nothing; a run cut short and re-run ends
// where an uninterrupted one does; a spec that cannot be applied changes nothing at all.
import t, { type Test } from 'tap';
import { VirtnetError } from '../../src/core/errors.js';
import type { LinkSpec, NetSpec, NetState } from '../../src/core/net-state.js';
import { applyNetSpec } from '../../src/drivers/apply-spec.js';
import { NetlinkDriver } from '../../src/drivers/netlink.js';
import { readNetState } from '../../src/drivers/read-state.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';
import { observeLink, observeLinks, observeSysctl, type ObservedLink } from '../helpers/ip-reader.js';

const POD_IP = { family: 4 as const, address: '10.244.0.5', prefixLength: 24 };
const ARP_IGNORE = 'net/ipv4/conf/all/arp_ignore';

interface Pod {
  ns: ScratchNetns;
  driver: NetlinkDriver;
  /** ifindex and MAC of the CNI's eth0 before virtnet touched it. */
  index: number;
  mac: string;
}

async function makePod(t: Test): Promise<Pod> {
  const node = await scratchNetns(t, 'n');
  const ns = await scratchNetns(t, 'p');
  await ns.run('ip', 'link', 'add', 'eth0', 'mtu', '1450', 'type', 'veth', 'peer', 'name', 'vethpod', 'mtu', '1450', 'netns', node.name);
  await ns.run('ip', 'addr', 'add', '10.244.0.5/24', 'dev', 'eth0');
  await ns.run('ip', 'link', 'set', 'eth0', 'up');
  await node.run('ip', 'link', 'set', 'vethpod', 'up');
  await ns.run('ip', 'route', 'add', 'default', 'via', '10.244.0.1');
  const eth0 = (await observeLinks(ns)).find((l) => l.name === 'eth0')!;
  const driver = NetlinkDriver.open(ns.handle);
  t.teardown(() => driver.close());
  return { ns, driver, index: eth0.index, mac: eth0.mac! };
}

/** HEAD's bridgeBindingSpec (netpod.go) for eth0, with ifb as the placeholder (no CONFIG_DUMMY here). */
function bridgeBinding(pod: Pod): NetSpec {
  return {
    links: [
      { name: 'k6t-eth0', kind: 'bridge', state: 'up', addresses: [{ family: 4, address: '169.254.75.10', prefixLength: 32 }] },
      {
        name: 'eth0-nic', kind: 'existing', index: pod.index, state: 'up',
        copyMacFrom: 'k6t-eth0', master: 'k6t-eth0', addresses: [], learning: false,
      },
      { name: 'tap0', kind: 'tap', state: 'up', mtu: 1450, master: 'k6t-eth0', tap: { uid: 107, gid: 107, queues: 2 } },
      { name: 'eth0', kind: 'ifb', state: 'down', mac: pod.mac, mtu: 1450, addresses: [POD_IP] },
    ],
    sysctls: [{ path: ARP_IGNORE, value: '1' }],
  };
}

function find(links: ObservedLink[], name: string): ObservedLink {
  const link = links.find((l) => l.name === name);
  if (link === undefined) throw new Error(`ip shows no link "${name}": ${links.map((l) => l.name).join(', ')}`);
  return link;
}

/** What the bridge binding must look like, as ip reports it. */
async function checkBridgeBinding(t: Test, pod: Pod): Promise<ObservedLink[]> {
  const links = await observeLinks(pod.ns);
  const bridge = find(links, 'k6t-eth0');
  const nic = find(links, 'eth0-nic');
  const tap = find(links, 'tap0');
  const placeholder = find(links, 'eth0');
  t.match(bridge, { kind: 'bridge', up: true });
  t.same(bridge.addresses, ['169.254.75.10/32']);
  t.not(bridge.mac, pod.mac);
  t.match(nic, { index: pod.index, kind: 'veth', mac: bridge.mac, master: 'k6t-eth0', learning: false, up: true });
  t.same(nic.addresses, [], 'the pod address left the pod NIC');
  t.match(tap, { kind: 'tun', mtu: 1450, master: 'k6t-eth0', up: true });
  t.same(tap.tap, { type: 'tap', user: 107, group: 107, multiQueue: true, vnetHdr: true });
  t.match(placeholder, { kind: 'ifb', mac: pod.mac, mtu: 1450, up: false, master: null });
  t.same(placeholder.addresses, ['10.244.0.5/24'], 'the placeholder keeps the pod address');
  t.equal(await observeSysctl(pod.ns, ARP_IGNORE), '1');
  return links;
}

/** Links with MACs and indexes replaced by their role, so two pods compare. */
function shape(links: ObservedLink[], pod: Pod): unknown[] {
  const bridgeMac = links.find((l) => l.name === 'k6t-eth0')?.mac;
  return links
    .map((l) => ({
      ...l,
      index: l.index === pod.index ? 'pod-nic' : 'other',
      mac: l.mac === pod.mac ? 'pod-mac' : l.mac === bridgeMac ? 'bridge-mac' : 'own',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** NetState without what the kernel adds and drops by itself (IPv6 link-local addresses and routes). */
function stable(state: NetState): NetState {
  const notLinkLocal = (text: string | null | undefined): boolean => !text?.startsWith('fe80:');
  return {
    links: state.links.map((l) => ({ ...l, addresses: l.addresses.filter((a) => notLinkLocal(a.address)) })),
    routes: state.routes.filter((r) => notLinkLocal(r.destination)),
  };
}

async function applyRejection(pod: Pod, spec: NetSpec): Promise<VirtnetError> {
  try {
    await applyNetSpec(pod.ns.handle, pod.driver, spec);
  } catch (err) {
    if (err instanceof VirtnetError) return err;
    throw err;
  }
  throw new Error('expected the apply to be refused');
}

t.test('bridge binding: applied as ip sees it, and a second apply changes nothing', async (t) => {
  const pod = await makePod(t);
  const before = await observeLinks(pod.ns);
  // Negative control: the checks below must fail on the pod as the CNI left it.
  t.match(find(before, 'eth0'), { kind: 'veth', index: pod.index, up: true });
  t.same(find(before, 'eth0').addresses, ['10.244.0.5/24']);
  t.notOk(before.some((l) => l.name === 'k6t-eth0' || l.name === 'tap0'));
  t.equal(await observeSysctl(pod.ns, ARP_IGNORE), '0');

  const first = await applyNetSpec(pod.ns.handle, pod.driver, bridgeBinding(pod));
  t.ok(first.changes.length > 0);
  t.same(first.changes.find((c) => c.link === 'eth0' && c.change.startsWith('rename')), { link: 'eth0', change: 'rename to "eth0-nic"' });
  t.same(first.changes.at(-1), { link: null, change: `set sysctl ${ARP_IGNORE}=1` });
  const applied = await checkBridgeBinding(t, pod);

  const state = await readNetState(pod.driver);
  const second = await applyNetSpec(pod.ns.handle, pod.driver, bridgeBinding(pod));
  t.same(second.changes, [], 'nothing to change');
  t.same(await observeLinks(pod.ns), applied, 'ip sees the same links');
  t.same(stable(await readNetState(pod.driver)), stable(state));
});

t.test('a run cut short, then re-run, ends where an uninterrupted run does', async (t) => {
  const straight = await makePod(t);
  await applyNetSpec(straight.ns.handle, straight.driver, bridgeBinding(straight));
  const expected = shape(await checkBridgeBinding(t, straight), straight);

  // Stopped after the first two links.
  const afterTwo = await makePod(t);
  const spec = bridgeBinding(afterTwo);
  await applyNetSpec(afterTwo.ns.handle, afterTwo.driver, { links: spec.links.slice(0, 2), sysctls: [] });
  t.notOk((await observeLinks(afterTwo.ns)).some((l) => l.name === 'eth0'), 'the cut left no placeholder yet');
  await applyNetSpec(afterTwo.ns.handle, afterTwo.driver, spec);
  t.same(shape(await checkBridgeBinding(t, afterTwo), afterTwo), expected);

  // Stopped inside a link: the pod NIC renamed and down, still holding its address and no master.
  const midLink = await makePod(t);
  const midSpec = bridgeBinding(midLink);
  const cut: LinkSpec[] = [midSpec.links[0]!, { name: 'eth0-nic', kind: 'existing', index: midLink.index, state: 'down' }];
  await applyNetSpec(midLink.ns.handle, midLink.driver, { links: cut, sysctls: [] });
  t.match(
    (await observeLinks(midLink.ns)).find((l) => l.index === midLink.index),
    { name: 'eth0-nic', up: false, master: null, addresses: ['10.244.0.5/24'] },
  );
  await applyNetSpec(midLink.ns.handle, midLink.driver, midSpec);
  t.same(shape(await checkBridgeBinding(t, midLink), midLink), expected);
  t.same((await applyNetSpec(midLink.ns.handle, midLink.driver, midSpec)).changes, []);
});

t.test('a link of the wrong kind under a wanted name: refused, nothing changed', async (t) => {
  const pod = await makePod(t);
  await pod.ns.run('ip', 'link', 'add', 'tap0', 'type', 'ifb');
  const before = await observeLinks(pod.ns);
  const err = await applyRejection(pod, bridgeBinding(pod));
  t.equal(err.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
  t.equal(err.context.iface, 'tap0');
  t.match(err.message, /refusing to use "tap0" .* as tap "tap0": it is of kind "ifb"/);
  t.same(await observeLinks(pod.ns), before, 'not even the links before tap0 in the spec were touched');
  t.equal(await observeSysctl(pod.ns, ARP_IGNORE), '0');
});

t.test('undo: created links absent, the pod NIC restored; twice is a no-op', async (t) => {
  const pod = await makePod(t);
  await applyNetSpec(pod.ns.handle, pod.driver, bridgeBinding(pod));
  const undo: NetSpec = {
    links: [
      { name: 'eth0', kind: 'ifb', state: 'absent' },
      { name: 'eth0', kind: 'existing', index: pod.index, state: 'up', mac: pod.mac, master: null, addresses: [POD_IP] },
      { name: 'k6t-eth0', kind: 'bridge', state: 'absent' },
      { name: 'tap0', kind: 'tap', state: 'absent' },
    ],
    sysctls: [],
  };
  const report = await applyNetSpec(pod.ns.handle, pod.driver, undo);
  t.same(
    report.changes.filter((c) => c.change === 'delete').map((c) => c.link),
    ['eth0', 'k6t-eth0', 'tap0'],
  );
  const links = await observeLinks(pod.ns);
  t.same(links.map((l) => l.name).sort(), ['eth0', 'lo']);
  t.match(find(links, 'eth0'), { index: pod.index, kind: 'veth', mac: pod.mac, up: true, master: null });
  t.same(find(links, 'eth0').addresses, ['10.244.0.5/24']);
  t.same((await applyNetSpec(pod.ns.handle, pod.driver, undo)).changes, []);
});

t.test('rename and MAC change of an up link are made live; a refusal is retried down, and the link left up', async (t) => {
  const pod = await makePod(t);
  // A veth renames and changes MAC while up (kernel >= 6.2, IFF_LIVE_ADDR_CHANGE): no down in between.
  const eth0 = (await observeLink(pod.ns, 'eth0'))!;
  const report = await applyNetSpec(pod.ns.handle, pod.driver, {
    links: [{ name: 'renamed0', kind: 'existing', state: 'up', index: eth0.index, mac: '02:00:00:00:00:43' }],
    sysctls: [],
  });
  t.same(report.changes.map((c) => c.change), ['rename to "renamed0"', 'set MAC 02:00:00:00:00:43']);
  t.match(await observeLink(pod.ns, 'renamed0'), { mac: '02:00:00:00:00:43', up: true, addresses: ['10.244.0.5/24'] });

  // A refusal (EBUSY) with a name change in the request: set down and tried again, as older kernels
  // need. Here the refusal is real but lasting: a macvlan's lower link cannot join a bridge.
  await pod.ns.run('ip', 'link', 'add', 'mv0', 'link', 'renamed0', 'type', 'macvlan');
  await pod.ns.run('ip', 'link', 'add', 'br0', 'type', 'bridge');
  const err = await applyRejection(pod, {
    links: [{ name: 'lower0', kind: 'existing', state: 'up', index: eth0.index, master: 'br0' }],
    sysctls: [],
  });
  // "set up" in the failed request: it is the retry, made after setting the link down.
  t.match(err.message, /failed to change link #\d+: rename to "lower0", set up, attach to link #\d+: EBUSY/);
  t.match(await observeLink(pod.ns, 'lower0'), { up: true, master: null }, 'the retry set it up again before the master failed');
});
