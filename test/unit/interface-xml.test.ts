import t from 'tap';
import { execFileSync } from 'node:child_process';
import { ValidationError } from '../../src/core/errors.js';
import { modelType, parsePciAddress, toHostdevXml, toInterfaceXml } from '../../src/libvirt/interface-xml.js';
import type { DomainInterface } from '../../src/libvirt/domain-interface.js';

interface XmlNode {
  tag: string;
  attrib: Record<string, string>;
  text: string | null;
  children: XmlNode[];
}

/**
 * Parse with a real XML parser (Python's expat via ElementTree), so a
 * well-formedness slip or a bad escape fails here and not in libvirt.
 */
function parseXml(xml: string): XmlNode {
  const program = `
import json, sys
import xml.etree.ElementTree as ET
def tree(e):
    return {"tag": e.tag, "attrib": dict(e.attrib), "text": e.text, "children": [tree(c) for c in e]}
print(json.dumps(tree(ET.fromstring(sys.stdin.read()))))
`;
  return JSON.parse(execFileSync('python3', ['-c', program], { input: xml, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })) as XmlNode;
}

t.test('the XML parser used here rejects malformed XML (negative control)', async (t) => {
  t.throws(() => parseXml('<interface type="a"><source></interface>'));
  t.throws(() => parseXml('<alias name="a"b"></alias>'));
  t.throws(() => parseXml('<alias name="a&b"></alias>'));
  t.same(parseXml('<alias name="a&amp;b"></alias>').attrib, { name: 'a&b' });
});

t.test('bridge/masquerade primary interface (§7 golden)', async (t) => {
  const iface: DomainInterface = {
    type: 'ethernet',
    name: 'default',
    targetDev: 'tap0',
    model: 'virtio-non-transitional',
    mac: '12:34:56:78:90:ab',
    mtu: 1500,
  };
  const xml = toInterfaceXml(iface);
  t.equal(
    xml,
    [
      '<interface type="ethernet">',
      '  <source></source>',
      '  <target dev="tap0" managed="no"></target>',
      '  <model type="virtio-non-transitional"></model>',
      '  <mac address="12:34:56:78:90:ab"></mac>',
      '  <mtu size="1500"></mtu>',
      '  <alias name="ua-default"></alias>',
      '  <rom enabled="no"></rom>',
      '</interface>',
    ].join('\n'),
  );
  const tree = parseXml(xml);
  t.equal(tree.tag, 'interface');
  t.same(tree.children.map((c) => c.tag), ['source', 'target', 'model', 'mac', 'mtu', 'alias', 'rom']);
});

t.test('secondary bridge with multiqueue, boot order, ACPI index, PCI address, link down (§7 golden)', async (t) => {
  const xml = toInterfaceXml({
    type: 'ethernet',
    name: 'blue',
    targetDev: 'tap16477688c0e',
    model: modelType('virtio'),
    mac: 'de:ad:00:00:be:af',
    mtu: 9000,
    bootOrder: 1,
    pciAddress: parsePciAddress('0000:0a:00.0'),
    acpiIndex: 3,
    queues: 4,
    linkState: 'down',
  });
  t.equal(
    xml,
    [
      '<interface type="ethernet">',
      '  <address type="pci" domain="0x0000" bus="0x0a" slot="0x00" function="0x0"></address>',
      '  <source></source>',
      '  <target dev="tap16477688c0e" managed="no"></target>',
      '  <model type="virtio-non-transitional"></model>',
      '  <mac address="de:ad:00:00:be:af"></mac>',
      '  <mtu size="9000"></mtu>',
      '  <boot order="1"></boot>',
      '  <link state="down"></link>',
      '  <alias name="ua-blue"></alias>',
      '  <driver name="vhost" queues="4"></driver>',
      '  <acpi index="3"></acpi>',
      '</interface>',
    ].join('\n'),
  );
  t.same(parseXml(xml).children.find((c) => c.tag === 'driver')?.attrib, { name: 'vhost', queues: '4' });
});

t.test('passt vhostuser interface (§7 golden)', async (t) => {
  const base: DomainInterface = {
    type: 'vhostuser',
    name: 'default',
    sourceDev: 'eth0',
    model: 'virtio-non-transitional',
    backend: { type: 'passt', logFile: '/var/run/kubevirt/passt.log' },
    portForwards: [
      { proto: 'tcp', ranges: [] },
      { proto: 'udp', ranges: [] },
    ],
  };
  const xml = toInterfaceXml(base);
  t.equal(
    xml,
    [
      '<interface type="vhostuser">',
      '  <source dev="eth0"></source>',
      '  <model type="virtio-non-transitional"></model>',
      '  <alias name="ua-default"></alias>',
      '  <backend type="passt" logFile="/var/run/kubevirt/passt.log"></backend>',
      '  <portForward proto="tcp"></portForward>',
      '  <portForward proto="udp"></portForward>',
      '</interface>',
    ].join('\n'),
    'no rom element for non-ethernet interfaces',
  );
  parseXml(xml);
  const withPorts = toInterfaceXml({
    ...base,
    portForwards: [
      { proto: 'tcp', ranges: [{ start: 15000, exclude: true }, { start: 80 }] },
      { proto: 'udp', ranges: [{ start: 53 }, { start: 1000, end: 1010 }] },
    ],
  });
  t.match(withPorts, '  <portForward proto="tcp"><range start="15000" exclude="yes"></range><range start="80"></range></portForward>\n');
  t.match(withPorts, '  <portForward proto="udp"><range start="53"></range><range start="1000" end="1010"></range></portForward>\n');
  const udp = parseXml(withPorts).children.filter((c) => c.tag === 'portForward')[1];
  t.same(udp?.children.map((r) => r.attrib), [{ start: '53' }, { start: '1000', end: '1010' }]);
});

t.test('SR-IOV hostdev (§7 golden)', async (t) => {
  const xml = toHostdevXml({ name: 'sriovnet', source: parsePciAddress('0000:81:11.1'), bootOrder: 2 });
  t.equal(
    xml,
    [
      // §7 less `type="pci"` on the source address (refused by libvirt's schema), mode written out.
      '<hostdev mode="subsystem" type="pci" managed="no">',
      '  <source><address domain="0x0000" bus="0x81" slot="0x11" function="0x1"></address></source>',
      '  <boot order="2"></boot>',
      '  <alias name="ua-sriov-sriovnet"></alias>',
      '</hostdev>',
    ].join('\n'),
  );
  parseXml(xml);
  const withGuestAddress = toHostdevXml({
    name: 'sriovnet',
    source: parsePciAddress('0000:81:11.1'),
    guestPciAddress: parsePciAddress('0000:0B:00.0'),
  });
  t.same(parseXml(withGuestAddress).children.map((c) => c.tag), ['source', 'address', 'alias'], 'api.HostDevice order');
  t.notMatch(withGuestAddress, '<boot');
});

t.test('attribute values are escaped', async (t) => {
  const nasty = `a"b<c>&d'e`;
  const xml = toInterfaceXml({ type: 'ethernet', name: nasty, targetDev: 'tap0', model: nasty });
  const tree = parseXml(xml);
  t.equal(tree.children.find((c) => c.tag === 'alias')?.attrib.name, `ua-${nasty}`, 'alias round-trips through a real parser');
  t.equal(tree.children.find((c) => c.tag === 'model')?.attrib.type, nasty);
  t.notMatch(xml, nasty, 'the raw value never appears');
});

t.test('rom, driver and acpi rules', async (t) => {
  const base: DomainInterface = { type: 'ethernet', name: 'n', targetDev: 'tap0', model: 'e1000' };
  t.match(toInterfaceXml(base), '<rom enabled="no"></rom>', 'no boot order: ROM off');
  t.notMatch(toInterfaceXml({ ...base, bootOrder: 2 }), '<rom', 'a boot NIC keeps its ROM');
  t.notMatch(toInterfaceXml({ ...base, queues: 0 }), '<driver', 'queues 0: no driver element');
  t.match(toInterfaceXml({ ...base, queues: 1 }), '<driver name="vhost" queues="1"></driver>');
  t.notMatch(toInterfaceXml({ ...base, acpiIndex: 0 }), '<acpi');
  t.match(toInterfaceXml({ ...base, linkState: 'up' }), '<link state="up"></link>');
  t.notMatch(toInterfaceXml(base), '<target dev="tap0" managed="no"></target>\n  <mac', 'no mac element without a MAC');
  t.throws(() => toInterfaceXml({ ...base, mtu: 1.5 }), ValidationError);
  t.throws(() => toInterfaceXml({ ...base, queues: 257 }), ValidationError);
  t.throws(() => toInterfaceXml({ ...base, bootOrder: 0 }), ValidationError);
});

t.test('modelType', async (t) => {
  t.equal(modelType(), 'virtio-non-transitional', 'KubeVirt defaults to virtio');
  t.equal(modelType(''), 'virtio-non-transitional');
  t.equal(modelType('virtio'), 'virtio-non-transitional');
  t.equal(modelType('virtio', { virtioTransitional: true }), 'virtio-transitional');
  for (const model of ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139']) t.equal(modelType(model), model);
  t.throws(() => modelType('vmxnet3'), ValidationError);
});

t.test('parsePciAddress', async (t) => {
  t.same(parsePciAddress('0000:81:01.0'), { domain: '0x0000', bus: '0x81', slot: '0x01', function: '0x0' });
  t.same(parsePciAddress('0000:AF:1F.7'), { domain: '0x0000', bus: '0xaf', slot: '0x1f', function: '0x7' });
  for (const bad of ['0000:81:01.8', '000:81:01.0', '0000:81:01', '0000:81:01.0 ', '0000-81-01.0', 'zzzz:81:01.0']) {
    t.throws(() => parsePciAddress(bad), ValidationError, bad);
  }
});
