// DhcpV4Server against real clients (busybox udhcpc, ISC dhclient, dhcpcd), each in its own
// netns behind a veth on the server netns' bridge. The server runs in this process on a socket
// the native addon opened inside the server netns. Every check reads what the client reported
// through its hook script (or installed in its netns) and what the server counted.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { DhcpV4ServerConfig } from '../../dhcp/v4/config.js';
import { BOOTREPLY, BOOTREQUEST, DhcpMessageType, DhcpOptionCode, type DhcpV4Packet, formatDhcpV4Packet } from '../../dhcp/v4/codec.js';
import { DhcpV4Server, dhcpV4SocketOptions } from '../../dhcp/v4/server.js';
import { type ScratchNetns, scratchNetns } from '../fixtures/scratch-netns.js';
import { waitFor } from '../helpers/exec.js';

const VM_MAC = '02:42:ac:11:00:02';

/** Masquerade-like: a /24 behind the bridge's 10.0.2.1, plus a static route and the usual pod DNS. */
function subnetConfig(bridgeName: string, overrides: Partial<DhcpV4ServerConfig> = {}): DhcpV4ServerConfig {
  return {
    ipamDisabled: false,
    clientMac: VM_MAC,
    address: '10.0.2.2',
    prefixLength: 24,
    gateway: '10.0.2.1',
    routes: [{ destination: '192.168.1.0/24', gateway: '10.0.2.254' }],
    mtu: 1400,
    serverId: '10.0.2.1',
    bridgeName,
    dnsServers: ['10.96.0.10', '10.96.0.11'],
    searchDomains: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    hostname: 'vmi-test',
    ...overrides,
  };
}

/** Calico-style bridge binding: a /32 pod address, link-local gateway, fake bridge address as server id. */
function calicoConfig(bridgeName: string): DhcpV4ServerConfig {
  return subnetConfig(bridgeName, {
    address: '10.244.1.5',
    prefixLength: 32,
    gateway: '169.254.1.1',
    routes: [{ destination: null, gateway: '169.254.1.1' }, { destination: '169.254.1.1/32', gateway: null }],
    serverId: '169.254.75.10',
  });
}

const hex = (n: number): string => randomBytes(n).toString('hex');

/** A bridge in the server netns with `cidr` on it. */
async function addBridge(server: ScratchNetns, cidr: string): Promise<string> {
  const bridge = `k6t-${hex(3)}`;
  await server.run('ip', 'link', 'add', bridge, 'type', 'bridge');
  await server.run('ip', 'addr', 'add', cidr, 'dev', bridge);
  await server.run('ip', 'link', 'set', bridge, 'up');
  return bridge;
}

/** A client netns whose eth0 (MAC `mac`) is a veth port of `bridge`, returned once the port forwards. */
async function addClient(t: Test, server: ScratchNetns, bridge: string, mac: string): Promise<ScratchNetns> {
  const client = await scratchNetns(t, 'c');
  const port = `vp${hex(4)}`;
  await server.run('ip', 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', client.name);
  await server.run('ip', 'link', 'set', port, 'master', bridge, 'up');
  await client.run('ip', 'link', 'set', 'eth0', 'address', mac, 'up');
  await Promise.all([client.linkUp('eth0'), server.linkUp(port)]);
  return client;
}

interface Lab {
  server: ScratchNetns;
  bridge: string;
  client: ScratchNetns;
}

async function makeLab(t: Test, clientMac = VM_MAC): Promise<Lab> {
  const server = await scratchNetns(t, 's');
  const bridge = await addBridge(server, '10.0.2.1/24');
  return { server, bridge, client: await addClient(t, server, bridge, clientMac) };
}

/** A dgram socket on a native fd made inside `ns` (dgram.bind() itself would bind in this thread's netns). */
function socketIn(ns: ScratchNetns, opts: Parameters<ScratchNetns['handle']['openUdpSocket']>[0]): dgram.Socket {
  const socket = dgram.createSocket('udp4');
  socket.bind({ fd: ns.handle.openUdpSocket(opts) });
  return socket;
}

/**
 * The server, in this process, on a socket opened inside `ns`: through `openSocket` (the
 * production path), or as an adopted dgram socket when `adopt` is set.
 */
async function startServer(
  t: Test,
  ns: ScratchNetns,
  config: DhcpV4ServerConfig,
  events: Record<string, unknown>[] = [],
  adopt = false,
): Promise<DhcpV4Server> {
  const server = new DhcpV4Server(config, {
    ...(adopt ? { socket: socketIn(ns, dhcpV4SocketOptions(config)) } : { openSocket: () => ns.handle.openUdpSocket(dhcpV4SocketOptions(config)) }),
    log: (event) => events.push(event as Record<string, unknown>),
  });
  await server.start();
  t.teardown(() => server.stop());
  return server;
}

interface HookEvent {
  /** udhcpc's $1 (bound, renew, deconfig…) or dhclient/dhcpcd's $reason (BOUND, RENEW, NAK…). */
  event: string;
  env: Record<string, string>;
}

/**
 * A hook script for all three clients: it records the event and the DHCP
 * variables, then configures the address (udhcpc and dhclient leave that to
 * the script; a renewal is unicast from it). dhclient scrubs the environment,
 * so the output path is written into the script.
 */
function makeHook(t: Test): { dir: string; script: string; events: () => HookEvent[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vn-dhcp4-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'events');
  const script = join(dir, 'hook.sh');
  writeFileSync(
    script,
    `#!/bin/sh
event="\${reason:-$1}"
{ echo "event=$event"
  env | grep -E '^(new_[a-z0-9_]+|interface|ip|mask|subnet|router|dns|domain|search|mtu|staticroutes|lease|serverid|hostname)=' | sort
  echo ---; } >> '${out}'
case "$event" in
  bound|renew) ip addr replace "$ip/$mask" dev "$interface" ;;
  BOUND|RENEW|REBIND|REBOOT) ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
esac
exit 0
`,
    { mode: 0o755 },
  );
  writeFileSync(out, '');
  const events = (): HookEvent[] =>
    readFileSync(out, 'utf8')
      .split('---\n')
      .slice(0, -1)
      .map((record) => {
        const env: Record<string, string> = {};
        for (const line of record.split('\n').filter(Boolean)) {
          const eq = line.indexOf('=');
          env[line.slice(0, eq)] = line.slice(eq + 1);
        }
        const { event = '', ...rest } = env;
        return { event, env: rest };
      });
  return { dir, script, events };
}

/** udhcpc in the foreground, `tries` DISCOVERs one second apart; `once`: exit when bound (-q) or failed (-n). */
function udhcpcArgs(script: string, { tries = 3, once = false } = {}): string[] {
  return ['-i', 'eth0', '-f', '-s', script, '-t', String(tries), '-T', '1', ...(once ? ['-q', '-n'] : [])];
}

t.test('udhcpc: lease and options, SIGUSR1 renew, SIGUSR2 release, then a new DISCOVER', async (t) => {
  const lab = await makeLab(t);
  const replies: Record<string, unknown>[] = [];
  const server = await startServer(t, lab.server, subnetConfig(lab.bridge), replies);
  const hook = makeHook(t);
  const udhcpc = lab.client.spawn('udhcpc', ...udhcpcArgs(hook.script));
  const bound = await waitFor('udhcpc bound', () => hook.events().find((e) => e.event === 'bound'));
  t.match(bound.env, {
    ip: '10.0.2.2',
    mask: '24',
    subnet: '255.255.255.0',
    router: '10.0.2.1',
    dns: '10.96.0.10 10.96.0.11',
    mtu: '1400',
    search: 'default.svc.cluster.local svc.cluster.local cluster.local',
    domain: 'default.svc.cluster.local',
    hostname: 'vmi-test',
    staticroutes: '192.168.1.0/24 10.0.2.254 0.0.0.0/0 10.0.2.1',
    lease: String(999 * 24 * 3600),
    serverid: '10.0.2.1',
  });
  // Counts are compared as increases: a client may retransmit when the machine is slow.
  const first = server.stats;
  t.ok(first.offered >= 1 && first.acked >= 1, 'offer and ack counted');

  udhcpc.signal('SIGUSR1');
  await waitFor('udhcpc renew event', () => hook.events().some((e) => e.event === 'renew'));
  t.ok(server.stats.acked > first.acked, 'the renewal was acked');
  t.match(replies.at(-1), { event: 'dhcpv4-acked', destination: { address: '10.0.2.2', port: 68 } }, 'renewing ACK unicast to ciaddr');

  udhcpc.signal('SIGUSR2');
  await waitFor('RELEASE at the server', () => server.stats.released >= 1);
  await waitFor('udhcpc deconfig after release', () => hook.events().at(-1)?.event === 'deconfig');

  const released = server.stats;
  udhcpc.signal('SIGUSR1');
  await waitFor('second bound', () => hook.events().filter((e) => e.event === 'bound').length === 2);
  t.ok(server.stats.offered > released.offered && server.stats.acked > released.acked, 'a new DISCOVER/REQUEST was served');
  t.equal(server.stats.naked, 0);
});

t.test('dhclient: stale lease → INIT-REBOOT NAK → DISCOVER; short lease renews; routes, MTU, search', async (t) => {
  const lab = await makeLab(t);
  const replies: Record<string, unknown>[] = [];
  const server = await startServer(t, lab.server, subnetConfig(lab.bridge, { leaseSeconds: 4 }), replies);
  const hook = makeHook(t);
  const conf = join(hook.dir, 'dhclient.conf');
  writeFileSync(
    conf,
    `option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
request subnet-mask, routers, domain-name, domain-name-servers, domain-search, host-name, interface-mtu, rfc3442-classless-static-routes;
`,
  );
  // The guest remembers an address from before a pod IP change (kubevirt#13601).
  const leases = join(hook.dir, 'dhclient.leases');
  writeFileSync(
    leases,
    `lease {
  interface "eth0";
  fixed-address 10.0.2.99;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 3600;
  option dhcp-server-identifier 10.0.2.1;
  renew 4 2037/01/01 00:00:00;
  rebind 4 2037/01/01 00:00:00;
  expire 4 2037/01/01 00:00:00;
}
`,
  );
  lab.client.spawn('dhclient', '-d', '-cf', conf, '-sf', hook.script, '-pf', join(hook.dir, 'pid'), '-lf', leases, 'eth0');
  const bound = await waitFor('dhclient BOUND', () => hook.events().find((e) => e.event === 'BOUND'));
  t.ok(server.stats.naked >= 1, 'the stale address was NAKed');
  t.match(replies.find((e) => e.event === 'dhcpv4-naked'), { detail: /init-reboot: requested address 10\.0\.2\.99 is not 10\.0\.2\.2/ });
  t.notOk(hook.events().some((e) => e.event === 'REBOOT'), 'the client did not keep the stale address');
  t.match(bound.env, {
    new_ip_address: '10.0.2.2',
    new_subnet_mask: '255.255.255.0',
    new_routers: '10.0.2.1',
    new_domain_name_servers: '10.96.0.10 10.96.0.11',
    new_domain_search: 'default.svc.cluster.local. svc.cluster.local. cluster.local.',
    new_interface_mtu: '1400',
    new_rfc3442_classless_static_routes: '24 192 168 1 10 0 2 254 0 10 0 2 1',
    new_dhcp_lease_time: '4',
    new_dhcp_renewal_time: '2',
    new_dhcp_rebinding_time: '3',
    new_dhcp_server_identifier: '10.0.2.1',
  });

  const renew = await waitFor('dhclient RENEW', () => hook.events().find((e) => e.event === 'RENEW'));
  t.equal(renew.env.new_ip_address, '10.0.2.2');
  t.ok(server.stats.acked >= 2, `acks counted: ${server.stats.acked}`);
  t.ok(
    replies.some((e) => e.event === 'dhcpv4-acked' && (e.destination as { address: string }).address === '10.0.2.2'),
    'the renewal ACK went unicast to ciaddr',
  );
});

t.test('Calico /32 with gateway 169.254.1.1: dhcpcd (INIT-REBOOT NAK first) and udhcpc', async (t) => {
  const lab = await makeLab(t);
  const config = calicoConfig(lab.bridge);
  const server = await startServer(t, lab.server, config);
  const hook = makeHook(t);
  // dhcpcd keeps its lease as the raw ACK: give it a stale one, so it starts in INIT-REBOOT.
  const staleLease = join(hook.dir, 'eth0.lease');
  writeFileSync(
    staleLease,
    formatDhcpV4Packet({
      op: BOOTREPLY,
      htype: 1,
      hlen: 6,
      hops: 0,
      xid: 1,
      secs: 0,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '10.244.1.99',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      chaddr: Buffer.concat([Buffer.from(VM_MAC.split(':').map((h) => parseInt(h, 16))), Buffer.alloc(10)]),
      sname: '',
      file: '',
      options: [
        { code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([DhcpMessageType.ACK]) },
        { code: DhcpOptionCode.SERVER_ID, data: Buffer.from([169, 254, 75, 10]) },
        { code: DhcpOptionCode.LEASE_TIME, data: Buffer.from([0, 0, 0x0e, 0x10]) },
        { code: DhcpOptionCode.SUBNET_MASK, data: Buffer.from([255, 255, 255, 255]) },
      ],
    }),
  );
  const conf = join(hook.dir, 'dhcpcd.conf');
  writeFileSync(conf, 'ipv4only\nnodelay\nnoarp\nnoipv4ll\noption classless_static_routes, interface_mtu, domain_search, domain_name_servers, domain_name, host_name\n');
  // dhcpcd's state lives in fixed paths: give it private, empty ones in its own mount namespace.
  const dhcpcd = await lab.client.exec('unshare', [
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    `mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib/dhcpcd && cp '${staleLease}' /var/lib/dhcpcd/eth0.lease && exec dhcpcd -f '${conf}' -c '${hook.script}' -B -1 -t 10 eth0`,
  ], { allowFailure: true, timeoutMs: 15_000 });
  t.equal(dhcpcd.exitCode, 0, 'dhcpcd got a lease and exited (oneshot)');
  const events = hook.events();
  t.ok(events.some((e) => e.event === 'NAK'), 'dhcpcd saw the NAK for its stale address');
  t.ok(server.stats.naked >= 1, 'the server counted the NAK');
  const bound = events.find((e) => e.event === 'BOUND');
  t.match(bound?.env, {
    new_ip_address: '10.244.1.5',
    new_subnet_cidr: '32',
    new_routers: '169.254.1.1',
    new_classless_static_routes: '169.254.1.1/32 0.0.0.0 0.0.0.0/0 169.254.1.1',
    new_interface_mtu: '1400',
    new_domain_search: 'default.svc.cluster.local svc.cluster.local cluster.local',
    new_dhcp_server_identifier: '169.254.75.10',
  });
  // What dhcpcd installed: the on-link host route to the gateway, then the default route through it.
  const routes = JSON.parse(await lab.client.run('ip', '-j', '-4', 'route', 'show', 'dev', 'eth0')) as { dst: string; gateway?: string; scope?: string; metrics?: { mtu?: number }[] }[];
  t.match(routes.find((r) => r.dst === 'default'), { gateway: '169.254.1.1' });
  t.match(routes.find((r) => r.dst === '169.254.1.1'), { scope: 'link' });
  t.ok(routes.every((r) => r.metrics?.some((m) => m.mtu === 1400)), 'dhcpcd puts the DHCP MTU on its routes');
  const addrs = JSON.parse(await lab.client.run('ip', '-j', '-4', 'addr', 'show', 'dev', 'eth0')) as { addr_info: { local: string; prefixlen: number }[] }[];
  t.match(addrs[0]?.addr_info, [{ local: '10.244.1.5', prefixlen: 32 }]);

  await lab.client.run('ip', 'addr', 'flush', 'dev', 'eth0');
  const udhcpc = await lab.client.exec('udhcpc', udhcpcArgs(hook.script, { once: true }), { allowFailure: true });
  t.equal(udhcpc.exitCode, 0, 'udhcpc got a lease');
  t.match(hook.events().filter((e) => e.event === 'bound').at(-1)?.env, {
    ip: '10.244.1.5',
    mask: '32',
    router: '169.254.1.1',
    staticroutes: '169.254.1.1/32 0.0.0.0 0.0.0.0/0 169.254.1.1',
    serverid: '169.254.75.10',
  });
});

t.test('clientMac set: another MAC gets nothing; with clientMac null the same client gets a lease', async (t) => {
  const lab = await makeLab(t, '02:42:ac:11:00:77');
  const bridged = await startServer(t, lab.server, subnetConfig(lab.bridge));
  const hook = makeHook(t);
  const args = udhcpcArgs(hook.script, { tries: 2, once: true });
  const refused = await lab.client.exec('udhcpc', args, { allowFailure: true });
  t.not(refused.exitCode, 0, 'no lease for a foreign MAC');
  t.notOk(hook.events().some((e) => e.event === 'bound'));
  t.ok((bridged.stats.dropped['foreign-client'] ?? 0) >= 1, 'the server saw and dropped the DISCOVERs');
  t.match(bridged.stats, { offered: 0, acked: 0, naked: 0 });
  await bridged.stop();

  const masquerade = await startServer(t, lab.server, subnetConfig(lab.bridge, { clientMac: null }));
  const served = await lab.client.exec('udhcpc', args, { allowFailure: true });
  t.equal(served.exitCode, 0, 'the same client is served when any MAC is accepted');
  t.equal(hook.events().find((e) => e.event === 'bound')?.env.ip, '10.0.2.2');
  t.ok(masquerade.stats.offered >= 1 && masquerade.stats.acked >= 1);
});

t.test('two servers on two bridges of one netns each serve only their own client', async (t) => {
  const server = await scratchNetns(t, 's');
  const bridgeA = await addBridge(server, '10.0.2.1/24');
  const bridgeB = await addBridge(server, '10.1.0.1/24');
  const clientA = await addClient(t, server, bridgeA, '02:42:ac:11:00:0a');
  const clientB = await addClient(t, server, bridgeB, '02:42:ac:11:00:0b');
  // clientMac null: only the device binding keeps each server to its bridge.
  const serverA = await startServer(t, server, subnetConfig(bridgeA, { clientMac: null }));
  const serverB = await startServer(
    t,
    server,
    subnetConfig(bridgeB, { clientMac: null, address: '10.1.0.2', gateway: '10.1.0.1', serverId: '10.1.0.1', routes: [] }),
    [],
    true,
  );
  const hookA = makeHook(t);
  const hookB = makeHook(t);

  t.equal((await clientA.exec('udhcpc', udhcpcArgs(hookA.script, { once: true }), { allowFailure: true })).exitCode, 0);
  t.match(hookA.events().find((e) => e.event === 'bound')?.env, { ip: '10.0.2.2', serverid: '10.0.2.1' });
  const receivedByA = serverA.stats.received;
  t.ok(receivedByA >= 2, 'server A saw DISCOVER and REQUEST');
  t.equal(serverB.stats.received, 0, "server B never saw client A's packets");

  t.equal((await clientB.exec('udhcpc', udhcpcArgs(hookB.script, { once: true }), { allowFailure: true })).exitCode, 0);
  t.match(hookB.events().find((e) => e.event === 'bound')?.env, { ip: '10.1.0.2', serverid: '10.1.0.1', router: '10.1.0.1' });
  t.ok(serverB.stats.acked >= 1, 'server B served its client');
  t.equal(serverA.stats.received, receivedByA, "server A never saw client B's packets");
});

t.test('malformed datagrams are dropped and counted by reason; the server keeps serving', async (t) => {
  const lab = await makeLab(t);
  const server = await startServer(t, lab.server, subnetConfig(lab.bridge));
  const discover: DhcpV4Packet = {
    op: BOOTREQUEST,
    htype: 1,
    hlen: 6,
    hops: 0,
    xid: 7,
    secs: 0,
    flags: 0x8000,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: Buffer.concat([Buffer.from(VM_MAC.split(':').map((h) => parseInt(h, 16))), Buffer.alloc(10)]),
    sname: '',
    file: '',
    options: [{ code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([DhcpMessageType.DISCOVER]) }],
  };
  const good = formatDhcpV4Packet(discover);
  const badMagic = Buffer.from(good);
  badMagic[236] = 0;
  const badHlen = Buffer.from(good);
  badHlen[2] = 17;
  const datagrams = [
    good.subarray(0, 100),
    badMagic,
    badHlen,
    Buffer.concat([good.subarray(0, 240), Buffer.from([53, 1])]),
    formatDhcpV4Packet({ ...discover, options: [] }),
    formatDhcpV4Packet({ ...discover, op: BOOTREPLY }),
  ];
  const sender = socketIn(lab.client, { family: 4, address: '0.0.0.0', port: 68, device: 'eth0', broadcast: true, reuseAddr: true });
  t.teardown(() => sender.close());
  sender.setBroadcast(true);
  for (const datagram of datagrams) {
    await new Promise<void>((resolve, reject) => sender.send(datagram, 67, '255.255.255.255', (err) => (err ? reject(err) : resolve())));
  }
  await waitFor('all datagrams at the server', () => server.stats.received >= datagrams.length);
  t.same(server.stats.dropped, {
    'short-packet': 1,
    'bad-magic': 1,
    'bad-hlen': 1,
    'truncated-options': 1,
    'missing-message-type': 1,
    'not-a-request': 1,
  });
  t.match(server.stats, { offered: 0, acked: 0 });

  const hook = makeHook(t);
  t.equal((await lab.client.exec('udhcpc', udhcpcArgs(hook.script, { once: true }), { allowFailure: true })).exitCode, 0, 'still serving');
  t.equal(hook.events().find((e) => e.event === 'bound')?.env.ip, '10.0.2.2');
});
