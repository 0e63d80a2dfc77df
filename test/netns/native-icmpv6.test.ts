// The native ICMPv6 raw socket, between two throwaway namespaces joined by a veth: it hears Router
// Solicitations only (ICMP6_FILTER), reports the hop limit each arrived with, and what it sends
// reaches a real peer with hop limit 255 from the device's link-local address.
import t, { type Test } from 'tap';
import { native, type Icmpv6Socket } from '../../native/index.js';
import { waitFor } from '../helpers/exec.js';
import { listenIcmpv6, sendIcmpv6 } from '../helpers/icmpv6-peer.js';
import { scratchNetns, type ScratchNetns } from '../fixtures/scratch-netns.js';

const ROUTER_SOLICITATION = Buffer.from('8500000000000000', 'hex');
const ECHO_REQUEST = Buffer.from('80000000abcd0001', 'hex');
const ROUTER_ADVERTISEMENT_TYPE = 134;

interface Pair {
  local: ScratchNetns;
  peer: ScratchNetns;
  localLinkLocal: string;
  peerLinkLocal: string;
}

/** `a0` in one netns, `b0` in another, a veth between them, both up without DAD. */
async function vethPair(t: Test): Promise<Pair> {
  const local = await scratchNetns(t, 'l');
  const peer = await scratchNetns(t, 'p');
  // No DAD wait, and no solicitations of the kernels' own to mix with the test's.
  for (const ns of [local, peer]) await ns.run('sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.default.router_solicitations=0');
  await local.run('ip', 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0', 'netns', peer.name);
  await local.run('ip', 'link', 'set', 'a0', 'up');
  await peer.run('ip', 'link', 'set', 'b0', 'up');
  return { local, peer, localLinkLocal: await local.linkLocal('a0'), peerLinkLocal: await peer.linkLocal('b0') };
}

interface Received {
  payload: Buffer;
  source: string;
  hopLimit: number;
  destination: string;
}

function openCollecting(t: Test, pair: Pair, device: string): { socket: Icmpv6Socket; received: Received[] } {
  const received: Received[] = [];
  const socket = pair.local.handle.run(() =>
    native.openIcmpv6Socket(device, (payload, source, hopLimit, destination) => received.push({ payload, source, hopLimit, destination })),
  );
  t.teardown(() => socket.close());
  return { socket, received };
}

t.test('receives router solicitations only, with the hop limit and destination they arrived with', async (t) => {
  const pair = await vethPair(t);
  const { received } = openCollecting(t, pair, 'a0');
  // Sent in order over one link: when the last RS is in, the echo request before it was filtered, not late.
  await sendIcmpv6(pair.peer.name, 'b0', 'ff02::2', 255, ECHO_REQUEST);
  await sendIcmpv6(pair.peer.name, 'b0', 'ff02::2', 254, ROUTER_SOLICITATION);
  await sendIcmpv6(pair.peer.name, 'b0', pair.localLinkLocal, 255, ROUTER_SOLICITATION);
  await waitFor('two solicitations', () => received.length >= 2);
  t.same(
    received.map(({ source, hopLimit, destination }) => ({ source, hopLimit, destination })),
    [
      { source: pair.peerLinkLocal, hopLimit: 254, destination: 'ff02::2' },
      { source: pair.peerLinkLocal, hopLimit: 255, destination: pair.localLinkLocal },
    ],
  );
  t.equal(received[0]!.payload[0], 133, 'type: router solicitation');
  t.equal(received[0]!.payload.length, 8);
  t.not(received[0]!.payload.readUInt16BE(2), 0, 'the checksum the sender computed is kept');
});

t.test('sends with hop limit 255 from the device link-local address', async (t) => {
  const pair = await vethPair(t);
  const { socket } = openCollecting(t, pair, 'a0');
  const listener = await listenIcmpv6(pair.peer.name, 'b0', ROUTER_ADVERTISEMENT_TYPE, 120);
  t.teardown(() => listener.stop());
  const advertisement = Buffer.from('86000000400000000000000000000000', 'hex');
  socket.send(advertisement, 'ff02::1', 0);
  socket.send(advertisement, pair.peerLinkLocal, socket.ifindex);
  await waitFor('both advertisements at the peer', () => listener.received().length >= 2);
  const seen = listener.received();
  t.equal(seen.length, 2, 'multicast and unicast both arrived, once each');
  for (const m of seen) {
    t.equal(m.source, pair.localLinkLocal);
    t.equal(m.hopLimit, 255);
    t.equal(m.payload.subarray(4).toString('hex'), advertisement.subarray(4).toString('hex'));
    t.not(m.payload.readUInt16BE(2), 0, 'the kernel filled in the checksum');
  }
});

t.test('the socket belongs to the netns it was opened in', async (t) => {
  const pair = await vethPair(t);
  // a0 exists only in the local netns: opening it from this thread's own netns fails.
  const err = catchError(() => native.openIcmpv6Socket('a0', () => undefined));
  t.match(err, { code: 'ENODEV', errno: 19, syscall: 'if_nametoindex', message: 'failed to open icmpv6 socket on "a0": No such device' });
  const { socket } = openCollecting(t, pair, 'a0');
  t.ok(socket.ifindex > 0);
  t.ok(socket.fd > 2);
});

t.test('close is idempotent; misuse throws errno-carrying errors or TypeErrors', async (t) => {
  const pair = await vethPair(t);
  const { socket } = openCollecting(t, pair, 'a0');
  t.throws(() => socket.send(Buffer.alloc(8), 'not-an-address', 0), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  t.throws(() => socket.send('text' as unknown as Buffer, 'ff02::1', 0), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  const detachedSend = socket.send;
  // V8 checks the receiver of a class method: a detached one cannot reach a socket's (maybe freed) state.
  t.throws(() => detachedSend(Buffer.alloc(8), 'ff02::1', 0), { name: 'TypeError' });
  t.throws(() => pair.local.handle.run(() => native.openIcmpv6Socket('a0', 'x' as never)), { name: 'TypeError' });
  socket.close();
  socket.close();
  t.match(catchError(() => socket.send(Buffer.alloc(8), 'ff02::1', 0)), {
    code: 'EBADF',
    errno: 9,
    syscall: 'sendto',
    message: 'failed to send icmpv6 to "ff02::1" on "a0": the socket is closed: Bad file descriptor',
  });
});

t.test('a handler that throws reaches uncaughtException and the socket keeps receiving', async (t) => {
  const pair = await vethPair(t);
  // tap's own listener would fail the test: stand in for it while this test runs.
  const caught: unknown[] = [];
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (err) => void caught.push(err));
  t.teardown(() => {
    process.removeAllListeners('uncaughtException');
    for (const listener of saved) process.on('uncaughtException', listener);
  });
  let calls = 0;
  const socket = pair.local.handle.run(() =>
    native.openIcmpv6Socket('a0', () => {
      calls++;
      throw new Error(`handler failure ${calls}`);
    }),
  );
  t.teardown(() => socket.close());
  await sendIcmpv6(pair.peer.name, 'b0', 'ff02::2', 255, ROUTER_SOLICITATION);
  await sendIcmpv6(pair.peer.name, 'b0', 'ff02::2', 255, ROUTER_SOLICITATION);
  await waitFor('two handler calls', () => calls >= 2);
  t.equal(calls, 2);
  t.match(caught, [{ message: 'handler failure 1' }, { message: 'handler failure 2' }]);
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, nothing was thrown');
}
