import t from 'tap';
import { BridgeBinding } from '../../bindings/bridge.js';
import type { NetState } from '../../src/core/net-state.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';

const binding = new BridgeBinding();

function vmi(macAddress?: string): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', uid: 'uid-1' },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', bridge: {}, ...(macAddress ? { macAddress } : {}) }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

function pod(addresses: NetState['links'][number]['addresses']): NetState {
  return {
    links: [{ index: 3, name: 'eth0', kind: 'veth', mac: '12:34:56:78:90:ab', mtu: 1450, up: true, master: null, addresses }],
    routes: [{ family: 4, destination: null, gateway: '10.222.222.2', outputInterface: 'eth0' }],
  };
}

function dhcpV6(v: VirtualMachineInstance, state: NetState) {
  const ctx = bindingContext(v, vmiNics(v)[0]!, ['eth0'], 'ifb');
  return binding.generateDhcpV6Config(ctx, binding.discoverPodInterface(ctx, state));
}

t.test('DHCPv6 hands the VM the pod NIC global IPv6, never as a router, only to the VM MAC', async (t) => {
  const dual = pod([
    { family: 4, address: '10.222.222.1', prefixLength: 30, scope: 'global' },
    { family: 6, address: 'fe80::1034:56ff:fe78:90ab', prefixLength: 64, scope: 'link' },
    { family: 6, address: '2001:db8::5', prefixLength: 64, scope: 'global' },
  ]);
  t.same(dhcpV6(vmi(), dual), {
    bridgeName: 'k6t-eth0',
    address: '2001:db8::5',
    prefixLength: 64,
    advertiseDefaultRouter: false,
    mtu: 1450,
    clientMac: '12:34:56:78:90:ab',
  });
  t.match(dhcpV6(vmi('02:ab:cd:00:00:01'), dual), { clientMac: '02:ab:cd:00:00:01' }, 'the spec MAC when set');
  t.equal(dhcpV6(vmi(), pod([{ family: 4, address: '10.222.222.1', prefixLength: 30, scope: 'global' }])), null, 'IPv4-only: none');
});
