/**
 * Launcher-managed passt: the launcher (already in the pod's netns, as the
 * launcher user) runs `passt` for a passt interface whose libvirt cannot,
 * waits for its socket, restarts it when it dies and stops it on stop().
 * qemu reaches it with `-netdev stream` (interface-xml.ts `qemuStreamNicArgs`).
 *
 * passt's command line is derived from the interface phase 1 cached (the
 * libvirt-managed form, bindings/passt.ts), so both modes forward the same
 * ports and announce the same MTU.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ValidationError, VirtnetError, type ErrorContext } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { DomainInterface, DomainPortForward } from '../libvirt/domain-interface.js';
import { qemuStreamNicArgs } from '../libvirt/interface-xml.js';
import { qemuStreamReconnects, type LibvirtPasstSupport } from './passt-mode.js';

/** `sizeof(sockaddr_un.sun_path)` on Linux, including the terminating NUL. */
const UNIX_PATH_MAX = 108;

/** Where the launcher keeps passt's socket for VMI interface `ifaceName`, below its run directory. */
export function passtSocketPath(runDir: string, ifaceName: string): string {
  return `${runDir}/passt/${ifaceName}.socket`;
}

/** One `-t`/`-u` specifier: `all` for no ranges, else `80,~15000,1000-2000` (passt(1) "PORT FORWARDING"). */
export function passtPortSpec(forward: DomainPortForward): string {
  if (forward.ranges.length === 0) return 'all';
  return forward.ranges.map((r) => `${r.exclude === true ? '~' : ''}${r.start}${r.end === undefined ? '' : `-${r.end}`}`).join(',');
}

export interface PasstArgsOptions {
  socketPath: string;
  /** `--runas`: only when the launcher runs as root, where passt would otherwise drop to `nobody`. */
  runAs?: number;
}

/**
 * passt's arguments for the cached passt interface:
 * - `--foreground`: the supervisor owns the process (passt daemonizes by default);
 * - `--stderr`: its messages reach the launcher's log (it would only try syslog);
 * - `--socket`: a fixed path qemu is told about, in a directory the launcher user owns;
 * - `--interface`: the pod NIC of the network (libvirt passes `<source dev>` the same way),
 *   so a pod with more NICs (Multus) still serves the pod network's address, gateway and MAC;
 * - `--mtu`: the MTU passt announces in DHCP/NDP (default 65520), the pod's, as the domain's `<mtu>`;
 * - `-t`/`-u`: the forwarded ports, one option per `<portForward>`; a protocol without one is
 *   not forwarded (passt's default `none`).
 * No `--one-off`: passt stays up when qemu disconnects, as the supervisor decides its lifetime.
 * No `--mac-addr`: passt answers with the pod NIC's MAC, and learns the guest's from its frames.
 */
export function passtArgs(iface: DomainInterface, opts: PasstArgsOptions): string[] {
  if (iface.backend?.type !== 'passt') {
    throw new ValidationError('backend', `failed to build the passt command of interface "${iface.name}": it has no passt backend`);
  }
  if (Buffer.byteLength(opts.socketPath) >= UNIX_PATH_MAX) {
    throw new ValidationError('socketPath', `failed to use "${opts.socketPath}" as passt's socket: longer than ${UNIX_PATH_MAX - 1} bytes`);
  }
  return [
    '--foreground',
    '--stderr',
    '--socket', opts.socketPath,
    ...(iface.sourceDev === undefined ? [] : ['--interface', iface.sourceDev]),
    ...(iface.mtu === undefined ? [] : ['--mtu', String(iface.mtu)]),
    ...(opts.runAs === undefined ? [] : ['--runas', String(opts.runAs)]),
    ...(iface.portForwards ?? []).flatMap((forward) => [forward.proto === 'tcp' ? '-t' : '-u', passtPortSpec(forward)]),
  ];
}

export interface RestartPolicy {
  /** Delay before the first restart; doubled for each further consecutive failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run at least this long ends a series of failures. */
  stableAfterMs: number;
  /** Consecutive failures (short runs or failed starts) after which the supervisor gives up. */
  maxConsecutiveFailures: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 200, maxDelayMs: 5_000, stableAfterMs: 10_000, maxConsecutiveFailures: 8 };

/** Delay before restart number `failures` (1-based) of a series. */
export function restartDelayMs(policy: RestartPolicy, failures: number): number {
  return Math.min(policy.initialDelayMs * 2 ** Math.max(0, failures - 1), policy.maxDelayMs);
}

export interface PasstSupervisorOptions {
  /** The passt interface as cached by phase 1. */
  iface: DomainInterface;
  socketPath: string;
  runAs?: number;
  /** Default `passt` from PATH. */
  binary?: string;
  log?: Logger;
  /** How long passt may take to create its socket (default 10 s). */
  socketTimeoutMs?: number;
  /** How long passt may take to exit after SIGTERM before SIGKILL (default 2 s). */
  stopGraceMs?: number;
  restart?: Partial<RestartPolicy>;
  /** Called once when restarts are exhausted; the VM then has no network on this interface. */
  onGiveUp?: (err: VirtnetError) => void;
  context?: ErrorContext;
}

/** Lines passt prints on every message when no syslog is reachable (a pod has none). */
const SYSLOG_NOISE = /^Failed to send \d+ bytes to syslog$/;
const STDERR_TAIL_LINES = 20;
const SOCKET_POLL_MS = 25;

type Exit = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

interface Run {
  child: ChildProcess;
  startedAt: number;
  exited: Promise<Exit>;
  /** Set when the process has exited. */
  exit: Exit | null;
  /** Its socket appeared. */
  up: boolean;
}

export class PasstSupervisor {
  /** The full command: `setpriv --pdeathsig TERM -- passt …` (see #spawn). */
  readonly argv: readonly string[];
  readonly socketPath: string;
  readonly #opts: PasstSupervisorOptions;
  readonly #policy: RestartPolicy;
  readonly #log: Logger;
  #run: Run | null = null;
  #stopping = false;
  #failures = 0;
  #restarts = 0;
  #restartTimer: NodeJS.Timeout | null = null;
  #tail: string[] = [];

  constructor(opts: PasstSupervisorOptions) {
    this.#opts = opts;
    this.socketPath = opts.socketPath;
    this.#policy = { ...DEFAULT_RESTART_POLICY, ...opts.restart };
    this.#log = opts.log ?? silentLogger;
    const args = passtArgs(opts.iface, { socketPath: opts.socketPath, ...(opts.runAs === undefined ? {} : { runAs: opts.runAs }) });
    this.argv = [opts.binary ?? 'passt', ...args];
  }

  /** PID of the running passt, null between runs. */
  get pid(): number | null {
    return this.#run?.up === true ? (this.#run.child.pid ?? null) : null;
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Starts passt; resolves once its socket exists, rejects (passt stopped) if it exits or times out first. */
  async start(): Promise<void> {
    if (this.#run !== null || this.#stopping) {
      throw new VirtnetError('VIRTNET_INTERNAL', `failed to start passt for "${this.#opts.iface.name}": already started`, { context: this.#context('start') });
    }
    await this.#launch();
    this.#log('info', 'passt ready', { iface: this.#opts.iface.name, pid: this.pid, socket: this.socketPath, argv: this.argv });
  }

  /** Stops passt (SIGTERM, then SIGKILL after the grace time), cancels restarts, removes the socket. Idempotent. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    const run = this.#run;
    if (run !== null) {
      run.child.kill('SIGTERM');
      const killer = setTimeout(() => run.child.kill('SIGKILL'), this.#opts.stopGraceMs ?? 2_000);
      await run.exited;
      clearTimeout(killer);
    }
    rmSync(this.socketPath, { force: true });
  }

  async #launch(): Promise<void> {
    const socketDir = dirname(this.socketPath);
    // Parents with the default mode (passt must traverse them), the socket's own directory private.
    mkdirSync(dirname(socketDir), { recursive: true });
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    // A root launcher's passt drops to `runAs` before it binds its socket.
    if (this.#opts.runAs !== undefined) chownSync(socketDir, this.#opts.runAs, this.#opts.runAs);
    // A socket left by a passt that died is ours; passt would refuse the path.
    rmSync(this.socketPath, { force: true });
    this.#tail = [];
    const run = this.#spawn();
    this.#run = run;
    void run.exited.then((exit) => this.#onExit(run, exit));
    const deadline = Date.now() + (this.#opts.socketTimeoutMs ?? 10_000);
    while (!isSocket(this.socketPath)) {
      if (run.exit !== null) throw this.#error(`failed to start passt for "${this.#opts.iface.name}": it exited (${describeExit(run.exit)})`, 'start', run.exit.error);
      if (Date.now() > deadline) {
        run.child.kill('SIGKILL');
        await run.exited;
        throw this.#error(`failed to start passt for "${this.#opts.iface.name}": no socket at "${this.socketPath}" within ${this.#opts.socketTimeoutMs ?? 10_000} ms`, 'start');
      }
      await sleep(SOCKET_POLL_MS);
    }
    run.up = true;
  }

  /**
   * `setpriv --pdeathsig TERM` (util-linux) execs passt with a parent-death
   * signal, so a launcher killed without stop() does not leave passt holding
   * the pod's ports; the PID is passt's own.
   */
  #spawn(): Run {
    const child = spawn('setpriv', ['--pdeathsig', 'TERM', '--', ...this.argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<Exit>((resolve) => {
      // 'error' (spawn failed) and 'exit' may both fire; the first one counts.
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const run: Run = { child, startedAt: Date.now(), exited, exit: null, up: false };
    void exited.then((exit) => (run.exit = exit));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line === '' || SYSLOG_NOISE.test(line)) return;
        this.#tail = [...this.#tail, line].slice(-STDERR_TAIL_LINES);
        this.#log('debug', 'passt', { iface: this.#opts.iface.name, pid: child.pid, line });
      });
    }
    return run;
  }

  #onExit(run: Run, exit: Exit): void {
    if (this.#run !== run) return;
    this.#run = null;
    // A passt that never came up is reported by #launch (start() or #restart()).
    if (this.#stopping || !run.up) return;
    const uptimeMs = Date.now() - run.startedAt;
    if (uptimeMs >= this.#policy.stableAfterMs) this.#failures = 0;
    this.#scheduleRestart({ pid: run.child.pid, exit: describeExit(exit), uptimeMs });
  }

  #scheduleRestart(fields: Record<string, unknown>): void {
    this.#failures += 1;
    const iface = this.#opts.iface.name;
    if (this.#failures > this.#policy.maxConsecutiveFailures) {
      const err = this.#error(`failed to keep passt running for "${iface}": gave up after ${this.#policy.maxConsecutiveFailures} consecutive failures`, 'restart');
      this.#log('error', 'passt restarts exhausted', { iface, ...fields, error: err.toJSON() });
      this.#opts.onGiveUp?.(err);
      return;
    }
    const delayMs = restartDelayMs(this.#policy, this.#failures);
    this.#log('warn', 'passt exited, restarting', { iface, ...fields, failures: this.#failures, delayMs, lastLines: this.#tail });
    this.#restartTimer = setTimeout(() => void this.#restart(), delayMs);
  }

  async #restart(): Promise<void> {
    this.#restartTimer = null;
    if (this.#stopping) return;
    try {
      await this.#launch();
      this.#restarts += 1;
      this.#log('info', 'passt restarted', { iface: this.#opts.iface.name, pid: this.pid, restarts: this.#restarts });
    } catch (err) {
      if (!this.#stopping) this.#scheduleRestart({ error: err instanceof VirtnetError ? err.toJSON() : String(err) });
    }
  }

  #error(message: string, step: string, cause?: unknown): VirtnetError {
    const detail = this.#tail.length === 0 ? '' : `: ${this.#tail.slice(-3).join(' | ')}`;
    return new VirtnetError('VIRTNET_EXEC', `${message}${detail}`, {
      ...(cause === undefined ? {} : { cause }),
      context: this.#context(step),
      retryable: true,
    });
  }

  #context(step: string): ErrorContext {
    return { iface: this.#opts.iface.name, ...this.#opts.context, step };
  }
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

function describeExit(exit: Exit): string {
  if (exit.error !== undefined) return exit.error.message;
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface LauncherManagedPasstOptions {
  /** The launcher's run directory; passt's socket goes to `<runDir>/passt/<iface>.socket`. */
  runDir: string;
  /** From probeLibvirtPasstSupport: qemu ≥ 8.0 reconnects to a restarted passt. */
  qemuVersion: LibvirtPasstSupport['qemuVersion'];
  /** Set when the launcher runs as root (PASST_USER_ID), see PasstArgsOptions. */
  runAs?: number;
  log?: Logger;
  onGiveUp?: (err: VirtnetError) => void;
}

/** qemu's reconnect interval to a restarted passt, where qemu has it. */
const QEMU_RECONNECT_SECONDS = 1;

/**
 * Everything phase 2 needs for one passt interface in launcher-managed mode:
 * the supervisor to start before the domain, and the qemu arguments to put in
 * the domain's `<qemu:commandline>` instead of the `<interface>`.
 */
export function launcherManagedPasst(iface: DomainInterface, opts: LauncherManagedPasstOptions): { supervisor: PasstSupervisor; qemuArgs: string[] } {
  const socketPath = passtSocketPath(opts.runDir, iface.name);
  const supervisor = new PasstSupervisor({
    iface,
    socketPath,
    ...(opts.runAs === undefined ? {} : { runAs: opts.runAs }),
    ...(opts.log === undefined ? {} : { log: opts.log }),
    ...(opts.onGiveUp === undefined ? {} : { onGiveUp: opts.onGiveUp }),
  });
  const reconnect = qemuStreamReconnects(opts.qemuVersion) ? { reconnectSeconds: QEMU_RECONNECT_SECONDS } : {};
  return { supervisor, qemuArgs: qemuStreamNicArgs({ iface, socketPath, ...reconnect }) };
}
