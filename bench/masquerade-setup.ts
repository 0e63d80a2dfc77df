/**
 * Benchmark: setting up one masquerade NIC with virtnet, in-process, against
 * KubeVirt's way of installing the NAT alone: one `nft` process per table,
 * chain and rule (HEAD:pkg/network/driver/nft/nft.go runs `nft add ...` per
 * rule).
 *
 * Every iteration makes four fresh launcher-pod-like namespaces (eth0 veth,
 * 10.77.0.5/24, default route, MTU 1450) and runs one variant in each, in a
 * rotating order:
 *  - virtnet: runPhase1 (masquerade binding: bridge, tap, sysctls, the NAT as
 *    one nft JSON transaction, cache on tmpfs) then startPhase2 until the DHCP
 *    server listens on k6t-eth0. The whole NIC.
 *  - virtnet NAT only: the same NAT batch through applyNftBatch (one `nft -j`
 *    process): the NAT's share of the figure above.
 *  - KubeVirt NAT, spawned inside: the commands of the same batch rendered as
 *    `nft add table|chain|rule ...`, one process each, spawned with spawnSync
 *    from this thread while it is inside the pod netns (as virt-handler, a Go
 *    process in the netns, execs nft).
 *  - KubeVirt NAT, `ip netns exec`: the same commands, each as
 *    `ip netns exec <pod> nft add ...` from the root netns.
 * The KubeVirt variants install only the NAT, not the bridge, tap, sysctls or
 * DHCP server: a lower bound of KubeVirt's whole NIC, so virtnet's whole NIC
 * against them understates the difference.
 *
 * Timed: from opening the netns (virtnet) or the first command (the others)
 * to the DHCP socket listening (virtnet) or the last nft process exiting.
 * Not timed: namespace creation, the check below, deletion, a settle pause.
 * Fairness check after every iteration: `nft -s list table ip nat` (rules
 * without counter values) of every pod must equal virtnet's, else the bench
 * stops.
 *
 * Run: see bench/README.md. Writes bench/results/masquerade-setup.json.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { planMasqueradeNat } from '../bindings/masquerade-nft.js';
import type { NftBatch, NftCommand } from '../src/core/nft-types.js';
import { validateVmi } from '../src/core/vmi-parse.js';
import type { VirtualMachineInstance } from '../src/core/vmi.js';
import { NetnsHandle } from '../src/drivers/netns.js';
import { applyNftBatch } from '../src/drivers/nft.js';
import {
  POD_NETWORK,
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
  type BenchPod as Pod,
} from './common.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300);
const CACHE_PARENT = mkdtempSync('/dev/shm/vnb-masquerade-setup-');

const VARIANTS = ['virtnet', 'virtnet-nat', 'kubevirt-nat-inside', 'kubevirt-nat-ipnetns'] as const;
type VariantName = (typeof VARIANTS)[number];

interface Measured {
  totalMs: number;
  processes: number;
  stop(): Promise<void>;
}

function masqueradeVmi(): VirtualMachineInstance {
  return validateVmi(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'bench-vm', namespace: 'default', uid: randomUUID() },
      spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] },
    },
    'bench',
  );
}

/**
 * The batch virtnet's plan holds for this pod: no status, so migration is not
 * over a Unix socket and the libvirt migration-port returns are included, as in KubeVirt.
 */
const NAT_BATCH: NftBatch = planMasqueradeNat({
  family: 4,
  vmAddress: '10.0.2.2',
  gatewayAddress: '10.0.2.1',
  podIfaceName: 'eth0',
  bridgeName: 'k6t-eth0',
  podIPv4: POD_NETWORK.ip,
  istio: false,
  skipMigrationPorts: true,
});

/**
 * The batch as KubeVirt's command lines: `add table`, `add chain` (base chains
 * with their spec as one argument), `add rule` with the expressions in nft
 * syntax. `flush` is left out: KubeVirt does not flush, and on a fresh pod it
 * changes nothing.
 */
function kubevirtCommandLines(batch: NftBatch): string[][] {
  return batch.commands.flatMap((command: NftCommand): string[][] => {
    const add = command.add as Record<string, Record<string, unknown>> | undefined;
    if (add?.table) return [['add', 'table', String(add.table.family), String(add.table.name)]];
    if (add?.chain) {
      const c = add.chain;
      const head = ['add', 'chain', String(c.family), String(c.table), String(c.name)];
      return [c.hook === undefined ? head : [...head, `{ type ${String(c.type)} hook ${String(c.hook)} priority ${String(c.prio)}; }`]];
    }
    if (add?.rule) {
      const r = add.rule;
      return [['add', 'rule', String(r.family), String(r.table), String(r.chain), ...(r.expr as unknown[]).map(renderExpression)]];
    }
    return [];
  });
}

function renderExpression(e: unknown): string {
  if (typeof e === 'string' || typeof e === 'number') return String(e);
  const [[key, v]] = Object.entries(e as Record<string, unknown>) as [[string, Record<string, unknown>]];
  switch (key) {
    case 'match':
      return `${renderExpression(v.left)} ${renderExpression(v.right)}`;
    case 'payload':
      return `${String(v.protocol)} ${String(v.field)}`;
    case 'meta':
      return String(v.key);
    case 'set':
      return `{ ${(v as unknown as unknown[]).map(renderExpression).join(', ')} }`;
    case 'counter':
    case 'masquerade':
    case 'return':
      return key;
    case 'snat':
    case 'dnat':
      return `${key} to ${String(v.addr)}`;
    case 'jump':
      return `jump ${String(v.target)}`;
    default:
      throw new Error(`failed to render nft expression "${key}"`);
  }
}

const KUBEVIRT_LINES = kubevirtCommandLines(NAT_BATCH);

function spawnChecked(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`failed to run "${cmd} ${args.join(' ')}": ${r.error?.message ?? r.stderr.trim()}`);
}

async function runVariant(name: VariantName, pod: Pod, vmi: VirtualMachineInstance): Promise<Measured> {
  switch (name) {
    case 'virtnet': {
      const cacheDir = mkdtempSync(join(CACHE_PARENT, 'cache-'));
      const start = process.hrtime.bigint();
      const plumbed = await plumbWithVirtnet(pod.netns, vmi, cacheDir);
      const totalMs = msSince(start);
      return {
        totalMs,
        processes: 1,
        stop: async () => {
          await plumbed.stop();
          rmSync(cacheDir, { recursive: true, force: true });
        },
      };
    }
    case 'virtnet-nat': {
      const start = process.hrtime.bigint();
      const ns = NetnsHandle.fromPath(`/run/netns/${pod.netns}`);
      await applyNftBatch(ns, NAT_BATCH);
      const totalMs = msSince(start);
      ns.close();
      return { totalMs, processes: 1, stop: async () => undefined };
    }
    case 'kubevirt-nat-inside': {
      const start = process.hrtime.bigint();
      const ns = NetnsHandle.fromPath(`/run/netns/${pod.netns}`);
      ns.run(() => {
        for (const line of KUBEVIRT_LINES) spawnChecked('nft', line);
      });
      const totalMs = msSince(start);
      ns.close();
      return { totalMs, processes: KUBEVIRT_LINES.length, stop: async () => undefined };
    }
    case 'kubevirt-nat-ipnetns': {
      const start = process.hrtime.bigint();
      for (const line of KUBEVIRT_LINES) spawnChecked('ip', ['netns', 'exec', pod.netns, 'nft', ...line]);
      return { totalMs: msSince(start), processes: KUBEVIRT_LINES.length, stop: async () => undefined };
    }
  }
}

async function main(): Promise<void> {
  cleanupOnSignals(() => rmSync(CACHE_PARENT, { recursive: true, force: true }));
  const began = Date.now();
  const samples = Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]])) as Record<VariantName, number[]>;
  const running: Measured[] = [];
  try {
    const node = createNamespace('n');
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const pods: Pod[] = [];
      const listings = new Map<VariantName, string>();
      const order = VARIANTS.map((_, k) => VARIANTS[(i + k) % VARIANTS.length]!);
      for (const name of order) {
        const pod = createPod(node);
        pods.push(pod);
        const vmi = masqueradeVmi();
        const measured = await runVariant(name, pod, vmi);
        running.push(measured);
        listings.set(name, run('ip', ['netns', 'exec', pod.netns, 'nft', '-s', 'list', 'table', 'ip', 'nat']));
        await measured.stop();
        running.splice(running.indexOf(measured), 1);
        if (i >= WARMUP) samples[name].push(measured.totalMs);
      }
      const reference = listings.get('virtnet')!;
      for (const [name, listing] of listings) {
        if (listing !== reference) throw new Error(`failed to install the same nat table with ${name} as virtnet:\n${listing}\n--- virtnet ---\n${reference}`);
      }
      if (i === 0) console.error(`nat tables checked equal for all variants:\n${reference}`);
      for (const pod of pods) removeNamespace(pod.netns);
      await sleep(SETTLE_MS);
    }
  } finally {
    await Promise.allSettled(running.map((m) => m.stop()));
    removeAllNamespaces();
    rmSync(CACHE_PARENT, { recursive: true, force: true });
  }
  report(samples, (Date.now() - began) / 1000);
}

function report(samples: Record<VariantName, number[]>, wallSeconds: number): void {
  const s = Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<VariantName, ReturnType<typeof summarize>>;
  const labels: Record<VariantName, [string, number]> = {
    virtnet: ['virtnet in-process, whole NIC: phase 1 (bridge, tap, sysctls, NAT) + phase 2 until DHCP listens', 1],
    'virtnet-nat': ['virtnet, the NAT alone: one `nft -j` transaction', 1],
    'kubevirt-nat-inside': ['KubeVirt-style NAT alone: one `nft add` per table/chain/rule, spawned inside the netns', KUBEVIRT_LINES.length],
    'kubevirt-nat-ipnetns': ['KubeVirt-style NAT alone: one `ip netns exec … nft add` per table/chain/rule', KUBEVIRT_LINES.length],
  };
  const rows = VARIANTS.map((v) => [labels[v][0], round(s[v].median), round(s[v].p90), round(s[v].min), labels[v][1]] as const);
  const ratios = {
    kubevirtNatInsideOverVirtnetWholeNic: round(s['kubevirt-nat-inside'].median / s.virtnet.median, 1),
    kubevirtNatIpNetnsOverVirtnetWholeNic: round(s['kubevirt-nat-ipnetns'].median / s.virtnet.median, 1),
    kubevirtNatInsideOverVirtnetNat: round(s['kubevirt-nat-inside'].median / s['virtnet-nat'].median, 1),
  };
  const table = markdownTable(['one masquerade NIC (IPv4), fresh pod netns', 'median ms', 'p90 ms', 'min ms', 'processes'], rows);
  console.log(`\n${table}\n`);
  console.log(`median ratios: ${JSON.stringify(ratios)}`);
  const file = writeResults('masquerade-setup', {
    bench: 'masquerade-setup',
    machine: machineInfo(),
    iterations: ITERATIONS,
    warmup: WARMUP,
    settleMs: SETTLE_MS,
    wallSeconds: round(wallSeconds, 1),
    kubevirtCommands: KUBEVIRT_LINES.map((l) => `nft ${l.join(' ')}`),
    summaries: s,
    ratios,
    table,
    samplesMs: Object.fromEntries(VARIANTS.map((v) => [v, samples[v].map((x) => round(x, 3))])),
  });
  console.log(`results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
