// NetlinkDriver against a real kernel, in throwaway namespaces. Every write is checked with
// iproute2 run inside the namespace (test/helpers/ip-reader.ts), never with the driver itself.
import { constants } from 'node:os';
import t, { type Test } from 'tap';
import { NetlinkError } from '../../src/core/errors.js';
import { NetlinkDriver } from '../../src/drivers/netlink.js';
import { readNetState } from '../../src/drivers/read-state.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';
import { observeLink, observeLinks, observeSysctl } from '../helpers/ip-reader.js';

const E = constants.errno;

async function setup(t: Test): Promise<{ ns: ScratchNetns; driver: NetlinkDriver }> {
  const ns = await scratchNetns(t, 'b');
  const driver = NetlinkDriver.open(ns.handle);
  t.teardown(() => driver.close());
  return { ns, driver };
}

async function rejection(promise: Promise<unknown>): Promise<NetlinkError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof NetlinkError) return err;
    throw err;
  }
  throw new Error('expected a NetlinkError, the call succeeded');
}

t.test('the socket lives in the namespace it was opened in', async (t) => {
  const { ns, driver } = await setup(t);
  await ns.run('ip', 'link', 'add', 'only-here', 'type', 'ifb');
  t.ok(await driver.getLink('only-here'), 'sees a link made inside');
  t.same((await driver.listLinks()).map((l) => l.name).sort(), ['lo', 'only-here'], 'and nothing of the host');
});

t.test('create bridge and placeholder; duplicates refused with EEXIST', async (t) => {
  const { ns, driver } = await setup(t);
  const bridge = await driver.createBridge('br-a', { mac: '02:aa:00:00:00:01', mtu: 1400 });
  t.same(bridge, { index: (await observeLink(ns, 'br-a'))?.index, name: 'br-a', mac: '02:aa:00:00:00:01' }, 'the index comes from the kernel');
  t.match(await observeLink(ns, 'br-a'), { kind: 'bridge', mac: '02:aa:00:00:00:01', mtu: 1400, up: false });

  const ifb = await driver.createLink('ph0', 'ifb', { mac: '0a:58:0a:f4:00:05', mtu: 1450 });
  t.equal(ifb.index, (await observeLink(ns, 'ph0'))?.index);
  t.match(await observeLink(ns, 'ph0'), { kind: 'ifb', mac: '0a:58:0a:f4:00:05', mtu: 1450 });

  const dup = await rejection(driver.createBridge('br-a'));
  t.equal(dup.errno, E.EEXIST);
  t.equal(dup.op, 'RTM_NEWLINK');
  t.equal(dup.context.iface, 'br-a');
  t.match(dup.message, /failed to create bridge "br-a": EEXIST/);
  t.match(await observeLink(ns, 'br-a'), { mac: '02:aa:00:00:00:01', mtu: 1400 }, 'the existing bridge was not touched');
});

t.test('a bridge keeps its MAC and MTU when ports join', async (t) => {
  const { ns, driver } = await setup(t);
  // Negative control: a bridge made by iproute2 without a MAC adopts the lowest port MAC.
  await ns.run('ip', 'link', 'add', 'br-ip', 'type', 'bridge');
  await ns.run('ip', 'link', 'add', 'low0', 'address', '00:00:00:00:00:01', 'type', 'ifb');
  const ipBridgeMac = (await observeLink(ns, 'br-ip'))?.mac;
  await ns.run('ip', 'link', 'set', 'low0', 'master', 'br-ip');
  t.not(ipBridgeMac, '00:00:00:00:00:01');
  t.equal((await observeLink(ns, 'br-ip'))?.mac, '00:00:00:00:00:01', 'the kernel moves an unset bridge MAC');

  const made = await driver.createBridge('br-v', { mtu: 1400 });
  await ns.run('ip', 'link', 'add', 'low1', 'address', '00:00:00:00:00:01', 'mtu', '1500', 'type', 'ifb');
  await ns.run('ip', 'link', 'set', 'low1', 'master', 'br-v');
  t.match(await observeLink(ns, 'br-v'), { mac: made.mac, mtu: 1400 });
});

t.test('rename, MAC, MTU, master, up/down, learning, route_localnet', async (t) => {
  const { ns, driver } = await setup(t);
  await driver.createBridge('br0');
  await ns.run('ip', 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  const index = (await observeLink(ns, 'v0'))!.index;

  await driver.setName(index, 'eth0-nic');
  await driver.setMac('eth0-nic', '02:00:00:00:00:42');
  await driver.setMtu('eth0-nic', 1450);
  await driver.setMaster('eth0-nic', 'br0');
  await driver.setUp('eth0-nic', true);
  await driver.setBridgePortLearning('eth0-nic', false);
  await driver.setRouteLocalnet('br0', true);
  t.match(await observeLink(ns, 'eth0-nic'), {
    index, kind: 'veth', mac: '02:00:00:00:00:42', mtu: 1450, up: true, master: 'br0', learning: false,
  });
  t.equal(await observeSysctl(ns, 'net/ipv4/conf/br0/route_localnet'), '1');
  t.equal(await observeSysctl(ns, 'net/ipv4/conf/eth0-nic/route_localnet'), '0', 'only the link asked for');

  const read = await driver.getLink('eth0-nic');
  t.match(read, { index, masterIndex: (await observeLink(ns, 'br0'))!.index, learning: false, up: true, routeLocalnet: false });
  t.equal((await driver.getLink('br0'))?.routeLocalnet, true);

  await driver.setBridgePortLearning('eth0-nic', true);
  await driver.setUp('eth0-nic', false);
  await driver.setMaster('eth0-nic', null);
  t.match(await observeLink(ns, 'eth0-nic'), { up: false, master: null });
  t.notOk('learning' in (await observeLink(ns, 'eth0-nic'))!, 'no longer a bridge port');
});

t.test('absent links: getLink null, deleteLink false, setters fail with ENODEV naming the link', async (t) => {
  const { ns, driver } = await setup(t);
  t.equal(await driver.getLink('nope'), null);
  t.equal(await driver.getLink(4242), null);
  t.equal(await driver.deleteLink('nope'), false);
  const err = await rejection(driver.setMtu('nope', 1400));
  t.equal(err.errno, E.ENODEV);
  t.equal(err.context.iface, 'nope');
  t.match(err.message, /"nope"/);

  await ns.run('ip', 'link', 'add', 'gone', 'type', 'ifb');
  t.equal(await driver.deleteLink('gone'), true);
  t.equal(await observeLink(ns, 'gone'), undefined);
  await ns.run('ip', 'tuntap', 'add', 'dev', 'tapd', 'mode', 'tap');
  t.equal(await driver.deleteLink('tapd'), true, 'a persistent tap goes with RTM_DELLINK too');
  t.equal(await observeLink(ns, 'tapd'), undefined);
});

t.test('addresses: add (idempotent for the same address), list, delete', async (t) => {
  const { ns, driver } = await setup(t);
  await ns.run('ip', 'link', 'add', 'd0', 'type', 'ifb');
  const v4 = { family: 4 as const, address: '10.9.0.1', prefixLength: 24 };
  const v6 = { family: 6 as const, address: 'fd10:0:2::1', prefixLength: 120 };
  await driver.addAddress('d0', v4);
  await driver.addAddress('d0', v6);
  await driver.addAddress('d0', v4);
  t.same((await observeLink(ns, 'd0'))?.addresses, ['10.9.0.1/24', 'fd10:0:2::1/120']);

  const conflict = await rejection(driver.addAddress('d0', { ...v6, prefixLength: 64 }));
  t.equal(conflict.errno, E.EEXIST, 'the same IPv6 address with another prefix is not "already there"');
  t.match(conflict.message, /failed to add address "fd10:0:2::1\/64" to "d0"/);

  t.same(
    (await driver.listAddresses('d0')).map((a) => a.address),
    [
      { ...v4, scope: 'global' },
      { ...v6, scope: 'global' },
    ],
  );
  t.equal(await driver.deleteAddress('d0', v4), true);
  t.equal(await driver.deleteAddress('d0', v4), false);
  t.same((await observeLink(ns, 'd0'))?.addresses, ['fd10:0:2::1/120']);
});

t.test('routes: listed like ip shows them; ensureRoutes restores the missing ones', async (t) => {
  const { ns, driver } = await setup(t);
  await ns.run('ip', 'link', 'add', 'r0', 'type', 'ifb');
  await ns.run('ip', 'link', 'set', 'r0', 'up');
  await ns.run('ip', 'addr', 'add', '10.7.0.5/24', 'dev', 'r0');
  await ns.run('ip', 'route', 'add', 'default', 'via', '10.7.0.1');
  await ns.run('ip', 'route', 'add', '10.200.0.0/16', 'via', '10.7.0.254');

  const state = await readNetState(driver);
  const ipRoutes = JSON.parse(await ns.run('ip', '-j', '-4', 'route', 'show', 'table', 'main')) as { dst: string; gateway?: string; dev: string }[];
  const ours = state.routes.filter((r) => r.family === 4);
  t.same(
    ours.map((r) => [r.destination ?? 'default', r.gateway ?? null, r.outputInterface]).sort(),
    ipRoutes.map((r) => [r.dst, r.gateway ?? null, r.dev]).sort(),
  );
  t.match(ours.find((r) => r.destination === '10.7.0.0/24'), { source: '10.7.0.5', scope: 'link' });

  // Other tables only when asked for: the local table (where the kernel keeps 10.7.0.5 itself) and a policy table.
  await ns.run('ip', 'route', 'add', '10.99.0.0/16', 'via', '10.7.0.1', 'table', '100');
  t.same((await driver.listRoutes()).map((r) => r.table), state.routes.map(() => 254), 'main table only by default');
  t.same(
    (await driver.listRoutes({ table: 100 })).map((r) => [r.destination, r.gateway, r.table]),
    [['10.99.0.0/16', '10.7.0.1', 100]],
  );
  const local = JSON.parse(await ns.run('ip', '-j', '-4', 'route', 'show', 'table', 'local', 'type', 'local')) as unknown[];
  t.ok(local.length > 0, 'negative control: the local table is not empty');
  t.same(await driver.listRoutes({ table: 255 }), [], 'local routes are not unicast');
  await ns.run('ip', 'route', 'del', '10.99.0.0/16', 'table', '100');

  // Deleting the address takes every route through it along.
  await ns.run('ip', 'addr', 'del', '10.7.0.5/24', 'dev', 'r0');
  t.same(JSON.parse(await ns.run('ip', '-j', '-4', 'route', 'show', 'table', 'main')), []);
  await driver.addAddress('r0', { family: 4, address: '10.7.0.5', prefixLength: 24 });
  t.equal(await driver.ensureRoutes('r0', ours), 2, 'the connected route came back with the address');
  t.equal(await driver.ensureRoutes('r0', ours), 0);
  const restored = JSON.parse(await ns.run('ip', '-j', '-4', 'route', 'show', 'table', 'main')) as { dst: string; gateway?: string }[];
  t.same(restored.map((r) => [r.dst, r.gateway ?? null]).sort(), ipRoutes.map((r) => [r.dst, r.gateway ?? null]).sort());
});

t.test('readNetState agrees with ip on a tap, a bridge and a port', async (t) => {
  const { ns, driver } = await setup(t);
  ns.handle.createTap('tap0', { uid: 107, gid: 108, queues: 2, vnetHdr: true });
  await ns.run('ip', 'link', 'add', 'k6t-eth0', 'type', 'bridge');
  await ns.run('ip', 'link', 'set', 'tap0', 'master', 'k6t-eth0');
  const state = await readNetState(driver);
  const observed = await observeLinks(ns);
  t.same(
    state.links.map((l) => [l.index, l.name, l.mac, l.mtu, l.up, l.master]),
    observed.map((l) => [l.index, l.name, l.mac, l.mtu, l.up, l.master]),
  );
  const tap = state.links.find((l) => l.name === 'tap0');
  t.same(tap?.tun, { tap: true, owner: 107, group: 108, multiQueue: true, persist: true, vnetHdr: true });
  t.match(observed.find((l) => l.name === 'tap0')?.tap, { type: 'tap', user: 107, group: 108, multiQueue: true, vnetHdr: true });
  t.equal(tap?.learning, true);
  t.equal(state.links.find((l) => l.name === 'k6t-eth0')?.kind, 'bridge');
});

t.test('a dummy placeholder fails exactly as the kernel says, with errno', async (t) => {
  const { ns, driver } = await setup(t);
  // The oracle: what iproute2 gets for the same request on this kernel.
  const ip = await ns.exec('ip', ['link', 'add', 'probe', 'type', 'dummy'], { allowFailure: true });
  if (ip.exitCode === 0) {
    const made = await driver.createLink('dm0', 'dummy');
    t.equal(made.index, (await observeLink(ns, 'dm0'))?.index);
    t.equal((await observeLink(ns, 'dm0'))?.kind, 'dummy');
  } else {
    t.match(ip.stderr, /Unknown device type/);
    const err = await rejection(driver.createLink('dm0', 'dummy'));
    t.equal(err.errno, E.EOPNOTSUPP);
    t.equal(err.context.iface, 'dm0');
    t.match(err.message, /failed to create dummy "dm0": EOPNOTSUPP/);
    t.match(err.message, /: Unknown device type$/, "the kernel's own words, as ip printed them");
    t.equal(await observeLink(ns, 'dm0'), undefined);
  }
});

t.test('100 concurrent requests, dumps among them, all answered', async (t) => {
  const { ns, driver } = await setup(t);
  await ns.run('ip', 'link', 'add', 'c0', 'type', 'ifb');
  const calls = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? driver.listLinks().then((l) => l.find((x) => x.name === 'c0')) : driver.getLink('c0')));
  const results = await Promise.all(calls);
  t.equal(results.filter((r) => r?.name === 'c0').length, 100);
  t.equal(await driver.getLink('absent-x'), null, 'the socket still works afterwards');
});
