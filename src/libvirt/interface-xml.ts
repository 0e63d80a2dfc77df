/**
 * libvirt `<interface>` and `<hostdev>` elements for one guest NIC, as
 * KubeVirt renders them (`HEAD:pkg/virt-launcher/virtwrap/api/schema.go`,
 * `converter/network/*.go`). Pure: data in, text out.
 *
 * Element order is the field order of KubeVirt's `api.Interface` (address,
 * source, target, model, mac, mtu, boot, link, alias, driver, rom, acpi,
 * backend, portForward) and `api.HostDevice` (source, boot, address, alias);
 * elements are written open/close (`<mtu size="1500"></mtu>`) like Go's
 * encoding/xml, one per line, two-space indent.
 */
import { ValidationError } from '../core/errors.js';
import { PCI_ADDRESS_PATTERN, VMI_INTERFACE_MODELS } from '../core/vmi-schema.js';
import type { DomainHostdev, DomainInterface, DomainPortForward, PciAddress, QemuStreamNic } from './domain-interface.js';

/** KubeVirt's `UserAliasPrefix`: marks aliases that come from the VMI spec. */
export const USER_ALIAS_PREFIX = 'ua-';
/** Hostdev aliases of SR-IOV interfaces carry this after the user prefix (`ua-sriov-<name>`). */
export const SRIOV_ALIAS_PREFIX = 'sriov-';

type AttrValue = string | number | undefined;

/** XML 1.0 §2.4/§3.1: in a double-quoted attribute `&`, `<` and `"` must be escaped; `>` and `'` are for symmetry. */
function escapeAttr(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** `<name a="1" b="2">inner</name>`; attributes whose value is undefined are left out. */
function element(name: string, attrs: [string, AttrValue][], inner = ''): string {
  const rendered = attrs
    .filter((attr): attr is [string, string | number] => attr[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttr(String(value))}"`)
    .join('');
  return `<${name}${rendered}>${inner}</${name}>`;
}

function block(name: string, attrs: [string, AttrValue][], children: string[]): string {
  const open = element(name, attrs);
  const close = `</${name}>`;
  return [open.slice(0, -close.length), ...children.map((c) => `  ${c}`), close].join('\n');
}

function positiveInteger(value: number | undefined, field: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(field, `failed to render "${field}": ${value} is not an integer between 1 and ${max}`);
  }
  return value;
}

/**
 * A PCI address. `type="pci"` only where libvirt's schema has it: on a
 * device's guest address, not on a hostdev's `<source><address>`, where
 * domaincommon.rng (`hostdevsubsyspci`) refuses it (KubeVirt writes it and
 * libvirt's parser ignores it, but `virsh define --validate` fails).
 */
function addressElement(address: PciAddress, typed = true): string {
  return element('address', [
    ['type', typed ? 'pci' : undefined],
    ['domain', address.domain],
    ['bus', address.bus],
    ['slot', address.slot],
    ['function', address.function],
  ]);
}

function portForwardElement(forward: DomainPortForward): string {
  const ranges = forward.ranges.map((range) =>
    element('range', [
      ['start', positiveInteger(range.start, 'portForward.range.start', 65535)],
      ['end', positiveInteger(range.end, 'portForward.range.end', 65535)],
      ['exclude', range.exclude === true ? 'yes' : undefined],
    ]),
  );
  return element('portForward', [['proto', forward.proto]], ranges.join(''));
}

/**
 * The guest NIC as a libvirt `<interface>`. For `type="ethernet"` (the
 * tap-attached bindings) a NIC without boot order gets `<rom enabled="no">`,
 * so iPXE does not load a ROM that would only slow the boot.
 */
export function toInterfaceXml(iface: DomainInterface): string {
  const queues = iface.queues === undefined || iface.queues === 0 ? undefined : positiveInteger(iface.queues, 'queues', 256);
  const bootOrder = positiveInteger(iface.bootOrder, 'bootOrder');
  const acpiIndex = iface.acpiIndex === undefined || iface.acpiIndex === 0 ? undefined : positiveInteger(iface.acpiIndex, 'acpiIndex', 16383);
  const children = [
    iface.pciAddress === undefined ? undefined : addressElement(iface.pciAddress),
    element('source', [['dev', iface.sourceDev]]),
    iface.targetDev === undefined ? undefined : element('target', [['dev', iface.targetDev], ['managed', 'no']]),
    element('model', [['type', iface.model]]),
    iface.mac === undefined ? undefined : element('mac', [['address', iface.mac]]),
    iface.mtu === undefined ? undefined : element('mtu', [['size', positiveInteger(iface.mtu, 'mtu', 65535)]]),
    bootOrder === undefined ? undefined : element('boot', [['order', bootOrder]]),
    iface.linkState === undefined ? undefined : element('link', [['state', iface.linkState]]),
    element('alias', [['name', `${USER_ALIAS_PREFIX}${iface.name}`]]),
    queues === undefined ? undefined : element('driver', [['name', 'vhost'], ['queues', queues]]),
    iface.type === 'ethernet' && bootOrder === undefined ? element('rom', [['enabled', 'no']]) : undefined,
    acpiIndex === undefined ? undefined : element('acpi', [['index', acpiIndex]]),
    iface.backend === undefined ? undefined : element('backend', [['type', iface.backend.type], ['logFile', iface.backend.logFile]]),
    ...(iface.portForwards ?? []).map(portForwardElement),
  ];
  return block('interface', [['type', iface.type]], children.filter((c): c is string => c !== undefined));
}

/**
 * An SR-IOV VF as a PCI `<hostdev mode="subsystem">` (libvirt's default mode,
 * written out); libvirt does not manage (rebind) the device, the device plugin did.
 */
export function toHostdevXml(hostdev: DomainHostdev): string {
  const bootOrder = positiveInteger(hostdev.bootOrder, 'bootOrder');
  const children = [
    element('source', [], addressElement(hostdev.source, false)),
    bootOrder === undefined ? undefined : element('boot', [['order', bootOrder]]),
    hostdev.guestPciAddress === undefined ? undefined : addressElement(hostdev.guestPciAddress),
    element('alias', [['name', `${USER_ALIAS_PREFIX}${SRIOV_ALIAS_PREFIX}${hostdev.name}`]]),
  ];
  return block('hostdev', [['mode', 'subsystem'], ['type', 'pci'], ['managed', 'no']], children.filter((c): c is string => c !== undefined));
}

export interface ModelTypeOptions {
  /** KubeVirt's `useVirtioTransitional`: the `virtio-transitional` model for old guests. */
  virtioTransitional?: boolean;
}

/** VMI model → libvirt model type: virtio (also the default) → `virtio-non-transitional`; others unchanged. */
export function modelType(model?: string, options: ModelTypeOptions = {}): string {
  if (model === undefined || model === '' || model === 'virtio') {
    return options.virtioTransitional === true ? 'virtio-transitional' : 'virtio-non-transitional';
  }
  if (!(VMI_INTERFACE_MODELS as readonly string[]).includes(model)) {
    throw new ValidationError('model', `failed to map interface model "${model}": expected one of ${VMI_INTERFACE_MODELS.join(', ')}`);
  }
  return model;
}

/** `0000:81:01.0` → `{domain: '0x0000', bus: '0x81', slot: '0x01', function: '0x0'}` (hex lower-cased). */
export function parsePciAddress(text: string): PciAddress {
  const match = new RegExp(PCI_ADDRESS_PATTERN).exec(text);
  if (match === null) {
    throw new ValidationError('pciAddress', `failed to parse PCI address "${text}": expected domain:bus:slot.function like "0000:81:01.0"`);
  }
  const [, domain, bus, slot, fn] = match as unknown as [string, string, string, string, string];
  return {
    domain: `0x${domain.toLowerCase()}`,
    bus: `0x${bus.toLowerCase()}`,
    slot: `0x${slot.toLowerCase()}`,
    function: `0x${fn}`,
  };
}

/** Namespace of libvirt's qemu-specific elements; the `<domain>` root must declare it as `xmlns:qemu`. */
export const QEMU_XML_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';

/** libvirt model type → qemu device (`qemuBuildNicDevProps`): virtio's PCI flavours, the others as named. */
const QEMU_NIC_DEVICES: Readonly<Record<string, string>> = {
  virtio: 'virtio-net-pci',
  'virtio-transitional': 'virtio-net-pci-transitional',
  'virtio-non-transitional': 'virtio-net-pci-non-transitional',
};

/** qemu's option syntax (QemuOpts): a comma inside a value is written twice. */
function qemuOptValue(value: string | number): string {
  return String(value).replaceAll(',', ',,');
}

function qemuOpts(head: string, props: [string, AttrValue][]): string {
  const rendered = props.filter((p): p is [string, string | number] => p[1] !== undefined).map(([key, value]) => `${key}=${qemuOptValue(value)}`);
  return [head, ...rendered].join(',');
}

/**
 * `-netdev stream` + `-device` for a NIC attached to a running passt (qemu ≥ 7.2,
 * the syntax passt itself prints). Ids follow libvirt's (`hostua-<name>` for the
 * netdev, the alias for the device), so monitor commands (`set_link ua-<name>`)
 * read as for a libvirt-managed NIC. As for `type="ethernet"`, a NIC without boot
 * order gets no option ROM (`romfile=`). A guest PCI address or link state down
 * cannot be expressed here: libvirt assigns the buses and qemu has no start-up
 * link property, so both are refused rather than silently dropped.
 */
export function qemuStreamNicArgs(nic: QemuStreamNic): string[] {
  const { iface } = nic;
  if (iface.pciAddress !== undefined) {
    throw new ValidationError('pciAddress', `failed to attach interface "${iface.name}" to passt's socket: a guest PCI address needs the libvirt-managed passt mode`);
  }
  if (iface.linkState === 'down') {
    throw new ValidationError('state', `failed to attach interface "${iface.name}" to passt's socket: link state "down" needs the libvirt-managed passt mode`);
  }
  const alias = `${USER_ALIAS_PREFIX}${iface.name}`;
  const netdevId = `host${alias}`;
  const device = QEMU_NIC_DEVICES[iface.model] ?? iface.model;
  const virtio = device.startsWith('virtio-');
  const bootOrder = positiveInteger(iface.bootOrder, 'bootOrder');
  const acpiIndex = iface.acpiIndex === undefined || iface.acpiIndex === 0 ? undefined : positiveInteger(iface.acpiIndex, 'acpiIndex', 16383);
  const netdev = qemuOpts('stream', [
    ['id', netdevId],
    ['server', 'off'],
    ['addr.type', 'unix'],
    ['addr.path', nic.socketPath],
    ['reconnect', positiveInteger(nic.reconnectSeconds, 'reconnectSeconds')],
  ]);
  const deviceOpts = qemuOpts(device, [
    ['netdev', netdevId],
    ['id', alias],
    ['mac', iface.mac],
    ['host_mtu', virtio ? positiveInteger(iface.mtu, 'mtu', 65535) : undefined],
    ['bootindex', bootOrder],
    ['romfile', bootOrder === undefined ? '' : undefined],
    ['acpi-index', acpiIndex],
  ]);
  return ['-netdev', netdev, '-device', deviceOpts];
}

/** `<qemu:commandline>` passing `args` to qemu verbatim (needs `xmlns:qemu` on `<domain>`, see QEMU_XML_NAMESPACE). */
export function toQemuCommandlineXml(args: readonly string[]): string {
  return block('qemu:commandline', [], args.map((value) => element('qemu:arg', [['value', value]])));
}
