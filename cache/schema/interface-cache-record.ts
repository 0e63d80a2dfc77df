/**
 * JSON Schema (draft 2020-12) of `InterfaceCacheRecord` (cache/records.ts),
 * the file phase 1 (root) writes and phase 2 (uid 107) reads. Every object is
 * closed: a record written by another program or another version is rejected
 * as a whole instead of being half understood.
 *
 * Objects are built with `closedObject<T>()`, which makes the compiler check
 * that the schema lists exactly the fields of the TypeScript type and
 * requires exactly its non-optional ones, so the two cannot drift apart.
 * Nullable fields use `type: [X, 'null']`.
 */
import type { InterfaceCacheRecord } from '../records.js';
import type { CharDeviceSpec, PodNetworkPlan, PodNicFacts } from '../../bindings/configurator.js';
import type { DhcpRoute, DhcpV4NetworkConfig } from '../../dhcp/v4/config.js';
import type { DhcpV6NetworkConfig } from '../../dhcp/v6/config.js';
import type { DomainInterface, DomainPortForward, PciAddress } from '../../src/libvirt/domain-interface.js';
import type { IpAddress, LinkSpec, NetSpec, Route, SysctlSpec } from '../../src/core/net-state.js';
import type { NftBatch } from '../../src/core/nft-types.js';
import { VMI_INTERFACE_NAME_MAX_LENGTH, VMI_INTERFACE_NAME_PATTERN, VMI_UID_MAX_LENGTH, VMI_UID_PATTERN } from '../../src/core/vmi-schema.js';

/** Lower-case colon form, as `parseMac` writes it. */
const MAC = '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$';
/** A kernel link name (`dev_valid_name`): 1–15 characters, no `/`, `:` or whitespace. */
const LINK_NAME = '^[^/:\\s]{1,15}$';
/** `<st_dev>:<st_ino>` of the launcher pod's /proc/<pid>/ns/net. */
export const POD_KEY_PATTERN = '^[0-9]+:[0-9]+$';
/** `Date.prototype.toISOString()`. */
const ISO_TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$';
/** Text form of an address; parsed for real by the code that uses it. */
const IP_TEXT = '^[0-9A-Fa-f.:]{2,45}$';
const CIDR_TEXT = '^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$';

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Schema = Record<string, unknown>;

/** `{type: 'object', required, additionalProperties: false, properties}`, checked against `T` at compile time. */
function closedObject<T>() {
  return <const R extends readonly RequiredKeys<T>[]>(
    required: R & ([Exclude<RequiredKeys<T>, R[number]>] extends [never] ? unknown : { missingRequired: Exclude<RequiredKeys<T>, R[number]> }),
    properties: { [K in keyof Required<T>]: Schema },
  ): Schema => ({ type: 'object', required: [...required], additionalProperties: false, properties });
}

const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema.type, 'null'] });

const ifaceName = { type: 'string', minLength: 1, maxLength: VMI_INTERFACE_NAME_MAX_LENGTH, pattern: VMI_INTERFACE_NAME_PATTERN } as const;
const family = { type: 'integer', enum: [4, 6] } as const;

const ipAddressSchema = closedObject<IpAddress>()(['family', 'address', 'prefixLength'], {
  family,
  address: { type: 'string', pattern: IP_TEXT },
  prefixLength: { type: 'integer', minimum: 0, maximum: 128 },
  scope: { enum: ['global', 'link', 'host'] },
});

const routeSchema = closedObject<Route>()(['family', 'destination', 'gateway'], {
  family,
  destination: nullable({ type: 'string', pattern: CIDR_TEXT }),
  gateway: nullable({ type: 'string', pattern: IP_TEXT }),
  outputInterface: { type: 'string', pattern: LINK_NAME },
  source: { type: 'string', pattern: IP_TEXT },
  table: { type: 'integer', minimum: 0 },
  scope: { enum: ['universe', 'link', 'host'] },
});

const factsSchema = closedObject<PodNicFacts>()(['index', 'name', 'kind', 'mac', 'mtu', 'addresses', 'routes'], {
  index: { type: 'integer', minimum: 1 },
  name: { type: 'string', pattern: LINK_NAME },
  kind: { enum: ['bridge', 'tun', 'veth', 'dummy', 'ifb', 'macvlan', 'macvtap', 'ipvlan', 'vxlan', 'device', 'other'] },
  rawKind: { type: 'string' },
  mac: { type: 'string', pattern: MAC },
  mtu: { type: 'integer', minimum: 68, maximum: 65535 },
  addresses: { type: 'array', items: ipAddressSchema },
  routes: { type: 'array', items: routeSchema },
  charDevice: closedObject<NonNullable<PodNicFacts['charDevice']>>()(['major', 'minor'], {
    major: { type: 'integer', minimum: 0, maximum: 4095 },
    minor: { type: 'integer', minimum: 0, maximum: 1048575 },
  }),
});

const dhcpRouteSchema = closedObject<DhcpRoute>()(['destination', 'gateway'], {
  destination: nullable({ type: 'string', pattern: CIDR_TEXT }),
  gateway: nullable({ type: 'string', pattern: IP_TEXT }),
});

const dhcpSchema = closedObject<DhcpV4NetworkConfig>()(
  ['ipamDisabled', 'clientMac', 'routes', 'mtu', 'serverId', 'bridgeName'],
  {
    ipamDisabled: { type: 'boolean' },
    clientMac: nullable({ type: 'string', pattern: MAC }),
    address: { type: 'string', pattern: IP_TEXT },
    prefixLength: { type: 'integer', minimum: 0, maximum: 32 },
    gateway: nullable({ type: 'string', pattern: IP_TEXT }),
    routes: { type: 'array', items: dhcpRouteSchema },
    mtu: { type: 'integer', minimum: 68, maximum: 65535 },
    serverId: { type: 'string', pattern: IP_TEXT },
    bridgeName: { type: 'string', pattern: LINK_NAME },
    leaseSeconds: { type: 'integer', minimum: 1 },
  },
);

const dhcpV6Schema = closedObject<DhcpV6NetworkConfig>()(
  ['bridgeName', 'address', 'prefixLength', 'advertiseDefaultRouter', 'mtu', 'clientMac'],
  {
    bridgeName: { type: 'string', pattern: LINK_NAME },
    address: { type: 'string', pattern: IP_TEXT },
    prefixLength: { type: 'integer', minimum: 0, maximum: 128 },
    advertiseDefaultRouter: { type: 'boolean' },
    // RFC 8200 §5: every IPv6 link carries at least 1280.
    mtu: { type: 'integer', minimum: 1280, maximum: 65535 },
    clientMac: nullable({ type: 'string', pattern: MAC }),
    validLifetimeSeconds: { type: 'integer', minimum: 1, maximum: 0xffffffff },
    preferredLifetimeSeconds: { type: 'integer', minimum: 1, maximum: 0xffffffff },
  },
);

const pciAddressSchema = closedObject<PciAddress>()(['domain', 'bus', 'slot', 'function'], {
  domain: { type: 'string', pattern: '^0x[0-9a-f]{4}$' },
  bus: { type: 'string', pattern: '^0x[0-9a-f]{2}$' },
  slot: { type: 'string', pattern: '^0x[0-9a-f]{2}$' },
  function: { type: 'string', pattern: '^0x[0-7]$' },
});

const portRangeSchema = closedObject<DomainPortForward['ranges'][number]>()(['start'], {
  start: { type: 'integer', minimum: 1, maximum: 65535 },
  end: { type: 'integer', minimum: 1, maximum: 65535 },
  exclude: { type: 'boolean' },
});

const portForwardSchema = closedObject<DomainPortForward>()(['proto', 'ranges'], {
  proto: { enum: ['tcp', 'udp'] },
  ranges: { type: 'array', items: portRangeSchema },
});

const backendSchema = closedObject<NonNullable<DomainInterface['backend']>>()(['type'], {
  type: { const: 'passt' },
  logFile: { type: 'string' },
});

const domainSchema = closedObject<DomainInterface>()(['type', 'name', 'model'], {
  type: { enum: ['ethernet', 'user', 'vhostuser'] },
  name: ifaceName,
  targetDev: { type: 'string', pattern: LINK_NAME },
  mac: { type: 'string', pattern: MAC },
  mtu: { type: 'integer', minimum: 68, maximum: 65535 },
  model: { type: 'string', minLength: 1 },
  bootOrder: { type: 'integer', minimum: 1 },
  pciAddress: pciAddressSchema,
  acpiIndex: { type: 'integer', minimum: 1, maximum: 16383 },
  queues: { type: 'integer', minimum: 0, maximum: 256 },
  linkState: { enum: ['up', 'down'] },
  sourceDev: { type: 'string', pattern: LINK_NAME },
  backend: backendSchema,
  portForwards: { type: 'array', items: portForwardSchema },
});

const linkSpecSchema = closedObject<LinkSpec>()(['name', 'kind', 'state'], {
  name: { type: 'string', pattern: LINK_NAME },
  kind: { enum: ['bridge', 'tap', 'dummy', 'ifb', 'existing'] },
  index: { type: 'integer', minimum: 1 },
  state: { enum: ['up', 'down', 'absent'] },
  mac: { type: 'string', pattern: MAC },
  copyMacFrom: { type: 'string', pattern: LINK_NAME },
  mtu: { type: 'integer', minimum: 68, maximum: 65535 },
  master: nullable({ type: 'string', pattern: LINK_NAME }),
  addresses: { type: 'array', items: ipAddressSchema },
  learning: { type: 'boolean' },
  routeLocalnet: { type: 'boolean' },
  tap: closedObject<NonNullable<LinkSpec['tap']>>()(['uid', 'gid', 'queues'], {
    uid: { type: 'integer', minimum: 0 },
    gid: { type: 'integer', minimum: 0 },
    queues: { type: 'integer', minimum: 0, maximum: 256 },
  }),
});

/**
 * Only per-netns networking sysctls: the record is readable (and, owned by
 * the launcher's user, writable) by the launcher, so a path outside
 * net/ipv4 and net/ipv6 is refused rather than written as root.
 */
const sysctlSpecSchema = closedObject<SysctlSpec>()(['path', 'value'], {
  path: { type: 'string', pattern: '^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$' },
  // Multi-value sysctls read back tab separated (`ping_group_range` reads "1\t0").
  value: { type: 'string', pattern: '^[0-9 \\t]{1,32}$' },
});

const netSpecSchema = closedObject<NetSpec>()(['links', 'sysctls'], {
  links: { type: 'array', items: linkSpecSchema },
  sysctls: { type: 'array', items: sysctlSpecSchema },
});

const nftBatchSchema = closedObject<NftBatch>()(['label', 'family', 'commands'], {
  label: { type: 'string' },
  family: { enum: ['ip', 'ip6', 'inet', 'bridge'] },
  // libnftables-json(5): each command object has exactly one key (add, flush, delete, ...).
  commands: { type: 'array', items: { type: 'object', minProperties: 1, maxProperties: 1 } },
});

/**
 * Only `/dev/tap<N>` (a macvtap's device): phase 1 creates the node as root in
 * the launcher's root, so no path the launcher could have written elsewhere
 * is accepted; major/minor within the kernel's 12/20-bit ranges.
 */
const charDeviceSpecSchema = closedObject<CharDeviceSpec>()(['path', 'major', 'minor', 'uid', 'gid', 'mode'], {
  path: { type: 'string', pattern: '^/dev/tap[1-9][0-9]{0,9}$' },
  major: { type: 'integer', minimum: 0, maximum: 4095 },
  minor: { type: 'integer', minimum: 0, maximum: 1048575 },
  uid: { type: 'integer', minimum: 0 },
  gid: { type: 'integer', minimum: 0 },
  mode: { type: 'integer', minimum: 0, maximum: 0o777 },
});

const planSchema = closedObject<PodNetworkPlan>()(['spec', 'nft'], {
  spec: netSpecSchema,
  nft: { type: 'array', items: nftBatchSchema },
  devices: { type: 'array', items: charDeviceSpecSchema },
});

const recordSchema = closedObject<InterfaceCacheRecord>()(
  [
    'version', 'vmiUid', 'vmiName', 'vmiNamespace', 'podKey', 'network', 'iface', 'podIfaceName',
    'binding', 'state', 'facts', 'dhcp', 'domain', 'plan', 'sysctlsBefore', 'updatedAt',
  ],
  {
    version: { const: 1 },
    vmiUid: { type: 'string', minLength: 1, maxLength: VMI_UID_MAX_LENGTH, pattern: VMI_UID_PATTERN },
    vmiName: { type: 'string', minLength: 1, maxLength: 253 },
    vmiNamespace: { type: 'string', maxLength: 63 },
    podKey: { type: 'string', pattern: POD_KEY_PATTERN },
    network: ifaceName,
    iface: ifaceName,
    podIfaceName: { type: 'string', pattern: LINK_NAME },
    binding: { enum: ['bridge', 'masquerade', 'passt', 'sriov', 'macvtap'] },
    state: { enum: ['started', 'finished'] },
    facts: factsSchema,
    dhcp: { oneOf: [{ type: 'null' }, dhcpSchema] },
    dhcpv6: { oneOf: [{ type: 'null' }, dhcpV6Schema] },
    domain: domainSchema,
    plan: planSchema,
    sysctlsBefore: { type: 'array', items: sysctlSpecSchema },
    updatedAt: { type: 'string', pattern: ISO_TIME },
  },
);

export const interfaceCacheRecordSchema: Readonly<Schema> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:virtnet:schema:interface-cache-record:v1',
  title: 'virtnet interface cache record, version 1',
  ...recordSchema,
};
