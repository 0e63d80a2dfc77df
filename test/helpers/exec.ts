// Process helpers for the integration harness: run a command to completion, or keep one running in
// the background with its output captured, and run either inside a named network namespace.
// Everything here goes through `ip netns exec`, which also gives the command a private mount
// namespace with /etc/netns/<ns>/* bind-mounted over /etc (see ip-netns(8)).
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  /** written to the command's stdin; without it stdin is closed */
  input?: string;
  /** kill the command after this long (default 30 s) */
  timeoutMs?: number;
  /** resolve with a non-zero exit code instead of rejecting */
  allowFailure?: boolean;
  /** the whole environment (default: this process's) */
  env?: Record<string, string>;
}

/** A PATH for commands that must not inherit the test runner's environment (tap's NODE_OPTIONS). */
export const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs `cmd args` to completion; rejects with its stderr when it fails (unless allowFailure). */
export async function run(cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const result = await execa(cmd, args, {
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
    ...(opts.env ? { env: opts.env, extendEnv: false } : {}),
    timeout: opts.timeoutMs ?? 30_000,
    reject: false,
  });
  const exitCode = result.exitCode ?? -1;
  if ((exitCode !== 0 || result.timedOut) && !opts.allowFailure) {
    const why = result.timedOut ? 'timed out' : `exit code ${exitCode}`;
    throw new Error(`failed to run "${[cmd, ...args].join(' ')}" (${why}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode };
}

/** Argument vector that runs `cmd args` inside the named netns. */
export function netnsArgv(netns: string, cmd: string, args: readonly string[]): string[] {
  return ['netns', 'exec', netns, cmd, ...args];
}

/** Runs `cmd args` to completion inside the named netns. */
export function runInNetns(netns: string, cmd: string, args: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
  return run('ip', netnsArgv(netns, cmd, args), opts);
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Output kept per background process: enough for a diagnostic, bounded for chatty daemons. */
const MAX_OUTPUT_CHARS = 64 * 1024;
/** How long output may still arrive after the process itself has exited. */
const OUTPUT_DRAIN_MS = 1_000;

/** A command left running, stdout and stderr captured together. */
export class BackgroundProcess {
  readonly pid: number;
  readonly commandLine: string;
  /** settles when the process has exited (never rejects; a spawn error reads as code null) */
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private captured = '';
  private exit: ProcessExit | null = null;

  constructor(cmd: string, args: readonly string[], env?: Record<string, string>) {
    this.commandLine = [cmd, ...args].join(' ');
    // Its own process group, so stop() reaches what it forks: dhcpcd's privsep proxies outlive a
    // SIGKILLed manager, keep our pipes open, and so would keep 'close' from ever firing.
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(env ? { env } : {}) });
    const keep = (chunk: Buffer): void => {
      this.captured = (this.captured + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        keep(Buffer.from(`\n${err.message}\n`));
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
      // 'close' waits for the output pipes too; a descendant that escaped the group may hold them
      // open, so an exit also counts on its own once its last output has had time to arrive.
      const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(drain);
        this.exit ??= { code, signal };
        resolve(this.exit);
      };
      let drain: NodeJS.Timeout | undefined;
      this.child.once('exit', (code, signal) => {
        drain = setTimeout(() => settle(code, signal), OUTPUT_DRAIN_MS);
      });
      this.child.once('close', settle);
    });
    this.pid = this.child.pid ?? -1;
  }

  /** stdout and stderr so far (the last 64 KiB) */
  output(): string {
    return this.captured;
  }

  /** null while running */
  exitStatus(): ProcessExit | null {
    return this.exit;
  }

  /** Resolves once the output matches; rejects on exit or after timeoutMs. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.captured)) {
      if (this.exit) throw new Error(`failed to see ${pattern} from "${this.commandLine}": it exited (${describeExit(this.exit)}): ${this.captured.trim()}`);
      if (Date.now() > deadline) throw new Error(`failed to see ${pattern} from "${this.commandLine}" within ${timeoutMs} ms: ${this.captured.trim()}`);
      await sleep(20);
    }
  }

  signal(sig: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(sig);
  }

  /**
   * Sends `sig` to the process alone, as a supervisor would (it shuts down its own children, and
   * tests check that it did); after graceMs, SIGKILL to its whole group. SIGKILL goes to the
   * group at once. Resolves when the process is gone.
   */
  async stop(sig: NodeJS.Signals = 'SIGTERM', graceMs = 2_000): Promise<ProcessExit> {
    if (this.exit) return this.exit;
    if (sig === 'SIGKILL') this.signalGroup(sig);
    else this.child.kill(sig);
    const killer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }

  private signalGroup(sig: NodeJS.Signals): void {
    if (this.pid <= 0) return;
    try {
      process.kill(-this.pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls every 25 ms until `check` returns (or resolves to) a value other than undefined or false,
 * and returns it; rejects after `ms`. A wait that gives up fails the test step, never a timing
 * assertion.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} (${ms} ms)`);
    await sleep(25);
  }
}
