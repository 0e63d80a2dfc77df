// errno recovery in src/drivers/netlink.ts: the `netlink` package reports kernel errors as
// strings, its socket errors as ErrnoException objects, and timeouts as plain Errors.
import t from 'tap';
import { constants } from 'node:os';
import { describeErrno, errnoOf } from '../../src/drivers/netlink.js';

const E = constants.errno;

t.test('errnoOf', async (t) => {
  t.equal(errnoOf(new Error('Request rejected: EEXIST')), E.EEXIST, "the package's checkError message");
  t.equal(errnoOf(new Error('Request rejected: ENODEV')), E.ENODEV);
  t.equal(errnoOf(Object.assign(new Error('Error when receiving Netlink message'), { errno: E.ENOBUFS, code: 'ENOBUFS' })), E.ENOBUFS);
  t.equal(errnoOf(Object.assign(new Error('x'), { errno: -E.EBUSY })), E.EBUSY, 'negative kernel errno');
  t.equal(errnoOf(new Error('Timeout has been reached')), E.ETIMEDOUT);
  t.equal(errnoOf(new Error('Request rejected: EWHATEVER')), undefined);
  t.equal(errnoOf('something else'), undefined);
});

t.test('describeErrno', async (t) => {
  t.equal(describeErrno(E.EEXIST), 'EEXIST (file already exists)');
  t.equal(describeErrno(E.EOPNOTSUPP), 'EOPNOTSUPP (operation not supported)', 'the kernel name, not libuv ENOTSUP');
  t.equal(describeErrno(4242), 'errno 4242');
});
