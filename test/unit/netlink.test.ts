// errno and error text recovery in src/drivers/netlink.ts: the addon's errors carry errno, the
// kernel's NLMSG_ERROR carries a negative errno and, with extended acks, its own explanation.
import t from 'tap';
import { constants } from 'node:os';
import type { NetlinkMessage } from 'netlink';
import { describeErrno, errnoOf, withKernelReason } from '../../src/drivers/netlink.js';

const E = constants.errno;

t.test('errnoOf', async (t) => {
  t.equal(errnoOf(Object.assign(new Error('failed to read a netlink reply'), { errno: E.ENOBUFS, code: 'ENOBUFS' })), E.ENOBUFS);
  t.equal(errnoOf(Object.assign(new Error('x'), { errno: -E.EBUSY })), E.EBUSY, 'negative kernel errno');
  t.equal(errnoOf(new Error('Request rejected: EEXIST')), undefined, 'text is never parsed for an errno');
  t.equal(errnoOf('something else'), undefined);
});

t.test('describeErrno', async (t) => {
  t.equal(describeErrno(E.EEXIST), 'EEXIST (file already exists)');
  t.equal(describeErrno(E.EOPNOTSUPP), 'EOPNOTSUPP (operation not supported)', 'the kernel name, not libuv ENOTSUP');
  t.equal(describeErrno(4242), 'errno 4242');
});

/** An NLMSG_ERROR as the kernel builds it (net/netlink/af_netlink.c netlink_ack). */
function errorMessage(opts: { errno: number; capped: boolean; text?: string; requestPayload?: number }): NetlinkMessage {
  const payload = opts.requestPayload ?? 32;
  const echoed = Buffer.alloc(opts.capped ? 16 : 16 + payload);
  echoed.writeUInt32LE(16 + payload, 0); // the request's nlmsg_len
  echoed.writeUInt16LE(16, 4); // RTM_NEWLINK
  const head = Buffer.alloc(4);
  head.writeInt32LE(-opts.errno, 0);
  let tlvs = Buffer.alloc(0);
  if (opts.text !== undefined) {
    const value = Buffer.from(`${opts.text}\0`);
    const attr = Buffer.alloc(4 + value.length + ((4 - (value.length % 4)) % 4));
    attr.writeUInt16LE(4 + value.length, 0);
    attr.writeUInt16LE(1, 2); // NLMSGERR_ATTR_MSG
    value.copy(attr, 4);
    tlvs = attr;
  }
  const flags = (opts.capped ? 0x100 : 0) | (opts.text !== undefined ? 0x200 : 0);
  return { type: 2, flags, seq: 7, port: 0, data: Buffer.concat([head, echoed, tlvs]) };
}

t.test('withKernelReason: the extended ack text, after a capped or a full echo', async (t) => {
  const detail = describeErrno(E.EOPNOTSUPP);
  t.equal(
    withKernelReason(detail, errorMessage({ errno: E.EOPNOTSUPP, capped: true, text: 'Unknown device type' })),
    'EOPNOTSUPP (operation not supported): Unknown device type',
  );
  t.equal(
    withKernelReason(detail, errorMessage({ errno: E.EOPNOTSUPP, capped: false, text: 'Unknown device type', requestPayload: 40 })),
    'EOPNOTSUPP (operation not supported): Unknown device type',
    'the echoed request is skipped by its own length',
  );
  t.equal(withKernelReason(detail, errorMessage({ errno: E.EOPNOTSUPP, capped: true })), detail, 'no TLVs: errno only');
  t.equal(withKernelReason(detail, errorMessage({ errno: E.EOPNOTSUPP, capped: true, text: '' })), detail, 'an empty text adds nothing');
  const truncated = errorMessage({ errno: E.EOPNOTSUPP, capped: true, text: 'Unknown device type' });
  truncated.data.writeUInt16LE(200, 20); // the attribute claims more bytes than there are
  t.equal(withKernelReason(detail, truncated), detail, 'a malformed TLV area falls back to the errno');
});

