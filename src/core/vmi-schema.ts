/**
 * JSON Schema (draft 2020-12) for the network-relevant part of a KubeVirt
 * VirtualMachineInstance. Objects that describe networking (interfaces,
 * networks, their sub-objects) are closed, so a typo is an error rather than
 * a silently ignored setting; everything else (disks, memory, labels…) is
 * open, so users hand over the manifests they already have.
 *
 * `x-hint` says, for a `pattern`, what was expected in words; vmi-parse.ts
 * puts it into the error message.
 *
 * Checks a schema cannot express (binding exclusivity, MAC semantics, CIDR
 * sizes, names that must match across lists) live in vmi-parse.ts.
 */

/** KubeVirt's interface name rule (`admitter/netiface.go` `validateInterfaceNameFormat`). */
export const VMI_INTERFACE_NAME_PATTERN = '^[A-Za-z0-9_-]+$';
/**
 * KubeVirt sets no length limit; 63 (a DNS label) keeps names usable as file
 * names in the interface cache and as libvirt aliases (`ua-<name>`).
 */
export const VMI_INTERFACE_NAME_MAX_LENGTH = 63;
/**
 * metadata.uid becomes a directory name in the interface cache: a safe
 * charset, starting with an alphanumeric (so never `.` or `..`), no `..`.
 */
export const VMI_UID_PATTERN = '^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$';
export const VMI_UID_MAX_LENGTH = 128;

/** RFC 1123 label, as Kubernetes validates namespaces and subdomains. */
const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** RFC 1123 subdomain, as Kubernetes validates object names. */
const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** Go `net.ParseMAC` 48-bit forms with `:` or `-`, one separator throughout. */
const MAC_PATTERN = '^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$';
/** `hwutil.ParsePciAddress` (kubevirt-networking.md §2.4). */
export const PCI_ADDRESS_PATTERN = '^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$';
/** IANA service name as Kubernetes `IsValidPortName` checks it: ≤15 chars, a letter, no `--` at the ends. */
const PORT_NAME_PATTERN = '^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$';

/** Models KubeVirt accepts (`validInterfaceModels`, plus `igb` at HEAD). */
export const VMI_INTERFACE_MODELS = ['virtio', 'e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139'] as const;

/** Binding methods: an interface has exactly one of these keys. */
export const VMI_BINDING_METHODS = ['bridge', 'masquerade', 'passt', 'passtBinding', 'sriov', 'macvtap', 'binding'] as const;

const emptyBinding = { type: 'object', additionalProperties: false } as const;

/** Interface and network names pair up by equality, so both follow one rule. */
const nameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: VMI_INTERFACE_NAME_MAX_LENGTH,
  pattern: VMI_INTERFACE_NAME_PATTERN,
  'x-hint': 'letters, digits, "-" and "_" only',
} as const;

const interfaceSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: nameSchema,
    bridge: emptyBinding,
    masquerade: emptyBinding,
    passt: emptyBinding,
    passtBinding: emptyBinding,
    sriov: emptyBinding,
    macvtap: emptyBinding,
    binding: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 } },
    },
    macAddress: {
      type: 'string',
      pattern: MAC_PATTERN,
      'x-hint': 'a MAC address like "de:ad:00:00:be:af" or "de-ad-00-00-be-af"',
    },
    model: { enum: [...VMI_INTERFACE_MODELS] },
    bootOrder: { type: 'integer', minimum: 1 },
    pciAddress: {
      type: 'string',
      pattern: PCI_ADDRESS_PATTERN,
      'x-hint': 'a PCI address like "0000:81:01.0"',
    },
    // libvirt: "The index value must be between 1 and 16383" (formatdomain, <acpi index>).
    acpiIndex: { type: 'integer', minimum: 1, maximum: 16383 },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: PORT_NAME_PATTERN, 'x-hint': 'an IANA service name (lower case, at most 15 characters)' },
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          protocol: { type: 'string', pattern: '^([Tt][Cc][Pp]|[Uu][Dd][Pp])$', 'x-hint': '"TCP" or "UDP"' },
        },
      },
    },
    dhcpOptions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        bootFileName: { type: 'string' },
        tftpServerName: { type: 'string' },
        ntpServers: { type: 'array', items: { type: 'string' } },
        privateOptions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['option', 'value'],
            additionalProperties: false,
            properties: {
              // RFC 2132 §1 / RFC 3942: 224–254 are site-specific ("private use") options.
              option: { type: 'integer', minimum: 224, maximum: 254 },
              value: { type: 'string' },
            },
          },
        },
      },
    },
    tag: { type: 'string' },
    state: { enum: ['up', 'down', 'absent'] },
  },
} as const;

const networkSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: nameSchema,
    pod: {
      type: 'object',
      additionalProperties: false,
      properties: {
        vmNetworkCIDR: { type: 'string' },
        vmIPv6NetworkCIDR: { type: 'string' },
      },
    },
    multus: {
      type: 'object',
      required: ['networkName'],
      additionalProperties: false,
      properties: {
        networkName: { type: 'string', minLength: 1 },
        default: { type: 'boolean' },
      },
    },
  },
} as const;

const countOrZero = { type: 'integer', minimum: 0 } as const;

export const vmiSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:virtnet:schema:vmi-network',
  title: 'KubeVirt VirtualMachineInstance (network-relevant fields)',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['kubevirt.io/v1', 'kubevirt.io/v1alpha3'] },
    kind: { const: 'VirtualMachineInstance' },
    metadata: {
      type: 'object',
      required: ['name', 'uid'],
      properties: {
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
          pattern: DNS1123_SUBDOMAIN,
          'x-hint': 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
        },
        namespace: {
          type: 'string',
          maxLength: 63,
          pattern: DNS1123_LABEL,
          'x-hint': 'a DNS-1123 label (lower-case letters, digits and "-")',
        },
        uid: {
          type: 'string',
          minLength: 1,
          maxLength: VMI_UID_MAX_LENGTH,
          pattern: VMI_UID_PATTERN,
          'x-hint': 'letters, digits, ".", "-" and "_", starting with a letter or digit, without ".." (it names a cache directory)',
        },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      required: ['domain'],
      properties: {
        domain: {
          type: 'object',
          required: ['devices'],
          properties: {
            cpu: {
              type: 'object',
              properties: { sockets: countOrZero, cores: countOrZero, threads: countOrZero },
            },
            devices: {
              type: 'object',
              properties: {
                interfaces: { type: 'array', items: interfaceSchema },
                networkInterfaceMultiqueue: { type: 'boolean' },
              },
            },
          },
        },
        networks: { type: 'array', items: networkSchema },
        subdomain: {
          type: 'string',
          maxLength: 63,
          pattern: DNS1123_LABEL,
          'x-hint': 'a DNS-1123 label (lower-case letters, digits and "-")',
        },
        hostname: {
          type: 'string',
          maxLength: 63,
          pattern: DNS1123_LABEL,
          'x-hint': 'a DNS-1123 label (lower-case letters, digits and "-")',
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        runtimeUser: countOrZero,
        migrationTransport: { type: 'string' },
        interfaces: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              mac: { type: 'string' },
              podInterfaceName: { type: 'string' },
              queueCount: countOrZero,
            },
          },
        },
      },
    },
  },
} as const;
