// The native small-file calls (native/virtnet.c, "Small files") against the real file system:
// what a reader finds, and that a replace is all or nothing.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { native } from '../../native/index.js';

async function scratchDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vn-smallfiles-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('readFile reports a file, a missing one, a FIFO, and one over the limit', async (t) => {
  const dir = await scratchDir(t);
  const file = join(dir, 'record.json');
  await writeFile(file, 'héllo\n');
  const read = native.readFile(file, 64, true);
  t.equal(read.kind, 'file');
  t.equal(read.kind === 'file' ? read.data.toString('utf8') : null, 'héllo\n', 'the bytes, UTF-8 intact');

  t.same(native.readFile(join(dir, 'absent'), 64, true), { kind: 'missing' });
  t.same(native.readFile(file, 3, true), { kind: 'too-large', size: 7 }, 'st_size over the limit');
  t.equal(native.readFile(file, 7, true).kind, 'file', 'exactly the limit is accepted');

  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  t.same(native.readFile(fifo, 64, true), { kind: 'not-regular' }, 'a FIFO is reported without blocking on it');
  t.same(native.readFile(dir, 64, true).kind, 'not-regular', 'so is a directory');
});

t.test('readFile reads /proc files, whose st_size is 0, and bounds them by what it read', async (t) => {
  const read = native.readFile('/proc/self/status', 1 << 20, false);
  t.equal(read.kind, 'file');
  t.match(read.kind === 'file' ? read.data.toString() : '', /^Name:/, 'the content, though stat says 0 bytes');
  const small = native.readFile('/proc/self/status', 10, false);
  t.same(small, { kind: 'too-large', size: 11 }, 'one byte past the limit is enough to refuse it');
});

t.test('readFile with noFollow refuses a symbolic link; without it, follows', async (t) => {
  const dir = await scratchDir(t);
  await writeFile(join(dir, 'target'), 'x');
  await symlink(join(dir, 'target'), join(dir, 'link'));
  t.throws(() => native.readFile(join(dir, 'link'), 64, true), { code: 'ELOOP', syscall: 'open', message: /link/ });
  t.equal(native.readFile(join(dir, 'link'), 64, false).kind, 'file', 'negative control: the link itself is readable');
  t.throws(() => native.readFile(join(dir, 'target', 'below'), 64, true), { code: 'ENOTDIR' });
  t.throws(() => native.readFile(join(dir, 'target'), -1, true), TypeError);
});

t.test('writeFile writes an existing file and refuses to create one', async (t) => {
  const dir = await scratchDir(t);
  const file = join(dir, 'value');
  await writeFile(file, 'old and longer');
  native.writeFile(file, '1');
  t.equal(await readFile(file, 'utf8'), '1', 'truncated and written');
  t.throws(() => native.writeFile(join(dir, 'absent'), '1'), { code: 'ENOENT', syscall: 'open' });
  await t.rejects(stat(join(dir, 'absent')), { code: 'ENOENT' }, 'nothing was created');
});

t.test('replaceFile replaces atomically with the exact mode, leaving no temp file', async (t) => {
  const dir = await scratchDir(t);
  const uid = process.geteuid!();
  const gid = process.getegid!();
  const umask = process.umask(0o077);
  t.teardown(() => void process.umask(umask));
  native.replaceFile(dir, 'rec.json', '{"v":1}\n', 0o644, uid, gid);
  native.replaceFile(dir, 'rec.json', '{"v":2}\n', 0o644, uid, gid);
  t.equal(await readFile(join(dir, 'rec.json'), 'utf8'), '{"v":2}\n');
  t.equal((await stat(join(dir, 'rec.json'))).mode & 0o777, 0o644, '0644 despite umask 077');
  t.same(await readdir(dir), ['rec.json'], 'no temp file left');
});

t.test('replaceFile failures change nothing and remove their temp file', async (t) => {
  const dir = await scratchDir(t);
  const uid = process.geteuid!();
  const gid = process.getegid!();
  await writeFile(join(dir, 'rec.json'), 'old');

  // The rename fails (a directory is in the way) after the temp file was written and synced.
  await mkdir(join(dir, 'taken'));
  t.throws(() => native.replaceFile(dir, 'taken', 'new', 0o644, uid, gid), { syscall: 'renameat', code: 'EISDIR', message: /taken/ });
  t.same((await readdir(dir)).sort(), ['rec.json', 'taken'], 'the temp file is gone');

  await symlink(dir, join(dir, 'linked'));
  // O_DIRECTORY | O_NOFOLLOW on a symlink: Linux answers ENOTDIR.
  t.throws(() => native.replaceFile(join(dir, 'linked'), 'rec.json', 'new', 0o644, uid, gid), { code: 'ENOTDIR' }, 'a symlinked directory is refused');
  t.throws(() => native.replaceFile(join(dir, 'absent'), 'rec.json', 'new', 0o644, uid, gid), { code: 'ENOENT' });
  for (const name of ['', '.', '..', 'a/b']) {
    t.throws(() => native.replaceFile(dir, name, 'new', 0o644, uid, gid), TypeError, JSON.stringify(name));
  }
  t.equal(await readFile(join(dir, 'rec.json'), 'utf8'), 'old', 'the old file is untouched by every failure');
});

t.test('replaceFile gives the file away only when asked, and fails without the right to', async (t) => {
  t.equal(process.geteuid!(), 0, 'this test runs as root, as the handler does');
  const dir = await scratchDir(t);
  await chmod(dir, 0o777);
  native.replaceFile(dir, 'rec.json', 'x', 0o644, 107, 107);
  const st = await stat(join(dir, 'rec.json'));
  t.same([st.uid, st.gid], [107, 107], 'root hands the file to the given owner');
  // An unprivileged writer (as the launcher is) cannot give a file away: fchown fails, nothing is left.
  // The addon itself, loaded by a plain node: the test runner's loaders are not for nobody.
  const addon = fileURLToPath(new URL('../../native/build/Release/virtnet.node', import.meta.url));
  const script = `const native = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(addon)});
    try { native.replaceFile(${JSON.stringify(dir)}, 'other.json', 'x', 0o644, 0, 0); console.log('replaced'); }
    catch (err) { console.log(err.syscall, err.code); }`;
  // `env -i`: the runner's process hooks, passed down in the environment, would want to write as nobody.
  const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'env', '-i', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  t.equal(out.trim(), 'fchown EPERM', 'nobody cannot hand a file to root');
  t.same(await readdir(dir), ['rec.json'], 'and its temp file is removed');
});

t.test('makeDirectory makes one level with the exact mode, and reports one that exists', async (t) => {
  const dir = await scratchDir(t);
  const umask = process.umask(0o077);
  t.teardown(() => void process.umask(umask));
  t.equal(native.makeDirectory(dir, 'virtnet', 0o755), true);
  t.equal((await stat(join(dir, 'virtnet'))).mode & 0o7777, 0o755, '0755 despite umask 077');
  t.equal(native.makeDirectory(dir, 'virtnet', 0o755), false, 'a second call finds it');
  await writeFile(join(dir, 'file'), '');
  t.equal(native.makeDirectory(dir, 'file', 0o755), false, 'whatever holds the name: the caller checks what it is');
  t.ok((await stat(join(dir, 'file'))).isFile(), 'and it is left alone');

  await symlink(dir, join(dir, 'linked'));
  t.throws(() => native.makeDirectory(join(dir, 'linked'), 'x', 0o755), { code: 'ENOTDIR' }, 'a symlinked parent is refused');
  t.throws(() => native.makeDirectory(join(dir, 'absent'), 'x', 0o755), { code: 'ENOENT', syscall: 'open' });
  for (const name of ['', '.', '..', 'a/b']) t.throws(() => native.makeDirectory(dir, name, 0o755), TypeError, JSON.stringify(name));
  t.same((await readdir(dir)).sort(), ['file', 'linked', 'virtnet'], 'no failure made anything');
});
