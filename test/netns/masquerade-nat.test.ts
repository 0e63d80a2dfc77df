/**
 * The masquerade NAT proven by traffic, not by rule listings. Each lab is
 * three namespaces made by the test:
 *
 *   remote [eth0 10.222.222.2] ── veth ── [eth0 10.222.222.1] pod [k6t-eth0 10.0.2.1] ── veth ── [eth0 10.0.2.2] vm
 *
 * The pod side of the vm veth, `tap0`, is enslaved to the bridge and stands in
 * for the tap. The remote has a route to the VM network through the pod, so
 * without NAT it would see the VM's own address: seeing the pod's proves SNAT.
 * socat echo servers answer `<tag> <peer address>`, so each check reads what
 * a real peer saw.
 */
import dgram from 'node:dgram';
import t from 'tap';
import { planMasqueradeNat, planMasqueradeNatRemoval, type MasqueradeNatInput } from '../../bindings/masquerade-nft.js';
import { NftError } from '../../src/core/errors.js';
import { canonicalizeIp } from '../../src/core/ip.js';
import type { NftBatch } from '../../src/core/nft-types.js';
import { applyNftBatch, listRuleset } from '../../src/drivers/nft.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';

type Family = 4 | 6;

const ADDRESSES = {
  4: { pod: '10.222.222.1', remote: '10.222.222.2', podPrefix: 24, vmCidr: '10.0.2.0/24', gw: '10.0.2.1', vm: '10.0.2.2', vmPrefix: 24 },
  6: { pod: '2001:db8:1::1', remote: '2001:db8:1::2', podPrefix: 64, vmCidr: 'fd10:0:2::/120', gw: 'fd10:0:2::1', vm: 'fd10:0:2::2', vmPrefix: 120 },
} as const;

interface Lab {
  family: Family;
  remote: ScratchNetns;
  pod: ScratchNetns;
  vm: ScratchNetns;
  addr: (typeof ADDRESSES)[Family];
}

type Teardown = Parameters<typeof scratchNetns>[0];

async function buildLab(t: Teardown, family: Family): Promise<Lab> {
  const addr = ADDRESSES[family];
  const [remote, pod, vm] = await Promise.all([scratchNetns(t, 'rm'), scratchNetns(t, 'pod'), scratchNetns(t, 'vm')]);
  const ip = (ns: ScratchNetns, ...args: string[]): Promise<string> => ns.run('ip', `-${family}`, ...args);
  const nodad = family === 6 ? ['nodad'] : [];
  // No duplicate address detection on the links about to be made: it delays link-local addresses, and so NDP.
  if (family === 6) await Promise.all([remote, pod, vm].map((ns) => ns.run('sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0')));

  await pod.run('ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', remote.name);
  await pod.run('ip', 'link', 'add', 'tap0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', vm.name);
  await pod.run('ip', 'link', 'add', 'k6t-eth0', 'address', '02:00:00:00:00:00', 'type', 'bridge');
  await pod.run('ip', 'link', 'set', 'tap0', 'master', 'k6t-eth0');
  for (const link of ['eth0', 'tap0', 'k6t-eth0']) await pod.run('ip', 'link', 'set', link, 'up');
  await remote.run('ip', 'link', 'set', 'eth0', 'up');
  await vm.run('ip', 'link', 'set', 'eth0', 'up');

  await ip(remote, 'addr', 'add', `${addr.remote}/${addr.podPrefix}`, 'dev', 'eth0', ...nodad);
  await ip(pod, 'addr', 'add', `${addr.pod}/${addr.podPrefix}`, 'dev', 'eth0', ...nodad);
  await ip(pod, 'addr', 'add', `${addr.gw}/${addr.vmPrefix}`, 'dev', 'k6t-eth0', ...nodad);
  await ip(vm, 'addr', 'add', `${addr.vm}/${addr.vmPrefix}`, 'dev', 'eth0', ...nodad);
  await ip(vm, 'route', 'add', 'default', 'via', addr.gw);
  await ip(remote, 'route', 'add', addr.vmCidr, 'via', addr.pod);

  if (family === 4) {
    await pod.run('sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // KubeVirt sets it on k6t-eth0 so pod-local (127.0.0.1) connections may be routed to the VM.
    await pod.run('sysctl', '-qw', 'net.ipv4.conf.k6t-eth0.route_localnet=1');
  } else {
    await pod.run('sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
  }
  return { family, remote, pod, vm, addr };
}

function natInput(lab: Lab, extra: Partial<MasqueradeNatInput> = {}): MasqueradeNatInput {
  return {
    family: lab.family, vmAddress: lab.addr.vm, gatewayAddress: lab.addr.gw, podIfaceName: 'eth0',
    bridgeName: 'k6t-eth0', istio: false, skipMigrationPorts: true, ...extra,
  };
}

/** A socat server answering every TCP connection or UDP datagram with `<tag> <peer address>`. */
async function echoServer(ns: ScratchNetns, family: Family, proto: 'tcp' | 'udp', port: number, tag: string): Promise<void> {
  const listen = proto === 'tcp' ? `TCP${family}-LISTEN:${port},reuseaddr,fork` : `UDP${family}-RECVFROM:${port},fork`;
  // Read the request first: a shell that exits with it unread resets socat's socketpair, losing the reply.
  const server = ns.spawn('socat', '-d', '-d', listen, `SYSTEM:read request; echo ${tag} $SOCAT_PEERADDR`);
  await server.waitForOutput(/listening on|receiving on/);
}

/** socat prints IPv6 peers fully expanded in brackets: `[2001:0db8:...]`. */
function normalizeReply(reply: string): string {
  const [tag, peer] = reply.trim().split(' ');
  return `${tag} ${canonicalizeIp(peer!.replace(/^\[|\]$/g, ''))}`;
}

/** The TCP echo reply `<tag> <peer>`, or null when the connection failed. */
async function askTcp(from: ScratchNetns, family: Family, host: string, port: number): Promise<string | null> {
  const target = family === 4 ? `TCP4:${host}:${port},connect-timeout=3` : `TCP6:[${host}]:${port},connect-timeout=3`;
  const r = await from.exec('socat', ['-t', '5', '-', target], { input: '', allowFailure: true });
  return r.exitCode === 0 && r.stdout.trim() !== '' ? normalizeReply(r.stdout) : null;
}

/** The UDP echo reply, from a socket made inside `from`; null when none came within 3 s. */
async function askUdp(from: ScratchNetns, family: Family, host: string, port: number): Promise<string | null> {
  const fd = from.handle.openUdpSocket({ family, address: family === 4 ? '0.0.0.0' : '::', port: 0 });
  const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
  try {
    await new Promise<void>((resolve) => socket.bind({ fd }, resolve));
    return await new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), 3000);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        resolve(normalizeReply(msg.toString()));
      });
      socket.send('ping\n', port, host, (err) => err && reject(err));
    });
  } finally {
    socket.close();
  }
}

async function ruleCount(ns: ScratchNetns, family: Family): Promise<number> {
  const listing = await listRuleset(ns.handle, family === 4 ? 'ip' : 'ip6', 'nat');
  return (listing ?? []).filter((o) => 'rule' in o).length;
}

for (const family of [4, 6] as const) {
  t.test(`IPv${family}: outbound traffic leaves with the pod address`, async (t) => {
    const lab = await buildLab(t, family);
    const { pod, remote } = lab.addr;
    await echoServer(lab.remote, family, 'tcp', 7000, 'remote');
    await echoServer(lab.remote, family, 'udp', 7001, 'remote');
    t.equal(await askTcp(lab.vm, family, remote, 7000), `remote ${lab.addr.vm}`, 'negative control: without NAT the remote sees the VM address');

    await applyNftBatch(lab.pod.handle, planMasqueradeNat(natInput(lab)));
    t.equal(await askTcp(lab.vm, family, remote, 7000), `remote ${pod}`, 'tcp is masqueraded');
    t.equal(await askUdp(lab.vm, family, remote, 7001), `remote ${pod}`, 'udp is masqueraded');
  });

  t.test(`IPv${family}: inbound TCP and UDP to the pod address reach the VM`, async (t) => {
    const lab = await buildLab(t, family);
    const { pod, remote } = lab.addr;
    await echoServer(lab.vm, family, 'tcp', 8000, 'vm');
    await echoServer(lab.vm, family, 'udp', 8001, 'vm');
    t.equal(await askTcp(lab.remote, family, pod, 8000), null, 'negative control: without NAT nothing listens on the pod address');

    await applyNftBatch(lab.pod.handle, planMasqueradeNat(natInput(lab)));
    t.equal(await askTcp(lab.remote, family, pod, 8000), `vm ${remote}`, 'tcp reaches the vm, client address kept');
    t.equal(await askUdp(lab.remote, family, pod, 8001), `vm ${remote}`, 'udp reaches the vm');
  });
}

t.test('IPv4: pod-local clients reach the VM through loopback; re-applying changes nothing', async (t) => {
  const lab = await buildLab(t, 4);
  await echoServer(lab.vm, 4, 'tcp', 8000, 'vm');
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 8000), null, 'negative control: loopback has no listener before NAT');

  const batch = planMasqueradeNat(natInput(lab));
  await applyNftBatch(lab.pod.handle, batch);
  const rules = await ruleCount(lab.pod, 4);
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 8000), 'vm 10.0.2.1', 'loopback is DNATed to the VM and SNATed to the gateway');
  t.equal(await askTcp(lab.pod, 4, lab.addr.pod, 8000), null, 'without istio the pod address stays local');

  await applyNftBatch(lab.pod.handle, batch);
  await applyNftBatch(lab.pod.handle, batch);
  t.equal(await ruleCount(lab.pod, 4), rules, 'rules replaced, not duplicated');
  t.equal(rules, batch.commands.filter((c) => 'add' in c && 'rule' in (c.add as object)).length);
  t.equal(await askTcp(lab.remote, 4, lab.addr.pod, 8000), 'vm 10.222.222.2', 'still forwarding after re-apply');
});

t.test('IPv4 with ports [80/tcp]: only port 80 is forwarded', async (t) => {
  const lab = await buildLab(t, 4);
  await echoServer(lab.vm, 4, 'tcp', 80, 'vm');
  await echoServer(lab.vm, 4, 'tcp', 81, 'vm');
  await applyNftBatch(lab.pod.handle, planMasqueradeNat(natInput(lab, { ports: [{ port: 80, protocol: 'tcp' }] })));
  t.equal(await askTcp(lab.remote, 4, lab.addr.pod, 80), 'vm 10.222.222.2', 'port 80 reaches the vm');
  t.equal(await askTcp(lab.remote, 4, lab.addr.pod, 81), null, 'port 81 does not');
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 80), 'vm 10.0.2.1', 'pod-local port 80 reaches the vm');
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 81), null, 'pod-local port 81 does not');
});

t.test('IPv4 with istio: only port 22 comes in, the pod address maps to the VM, proxy ports stay in the pod', async (t) => {
  const lab = await buildLab(t, 4);
  for (const port of [22, 8000, 15000]) await echoServer(lab.vm, 4, 'tcp', port, 'vm');
  await echoServer(lab.pod, 4, 'tcp', 15000, 'pod');
  await applyNftBatch(lab.pod.handle, planMasqueradeNat(natInput(lab, { istio: true, podIPv4: lab.addr.pod })));
  t.equal(await askTcp(lab.remote, 4, lab.addr.pod, 22), 'vm 10.222.222.2', 'non-proxied port 22 is forwarded');
  t.equal(await askTcp(lab.remote, 4, lab.addr.pod, 8000), null, 'other ports are left to the proxy');
  t.equal(await askTcp(lab.pod, 4, lab.addr.pod, 8000), 'vm 10.222.222.1', 'the proxy reaches the vm through the pod address');
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 8000), 'vm 10.0.2.1', 'and through loopback');
  t.equal(await askTcp(lab.pod, 4, '127.0.0.1', 15000), 'pod 127.0.0.1', 'a reserved istio port is not DNATed');
});

t.test('a failing batch changes nothing; re-apply and removal keep other tenants', async (t) => {
  const ns = await scratchNetns(t, 'nft');
  const input: MasqueradeNatInput = {
    family: 4, vmAddress: '10.0.2.2', gatewayAddress: '10.0.2.1', podIfaceName: 'eth0', bridgeName: 'k6t-eth0',
    istio: false, skipMigrationPorts: true,
  };
  // Another tenant of `ip nat` (as iptables-nft makes for istio-init) and of the netns.
  await ns.run('nft', 'add', 'table', 'inet', 'tenant');
  await ns.run('nft', 'add', 'table', 'ip', 'nat');
  await ns.run('nft', 'add', 'chain', 'ip', 'nat', 'ISTIO_REDIRECT');
  await ns.run('nft', 'add', 'rule', 'ip', 'nat', 'ISTIO_REDIRECT', 'tcp', 'dport', '15001', 'counter', 'redirect');
  const good = planMasqueradeNat(input);
  await applyNftBatch(ns.handle, good);
  await applyNftBatch(ns.handle, planMasqueradeNat({ ...input, family: 6, vmAddress: 'fd10:0:2::2', gatewayAddress: 'fd10:0:2::1' }));
  const before = await ns.run('nft', 'list', 'ruleset');
  t.match(before, /ISTIO_REDIRECT[^}]*redirect/, 'the tenant chain is there');

  const bad: NftBatch = {
    ...good,
    commands: [...good.commands, { add: { rule: { family: 'ip', table: 'nat', chain: 'prerouting', expr: [{ jump: { target: 'NO_SUCH_CHAIN' } }] } } }],
  };
  const err = await applyNftBatch(ns.handle, bad).then(() => null, (e: unknown) => e);
  t.ok(err instanceof NftError, 'NftError');
  t.match((err as NftError).message, /failed to apply nft batch "masquerade ipv4"/);
  t.match((err as NftError).stderr, /Error/);
  t.equal(await ns.run('nft', 'list', 'ruleset'), before, 'ruleset byte-identical after the failed batch');

  await applyNftBatch(ns.handle, good);
  await applyNftBatch(ns.handle, good);
  t.equal(await ns.run('nft', 'list', 'ruleset'), before, 're-applying is byte-identical and keeps the tenants');
  await applyNftBatch(ns.handle, planMasqueradeNat({ ...input, ports: [{ port: 80, protocol: 'tcp' }] }));
  t.not(await ns.run('nft', 'list', 'ruleset'), before, 'negative control: a different batch does change the listing');

  const removal = planMasqueradeNatRemoval('ip', await listRuleset(ns.handle, 'ip', 'nat'));
  t.ok(removal, 'there is something of virtnet to remove');
  await applyNftBatch(ns.handle, removal!);
  const left = await listRuleset(ns.handle, 'ip', 'nat');
  t.same(left?.flatMap((o) => ('chain' in o ? [(o.chain as { name: string }).name] : [])), ['ISTIO_REDIRECT'], 'only the tenant chain is left in ip nat');
  t.match(await ns.run('nft', 'list', 'chain', 'ip', 'nat', 'ISTIO_REDIRECT'), /tcp dport 15001 counter packets 0 bytes 0 redirect/, 'with its rule');
  t.not(await listRuleset(ns.handle, 'ip6', 'nat'), null, 'the other family is untouched');
  t.equal(planMasqueradeNatRemoval('ip', await listRuleset(ns.handle, 'ip', 'nat')), null, 'nothing is left to remove');
  const ip6 = planMasqueradeNatRemoval('ip6', await listRuleset(ns.handle, 'ip6', 'nat'));
  await applyNftBatch(ns.handle, ip6!);
  t.equal(await listRuleset(ns.handle, 'ip6', 'nat'), null, 'a table holding only virtnet chains is deleted');
});
