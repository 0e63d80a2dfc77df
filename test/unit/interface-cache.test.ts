import { spawnSync } from 'node:child_process';
import t from 'tap';
import { chmod, mkdtemp, mkdir, readFile, readdir, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheCorruptError, ValidationError, VirtnetError } from '../../src/core/errors.js';
import { InterfaceCache, assertCacheName } from '../../cache/interface-cache.js';
import type { InterfaceCacheRecord } from '../../cache/records.js';

const UID = '6b1c3b9e-5a3f-4c0e-9d1b-2f6a0c8e4d21';

function bridgeRecord(overrides: Partial<InterfaceCacheRecord> = {}): InterfaceCacheRecord {
  return {
    version: 1,
    vmiUid: UID,
    vmiName: 'vmi-bridge',
    vmiNamespace: 'default',
    podKey: '4:4026532801',
    network: 'default',
    iface: 'default',
    podIfaceName: 'eth0',
    binding: 'bridge',
    state: 'started',
    facts: {
      index: 3,
      name: 'eth0',
      kind: 'veth',
      mac: '12:34:56:78:90:ab',
      mtu: 1500,
      addresses: [{ family: 4, address: '10.222.222.1', prefixLength: 30, scope: 'global' }],
      routes: [
        { family: 4, destination: null, gateway: '10.222.222.254', outputInterface: 'eth0', table: 254 },
        { family: 4, destination: '10.222.0.0/16', gateway: null },
      ],
    },
    dhcp: {
      ipamDisabled: false,
      clientMac: '12:34:56:78:90:ab',
      address: '10.222.222.1',
      prefixLength: 30,
      gateway: '10.222.222.254',
      routes: [
        { destination: '10.222.0.0/16', gateway: null },
        { destination: null, gateway: '10.222.222.254' },
      ],
      mtu: 1500,
      serverId: '169.254.75.10',
      bridgeName: 'k6t-eth0',
      leaseSeconds: 86313600,
    },
    domain: {
      type: 'ethernet',
      name: 'default',
      targetDev: 'tap0',
      mac: '12:34:56:78:90:ab',
      mtu: 1500,
      model: 'virtio-non-transitional',
      pciAddress: { domain: '0x0000', bus: '0x0a', slot: '0x00', function: '0x0' },
    },
    plan: {
      spec: {
        links: [
          { name: 'k6t-eth0', kind: 'bridge', state: 'up', addresses: [{ family: 4, address: '169.254.75.10', prefixLength: 32 }] },
          { name: 'eth0-nic', kind: 'existing', index: 3, state: 'up', copyMacFrom: 'k6t-eth0', master: 'k6t-eth0', learning: false, addresses: [] },
          { name: 'tap0', kind: 'tap', state: 'up', mtu: 1500, master: 'k6t-eth0', tap: { uid: 107, gid: 107, queues: 0 } },
          { name: 'eth0', kind: 'ifb', state: 'down', mac: '12:34:56:78:90:ab', master: null },
        ],
        sysctls: [{ path: 'net/ipv4/conf/all/arp_ignore', value: '1' }],
      },
      nft: [],
    },
    sysctlsBefore: [{ path: 'net/ipv4/conf/all/arp_ignore', value: '0' }],
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The assertions the helpers below use; every subtest object has them. */
type Assert = Pick<typeof t, 'ok' | 'equal' | 'match' | 'fail' | 'teardown'>;

async function tempRoot(t: Assert): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vn-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}


async function expectCorrupt(t: Assert, cache: InterfaceCache, file: string, what: string, iface = 'default'): Promise<void> {
  try {
    await cache.read(UID, iface);
    t.fail(`${what}: read succeeded`);
  } catch (err) {
    t.ok(err instanceof CacheCorruptError, `${what}: CacheCorruptError`);
    t.equal((err as CacheCorruptError).file, file, `${what}: names the file`);
    t.match((err as Error).message, file, `${what}: message names the file`);
    t.equal((err as CacheCorruptError).code, 'VIRTNET_CACHE_CORRUPT');
  }
}

t.test('round trip, layout and JSON on disk', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  t.equal(await cache.read(UID, 'default'), null, 'absent record reads as null');
  t.same(await cache.list(UID), []);
  const stored = await cache.write(bridgeRecord());
  t.not(stored.updatedAt, '2026-01-01T00:00:00.000Z', 'updatedAt is the write time');
  t.ok(Math.abs(Date.parse(stored.updatedAt) - Date.now()) < 60_000);
  const file = join(root, 'virtnet', UID, 'default.json');
  t.equal(cache.filePath(UID, 'default'), file);
  t.same(JSON.parse(await readFile(file, 'utf8')), stored, 'the file holds the record as JSON');
  t.same(await cache.read(UID, 'default'), stored);

  const masquerade = bridgeRecord({ iface: 'blue', network: 'blue', binding: 'masquerade', dhcp: null, state: 'finished' });
  await cache.write(masquerade);
  t.same((await cache.list(UID)).map((r) => [r.iface, r.binding, r.dhcp]), [
    ['blue', 'masquerade', null],
    ['default', 'bridge', stored.dhcp],
  ], 'list is sorted by interface name');

  const replaced = await cache.write({ ...stored, state: 'finished' });
  t.equal((await cache.read(UID, 'default'))?.state, 'finished', 'a write replaces the record');
  t.same(await cache.read(UID, 'default'), replaced);
  t.same(await readdir(join(root, 'virtnet', UID)), ['blue.json', 'default.json'], 'no temp files are left behind');
});

t.test('delete and deleteAll are idempotent', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  await cache.delete(UID, 'default');
  await cache.deleteAll(UID);
  await cache.write(bridgeRecord());
  await cache.write(bridgeRecord({ iface: 'blue', network: 'blue' }));
  await cache.delete(UID, 'default');
  t.equal(await cache.read(UID, 'default'), null);
  t.not(await cache.read(UID, 'blue'), null, 'other records stay');
  await cache.delete(UID, 'default');
  await writeFile(join(root, 'virtnet', UID, '.blue.json.dead.tmp'), '{"half');
  await cache.deleteAll(UID);
  await t.rejects(stat(join(root, 'virtnet', UID)), { code: 'ENOENT' }, 'directory gone, temp files included');
  await cache.deleteAll(UID);
  t.same(await cache.list(UID), []);
});

t.test('a temp file left by a crash is ignored', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  const stored = await cache.write(bridgeRecord());
  const dir = join(root, 'virtnet', UID);
  // What a crash between create and rename leaves: a half-written dot-file next to the record.
  await writeFile(join(dir, '.default.json.0a1b2c3d4e5f.tmp'), '{"version": 1, "vmiUid": "');
  await writeFile(join(dir, '.blue.json.ffffffffffff.tmp'), '');
  t.same(await cache.read(UID, 'default'), stored, 'the committed record is read');
  t.same(await cache.list(UID), [stored], 'list skips temp files');
  const again = await cache.write({ ...stored, state: 'finished' });
  t.same(await cache.read(UID, 'default'), again, 'writing again works next to stale temp files');
});

t.test('writeState: a new state for a record this cache wrote; any other record is checked first', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  const stored = await cache.write(bridgeRecord());
  const finished = await cache.writeState(stored, 'finished');
  t.equal(finished.state, 'finished');
  t.same(await cache.read(UID, 'default'), finished, 'stored, and readable through the schema');
  t.same({ ...finished, state: stored.state, updatedAt: stored.updatedAt }, stored, 'nothing else changed');

  // Negative control: a record that did not come from write() is not trusted.
  const foreign = bridgeRecord({ podKey: 'not-a-pod-key' });
  await t.rejects(cache.writeState(foreign, 'finished'), ValidationError);
  t.same(await cache.read(UID, 'default'), finished, 'unchanged');
  const fresh = new InterfaceCache(root);
  await t.rejects(fresh.writeState({ ...stored, podKey: 'not-a-pod-key' }, 'finished'), ValidationError, 'nor is a changed copy');
});

t.test('a failed write leaves the previous record and no temp file', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  const stored = await cache.write(bridgeRecord());
  await t.rejects(cache.write(bridgeRecord({ podKey: 'not-a-pod-key' })), ValidationError, 'schema-checked before writing');
  await t.rejects(cache.write(bridgeRecord({ facts: { ...bridgeRecord().facts, mac: 'AA:BB' } })), ValidationError);
  t.same(await cache.read(UID, 'default'), stored, 'unchanged');

  // Make the rename fail: the destination of another interface is a directory.
  await mkdir(join(root, 'virtnet', UID, 'blue.json'));
  await t.rejects(cache.write(bridgeRecord({ iface: 'blue', network: 'blue' })), { code: 'VIRTNET_CACHE_IO', message: /blue\.json/ });
  t.same((await readdir(join(root, 'virtnet', UID))).sort(), ['blue.json', 'default.json'], 'the temp file was removed');
});

t.test('corrupt files give CacheCorruptError naming the file', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  const file = cache.filePath(UID, 'default');
  const good = `${JSON.stringify(bridgeRecord(), null, 2)}\n`;
  const put = async (text: string): Promise<void> => {
    await mkdir(join(root, 'virtnet', UID), { recursive: true });
    await writeFile(file, text);
  };

  await put(good);
  t.ok(await cache.read(UID, 'default'), 'negative control: the untouched record reads fine');

  await put(good);
  await truncate(file, Math.floor(good.length / 2));
  await expectCorrupt(t, cache, file, 'truncated');

  await put('');
  await expectCorrupt(t, cache, file, 'empty');

  await put('\u0000\u0001garbage');
  await expectCorrupt(t, cache, file, 'binary garbage');

  // KubeVirt's own pod-interface cache (kubevirt-networking.md §4): valid JSON, foreign schema.
  await put(JSON.stringify({ iface: { name: 'default', masquerade: {} }, podIP: '10.244.0.5', podIPs: ['10.244.0.5'], networkState: 2 }));
  await expectCorrupt(t, cache, file, 'foreign JSON');

  await put(JSON.stringify({ ...bridgeRecord(), version: 2 }));
  await expectCorrupt(t, cache, file, 'another version');

  await put(JSON.stringify({ ...bridgeRecord(), extra: true }));
  await expectCorrupt(t, cache, file, 'unknown field');

  const { podKey: _omit, ...withoutPodKey } = bridgeRecord();
  await put(JSON.stringify(withoutPodKey));
  await expectCorrupt(t, cache, file, 'missing field');

  await put(JSON.stringify(bridgeRecord({ podKey: '../../etc' })));
  await expectCorrupt(t, cache, file, 'bad podKey');

  const plan = bridgeRecord().plan;
  await put(JSON.stringify(bridgeRecord({ plan: { ...plan, spec: { ...plan.spec, sysctls: [{ path: 'kernel/core_pattern', value: '1' }] } } })));
  await expectCorrupt(t, cache, file, 'a sysctl outside net/ipv4 and net/ipv6');

  await put(JSON.stringify(bridgeRecord({ plan: { ...plan, spec: { ...plan.spec, sysctls: [{ path: 'net/ipv4/../../kernel/x', value: '1' }] } } })));
  await expectCorrupt(t, cache, file, 'a sysctl path with ..');

  await put(JSON.stringify(bridgeRecord({ vmiUid: 'someone-else' })));
  await expectCorrupt(t, cache, file, 'record of another VMI');

  await put(JSON.stringify(bridgeRecord({ iface: 'blue', network: 'blue' })));
  await expectCorrupt(t, cache, file, 'record of another interface');

  await put(JSON.stringify([bridgeRecord()]));
  await expectCorrupt(t, cache, file, 'array');

  await rm(file);
  await mkdir(file);
  await expectCorrupt(t, cache, file, 'a directory in place of the file');
  await rm(file, { recursive: true });

  const elsewhere = join(root, 'elsewhere.json');
  await writeFile(elsewhere, good);
  await symlink(elsewhere, file);
  await expectCorrupt(t, cache, file, 'a symbolic link');
  await rm(file);

  await put(JSON.stringify({ ...bridgeRecord(), version: 2 }));
  await t.rejects(cache.list(UID), CacheCorruptError, 'list surfaces a corrupt record');
});

t.test('names used in paths are validated', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  const badUids = ['', '.', '..', '../x', 'a/b', 'a..b', '.hidden', 'a\u0000b', 'a b', 'x'.repeat(129)];
  const badIfaces = ['', '.', '..', '../x', 'a/b', 'a.b', '.default', 'a\u0000b', 'a b', 'x'.repeat(64)];
  for (const uid of badUids) {
    await t.rejects(cache.read(uid, 'default'), ValidationError, `vmiUid ${JSON.stringify(uid)}`);
    await t.rejects(cache.deleteAll(uid), ValidationError, `deleteAll ${JSON.stringify(uid)}`);
    await t.rejects(cache.write(bridgeRecord({ vmiUid: uid })), ValidationError, `write vmiUid ${JSON.stringify(uid)}`);
  }
  for (const iface of badIfaces) {
    await t.rejects(cache.read(UID, iface), ValidationError, `iface ${JSON.stringify(iface)}`);
    await t.rejects(cache.delete(UID, iface), ValidationError, `delete ${JSON.stringify(iface)}`);
    await t.rejects(cache.write(bridgeRecord({ iface })), ValidationError, `write iface ${JSON.stringify(iface)}`);
  }
  t.throws(() => assertCacheName('iface', 42), ValidationError);
  t.doesNotThrow(() => assertCacheName('vmiUid', 'a.b-c_D9'), 'negative control: a safe name passes');
  t.same(await readdir(root), [], 'nothing was created');
});

t.test('symbolic links on the way are refused', async (t) => {
  const root = await tempRoot(t);
  const outside = await tempRoot(t);
  await mkdir(join(root, 'virtnet'));
  await symlink(outside, join(root, 'virtnet', UID));
  const cache = new InterfaceCache(root);
  let error: unknown;
  try {
    await cache.write(bridgeRecord());
  } catch (err) {
    error = err;
  }
  t.ok(error instanceof VirtnetError, 'write fails');
  t.equal((error as VirtnetError).code, 'VIRTNET_CACHE_IO');
  t.match((error as Error).message, 'symbolic links are refused');
  t.same(await readdir(outside), [], 'nothing written through the link');

  // A record placed behind the link is not read, listed or deleted through it.
  await writeFile(join(outside, 'default.json'), JSON.stringify(bridgeRecord()));
  await t.rejects(cache.read(UID, 'default'), { code: 'VIRTNET_CACHE_IO', message: /symbolic links are refused/ });
  await t.rejects(cache.list(UID), { code: 'VIRTNET_CACHE_IO' });
  await t.rejects(cache.delete(UID, 'default'), { code: 'VIRTNET_CACHE_IO' });
  t.same(await readdir(outside), ['default.json'], 'untouched');

  // A symlinked `virtnet` must not let deleteAll remove a directory elsewhere.
  const root2 = await tempRoot(t);
  const victim = await tempRoot(t);
  await mkdir(join(victim, UID));
  await symlink(victim, join(root2, 'virtnet'));
  await t.rejects(new InterfaceCache(root2).deleteAll(UID), { code: 'VIRTNET_CACHE_IO' });
  t.same(await readdir(victim), [UID], 'the victim directory survives');
});

t.test('a parse error does not repeat the file content', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(root);
  await mkdir(join(root, 'virtnet', UID), { recursive: true });
  await writeFile(cache.filePath(UID, 'default'), 'root:x:0:0:secret-token:/root:/bin/bash\n');
  await expectCorrupt(t, cache, cache.filePath(UID, 'default'), 'not JSON');
  const message = await cache.read(UID, 'default').then(
    () => '',
    (err: unknown) => JSON.stringify((err as CacheCorruptError).toJSON()),
  );
  t.match(message, 'not valid JSON', 'negative control: the error was caught and serialised');
  t.notMatch(message, 'secret', 'neither message nor cause quotes the content');
});

t.test('permissions and owner', async (t) => {
  const root = await tempRoot(t);
  const previousUmask = process.umask(0o077);
  t.teardown(() => {
    process.umask(previousUmask);
  });
  const euid = process.geteuid?.() ?? 0;
  // Files stay the writer's: the launcher (107) reads them through mode 0644 but cannot rewrite them.
  const expectedOwner = euid;
  const cache = new InterfaceCache(root);
  t.equal(cache.ownerUid, expectedOwner);
  await cache.write(bridgeRecord());
  const fileStat = await stat(cache.filePath(UID, 'default'));
  t.equal(fileStat.mode & 0o777, 0o644, 'file 0644 despite umask 077');
  t.equal(fileStat.uid, expectedOwner);
  t.equal(fileStat.gid, process.getegid?.() ?? 0);
  if (euid === 0) {
    await chmod(root, 0o755); // mkdtemp makes it 0700; the launcher's private dir is traversable
    const asLauncher = spawnSync('setpriv', ['--reuid=107', '--regid=107', '--clear-groups', 'cat', cache.filePath(UID, 'default')], { encoding: 'utf8' });
    t.equal(asLauncher.status, 0, `uid 107 reads the record: ${asLauncher.stderr}`);
    t.match(asLauncher.stdout, '"vmiUid"', 'and sees its content');
    const write = spawnSync('setpriv', ['--reuid=107', '--regid=107', '--clear-groups', 'sh', '-c', `echo x >> "$0"`, cache.filePath(UID, 'default')], { encoding: 'utf8' });
    t.not(write.status, 0, 'uid 107 cannot rewrite it');
  }
  for (const dir of [join(root, 'virtnet'), join(root, 'virtnet', UID)]) {
    const dirStat = await stat(dir);
    t.equal(dirStat.mode & 0o777, 0o755, `${dir} 0755 despite umask 077`);
    t.equal(dirStat.uid, euid, 'directories stay owned by the writer');
  }

  if (euid === 0) {
    const custom = new InterfaceCache(root, { ownerUid: 4242, ownerGid: 4343 });
    await custom.write(bridgeRecord({ iface: 'blue', network: 'blue' }));
    const s = await stat(custom.filePath(UID, 'blue'));
    t.same([s.uid, s.gid], [4242, 4343], 'explicit owner');
  } else {
    await t.rejects(new InterfaceCache(root, { ownerUid: euid + 1 }).write(bridgeRecord({ iface: 'blue', network: 'blue' })), { code: 'VIRTNET_CACHE_IO' }, 'an unprivileged writer cannot give files away');
  }
});

t.test('a missing root is an I/O error, not silently created', async (t) => {
  const root = await tempRoot(t);
  const cache = new InterfaceCache(join(root, 'does-not-exist'));
  await t.rejects(cache.write(bridgeRecord()), { code: 'VIRTNET_CACHE_IO' });
  t.equal(await cache.read(UID, 'default'), null, 'reading from a missing root finds nothing');
});
