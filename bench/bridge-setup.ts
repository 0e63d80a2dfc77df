/**
 * Benchmark: setting up one bridge-binding NIC, virtnet in-process against
 * the same steps done by one `ip`/`sysctl` process each (shell-out style).
 *
 * Every iteration makes four fresh launcher-pod-like namespaces (eth0 veth,
 * 10.77.0.5/24, default route, MTU 1450, peer in a shared "node" netns) and
 * builds the same final state in each, in a rotating order:
 *  - virtnet: runPhase1 (bridge binding, cache in tmpfs) then startPhase2 until
 *    its DHCP server listens on k6t-eth0; no process is started;
 *  - baseline "node": discovery (`ip -j addr`, `ip -j route`) and every
 *    plumbing step as its own process, spawned from Node inside the pod netns
 *    (spawnSync, the cheapest spawn Node has), the DHCP facts handed over as a
 *    plain JSON file, then the same DhcpV4Server started in-process (KubeVirt's
 *    DHCP server has always been in-process);
 *  - baseline "sh": the same, but the plumbing steps are forked by one `sh`
 *    (a small shell forks faster than Node, so this bounds the baseline from below);
 *  - reference "batch" (not a baseline): the same, but all `ip` steps in one
 *    `ip -force -batch` process plus one `sysctl`: near the kernel's own cost
 *    of the changes, a floor for any implementation.
 * Timed: from opening the netns to the DHCP socket listening. Not timed: netns
 * and veth creation, the state check, stopping the server, netns deletion
 * (kernel link deletion), and a settle pause after it.
 * Then, as a long-running handler (`virtnet handler serve`) would be after
 * wiring BENCH_PRIOR_SETUPS VMs: phase 1 runs on that many throw-away pods
 * (untimed; phase 2 is not run there, it belongs to each VM's own launcher),
 * and virtnet alone is timed again, the same way. V8 compiles what a process
 * runs often; a one-shot `handler setup` never gets there, a daemon does.
 * After each run (outside the timing) the pod's state is read back with `ip`;
 * every other variant must match virtnet's state and DHCP server config exactly
 * (MACs compared by role), else the bench stops.
 *
 * Run: see bench/README.md. Writes bench/results/bridge-setup.json.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DhcpRoute, DhcpV4NetworkConfig, DhcpV4ServerConfig } from '../dhcp/v4/config.js';
import { DhcpV4Server, dhcpV4SocketOptions } from '../dhcp/v4/server.js';
import { formatCidr, networkOf, parseCidr } from '../src/core/ip.js';
import { bridgeName, fakeBridgeIp, renamedPodNicName, tapName } from '../src/core/names.js';
import { tapOwnerId } from '../src/core/queues.js';
import { validateVmi } from '../src/core/vmi-parse.js';
import type { VirtualMachineInstance } from '../src/core/vmi.js';
import { InterfaceCache } from '../cache/interface-cache.js';
import { randomLocalMac } from '../src/drivers/netlink.js';
import { NetnsHandle } from '../src/drivers/netns.js';
import { dhcpServerConfig } from '../src/phases/phase2.js';
import { parseResolvConf } from '../src/core/resolv-conf.js';
import {
  POD_HOSTNAME,
  RESOLV_CONF,
  benchVmiManifest,
  cleanupOnSignals,
  createNamespace,
  createPod,
  machineInfo,
  markdownTable,
  msSince,
  plumbWithVirtnet,
  removeAllNamespaces,
  removeNamespace,
  round,
  run,
  sleep,
  summarize,
  writeResults,
  virtnetPhase1,
  type BenchPod as Pod,
} from './common.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Pause after deleting an iteration's namespaces: the kernel frees their links in a workqueue. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300);
/** Phase-1 setups a long-running handler has done before the steady-state runs; 0 skips them. */
const PRIOR_SETUPS = Number(process.env.BENCH_PRIOR_SETUPS ?? 200);
/**
 * Holds each run's cache directory; on tmpfs, so the cache's fsyncs cost
 * syscalls, not disk flushes (a shared CI VM's disk is too noisy to time).
 */
const CACHE_PARENT = mkdtempSync('/dev/shm/vnb-bridge-setup-');

interface Measured {
  totalMs: number;
  /** virtnet: phase1/phase2; baselines: discover/plumb/dhcp. */
  splits: Record<string, number>;
  processes: number;
  dhcpConfig: DhcpV4ServerConfig;
  stop(): Promise<void>;
}

type VariantName = 'virtnet' | 'baseline-node' | 'baseline-sh' | 'reference-batch';

// ---------------------------------------------------------------------------------------------
// virtnet

async function runVirtnet(pod: Pod, vmi: VirtualMachineInstance): Promise<Measured> {
  const cacheDir = mkdtempSync(join(CACHE_PARENT, 'cache-'));
  // Kernel changes are timestamped through onChange, to split phase 1 into
  // read/plan/cache (up to the first change), the changes, and the final cache write.
  let firstChangeMs: number | undefined;
  let lastChangeMs = 0;
  let phase1Ms = 0;
  const start = process.hrtime.bigint();
  const plumbed = await plumbWithVirtnet(pod.netns, vmi, cacheDir, {
    onChange: () => {
      lastChangeMs = msSince(start);
      firstChangeMs ??= lastChangeMs;
    },
    phase1Done: () => {
      phase1Ms = msSince(start);
    },
  });
  const totalMs = msSince(start);
  return {
    totalMs,
    splits: {
      phase1: phase1Ms,
      untilFirstChange: firstChangeMs!,
      changes: lastChangeMs - firstChangeMs!,
      afterLastChange: phase1Ms - lastChangeMs,
      phase2: totalMs - phase1Ms,
    },
    processes: 0,
    dhcpConfig: plumbed.net.servers[0]!.config,
    stop: async () => {
      await plumbed.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Baseline: one process per step

/** A command run as its own process; `fallback` runs when it fails (dummy → ifb, as virtnet's `auto`). */
interface Step {
  argv: string[];
  fallback?: string[];
}

interface PodNicFacts {
  mac: string;
  mtu: number;
  /** CIDRs of the global addresses. */
  addresses: string[];
  ipv4: { address: string; prefixLength: number };
  routes: DhcpRoute[];
}

interface AddrJson {
  address: string;
  mtu: number;
  addr_info: { family: string; local: string; prefixlen: number; scope: string }[];
}

interface RouteJson {
  dst: string;
  gateway?: string;
}

/** What the old code read before touching anything: the NIC (one `ip` run) and its routes (another). */
function discoverPodNic(exec: (argv: string[]) => string): PodNicFacts {
  const [link] = JSON.parse(exec(['ip', '-j', 'addr', 'show', 'dev', 'eth0'])) as AddrJson[];
  const routes = JSON.parse(exec(['ip', '-j', '-4', 'route', 'show', 'dev', 'eth0'])) as RouteJson[];
  const global = link!.addr_info.filter((a) => a.scope !== 'link');
  const v4 = global.find((a) => a.family === 'inet')!;
  const localSubnet = formatCidr(networkOf(parseCidr(`${v4.local}/${v4.prefixlen}`)));
  return {
    mac: link!.address,
    mtu: link!.mtu,
    addresses: global.map((a) => `${a.local}/${a.prefixlen}`),
    ipv4: { address: v4.local, prefixLength: v4.prefixlen },
    // The kernel's route to the pod subnet is left out: the VM learns it from the mask.
    routes: routes
      .filter((r) => r.dst !== localSubnet)
      .map((r) => ({ destination: r.dst === 'default' ? null : r.dst, gateway: r.gateway ?? null })),
  };
}

/**
 * The bridge binding's steps (those KubeVirt's netpod applies) as one command
 * each, the way KubeVirt runs `virt-chroot create-tap` and each nft rule, in
 * virtnet's order: bridge with the fake IP; pod NIC down, renamed, given the
 * bridge's MAC, enslaved, stripped, up, learning off; tap; a placeholder
 * keeping eth0's name, MAC and addresses; arp_ignore.
 */
function baselineSteps(vmi: VirtualMachineInstance, nic: PodNicFacts, bridgeMac: string): { steps: Step[]; dhcp: DhcpV4NetworkConfig } {
  const bridge = bridgeName('eth0');
  const renamed = renamedPodNicName('eth0');
  const tap = tapName('eth0', vmi.spec.networks![0]!);
  const fakeIp = fakeBridgeIp(0);
  const owner = String(tapOwnerId(vmi));
  const mtu = String(nic.mtu);
  const placeholder = (kind: string): string[] => ['ip', 'link', 'add', 'eth0', 'address', nic.mac, 'mtu', mtu, 'type', kind];
  const steps: Step[] = [
    { argv: ['ip', 'link', 'add', bridge, 'address', bridgeMac, 'type', 'bridge'] },
    { argv: ['ip', 'addr', 'add', fakeIp, 'dev', bridge] },
    { argv: ['ip', 'link', 'set', bridge, 'up'] },
    { argv: ['ip', 'link', 'set', 'eth0', 'down'] },
    { argv: ['ip', 'link', 'set', 'eth0', 'name', renamed] },
    { argv: ['ip', 'link', 'set', renamed, 'address', bridgeMac] },
    { argv: ['ip', 'link', 'set', renamed, 'master', bridge] },
    ...nic.addresses.map((a) => ({ argv: ['ip', 'addr', 'del', a, 'dev', renamed] })),
    { argv: ['ip', 'link', 'set', renamed, 'up'] },
    { argv: ['ip', 'link', 'set', 'dev', renamed, 'type', 'bridge_slave', 'learning', 'off'] },
    // `pi`: a single-queue tap is made without IFF_NO_PI (virtnet, and KubeVirt's tap-device-maker).
    { argv: ['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap', 'user', owner, 'group', owner, 'pi', 'vnet_hdr'] },
    { argv: ['ip', 'link', 'set', tap, 'mtu', mtu] },
    { argv: ['ip', 'link', 'set', tap, 'master', bridge] },
    { argv: ['ip', 'link', 'set', tap, 'up'] },
    { argv: placeholder('dummy'), fallback: placeholder('ifb') },
    ...nic.addresses.map((a) => ({ argv: ['ip', 'addr', 'add', a, 'dev', 'eth0'] })),
    { argv: ['sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1'] },
  ];
  const dhcp: DhcpV4NetworkConfig = {
    ipamDisabled: false,
    clientMac: nic.mac,
    mtu: nic.mtu,
    serverId: fakeIp.split('/')[0]!,
    bridgeName: bridge,
    address: nic.ipv4.address,
    prefixLength: nic.ipv4.prefixLength,
    gateway: nic.routes.find((r) => r.destination === null)?.gateway ?? null,
    routes: nic.routes,
  };
  return { steps, dhcp };
}

function checked(argv: readonly string[], r: SpawnSyncReturns<string>): string {
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`failed to run "${argv.join(' ')}": ${r.error?.message ?? `exit ${r.status}`}: ${r.stderr.trim()}`);
  }
  return r.stdout;
}

const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

async function runBaseline(pod: Pod, vmi: VirtualMachineInstance, runner: 'node' | 'sh' | 'batch'): Promise<Measured> {
  const cacheDir = mkdtempSync(join(CACHE_PARENT, 'cache-'));
  const bridgeMac = randomLocalMac();
  let processes = 0;
  const start = process.hrtime.bigint();
  const ns = NetnsHandle.fromPath(`/run/netns/${pod.netns}`);
  const spawnInPod = (argv: readonly string[], input?: string): SpawnSyncReturns<string> => {
    processes++;
    return ns.run(() => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }) }));
  };
  const nic = discoverPodNic((argv) => checked(argv, spawnInPod(argv)));
  const discoverMs = msSince(start);
  const { steps, dhcp } = baselineSteps(vmi, nic, bridgeMac);
  if (runner === 'node') {
    for (const step of steps) {
      const r = spawnInPod(step.argv);
      if (r.status !== 0 && step.fallback !== undefined) checked(step.fallback, spawnInPod(step.fallback));
      else checked(step.argv, r);
    }
  } else if (runner === 'batch') {
    // -force: the dummy placeholder may fail (then ifb follows) or the ifb may (dummy made it);
    // a real failure shows as a state that differs from virtnet's.
    const ipLines = steps
      .filter((s) => s.argv[0] === 'ip')
      .flatMap((s) => [s.argv, ...(s.fallback === undefined ? [] : [s.fallback])])
      .map((argv) => argv.slice(1).map(shellQuote).join(' '));
    spawnInPod(['ip', '-force', '-batch', '-'], `${ipLines.join('\n')}\n`);
    for (const step of steps.filter((s) => s.argv[0] !== 'ip')) checked(step.argv, spawnInPod(step.argv));
  } else {
    const line = (argv: string[]): string => argv.map(shellQuote).join(' ');
    const script = steps
      .map((s) => (s.fallback === undefined ? line(s.argv) : `${line(s.argv)} 2>/dev/null || { echo fallback; ${line(s.fallback)}; }`))
      .join('\n');
    const argv = ['sh', '-e', '-c', script];
    const out = checked(['sh', '-e', '-c', '<plumbing script>'], spawnInPod(argv));
    processes += steps.length + out.split('\n').filter((l) => l === 'fallback').length;
  }
  const plumbedMs = msSince(start);
  // The handoff to the launcher, as KubeVirt's cache file was: written by one side, read by the other.
  const handoff = join(cacheDir, 'dhcp.json');
  writeFileSync(handoff, JSON.stringify(dhcp));
  const network = JSON.parse(readFileSync(handoff, 'utf8')) as DhcpV4NetworkConfig;
  const iface = vmi.spec.domain.devices.interfaces![0]!;
  const config = dhcpServerConfig(network, iface, vmi, parseResolvConf(RESOLV_CONF), POD_HOSTNAME, {});
  const server = new DhcpV4Server(config, { openSocket: () => ns.openUdpSocket(dhcpV4SocketOptions(config)) });
  await server.start();
  const totalMs = msSince(start);
  return {
    totalMs,
    splits: { discover: discoverMs, plumb: plumbedMs - discoverMs, dhcp: totalMs - plumbedMs },
    processes,
    dhcpConfig: config,
    stop: async () => {
      await server.stop();
      ns.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checking that every variant built the same thing

interface LinkJson {
  ifname: string;
  address: string;
  mtu: number;
  master?: string;
  flags: string[];
  linkinfo?: {
    info_kind?: string;
    info_data?: Record<string, unknown>;
    info_slave_kind?: string;
    info_slave_data?: { learning?: boolean };
  };
  addr_info?: { local: string; prefixlen: number; scope: string }[];
}

/** The pod as `ip`, `sysctl` and `ss` report it, MACs replaced by their role, as comparable JSON. */
function podState(pod: Pod): string {
  const links = JSON.parse(run('ip', ['-n', pod.netns, '-j', '-d', 'addr', 'show'])) as LinkJson[];
  const bridgeMac = links.find((l) => l.linkinfo?.info_kind === 'bridge')?.address;
  const role = (mac: string): string => (mac === pod.mac ? 'pod-mac' : mac === bridgeMac ? 'bridge-mac' : 'own-mac');
  const tunKeys = ['type', 'pi', 'vnet_hdr', 'multi_queue', 'persist', 'user', 'group'];
  const view = links
    .filter((l) => l.ifname !== 'lo')
    .map((l) => ({
      name: l.ifname,
      kind: l.linkinfo?.info_kind ?? 'device',
      mac: role(l.address),
      mtu: l.mtu,
      up: l.flags.includes('UP'),
      master: l.master ?? null,
      learning: l.linkinfo?.info_slave_data?.learning ?? null,
      tun: l.linkinfo?.info_kind === 'tun' ? tunKeys.map((k) => `${k}=${String(l.linkinfo?.info_data?.[k])}`) : null,
      addresses: (l.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const routes = run('ip', ['-n', pod.netns, '-4', 'route', 'show']).trim();
  const arpIgnore = run('ip', ['netns', 'exec', pod.netns, 'sysctl', '-n', 'net.ipv4.conf.all.arp_ignore']).trim();
  const dhcpSockets = run('ip', ['netns', 'exec', pod.netns, 'ss', '-H', '-uln', 'sport = :67'])
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[3]);
  return JSON.stringify({ view, routes, arpIgnore, dhcpSockets }, null, 1);
}

function normalizedConfig(config: DhcpV4ServerConfig, pod: Pod): DhcpV4ServerConfig {
  return { ...config, clientMac: config.clientMac === pod.mac ? 'pod-mac' : `not the pod MAC: ${config.clientMac}` };
}

// ---------------------------------------------------------------------------------------------

const VARIANTS: readonly VariantName[] = ['virtnet', 'baseline-node', 'baseline-sh', 'reference-batch'];

function runVariant(name: VariantName, pod: Pod, vmi: VirtualMachineInstance): Promise<Measured> {
  switch (name) {
    case 'virtnet':
      return runVirtnet(pod, vmi);
    case 'baseline-node':
      return runBaseline(pod, vmi, 'node');
    case 'baseline-sh':
      return runBaseline(pod, vmi, 'sh');
    case 'reference-batch':
      return runBaseline(pod, vmi, 'batch');
  }
}

/**
 * Phase 1 on `count` throw-away pods, untimed: what a `handler serve` process has behind it after
 * wiring that many VMs. Each pod is deleted, and the kernel given time to free it, before the next.
 */
async function priorSetups(node: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const pod = createPod(node);
    const cacheDir = mkdtempSync(join(CACHE_PARENT, 'prior-'));
    const ns = NetnsHandle.fromPath(`/run/netns/${pod.netns}`);
    try {
      await virtnetPhase1(ns, validateVmi(benchVmiManifest(), 'bench'), new InterfaceCache(cacheDir));
    } finally {
      ns.close();
      rmSync(cacheDir, { recursive: true, force: true });
      removeNamespace(pod.netns);
    }
    await sleep(SETTLE_MS / 10);
  }
  await sleep(SETTLE_MS * 3);
}

interface Sample {
  totalMs: number;
  splits: Record<string, number>;
  processes: number;
}

async function main(): Promise<void> {
  const samples: Record<VariantName, Sample[]> = { virtnet: [], 'baseline-node': [], 'baseline-sh': [], 'reference-batch': [] };
  const steady: Sample[] = [];
  let referenceState = '';
  const running: Measured[] = [];
  cleanupOnSignals(() => rmSync(CACHE_PARENT, { recursive: true, force: true }));
  const node = createNamespace('n');
  const began = Date.now();
  try {
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const vmi = validateVmi(benchVmiManifest(), 'bench');
      const states = new Map<VariantName, { state: string; config: DhcpV4ServerConfig }>();
      const pods: Pod[] = [];
      // Rotate the order so no variant always runs right after the settle pause.
      const order = VARIANTS.map((_, k) => VARIANTS[(i + k) % VARIANTS.length]!);
      for (const name of order) {
        const pod = createPod(node);
        pods.push(pod);
        const pristine = podState(pod);
        const measured = await runVariant(name, pod, vmi);
        running.push(measured);
        const state = podState(pod);
        await measured.stop();
        running.splice(running.indexOf(measured), 1);
        if (state === pristine) throw new Error(`failed to see any change made by ${name}: the pod state is the pristine one`);
        states.set(name, { state, config: normalizedConfig(measured.dhcpConfig, pod) });
        if (i >= WARMUP) samples[name].push({ totalMs: measured.totalMs, splits: measured.splits, processes: measured.processes });
      }
      const reference = states.get('virtnet')!;
      referenceState = reference.state;
      for (const [name, got] of states) {
        if (got.state !== reference.state) throw new Error(`failed to build the same pod with ${name} as with virtnet:\n${got.state}\n--- virtnet ---\n${reference.state}`);
        if (!isDeepStrictEqual(got.config, reference.config)) {
          throw new Error(`failed to configure the same dhcp server with ${name}: ${JSON.stringify(got.config)} vs ${JSON.stringify(reference.config)}`);
        }
      }
      if (i === 0) console.error(`state checked equal for all variants; virtnet's pod:\n${reference.state}`);
      for (const pod of pods) removeNamespace(pod.netns);
      await sleep(SETTLE_MS);
    }
    if (PRIOR_SETUPS > 0) {
      await priorSetups(node, PRIOR_SETUPS);
      for (let i = 0; i < ITERATIONS; i++) {
        const pod = createPod(node);
        const measured = await runVirtnet(pod, validateVmi(benchVmiManifest(), 'bench'));
        running.push(measured);
        const state = podState(pod);
        await measured.stop();
        running.splice(running.indexOf(measured), 1);
        if (state !== referenceState) throw new Error(`failed to build the same pod after ${PRIOR_SETUPS} setups:\n${state}\n--- before ---\n${referenceState}`);
        steady.push({ totalMs: measured.totalMs, splits: measured.splits, processes: 0 });
        removeNamespace(pod.netns);
        await sleep(SETTLE_MS);
      }
    }
  } finally {
    await Promise.allSettled(running.map((m) => m.stop()));
    removeAllNamespaces();
    rmSync(CACHE_PARENT, { recursive: true, force: true });
  }
  report(samples, steady, (Date.now() - began) / 1000);
}

/** virtnet's total and its phase splits (see runVirtnet), summarized. */
function virtnetSummary(samples: readonly Sample[]) {
  const split = (key: string) => summarize(samples.map((s) => s.splits[key]!));
  return {
    total: summarize(samples.map((s) => s.totalMs)),
    phase1: split('phase1'),
    phase1UntilFirstChange: split('untilFirstChange'),
    phase1Changes: split('changes'),
    phase1AfterLastChange: split('afterLastChange'),
    phase2: split('phase2'),
  };
}

function report(samples: Record<VariantName, Sample[]>, steady: Sample[], wallSeconds: number): void {
  const total = (name: VariantName) => summarize(samples[name].map((s) => s.totalMs));
  const split = (name: VariantName, key: string) => summarize(samples[name].map((s) => s.splits[key]!));
  const virtnet = virtnetSummary(samples.virtnet);
  const warm = steady.length > 0 ? virtnetSummary(steady) : null;
  const node = total('baseline-node');
  const sh = total('baseline-sh');
  const batch = total('reference-batch');
  const processes = (name: VariantName): number => samples[name][0]!.processes;
  const row = (label: string, s: ReturnType<typeof summarize>, procs: number | string) =>
    [label, round(s.median), round(s.p90), round(s.min), procs] as const;
  const virtnetRows = (label: string, v: ReturnType<typeof virtnetSummary>) => [
    row(`${label}, total: phase 1 + phase 2 until DHCP listens`, v.total, 0),
    row(`${label}, phase 1 (runPhase1)`, v.phase1, ''),
    row(`${label}, phase 1 up to the 1st change: read, probe, plan, cache write`, v.phase1UntilFirstChange, ''),
    row(`${label}, phase 1, the other kernel changes`, v.phase1Changes, ''),
    row(`${label}, phase 1, final cache write`, v.phase1AfterLastChange, ''),
    row(`${label}, phase 2 (startPhase2 until listening)`, v.phase2, ''),
  ];
  const rows = [
    ...virtnetRows(`virtnet in-process, the process's setups ${WARMUP + 1}–${WARMUP + ITERATIONS}`, virtnet),
    ...(warm === null ? [] : virtnetRows(`virtnet as a handler daemon, its setups ${WARMUP + ITERATIONS + PRIOR_SETUPS + 1}–${WARMUP + 2 * ITERATIONS + PRIOR_SETUPS}`, warm)),
    row('baseline: one process per step, spawned from Node', node, processes('baseline-node')),
    row('baseline: one process per step, forked by one sh', sh, processes('baseline-sh')),
    row('reference: all link steps in one `ip -batch` process', batch, processes('reference-batch')),
    row('reference, of which the ip -batch and sysctl processes', split('reference-batch', 'plumb'), ''),
  ];
  const ratio = (baseline: { median: number }, v: { median: number } | undefined) => (v === undefined ? null : round(baseline.median / v.median, 1));
  const ratios = {
    nodeBaselineOverVirtnet: ratio(node, virtnet.total)!,
    shBaselineOverVirtnet: ratio(sh, virtnet.total)!,
    nodeBaselineOverDaemon: ratio(node, warm?.total),
    shBaselineOverDaemon: ratio(sh, warm?.total),
  };
  const targets = {
    tenTimesFasterThanNodeBaseline: ratios.nodeBaselineOverVirtnet >= 10,
    under5msMedian: virtnet.total.median < 5,
    daemonTenTimesFasterThanNodeBaseline: ratios.nodeBaselineOverDaemon === null ? null : ratios.nodeBaselineOverDaemon >= 10,
    daemonUnder5msMedian: warm === null ? null : warm.total.median < 5,
  };
  const table = markdownTable(['one bridge NIC, fresh pod netns', 'median ms', 'p90 ms', 'min ms', 'processes'], rows);
  console.log(`\n${table}\n`);
  console.log(`median ratio baseline/virtnet: ${ratios.nodeBaselineOverVirtnet}x (Node spawns), ${ratios.shBaselineOverVirtnet}x (sh forks)`);
  if (warm !== null) console.log(`median ratio baseline/virtnet as a daemon: ${ratios.nodeBaselineOverDaemon}x (Node spawns), ${ratios.shBaselineOverDaemon}x (sh forks)`);
  console.log(`targets: ${JSON.stringify(targets)}`);
  const file = writeResults('bridge-setup', {
    bench: 'bridge-setup',
    machine: machineInfo(),
    iterations: ITERATIONS,
    warmup: WARMUP,
    priorSetups: PRIOR_SETUPS,
    settleMs: SETTLE_MS,
    wallSeconds: round(wallSeconds, 1),
    summaries: {
      virtnet,
      virtnetDaemon: warm,
      baselineNode: { total: node, discover: split('baseline-node', 'discover'), plumb: split('baseline-node', 'plumb'), dhcp: split('baseline-node', 'dhcp') },
      baselineSh: { total: sh, discover: split('baseline-sh', 'discover'), plumb: split('baseline-sh', 'plumb'), dhcp: split('baseline-sh', 'dhcp') },
      referenceBatch: { total: batch, discover: split('reference-batch', 'discover'), plumb: split('reference-batch', 'plumb'), dhcp: split('reference-batch', 'dhcp') },
    },
    processes: {
      virtnet: processes('virtnet'),
      baselineNode: processes('baseline-node'),
      baselineSh: processes('baseline-sh'),
      referenceBatch: processes('reference-batch'),
    },
    ratios,
    targets,
    table,
    samplesMs: {
      ...Object.fromEntries(VARIANTS.map((v) => [v, samples[v].map((s) => round(s.totalMs, 3))])),
      virtnetDaemon: steady.map((s) => round(s.totalMs, 3)),
    },
  });
  console.log(`results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
