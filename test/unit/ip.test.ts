import t from 'tap';
import { isIPv6 } from 'node:net';
import { ValidationError } from '../../src/core/errors.js';
import {
  DEFAULT_VM_CIDR,
  DEFAULT_VM_IPV6_CIDR,
  addressCount,
  canonicalizeIp,
  cidrContains,
  formatCidr,
  formatMac,
  ipFromBytes,
  ipToBytes,
  isGlobalUnicast,
  isIpv4,
  isIpv6,
  isMulticastMac,
  macToBytes,
  maskToPrefix,
  masqueradeAddresses,
  networkAddress,
  networkOf,
  nthAddress,
  parseCidr,
  parseIp,
  parseMac,
  prefixToMask,
  formatIp,
  tryParseCidr,
  tryParseIp,
  tryParseMac,
} from '../../src/core/ip.js';

t.test('IPv4 parse and format', async (t) => {
  t.same(parseIp('10.0.2.1'), { family: 4, value: 0x0a000201n });
  t.equal(formatIp({ family: 4, value: 0xc0a80101n }), '192.168.1.1');
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', '1.2.3.4/24', ' 1.2.3.4', 'a.b.c.d']) {
    t.equal(tryParseIp(bad), null, `rejects ${JSON.stringify(bad)}`);
  }
  t.ok(isIpv4('0.0.0.0'));
  t.notOk(isIpv4('::1'));
  t.throws(() => parseIp('300.1.1.1'), ValidationError);
});

t.test('IPv6 canonical text (RFC 5952)', async (t) => {
  const vectors: [string, string][] = [
    ['FD10:0:2:0:0:0:0:2', 'fd10:0:2::2'], // §4.3 lower case, §4.2.1 longest zero run
    ['fd10:0000:0002::0001', 'fd10:0:2::1'], // §4.1 no leading zeros
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2 a single 0 group is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 longest run wins
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3 first of equal runs
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['0:0:0:0:0:ffff:c000:0280', '::ffff:192.0.2.128'], // §5 IPv4-mapped keeps dotted form
    ['::ffff:10.0.2.2', '::ffff:10.0.2.2'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
  ];
  for (const [input, want] of vectors) t.equal(canonicalizeIp(input), want, input);
  for (const bad of ['fe80::1%eth0', '1::2::3', ':::', '12345::', '1:2:3:4:5:6:7:8:9', 'g::1', '::1.2.3']) {
    t.equal(tryParseIp(bad), null, `rejects ${JSON.stringify(bad)}`);
  }
  t.ok(isIpv6('fd10:0:2::2'));
  t.notOk(isIpv6('10.0.2.2'));
});

t.test('IPv6 validity agrees with node:net isIPv6 (zones aside)', async (t) => {
  const texts = [
    '::', '::1', '1::', '1::2', 'fe80::858:aff:fef4:5', '2001:db8:0:0:0:0:0:1', '2001:db8::', 'FFFF::ffff',
    '::ffff:10.0.0.1', '::10.0.0.1', '1:2:3:4:5:6:10.0.0.1', '1:2:3:4:5::10.0.0.1',
    ':::', '1:::2', '1::2::3', ':1::', '1:', ':1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2:3:4:5:6:7:8',
    '12345::', 'g::', '1:2:3:4:5:6:7:10.0.0.1', '::10.0.0', '::256.0.0.1', '10.0.0.1', '', ':', 'fe80::1/64', ' ::1',
  ];
  for (const text of texts) t.equal(tryParseIp(text) !== null, isIPv6(text) || /^\d+\.\d+\.\d+\.\d+$/.test(text), JSON.stringify(text));
  t.equal(tryParseIp('fe80::1%eth0'), null, 'a zone names a link: refused, though node accepts it');
});

t.test('bytes round trip', async (t) => {
  t.same(Array.from(ipToBytes(parseIp('192.168.2.1'))), [192, 168, 2, 1]);
  const v6 = parseIp('fd10:0:2::2');
  t.same(Array.from(ipToBytes(v6)), [0xfd, 0x10, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  t.same(ipFromBytes(ipToBytes(v6)), v6);
  t.throws(() => ipFromBytes(new Uint8Array(5)), ValidationError);
});

t.test('CIDR parsing and subnet math', async (t) => {
  const cidr = parseCidr('10.0.2.5/24');
  t.equal(cidr.prefixLength, 24);
  t.equal(formatCidr(cidr), '10.0.2.5/24', 'host bits are kept as written');
  t.equal(formatCidr(networkOf(cidr)), '10.0.2.0/24');
  t.equal(formatIp(networkAddress(cidr)), '10.0.2.0');
  t.equal(addressCount(cidr), 256n);
  t.equal(formatIp(nthAddress(cidr, 0)), '10.0.2.0');
  t.equal(formatIp(nthAddress(cidr, 255)), '10.0.2.255');
  t.throws(() => nthAddress(cidr, 256), ValidationError);
  t.throws(() => nthAddress(cidr, -1), ValidationError);
  t.ok(cidrContains(cidr, parseIp('10.0.2.200')));
  t.notOk(cidrContains(cidr, parseIp('10.0.3.1')));
  t.notOk(cidrContains(cidr, parseIp('::1')), 'other family');
  t.equal(formatCidr(networkOf(parseCidr('fd10:0:2::77/120'))), 'fd10:0:2::/120');
  t.equal(formatIp(nthAddress(parseCidr('fd10:0:2::/120'), 2)), 'fd10:0:2::2');
  t.equal(formatCidr(parseCidr('0.0.0.0/0')), '0.0.0.0/0');
  for (const bad of ['10.0.2.0', '10.0.2.0/33', '10.0.2.0/', '10.0.2.0/024', 'fd10::/129', '/24', '10.0.2.0/24/1', 'x/8']) {
    t.equal(tryParseCidr(bad), null, `rejects ${JSON.stringify(bad)}`);
  }
  t.throws(() => parseCidr('10.0.2.0'), ValidationError);
});

t.test('prefix and mask', async (t) => {
  t.equal(prefixToMask(24), '255.255.255.0');
  t.equal(prefixToMask(30), '255.255.255.252');
  t.equal(prefixToMask(0), '0.0.0.0');
  t.equal(prefixToMask(32), '255.255.255.255');
  t.equal(prefixToMask(64, 6), 'ffff:ffff:ffff:ffff::');
  t.equal(maskToPrefix('255.255.255.252'), 30);
  t.equal(maskToPrefix('255.255.0.0'), 16);
  t.equal(maskToPrefix('ffff:ffff:ffff:ff00::'), 56);
  t.throws(() => maskToPrefix('255.0.255.0'), ValidationError, 'non-contiguous');
  t.throws(() => prefixToMask(33), ValidationError);
  for (let p = 0; p <= 32; p++) t.equal(maskToPrefix(prefixToMask(p)), p);
});

t.test('masquerade gateway and VM addresses (§0, §8.4)', async (t) => {
  t.same(masqueradeAddresses('10.0.0.0/30'), { gateway: '10.0.0.1/30', vm: '10.0.0.2/30' });
  t.same(masqueradeAddresses(DEFAULT_VM_CIDR), { gateway: '10.0.2.1/24', vm: '10.0.2.2/24' });
  t.same(masqueradeAddresses(DEFAULT_VM_IPV6_CIDR), { gateway: 'fd10:0:2::1/120', vm: 'fd10:0:2::2/120' });
  t.same(masqueradeAddresses('fd10:0:2::/126'), { gateway: 'fd10:0:2::1/126', vm: 'fd10:0:2::2/126' });
  t.same(masqueradeAddresses('10.0.2.77/24'), { gateway: '10.0.2.1/24', vm: '10.0.2.2/24' }, 'counted from the network address');
  for (const tooSmall of ['10.0.0.0/31', '10.0.0.0/32', 'fd10:0:2::/127', 'fd10:0:2::/128']) {
    t.throws(() => masqueradeAddresses(tooSmall), { name: 'ValidationError', message: /too small, at least 2 host addresses/ }, tooSmall);
  }
});

t.test('isGlobalUnicast follows Go net.IP.IsGlobalUnicast', async (t) => {
  for (const yes of ['10.222.222.1', '192.168.1.1', '8.8.8.8', '100.64.0.1', '2001::1', 'fd10:0:2::2', '::ffff:10.0.0.1']) {
    t.ok(isGlobalUnicast(yes), `${yes} is global unicast`);
  }
  for (const no of ['0.0.0.0', '255.255.255.255', '127.0.0.1', '224.0.0.1', '239.1.1.1', '169.254.75.10', '169.254.1.1', '::', '::1', 'fe80::1', 'febf::1', 'ff02::1:2', '::ffff:127.0.0.1']) {
    t.notOk(isGlobalUnicast(no), `${no} is not global unicast`);
  }
  t.ok(isGlobalUnicast(parseIp('fec0::1')), 'fec0::/10 is outside fe80::/10');
});

t.test('MAC addresses', async (t) => {
  t.equal(parseMac('de-ad-00-00-be-af'), 'de:ad:00:00:be:af');
  t.equal(parseMac('DE:AD:00:00:BE:AF'), 'de:ad:00:00:be:af');
  for (const bad of ['de:ad-00:00:be:af', 'de:ad:00:00:be', 'de:ad:00:00:be:af:01', 'dead.0000.beaf', 'de:ad:00:00:be:ag', 'dead0000beaf', '']) {
    t.equal(tryParseMac(bad), null, `rejects ${JSON.stringify(bad)}`);
  }
  t.throws(() => parseMac('nope'), ValidationError);
  t.same(Array.from(macToBytes('12:34:56:78:90:ab')), [0x12, 0x34, 0x56, 0x78, 0x90, 0xab]);
  t.equal(formatMac(Uint8Array.from([2, 0, 0, 0, 0, 0x0a])), '02:00:00:00:00:0a');
  t.ok(isMulticastMac('01:00:5e:00:00:01'));
  t.ok(isMulticastMac('33-33-00-00-00-01'));
  t.ok(isMulticastMac('ff:ff:ff:ff:ff:ff'));
  t.notOk(isMulticastMac('02:00:00:00:00:00'), 'locally administered unicast');
  t.notOk(isMulticastMac('de:ad:00:00:be:af'));
});
