// The tiny guest of the VM tests: Debian's kernel (from `apt-get download` of the package that
// linux-image-amd64 depends on) plus a busybox initramfs made here, whose /init
// (test/fixtures/guest/init) loads the virtio-net modules, takes a lease with udhcpc on every NIC
// that appears (also hot-plugged ones), runs the checks named on the kernel command line and
// reports everything as `VIRTNET-RESULT {json}` lines on the serial console.
//
// The build is cached under /var/cache/virtnet-test-guest/<kernel version>-<fixture hash>; it is
// made in a private temp dir and renamed into place, so concurrent builders never see half a
// guest and the loser of the race just drops its copy.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, sleep } from './exec.js';

export const GUEST_CACHE_DIR = '/var/cache/virtnet-test-guest';
const FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/guest');
/** Fixture file → its path in the initramfs. */
const FIXTURE_FILES: Record<string, string> = { init: 'init', 'udhcpc-script': 'udhcpc-script', 'peer-cgi': 'www/cgi-bin/peer' };
/** What a guest needs for virtio-net on the PCI bus; their dependencies are added from the modules' own `depends=`. */
const GUEST_MODULES = ['virtio_pci', 'virtio_net'];
const BUSYBOX = '/bin/busybox';
/**
 * iputils ping, for `ping -M do`: busybox's ping cannot forbid fragmentation and its
 * `traceroute -F` still fragments, so a DF check with either would pass vacuously.
 */
const DF_PING = '/usr/bin/ping';

export interface GuestImage {
  kernelVersion: string;
  kernel: string;
  initrd: string;
}

/** The version of Debian's current amd64 kernel package, e.g. "6.1.0-56-amd64". */
export async function currentKernelVersion(): Promise<string> {
  const { stdout } = await run('apt-cache', ['depends', 'linux-image-amd64']);
  const match = /Depends: linux-image-(\S+-amd64)/.exec(stdout);
  if (match === null) throw new Error(`failed to find the kernel package linux-image-amd64 depends on: ${stdout.trim()}`);
  return match[1]!;
}

/** The guest image, built on first use and cached. */
export async function ensureGuest(): Promise<GuestImage> {
  const kernelVersion = await currentKernelVersion();
  const hash = createHash('sha256');
  for (const file of Object.keys(FIXTURE_FILES)) hash.update(await readFile(join(FIXTURE_DIR, file)));
  hash.update([...GUEST_MODULES, DF_PING].join(','));
  const dir = join(GUEST_CACHE_DIR, `${kernelVersion}-${hash.digest('hex').slice(0, 12)}`);
  const image = { kernelVersion, kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.gz') };
  if (existsSync(image.initrd)) return image;

  await mkdir(GUEST_CACHE_DIR, { recursive: true });
  const work = join(GUEST_CACHE_DIR, `.build-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(work);
    await buildGuest(kernelVersion, work);
    try {
      await rename(join(work, 'out'), dir);
    } catch (err) {
      // Another builder won the race: its guest is as good as ours.
      if (!existsSync(image.initrd)) throw err;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return image;
}

async function buildGuest(kernelVersion: string, work: string): Promise<void> {
  await run('sh', ['-c', `cd "${work}" && apt-get download "linux-image-${kernelVersion}"`], { timeoutMs: 300_000 });
  const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
  if (deb === undefined) throw new Error(`failed to download linux-image-${kernelVersion}: no .deb in "${work}"`);
  const unpacked = join(work, 'deb');
  await run('dpkg-deb', ['-x', join(work, deb), unpacked], { timeoutMs: 120_000 });
  const moduleRoot = join(unpacked, 'lib/modules', kernelVersion);

  const root = join(work, 'root');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'lib/modules']) await mkdir(join(root, d), { recursive: true });
  await copyFile(BUSYBOX, join(root, 'bin/busybox'));
  await chmod(join(root, 'bin/busybox'), 0o755);
  await symlink('busybox', join(root, 'bin/sh'));
  for (const [file, target] of Object.entries(FIXTURE_FILES)) {
    await mkdir(dirname(join(root, target)), { recursive: true });
    await copyFile(join(FIXTURE_DIR, file), join(root, target));
    await chmod(join(root, target), 0o755);
  }
  await copyWithLibraries(DF_PING, root);
  const modules = await moduleLoadOrder(moduleRoot, GUEST_MODULES);
  for (const m of modules) await copyFile(m.path, join(root, 'lib/modules', `${m.name}.ko`));
  await writeFile(join(root, 'modules'), `${modules.map((m) => m.name).join('\n')}\n`);

  const out = join(work, 'out');
  await mkdir(out);
  await copyFile(join(unpacked, 'boot', `vmlinuz-${kernelVersion}`), join(out, 'vmlinuz'));
  // newc cpio, every file owned by root, then gzip (CONFIG_RD_GZIP).
  await run('sh', ['-c', `cd "${root}" && find . | ${BUSYBOX} cpio -o -H newc -R 0:0 | gzip -9 > "${join(out, 'initrd.gz')}"`], { timeoutMs: 120_000 });
}

/** Copies a dynamically linked binary and every library `ldd` names to the same paths under `root`. */
async function copyWithLibraries(binary: string, root: string): Promise<void> {
  const { stdout } = await run('ldd', [binary]);
  const libraries = [...stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
  for (const path of [binary, ...libraries]) {
    await mkdir(join(root, dirname(path)), { recursive: true });
    await copyFile(path, join(root, path));
  }
  await chmod(join(root, binary), 0o755);
}

interface KernelModule {
  name: string;
  path: string;
}

/** `wanted` and everything they depend on, dependencies first; `depends=` read from each module's .modinfo. */
export async function moduleLoadOrder(moduleRoot: string, wanted: readonly string[]): Promise<KernelModule[]> {
  const paths = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.ko')) paths.set(entry.name.slice(0, -3).replaceAll('-', '_'), path);
      else if (entry.name.endsWith('.ko.xz')) throw new Error(`failed to use module "${path}": compressed modules are not supported by this fixture`);
    }
  };
  await walk(join(moduleRoot, 'kernel'));
  const order: KernelModule[] = [];
  const visit = async (name: string, chain: string[]): Promise<void> => {
    if (order.some((m) => m.name === name)) return;
    if (chain.includes(name)) throw new Error(`failed to order modules: dependency cycle ${[...chain, name].join(' -> ')}`);
    const path = paths.get(name);
    if (path === undefined) throw new Error(`failed to find kernel module "${name}" under "${moduleRoot}"`);
    for (const dep of parseModuleDepends(await readFile(path))) await visit(dep, [...chain, name]);
    order.push({ name, path });
  };
  for (const name of wanted) await visit(name, []);
  return order;
}

/** The `depends=a,b` string of a module's .modinfo section (NUL-terminated key=value strings). */
export function parseModuleDepends(ko: Buffer): string[] {
  const at = ko.indexOf('\0depends=');
  if (at === -1) return [];
  const start = at + '\0depends='.length;
  const value = ko.subarray(start, ko.indexOf(0, start)).toString('latin1');
  return value === '' ? [] : value.split(',');
}

export interface GuestChecks {
  /** ICMP echo targets */
  ping?: string[];
  /** `IP:PORT`: connect and report the answer */
  tcp?: string[];
  /** `IP:PORT`: HTTP GET / and report the body */
  http?: string[];
  /** one ICMP echo of `size` bytes (IP header included) with DF and no local fragmentation */
  bigping?: { ip: string; size: number }[];
  /** serve HTTP on this port; /cgi-bin/peer answers with the client address */
  listen?: number[];
}

/** The kernel command line: serial console, quiet, and the checks for /init. */
export function guestCmdline(checks: GuestChecks = {}): string {
  const args = ['console=ttyS0', 'quiet', 'panic=-1'];
  for (const ip of checks.ping ?? []) args.push(`virtnet.ping=${ip}`);
  for (const target of checks.tcp ?? []) args.push(`virtnet.tcp=${target}`);
  for (const url of checks.http ?? []) args.push(`virtnet.http=${url}`);
  for (const { ip, size } of checks.bigping ?? []) args.push(`virtnet.bigping=${ip}:${size}`);
  for (const port of checks.listen ?? []) args.push(`virtnet.listen=${port}`);
  return args.join(' ');
}

export interface GuestLease {
  iface: string;
  mac: string;
  ip: string;
  prefixLength: number;
  routers: string[];
  dns: string[];
  mtu: number;
  search: string[];
  domain: string;
  hostname: string;
  /** option 121 as udhcpc lists it: destination, gateway, destination, gateway, ... */
  staticRoutes: string[];
}

export interface GuestCheck {
  check: 'ping' | 'tcp' | 'http' | 'bigping';
  target: string;
  ok: boolean;
  answer?: string;
  output?: string;
}

export interface GuestCarrier {
  iface: string;
  up: boolean;
}

export interface GuestConsole {
  leases: GuestLease[];
  /** carrier of each NIC when first seen and at every change, in order */
  carrier: GuestCarrier[];
  /** NICs that went away (hot-unplugged) */
  removed: string[];
  checks: GuestCheck[];
  listening: number[];
  leaseFailures: string[];
  errors: Record<string, unknown>[];
  checksDone: boolean;
}

/** Reads the `VIRTNET-RESULT` lines of a console log; everything else (kernel messages) is ignored. */
export function parseGuestConsole(text: string): GuestConsole {
  const parsed: GuestConsole = { leases: [], carrier: [], removed: [], checks: [], listening: [], leaseFailures: [], errors: [], checksDone: false };
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('VIRTNET-RESULT ');
    if (at === -1) continue;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line.slice(at + 'VIRTNET-RESULT '.length)) as Record<string, unknown>;
    } catch {
      // A line cut by the end of the file so far (the guest is still writing it).
      continue;
    }
    switch (event.event) {
      case 'lease':
        parsed.leases.push({
          iface: String(event.iface),
          mac: String(event.mac),
          ip: String(event.ip),
          prefixLength: Number(event.mask),
          routers: event.router as string[],
          dns: event.dns as string[],
          mtu: Number(event.mtu),
          search: event.search as string[],
          domain: String(event.domain),
          hostname: String(event.hostname),
          staticRoutes: event.staticroutes as string[],
        });
        break;
      case 'check':
        parsed.checks.push({
          check: event.check as GuestCheck['check'],
          target: String(event.target),
          ok: event.ok === true,
          ...(typeof event.answer === 'string' ? { answer: event.answer } : {}),
          ...(typeof event.output === 'string' ? { output: event.output } : {}),
        });
        break;
      case 'listening':
        parsed.listening.push(Number(event.port));
        break;
      case 'carrier':
        parsed.carrier.push({ iface: String(event.iface), up: event.up === true });
        break;
      case 'nic-removed':
        parsed.removed.push(String(event.iface));
        break;
      case 'leasefail':
        parsed.leaseFailures.push(String(event.iface));
        break;
      case 'checks-done':
        parsed.checksDone = true;
        break;
      default:
        parsed.errors.push(event);
    }
  }
  return parsed;
}

/** Polls the console log until `ready` holds for what the guest said; the error carries the log tail. */
export async function waitForGuest(consoleLog: string, ready: (c: GuestConsole) => boolean, timeoutMs: number): Promise<GuestConsole> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await readFile(consoleLog, 'utf8').catch(() => '');
    const parsed = parseGuestConsole(text);
    if (ready(parsed)) return parsed;
    if (Date.now() > deadline) throw new Error(`failed to see the guest get ready within ${timeoutMs} ms; console "${consoleLog}":\n${text.slice(-3000)}`);
    await sleep(250);
  }
}

export interface BaseDomainOptions {
  name: string;
  image: GuestImage;
  checks?: GuestChecks;
  /** the serial console goes to this file (written by qemu) */
  consoleLog: string;
}

/**
 * The domain without network devices, as the launcher receives it: 128 MiB, one vCPU, software
 * emulation (no usable KVM here), direct kernel boot, serial console to a file, no USB, no
 * balloon, no graphics. Machine `pc` (i440fx): its root bus takes ACPI PCI hotplug without
 * extra root ports, so attach-device works on a fresh domain.
 */
export function baseDomainXml(opts: BaseDomainOptions): string {
  return `<domain type="qemu">
  <name>${opts.name}</name>
  <memory unit="MiB">128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
    <kernel>${opts.image.kernel}</kernel>
    <initrd>${opts.image.initrd}</initrd>
    <cmdline>${guestCmdline(opts.checks)}</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <on_reboot>destroy</on_reboot>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type="usb" model="none"/>
    <serial type="file">
      <source path="${opts.consoleLog}"/>
      <target port="0"/>
    </serial>
    <memballoon model="none"/>
  </devices>
</domain>
`;
}
