// Real DHCPv4 clients (busybox udhcpc, ISC dhclient, dhcpcd) run in a topology's vm netns, as
// the guest's side of a DHCP exchange. Each runs in the foreground with the hook in
// dhcp-hook.sh, which only records what the client parsed; nothing the clients do reaches the
// root netns, /etc/resolv.conf or their system-wide state files:
//  - udhcpc keeps no state;
//  - dhclient gets its own config, pid and lease files;
//  - dhcpcd keeps state in fixed paths (/run/dhcpcd, /var/lib/dhcpcd), so it gets empty tmpfs
//    mounts there, inside the private mount namespace `ip netns exec` gives it.
// The Lease is what the client's hook saw, normalised across clients, so a test can compare it
// with what the server was told to send.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, sleep, SYSTEM_PATH, type BackgroundProcess } from './exec.js';
import { maskToPrefixLength, type Topology } from './topology.js';

export type DhcpClientKind = 'udhcpc' | 'dhclient' | 'dhcpcd';
export const DHCP_CLIENT_KINDS: readonly DhcpClientKind[] = ['udhcpc', 'dhclient', 'dhcpcd'];

export interface LeaseRoute {
  /** CIDR, or null for the default route (0.0.0.0/0) */
  destination: string | null;
  /** 0.0.0.0 means on-link */
  gateway: string;
}

export interface Lease {
  client: DhcpClientKind;
  ip: string;
  prefixLength: number;
  /** first router of option 3 */
  router?: string;
  dns: string[];
  /** option 26 */
  mtu?: number;
  /** option 119, without trailing dots */
  searchDomains: string[];
  /** option 15 */
  domainName?: string;
  /** option 12 */
  hostname?: string;
  /** option 121, as the client parsed it */
  routes: LeaseRoute[];
  /** option 51 */
  leaseSeconds?: number;
  /** option 54 */
  serverId?: string;
  /** the environment the hook saw (less PATH and the shell's own variables) */
  raw: Record<string, string>;
}

/** Client events, normalised: udhcpc's "bound"/"renew"/"leasefail", dhclient's and dhcpcd's reasons. */
export type DhcpEventKind = 'bound' | 'renew' | 'rebind' | 'nak' | 'fail' | 'deconfig' | 'other';

export interface DhcpEvent {
  kind: DhcpEventKind;
  /** the client's own name for it: udhcpc's argument, dhclient's/dhcpcd's $reason */
  reason: string;
  /** for bound, renew and rebind */
  lease?: Lease;
  raw: Record<string, string>;
}

export interface DhcpClientOptions {
  /** interface in the vm netns (default eth0) */
  iface?: string;
  /** give up after this long (default 20 s); also handed to the client as its own timeout */
  timeoutMs?: number;
  /** ask for this address (udhcpc -r, dhclient dhcp-requested-address, dhcpcd -r) */
  requestedIp?: string;
}

export interface RunDhcpClientOptions extends DhcpClientOptions {
  /** configure the vm interface from the lease (address, option 121 routes or router, MTU) */
  apply?: boolean;
}

const EVENT_KINDS: Record<DhcpClientKind, Record<string, DhcpEventKind>> = {
  udhcpc: { bound: 'bound', renew: 'renew', nak: 'nak', leasefail: 'fail', deconfig: 'deconfig' },
  dhclient: {
    BOUND: 'bound',
    REBOOT: 'bound',
    RENEW: 'renew',
    REBIND: 'rebind',
    FAIL: 'fail',
    TIMEOUT: 'fail',
    EXPIRE: 'deconfig',
    RELEASE: 'deconfig',
    STOP: 'deconfig',
  },
  dhcpcd: {
    BOUND: 'bound',
    REBOOT: 'bound',
    RENEW: 'renew',
    REBIND: 'rebind',
    NAK: 'nak',
    FAIL: 'fail',
    TIMEOUT: 'fail',
    EXPIRE: 'deconfig',
    RELEASE: 'deconfig',
    STOP: 'deconfig',
    STOPPED: 'deconfig',
  },
};

/** Variables the hook sees that are not the client's: ours, and the shell's. */
const NOT_FROM_CLIENT = new Set(['HOOK_ARG', 'PATH', 'PWD', 'SHLVL', '_']);
const HOOK_SOURCE = fileURLToPath(new URL('./dhcp-hook.sh', import.meta.url));
const DEFAULT_TIMEOUT_MS = 20_000;

/** A DHCP client running in the vm netns. */
export class DhcpClient {
  readonly kind: DhcpClientKind;
  readonly iface: string;
  readonly process: BackgroundProcess;
  private readonly eventsPath: string;
  private readonly topology: Topology;

  constructor(topology: Topology, kind: DhcpClientKind, iface: string, process: BackgroundProcess, eventsPath: string) {
    this.topology = topology;
    this.kind = kind;
    this.iface = iface;
    this.process = process;
    this.eventsPath = eventsPath;
  }

  /** Every event the hook recorded so far, oldest first. */
  events(): DhcpEvent[] {
    let text: string;
    try {
      text = readFileSync(this.eventsPath, 'utf8');
    } catch {
      return [];
    }
    const records = text.split('\0\0');
    records.pop(); // what follows the last complete record: '' or a record still being written
    return records.map((record) => toEvent(this.kind, parseEnvRecord(record)));
  }

  /**
   * Resolves with the first event of one of `kinds` at index `from` or later; rejects when the
   * client exits or timeoutMs passes without one.
   */
  async waitForEvent(kinds: readonly DhcpEventKind[], opts: { timeoutMs?: number; from?: number } = {}): Promise<DhcpEvent> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const exit = this.process.exitStatus(); // read before the events: a last event written just before exit counts
      const events = this.events();
      const found = events.slice(opts.from ?? 0).find((e) => kinds.includes(e.kind));
      if (found) return found;
      const why = exit ? `it exited (${describeExit(exit)})` : Date.now() > deadline ? `nothing within ${timeoutMs} ms` : null;
      if (why) {
        const output = this.process.output().trim().split('\n').slice(-15).join('\n');
        throw new Error(
          `failed to see a ${kinds.join('/')} event from "${this.kind}" on "${this.iface}" in netns "${this.topology.netns.vm}": ` +
            `${why}; events: [${events.map((e) => e.reason).join(', ')}]\n${output}`,
        );
      }
      await sleep(50);
    }
  }

  /** Asks the client to renew now. Only udhcpc has a signal for it (SIGUSR1). */
  renew(): void {
    if (this.kind !== 'udhcpc') throw new Error(`failed to renew: "${this.kind}" has no renew signal, only udhcpc does`);
    this.process.signal('SIGUSR1');
  }

  /** Stops the client (SIGTERM, which releases nothing); resolves when it has exited. */
  async stop(): Promise<void> {
    await this.process.stop('SIGTERM');
  }
}

/**
 * Runs a client until it is bound, stops it and returns the lease; with `apply` the vm interface
 * is then configured from it. Rejects (with the client's events and output) when no lease comes.
 */
export async function runDhcpClient(topology: Topology, kind: DhcpClientKind, opts: RunDhcpClientOptions = {}): Promise<Lease> {
  const client = await startClient(topology, kind, opts, true);
  let event: DhcpEvent;
  try {
    event = await client.waitForEvent(['bound'], { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  } finally {
    await client.stop();
  }
  const lease = event.lease!;
  if (opts.apply) await applyLease(topology, lease, client.iface);
  return lease;
}

/** Starts a client that keeps running (renewing, rebinding) until stop() or destroy(). */
export function startLongRunningClient(topology: Topology, kind: DhcpClientKind, opts: DhcpClientOptions = {}): Promise<DhcpClient> {
  return startClient(topology, kind, opts, false);
}

/**
 * Configures `iface` in the vm netns as a client's stock script would: the address, the MTU,
 * the option 121 routes when there are any, else a default route via the router (RFC 3442 §1:
 * a client that receives option 121 ignores option 3).
 */
export async function applyLease(topology: Topology, lease: Lease, iface = 'eth0'): Promise<void> {
  // IPv4 only (`to 0.0.0.0/0`): a dual-stack VM keeps its IPv6 link-local and DHCPv6 addresses.
  const lines = [`addr flush dev ${iface} to 0.0.0.0/0`, `route flush dev ${iface}`];
  if (lease.mtu !== undefined) lines.push(`link set dev ${iface} mtu ${lease.mtu}`);
  lines.push(`addr add ${lease.ip}/${lease.prefixLength} dev ${iface}`);
  const routes = lease.routes.length > 0 ? lease.routes : lease.router ? [{ destination: null, gateway: lease.router }] : [];
  // On-link routes first: other routes may use them as next hop (Calico's 169.254.1.1/32).
  const onLinkFirst = [...routes].sort((a, b) => Number(b.gateway === '0.0.0.0') - Number(a.gateway === '0.0.0.0'));
  for (const { destination, gateway } of onLinkFirst) {
    const dest = destination ?? 'default';
    lines.push(gateway === '0.0.0.0' ? `route add ${dest} dev ${iface} scope link` : `route add ${dest} via ${gateway} dev ${iface}`);
  }
  await topology.ipBatch('vm', lines);
}

let runCounter = 0;

async function startClient(topology: Topology, kind: DhcpClientKind, opts: DhcpClientOptions, oneShot: boolean): Promise<DhcpClient> {
  const iface = opts.iface ?? 'eth0';
  const dir = join(topology.tmpDir, `dhcp-${kind}-${iface}-${++runCounter}`);
  await mkdir(dir, { recursive: true });
  const hook = join(dir, 'hook');
  await copyFile(HOOK_SOURCE, hook);
  const timeoutSeconds = Math.max(1, Math.ceil((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000));
  const argv = await clientCommand(kind, { dir, hook, iface, timeoutSeconds, oneShot, requestedIp: opts.requestedIp });
  const proc = topology.spawn('vm', argv[0]!, argv.slice(1), { PATH: SYSTEM_PATH });
  return new DhcpClient(topology, kind, iface, proc, join(dir, 'events'));
}

interface CommandContext {
  dir: string;
  hook: string;
  iface: string;
  timeoutSeconds: number;
  oneShot: boolean;
  requestedIp: string | undefined;
}

/** The command line (to run in the vm netns) for one client run; writes its config files. */
async function clientCommand(kind: DhcpClientKind, c: CommandContext): Promise<string[]> {
  switch (kind) {
    case 'udhcpc':
      return [
        'udhcpc',
        '-f',
        '-i', c.iface,
        '-s', c.hook,
        // c.timeoutSeconds DISCOVERs one second apart, one second's pause after a failure
        '-t', String(c.timeoutSeconds), '-T', '1', '-A', '1',
        '-O', 'staticroutes', '-O', 'search', '-O', 'mtu', '-O', 'domain', '-O', 'hostname',
        ...(c.oneShot ? ['-q', '-n'] : []),
        ...(c.requestedIp ? ['-r', c.requestedIp] : []),
      ];
    case 'dhclient': {
      const config = join(c.dir, 'dhclient.conf');
      await writeFile(
        config,
        [
          // dhclient knows option 121 only by this declaration (its stock dhclient.conf has it too)
          'option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;',
          `timeout ${c.timeoutSeconds};`,
          'initial-interval 1;',
          'backoff-cutoff 2;',
          'request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, domain-search, host-name,',
          '  interface-mtu, rfc3442-classless-static-routes, ntp-servers, dhcp-lease-time, dhcp-server-identifier;',
          ...(c.requestedIp ? [`send dhcp-requested-address ${c.requestedIp};`] : []),
          '',
        ].join('\n'),
      );
      return [
        'dhclient', '-4', '-d', '-v',
        ...(c.oneShot ? ['-1'] : []),
        '-sf', c.hook,
        '-cf', config,
        '-pf', join(c.dir, 'dhclient.pid'),
        '-lf', join(c.dir, 'dhclient.leases'),
        c.iface,
      ];
    }
    case 'dhcpcd': {
      const config = join(c.dir, 'dhcpcd.conf');
      await writeFile(
        config,
        [
          'ipv4only',
          'noipv4ll',
          // no ARP probe of the offered address, no random 0-1 s start delay: seconds saved per run
          'noarp',
          'nodelay',
          'option domain_name_servers, domain_name, domain_search, host_name, classless_static_routes, interface_mtu, ntp_servers',
          '',
        ].join('\n'),
      );
      const args = [
        '-f', config,
        '-c', c.hook,
        '--nobackground', '-4', '-d',
        '-t', String(c.timeoutSeconds),
        // the hook decides what is configured (applyLease), as with the other clients
        '--noconfigure',
        ...(c.oneShot ? ['-1'] : []),
        ...(c.requestedIp ? ['-r', c.requestedIp] : []),
        c.iface,
      ];
      const privateState = 'mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib/dhcpcd && exec dhcpcd "$@"';
      return ['sh', '-c', privateState, 'dhcpcd', ...args];
    }
  }
}

function parseEnvRecord(record: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of record.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

function toEvent(kind: DhcpClientKind, env: Record<string, string>): DhcpEvent {
  const reason = (kind === 'udhcpc' ? env.HOOK_ARG : env.reason) ?? '';
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => !NOT_FROM_CLIENT.has(key)));
  const eventKind = EVENT_KINDS[kind][reason] ?? 'other';
  const carriesLease = eventKind === 'bound' || eventKind === 'renew' || eventKind === 'rebind';
  return { kind: eventKind, reason, raw, ...(carriesLease ? { lease: parseLease(kind, raw) } : {}) };
}

/** Reads a lease out of the variables a client hands its hook. */
export function parseLease(kind: DhcpClientKind, raw: Record<string, string>): Lease {
  const v =
    kind === 'udhcpc'
      ? {
          ip: raw.ip,
          prefixLength: raw.mask,
          routers: raw.router,
          dns: raw.dns,
          mtu: raw.mtu,
          search: raw.search,
          domainName: raw.domain,
          hostname: raw.hostname,
          leaseSeconds: raw.lease,
          serverId: raw.serverid,
        }
      : {
          ip: raw.new_ip_address,
          prefixLength: kind === 'dhcpcd' ? raw.new_subnet_cidr : raw.new_subnet_mask && String(maskToPrefixLength(raw.new_subnet_mask)),
          routers: raw.new_routers,
          dns: raw.new_domain_name_servers,
          mtu: raw.new_interface_mtu,
          search: raw.new_domain_search,
          domainName: raw.new_domain_name,
          hostname: raw.new_host_name,
          leaseSeconds: raw.new_dhcp_lease_time,
          serverId: raw.new_dhcp_server_identifier,
        };
  if (!v.ip || !v.prefixLength) throw new Error(`failed to read a lease from "${kind}": no address in ${JSON.stringify(raw)}`);
  const routes =
    kind === 'udhcpc'
      ? parseRoutePairs(raw.staticroutes)
      : kind === 'dhcpcd'
        ? parseRoutePairs(raw.new_classless_static_routes)
        : parseRfc3442Bytes(raw.new_rfc3442_classless_static_routes);
  const lease: Lease = {
    client: kind,
    ip: v.ip,
    prefixLength: Number(v.prefixLength),
    dns: words(v.dns),
    // dhclient writes domain names fully qualified ("foo.example.")
    searchDomains: words(v.search).map((d) => d.replace(/\.$/, '')),
    routes,
    raw,
  };
  const router = words(v.routers)[0];
  if (router) lease.router = router;
  if (v.mtu) lease.mtu = Number(v.mtu);
  if (v.domainName) lease.domainName = v.domainName.replace(/\.$/, '');
  if (v.hostname) lease.hostname = v.hostname;
  if (v.leaseSeconds) lease.leaseSeconds = Number(v.leaseSeconds);
  if (v.serverId) lease.serverId = v.serverId;
  return lease;
}

function words(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}

/** udhcpc's "staticroutes" and dhcpcd's "new_classless_static_routes": "DEST/LEN GW DEST/LEN GW ...". */
function parseRoutePairs(text: string | undefined): LeaseRoute[] {
  const w = words(text);
  const routes: LeaseRoute[] = [];
  for (let i = 0; i + 1 < w.length; i += 2) routes.push({ destination: w[i] === '0.0.0.0/0' ? null : w[i]!, gateway: w[i + 1]! });
  return routes;
}

/** dhclient's option 121 as declared above: the raw bytes, in decimal (RFC 3442 §3 encoding). */
function parseRfc3442Bytes(text: string | undefined): LeaseRoute[] {
  const bytes = words(text?.replace(/,/g, ' ')).map(Number);
  const routes: LeaseRoute[] = [];
  let i = 0;
  while (i < bytes.length) {
    const width = bytes[i++]!;
    const significant = Math.ceil(width / 8);
    const dest = [...bytes.slice(i, i + significant), 0, 0, 0, 0].slice(0, 4).join('.');
    i += significant;
    const gateway = bytes.slice(i, i + 4).join('.');
    i += 4;
    routes.push({ destination: width === 0 ? null : `${dest}/${width}`, gateway });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// DHCPv6 clients: ISC dhclient -6, dhcpcd -6 and WIDE dhcp6c, stateful (IA_NA), in the vm netns.
// Each keeps its state private as the DHCPv4 clients do: dhclient gets its own lease (and so
// DUID) file; dhcpcd and dhcp6c keep theirs in fixed paths (/var/lib/dhcpcd, /var/lib/dhcpv6,
// /run), which get empty tmpfs mounts inside the mount namespace `ip netns exec` gives them.
// None of them sends Router Solicitations here, so no RA is needed to start DHCPv6.

export type DhcpV6ClientKind = 'dhclient' | 'dhcpcd' | 'dhcp6c';
export const DHCPV6_CLIENT_KINDS: readonly DhcpV6ClientKind[] = ['dhclient', 'dhcpcd', 'dhcp6c'];

export interface LeaseV6 {
  client: DhcpV6ClientKind;
  /** the IA_NA address: from the hook (dhclient, dhcpcd) or, for dhcp6c, which configures it itself, the interface */
  address: string;
  /** option 23 */
  dns: string[];
  /** option 24, without trailing dots */
  searchDomains: string[];
  /** of the address as the client read them, seconds (4294967295: infinity) */
  preferredLifetime: number;
  validLifetime: number;
  /** the environment of the hook event that reported the lease */
  raw: Record<string, string>;
}

export interface RunDhcpV6ClientOptions {
  /** interface in the vm netns (default eth0) */
  iface?: string;
  /** give up after this long (default 20 s) */
  timeoutMs?: number;
  /**
   * return the lease of the first renewal (T1 must be short) instead of the first binding;
   * dhclient and dhcpcd only: dhcp6c replaces a T1 it finds "too small" (2 s) with its own
   */
  untilRenewed?: boolean;
}

/** Hook reasons that carry a new IA_NA lease (dhclient-script(8), dhcpcd-run-hooks(8)); dhcp6c always says "NBI". */
const V6_BOUND_REASONS: Record<DhcpV6ClientKind, readonly string[]> = {
  dhclient: ['BOUND6'],
  dhcpcd: ['BOUND6', 'REBOOT6'],
  dhcp6c: ['NBI'],
};
/** Hook reasons after a Renew's (or Rebind's) Reply. */
const V6_RENEW_REASONS: Record<'dhclient' | 'dhcpcd', readonly string[]> = {
  dhclient: ['RENEW6', 'REBIND6'],
  dhcpcd: ['RENEW6', 'REBIND6'],
};

/**
 * Runs a DHCPv6 client until it reports a lease, stops it and returns the lease. Rejects (with
 * the client's hook events and output) when no lease comes within the timeout.
 */
export async function runDhcpV6Client(topology: Topology, kind: DhcpV6ClientKind, opts: RunDhcpV6ClientOptions = {}): Promise<LeaseV6> {
  const iface = opts.iface ?? 'eth0';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (opts.untilRenewed && kind === 'dhcp6c') throw new Error('failed to run "dhcp6c" until renewed: its renewal time cannot be made short');
  const dir = join(topology.tmpDir, `dhcp6-${kind}-${iface}-${++runCounter}`);
  await mkdir(dir, { recursive: true });
  const hook = join(dir, 'hook');
  await copyFile(HOOK_SOURCE, hook);
  const argv = await dhcpV6ClientCommand(kind, dir, hook, iface);
  const proc = topology.spawn('vm', argv[0]!, argv.slice(1), { PATH: SYSTEM_PATH });
  const eventsPath = join(dir, 'events');
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const exit = proc.exitStatus();
      const events = readEnvRecords(eventsPath);
      const reasonIn = (reasons: readonly string[]) => (env: Record<string, string>) => reasons.includes(env.reason ?? env.REASON ?? '');
      const boundAt = events.findIndex(reasonIn(V6_BOUND_REASONS[kind]));
      const wanted = boundAt < 0 ? undefined : opts.untilRenewed && kind !== 'dhcp6c' ? events.slice(boundAt + 1).find(reasonIn(V6_RENEW_REASONS[kind])) : events[boundAt];
      const lease = wanted && (await toLeaseV6(topology, kind, iface, wanted, proc.output()));
      if (lease) return lease;
      if (exit || Date.now() > deadline) {
        const why = exit ? `it exited (${describeExit(exit)})` : `nothing within ${timeoutMs} ms`;
        const reasons = events.map((env) => env.reason ?? env.REASON ?? '?').join(', ');
        const output = proc.output().trim().split('\n').slice(-15).join('\n');
        throw new Error(`failed to get a dhcpv6 lease from "${kind}" on "${iface}" in netns "${topology.netns.vm}": ${why}; events: [${reasons}]\n${output}`);
      }
      await sleep(50);
    }
  } finally {
    await proc.stop('SIGTERM');
  }
}

/**
 * null while a dhcp6c lease is reported but its address is not on the interface yet. dhcp6c
 * adds the address without kernel lifetimes (it expires it itself), so its lifetimes come from
 * its debug log (-D): `IA_NA address: fd10:0:2::2 pltime=4 vltime=8`.
 */
async function toLeaseV6(topology: Topology, kind: DhcpV6ClientKind, iface: string, env: Record<string, string>, output: string): Promise<LeaseV6 | null> {
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => !NOT_FROM_CLIENT.has(key)));
  const names = (text: string | undefined): string[] => words(text).map((d) => d.replace(/\.$/, ''));
  switch (kind) {
    case 'dhclient':
      return {
        client: kind,
        address: raw.new_ip6_address ?? '',
        dns: words(raw.new_dhcp6_name_servers),
        searchDomains: names(raw.new_dhcp6_domain_search),
        preferredLifetime: Number(raw.new_preferred_life),
        validLifetime: Number(raw.new_max_life),
        raw,
      };
    case 'dhcpcd':
      return {
        client: kind,
        address: raw.new_dhcp6_ia_na1_ia_addr1 ?? '',
        dns: words(raw.new_dhcp6_name_servers),
        searchDomains: names(raw.new_dhcp6_domain_search),
        preferredLifetime: Number(raw.new_dhcp6_ia_na1_ia_addr1_pltime),
        validLifetime: Number(raw.new_dhcp6_ia_na1_ia_addr1_vltime),
        raw,
      };
    case 'dhcp6c': {
      const [link] = await topology.ipJson<{ addr_info: { local: string; scope: string }[] }>('vm', ['-6', 'addr', 'show', 'dev', iface]);
      const global = link?.addr_info.find((a) => a.scope === 'global');
      const logged = [...output.matchAll(/IA_NA address: (\S+) pltime=(\d+) vltime=(\d+)/g)].filter((m) => m[1] === global?.local).at(-1);
      if (!global || !logged) return null;
      return {
        client: kind,
        address: global.local,
        dns: words(raw.new_domain_name_servers),
        searchDomains: names(raw.new_domain_name),
        preferredLifetime: Number(logged[2]),
        validLifetime: Number(logged[3]),
        raw,
      };
    }
  }
}

function readEnvRecords(path: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const records = text.split('\0\0');
  records.pop(); // '' or a record still being written
  return records.map(parseEnvRecord);
}

/** The command line (to run in the vm netns) for one DHCPv6 client run; writes its config files. */
async function dhcpV6ClientCommand(kind: DhcpV6ClientKind, dir: string, hook: string, iface: string): Promise<string[]> {
  switch (kind) {
    case 'dhclient': {
      const config = join(dir, 'dhclient6.conf');
      await writeFile(config, 'request dhcp6.name-servers, dhcp6.domain-search;\n');
      return ['dhclient', '-6', '-d', '-v', '-sf', hook, '-cf', config, '-pf', join(dir, 'dhclient6.pid'), '-lf', join(dir, 'dhclient6.leases'), iface];
    }
    case 'dhcpcd': {
      const config = join(dir, 'dhcpcd.conf');
      // ia_na makes dhcpcd start DHCPv6 at once instead of waiting for an RA with the M flag.
      await writeFile(config, ['ipv6only', 'noipv6rs', 'nodelay', `interface ${iface}`, '  ia_na 1', 'option dhcp6_name_servers, dhcp6_domain_search', ''].join('\n'));
      const privateState = 'mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib/dhcpcd && exec dhcpcd "$@"';
      return ['sh', '-c', privateState, 'dhcpcd', '-f', config, '-c', hook, '--nobackground', '-6', '-d', '--noconfigure', iface];
    }
    case 'dhcp6c': {
      const config = join(dir, 'dhcp6c.conf');
      await writeFile(
        config,
        [`interface ${iface} {`, '  send ia-na 1;', '  request domain-name-servers;', '  request domain-name;', `  script "${hook}";`, '};', 'id-assoc na 1 { };', ''].join('\n'),
      );
      const privateState = 'mount -t tmpfs tmpfs /var/lib/dhcpv6 && exec dhcp6c "$@"';
      return ['sh', '-c', privateState, 'dhcp6c', '-f', '-D', '-c', config, '-p', join(dir, 'dhcp6c.pid'), iface];
    }
  }
}
