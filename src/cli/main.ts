#!/usr/bin/env node
/**
 * The `virtnet` command: a thin shell over src/phases. It parses arguments,
 * reads files, picks the netns and cache, logs JSON lines to stderr, prints
 * results as JSON on stdout, and maps failures to exit codes:
 *   0 success, 1 runtime failure, 2 invalid input (nothing was touched).
 *
 * The handler's modules (netlink, inversify, the bindings) are imported by its
 * actions only: the launcher runs beside the VM for its whole life, and every
 * library it does not load is resident memory it does not hold.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import v8 from 'node:v8';
import { Command, InvalidArgumentError, Option } from 'commander';
import { VirtnetError, errMessage } from '../core/errors.js';
import { LAUNCHER_CACHE_DIR, resolveHandlerTarget, type HandlerOp } from '../core/handler-request.js';
import { PLACEHOLDER_CHOICES } from '../core/handler-request-schema.js';
import { jsonLinesLogger, type Logger, type LogLevel } from '../core/log.js';
import { parseVmi } from '../core/vmi-parse.js';
import type { VirtualMachineInstance } from '../core/vmi.js';
import { InterfaceCache } from '../../cache/interface-cache.js';
import { NetnsHandle } from '../drivers/netns.js';
import type { LauncherOptions } from '../phases/launcher.js';
import { LAUNCHER_RUN_DIR } from '../launcher/paths.js';
import { NETWORK_INFO_PATH } from '../../bindings/sriov.js';
import { vmiNics } from '../phases/interfaces.js';
import type { PlaceholderChoice } from '../phases/placeholder.js';
import { native } from '../../native/index.js';
import { launcherReexecArgv } from './launcher-node-options.js';

/**
 * `handler serve` compiles each function to baseline machine code on its first call instead of
 * interpreting it until V8 finds it hot: a handler runs its code once per VM, so that takes V8
 * hundreds of VMs. It costs the first request ~25 ms of compiling and saves ~15 % of every later
 * one until then (bench/handler-serve.ts). The one-shot commands would pay the compiling on every
 * run. V8 reads the flag at each compile, so setting it at run time is enough.
 */
const SERVE_V8_FLAGS = '--always-sparkplug';

function pid(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a process id (a positive integer)');
  return n;
}

function readVmi(file: string): VirtualMachineInstance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to read VMI manifest "${file}": ${errMessage(err)}`, { cause: err });
  }
  return parseVmi(text, file);
}

interface GlobalOpts {
  logLevel: LogLevel;
}

function loggerFor(cmd: Command): Logger {
  const { logLevel } = cmd.optsWithGlobals<GlobalOpts>();
  return jsonLinesLogger((line) => process.stderr.write(line), logLevel);
}

function printResult(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

interface HandlerOpts {
  vmi: string;
  launcherPid?: number;
  netns?: string;
  cacheDir?: string;
  placeholder: PlaceholderChoice;
}

function placeholderOption(): Option {
  return new Option('--placeholder <kind>', 'link type that keeps the pod NIC name (bridge binding)').choices(PLACEHOLDER_CHOICES).default('auto');
}

/** `handler setup` and `handler teardown`: one operation, the same one `handler serve` runs per request. */
function handlerCommand(op: HandlerOp, description: string): Command {
  return new Command(op)
    .description(description)
    .requiredOption('--vmi <file>', 'VirtualMachineInstance manifest (kubevirt.io/v1, YAML or JSON)')
    .option('--launcher-pid <pid>', 'a process of the virt-launcher pod; its netns and root are used', pid)
    .option('--netns <path>', 'the launcher pod netns by path instead of --launcher-pid (e.g. /run/netns/NAME)')
    .option('--cache-dir <dir>', `cache directory (default /proc/<pid>/root${LAUNCHER_CACHE_DIR})`)
    .action(async (opts: HandlerOpts, cmd: Command) => {
      const log = loggerFor(cmd);
      const vmi = readVmi(opts.vmi);
      const target = resolveHandlerTarget(opts);
      // Loaded here, not at the top: the launcher needs none of the handler's modules.
      const { runHandlerOp } = await import('../phases/handler-ops.js');
      printResult(await runHandlerOp({ op, vmi, target, placeholder: opts.placeholder, log }));
    });
}

interface LauncherRunOpts {
  vmi: string;
  cacheDir: string;
  domainXmlOut?: string;
  resolvConf: string;
  hostname?: string;
  domainXml?: string;
  libvirtUri?: string;
  shutdownTimeout: number;
  passtMode?: string;
  runDir: string;
  networkInfo: string;
  sysfsRoot: string;
}

/** Restart node with LAUNCHER_NODE_OPTIONS unless given; on failure go on without them. */
function runWithLauncherNodeOptions(log: Logger): void {
  const argv = launcherReexecArgv({ argv0: process.argv0, execArgv: process.execArgv, argv: process.argv, nodeOptions: process.env.NODE_OPTIONS });
  if (argv === null) return;
  try {
    native.execv(process.execPath, argv);
  } catch (err) {
    log('warn', 'failed to restart node with the launcher\'s memory options; running without them', { error: errMessage(err) });
  }
}

/** Settles on the first SIGTERM or SIGINT: how a long-running command is told to stop. */
function untilStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}

function seconds(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number of seconds');
  return n;
}

/**
 * The launcher with its domain: phase 2, define + start, SIGHUP re-reads the
 * VMI and applies interface changes live, SIGTERM/SIGINT shuts the domain down.
 */
async function runDomain(
  phase2: Omit<LauncherOptions, 'baseDomainXml' | 'libvirtUri'>,
  opts: LauncherRunOpts & { domainXml: string; libvirtUri: string },
  signalled: Promise<void>,
  log: Logger,
): Promise<void> {
  let baseDomainXml: string;
  try {
    baseDomainXml = readFileSync(opts.domainXml, 'utf8');
  } catch (err) {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to read the base domain "${opts.domainXml}": ${errMessage(err)}`, { cause: err });
  }
  // Loaded only here: the passt mode matters only when the launcher drives libvirt.
  const [{ parsePasstModeRequest, PASST_MODE_ENV }, { runLauncher }, { serviceStats }] = await Promise.all([
    import('../launcher/passt-mode.js'),
    import('../phases/launcher.js'),
    import('../phases/phase2.js'),
  ]);
  const passtMode = opts.passtMode !== undefined ? parsePasstModeRequest(opts.passtMode, '--passt-mode') : parsePasstModeRequest(process.env[PASST_MODE_ENV]);
  const launcher = await runLauncher({
    ...phase2,
    baseDomainXml,
    libvirtUri: opts.libvirtUri,
    shutdownTimeoutMs: opts.shutdownTimeout * 1000,
    passtMode,
    runDir: opts.runDir,
    sriov: { networkInfoPath: opts.networkInfo, sysfsRoot: opts.sysfsRoot, env: process.env },
  });
  if (opts.domainXmlOut !== undefined) writeFileSync(opts.domainXmlOut, launcher.domainXml);
  const name = phase2.vmi.metadata.name;
  log('info', 'launcher ready', { vmi: name, domain: launcher.domain, timings: launcher.timings, interfaces: [...launcher.networks().keys()] });
  // Syncs run one after the other: a SIGHUP during a sync is applied after it.
  let syncing = Promise.resolve();
  const onHangup = (): void => {
    syncing = syncing.then(async () => {
      try {
        const result = await launcher.sync(readVmi(opts.vmi));
        log('info', 'launcher synced', { vmi: name, ...result });
      } catch (err) {
        log('error', err instanceof VirtnetError ? err.message : `failed to sync: ${errMessage(err)}`, { error: err instanceof VirtnetError ? err.toJSON() : { message: errMessage(err) } });
      }
    });
  };
  process.on('SIGHUP', onHangup);
  await signalled;
  process.off('SIGHUP', onHangup);
  await syncing;
  await launcher.stop();
  log('info', 'launcher stopped', { vmi: name, domain: launcher.domain, ...serviceStats(launcher.networks().values()) });
}

export function buildProgram(): Command {
  const program = new Command('virtnet')
    .description('KubeVirt-style VM pod networking: node-side plumbing (handler) and in-pod DHCP/libvirt side (launcher)')
    .addOption(new Option('--log-level <level>', 'minimum level of the JSON logs on stderr').choices(['debug', 'info', 'warn', 'error']).default('info'));

  const handler = new Command('handler').description('phase 1: privileged plumbing of the launcher pod network (virt-handler)');
  handler.addCommand(
    handlerCommand('setup', 'discover the pod interfaces, cache what the launcher needs, build bridges, taps, NAT; idempotent and resumable').addOption(
      placeholderOption(),
    ),
  );
  handler.addCommand(handlerCommand('teardown', 'remove what setup made and restore the pod interface; idempotent'));
  handler.addCommand(
    new Command('serve')
      .description('serve setup and teardown requests (newline-delimited JSON) on a Unix socket until SIGTERM/SIGINT, one at a time')
      .requiredOption('--socket <path>', 'Unix socket to listen on (mode 0600); a stale one is replaced')
      .addOption(placeholderOption().default('auto', 'auto; a request may name its own'))
      .action(async (opts: { socket: string; placeholder: PlaceholderChoice }, cmd: Command) => {
        const log = loggerFor(cmd);
        // Before the handler's modules load, so all their code gets it (see SERVE_V8_FLAGS).
        v8.setFlagsFromString(SERVE_V8_FLAGS);
        const { HandlerServer } = await import('./handler-server.js');
        const server = await HandlerServer.listen({ socketPath: opts.socket, placeholder: opts.placeholder, log });
        log('info', 'handler serving', { socket: opts.socket, pid: process.pid });
        const failure = await Promise.race([untilStopSignal().then(() => null), server.failure]);
        await server.stop();
        if (failure !== null) throw failure;
        log('info', 'handler stopped', { socket: opts.socket });
      }),
  );

  const launcher = new Command('launcher').description('phase 2: inside the launcher pod (virt-launcher)');
  launcher.addCommand(
    new Command('run')
      .description('render the libvirt interfaces and serve DHCP until SIGTERM/SIGINT; with --domain-xml and --libvirt-uri also define, start and stop the domain')
      .requiredOption('--vmi <file>', 'VirtualMachineInstance manifest (re-read on SIGHUP: interfaces added, absent or up/down are applied live)')
      .option('--cache-dir <dir>', 'cache directory written by phase 1', LAUNCHER_CACHE_DIR)
      .option('--domain-xml-out <file>', 'write the generated <devices> fragment here (the whole domain with --domain-xml)')
      .option('--resolv-conf <file>', 'resolver config whose nameservers and search list are served', '/etc/resolv.conf')
      .option('--hostname <name>', 'hostname sent in DHCP option 12 (default: this pod\'s hostname)')
      .option('--domain-xml <file>', 'base libvirt domain; the generated interfaces are merged into its <devices>')
      .option('--libvirt-uri <uri>', 'libvirt connection the domain is defined on (e.g. qemu+unix:///system?socket=PATH)')
      .option('--shutdown-timeout <seconds>', 'on SIGTERM, wait this long for the guest to power off before destroying it', seconds, 30)
      .addOption(
        new Option('--passt-mode <mode>', 'who runs passt for passt interfaces: libvirt, the launcher, or auto (libvirt when it supports passt); overrides $VIRTNET_PASST_MODE').choices([
          'auto',
          'libvirt',
          'launcher',
        ]),
      )
      .option('--run-dir <dir>', "the launcher's writable run directory (launcher-managed passt's sockets)", LAUNCHER_RUN_DIR)
      .option('--network-info <file>', 'downward-API network-info file naming the SR-IOV VFs', NETWORK_INFO_PATH)
      .option('--sysfs-root <dir>', 'sysfs the SR-IOV VFs are checked in', '/sys')
      .action(async (opts: LauncherRunOpts, cmd: Command) => {
        const log = loggerFor(cmd);
        runWithLauncherNodeOptions(log);
        if ((opts.domainXml === undefined) !== (opts.libvirtUri === undefined)) {
          throw new VirtnetError('VIRTNET_VALIDATION', 'failed to start the launcher: --domain-xml and --libvirt-uri go together');
        }
        const vmi = readVmi(opts.vmi);
        const phase2 = {
          vmi,
          cache: new InterfaceCache(opts.cacheDir),
          podKey: NetnsHandle.current().key,
          resolvConf: readFileSync(opts.resolvConf, 'utf8'),
          hostname: opts.hostname ?? hostname(),
          log,
        };
        const signalled = untilStopSignal();
        // Signal listeners do not keep Node's event loop alive: a launcher with nothing to
        // serve (macvtap, SR-IOV, libvirt-managed passt) would exit as soon as it is ready.
        const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
        try {
          if (opts.domainXml !== undefined && opts.libvirtUri !== undefined) {
            await runDomain(phase2, opts as LauncherRunOpts & { domainXml: string; libvirtUri: string }, signalled, log);
            return;
          }
          // Loaded here, not at the top: the handler's commands need none of the launcher's servers.
          const { serviceStats, startPhase2 } = await import('../phases/phase2.js');
          const net = await startPhase2(phase2);
          const devices = `<devices>\n${net.interfacesXml.map((x) => x.replace(/^/gm, '  ')).join('\n')}\n</devices>\n`;
          if (opts.domainXmlOut !== undefined) writeFileSync(opts.domainXmlOut, devices);
          log('info', 'launcher ready', { vmi: vmi.metadata.name, dhcpServers: net.servers.map((s) => s.config.bridgeName) });
          await signalled;
          await net.stop();
          log('info', 'launcher stopped', { vmi: vmi.metadata.name, ...serviceStats([net]) });
        } finally {
          clearInterval(keepAlive);
        }
      }),
  );

  program.addCommand(
    new Command('validate')
      .description('check a VMI manifest and print the interfaces virtnet would wire')
      .requiredOption('--vmi <file>', 'VirtualMachineInstance manifest')
      .action((opts: { vmi: string }) => {
        const vmi = readVmi(opts.vmi);
        const interfaces = vmiNics(vmi).map((nic) => ({ iface: nic.iface.name, network: nic.network.name, binding: nic.binding, state: nic.iface.state ?? 'up' }));
        printResult({ vmi: vmi.metadata.name, uid: vmi.metadata.uid, valid: true, interfaces });
      }),
  );
  program.addCommand(handler);
  program.addCommand(launcher);
  // addCommand() does not pass settings down: every level must throw instead of exiting.
  const settle = (cmd: Command): void => {
    cmd.exitOverride().showHelpAfterError();
    cmd.commands.forEach(settle);
  };
  settle(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    // commander has already printed usage errors and help.
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    const log = jsonLinesLogger((line) => process.stderr.write(line), 'error');
    const detail = err instanceof VirtnetError ? err.toJSON() : { message: errMessage(err) };
    log('error', err instanceof VirtnetError ? err.message : `unexpected failure: ${errMessage(err)}`, { error: detail });
    return err instanceof VirtnetError && err.code === 'VIRTNET_VALIDATION' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv);
