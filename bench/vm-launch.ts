/**
 * vm-launch: from `virtnet handler setup` to the guest's DHCP lease, for a
 * real guest (tests' tiny Debian-kernel + busybox guest, qemu TCG, 128 MiB,
 * one vCPU) on the bridge binding, split into:
 *   phase 1        `virtnet handler setup` (one CLI process, root)
 *   launcher       spawn of `virtnet launcher run` to "launcher ready"
 *     phase 2        of which: cache read + DHCP servers (launcher's own timing)
 *     define/start   of which: `virsh define` + `virsh start` (launcher's own timing)
 *   guest boot     "launcher ready" to the lease line on the serial console
 *                  (console polled every 250 ms)
 * and the launcher's resident memory (VmRSS, VmHWM) while the VM runs.
 *
 * It reuses the VM test harness (test/helpers/vm-launcher.ts: topology
 * namespaces, private libvirtd, guest image) and so runs from the TypeScript
 * sources, as root, after `npm run build` (the CLI it starts is dist/):
 *   node --import=./node_modules/@tapjs/typescript/dist/esm/import.mjs bench/vm-launch.ts
 * Knob: BENCH_RUNS (default 3). Results: bench/results/vm-launch.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTopology } from '../test/helpers/topology.js';
import { podNetworkVmi } from '../test/helpers/virtnet-cli.js';
import { launchVm } from '../test/helpers/vm-launcher.js';
import { ensureGuest } from '../test/helpers/vm-guest.js';

interface Sample {
  phase1Ms: number;
  launcherReadyMs: number;
  phase2Ms: number;
  defineMs: number;
  startMs: number;
  guestBootMs: number;
  totalMs: number;
  rssKiB: number;
  hwmKiB: number;
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const teardowns: (() => unknown)[] = [];
const t = { teardown: (fn: () => unknown) => teardowns.push(fn) };

function procStatusKiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? NaN : Number(match[1]);
}

async function oneRun(): Promise<Sample> {
  const topology = await createTopology();
  teardowns.push(() => topology.destroy());
  const vm = await launchVm({ t, topology, vmi: podNetworkVmi({ uid: randomUUID(), binding: 'bridge' }) });
  const readyAt = performance.now();
  await vm.waitForGuest((c) => c.leases.length > 0, 120_000);
  const guestBootMs = performance.now() - readyAt;
  const ready = /\{[^\n]*"msg":"launcher ready"[^\n]*\}/.exec(vm.launcher.output());
  const timings = (JSON.parse(ready![0]) as { timings: { phase2Ms: number; defineMs: number; startMs: number } }).timings;
  const sample: Sample = {
    phase1Ms: vm.marks.phase1Ms,
    launcherReadyMs: vm.marks.launcherReadyMs,
    ...timings,
    guestBootMs,
    totalMs: vm.marks.phase1Ms + vm.marks.launcherReadyMs + guestBootMs,
    rssKiB: procStatusKiB(vm.launcher.pid, 'VmRSS'),
    hwmKiB: procStatusKiB(vm.launcher.pid, 'VmHWM'),
  };
  while (teardowns.length > 0) await teardowns.pop()!();
  return sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  await ensureGuest(); // a first build is not part of any sample
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) samples.push(await oneRun());
  } finally {
    while (teardowns.length > 0) await teardowns.pop()!();
  }
  const rows: [string, keyof Sample, string][] = [
    ['phase 1 (`handler setup` process)', 'phase1Ms', 'ms'],
    ['launcher spawn → ready', 'launcherReadyMs', 'ms'],
    ['  of which phase 2', 'phase2Ms', 'ms'],
    ['  of which virsh define', 'defineMs', 'ms'],
    ['  of which virsh start', 'startMs', 'ms'],
    ['guest boot → lease', 'guestBootMs', 'ms'],
    ['total', 'totalMs', 'ms'],
    ['launcher RSS with the VM running', 'rssKiB', 'KiB'],
    ['launcher peak RSS (VmHWM)', 'hwmKiB', 'KiB'],
  ];
  console.log(`| step (${samples.length} runs) | median | min | max |\n| --- | --- | --- | --- |`);
  for (const [label, key, unit] of rows) {
    const values = samples.map((s) => s[key]);
    const f = (v: number) => `${Math.round(v)} ${unit}`;
    console.log(`| ${label} | ${f(median(values))} | ${f(Math.min(...values))} | ${f(Math.max(...values))} |`);
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'vm-launch.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ bench: 'vm-launch', runs: samples.length, samples }, null, 2)}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled(teardowns.reverse().map((fn) => fn())).then(() => process.exit(130));
  });
}
await main();
