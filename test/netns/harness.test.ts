// The integration harness proves itself before virtnet's DHCP server exists: dnsmasq, a real
// server, stands in for it in the launcher pod, and every real client (udhcpc, dhclient, dhcpcd)
// must report exactly what dnsmasq was told to send. The topology is checked from the peers'
// side: pings and echo probes through the node, proxy ARP in calico mode, nothing left after
// destroy() or after the test process dies.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import t from 'tap';
import { DHCP_CLIENT_KINDS, runDhcpClient, startLongRunningClient, applyLease, type Lease } from '../helpers/dhcp-clients.js';
import { BackgroundProcess, run, sleep } from '../helpers/exec.js';
import { CALICO_GATEWAY, CALICO_HOST_MAC, createTopology, formatResolvConf, sweepAbandonedTopologies, type Topology } from '../helpers/topology.js';

const BRIDGE = 'k6t-eth0';
const VM_MAC = '02:5a:00:00:00:01';

/** What dnsmasq is told to send; every client's Lease must equal it field by field. */
const SERVED: Omit<Lease, 'client' | 'raw'> = {
  ip: '10.0.2.2',
  prefixLength: 24,
  router: '10.0.2.1',
  dns: ['10.0.2.53', '10.0.2.54'],
  mtu: 1400,
  searchDomains: ['foo.example', 'bar.example'],
  domainName: 'corp.example',
  hostname: 'vmhost',
  // a /12 (partial octet in RFC 3442's encoding), an on-link route, and the default route
  routes: [
    { destination: '172.16.0.0/12', gateway: '10.0.2.254' },
    { destination: '198.51.100.0/24', gateway: '0.0.0.0' },
    { destination: null, gateway: '10.0.2.1' },
  ],
  leaseSeconds: 3600,
  serverId: '10.0.2.1',
};

function dnsmasqRoutes(): string {
  return SERVED.routes.map((r) => `${r.destination ?? '0.0.0.0/0'},${r.gateway}`).join(',');
}

/**
 * Makes k6t-eth0 in the pod netns (as virtnet would) and serves DHCP on it with dnsmasq: the
 * SERVED options, `hostArgs` as --dhcp-host, addresses from `range` (default: static only).
 */
async function serveDhcp(topology: Topology, hostArgs: string[], range = '10.0.2.0,static,255.255.255.0,1h'): Promise<BackgroundProcess> {
  await topology.ipBatch('pod', [`link add ${BRIDGE} type bridge`, `addr add ${SERVED.serverId}/24 dev ${BRIDGE}`, `link set ${BRIDGE} up`]);
  const dnsmasq = topology.spawn('pod', 'dnsmasq', [
    '--no-daemon',
    '--conf-file=/dev/null',
    '--no-ping',
    '--port=0',
    `--interface=${BRIDGE}`,
    '--bind-interfaces',
    '--log-facility=-',
    '--log-dhcp',
    `--pid-file=${topology.tmpDir}/dnsmasq.pid`,
    `--dhcp-leasefile=${topology.tmpDir}/dnsmasq.leases`,
    `--dhcp-range=${range}`,
    ...hostArgs.map((h) => `--dhcp-host=${h}`),
    `--dhcp-option=option:router,${SERVED.router}`,
    `--dhcp-option=option:dns-server,${SERVED.dns.join(',')}`,
    `--dhcp-option=option:mtu,${SERVED.mtu}`,
    `--dhcp-option=option:domain-search,${SERVED.searchDomains.join(',')}`,
    `--dhcp-option=option:domain-name,${SERVED.domainName}`,
    `--dhcp-option=option:classless-static-route,${dnsmasqRoutes()}`,
  ]);
  await dnsmasq.waitForOutput(/sockets bound exclusively to interface k6t-eth0/);
  return dnsmasq;
}

interface IpAddrInfo {
  ifname: string;
  mtu: number;
  address: string;
  addr_info: { family: string; local: string; prefixlen: number }[];
}
interface IpRoute {
  dst: string;
  gateway?: string;
  dev: string;
  scope?: string;
  protocol?: string;
}
interface IpNeigh {
  dst: string;
  lladdr?: string;
  state: string[];
}

function ipv4Of(link: IpAddrInfo): string[] {
  return link.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
}

async function netnsNames(): Promise<string[]> {
  return (await run('ip', ['netns', 'list'])).stdout.split('\n').map((line) => line.split(' ')[0]!);
}

/** Running (a zombie waiting for its reaper counts as dead). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

t.test('the pod netns has the address, route, MTU and resolv.conf asked for', async (t) => {
  const searchDomains = ['ns1.svc.cluster.local', 'example.org'];
  const nameservers = ['10.96.0.10', '10.96.0.11'];
  const topo = await createTopology({ t, podCidr: '10.77.3.0/24', podMtu: 1400, searchDomains, nameservers });

  t.match(topo.podIp, /^10\.77\.3\.\d+$/);
  t.not(topo.podIp, '10.77.3.1', 'the pod does not take the gateway address');
  const [eth0] = await topo.ipJson<IpAddrInfo>('pod', ['addr', 'show', 'dev', 'eth0']);
  t.strictSame(ipv4Of(eth0!), [`${topo.podIp}/24`]);
  t.equal(eth0!.mtu, 1400, 'pod end MTU');
  t.equal(eth0!.address, topo.podMac);
  const [nodeEnd] = await topo.ipJson<IpAddrInfo>('node', ['addr', 'show', 'dev', topo.nodePodPeer]);
  t.equal(nodeEnd!.mtu, 1400, 'node end MTU');
  const [bridge] = await topo.ipJson<IpAddrInfo>('node', ['addr', 'show', 'dev', 'cni0']);
  t.strictSame(ipv4Of(bridge!), ['10.77.3.1/24'], 'the gateway lives on the node bridge');

  const routes = await topo.ipJson<IpRoute>('pod', ['route', 'show']);
  t.strictSame(
    routes.map((r) => [r.dst, r.gateway ?? null, r.dev]),
    [
      ['default', '10.77.3.1', 'eth0'],
      ['10.77.3.0/24', null, 'eth0'],
    ],
  );

  const expected = formatResolvConf(nameservers, searchDomains);
  t.match(expected, /^nameserver 10\.96\.0\.10\nnameserver 10\.96\.0\.11\nsearch ns1\.svc\.cluster\.local example\.org\n/);
  t.equal((await topo.exec('pod', 'cat', ['/etc/resolv.conf'])).stdout + '\n', expected, 'ip netns exec shows it as /etc/resolv.conf');
  t.equal(readFileSync(topo.resolvConfPath, 'utf8'), expected);
  t.equal(readFileSync(`/proc/${topo.launcherPid}/root/etc/resolv.conf`, 'utf8'), expected, 'the launcher sees it too');
  t.not(readFileSync('/etc/resolv.conf', 'utf8'), expected, 'the root netns keeps its own');

  const launcherNetns = statSync(`/proc/${topo.launcherPid}/ns/net`).ino;
  t.equal(launcherNetns, statSync(topo.netnsPath('pod')).ino, 'launcherPid lives in the pod netns');
  t.not(launcherNetns, statSync('/proc/self/ns/net').ino, 'which is not ours');

  const listed = await netnsNames();
  for (const name of Object.values(topo.netns)) t.ok(listed.includes(name), `${name} is listed`);
  const rootLinks = (JSON.parse((await run('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[]).map((l) => l.ifname);
  t.notOk(rootLinks.includes(topo.nodePodPeer) || rootLinks.includes('cni0'), 'nothing was made in the root netns');
});

t.test('the remote host is reachable from the pod only through the node', async (t) => {
  const topo = await createTopology({ t });
  t.ok((await topo.ping('pod', topo.remoteIp)).ok, 'ping pod -> remote');

  const fits = await topo.ping('pod', topo.remoteIp, { count: 1, size: topo.podMtu - 28, dontFragment: true });
  t.ok(fits.ok, 'a packet of exactly the pod MTU passes');
  const tooBig = await topo.ping('pod', topo.remoteIp, { count: 1, size: topo.podMtu - 27, dontFragment: true });
  t.notOk(tooBig.ok, 'one byte more does not');
  t.equal(tooBig.received, 0);

  for (const protocol of ['udp', 'tcp'] as const) {
    const server = await topo.startEchoServer('remote', protocol, 8080);
    const seen = await topo.probe('pod', protocol, topo.remoteIp, 8080);
    t.equal(seen.seenFrom?.address, topo.podIp, `${protocol}: the remote sees the pod address, un-NATed`);
    await server.stop();
    t.notOk((await topo.probe('pod', protocol, topo.remoteIp, 8080, 500)).ok, `${protocol}: no answer once the server is gone`);
  }

  await topo.exec('node', 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=0']);
  const blocked = await topo.ping('pod', topo.remoteIp, { count: 1 });
  t.notOk(blocked.ok, 'without forwarding on the node the remote is unreachable');
  t.equal(blocked.received, 0);
});

t.test('calico mode: /32 pod reaches the remote via 169.254.1.1 answered by proxy ARP', async (t) => {
  const topo = await createTopology({ t, calico: true });
  t.equal(topo.gateway, CALICO_GATEWAY);
  const [eth0] = await topo.ipJson<IpAddrInfo>('pod', ['addr', 'show', 'dev', 'eth0']);
  t.strictSame(ipv4Of(eth0!), [`${topo.podIp}/32`]);
  t.equal(eth0!.mtu, 1450, 'default pod MTU');
  const routes = await topo.ipJson<IpRoute>('pod', ['route', 'show']);
  t.strictSame(
    routes.map((r) => [r.dst, r.gateway ?? null, r.scope ?? null]),
    [
      ['default', CALICO_GATEWAY, null],
      [CALICO_GATEWAY, null, 'link'],
    ],
  );
  const nodeNeigh = await topo.ipJson<IpNeigh>('node', ['neigh', 'show', topo.podIp]);
  t.strictSame(
    nodeNeigh.map((n) => [n.lladdr, n.state]),
    [[topo.podMac, ['PERMANENT']]],
    'the node pins the pod MAC',
  );

  t.ok((await topo.ping('pod', topo.remoteIp)).ok, 'ping pod -> remote');
  const podNeigh = await topo.ipJson<IpNeigh>('pod', ['neigh', 'show', CALICO_GATEWAY]);
  t.equal(podNeigh[0]?.lladdr, CALICO_HOST_MAC, '169.254.1.1 resolved to the node end of the veth');

  await topo.exec('node', 'sysctl', ['-q', '-w', `net.ipv4.conf.${topo.nodePodPeer}.proxy_arp=0`]);
  await topo.ipBatch('pod', ['neigh flush dev eth0']);
  t.notOk((await topo.ping('pod', topo.remoteIp, { count: 1 })).ok, 'without proxy ARP the gateway does not answer');
});

for (const kind of DHCP_CLIENT_KINDS) {
  t.test(`${kind} reports every field dnsmasq sent, and apply configures the vm from it`, async (t) => {
    const topo = await createTopology({ t });
    await serveDhcp(topo, [`${VM_MAC},${SERVED.ip},${SERVED.hostname}`]);
    await topo.attachVm(BRIDGE, VM_MAC);

    const { client, raw, ...fields } = await runDhcpClient(topo, kind, { apply: true, timeoutMs: 15_000 });
    t.equal(client, kind);
    t.strictSame(fields, SERVED);
    t.ok(Object.keys(raw).length > 5, 'raw keeps the hook environment');

    const [eth0] = await topo.ipJson<IpAddrInfo>('vm', ['addr', 'show', 'dev', 'eth0']);
    t.strictSame(ipv4Of(eth0!), ['10.0.2.2/24']);
    t.equal(eth0!.mtu, SERVED.mtu, 'option 26 applied to the interface');
    t.equal(eth0!.address, VM_MAC);
    const routes = await topo.ipJson<IpRoute>('vm', ['route', 'show']);
    t.strictSame(
      routes.map((r) => [r.dst, r.gateway ?? null]).sort(),
      [
        ['10.0.2.0/24', null],
        ['172.16.0.0/12', '10.0.2.254'],
        ['198.51.100.0/24', null],
        ['default', '10.0.2.1'],
      ],
      'option 121 routes applied',
    );
    t.ok((await topo.ping('vm', SERVED.serverId!, { count: 2 })).ok, 'the vm reaches the server over the bridge');
    t.strictSame((await run('ip', ['netns', 'pids', topo.netns.vm])).stdout.trim(), '', 'the client is gone after the run');
  });
}

t.test('a client the server ignores is reported as a failure, not an empty lease', async (t) => {
  const topo = await createTopology({ t });
  const macs = DHCP_CLIENT_KINDS.map((_, i) => `02:5a:00:00:01:0${i}`);
  const dnsmasq = await serveDhcp(
    topo,
    macs.map((mac) => `${mac},ignore`),
  );
  for (const mac of macs) await topo.attachVm(BRIDGE, mac);

  const results = await Promise.allSettled(
    DHCP_CLIENT_KINDS.map((kind, i) => runDhcpClient(topo, kind, { iface: `eth${i}`, timeoutMs: 4_000 })),
  );
  DHCP_CLIENT_KINDS.forEach((kind, i) => {
    const result = results[i]!;
    t.equal(result.status, 'rejected', `${kind} got no lease`);
    if (result.status === 'rejected') t.match(String(result.reason), /failed to see a bound event from ".+" on "eth\d"/);
    t.match(dnsmasq.output(), new RegExp(`DHCPDISCOVER\\(${BRIDGE}\\) ${macs[i]} ignored`), `dnsmasq saw ${kind}'s DISCOVER and ignored it`);
  });
});

t.test('each client asks for requestedIp and gets it from a dynamic range', async (t) => {
  const topo = await createTopology({ t });
  await serveDhcp(topo, [], '10.0.2.10,10.0.2.20,255.255.255.0,1h');
  const wanted = ['10.0.2.15', '10.0.2.16', '10.0.2.17'];
  for (const [i, kind] of DHCP_CLIENT_KINDS.entries()) {
    const nic = await topo.attachVm(BRIDGE, `02:5a:00:00:02:0${i}`);
    const lease = await runDhcpClient(topo, kind, { iface: nic.ifname, requestedIp: wanted[i] });
    t.equal(lease.ip, wanted[i], `${kind} got the address it asked for`);
  }
});

t.test('a long-running udhcpc reports bound, then renew on SIGUSR1', async (t) => {
  const topo = await createTopology({ t });
  const dnsmasq = await serveDhcp(topo, [`${VM_MAC},${SERVED.ip},${SERVED.hostname}`]);
  await topo.attachVm(BRIDGE, VM_MAC);

  const client = await startLongRunningClient(topo, 'udhcpc', { timeoutMs: 10_000 });
  const bound = await client.waitForEvent(['bound']);
  t.equal(bound.reason, 'bound');
  t.equal(bound.lease?.ip, SERVED.ip);
  await applyLease(topo, bound.lease!); // a renewal is unicast from the leased address
  const acksBefore = dnsmasq.output().match(/DHCPACK\(/g)?.length ?? 0;

  const seen = client.events().length;
  client.renew();
  const renewed = await client.waitForEvent(['renew'], { from: seen, timeoutMs: 10_000 });
  t.equal(renewed.reason, 'renew');
  t.strictSame(renewed.lease && { ...renewed.lease, raw: {} }, { ...bound.lease!, raw: {} }, 'the renewed lease is the same');
  t.ok((dnsmasq.output().match(/DHCPACK\(/g)?.length ?? 0) > acksBefore, 'the server acknowledged the renewal');

  await client.stop();
  t.not(client.process.exitStatus(), null, 'stop() waits for the exit');
  t.strictSame((await run('ip', ['netns', 'pids', topo.netns.vm])).stdout.trim(), '');
});

t.test('destroy() removes namespaces, processes and files, and is idempotent', async (t) => {
  const topo = await createTopology();
  const sleeper = topo.spawn('vm', 'sleep', ['infinity']);
  const names = Object.values(topo.netns);
  t.ok(names.every((n) => existsSync(`/run/netns/${n}`)));

  await topo.destroy();
  const listed = await netnsNames();
  for (const name of names) t.notOk(listed.includes(name), `${name} is gone`);
  t.notOk(existsSync(`/etc/netns/${topo.netns.pod}`), '/etc/netns/<pod> is gone');
  t.notOk(existsSync(topo.tmpDir), 'the temp dir is gone');
  t.not(sleeper.exitStatus(), null, 'a process it started is dead');
  t.notOk(isAlive(topo.launcherPid), 'the launcher is dead');
  await topo.destroy();
  t.throws(() => topo.spawn('pod', 'true', []), /is destroyed/);
});

t.test('stop() ends what a process forked, even when the forked child outlives its SIGKILLed parent', async (t) => {
  // As dhcpcd's privsep proxies do: a child that ignores SIGTERM, keeps the output pipe open, and
  // is not killed with its parent. Before stop() signalled the group, this stop() never returned.
  const proc = new BackgroundProcess('sh', ['-c', 'sh -c \'trap "" TERM; echo child $$; while :; do sleep 1; done\' & trap "" TERM; while :; do sleep 1; done']);
  t.teardown(() => proc.stop('SIGKILL'));
  await proc.waitForOutput(/^child \d+$/m);
  const child = Number(/^child (\d+)$/m.exec(proc.output())![1]);
  t.ok(isAlive(child), 'the forked child runs (negative control)');
  const stopped = await Promise.race([proc.stop('SIGTERM', 300), sleep(10_000).then(() => 'still waiting' as const)]);
  t.match(stopped, { signal: 'SIGKILL' }, 'stop() returned: the parent was killed after its grace time');
  t.notOk(isAlive(child), 'the forked child is gone too');
});

t.test('what a killed test process left is swept by the next createTopology', async (t) => {
  // A child node process builds a topology and is SIGKILLed: no teardown runs in it.
  const tsLoader = process.execArgv.filter((a) => a.includes('@tapjs/typescript'));
  const helper = new URL('../helpers/topology.ts', import.meta.url).href;
  const script = `import { createTopology } from ${JSON.stringify(helper)};
    const topo = await createTopology();
    console.log(JSON.stringify({ names: Object.values(topo.netns), launcher: topo.launcherPid }));
    setInterval(() => {}, 1000);`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [...tsLoader, '--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString()));
    child.once('exit', () => reject(new Error('the child exited before it made its topology')));
  });
  const made = JSON.parse(line) as { names: string[]; launcher: number };
  child.kill('SIGKILL');
  await once(child, 'exit');
  t.ok((await netnsNames()).includes(made.names[0]!), 'the dead process left its namespaces');

  await sweepAbandonedTopologies();
  const listed = await netnsNames();
  for (const name of made.names) t.notOk(listed.includes(name), `${name} was swept`);
  t.notOk(isAlive(made.launcher), 'its launcher process was killed');
});
