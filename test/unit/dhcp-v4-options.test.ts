// DHCPv4 option encoders against KubeVirt's vectors (pkg/network/dhcp/server/server_test.go,
// kubevirt-networking.md §8.1) and the RFCs.
import t from 'tap';
import { ValidationError } from '../../src/core/errors.js';
import { KUBEVIRT_LEASE_SECONDS, type DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { DhcpOptionCode, type DhcpV4Option } from '../../dhcp/v4/codec.js';
import {
  INFINITE_LEASE_SECONDS,
  computeConfigOptions,
  computeLeaseOptions,
  computeLeaseTimes,
  encodeClasslessRoutes,
  encodeDomainSearch,
  encodeInterfaceMtu,
  encodeSubnetMask,
} from '../../dhcp/v4/options.js';

const bytes = (b: Buffer): number[] => [...b];
const ascii = (s: string): number[] => [...Buffer.from(s)];
const option = (options: DhcpV4Option[], code: number): Buffer | undefined => options.find((o) => o.code === code)?.data;

const baseConfig: DhcpV4ServerConfig = {
  ipamDisabled: false,
  clientMac: null,
  address: '10.0.2.2',
  prefixLength: 24,
  gateway: '10.0.2.1',
  routes: [],
  mtu: 1500,
  serverId: '10.0.2.1',
  bridgeName: 'k6t-eth0',
  dnsServers: ['10.96.0.10'],
  searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
};

t.test('option 121: KubeVirt formClasslessRoutes vectors', async (t) => {
  t.same(
    bytes(encodeClasslessRoutes([{ destination: '224.0.0.0/4', gateway: null }, { destination: '192.168.1.0/24', gateway: '192.168.2.1' }])),
    [4, 224, 0, 0, 0, 0, 24, 192, 168, 1, 192, 168, 2, 1],
  );
  t.same(bytes(encodeClasslessRoutes([])), []);
  t.same(
    bytes(
      encodeClasslessRoutes([
        { destination: null, gateway: '10.129.0.1' },
        { destination: '10.128.0.0/14', gateway: null },
        { destination: '224.0.0.0/4', gateway: null },
      ]),
    ),
    [14, 10, 128, 0, 0, 0, 0, 4, 224, 0, 0, 0, 0, 0, 10, 129, 0, 1],
    'openshift: default route moved last',
  );
  t.same(
    bytes(encodeClasslessRoutes([{ destination: null, gateway: '169.254.1.1' }, { destination: '169.254.1.1/32', gateway: null }])),
    [32, 169, 254, 1, 1, 0, 0, 0, 0, 0, 169, 254, 1, 1],
    'calico: host route to the gateway first',
  );
  t.same(bytes(encodeClasslessRoutes([{ destination: '10.1.2.3/16', gateway: null }])), [16, 10, 1, 0, 0, 0, 0], 'host bits are masked off');
  t.same(bytes(encodeClasslessRoutes([{ destination: '0.0.0.0/0', gateway: '10.0.0.1' }])), [0, 10, 0, 0, 1]);
  t.throws(() => encodeClasslessRoutes([{ destination: '10.0.0.0/33', gateway: null }]), { name: 'ValidationError', path: '/routes/0/destination' });
  t.throws(() => encodeClasslessRoutes([{ destination: '10.0.0.0', gateway: null }]), ValidationError);
  t.throws(() => encodeClasslessRoutes([{ destination: null, gateway: 'fe80::1' }]), { name: 'ValidationError', path: '/routes/0/gateway' });
});

t.test('option 119: search list bytes, RFC 1035 labels without compression', async (t) => {
  t.same(bytes(encodeDomainSearch(['foo.com', 'foo.local'])), [3, ...ascii('foo'), 3, ...ascii('com'), 0, 3, ...ascii('foo'), 5, ...ascii('local'), 0]);
  t.same(bytes(encodeDomainSearch(['foo.com.'])), [3, ...ascii('foo'), 3, ...ascii('com'), 0], 'a trailing dot adds no empty name');
});

t.test("option 119: KubeVirt's rejected and accepted domains", async (t) => {
  const rejected = ['foo,com', '-foo.com', 'foo.com-', `${'a'.repeat(250)}.com`, `${'a'.repeat(64)}.com`, 'foo\n.com', 'Foo.com', ''];
  for (const domain of rejected) {
    t.throws(() => encodeDomainSearch(['ok.com', domain]), { name: 'ValidationError', path: '/searchDomains/1', message: /^search domain is not valid/ }, JSON.stringify(domain));
  }
  const accepted = [`${'a'.repeat(63)}.com`, 'example.default.svc.cluster.local', 'example.default.svc.cluster.local.', 'local', '_tcp.example.com'];
  for (const domain of accepted) t.doesNotThrow(() => encodeDomainSearch([domain]), domain);
});

t.test('option 119 over 255 bytes is served (split by the codec), where KubeVirt failed', async (t) => {
  // KubeVirt's "Search domains length exceeded allowable size" case: six ~44-character names.
  const six = Array.from({ length: 6 }, (_, i) => `${i}wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com`);
  const data = option(computeConfigOptions({ ...baseConfig, searchDomains: six }), DhcpOptionCode.DOMAIN_SEARCH)!;
  t.equal(data.length, 6 * 46, 'over 255 bytes');
  t.same(bytes(data.subarray(0, 2)), [40, ...ascii('0')]);
});

t.test('option 15: longest search domain, first wins ties', async (t) => {
  const list = [
    'pix3ob5ymm5jbsjessf0o4e84uvij588rz23iz0o.com',
    '3wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
    't4lanpt7z4ix58nvxl4d.com',
    '14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
    '4wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
  ];
  const options = computeConfigOptions({ ...baseConfig, searchDomains: list });
  t.equal(option(options, DhcpOptionCode.DOMAIN_NAME)!.toString(), '14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com');
  t.equal(option(computeConfigOptions({ ...baseConfig, domainName: 'explicit.example' }), 15)!.toString(), 'explicit.example');
  t.equal(option(computeConfigOptions({ ...baseConfig, searchDomains: [] }), 15), undefined, 'no search list, no option 15');
});

t.test('custom dhcpOptions: 66, 67, 42 and private 240', async (t) => {
  const options = computeConfigOptions({
    ...baseConfig,
    bootFileName: 'config',
    tftpServerName: 'tftp.kubevirt.io',
    ntpServers: ['192.168.2.2', '192.168.2.3'],
    privateOptions: [{ code: 240, value: 'private.options.kubevirt.io' }],
  });
  t.equal(option(options, 67)!.toString(), 'config');
  t.equal(option(options, 66)!.toString(), 'tftp.kubevirt.io');
  t.same(bytes(option(options, 42)!), [192, 168, 2, 2, 192, 168, 2, 3]);
  t.equal(option(options, 240)!.toString(), 'private.options.kubevirt.io');
  t.throws(() => computeConfigOptions({ ...baseConfig, ntpServers: ['ntp.example.com'] }), { name: 'ValidationError', path: '/ntpServers/0', message: /ntp server "ntp.example.com"/ });
  t.throws(() => computeConfigOptions({ ...baseConfig, privateOptions: [{ code: 223, value: 'x' }] }), { name: 'ValidationError', path: '/privateOptions/0/code' });
  t.throws(() => computeConfigOptions({ ...baseConfig, privateOptions: [{ code: 240, value: 'x' }, { code: 240, value: 'y' }] }), { name: 'ValidationError', path: '/privateOptions/1/code' });
});

t.test('router, mask, MTU, DNS; absent values send no option', async (t) => {
  const options = computeConfigOptions({ ...baseConfig, gateway: '192.168.2.1', prefixLength: 30 });
  t.same(bytes(option(options, 3)!), [192, 168, 2, 1]);
  t.same(bytes(option(options, 1)!), [255, 255, 255, 252]);
  t.same(bytes(option(options, 26)!), [0x05, 0xdc]);
  t.same(bytes(option(options, 6)!), [10, 96, 0, 10]);
  t.same(options.map((o) => o.code), [1, 3, 6, 15, 26, 119], 'default order, nothing unconfigured');
  const bare = computeConfigOptions({ ...baseConfig, gateway: null, routes: [], dnsServers: [], searchDomains: [] });
  t.same(bare.map((o) => o.code), [1, 26], 'no 3, 6, 15, 119, 121');
  t.same(bytes(encodeSubnetMask(32)), [255, 255, 255, 255]);
  t.same(bytes(encodeSubnetMask(0)), [0, 0, 0, 0]);
  t.throws(() => encodeInterfaceMtu(67), { name: 'ValidationError', path: '/mtu' });
  t.throws(() => computeConfigOptions({ ...baseConfig, dnsServers: ['2001:db8::1'] }), { name: 'ValidationError', path: '/dnsServers/0' });
  t.same(computeConfigOptions({ ...baseConfig, prefixLength: undefined, gateway: undefined }).map((o) => o.code), [6, 15, 26, 119], 'no mask, no router: no 1, no 3');
  t.throws(() => computeConfigOptions({ ...baseConfig, prefixLength: 33 }), { name: 'ValidationError', path: '/prefixLength' });
});

t.test('option 121 lists the default router too when the gateway is set (RFC 3442 §3)', async (t) => {
  const options = computeConfigOptions({ ...baseConfig, routes: [{ destination: '192.168.1.0/24', gateway: '10.0.2.254' }] });
  t.same(bytes(option(options, 121)!), [24, 192, 168, 1, 10, 0, 2, 254, 0, 10, 0, 2, 1]);
  const calico = computeConfigOptions({
    ...baseConfig,
    address: '10.244.1.5',
    prefixLength: 32,
    gateway: '169.254.1.1',
    routes: [{ destination: null, gateway: '169.254.1.1' }, { destination: '169.254.1.1/32', gateway: null }],
  });
  t.same(bytes(option(calico, 121)!), [32, 169, 254, 1, 1, 0, 0, 0, 0, 0, 169, 254, 1, 1], 'an existing default route is not doubled');
});

t.test('lease 51 and T1/T2 58/59', async (t) => {
  const options = computeLeaseOptions(baseConfig);
  t.same(bytes(option(options, 51)!), [5, 37, 10, 128], 'KubeVirt 999 days');
  t.same(computeLeaseTimes({}), { lease: KUBEVIRT_LEASE_SECONDS, renewal: KUBEVIRT_LEASE_SECONDS / 2, rebinding: Math.floor(KUBEVIRT_LEASE_SECONDS * 0.875) });
  t.same(computeLeaseTimes({ leaseSeconds: 10 }), { lease: 10, renewal: 5, rebinding: 8 });
  t.same(computeLeaseTimes({ leaseSeconds: 100, renewalSeconds: 20, rebindingSeconds: 30 }), { lease: 100, renewal: 20, rebinding: 30 });
  t.same(bytes(option(computeLeaseOptions({ ...baseConfig, leaseSeconds: 3600 }), 58)!), [0, 0, 0x07, 0x08]);
  t.same(
    computeLeaseOptions({ ...baseConfig, leaseSeconds: INFINITE_LEASE_SECONDS }).map((o) => o.code),
    [51],
    'an infinite lease has no T1/T2',
  );
  t.throws(() => computeLeaseTimes({ leaseSeconds: 100, renewalSeconds: 90, rebindingSeconds: 80 }), ValidationError);
  t.throws(() => computeLeaseTimes({ leaseSeconds: 0 }), { name: 'ValidationError', path: '/leaseSeconds' });
  t.throws(() => computeLeaseTimes({ leaseSeconds: 1.5 }), { name: 'ValidationError', path: '/leaseSeconds' });
});
