// SR-IOV discovery against a sysfs and downward-API tree laid out as on a node with an SR-IOV NIC
// (test/fixtures/sriov/sysfs-tree.ts): VF addresses from /etc/podinfo/network-info (KubeVirt HEAD)
// or KUBEVIRT_RESOURCE_NAME_* / PCIDEVICE_* (older KubeVirt), each VF checked in sysfs.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignSriovAddresses, parseNetworkInfo, resourceNameToEnvVar, sriovHostdev } from '../../bindings/sriov.js';
import { readNetworkInfo, readVf, sriovHostdevs } from '../../bindings/sriov-discovery.js';
import { ValidationError, VirtnetError } from '../../src/core/errors.js';
import type { VirtualMachineInstance, VmiInterface } from '../../src/core/vmi.js';
import { toHostdevXml } from '../../src/libvirt/interface-xml.js';
import { buildSysfsTree, PF_ADDRESS, PLAIN_NIC_ADDRESS, type VfFixture } from '../fixtures/sriov/sysfs-tree.js';

const NETWORK_INFO = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/sriov/network-info.json'), 'utf8');
const HEALTHY: VfFixture[] = [
  { address: '0000:65:01.0', driver: 'vfio-pci' },
  { address: '0000:65:01.1', driver: 'vfio-pci' },
];

function vmi(extra: Partial<Record<'blue' | 'green', Partial<VmiInterface>>> = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vf-vm', uid: 'uid-sriov' },
    spec: {
      domain: {
        devices: {
          interfaces: [
            { name: 'default', masquerade: {} },
            { name: 'blue', sriov: {}, ...extra.blue },
            { name: 'green', sriov: {}, ...extra.green },
          ],
        },
      },
      networks: [
        { name: 'default', pod: {} },
        { name: 'blue', multus: { networkName: 'sriov-a' } },
        { name: 'green', multus: { networkName: 'sriov-b' } },
      ],
    },
  };
}

t.test('the fixture tree resolves like /sys (links checked with realpath)', async (t) => {
  const { sysfs } = await buildSysfsTree(t, HEALTHY);
  const vf = await realpath(join(sysfs, 'bus/pci/devices/0000:65:01.0'));
  t.equal(vf, await realpath(join(sysfs, 'devices/pci0000:64/0000:64:00.0/0000:65:01.0')));
  t.equal(await realpath(join(vf, 'driver')), await realpath(join(sysfs, 'bus/pci/drivers/vfio-pci')));
  t.equal(await realpath(join(vf, 'physfn')), await realpath(join(sysfs, 'bus/pci/devices', PF_ADDRESS)));
  t.equal(await realpath(join(vf, 'iommu_group')), await realpath(join(sysfs, 'kernel/iommu_groups/120')));
  t.equal(await realpath(join(sysfs, 'kernel/iommu_groups/120/devices/0000:65:01.0')), vf);
  t.equal(await realpath(join(sysfs, 'bus/pci/drivers/vfio-pci/0000:65:01.0')), vf);
  t.equal(await realpath(join(sysfs, 'bus/pci/devices', PF_ADDRESS, 'virtfn1')), await realpath(join(sysfs, 'bus/pci/devices/0000:65:01.1')));
  t.equal(await realpath(join(sysfs, 'bus/pci/devices', PLAIN_NIC_ADDRESS, 'driver')), await realpath(join(sysfs, 'bus/pci/drivers/virtio-pci')));
  t.equal((await readFile(join(sysfs, 'bus/pci/devices', PF_ADDRESS, 'sriov_numvfs'), 'utf8')).trim(), '2');
});

t.test('a VF on vfio-pci passes the sysfs check (control for the refusals below)', async (t) => {
  const { sysfs } = await buildSysfsTree(t, HEALTHY);
  t.same(readVf(sysfs, '0000:65:01.1', { network: 'green' }), { address: '0000:65:01.1', physfn: PF_ADDRESS, driver: 'vfio-pci', iommuGroup: 121 });
  t.same(readVf(sysfs, '0000:65:01.0'.toUpperCase(), { network: 'blue' }).address, '0000:65:01.0', 'addresses are matched lower-cased, as sysfs names them');
});

t.test('sysfs refusals name the network, the VF and what is missing', async (t) => {
  const { sysfs } = await buildSysfsTree(t, [
    { address: '0000:65:01.0', driver: 'iavf' },
    { address: '0000:65:01.1', driver: null },
    { address: '0000:65:01.2', driver: 'vfio-pci', noIommuGroup: true },
  ]);
  const cases: [string, RegExp][] = [
    ['0000:65:01.0', /VF "0000:65:01.0" of SR-IOV network "blue": it is bound to driver "iavf", not "vfio-pci"/],
    ['0000:65:01.1', /VF "0000:65:01.1" of SR-IOV network "blue": ".*\/driver" is missing: it is bound to no driver/],
    ['0000:65:01.2', /"0000:65:01.2" of SR-IOV network "blue": ".*\/iommu_group" is missing/],
    [PF_ADDRESS, /VF "0000:65:00.0" of SR-IOV network "blue": ".*\/physfn" is missing: it is not a virtual function/],
    [PLAIN_NIC_ADDRESS, /"0000:00:03.0" of SR-IOV network "blue": ".*\/physfn" is missing: it is not a virtual function/],
    ['0000:66:00.1', /VF "0000:66:00.1" of SR-IOV network "blue": ".*0000:66:00.1" does not exist: no such PCI device/],
  ];
  for (const [address, message] of cases) {
    const err = t.throws(() => readVf(sysfs, address, { network: 'blue' }), { code: 'VIRTNET_DISCOVERY', message }) as VirtnetError;
    t.same(err.context, { network: 'blue', iface: 'blue', step: 'sriov-vf' }, address);
  }
});

t.test('network-info (HEAD): parse the downward-API file', async (t) => {
  t.same([...parseNetworkInfo(NETWORK_INFO)], [['blue', '0000:65:01.0'], ['green', '0000:65:01.1']], 'entries without a PCI address are skipped');
  t.same([...parseNetworkInfo('{}')], []);
  t.throws(() => parseNetworkInfo('{"interfaces":'), ValidationError);
  t.throws(() => parseNetworkInfo('[]'), { message: /expected an object with an "interfaces" list/ });
  t.throws(() => parseNetworkInfo('{"interfaces":{}}'), ValidationError);
});

t.test('network-info (HEAD): hostdevs from the file, VFs checked, XML as KubeVirt renders it', async (t) => {
  const tree = await buildSysfsTree(t, HEALTHY, NETWORK_INFO);
  const v = vmi({ blue: { bootOrder: 2, pciAddress: '0000:0b:00.0' } });
  const networkInfo = await readNetworkInfo(v, join(tree.root, 'etc/podinfo/network-info'));
  t.equal(networkInfo, NETWORK_INFO);
  const hostdevs = sriovHostdevs(v, { ...(networkInfo !== undefined ? { networkInfo } : {}), env: {}, sysfsRoot: tree.sysfs });
  t.same(hostdevs, [
    {
      name: 'blue',
      source: { domain: '0x0000', bus: '0x65', slot: '0x01', function: '0x0' },
      guestPciAddress: { domain: '0x0000', bus: '0x0b', slot: '0x00', function: '0x0' },
      bootOrder: 2,
    },
    { name: 'green', source: { domain: '0x0000', bus: '0x65', slot: '0x01', function: '0x1' } },
  ]);
  t.equal(
    toHostdevXml(hostdevs[0]!),
    [
      '<hostdev mode="subsystem" type="pci" managed="no">',
      '  <source><address domain="0x0000" bus="0x65" slot="0x01" function="0x0"></address></source>',
      '  <boot order="2"></boot>',
      '  <address type="pci" domain="0x0000" bus="0x0b" slot="0x00" function="0x0"></address>',
      '  <alias name="ua-sriov-blue"></alias>',
      '</hostdev>',
    ].join('\n'),
  );
});

t.test('network-info (HEAD): a network missing from a non-empty file is an error naming it', async (t) => {
  const info = JSON.stringify({ interfaces: [{ network: 'blue', deviceInfo: { type: 'pci', version: '1.1.0', pci: { 'pci-address': '0000:65:01.0' } } }] });
  t.throws(() => assignSriovAddresses(vmi(), { networkInfo: info, env: { KUBEVIRT_RESOURCE_NAME_green: 'intel.com/sriov_b', PCIDEVICE_INTEL_COM_SRIOV_B: '0000:65:01.1' } }), {
    code: 'VIRTNET_DISCOVERY',
    message: 'failed to find the VF of SR-IOV network "green": "/etc/podinfo/network-info" has no deviceInfo.pci["pci-address"] for it',
    context: { vmi: 'vf-vm', network: 'green' },
  });
});

t.test('environment (older KubeVirt): resource names, address lists, each address handed out once', async (t) => {
  t.equal(resourceNameToEnvVar('PCIDEVICE', 'intel.com/sriov_net.a'), 'PCIDEVICE_INTEL_COM_SRIOV_NET_A');
  const tree = await buildSysfsTree(t, HEALTHY);
  const env = {
    KUBEVIRT_RESOURCE_NAME_blue: 'intel.com/sriov_a',
    KUBEVIRT_RESOURCE_NAME_green: 'intel.com/sriov_a',
    PCIDEVICE_INTEL_COM_SRIOV_A: '0000:65:01.0,0000:65:01.1,',
  };
  const hostdevs = sriovHostdevs(vmi(), { env, sysfsRoot: tree.sysfs });
  t.same(hostdevs.map((h) => [h.name, h.source.function]), [['blue', '0x0'], ['green', '0x1']]);
  // Two resources listing the same VF: the second network gets the next free one.
  const shared = {
    KUBEVIRT_RESOURCE_NAME_blue: 'intel.com/sriov_a',
    KUBEVIRT_RESOURCE_NAME_green: 'intel.com/sriov_b',
    PCIDEVICE_INTEL_COM_SRIOV_A: '0000:65:01.0',
    PCIDEVICE_INTEL_COM_SRIOV_B: '0000:65:01.0,0000:65:01.1',
  };
  t.same(assignSriovAddresses(vmi(), { env: shared }).map((a) => [a.iface.name, a.hostAddress, a.source]), [
    ['blue', '0000:65:01.0', 'env'],
    ['green', '0000:65:01.1', 'env'],
  ]);
});

t.test('environment (older KubeVirt): what is missing is named', async (t) => {
  t.throws(() => assignSriovAddresses(vmi(), { env: {} }), { message: 'failed to find the VF of SR-IOV network "blue": environment variable "KUBEVIRT_RESOURCE_NAME_blue" is not set' });
  t.throws(() => assignSriovAddresses(vmi(), { env: { KUBEVIRT_RESOURCE_NAME_blue: 'intel.com/sriov_a' } }), {
    message: 'failed to find the VF of SR-IOV network "blue": environment variable "PCIDEVICE_INTEL_COM_SRIOV_A" (resource "intel.com/sriov_a") is not set',
  });
  const oneVf = { KUBEVIRT_RESOURCE_NAME_blue: 'intel.com/sriov_a', KUBEVIRT_RESOURCE_NAME_green: 'intel.com/sriov_a', PCIDEVICE_INTEL_COM_SRIOV_A: '0000:65:01.0' };
  t.throws(() => assignSriovAddresses(vmi(), { env: oneVf }), {
    code: 'VIRTNET_DISCOVERY',
    message: 'failed to find the VF of SR-IOV network "green": resource "intel.com/sriov_a" has no address left in "PCIDEVICE_INTEL_COM_SRIOV_A"',
  });
  t.throws(() => sriovHostdev({ name: 'blue', sriov: {} }, '65:01.0'), { code: 'VIRTNET_VALIDATION', message: /VF "65:01.0" of SR-IOV network "blue": not a PCI address/ });
});

t.test('source choice: network-info when it maps a network, else the environment', async (t) => {
  const tree = await buildSysfsTree(t, HEALTHY);
  const env = { KUBEVIRT_RESOURCE_NAME_blue: 'r/a', KUBEVIRT_RESOURCE_NAME_green: 'r/a', PCIDEVICE_R_A: '0000:65:01.1,0000:65:01.0' };
  t.same(assignSriovAddresses(vmi(), { networkInfo: NETWORK_INFO, env }).map((a) => [a.hostAddress, a.source]), [
    ['0000:65:01.0', 'network-info'],
    ['0000:65:01.1', 'network-info'],
  ]);
  t.same(assignSriovAddresses(vmi(), { networkInfo: '{"interfaces":[{"network":"default"}]}', env }).map((a) => [a.hostAddress, a.source]), [
    ['0000:65:01.1', 'env'],
    ['0000:65:01.0', 'env'],
  ]);
  const missing = await readNetworkInfo(vmi(), join(tree.root, 'etc/podinfo/network-info'));
  t.equal(missing, undefined, 'no downward-API file: the environment is used');
  t.same(sriovHostdevs(vmi(), { env, sysfsRoot: tree.sysfs }).map((h) => h.source.function), ['0x1', '0x0']);
});

t.test('a VF that fails the sysfs check fails the hostdevs, with the VMI named', async (t) => {
  const tree = await buildSysfsTree(t, [HEALTHY[0]!, { address: '0000:65:01.1', driver: 'iavf' }]);
  t.throws(() => sriovHostdevs(vmi(), { networkInfo: NETWORK_INFO, sysfsRoot: tree.sysfs }), {
    message: /network "green": it is bound to driver "iavf"/,
    context: { vmi: 'vf-vm', network: 'green' },
  });
});

t.test('absent interfaces and VMIs without SR-IOV need nothing', async (t) => {
  const v = vmi({ green: { state: 'absent' } });
  t.same(assignSriovAddresses(v, { networkInfo: NETWORK_INFO }).map((a) => a.iface.name), ['blue']);
  const none: VirtualMachineInstance = { ...v, spec: { ...v.spec, domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } } } };
  t.same(sriovHostdevs(none, { sysfsRoot: '/nonexistent' }), []);
  t.equal(await readNetworkInfo(none, '/nonexistent/network-info'), undefined);
});

t.test('an empty network-info file is waited for, then an error', async (t) => {
  const tree = await buildSysfsTree(t, HEALTHY, '');
  const file = join(tree.root, 'etc/podinfo/network-info');
  await t.rejects(readNetworkInfo(vmi(), file, { timeoutMs: 0 }), { code: 'VIRTNET_DISCOVERY', message: /still empty after 0 ms/, retryable: true });
  // Filled while being polled: the content is returned.
  const pending = readNetworkInfo(vmi(), file, { timeoutMs: 60_000, intervalMs: 10 });
  await writeFile(file, NETWORK_INFO);
  t.equal(await pending, NETWORK_INFO);
});
