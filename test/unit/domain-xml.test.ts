import t from 'tap';
import { deviceAlias, domainName, mergeDomainDevices } from '../../src/libvirt/domain-xml.js';
import { ValidationError } from '../../src/core/errors.js';

const BASE = `<?xml version="1.0"?>
<!-- a base domain with a placeholder NIC, a hostdev of someone else and a tricky attribute -->
<domain type="qemu">
  <name>vmi-test</name>
  <description>devices: <![CDATA[<interface>]]></description>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <interface type="ethernet">
      <target dev="old0" managed="no"/>
      <alias name="ua-default"/>
    </interface>
    <!-- <interface><alias name="ua-blue"/></interface> -->
    <interface type='bridge'><source bridge="a>b"/><alias name='net9'/></interface>
    <hostdev type="pci" managed="no"><alias name="hostdev0"/></hostdev>
    <serial type="pty"/>
  </devices>
</domain>
`;

const DEFAULT_NIC = `<interface type="ethernet">
  <source></source>
  <target dev="tap0" managed="no"></target>
  <alias name="ua-default"></alias>
</interface>`;
const BLUE_NIC = `<interface type="ethernet">
  <target dev="tap16477688c0e" managed="no"></target>
  <alias name="ua-blue"></alias>
</interface>`;

t.test('replaces the device with the same alias and appends the rest; keeps everything else', async (t) => {
  const merged = mergeDomainDevices(BASE, [DEFAULT_NIC, BLUE_NIC]);
  t.equal(
    merged,
    `<?xml version="1.0"?>
<!-- a base domain with a placeholder NIC, a hostdev of someone else and a tricky attribute -->
<domain type="qemu">
  <name>vmi-test</name>
  <description>devices: <![CDATA[<interface>]]></description>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <!-- <interface><alias name="ua-blue"/></interface> -->
    <interface type='bridge'><source bridge="a>b"/><alias name='net9'/></interface>
    <hostdev type="pci" managed="no"><alias name="hostdev0"/></hostdev>
    <serial type="pty"/>
    <interface type="ethernet">
      <source></source>
      <target dev="tap0" managed="no"></target>
      <alias name="ua-default"></alias>
    </interface>
    <interface type="ethernet">
      <target dev="tap16477688c0e" managed="no"></target>
      <alias name="ua-blue"></alias>
    </interface>
  </devices>
</domain>
`,
  );
  t.notMatch(merged, 'old0', 'the placeholder with alias ua-default is gone');
  t.equal(mergeDomainDevices(merged, [DEFAULT_NIC, BLUE_NIC]), merged, 'merging again changes nothing');
});

t.test('a base without <devices>, or with <devices/>, gets one', async (t) => {
  const bare = '<domain type="qemu">\n  <name>x</name>\n</domain>\n';
  t.equal(mergeDomainDevices(bare, [BLUE_NIC]), `<domain type="qemu">
  <name>x</name>
  <devices>
    <interface type="ethernet">
      <target dev="tap16477688c0e" managed="no"></target>
      <alias name="ua-blue"></alias>
    </interface>
  </devices>
</domain>
`);
  const empty = '<domain type="qemu">\n  <name>x</name>\n  <devices/>\n</domain>\n';
  t.equal(mergeDomainDevices(empty, [BLUE_NIC]), mergeDomainDevices(bare, [BLUE_NIC]));
});

t.test('refuses what it cannot merge safely', async (t) => {
  t.throws(() => mergeDomainDevices('<domain><devices></domain>', [BLUE_NIC]), ValidationError, 'mismatched tags');
  t.throws(() => mergeDomainDevices('<domain/><domain/>', [BLUE_NIC]), /one <domain> root element/);
  t.throws(() => mergeDomainDevices('<vm><devices/></vm>', [BLUE_NIC]), /one <domain> root element, found <vm>/);
  t.throws(() => mergeDomainDevices(BASE, ['<interface type="ethernet"></interface>']), /has no <alias>/);
  t.throws(() => mergeDomainDevices(BASE, [BLUE_NIC, BLUE_NIC]), /alias "ua-blue" appears twice/);
  t.throws(() => mergeDomainDevices('<domain><devices/><devices/></domain>', [BLUE_NIC]), /more than one <devices>/);
  t.throws(() => mergeDomainDevices('<domain><name>x</name', [BLUE_NIC]), /not closed/);
});

t.test('domainName and deviceAlias', async (t) => {
  t.equal(domainName(BASE), 'vmi-test');
  t.throws(() => domainName('<domain><devices/></domain>'), /has no <name>/);
  t.equal(deviceAlias(DEFAULT_NIC), 'ua-default');
  t.equal(deviceAlias(`<hostdev><source><alias name="nested"/></source><alias name='ua-sriov-x'/></hostdev>`), 'ua-sriov-x', 'only a direct child counts');
  t.equal(deviceAlias('<interface type="ethernet"/>'), undefined);
  t.equal(deviceAlias('<interface><alias name="a&amp;b"/></interface>'), 'a&b', 'entities are decoded');
});
