// Decoding of rtnetlink payloads into records, and their assembly into a NetState
// (src/drivers/read-state.ts). Each message is written as the object the `netlink` package's
// parser gives for a real dump and encoded by the package's own formatter: an independent
// encoder for the bytes our decoders read.
import t from 'tap';
import { AttrStream, rt } from 'netlink';
import {
  assembleNetState,
  decodeAddressRecord,
  decodeLinkRecord,
  decodeRouteRecord,
  routeScopeNumber,
  type AddressRecord,
  type LinkRecord,
  type RouteRecord,
} from '../../src/drivers/read-state.js';
import { encodeAttributes, encodeLinkInfo, u32, u8 } from '../../src/drivers/linkinfo.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

function encoded(msg: rt.LinkMessage | rt.AddressMessage | rt.RouteMessage): Buffer {
  const out = new AttrStream();
  if (msg.kind === 'link') rt.formatLinkMessage(msg, out);
  else if (msg.kind === 'address') rt.formatAddressMessage(msg, out);
  else rt.formatRouteMessage(msg, out);
  return Buffer.concat(out.bufs);
}
const toLinkRecord = (msg: rt.LinkMessage) => decodeLinkRecord(encoded(msg));
const toAddressRecord = (msg: rt.AddressMessage) => decodeAddressRecord(encoded(msg));
const toRouteRecord = (msg: rt.RouteMessage) => decodeRouteRecord(encoded(msg));

function inetConf(routeLocalnet: number): Buffer {
  const values = Buffer.alloc(33 * 4);
  values.writeUInt32LE(routeLocalnet, 25 * 4);
  return encodeAttributes([{ type: 1, payload: values }]);
}

t.test('link: bridge, port with learning, tap, unknown kind, plain device', async (t) => {
  const bridge: rt.LinkMessage = {
    kind: 'link',
    data: { family: 0, type: 'ETHER', index: 4, flags: { up: true, broadcast: true, multicast: true }, change: {} },
    attrs: { ifname: 'k6t-eth0', mtu: 1450, address: hex('0214557cfdcc'), linkinfo: encodeLinkInfo('bridge'), afSpec: new Map([[2, inetConf(1)]]) },
  };
  t.same(toLinkRecord(bridge), {
    index: 4, name: 'k6t-eth0', kind: 'bridge', mac: '02:14:55:7c:fd:cc', mtu: 1450, up: true, masterIndex: null, routeLocalnet: true,
  });

  const portInfo = Buffer.concat([
    encodeLinkInfo('veth'),
    encodeAttributes([
      { type: 4, payload: Buffer.from('bridge\0') },
      { type: 5, nested: true, payload: encodeAttributes([{ type: 8, payload: u8(0) }]) },
    ]),
  ]);
  const port: rt.LinkMessage = {
    kind: 'link',
    data: { index: 2, flags: {} },
    attrs: { ifname: 'eth0-nic', mtu: 1450, address: hex('0214557cfdcc'), master: 4, linkinfo: portInfo, afSpec: new Map([[2, inetConf(0)]]) },
  };
  t.same(toLinkRecord(port), {
    index: 2, name: 'eth0-nic', kind: 'veth', mac: '02:14:55:7c:fd:cc', mtu: 1450, up: false, masterIndex: 4, learning: false, routeLocalnet: false,
  });

  const tapData = encodeAttributes([
    { type: 3, payload: u8(2) },
    { type: 1, payload: u32(107) },
    { type: 2, payload: u32(107) },
    { type: 6, payload: u8(1) },
    { type: 7, payload: u8(1) },
    { type: 5, payload: u8(1) },
  ]);
  const tap: rt.LinkMessage = {
    kind: 'link',
    data: { index: 5, flags: { up: true } },
    attrs: { ifname: 'tap0', mtu: 1450, address: hex('aabbccddeeff'), master: 4, linkinfo: encodeLinkInfo('tun', tapData) },
  };
  t.same(toLinkRecord(tap).tun, { tap: true, owner: 107, group: 107, multiQueue: true, persist: true, vnetHdr: true });
  t.equal(toLinkRecord(tap).kind, 'tun');

  const odd: rt.LinkMessage = { kind: 'link', data: { index: 9, flags: {} }, attrs: { ifname: 'gre0', linkinfo: encodeLinkInfo('gre'), address: hex('00000000') } };
  const oddRecord = toLinkRecord(odd);
  t.equal(oddRecord.kind, 'other');
  t.equal(oddRecord.rawKind, 'gre');
  t.equal(oddRecord.mac, '00:00:00:00', 'non-Ethernet hardware addresses keep their length');

  const lo: rt.LinkMessage = { kind: 'link', data: { index: 1, flags: { loopback: true } }, attrs: { ifname: 'lo', mtu: 65536, address: hex('000000000000') } };
  t.same(toLinkRecord(lo), { index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: false, masterIndex: null });
});

t.test('link: the attributes a record does not use are skipped, a short payload refused', async (t) => {
  const plain: rt.LinkMessage = { kind: 'link', data: { index: 3, flags: { up: true } }, attrs: { ifname: 'eth0', mtu: 1450, address: hex('0a580af40005') } };
  const busy: rt.LinkMessage = {
    ...plain,
    attrs: { ...plain.attrs, txqlen: 1000, operstate: 6, group: 0, numTxQueues: 8, ifalias: 'x'.repeat(200), qdisc: 'noqueue', carrier: 1 },
  };
  t.ok(encoded(busy).length > encoded(plain).length + 200, 'control: the busy message really carries more');
  t.same(toLinkRecord(busy), toLinkRecord(plain));
  t.throws(() => decodeLinkRecord(Buffer.alloc(12)), RangeError);
  const truncated = encoded(plain).subarray(0, encoded(plain).length - 3);
  t.throws(() => decodeLinkRecord(truncated), /malformed attribute/);
});

t.test('address: IFA_LOCAL wins over IFA_ADDRESS; scopes; other families dropped', async (t) => {
  const v4: rt.AddressMessage = {
    kind: 'address',
    data: { family: 2, prefixlen: 24, scope: 0, index: 3 },
    attrs: { address: hex('0a010001'), local: hex('0a010001') },
  };
  t.same(toAddressRecord(v4), { linkIndex: 3, address: { family: 4, address: '10.1.0.1', prefixLength: 24, scope: 'global' } });
  const ptp: rt.AddressMessage = { kind: 'address', data: { family: 2, prefixlen: 32, scope: 0, index: 3 }, attrs: { address: hex('0a0000fe'), local: hex('0a000001') } };
  t.equal(toAddressRecord(ptp)?.address.address, '10.0.0.1', 'IFA_ADDRESS is the peer on point-to-point links');
  const v6: rt.AddressMessage = {
    kind: 'address',
    data: { family: 10, prefixlen: 64, scope: 253, index: 3 },
    attrs: { address: hex('fe800000000000000011' + '22fffe334455') },
  };
  t.same(toAddressRecord(v6), { linkIndex: 3, address: { family: 6, address: 'fe80::11:22ff:fe33:4455', prefixLength: 64, scope: 'link' } });
  const host: rt.AddressMessage = { kind: 'address', data: { family: 2, prefixlen: 8, scope: 254, index: 1 }, attrs: { local: hex('7f000001') } };
  t.equal(toAddressRecord(host)?.address.scope, 'host');
  t.equal(toAddressRecord({ kind: 'address', data: { family: 17, index: 1 }, attrs: { address: hex('00') } }), null);
});

t.test('route: default, connected, IPv6; non-unicast dropped', async (t) => {
  const dflt: rt.RouteMessage = {
    kind: 'route',
    data: { family: 2, dstLen: 0, table: 254, protocol: 'BOOT', scope: 'UNIVERSE', type: 'UNICAST' },
    attrs: { table: 254, gateway: hex('0a0100fe'), oif: 2 },
  };
  t.same(toRouteRecord(dflt), { family: 4, destination: null, gateway: '10.1.0.254', table: 254, outputIndex: 2, scope: 'universe' });
  const connected: rt.RouteMessage = {
    kind: 'route',
    data: { family: 2, dstLen: 24, table: 254, protocol: 'KERNEL', scope: 'LINK', type: 'UNICAST' },
    attrs: { table: 254, dst: hex('0a010000'), prefsrc: hex('0a010001'), oif: 2 },
  };
  t.same(toRouteRecord(connected), {
    family: 4, destination: '10.1.0.0/24', gateway: null, table: 254, outputIndex: 2, source: '10.1.0.1', scope: 'link',
  });
  const v6: rt.RouteMessage = {
    kind: 'route',
    data: { family: 10, dstLen: 64, table: 254, scope: 0, type: 1 },
    attrs: { dst: hex('fd000000000000000000000000000000'), oif: 3 },
  };
  t.same(toRouteRecord(v6), { family: 6, destination: 'fd00::/64', gateway: null, table: 254, outputIndex: 3, scope: 'universe' });
  const local: rt.RouteMessage = {
    kind: 'route',
    data: { family: 2, dstLen: 32, table: 255, scope: 'HOST', type: 'LOCAL' },
    attrs: { table: 255, dst: hex('0a010001'), oif: 2 },
  };
  t.equal(toRouteRecord(local), null);
  t.equal(routeScopeNumber({ family: 4, destination: '10.0.0.0/8', gateway: null }), 253, 'no gateway: scope link, like ip route add');
  t.equal(routeScopeNumber({ family: 4, destination: null, gateway: '10.0.0.1' }), 0);
  t.equal(routeScopeNumber({ family: 4, destination: '10.0.0.1/32', gateway: null, scope: 'host' }), 254);
});

t.test('assemble: master and output interface by name, addresses per link, main table only', async (t) => {
  const links: LinkRecord[] = [
    { index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: true, masterIndex: null },
    { index: 4, name: 'k6t-eth0', kind: 'bridge', mac: '02:00:00:00:00:01', mtu: 1500, up: true, masterIndex: null },
    { index: 2, name: 'eth0-nic', kind: 'veth', mac: '02:00:00:00:00:01', mtu: 1500, up: true, masterIndex: 4, learning: false },
    { index: 7, name: 'orphan', kind: 'veth', mac: '02:00:00:00:00:07', mtu: 1500, up: true, masterIndex: 99 },
  ];
  const addresses: AddressRecord[] = [
    { linkIndex: 4, address: { family: 4, address: '169.254.75.10', prefixLength: 32, scope: 'global' } },
    { linkIndex: 1, address: { family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' } },
  ];
  const routes: RouteRecord[] = [
    { family: 4, destination: null, gateway: '10.0.0.1', table: 254, outputIndex: 2, scope: 'universe' },
    { family: 4, destination: '10.9.0.0/16', gateway: null, table: 100, outputIndex: 2 },
    { family: 6, destination: 'fd00::/64', gateway: null, table: 254, outputIndex: null },
  ];
  const state = assembleNetState(links, addresses, routes);
  t.same(state.links.map((l) => [l.name, l.master, l.addresses.map((a) => a.address)]), [
    ['lo', null, ['127.0.0.1']],
    ['k6t-eth0', null, ['169.254.75.10']],
    ['eth0-nic', 'k6t-eth0', []],
    ['orphan', null, []],
  ]);
  t.notOk('masterIndex' in state.links[2]!, 'the index is replaced by the name');
  t.same(state.routes, [
    { family: 4, destination: null, gateway: '10.0.0.1', table: 254, scope: 'universe', outputInterface: 'eth0-nic' },
    { family: 6, destination: 'fd00::/64', gateway: null, table: 254 },
  ]);
});
