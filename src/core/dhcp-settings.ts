/**
 * Per-interface switches for virtnet's in-pod DHCP, set by the user as one
 * VMI annotation (KubeVirt's API has no field for them, and annotations are
 * the place for implementation-specific knobs):
 *
 *   metadata:
 *     annotations:
 *       virtnet.io/dhcp: '{"default": {"leaseSeconds": 3600}, "net1": {"disabled": true}}'
 *
 * Keys are interface names of spec.domain.devices.interfaces.
 * - `disabled: true`: no DHCPv4 server, no DHCPv6 server and no Router
 *   Advertisements on that interface (the guest is configured statically or by
 *   cloud-init). The plumbing is unchanged.
 * - `leaseSeconds`: DHCPv4 lease time (option 51, T1/T2 at 1/2 and 7/8 of it)
 *   and DHCPv6 valid/preferred lifetimes of the address; default KubeVirt's
 *   999 days for DHCPv4 and infinity for DHCPv6.
 */
import type { ValidateFunction } from 'ajv';
import type { VirtualMachineInstance } from './vmi.js';
import type { InterfaceDhcpSettings } from './dhcp-settings-schema.js';
import validateDhcpSettings from '../generated/validate-dhcp-settings.js';

export type { InterfaceDhcpSettings } from './dhcp-settings-schema.js';

export const DHCP_SETTINGS_ANNOTATION = 'virtnet.io/dhcp';

/** dhcp-settings-schema.ts compiled at build time (scripts/validator-codegen.ts). */
const validateSettings = validateDhcpSettings as unknown as ValidateFunction<Record<string, InterfaceDhcpSettings>>;

/** The JSON pointer of the annotation, for error messages. */
export const DHCP_SETTINGS_POINTER = `/metadata/annotations/${DHCP_SETTINGS_ANNOTATION.replaceAll('~', '~0').replaceAll('/', '~1')}`;

export interface DhcpSettingsIssue {
  path: string;
  message: string;
}

/**
 * Problems with the annotation's value, checked with the rest of the
 * manifest (vmi-parse.ts): not JSON, a wrong field, or an interface that the
 * VMI does not have (a typo would otherwise silently leave DHCP on).
 */
export function dhcpSettingsIssues(annotation: string, interfaceNames: readonly string[]): DhcpSettingsIssue[] {
  let value: unknown;
  try {
    value = JSON.parse(annotation);
  } catch {
    return [{ path: DHCP_SETTINGS_POINTER, message: 'invalid value: expected a JSON object such as {"default": {"disabled": true}}' }];
  }
  if (!validateSettings(value)) {
    return (validateSettings.errors ?? []).map((e) => ({
      path: `${DHCP_SETTINGS_POINTER}${e.instancePath}`,
      message: `invalid value: ${e.propertyName !== undefined ? `interface name ${JSON.stringify(e.propertyName)} ` : ''}${e.message ?? e.keyword}`,
    }));
  }
  return Object.keys(value)
    .filter((name) => !interfaceNames.includes(name))
    .map((name) => ({ path: `${DHCP_SETTINGS_POINTER}/${name}`, message: `invalid value: the VMI has no interface "${name}"` }));
}

/** The settings of one interface; {} when the annotation does not name it. Expects a validated VMI. */
export function dhcpSettingsFor(vmi: VirtualMachineInstance, ifaceName: string): InterfaceDhcpSettings {
  const annotation = vmi.metadata.annotations?.[DHCP_SETTINGS_ANNOTATION];
  if (annotation === undefined) return {};
  const all = JSON.parse(annotation) as Record<string, InterfaceDhcpSettings>;
  return Object.prototype.hasOwnProperty.call(all, ifaceName) ? (all[ifaceName] as InterfaceDhcpSettings) : {};
}
