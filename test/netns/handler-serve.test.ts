// The long-running handler end to end: the compiled `virtnet handler serve` runs in the node netns
// as a process, a node:net client sends it requests, and every assertion is on what the kernel
// shows in the pod netns, what a real DHCP client leases from the real launcher, or what the
// process and the file system show. Bad requests come first, on the untouched pod, so the pod
// can be compared before and after.
import t, { type Test } from 'tap';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTopology, type Topology } from '../helpers/topology.js';
import { runDhcpClient } from '../helpers/dhcp-clients.js';
import { HandlerClient } from '../../src/cli/handler-client.js';
import { handler, handlerServeArgs, podNetworkVmi, startHandlerServer, startLauncher, writeVmi } from '../helpers/virtnet-cli.js';
import { SYSTEM_PATH, waitFor } from '../helpers/exec.js';
import { MAX_REQUEST_LINE_BYTES } from '../../src/cli/handler-server.js';

const VM_MAC = '02:ab:cd:00:00:01';

interface LinkJson {
  ifname: string;
  address: string;
  master?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

async function podLinks(topology: Topology): Promise<Map<string, LinkJson>> {
  const { stdout } = await topology.exec('pod', 'ip', ['-j', '-d', 'addr', 'show']);
  return new Map((JSON.parse(stdout) as LinkJson[]).map((l) => [l.ifname, l]));
}

/** What a change by phase 1 would alter: link names, kinds, MACs, masters, IPv4 addresses. */
async function podFingerprint(topology: Topology): Promise<string[]> {
  return [...(await podLinks(topology)).values()]
    .map((l) => {
      const v4 = (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
      return `${l.ifname} ${l.linkinfo?.info_kind ?? '-'} ${l.address} ${l.master ?? '-'} ${v4.join(',')}`;
    })
    .sort();
}

/** The message of the last JSON log line on stderr. */
function loggedError(stderr: string): string {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(last) as { level: string; msg: string }).msg;
}

/** Spawned by the topology in its node netns: destroy() kills whatever still runs; the socket lives in its tmp dir. */
async function serve(t: Test, topology: Topology, socketPath: string) {
  const daemon = await startHandlerServer(topology, socketPath);
  t.teardown(() => daemon.stop('SIGKILL'));
  return daemon;
}

t.test('setup, re-setup, bad requests and teardown over the socket; SIGTERM stops it cleanly', async (t) => {
  const topology = await createTopology({ t });
  const uid = randomUUID();
  const vmi = podNetworkVmi({ uid, binding: 'bridge', macAddress: VM_MAC });
  const { vmiFile, cacheDir } = await writeVmi(topology, vmi);
  const socketPath = join(topology.tmpDir, 'handler.sock');
  const daemon = await serve(t, topology, socketPath);
  const socketStat = lstatSync(socketPath);
  t.ok(socketStat.isSocket(), 'the socket exists once it serves');
  t.equal(socketStat.mode & 0o777, 0o600, 'mode 0600');

  const client = await HandlerClient.connect(socketPath);
  t.teardown(() => client.close());
  const good = { op: 'setup', vmi, launcherPid: topology.launcherPid, cacheDir };
  const pristine = await podFingerprint(topology);

  // (c) Bad requests: each answered with a clear error, on the same connection.
  const notJson = await client.send('{"op": "setup", ');
  t.match(notJson, { id: null, ok: false, invalid: true, error: { code: 'VIRTNET_VALIDATION', message: /^failed to parse the request as JSON/ } }, 'invalid JSON');

  const badVmi = podNetworkVmi({ uid, binding: 'bridge', macAddress: 'zz:00:00:00:00:01' });
  const badVmiAnswer = await client.request({ ...good, id: 'bad-vmi', vmi: badVmi });
  t.match(badVmiAnswer, { id: 'bad-vmi', ok: false, invalid: true, error: { code: 'VIRTNET_VALIDATION', message: /\/spec\/domain\/devices\/interfaces\/0\/macAddress: invalid value "zz:00:00:00:00:01"/ } }, 'a bad VMI names the field');
  t.same(await podFingerprint(topology), pristine, 'the bad VMI left the pod netns untouched');

  const missingNetns = `/run/netns/vn-${randomBytes(4).toString('hex')}-missing`;
  const noNetns = await client.request({ id: 3, op: 'setup', vmi, netns: missingNetns, cacheDir });
  t.match(noNetns, { id: 3, ok: false, invalid: false, error: { code: 'VIRTNET_NETNS', message: `failed to open netns "${missingNetns}"` } }, 'a missing netns is a runtime failure');
  const noTarget = await client.request({ id: 4, op: 'setup', vmi, cacheDir });
  t.match(noTarget, { id: 4, ok: false, invalid: true, error: { message: 'failed to find the launcher pod: give "launcherPid" or "netns"' } }, 'no launcher pod named');
  const badEnvelope = await client.request({ id: 5, op: 'reboot', vmi, launcherPid: topology.launcherPid });
  t.match(badEnvelope, { id: 5, ok: false, invalid: true, error: { message: /op: invalid value "reboot": expected one of "setup", "teardown"/ } }, 'a bad envelope');

  // An overlong line: answered, then that connection is closed; other connections go on.
  const flooder = await HandlerClient.connect(socketPath);
  t.teardown(() => flooder.close());
  const overlong = await flooder.send('x'.repeat(MAX_REQUEST_LINE_BYTES + 1));
  t.match(overlong, { id: null, ok: false, invalid: true, error: { message: `failed to read the request: a line is longer than ${MAX_REQUEST_LINE_BYTES} bytes; closing the connection` } });
  await flooder.closed;
  t.pass('the server closed the connection that sent the overlong line');
  t.same(await podFingerprint(topology), pristine, 'no bad request touched the pod netns');

  // (a) Setup over the same connection, which is still usable.
  const setup = await client.request({ ...good, id: 'setup-1' });
  t.match(setup, { id: 'setup-1', ok: true }, JSON.stringify(setup));
  const result = (setup as { result: { vmi: string; podKey: string; interfaces: { iface: string; outcome: string; changes: number; resumed: boolean }[] } }).result;
  t.equal(result.vmi, 'testvm');
  t.same(result.interfaces.map((i) => [i.iface, i.outcome, i.resumed]), [['default', 'configured', false]]);
  t.ok(result.interfaces[0]!.changes > 0, 'the first setup changed the kernel');

  const links = await podLinks(topology);
  t.not((await podFingerprint(topology)).join('\n'), pristine.join('\n'), 'control: the fingerprint sees what setup changed');
  t.equal(links.get('k6t-eth0')?.linkinfo?.info_kind, 'bridge', 'bridge k6t-eth0');
  t.equal(links.get('tap0')?.master, 'k6t-eth0', 'tap0 on the bridge');
  t.equal(links.get('eth0-nic')?.master, 'k6t-eth0', 'the pod NIC on the bridge');
  const placeholder = links.get('eth0');
  t.ok(['ifb', 'dummy'].includes(placeholder?.linkinfo?.info_kind ?? ''), `placeholder eth0 (${placeholder?.linkinfo?.info_kind})`);
  t.same(placeholder?.addr_info?.filter((a) => a.family === 'inet').map((a) => a.local), [topology.podIp], 'the placeholder keeps the pod IP');
  t.equal(placeholder?.address, topology.podMac, 'and the pod MAC');

  // The real launcher serves the cache the daemon wrote; a real DHCP client gets the pod's identity.
  const launcher = await startLauncher(topology, vmiFile, cacheDir, join(topology.tmpDir, 'devices.xml'));
  t.teardown(() => launcher.stop());
  await topology.attachVm('k6t-eth0', VM_MAC);
  const lease = await runDhcpClient(topology, 'udhcpc');
  t.equal(lease.ip, topology.podIp, 'the VM leases the pod IP');
  t.equal(lease.router, topology.gateway, 'with the pod gateway');
  await launcher.stop();

  // (b) The same request again changes nothing, and answers what the one-shot CLI prints.
  const again = await client.request({ ...good, id: 'setup-2' });
  t.match(again, { id: 'setup-2', ok: true });
  const againResult = (again as { result: typeof result }).result;
  t.same(againResult.interfaces.map((i) => [i.iface, i.changes, i.resumed]), [['default', 0, true]], 'changes: 0 on a converged pod');
  const cli = await handler('setup', topology, vmiFile, cacheDir);
  t.equal(cli.exitCode, 0, cli.stderr);
  t.same(againResult, cli.json, 'the result is what `virtnet handler setup` prints');

  // (d) Teardown over the socket restores eth0.
  const teardown = await client.request({ id: 'down', op: 'teardown', vmi, launcherPid: topology.launcherPid, cacheDir });
  t.match(teardown, { id: 'down', ok: true, result: { vmi: 'testvm', interfaces: [{ iface: 'default', outcome: 'removed' }] } }, JSON.stringify(teardown));
  const restored = await podLinks(topology);
  t.notOk(restored.has('k6t-eth0'), 'the bridge is gone');
  t.equal(restored.get('eth0')?.linkinfo?.info_kind, 'veth', 'eth0 is the CNI veth again');
  t.equal(restored.get('eth0')?.address, topology.podMac, 'with its MAC');
  t.same(restored.get('eth0')?.addr_info?.filter((a) => a.family === 'inet').map((a) => a.local), [topology.podIp], 'and its address');
  const route = await topology.exec('pod', 'ip', ['-j', 'route', 'show', 'default']);
  t.equal((JSON.parse(route.stdout) as { gateway: string }[])[0]?.gateway, topology.gateway, 'and its default route');

  // (e) SIGTERM: the open connection is closed, the process exits 0, the socket file is gone.
  t.ok(existsSync(socketPath), 'control: the socket exists before SIGTERM');
  const exit = await daemon.stop('SIGTERM', 10_000);
  t.same(exit, { code: 0, signal: null }, `exit 0 on SIGTERM: ${daemon.output()}`);
  await client.closed;
  t.notOk(existsSync(socketPath), 'the socket file is removed');
  t.match(daemon.output(), /"msg":"handler stopped"/);
  const logged = daemon.output().split('\n').filter((l) => l.includes('"msg":"handler request"')).map((l) => JSON.parse(l) as { outcome: string; op?: string; ms: number });
  t.same(logged.map((l) => l.outcome), ['invalid', 'invalid', 'failed', 'invalid', 'invalid', 'invalid', 'ok', 'ok', 'ok'], 'one log line per request, with its outcome');
  t.ok(logged.every((l) => typeof l.ms === 'number'), 'each with its duration');
});

t.test('a live socket is refused, a stale one replaced, any other file refused', async (t) => {
  const topology = await createTopology({ t });
  const socketPath = join(topology.tmpDir, 'handler.sock');
  const first = await serve(t, topology, socketPath);
  // Expected to fail at once; the timeout only bounds a server that wrongly starts.
  const runServe = (path: string) => topology.exec('node', process.execPath, handlerServeArgs(path), { allowFailure: true, timeoutMs: 15_000, env: { PATH: SYSTEM_PATH } });

  const second = await runServe(socketPath);
  t.equal(second.exitCode, 2, 'a second server on a live socket exits 2');
  t.equal(loggedError(second.stderr), `failed to use socket path "${socketPath}": a server is already listening there`);
  const probe = await HandlerClient.connect(socketPath);
  t.match(await probe.send('not json'), { ok: false, invalid: true }, 'the first server still answers there');
  probe.close();

  // A server killed without cleanup leaves its socket file behind.
  await first.stop('SIGKILL');
  t.ok(lstatSync(socketPath).isSocket(), 'control: SIGKILL left a stale socket file');
  const third = await serve(t, topology, socketPath);
  t.match(third.output(), /"msg":"replaced a stale handler socket"/);
  const client = await HandlerClient.connect(socketPath);
  t.teardown(() => client.close());
  t.match(await client.send('not json'), { ok: false, invalid: true, error: { code: 'VIRTNET_VALIDATION' } }, 'the new server answers on the replaced socket');
  client.close();
  t.same(await third.stop('SIGTERM', 10_000), { code: 0, signal: null });

  const regular = join(topology.tmpDir, 'not-a-socket');
  await writeFile(regular, 'keep me\n');
  const refused = await runServe(regular);
  t.equal(refused.exitCode, 2, 'a path holding another file is refused with exit 2');
  t.equal(loggedError(refused.stderr), `failed to use socket path "${regular}": it exists and is not a socket; remove it or choose another path`);
  t.equal(await readFile(regular, 'utf8'), 'keep me\n', 'and the file is left as it was');
});

t.test('SIGTERM during a request: that request finishes and is answered, the queued one is refused, nothing half-done', async (t) => {
  const topology = await createTopology({ t });
  const vmi = podNetworkVmi({ uid: randomUUID(), binding: 'masquerade' });
  const { cacheDir } = await writeVmi(topology, vmi);
  // A gate in front of the real nft holds the masquerade setup mid-request until the test opens
  // it, so SIGTERM lands inside the request every time, not by luck of timing.
  const gateDir = join(topology.tmpDir, 'gate');
  await mkdir(gateDir);
  await writeFile(
    join(gateDir, 'nft'),
    `#!/bin/sh\n: > ${gateDir}/entered\nwhile [ ! -e ${gateDir}/open ]; do sleep 0.02; done\nexec ${await realNft()} "$@"\n`,
    { mode: 0o755 },
  );
  const socketPath = join(topology.tmpDir, 'handler.sock');
  const daemon = await startHandlerServer(topology, socketPath, { pathPrefix: gateDir });
  t.teardown(() => daemon.stop('SIGKILL'));
  const client = await HandlerClient.connect(socketPath);
  t.teardown(() => client.close());

  const request = { op: 'setup', vmi, launcherPid: topology.launcherPid, cacheDir };
  const inProgress = client.request({ ...request, id: 'in-progress' });
  const queued = client.request({ ...request, id: 'queued' });
  await waitFor('nft at the gate', () => existsSync(join(gateDir, 'entered')), 15_000);
  t.same(await natRuleset(topology), null, 'control: no nat table yet while nft waits at the gate');

  daemon.signal('SIGTERM');
  await daemon.waitForOutput(/"msg":"handler stopping","inProgress":true,"queued":1/);
  t.notOk(existsSync(socketPath), 'the socket is gone at once: no new client can connect');
  await writeFile(join(gateDir, 'open'), '');

  t.match(await inProgress, { id: 'in-progress', ok: true, result: { interfaces: [{ iface: 'default', outcome: 'configured' }] } }, 'the request in progress ran to its end and was answered');
  t.match(
    await queued,
    { id: 'queued', ok: false, invalid: false, error: { code: 'VIRTNET_INTERNAL', message: 'failed to run the request: the handler is shutting down', retryable: true } },
    'the queued request is refused as retryable',
  );
  t.same(await daemon.exited, { code: 0, signal: null }, `exit 0: ${daemon.output()}`);
  const ruleset = await natRuleset(topology);
  t.ok(ruleset?.includes('masquerade'), 'the masquerade rules of the finished request are in the pod');
  const links = await podLinks(topology);
  t.equal(links.get('tap0')?.master, 'k6t-eth0', 'and its tap on its bridge');
});

/** The nft binary the gate hands over to, found on the system PATH (not the gate's own). */
async function realNft(): Promise<string> {
  for (const dir of SYSTEM_PATH.split(':')) {
    const candidate = join(dir, 'nft');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`failed to find nft on ${SYSTEM_PATH}`);
}

async function natRuleset(topology: Topology): Promise<string | null> {
  const listed = await topology.exec('pod', 'nft', ['list', 'table', 'ip', 'nat'], { allowFailure: true });
  return listed.exitCode === 0 ? listed.stdout : null;
}
