import t from 'tap';
import {
  DEFAULT_NAMESERVER,
  DEFAULT_SEARCH_DOMAIN,
  longestDomain,
  longestServiceDomain,
  parseResolvConf,
  searchDomainsWithSubdomain,
  subdomainSearchDomain,
} from '../../src/core/resolv-conf.js';

t.test('a Kubernetes pod resolv.conf', async (t) => {
  const text = [
    'search default.svc.cluster.local svc.cluster.local cluster.local',
    'nameserver 10.96.0.10',
    'options ndots:5',
    '',
  ].join('\n');
  t.same(parseResolvConf(text), {
    nameserversV4: ['10.96.0.10'],
    nameserversV6: [],
    searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
  });
});

t.test('nameservers (HEAD rules)', async (t) => {
  const text = [
    'nameserver 8.8.8.8',
    'nameserver 2001:4860:4860:0:0:0:0:8888',
    'nameserver ::ffff:1.1.1.1',
    'nameserver mynameserver',
    'nameserver 8.8.4.4 # trailing comment makes 4 fields: skipped',
    'nameserver',
    '  nameserver 9.9.9.9',
    'nameservers 7.7.7.7',
    '# nameserver 6.6.6.6',
    'nameserver\t8.8.4.4',
    'nameserver fe80::1%eth0',
  ].join('\r\n');
  const conf = parseResolvConf(text);
  t.same(conf.nameserversV4, ['8.8.8.8', '1.1.1.1', '8.8.4.4'], 'IPv4-mapped counts as IPv4; malformed lines skipped');
  t.same(conf.nameserversV6, ['2001:4860:4860::8888'], 'canonical text');
});

t.test('defaults', async (t) => {
  t.same(parseResolvConf(''), { nameserversV4: [DEFAULT_NAMESERVER], nameserversV6: [], searchDomains: [DEFAULT_SEARCH_DOMAIN] });
  t.equal(DEFAULT_NAMESERVER, '8.8.8.8');
  t.equal(DEFAULT_SEARCH_DOMAIN, 'cluster.local');
  const v6Only = parseResolvConf('nameserver fd00::10\n');
  t.same(v6Only.nameserversV4, [], 'no 8.8.8.8 when an IPv6 nameserver exists');
  t.same(v6Only.nameserversV6, ['fd00::10']);
});

t.test('search domains', async (t) => {
  t.same(parseResolvConf('search cluster.local\nsearch svc.cluster.local example.com\n').searchDomains, [
    'cluster.local',
    'svc.cluster.local',
    'example.com',
  ], 'several lines are concatenated');
  t.same(parseResolvConf('search cluster.local\tsvc.cluster.local    example.com\n').searchDomains, [
    'cluster.local',
    'svc.cluster.local',
    'example.com',
  ]);
  t.same(parseResolvConf('search LoCaL\n').searchDomains, ['local'], 'lower-cased');
  t.same(parseResolvConf('searchfoo.com\n').searchDomains, [DEFAULT_SEARCH_DOMAIN], 'keyword must stand alone');
});

t.test('longest domain (§8.1 vector)', async (t) => {
  const domains = [
    'pix3ob5ymm5jbsjessf0o4e84uvij588rz23iz0o.com',
    '3wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
    't4lanpt7z4ix58nvxl4d.com',
    '14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
    '4wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
  ];
  t.equal(longestDomain(domains), '14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com');
  t.equal(longestDomain(['aa.com', 'bb.com']), 'aa.com', 'first wins ties');
  t.equal(longestDomain([]), '');
  t.equal(longestServiceDomain(['this.is.a.very.very.very.long.entry', 'default.svc.cluster.local', 'svc.cluster.local']), 'default.svc.cluster.local');
});

t.test('subdomain search domain (KubeVirt resolveconf_test.go)', async (t) => {
  const k8s = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
  t.equal(subdomainSearchDomain(k8s, 'subdomain'), 'subdomain.default.svc.cluster.local');
  t.equal(subdomainSearchDomain(k8s, ''), undefined);
  t.equal(subdomainSearchDomain(k8s, undefined), undefined);
  t.equal(subdomainSearchDomain(['svc.cluster.local', 'cluster.local', 'default.svc.cluster.local'], 'subdomain'), 'subdomain.default.svc.cluster.local', 'longest, not first');
  t.equal(subdomainSearchDomain(['svc.cluster.local', 'cluster.local', 'subdomain.default.svc.cluster.local'], 'subdomain'), undefined, 'already present');
  t.equal(subdomainSearchDomain([...k8s, 'this.is.a.very.very.very.long.entry'], 'subdomain'), 'subdomain.default.svc.cluster.local');
  t.equal(subdomainSearchDomain(['example.com'], 'subdomain'), undefined, 'no service domain');
  t.same(searchDomainsWithSubdomain(k8s, 'subdomain'), ['subdomain.default.svc.cluster.local', ...k8s], 'prepended');
  t.same(searchDomainsWithSubdomain(k8s, undefined), k8s);
});
