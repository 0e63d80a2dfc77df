/**
 * Benchmark: how long a real DHCP client waits for virtnet's DhcpV4Server.
 *
 * Setup (not timed): a launcher-pod-like netns plumbed by virtnet (runPhase1,
 * bridge binding) with phase 2's DhcpV4Server listening on k6t-eth0, served
 * from this process; a VM stand-in netns whose eth0 (the pod's MAC, as the VM
 * gets it) is a veth plugged into k6t-eth0; tcpdump capturing DHCP on the bridge.
 * Then busybox udhcpc runs RUNS times in the VM netns, one-shot
 * (`-q -n -f -t 1 -T 1 -s /bin/true`: one DISCOVER, quit when bound, no config).
 *
 * Measured:
 *  - client wall time: spawn of udhcpc (made directly inside the VM netns, no
 *    `ip netns exec`) until it exits bound; includes process start, its two
 *    hook runs (deconfig, bound) and exit;
 *  - on the wire, from tcpdump's kernel timestamps on the bridge (no process
 *    start): DISCOVER→OFFER and REQUEST→ACK (the server's turnaround: kernel
 *    to Node's event loop, decode, decide, encode, send), OFFER→REQUEST (the
 *    client's), DISCOVER→ACK.
 * Every run must end bound (exit 0), every transaction must be seen complete
 * in the capture, and the server's counters must match, else the bench stops.
 *
 * Run: see bench/README.md. Writes bench/results/dhcp-latency.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateVmi } from '../src/core/vmi-parse.js';
import { NetnsHandle } from '../src/drivers/netns.js';
import {
  POD_NETWORK,
  benchVmiManifest,
  cleanupOnSignals,
  createNamespace,
  createPod,
  ipBatch,
  machineInfo,
  markdownTable,
  msSince,
  plumbWithVirtnet,
  removeAllNamespaces,
  round,
  run,
  sleep,
  summarize,
  writeResults,
  type Summary,
  type VirtnetPod,
} from './common.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Between runs, so one run's stragglers never overlap the next. */
const GAP_MS = 50;
const CLIENT_TIMEOUT_MS = 5_000;

/** busybox udhcpc, one DISCOVER, one second to answer, quit once bound; the hook is given per run. */
const udhcpcArgs = (hook: string): string[] => ['-i', 'eth0', '-q', '-n', '-f', '-t', '1', '-T', '1', '-s', hook];

interface ClientRun {
  wallMs: number;
  exitCode: number | null;
  output: string;
}

/** Spawns `cmd` inside `ns` (the fork happens there, the wait outside) and waits for it to exit. */
function runIn(ns: NetnsHandle, cmd: string, args: string[]): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = ns.run(() => spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLIENT_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ wallMs: msSince(start), exitCode, output });
    });
  });
}

/** tcpdump writing DHCP packets seen on `iface` to `file`; resolves once it captures. */
async function startCapture(ns: NetnsHandle, iface: string, file: string): Promise<ChildProcess> {
  // --immediate-mode: without it libpcap hands packets over in blocks, and those still in the
  // ring when tcpdump is stopped are lost. -U: each packet is written to the file at once.
  const args = ['-i', iface, '-n', '--immediate-mode', '-U', '-Z', 'root', '--time-stamp-precision=nano', '-w', file, 'udp port 67 or udp port 68'];
  const child = ns.run(() => spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`failed to start tcpdump on "${iface}": ${stderr.trim()}`)), 5_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`failed to start tcpdump on "${iface}": exit ${code}: ${stderr.trim()}`)));
  });
  return child;
}

async function stopCapture(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT'); // tcpdump flushes the file on SIGINT
  await exited;
}

type DhcpMessage = 'Discover' | 'Offer' | 'Request' | 'ACK';

/** Kernel timestamps (seconds, ns precision) of each message type, per transaction id. */
function readCapture(file: string): Map<string, Partial<Record<DhcpMessage, number>>> {
  const text = run('tcpdump', ['-r', file, '-n', '-tt', '-v', '--time-stamp-precision=nano']);
  const byXid = new Map<string, Partial<Record<DhcpMessage, number>>>();
  // One record per packet: a line starting with the timestamp, then indented lines (-v).
  for (const record of text.split(/\n(?=\d+\.\d+ )/)) {
    const time = /^(\d+\.\d+) /.exec(record);
    const xid = /xid (0x[0-9a-f]+)/.exec(record);
    const type = /DHCP-Message \(53\), length 1: (\w+)/.exec(record);
    if (!time || !xid || !type) continue;
    const entry = byXid.get(xid[1]!) ?? {};
    entry[type[1] as DhcpMessage] ??= Number(time[1]);
    byXid.set(xid[1]!, entry);
  }
  return byXid;
}

/** A hook that prints what the client was given, for the one checked run. */
function writeReportingHook(dir: string): string {
  const hook = join(dir, 'report-hook');
  writeFileSync(hook, '#!/bin/sh\n[ "$1" = bound ] && echo "bound ip=$ip mask=$mask router=$router serverid=$serverid"\nexit 0\n');
  chmodSync(hook, 0o755);
  return hook;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vnb-dhcp-'));
  const began = Date.now();
  let virtnet: VirtnetPod | undefined;
  let vmNs: NetnsHandle | undefined;
  let capture: ChildProcess | undefined;
  // tcpdump would keep the pod netns (and itself) alive after the name is gone.
  cleanupOnSignals(() => {
    capture?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const node = createNamespace('n');
    const pod = createPod(node);
    const vm = createNamespace('v');
    const vmi = validateVmi(benchVmiManifest(), 'bench');
    mkdirSync(join(dir, 'cache'));
    virtnet = await plumbWithVirtnet(pod.netns, vmi, join(dir, 'cache'));
    const server = virtnet.net.servers[0]!;
    const bridge = server.config.bridgeName;
    ipBatch(vm, [`link add eth0 address ${pod.mac} mtu ${POD_NETWORK.mtu} type veth peer name vmnic0 mtu ${POD_NETWORK.mtu} netns ${pod.netns}`, 'link set eth0 up']);
    ipBatch(pod.netns, [`link set vmnic0 master ${bridge} up`]);
    vmNs = NetnsHandle.fromPath(`/run/netns/${vm}`);
    const pcap = join(dir, 'dhcp.pcap');
    capture = await startCapture(virtnet.ns, bridge, pcap);

    // The one checked run: the lease is the pod's address, from the bridge's fake IP.
    const check = await runIn(vmNs, 'udhcpc', udhcpcArgs(writeReportingHook(dir)));
    const expected = `bound ip=${POD_NETWORK.ip} mask=${POD_NETWORK.prefixLength} router=${POD_NETWORK.gateway} serverid=${server.config.serverId}`;
    if (check.exitCode !== 0 || !check.output.includes(expected)) {
      throw new Error(`failed to get the expected lease (${expected}): exit ${check.exitCode}\n${check.output}`);
    }
    const wall: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await sleep(GAP_MS);
      const r = await runIn(vmNs, 'udhcpc', udhcpcArgs('/bin/true'));
      if (r.exitCode !== 0) throw new Error(`failed to get a lease in run ${i}: exit ${r.exitCode}\n${r.output}`);
      if (i >= WARMUP) wall.push(r.wallMs);
    }
    await sleep(GAP_MS);
    await stopCapture(capture);

    const transactions = [...readCapture(pcap).values()];
    const complete = transactions.filter((t) => t.Discover && t.Offer && t.Request && t.ACK) as Record<DhcpMessage, number>[];
    const clientRuns = 1 + WARMUP + RUNS;
    const stats = server.stats;
    if (complete.length !== clientRuns || stats.offered !== clientRuns || stats.acked !== clientRuns) {
      throw new Error(`failed to account for every run: ${clientRuns} client runs, ${complete.length} complete transactions captured, server offered ${stats.offered} acked ${stats.acked}`);
    }
    // The first transactions are the checked run and the warm-up runs.
    const measured = complete.sort((a, b) => a.Discover - b.Discover).slice(1 + WARMUP);
    const ms = (from: DhcpMessage, to: DhcpMessage) => summarize(measured.map((t) => (t[to] - t[from]) * 1000));
    report(
      {
        wall: summarize(wall),
        discoverToOffer: ms('Discover', 'Offer'),
        offerToRequest: ms('Offer', 'Request'),
        requestToAck: ms('Request', 'ACK'),
        discoverToAck: ms('Discover', 'ACK'),
      },
      { stats, wallSeconds: (Date.now() - began) / 1000 },
    );
  } finally {
    if (capture !== undefined) await stopCapture(capture);
    await virtnet?.stop();
    vmNs?.close();
    removeAllNamespaces();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(
  s: Record<'wall' | 'discoverToOffer' | 'offerToRequest' | 'requestToAck' | 'discoverToAck', Summary>,
  extra: { stats: object; wallSeconds: number },
): void {
  const row = (label: string, x: Summary) => [label, round(x.median, 3), round(x.p90, 3), round(x.min, 3)] as const;
  const table = markdownTable(
    [`udhcpc against virtnet's DhcpV4Server, ${RUNS} runs`, 'median ms', 'p90 ms', 'min ms'],
    [
      row('client wall time: spawn → exit bound', s.wall),
      row('wire: DISCOVER → ACK', s.discoverToAck),
      row('server: DISCOVER → OFFER', s.discoverToOffer),
      row('client: OFFER → REQUEST', s.offerToRequest),
      row('server: REQUEST → ACK', s.requestToAck),
    ],
  );
  console.log(`\n${table}\n`);
  const file = writeResults('dhcp-latency', {
    bench: 'dhcp-latency',
    machine: machineInfo(),
    runs: RUNS,
    warmup: WARMUP,
    client: `udhcpc ${udhcpcArgs('/bin/true').join(' ')}`,
    clientVersion: /BusyBox v[\d.]+/.exec(spawnSync('udhcpc', ['--help'], { encoding: 'utf8' }).stderr)?.[0] ?? 'unknown',
    wallSeconds: round(extra.wallSeconds, 1),
    summariesMs: s,
    serverStats: extra.stats,
    table,
  });
  console.log(`results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
