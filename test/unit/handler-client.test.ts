// HandlerClient against scripted peers on a Unix socket: each peer answers the lines it reads
// as the test says, including the ways a broken or foreign server can answer. The real
// `handler serve` is the client's peer in test/netns/handler-serve.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { HandlerClient } from '../../src/cli/handler-client.js';
import { VirtnetError } from '../../src/core/errors.js';

/** A server on a fresh socket path; `onLines` gets the peer socket and every complete line it has read so far. */
async function scriptedPeer(t: Test, onLines: (peer: Socket, lines: string[]) => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'vn-client-'));
  const path = join(dir, 'handler.sock');
  const server = createServer((peer) => {
    let text = '';
    peer.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      onLines(peer, text.split('\n').slice(0, -1));
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.teardown(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

const answer = (id: unknown): string => `${JSON.stringify({ id, ok: true, result: { echoed: id } })}\n`;

t.test('pipelined requests each resolve with their own response, also when the answers arrive in one chunk', async (t) => {
  const path = await scriptedPeer(t, (peer, lines) => {
    if (lines.length === 3) peer.write(lines.map((l) => answer((JSON.parse(l) as { id: unknown }).id)).join(''));
  });
  const client = await HandlerClient.connect(path);
  t.teardown(() => client.close());
  const answers = await Promise.all([client.request({ id: 'a' }), client.request({ id: 2 }), client.send('{"id":"c"}')]);
  t.same(answers.map((a) => a.id), ['a', 2, 'c']);
});

t.test('a response that is not JSON fails its own request only', async (t) => {
  const path = await scriptedPeer(t, (peer, lines) => {
    if (lines.length === 1) peer.write('<html>\n');
    if (lines.length === 2) peer.write(answer('second'));
  });
  const client = await HandlerClient.connect(path);
  t.teardown(() => client.close());
  await t.rejects(client.request({ id: 'first' }), { name: 'VirtnetError', message: /failed to read the handler's answer on ".*handler\.sock": a response is not JSON/ });
  t.match(await client.request({ id: 'second' }), { id: 'second', ok: true }, 'the next request is answered');
});

t.test('a response for no request breaks the connection: pending and later requests are rejected', async (t) => {
  const path = await scriptedPeer(t, (peer, lines) => {
    if (lines.length === 1) peer.write(answer('first') + answer('unasked'));
  });
  const client = await HandlerClient.connect(path);
  t.match(await client.request({ id: 'first' }), { id: 'first' }, 'control: the asked-for answer is delivered');
  await client.closed;
  await t.rejects(client.request({ id: 'later' }), { message: /a response came for no request: \{"id":"unasked"/ });
});

t.test('a server that closes without answering rejects what is pending', async (t) => {
  const path = await scriptedPeer(t, (peer) => peer.end());
  const client = await HandlerClient.connect(path);
  await t.rejects(client.request({ id: 1 }), { message: /the handler closed the connection without answering/ });
  await client.closed;
});

t.test('connecting where nothing listens names the socket', async (t) => {
  const path = join(tmpdir(), `vn-no-handler-${process.pid}.sock`);
  const err = await HandlerClient.connect(path).then(() => null, (e: unknown) => e);
  t.ok(err instanceof VirtnetError);
  t.match((err as VirtnetError).message, `failed to connect to the handler at "${path}": connect ENOENT`);
});
