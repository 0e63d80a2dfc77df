// The macvtap binding end to end through the library, as macvtap-cni leaves a pod: a macvtap made
// on a node NIC and moved into the pod netns as `net1`. Phase 1 must make the macvtap's character
// device `/dev/tap<ifindex>` exist in the launcher's root (a temp dir here, standing in for
// /proc/<pid>/root) with the device number the kernel gave it, owned by the qemu user; the proof
// is that uid 107 can open it, while a node with the wrong number or another user cannot.
// A pod whose interface is a veth is refused before anything changes.
import t, { type Test } from 'tap';
import { randomUUID } from 'node:crypto';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';
import { run, SYSTEM_PATH } from '../helpers/exec.js';
import { InterfaceCache } from '../../cache/interface-cache.js';
import { splitDeviceNumber } from '../../src/drivers/char-device.js';
import { validateVmi } from '../../src/core/vmi-parse.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';
import { runPhase1 } from '../../src/phases/phase1.js';
import { startPhase2 } from '../../src/phases/phase2.js';
import { BindingRegistry } from '../../src/phases/registry.js';

const NON_ROOT = 107;

function macvtapVmi(): VirtualMachineInstance {
  return validateVmi(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'mvt', namespace: 'default', uid: randomUUID(), annotations: { 'kubevirt.io/nonroot': '' } },
      spec: {
        domain: { devices: { interfaces: [{ name: 'hostnet', macvtap: {} }] } },
        networks: [{ name: 'hostnet', multus: { networkName: 'macvtap-nad' } }],
      },
    },
    'macvtap-test',
  );
}

interface LinkJson {
  ifindex: number;
  ifname: string;
  address: string;
  mtu: number;
}

async function link(ns: ScratchNetns, name: string): Promise<LinkJson> {
  return (JSON.parse(await ns.run('ip', '-j', 'link', 'show', name)) as LinkJson[])[0]!;
}

/** A launcher root with /dev, traversable by uid 107 as a pod's root is. */
async function launcherRoot(t: Test): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vn-root-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'dev'));
  await chmod(root, 0o755);
  await chmod(join(root, 'dev'), 0o755);
  return root;
}

async function cacheDir(t: Test): Promise<InterfaceCache> {
  const dir = await mkdtemp(join(tmpdir(), 'vn-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return new InterfaceCache(dir);
}

/** Opens `path` read-write as `uid` in a separate process and closes it: "ok" or the errno code. */
async function openAs(uid: number, path: string): Promise<string> {
  const program = 'import os,sys\ntry:\n os.close(os.open(sys.argv[1], os.O_RDWR))\n print("ok")\nexcept OSError as e:\n import errno\n print(errno.errorcode[e.errno])';
  const { stdout } = await run('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'python3', '-c', program, path], {
    env: { PATH: SYSTEM_PATH },
  });
  return stdout.trim();
}

t.test('a macvtap pod interface gets its device node, cache record and domain interface', async (t) => {
  const node = await scratchNetns(t, 'node');
  const pod = await scratchNetns(t, 'pod');
  // What macvtap-cni does: a macvtap on a node NIC, moved into the pod under its pod name.
  await node.run('ip', 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'wire');
  await node.run('ip', 'link', 'add', 'link', 'uplink', 'name', 'mvt0', 'mtu', '1400', 'type', 'macvtap', 'mode', 'bridge');
  await node.run('ip', 'link', 'set', 'mvt0', 'netns', pod.name);
  await node.run('ip', 'link', 'set', 'uplink', 'up');
  await pod.run('ip', 'link', 'set', 'mvt0', 'name', 'net1');
  await pod.run('ip', 'link', 'set', 'net1', 'up');
  const net1 = await link(pod, 'net1');
  // The kernel's own view, read the way `ip netns exec` shows it (a sysfs mounted for the pod netns).
  const sysfsDev = (await pod.run('sh', '-c', 'cat /sys/class/net/net1/macvtap/tap*/dev')).trim();
  t.match(sysfsDev, /^[0-9]+:[0-9]+$/, `the kernel made ${sysfsDev}`);

  const root = await launcherRoot(t);
  const cache = await cacheDir(t);
  const vmi = macvtapVmi();
  const opts = { vmi, ns: pod.handle, cache, registry: new BindingRegistry(), launcherRoot: root };

  const [result] = await runPhase1(opts);
  t.match(result, { iface: 'hostnet', binding: 'macvtap', podIfaceName: 'net1', outcome: 'configured', resumed: false });
  t.equal(result!.changes, 2, 'mknod, then chown to 107');

  const nodePath = join(root, 'dev', `tap${net1.ifindex}`);
  const st = await lstat(nodePath, { bigint: true });
  t.ok(st.isCharacterDevice(), `${nodePath} is a character device`);
  const { major, minor } = splitDeviceNumber(st.rdev);
  t.equal(`${major}:${minor}`, sysfsDev, 'its number is the one the kernel gave the pod macvtap');
  t.same([Number(st.uid), Number(st.gid), Number(st.mode & 0o7777n)], [NON_ROOT, NON_ROOT, 0o660]);
  t.same(await readdir(join(root, 'dev')), [`tap${net1.ifindex}`], 'nothing else is made');

  t.equal(await openAs(NON_ROOT, nodePath), 'ok', 'qemu (107) can open the macvtap');
  t.equal(await openAs(108, nodePath), 'EACCES', 'control: another user cannot');
  const wrong = join(root, 'wrong-minor');
  await run('mknod', ['-m', '666', wrong, 'c', String(major), String(minor + 1000)]);
  // drivers/net/tap.c tap_open(): no macvtap holds that minor → ENODEV.
  t.equal(await openAs(NON_ROOT, wrong), 'ENODEV', 'control: a node with another number opens no macvtap');
  await rm(wrong);

  const record = await cache.read(vmi.metadata.uid, 'hostnet');
  t.match(record, {
    binding: 'macvtap',
    state: 'finished',
    podIfaceName: 'net1',
    facts: { index: net1.ifindex, name: 'net1', kind: 'macvtap', mac: net1.address, mtu: 1400, charDevice: { major, minor } },
    dhcp: null,
    plan: { spec: { links: [], sysctls: [] }, nft: [], devices: [{ path: `/dev/tap${net1.ifindex}`, major, minor, uid: NON_ROOT, gid: NON_ROOT, mode: 0o660 }] },
    domain: { type: 'ethernet', targetDev: 'net1', mac: net1.address, mtu: 1400 },
  });

  const launcher = await startPhase2({ vmi, cache, podKey: pod.handle.key, resolvConf: 'nameserver 10.96.0.10\n', hostname: 'vmi' });
  t.teardown(() => launcher.stop());
  t.equal(launcher.servers.length, 0, 'no DHCP server for macvtap');
  t.equal(
    launcher.interfacesXml.join('\n'),
    [
      '<interface type="ethernet">',
      '  <source></source>',
      '  <target dev="net1" managed="no"></target>',
      '  <model type="virtio-non-transitional"></model>',
      `  <mac address="${net1.address}"></mac>`,
      '  <mtu size="1400"></mtu>',
      '  <alias name="ua-hostnet"></alias>',
      '  <rom enabled="no"></rom>',
      '</interface>',
    ].join('\n'),
  );

  const [again] = await runPhase1(opts);
  t.match(again, { outcome: 'configured', resumed: true, changes: 0 }, 'a second run changes nothing');

  // Someone (a restarted device plugin, a cleanup) took the node away from qemu, then replaced it.
  await chown(nodePath, 0, 0);
  await chmod(nodePath, 0o600);
  t.equal(await openAs(NON_ROOT, nodePath), 'EACCES', 'control: 107 is locked out');
  t.equal((await runPhase1(opts))[0]!.changes, 2, 'owner and mode are restored');
  t.equal(await openAs(NON_ROOT, nodePath), 'ok');
  await rm(nodePath);
  await writeFile(nodePath, 'not a device');
  t.equal((await runPhase1(opts))[0]!.changes, 2, 'a regular file in its place is replaced by the node');
  t.ok((await stat(nodePath)).isCharacterDevice());
  t.equal(await openAs(NON_ROOT, nodePath), 'ok');
});

t.test('a pod interface that is a veth is refused and nothing changes', async (t) => {
  const pod = await scratchNetns(t, 'pod');
  await pod.run('ip', 'link', 'add', 'net1', 'type', 'veth', 'peer', 'name', 'peer1');
  await pod.run('ip', 'link', 'set', 'net1', 'up');
  const before = await pod.run('ip', '-d', 'link', 'show');
  const root = await launcherRoot(t);
  const cache = await cacheDir(t);
  const vmi = macvtapVmi();

  await t.rejects(runPhase1({ vmi, ns: pod.handle, cache, registry: new BindingRegistry(), launcherRoot: root }), {
    code: 'VIRTNET_UNSUPPORTED_TOPOLOGY',
    message: /pod interface "net1" for the macvtap binding of network "hostnet": it is a veth link, not a macvtap/,
    context: { network: 'hostnet', step: 'discover' },
  });
  t.equal(await pod.run('ip', '-d', 'link', 'show'), before, 'the pod links are untouched');
  t.same(await readdir(join(root, 'dev')), [], 'no device node');
  t.equal(await cache.read(vmi.metadata.uid, 'hostnet'), null, 'no cache record');
});

t.test('without a launcher root (netns given by path) a macvtap plan is refused before any change', async (t) => {
  const node = await scratchNetns(t, 'node');
  const pod = await scratchNetns(t, 'pod');
  await node.run('ip', 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'wire');
  await node.run('ip', 'link', 'add', 'link', 'uplink', 'name', 'net1', 'type', 'macvtap', 'mode', 'bridge');
  await node.run('ip', 'link', 'set', 'net1', 'netns', pod.name);
  const cache = await cacheDir(t);
  const vmi = macvtapVmi();
  await t.rejects(runPhase1({ vmi, ns: pod.handle, cache, registry: new BindingRegistry() }), {
    code: 'VIRTNET_VALIDATION',
    message: /the launcher's root is unknown/,
  });
  t.equal(await cache.read(vmi.metadata.uid, 'hostnet'), null, 'no cache record');
});
