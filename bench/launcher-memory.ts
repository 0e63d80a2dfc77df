/**
 * Benchmark: resident memory of one `virtnet launcher run` process serving one
 * interface, idle and under DHCP load.
 *
 * Setup (not measured): a launcher-pod-like netns (common.ts createPod) plumbed
 * by the real CLI, `virtnet handler setup --netns` (masquerade binding: bridge
 * k6t-eth0 10.0.2.1/24, the server answers any MAC, so perfdhcp's many clients
 * are served); a VM stand-in netns whose eth0 (10.0.2.200/24) is a veth port
 * of k6t-eth0. Then `virtnet launcher run` inside the pod netns as uid 107
 * with only CAP_NET_BIND_SERVICE, as test/helpers/virtnet-cli.ts starts it,
 * at its default log level (info: one JSON line per DHCP reply, drained).
 *
 * Measured from /proc/<pid>/status of the launcher's node process: VmRSS
 * (resident now) and VmHWM (peak resident) after "launcher ready" plus
 * BENCH_IDLE_S seconds; then VmRSS sampled every 250 ms while perfdhcp runs
 * BENCH_LOAD_RATE DORA exchanges/s with BENCH_LOAD_CLIENTS MACs for
 * BENCH_LOAD_S seconds, and VmHWM after it. The services counted are those the
 * launcher reports in its "launcher ready" line.
 *
 * Run: see bench/README.md (needs `npm run build` or `npx tsc -p bench`, and
 * perfdhcp from Debian kea-admin). Writes bench/results/launcher-memory.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOLV_CONF, cleanupOnSignals, createNamespace, createPod, ipBatch, machineInfo, markdownTable, removeAllNamespaces, round, run, sleep, summarize, writeResults } from './common.js';

const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 3);
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 500);
const LOAD_CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 2000);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 10);
const SAMPLE_MS = 250;
/**
 * Node options for the launcher process, e.g. `--max-semi-space-size=1`: V8's
 * young generation grows to 16 MiB per semi-space under a steady stream of
 * short-lived objects (one per packet), which is most of the growth under load.
 */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((f) => f !== '');
const TARGET_MB = 60;

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const CLI_ENV = { PATH: `${dirname(process.execPath)}:/usr/sbin:/usr/bin:/sbin:/bin` };
const BRIDGE = 'k6t-eth0';
const GATEWAY = '10.0.2.1';
const RELAY_IP = '10.0.2.200';
const POD_IPV6 = 'fd77::5';
const POD_IPV6_GATEWAY = 'fd77::1';

/** VmRSS and VmHWM of `pid`, MiB. */
function residentMiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (m === null) throw new Error(`failed to read ${field} of pid ${pid}`);
    return Number(m[1]) / 1024;
  };
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** The launcher in the pod netns as uid 107 with CAP_NET_BIND_SERVICE; resolves with its "launcher ready" line. */
async function startLauncher(podNs: string, args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(
    'ip',
    [
      'netns', 'exec', podNs, 'setpriv', '--reuid=107', '--regid=107', '--clear-groups',
      // net_raw: the Router Advertisement socket (the pod is dual stack).
      '--inh-caps=-all,+net_bind_service,+net_raw', '--ambient-caps=-all,+net_bind_service,+net_raw', '--bounding-set=-all,+net_bind_service,+net_raw',
      process.execPath, ...NODE_FLAGS, CLI, 'launcher', 'run', ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: CLI_ENV },
  );
  let head = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`failed to see "launcher ready" within 15 s: ${head.trim()}`)), 15_000);
    child.stderr!.on('data', (d: Buffer) => {
      if (head.length > 64 * 1024) return; // drained, not kept: one line per reply under load
      head += d.toString();
      const line = head.split('\n').find((l) => l.includes('"launcher ready"'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line) as Record<string, unknown> });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`failed to start the launcher: exit ${code}: ${head.trim()}`));
    });
  });
}

/** perfdhcp in `vmNs`, asynchronously; resolves with completed DORAs. */
function perfdhcp(vmNs: string): Promise<{ completed: number; sent: number; output: string }> {
  const args = ['netns', 'exec', vmNs, 'perfdhcp', '-4', '-l', 'eth0', '-r', String(LOAD_RATE), '-R', String(LOAD_CLIENTS), '-p', String(LOAD_S), '-W', '1000000', GATEWAY];
  return new Promise((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => {
      const ra = /Statistics for: REQUEST-ACK\*\*\*\s*sent packets: (\d+)\s*received packets: (\d+)/.exec(output);
      const disc = /Statistics for: DISCOVER-OFFER\*\*\*\s*sent packets: (\d+)/.exec(output);
      if ((code !== 0 && code !== 3) || ra === null || disc === null) reject(new Error(`failed to run perfdhcp: exit ${code}\n${output.slice(0, 2000)}`));
      else resolve({ completed: Number(ra[2]), sent: Number(disc[1]), output });
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vnb-launcher-mem-'));
  let launcher: ChildProcess | undefined;
  cleanupOnSignals(() => {
    launcher?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const node = createNamespace('n');
    const pod = createPod(node);
    const vm = createNamespace('v');
    // The launcher (uid 107) reads the VMI, the cache and resolv.conf, writes the domain XML.
    chmodSync(dir, 0o755);
    // JSON, as virt-launcher gets the VMI from the API server.
    const vmiFile = join(dir, 'vmi.json');
    const vmi = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'bench-vm', namespace: 'default', uid: randomUUID() },
      spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] },
    };
    writeFileSync(vmiFile, JSON.stringify(vmi), { mode: 0o644 });
    // Dual stack, so the launcher serves DHCPv4, DHCPv6 and Router Advertisements.
    ipBatch(pod.netns, [`addr add ${POD_IPV6}/64 dev eth0 nodad`, `route add ::/0 via ${POD_IPV6_GATEWAY} dev eth0`]);
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir, { mode: 0o755 });
    const resolvConf = join(dir, 'resolv.conf');
    writeFileSync(resolvConf, RESOLV_CONF, { mode: 0o644 });
    const domainXml = join(dir, 'domain.xml');
    writeFileSync(domainXml, '');
    chownSync(domainXml, 107, 107);
    run(process.execPath, [CLI, 'handler', 'setup', '--vmi', vmiFile, '--netns', `/run/netns/${pod.netns}`, '--cache-dir', cacheDir]);
    ipBatch(vm, [`link add eth0 type veth peer name vmnic0 netns ${pod.netns}`, `addr add ${RELAY_IP}/24 dev eth0`, 'link set eth0 up']);
    ipBatch(pod.netns, [`link set vmnic0 master ${BRIDGE} up`]);

    const started = await startLauncher(pod.netns, ['--vmi', vmiFile, '--cache-dir', cacheDir, '--resolv-conf', resolvConf, '--domain-xml-out', domainXml, '--hostname', 'bench-vm']);
    launcher = started.child;
    const pid = launcher.pid!;
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm !== 'node') throw new Error(`failed to find the launcher's node process: pid ${pid} is "${comm}"`);

    await sleep(IDLE_S * 1000);
    const idle = residentMiB(pid);

    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(residentMiB(pid).rss), SAMPLE_MS);
    let load: Awaited<ReturnType<typeof perfdhcp>>;
    try {
      load = await perfdhcp(vm);
    } finally {
      clearInterval(sampler);
    }
    const after = residentMiB(pid);
    if (load.completed === 0) throw new Error(`failed to load the launcher: no exchange completed\n${load.output.slice(0, 2000)}`);
    const underLoad = summarize(samples);

    const services = ['DHCPv4', 'DHCPv6', 'RA'].map((s) => `${s} on ${BRIDGE}`);
    const table = markdownTable(
      [`virtnet launcher run${NODE_FLAGS.length > 0 ? ` (node ${NODE_FLAGS.join(' ')})` : ''}, 1 masquerade interface (${services.join(', ')})`, 'VmRSS MiB', 'VmHWM MiB'],
      [
        [`idle, ${IDLE_S} s after ready`, round(idle.rss, 1), round(idle.hwm, 1)],
        [`perfdhcp ${LOAD_RATE} DORA/s, ${LOAD_CLIENTS} MACs, ${LOAD_S} s (${load.completed} completed): median / max of ${underLoad.n} samples`, `${round(underLoad.median, 1)} / ${round(underLoad.max, 1)}`, round(after.hwm, 1)],
      ],
    );
    console.log(`\n${table}\n\ntarget < ${TARGET_MB} MB: ${after.hwm < TARGET_MB ? 'met' : 'NOT met'} (peak ${round(after.hwm, 1)} MiB)\n`);
    const file = writeResults('launcher-memory', {
      bench: 'launcher-memory',
      machine: machineInfo(),
      services,
      nodeFlags: NODE_FLAGS,
      idle,
      load: { rate: LOAD_RATE, clients: LOAD_CLIENTS, seconds: LOAD_S, completed: load.completed, sent: load.sent, rssMiB: underLoad, after },
      table,
    });
    console.log(`results: ${file}`);
  } finally {
    if (launcher !== undefined && launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher!.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    removeAllNamespaces();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
