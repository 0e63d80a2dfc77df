// The native addon, driven inside throwaway namespaces: taps carry KubeVirt's flags, errors
// carry errno/code/syscall, device-bound UDP sockets share a port and each hears only its
// own link (checked with real datagrams sent from peer namespaces).
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { CLONE_NEWNET, loadNative, native, type UdpSocketOptions } from '../../native/index.js';
import { VirtnetError } from '../../src/core/errors.js';
import { NetnsHandle } from '../../src/drivers/netns.js';
import { scratchNetns } from '../fixtures/scratch-netns.js';


function uniqueIfname(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

interface LinkDetails {
  ifname: string;
  linkinfo?: { info_kind: string; info_data?: Record<string, unknown> };
}

async function showLink(ns: NetnsHandle, name: string): Promise<LinkDetails | undefined> {
  const res = await ns.exec('ip', ['-d', '-j', 'link', 'show', 'dev', name], { reject: false });
  if (res.exitCode !== 0) return undefined;
  return (JSON.parse(res.stdout) as LinkDetails[])[0];
}

async function linkNames(ns: NetnsHandle): Promise<string[]> {
  const res = await ns.exec('ip', ['-j', 'link', 'show']);
  return (JSON.parse(res.stdout) as LinkDetails[]).map((l) => l.ifname).sort();
}

/** Call fn expecting a native system error, and return it. */
function nativeError(fn: () => unknown): { message: string; errno: number; code: string; syscall: string } {
  try {
    fn();
  } catch (err) {
    return err as { message: string; errno: number; code: string; syscall: string };
  }
  throw new Error('expected a native error, nothing was thrown');
}

t.test('createTap makes a persistent multi-queue tap with owner, group and vnet_hdr', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const name = uniqueIfname('tp');
  // A gid no package names: `ip` prints a named group by its name (libvirt's dependencies add `rdma`, often 107).
  ns.run(() => native.createTap(name, { uid: 107, gid: 50108, queues: 4, vnetHdr: true }));
  const link = await showLink(ns, name);
  t.equal(link?.linkinfo?.info_kind, 'tun');
  t.match(link?.linkinfo?.info_data, {
    type: 'tap',
    pi: false,
    vnet_hdr: true,
    multi_queue: true,
    numqueues: 0,
    persist: true,
    user: 107,
    group: 50108,
  });
  const root = await execa('ip', ['link', 'show', 'dev', name], { reject: false });
  t.not(root.exitCode, 0, 'the tap is not in the root netns');
});

t.test('createTap with one queue uses KubeVirt single-queue flags', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  for (const queues of [0, 1]) {
    const name = uniqueIfname('tq');
    ns.createTap(name, { uid: 0, gid: 0, queues, vnetHdr: false });
    const data = (await showLink(ns, name))?.linkinfo?.info_data;
    // IFF_TUN_EXCL|IFF_ONE_QUEUE without IFF_NO_PI (cmd/virt-chroot/tap-device-maker.go): pi stays on.
    // ip prints resolvable ids as names.
    t.match(data, { type: 'tap', pi: true, vnet_hdr: false, multi_queue: false, persist: true, user: 'root', group: 'root' }, `queues ${queues}`);
  }
});

t.test('createTap refuses a taken name, deleteTap removes and reports absence', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const tap = uniqueIfname('tp');
  const mq = uniqueIfname('tm');
  const veth = uniqueIfname('ve');
  await ns.exec('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`]);
  ns.createTap(tap, { uid: 0, gid: 0, queues: 1, vnetHdr: true });
  ns.createTap(mq, { uid: 0, gid: 0, queues: 2, vnetHdr: true });

  for (const [name, queues] of [[tap, 1], [mq, 2], [veth, 1]] as const) {
    const err = nativeError(() => ns.run(() => native.createTap(name, { uid: 0, gid: 0, queues, vnetHdr: false })));
    t.match(err, { message: `failed to create tap "${name}": File exists`, errno: 17, code: 'EEXIST', syscall: 'ioctl(TUNSETIFF)' });
  }
  t.match((await showLink(ns, tap))?.linkinfo?.info_data, { vnet_hdr: true }, 'the refused call left the tap as it was');

  const wrapped = t.throws(() => ns.createTap(tap, { uid: 0, gid: 0, queues: 1, vnetHdr: false }), {
    code: 'VIRTNET_NATIVE',
    message: new RegExp(`failed to create tap "${tap}": File exists \\(netns "/run/netns/`),
    context: { iface: tap },
  });
  t.match((wrapped as VirtnetError).cause, { code: 'EEXIST' });

  const notTap = nativeError(() => ns.run(() => native.deleteTap(veth)));
  t.match(notTap, { code: 'EINVAL', syscall: 'ioctl(TUNSETIFF)', message: `failed to delete tap "${veth}": Invalid argument` });

  ns.run(() => native.deleteTap(tap));
  t.equal(ns.deleteTap(mq), true);
  t.same(await linkNames(ns), [veth, `${veth}p`, 'lo'].sort(), 'both taps gone, the veth kept');

  const missing = nativeError(() => ns.run(() => native.deleteTap(tap)));
  t.match(missing, { message: `failed to delete tap "${tap}": No such file or directory`, errno: 2, code: 'ENOENT' });
  t.equal(ns.deleteTap(tap), false, 'the handle treats absence as done');
});

t.test('bad arguments throw TypeError and touch nothing', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const ok = { uid: 0, gid: 0, queues: 1, vnetHdr: false };
  const call = (name: unknown, opts: unknown) => () =>
    ns.run(() => (native.createTap as (n: unknown, o: unknown) => void)(name, opts));
  t.throws(call('x'.repeat(16), ok), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /name "x{16}" is longer than 15 bytes/ });
  for (const name of ['', '.', '..', 'a/b', 'a:b', 'a b']) {
    t.throws(call(name, ok), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }, JSON.stringify(name));
  }
  t.throws(call(7, ok), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'name must be a string' });
  t.throws(call('tq0', undefined), { name: 'TypeError', message: 'opts must be an object' });
  t.throws(call('tq0', { ...ok, queues: 257 }), { name: 'TypeError', message: /opts.queues must be an integer from 0 to 256/ });
  t.throws(call('tq0', { ...ok, uid: -1 }), { name: 'TypeError', message: /opts.uid/ });
  t.throws(call('tq0', { ...ok, gid: 1.5 }), { name: 'TypeError', message: /opts.gid/ });
  t.throws(call('tq0', { ...ok, uid: '0' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  t.throws(call('tq0', { ...ok, vnetHdr: 'yes' }), { name: 'TypeError', message: 'opts.vnetHdr must be a boolean' });
  t.throws(() => (loadNative().deleteTap as () => void)(), { name: 'TypeError', message: /deleteTap\(\) takes 1 argument/ });
  t.throws(() => native.setns(-1, 0), { name: 'TypeError', message: /fd must be an integer/ });
  const uts = openSync('/proc/self/ns/uts', 'r');
  t.teardown(() => closeSync(uts));
  t.match(nativeError(() => native.setns(uts, CLONE_NEWNET)), {
    message: `failed to enter namespace fd ${uts} (type 0x40000000): Invalid argument`,
    errno: 22,
    code: 'EINVAL',
    syscall: 'setns',
  });
  t.throws(() => native.closeFd(2 ** 31), { name: 'TypeError' });
  t.same(await linkNames(ns), ['lo'], 'no link was created');
});

t.test('createTap without CAP_NET_ADMIN fails with EPERM', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const addon = fileURLToPath(new URL('../../native/build/Release/virtnet.node', import.meta.url));
  const script = `
    const addon = require(${JSON.stringify(addon)});
    try { addon.createTap('tq0', { uid: 0, gid: 0, queues: 1, vnetHdr: false }); console.log('{}'); }
    catch (e) { console.log(JSON.stringify({ message: e.message, errno: e.errno, code: e.code, syscall: e.syscall })); }`;
  // Still uid 0 (so /dev/net/tun opens), but without CAP_NET_ADMIN.
  const res = await ns.exec('setpriv', ['--bounding-set=-net_admin', '--inh-caps=-net_admin', process.execPath, '-e', script]);
  t.same(JSON.parse(res.stdout), {
    message: 'failed to create tap "tq0": Operation not permitted',
    errno: 1,
    code: 'EPERM',
    syscall: 'ioctl(TUNSETIFF)',
  });
  t.same(await linkNames(ns), ['lo']);
});

t.test('closeFd reports EBADF for a closed fd', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const fd = ns.openUdpSocket({ family: 4, address: '127.0.0.1', port: 0 });
  native.closeFd(fd);
  t.match(nativeError(() => native.closeFd(fd)), { code: 'EBADF', errno: 9, syscall: 'close', message: `failed to close fd ${fd}: Bad file descriptor` });
});

/**
 * Namespace `server` linked by veth pairs s1–c1 and s2–c2 to `peer1` and `peer2`, with IPv4
 * addresses and IPv6 duplicate address detection off (link-local sources usable at once).
 */
async function makeTwoLinks(t: Test): Promise<{ server: NetnsHandle; peer1: NetnsHandle; peer2: NetnsHandle }> {
  const [server, peer1, peer2] = await Promise.all([scratchNetns(t, 'a'), scratchNetns(t, 'a'), scratchNetns(t, 'a')]);
  for (const { handle } of [server, peer1, peer2]) {
    handle.writeSysctl('net/ipv6/conf/default/accept_dad', '0');
  }
  await server.handle.exec('ip', ['-batch', '-'], {
    input: [
      `link add s1 type veth peer name c1 netns ${peer1.name}`,
      `link add s2 type veth peer name c2 netns ${peer2.name}`,
      'addr add 10.201.1.1/24 dev s1',
      'addr add 10.201.2.1/24 dev s2',
      'link set s1 up',
      'link set s2 up',
      '',
    ].join('\n'),
  });
  await peer1.handle.exec('ip', ['-batch', '-'], { input: 'addr add 10.201.1.2/24 dev c1\nlink set c1 up\n' });
  await peer2.handle.exec('ip', ['-batch', '-'], { input: 'addr add 10.201.2.2/24 dev c2\nlink set c2 up\n' });
  // Sending multicast from a link fails (EADDRNOTAVAIL) until it has a link-local address.
  await Promise.all([server.linkLocal('s1'), server.linkLocal('s2'), peer1.linkLocal('c1'), peer2.linkLocal('c2')]);
  return { server: server.handle, peer1: peer1.handle, peer2: peer2.handle };
}

/** Datagrams a socket received, in order, with a way to wait for the next ones. */
class Inbox {
  readonly messages: string[] = [];
  #wake: (() => void)[] = [];

  constructor(t: Test, ns: NetnsHandle, opts: UdpSocketOptions) {
    const socket = dgram.createSocket(opts.family === 4 ? 'udp4' : 'udp6');
    socket.bind({ fd: ns.openUdpSocket(opts) });
    socket.on('message', (msg) => {
      this.messages.push(msg.toString());
      for (const wake of this.#wake.splice(0)) wake();
    });
    t.teardown(() => socket.close());
  }

  /** Resolve once `count` datagrams arrived; fail after 5 s so a lost datagram cannot hang the run. */
  async until(count: number): Promise<string[]> {
    const deadline = Date.now() + 5000;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} datagrams, got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages;
  }
}

/** A sending socket made inside `ns`, bound to `device`. */
function sender(t: Test, ns: NetnsHandle, family: 4 | 6, device: string): dgram.Socket {
  const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
  socket.bind({ fd: ns.openUdpSocket({ family, address: family === 4 ? '0.0.0.0' : '::', port: 0, device, broadcast: true }) });
  t.teardown(() => socket.close());
  return socket;
}

async function send(socket: dgram.Socket, text: string, port: number, address: string): Promise<void> {
  await new Promise<void>((resolve, reject) => socket.send(text, port, address, (err) => (err ? reject(err) : resolve())));
}

t.test('device-bound udp4 sockets share 0.0.0.0:6767 and each hears only its link', async (t) => {
  const { server, peer1, peer2 } = await makeTwoLinks(t);
  const on1 = new Inbox(t, server, { family: 4, address: '0.0.0.0', port: 6767, device: 's1', broadcast: true });
  const on2 = new Inbox(t, server, { family: 4, address: '0.0.0.0', port: 6767, device: 's2', broadcast: true });
  // Control: without a device a socket hears both links, so the split above is the binding's doing.
  const unbound = new Inbox(t, server, { family: 4, address: '0.0.0.0', port: 6768 });

  // Controls: the port really is taken, per device and for an unbound socket.
  for (const device of ['s1', undefined]) {
    const err = t.throws(() => server.openUdpSocket({ family: 4, address: '0.0.0.0', port: 6767, ...(device ? { device } : {}) }), {
      code: 'VIRTNET_NATIVE',
      message: /failed to bind udp socket to "0.0.0.0" port 6767.*: Address already in use/,
    });
    t.match((err as VirtnetError).cause, { code: 'EADDRINUSE', syscall: 'bind' });
  }

  const from1 = sender(t, peer1, 4, 'c1');
  const from2 = sender(t, peer2, 4, 'c2');
  for (const round of ['a', 'b']) {
    await send(from1, `c1-${round}`, 6767, '255.255.255.255');
    await send(from2, `c2-${round}`, 6767, '255.255.255.255');
  }
  await send(from1, 'c1-x', 6768, '255.255.255.255');
  await send(from2, 'c2-x', 6768, '255.255.255.255');

  t.same(await on1.until(2), ['c1-a', 'c1-b']);
  t.same(await on2.until(2), ['c2-a', 'c2-b']);
  t.same((await unbound.until(2)).slice().sort(), ['c1-x', 'c2-x']);
});

t.test('udp6 socket on ff02::1:2 with joinGroup receives multicast from its link only', async (t) => {
  const { server, peer1, peer2 } = await makeTwoLinks(t);
  const group = 'ff02::1:2';
  const joined = new Inbox(t, server, { family: 6, address: group, port: 5547, device: 's1', joinGroup: group, reuseAddr: true });
  // Control on the other link: same bind without joinGroup hears nothing; a wildcard socket on the
  // same port shows what arrived there, in order.
  const notJoined = new Inbox(t, server, { family: 6, address: group, port: 5547, device: 's2', reuseAddr: true });
  const wildcard = new Inbox(t, server, { family: 6, address: '::', port: 5547, device: 's2', reuseAddr: true });

  await send(sender(t, peer1, 6, 'c1'), 'to-group-on-s1', 5547, group);
  const from2 = sender(t, peer2, 6, 'c2');
  await send(from2, 'to-group-on-s2', 5547, group);
  await send(from2, 'to-all-nodes-on-s2', 5547, 'ff02::1');

  t.same(await joined.until(1), ['to-group-on-s1']);
  // Same sender, same link, so to-group-on-s2 would have reached the wildcard socket first had the group been joined.
  t.same(await wildcard.until(1), ['to-all-nodes-on-s2']);
  t.same(notJoined.messages, []);
  t.same(joined.messages, ['to-group-on-s1'], 'nothing from the other link');
});

t.test('openUdpSocket validates options and names the device on errors', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  t.throws(() => ns.openUdpSocket({ family: 4, address: '::1', port: 1 }), { name: 'TypeError', message: 'opts.address "::1" is not an IPv4 address' });
  t.throws(() => ns.openUdpSocket({ family: 6, address: 'ff02::1:2', port: 70000 }), { name: 'TypeError', message: /opts.port/ });
  t.throws(() => ns.openUdpSocket({ family: 5 as 4, address: '0.0.0.0', port: 1 }), { name: 'TypeError', message: 'opts.family must be 4 or 6, got 5' });
  t.throws(() => ns.openUdpSocket({ family: 4, address: '0.0.0.0', port: 1, v6Only: true }), { name: 'TypeError', message: /v6Only/ });
  t.throws(() => ns.openUdpSocket({ family: 6, address: '::', port: 0, device: 'lo', joinGroup: 'nope' }), {
    name: 'TypeError',
    message: 'opts.joinGroup "nope" is not an IPv6 multicast address',
  });
  const noDev = t.throws(() => ns.openUdpSocket({ family: 4, address: '0.0.0.0', port: 6767, device: 'nonexistent0' }), {
    code: 'VIRTNET_NATIVE',
    message: /failed to find device "nonexistent0": No such device/,
  });
  t.match((noDev as VirtnetError).cause, { code: 'ENODEV', syscall: 'if_nametoindex' });
  t.throws(() => ns.openUdpSocket({ family: 6, address: 'fe80::1%nonexistent0', port: 0 }), { code: 'VIRTNET_NATIVE', message: /zone/ });
  // A link-local bind needs a scope: EINVAL without one; with a zone the kernel checks the address.
  t.throws(() => ns.openUdpSocket({ family: 6, address: 'fe80::1', port: 0 }), { cause: { code: 'EINVAL', syscall: 'bind' } });
  t.throws(() => ns.openUdpSocket({ family: 6, address: 'fe80::1%lo', port: 0 }), { cause: { code: 'EADDRNOTAVAIL' } });
  const fd = ns.openUdpSocket({ family: 6, address: '::', port: 0, v6Only: true, reuseAddr: true });
  t.ok(fd > 2);
  native.closeFd(fd);
});
