// Codec tests for src/drivers/linkinfo.ts. The hex vectors are attributes a
// real kernel (6.18, x86-64, so little-endian) sent for links made with
// iproute2, captured through the `netlink` package's RTM_GETLINK dump.
import t from 'tap';
import {
  AF_INET,
  IFLA_PROTINFO,
  IPV4_DEVCONF_ROUTE_LOCALNET,
  NLA_F_NESTED,
  decodeAttributes,
  decodeBridgePortInfo,
  decodeLinkInfo,
  decodeTunInfo,
  encodeAttribute,
  encodeAttributes,
  encodeBridgePortProtinfo,
  encodeInetConf,
  encodeLinkInfo,
  findAttribute,
  forEachAttribute,
  readInetConf,
  u32,
  u8,
} from '../../src/drivers/linkinfo.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

/** `ip tuntap add dev tapx mode tap user 107 group 108 vnet_hdr` */
const TAP_LINKINFO = hex(
  '0800010074756e003c0002000500030002000000080001006b000000080002006c0000000500040000000000050005000100000005000600010000000500070000000000',
);
/** `ip tuntap add dev tapx mode tap user 107 multi_queue vnet_hdr` (no group: the attribute is absent) */
const MQ_TAP_LINKINFO = hex(
  '0800010074756e00440002000500030002000000080001006b000000050004000000000005000500010000000500060001000000050007000100000008000800000000000800090000000000',
);
/** A veth enslaved to a bridge, then `ip link set v0 type bridge_slave learning off` */
const PORT_LINKINFO = hex(
  '0900010076657468000000000b000400627269646765000050010500050001000000000006000200200000000800030002000000050004000000000005000500000000000500060000000000050007000000000005001c00000000000500080000000000050009000100000005001b000100000005001e000100000005000a000000000005000c00000000000c000d0080000214557cfdcc0c000e0080000214557cfdcc06000f00018000000600100000000000060011000180000006001200010000000500130000000000050014000000000005001d000000000006001f000000000005002000000000000500230000000000050024000000000005002100000000000500270000000000050028000000000005002b00000000000c00150000000000000000000c00160000000000000000000c0017000000000000000000050019000100000008002500000200000800260000000000080029000000000008002a0000000000',
);
/** IFLA_AF_SPEC[AF_INET] of that veth after `sysctl net.ipv4.conf.v0.route_localnet=1` */
const AF_INET_ROUTE_LOCALNET = hex(
  '88000100000000000000000000000000010000000100000001000000010000000000000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100000010270000e80300000000000000000000000000000000000001000000',
);

t.test('attribute framing: length excludes padding, next attribute aligned to 4', async (t) => {
  const one = encodeAttribute({ type: 3, payload: Buffer.from('abcde') });
  t.equal(one.toString('hex'), '0900' + '0300' + '6162636465' + '000000');
  const nested = encodeAttribute({ type: 2, nested: true, payload: u8(1) });
  t.equal(nested.toString('hex'), '0500' + '0280' + '01' + '000000', 'NLA_F_NESTED is bit 15 of the type');
  const stream = encodeAttributes([
    { type: 3, payload: Buffer.from('abcde') },
    { type: 7, payload: u32(0xdeadbeef) },
  ]);
  t.same(
    decodeAttributes(stream).map((a) => [a.type, a.nested, a.payload.toString('hex')]),
    [
      [3, false, '6162636465'],
      [7, false, 'efbeadde'],
    ],
  );
  t.throws(() => decodeAttributes(hex('0800010074')), RangeError, 'a length past the end is refused');
  t.throws(() => decodeAttributes(hex('02000100')), RangeError, 'a length below the header is refused');
});

t.test('forEachAttribute: payload offsets from a start, flags stripped, malformed headers refused', async (t) => {
  const header = Buffer.from([0xee, 0xee, 0xee, 0xee]);
  const stream = Buffer.concat([header, encodeAttributes([{ type: 3, payload: Buffer.from('ab') }, { type: 5, nested: true, payload: u32(7) }])]);
  const seen: [number, string][] = [];
  const nested: boolean[] = [];
  forEachAttribute(stream, 4, (type, start, end, isNested) => {
    seen.push([type, stream.subarray(start, end).toString('hex')]);
    nested.push(isNested);
  });
  t.same(seen, [[3, '6162'], [5, '07000000']]);
  t.same(nested, [false, true], 'NLA_F_NESTED reported apart from the type');
  t.equal(findAttribute(stream, 4, 5)?.toString('hex'), '07000000');
  t.equal(findAttribute(stream, 4, 9), undefined);
  t.throws(() => forEachAttribute(stream.subarray(0, stream.length - 2), 4, () => undefined), /malformed attribute at offset 8/);
});

t.test('IFLA_LINKINFO kind: encode → decode, and the kernel vectors', async (t) => {
  t.same(decodeLinkInfo(encodeLinkInfo('bridge')), { kind: 'bridge' });
  t.equal(encodeLinkInfo('ifb').toString('hex'), '0800010069666200', 'the bytes the kernel itself sends for ifb');
  const data = encodeAttributes([{ type: 1, payload: u32(5) }]);
  const withData = decodeLinkInfo(encodeLinkInfo('vxlan', data));
  t.equal(withData.kind, 'vxlan');
  t.same(withData.data, data);
  t.equal(decodeLinkInfo(hex('090001007665746800000000')).kind, 'veth');
  const port = decodeLinkInfo(PORT_LINKINFO);
  t.equal(port.kind, 'veth');
  t.equal(port.slaveKind, 'bridge');
  t.ok(port.slaveData !== undefined && port.slaveData.length > 0);
});

t.test('tun info from IFLA_INFO_DATA', async (t) => {
  const single = decodeLinkInfo(TAP_LINKINFO);
  t.equal(single.kind, 'tun');
  t.same(decodeTunInfo(single.data!), { tap: true, owner: 107, group: 108, multiQueue: false, persist: true, vnetHdr: true });
  const multi = decodeLinkInfo(MQ_TAP_LINKINFO);
  t.same(decodeTunInfo(multi.data!), { tap: true, owner: 107, group: null, multiQueue: true, persist: true, vnetHdr: true });
  // IFF_TUN = 1 in IFLA_TUN_TYPE.
  const tun = encodeAttributes([{ type: 3, payload: u8(1) }]);
  t.same(decodeTunInfo(tun), { tap: false, owner: null, group: null, multiQueue: false, persist: false, vnetHdr: false });
});

t.test('bridge port learning: kernel slave data, and the IFLA_PROTINFO we send', async (t) => {
  t.same(decodeBridgePortInfo(decodeLinkInfo(PORT_LINKINFO).slaveData!), { learning: false });
  t.same(decodeBridgePortInfo(encodeAttributes([{ type: 8, payload: u8(1) }])), { learning: true });
  t.same(decodeBridgePortInfo(Buffer.alloc(0)), {});

  const protinfo = encodeBridgePortProtinfo({ learning: false });
  // What `bridge link set dev X learning off` sends: IFLA_PROTINFO|NLA_F_NESTED { IFLA_BRPORT_LEARNING u8 0 }.
  t.equal(protinfo.toString('hex'), '0c00' + '0c80' + '0500' + '0800' + '00' + '000000');
  const [outer] = decodeAttributes(protinfo);
  t.equal(outer?.type, IFLA_PROTINFO);
  t.equal(outer?.nested, true, 'without NLA_F_NESTED the bridge reads a legacy port state and answers EINVAL');
  t.equal(((protinfo.readUInt16LE(2) & NLA_F_NESTED) !== 0), true);
  t.same(decodeBridgePortInfo(outer!.payload), { learning: false }, 'round trip');
  t.same(decodeBridgePortInfo(decodeAttributes(encodeBridgePortProtinfo({ learning: true }))[0]!.payload), { learning: true });
});

t.test('IFLA_AF_SPEC AF_INET: route_localnet', async (t) => {
  t.equal(readInetConf(AF_INET_ROUTE_LOCALNET, IPV4_DEVCONF_ROUTE_LOCALNET), 1);
  t.equal(readInetConf(AF_INET_ROUTE_LOCALNET, 1), 0, 'forwarding off');
  t.equal(readInetConf(AF_INET_ROUTE_LOCALNET, 4), 1, 'accept_redirects on (the kernel default)');
  t.type(readInetConf(AF_INET_ROUTE_LOCALNET, 33), 'number', 'IPV4_DEVCONF_MAX (33) is the last value');
  t.equal(readInetConf(AF_INET_ROUTE_LOCALNET, 34), undefined, 'past the array');
  t.equal(readInetConf(AF_INET_ROUTE_LOCALNET, 0), undefined, 'ids start at 1');
  t.equal(readInetConf(Buffer.alloc(0), IPV4_DEVCONF_ROUTE_LOCALNET), undefined, 'no IFLA_INET_CONF, no values');

  // Writes are attributes (devinet.c inet_set_link_af), unlike the flat array the kernel reports.
  const write = encodeInetConf(new Map([[IPV4_DEVCONF_ROUTE_LOCALNET, 1]]));
  t.equal(write.toString('hex'), '0c00' + '0180' + '0800' + '1a00' + '01000000');
  t.equal(AF_INET, 2);
});
