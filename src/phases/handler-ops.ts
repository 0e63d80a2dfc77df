/**
 * What one handler operation does, whoever asks: the one-shot CLI
 * (`virtnet handler setup|teardown`) and the long-running handler
 * (`virtnet handler serve`) both call runHandlerOp, so a request over the
 * socket answers exactly what the CLI prints.
 */
import type { HandlerOp, HandlerTarget } from '../core/handler-request.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { VirtualMachineInstance } from '../core/vmi.js';
import { InterfaceCache } from '../../cache/interface-cache.js';
import { NetnsHandle } from '../drivers/netns.js';
import { runPhase1, type Phase1InterfaceResult } from './phase1.js';
import type { PlaceholderChoice } from './placeholder.js';
import { BindingRegistry } from './registry.js';
import { runTeardown, type TeardownResult } from './teardown.js';

export interface HandlerOpOptions {
  op: HandlerOp;
  vmi: VirtualMachineInstance;
  target: HandlerTarget;
  /** setup only (default `auto`) */
  placeholder?: PlaceholderChoice;
  log?: Logger;
}

export interface HandlerSetupResult {
  vmi: string;
  /** identity of the pod netns the cache records are tied to */
  podKey: string;
  interfaces: Phase1InterfaceResult[];
}

export interface HandlerTeardownResult {
  vmi: string;
  interfaces: TeardownResult[];
}

/** Opens the launcher pod's netns, runs phase 1 or its teardown there, and closes it again, also on failure. */
export async function runHandlerOp(opts: HandlerOpOptions): Promise<HandlerSetupResult | HandlerTeardownResult> {
  const { vmi, target } = opts;
  const log = opts.log ?? silentLogger;
  const ns = 'launcherPid' in target ? NetnsHandle.fromPid(target.launcherPid) : NetnsHandle.fromPath(target.netns);
  const cache = new InterfaceCache(target.cacheDir);
  try {
    if (opts.op === 'teardown') return { vmi: vmi.metadata.name, interfaces: await runTeardown({ vmi, ns, cache, log }) };
    const interfaces = await runPhase1({ vmi, ns, cache, registry: new BindingRegistry(), placeholder: opts.placeholder ?? 'auto', log });
    return { vmi: vmi.metadata.name, podKey: ns.key, interfaces };
  } finally {
    ns.close();
  }
}
