/**
 * Benchmark: DHCPv4 exchanges per second, virtnet's DhcpV4Server against
 * dnsmasq, measured by Kea's perfdhcp in the same run and the same netns setup.
 *
 * Setup (not timed): a server netns with bridge k6t-perf (10.0.0.1/16) and a
 * client netns whose eth0 (10.0.255.254/16) is a veth port of that bridge.
 * perfdhcp runs in the client netns (`-4 -l eth0`: it acts as a relay, giaddr
 * = eth0's address, so replies come back unicast to giaddr:67) with `-R`
 * distinct client MACs, each doing a full DORA.
 *  - virtnet: DhcpV4Server served from this process (no logger), socket
 *    bound to the bridge as phase 2 makes it, `clientMac: null` (the
 *    masquerade binding's setting: any MAC is answered, always with the VM's
 *    one address, 10.0.2.2);
 *  - dnsmasq: `--no-ping --leasefile-ro`, a range of 64 000 addresses (a
 *    one-address range would NAK every MAC but the first), one lease per MAC
 *    kept in memory (`--dhcp-lease-max` raised from its default 1000); the
 *    same options as far as dnsmasq sends them.
 * For each server the rate (`-r`) doubles from BENCH_START_RATE until a run
 * loses an exchange, then BENCH_REFINE bisection steps narrow the highest rate
 * with zero drops. A run counts as clean when both DISCOVER→OFFER and
 * REQUEST→ACK have zero drops, every sent packet was answered, no lease was
 * rejected, and perfdhcp itself kept up (it sent ≥ 95 % of rate × period
 * DISCOVERs; else the limit found would be perfdhcp's). Exchanges/s is the
 * number of completed DORAs divided by the sending period.
 * Latency percentiles come from perfdhcp's per-exchange timestamps (`-x t`).
 *
 * Run: see bench/README.md. Needs perfdhcp (Debian kea-admin) and dnsmasq
 * (dnsmasq-base). Writes bench/results/dhcp-perf.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DhcpV4ServerConfig } from '../dhcp/v4/config.js';
import { DhcpV4Server, dhcpV4SocketOptions } from '../dhcp/v4/server.js';
import { NetnsHandle } from '../src/drivers/netns.js';
import { cleanupOnSignals, createNamespace, ipBatch, machineInfo, markdownTable, removeAllNamespaces, round, run, sleep, summarize, writeResults, type Summary } from './common.js';

const PERIOD_S = Number(process.env.BENCH_PERIOD ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5000);
const START_RATE = Number(process.env.BENCH_START_RATE ?? 500);
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 64_000);
const REFINE = Number(process.env.BENCH_REFINE ?? 3);
/** After the period, perfdhcp waits this long for replies still in flight (else they count as drops). */
const EXIT_WAIT_US = 1_000_000;
/** perfdhcp must reach this share of the asked rate, or the limit measured is perfdhcp's. */
const MIN_ACHIEVED_SHARE = 0.95;

const BRIDGE = 'k6t-perf';
const SERVER_IP = '10.0.0.1';
const PREFIX = 16;
const RELAY_IP = '10.0.255.254';
const DNS = '10.96.0.10';
const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const MTU = 1500;

interface ExchangeStats {
  sent: number;
  received: number;
  drops: number;
  orphans: number;
  rejected: number;
  /** perfdhcp's own figures, ms */
  minMs: number;
  avgMs: number;
  maxMs: number;
  stdMs: number;
  /** one per successful exchange, ms, from the timestamps */
  delaysMs: number[];
}

interface PerfRun {
  askedRate: number;
  achievedRate: number;
  discoverOffer: ExchangeStats;
  requestAck: ExchangeStats;
  clean: boolean;
}

interface ServerUnderTest {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What the server counted, for the results file. */
  stats(): object;
}

/** One section of perfdhcp's report, "***Statistics for: DISCOVER-OFFER***" and its timestamps. */
function parseExchange(output: string, exchange: 'DISCOVER-OFFER' | 'REQUEST-ACK'): ExchangeStats {
  const section = new RegExp(`\\*\\*\\*Statistics for: ${exchange}\\*\\*\\*([\\s\\S]*?)(?:\\n\\n\\*\\*\\*|$)`).exec(output)?.[1];
  if (section === undefined) throw new Error(`failed to find the ${exchange} statistics in perfdhcp's output:\n${output.slice(0, 2000)}`);
  const field = (name: string): number => {
    const m = new RegExp(`^${name}: ([\\d.]+)`, 'm').exec(section);
    if (m === null) throw new Error(`failed to read "${name}" of ${exchange} from perfdhcp's output`);
    return Number(m[1]);
  };
  const stamps = new RegExp(`\\*\\*\\*Timestamps for packets: ${exchange}\\*\\*\\*\\n((?:sent / received: .*\\n?)*)`).exec(output)?.[1] ?? '';
  const delaysMs = [...stamps.matchAll(/sent \/ received: ([\d.]+) \/ ([\d.]+)/g)].map((m) => (Number(m[2]) - Number(m[1])) * 1000);
  return {
    sent: field('sent packets'),
    received: field('received packets'),
    drops: field('drops'),
    orphans: field('orphans'),
    rejected: field('rejected leases'),
    minMs: field('min delay'),
    avgMs: field('avg delay'),
    maxMs: field('max delay'),
    stdMs: field('std deviation'),
    delaysMs,
  };
}

/** Runs perfdhcp in `clientNs` (asynchronously: the in-process server must keep answering). */
function perfdhcp(clientNs: string, rate: number): Promise<PerfRun> {
  const args = ['netns', 'exec', clientNs, 'perfdhcp', '-4', '-l', 'eth0', '-r', String(rate), '-R', String(CLIENTS), '-p', String(PERIOD_S), '-W', String(EXIT_WAIT_US), '-x', 't', SERVER_IP];
  return new Promise((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      // 0: every exchange completed; 3: some did not (drops), still a report.
      if (code !== 0 && code !== 3) {
        reject(new Error(`failed to run perfdhcp at ${rate}/s: exit ${code}\n${output.slice(0, 2000)}`));
        return;
      }
      try {
        const discoverOffer = parseExchange(output, 'DISCOVER-OFFER');
        const requestAck = parseExchange(output, 'REQUEST-ACK');
        // perfdhcp's own "Rate:" divides by the exit wait too; completed DORAs per second of sending:
        const achievedRate = requestAck.received / PERIOD_S;
        const keptUp = discoverOffer.sent >= MIN_ACHIEVED_SHARE * rate * PERIOD_S;
        const clean = keptUp && [discoverOffer, requestAck].every((x) => x.drops === 0 && x.received === x.sent && x.sent > 0 && x.rejected === 0);
        resolve({ askedRate: rate, achievedRate, discoverOffer, requestAck, clean });
      } catch (err) {
        reject(err);
      }
    });
  });
}

interface Search {
  runs: PerfRun[];
  best: PerfRun | undefined;
  firstUnclean: PerfRun | undefined;
}

/** Doubling, then bisection, for the highest rate with a clean run. */
async function findZeroDropRate(clientNs: string, log: (line: string) => void): Promise<Search> {
  const runs: PerfRun[] = [];
  let best: PerfRun | undefined;
  let firstUnclean: PerfRun | undefined;
  const attempt = async (rate: number): Promise<PerfRun> => {
    const r = await perfdhcp(clientNs, rate);
    runs.push(r);
    const d = r.discoverOffer;
    const a = r.requestAck;
    log(`  -r ${rate}: achieved ${round(r.achievedRate, 1)}/s, DO ${d.received}/${d.sent} (drops ${d.drops}), RA ${a.received}/${a.sent} (drops ${a.drops}) → ${r.clean ? 'clean' : 'loss'}`);
    await sleep(500);
    return r;
  };
  for (let rate = START_RATE; rate <= MAX_RATE; rate *= 2) {
    const r = await attempt(rate);
    if (!r.clean) {
      firstUnclean = r;
      break;
    }
    best = r;
  }
  for (let i = 0; i < REFINE && best !== undefined && firstUnclean !== undefined; i++) {
    const rate = Math.round((best.askedRate + firstUnclean.askedRate) / 2);
    if (rate === best.askedRate || rate === firstUnclean.askedRate) break;
    const r = await attempt(rate);
    if (r.clean) best = r;
    else firstUnclean = r;
  }
  return { runs, best, firstUnclean };
}

function virtnetServer(serverNs: NetnsHandle): ServerUnderTest & { server: DhcpV4Server } {
  const config: DhcpV4ServerConfig = {
    ipamDisabled: false,
    clientMac: null,
    address: '10.0.2.2',
    prefixLength: PREFIX,
    gateway: SERVER_IP,
    routes: [],
    mtu: MTU,
    serverId: SERVER_IP,
    bridgeName: BRIDGE,
    dnsServers: [DNS],
    searchDomains: SEARCH,
    domainName: SEARCH[0]!,
    hostname: 'bench-vm',
  };
  const server = new DhcpV4Server(config, { openSocket: () => serverNs.openUdpSocket(dhcpV4SocketOptions(config)) });
  return { name: 'virtnet DhcpV4Server', server, start: () => server.start(), stop: () => server.stop(), stats: () => server.stats };
}

function dnsmasqServer(serverNs: string, dir: string): ServerUnderTest & { child(): ChildProcess | undefined } {
  let child: ChildProcess | undefined;
  let output = '';
  return {
    name: 'dnsmasq --no-ping',
    child: () => child,
    async start() {
      const args = [
        'netns', 'exec', serverNs, 'dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--no-ping', '--port=0',
        `--interface=${BRIDGE}`, '--bind-interfaces', '--leasefile-ro', `--pid-file=${join(dir, 'dnsmasq.pid')}`,
        '--dhcp-range=10.0.1.0,10.0.250.255,255.255.0.0,1h',
        // dnsmasq refuses new clients beyond 1000 leases by default.
        '--dhcp-lease-max=100000',
        `--dhcp-option=option:router,${SERVER_IP}`, `--dhcp-option=option:dns-server,${DNS}`,
        `--dhcp-option=option:domain-search,${SEARCH.join(',')}`, `--dhcp-option=option:domain-name,${SEARCH[0]}`, `--dhcp-option=option:mtu,${MTU}`,
      ];
      child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      // Listening once its socket shows up on the bridge.
      for (let i = 0; i < 100; i++) {
        if (child.exitCode !== null) throw new Error(`failed to start dnsmasq: exit ${child.exitCode}: ${output.trim()}`);
        if (run('ip', ['netns', 'exec', serverNs, 'ss', '-u', '-l', '-n', '-p']).includes('dnsmasq')) return;
        await sleep(50);
      }
      throw new Error(`failed to see dnsmasq listen within 5 s: ${output.trim()}`);
    },
    async stop() {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    stats: () => ({ version: run('dnsmasq', ['--version']).split('\n')[0] }),
  };
}

interface ServerResult {
  server: string;
  search: Search;
  stats: object;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vnb-dhcp-perf-'));
  const began = Date.now();
  let dnsmasq: ReturnType<typeof dnsmasqServer> | undefined;
  let serverHandle: NetnsHandle | undefined;
  cleanupOnSignals(() => {
    dnsmasq?.child()?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const serverNs = createNamespace('s');
    const clientNs = createNamespace('c');
    ipBatch(serverNs, [`link add ${BRIDGE} type bridge`, `addr add ${SERVER_IP}/${PREFIX} dev ${BRIDGE}`, `link set ${BRIDGE} up`]);
    ipBatch(clientNs, [`link add eth0 mtu ${MTU} type veth peer name vp0 mtu ${MTU} netns ${serverNs}`, `addr add ${RELAY_IP}/${PREFIX} dev eth0`, 'link set eth0 up']);
    ipBatch(serverNs, [`link set vp0 master ${BRIDGE} up`]);
    serverHandle = NetnsHandle.fromPath(`/run/netns/${serverNs}`);
    dnsmasq = dnsmasqServer(serverNs, dir);
    const results: ServerResult[] = [];
    for (const server of [virtnetServer(serverHandle), dnsmasq]) {
      console.log(`${server.name}:`);
      await server.start();
      try {
        const search = await findZeroDropRate(clientNs, (line) => console.log(line));
        results.push({ server: server.name, search, stats: server.stats() });
      } finally {
        await server.stop();
      }
    }
    report(results, (Date.now() - began) / 1000);
  } finally {
    await dnsmasq?.stop();
    serverHandle?.close();
    removeAllNamespaces();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (s: (Summary & { p99: number }) | undefined, key: 'median' | 'p90' | 'p99' | 'max'): string | number => (s === undefined ? '–' : round(s[key], 3));

function report(results: ServerResult[], wallSeconds: number): void {
  const rows = results.map(({ server, search }) => {
    const best = search.best;
    const dorp = best && best.discoverOffer.delaysMs.length > 0 ? withP99(best.discoverOffer.delaysMs) : undefined;
    const rarp = best && best.requestAck.delaysMs.length > 0 ? withP99(best.requestAck.delaysMs) : undefined;
    const lossAt = search.firstUnclean
      ? `${search.firstUnclean.askedRate} (${search.firstUnclean.discoverOffer.drops + search.firstUnclean.requestAck.drops} drops)`
      : `none up to ${MAX_RATE}`;
    return [
      server,
      best ? best.askedRate : '–',
      best ? round(best.achievedRate, 1) : '–',
      `${pct(dorp, 'median')} / ${pct(dorp, 'p90')} / ${pct(dorp, 'p99')} / ${pct(dorp, 'max')}`,
      `${pct(rarp, 'median')} / ${pct(rarp, 'p90')} / ${pct(rarp, 'p99')} / ${pct(rarp, 'max')}`,
      lossAt,
    ];
  });
  const table = markdownTable(
    [`perfdhcp -R ${CLIENTS}, ${PERIOD_S} s per rate`, 'highest zero-drop rate (-r)', 'DORA exchanges/s achieved', 'DISCOVER→OFFER ms p50/p90/p99/max', 'REQUEST→ACK ms p50/p90/p99/max', 'first rate with loss'],
    rows,
  );
  console.log(`\n${table}\n`);
  const file = writeResults('dhcp-perf', {
    bench: 'dhcp-perf',
    machine: machineInfo(),
    perfdhcp: run('perfdhcp', ['-v']).trim(),
    clients: CLIENTS,
    periodSeconds: PERIOD_S,
    wallSeconds: round(wallSeconds, 1),
    // Raw delays are summarised; perfdhcp's own min/avg/max/std are kept per run.
    servers: results.map(({ server, search, stats }) => ({
      server,
      stats,
      runs: search.runs.map(({ discoverOffer, requestAck, ...r }) => ({
        ...r,
        discoverOffer: { ...discoverOffer, delaysMs: discoverOffer.delaysMs.length > 0 ? withP99(discoverOffer.delaysMs) : null },
        requestAck: { ...requestAck, delaysMs: requestAck.delaysMs.length > 0 ? withP99(requestAck.delaysMs) : null },
      })),
    })),
    table,
  });
  console.log(`results: ${file}`);
}

/** common.ts's summary plus the 99th percentile (nearest rank). */
function withP99(samples: number[]): Summary & { p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...summarize(samples), p99: sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]! };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
