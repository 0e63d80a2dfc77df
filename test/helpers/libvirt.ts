// A private libvirtd per test, as a launcher pod has its own (virt-launcher runs virtqemud inside
// the pod): started inside the topology's pod netns, in its own mount namespace where a per-test
// directory is bind-mounted over libvirt's compiled-in state and config paths, so parallel tests
// and the machine's own libvirt (if any) never meet. Its socket lies in the test's directory with
// mode 0777 and no auth, so the launcher (uid 107) reaches it as
// `qemu+unix:///system?socket=<dir>/libvirt-sock`.
//
// qemu runs as root with security driver "none", no cgroups, no namespaces and no dynamic
// ownership: what a test on one machine can afford, and all that a container without systemd,
// machined or AppArmor/SELinux allows.
import { appendFile, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, sleep, SYSTEM_PATH, type BackgroundProcess } from './exec.js';
import type { Topology } from './topology.js';

/** libvirt's compiled-in paths (Debian 12, libvirt 9.0), each replaced by a per-test directory. */
const LIBVIRT_PATHS = ['/etc/libvirt', '/run/libvirt', '/var/lib/libvirt', '/var/cache/libvirt', '/var/log/libvirt'];

export interface PrivateLibvirtd {
  /** what `virsh -c` and `virtnet launcher run --libvirt-uri` take */
  uri: string;
  socket: string;
  /** per-test root of libvirt's state; qemu's own log is under var-log-libvirt/qemu/ */
  dir: string;
  daemon: BackgroundProcess;
  /** `virsh -c URI ARGS` as root */
  virsh(args: readonly string[], opts?: { allowFailure?: boolean }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** the last lines of qemu's log for a domain (diagnostics) */
  qemuLog(domain: string): Promise<string>;
  /** kills qemu children first (libvirtd leaves them running when it dies), then libvirtd */
  stop(): Promise<void>;
}

const QEMU_CONF = `# Private test libvirtd: qemu as root, no confinement, no cgroups, files left as they are.
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
namespaces = [ ]
cgroup_controllers = [ ]
stdio_handler = "file"
`;

function libvirtdConf(socketDir: string): string {
  return `# Private test libvirtd: socket in the test's directory, open to the launcher user.
unix_sock_dir = "${socketDir}"
unix_sock_rw_perms = "0777"
unix_sock_ro_perms = "0777"
unix_sock_admin_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:stderr"
`;
}

/**
 * The accounts of a launcher pod's /etc, via `ip netns exec`'s /etc/netns/<pod>/ overlay: the
 * host's, plus `qemu` (107, virt-launcher's user: libvirtd refuses a client whose uid has no
 * user record) and `libvirt-qemu` (Debian's libvirt resolves its compiled-in qemu user at
 * start-up even when qemu.conf says root; libvirt-daemon-system would create it).
 */
async function writePodAccounts(topology: Topology): Promise<void> {
  const etc = `/etc/netns/${topology.netns.pod}`;
  await mkdir(etc, { recursive: true });
  const accounts = [
    { file: 'passwd', name: 'qemu', id: 107, line: 'qemu:x:107:107:virt-launcher:/:/usr/sbin/nologin' },
    { file: 'passwd', name: 'libvirt-qemu', id: 64055, line: 'libvirt-qemu:x:64055:64055:libvirt qemu:/var/lib/libvirt:/usr/sbin/nologin' },
    { file: 'group', name: 'qemu', id: 107, line: 'qemu:x:107:' },
    { file: 'group', name: 'libvirt-qemu', id: 64055, line: 'libvirt-qemu:x:64055:' },
  ];
  for (const file of ['passwd', 'group']) {
    await copyFile(`/etc/${file}`, join(etc, file));
    const entries = (await readFile(join(etc, file), 'utf8')).split('\n').map((l) => l.split(':'));
    for (const account of accounts.filter((a) => a.file === file)) {
      if (entries.some(([name, , id]) => name === account.name || Number(id) === account.id)) continue;
      await appendFile(join(etc, file), `${account.line}\n`);
    }
  }
}

export async function startPrivateLibvirtd(topology: Topology, t?: { teardown(fn: () => unknown): void }): Promise<PrivateLibvirtd> {
  await writePodAccounts(topology);
  const dir = join(topology.tmpDir, 'libvirt');
  const socketDir = join(dir, 'sock');
  const mounts: string[] = [];
  for (const path of LIBVIRT_PATHS) {
    const source = join(dir, path.slice(1).replaceAll('/', '-'));
    await mkdir(source, { recursive: true });
    mounts.push(`mkdir -p ${path} && mount --bind ${source} ${path}`);
  }
  await mkdir(socketDir, { recursive: true, mode: 0o755 });
  const etc = join(dir, 'etc-libvirt');
  await writeFile(join(etc, 'qemu.conf'), QEMU_CONF);
  await writeFile(join(etc, 'libvirtd.conf'), libvirtdConf(socketDir));
  // `ip netns exec` already gives a private mount namespace; unshare makes the intent explicit
  // and keeps the bind mounts from propagating anywhere whatever the parent's propagation.
  const script = `set -e; ${mounts.join('; ')}; exec libvirtd -f /etc/libvirt/libvirtd.conf -p ${join(dir, 'libvirtd.pid')}`;
  const daemon = topology.spawn('pod', 'unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { PATH: SYSTEM_PATH });
  const socket = join(socketDir, 'libvirt-sock');
  const uri = `qemu+unix:///system?socket=${socket}`;
  const virsh: PrivateLibvirtd['virsh'] = (args, opts) => run('virsh', ['-c', uri, ...args], { env: { PATH: SYSTEM_PATH }, allowFailure: opts?.allowFailure ?? false, timeoutMs: 60_000 });

  const stop = async (): Promise<void> => {
    // qemu is libvirtd's child but outlives it; it runs in the pod netns, so `ip netns pids`
    // finds exactly the processes of this test.
    const pids = await run('ip', ['netns', 'pids', topology.netns.pod], { allowFailure: true });
    for (const pid of pids.stdout.split(/\s+/).filter(Boolean).map(Number)) {
      const comm = await run('cat', [`/proc/${pid}/comm`], { allowFailure: true });
      if (comm.stdout.trim().startsWith('qemu-system')) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await daemon.stop('SIGTERM', 5_000);
  };
  t?.teardown(stop);

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (daemon.exitStatus()) throw new Error(`failed to start a private libvirtd: it exited: ${daemon.output().trim()}`);
    const probe = await virsh(['version'], { allowFailure: true });
    if (probe.exitCode === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`failed to reach the private libvirtd at "${uri}" within 20 s: ${probe.stderr.trim()} ${daemon.output().trim()}`);
    }
    await sleep(200);
  }
  const qemuLog = async (domain: string): Promise<string> => {
    const log = await run('tail', ['-n', '40', join(dir, 'var-log-libvirt', 'qemu', `${domain}.log`)], { allowFailure: true });
    return log.stdout;
  };
  return { uri, socket, dir, daemon, virsh, qemuLog, stop };
}
