// Turns the TAP that `tap --reporter=tap` printed into the closing line CI reads:
// "N passed, N failed" (", N skipped" when any were skipped or todo).
//
// Counts test points at every depth with tap's own parser (tap-parser, which tap itself uses):
// each assertion is one point, as in tap's "# { total, pass }" summary. A subtest's own point
// ("ok 3 - some subtest") counts only when its children do not account for it: a subtest or
// test file that failed with no failing point inside (a crash, a timeout, a missing plan) is
// one failure, and a subtest with no points inside counts as one point.
//
// Usage: node .ci/summarize.mjs TAP_OUTPUT_FILE TAP_EXIT_CODE
// Exits 1 when any point failed, tap exited non-zero, the stream was not ok, or nothing ran.
import { readFileSync } from 'node:fs';
import { Parser } from 'tap-parser';

const [file, tapExitText] = process.argv.slice(2);
if (!file || tapExitText === undefined) {
  console.error('usage: node .ci/summarize.mjs TAP_OUTPUT_FILE TAP_EXIT_CODE');
  process.exit(2);
}
const tapExit = Number(tapExitText);

const counts = { passed: 0, failed: 0, skipped: 0 };
const failedNames = [];
let bailout = null;

const pointsSoFar = () => counts.passed + counts.failed + counts.skipped;

function countPoint(point, path) {
  if (point.todo || point.skip) counts.skipped++;
  else if (point.ok) counts.passed++;
  else {
    counts.failed++;
    failedNames.push([...path, point.name].join(' > '));
  }
}

/** Counts the points of `parser` and, recursively, of its subtests. */
function watch(parser, path) {
  // A subtest's lines come before its own point: remember where its children's counts began.
  let child = null;
  parser.on('child', (sub) => {
    child = { pointsBefore: pointsSoFar(), failedBefore: counts.failed };
    watch(sub, [...path, sub.name]);
  });
  parser.on('assert', (point) => {
    const sub = child;
    child = null;
    if (sub === null || pointsSoFar() === sub.pointsBefore) countPoint(point, path);
    else if (!point.ok && !point.todo && !point.skip && counts.failed === sub.failedBefore) {
      counts.failed++;
      failedNames.push([...path, `${point.name} (failed outside its assertions)`].join(' > '));
    }
  });
  parser.on('bailout', (reason) => {
    bailout ??= reason || 'bail out';
  });
}

const root = new Parser();
watch(root, []);
let streamOk = false;
root.on('complete', (results) => {
  streamOk = results.ok;
});
root.end(readFileSync(file, 'utf8'));

for (const name of failedNames) console.log(`failed: ${name}`);
const problems = [];
if (bailout !== null) problems.push(`tap bailed out: ${bailout}`);
if (tapExit !== 0) problems.push(`tap exited with code ${tapExit}`);
if (!streamOk) problems.push('the TAP stream did not end ok');
if (pointsSoFar() === 0) problems.push('no test point ran');
for (const problem of problems) console.log(`note: ${problem}`);

const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exit(counts.failed > 0 || problems.length > 0 ? 1 : 0);
