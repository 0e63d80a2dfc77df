/**
 * libvirt through `virsh`, the launcher's edge to its libvirtd. The npm
 * `libvirt` bindings do not build on Node 20 and a native binding would be a
 * second C surface to maintain; a `virsh` process costs a few milliseconds
 * per call, and the launcher makes a handful of calls per VM lifetime.
 *
 * Device XML goes through a temp file: virsh reads files by path and Node's
 * child stdin is a socket, which `/dev/stdin` cannot open.
 * Processes are run with node:child_process, not execa: the launcher keeps
 * running beside the VM, and execa would add ~13 MB to its resident memory.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtnetError } from '../core/errors.js';

/** What `virsh domstate` prints (libvirt's virDomainState names). */
export type DomainState = 'running' | 'idle' | 'paused' | 'in shutdown' | 'shut off' | 'crashed' | 'pmsuspended' | 'no state';

export interface DomainInterfaceRow {
  /** target device (e.g. tap0), or "-" */
  iface: string;
  type: string;
  source: string;
  model: string;
  mac: string;
}

export interface VirshOptions {
  /** per call (default 60 s) */
  timeoutMs?: number;
}

/** Device changes apply to the running domain and to its persistent definition, as KubeVirt's LIVE|CONFIG. */
const LIVE_AND_CONFIG = ['--live', '--config'];

export class VirshDriver {
  readonly uri: string;
  private readonly timeoutMs: number;

  constructor(uri: string, opts: VirshOptions = {}) {
    this.uri = uri;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async define(domainXml: string): Promise<void> {
    await this.withXmlFile(domainXml, (file) => this.virsh('define', ['define', file]));
  }

  async start(domain: string): Promise<void> {
    await this.virsh('start', ['start', domain], domain);
  }

  /** Asks the guest to power off (ACPI); returns at once. */
  async shutdown(domain: string): Promise<void> {
    await this.virsh('shut down', ['shutdown', domain], domain);
  }

  /** Pulls the plug. */
  async destroy(domain: string): Promise<void> {
    await this.virsh('destroy', ['destroy', domain], domain);
  }

  async undefine(domain: string): Promise<void> {
    await this.virsh('undefine', ['undefine', domain], domain);
  }

  /** The domain's state, or null when libvirt does not know the domain. */
  async domainState(domain: string): Promise<DomainState | null> {
    const result = await this.exec(['domstate', domain]);
    if (result.exitCode !== 0) {
      if (/failed to get domain|Domain not found/i.test(result.stderr)) return null;
      throw this.failure('read the state of', domain, 'domstate', result.stderr);
    }
    return result.stdout.trim() as DomainState;
  }

  async attachDevice(domain: string, deviceXml: string): Promise<void> {
    await this.withXmlFile(deviceXml, (file) => this.virsh('attach a device to', ['attach-device', domain, file, ...LIVE_AND_CONFIG], domain));
  }

  async detachDevice(domain: string, deviceXml: string): Promise<void> {
    await this.withXmlFile(deviceXml, (file) => this.virsh('detach a device from', ['detach-device', domain, file, ...LIVE_AND_CONFIG], domain));
  }

  /** `iface` is the target device or the MAC address. */
  async setLinkState(domain: string, iface: string, state: 'up' | 'down'): Promise<void> {
    await this.virsh(`set the link of "${iface}" ${state} on`, ['domif-setlink', domain, iface, state], domain);
    // domif-setlink changes either the live or the persistent definition; KubeVirt changes both.
    await this.virsh(`set the link of "${iface}" ${state} on`, ['domif-setlink', domain, iface, state, '--config'], domain);
  }

  async interfaces(domain: string): Promise<DomainInterfaceRow[]> {
    const { stdout } = await this.virsh('list the interfaces of', ['domiflist', domain], domain);
    return parseDomiflist(stdout);
  }

  private async withXmlFile<T>(xml: string, fn: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'virtnet-virsh-'));
    try {
      const file = join(dir, 'device.xml');
      await writeFile(file, xml, { mode: 0o600 });
      return await fn(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The connected libvirt's `<domainCapabilities>` XML. */
  async domainCapabilities(): Promise<string> {
    return (await this.virsh('read the capabilities of', ['domcapabilities'])).stdout;
  }

  /** `virsh version`: the library, API and hypervisor versions. */
  async version(): Promise<string> {
    return (await this.virsh('read the versions of', ['version'])).stdout;
  }

  private exec(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    return new Promise((resolve) => {
      execFile('virsh', ['-q', '-c', this.uri, ...args], { timeout: this.timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err === null) return resolve({ stdout, stderr, exitCode: 0 });
        const timedOut = err.killed && err.signal === 'SIGTERM';
        const why = timedOut ? `timed out after ${this.timeoutMs} ms` : stderr !== '' ? stderr : err.message;
        resolve({ stdout, stderr: why, exitCode: typeof err.code === 'number' ? err.code : -1 });
      });
    });
  }

  private async virsh(action: string, args: string[], domain?: string): Promise<{ stdout: string }> {
    const result = await this.exec(args);
    if (result.exitCode !== 0) throw this.failure(action, domain, args[0]!, result.stderr);
    return result;
  }

  private failure(action: string, domain: string | undefined, subcommand: string, stderr: string): VirtnetError {
    const what = domain === undefined ? `failed to ${action} a domain` : `failed to ${action} domain "${domain}"`;
    return new VirtnetError('VIRTNET_LIBVIRT', `${what} (libvirt "${this.uri}"): ${stderr.trim().replace(/^error: /gm, '')}`, {
      context: { step: `virsh ${subcommand}` },
    });
  }
}

/** `virsh -q domiflist` rows: Interface Type Source Model MAC, whitespace separated. */
export function parseDomiflist(text: string): DomainInterfaceRow[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Interface') && !/^-+$/.test(line))
    .map((line) => {
      const [iface = '', type = '', source = '', model = '', mac = ''] = line.split(/\s+/);
      return { iface, type, source, model, mac };
    });
}
