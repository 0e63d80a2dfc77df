// Router Advertisement bytes (RFC 4861 §4.2, §4.6; RFC 8106 §5) against hand-assembled vectors,
// and Router Solicitation validation (RFC 4861 §6.1.1) case by case.
import t from 'tap';
import { ValidationError } from '../../src/core/errors.js';
import {
  formatRouterAdvertisement,
  parseRouterAdvertisement,
  parseRouterSolicitation,
  planRouterAdvertisement,
} from '../../dhcp/ra/packet.js';
import type { DhcpV6ServerConfig } from '../../dhcp/v6/config.js';

const masquerade: DhcpV6ServerConfig = {
  bridgeName: 'k6t-eth0',
  serverMac: '02:00:00:00:00:00',
  address: 'fd10:0:2::2',
  prefixLength: 120,
  advertiseDefaultRouter: true,
  mtu: 1400,
  clientMac: null,
  dnsServers: ['fd00::10', 'fd00::20'],
  searchDomains: ['example.com'],
};

const hex = (s: string): string => s.replace(/\s+/g, '');

const HEADER_ROUTER = '86 00 0000  40 c0 0708  00000000  00000000'; // hop limit 64, M|O, lifetime 1800 s
const HEADER_NO_ROUTER = '86 00 0000  40 c0 0000  00000000  00000000';
const SOURCE_LINK_LAYER = '01 01 020000000000';
const MTU_1400 = '05 01 0000 00000578';
// /120, L=1 A=0, infinite valid and preferred lifetimes, 4 reserved bytes, fd10:0:2::
const PREFIX = '03 04 78 80 ffffffff ffffffff 00000000 fd100000000200000000000000000000';
// 5 units: header + 2 addresses, lifetime 3 × 600 s
const RDNSS = '19 05 0000 00000708 fd000000000000000000000000000010 fd000000000000000000000000000020';
// 7"example" 3"com" 0 = 13 bytes + 8 header = 21, padded to 24 (3 units)
const DNSSL = '1f 03 0000 00000708 07 6578616d706c65 03 636f6d 00 000000';

t.test('masquerade RA: M, O, default router, source link-layer, MTU, on-link prefix, RDNSS, DNSSL', async (t) => {
  const ra = planRouterAdvertisement(masquerade, 600);
  t.equal(formatRouterAdvertisement(ra).toString('hex'), hex(HEADER_ROUTER + SOURCE_LINK_LAYER + MTU_1400 + PREFIX + RDNSS + DNSSL));
});

t.test('no default router: lifetime 0; no DNS options when there is nothing to carry', async (t) => {
  const ra = planRouterAdvertisement({ ...masquerade, advertiseDefaultRouter: false, dnsServers: [], searchDomains: [] }, 600);
  t.equal(formatRouterAdvertisement(ra).toString('hex'), hex(HEADER_NO_ROUTER + SOURCE_LINK_LAYER + MTU_1400 + PREFIX));
});

t.test('DNSSL names ending on an 8-byte boundary get no padding; several names follow each other', async (t) => {
  // 3"abc" 2"de" 0 = 8 bytes + 8 header = 16 (2 units)
  const one = planRouterAdvertisement({ ...masquerade, dnsServers: [], searchDomains: ['abc.de'] }, 600);
  t.equal(formatRouterAdvertisement(one).subarray(-16).toString('hex'), hex('1f 02 0000 00000708 03616263 026465 00'));
  // 1"a" 1"b" 0 + 1"c" 0 = 8 bytes + 8 = 16; the trailing dot of "c." adds no empty label
  const two = planRouterAdvertisement({ ...masquerade, dnsServers: [], searchDomains: ['a.b', 'c.'] }, 600);
  t.equal(formatRouterAdvertisement(two).subarray(-16).toString('hex'), hex('1f 02 0000 00000708 0161 0162 00 0163 00'));
});

t.test('the prefix is the network of the address; lifetimes follow MaxRtrAdvInterval', async (t) => {
  const ra = planRouterAdvertisement({ ...masquerade, address: 'fd00:1:2:3::abcd', prefixLength: 64 }, 30);
  t.same(ra.prefix, { prefix: 'fd00:1:2:3::', prefixLength: 64, onLink: true, autonomous: false, validLifetimeSeconds: 0xffffffff, preferredLifetimeSeconds: 0xffffffff });
  t.equal(ra.routerLifetimeSeconds, 90);
  t.equal(ra.dnsLifetimeSeconds, 90);
  t.equal(planRouterAdvertisement(masquerade, 1800).routerLifetimeSeconds, 5400);
  t.equal(planRouterAdvertisement(masquerade, 1800).dnsLifetimeSeconds, 5400);
});

t.test('parseRouterAdvertisement reads back what formatRouterAdvertisement wrote', async (t) => {
  const ra = planRouterAdvertisement({ ...masquerade, searchDomains: ['default.svc.cluster.local', 'svc.cluster.local'] }, 600);
  t.same(parseRouterAdvertisement(formatRouterAdvertisement(ra)), ra);
});

t.test('configs that cannot be advertised are refused with the path of the culprit', async (t) => {
  const cases: [Partial<DhcpV6ServerConfig>, string][] = [
    [{ serverMac: '02:00:00:00:00' }, '/serverMac'],
    [{ address: '10.0.2.2' }, '/address'],
    [{ prefixLength: 0 }, '/prefixLength'],
    [{ prefixLength: 129 }, '/prefixLength'],
    [{ mtu: 1279 }, '/mtu'],
    [{ mtu: 1400.5 }, '/mtu'],
    [{ dnsServers: ['fd00::1', '10.96.0.10'] }, '/dnsServers/1'],
    [{ searchDomains: ['ok.example', 'Bad Domain'] }, '/searchDomains/1'],
    // 80 servers: 16 + 8 + 8 + 32 + 8 + 80 × 16 = 1352 bytes, + 40 > 1280
    [{ mtu: 1280, dnsServers: Array.from({ length: 80 }, (_, i) => `fd00::${i + 1}`) }, '/dnsServers'],
  ];
  for (const [change, path] of cases) {
    let caught: unknown;
    try {
      planRouterAdvertisement({ ...masquerade, ...change }, 600);
    } catch (err) {
      caught = err;
    }
    t.ok(caught instanceof ValidationError, `${JSON.stringify(change).slice(0, 60)} is refused`);
    t.equal((caught as ValidationError).path, path);
  }
  // 72 servers fit: 64 + 72 × 16 + 40 = 1256 ≤ 1280.
  t.doesNotThrow(() => planRouterAdvertisement({ ...masquerade, mtu: 1280, dnsServers: Array.from({ length: 72 }, (_, i) => `fd00::${i + 1}`), searchDomains: [] }, 600));
});

const LINK_LOCAL = 'fe80::5054:ff:fe12:3456';
const RS = '85 00 0000 00000000';
const SLLA = '01 01 525400123456';
const rs = (s: string): Buffer => Buffer.from(hex(s), 'hex');

t.test('valid solicitations: with a link-layer option, from ::, with an unknown option skipped', async (t) => {
  t.same(parseRouterSolicitation(rs(RS + SLLA), LINK_LOCAL, 255), { ok: true, solicitation: { source: LINK_LOCAL, sourceLinkLayerAddress: '52:54:00:12:34:56' } });
  t.same(parseRouterSolicitation(rs(RS), '::', 255), { ok: true, solicitation: { source: '::', sourceLinkLayerAddress: null } });
  // Nonce option (RFC 3971, type 14) is not understood here and skipped (RFC 4861 §4.1).
  t.same(parseRouterSolicitation(rs(RS + '0e 01 010203040506' + SLLA), LINK_LOCAL, 255), {
    ok: true,
    solicitation: { source: LINK_LOCAL, sourceLinkLayerAddress: '52:54:00:12:34:56' },
  });
});

t.test('invalid solicitations are dropped with the RFC 4861 §6.1.1 reason', async (t) => {
  const cases: [string, string, number, string][] = [
    ['', LINK_LOCAL, 255, 'not-router-solicitation'],
    ['80 00 0000 abcd0001', LINK_LOCAL, 255, 'not-router-solicitation'],
    [RS, LINK_LOCAL, 254, 'hop-limit'],
    [RS, LINK_LOCAL, 1, 'hop-limit'],
    [RS, LINK_LOCAL, -1, 'hop-limit'],
    ['85 00 0000 000000', LINK_LOCAL, 255, 'too-short'],
    ['85 01 0000 00000000', LINK_LOCAL, 255, 'code'],
    [RS + '01 00 525400123456', LINK_LOCAL, 255, 'bad-option-length'],
    [RS + '01 02 525400123456', LINK_LOCAL, 255, 'bad-option-length'],
    [RS + '01', LINK_LOCAL, 255, 'bad-option-length'],
    [RS + SLLA, '::', 255, 'link-layer-option-from-unspecified'],
  ];
  for (const [bytes, source, hopLimit, reason] of cases) {
    t.match(parseRouterSolicitation(rs(bytes), source, hopLimit), { ok: false, reason, detail: String }, `${bytes || 'empty'} from ${source} hop ${hopLimit}`);
  }
});

t.test('no byte sequence makes the solicitation parser throw', async (t) => {
  // Seeded LCG: reproducible, and short solicitation-like prefixes reach the option walk.
  let seed = 0x2545f491;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16;
  let valid = 0;
  for (let i = 0; i < 5000; i++) {
    const bytes = Buffer.from(Array.from({ length: next() % 40 }, () => next() & 0xff));
    if (bytes.length > 0 && next() % 2 === 0) bytes[0] = 133;
    if (bytes.length > 1 && next() % 2 === 0) bytes[1] = 0;
    const result = parseRouterSolicitation(bytes, next() % 4 === 0 ? '::' : LINK_LOCAL, 255);
    if (result.ok) valid++;
  }
  t.ok(valid > 0, 'some random inputs were valid solicitations, so the option walk ran');
});
