import t from 'tap';
import { MasqueradeBinding } from '../../bindings/masquerade.js';
import { VirtnetError, ValidationError } from '../../src/core/errors.js';
import type { LinkState, NetState } from '../../src/core/net-state.js';
import type { NftBatch } from '../../src/core/nft-types.js';
import type { VirtualMachineInstance, VmiInterface, VmiNetwork } from '../../src/core/vmi.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';
import type { BindingContext } from '../../bindings/configurator.js';

const binding = new MasqueradeBinding();

function vmi(opts: {
  iface?: Partial<VmiInterface>;
  pod?: VmiNetwork['pod'];
  annotations?: Record<string, string>;
  status?: VirtualMachineInstance['status'];
  extraIfaces?: VmiInterface[];
  extraNetworks?: VmiNetwork[];
} = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', uid: 'uid-1', ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, ...opts.iface }, ...(opts.extraIfaces ?? [])] } },
      networks: [{ name: 'default', pod: opts.pod ?? {} }, ...(opts.extraNetworks ?? [])],
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

function ctxOf(v: VirtualMachineInstance, index = 0): BindingContext {
  return bindingContext(v, vmiNics(v)[index]!, ['lo', 'eth0'], 'dummy');
}

function podState(addresses: LinkState['addresses']): NetState {
  return {
    links: [
      { index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: true, master: null,
        addresses: [{ family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' }] },
      { index: 3, name: 'eth0', kind: 'veth', mac: '12:34:56:78:90:ab', mtu: 1500, up: true, master: null, addresses },
    ],
    routes: [{ family: 4, destination: null, gateway: '10.222.222.2', outputInterface: 'eth0' }],
  };
}

const DUAL_STACK = podState([
  { family: 4, address: '10.222.222.1', prefixLength: 30, scope: 'global' },
  { family: 6, address: '2001::1', prefixLength: 64, scope: 'global' },
  { family: 6, address: 'fe80::1034:56ff:fe78:90ab', prefixLength: 64, scope: 'link' },
]);

function plan(v: VirtualMachineInstance, state: NetState) {
  const ctx = ctxOf(v);
  const facts = binding.discoverPodInterface(ctx, state);
  return { ctx, facts, plan: binding.preparePodInterface(ctx, facts), dhcp: binding.generateDhcpConfig(ctx, facts), domain: binding.generateDomainInterface(ctx, facts) };
}

function ruleStrings(batch: NftBatch): string {
  return JSON.stringify(batch.commands);
}

t.test('HEAD masquerade discovery vector (pod 10.222.222.1/30 + 2001::1/64)', async (t) => {
  const { facts, plan: p, dhcp, domain } = plan(vmi(), DUAL_STACK);
  t.same(facts.addresses.map((a) => a.address), ['10.222.222.1', '2001::1'], 'global addresses only');
  t.same(p.spec, {
    links: [
      {
        name: 'k6t-eth0', kind: 'bridge', state: 'up', mac: '02:00:00:00:00:00', mtu: 1500,
        addresses: [{ family: 4, address: '10.0.2.1', prefixLength: 24 }, { family: 6, address: 'fd10:0:2::1', prefixLength: 120 }],
        routeLocalnet: true,
      },
      { name: 'tap0', kind: 'tap', state: 'up', mtu: 1500, master: 'k6t-eth0', tap: { uid: 0, gid: 0, queues: 0 } },
    ],
    sysctls: [{ path: 'net/ipv4/ip_forward', value: '1' }, { path: 'net/ipv6/conf/all/forwarding', value: '1' }],
  });
  t.same(p.nft.map((b) => [b.label, b.family]), [['masquerade ipv4', 'ip'], ['masquerade ipv6', 'ip6']]);
  t.match(ruleStrings(p.nft[0]!), /"right":"10\.0\.2\.2"\}\},\{"counter":null\},\{"masquerade":null\}/);
  t.match(ruleStrings(p.nft[1]!), /"right":"fd10:0:2::2"\}\},\{"counter":null\},\{"masquerade":null\}/);
  t.match(ruleStrings(p.nft[0]!), /49152,49153/, 'migration ports skipped by default');
  t.same(dhcp, {
    clientMac: null, routes: [], mtu: 1500, serverId: '10.0.2.1', bridgeName: 'k6t-eth0',
    ipamDisabled: false, address: '10.0.2.2', prefixLength: 24, gateway: '10.0.2.1',
  });
  t.same(domain, { type: 'ethernet', name: 'default', targetDev: 'tap0', mac: '12:34:56:78:90:ab', mtu: 1500, model: 'virtio-non-transitional' });
});

t.test('the pod NIC is left alone', async (t) => {
  const { plan: p } = plan(vmi(), DUAL_STACK);
  t.notOk(p.spec.links.some((l) => l.name === 'eth0' || l.kind === 'existing'));
});

t.test('spec MAC pins the DHCP client and the guest NIC', async (t) => {
  const { dhcp, domain } = plan(vmi({ iface: { macAddress: 'DE-AD-00-00-BE-AF' } }), DUAL_STACK);
  t.equal(dhcp.clientMac, 'de:ad:00:00:be:af');
  t.equal(domain.mac, 'de:ad:00:00:be:af');
});

t.test('custom VM CIDRs', async (t) => {
  const { plan: p, dhcp } = plan(vmi({ pod: { vmNetworkCIDR: '10.11.12.0/28', vmIPv6NetworkCIDR: 'fd00:1::/64' } }), DUAL_STACK);
  t.same(p.spec.links[0]!.addresses, [
    { family: 4, address: '10.11.12.1', prefixLength: 28 },
    { family: 6, address: 'fd00:1::1', prefixLength: 64 },
  ]);
  t.match(dhcp, { address: '10.11.12.2', prefixLength: 28, gateway: '10.11.12.1', serverId: '10.11.12.1' });
  t.match(ruleStrings(p.nft[1]!), /"dnat":\{"addr":"fd00:1::2"\}/);
});

t.test('a too-small VM CIDR is a validation error naming the field', async (t) => {
  const v = vmi({ pod: { vmNetworkCIDR: '10.0.0.0/31' } });
  t.throws(() => plan(v, DUAL_STACK), new ValidationError('/spec/networks/0/pod/vmNetworkCIDR', ''));
});

t.test('pod without any IP: bridge and tap only, no NAT, no lease', async (t) => {
  const { plan: p, dhcp } = plan(vmi(), podState([{ family: 6, address: 'fe80::1', prefixLength: 64, scope: 'link' }]));
  t.same(p.spec.links[0], { name: 'k6t-eth0', kind: 'bridge', state: 'up', mac: '02:00:00:00:00:00', mtu: 1500, addresses: [] });
  t.equal(p.spec.links[1]!.name, 'tap0');
  t.same(p.spec.sysctls, []);
  t.same(p.nft, []);
  t.match(dhcp, { ipamDisabled: true, routes: [], mtu: 1500, bridgeName: 'k6t-eth0' });
  t.notOk('address' in dhcp);
});

t.test('IPv6-only pod: IPv6 gateway, forwarding and NAT; no IPv4 lease', async (t) => {
  const { plan: p, dhcp } = plan(vmi(), podState([{ family: 6, address: '2001:db8::5', prefixLength: 64, scope: 'global' }]));
  t.same(p.spec.links[0]!.addresses, [{ family: 6, address: 'fd10:0:2::1', prefixLength: 120 }]);
  t.notOk('routeLocalnet' in p.spec.links[0]!, 'route_localnet is an IPv4 setting');
  t.same(p.spec.sysctls, [{ path: 'net/ipv6/conf/all/forwarding', value: '1' }]);
  t.same(p.nft.map((b) => b.family), ['ip6']);
  t.equal(dhcp.ipamDisabled, true);
});

t.test('ports, istio and migration transport reach the NAT batch', async (t) => {
  const v = vmi({
    iface: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { port: 80 }] },
    annotations: { 'sidecar.istio.io/inject': 'True' },
    status: { migrationTransport: 'Unix' },
  });
  const [v4] = plan(v, DUAL_STACK).plan.nft;
  const text = ruleStrings(v4!);
  t.match(text, /"protocol":"udp","field":"dport"\}\},"right":53\}/, 'UDP lower-cased');
  t.match(text, /"protocol":"tcp","field":"dport"\}\},"right":80\}/, 'protocol defaults to tcp');
  t.match(text, /"127\.0\.0\.6"/, 'istio loopback');
  t.match(text, /\["127\.0\.0\.1","10\.222\.222\.1"\]/, 'pod IPv4 in the output DNAT set');
  t.notMatch(text, /49152/, 'no migration-port skip for unix transport');

  const plain = ruleStrings(plan(vmi({ annotations: { 'sidecar.istio.io/inject': 'false' } }), DUAL_STACK).plan.nft[0]!);
  t.notMatch(plain, /127\.0\.0\.6/, 'negative control: istio off');
});

t.test('only the first masquerade interface gets NAT', async (t) => {
  const v = vmi({
    extraIfaces: [{ name: 'second', masquerade: {} }],
    extraNetworks: [{ name: 'second', multus: { networkName: 'other', default: false } }],
  });
  const second = ctxOf(v, 1);
  const state: NetState = { ...DUAL_STACK, links: DUAL_STACK.links.map((l) => (l.name === 'eth0' ? { ...l, name: second.podIfaceName } : l)) };
  const facts = binding.discoverPodInterface(second, state);
  t.same(binding.preparePodInterface(second, facts).nft, []);
  t.equal(plan(v, DUAL_STACK).plan.nft.length, 2, 'negative control: the first one does');
});

t.test('a missing pod link is a discovery error', async (t) => {
  const ctx = ctxOf(vmi());
  t.throws(() => binding.discoverPodInterface(ctx, { links: [], routes: [] }), new VirtnetError('VIRTNET_DISCOVERY', ''));
  try {
    binding.discoverPodInterface(ctx, { links: [], routes: [] });
  } catch (err) {
    t.match((err as Error).message, /eth0/);
  }
});

t.test('DHCPv6: the VM address of the IPv6 CIDR, the bridge as default router; none without pod IPv6', async (t) => {
  const v = vmi();
  const ctx = ctxOf(v);
  t.same(binding.generateDhcpV6Config(ctx, binding.discoverPodInterface(ctx, DUAL_STACK)), {
    bridgeName: 'k6t-eth0',
    address: 'fd10:0:2::2',
    prefixLength: 120,
    advertiseDefaultRouter: true,
    mtu: 1500,
    clientMac: null,
  });
  const custom = vmi({ pod: { vmIPv6NetworkCIDR: 'fd20:1:2::/64' }, iface: { macAddress: '02:00:00:aa:bb:cc' } });
  const customCtx = ctxOf(custom);
  t.match(binding.generateDhcpV6Config(customCtx, binding.discoverPodInterface(customCtx, DUAL_STACK)), {
    address: 'fd20:1:2::2',
    prefixLength: 64,
    clientMac: '02:00:00:aa:bb:cc',
  });
  const v4only = podState([{ family: 4, address: '10.222.222.1', prefixLength: 30, scope: 'global' }]);
  t.equal(binding.generateDhcpV6Config(ctx, binding.discoverPodInterface(ctx, v4only)), null, 'an IPv4-only pod gets no DHCPv6');
});
