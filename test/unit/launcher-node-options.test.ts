import t from 'tap';
import { LAUNCHER_NODE_OPTIONS, launcherReexecArgv } from '../../src/cli/launcher-node-options.js';

const argv = ['/usr/bin/node', '/opt/virtnet/dist/src/cli/main.js', 'launcher', 'run', '--vmi', 'vmi.json'];

t.test('node runs again with the launcher options, before its own options and the script', async (t) => {
  t.same(launcherReexecArgv({ argv0: 'node', execArgv: ['--enable-source-maps'], argv, nodeOptions: undefined }), [
    'node',
    ...LAUNCHER_NODE_OPTIONS,
    '--enable-source-maps',
    '/opt/virtnet/dist/src/cli/main.js',
    'launcher',
    'run',
    '--vmi',
    'vmi.json',
  ]);
});

t.test('no restart when a semi-space limit is already given, so the second run does not restart again', async (t) => {
  t.equal(launcherReexecArgv({ argv0: 'node', execArgv: [...LAUNCHER_NODE_OPTIONS], argv, nodeOptions: undefined }), null);
  t.equal(launcherReexecArgv({ argv0: 'node', execArgv: [], argv, nodeOptions: '--max-semi-space-size=4 --trace-warnings' }), null);
});
