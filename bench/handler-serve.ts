/**
 * Benchmark: phase 1 of one bridge NIC as a node agent gets it, from outside
 * the handler. Either the agent runs `virtnet handler setup` once per VM (a
 * new process each time), or it keeps one `virtnet handler serve` running and
 * sends it one request per VM over its Unix socket.
 *
 * Every run gets a fresh launcher-pod-like netns (see common.ts, createPod)
 * and its own cache directory on tmpfs.
 *  - serve: one `handler serve` process, started once, untimed. Each request
 *    is timed from writing its line to reading its answer. Request 1 is
 *    reported on its own: it loads the handler's modules.
 *  - one-shot: each `handler setup` process is timed from spawn to exit.
 * Every answer must be a success that made kernel changes, or the bench stops.
 * Not timed: pod creation and deletion, and a settle pause after each deletion.
 *
 * Run: see bench/README.md. Writes bench/results/handler-serve.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BENCH_DIR,
  benchVmiManifest,
  cleanupOnSignals,
  createNamespace,
  createPod,
  machineInfo,
  markdownTable,
  msSince,
  removeAllNamespaces,
  removeNamespace,
  round,
  sleep,
  summarize,
  writeResults,
} from './common.js';
import { HandlerClient } from '../src/cli/handler-client.js';

const REQUESTS = Number(process.env.BENCH_ITERATIONS ?? 30);
const ONE_SHOT_RUNS = Number(process.env.BENCH_ONE_SHOT_RUNS ?? 10);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300);
const CLI = join(BENCH_DIR, '..', 'dist', 'src', 'cli', 'main.js');
const WORK_DIR = mkdtempSync('/dev/shm/vnb-handler-serve-');

interface SetupAnswer {
  ok: boolean;
  result?: { interfaces: { changes: number }[] };
  error?: unknown;
}

/** Fails unless the handler made the pod's plumbing (some kernel changes, no error). */
function checkMadeChanges(answer: SetupAnswer, what: string): void {
  const changes = answer.result?.interfaces.reduce((sum, i) => sum + i.changes, 0) ?? 0;
  if (!answer.ok || changes === 0) throw new Error(`failed to set up a pod with ${what}: ${JSON.stringify(answer)}`);
}

/** `handler serve` on a socket in WORK_DIR; resolves once it logs that it serves. */
async function startServer(): Promise<{ socketPath: string; pid: number; stop(): Promise<void> }> {
  const socketPath = join(WORK_DIR, 'handler.sock');
  const child = spawn(process.execPath, [CLI, 'handler', 'serve', '--socket', socketPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      log += text;
      if (log.includes('"msg":"handler serving"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`failed to start handler serve: exit ${code}: ${log}`)));
  });
  return {
    socketPath,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function residentKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

async function main(): Promise<void> {
  cleanupOnSignals(() => rmSync(WORK_DIR, { recursive: true, force: true }));
  const node = createNamespace('n');
  const served: number[] = [];
  const oneShot: number[] = [];
  let rssKiB = 0;
  const began = Date.now();
  try {
    const server = await startServer();
    const client = await HandlerClient.connect(server.socketPath);
    try {
      for (let i = 0; i < REQUESTS; i++) {
        const pod = createPod(node);
        const cacheDir = mkdtempSync(join(WORK_DIR, 'cache-'));
        const line = JSON.stringify({ id: i, op: 'setup', netns: `/run/netns/${pod.netns}`, cacheDir, vmi: benchVmiManifest() });
        const start = process.hrtime.bigint();
        const answer = await client.send(line);
        served.push(msSince(start));
        checkMadeChanges(answer as SetupAnswer, 'handler serve');
        rmSync(cacheDir, { recursive: true, force: true });
        removeNamespace(pod.netns);
        await sleep(SETTLE_MS);
      }
      rssKiB = residentKiB(server.pid);
    } finally {
      client.close();
      await server.stop();
    }
    const vmiFile = join(WORK_DIR, 'vmi.json');
    for (let i = 0; i < ONE_SHOT_RUNS; i++) {
      const pod = createPod(node);
      const cacheDir = mkdtempSync(join(WORK_DIR, 'cache-'));
      writeFileSync(vmiFile, JSON.stringify(benchVmiManifest()));
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [CLI, 'handler', 'setup', '--vmi', vmiFile, '--netns', `/run/netns/${pod.netns}`, '--cache-dir', cacheDir], {
        encoding: 'utf8',
      });
      oneShot.push(msSince(start));
      if (r.status !== 0) throw new Error(`failed to run handler setup: exit ${r.status}: ${r.stderr}`);
      checkMadeChanges({ ok: true, result: JSON.parse(r.stdout) as SetupAnswer['result'] }, 'handler setup');
      rmSync(cacheDir, { recursive: true, force: true });
      removeNamespace(pod.netns);
      await sleep(SETTLE_MS);
    }
  } finally {
    removeAllNamespaces();
    rmSync(WORK_DIR, { recursive: true, force: true });
  }

  const later = summarize(served.slice(1));
  const once = summarize(oneShot);
  const row = (label: string, s: ReturnType<typeof summarize>) => [label, round(s.median), round(s.p90), round(s.min), round(s.max)] as const;
  const table = markdownTable(
    ['phase 1 of one bridge NIC, as the node agent sees it', 'median ms', 'p90 ms', 'min ms', 'max ms'],
    [
      ['`handler serve`, request 1 (loads the handler)', round(served[0]!), '', '', ''],
      row(`\`handler serve\`, requests 2–${REQUESTS}`, later),
      row('`handler setup`, one process per VM', once),
    ],
  );
  console.log(`\n${table}\n`);
  console.log(`one-shot / served median: ${round(once.median / later.median, 0)}x; handler serve resident after ${REQUESTS} requests: ${round(rssKiB / 1024, 1)} MiB`);
  const file = writeResults('handler-serve', {
    bench: 'handler-serve',
    machine: machineInfo(),
    requests: REQUESTS,
    oneShotRuns: ONE_SHOT_RUNS,
    settleMs: SETTLE_MS,
    wallSeconds: round((Date.now() - began) / 1000, 1),
    summaries: { servedFirst: served[0], served: later, oneShot: once },
    serverResidentMiB: round(rssKiB / 1024, 1),
    table,
    samplesMs: { served: served.map((ms) => round(ms, 3)), oneShot: oneShot.map((ms) => round(ms, 3)) },
  });
  console.log(`results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
