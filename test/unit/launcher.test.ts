import t from 'tap';
import { diffInterfaces, presentInterfaces, vmiWithInterfaces } from '../../src/phases/launcher.js';
import { parseDomiflist } from '../../src/drivers/virsh.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';

function vmi(interfaces: object[], networks: object[]): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm', namespace: 'default', uid: '3f0c5a0e-0000-4000-8000-000000000001' },
    spec: { domain: { devices: { interfaces } }, networks },
  } as unknown as VirtualMachineInstance;
}

const pod = { name: 'default', pod: {} };
const blue = { name: 'blue', multus: { networkName: 'blue-net' } };
const red = { name: 'red', multus: { networkName: 'red-net' } };

t.test('diffInterfaces: hotplug, unplug (state absent) and link state', async (t) => {
  const before = vmi([{ name: 'default', masquerade: {} }, { name: 'blue', bridge: {} }], [pod, blue]);
  t.same(diffInterfaces(before, before), { added: [], removed: [], linkChanged: [] }, 'no change, nothing to do');
  const after = vmi(
    [{ name: 'default', masquerade: {}, state: 'down' }, { name: 'blue', bridge: {}, state: 'absent' }, { name: 'red', bridge: {} }],
    [pod, blue, red],
  );
  t.same(diffInterfaces(before, after), { added: ['red'], removed: ['blue'], linkChanged: [{ iface: 'default', state: 'down' }] });
  t.same(diffInterfaces(after, before), { added: ['blue'], removed: ['red'], linkChanged: [{ iface: 'default', state: 'up' }] });
});

t.test('presentInterfaces leaves out absent and SR-IOV interfaces', async (t) => {
  const v = vmi([{ name: 'default', bridge: {} }, { name: 'blue', sriov: {} }, { name: 'red', bridge: {}, state: 'absent' }], [pod, blue, red]);
  t.same(presentInterfaces(v).map((i) => i.name), ['default']);
});

t.test('vmiWithInterfaces narrows interfaces and networks, leaves the input alone', async (t) => {
  const v = vmi([{ name: 'default', bridge: {} }, { name: 'blue', bridge: {} }], [pod, blue]);
  const narrowed = vmiWithInterfaces(v, ['blue']);
  t.same(narrowed.spec.domain.devices.interfaces?.map((i) => i.name), ['blue']);
  t.same(narrowed.spec.networks?.map((n) => n.name), ['blue']);
  t.equal(v.spec.domain.devices.interfaces?.length, 2, 'the original keeps both');
});

t.test('parseDomiflist reads `virsh -q domiflist` rows', async (t) => {
  const text = ' tap0             ethernet   -        virtio-non-transitional   02:11:22:33:44:55\n tap16477688c0e   ethernet   -        virtio-non-transitional   02:11:22:33:44:66\n';
  t.same(parseDomiflist(text), [
    { iface: 'tap0', type: 'ethernet', source: '-', model: 'virtio-non-transitional', mac: '02:11:22:33:44:55' },
    { iface: 'tap16477688c0e', type: 'ethernet', source: '-', model: 'virtio-non-transitional', mac: '02:11:22:33:44:66' },
  ]);
  t.same(parseDomiflist(''), []);
});
