// The handler socket's framing: lines may arrive split across chunks or several in one chunk,
// a line longer than the limit stops the splitter (the server answers and closes), and a last
// line without a newline is still a line at the end of the stream.
import t from 'tap';
import { LineSplitter, type Frame } from '../../src/core/line-splitter.js';

const lines = (frames: Frame[]): string[] => frames.map((f) => (f.kind === 'line' ? f.text : `<${f.kind}>`));

t.test('a line split across chunks, and several lines in one chunk', async (t) => {
  const s = new LineSplitter(1024);
  t.same(lines(s.push(Buffer.from('{"op":'))), [], 'nothing before the newline');
  t.same(lines(s.push(Buffer.from('"setup"}\n{"a":1}\n{"b"'))), ['{"op":"setup"}', '{"a":1}']);
  t.same(lines(s.push(Buffer.from(':2}\n'))), ['{"b":2}']);
  t.same(lines(s.end()), [], 'nothing left at the end');
});

t.test('a multi-byte character split between chunks is decoded whole', async (t) => {
  const s = new LineSplitter(1024);
  const bytes = Buffer.from('"grüße"\n');
  const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ü"
  t.same(lines([...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))]), ['"grüße"']);
});

t.test('blank lines are skipped and a CR before the newline is dropped', async (t) => {
  const s = new LineSplitter(1024);
  t.same(lines(s.push(Buffer.from('\n  \r\n{"x":1}\r\n\n'))), ['{"x":1}']);
});

t.test('the partial last line is a line at the end of the stream', async (t) => {
  const s = new LineSplitter(1024);
  t.same(lines(s.push(Buffer.from('{"a":1}\n{"b":2}'))), ['{"a":1}']);
  t.same(lines(s.end()), ['{"b":2}']);
  t.same(lines(s.push(Buffer.from('{"c":3}\n'))), [], 'nothing is framed after the end');
});

t.test('the limit counts bytes without the newline', async (t) => {
  const exact = new LineSplitter(8);
  t.same(lines(exact.push(Buffer.from('12345678\n'))), ['12345678'], 'a line of exactly the limit passes');
  t.notOk(exact.stopped, 'control: the splitter still runs');

  const over = new LineSplitter(8);
  t.same(lines(over.push(Buffer.from('abc\n123456789\nnext\n'))), ['abc', '<overlong>'], 'one byte more is refused; the lines before it are kept');
  t.ok(over.stopped);
  t.same(lines(over.push(Buffer.from('more\n'))), [], 'nothing after an overlong line');
  t.same(lines(over.end()), []);
});

t.test('an overlong line is refused before its newline arrives, also across chunks', async (t) => {
  const s = new LineSplitter(8);
  t.same(lines(s.push(Buffer.from('12345'))), []);
  const frames = s.push(Buffer.from('6789'));
  t.same(frames, [{ kind: 'overlong', maxLineBytes: 8 }], 'refused at the 9th byte, with no newline in sight');

  const control = new LineSplitter(8);
  t.same(lines([...control.push(Buffer.from('12345')), ...control.push(Buffer.from('678')), ...control.push(Buffer.from('\n'))]), ['12345678'], 'control: 8 bytes over three chunks pass');
});

t.test('the chunk the caller hands in may be reused afterwards', async (t) => {
  const s = new LineSplitter(64);
  const chunk = Buffer.from('{"keep":1}');
  s.push(chunk);
  chunk.fill(0x78);
  t.same(lines(s.push(Buffer.from('\n'))), ['{"keep":1}']);
});

t.test('a limit must be a positive integer', async (t) => {
  t.throws(() => new LineSplitter(0), RangeError);
  t.throws(() => new LineSplitter(1.5), RangeError);
});
