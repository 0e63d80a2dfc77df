import t from 'tap';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MACVTAP_DEVICE_MODE, MacvtapBinding, macvtapDevicePath } from '../../bindings/macvtap.js';
import type { BindingContext, PodNicFacts } from '../../bindings/configurator.js';
import { CacheCorruptError, VirtnetError } from '../../src/core/errors.js';
import type { LinkKind, NetState } from '../../src/core/net-state.js';
import type { VirtualMachineInstance, VmiInterface } from '../../src/core/vmi.js';
import { launcherRootOf, parseDeviceNumber, splitDeviceNumber } from '../../src/drivers/char-device.js';
import { toInterfaceXml } from '../../src/libvirt/interface-xml.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';
import { BindingRegistry } from '../../src/phases/registry.js';
import { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';

const binding = new MacvtapBinding();
const UID = '0d8c7a41-3f5e-4a59-9a52-6b0f1e2d3c4b';

function vmi(opts: { iface?: Partial<VmiInterface>; annotations?: Record<string, string>; status?: VirtualMachineInstance['status'] } = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', uid: UID, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }, { name: 'hostnet', macvtap: {}, ...opts.iface }] } },
      networks: [{ name: 'default', pod: {} }, { name: 'hostnet', multus: { networkName: 'macvtap-nad' } }],
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

function ctxOf(v: VirtualMachineInstance): BindingContext {
  return bindingContext(v, vmiNics(v)[1]!, ['lo', 'eth0', 'net1'], 'ifb');
}

/** A pod whose `net1` is of the given kind (macvtap, as macvtap-cni makes it, unless told otherwise). */
function podState(kind: LinkKind = 'macvtap', rawKind?: string): NetState {
  return {
    links: [
      { index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: true, master: null, addresses: [] },
      { index: 2, name: 'eth0', kind: 'veth', mac: '0a:58:0a:f4:00:05', mtu: 1450, up: true, master: null, addresses: [] },
      {
        index: 7, name: 'net1', kind, ...(rawKind ? { rawKind } : {}), mac: '02:9a:1c:00:00:07', mtu: 9000, up: true, master: null,
        addresses: [{ family: 6, address: 'fe80::9a:1cff:fe00:7', prefixLength: 64, scope: 'link' }],
      },
    ],
    routes: [],
  };
}

function discovered(v = vmi()): PodNicFacts {
  return { ...binding.discoverPodInterface(ctxOf(v), podState()), charDevice: { major: 246, minor: 3 } };
}

t.test('the registry serves the macvtap strategy', async (t) => {
  t.equal(new BindingRegistry().get('macvtap').kind, 'macvtap');
});

t.test('discovery keeps the macvtap facts: index, MAC, MTU, no link-local address', async (t) => {
  const facts = binding.discoverPodInterface(ctxOf(vmi()), podState());
  t.same(facts, { index: 7, name: 'net1', kind: 'macvtap', mac: '02:9a:1c:00:00:07', mtu: 9000, addresses: [], routes: [] });
});

t.test('a pod interface that is not a macvtap is refused with the network and the kind named', async (t) => {
  for (const [kind, raw, shown] of [['veth', undefined, 'veth'], ['macvlan', undefined, 'macvlan'], ['other', 'geneve', 'geneve']] as const) {
    const err = t.throws(() => binding.discoverPodInterface(ctxOf(vmi()), podState(kind, raw))) as VirtnetError;
    t.ok(err instanceof VirtnetError, kind);
    t.equal(err.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
    t.match(err.message, `pod interface "net1" for the macvtap binding of network "hostnet": it is a ${shown} link, not a macvtap`);
    t.same(err.context, { vmi: 'vm1', network: 'hostnet', iface: 'hostnet', step: 'discover' });
  }
});

t.test('a missing pod interface is a discovery error', async (t) => {
  const state = podState();
  state.links = state.links.filter((l) => l.name !== 'net1');
  t.throws(() => binding.discoverPodInterface(ctxOf(vmi()), state), { code: 'VIRTNET_DISCOVERY', message: /"net1": it is missing/ });
});

t.test('the plan is one device node and nothing else; owner follows the VMI (0 root, 107 non-root)', async (t) => {
  const rootPlan = binding.preparePodInterface(ctxOf(vmi()), discovered());
  t.same(rootPlan, {
    spec: { links: [], sysctls: [] },
    nft: [],
    devices: [{ path: '/dev/tap7', major: 246, minor: 3, uid: 0, gid: 0, mode: 0o660 }],
  });
  const nonRoot = vmi({ annotations: { 'kubevirt.io/nonroot': '' } });
  t.same(binding.preparePodInterface(ctxOf(nonRoot), discovered(nonRoot)).devices, [
    { path: '/dev/tap7', major: 246, minor: 3, uid: 107, gid: 107, mode: MACVTAP_DEVICE_MODE },
  ]);
  const byRuntimeUser = vmi({ status: { runtimeUser: 107 } });
  t.equal(binding.preparePodInterface(ctxOf(byRuntimeUser), discovered(byRuntimeUser)).devices?.[0]?.uid, 107);
  t.equal(macvtapDevicePath(12), '/dev/tap12');
});

t.test('planning without the device number is refused', async (t) => {
  const facts = binding.discoverPodInterface(ctxOf(vmi()), podState());
  t.throws(() => binding.preparePodInterface(ctxOf(vmi()), facts), { code: 'VIRTNET_DISCOVERY', message: /device number of "net1" was not discovered/ });
});

t.test('no DHCP: the guest is on the host segment', async (t) => {
  t.equal(binding.generateDhcpConfig(), null);
});

t.test('domain interface: ethernet on the macvtap itself, its MAC and MTU (v0.53 golden)', async (t) => {
  const domain = binding.generateDomainInterface(ctxOf(vmi()), discovered());
  t.equal(
    toInterfaceXml(domain),
    [
      '<interface type="ethernet">',
      '  <source></source>',
      '  <target dev="net1" managed="no"></target>',
      '  <model type="virtio-non-transitional"></model>',
      '  <mac address="02:9a:1c:00:00:07"></mac>',
      '  <mtu size="9000"></mtu>',
      '  <alias name="ua-hostnet"></alias>',
      '  <rom enabled="no"></rom>',
      '</interface>',
    ].join('\n'),
  );
});

t.test('domain interface: spec MAC wins, then status MAC; every interface attribute passes through', async (t) => {
  const v = vmi({
    iface: { macAddress: 'DE-AD-00-00-BE-AF', model: 'e1000e', bootOrder: 2, pciAddress: '0000:0a:01.0', acpiIndex: 4, state: 'down' },
    status: { interfaces: [{ name: 'hostnet', mac: '02:00:00:00:00:99' }] },
  });
  t.same(binding.generateDomainInterface(ctxOf(v), discovered(v)), {
    type: 'ethernet',
    name: 'hostnet',
    targetDev: 'net1',
    mac: 'de:ad:00:00:be:af',
    mtu: 9000,
    model: 'e1000e',
    bootOrder: 2,
    pciAddress: { domain: '0x0000', bus: '0x0a', slot: '0x01', function: '0x0' },
    acpiIndex: 4,
    linkState: 'down',
  });
  const fromStatus = vmi({ status: { interfaces: [{ name: 'hostnet', mac: '02:00:00:00:00:99' }] } });
  t.equal(binding.generateDomainInterface(ctxOf(fromStatus), discovered(fromStatus)).mac, '02:00:00:00:00:99');
  const mq = vmi();
  mq.spec.domain.devices.networkInterfaceMultiqueue = true;
  mq.spec.domain.cpu = { cores: 4 };
  t.equal(binding.generateDomainInterface(ctxOf(mq), discovered(mq)).queues, 4);
});

t.test('device numbers: sysfs text and Linux dev_t', async (t) => {
  t.same(parseDeviceNumber('246:3\n'), { major: 246, minor: 3 });
  t.throws(() => parseDeviceNumber('246:3\n246:4\n'), { code: 'VIRTNET_DISCOVERY' });
  t.throws(() => parseDeviceNumber(''), { code: 'VIRTNET_DISCOVERY' });
  // makedev(246, 3) and makedev(259, 1048575) as glibc encodes them.
  t.same(splitDeviceNumber((246n << 8n) | 3n), { major: 246, minor: 3 });
  const big = ((259n & 0xfffn) << 8n) | (0xffn & 1048575n) | ((1048575n & ~0xffn) << 12n);
  t.same(splitDeviceNumber(big), { major: 259, minor: 1048575 });
});

t.test('launcher root from a pid netns path only', async (t) => {
  t.equal(launcherRootOf('/proc/4242/ns/net'), '/proc/4242/root');
  t.equal(launcherRootOf('/run/netns/vn-1'), undefined);
  t.equal(launcherRootOf('/proc/self/ns/net'), undefined);
});

t.test('the cache keeps the device plan and refuses a device path outside /dev/tap<N>', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'vn-macvtap-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const v = vmi();
  const ctx = ctxOf(v);
  const facts = discovered(v);
  const record: InterfaceCacheRecord = {
    version: 1,
    vmiUid: UID,
    vmiName: 'vm1',
    vmiNamespace: 'default',
    podKey: '4:4026532801',
    network: 'hostnet',
    iface: 'hostnet',
    podIfaceName: 'net1',
    binding: 'macvtap',
    state: 'finished',
    facts,
    dhcp: null,
    domain: binding.generateDomainInterface(ctx, facts),
    plan: binding.preparePodInterface(ctx, facts),
    sysctlsBefore: [],
    updatedAt: new Date().toISOString(),
  };
  const cache = new InterfaceCache(dir);
  await cache.write(record);
  // write() stamps updatedAt itself.
  const { updatedAt: _written, ...stored } = (await cache.read(UID, 'hostnet'))!;
  const { updatedAt: _given, ...given } = record;
  t.same(stored, given);

  const file = cache.filePath(UID, 'hostnet');
  const json = JSON.parse(await readFile(file, 'utf8')) as InterfaceCacheRecord;
  json.plan.devices = [{ path: '/etc/shadow', major: 1, minor: 3, uid: 107, gid: 107, mode: 0o666 }];
  await writeFile(file, JSON.stringify(json));
  await t.rejects(cache.read(UID, 'hostnet'), CacheCorruptError);
});
