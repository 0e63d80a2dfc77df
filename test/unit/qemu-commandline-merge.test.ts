// mergeQemuCommandline: launcher-managed passt's NIC reaches qemu as <qemu:commandline> arguments,
// which libvirt only reads with the qemu namespace declared on <domain>. The merged domain is
// checked with libvirt's own schema (virt-xml-validate), the rest of the base kept byte for byte.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mergeQemuCommandline } from '../../src/libvirt/domain-xml.js';
import { QEMU_XML_NAMESPACE } from '../../src/libvirt/interface-xml.js';

const BASE = `<domain type="qemu">
  <name>q</name>
  <memory unit="MiB">128</memory>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
  </os>
  <!-- base devices -->
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
  </devices>
</domain>
`;
const ARGS = ['-netdev', 'stream,id=hostua-default,server=off,addr.type=unix,addr.path=/run/p.socket', '-device', 'virtio-net-pci,netdev=hostua-default,id=ua-default'];

function validate(xml: string): string {
  const result = spawnSync('virt-xml-validate', ['-', 'domain'], { input: xml, encoding: 'utf8' });
  if (result.error !== undefined) throw result.error;
  return result.status === 0 ? 'valid' : `${result.stdout}${result.stderr}`.trim();
}

t.test('a base without qemu arguments gets the namespace and one <qemu:commandline>', async (t) => {
  const merged = mergeQemuCommandline(BASE, ARGS);
  t.equal(
    merged,
    BASE.replace('<domain type="qemu">', `<domain type="qemu" xmlns:qemu="${QEMU_XML_NAMESPACE}">`).replace(
      '  </devices>\n</domain>',
      [
        '  </devices>',
        '  <qemu:commandline>',
        '    <qemu:arg value="-netdev"></qemu:arg>',
        '    <qemu:arg value="stream,id=hostua-default,server=off,addr.type=unix,addr.path=/run/p.socket"></qemu:arg>',
        '    <qemu:arg value="-device"></qemu:arg>',
        '    <qemu:arg value="virtio-net-pci,netdev=hostua-default,id=ua-default"></qemu:arg>',
        '  </qemu:commandline>',
        '</domain>',
      ].join('\n'),
    ),
  );
  t.equal(validate(merged), 'valid');
  t.not(validate(merged.replace(/ xmlns:qemu="[^"]*"/, '')), 'valid', 'control: without the namespace the document is not even read');
});

t.test('arguments join a <qemu:commandline> the base already has; the declaration is kept', async (t) => {
  const base = BASE.replace('<domain type="qemu">', `<domain xmlns:qemu='${QEMU_XML_NAMESPACE}' type="qemu">`).replace(
    '</domain>',
    '  <qemu:commandline>\n    <qemu:arg value="-no-user-config"/>\n  </qemu:commandline>\n</domain>',
  );
  const merged = mergeQemuCommandline(base, ARGS.slice(0, 2));
  t.match(merged, /<qemu:commandline>\n {4}<qemu:arg value="-no-user-config"\/>\n {4}<qemu:arg value="-netdev"><\/qemu:arg>\n {4}<qemu:arg value="stream,[^"]*"><\/qemu:arg>\n {2}<\/qemu:commandline>\n<\/domain>/);
  t.equal(merged.match(/xmlns:qemu/g)?.length, 1, 'declared once');
  t.equal(merged.match(/<qemu:commandline>/g)?.length, 1, 'one commandline element');
  t.equal(validate(merged), 'valid');

  const empty = mergeQemuCommandline(base.replace(/<qemu:commandline>[\s\S]*<\/qemu:commandline>/, '<qemu:commandline/>'), ARGS.slice(0, 2));
  t.equal(empty.match(/<qemu:commandline/g)?.length, 1, 'an empty <qemu:commandline/> is replaced, not doubled');
  t.equal(validate(empty), 'valid');
});

t.test('no arguments leave the base alone; a foreign "qemu" prefix is refused', async (t) => {
  t.equal(mergeQemuCommandline(BASE, []), BASE);
  t.throws(() => mergeQemuCommandline(BASE.replace('<domain ', '<domain xmlns:qemu="urn:other" '), ARGS), {
    code: 'VIRTNET_VALIDATION',
    message: /binds prefix "qemu" to "urn:other"/,
  });
});
