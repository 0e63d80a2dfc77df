// What the launcher defines, without a hypervisor: runLauncher against a recording libvirt (the
// `virsh` seam) and a cache phase 1 would have written. SR-IOV: the VFs come from a sysfs and
// downward-API tree laid out as on a node with an SR-IOV NIC (test/fixtures/sriov/), so the
// `<hostdev>` of each VF must reach the defined domain, and a VF that is not ready must stop the
// launcher before anything is defined. passt: the mode follows what libvirt reports or what the
// user asked, and the libvirt-managed form is the cached `<interface type="user">`. The defined
// domains are checked with libvirt's own schema (virt-xml-validate).
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InterfaceCache } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';
import { passtDomainInterface } from '../../bindings/passt.js';
import type { VirtualMachineInstance } from '../../src/core/vmi.js';
import type { VirshDriver } from '../../src/drivers/virsh.js';
import type { LibvirtPasstSupport } from '../../src/launcher/passt-mode.js';
import { runLauncher, type LauncherOptions } from '../../src/phases/launcher.js';
import { vmiNics } from '../../src/phases/interfaces.js';
import { buildSysfsTree, type VfFixture } from '../fixtures/sriov/sysfs-tree.js';

const NETWORK_INFO = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/sriov/network-info.json'), 'utf8');
const POD_KEY = '4:4026532999';
const BASE = `<domain type="qemu">
  <name>unit-vm</name>
  <memory unit="MiB">128</memory>
  <os>
    <type arch="x86_64" machine="pc">hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
  </devices>
</domain>
`;

/** libvirt as far as the launcher sees it: every call recorded, the domain "runs" once started. */
class RecordingVirsh {
  readonly calls: string[] = [];
  readonly defined: string[] = [];
  #state: 'running' | 'shut off' | null = null;
  async define(xml: string): Promise<void> {
    this.calls.push('define');
    this.defined.push(xml);
    this.#state = 'shut off';
  }
  async domainState(): Promise<'running' | 'shut off' | null> {
    return this.#state;
  }
  async start(): Promise<void> {
    this.calls.push('start');
    this.#state = 'running';
  }
  async shutdown(): Promise<void> {
    this.calls.push('shutdown');
    this.#state = 'shut off';
  }
  async destroy(): Promise<void> {
    this.calls.push('destroy');
    this.#state = 'shut off';
  }
  async undefine(): Promise<void> {
    this.calls.push('undefine');
    this.#state = null;
  }
}

function sriovVmi(): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vf-vm', namespace: 'default', uid: 'uid-launcher-sriov' },
    spec: {
      domain: { devices: { interfaces: [{ name: 'blue', sriov: {}, bootOrder: 2 }, { name: 'green', sriov: {}, pciAddress: '0000:06:00.0' }] } },
      networks: [
        { name: 'blue', multus: { networkName: 'sriov-a' } },
        { name: 'green', multus: { networkName: 'sriov-b' } },
      ],
    },
  };
}

async function tempCache(t: Test): Promise<InterfaceCache> {
  const dir = await mkdtemp(join(tmpdir(), 'vn-launcher-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return new InterfaceCache(dir);
}

function launcherOptions(vmi: VirtualMachineInstance, cache: InterfaceCache, virsh: RecordingVirsh, extra: Partial<LauncherOptions> = {}): LauncherOptions {
  return {
    vmi,
    cache,
    podKey: POD_KEY,
    resolvConf: 'nameserver 10.96.0.10\n',
    hostname: 'unit',
    baseDomainXml: BASE,
    libvirtUri: 'test:///unused',
    shutdownTimeoutMs: 1000,
    virsh: virsh as unknown as VirshDriver,
    ...extra,
  };
}

function validate(xml: string): string {
  const result = spawnSync('virt-xml-validate', ['-', 'domain'], { input: xml, encoding: 'utf8' });
  if (result.error !== undefined) throw result.error;
  return result.status === 0 ? 'valid' : `${result.stdout}${result.stderr}`.trim();
}

const HEALTHY: VfFixture[] = [
  { address: '0000:65:01.0', driver: 'vfio-pci' },
  { address: '0000:65:01.1', driver: 'vfio-pci' },
];

const BLUE_HOSTDEV = [
  '<hostdev mode="subsystem" type="pci" managed="no">',
  '      <source><address domain="0x0000" bus="0x65" slot="0x01" function="0x0"></address></source>',
  '      <boot order="2"></boot>',
  '      <alias name="ua-sriov-blue"></alias>',
  '    </hostdev>',
].join('\n');

t.test('SR-IOV: the VFs named by network-info become hostdevs of the defined domain', async (t) => {
  const tree = await buildSysfsTree(t, HEALTHY, NETWORK_INFO);
  const virsh = new RecordingVirsh();
  const opts = launcherOptions(sriovVmi(), await tempCache(t), virsh, {
    sriov: { networkInfoPath: join(tree.root, 'etc/podinfo/network-info'), sysfsRoot: tree.sysfs, env: {} },
  });
  const launcher = await runLauncher(opts);
  t.same(virsh.calls, ['define', 'start']);
  t.equal(virsh.defined[0], launcher.domainXml, 'the domain reported is the one defined');
  const xml = launcher.domainXml;
  t.ok(xml.includes(BLUE_HOSTDEV), `blue's VF with its boot order, inside <devices>:\n${xml}`);
  t.match(xml, /<source><address domain="0x0000" bus="0x65" slot="0x01" function="0x1"><\/address><\/source>\s*<address type="pci" domain="0x0000" bus="0x06" slot="0x00" function="0x0"><\/address>\s*<alias name="ua-sriov-green">/, "green's VF at its guest PCI address");
  t.match(xml, /<emulator>\/usr\/bin\/qemu-system-x86_64<\/emulator>/, 'the base devices are kept');
  t.notMatch(xml, /<interface|qemu:commandline/, 'no interface or qemu arguments for SR-IOV');
  t.equal(validate(xml), 'valid', 'libvirt schema');
  await launcher.stop();
  t.same(virsh.calls, ['define', 'start', 'shutdown', 'undefine']);
});

t.test('SR-IOV: without network-info, the PCIDEVICE_* environment of older KubeVirt names the VFs', async (t) => {
  const tree = await buildSysfsTree(t, HEALTHY);
  const virsh = new RecordingVirsh();
  const env = {
    KUBEVIRT_RESOURCE_NAME_blue: 'intel.com/sriov_a',
    KUBEVIRT_RESOURCE_NAME_green: 'intel.com/sriov_a',
    PCIDEVICE_INTEL_COM_SRIOV_A: '0000:65:01.1,0000:65:01.0',
  };
  const launcher = await runLauncher(
    launcherOptions(sriovVmi(), await tempCache(t), virsh, { sriov: { networkInfoPath: join(tree.root, 'etc/podinfo/network-info'), sysfsRoot: tree.sysfs, env } }),
  );
  t.match(launcher.domainXml, /function="0x1"><\/address><\/source>\s*<boot order="2"><\/boot>\s*<alias name="ua-sriov-blue">/, 'blue takes the first address of its resource');
  t.match(launcher.domainXml, /function="0x0"><\/address><\/source>\s*<address type="pci"[^>]*><\/address>\s*<alias name="ua-sriov-green">/, 'green the next one');
  await launcher.stop();
});

t.test('SR-IOV: a VF that is not on vfio-pci stops the launcher before anything is defined', async (t) => {
  const tree = await buildSysfsTree(t, [{ address: '0000:65:01.0', driver: 'iavf' }, HEALTHY[1]!], NETWORK_INFO);
  const virsh = new RecordingVirsh();
  const opts = launcherOptions(sriovVmi(), await tempCache(t), virsh, {
    sriov: { networkInfoPath: join(tree.root, 'etc/podinfo/network-info'), sysfsRoot: tree.sysfs, env: {} },
  });
  await t.rejects(runLauncher(opts), { code: 'VIRTNET_DISCOVERY', message: /VF "0000:65:01.0" of SR-IOV network "blue": it is bound to driver "iavf", not "vfio-pci"/ });
  t.same(virsh.calls, [], 'libvirt was not called');
});

/** The record phase 1 writes for a passt pod interface (bindings/passt.ts), here without a pod. */
function passtRecord(vmi: VirtualMachineInstance): InterfaceCacheRecord {
  const nic = vmiNics(vmi)[0]!;
  const facts = {
    index: 2,
    name: 'eth0',
    kind: 'veth' as const,
    mac: '0a:58:0a:f4:00:05',
    mtu: 1450,
    addresses: [{ family: 4 as const, address: '10.244.0.5', prefixLength: 24, scope: 'global' as const }],
    routes: [],
  };
  const ctx = { vmi, iface: nic.iface, network: nic.network, ifaceIndex: 0, podIfaceName: 'eth0' } as Parameters<typeof passtDomainInterface>[0];
  return {
    version: 1,
    vmiUid: vmi.metadata.uid,
    vmiName: vmi.metadata.name,
    vmiNamespace: 'default',
    podKey: POD_KEY,
    network: 'default',
    iface: 'default',
    podIfaceName: 'eth0',
    binding: 'passt',
    state: 'finished',
    facts,
    dhcp: null,
    domain: passtDomainInterface(ctx, facts),
    plan: { spec: { links: [], sysctls: [] }, nft: [] },
    sysctlsBefore: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function passtVmi(): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'passt-vm', namespace: 'default', uid: 'uid-launcher-passt' },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', passtBinding: {}, ports: [{ port: 8080 }] }] } },
      networks: [{ name: 'default', pod: {} }],
    },
  };
}

t.test('passt: libvirt runs passt when it reports the passt backend, or when asked to', async (t) => {
  const vmi = passtVmi();
  const cache = await tempCache(t);
  await cache.write(passtRecord(vmi));
  const probes: string[] = [];
  const reports = (netBackends: string[] | null): (() => Promise<LibvirtPasstSupport>) => async () => {
    probes.push(String(netBackends));
    return { netBackends, qemuVersion: [9, 0, 0] };
  };

  const virsh = new RecordingVirsh();
  const launcher = await runLauncher(launcherOptions(vmi, cache, virsh, { probePasst: reports(['default', 'passt']) }));
  t.same([...launcher.passtModes], [['default', 'libvirt']], 'auto: libvirt says it has passt');
  t.match(launcher.domainXml, /<interface type="user">\s*<source dev="eth0"><\/source>[\s\S]*<backend type="passt" logFile="\/var\/run\/kubevirt\/passt.log"><\/backend>\s*<portForward proto="tcp"><range start="8080"><\/range><\/portForward>\s*<\/interface>/);
  t.notMatch(launcher.domainXml, /qemu:commandline|xmlns:qemu/, 'nothing on the qemu command line');
  await launcher.stop();

  const explicit = new RecordingVirsh();
  const forced = await runLauncher(launcherOptions(vmi, cache, explicit, { passtMode: 'libvirt', probePasst: reports(null) }));
  t.same([...forced.passtModes], [['default', 'libvirt']], 'an explicit "libvirt" wins over a libvirt that reports nothing');
  t.match(forced.domainXml, /<interface type="user">/);
  t.same(probes, ['default,passt'], 'and needs no probe');
  await forced.stop();
});

t.test('passt: the launcher-managed mode refuses what a qemu command line cannot do, before starting passt', async (t) => {
  const vmi = passtVmi();
  vmi.spec.domain.devices.interfaces![0]!.pciAddress = '0000:81:01.0';
  const cache = await tempCache(t);
  await cache.write(passtRecord(vmi));
  const virsh = new RecordingVirsh();
  const runDir = await mkdtemp(join(tmpdir(), 'vn-launcher-run-'));
  t.teardown(() => rm(runDir, { recursive: true, force: true }));
  await t.rejects(
    runLauncher(launcherOptions(vmi, cache, virsh, { runDir, probePasst: async () => ({ netBackends: null, qemuVersion: [7, 2, 0] }) })),
    { code: 'VIRTNET_VALIDATION', message: /interface "default" to passt's socket: a guest PCI address needs the libvirt-managed passt mode/ },
  );
  t.same(virsh.calls, [], 'nothing defined');
});
