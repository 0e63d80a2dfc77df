/**
 * Who runs passt for a passt interface: libvirt (`<backend type="passt">`,
 * the way KubeVirt does since v1.1) or the launcher itself
 * (passt-supervisor.ts + qemu `-netdev stream`), for libvirt builds without
 * passt support such as Debian 12's 9.0, which patches it out.
 *
 * The choice is a pure function of what the connected libvirt reports; the
 * probe around it runs `virsh`.
 */
import type { VirshDriver } from '../drivers/virsh.js';
import { ValidationError } from '../core/errors.js';

export type PasstMode = 'libvirt' | 'launcher';
export type PasstModeRequest = PasstMode | 'auto';

/** Overrides the automatic choice (`auto`, `libvirt`, `launcher`); the CLI option of the same meaning wins over it. */
export const PASST_MODE_ENV = 'VIRTNET_PASST_MODE';

const PASST_MODE_REQUESTS: readonly PasstModeRequest[] = ['auto', 'libvirt', 'launcher'];

/** What the connected libvirt and its qemu offer for passt. */
export interface LibvirtPasstSupport {
  /**
   * Values of `<interface><enum name="backendType">` in the domain
   * capabilities (libvirt ≥ 9.x reports `default`, `passt`); null when
   * libvirt does not report the enum at all (older libvirt).
   */
  netBackends: string[] | null;
  /** The hypervisor's version from `virsh version` (`[7, 2, 0]`), null if not reported. */
  qemuVersion: [number, number, number] | null;
}

/** `undefined`/empty means `auto`. */
export function parsePasstModeRequest(text: string | undefined, source = PASST_MODE_ENV): PasstModeRequest {
  if (text === undefined || text === '') return 'auto';
  const request = PASST_MODE_REQUESTS.find((r) => r === text.toLowerCase());
  if (request === undefined) {
    throw new ValidationError(source, `failed to parse the passt mode "${text}": expected one of ${PASST_MODE_REQUESTS.join(', ')}`);
  }
  return request;
}

/**
 * An explicit request wins. Automatically, libvirt runs passt only when it
 * says it can; a libvirt that does not report its backends is treated as not
 * supporting passt, since the launcher-managed mode works with any qemu ≥ 7.2
 * while a domain with `<backend type="passt">` fails to define on libvirt
 * builds without it.
 */
export function choosePasstMode(request: PasstModeRequest, support: Pick<LibvirtPasstSupport, 'netBackends'>): PasstMode {
  if (request !== 'auto') return request;
  return support.netBackends?.includes('passt') === true ? 'libvirt' : 'launcher';
}

/** qemu 8.0 added `reconnect` to `-netdev stream` (commit "net: stream: add a new option to automatically reconnect"). */
export function qemuStreamReconnects(qemuVersion: LibvirtPasstSupport['qemuVersion']): boolean {
  return qemuVersion !== null && qemuVersion[0] >= 8;
}

/** `<interface supported="yes"><enum name="backendType"><value>…` of `virsh domcapabilities`. */
export function parseNetBackends(domcapsXml: string): string[] | null {
  const iface = /<interface\b[^>]*>([\s\S]*?)<\/interface>/.exec(domcapsXml)?.[1];
  const backendEnum = iface === undefined ? undefined : /<enum\s+name=["']backendType["'][^>]*>([\s\S]*?)<\/enum>/.exec(iface)?.[1];
  if (backendEnum === undefined) return null;
  return [...backendEnum.matchAll(/<value>\s*([^<\s]+)\s*<\/value>/g)].map((m) => m[1] as string);
}

/** `Running hypervisor: QEMU 7.2.0` of `virsh version`. */
export function parseQemuVersion(virshVersion: string): LibvirtPasstSupport['qemuVersion'] {
  const match = /Running hypervisor:\s*QEMU\s+(\d+)\.(\d+)\.(\d+)/i.exec(virshVersion);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Asks the connected libvirt (two `virsh` calls). */
export async function probeLibvirtPasstSupport(virsh: Pick<VirshDriver, 'domainCapabilities' | 'version'>): Promise<LibvirtPasstSupport> {
  const [domcaps, version] = await Promise.all([virsh.domainCapabilities(), virsh.version()]);
  return { netBackends: parseNetBackends(domcaps), qemuVersion: parseQemuVersion(version) };
}
