// A real guest on the bridge binding: libvirt starts it through `virtnet launcher run` (uid 107),
// the guest's own udhcpc gets the pod's address from virtnet's DHCP server, reaches a host beyond
// the node, and a DF packet of exactly the pod MTU crosses tap, bridge and pod NIC (one byte more
// is refused by the guest: the DF bit is really set). Then a second bridge NIC is hot-plugged:
// phase 1 reruns for the new Multus network, the launcher attaches it live, the guest sees a
// second NIC and leases the address of the new pod interface.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createTopology } from '../helpers/topology.js';
import { podNetworkVmi } from '../helpers/virtnet-cli.js';
import { launchVm } from '../helpers/vm-launcher.js';

/** KubeVirt's hashed pod interface name of network "blue" (`"pod" + sha256("blue")[:11]`). */
const BLUE_POD_IFACE = 'pod16477688c0e';

t.test('bridge: a real guest leases the pod address, reaches the remote host, uses the pod MTU; hot-plugged NIC', async (t) => {
  const topology = await createTopology({ t });
  const echo = await topology.startEchoServer('remote', 'tcp', 7001);
  t.teardown(() => echo.stop());
  const vmi = podNetworkVmi({ uid: randomUUID(), binding: 'bridge' }) as {
    spec: { domain: { devices: { interfaces: object[] } }; networks: object[] };
  };
  const mtuFrame = topology.podMtu;
  const vm = await launchVm({
    t,
    topology,
    vmi,
    checks: {
      ping: [topology.remoteIp],
      tcp: [`${topology.remoteIp}:7001`],
      bigping: [
        { ip: topology.remoteIp, size: mtuFrame },
        { ip: topology.remoteIp, size: mtuFrame + 1 },
      ],
    },
  });

  const guest = await vm.waitForGuest((c) => c.checksDone);
  const lease = guest.leases.find((l) => l.iface === 'eth0');
  t.ok(lease, 'the guest got a lease on eth0');
  t.equal(lease?.mac, topology.podMac, 'the guest NIC has the pod MAC (no macAddress in the spec)');
  t.equal(lease?.ip, topology.podIp, 'the guest has the pod IP');
  t.equal(lease?.prefixLength, topology.podPrefixLength);
  t.same(lease?.routers, [topology.gateway], 'option 3 is the pod gateway');
  t.equal(lease?.staticRoutes.at(-1), topology.gateway, 'option 121 ends with the default route via the pod gateway');
  t.equal(lease?.mtu, topology.podMtu, 'option 26 is the pod MTU');
  t.same(lease?.dns, [...topology.nameservers]);
  t.same(lease?.search, [...topology.searchDomains]);
  t.equal(lease?.hostname, 'vmi-launcher');

  const check = (name: string, target: string) => guest.checks.find((c) => c.check === name && c.target === target);
  t.ok(check('ping', topology.remoteIp)?.ok, 'the guest pings the host beyond the node');
  t.equal(check('tcp', `${topology.remoteIp}:7001`)?.answer?.split(' ')[0], topology.podIp, 'the remote sees the pod IP (bridge: no NAT)');
  const fits = check('bigping', `${topology.remoteIp}:${mtuFrame}`);
  t.ok(fits?.ok, `a DF packet of the pod MTU (${mtuFrame} bytes) reaches the remote host: ${fits?.output ?? ''}`);
  const tooBig = check('bigping', `${topology.remoteIp}:${mtuFrame + 1}`);
  t.ok(tooBig !== undefined && !tooBig.ok, `control: one byte more with DF does not get through: ${tooBig?.output ?? ''}`);

  const defined = await readFile(vm.domainXmlOut, 'utf8');
  t.match(defined, /<target dev="tap0" managed="no"><\/target>/, 'the defined domain carries the generated interface');
  t.match(defined, /<serial type="file">/, 'and keeps the base devices');

  // Hotplug: a Multus network "blue" whose pod interface a CNI made (a veth from the node).
  const blueNode = '192.0.2.1';
  const bluePod = '192.0.2.10';
  await topology.ipBatch('node', [
    `link add blue0 mtu 1400 type veth peer name ${BLUE_POD_IFACE} mtu 1400 netns ${topology.netns.pod}`,
    `addr add ${blueNode}/24 dev blue0`,
    'link set blue0 up',
  ]);
  await topology.ipBatch('pod', [`addr add ${bluePod}/24 dev ${BLUE_POD_IFACE}`, `link set ${BLUE_POD_IFACE} up`]);
  vmi.spec.domain.devices.interfaces.push({ name: 'blue', bridge: {} });
  vmi.spec.networks.push({ name: 'blue', multus: { networkName: 'blue-net' } });
  await vm.updateVmi(vmi);

  const iflist = await vm.libvirtd.virsh(['domiflist', vm.domain]);
  t.match(iflist.stdout, /tap16477688c0e/, 'libvirt lists the hot-plugged interface');
  const plugged = await vm.waitForGuest((c) => c.leases.some((l) => l.iface === 'eth1'), 90_000);
  const second = plugged.leases.find((l) => l.iface === 'eth1');
  t.equal(second?.ip, bluePod, 'the guest leases the address of the new pod interface on its second NIC');
  t.equal(second?.prefixLength, 24);
  t.equal(second?.mtu, 1400, 'with that network MTU');
  t.ok((await topology.ping('node', bluePod, { count: 2 })).ok, 'the node reaches the guest on the new network');
});
