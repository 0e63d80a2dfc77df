import t from 'tap';
import { ValidationError } from '../../src/core/errors.js';
import {
  MAX_LINK_NAME_LENGTH,
  bridgeName,
  detectNamingScheme,
  fakeBridgeIp,
  fakeBridgeIpForInterface,
  fakeBridgeIpForSetup,
  hashedPodInterfaceName,
  interfacesOrderedByNetworks,
  isOrdinalPodInterfaceName,
  isPrimaryNetwork,
  isValidLinkName,
  ordinalPodInterfaceName,
  renamedPodNicName,
  resolvePodInterfaceName,
  tapName,
} from '../../src/core/names.js';
import {
  MULTIQUEUE_MAX_QUEUES,
  NON_ROOT_UID,
  ROOT_UID,
  interfaceQueueCount,
  tapOwnerId,
  vcpuCount,
} from '../../src/core/queues.js';
import type { VirtualMachineInstance, VmiInterface, VmiNetwork } from '../../src/core/vmi.js';

const pod = (name: string): VmiNetwork => ({ name, pod: {} });
const multus = (name: string, isDefault = false): VmiNetwork =>
  isDefault ? { name, multus: { networkName: name, default: true } } : { name, multus: { networkName: name } };

function vmiWith(networks: VmiNetwork[], extra: Partial<VirtualMachineInstance> = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm', uid: 'uid-1' },
    spec: {
      domain: { devices: { interfaces: networks.map((n) => ({ name: n.name, bridge: {} })) } },
      networks,
    },
    ...extra,
  };
}

t.test('hashed pod interface names (§8.3)', async (t) => {
  const vectors: Record<string, string> = {
    red: 'podb1f51a511f1',
    green: 'podba4788b226a',
    blue: 'pod16477688c0e',
    network1: 'poda7662f44d65',
    network2: 'pod27f4a77f94e',
    testnet1: 'pod7087ef4cd1f',
    testnet2: 'podbc6cc93fa1e',
    test1: 'pod1b4f0e98519',
    default: 'pod37a8eec1ce1',
    foo: 'pod2c26b46b68f',
    boo: 'pod6446d58d6df',
    net1: 'pod6c270ef2f25',
    secondary: 'podc0f69e19ba2',
    'a-very-long-network-name-with-63-chars-aaaaaaaaaaaaaaaaaaaaaaaa': 'pod8236e7430df',
  };
  for (const [network, want] of Object.entries(vectors)) {
    const got = hashedPodInterfaceName(network);
    t.equal(got, want, network);
    t.ok(isValidLinkName(got) && got.length === 14, `${got} is a valid link name`);
  }
});

t.test('ordinal pod interface names (§8.3)', async (t) => {
  const first = [pod('default'), multus('blue'), multus('red')];
  t.equal(ordinalPodInterfaceName('red', first), 'net2');
  t.equal(ordinalPodInterfaceName('blue', first), 'net1');
  t.equal(ordinalPodInterfaceName('default', first), 'eth0');
  t.equal(ordinalPodInterfaceName('multus01', [multus('blue'), multus('multus01'), pod('default')]), 'net2');
  t.equal(ordinalPodInterfaceName('multus01', [multus('multus01')]), 'net1');
  t.equal(ordinalPodInterfaceName('unknown', first), undefined);
  t.equal(ordinalPodInterfaceName('blue', [multus('main', true), multus('blue')]), 'net1', 'the Multus default network is not counted');
  t.equal(ordinalPodInterfaceName('main', [multus('main', true), multus('blue')]), 'eth0');
});

t.test('scheme and primary detection', async (t) => {
  t.ok(isOrdinalPodInterfaceName('net1'));
  t.ok(isOrdinalPodInterfaceName('net12'));
  t.notOk(isOrdinalPodInterfaceName('eth0'));
  t.notOk(isOrdinalPodInterfaceName('net'));
  t.notOk(isOrdinalPodInterfaceName('net1a'));
  t.notOk(isOrdinalPodInterfaceName('pod6c270ef2f25'));
  t.equal(detectNamingScheme(['lo', 'eth0', 'net1']), 'ordinal');
  t.equal(detectNamingScheme(['lo', 'eth0', 'pod16477688c0e']), 'hashed');
  t.equal(detectNamingScheme([]), 'hashed');
  t.ok(isPrimaryNetwork(pod('default')));
  t.ok(isPrimaryNetwork(multus('main', true)));
  t.notOk(isPrimaryNetwork(multus('blue')));
});

t.test('resolvePodInterfaceName', async (t) => {
  const networks = [pod('default'), multus('blue'), multus('red')];
  const vmi = vmiWith(networks);
  t.equal(resolvePodInterfaceName(vmi, networks[0] as VmiNetwork), 'eth0');
  t.equal(resolvePodInterfaceName(vmi, networks[1] as VmiNetwork), 'pod16477688c0e');
  t.equal(resolvePodInterfaceName(vmi, networks[2] as VmiNetwork, ['eth0', 'pod16477688c0e']), 'podb1f51a511f1');
  t.equal(resolvePodInterfaceName(vmi, networks[2] as VmiNetwork, ['eth0', 'net1', 'net2']), 'net2', 'ordinal pod');
  const multusDefault = [multus('main', true), multus('blue')];
  t.equal(resolvePodInterfaceName(vmiWith(multusDefault), multusDefault[0] as VmiNetwork), 'eth0');
  const renamed = vmiWith(networks, { status: { interfaces: [{ name: 'default', podInterfaceName: 'ovn-udn1' }] } });
  t.equal(resolvePodInterfaceName(renamed, networks[0] as VmiNetwork), 'ovn-udn1', 'HEAD dynamic primary name');
  t.equal(resolvePodInterfaceName(renamed, networks[1] as VmiNetwork), 'pod16477688c0e', 'status of other networks is not used');
  t.throws(() => resolvePodInterfaceName(vmi, multus('green')), ValidationError, 'network not in the VMI');
});

t.test('tap, bridge and renamed NIC names (§8.3)', async (t) => {
  const secondary = multus('blue');
  t.equal(tapName('eth0', pod('default')), 'tap0');
  t.equal(tapName('eth0', multus('main', true)), 'tap0', 'Multus default is primary');
  t.equal(tapName('ovn-udn1', pod('default')), 'tap0', 'primary is tap0 whatever the pod iface is called');
  t.equal(tapName('net1', secondary), 'tap1');
  t.equal(tapName('pod16477688c0e', secondary), 'tap16477688c0e');
  t.equal(tapName('eth123', secondary), 'tap123', 'v0.53 vector');
  t.equal(renamedPodNicName('pod16477688c0e'), '16477688c0e-nic');
  t.equal(renamedPodNicName('eth0'), 'eth0-nic');
  t.equal(renamedPodNicName('net12'), 'net12-nic');
  t.equal(bridgeName('eth0'), 'k6t-eth0');
  t.equal(bridgeName('net12'), 'k6t-net12');
  t.equal(bridgeName('pod16477688c0e'), 'k6t-16477688c0e');
  for (const name of ['tap16477688c0e', '16477688c0e-nic', 'k6t-16477688c0e']) {
    t.ok(name.length <= MAX_LINK_NAME_LENGTH, `${name} fits IFNAMSIZ`);
  }
  t.throws(() => bridgeName('a-long-pod-name'), ValidationError, 'k6t-a-long-pod-name is 19 characters');
  t.throws(() => renamedPodNicName('eth0123456789'), ValidationError);
});

t.test('isValidLinkName', async (t) => {
  for (const ok of ['eth0', 'k6t-16477688c0e', 'a', 'x'.repeat(15), 'eth0-nic', 'tap_1']) t.ok(isValidLinkName(ok), ok);
  for (const bad of ['', '.', '..', 'x'.repeat(16), 'a/b', 'a:b', 'a b', 'a\tb', 'ä'.repeat(8)]) {
    t.notOk(isValidLinkName(bad), JSON.stringify(bad));
  }
});

t.test('fake bridge IP (§0, §8.4, §11)', async (t) => {
  t.equal(fakeBridgeIp(0), '169.254.75.10/32');
  t.equal(fakeBridgeIp(1), '169.254.75.11/32');
  t.equal(fakeBridgeIp(12), '169.254.75.112/32');
  t.equal(fakeBridgeIp(99), '169.254.75.199/32');
  t.throws(() => fakeBridgeIp(100), ValidationError, 'would be 169.254.75.1100');
  t.throws(() => fakeBridgeIp(-1), ValidationError);
  const iface = (name: string): VmiInterface => ({ name, bridge: {} });
  t.equal(fakeBridgeIpForInterface([iface('abcd')], 'abcd'), '169.254.75.10/32');
  t.equal(fakeBridgeIpForInterface([iface('aaaa'), iface('abcd')], 'abcd'), '169.254.75.11/32');
  t.equal(fakeBridgeIpForInterface([iface('aaaa')], 'abcd'), undefined);

  // HEAD phase 1 orders by spec.networks and filters to the networks being set up.
  const ifaces = [iface('red'), iface('blue'), iface('sriov1')];
  const networks = [multus('blue'), multus('sriov1'), multus('red')];
  t.same(interfacesOrderedByNetworks(ifaces, networks).map((i) => i.name), ['blue', 'sriov1', 'red']);
  t.equal(fakeBridgeIpForSetup(ifaces, networks, 'red'), '169.254.75.12/32', 'SR-IOV interfaces still count');
  t.equal(fakeBridgeIpForInterface(ifaces, 'red'), '169.254.75.10/32', 'phase 2 uses the interface order');
  t.equal(fakeBridgeIpForSetup(ifaces, [multus('red')], 'red'), '169.254.75.10/32', 'hotplug of one network: index 0');
  t.equal(fakeBridgeIpForSetup(ifaces, [multus('blue')], 'red'), undefined);
});

t.test('multiqueue count', async (t) => {
  const base = vmiWith([pod('default')]);
  const withMq = (cpu: VirtualMachineInstance['spec']['domain']['cpu'], multiqueue = true): VirtualMachineInstance => ({
    ...base,
    spec: { ...base.spec, domain: { cpu, devices: { ...base.spec.domain.devices, networkInterfaceMultiqueue: multiqueue } } },
  });
  const virtio: VmiInterface = { name: 'default', bridge: {} };
  t.equal(vcpuCount(undefined), 1);
  t.equal(vcpuCount({ sockets: 2, cores: 3, threads: 2 }), 12);
  t.equal(vcpuCount({ sockets: 0, cores: 4 }), 4);
  t.equal(interfaceQueueCount(withMq({ sockets: 2, cores: 2, threads: 1 }), virtio), 4);
  t.equal(interfaceQueueCount(withMq({ sockets: 2, cores: 2 }), { ...virtio, model: 'virtio' }), 4);
  t.equal(interfaceQueueCount(withMq(undefined), virtio), 1, 'one vCPU, one queue');
  t.equal(interfaceQueueCount(withMq({ sockets: 4, cores: 64, threads: 2 }), virtio), MULTIQUEUE_MAX_QUEUES, 'capped at 256');
  t.equal(interfaceQueueCount(withMq({ sockets: 2, cores: 2 }), { ...virtio, model: 'e1000' }), 0, 'not virtio');
  t.equal(interfaceQueueCount(withMq({ sockets: 2, cores: 2 }, false), virtio), 0, 'multiqueue off');
  t.equal(interfaceQueueCount(base, virtio), 0, 'multiqueue unset');
});

t.test('tap owner', async (t) => {
  const base = vmiWith([pod('default')]);
  t.equal(tapOwnerId(base), ROOT_UID);
  t.equal(tapOwnerId({ ...base, status: { runtimeUser: 0 } }), ROOT_UID);
  t.equal(tapOwnerId({ ...base, status: { runtimeUser: 107 } }), NON_ROOT_UID);
  t.equal(tapOwnerId({ ...base, metadata: { ...base.metadata, annotations: { 'kubevirt.io/nonroot': '' } } }), NON_ROOT_UID);
  t.equal(tapOwnerId({ ...base, metadata: { ...base.metadata, annotations: { 'kubevirt.io/other': 'true' } } }), ROOT_UID);
});
