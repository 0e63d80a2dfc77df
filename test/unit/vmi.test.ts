import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { ValidationError } from '../../src/core/errors.js';
import { VmiValidationError, parseVmi, validateVmi } from '../../src/core/vmi-parse.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';

const REALISTIC = `
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: fedora-multi
  namespace: tenant-a
  uid: 2f0b6a63-8d9e-4b7a-9d61-0c2f7d3a5e11
  labels:
    kubevirt.io/domain: fedora-multi
  annotations:
    kubevirt.io/nonroot: ""
    k8s.v1.cni.cncf.io/networks: '[{"name":"blue-net","namespace":"tenant-a"}]'
spec:
  evictionStrategy: LiveMigrate
  subdomain: headless
  hostname: fedora
  domain:
    cpu: {sockets: 1, cores: 4, threads: 1}
    memory: {guest: 2Gi}
    machine: {type: q35}
    devices:
      networkInterfaceMultiqueue: true
      autoattachGraphicsDevice: false
      disks:
        - name: root
          disk: {bus: virtio}
      interfaces:
        - name: default
          masquerade: {}
          model: virtio
          ports:
            - {name: ssh, port: 22}
            - {name: web, port: 8080, protocol: tcp}
            - {port: 53, protocol: Udp}
        - name: blue
          bridge: {}
          macAddress: DE-AD-00-00-BE-AF
          bootOrder: 1
          pciAddress: "0000:0a:00.0"
          acpiIndex: 3
          state: down
          dhcpOptions:
            bootFileName: config
            tftpServerName: tftp.kubevirt.io
            ntpServers: [192.168.2.2, 192.168.2.3]
            privateOptions:
              - {option: 240, value: private.options.kubevirt.io}
        - name: fast
          sriov: {}
          macAddress: "02:00:00:00:00:01"
        - name: legacy
          bridge: {}
          model: e1000e
          tag: legacy-nic
  networks:
    - name: default
      pod:
        vmNetworkCIDR: 10.11.12.0/24
        vmIPv6NetworkCIDR: fd10:11:12::/120
    - name: blue
      multus: {networkName: tenant-a/blue-net}
    - name: fast
      multus: {networkName: sriov-net}
    - name: legacy
      multus: {networkName: legacy}
  volumes:
    - name: root
      containerDisk: {image: quay.io/containerdisks/fedora:40}
status:
  runtimeUser: 107
  phase: Running
  interfaces:
    - {name: default, podInterfaceName: eth0, queueCount: 4, infoSource: domain}
`;

function baseVmi(): Record<string, unknown> {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm', uid: 'uid-1' },
    spec: {
      domain: {
        devices: {
          interfaces: [
            { name: 'default', masquerade: {} },
            { name: 'blue', bridge: {}, macAddress: '02:00:00:00:00:aa' },
          ],
        },
      },
      networks: [
        { name: 'default', pod: {} },
        { name: 'blue', multus: { networkName: 'blue-net' } },
      ],
    },
  };
}

type Doc = Record<string, any>;

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof VmiValidationError) return [...err.issues];
    throw err;
  }
  return [];
}

t.test('a realistic pod + Multus + SR-IOV VMI in YAML is accepted as written', async (t) => {
  const vmi = parseVmi(REALISTIC, 'fedora-multi.yaml');
  t.equal(vmi.metadata.uid, '2f0b6a63-8d9e-4b7a-9d61-0c2f7d3a5e11');
  t.equal(vmi.spec.domain.devices.interfaces?.length, 4);
  t.equal(vmi.spec.domain.devices.interfaces?.[1]?.macAddress, 'DE-AD-00-00-BE-AF', 'values are not rewritten');
  t.equal(vmi.spec.networks?.[1]?.multus?.networkName, 'tenant-a/blue-net');
  t.equal(vmi.spec.evictionStrategy, 'LiveMigrate', 'unknown non-network fields are kept');
  t.same(vmi.spec.volumes, [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } }]);
  t.equal(vmi.status?.runtimeUser, 107);
});

t.test('the shipped examples are valid', async (t) => {
  const examples = readdirSync(new URL('../../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
  t.ok(examples.length >= 4, `every example manifest is checked (${examples.join(', ')})`);
  for (const file of examples) {
    const text = readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
    const vmi = parseVmi(text, file);
    t.equal(vmi.kind, 'VirtualMachineInstance', file);
  }
  const bridge = parseVmi(readFileSync(new URL('../../examples/vmi-bridge.yaml', import.meta.url), 'utf8'), 'b');
  t.ok(bridge.spec.domain.devices.interfaces?.[0]?.bridge, 'bridge binding');
  t.equal(bridge.spec.domain.devices.interfaces?.[0]?.macAddress, '02:53:00:00:00:01');
  const masq = parseVmi(readFileSync(new URL('../../examples/vmi-masquerade.yaml', import.meta.url), 'utf8'), 'm');
  t.same(masq.spec.domain.devices.interfaces?.[0]?.ports?.map((p) => p.port), [22, 80, 53]);
});

t.test('JSON input, v1alpha3, and a digits-only MAC stay strings', async (t) => {
  const doc = baseVmi() as Doc;
  doc.apiVersion = 'kubevirt.io/v1alpha3';
  t.equal(parseVmi(JSON.stringify(doc), 'vm.json').apiVersion, 'kubevirt.io/v1alpha3');
  const yaml = `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata: {name: vm, uid: u1}
spec:
  domain:
    devices:
      interfaces:
      - name: default
        bridge: {}
        macAddress: 12:34:56:78:90:12
  networks:
  - name: default
    pod: {}
`;
  t.equal(parseVmi(yaml, 'vm.yaml').spec.domain.devices.interfaces?.[0]?.macAddress, '12:34:56:78:90:12', 'YAML 1.2: not a base-60 number');
  const noNetworks = baseVmi() as Doc;
  noNetworks.spec.domain.devices.interfaces = [];
  noNetworks.spec.networks = [];
  t.ok(validateVmi(noNetworks, 'empty'), 'a VMI without NICs is valid');
});

// Each case breaks one field of a valid VMI and names the pointer the error must carry.
const invalidCases: { name: string; mutate: (d: Doc) => void; path: string; message: RegExp }[] = [
  { name: 'apiVersion', mutate: (d) => (d.apiVersion = 'v1'), path: '/apiVersion', message: /expected one of "kubevirt.io\/v1"/ },
  { name: 'kind', mutate: (d) => (d.kind = 'VirtualMachine'), path: '/kind', message: /expected "VirtualMachineInstance"/ },
  { name: 'missing uid', mutate: (d) => delete d.metadata.uid, path: '/metadata/uid', message: /missing required field "uid"/ },
  { name: 'empty uid', mutate: (d) => (d.metadata.uid = ''), path: '/metadata/uid', message: /must NOT have fewer than 1 characters/ },
  { name: 'uid with ..', mutate: (d) => (d.metadata.uid = 'a..b'), path: '/metadata/uid', message: /without "\.\."/ },
  { name: 'uid with /', mutate: (d) => (d.metadata.uid = '../etc'), path: '/metadata/uid', message: /cache directory/ },
  { name: 'uid .', mutate: (d) => (d.metadata.uid = '.'), path: '/metadata/uid', message: /starting with a letter or digit/ },
  { name: 'missing name', mutate: (d) => delete d.metadata.name, path: '/metadata/name', message: /missing required field "name"/ },
  { name: 'namespace', mutate: (d) => (d.metadata.namespace = 'Bad_NS'), path: '/metadata/namespace', message: /DNS-1123 label/ },
  { name: 'annotation value', mutate: (d) => (d.metadata.annotations = { a: 1 }), path: '/metadata/annotations/a', message: /must be string/ },
  { name: 'interface name charset', mutate: (d) => (d.spec.domain.devices.interfaces[1].name = 'bl ue'), path: '/spec/domain/devices/interfaces/1/name', message: /letters, digits, "-" and "_" only/ },
  { name: 'no binding', mutate: (d) => delete d.spec.domain.devices.interfaces[1].bridge, path: '/spec/domain/devices/interfaces/1', message: /no binding method: set exactly one of bridge, masquerade/ },
  { name: 'two bindings', mutate: (d) => (d.spec.domain.devices.interfaces[1].sriov = {}), path: '/spec/domain/devices/interfaces/1', message: /2 binding methods \(bridge, sriov\)/ },
  { name: 'binding plugin together with a method', mutate: (d) => (d.spec.domain.devices.interfaces[1].binding = { name: 'x' }), path: '/spec/domain/devices/interfaces/1', message: /2 binding methods/ },
  { name: 'slirp is not supported', mutate: (d) => (d.spec.domain.devices.interfaces[1].slirp = {}), path: '/spec/domain/devices/interfaces/1/slirp', message: /unknown field "slirp"/ },
  { name: 'binding with options', mutate: (d) => (d.spec.domain.devices.interfaces[1].bridge = { x: 1 }), path: '/spec/domain/devices/interfaces/1/bridge/x', message: /unknown field "x"/ },
  { name: 'malformed MAC', mutate: (d) => (d.spec.domain.devices.interfaces[1].macAddress = '02:00:00:00:00'), path: '/spec/domain/devices/interfaces/1/macAddress', message: /expected a MAC address/ },
  { name: 'mixed MAC separators', mutate: (d) => (d.spec.domain.devices.interfaces[1].macAddress = '02:00-00:00:00:01'), path: '/spec/domain/devices/interfaces/1/macAddress', message: /expected a MAC address/ },
  { name: 'multicast MAC', mutate: (d) => (d.spec.domain.devices.interfaces[1].macAddress = '01:00:5e:00:00:01'), path: '/spec/domain/devices/interfaces/1/macAddress', message: /multicast/ },
  { name: 'reserved MAC', mutate: (d) => (d.spec.domain.devices.interfaces[0].macAddress = '02-00-00-00-00-00'), path: '/spec/domain/devices/interfaces/0/macAddress', message: /^The requested MAC address is reserved for the in-pod bridge\. Please choose another one\.$/ },
  { name: 'duplicate MAC', mutate: (d) => (d.spec.domain.devices.interfaces[0].macAddress = '02-00-00-00-00-AA'), path: '/spec/domain/devices/interfaces/1/macAddress', message: /already used by interface "default"/ },
  { name: 'model', mutate: (d) => (d.spec.domain.devices.interfaces[1].model = 'vmxnet3'), path: '/spec/domain/devices/interfaces/1/model', message: /expected one of "virtio", "e1000"/ },
  { name: 'bootOrder 0', mutate: (d) => (d.spec.domain.devices.interfaces[1].bootOrder = 0), path: '/spec/domain/devices/interfaces/1/bootOrder', message: /must be >= 1/ },
  { name: 'bootOrder fraction', mutate: (d) => (d.spec.domain.devices.interfaces[1].bootOrder = 1.5), path: '/spec/domain/devices/interfaces/1/bootOrder', message: /must be integer/ },
  { name: 'pciAddress', mutate: (d) => (d.spec.domain.devices.interfaces[1].pciAddress = '0000:81:01.8'), path: '/spec/domain/devices/interfaces/1/pciAddress', message: /PCI address like "0000:81:01.0"/ },
  { name: 'acpiIndex', mutate: (d) => (d.spec.domain.devices.interfaces[1].acpiIndex = 16384), path: '/spec/domain/devices/interfaces/1/acpiIndex', message: /must be <= 16383/ },
  { name: 'port 0', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: 0 }]), path: '/spec/domain/devices/interfaces/0/ports/0/port', message: /must be >= 1/ },
  { name: 'port 65536', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: 65536 }]), path: '/spec/domain/devices/interfaces/0/ports/0/port', message: /must be <= 65535/ },
  { name: 'port as string', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: '80' }]), path: '/spec/domain/devices/interfaces/0/ports/0/port', message: /must be integer/ },
  { name: 'port missing', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ name: 'http' }]), path: '/spec/domain/devices/interfaces/0/ports/0/port', message: /missing required field "port"/ },
  { name: 'protocol', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: 80, protocol: 'SCTP' }]), path: '/spec/domain/devices/interfaces/0/ports/0/protocol', message: /"TCP" or "UDP"/ },
  { name: 'port name', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: 80, name: 'HTTP' }]), path: '/spec/domain/devices/interfaces/0/ports/0/name', message: /IANA service name/ },
  { name: 'duplicate port name', mutate: (d) => (d.spec.domain.devices.interfaces[0].ports = [{ port: 80, name: 'web' }, { port: 81, name: 'web' }]), path: '/spec/domain/devices/interfaces/0/ports/1/name', message: /used more than once/ },
  { name: 'private DHCP option out of range', mutate: (d) => (d.spec.domain.devices.interfaces[1].dhcpOptions = { privateOptions: [{ option: 223, value: 'x' }] }), path: '/spec/domain/devices/interfaces/1/dhcpOptions/privateOptions/0/option', message: /must be >= 224/ },
  { name: 'NTP server not IPv4', mutate: (d) => (d.spec.domain.devices.interfaces[1].dhcpOptions = { ntpServers: ['192.168.2.2', 'ntp.example.com'] }), path: '/spec/domain/devices/interfaces/1/dhcpOptions/ntpServers/1', message: /IPv4 addresses only/ },
  { name: 'state', mutate: (d) => (d.spec.domain.devices.interfaces[1].state = 'gone'), path: '/spec/domain/devices/interfaces/1/state', message: /expected one of "up", "down", "absent"/ },
  { name: 'multiqueue type', mutate: (d) => (d.spec.domain.devices.networkInterfaceMultiqueue = 'yes'), path: '/spec/domain/devices/networkInterfaceMultiqueue', message: /must be boolean/ },
  { name: 'cpu cores', mutate: (d) => (d.spec.domain.cpu = { cores: -1 }), path: '/spec/domain/cpu/cores', message: /must be >= 0/ },
  { name: 'duplicate interface', mutate: (d) => d.spec.domain.devices.interfaces.push({ name: 'blue', bridge: {} }), path: '/spec/domain/devices/interfaces/2/name', message: /interface name "blue" is used more than once/ },
  { name: 'duplicate network', mutate: (d) => d.spec.networks.push({ name: 'blue', multus: { networkName: 'x' } }), path: '/spec/networks/2/name', message: /network name "blue" is used more than once/ },
  { name: 'interface without network', mutate: (d) => d.spec.networks.pop(), path: '/spec/domain/devices/interfaces/1/name', message: /has no network of the same name/ },
  { name: 'network without interface', mutate: (d) => d.spec.domain.devices.interfaces.pop(), path: '/spec/networks/1/name', message: /has no interface of the same name/ },
  { name: 'network without source', mutate: (d) => delete d.spec.networks[1].multus, path: '/spec/networks/1', message: /has no source/ },
  { name: 'network with two sources', mutate: (d) => (d.spec.networks[1].pod = {}), path: '/spec/networks/1', message: /both pod and multus/ },
  { name: 'second pod network', mutate: (d) => (d.spec.networks[1] = { name: 'blue', pod: {} }), path: '/spec/networks/1', message: /more than one pod network/ },
  { name: 'multus default with pod network', mutate: (d) => (d.spec.networks[1].multus.default = true), path: '/spec/networks/1/multus/default', message: /cannot be used together with a pod network/ },
  { name: 'multus without networkName', mutate: (d) => (d.spec.networks[1].multus = {}), path: '/spec/networks/1/multus/networkName', message: /missing required field "networkName"/ },
  { name: 'masquerade on multus', mutate: (d) => (d.spec.domain.devices.interfaces[1] = { name: 'blue', masquerade: {} }), path: '/spec/domain/devices/interfaces/1/masquerade', message: /only works on the pod network/ },
  { name: 'passt on multus', mutate: (d) => (d.spec.domain.devices.interfaces[1] = { name: 'blue', passtBinding: {} }), path: '/spec/domain/devices/interfaces/1/passtBinding', message: /only works on the pod network/ },
  { name: 'vmNetworkCIDR not a CIDR', mutate: (d) => (d.spec.networks[0].pod = { vmNetworkCIDR: '10.0.2.0' }), path: '/spec/networks/0/pod/vmNetworkCIDR', message: /expected an IPv4 CIDR/ },
  { name: 'vmNetworkCIDR IPv6', mutate: (d) => (d.spec.networks[0].pod = { vmNetworkCIDR: 'fd10::/120' }), path: '/spec/networks/0/pod/vmNetworkCIDR', message: /expected an IPv4 CIDR/ },
  { name: 'vmNetworkCIDR too small', mutate: (d) => (d.spec.networks[0].pod = { vmNetworkCIDR: '10.0.0.0/31' }), path: '/spec/networks/0/pod/vmNetworkCIDR', message: /too small, at least 2 host addresses/ },
  { name: 'vmIPv6NetworkCIDR too small', mutate: (d) => (d.spec.networks[0].pod = { vmIPv6NetworkCIDR: 'fd10:0:2::/127' }), path: '/spec/networks/0/pod/vmIPv6NetworkCIDR', message: /too small/ },
  { name: 'vmIPv6NetworkCIDR IPv4', mutate: (d) => (d.spec.networks[0].pod = { vmIPv6NetworkCIDR: '10.0.2.0/24' }), path: '/spec/networks/0/pod/vmIPv6NetworkCIDR', message: /expected an IPv6 CIDR/ },
  { name: 'pod network typo', mutate: (d) => (d.spec.networks[0].pod = { vmNetworkCidr: '10.0.2.0/24' }), path: '/spec/networks/0/pod/vmNetworkCidr', message: /unknown field "vmNetworkCidr"/ },
  { name: 'subdomain', mutate: (d) => (d.spec.subdomain = 'Not_A_Label'), path: '/spec/subdomain', message: /DNS-1123 label/ },
  { name: 'devices missing', mutate: (d) => delete d.spec.domain.devices, path: '/spec/domain/devices', message: /missing required field "devices"/ },
];

t.test('each invalid field is reported at its JSON pointer', async (t) => {
  for (const c of invalidCases) {
    const doc = baseVmi() as Doc;
    c.mutate(doc);
    const issues = issuesOf(() => validateVmi(doc, 'vm.yaml'));
    const match = issues.find((i) => i.path === c.path && c.message.test(i.message));
    t.ok(match, `${c.name}: ${c.path} ${c.message}`, { found: issues });
  }
});

t.test('the unmodified base VMI is valid (negative control for the table above)', async (t) => {
  t.same(issuesOf(() => validateVmi(baseVmi(), 'vm.yaml')), []);
  const doc = baseVmi() as Doc;
  doc.spec.domain.devices.interfaces[0].ports = [{ port: 80, protocol: 'udp' }, { port: 443, protocol: 'Tcp' }];
  doc.spec.domain.devices.interfaces[1].macAddress = '02-00-00-00-00-AB';
  doc.spec.networks[0].pod = { vmNetworkCIDR: '10.0.0.0/30', vmIPv6NetworkCIDR: 'fd10:0:2::/126' };
  t.same(issuesOf(() => validateVmi(doc, 'vm.yaml')), [], 'boundary values pass');
});

t.test('all problems are reported together, each prefixed with the source', async (t) => {
  const doc = baseVmi() as Doc;
  doc.metadata.uid = '../x';
  doc.spec.domain.devices.interfaces[1].macAddress = '01:00:00:00:00:01';
  doc.spec.networks[0].pod = { vmNetworkCIDR: '10.0.0.0/31' };
  let error: unknown;
  try {
    validateVmi(doc, 'my-vmi.yaml');
  } catch (err) {
    error = err;
  }
  t.ok(error instanceof VmiValidationError);
  t.ok(error instanceof ValidationError, 'a ValidationError for callers that only know the base class');
  const e = error as VmiValidationError;
  t.equal(e.code, 'VIRTNET_VALIDATION');
  t.equal(e.issues.length, 3);
  t.equal(e.path, '/metadata/uid', 'path is the first problem');
  t.match(e.message, /^my-vmi\.yaml: invalid VirtualMachineInstance \(3 problems\):/);
  for (const pointer of ['/metadata/uid', '/spec/domain/devices/interfaces/1/macAddress', '/spec/networks/0/pod/vmNetworkCIDR']) {
    t.match(e.message, `my-vmi.yaml: ${pointer}: `);
  }
});

t.test('a single problem gives a one-line message', async (t) => {
  const doc = baseVmi() as Doc;
  doc.spec.domain.devices.interfaces[1].model = 'bogus';
  t.throws(() => validateVmi(doc, 'one.yaml'), {
    message: 'one.yaml: /spec/domain/devices/interfaces/1/model: invalid value "bogus": expected one of "virtio", "e1000", "e1000e", "igb", "ne2k_pci", "pcnet", "rtl8139"',
    path: '/spec/domain/devices/interfaces/1/model',
  });
});

t.test('YAML and document-level problems', async (t) => {
  t.throws(() => parseVmi('spec: [unclosed', 'broken.yaml'), { name: 'VmiValidationError', path: '', message: /^broken\.yaml: \/: failed to parse YAML/ });
  t.throws(() => parseVmi('a: 1\na: 2\n', 'dup.yaml'), { message: /failed to parse YAML/ }, 'duplicate keys are an error');
  t.throws(() => parseVmi('- 1\n- 2\n', 'list.yaml'), { message: /list\.yaml: \/: invalid value \[1,2\]: must be object/ });
  t.throws(() => parseVmi('', 'empty.yaml'), { message: /empty\.yaml/ });
  const issues = issuesOf(() => validateVmi({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance' }, 'x'));
  t.same(issues.map((i) => i.path).sort(), ['/metadata', '/spec']);
});

t.test('type-confused input does not crash the cross-field checks', async (t) => {
  const shapes: unknown[] = [
    null,
    42,
    { spec: { domain: { devices: { interfaces: 'x' } }, networks: 7 } },
    { spec: { domain: { devices: { interfaces: [null, 3, { name: 5, macAddress: 9 }] } }, networks: [null, { name: [] }] } },
  ];
  for (const shape of shapes) {
    t.throws(() => validateVmi(shape, 'odd'), VmiValidationError, JSON.stringify(shape));
  }
});

t.test('returned value is the typed VMI', async (t) => {
  const vmi: VirtualMachineInstance = validateVmi(baseVmi(), 'vm');
  t.equal(vmi.spec.networks?.[0]?.name, 'default');
});

t.test('JSON manifests: parsed without the YAML library, and a broken one still gets a located error', async (t) => {
  const vmi = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'json-vm', uid: 'a1b2c3' },
    spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] },
  };
  t.equal(parseVmi(JSON.stringify(vmi, null, 2), 'vmi.json').metadata.name, 'json-vm');
  const bad = JSON.stringify(vmi).replace('"kind"', '"kind" "x"');
  t.throws(() => parseVmi(bad, 'vmi.json'), { message: /vmi\.json: \/: failed to parse YAML: .*line 1/ });
  const invalid = JSON.stringify({ ...vmi, kind: 'Pod' });
  // schema errors come through the JSON path too
  t.throws(() => parseVmi(invalid, 'vmi.json'), { name: 'VmiValidationError', path: '/kind', message: /vmi\.json: \/kind/ });
});
