import t from 'tap';
import { PASST_LOG_FILE, PASST_SYSCTLS, PasstBinding, passtPortForwards } from '../../bindings/passt.js';
import type { BindingContext } from '../../bindings/configurator.js';
import type { NetState } from '../../src/core/net-state.js';
import type { VirtualMachineInstance, VmiInterface } from '../../src/core/vmi.js';
import { toInterfaceXml } from '../../src/libvirt/interface-xml.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';
import { BindingRegistry } from '../../src/phases/registry.js';

const binding = new PasstBinding();

const ISTIO_EXCLUDED = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090].map((start) => ({ start, exclude: true }));

function vmi(opts: { iface?: Partial<VmiInterface>; annotations?: Record<string, string>; status?: VirtualMachineInstance['status'] } = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', uid: 'uid-1', ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', passtBinding: {}, ...opts.iface }] } },
      networks: [{ name: 'default', pod: {} }],
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

function ctxOf(v: VirtualMachineInstance): BindingContext {
  return bindingContext(v, vmiNics(v)[0]!, ['lo', 'eth0'], 'dummy');
}

const POD: NetState = {
  links: [
    { index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: true, master: null, addresses: [{ family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' }] },
    {
      index: 3, name: 'eth0', kind: 'veth', mac: '12:34:56:78:90:ab', mtu: 1450, up: true, master: null,
      addresses: [
        { family: 4, address: '10.244.1.7', prefixLength: 24, scope: 'global' },
        { family: 6, address: 'fe80::1034:56ff:fe78:90ab', prefixLength: 64, scope: 'link' },
      ],
    },
  ],
  routes: [{ family: 4, destination: null, gateway: '10.244.1.1', outputInterface: 'eth0' }],
};

function run(v: VirtualMachineInstance) {
  const ctx = ctxOf(v);
  const facts = binding.discoverPodInterface(ctx, POD);
  return { facts, plan: binding.preparePodInterface(), dhcp: binding.generateDhcpConfig(), domain: binding.generateDomainInterface(ctx, facts) };
}

t.test('phase 1: only the two sysctls passt needs, no links, no NAT, no DHCP', async (t) => {
  const { plan, dhcp, facts } = run(vmi());
  t.same(plan, {
    spec: {
      links: [],
      sysctls: [
        { path: 'net/ipv4/ping_group_range', value: '107 107' },
        { path: 'net/ipv4/ip_unprivileged_port_start', value: '0' },
      ],
    },
    nft: [],
  });
  t.equal(dhcp, null, 'passt serves DHCP itself');
  t.same(facts.addresses, [{ family: 4, address: '10.244.1.7', prefixLength: 24, scope: 'global' }], 'global addresses only');
  t.equal(facts.mac, '12:34:56:78:90:ab');
  t.equal(facts.mtu, 1450);
  t.not(plan.spec.sysctls, PASST_SYSCTLS, 'a copy: callers may not mutate the constant');
});

t.test('phase 1: a missing pod NIC is a discovery error', async (t) => {
  const ctx = ctxOf(vmi());
  t.throws(() => binding.discoverPodInterface(ctx, { links: POD.links.slice(0, 1), routes: [] }), { name: 'VirtnetError', code: 'VIRTNET_DISCOVERY', message: /"eth0"/ });
});

t.test('the registry serves the passt binding for both spellings', async (t) => {
  const registry = new BindingRegistry();
  t.equal(registry.get('passt').kind, 'passt');
  t.equal(vmiNics(vmi({ iface: { passtBinding: undefined, passt: {} } }))[0]!.binding, 'passt');
});

t.test('port forwards (HEAD converter/network/passt.go)', async (t) => {
  t.same(passtPortForwards([], false), [{ proto: 'tcp', ranges: [] }, { proto: 'udp', ranges: [] }], 'no ports: everything');
  t.same(passtPortForwards([{ port: 80 }, { port: 53, protocol: 'UDP' }, { port: 443, protocol: 'tcp' }], false), [
    { proto: 'tcp', ranges: [{ start: 80 }, { start: 443 }] },
    { proto: 'udp', ranges: [{ start: 53 }] },
  ], 'TCP when unset, protocol case-insensitive');
  t.same(passtPortForwards([{ port: 53, protocol: 'udp' }], false), [{ proto: 'udp', ranges: [{ start: 53 }] }], 'only protocols with ranges appear');
  t.same(passtPortForwards([], true), [{ proto: 'tcp', ranges: ISTIO_EXCLUDED }], 'istio: reserved ports excluded, UDP not forwarded (as the libvirt form)');
  t.same(passtPortForwards([{ port: 8080 }], true), [{ proto: 'tcp', ranges: [...ISTIO_EXCLUDED, { start: 8080 }] }]);
});

t.test('domain interface: libvirt-managed form, golden XML', async (t) => {
  const { domain } = run(vmi({ iface: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } }));
  t.equal(
    toInterfaceXml(domain),
    [
      '<interface type="user">',
      '  <source dev="eth0"></source>',
      '  <model type="virtio-non-transitional"></model>',
      '  <mtu size="1450"></mtu>',
      '  <alias name="ua-default"></alias>',
      `  <backend type="passt" logFile="${PASST_LOG_FILE}"></backend>`,
      '  <portForward proto="tcp"><range start="80"></range></portForward>',
      '  <portForward proto="udp"><range start="53"></range></portForward>',
      '</interface>',
    ].join('\n'),
  );
  t.notOk('mac' in domain, 'no MAC unless the spec or status gives one: never the pod MAC passt itself uses');
});

t.test('domain interface: spec attributes and istio', async (t) => {
  const { domain } = run(
    vmi({
      iface: { macAddress: '02:AA:BB:CC:DD:EE', model: 'e1000', bootOrder: 2, acpiIndex: 4, pciAddress: '0000:81:01.0', state: 'down' },
      annotations: { 'sidecar.istio.io/inject': 'True' },
    }),
  );
  t.equal(
    toInterfaceXml(domain),
    [
      '<interface type="user">',
      '  <address type="pci" domain="0x0000" bus="0x81" slot="0x01" function="0x0"></address>',
      '  <source dev="eth0"></source>',
      '  <model type="e1000"></model>',
      '  <mac address="02:aa:bb:cc:dd:ee"></mac>',
      '  <mtu size="1450"></mtu>',
      '  <boot order="2"></boot>',
      '  <link state="down"></link>',
      '  <alias name="ua-default"></alias>',
      '  <acpi index="4"></acpi>',
      `  <backend type="passt" logFile="${PASST_LOG_FILE}"></backend>`,
      `  <portForward proto="tcp">${ISTIO_EXCLUDED.map((r) => `<range start="${r.start}" exclude="yes"></range>`).join('')}</portForward>`,
      '</interface>',
    ].join('\n'),
  );
});

t.test('domain interface: the MAC KubeVirt reported in status is kept', async (t) => {
  const { domain } = run(vmi({ status: { interfaces: [{ name: 'default', mac: '02:00:00:00:00:42' }] } }));
  t.equal(domain.mac, '02:00:00:00:00:42');
});
