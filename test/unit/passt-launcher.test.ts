import t from 'tap';
import { choosePasstMode, parseNetBackends, parsePasstModeRequest, parseQemuVersion, qemuStreamReconnects } from '../../src/launcher/passt-mode.js';
import { DEFAULT_RESTART_POLICY, launcherManagedPasst, passtArgs, passtPortSpec, passtSocketPath, restartDelayMs } from '../../src/launcher/passt-supervisor.js';
import type { DomainInterface } from '../../src/libvirt/domain-interface.js';
import { QEMU_XML_NAMESPACE, qemuStreamNicArgs, toQemuCommandlineXml } from '../../src/libvirt/interface-xml.js';

const PASST_IFACE: DomainInterface = {
  type: 'user',
  name: 'default',
  sourceDev: 'eth0',
  mac: '02:aa:bb:cc:dd:ee',
  mtu: 1450,
  model: 'virtio-non-transitional',
  backend: { type: 'passt', logFile: '/var/run/kubevirt/passt.log' },
  portForwards: [
    { proto: 'tcp', ranges: [{ start: 15000, exclude: true }, { start: 80 }, { start: 8000, end: 8010 }] },
    { proto: 'udp', ranges: [{ start: 53 }] },
  ],
};

const SOCKET = '/var/run/kubevirt/passt/default.socket';

t.test('passt port specifiers (passt(1) PORT FORWARDING)', async (t) => {
  t.equal(passtPortSpec({ proto: 'tcp', ranges: [] }), 'all');
  t.equal(passtPortSpec(PASST_IFACE.portForwards![0]!), '~15000,80,8000-8010');
  t.equal(passtPortSpec({ proto: 'tcp', ranges: [{ start: 15000, exclude: true }, { start: 15001, exclude: true }] }), '~15000,~15001', 'only exclusions: all but those');
});

t.test('passt command line', async (t) => {
  t.same(passtArgs(PASST_IFACE, { socketPath: SOCKET }), [
    '--foreground', '--stderr', '--socket', SOCKET, '--interface', 'eth0', '--mtu', '1450', '-t', '~15000,80,8000-8010', '-u', '53',
  ]);
  t.same(
    passtArgs({ ...PASST_IFACE, portForwards: [{ proto: 'tcp', ranges: [] }, { proto: 'udp', ranges: [] }] }, { socketPath: SOCKET, runAs: 107 }),
    ['--foreground', '--stderr', '--socket', SOCKET, '--interface', 'eth0', '--mtu', '1450', '--runas', '107', '-t', 'all', '-u', 'all'],
    'no ports: all of both; root launcher: --runas',
  );
  t.same(
    passtArgs({ ...PASST_IFACE, portForwards: [{ proto: 'udp', ranges: [{ start: 53 }] }] }, { socketPath: SOCKET }).slice(-2),
    ['-u', '53'],
    'a protocol without a portForward gets no option (passt forwards none)',
  );
  t.throws(() => passtArgs({ ...PASST_IFACE, backend: undefined, type: 'ethernet' }, { socketPath: SOCKET }), { code: 'VIRTNET_VALIDATION', message: /no passt backend/ });
  t.throws(() => passtArgs(PASST_IFACE, { socketPath: `/${'x'.repeat(107)}` }), { code: 'VIRTNET_VALIDATION', message: /longer than 107 bytes/ });
  t.equal(passtSocketPath('/var/run/kubevirt', 'default'), SOCKET);
});

t.test('qemu -netdev stream arguments for launcher-managed passt', async (t) => {
  t.same(qemuStreamNicArgs({ iface: PASST_IFACE, socketPath: SOCKET }), [
    '-netdev', `stream,id=hostua-default,server=off,addr.type=unix,addr.path=${SOCKET}`,
    '-device', 'virtio-net-pci-non-transitional,netdev=hostua-default,id=ua-default,mac=02:aa:bb:cc:dd:ee,host_mtu=1450,romfile=',
  ]);
  t.same(
    qemuStreamNicArgs({ iface: { ...PASST_IFACE, model: 'e1000', bootOrder: 1, acpiIndex: 3, mac: undefined }, socketPath: '/run/a,b.socket', reconnectSeconds: 1 }),
    ['-netdev', 'stream,id=hostua-default,server=off,addr.type=unix,addr.path=/run/a,,b.socket,reconnect=1', '-device', 'e1000,netdev=hostua-default,id=ua-default,bootindex=1,acpi-index=3'],
    'commas doubled; boot order keeps the ROM; host_mtu only for virtio; reconnect when qemu has it',
  );
  t.equal(qemuStreamNicArgs({ iface: { ...PASST_IFACE, model: 'virtio-transitional' }, socketPath: SOCKET })[3]!.split(',')[0], 'virtio-net-pci-transitional');
  t.throws(() => qemuStreamNicArgs({ iface: { ...PASST_IFACE, pciAddress: { domain: '0x0000', bus: '0x81', slot: '0x01', function: '0x0' } }, socketPath: SOCKET }), { message: /PCI address needs the libvirt-managed passt mode/ });
  t.throws(() => qemuStreamNicArgs({ iface: { ...PASST_IFACE, linkState: 'down' }, socketPath: SOCKET }), { message: /link state "down"/ });
});

t.test('qemu:commandline golden', async (t) => {
  t.equal(QEMU_XML_NAMESPACE, 'http://libvirt.org/schemas/domain/qemu/1.0');
  t.equal(
    toQemuCommandlineXml(qemuStreamNicArgs({ iface: PASST_IFACE, socketPath: '/run/p&q.socket' })),
    [
      '<qemu:commandline>',
      '  <qemu:arg value="-netdev"></qemu:arg>',
      '  <qemu:arg value="stream,id=hostua-default,server=off,addr.type=unix,addr.path=/run/p&amp;q.socket"></qemu:arg>',
      '  <qemu:arg value="-device"></qemu:arg>',
      '  <qemu:arg value="virtio-net-pci-non-transitional,netdev=hostua-default,id=ua-default,mac=02:aa:bb:cc:dd:ee,host_mtu=1450,romfile="></qemu:arg>',
      '</qemu:commandline>',
    ].join('\n'),
  );
});

// Shapes of `virsh domcapabilities`: libvirt ≥ 9.x with the backend enum, and Debian 12's 9.0 without it.
const DOMCAPS_WITH_PASST = `<domainCapabilities><devices>
  <interface supported='yes'>
    <enum name='backendType'>
      <value>default</value>
      <value>passt</value>
    </enum>
  </interface>
</devices></domainCapabilities>`;
const DOMCAPS_DEFAULT_ONLY = DOMCAPS_WITH_PASST.replace(/\s*<value>passt<\/value>/, '');
const DOMCAPS_NO_ENUM = `<domainCapabilities><devices><disk supported='yes'><enum name='bus'><value>virtio</value></enum></disk></devices></domainCapabilities>`;

t.test('libvirt probe parsing', async (t) => {
  t.same(parseNetBackends(DOMCAPS_WITH_PASST), ['default', 'passt']);
  t.same(parseNetBackends(DOMCAPS_DEFAULT_ONLY), ['default']);
  t.equal(parseNetBackends(DOMCAPS_NO_ENUM), null, 'another element\'s enum is not read as the interface backends');
  t.same(parseQemuVersion('Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.22\n'), [7, 2, 22]);
  t.equal(parseQemuVersion('Using API: QEMU 9.0.0\n'), null, 'the API line is libvirt\'s version, not qemu\'s');
  t.equal(qemuStreamReconnects([7, 2, 22]), false);
  t.equal(qemuStreamReconnects([8, 0, 0]), true);
  t.equal(qemuStreamReconnects(null), false);
});

t.test('mode choice', async (t) => {
  t.equal(choosePasstMode('auto', { netBackends: parseNetBackends(DOMCAPS_WITH_PASST) }), 'libvirt');
  t.equal(choosePasstMode('auto', { netBackends: parseNetBackends(DOMCAPS_DEFAULT_ONLY) }), 'launcher');
  t.equal(choosePasstMode('auto', { netBackends: null }), 'launcher', 'a libvirt that does not say is not trusted with passt');
  t.equal(choosePasstMode('launcher', { netBackends: ['default', 'passt'] }), 'launcher', 'override wins');
  t.equal(choosePasstMode('libvirt', { netBackends: null }), 'libvirt', 'override wins');
  t.equal(parsePasstModeRequest(undefined), 'auto');
  t.equal(parsePasstModeRequest(''), 'auto');
  t.equal(parsePasstModeRequest('Launcher'), 'launcher');
  t.throws(() => parsePasstModeRequest('qemu'), { code: 'VIRTNET_VALIDATION', path: 'VIRTNET_PASST_MODE', message: /"qemu": expected one of auto, libvirt, launcher/ });
});

t.test('restart backoff doubles and is capped', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelayMs(DEFAULT_RESTART_POLICY, n)), [200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
});

t.test('launcher-managed passt: supervisor and qemu arguments agree on the socket', async (t) => {
  const old = launcherManagedPasst(PASST_IFACE, { runDir: '/var/run/kubevirt', qemuVersion: [7, 2, 22] });
  t.equal(old.supervisor.socketPath, SOCKET);
  t.same(old.supervisor.argv.slice(0, 5), ['passt', '--foreground', '--stderr', '--socket', SOCKET]);
  t.match(old.qemuArgs[1], new RegExp(`addr.path=${SOCKET}$`), 'qemu 7.2: no reconnect option (it would refuse it)');
  const recent = launcherManagedPasst(PASST_IFACE, { runDir: '/var/run/kubevirt', qemuVersion: [8, 2, 0], runAs: 107 });
  t.match(recent.qemuArgs[1], /,reconnect=1$/, 'qemu 8+: reconnects to a restarted passt');
  t.same(recent.supervisor.argv.slice(9, 11), ['--runas', '107']);
});
