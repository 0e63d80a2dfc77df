/**
 * Reading a VirtualMachineInstance manifest: YAML or JSON text → schema check
 * (vmi-schema.ts, ajv, all errors) → the cross-field rules KubeVirt's
 * admission webhook applies to networking (`pkg/network/admitter/*.go`).
 * Every problem found is reported at once, each with the JSON pointer of the
 * offending field, so one run shows the user everything to fix.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { DHCP_SETTINGS_ANNOTATION, dhcpSettingsIssues } from './dhcp-settings.js';
import { ValidationError } from './errors.js';
import { checkVmCidrSize, isIpv4, isMulticastMac, MASQUERADE_BRIDGE_MAC, tryParseCidr, tryParseMac } from './ip.js';
import type { VirtualMachineInstance } from './vmi.js';
import { VMI_BINDING_METHODS } from './vmi-schema.js';
import validateVmiSchema from '../generated/validate-vmi.js';

export interface ValidationIssue {
  /** JSON pointer of the field (`/spec/domain/devices/interfaces/0/macAddress`); `''` for the whole document. */
  path: string;
  message: string;
}

/** All problems of one manifest. `path` is the first problem's pointer; `issues` has every one. */
export class VmiValidationError extends ValidationError {
  readonly source: string;
  readonly issues: readonly ValidationIssue[];
  constructor(source: string, issues: readonly ValidationIssue[]) {
    const lines = issues.map((issue) => `${source}: ${issue.path || '/'}: ${issue.message}`);
    const message =
      lines.length === 1
        ? (lines[0] as string)
        : `${source}: invalid VirtualMachineInstance (${lines.length} problems):\n${lines.map((l) => `  ${l}`).join('\n')}`;
    super(issues[0]?.path ?? '', message);
    this.source = source;
    this.issues = issues;
  }
}

/** vmiSchema compiled at build time (scripts/validator-codegen.ts). */
const validateSchema = validateVmiSchema as unknown as ValidateFunction;

/**
 * Parse YAML (which includes JSON) and validate it as a VirtualMachineInstance.
 * JSON, what the API server hands a launcher, is read by JSON.parse; the YAML
 * library (~8 MB of resident memory) is loaded only for other text, or to
 * locate the error in JSON that does not parse. A key repeated in JSON keeps
 * its last value, as KubeVirt's Go decoder does; YAML refuses repeats.
 */
export function parseVmi(text: string, source: string): VirtualMachineInstance {
  if (/^\s*\{/.test(text)) {
    try {
      return validateVmi(JSON.parse(text), source);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  // YAML 1.2 core schema: `12:34:56:78:90:12` stays a string (YAML 1.1 would read a base-60 number).
  const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new VmiValidationError(
      source,
      doc.errors.map((e) => ({ path: '', message: `failed to parse YAML: ${e.message}` })),
    );
  }
  return validateVmi(doc.toJS({ maxAliasCount: 100 }), source);
}

/** Validate an already-parsed manifest; returns it typed, or throws VmiValidationError with every problem. */
export function validateVmi(obj: unknown, source: string): VirtualMachineInstance {
  const issues: ValidationIssue[] = [];
  if (!validateSchema(obj)) issues.push(...(validateSchema.errors ?? []).map(describeSchemaError));
  issues.push(...crossFieldIssues(obj));
  if (issues.length > 0) throw new VmiValidationError(source, dedupe(issues));
  return obj as VirtualMachineInstance;
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function describeSchemaError(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${error.instancePath}/${escapePointerToken(String(params.missingProperty))}`,
        message: `missing required field "${String(params.missingProperty)}"`,
      };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${escapePointerToken(String(params.additionalProperty))}`,
        message: `unknown field "${String(params.additionalProperty)}" (not a KubeVirt networking field virtnet supports)`,
      };
    case 'pattern': {
      const hint = (error.parentSchema as Record<string, unknown> | undefined)?.['x-hint'];
      return {
        path: error.instancePath,
        message: `invalid value ${JSON.stringify(error.data)}: expected ${typeof hint === 'string' ? hint : `a match for ${String(params.pattern)}`}`,
      };
    }
    case 'enum':
      return {
        path: error.instancePath,
        message: `invalid value ${JSON.stringify(error.data)}: expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return {
        path: error.instancePath,
        message: `invalid value ${JSON.stringify(error.data)}: expected ${JSON.stringify(params.allowedValue)}`,
      };
    default:
      return { path: error.instancePath, message: `invalid value ${JSON.stringify(error.data)}: ${error.message ?? error.keyword}` };
  }
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules. They run on whatever the document holds, valid or not, so
// they only look at values of the expected type and leave the rest to the schema.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): [number, Json][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): [number, Json][] => (isObject(item) ? [[index, item]] : []));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const INTERFACES = '/spec/domain/devices/interfaces';
const NETWORKS = '/spec/networks';

function crossFieldIssues(doc: unknown): ValidationIssue[] {
  if (!isObject(doc) || !isObject(doc.spec)) return [];
  const spec = doc.spec;
  const devices = isObject(spec.domain) && isObject(spec.domain.devices) ? spec.domain.devices : {};
  const ifaces = objects(devices.interfaces);
  const networks = objects(spec.networks);
  return [
    ...bindingIssues(ifaces),
    ...macIssues(ifaces),
    ...uniqueNameIssues(ifaces, INTERFACES, 'interface'),
    ...uniqueNameIssues(networks, NETWORKS, 'network'),
    ...networkSourceIssues(networks),
    ...pairingIssues(ifaces, networks),
    ...podOnlyBindingIssues(ifaces, networks),
    ...portNameIssues(ifaces),
    ...ntpIssues(ifaces),
    ...annotationIssues(doc, ifaces),
  ];
}

function annotationIssues(doc: Json, ifaces: [number, Json][]): ValidationIssue[] {
  const annotations = isObject(doc.metadata) && isObject(doc.metadata.annotations) ? doc.metadata.annotations : {};
  const dhcp = str(annotations[DHCP_SETTINGS_ANNOTATION]);
  if (dhcp === undefined) return [];
  return dhcpSettingsIssues(dhcp, ifaces.flatMap(([, iface]) => (typeof iface.name === 'string' ? [iface.name] : [])));
}

function bindingIssues(ifaces: [number, Json][]): ValidationIssue[] {
  return ifaces.flatMap(([i, iface]) => {
    const present = VMI_BINDING_METHODS.filter((method) => iface[method] !== undefined);
    if (present.length === 1) return [];
    const name = str(iface.name) ?? `#${i}`;
    const choices = VMI_BINDING_METHODS.join(', ');
    return [
      {
        path: `${INTERFACES}/${i}`,
        message:
          present.length === 0
            ? `interface "${name}" has no binding method: set exactly one of ${choices}`
            : `interface "${name}" has ${present.length} binding methods (${present.join(', ')}): set exactly one`,
      },
    ];
  });
}

function macIssues(ifaces: [number, Json][]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstUse = new Map<string, string>();
  for (const [i, iface] of ifaces) {
    const mac = tryParseMac(str(iface.macAddress) ?? '');
    if (mac === null) continue; // absent, or malformed (reported by the schema)
    const path = `${INTERFACES}/${i}/macAddress`;
    if (mac === MASQUERADE_BRIDGE_MAC) {
      // KubeVirt admission's message, verbatim (`admitter/binding.go`).
      issues.push({ path, message: 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.' });
    } else if (isMulticastMac(mac)) {
      issues.push({
        path,
        message: `MAC address "${String(iface.macAddress)}" is a multicast (group) address: a NIC needs a unicast MAC, with the lowest bit of the first octet clear`,
      });
    }
    const other = firstUse.get(mac);
    if (other !== undefined) {
      issues.push({ path, message: `MAC address "${mac}" is already used by interface "${other}": every interface needs its own MAC` });
    } else {
      firstUse.set(mac, str(iface.name) ?? `#${i}`);
    }
  }
  return issues;
}

function uniqueNameIssues(items: [number, Json][], base: string, what: string): ValidationIssue[] {
  const seen = new Set<string>();
  return items.flatMap(([i, item]) => {
    const name = str(item.name);
    if (name === undefined) return [];
    if (seen.has(name)) {
      return [{ path: `${base}/${i}/name`, message: `${what} name "${name}" is used more than once: every ${what} needs a unique name` }];
    }
    seen.add(name);
    return [];
  });
}

function networkSourceIssues(networks: [number, Json][]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [i, network] of networks) {
    const sources = (['pod', 'multus'] as const).filter((s) => network[s] !== undefined);
    if (sources.length !== 1) {
      issues.push({
        path: `${NETWORKS}/${i}`,
        message:
          sources.length === 0
            ? `network "${str(network.name) ?? `#${i}`}" has no source: set exactly one of pod, multus`
            : `network "${str(network.name) ?? `#${i}`}" has both pod and multus: set exactly one`,
      });
    }
    if (isObject(network.pod)) issues.push(...cidrIssues(i, network.pod));
  }
  const pods = networks.filter(([, n]) => n.pod !== undefined);
  for (const [i] of pods.slice(1)) {
    issues.push({ path: `${NETWORKS}/${i}`, message: 'more than one pod network: a VMI has at most one' });
  }
  const multusDefaults = networks.filter(([, n]) => isObject(n.multus) && n.multus.default === true);
  for (const [i] of multusDefaults.slice(1)) {
    issues.push({ path: `${NETWORKS}/${i}/multus/default`, message: 'more than one Multus default network: a VMI has at most one' });
  }
  if (pods.length > 0 && multusDefaults.length > 0) {
    const [i] = multusDefaults[0] as [number, Json];
    issues.push({
      path: `${NETWORKS}/${i}/multus/default`,
      message: 'a Multus default network cannot be used together with a pod network: both would be the primary interface',
    });
  }
  return issues;
}

function cidrIssues(i: number, pod: Json): ValidationIssue[] {
  const fields = [
    ['vmNetworkCIDR', 4],
    ['vmIPv6NetworkCIDR', 6],
  ] as const;
  return fields.flatMap(([field, family]) => {
    const text = str(pod[field]);
    if (text === undefined) return [];
    const path = `${NETWORKS}/${i}/pod/${field}`;
    const cidr = tryParseCidr(text);
    if (cidr === null || cidr.family !== family) {
      return [{ path, message: `invalid value "${text}": expected an IPv${family} CIDR like "${family === 4 ? '10.0.2.0/24' : 'fd10:0:2::/120'}"` }];
    }
    const tooSmall = checkVmCidrSize(cidr);
    return tooSmall === null ? [] : [{ path, message: tooSmall }];
  });
}

function pairingIssues(ifaces: [number, Json][], networks: [number, Json][]): ValidationIssue[] {
  const networkNames = new Set(networks.map(([, n]) => str(n.name)));
  const ifaceNames = new Set(ifaces.map(([, iface]) => str(iface.name)));
  const issues: ValidationIssue[] = [];
  for (const [i, iface] of ifaces) {
    const name = str(iface.name);
    if (name !== undefined && !networkNames.has(name)) {
      issues.push({ path: `${INTERFACES}/${i}/name`, message: `interface "${name}" has no network of the same name in spec.networks` });
    }
  }
  for (const [i, network] of networks) {
    const name = str(network.name);
    if (name !== undefined && !ifaceNames.has(name)) {
      issues.push({ path: `${NETWORKS}/${i}/name`, message: `network "${name}" has no interface of the same name in spec.domain.devices.interfaces` });
    }
  }
  return issues;
}

function podOnlyBindingIssues(ifaces: [number, Json][], networks: [number, Json][]): ValidationIssue[] {
  const podNetworks = new Set(networks.filter(([, n]) => n.pod !== undefined).map(([, n]) => str(n.name)));
  const networkNames = new Set(networks.map(([, n]) => str(n.name)));
  return ifaces.flatMap(([i, iface]) => {
    const name = str(iface.name);
    // An interface without a network is reported by pairingIssues.
    if (name === undefined || !networkNames.has(name) || podNetworks.has(name)) return [];
    return (['masquerade', 'passt', 'passtBinding'] as const)
      .filter((method) => iface[method] !== undefined)
      .map((method) => ({
        path: `${INTERFACES}/${i}/${method}`,
        message: `interface "${name}" uses ${method} binding, which only works on the pod network`,
      }));
  });
}

function portNameIssues(ifaces: [number, Json][]): ValidationIssue[] {
  return ifaces.flatMap(([i, iface]) => {
    const seen = new Set<string>();
    return objects(iface.ports).flatMap(([p, port]) => {
      const name = str(port.name);
      if (name === undefined) return [];
      if (seen.has(name)) {
        return [{ path: `${INTERFACES}/${i}/ports/${p}/name`, message: `port name "${name}" is used more than once in this interface` }];
      }
      seen.add(name);
      return [];
    });
  });
}

function ntpIssues(ifaces: [number, Json][]): ValidationIssue[] {
  return ifaces.flatMap(([i, iface]) => {
    const options = isObject(iface.dhcpOptions) ? iface.dhcpOptions : {};
    const servers = Array.isArray(options.ntpServers) ? options.ntpServers : [];
    return servers.flatMap((server, s) =>
      typeof server === 'string' && !isIpv4(server)
        ? [
            {
              path: `${INTERFACES}/${i}/dhcpOptions/ntpServers/${s}`,
              message: `invalid value "${server}": DHCP option 42 carries IPv4 addresses only`,
            },
          ]
        : [],
    );
  });
}
