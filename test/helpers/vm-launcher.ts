// A real VM behind virtnet, the way a node runs one: phase 1 (`virtnet handler setup`, root),
// a private libvirtd in the launcher pod, then `virtnet launcher run --domain-xml --libvirt-uri`
// as uid 107, which defines and starts the tiny guest of vm-guest.ts.
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { sleep, type BackgroundProcess } from './exec.js';
import { startPrivateLibvirtd, type PrivateLibvirtd } from './libvirt.js';
import type { Topology } from './topology.js';
import { handler, startLauncher, writeVmi } from './virtnet-cli.js';
import { baseDomainXml, ensureGuest, waitForGuest, type GuestChecks, type GuestConsole } from './vm-guest.js';

export interface VmUnderTest {
  topology: Topology;
  vmiFile: string;
  cacheDir: string;
  libvirtd: PrivateLibvirtd;
  launcher: BackgroundProcess;
  domain: string;
  consoleLog: string;
  /** the domain as the launcher defined it */
  domainXmlOut: string;
  /** the launcher's `--run-dir` (launcher-managed passt's sockets), owned by the launcher user */
  runDir: string;
  /** milliseconds from spawning the launcher to each point, for benchmarks */
  marks: { phase1Ms: number; launcherReadyMs: number };
  /** Waits until the guest's console satisfies `ready`; the error carries the console and qemu log. */
  waitForGuest(ready: (c: GuestConsole) => boolean, timeoutMs?: number): Promise<GuestConsole>;
  /** Rewrites the VMI manifest, reruns phase 1, and tells the launcher (SIGHUP) to apply it. */
  updateVmi(vmi: object): Promise<void>;
}

export interface LaunchVmOptions {
  topology: Topology;
  vmi: object;
  checks?: GuestChecks;
  /** more `virtnet launcher run` arguments (e.g. `--passt-mode launcher`) */
  launcherArgs?: readonly string[];
  t: { teardown(fn: () => unknown): void };
}

export async function launchVm(opts: LaunchVmOptions): Promise<VmUnderTest> {
  const { topology } = opts;
  const image = await ensureGuest();
  const { vmiFile, cacheDir } = await writeVmi(topology, opts.vmi);
  const libvirtd = await startPrivateLibvirtd(topology, opts.t);

  const phase1Start = performance.now();
  const setup = await handler('setup', topology, vmiFile, cacheDir);
  if (setup.exitCode !== 0) throw new Error(`failed to run phase 1: ${setup.stderr}`);
  const phase1Ms = performance.now() - phase1Start;

  const domain = 'testvm';
  const consoleLog = join(topology.tmpDir, 'console.log');
  const baseFile = join(topology.tmpDir, 'domain-base.xml');
  await writeFile(baseFile, baseDomainXml({ name: domain, image, consoleLog, ...(opts.checks ? { checks: opts.checks } : {}) }));
  await chmod(baseFile, 0o644);
  const domainXmlOut = join(topology.tmpDir, 'domain.xml');
  const runDir = join(topology.tmpDir, 'run');
  await mkdir(runDir);
  await chown(runDir, 107, 107);
  const launcherStart = performance.now();
  const launcher = await startLauncher(topology, vmiFile, cacheDir, domainXmlOut, [
    '--domain-xml', baseFile, '--libvirt-uri', libvirtd.uri, '--shutdown-timeout', '2', '--run-dir', runDir, ...(opts.launcherArgs ?? []),
  ]);
  const launcherReadyMs = performance.now() - launcherStart;
  opts.t.teardown(() => launcher.stop('SIGTERM', 10_000));

  const wait = async (ready: (c: GuestConsole) => boolean, timeoutMs = 120_000): Promise<GuestConsole> => {
    try {
      return await waitForGuest(consoleLog, ready, timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nqemu log:\n${await libvirtd.qemuLog(domain)}\nlauncher:\n${launcher.output().slice(-3000)}`);
    }
  };
  const updateVmi = async (vmi: object): Promise<void> => {
    await writeFile(vmiFile, stringify(vmi));
    const again = await handler('setup', topology, vmiFile, cacheDir);
    if (again.exitCode !== 0) throw new Error(`failed to rerun phase 1: ${again.stderr}`);
    // The launcher answers each SIGHUP with one "launcher synced" line or one error line.
    const outcomes = (): string[] => launcher.output().split('\n').filter((l) => l.includes('"msg":"launcher synced"') || l.includes('"level":"error"'));
    const before = outcomes().length;
    launcher.signal('SIGHUP');
    const deadline = Date.now() + 60_000;
    while (outcomes().length === before) {
      if (Date.now() > deadline || launcher.exitStatus()) throw new Error(`failed to see the launcher apply the new VMI: ${launcher.output().slice(-3000)}`);
      await sleep(100);
    }
    const outcome = outcomes()[before]!;
    if (!outcome.includes('launcher synced')) throw new Error(`failed to apply the new VMI in the launcher: ${outcome}`);
  };
  return { topology, vmiFile, cacheDir, libvirtd, launcher, domain, consoleLog, domainXmlOut, runDir, marks: { phase1Ms, launcherReadyMs }, waitForGuest: wait, updateVmi };
}
