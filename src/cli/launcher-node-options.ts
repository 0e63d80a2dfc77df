/**
 * The launcher lives as long as its VM, so its memory counts more than its
 * speed (bench/launcher-memory.ts): V8 grows its young generation to 16 MiB
 * per semi-space under a steady stream of short-lived objects (a few per DHCP
 * packet) and keeps it, ~10 MiB; and V8's helper threads for concurrent GC and
 * compilation cost ~1.5 MiB, for work a DHCP server hardly gives them. These
 * options are read only when V8 starts, so the launcher runs node once more
 * with them, in place (native execv: same PID, stdio and capabilities).
 */
export const LAUNCHER_NODE_OPTIONS = ['--max-semi-space-size=1', '--single-threaded'] as const;

/**
 * The argv to run node again with, or null when the user already chose a
 * semi-space limit (on the command line or in NODE_OPTIONS), which also
 * stops the second run from restarting again. Pure.
 */
export function launcherReexecArgv(process: { argv0: string; execArgv: readonly string[]; argv: readonly string[]; nodeOptions: string | undefined }): string[] | null {
  const given = [...process.execArgv, ...(process.nodeOptions ?? '').split(/\s+/)];
  if (given.some((arg) => arg.startsWith('--max-semi-space-size'))) return null;
  return [process.argv0, ...LAUNCHER_NODE_OPTIONS, ...process.execArgv, ...process.argv.slice(1)];
}
