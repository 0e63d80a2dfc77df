// RouterAdvertiser on a real bridge, judged by what a real kernel and rdisc6 on the far side learnt:
//
//   pod netns:  br (fd10:0:2::1/120) ── vmport ═══ veth ═══ eth0  :vm netns (accept_ra=1, forwarding=0)
//               eth1 ═══════════════════ veth ═══════════ ext0    :outside netns (not on the bridge)
//
// DAD is off in every namespace, so link-local addresses are usable as soon as links have carrier.
import t, { type Test } from 'tap';
import { native } from '../../native/index.js';
import { RouterAdvertiser, type RouterAdvertiserStats } from '../../dhcp/ra/advertiser.js';
import { ICMPV6_ROUTER_ADVERTISEMENT, parseRouterAdvertisement } from '../../dhcp/ra/packet.js';
import type { DhcpV6ServerConfig } from '../../dhcp/v6/config.js';
import { waitFor } from '../helpers/exec.js';
import { listenIcmpv6, sendIcmpv6 } from '../helpers/icmpv6-peer.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';

const BRIDGE = 'br-ra';
const BRIDGE_MAC = '02:00:00:00:00:00';
const RS = Buffer.from('8500000000000000', 'hex');

interface Lab {
  pod: ScratchNetns;
  vm: ScratchNetns;
  outside: ScratchNetns;
  bridgeLinkLocal: string;
}


/** The lab above; `vmSolicits: false` keeps the vm kernel from sending its own solicitations. */
async function buildLab(t: Test, opts: { vmSolicits: boolean }): Promise<Lab> {
  const [pod, vm, outside] = await Promise.all([scratchNetns(t, 'pod'), scratchNetns(t, 'vm'), scratchNetns(t, 'out')]);
  for (const ns of [pod, vm, outside]) await ns.run('sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0');
  await vm.run('sysctl', '-qw', 'net.ipv6.conf.default.accept_ra=1', 'net.ipv6.conf.default.forwarding=0');
  if (!opts.vmSolicits) await vm.run('sysctl', '-qw', 'net.ipv6.conf.default.router_solicitations=0');
  await pod.run('ip', 'link', 'add', BRIDGE, 'address', BRIDGE_MAC, 'type', 'bridge');
  await pod.run('ip', 'addr', 'add', 'fd10:0:2::1/120', 'dev', BRIDGE, 'nodad');
  await pod.run('ip', 'link', 'add', 'vmport', 'master', BRIDGE, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', vm.name);
  await pod.run('ip', 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'ext0', 'netns', outside.name);
  for (const dev of [BRIDGE, 'vmport', 'eth1']) await pod.run('ip', 'link', 'set', dev, 'up');
  await vm.run('ip', 'link', 'set', 'eth0', 'up');
  await outside.run('ip', 'link', 'set', 'ext0', 'up');
  // The bridge has carrier, hence a link-local address, only once vmport and its peer are up.
  const bridgeLinkLocal = await pod.linkLocal(BRIDGE);
  await Promise.all([vm.linkLocal('eth0'), outside.linkLocal('ext0'), pod.linkLocal('eth1')]);
  return { pod, vm, outside, bridgeLinkLocal };
}

function config(overrides: Partial<DhcpV6ServerConfig> = {}): DhcpV6ServerConfig {
  return {
    bridgeName: BRIDGE,
    serverMac: BRIDGE_MAC,
    address: 'fd10:0:2::2',
    prefixLength: 120,
    advertiseDefaultRouter: true,
    mtu: 1400,
    clientMac: null,
    dnsServers: ['fd00:10:96::a'],
    searchDomains: ['default.svc.cluster.local', 'cluster.local'],
    ...overrides,
  };
}

function startAdvertiser(t: Test, lab: Lab, cfg: DhcpV6ServerConfig): RouterAdvertiser {
  const advertiser = new RouterAdvertiser(cfg, {
    openSocket: (onMessage) => lab.pod.handle.run(() => native.openIcmpv6Socket(cfg.bridgeName, onMessage)),
  });
  advertiser.start();
  t.teardown(() => advertiser.stop());
  return advertiser;
}

/** RAs come seconds apart: waits here allow 15 s. */
function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  return waitFor(what, check, 15_000);
}

async function defaultRoutes(vm: ScratchNetns): Promise<{ gateway?: string; dev: string; protocol: string }[]> {
  return JSON.parse(await vm.run('ip', '-j', '-6', 'route', 'show', 'default')) as { gateway?: string; dev: string; protocol: string }[];
}

async function vmMtu(vm: ScratchNetns): Promise<number> {
  return Number((await vm.run('cat', '/proc/sys/net/ipv6/conf/eth0/mtu')).trim());
}

t.test('the guest kernel learns the default router, MTU and on-link prefix; rdisc6 sees M, O, RDNSS, DNSSL', async (t) => {
  const lab = await buildLab(t, { vmSolicits: true });
  // Listening windows longer than the test: it reads what arrived so far, teardown ends them.
  const vmListener = await listenIcmpv6(lab.vm.name, 'eth0', ICMPV6_ROUTER_ADVERTISEMENT, 120);
  const outsideListener = await listenIcmpv6(lab.outside.name, 'ext0', ICMPV6_ROUTER_ADVERTISEMENT, 120);
  t.teardown(() => Promise.all([vmListener.stop(), outsideListener.stop()]));
  t.same(await defaultRoutes(lab.vm), [], 'no default route before the advertiser runs');
  const advertiser = startAdvertiser(t, lab, config());

  const routes = await until('a default route in the vm', async () => {
    const r = await defaultRoutes(lab.vm);
    return r.length > 0 ? r : undefined;
  });
  t.same(routes.map(({ gateway, dev, protocol }) => ({ gateway, dev, protocol })), [{ gateway: lab.bridgeLinkLocal, dev: 'eth0', protocol: 'ra' }]);
  t.equal(await vmMtu(lab.vm), 1400, 'the RA MTU is applied to the guest interface');
  const onLink = JSON.parse(await lab.vm.run('ip', '-j', '-6', 'route', 'show', 'fd10:0:2::/120')) as { dst: string; dev: string; gateway?: string }[];
  t.match(onLink, [{ dst: 'fd10:0:2::/120', dev: 'eth0' }], 'the prefix is on-link (the vm has no address in it: only the RA can say so)');
  t.equal(onLink[0]?.gateway, undefined);
  const vmGlobal = JSON.parse(await lab.vm.run('ip', '-j', '-6', 'addr', 'show', 'dev', 'eth0', 'scope', 'global')) as { addr_info: unknown[] }[];
  t.same(vmGlobal[0]?.addr_info ?? [], [], 'A=0: no address made by SLAAC');

  // rdisc6 solicits and prints the answer (a solicited RA within 3.5 s).
  const rdisc = await lab.vm.run('rdisc6', '-1', '-n', '-r', '2', '-w', '4000', 'eth0');
  t.match(rdisc, /Stateful address conf\.\s*:\s*Yes/);
  t.match(rdisc, /Stateful other conf\.\s*:\s*Yes/);
  t.match(rdisc, /Router lifetime\s*:\s*1800\s*\(0x00000708\) seconds/);
  t.match(rdisc, /MTU\s*:\s*1400 bytes/);
  t.match(rdisc, /Prefix\s*:\s*fd10:0:2::\/120/);
  t.match(rdisc, /On-link\s*:\s*Yes/);
  t.match(rdisc, /Autonomous address conf\.\s*:\s*No/);
  t.match(rdisc, /Recursive DNS server\s*:\s*fd00:10:96::a/);
  t.match(rdisc, /DNS search list\s*:\s*default\.svc\.cluster\.local cluster\.local\s*$/m);
  t.match(rdisc, new RegExp(`from ${lab.bridgeLinkLocal}`));

  // What arrived in the vm: hop limit 255, from the bridge's link-local, exactly the planned RA.
  const inVm = await until('the unsolicited and the solicited RA in the vm', () => {
    const seen = vmListener.received();
    return seen.length >= 2 ? seen : undefined;
  });
  for (const m of inVm) {
    t.equal(m.source, lab.bridgeLinkLocal);
    t.equal(m.hopLimit, 255);
    t.same(parseRouterAdvertisement(m.payload), advertiser.advertisement);
  }
  t.same(outsideListener.received(), [], 'nothing reached a link that is not on the bridge');
  t.match(advertiser.stats, { unsolicitedSent: Number, solicitedSent: Number, sendErrors: 0, dropped: {} } satisfies Partial<Record<keyof RouterAdvertiserStats, unknown>>);
  t.ok(advertiser.stats.solicitations >= 1, 'solicitations (the kernel, rdisc6) were accepted');
  t.ok(advertiser.stats.solicitedSent >= 1);

  // Stopping sends router lifetime 0: the guest drops the route now, not in 30 minutes.
  advertiser.stop();
  await until('the default route to go', async () => ((await defaultRoutes(lab.vm)).length === 0 ? true : undefined));
  t.pass('the default route is gone after stop()');
});

t.test('advertiseDefaultRouter=false: the guest applies the RA but gets no default route', async (t) => {
  const lab = await buildLab(t, { vmSolicits: true });
  startAdvertiser(t, lab, config({ advertiseDefaultRouter: false, mtu: 1380 }));
  // The MTU arriving proves the RA was processed; only then is "no route" meaningful.
  await until('the RA MTU in the vm', async () => ((await vmMtu(lab.vm)) === 1380 ? true : undefined));
  t.same(await defaultRoutes(lab.vm), []);
  const onLink = JSON.parse(await lab.vm.run('ip', '-j', '-6', 'route', 'show', 'fd10:0:2::/120')) as unknown[];
  t.equal(onLink.length, 1, 'the on-link prefix is still learnt');
});

t.test('a solicitation with hop limit 254 is dropped, the same one with 255 is answered', async (t) => {
  const lab = await buildLab(t, { vmSolicits: false });
  const vmListener = await listenIcmpv6(lab.vm.name, 'eth0', ICMPV6_ROUTER_ADVERTISEMENT, 120);
  t.teardown(() => vmListener.stop());
  const advertiser = startAdvertiser(t, lab, config());
  await until('the unsolicited RA in the vm', () => (vmListener.received().length === 1 ? true : undefined));

  await sendIcmpv6(lab.vm.name, 'eth0', 'ff02::2', 254, RS);
  await until('the hop-limit drop', () => (advertiser.stats.dropped['hop-limit'] === 1 ? true : undefined));
  // The decision is made when the message is handled: a dropped one never schedules an answer.
  t.match(advertiser.stats, { received: 1, solicitations: 0, solicitedSent: 0, unsolicitedSent: 1 });

  await sendIcmpv6(lab.vm.name, 'eth0', 'ff02::2', 255, RS);
  await until('the solicited RA', () => (advertiser.stats.solicitedSent === 1 ? true : undefined));
  await until('the solicited RA in the vm', () => (vmListener.received().length === 2 ? true : undefined));
  t.match(advertiser.stats, { received: 2, solicitations: 1, solicitedSent: 1, unsolicitedSent: 1, dropped: { 'hop-limit': 1 }, sendErrors: 0 });
});

t.test('malformed solicitations are counted by reason and do not stop the advertiser', async (t) => {
  const lab = await buildLab(t, { vmSolicits: false });
  const advertiser = startAdvertiser(t, lab, config());
  const malformed: [string, string][] = [
    ['85010000 00000000', 'code'],
    ['85000000 00000000 0100525400123456', 'bad-option-length'],
    ['85000000 00000000 01', 'bad-option-length'],
  ];
  for (const [hex, reason] of malformed) {
    const before = advertiser.stats.dropped[reason as 'code'] ?? 0;
    await sendIcmpv6(lab.vm.name, 'eth0', 'ff02::2', 255, Buffer.from(hex.replace(/ /g, ''), 'hex'));
    await until(`a "${reason}" drop`, () => ((advertiser.stats.dropped[reason as 'code'] ?? 0) === before + 1 ? true : undefined));
  }
  await sendIcmpv6(lab.vm.name, 'eth0', 'ff02::2', 255, RS);
  await until('the solicited RA', () => (advertiser.stats.solicitedSent === 1 ? true : undefined));
  t.match(advertiser.stats, { received: 4, solicitations: 1, dropped: { code: 1, 'bad-option-length': 2 } });
});
