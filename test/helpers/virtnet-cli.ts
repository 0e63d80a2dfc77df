// Runs the real `virtnet` command (the compiled CLI in dist/, built by `npm test`'s pretest) the
// way a node agent and a launcher pod would: phase 1 as root entering the pod netns by PID,
// phase 2 inside the pod netns as uid 107 with only CAP_NET_BIND_SERVICE. The two processes share
// nothing but the cache directory.
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { run, SYSTEM_PATH, type ExecResult } from './exec.js';
import type { Topology } from './topology.js';
import type { BackgroundProcess } from './exec.js';

export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/main.js');

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`failed to find the compiled CLI "${CLI}": run "npm run build" (npm test does)`);
}

/** The CLI's environment: no tap loader in NODE_OPTIONS, nothing of the runner's. */
const CLI_ENV = { PATH: `${dirname(process.execPath)}:${SYSTEM_PATH}` };

/** Writes a VMI manifest (as YAML, as users write them) and a cache dir readable by uid 107. */
export async function writeVmi(topology: Topology, vmi: object, name = 'vmi.yaml'): Promise<{ vmiFile: string; cacheDir: string }> {
  const vmiFile = join(topology.tmpDir, name);
  const cacheDir = join(topology.tmpDir, 'cache');
  await writeFile(vmiFile, stringify(vmi));
  await mkdir(cacheDir, { recursive: true });
  // The launcher (107) must traverse down to its cache, as it can in its own pod.
  await chmod(topology.tmpDir, 0o755);
  await chmod(cacheDir, 0o755);
  await chmod(vmiFile, 0o644);
  return { vmiFile, cacheDir };
}

export async function handler(verb: 'setup' | 'teardown', topology: Topology, vmiFile: string, cacheDir: string, extra: string[] = []): Promise<ExecResult & { json: unknown }> {
  assertBuilt();
  const result = await run(process.execPath, [CLI, 'handler', verb, '--vmi', vmiFile, '--launcher-pid', String(topology.launcherPid), '--cache-dir', cacheDir, ...extra], {
    env: CLI_ENV,
    allowFailure: true,
  });
  let json: unknown = undefined;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    // left undefined: the caller asserts on exitCode and stderr
  }
  return { ...result, json };
}

/**
 * Starts `virtnet launcher run` in the pod netns as uid 107 with only `capabilities` (KubeVirt's
 * launcher has net_bind_service; Router Advertisements need net_raw) and waits until it logs
 * "launcher ready".
 */
export async function startLauncher(
  topology: Topology,
  vmiFile: string,
  cacheDir: string,
  domainXmlOut: string,
  extraArgs: readonly string[] = [],
  capabilities: readonly string[] = ['net_bind_service'],
): Promise<BackgroundProcess> {
  const caps = `-all,${capabilities.map((c) => `+${c}`).join(',')}`;
  assertBuilt();
  // The launcher runs as 107 and may only write where its pod lets it.
  await writeFile(domainXmlOut, '');
  await chown(domainXmlOut, 107, 107);
  const proc = topology.spawn(
    'pod',
    'setpriv',
    [
      '--reuid=107', '--regid=107', '--clear-groups',
      `--inh-caps=${caps}`, `--ambient-caps=${caps}`, `--bounding-set=${caps}`,
      process.execPath, CLI, 'launcher', 'run', '--vmi', vmiFile, '--cache-dir', cacheDir,
      '--resolv-conf', topology.resolvConfPath, '--domain-xml-out', domainXmlOut, '--hostname', 'vmi-launcher',
      ...extraArgs,
    ],
    CLI_ENV,
  );
  await proc.waitForOutput(/"msg":"launcher ready"/, 15_000);
  return proc;
}

/** A minimal KubeVirt VMI with one pod-network interface of the given binding. */
export function podNetworkVmi(opts: { uid: string; binding: 'bridge' | 'masquerade'; macAddress?: string; extraIface?: object }): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'testvm', namespace: 'default', uid: opts.uid },
    spec: {
      domain: {
        devices: {
          interfaces: [{ name: 'default', [opts.binding]: {}, ...(opts.macAddress ? { macAddress: opts.macAddress } : {}), ...(opts.extraIface ?? {}) }],
        },
        resources: { requests: { memory: '64Mi' } },
      },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

/** `virtnet handler serve` argv (after node), for starting it or expecting it to fail. */
export function handlerServeArgs(socketPath: string): string[] {
  assertBuilt();
  return [CLI, 'handler', 'serve', '--socket', socketPath];
}

/**
 * Starts `virtnet handler serve` in the node netns (where virt-handler runs) and waits until it
 * logs "handler serving"; the topology kills it on destroy if it still runs.
 */
export async function startHandlerServer(
  topology: Topology,
  socketPath: string,
  opts: { /** searched before the system's PATH */ pathPrefix?: string } = {},
): Promise<BackgroundProcess> {
  const env = opts.pathPrefix === undefined ? CLI_ENV : { PATH: `${opts.pathPrefix}:${CLI_ENV.PATH}` };
  const proc = topology.spawn('node', process.execPath, handlerServeArgs(socketPath), env);
  await proc.waitForOutput(/"msg":"handler serving"/, 15_000);
  return proc;
}

