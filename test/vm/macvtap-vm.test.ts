// A real guest on the macvtap binding: a Multus-style secondary network whose pod interface `net1`
// is a macvtap (what macvtap-cni leaves) on a veth whose other end is on the node, where a DHCP
// server of the test (dnsmasq) serves the segment. Phase 1 makes the macvtap's character device
// /dev/tap<ifindex> in the launcher's root (the host's / here, so the test removes it), libvirt
// opens it for `<interface type="ethernet"><target dev="net1" managed="no">`, and the guest's
// udhcpc leases from dnsmasq with the macvtap's MAC and reaches the node. Then the VMI changes
// live: `state: down` takes the guest's carrier away (the node no longer reaches it), `up` brings
// it back, and `state: absent` unplugs the NIC from the running guest.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep, SYSTEM_PATH } from '../helpers/exec.js';
import { createTopology } from '../helpers/topology.js';
import { launchVm } from '../helpers/vm-launcher.js';
import type { GuestConsole } from '../helpers/vm-guest.js';

const NODE_IP = '192.0.2.1';
const RANGE = { first: '192.0.2.100', last: '192.0.2.150' };

function macvtapVmi(uid: string, state?: 'down' | 'absent'): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    // A non-root VMI (KubeVirt's default): the device node belongs to qemu (107).
    metadata: { name: 'testvm', namespace: 'default', uid, annotations: { 'kubevirt.io/nonroot': '' } },
    spec: {
      domain: {
        devices: { interfaces: [{ name: 'hostnet', macvtap: {}, ...(state === undefined ? {} : { state }) }] },
        resources: { requests: { memory: '64Mi' } },
      },
      networks: [{ name: 'hostnet', multus: { networkName: 'macvtap-nad' } }],
    },
  };
}

interface LinkJson {
  ifindex: number;
  address: string;
}

t.test('macvtap: a real guest on a pod macvtap leases from the segment, reaches the node; link down/up and unplug live', async (t) => {
  const topology = await createTopology({ t });
  // The CNI's work: a veth from the node into the pod, a macvtap on its pod end, named net1.
  await topology.ipBatch('node', [`link add mvnode type veth peer name mvlow netns ${topology.netns.pod}`, `addr add ${NODE_IP}/24 dev mvnode`, 'link set mvnode up']);
  // A node NIC puts whole checksums on the wire; a veth leaves them to be completed later, and the
  // guest's udhcpc, reading through the macvtap, ignores dnsmasq's unicast OFFERs that way.
  await topology.exec('node', 'ethtool', ['-K', 'mvnode', 'tx', 'off']);
  await topology.ipBatch('pod', ['link set mvlow up', 'link add link mvlow name net1 type macvtap mode bridge', 'link set net1 up']);
  const net1 = (JSON.parse((await topology.exec('pod', 'ip', ['-j', 'link', 'show', 'net1'])).stdout) as LinkJson[])[0]!;
  const deviceNode = `/dev/tap${net1.ifindex}`;
  // The launcher's root is the host's / here: phase 1's node must not outlive the test.
  t.teardown(() => {
    try {
      if (lstatSync(deviceNode).isCharacterDevice()) rmSync(deviceNode);
    } catch {
      // never made, or already gone with the macvtap
    }
  });

  const leases = join(topology.tmpDir, 'dnsmasq.leases');
  const dnsmasq = topology.spawn(
    'node',
    'dnsmasq',
    [
      '--keep-in-foreground', '--log-facility=-', '--log-dhcp', '--conf-file=/dev/null', '--port=0', '--user=root',
      '--interface=mvnode', '--bind-interfaces', `--dhcp-range=${RANGE.first},${RANGE.last},255.255.255.0,1h`,
      `--dhcp-leasefile=${leases}`, `--pid-file=${join(topology.tmpDir, 'dnsmasq.pid')}`,
    ],
    { PATH: SYSTEM_PATH },
  );
  t.teardown(() => dnsmasq.stop());
  await dnsmasq.waitForOutput(/DHCP, IP range/, 10_000);

  const uid = randomUUID();
  const vm = await launchVm({ t, topology, vmi: macvtapVmi(uid), checks: { ping: [NODE_IP] } });
  const node = lstatSync(deviceNode);
  t.ok(node.isCharacterDevice() && node.uid === 107, `phase 1 made ${deviceNode} for qemu (107)`);
  const defined = await readFile(vm.domainXmlOut, 'utf8');
  t.match(defined, /<interface type="ethernet">[\s\S]*<target dev="net1" managed="no"><\/target>[\s\S]*<alias name="ua-hostnet"><\/alias>/);

  const guest = await vm.waitForGuest((c) => c.checksDone);
  const lease = guest.leases.find((l) => l.iface === 'eth0');
  t.equal(lease?.mac, net1.address, "the guest NIC has the macvtap's MAC");
  t.match(lease?.ip, /^192\.0\.2\.(1[0-4][0-9]|150)$/, `the guest leased from the node's segment: ${lease?.ip}`);
  t.equal(lease?.prefixLength, 24);
  const seen = readFileSync(leases, 'utf8');
  t.match(seen, new RegExp(` ${net1.address} ${lease?.ip?.replaceAll('.', '\\.')} `), 'dnsmasq leased that address to that MAC');
  t.ok(guest.checks.find((c) => c.check === 'ping')?.ok, 'the guest pings the node through the macvtap');
  const guestIp = lease!.ip;
  t.ok((await topology.ping('node', guestIp, { count: 2 })).ok, 'the node reaches the guest');

  const carrier = (c: GuestConsole): boolean | undefined => c.carrier.filter((e) => e.iface === 'eth0').at(-1)?.up;
  t.equal(carrier(guest), true, 'the guest reports carrier on eth0');
  await vm.updateVmi(macvtapVmi(uid, 'down'));
  t.match((await vm.libvirtd.virsh(['domif-getlink', vm.domain, 'net1'])).stdout, /down/, 'libvirt has the link down');
  await vm.waitForGuest((c) => carrier(c) === false, 30_000);
  t.pass('the guest sees its carrier go away');
  t.notOk((await topology.ping('node', guestIp, { count: 2 })).ok, 'the node no longer reaches the guest');

  await vm.updateVmi(macvtapVmi(uid));
  await vm.waitForGuest((c) => carrier(c) === true && c.carrier.filter((e) => e.iface === 'eth0').length >= 3, 30_000);
  t.pass('the guest sees its carrier come back');
  let back = false;
  for (let i = 0; i < 5 && !back; i++) {
    back = (await topology.ping('node', guestIp, { count: 1 })).ok;
    if (!back) await sleep(500);
  }
  t.ok(back, 'the node reaches the guest again');

  await vm.updateVmi(macvtapVmi(uid, 'absent'));
  const unplugged = await vm.waitForGuest((c) => c.removed.includes('eth0'), 60_000);
  t.same(unplugged.removed, ['eth0'], 'the guest loses its NIC');
  const iflist = await vm.libvirtd.virsh(['domiflist', vm.domain]);
  t.notMatch(iflist.stdout, /net1/, 'libvirt no longer lists it');
  t.equal((await vm.libvirtd.virsh(['domstate', vm.domain])).stdout.trim(), 'running', 'the domain keeps running');
});
