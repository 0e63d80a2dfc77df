// A raw ICMPv6 peer inside a test netns (test/helpers/icmpv6-peer.py): send one message with a
// chosen hop limit, or record every message of one type that arrives on an interface.
import { fileURLToPath } from 'node:url';
import { BackgroundProcess, netnsArgv, runInNetns } from './exec.js';

const SCRIPT = fileURLToPath(new URL('./icmpv6-peer.py', import.meta.url));
// Debian's interpreter, not whatever a PATH in the test environment finds first.
const PYTHON = '/usr/bin/python3';

export interface ReceivedIcmpv6 {
  source: string;
  hopLimit: number;
  payload: Buffer;
}

/** Send one ICMPv6 message out of `iface` in netns `netns` with IPv6 hop limit `hops`. */
export async function sendIcmpv6(netns: string, iface: string, destination: string, hops: number, payload: Buffer): Promise<void> {
  await runInNetns(netns, PYTHON, [SCRIPT, 'send', '--iface', iface, '--dst', destination, '--hops', String(hops), '--hex', payload.toString('hex')]);
}

export interface Icmpv6Listener {
  /** Everything received until now. */
  received(): ReceivedIcmpv6[];
  stop(): Promise<void>;
}

/** Record ICMPv6 messages of `type` arriving on `iface` for at most `seconds`; resolves once listening. */
export async function listenIcmpv6(netns: string, iface: string, type: number, seconds: number): Promise<Icmpv6Listener> {
  const proc = new BackgroundProcess('ip', netnsArgv(netns, PYTHON, [SCRIPT, 'listen', '--iface', iface, '--type', String(type), '--seconds', String(seconds)]));
  const received = (): ReceivedIcmpv6[] =>
    proc
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        const m = JSON.parse(line) as { source: string; hopLimit: number; hex: string };
        return { source: m.source, hopLimit: m.hopLimit, payload: Buffer.from(m.hex, 'hex') };
      });
  try {
    await proc.waitForOutput(/^ready$/m);
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
  return {
    received,
    stop: async () => {
      await proc.stop('SIGKILL');
    },
  };
}
