// The devices virtnet generates, checked against libvirt's own RelaxNG schema
// (/usr/share/libvirt/schemas/domain.rng, via virt-xml-validate from libvirt-clients, which runs
// xmllint from libxml2-utils). The schema validates whole domains, so each generated device goes
// into a minimal domain. Every interface attribute of kubevirt-networking.md §7 is produced from a
// VMI by the binding strategies and then read back from the validated document with XPath.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { BridgeBinding } from '../../bindings/bridge.js';
import type { PodNetworkInfraConfigurator } from '../../bindings/configurator.js';
import { MacvtapBinding } from '../../bindings/macvtap.js';
import { MasqueradeBinding } from '../../bindings/masquerade.js';
import { sriovHostdev } from '../../bindings/sriov.js';
import type { LinkKind, NetState } from '../../src/core/net-state.js';
import { VMI_INTERFACE_MODELS } from '../../src/core/vmi-schema.js';
import type { VirtualMachineInstance, VmiInterface } from '../../src/core/vmi.js';
import { modelType, toHostdevXml, toInterfaceXml } from '../../src/libvirt/interface-xml.js';
import { bindingContext, vmiNics } from '../../src/phases/interfaces.js';

/** A domain libvirt would accept but for the devices under test (memory in KiB by default). */
function domainXml(devices: readonly string[]): string {
  return [
    '<domain type="qemu">',
    '  <name>virtnet-validate</name>',
    '  <memory unit="KiB">65536</memory>',
    '  <os><type arch="x86_64" machine="q35">hvm</type></os>',
    '  <devices>',
    ...devices.map((d) => d.replace(/^/gm, '    ')),
    '  </devices>',
    '</domain>',
  ].join('\n');
}

/** virt-xml-validate's verdict: exit status 0 and "validates", or its complaint. */
function validate(xml: string): { ok: boolean; output: string } {
  const result = spawnSync('virt-xml-validate', ['-', 'domain'], { input: xml, encoding: 'utf8' });
  if (result.error !== undefined) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

/** XPath 1.0 string value from the document (xmllint, the schema validator's own parser). */
function xpath(xml: string, expr: string): string {
  // xmllint ends the value with a newline of its own.
  return execFileSync('xmllint', ['--xpath', `string(${expr})`, '-'], { input: xml, encoding: 'utf8' }).replace(/\n$/, '');
}

const MAC = '0a:58:0a:f4:00:05';

function vmi(ifaces: VmiInterface[], extra: Partial<VirtualMachineInstance['spec']['domain']> = {}): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'xmlvm', uid: 'uid-xml' },
    spec: {
      domain: { devices: { interfaces: ifaces }, ...extra },
      networks: ifaces.map((i, n) => (n === 0 ? { name: i.name, pod: {} } : { name: i.name, multus: { networkName: `nad-${i.name}` } })),
    },
  };
}

/** A pod with eth0 (veth, IPv4, default route) and net1..netN of the given kind. */
function podState(secondaryKind: LinkKind, secondaries: number): NetState {
  const links: NetState['links'] = [
    { index: 2, name: 'eth0', kind: 'veth', mac: MAC, mtu: 1450, up: true, master: null, addresses: [{ family: 4, address: '10.244.0.5', prefixLength: 24, scope: 'global' }] },
  ];
  for (let n = 1; n <= secondaries; n++) {
    links.push({ index: 10 + n, name: `net${n}`, kind: secondaryKind, mac: `02:00:00:00:00:0${n}`, mtu: 9000, up: true, master: null, addresses: [] });
  }
  return { links, routes: [{ family: 4, destination: null, gateway: '10.244.0.1', outputInterface: 'eth0' }] };
}

/** The `<interface>` a strategy generates for the VMI's interface `index`. */
function interfaceXml(strategy: PodNetworkInfraConfigurator, v: VirtualMachineInstance, state: NetState, index: number): string {
  const nic = vmiNics(v)[index]!;
  const ctx = bindingContext(v, nic, state.links.map((l) => l.name), 'ifb');
  const facts = { ...strategy.discoverPodInterface(ctx, state), ...(nic.binding === 'macvtap' ? { charDevice: { major: 246, minor: 1 } } : {}) };
  return toInterfaceXml(strategy.generateDomainInterface(ctx, facts));
}

t.test('the validator rejects what libvirt would reject (negative controls)', async (t) => {
  const good = toInterfaceXml({ type: 'ethernet', name: 'default', targetDev: 'tap0', model: 'virtio-non-transitional', mac: MAC, mtu: 1500 });
  t.same(validate(domainXml([good])).ok, true, 'control: the plain interface validates');
  for (const [what, bad] of [
    ['managed="maybe"', good.replace('managed="no"', 'managed="maybe"')],
    ['a MAC that is not one', good.replace(MAC, '0a:58:0a:f4:00')],
    ['an MTU that is not a number', good.replace('size="1500"', 'size="big"')],
    ['an unknown element', good.replace('<source></source>', '<source></source><bogus></bogus>')],
    ['a rom switch that is not on/off', good.replace('enabled="no"', 'enabled="never"')],
  ]) {
    const verdict = validate(domainXml([bad!]));
    t.equal(verdict.ok, false, `${what} is refused`);
    t.match(verdict.output, /fails to validate/);
  }
  const hostdev = toHostdevXml(sriovHostdev({ name: 'vf', sriov: {} }, '0000:65:01.0'));
  t.equal(validate(domainXml([hostdev])).ok, true, 'control: the hostdev validates');
  t.equal(validate(domainXml([hostdev.replace(' function="0x0"', ' function="0x9"')])).ok, false, 'a PCI function above 7 is refused');
});

t.test('bridge, masquerade, macvtap and SR-IOV devices validate in one domain', async (t) => {
  const v = vmi([
    { name: 'default', bridge: {} },
    { name: 'blue', macvtap: {} },
    { name: 'green', sriov: {}, bootOrder: 3, pciAddress: '0000:0c:00.0' },
  ]);
  const masq = vmi([{ name: 'default', masquerade: {} }]);
  const devices = [
    interfaceXml(new BridgeBinding(), v, podState('macvtap', 1), 0),
    interfaceXml(new MacvtapBinding(), v, podState('macvtap', 1), 1),
    toHostdevXml(sriovHostdev(v.spec.domain.devices.interfaces![2]!, '0000:65:01.0')),
  ];
  const masqueradeXml = interfaceXml(new MasqueradeBinding(), masq, podState('veth', 0), 0);
  const doc = domainXml([...devices, masqueradeXml.replace('ua-default', 'ua-default-masq')]);
  const verdict = validate(doc);
  t.ok(verdict.ok, verdict.output);

  t.equal(xpath(doc, '/domain/devices/interface[1]/target/@dev'), 'tap0', 'bridge: the tap');
  t.equal(xpath(doc, '/domain/devices/interface[1]/mac/@address'), MAC, 'bridge: the pod MAC');
  t.equal(xpath(doc, '/domain/devices/interface[1]/mtu/@size'), '1450');
  t.equal(xpath(doc, '/domain/devices/interface[2]/target/@dev'), 'net1', 'macvtap: the macvtap itself');
  t.equal(xpath(doc, '/domain/devices/interface[2]/target/@managed'), 'no');
  t.equal(xpath(doc, '/domain/devices/interface[2]/mac/@address'), '02:00:00:00:00:01', 'macvtap: its MAC');
  t.equal(xpath(doc, '/domain/devices/interface[2]/mtu/@size'), '9000', 'macvtap: its MTU');
  t.equal(xpath(doc, '/domain/devices/hostdev/@managed'), 'no');
  t.equal(xpath(doc, '/domain/devices/hostdev/source/address/@bus'), '0x65');
  t.equal(xpath(doc, '/domain/devices/hostdev/address/@bus'), '0x0c', 'hostdev: guest PCI address');
  t.equal(xpath(doc, '/domain/devices/hostdev/boot/@order'), '3');
  t.equal(xpath(doc, '/domain/devices/hostdev/alias/@name'), 'ua-sriov-green');
  t.equal(xpath(doc, '/domain/devices/interface[3]/target/@dev'), 'tap0', 'masquerade: the tap');
  t.equal(xpath(doc, '/domain/devices/interface[3]/rom/@enabled'), 'no', 'masquerade: no boot order → ROM off');
});

t.test('every §7 interface attribute, from the VMI through a binding, validates and reads back', async (t) => {
  const v = vmi(
    [
      { name: 'default', masquerade: {}, bootOrder: 1 },
      { name: 'blue', bridge: {}, macAddress: 'DE-AD-00-00-BE-AF', pciAddress: '0000:0a:00.0', acpiIndex: 3, state: 'down' },
      { name: 'red', macvtap: {}, model: 'e1000e', bootOrder: 2 },
    ],
    { cpu: { sockets: 1, cores: 2, threads: 2 } },
  );
  v.spec.domain.devices.networkInterfaceMultiqueue = true;
  const state = podState('veth', 2);
  state.links[2]!.kind = 'macvtap';
  const doc = domainXml([
    interfaceXml(new MasqueradeBinding(), v, state, 0),
    interfaceXml(new BridgeBinding(), v, state, 1),
    interfaceXml(new MacvtapBinding(), v, state, 2),
  ]);
  const verdict = validate(doc);
  t.ok(verdict.ok, verdict.output);
  const at = (n: number, path: string): string => xpath(doc, `/domain/devices/interface[${n}]/${path}`);

  t.equal(at(1, 'model/@type'), 'virtio-non-transitional', 'model: virtio (default) → virtio-non-transitional');
  t.equal(at(3, 'model/@type'), 'e1000e', 'model: others verbatim');
  t.equal(at(2, 'mac/@address'), 'de:ad:00:00:be:af', 'MAC: the spec MAC, normalised');
  t.equal(at(1, 'mtu/@size'), '1450', 'MTU: the pod interface MTU (eth0)');
  t.equal(at(2, 'mtu/@size'), '9000', 'MTU: the pod interface MTU (net1)');
  t.equal(at(1, 'boot/@order'), '1', 'boot order');
  t.equal(at(1, 'rom/@enabled'), '', 'a boot NIC keeps its ROM');
  t.equal(at(2, 'rom/@enabled'), 'no', 'no boot order: ROM off');
  t.equal(at(2, 'address/@type'), 'pci');
  t.equal([at(2, 'address/@domain'), at(2, 'address/@bus'), at(2, 'address/@slot'), at(2, 'address/@function')].join(' '), '0x0000 0x0a 0x00 0x0', 'PCI address');
  t.equal(at(2, 'acpi/@index'), '3', 'ACPI index');
  t.equal(at(2, 'link/@state'), 'down', 'link state');
  t.equal(at(1, 'link/@state'), '', 'no link element when up');
  t.equal(at(1, 'driver/@name'), 'vhost');
  t.equal(at(1, 'driver/@queues'), '4', 'multiqueue: sockets × cores × threads');
  t.equal(at(3, 'driver/@queues'), '', 'no queues for a non-virtio model');
  t.same([1, 2, 3].map((n) => at(n, 'alias/@name')), ['ua-default', 'ua-blue', 'ua-red'], 'alias ua-<name>');
  t.same([1, 2, 3].map((n) => at(n, 'target/@dev')), ['tap0', 'tap1', 'net2'], 'targets: tap, secondary tap, macvtap');
});

t.test('every VMI model and the transitional virtio model validate', async (t) => {
  const devices = [...VMI_INTERFACE_MODELS.map((m) => modelType(m)), modelType('virtio', { virtioTransitional: true })].map((model, n) =>
    toInterfaceXml({ type: 'ethernet', name: `nic${n}`, targetDev: `tap${n}`, model, mac: `02:00:00:00:01:0${n}`, mtu: 1500 }),
  );
  const verdict = validate(domainXml(devices));
  t.ok(verdict.ok, verdict.output);
  t.equal(xpath(domainXml(devices), `/domain/devices/interface[${devices.length}]/model/@type`), 'virtio-transitional');
});
