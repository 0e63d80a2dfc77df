// Integration-test topology: a Kubernetes node, a launcher pod, a VM and a host beyond the node,
// each its own network namespace, wired the way a CNI plugin wires a pod:
//
//   remote ns            node ns                                  pod ns (launcher)        vm ns
//   eth0 REMOTE_IP ── eth1 NODE_REMOTE_IP, ip_forward=1
//                        bridge mode: cni0 GATEWAY/prefix ── veth ── eth0 POD_IP/prefix, MTU podMtu
//                        calico mode: cali<id> (no address, proxy_arp=1, POD_IP/32 route)
//                                                         ── veth ── eth0 POD_IP/32, default via 169.254.1.1
//                                                                  <bridge made by virtnet> ── veth ── eth0 (VM MAC)
//
// Nothing is created in the root netns: every link is created with `ip -n <ns>` and its peer is
// placed straight into its own namespace. Everything a topology makes is written to a record under
// /run before it is made, so destroy() (or, when the test process died, the next createTopology's
// sweep) removes exactly it: processes in its namespaces, the namespaces, /etc/netns/<pod>, temp dirs.
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundProcess, netnsArgv, run, runInNetns, sleep, SYSTEM_PATH, type ExecOptions, type ExecResult } from './exec.js';
import { type IpRunner, untilLinkUp, usableLinkLocal } from './link-ready.js';

export type NsRole = 'node' | 'pod' | 'vm' | 'remote';

export interface TopologyOptions {
  /** the pod network (default: a random 10.x.y.0/24, never 10.0.2.0/24, KubeVirt's masquerade CIDR) */
  podCidr?: string;
  /** MTU of the pod veth, both ends (default 1450) */
  podMtu?: number;
  /** Calico-style pod: /32 address, gateway 169.254.1.1 answered by proxy ARP on the node side */
  calico?: boolean;
  /** search line of the pod's resolv.conf (default the Kubernetes ones for namespace "default") */
  searchDomains?: string[];
  /** nameserver lines of the pod's resolv.conf (default 10.96.0.10) */
  nameservers?: string[];
  /**
   * dual stack (bridge mode only): the pod also gets POD_IPV6/64 from a ULA prefix with its
   * default route via the cni0 bridge's ::1, the remote host an address of 2001:db8::/32
   * (RFC 3849), the node forwards IPv6, and resolv.conf lists an IPv6 nameserver too
   */
  ipv6?: boolean;
  /** a tap Test: when given, destroy() runs in its teardown */
  t?: { teardown(fn: () => unknown): void };
}

/** IPv6 addressing of a dual-stack topology. */
export interface TopologyIpv6 {
  podIp: string;
  prefixLength: number;
  gateway: string;
  remoteIp: string;
  nodeUplinkIp: string;
  nameserver: string;
}

/** A VM NIC stand-in: `ifname` in the vm netns, its peer `podPeer` enslaved to `bridge` in the pod netns. */
export interface VmNic {
  ifname: string;
  mac: string;
  podPeer: string;
  bridge: string;
  mtu: number;
}

export interface AttachVmOptions {
  /** name inside the vm netns (default eth0, then eth1, ...) */
  ifname?: string;
  /** MTU of both veth ends (default: the bridge's MTU, as virtio's host_mtu would give the guest) */
  mtu?: number;
}

export interface PingOptions {
  count?: number;
  /** ICMP payload bytes (ping -s) */
  size?: number;
  /** set DF and forbid local fragmentation (ping -M do) */
  dontFragment?: boolean;
}

export interface PingResult {
  /** every echo request got its reply */
  ok: boolean;
  transmitted: number;
  received: number;
  lossPercent: number;
  output: string;
}

export type EchoProtocol = 'udp' | 'tcp';

export interface EchoServer {
  ns: NsRole;
  protocol: EchoProtocol;
  port: number;
  stop(): Promise<void>;
}

export interface ProbeResult {
  ok: boolean;
  /** the client's address and port as the echo server saw them (shows SNAT/DNAT) */
  seenFrom?: { address: string; port: number };
  error?: string;
}

/** Calico's link-local next hop for every workload (projectcalico docs, "Why does my pod have 169.254.1.1?"). */
export const CALICO_GATEWAY = '169.254.1.1';
/** Calico gives the host end of every workload veth this MAC (felix: ifacemonitor / cni-plugin). */
export const CALICO_HOST_MAC = 'ee:ee:ee:ee:ee:ee';
const POD_IFACE = 'eth0';

const DEFAULT_SEARCH_DOMAINS = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const DEFAULT_NAMESERVERS = ['10.96.0.10'];
const RECORD_DIR = '/run/virtnet-test-harness';
const NODE_BRIDGE = 'cni0';
const NODE_POD_PEER = 'vethpod';
const NODE_UPLINK = 'eth1';

/** What a topology made; enough for another process to remove it. */
interface TopologyRecord {
  ownerPid: number;
  ownerStartTime: string;
  netns: string[];
  paths: string[];
}

export class Topology {
  readonly id: string;
  /** netns names, as `ip netns list` shows them */
  readonly netns: Readonly<Record<NsRole, string>>;
  readonly calico: boolean;
  readonly podIface = POD_IFACE;
  readonly podCidr: string;
  readonly podIp: string;
  /** 24 etc. in bridge mode, 32 in calico mode */
  readonly podPrefixLength: number;
  /** the pod's default gateway: the first address of podCidr, or 169.254.1.1 in calico mode */
  readonly gateway: string;
  readonly podMtu: number;
  /** the node end of the pod veth: "vethpod" on the cni0 bridge, or "cali<id>" in calico mode */
  readonly nodePodPeer: string;
  readonly remoteIp: string;
  readonly nodeUplinkIp: string;
  readonly searchDomains: readonly string[];
  readonly nameservers: readonly string[];
  /** the pod's resolv.conf, seen as /etc/resolv.conf by `ip netns exec <pod>` and in /proc/<launcherPid>/root */
  readonly resolvConfPath: string;
  /** scratch directory removed by destroy() */
  readonly tmpDir: string;
  readonly vmNics: VmNic[] = [];
  /** set when created with `ipv6: true` */
  readonly ipv6: TopologyIpv6 | undefined;

  private madePodMac = '';
  private madeLauncherPid = -1;
  private readonly record: TopologyRecord;
  private readonly recordPath: string;
  private readonly processes = new Set<BackgroundProcess>();
  private destroying: Promise<void> | null = null;

  /** Plans names and addresses only; throws on options that cannot work. */
  private constructor(id: string, opts: TopologyOptions) {
    this.id = id;
    this.tmpDir = join(tmpdir(), `vn${id}`);
    this.netns = { node: `vn${id}n`, pod: `vn${id}p`, vm: `vn${id}v`, remote: `vn${id}r` };
    this.calico = opts.calico ?? false;
    this.podMtu = opts.podMtu ?? 1450;
    this.searchDomains = opts.searchDomains ?? DEFAULT_SEARCH_DOMAINS;
    if (opts.ipv6 && this.calico) throw new Error('failed to plan topology: ipv6 is only built in bridge mode');
    // A random ULA /64 (RFC 4193) in canonical text form, as the kernel and clients print it.
    const hex = (max: number): string => randomInt(1, max).toString(16);
    const v6Prefix = `fd${randomInt(0, 256).toString(16).padStart(2, '0')}:${hex(0x10000)}:${hex(0x10000)}:${hex(0x10000)}`;
    const uplink6 = hex(0x10000);
    this.ipv6 = opts.ipv6
      ? {
          podIp: `${v6Prefix}::${randomInt(2, 0xffff).toString(16)}`,
          prefixLength: 64,
          gateway: `${v6Prefix}::1`,
          nodeUplinkIp: `2001:db8:${uplink6}::1`,
          remoteIp: `2001:db8:${uplink6}::2`,
          nameserver: `${v6Prefix}::a`,
        }
      : undefined;
    this.nameservers = opts.nameservers ?? [...DEFAULT_NAMESERVERS, ...(this.ipv6 ? [this.ipv6.nameserver] : [])];
    this.podCidr = opts.podCidr ?? `10.${randomInt(1, 255)}.${randomInt(0, 256)}.0/24`;
    const { network, prefixLength } = parseCidr(this.podCidr);
    const hosts = 2 ** (32 - prefixLength);
    if (hosts < 4) throw new Error(`failed to plan topology: pod cidr "${this.podCidr}" has no room for a gateway and a pod`);
    this.podIp = formatIpv4(network + randomInt(2, hosts - 1));
    this.podPrefixLength = this.calico ? 32 : prefixLength;
    this.gateway = this.calico ? CALICO_GATEWAY : formatIpv4(network + 1);
    this.nodePodPeer = this.calico ? `cali${id}` : NODE_POD_PEER;
    // RFC 2544's benchmarking range: never a pod CIDR, never a KubeVirt default.
    const uplink = randomInt(0, 256);
    this.nodeUplinkIp = `198.18.${uplink}.1`;
    this.remoteIp = `198.18.${uplink}.2`;
    this.resolvConfPath = `/etc/netns/${this.netns.pod}/resolv.conf`;
    this.recordPath = join(RECORD_DIR, `${id}.json`);
    this.record = {
      ownerPid: process.pid,
      ownerStartTime: processStartTime(process.pid) ?? '',
      netns: Object.values(this.netns),
      paths: [this.tmpDir, `/etc/netns/${this.netns.pod}`],
    };
  }

  /** MAC of the pod's eth0, as the CNI left it */
  get podMac(): string {
    return this.madePodMac;
  }

  /** PID of a process living in the pod netns (the virt-launcher stand-in); phase 1 enters by it */
  get launcherPid(): number {
    return this.madeLauncherPid;
  }

  /** /run/netns/<name>: what setns(2) or `nsenter --net=` take */
  netnsPath(role: NsRole): string {
    return `/run/netns/${this.netns[role]}`;
  }

  /** Runs `cmd args` to completion inside a namespace of this topology. */
  exec(ns: NsRole, cmd: string, args: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    return runInNetns(this.netns[ns], cmd, args, opts);
  }

  /** Starts `cmd args` inside a namespace; it is killed by destroy() if still running. */
  spawn(ns: NsRole, cmd: string, args: readonly string[], env?: Record<string, string>): BackgroundProcess {
    if (this.destroying) throw new Error(`failed to start "${cmd}": topology "${this.id}" is destroyed`);
    const proc = new BackgroundProcess('ip', netnsArgv(this.netns[ns], cmd, args), env);
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /**
   * Plugs a VM NIC stand-in into `bridgeName` (made by virtnet in the pod netns): a veth whose
   * `eth<N>` end with `mac` sits in the vm netns, up, without addresses.
   */
  async attachVm(bridgeName: string, mac: string, opts: AttachVmOptions = {}): Promise<VmNic> {
    const index = this.vmNics.length;
    const ifname = opts.ifname ?? `eth${index}`;
    const podPeer = `vmnic${index}`;
    const [bridge] = await this.ipJson<{ mtu: number }>('pod', ['link', 'show', 'dev', bridgeName]);
    const mtu = opts.mtu ?? bridge!.mtu;
    await this.ipBatch('vm', [
      `link add ${ifname} address ${mac} mtu ${mtu} type veth peer name ${podPeer} mtu ${mtu} netns ${this.netns.pod}`,
      `link set ${ifname} up`,
    ]);
    await this.ipBatch('pod', [`link set ${podPeer} master ${bridgeName} up`]);
    await Promise.all([untilLinkUp(this.#ip('vm'), ifname, `netns ${this.netns.vm}`), untilLinkUp(this.#ip('pod'), podPeer, `netns ${this.netns.pod}`)]);
    const nic = { ifname, mac: mac.toLowerCase(), podPeer, bridge: bridgeName, mtu };
    this.vmNics.push(nic);
    return nic;
  }

  /** ICMP echo from a namespace; ok only if every request was answered. */
  async ping(from: NsRole, to: string, opts: PingOptions = {}): Promise<PingResult> {
    const count = opts.count ?? 3;
    const args = ['-n', '-q', '-c', String(count), '-i', '0.2', '-W', '1'];
    if (opts.size !== undefined) args.push('-s', String(opts.size));
    if (opts.dontFragment) args.push('-M', 'do');
    const result = await this.exec(from, 'ping', [...args, to], { allowFailure: true });
    const output = `${result.stdout}${result.stderr}`;
    const stats = /(\d+) packets transmitted, (\d+) received/.exec(output);
    const transmitted = stats ? Number(stats[1]) : 0;
    const received = stats ? Number(stats[2]) : 0;
    return {
      ok: result.exitCode === 0 && received === count,
      transmitted,
      received,
      lossPercent: transmitted === 0 ? 100 : Math.round((100 * (transmitted - received)) / transmitted),
      output,
    };
  }

  /** An echo server on 0.0.0.0:port in `ns` that answers each client with the address it saw. */
  async startEchoServer(ns: NsRole, protocol: EchoProtocol, port: number): Promise<EchoServer> {
    const proc = this.spawn(ns, process.execPath, ['-e', ECHO_SERVER_JS, protocol, String(port)], { PATH: SYSTEM_PATH });
    await proc.waitForOutput(/^ready$/m, 5_000);
    const stop = async (): Promise<void> => {
      await proc.stop();
    };
    return { ns, protocol, port, stop };
  }

  /** Sends one message from `from` to an echo server and reports what the server saw. */
  async probe(from: NsRole, protocol: EchoProtocol, address: string, port: number, timeoutMs = 2_000): Promise<ProbeResult> {
    const args = ['-e', ECHO_CLIENT_JS, protocol, address, String(port), String(timeoutMs)];
    const result = await this.exec(from, process.execPath, args, { allowFailure: true, timeoutMs: timeoutMs + 5_000, env: { PATH: SYSTEM_PATH } });
    const seen = /^seen (\S+) (\d+)$/m.exec(result.stdout);
    if (result.exitCode !== 0 || !seen) return { ok: false, error: (result.stderr || result.stdout).trim() };
    return { ok: true, seenFrom: { address: seen[1]!, port: Number(seen[2]) } };
  }

  /** Kills every process in the topology's namespaces and removes everything it made. Idempotent. */
  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      await Promise.all([...this.processes].map((p) => p.stop('SIGKILL')));
      await removeRecorded(this.record);
      await rm(this.recordPath, { force: true });
    })();
    return this.destroying;
  }

  /** Builds a fresh topology (see the picture at the top of this file); createTopology calls it. */
  static async create(opts: TopologyOptions): Promise<Topology> {
    await sweepAbandonedTopologies();
    const topology = new Topology(randomBytes(3).toString('hex'), opts);
    opts.t?.teardown(() => topology.destroy());
    try {
      await topology.build();
    } catch (err) {
      await topology.destroy();
      throw err;
    }
    return topology;
  }

  /** Makes everything, in an order where whatever exists is already in the record. */
  private async build(): Promise<void> {
    await mkdir(RECORD_DIR, { recursive: true });
    await writeFile(this.recordPath, JSON.stringify(this.record));
    await mkdir(this.tmpDir);
    const { node, pod, vm, remote } = this.netns;
    await run('ip', ['-batch', '-'], { input: [node, pod, vm, remote].map((n) => `netns add ${n}\n`).join('') });

    const cidr = parseCidr(this.podCidr);
    const podPeer = this.nodePodPeer;
    const nodeLines = ['link set lo up'];
    if (this.calico) {
      nodeLines.push(
        `link add ${podPeer} mtu ${this.podMtu} address ${CALICO_HOST_MAC} type veth peer name ${POD_IFACE} mtu ${this.podMtu} netns ${pod}`,
        `link set ${podPeer} up`,
        `route add ${this.podIp}/32 dev ${podPeer} scope link`,
      );
    } else {
      nodeLines.push(
        `link add ${NODE_BRIDGE} type bridge`,
        `addr add ${this.gateway}/${cidr.prefixLength} dev ${NODE_BRIDGE}`,
        `link set ${NODE_BRIDGE} up`,
        `link add ${podPeer} mtu ${this.podMtu} type veth peer name ${POD_IFACE} mtu ${this.podMtu} netns ${pod}`,
        `link set ${podPeer} master ${NODE_BRIDGE} up`,
      );
    }
    nodeLines.push(
      `link add ${NODE_UPLINK} type veth peer name eth0 netns ${remote}`,
      `addr add ${this.nodeUplinkIp}/24 dev ${NODE_UPLINK}`,
      `link set ${NODE_UPLINK} up`,
      // The node's way out. In calico mode it is also what makes proxy ARP answer for
      // 169.254.1.1: the kernel proxies only addresses it routes out of another interface.
      `route add default via ${this.remoteIp}`,
    );
    const v6 = this.ipv6;
    // nodad: addresses are usable at once instead of after duplicate address detection.
    if (v6) {
      nodeLines.push(
        `addr add ${v6.gateway}/${v6.prefixLength} dev ${NODE_BRIDGE} nodad`,
        `addr add ${v6.nodeUplinkIp}/64 dev ${NODE_UPLINK} nodad`,
        `route add ::/0 via ${v6.remoteIp}`,
      );
    }
    await this.ipBatch('node', nodeLines);

    const podLines = ['link set lo up', `addr add ${this.podIp}/${this.podPrefixLength} dev ${POD_IFACE}`, `link set ${POD_IFACE} up`];
    if (this.calico) podLines.push(`route add ${CALICO_GATEWAY} dev ${POD_IFACE} scope link`);
    podLines.push(`route add default via ${this.gateway} dev ${POD_IFACE}`);
    if (v6) podLines.push(`addr add ${v6.podIp}/${v6.prefixLength} dev ${POD_IFACE} nodad`, `route add ::/0 via ${v6.gateway} dev ${POD_IFACE}`);
    await this.ipBatch('pod', podLines);
    const remoteLines = ['link set lo up', `addr add ${this.remoteIp}/24 dev eth0`, 'link set eth0 up', `route add default via ${this.nodeUplinkIp}`];
    if (v6) remoteLines.push(`addr add ${v6.remoteIp}/64 dev eth0 nodad`, `route add ::/0 via ${v6.nodeUplinkIp}`);
    await this.ipBatch('remote', remoteLines);
    await this.ipBatch('vm', ['link set lo up']);
    // The VM stand-in's IPv6 link-local addresses are usable at once: DHCPv6 clients bind to them.
    if (v6) await this.exec('vm', 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);

    const [podLink] = await this.ipJson<{ address: string }>('pod', ['link', 'show', 'dev', POD_IFACE]);
    this.madePodMac = podLink!.address;
    const sysctls = ['net.ipv4.ip_forward=1', ...(v6 ? ['net.ipv6.conf.all.forwarding=1'] : [])];
    if (this.calico) {
      // As Calico's felix does: answer ARP for the gateway at once, and pin the workload's MAC
      // (a permanent neighbour entry, so only the pod's own MAC receives its traffic).
      sysctls.push(`net.ipv4.conf.${podPeer}.proxy_arp=1`, `net.ipv4.neigh.${podPeer}.proxy_delay=0`);
      await this.ipBatch('node', [`neigh replace ${this.podIp} lladdr ${this.podMac} dev ${podPeer} nud permanent`]);
    }
    await this.exec('node', 'sysctl', ['-q', '-w', ...sysctls]);
    // A real pod's network is up long before its launcher runs.
    await Promise.all(
      ([['node', podPeer], ['node', NODE_UPLINK], ['pod', POD_IFACE], ['remote', 'eth0']] as const).map(([ns, dev]) => untilLinkUp(this.#ip(ns), dev, `netns ${this.netns[ns]}`)),
    );

    await mkdir(`/etc/netns/${pod}`, { recursive: true });
    await writeFile(this.resolvConfPath, formatResolvConf(this.nameservers, this.searchDomains));
    const launcher = this.spawn('pod', 'sleep', ['infinity']);
    await waitUntilInNetns(launcher, this.netnsPath('pod'));
    this.madeLauncherPid = launcher.pid;
  }

  /** Runs `ip` commands (one per line, without the leading "ip") in a namespace, as one batch. */
  async ipBatch(ns: NsRole, lines: readonly string[]): Promise<void> {
    await run('ip', ['-n', this.netns[ns], '-batch', '-'], { input: lines.map((l) => `${l}\n`).join('') });
  }

  /** `ip -j ARGS` in a namespace, parsed: the kernel's view for assertions. */
  async ipJson<T>(ns: NsRole, args: readonly string[]): Promise<T[]> {
    return JSON.parse((await run('ip', ['-n', this.netns[ns], '-j', ...args])).stdout) as T[];
  }

  /** Waits for `dev`'s link-local address in a namespace to be usable and returns it (see usableLinkLocal). */
  linkLocal(ns: NsRole, dev: string): Promise<string> {
    return usableLinkLocal(this.#ip(ns), dev, `netns ${this.netns[ns]}`);
  }

  #ip(ns: NsRole): IpRunner {
    return async (args) => (await run('ip', ['-n', this.netns[ns], ...args])).stdout;
  }
}

/** Builds a fresh topology (see the picture at the top of this file). */
export function createTopology(opts: TopologyOptions = {}): Promise<Topology> {
  return Topology.create(opts);
}

/**
 * Removes what topologies of dead test processes left (a test killed on timeout runs no teardown).
 * Called by createTopology; a record whose owner still runs is left alone.
 */
export async function sweepAbandonedTopologies(): Promise<void> {
  const names = await readdir(RECORD_DIR).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(RECORD_DIR, name);
    const record = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as TopologyRecord)
      .catch(() => null);
    if (record === null || processStartTime(record.ownerPid) === record.ownerStartTime) continue;
    await removeRecorded(record);
    await rm(path, { force: true });
  }
}

async function removeRecorded(record: TopologyRecord): Promise<void> {
  for (const ns of record.netns) {
    // A netns outlives `ip netns del` while a process is in it: kill them first.
    const pids = await run('ip', ['netns', 'pids', ns], { allowFailure: true });
    for (const pid of pids.stdout.split(/\s+/).filter(Boolean).map(Number)) {
      if (pid === process.pid) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await run('ip', ['-force', '-batch', '-'], { input: record.netns.map((n) => `netns del ${n}\n`).join(''), allowFailure: true });
  for (const path of record.paths) await rm(path, { recursive: true, force: true });
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks): tells a live owner from a reused PID. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** `ip netns exec` enters the netns and then execs; wait until that happened. */
async function waitUntilInNetns(proc: BackgroundProcess, netnsPath: string): Promise<void> {
  const target = statSync(netnsPath).ino;
  for (let i = 0; i < 400; i++) {
    if (proc.exitStatus()) break;
    try {
      if (statSync(`/proc/${proc.pid}/ns/net`).ino === target && readFileSync(`/proc/${proc.pid}/comm`, 'utf8').trim() !== 'ip') return;
    } catch {
      // not started yet
    }
    await sleep(5);
  }
  throw new Error(`failed to start "${proc.commandLine}" in "${netnsPath}": ${proc.output().trim()}`);
}

export function formatResolvConf(nameservers: readonly string[], searchDomains: readonly string[]): string {
  const lines = nameservers.map((ns) => `nameserver ${ns}`);
  if (searchDomains.length > 0) lines.push(`search ${searchDomains.join(' ')}`);
  lines.push('options ndots:5');
  return `${lines.join('\n')}\n`;
}

// IPv4 arithmetic kept local on purpose: the harness is the oracle for virtnet's own src/core/ip.ts.
function parseIpv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`failed to parse IPv4 address "${text}"`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseCidr(text: string): { network: number; prefixLength: number } {
  const [address, prefix] = text.split('/');
  const prefixLength = Number(prefix);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) throw new Error(`failed to parse CIDR "${text}"`);
  const size = 2 ** (32 - prefixLength);
  return { network: Math.floor(parseIpv4(address!) / size) * size, prefixLength };
}

export function maskToPrefixLength(mask: string): number {
  const bits = parseIpv4(mask).toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) throw new Error(`failed to parse netmask "${mask}"`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

// Tiny echo peers run with this very node binary inside a namespace. The server answers each
// message or connection with the client address it saw; the client prints it as "seen ADDR PORT".
// The server listens on IPv4 and, separately (v6-only, so IPv4 peers never show as ::ffff:a.b.c.d),
// on IPv6; the client picks the family of the address it is given.
const ECHO_SERVER_JS = `
const [proto, port] = process.argv.slice(1);
let pending = 2;
const done = () => { if (--pending === 0) console.log('ready'); };
for (const [type, any] of [['udp4', '0.0.0.0'], ['udp6', '::']]) {
  if (proto === 'udp') {
    const s = require('node:dgram').createSocket({ type, ipv6Only: type === 'udp6' });
    s.on('message', (m, r) => s.send(r.address + ' ' + r.port, r.port, r.address));
    s.bind(Number(port), any, done);
  } else {
    require('node:net').createServer((c) => c.end(c.remoteAddress + ' ' + c.remotePort)).listen({ port: Number(port), host: any, ipv6Only: any === '::' }, done);
  }
}`;

const ECHO_CLIENT_JS = `
const [proto, host, port, timeoutMs] = process.argv.slice(1);
const fail = (why) => { console.error(why); process.exit(1); };
setTimeout(() => fail('no answer within ' + timeoutMs + ' ms'), Number(timeoutMs));
const seen = (buf) => { console.log('seen ' + buf.toString().trim()); process.exit(0); };
if (proto === 'udp') {
  const s = require('node:dgram').createSocket(require('node:net').isIPv6(host) ? 'udp6' : 'udp4');
  s.on('message', seen);
  s.on('error', (e) => fail(e.message));
  // Resent like a real client would: a link linkwatch has not yet reported up drops what is sent.
  const send = () => s.send('probe', Number(port), host);
  send();
  setInterval(send, 500).unref();
} else {
  const c = require('node:net').connect(Number(port), host);
  let data = '';
  c.on('data', (d) => { data += d; });
  c.on('end', () => seen(Buffer.from(data)));
  c.on('error', (e) => fail(e.message));
}`;
