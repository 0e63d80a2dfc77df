// Seeded Router Solicitations for the fuzz test (RFC 4861 §4.1, §6.1.1), and a batch sender.
//
// A packet is an ICMPv6 message plus the IPv6 fields a router must check: the hop limit (255 or
// the message is not from the link) and the source (the unspecified address may not carry a
// source link-layer address option). The sender writes whole Ethernet frames from an AF_PACKET
// socket (icmpv6-fuzz-sender.py), so every field, the source :: included, is the test's choice;
// frames are built here, checksummed (RFC 4443 §2.3), one Python process for the whole storm.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseIpv6 } from '../../dhcp/v6/codec.js';
import { macToBytes } from '../../src/core/ip.js';
import { appendGarbage, flipBits, lieAboutOptionLength, type PacketGenerator, type Rng, type TlvLayout } from './packet-mutator.js';
import { netnsArgv } from './exec.js';

export const ICMPV6_ROUTER_SOLICITATION = 133;
/** RFC 4861 §4.6.1. */
const SOURCE_LINK_LAYER_ADDRESS = 1;
/** RFC 4861 §6.1.1: valid hop limit of every Neighbor Discovery message. */
const ND_HOP_LIMIT = 255;
/** RFC 4861 §4.1: type, code, checksum, 4 reserved bytes. */
const RS_HEADER = 8;
/**
 * The kernel's raw-socket ICMP6_FILTER reads the first 4 bytes of a message (ICMPV6_HDRLEN in
 * net/ipv6/raw.c, icmpv6_filter) and filters out a message shorter than that.
 */
const FILTER_HEADER = 4;
/** ICMPv6 types that are neither Neighbor Discovery (133–137) nor MLD (130–132, 143) (IANA ICMPv6 parameters). */
const NON_ND_TYPES = [0, 1, 2, 3, 4, 100, 101, 127, 128, 129, 138, 139, 140, 200, 201, 255];
const ND_OPTIONS_LAYOUT: TlvLayout = { start: RS_HEADER, codeBytes: 1, lengthBytes: 1, lengthUnit: 8 };
/** Largest message that fits a 1500-byte link in one frame: no fragments, so the kernel sees it whole. */
const MAX_MESSAGE = 1500 - 40;

/** Who the solicitation claims to come from. */
export type RsSource = 'vm' | 'unspecified' | 'foreign';

export interface RsFuzzPacket {
  /** The ICMPv6 message (checksum filled in when framed). */
  icmp: Buffer;
  hopLimit: number;
  source: RsSource;
}

/**
 * Whether the advertiser's socket receives `packet`: the kernel passes it on only when it is a
 * Router Solicitation by its type byte (the socket's ICMP6_FILTER), whatever else is wrong with it.
 */
export function reachesRsSocket(packet: RsFuzzPacket): boolean {
  return packet.icmp.length >= FILTER_HEADER && packet.icmp[0] === ICMPV6_ROUTER_SOLICITATION;
}

const rsHeader = (code = 0): Buffer => Buffer.from([ICMPV6_ROUTER_SOLICITATION, code, 0, 0, 0, 0, 0, 0]);
const macBytes = (mac: string): Buffer => Buffer.from(macToBytes(mac));

/** Options a host may add: its link-layer address, and ones a router must skip (§4.1: unknown types). */
function options(rng: Rng, vmMac: string, withLinkLayer: boolean): Buffer {
  const parts: Buffer[] = [];
  if (withLinkLayer) parts.push(Buffer.concat([Buffer.from([SOURCE_LINK_LAYER_ADDRESS, 1]), macBytes(vmMac)]));
  for (let n = rng.chance(0.3) ? rng.int(1, 3) : 0; n > 0; n--) {
    const units = rng.int(1, 4);
    parts.push(Buffer.concat([Buffer.from([rng.int(2, 255), units]), rng.bytes(units * 8 - 2)]));
  }
  return Buffer.concat(parts);
}

const valid = (rng: Rng, vmMac: string): Buffer => Buffer.concat([rsHeader(), options(rng, vmMac, rng.chance(0.6))]);
const fromVm = (icmp: Buffer, hopLimit = ND_HOP_LIMIT): RsFuzzPacket => ({ icmp, hopLimit, source: 'vm' });

/** The Router Solicitation mix, for a VM whose MAC is `vmMac`. */
export function routerSolicitationGenerators(vmMac: string): PacketGenerator<RsFuzzPacket>[] {
  return [
    { name: 'valid', weight: 6, make: (rng) => fromVm(valid(rng, vmMac)) },
    // §6.1.1 lets a host with no address yet solicit from ::, without its link-layer address.
    { name: 'valid-from-unspecified', weight: 3, make: (rng) => ({ icmp: Buffer.concat([rsHeader(), options(rng, vmMac, false)]), hopLimit: ND_HOP_LIMIT, source: 'unspecified' }) },
    { name: 'valid-from-foreign', weight: 2, make: (rng) => ({ icmp: valid(rng, vmMac), hopLimit: ND_HOP_LIMIT, source: 'foreign' }) },
    { name: 'link-layer-from-unspecified', weight: 6, make: (rng) => ({ icmp: Buffer.concat([rsHeader(), options(rng, vmMac, true)]), hopLimit: ND_HOP_LIMIT, source: 'unspecified' }) },
    { name: 'hop-limit', weight: 10, make: (rng) => fromVm(valid(rng, vmMac), rng.pick([0, 1, 2, 64, 128, 254, rng.int(0, 254)])) },
    { name: 'bad-code', weight: 8, make: (rng) => fromVm(Buffer.concat([rsHeader(rng.int(1, 255)), options(rng, vmMac, rng.chance(0.5))])) },
    { name: 'short', weight: 8, make: (rng) => fromVm(rsHeader().subarray(0, rng.int(0, RS_HEADER - 1))) },
    { name: 'option-length-lie', weight: 14, make: (rng) => fromVm(lieAboutOptionLength(rng, Buffer.concat([rsHeader(), options(rng, vmMac, true)]), ND_OPTIONS_LAYOUT)) },
    { name: 'truncated-option', weight: 6, make: (rng) => fromVm(Buffer.concat([rsHeader(), options(rng, vmMac, true)]).subarray(0, RS_HEADER + rng.int(1, 7))) },
    { name: 'bit-flips', weight: 12, make: (rng) => fromVm(flipBits(rng, valid(rng, vmMac))) },
    { name: 'trailing-garbage', weight: 6, make: (rng) => fromVm(appendGarbage(rng, valid(rng, vmMac)).subarray(0, MAX_MESSAGE)) },
    { name: 'random-body', weight: 6, make: (rng) => fromVm(Buffer.concat([rsHeader(), rng.bytes(rng.int(1, 200))])) },
    {
      name: 'many-options',
      weight: 3,
      make: (rng) => {
        const parts = [rsHeader()];
        for (let size = RS_HEADER; size + 16 <= rng.int(200, MAX_MESSAGE); size += 16) parts.push(Buffer.concat([Buffer.from([rng.int(1, 255), 2]), rng.bytes(14)]));
        return fromVm(Buffer.concat(parts));
      },
    },
    // Not solicitations: the kernel's ICMP6_FILTER keeps them from the socket (a control on the
    // count). Errors, echo, node information, unassigned: types the pod kernel itself answers or
    // ignores; no ND or MLD type, which would change the bridge's own state.
    { name: 'other-icmpv6-type', weight: 10, make: (rng) => fromVm(Buffer.concat([Buffer.from([rng.pick(NON_ND_TYPES), rng.int(0, 255), 0, 0]), rng.bytes(rng.int(0, 40))])) },
  ];
}

/** The addresses and MACs a frame is built from. */
export interface RsFrameAddresses {
  vmMac: string;
  /** The VM's link-local address. */
  vmAddress: string;
  foreignMac: string;
  foreignAddress: string;
}

/** RFC 4291 §2.7.2: all-routers, where solicitations go (RFC 4861 §6.3.7). */
const ALL_ROUTERS = 'ff02::2';
/** RFC 2464 §7: the Ethernet address of an IPv6 multicast group. */
const ALL_ROUTERS_MAC = '33:33:00:00:00:02';
const ETHERTYPE_IPV6 = 0x86dd;
const NEXT_HEADER_ICMPV6 = 58;

function ipv6Bytes(address: string): Buffer {
  const bytes = parseIpv6(address);
  if (bytes === null) throw new Error(`failed to frame a solicitation: "${address}" is not an ipv6 address`);
  return bytes;
}

/** The Ethernet frame that carries `packet` to ff02::2, with its ICMPv6 checksum (RFC 4443 §2.3, RFC 8200 §8.1). */
export function formatRsFrame(packet: RsFuzzPacket, addresses: RsFrameAddresses): Buffer {
  const source = { vm: addresses.vmAddress, unspecified: '::', foreign: addresses.foreignAddress }[packet.source];
  const srcMac = packet.source === 'foreign' ? addresses.foreignMac : addresses.vmMac;
  const icmp = Buffer.from(packet.icmp);
  const ip = Buffer.alloc(40);
  ip.writeUInt32BE(0x6000_0000, 0);
  ip.writeUInt16BE(icmp.length, 4);
  ip[6] = NEXT_HEADER_ICMPV6;
  ip[7] = packet.hopLimit;
  ipv6Bytes(source).copy(ip, 8);
  ipv6Bytes(ALL_ROUTERS).copy(ip, 24);
  if (icmp.length >= 4) {
    icmp.writeUInt16BE(0, 2);
    const pseudo = Buffer.alloc(40);
    ip.copy(pseudo, 0, 8, 40);
    pseudo.writeUInt32BE(icmp.length, 32);
    pseudo[39] = NEXT_HEADER_ICMPV6;
    icmp.writeUInt16BE(internetChecksum(Buffer.concat([pseudo, icmp])), 2);
  }
  const ethernet = Buffer.concat([macBytes(ALL_ROUTERS_MAC), macBytes(srcMac), Buffer.from([ETHERTYPE_IPV6 >> 8, ETHERTYPE_IPV6 & 0xff])]);
  return Buffer.concat([ethernet, ip, icmp]);
}

/** RFC 1071: the ones' complement of the ones' complement sum of 16-bit words. */
function internetChecksum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const SCRIPT = fileURLToPath(new URL('./icmpv6-fuzz-sender.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** One sender process in a netns: frames go out of `iface` in the order given. */
export class FrameSender {
  readonly #child: ChildProcess;
  #output = '';
  readonly #exited: Promise<number | null>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-4096);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  /** Starts the sender; resolves once its socket is open. */
  static async start(netns: string, iface: string): Promise<FrameSender> {
    const sender = new FrameSender(spawn('ip', netnsArgv(netns, PYTHON, [SCRIPT, iface]), { stdio: ['pipe', 'pipe', 'pipe'] }));
    const deadline = Date.now() + 10_000;
    while (!/^ready$/m.test(sender.#output)) {
      if (sender.#child.exitCode !== null || Date.now() > deadline) {
        sender.kill();
        throw new Error(`failed to start the icmpv6 fuzz sender in "${netns}": ${sender.#output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return sender;
  }

  /** Queues one frame (written to the sender's stdin; the pipe keeps the order). */
  send(frame: Buffer): void {
    this.#child.stdin!.write(`${frame.toString('hex')}\n`);
  }

  /** Ends the input and resolves with the number of frames the sender sent. */
  async finish(): Promise<number> {
    this.#child.stdin!.end();
    const code = await this.#exited;
    const sent = /^sent (\d+)$/m.exec(this.#output);
    if (code !== 0 || sent === null) throw new Error(`failed to send the icmpv6 fuzz frames (exit code ${code}): ${this.#output.trim()}`);
    return Number(sent[1]);
  }

  /** Stops the sender at once; for teardown. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }
}
