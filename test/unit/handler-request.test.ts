// The handler socket's request parsing, without a socket: a valid request becomes a typed request
// with its target resolved as the CLI resolves its flags; every bad line becomes a
// VIRTNET_VALIDATION error that names what is wrong, answered as `invalid: true`.
import t, { type Test } from 'tap';
import {
  CLI_TARGET_FIELDS,
  LAUNCHER_CACHE_DIR,
  errorResponse,
  parseHandlerRequest,
  resolveHandlerTarget,
  successResponse,
  type ParsedHandlerRequest,
  requestIdOfLine,
} from '../../src/core/handler-request.js';
import { VirtnetError } from '../../src/core/errors.js';

const VMI = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'testvm', uid: '0c8f3d0e-5b7a-4c1e-9a55-3f1d2b6c7e80' },
  spec: { domain: { devices: { interfaces: [{ name: 'default', bridge: {} }] } }, networks: [{ name: 'default', pod: {} }] },
};

function parse(request: unknown): ParsedHandlerRequest {
  return parseHandlerRequest(typeof request === 'string' ? request : JSON.stringify(request));
}

function failure(t: Test, request: unknown): { id: unknown; message: string; code: string } {
  const parsed = parse(request);
  if (parsed.ok) {
    t.fail(`expected ${JSON.stringify(request)} to be refused`);
    return { id: undefined, message: '', code: '' };
  }
  return { id: parsed.id, message: parsed.error.message, code: parsed.error.code };
}

t.test('a valid setup request by pid: the cache dir defaults to the launcher root, as in the CLI', async (t) => {
  const parsed = parse({ id: 7, op: 'setup', vmi: VMI, launcherPid: 4242, placeholder: 'ifb' });
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.same(parsed.request.target, { launcherPid: 4242, cacheDir: `/proc/4242/root${LAUNCHER_CACHE_DIR}` });
  t.equal(parsed.request.id, 7);
  t.equal(parsed.request.op, 'setup');
  t.equal(parsed.request.placeholder, 'ifb');
  t.equal(parsed.request.vmi.metadata.name, 'testvm');
});

t.test('a valid teardown request by netns path, without id or placeholder', async (t) => {
  const parsed = parse({ op: 'teardown', vmi: VMI, netns: '/run/netns/pod', cacheDir: '/tmp/cache' });
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.same(parsed.request.target, { netns: '/run/netns/pod', cacheDir: '/tmp/cache' });
  t.equal(parsed.request.id, null);
  t.notOk('placeholder' in parsed.request, 'the server default applies');
});

t.test('lines that are not JSON', async (t) => {
  for (const line of ['not json', '{"op":"setup",', '']) {
    const { id, code, message } = failure(t, line);
    t.equal(code, 'VIRTNET_VALIDATION');
    t.equal(id, null);
    t.match(message, /^failed to parse the request as JSON: /, JSON.stringify(line));
  }
});

t.test('bad envelopes name each problem and keep a readable id', async (t) => {
  const cases: [unknown, RegExp][] = [
    [[1, 2], /request: invalid value \[1,2\]: must be object/],
    [{ id: 'a', vmi: VMI, launcherPid: 1 }, /missing required field "op"/],
    [{ id: 'a', op: 'setup', launcherPid: 1 }, /missing required field "vmi"/],
    [{ id: 'a', op: 'reboot', vmi: VMI, launcherPid: 1 }, /op: invalid value "reboot": expected one of "setup", "teardown"/],
    [{ id: 'a', op: 'setup', vmi: 'vmi.yaml', launcherPid: 1 }, /vmi: invalid value "vmi.yaml": must be object/],
    [{ id: 'a', op: 'setup', vmi: VMI, launcherPid: 0 }, /launcherPid: invalid value 0: must be >= 1/],
    [{ id: 'a', op: 'setup', vmi: VMI, launcherPid: 1.5 }, /launcherPid: invalid value 1.5: must be integer/],
    [{ id: 'a', op: 'setup', vmi: VMI, launcherPid: '12' }, /launcherPid: invalid value "12": must be integer/],
    [{ id: 'a', op: 'setup', vmi: VMI, netns: '', cacheDir: '/c' }, /netns: invalid value "": must NOT have fewer than 1 characters/],
    [{ id: 'a', op: 'setup', vmi: VMI, launcherPid: 1, placeholder: 'veth' }, /placeholder: invalid value "veth": expected one of "auto", "dummy", "ifb"/],
    [{ id: 'a', op: 'setup', vmi: VMI, launcherPid: 1, launcher_pid: 1 }, /unknown field "launcher_pid"/],
  ];
  for (const [request, expected] of cases) {
    const { id, code, message } = failure(t, request);
    t.equal(code, 'VIRTNET_VALIDATION');
    t.match(message, expected, JSON.stringify(request).slice(0, 80));
    if (!Array.isArray(request)) t.equal(id, 'a', 'the id is echoed');
  }
  // Negative control: each case differs from an accepted request in the one field named.
  t.ok(parse({ id: 'a', op: 'setup', vmi: VMI, launcherPid: 1 }).ok, 'control: the request they were made from is accepted');
});

t.test('every problem of one envelope is reported at once', async (t) => {
  const { message } = failure(t, { op: 'x', vmi: [], extra: 1 });
  t.match(message, 'unknown field "extra"');
  t.match(message, 'op: invalid value "x"');
  t.match(message, 'vmi: invalid value []');
});

t.test('an id of the wrong type is not echoed', async (t) => {
  t.equal(failure(t, { id: { x: 1 }, op: 'setup', vmi: VMI, launcherPid: 1 }).id, null);
  t.equal(failure(t, { id: true, op: 'setup', vmi: VMI, launcherPid: 1 }).id, null);
});

t.test('a bad VMI is refused with the JSON path of the field, as by the CLI', async (t) => {
  const bad = structuredClone(VMI);
  bad.spec.domain.devices.interfaces[0] = Object.assign({ name: 'default', bridge: {} }, { macAddress: 'zz:00:00:00:00:01' });
  const { id, code, message } = failure(t, { id: 3, op: 'setup', vmi: bad, launcherPid: 1 });
  t.equal(id, 3);
  t.equal(code, 'VIRTNET_VALIDATION');
  t.match(message, 'vmi: /spec/domain/devices/interfaces/0/macAddress: invalid value "zz:00:00:00:00:01"');
});

t.test('the target: launcher pid or netns, and a cache dir with netns, named as the request names them', async (t) => {
  t.match(failure(t, { op: 'setup', vmi: VMI }).message, 'failed to find the launcher pod: give "launcherPid" or "netns"');
  t.match(failure(t, { op: 'setup', vmi: VMI, netns: '/run/netns/p' }).message, 'failed to find the cache directory: give "cacheDir" with "netns"');
  const both = parse({ op: 'setup', vmi: VMI, launcherPid: 9, netns: '/run/netns/p' });
  t.same(both.ok && both.request.target, { launcherPid: 9, cacheDir: `/proc/9/root${LAUNCHER_CACHE_DIR}` }, 'the pid wins, as with the CLI flags');
});

t.test('the CLI names its flags', async (t) => {
  t.throws(() => resolveHandlerTarget({}, CLI_TARGET_FIELDS), { code: 'VIRTNET_VALIDATION', message: 'failed to find the launcher pod: give --launcher-pid or --netns' });
  t.throws(() => resolveHandlerTarget({ netns: '/n' }), { message: 'failed to find the cache directory: give --cache-dir with --netns' });
  t.same(resolveHandlerTarget({ netns: '/n', cacheDir: '/c' }), { netns: '/n', cacheDir: '/c' });
  t.same(resolveHandlerTarget({ launcherPid: 5, cacheDir: '/c' }), { launcherPid: 5, cacheDir: '/c' }, 'a cache dir given wins over the default');
});

t.test('responses: invalid exactly for VIRTNET_VALIDATION', async (t) => {
  t.same(successResponse(1, { vmi: 'v' }), { id: 1, ok: true, result: { vmi: 'v' } });
  const invalid = errorResponse('a', new VirtnetError('VIRTNET_VALIDATION', 'failed to x'));
  t.match(invalid, { id: 'a', ok: false, invalid: true, error: { code: 'VIRTNET_VALIDATION', message: 'failed to x' } });
  const runtime = errorResponse('a', new VirtnetError('VIRTNET_NETNS', 'failed to open netns "/x"'));
  t.match(runtime, { ok: false, invalid: false, error: { code: 'VIRTNET_NETNS' } }, 'control: a runtime failure is not invalid');
  t.same(errorResponse(null, new Error('boom')), { id: null, ok: false, error: { message: 'boom' }, invalid: false }, 'a foreign error keeps only its message');
});

t.test('requestIdOfLine reads only the id, whatever else the line holds', async (t) => {
  t.equal(requestIdOfLine(JSON.stringify({ id: 7, op: 'setup', vmi: { kind: 'not a vmi' } })), 7, 'an invalid request still has its id');
  t.equal(requestIdOfLine('{"id":"a"}'), 'a');
  t.equal(requestIdOfLine('{"id":[1]}'), null, 'an id of another type is none');
  t.equal(requestIdOfLine('{"id": 1'), null, 'not JSON');
  t.equal(requestIdOfLine('[]'), null);
});
