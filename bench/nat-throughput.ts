/**
 * Benchmark: TCP throughput from the VM stand-in to a host beyond the node,
 * through virtnet's masquerade NAT against the same path routed without NAT,
 * measured with iperf3 (Debian package `iperf3`).
 *
 *   vm [eth0 10.0.2.2/24, MTU 1450] ── veth ── k6t-eth0 (virtnet) pod [eth0 10.77.0.5/24]
 *      ── veth ── [10.77.0.1] node [198.18.0.1] ── veth ── [198.18.0.2] remote (iperf3 -s)
 *
 * The pod is plumbed by virtnet (runPhase1 + startPhase2, masquerade binding);
 * a veth enslaved to its bridge stands in for the tap. The node routes
 * 10.0.2.0/24 to the pod, so the same packets can go either way:
 *  - NAT: virtnet's ruleset in place; the remote sees the pod address;
 *  - plain routing: virtnet's NAT removed (teardown's own removal batch);
 *    the remote sees 10.0.2.2.
 * Runs alternate between the two, so load drift hits both alike. Each run is
 * one TCP stream for BENCH_SECONDS, the first second omitted (slow start);
 * the figure is what the server received. The address the server saw is
 * checked on every run, so a run that took the wrong path stops the bench.
 *
 * Run: see bench/README.md. Writes bench/results/nat-throughput.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { planMasqueradeNat, planMasqueradeNatRemoval } from '../bindings/masquerade-nft.js';
import { validateVmi } from '../src/core/vmi-parse.js';
import { applyNftBatch, listRuleset } from '../src/drivers/nft.js';
import {
  POD_NETWORK,
  cleanupOnSignals,
  createNamespace,
  ipBatch,
  machineInfo,
  markdownTable,
  plumbWithVirtnet,
  removeAllNamespaces,
  round,
  run,
  sleep,
  summarize,
  writeResults,
  type VirtnetPod,
} from './common.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const VM_IP = '10.0.2.2';
const NODE_UPLINK_IP = '198.18.0.1';
const REMOTE_IP = '198.18.0.2';

type Mode = 'nat' | 'plain';

interface IperfResult {
  end: { sum_received: { bits_per_second: number } };
  /** The server's own report (a server without -J sends text): `Accepted connection from <addr>, port <n>`. */
  server_output_text?: string;
}

async function main(): Promise<void> {
  let server: ChildProcess | undefined;
  const cacheDir = mkdtempSync('/dev/shm/vnb-nat-throughput-');
  cleanupOnSignals(() => {
    server?.kill('SIGKILL');
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const began = Date.now();
  const samples: Record<Mode, number[]> = { nat: [], plain: [] };
  let pod: VirtnetPod | undefined;
  try {
    const { ip, prefixLength, gateway, mtu } = POD_NETWORK;
    const [node, podNs, vm, remote] = ['n', 'p', 'v', 'r'].map(createNamespace) as [string, string, string, string];
    ipBatch(node, [
      `link add vp mtu ${mtu} type veth peer name eth0 mtu ${mtu} netns ${podNs}`,
      `addr add ${gateway}/${prefixLength} dev vp`,
      'link set vp up',
      `link add uplink type veth peer name eth0 netns ${remote}`,
      `addr add ${NODE_UPLINK_IP}/24 dev uplink`,
      'link set uplink up',
      `route add 10.0.2.0/24 via ${ip}`,
    ]);
    run('ip', ['netns', 'exec', node, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    ipBatch(podNs, [`addr add ${ip}/${prefixLength} dev eth0`, 'link set eth0 up', `route add default via ${gateway} dev eth0`]);
    ipBatch(remote, [`addr add ${REMOTE_IP}/24 dev eth0`, 'link set eth0 up', `route add default via ${NODE_UPLINK_IP}`]);

    const vmi = validateVmi(
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachineInstance',
        metadata: { name: 'bench-vm', namespace: 'default', uid: randomUUID() },
        spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] },
      },
      'bench',
    );
    pod = await plumbWithVirtnet(podNs, vmi, cacheDir);
    ipBatch(vm, [
      `link add eth0 mtu ${mtu} type veth peer name vmnic mtu ${mtu} netns ${podNs}`,
      `addr add ${VM_IP}/24 dev eth0`,
      'link set eth0 up',
      'route add default via 10.0.2.1',
    ]);
    ipBatch(podNs, ['link set vmnic master k6t-eth0 up']);

    const natBatch = planMasqueradeNat({
      family: 4, vmAddress: VM_IP, gatewayAddress: '10.0.2.1', podIfaceName: 'eth0', bridgeName: 'k6t-eth0',
      podIPv4: ip, istio: false, skipMigrationPorts: true,
    });
    const ns = pod.ns;
    const setMode = async (mode: Mode): Promise<void> => {
      if (mode === 'nat') return applyNftBatch(ns, natBatch);
      const removal = planMasqueradeNatRemoval('ip', await listRuleset(ns, 'ip', 'nat'));
      if (removal !== null) await applyNftBatch(ns, removal);
    };

    server = spawn('ip', ['netns', 'exec', remote, 'iperf3', '-s'], { stdio: 'ignore' });
    await sleep(500);
    const expectedSource: Record<Mode, string> = { nat: ip, plain: VM_IP };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of (i % 2 === 0 ? ['nat', 'plain'] : ['plain', 'nat']) as Mode[]) {
        await setMode(mode);
        const out = run('ip', ['netns', 'exec', vm, 'iperf3', '-c', REMOTE_IP, '-t', String(SECONDS), '-O', '1', '-J', '--get-server-output']);
        const result = JSON.parse(out) as IperfResult;
        const seen = /Accepted connection from (\S+),/.exec(result.server_output_text ?? '')?.[1];
        if (seen !== expectedSource[mode]) throw new Error(`failed to take the ${mode} path: the server saw "${String(seen)}", expected "${expectedSource[mode]}"`);
        samples[mode].push(result.end.sum_received.bits_per_second / 1e9);
        console.error(`${mode}: ${round(result.end.sum_received.bits_per_second / 1e9)} Gbit/s (server saw ${seen})`);
      }
    }
  } finally {
    server?.kill('SIGKILL');
    await pod?.stop();
    removeAllNamespaces();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  report(samples, (Date.now() - began) / 1000);
}

function report(samples: Record<Mode, number[]>, wallSeconds: number): void {
  const nat = summarize(samples.nat);
  const plain = summarize(samples.plain);
  const row = (label: string, s: ReturnType<typeof summarize>) => [label, round(s.median), round(s.min), round(s.max)] as const;
  const table = markdownTable(
    ['one TCP stream, VM stand-in → host beyond the node (iperf3)', 'median Gbit/s', 'min', 'max'],
    [row('through the masquerade NAT (virtnet)', nat), row('same path, routed without NAT', plain)],
  );
  const natOverPlain = round(nat.median / plain.median, 3);
  console.log(`\n${table}\n`);
  console.log(`median NAT / no NAT: ${natOverPlain}`);
  const file = writeResults('nat-throughput', {
    bench: 'nat-throughput',
    machine: machineInfo(),
    runs: RUNS,
    secondsPerRun: SECONDS,
    wallSeconds: round(wallSeconds, 1),
    summariesGbps: { nat, plain },
    natOverPlain,
    table,
    samplesGbps: { nat: samples.nat.map((x) => round(x, 3)), plain: samples.plain.map((x) => round(x, 3)) },
  });
  console.log(`results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
