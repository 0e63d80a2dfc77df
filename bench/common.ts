/**
 * Shared plumbing of the benchmarks (not a benchmark itself): namespaces that
 * are always removed, pod-like namespaces, virtnet's phase 1 + 2 in-process,
 * one-shot commands, statistics, the results table and file.
 *
 * Every namespace a bench makes is named `vnb-<8 hex>-<role>` and is
 * registered before it exists, so `removeAllNamespaces()` (run from a
 * `finally` and from SIGINT/SIGTERM) deletes exactly what this process made,
 * with everything inside it.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InterfaceCache } from '../cache/interface-cache.js';
import { dhcpV4SocketOptions } from '../dhcp/v4/server.js';
import type { VirtualMachineInstance } from '../src/core/vmi.js';
import { NetnsHandle } from '../src/drivers/netns.js';
import { runPhase1 } from '../src/phases/phase1.js';
import { startPhase2, type LauncherNetwork } from '../src/phases/phase2.js';
import { BindingRegistry } from '../src/phases/registry.js';

/** bench/ in the source tree (this file runs compiled, from dist/bench/). */
export const BENCH_DIR = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'bench');
})();

const made = new Set<string>();

/** Runs a command to completion (synchronously); throws with its stderr when it fails. */
export function run(cmd: string, args: readonly string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }) });
  if (r.error !== undefined) throw new Error(`failed to run "${cmd} ${args.join(' ')}": ${r.error.message}`);
  if (r.status !== 0) throw new Error(`failed to run "${cmd} ${args.join(' ')}": exit ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** `ip -batch -` in a namespace: several setup steps in one process (setup only, never timed). */
export function ipBatch(netns: string, lines: readonly string[]): void {
  run('ip', ['-n', netns, '-batch', '-'], `${lines.join('\n')}\n`);
}

/** A fresh namespace `vnb-<hex>-<role>`, lo up; removed by removeAllNamespaces(). */
export function createNamespace(role: string): string {
  const name = `vnb-${randomBytes(4).toString('hex')}-${role}`;
  made.add(name);
  run('ip', ['netns', 'add', name]);
  run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return name;
}

/** Deletes a namespace this process made (its links go with it); tolerates it being gone. */
export function removeNamespace(name: string): void {
  if (!made.has(name)) throw new Error(`refusing to delete netns "${name}": not made by this benchmark`);
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  made.delete(name);
}

export function removeAllNamespaces(): void {
  for (const name of [...made]) removeNamespace(name);
}

/** Namespaces are removed on Ctrl-C too; `extra` stops whatever else the bench started. */
export function cleanupOnSignals(extra: () => void = () => undefined): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      extra();
      removeAllNamespaces();
      process.exit(130);
    });
  }
}

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles (no interpolation: every figure is a measured sample). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('failed to summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { n: sorted.length, median: rank(0.5), p90: rank(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

/** Milliseconds since `start` (a process.hrtime.bigint() value). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const round = (ms: number, digits = 2): number => Number(ms.toFixed(digits));

/** A Markdown table (the README pastes it as is). */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResults(name: string, results: object): string {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** Facts about the machine that belong next to any figure. */
export function machineInfo(): Record<string, string | number> {
  const cpus = run('nproc', []).trim();
  return {
    node: process.version,
    kernel: run('uname', ['-r']).trim(),
    cpus: Number(cpus),
    loadavg: run('cat', ['/proc/loadavg']).trim().split(' ').slice(0, 3).join(' '),
    date: new Date().toISOString(),
  };
}

/** The pod network every bench pod gets (each pod is its own netns, so they never collide). */
export const POD_NETWORK = { ip: '10.77.0.5', prefixLength: 24, gateway: '10.77.0.1', mtu: 1450 } as const;
export const RESOLV_CONF = 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n';
export const POD_HOSTNAME = 'bench-vm';

let podCounter = 0;

export interface BenchPod {
  netns: string;
  /** eth0's MAC as the CNI left it (the VM's MAC with the bridge binding). */
  mac: string;
}

/**
 * A launcher-pod-like netns as a CNI leaves it: eth0 (veth, MTU 1450) with
 * POD_NETWORK's address and a default route; the veth peer is in `nodeNs`, up.
 */
export function createPod(nodeNs: string): BenchPod {
  const netns = createNamespace('p');
  const peer = `vp${++podCounter}`;
  const { ip, prefixLength, gateway, mtu } = POD_NETWORK;
  ipBatch(nodeNs, [`link add ${peer} mtu ${mtu} type veth peer name eth0 mtu ${mtu} netns ${netns}`, `link set ${peer} up`]);
  ipBatch(netns, [`addr add ${ip}/${prefixLength} dev eth0`, 'link set eth0 up', `route add default via ${gateway} dev eth0`]);
  const [link] = JSON.parse(run('ip', ['-n', netns, '-j', 'link', 'show', 'dev', 'eth0'])) as { address: string }[];
  return { netns, mac: link!.address };
}

/** A VMI with one pod network on the bridge binding (the case both benches measure). */
export function benchVmiManifest(): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'bench-vm', namespace: 'default', uid: randomUUID() },
    spec: { domain: { devices: { interfaces: [{ name: 'default', bridge: {} }] } }, networks: [{ name: 'default', pod: {} }] },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface VirtnetPod {
  ns: NetnsHandle;
  net: LauncherNetwork;
  /** Stops the DHCP servers and closes the netns handle (the plumbing stays until the netns goes). */
  stop(): Promise<void>;
}

/** virtnet's phase 1 on a pod netns, as `handler setup` or one `handler serve` request runs it. */
export async function virtnetPhase1(ns: NetnsHandle, vmi: VirtualMachineInstance, cache: InterfaceCache, onChange?: () => void): Promise<void> {
  await runPhase1({ vmi, ns, cache, registry: new BindingRegistry(), ...(onChange ? { onChange } : {}) });
}

/**
 * virtnet in-process, as the CLI's `handler setup` + `launcher run` would do it:
 * runPhase1 on the pod netns, then startPhase2 until the DHCP servers listen.
 * `onChange` sees each kernel change, `phase1Done` is called between the phases.
 */
export async function plumbWithVirtnet(
  netns: string,
  vmi: VirtualMachineInstance,
  cacheDir: string,
  hooks: { onChange?: () => void; phase1Done?: () => void } = {},
): Promise<VirtnetPod> {
  const ns = NetnsHandle.fromPath(`/run/netns/${netns}`);
  const cache = new InterfaceCache(cacheDir);
  await virtnetPhase1(ns, vmi, cache, hooks.onChange);
  hooks.phase1Done?.();
  const net = await startPhase2({
    vmi,
    cache,
    podKey: ns.key,
    resolvConf: RESOLV_CONF,
    hostname: POD_HOSTNAME,
    // The launcher runs inside the pod netns; this process does not, so the socket is made there.
    openSocket: (bridge) => ns.openUdpSocket(dhcpV4SocketOptions({ bridgeName: bridge })),
  });
  return {
    ns,
    net,
    stop: async () => {
      await net.stop();
      ns.close();
    },
  };
}
