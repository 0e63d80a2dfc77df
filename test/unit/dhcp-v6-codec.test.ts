// DHCPv6 codec: RFC 8415 wire vectors, round trips of every typed option, and every malformed
// input ends in DhcpDecodeError (never another exception).
import t, { type Test } from 'tap';
import { DhcpDecodeError, VirtnetError } from '../../src/core/errors.js';
import {
  DhcpV6DecodeError,
  type DhcpV6DecodeReason,
  type DhcpV6Message,
  DhcpV6MessageType,
  DhcpV6OptionCode,
  DhcpV6StatusCode,
  DuidType,
  HARDWARE_TYPE_ETHERNET,
  findOption,
  findOptions,
  formatDhcpV6Message,
  formatDhcpV6Options,
  formatDuidLl,
  formatDuidLlt,
  formatIaAddress,
  formatIaTa,
  formatIaWithTimes,
  formatStatus,
  parseDhcpV6Message,
  parseDomainList,
  parseDuid,
  parseIaAddress,
  parseIaTa,
  parseIaWithTimes,
  parseIpv6List,
  parseStatus,
} from '../../dhcp/v6/codec.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// A Solicit as dhclient sends it: DUID-LLT (Ethernet, 08:00:27:fe:8f:95), Elapsed Time 0,
// IA_NA with IAID 0x27fe8f95, T1 3600, T2 5400 (RFC 8415 §8, §21.2, §21.9, §21.4 layouts).
const SOLICIT_WIRE = hex(`
  01 10 08 74
  0001 000e 0001 0001 1c39cf88 080027fe8f95
  0008 0002 0000
  0003 000c 27fe8f95 00000e10 00001518
`);

t.test('parses a Solicit from its wire bytes and formats it back byte for byte', async (t) => {
  const message = parseDhcpV6Message(SOLICIT_WIRE);
  t.equal(message.msgType, DhcpV6MessageType.SOLICIT);
  t.equal(message.transactionId, 0x100874);
  t.same(message.options.map((o) => o.code), [DhcpV6OptionCode.CLIENTID, DhcpV6OptionCode.ELAPSED_TIME, DhcpV6OptionCode.IA_NA]);
  const duid = parseDuid(findOption(message.options, DhcpV6OptionCode.CLIENTID)!);
  t.match(duid, { type: DuidType.LLT, hardwareType: HARDWARE_TYPE_ETHERNET, time: 0x1c39cf88 });
  t.same(duid.linkLayerAddress, hex('080027fe8f95'));
  t.same(parseIaWithTimes(findOption(message.options, DhcpV6OptionCode.IA_NA)!), { iaid: 0x27fe8f95, t1: 3600, t2: 5400, options: [] });
  t.same(formatDhcpV6Message(message), SOLICIT_WIRE);
});

t.test('formats an Advertise to the exact RFC 8415 / RFC 3646 layout', async (t) => {
  const message: DhcpV6Message = {
    msgType: DhcpV6MessageType.ADVERTISE,
    transactionId: 0xabcdef,
    options: [
      { code: DhcpV6OptionCode.SERVERID, data: formatDuidLl(HARDWARE_TYPE_ETHERNET, hex('020000000000')) },
      { code: DhcpV6OptionCode.PREFERENCE, data: Buffer.from([255]) },
      {
        code: DhcpV6OptionCode.IA_NA,
        data: formatIaWithTimes({
          iaid: 0x05060708,
          t1: 0xffffffff,
          t2: 0xffffffff,
          options: [{ code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ address: 'fd10:0:2::2', preferredLifetime: 86313600, validLifetime: 0xffffffff, options: [] }) }],
        }),
      },
      { code: DhcpV6OptionCode.STATUS_CODE, data: formatStatus({ status: DhcpV6StatusCode.SUCCESS, message: 'ok' }) },
    ],
  };
  const expected = hex(`
    02 abcdef
    0002 000a 0003 0001 020000000000
    0007 0001 ff
    0003 0028 05060708 ffffffff ffffffff
      0005 0018 fd100000000200000000000000000002 05250a80 ffffffff
    000d 0004 0000 6f6b
  `);
  t.same(formatDhcpV6Message(message), expected);
  t.same(parseDhcpV6Message(expected), message, 'and parses back to the same message');
});

t.test('typed options round-trip', async (t) => {
  const nested = [{ code: DhcpV6OptionCode.STATUS_CODE, data: formatStatus({ status: DhcpV6StatusCode.NO_BINDING, message: 'gone' }) }];
  const iaNa = { iaid: 1, t1: 2, t2: 3, options: nested };
  t.same(parseIaWithTimes(formatIaWithTimes(iaNa)), iaNa, 'IA_NA / IA_PD');
  const iaTa = { iaid: 0xffffffff, options: nested };
  t.same(parseIaTa(formatIaTa(iaTa)), iaTa, 'IA_TA');
  const address = { address: '2001:db8::1', preferredLifetime: 0, validLifetime: 0xffffffff, options: nested };
  t.same(parseIaAddress(formatIaAddress(address)), address, 'IA Address');

  const mac = hex('0242ac110002');
  t.match(parseDuid(formatDuidLl(HARDWARE_TYPE_ETHERNET, mac)), { type: DuidType.LL, hardwareType: 1, linkLayerAddress: mac });
  t.match(parseDuid(formatDuidLlt(HARDWARE_TYPE_ETHERNET, 12345, mac)), { type: DuidType.LLT, hardwareType: 1, time: 12345, linkLayerAddress: mac });
  t.match(parseDuid(hex('0002 00000137 0102')), { type: DuidType.EN, body: hex('00000137 0102') });
  t.match(parseDuid(hex('0004 00112233445566778899aabbccddeeff')), { type: DuidType.UUID });
  t.match(parseDuid(hex('0009 01')), { type: 9, body: hex('01') }, 'an unknown DUID type is kept as is');
  t.notOk('linkLayerAddress' in parseDuid(hex('0002 00000137 0102')));

  t.same(parseIpv6List(hex('fd000000000000000000000000000001 20014860486000000000000000008888')), ['fd00::1', '2001:4860:4860::8888']);
  t.same(parseDomainList(hex('07 6578616d706c65 03 636f6d 00 01 61 00')), ['example.com', 'a']);
  t.same(parseDomainList(Buffer.alloc(0)), []);
});

t.test('every status code encodes as a 16-bit code and a UTF-8 message', async (t) => {
  for (const [name, status] of Object.entries(DhcpV6StatusCode)) {
    const data = formatStatus({ status, message: `${name} ✓` });
    t.equal(data.readUInt16BE(0), status, name);
    t.same(parseStatus(data), { status, message: `${name} ✓` });
  }
});

t.test('repeated options keep their order; findOption takes the first', async (t) => {
  const options = [
    { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid: 1, t1: 0, t2: 0, options: [] }) },
    { code: 999, data: hex('abcd') },
    { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid: 2, t1: 0, t2: 0, options: [] }) },
  ];
  const message = parseDhcpV6Message(formatDhcpV6Message({ msgType: DhcpV6MessageType.REQUEST, transactionId: 1, options }));
  t.same(message.options, options, 'unknown option 999 kept raw');
  t.equal(parseIaWithTimes(findOption(message.options, DhcpV6OptionCode.IA_NA)!).iaid, 1);
  t.same(findOptions(message.options, DhcpV6OptionCode.IA_NA).map((d) => parseIaWithTimes(d).iaid), [1, 2]);
});

/** Asserts `fn` throws a DhcpV6DecodeError (a DhcpDecodeError) with `reason` at `offset`. */
function rejects(t: Test, fn: () => unknown, reason: DhcpV6DecodeReason, offset: number, name: string): void {
  try {
    fn();
    t.fail(`${name}: expected a decode error`);
  } catch (err) {
    t.ok(err instanceof DhcpDecodeError, `${name}: a DhcpDecodeError`);
    t.match(err, { reason, offset, code: 'VIRTNET_DHCP_DECODE' }, name);
  }
}

const header = hex('03 000001');
const withOption = (code: number, data: Buffer): Buffer => Buffer.concat([header, formatDhcpV6Options([{ code, data }])]);

t.test('malformed messages throw DhcpV6DecodeError with a reason and an offset', async (t) => {
  rejects(t, () => parseDhcpV6Message(Buffer.alloc(0)), 'short-packet', 0, 'empty');
  rejects(t, () => parseDhcpV6Message(hex('010000')), 'short-packet', 3, 'three bytes');
  rejects(t, () => parseDhcpV6Message(hex('0c 000000')), 'relay-message', 0, 'relay-forward');
  rejects(t, () => parseDhcpV6Message(hex('0d 000000')), 'relay-message', 0, 'relay-reply');
  rejects(t, () => parseDhcpV6Message(Buffer.concat([header, hex('0001 00')])), 'truncated-options', 4, 'a cut option header');
  rejects(t, () => parseDhcpV6Message(Buffer.concat([header, hex('0008 0002 00')])), 'truncated-options', 4, 'option data past the end');
  rejects(t, () => parseDhcpV6Message(SOLICIT_WIRE.subarray(0, SOLICIT_WIRE.length - 1)), 'truncated-options', 28, 'the last option cut by a byte');

  const badLengths: [string, number, Buffer][] = [
    ['client id of 2 bytes', DhcpV6OptionCode.CLIENTID, hex('0003')],
    ['server id of 131 bytes', DhcpV6OptionCode.SERVERID, Buffer.alloc(131, 1)],
    ['IA_NA of 11 bytes', DhcpV6OptionCode.IA_NA, Buffer.alloc(11)],
    ['IA_TA of 3 bytes', DhcpV6OptionCode.IA_TA, Buffer.alloc(3)],
    ['IA_PD of 11 bytes', DhcpV6OptionCode.IA_PD, Buffer.alloc(11)],
    ['IA Address of 23 bytes', DhcpV6OptionCode.IAADDR, Buffer.alloc(23)],
    ['IA Prefix of 24 bytes', DhcpV6OptionCode.IAPREFIX, Buffer.alloc(24)],
    ['ORO of odd length', DhcpV6OptionCode.ORO, Buffer.alloc(3)],
    ['Preference of 2 bytes', DhcpV6OptionCode.PREFERENCE, Buffer.alloc(2)],
    ['Elapsed Time of 3 bytes', DhcpV6OptionCode.ELAPSED_TIME, Buffer.alloc(3)],
    ['Unicast of 4 bytes', DhcpV6OptionCode.UNICAST, Buffer.alloc(4)],
    ['Status Code of 1 byte', DhcpV6OptionCode.STATUS_CODE, Buffer.alloc(1)],
    ['Rapid Commit with data', DhcpV6OptionCode.RAPID_COMMIT, Buffer.alloc(1)],
    ['DNS servers of 15 bytes', DhcpV6OptionCode.DNS_SERVERS, Buffer.alloc(15)],
    ['Information Refresh Time of 2 bytes', DhcpV6OptionCode.INFORMATION_REFRESH_TIME, Buffer.alloc(2)],
  ];
  for (const [name, code, data] of badLengths) rejects(t, () => parseDhcpV6Message(withOption(code, data)), 'bad-option-length', 4, name);

  // An IA Address of 20 bytes inside an IA_NA: the error points into the IA_NA (4 + 4 + 12).
  const badNested = formatIaWithTimes({ iaid: 1, t1: 0, t2: 0, options: [{ code: DhcpV6OptionCode.IAADDR, data: Buffer.alloc(20) }] });
  rejects(t, () => parseDhcpV6Message(withOption(DhcpV6OptionCode.IA_NA, badNested)), 'bad-option-length', 20, 'a short IA Address inside IA_NA');
  const cutNested = Buffer.concat([Buffer.alloc(12), hex('0005 0018 00')]);
  rejects(t, () => parseDhcpV6Message(withOption(DhcpV6OptionCode.IA_NA, cutNested)), 'truncated-options', 20, 'a cut option inside IA_NA');

  let deep = formatIaAddress({ address: '::1', preferredLifetime: 0, validLifetime: 0, options: [] });
  for (let i = 0; i < 6; i++) deep = formatIaAddress({ address: '::1', preferredLifetime: 0, validLifetime: 0, options: [{ code: DhcpV6OptionCode.IAADDR, data: deep }] });
  try {
    parseDhcpV6Message(withOption(DhcpV6OptionCode.IAADDR, deep));
    t.fail('expected a nesting error');
  } catch (err) {
    t.match(err, { reason: 'too-deeply-nested' }, 'nesting is bounded');
  }
});

t.test('typed decoders reject short or malformed option data', async (t) => {
  rejects(t, () => parseIaWithTimes(Buffer.alloc(11)), 'bad-option-length', 0, 'IA_NA');
  rejects(t, () => parseIaTa(Buffer.alloc(3)), 'bad-option-length', 0, 'IA_TA');
  rejects(t, () => parseIaAddress(Buffer.alloc(23)), 'bad-option-length', 0, 'IA Address');
  rejects(t, () => parseIaWithTimes(Buffer.concat([Buffer.alloc(12), hex('0001 0005 00')])), 'truncated-options', 12, 'IA_NA with a cut option');
  rejects(t, () => parseStatus(Buffer.alloc(1)), 'bad-option-length', 0, 'Status Code');
  rejects(t, () => parseDuid(Buffer.alloc(1)), 'bad-option-length', 0, 'DUID without a type');
  rejects(t, () => parseDuid(hex('0001 0001 0000')), 'bad-duid', 0, 'DUID-LLT without its time');
  rejects(t, () => parseDuid(hex('0003 00')), 'bad-duid', 0, 'DUID-LL without its hardware type');
  rejects(t, () => parseDuid(hex('0002 0000')), 'bad-duid', 0, 'DUID-EN without its enterprise number');
  rejects(t, () => parseDuid(hex('0004 0011')), 'bad-duid', 0, 'DUID-UUID of 4 bytes');
  rejects(t, () => parseIpv6List(Buffer.alloc(17)), 'bad-option-length', 0, 'an address list of 17 bytes');
  rejects(t, () => parseDomainList(hex('03 616263')), 'bad-domain-name', 4, 'a name without its zero byte');
  rejects(t, () => parseDomainList(hex('05 6162 00')), 'bad-domain-name', 0, 'a label past the end');
  rejects(t, () => parseDomainList(hex('03 616263 c0 00')), 'bad-domain-name', 4, 'a compression pointer');
});

t.test('every truncation and every single-byte corruption either parses or throws DhcpDecodeError', async (t) => {
  const advertise = formatDhcpV6Message({
    msgType: DhcpV6MessageType.ADVERTISE,
    transactionId: 7,
    options: [
      { code: DhcpV6OptionCode.CLIENTID, data: formatDuidLlt(1, 1, hex('0242ac110002')) },
      { code: DhcpV6OptionCode.IA_NA, data: formatIaWithTimes({ iaid: 1, t1: 1, t2: 2, options: [{ code: DhcpV6OptionCode.IAADDR, data: formatIaAddress({ address: 'fd10::2', preferredLifetime: 1, validLifetime: 2, options: [] }) }] }) },
      { code: DhcpV6OptionCode.IA_PD, data: formatIaWithTimes({ iaid: 1, t1: 0, t2: 0, options: [{ code: DhcpV6OptionCode.IAPREFIX, data: Buffer.alloc(25) }] }) },
    ],
  });
  let otherErrors = 0;
  const check = (bytes: Buffer): void => {
    try {
      parseDhcpV6Message(bytes);
    } catch (err) {
      if (!(err instanceof DhcpV6DecodeError)) otherErrors++;
    }
  };
  for (let length = 0; length < advertise.length; length++) check(advertise.subarray(0, length));
  for (let i = 0; i < advertise.length; i++) {
    for (const value of [0x00, 0x01, 0x7f, 0xff]) {
      const corrupt = Buffer.from(advertise);
      corrupt[i] = value;
      check(corrupt);
    }
  }
  t.equal(otherErrors, 0);
});

t.test('formatting refuses what the wire cannot carry', async (t) => {
  const base = { msgType: DhcpV6MessageType.REPLY, transactionId: 1, options: [] };
  t.throws(() => formatDhcpV6Message({ ...base, transactionId: 0x1000000 }), VirtnetError);
  t.throws(() => formatDhcpV6Message({ ...base, msgType: 256 }), VirtnetError);
  t.throws(() => formatDhcpV6Options([{ code: 0, data: Buffer.alloc(0) }]), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatDhcpV6Options([{ code: 0x10000, data: Buffer.alloc(0) }]), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatDhcpV6Options([{ code: 1, data: Buffer.alloc(0x10000) }]), { code: 'VIRTNET_DHCP' });
  t.throws(() => formatIaAddress({ address: '10.0.2.2', preferredLifetime: 0, validLifetime: 0, options: [] }), { code: 'VIRTNET_DHCP', message: /"10\.0\.2\.2" is not an ipv6 address/ });
});
