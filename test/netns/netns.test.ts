// NetnsHandle: run() really runs inside, always comes back (throw, nesting, promises, many
// round trips), exec/sysctl happen inside, handles identify namespaces by dev:ino.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { NetnsHandle, currentNetnsKey } from '../../src/drivers/netns.js';
import { scratchNetns } from '../fixtures/scratch-netns.js';

const homeKey = currentNetnsKey();

t.test('run() executes inside the namespace and returns home', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  t.not(ns.key, homeKey, 'a fresh netns has its own identity');
  t.equal(ns.run(() => currentNetnsKey()), ns.key);
  t.equal(currentNetnsKey(), homeKey);
  t.equal(NetnsHandle.fromPid(process.pid).key, homeKey);
  t.equal(NetnsHandle.current().key, homeKey);
});

t.test('a link made by exec() inside exists only there', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const link = `vn${randomBytes(4).toString('hex')}`;
  await ns.exec('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}p`]);
  const inside = JSON.parse((await ns.exec('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[];
  t.ok(inside.some((l) => l.ifname === link), 'link listed inside');
  const root = await execa('ip', ['link', 'show', link], { reject: false });
  t.not(root.exitCode, 0, 'link absent from the root netns');
  t.match(root.stderr, /does not exist/);
});

t.test('sysctls are read and written inside only', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const path = 'net/ipv4/conf/lo/arp_ignore';
  const rootBefore = NetnsHandle.current().readSysctl(path);
  t.equal(ns.readSysctl(path), '0', 'fresh netns default');
  ns.writeSysctl(path, '2');
  t.equal(ns.readSysctl(path), '2');
  t.equal((await ns.exec('sysctl', ['-n', 'net.ipv4.conf.lo.arp_ignore'])).stdout, '2', 'a child inside sees it');
  t.equal(NetnsHandle.current().readSysctl(path), rootBefore, 'root value untouched');
  t.not(rootBefore, '2', 'the root value differs, so the check above means something');

  for (const bad of ['../etc/passwd', '/net/ipv4/ip_forward', 'net//ipv4', 'net/ipv4/conf/*/x', 'net/./ipv4', '']) {
    t.throws(() => ns.readSysctl(bad), { code: 'VIRTNET_SYSCTL', message: /invalid sysctl path/ }, bad);
  }
  t.throws(() => ns.writeSysctl('net/ipv4/conf/nonexistent0/arp_ignore', '1'), {
    code: 'VIRTNET_SYSCTL',
    message: /failed to write sysctl "net\/ipv4\/conf\/nonexistent0\/arp_ignore" = "1"/,
  });
  t.throws(() => ns.readSysctl('net/ipv4/conf/nonexistent0/arp_ignore'), {
    code: 'VIRTNET_SYSCTL',
    message: /failed to read sysctl "net\/ipv4\/conf\/nonexistent0\/arp_ignore": no such sysctl in this namespace/,
  });
  t.throws(() => ns.writeSysctl(path, '1\n2'), { code: 'VIRTNET_SYSCTL' });
  t.equal(ns.readSysctl(path), '2', 'rejected writes changed nothing');
});

t.test('run() returns home after a throw', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  const boom = new Error('boom');
  t.throws(() => ns.run(() => { throw boom; }), boom);
  t.equal(currentNetnsKey(), homeKey);
});

t.test('nested run() returns to the enclosing namespace', async (t) => {
  const { handle: a } = await scratchNetns(t, 'a');
  const { handle: b } = await scratchNetns(t, 'a');
  const seen = a.run(() => {
    const inA = currentNetnsKey();
    const inB = b.run(() => currentNetnsKey());
    const sameAgain = a.run(() => currentNetnsKey());
    let afterThrow = '';
    try {
      b.run(() => { throw new Error('inner'); });
    } catch {
      afterThrow = currentNetnsKey();
    }
    return { inA, inB, sameAgain, afterThrow, back: currentNetnsKey() };
  });
  t.same(seen, { inA: a.key, inB: b.key, sameAgain: a.key, afterThrow: a.key, back: a.key });
  t.equal(currentNetnsKey(), homeKey);
});

t.test('run() rejects async functions and stays home', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  let continuedIn = '';
  t.throws(
    () =>
      ns.run(async () => {
        await Promise.resolve();
        continuedIn = currentNetnsKey();
        throw new Error('orphaned rejection must not crash the process');
      }),
    { code: 'VIRTNET_NETNS', message: /returned a promise/ },
  );
  t.equal(currentNetnsKey(), homeKey);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(continuedIn, homeKey, 'the continuation ran outside: why run() refuses promises');
});

t.test('200 round trips leave the thread home', async (t) => {
  const { handle: a } = await scratchNetns(t, 'a');
  const { handle: b } = await scratchNetns(t, 'a');
  let inside = 0;
  for (let i = 0; i < 200; i++) {
    const ns = i % 2 === 0 ? a : b;
    if (ns.run(() => currentNetnsKey()) === ns.key) inside++;
  }
  t.equal(inside, 200);
  t.equal(currentNetnsKey(), homeKey);
});

t.test('exec() reports failures with the command and stderr', async (t) => {
  const { handle: ns } = await scratchNetns(t, 'a');
  await t.rejects(ns.exec('ip', ['link', 'show', 'nonexistent0']), {
    code: 'VIRTNET_EXEC',
    message: /failed to run "ip link show nonexistent0" in netns ".*": exit code 1: Device "nonexistent0" does not exist/,
  });
  const tolerated = await ns.exec('ip', ['link', 'show', 'nonexistent0'], { reject: false });
  t.equal(tolerated.exitCode, 1);
  t.match(tolerated.stderr, /does not exist/);
  await t.rejects(ns.exec('/nonexistent/binary', []), { code: 'VIRTNET_EXEC', message: /"\/nonexistent\/binary"/ });
  await t.rejects(ns.exec('sleep', ['5'], { timeoutMs: 50 }), { code: 'VIRTNET_EXEC', message: /timed out/ });
  t.equal((await ns.exec('cat', [], { input: 'piped' })).stdout, 'piped');
});

t.test('fromPid() identifies the namespace of a process', async (t) => {
  const { name, handle: ns } = await scratchNetns(t, 'a');
  // The child says "ready" once it runs inside (ip netns exec has done its setns()).
  const child = spawn('ip', ['netns', 'exec', name, 'sh', '-c', 'echo ready; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    child.kill();
  });
  await once(child.stdout!, 'data');
  const handle = NetnsHandle.fromPid(child.pid!);
  t.equal(handle.key, ns.key);
  t.equal(handle.run(() => currentNetnsKey()), ns.key);
  handle.close();
  t.throws(() => NetnsHandle.fromPid(0), { code: 'VIRTNET_NETNS' });
  t.throws(() => NetnsHandle.fromPid(2 ** 31), { code: 'VIRTNET_NETNS', message: /failed to open netns/ });
});

t.test('closed handles and bad namespace files fail clearly', async (t) => {
  const { name } = await scratchNetns(t, 'a');
  const ns = NetnsHandle.fromPath(`/run/netns/${name}`);
  t.throws(() => ns.run(() => ns.close()), { code: 'VIRTNET_NETNS', message: /still active/ });
  ns.close();
  ns.close();
  t.throws(() => ns.run(() => 1), { code: 'VIRTNET_NETNS', message: /handle is closed/ });

  t.throws(() => NetnsHandle.fromPath('/proc/self/ns/uts'), { code: 'VIRTNET_NETNS', message: /type 0x4000000, not a network namespace/ });
  const notNs = t.throws(() => NetnsHandle.fromPath('/etc/hostname'), { code: 'VIRTNET_NETNS', message: /failed to inspect netns "\/etc\/hostname"/ });
  t.match((notNs as Error).cause, { code: 'ENOTTY', syscall: 'ioctl(NS_GET_NSTYPE)' });
  t.throws(() => NetnsHandle.fromPath(`/run/netns/${name}-absent`), { code: 'VIRTNET_NETNS', message: /failed to open netns .*ENOENT/ });
  // A FIFO given as the netns (a request to `handler serve` may name any path) must fail, not block the thread until a writer comes.
  const dir = await mkdtemp(join(tmpdir(), 'vn-netns-fifo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await execa('mkfifo', [join(dir, 'fifo')]);
  t.throws(() => NetnsHandle.fromPath(join(dir, 'fifo')), { code: 'VIRTNET_NETNS', message: /failed to inspect netns ".*fifo"/ });
  t.equal(currentNetnsKey(), homeKey);
});
