// DHCPv4 codec: round trips, RFC 3396 split/concatenation, option overload,
// and every malformed input ends in DhcpDecodeError (never another exception).
import t from 'tap';
import { DhcpDecodeError } from '../../src/core/errors.js';
import {
  BOOTP_MIN_LENGTH,
  BOOTREQUEST,
  DhcpOptionCode,
  DhcpV4DecodeError,
  type DhcpV4Packet,
  chaddrToMac,
  findOption,
  formatDhcpV4Packet,
  formattedLength,
  parseDhcpV4Packet,
  parseIpv4,
} from '../../dhcp/v4/codec.js';

const MAC = Buffer.from([0x02, 0x42, 0xac, 0x11, 0x00, 0x02]);

function discover(extra: DhcpV4Packet['options'] = []): DhcpV4Packet {
  return {
    op: BOOTREQUEST,
    htype: 1,
    hlen: 6,
    hops: 0,
    xid: 0xdeadbeef,
    secs: 3,
    flags: 0x8000,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: Buffer.concat([MAC, Buffer.alloc(10)]),
    sname: '',
    file: '',
    options: [
      { code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([1]) },
      { code: DhcpOptionCode.PARAMETER_REQUEST_LIST, data: Buffer.from([1, 3, 6, 15, 119, 121]) },
      ...extra,
    ],
  };
}

t.test('a packet survives format → parse unchanged', async (t) => {
  const packet = { ...discover([{ code: 80, data: Buffer.alloc(0) }]), ciaddr: '10.0.2.2', giaddr: '192.0.2.1', sname: 'srv', file: 'boot.ipxe' };
  const bytes = formatDhcpV4Packet(packet);
  t.equal(bytes.length, BOOTP_MIN_LENGTH, 'padded to the BOOTP minimum');
  t.equal(formattedLength(packet), bytes.length);
  t.same(parseDhcpV4Packet(bytes), packet);
  t.equal(chaddrToMac(packet), '02:42:ac:11:00:02');
});

t.test('wire layout: fixed fields, magic cookie, options, end', async (t) => {
  const bytes = formatDhcpV4Packet(discover());
  t.equal(bytes[0], 1);
  t.equal(bytes.readUInt32BE(4), 0xdeadbeef);
  t.equal(bytes.readUInt16BE(10), 0x8000);
  t.same([...bytes.subarray(236, 240)], [99, 130, 83, 99]);
  t.same([...bytes.subarray(240, 243)], [53, 1, 1]);
  t.same([...bytes.subarray(243, 251)], [55, 6, 1, 3, 6, 15, 119, 121]);
  t.equal(bytes[251], 255);
  t.ok(bytes.subarray(252).every((b) => b === 0), 'zero padding after end');
});

t.test('RFC 3396: long options are split on format and concatenated on parse', async (t) => {
  const long = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 251));
  const bytes = formatDhcpV4Packet(discover([{ code: DhcpOptionCode.DOMAIN_SEARCH, data: long }]));
  const at = 251;
  t.same([bytes[at], bytes[at + 1]], [119, 255], 'first instance carries 255 bytes');
  t.same([bytes[at + 257], bytes[at + 258]], [119, 255], 'second instance follows at once');
  t.same([bytes[at + 514], bytes[at + 515]], [119, 90], 'third carries the rest');
  const parsed = parseDhcpV4Packet(bytes);
  t.same(findOption(parsed, 119), long);
  t.equal(parsed.options.filter((o) => o.code === 119).length, 1, 'one option after concatenation');

  // Split instances that are not adjacent still concatenate, at the position of the first.
  const handmade = Buffer.from(formatDhcpV4Packet(discover()).subarray(0, 240));
  const opts = Buffer.from([119, 2, 1, 2, 53, 1, 3, 119, 1, 3, 255]);
  const p = parseDhcpV4Packet(Buffer.concat([handmade, opts]));
  t.same(p.options.map((o) => o.code), [119, 53]);
  t.same([...findOption(p, 119)!], [1, 2, 3]);
});

t.test('option overload (52): file then sname carry options, in RFC 3396 order', async (t) => {
  const bytes = formatDhcpV4Packet(discover([{ code: DhcpOptionCode.OVERLOAD, data: Buffer.from([3]) }]));
  // A 119 split over options field (none), file and sname; 12 only in sname.
  bytes.set([119, 2, 0x61, 0x62, 255], 108);
  bytes.set([119, 1, 0x63, 12, 1, 0x68], 44);
  const parsed = parseDhcpV4Packet(bytes);
  t.equal(findOption(parsed, 119)!.toString(), 'abc');
  t.equal(findOption(parsed, 12)!.toString(), 'h');
  t.equal(parsed.file, '');
  t.equal(parsed.sname, '');
});

t.test('decode errors carry a reason and the offset', async (t) => {
  const good = formatDhcpV4Packet(discover());
  const cases: [string, Buffer, string, number][] = [
    ['short', good.subarray(0, 100), 'short-packet', 100],
    ['hlen', Buffer.from(good).fill(17, 2, 3), 'bad-hlen', 2],
    ['magic', Buffer.from(good).fill(0, 236, 237), 'bad-magic', 236],
    ['no end', Buffer.concat([good.subarray(0, 240), Buffer.from([53, 1, 1])]), 'truncated-options', 243],
    ['length past end', Buffer.concat([good.subarray(0, 240), Buffer.from([53, 1, 1, 55, 9, 1])]), 'truncated-options', 243],
    ['overload value', formatDhcpV4Packet(discover([{ code: 52, data: Buffer.from([4]) }])), 'bad-overload', 240],
  ];
  for (const [name, bytes, reason, offset] of cases) {
    const err = t.throws(() => parseDhcpV4Packet(bytes), DhcpV4DecodeError, name) as DhcpV4DecodeError;
    t.equal(err.reason, reason, `${name}: reason`);
    t.equal(err.offset, offset, `${name}: offset`);
    t.ok(err instanceof DhcpDecodeError && err.code === 'VIRTNET_DHCP_DECODE', `${name}: is a DhcpDecodeError`);
  }
});

t.test('every truncation of a valid packet: DhcpDecodeError up to End, the same packet after', async (t) => {
  const long = discover([
    { code: DhcpOptionCode.CLIENT_ID, data: Buffer.concat([Buffer.from([1]), MAC]) },
    { code: DhcpOptionCode.DOMAIN_SEARCH, data: Buffer.alloc(300, 7) },
  ]);
  // [packet, offset of its End option]: unpadded (End is the last byte) and padded to 300.
  const cases: [DhcpV4Packet, number][] = [
    [long, formattedLength(long) - 1],
    [discover(), 251],
  ];
  for (const [packet, endOffset] of cases) {
    const bytes = formatDhcpV4Packet(packet);
    t.equal(bytes[endOffset], 255, 'end option where expected');
    let decodeErrors = 0;
    let decoded = 0;
    for (let length = 0; length < bytes.length; length++) {
      const cut = bytes.subarray(0, length);
      if (length <= endOffset) {
        try {
          parseDhcpV4Packet(cut);
        } catch (err) {
          if (err instanceof DhcpV4DecodeError) decodeErrors++;
        }
      } else {
        t.same(parseDhcpV4Packet(cut), packet);
        decoded++;
      }
    }
    t.equal(decodeErrors, endOffset + 1, 'every cut up to End is a decode error');
    t.equal(decoded, bytes.length - endOffset - 1, 'every cut after End decodes');
  }
});

t.test('random bytes never raise anything but DhcpDecodeError', async (t) => {
  // Deterministic xorshift so a failure reproduces.
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const valid = formatDhcpV4Packet(discover([{ code: 52, data: Buffer.from([3]) }]));
  let parsed = 0;
  for (let i = 0; i < 3000; i++) {
    // Half pure noise, half a valid header with noise from offset 236 on (reaches option parsing).
    const length = next() % 600;
    const bytes = Buffer.alloc(length);
    for (let j = 0; j < length; j++) bytes[j] = next() & 0xff;
    if (i % 2 === 0) valid.copy(bytes, 0, 0, Math.min(length, 240 + (next() % 8)));
    try {
      parseDhcpV4Packet(bytes);
      parsed++;
    } catch (err) {
      if (!(err instanceof DhcpV4DecodeError)) t.fail(`unexpected ${String(err)} for ${bytes.toString('hex')}`);
    }
  }
  t.ok(parsed > 0, 'some noisy packets decode (the check is not vacuous)');
});

t.test('format rejects what the wire cannot carry', async (t) => {
  t.throws(() => formatDhcpV4Packet({ ...discover(), ciaddr: '10.0.0' }), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatDhcpV4Packet({ ...discover(), sname: 'x'.repeat(64) }), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatDhcpV4Packet(discover([{ code: 255, data: Buffer.alloc(0) }])), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatDhcpV4Packet({ ...discover(), chaddr: Buffer.alloc(17) }), { code: 'VIRTNET_DHCP' });
});

t.test('parseIpv4 is strict', async (t) => {
  t.same([...parseIpv4('192.168.2.1')!], [192, 168, 2, 1]);
  for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4/24', '', '::1']) {
    t.equal(parseIpv4(bad), null, bad);
  }
});
