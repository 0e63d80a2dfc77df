import t from 'tap';
import { guestCmdline, parseGuestConsole, parseModuleDepends } from '../helpers/vm-guest.js';

t.test('parseGuestConsole reads only VIRTNET-RESULT lines', async (t) => {
  const log = [
    '[    0.000000] Linux version 6.1.0',
    'VIRTNET-RESULT {"event":"lease","iface":"eth0","mac":"02:00:00:00:00:01","ip":"10.0.2.2","mask":24,"router":["10.0.2.1"],"dns":["10.96.0.10"],"mtu":1450,"search":["a.b"],"domain":"","hostname":"vm","staticroutes":[]}\r',
    'noise VIRTNET-RESULT {"event":"check","check":"ping","target":"198.18.0.2","ok":true}',
    'VIRTNET-RESULT {"event":"check","check":"tcp","target":"198.18.0.2:7","ok":false,"answer":""}',
    'VIRTNET-RESULT {"event":"listening","port":8080}',
    'VIRTNET-RESULT {"event":"leasefail","iface":"eth1"}',
    'VIRTNET-RESULT {"event":"error","step":"insmod","module":"x"}',
    'VIRTNET-RESULT {"event":"checks-done"}',
    'VIRTNET-RESULT {"event":"lease","iface":"eth1","ma', // cut: still being written
  ].join('\n');
  const parsed = parseGuestConsole(log);
  t.equal(parsed.leases.length, 1);
  t.same(parsed.leases[0], {
    iface: 'eth0', mac: '02:00:00:00:00:01', ip: '10.0.2.2', prefixLength: 24, routers: ['10.0.2.1'], dns: ['10.96.0.10'],
    mtu: 1450, search: ['a.b'], domain: '', hostname: 'vm', staticRoutes: [],
  });
  t.same(parsed.checks, [
    { check: 'ping', target: '198.18.0.2', ok: true },
    { check: 'tcp', target: '198.18.0.2:7', ok: false, answer: '' },
  ]);
  t.same(parsed.listening, [8080]);
  t.same(parsed.leaseFailures, ['eth1']);
  t.same(parsed.errors, [{ event: 'error', step: 'insmod', module: 'x' }]);
  t.ok(parsed.checksDone);
  t.notOk(parseGuestConsole('VIRTNET-RESULT {"event":"lease"').checksDone, 'control: nothing is made up from a cut line');
});

t.test('guestCmdline names every check', async (t) => {
  t.equal(
    guestCmdline({ ping: ['1.2.3.4'], tcp: ['1.2.3.4:80'], bigping: [{ ip: '1.2.3.4', size: 1450 }], listen: [8080] }),
    'console=ttyS0 quiet panic=-1 virtnet.ping=1.2.3.4 virtnet.tcp=1.2.3.4:80 virtnet.bigping=1.2.3.4:1450 virtnet.listen=8080',
  );
});

t.test('parseModuleDepends reads .modinfo', async (t) => {
  const ko = Buffer.from('\x7fELF...\0license=GPL\0depends=virtio_ring,virtio,net_failover\0retpoline=Y\0');
  t.same(parseModuleDepends(ko), ['virtio_ring', 'virtio', 'net_failover']);
  t.same(parseModuleDepends(Buffer.from('\0depends=\0name=virtio\0')), []);
  t.same(parseModuleDepends(Buffer.from('\0name=virtio\0')), []);
});
