// Plan computation of the reconciler (src/drivers/apply-spec.ts): NetState + LinkSpec[] in,
// the whole operation list out.
import t from 'tap';
import { constants } from 'node:os';
import { NetlinkError, ValidationError, VirtnetError } from '../../src/core/errors.js';
import type { LinkSpec, LinkState, NetState } from '../../src/core/net-state.js';
import { applyNetSpec, describeOperation, groupLinkOperations, planAddressChanges, planLinkOperations, type LinkOperation } from '../../src/drivers/apply-spec.js';
import { describeLinkChange, type LinkAttributeChange, type LinkRef, type NetlinkDriver } from '../../src/drivers/netlink.js';
import type { NetnsHandle } from '../../src/drivers/netns.js';

const POD_MAC = '0a:58:0a:f4:00:05';
const BRIDGE_MAC = '02:11:22:33:44:55';
const LINK_LOCAL = { family: 6 as const, address: 'fe80::858:aff:fef4:5', prefixLength: 64, scope: 'link' as const };
const POD_IP = { family: 4 as const, address: '10.244.0.5', prefixLength: 24 };
const FAKE_IP = { family: 4 as const, address: '169.254.75.10', prefixLength: 32 };

function link(partial: Partial<LinkState> & Pick<LinkState, 'index' | 'name' | 'kind'>): LinkState {
  return { mac: '02:00:00:00:00:00', mtu: 1500, up: false, master: null, addresses: [], ...partial };
}

/** A pod as a CNI leaves it: lo and the veth eth0 with its address. */
const POD: NetState = {
  links: [
    link({ index: 1, name: 'lo', kind: 'device', mac: '00:00:00:00:00:00', mtu: 65536, up: true }),
    link({ index: 2, name: 'eth0', kind: 'veth', mac: POD_MAC, mtu: 1450, up: true, addresses: [{ ...POD_IP, scope: 'global' }, LINK_LOCAL] }),
  ],
  routes: [],
};

/** KubeVirt HEAD's bridge binding (netpod.go bridgeBindingSpec), with ifb as the placeholder. */
const BRIDGE_BINDING: LinkSpec[] = [
  { name: 'k6t-eth0', kind: 'bridge', state: 'up', addresses: [FAKE_IP] },
  { name: 'eth0-nic', kind: 'existing', index: 2, state: 'up', copyMacFrom: 'k6t-eth0', master: 'k6t-eth0', addresses: [], learning: false },
  { name: 'tap0', kind: 'tap', state: 'up', mtu: 1450, master: 'k6t-eth0', tap: { uid: 107, gid: 107, queues: 2 } },
  { name: 'eth0', kind: 'ifb', state: 'down', mac: POD_MAC, mtu: 1450, addresses: [POD_IP] },
];

/** The same pod once the bridge binding is in place. */
const PLUMBED: NetState = {
  links: [
    POD.links[0]!,
    link({ index: 2, name: 'eth0-nic', kind: 'veth', mac: BRIDGE_MAC, mtu: 1450, up: true, master: 'k6t-eth0', learning: false, addresses: [LINK_LOCAL] }),
    link({ index: 3, name: 'k6t-eth0', kind: 'bridge', mac: BRIDGE_MAC, mtu: 1450, up: true, addresses: [{ ...FAKE_IP, scope: 'global' }, LINK_LOCAL] }),
    link({
      index: 4, name: 'tap0', kind: 'tun', mac: 'aa:bb:cc:dd:ee:ff', mtu: 1450, up: true, master: 'k6t-eth0', learning: true,
      tun: { tap: true, owner: 107, group: 107, multiQueue: true, persist: true, vnetHdr: true },
    }),
    link({ index: 5, name: 'eth0', kind: 'ifb', mac: POD_MAC, mtu: 1450, addresses: [{ ...POD_IP, scope: 'global' }] }),
  ],
  routes: [],
};

function rejection(fn: () => unknown): VirtnetError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VirtnetError) return err;
    throw err;
  }
  throw new Error('expected a VirtnetError, nothing was thrown');
}

t.test('bridge binding on a fresh pod: the whole plan', async (t) => {
  t.same(planLinkOperations(POD, BRIDGE_BINDING), [
    { op: 'create', link: 'k6t-eth0', kind: 'bridge' },
    { op: 'setUp', link: 'k6t-eth0', up: true },
    { op: 'addAddress', link: 'k6t-eth0', address: FAKE_IP },
    // The pod NIC stays up throughout: renamed and re-addressed live.
    { op: 'rename', link: 'eth0', index: 2, to: 'eth0-nic' },
    { op: 'copyMac', link: 'eth0-nic', from: 'k6t-eth0' },
    { op: 'setMaster', link: 'eth0-nic', master: 'k6t-eth0' },
    { op: 'deleteAddress', link: 'eth0-nic', address: { ...POD_IP, scope: 'global' } },
    { op: 'setLearning', link: 'eth0-nic', learning: false },
    { op: 'createTap', link: 'tap0', uid: 107, gid: 107, queues: 2 },
    { op: 'setMtu', link: 'tap0', mtu: 1450 },
    { op: 'setMaster', link: 'tap0', master: 'k6t-eth0' },
    { op: 'setUp', link: 'tap0', up: true },
    { op: 'create', link: 'eth0', kind: 'ifb', mac: POD_MAC, mtu: 1450 },
    { op: 'addAddress', link: 'eth0', address: POD_IP },
  ]);
});

t.test('bridge binding on a fresh pod: the kernel requests', async (t) => {
  const requests = groupLinkOperations(planLinkOperations(POD, BRIDGE_BINDING)).map((r) =>
    r.kind === 'setLink'
      ? r.ops.map((op) => `${op.link}: ${describeOperation(op)}`)
      : r.kind === 'create'
        ? [r.op, ...(r.up === undefined ? [] : [r.up])].map((op) => `${op.link}: ${describeOperation(op)}`)
        : `${r.op.link}: ${describeOperation(r.op)}`,
  );
  t.same(requests, [
    // One RTM_NEWLINK, IFF_UP set.
    ['k6t-eth0: create bridge', 'k6t-eth0: set up'],
    'k6t-eth0: add address 169.254.75.10/32',
    // One RTM_SETLINK: the kernel sets the MAC, then the name, then the master.
    ['eth0: rename to "eth0-nic"', 'eth0-nic: copy MAC of "k6t-eth0"', 'eth0-nic: attach to "k6t-eth0"'],
    'eth0-nic: delete address 10.244.0.5/24',
    'eth0-nic: turn learning off',
    'tap0: create tap owned by 107:107 with 2 queue(s)',
    ['tap0: set MTU 1450', 'tap0: attach to "k6t-eth0"', 'tap0: set up'],
    ['eth0: create ifb with MAC 0a:58:0a:f4:00:05 MTU 1450'],
    'eth0: add address 10.244.0.5/24',
  ]);
});

t.test('grouping: one link, distinct attributes, never past a set down', async (t) => {
  const group = (plan: LinkOperation[]): number[] =>
    groupLinkOperations(plan).map((r) => (r.kind === 'setLink' ? r.ops.length : 0));
  t.same(group([{ op: 'setMtu', link: 'a', mtu: 1400 }, { op: 'setMtu', link: 'a', mtu: 1500 }]), [1, 1], 'the same attribute twice: two requests, in order');
  t.same(group([{ op: 'setMtu', link: 'a', mtu: 1400 }, { op: 'setUp', link: 'b', up: true }]), [1, 1], 'another link');
  t.same(group([{ op: 'setUp', link: 'a', up: false }, { op: 'setMac', link: 'a', mac: '02:00:00:00:00:01' }]), [1, 1], 'down, then the MAC: the kernel would set the MAC first');
  t.same(group([{ op: 'setMac', link: 'a', mac: '02:00:00:00:00:01' }, { op: 'setUp', link: 'a', up: false }]), [2], 'a MAC then down is the kernel order');
  t.same(
    group([{ op: 'setMtu', link: 'a', mtu: 1400 }, { op: 'addAddress', link: 'a', address: POD_IP }, { op: 'setUp', link: 'a', up: true }]),
    [1, 0, 1],
    'another kind of request in between ends the run',
  );
  t.same(
    group([{ op: 'rename', link: 'a', index: 3, to: 'b' }, { op: 'setMtu', link: 'a', mtu: 1400 }]),
    [1, 1],
    'after a rename, the old name is another link',
  );
  const created = (plan: LinkOperation[]): (string | undefined)[] =>
    groupLinkOperations(plan).map((r) => (r.kind === 'create' ? `create${r.up === undefined ? '' : '+up'}` : undefined));
  t.same(created([{ op: 'create', link: 'a', kind: 'bridge' }, { op: 'setUp', link: 'a', up: true }]), ['create+up']);
  t.same(created([{ op: 'create', link: 'a', kind: 'bridge' }, { op: 'setUp', link: 'b', up: true }]), ['create', undefined], 'another link');
  t.same(
    created([{ op: 'create', link: 'a', kind: 'bridge' }, { op: 'addAddress', link: 'a', address: POD_IP }, { op: 'setUp', link: 'a', up: true }]),
    ['create', undefined, undefined],
    'only a set up right after the creation',
  );
});

t.test('a plumbed pod needs nothing', async (t) => {
  t.same(planLinkOperations(PLUMBED, BRIDGE_BINDING), []);
});

t.test('resuming after the first two links converges on the rest only', async (t) => {
  const half: NetState = { links: PLUMBED.links.filter((l) => l.name !== 'tap0' && l.name !== 'eth0'), routes: [] };
  t.same(
    planLinkOperations(half, BRIDGE_BINDING).map((op) => `${op.link}: ${describeOperation(op)}`),
    [
      'tap0: create tap owned by 107:107 with 2 queue(s)',
      'tap0: set MTU 1450',
      'tap0: attach to "k6t-eth0"',
      'tap0: set up',
      `eth0: create ifb with MAC ${POD_MAC} MTU 1450`,
      'eth0: add address 10.244.0.5/24',
    ],
  );
});

t.test('rename and MAC change of an up link are planned live (the executor falls back when refused)', async (t) => {
  const up: NetState = { links: [link({ index: 7, name: 'a', kind: 'veth', up: true })], routes: [] };
  t.same(planLinkOperations(up, [{ name: 'b', kind: 'existing', index: 7, state: 'up' }]), [
    { op: 'rename', link: 'a', index: 7, to: 'b' },
  ]);
  const down: NetState = { links: [link({ index: 7, name: 'a', kind: 'veth', up: false })], routes: [] };
  t.same(planLinkOperations(down, [{ name: 'b', kind: 'existing', index: 7, state: 'down' }]), [
    { op: 'rename', link: 'a', index: 7, to: 'b' },
  ], 'a down link is renamed as it is');
  t.same(planLinkOperations(up, [{ name: 'a', kind: 'existing', index: 7, state: 'up', mtu: 9000 }]), [
    { op: 'setMtu', link: 'a', mtu: 9000 },
  ], 'an MTU change does not need the link down');
  t.same(planLinkOperations(up, [{ name: 'a', kind: 'existing', state: 'up', mac: '02:00:00:00:00:00' }]), [], 'found by name, same MAC');
  t.same(planLinkOperations(up, [{ name: 'a', kind: 'existing', state: 'up', mac: '02-00-00-00-00-AA' }]), [
    { op: 'setMac', link: 'a', mac: '02:00:00:00:00:aa' },
  ]);
  t.same(planLinkOperations(up, [{ name: 'a', kind: 'existing', state: 'down', mac: '02-00-00-00-00-AA' }]), [
    { op: 'setMac', link: 'a', mac: '02:00:00:00:00:aa' },
    { op: 'setUp', link: 'a', up: false },
  ], 'set down after the change: the kernel applies a MAC before the flags in one request');
});

t.test('copyMacFrom: a known MAC is compared when planning, an unknown one copied when executing', async (t) => {
  const state: NetState = {
    links: [
      link({ index: 3, name: 'br', kind: 'bridge', mac: BRIDGE_MAC }),
      link({ index: 4, name: 'port', kind: 'veth', mac: BRIDGE_MAC }),
      link({ index: 5, name: 'other', kind: 'veth', mac: POD_MAC }),
    ],
    routes: [],
  };
  t.same(planLinkOperations(state, [{ name: 'port', kind: 'existing', state: 'down', copyMacFrom: 'br' }]), []);
  t.same(planLinkOperations(state, [{ name: 'other', kind: 'existing', state: 'down', copyMacFrom: 'br' }]), [
    { op: 'setMac', link: 'other', mac: BRIDGE_MAC },
  ]);
  t.same(
    planLinkOperations(state, [
      { name: 'br2', kind: 'bridge', state: 'down' },
      { name: 'other', kind: 'existing', state: 'down', copyMacFrom: 'br2' },
    ]),
    [
      { op: 'create', link: 'br2', kind: 'bridge' },
      { op: 'copyMac', link: 'other', from: 'br2' },
    ],
  );
  const err = rejection(() => planLinkOperations(state, [{ name: 'other', kind: 'existing', state: 'down', copyMacFrom: 'nope' }]));
  t.ok(err instanceof ValidationError);
  t.match(err.message, /no link "nope"/);
});

t.test('addresses: exact set, kernel IPv6 link-local ignored, spellings compared canonically', async (t) => {
  const current = [
    { family: 4 as const, address: '10.0.2.1', prefixLength: 24, scope: 'global' as const },
    { family: 6 as const, address: 'fd10:0:2::1', prefixLength: 120, scope: 'global' as const },
    LINK_LOCAL,
  ];
  t.same(planAddressChanges(current, [
    { family: 4, address: '10.0.2.1', prefixLength: 24 },
    { family: 6, address: 'FD10:0:2:0::1', prefixLength: 120 },
  ]), { remove: [], add: [] });
  t.same(planAddressChanges(current, []), { remove: current.slice(0, 2), add: [] }, 'fe80:: stays');
  t.same(planAddressChanges(current, [{ family: 4, address: '10.0.2.1', prefixLength: 16 }]), {
    remove: current.slice(0, 2),
    add: [{ family: 4, address: '10.0.2.1', prefixLength: 16 }],
  }, 'another prefix is another address');
  // 10.0.2.9/24 may be the primary of 10.0.2.1/24: deleting it can take the secondary along.
  const withPrimary = [{ family: 4 as const, address: '10.0.2.9', prefixLength: 24 }, current[0]!];
  t.same(planAddressChanges(withPrimary, [current[0]!]), { remove: withPrimary, add: [current[0]!] });
  t.same(
    planAddressChanges([{ family: 4, address: '10.0.3.9', prefixLength: 24 }, current[0]!], [current[0]!]),
    { remove: [{ family: 4, address: '10.0.3.9', prefixLength: 24 }], add: [] },
    'another subnet is not at risk',
  );
  t.same(planAddressChanges([], [POD_IP, POD_IP]).add, [POD_IP], 'duplicates in the spec are added once');
});

t.test('a link of the wrong kind is refused before any operation', async (t) => {
  const squatted: NetState = { links: [...POD.links, link({ index: 9, name: 'tap0', kind: 'ifb' })], routes: [] };
  const err = rejection(() => planLinkOperations(squatted, BRIDGE_BINDING));
  t.equal(err.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
  t.equal(err.context.iface, 'tap0');
  t.match(err.message, /refusing to use "tap0" \(index 9\) as tap "tap0": it is of kind "ifb"/);
  const bridgeAsVeth = rejection(() =>
    planLinkOperations({ links: [link({ index: 2, name: 'k6t-eth0', kind: 'veth' })], routes: [] }, BRIDGE_BINDING.slice(0, 1)),
  );
  t.equal(bridgeAsVeth.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
  t.same(
    planLinkOperations({ links: [link({ index: 2, name: 'eth0', kind: 'veth' })], routes: [] }, [{ name: 'eth0', kind: 'ifb', state: 'absent' }]),
    [],
    'nor is a link of another kind deleted: the ifb asked absent is not there',
  );
});

t.test('a tap made with other parameters is refused', async (t) => {
  const spec = BRIDGE_BINDING.map((l) => (l.name === 'tap0' ? { ...l, tap: { uid: 0, gid: 0, queues: 1 } } : l));
  const err = rejection(() => planLinkOperations(PLUMBED, spec));
  t.equal(err.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
  t.match(err.message, /owner 107, want 0; group 107, want 0; multi_queue true, want false/);
});

t.test('names, masters and existing links that cannot be', async (t) => {
  const state: NetState = {
    links: [link({ index: 2, name: 'eth0', kind: 'veth' }), link({ index: 3, name: 'eth0-nic', kind: 'veth' })],
    routes: [],
  };
  const rename = rejection(() => planLinkOperations(state, [{ name: 'eth0-nic', kind: 'existing', index: 2, state: 'up' }]));
  t.equal(rename.code, 'VIRTNET_UNSUPPORTED_TOPOLOGY');
  t.match(rename.message, /the name belongs to "eth0-nic" \(index 3\)/);
  const create = rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'bridge', index: 42, state: 'up' }]));
  t.match(create.message, /refusing to create bridge "eth0": the name belongs to "eth0" \(index 2\)/);
  const missing = rejection(() => planLinkOperations(state, [{ name: 'x', kind: 'existing', index: 42, state: 'up' }]));
  t.equal(missing.code, 'VIRTNET_DISCOVERY');
  t.equal(missing.context.step, 'find');
  const noMaster = rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'existing', state: 'up', master: 'br' }]));
  t.match(noMaster.message, /refusing to attach "eth0" to "br": there is no such link/);
  const notBridge = rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'existing', state: 'up', master: 'eth0-nic' }]));
  t.match(notBridge.message, /it is of kind "veth", not a bridge/);
  t.ok(rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'existing', state: 'up', learning: false }])) instanceof ValidationError);
  t.ok(rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'existing', state: 'absent' }])) instanceof ValidationError);
  t.ok(rejection(() => planLinkOperations(state, [{ name: 't', kind: 'tap', state: 'up' }])) instanceof ValidationError);
  t.ok(rejection(() => planLinkOperations(state, [{ name: 'eth0', kind: 'existing', state: 'up', mac: 'nope' }])) instanceof ValidationError);
});

t.test('absent: delete what is there, skip what is not, release the ports of a deleted bridge', async (t) => {
  const spec: LinkSpec[] = [
    { name: 'k6t-eth0', kind: 'bridge', state: 'absent' },
    { name: 'tap0', kind: 'tap', state: 'absent' },
    { name: 'nothing', kind: 'ifb', state: 'absent' },
    { name: 'eth0-nic', kind: 'existing', index: 2, state: 'up', master: null },
  ];
  t.same(planLinkOperations(PLUMBED, spec), [
    { op: 'delete', link: 'k6t-eth0', index: 3 },
    { op: 'delete', link: 'tap0', index: 4 },
  ], 'eth0-nic already lost its master with the bridge');
});

t.test('route_localnet and learning only when they differ', async (t) => {
  const state: NetState = {
    links: [
      link({ index: 3, name: 'br', kind: 'bridge', routeLocalnet: false }),
      link({ index: 4, name: 'p', kind: 'veth', master: 'br', learning: true }),
    ],
    routes: [],
  };
  t.same(
    planLinkOperations(state, [
      { name: 'br', kind: 'bridge', state: 'down', routeLocalnet: true },
      { name: 'p', kind: 'existing', state: 'down', learning: false },
    ]),
    [
      { op: 'setRouteLocalnet', link: 'br', enabled: true },
      { op: 'setLearning', link: 'p', learning: false },
    ],
  );
  t.same(planLinkOperations(state, [{ name: 'p', kind: 'existing', state: 'down', learning: true, master: 'br' }]), []);
});

/**
 * What a kernel before 6.2 does with a rename, and a driver without IFF_LIVE_ADDR_CHANGE with a
 * MAC change, of an up link: EBUSY (net/core/dev.c dev_change_name, eth_prepare_mac_addr_change).
 * Such a kernel cannot run on these machines (the netns tests cover the live path and a lasting
 * refusal), so it is modelled here, at the driver's interface, for one link.
 */
class PreLiveRenameKernel {
  readonly requests: string[] = [];
  link = { index: 7, name: 'a', mac: '02:00:00:00:00:01', up: true };

  async setLinkAttributes(_ref: LinkRef, change: LinkAttributeChange): Promise<void> {
    this.requests.push(describeLinkChange(_ref, change));
    if (this.link.up && (change.name !== undefined || change.mac !== undefined)) {
      throw new NetlinkError('RTM_SETLINK', 'EBUSY (resource busy or locked)', constants.errno.EBUSY);
    }
    if (change.mac !== undefined) this.link.mac = change.mac;
    if (change.name !== undefined) this.link.name = change.name;
    if (change.up !== undefined) this.link.up = change.up;
  }

  async setUp(ref: LinkRef, up: boolean): Promise<void> {
    await this.setLinkAttributes(ref, { up });
  }

  async getLink(): Promise<{ up: boolean }> {
    return { up: this.link.up };
  }
}

t.test('a kernel that refuses live renames: down, rename and MAC, up again', async (t) => {
  const kernel = new PreLiveRenameKernel();
  const state: NetState = { links: [link({ index: 7, name: 'a', kind: 'veth', mac: '02:00:00:00:00:01', up: true })], routes: [] };
  const report = await applyNetSpec({} as NetnsHandle, kernel as unknown as NetlinkDriver, {
    links: [{ name: 'b', kind: 'existing', index: 7, state: 'up', mac: '02:00:00:00:00:02' }],
    sysctls: [],
  }, { state });
  t.same(report.changes.map((c) => c.change), ['rename to "b"', 'set MAC 02:00:00:00:00:02']);
  t.same(kernel.link, { index: 7, name: 'b', mac: '02:00:00:00:00:02', up: true });
  t.same(kernel.requests, [
    'change link #7: set MAC 02:00:00:00:00:02, rename to "b"',
    'set link #7 down',
    'change link #7: set MAC 02:00:00:00:00:02, rename to "b", set up',
  ]);
});
