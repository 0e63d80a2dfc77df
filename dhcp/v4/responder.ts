/**
 * The DHCPv4 server's decisions, as pure functions: one request (or datagram)
 * in, one reply with its destination, a noted RELEASE/DECLINE, or a drop with
 * a reason code out.
 *
 * Theory of operation. virtnet serves one static lease per server: the VM's
 * address. That makes RFC 2131 §4.3 simple to follow exactly, where KubeVirt
 * (krolaw/dhcp4) ACKs every REQUEST and never NAKs (kubevirt#13601):
 * - DISCOVER → OFFER of the VM address.
 * - REQUEST in SELECTING (server id present): another server's id → silence;
 *   requested address not the VM's → NAK; else ACK.
 *   INIT-REBOOT (no server id, requested address, ciaddr 0): wrong address → NAK
 *   (the guest kept an old address across a pod IP change), right → ACK.
 *   RENEWING/REBINDING (ciaddr set): ciaddr not the VM's → NAK, else ACK to ciaddr.
 * - DECLINE, RELEASE: no reply (there is no pool to return the address to);
 *   reported so the edge can count and log them.
 * - INFORM → ACK with configuration but no lease and no yiaddr (§4.3.5).
 * - With `clientMac` set (bridge binding), every other chaddr is ignored.
 * Replies carry 53 and 54 first, the lease options, then the configuration
 * options in the order of the client's parameter request list (55) — every
 * option is sent even when not requested, as KubeVirt does — then the echoed
 * client identifier (RFC 6842) and relay agent information (RFC 3046 §2.2).
 * A reply larger than the client can take (option 57, RFC 2132 §9.10; 576
 * without it, RFC 2131 §2) loses configuration options in `DROP_ORDER`.
 */

import { ValidationError } from '../../src/core/errors.js';
import { tryParseMac } from '../../src/core/ip.js';
import type { DhcpV4ServerConfig } from './config.js';
import {
  BOOTREPLY,
  BOOTREQUEST,
  BROADCAST_ADDRESS,
  BROADCAST_FLAG,
  DHCP_CLIENT_PORT,
  DHCP_SERVER_PORT,
  DhcpMessageType,
  DhcpOptionCode,
  DhcpV4DecodeError,
  type DhcpV4DecodeReason,
  type DhcpV4Option,
  type DhcpV4Packet,
  ZERO_ADDRESS,
  chaddrToMac,
  findOption,
  formatIpv4,
  formattedLength,
  parseDhcpV4Packet,
  parseIpv4,
} from './codec.js';
import { PRIVATE_OPTION_MAX, PRIVATE_OPTION_MIN, computeConfigOptions, computeLeaseOptions } from './options.js';

export type DhcpV4DropReason =
  | DhcpV4DecodeReason
  /** op is not BOOTREQUEST. */
  | 'not-a-request'
  | 'missing-message-type'
  /** Option 53 is not exactly one byte. */
  | 'invalid-message-type'
  /** A server-to-client type (OFFER, ACK, NAK) or a type this server does not handle. */
  | 'unexpected-message-type'
  /** `clientMac` is set and chaddr is another MAC. */
  | 'foreign-client'
  /** The message names another server in option 54 (the client chose that one). */
  | 'other-server'
  /** A REQUEST with neither server id, requested address nor ciaddr (RFC 2131 §4.3.2 matches no state). */
  | 'invalid-request'
  /** Even without configuration options the reply exceeds the client's maximum message size. */
  | 'reply-too-large';

export interface DhcpV4Destination {
  address: string;
  port: number;
}

export type DhcpV4ReplyOutcome = 'offered' | 'acked' | 'naked' | 'informed';

export type DhcpV4Decision =
  | {
      action: 'reply';
      outcome: DhcpV4ReplyOutcome;
      reply: DhcpV4Packet;
      destination: DhcpV4Destination;
      /** Configuration options left out to respect the client's maximum message size. */
      omittedOptions: number[];
      detail: string;
    }
  | { action: 'note'; outcome: 'released' | 'declined'; detail: string }
  | { action: 'drop'; reason: DhcpV4DropReason; detail: string };

/**
 * Configuration options dropped first when a reply is too large: private and
 * boot/time options go before the name options, then the ones a guest needs
 * to reach anything (MTU, DNS, routes, router, mask) last. Options the client
 * did not list in option 55 always go before those it did.
 */
const DROP_ORDER: readonly number[] = [
  ...Array.from({ length: PRIVATE_OPTION_MAX - PRIVATE_OPTION_MIN + 1 }, (_, i) => PRIVATE_OPTION_MAX - i),
  DhcpOptionCode.NTP_SERVERS,
  DhcpOptionCode.TFTP_SERVER_NAME,
  DhcpOptionCode.BOOTFILE_NAME,
  DhcpOptionCode.HOSTNAME,
  DhcpOptionCode.DOMAIN_NAME,
  DhcpOptionCode.DOMAIN_SEARCH,
  DhcpOptionCode.INTERFACE_MTU,
  DhcpOptionCode.DNS_SERVERS,
  DhcpOptionCode.CLASSLESS_STATIC_ROUTES,
  DhcpOptionCode.ROUTER,
  DhcpOptionCode.SUBNET_MASK,
];

/** RFC 2131 §2 / RFC 2132 §9.10: every client takes a 576-byte IP datagram. */
const MIN_MAX_MESSAGE_SIZE = 576;
/** IPv4 (20) + UDP (8) headers, which option 57's size includes. */
const IP_UDP_OVERHEAD = 28;

interface PreparedConfig {
  address: string;
  serverId: string;
  serverIdBytes: Buffer;
  /** Lower-case, colon-separated, or null for any client. */
  clientMac: string | null;
  mtu: number;
  leaseOptions: DhcpV4Option[];
  configOptions: DhcpV4Option[];
}

/** Check a server config once, up front; throws ValidationError with the path of the first problem. */
export function validateDhcpV4ServerConfig(config: DhcpV4ServerConfig): void {
  prepare(config);
}

function prepare(config: DhcpV4ServerConfig): PreparedConfig {
  if (config.ipamDisabled) {
    throw new ValidationError('/ipamDisabled', `refuse to serve dhcp on "${config.bridgeName}": the pod interface has no ipv4 address (ipam disabled)`);
  }
  if (config.address === undefined || parseIpv4(config.address) === null) {
    throw new ValidationError('/address', `failed to parse vm address ${JSON.stringify(config.address)} as an ipv4 address`);
  }
  const serverIdBytes = parseIpv4(config.serverId);
  if (serverIdBytes === null) {
    throw new ValidationError('/serverId', `failed to parse server id "${config.serverId}" as an ipv4 address`);
  }
  return {
    address: config.address,
    serverId: config.serverId,
    serverIdBytes,
    clientMac: config.clientMac === null ? null : normalizeMac(config.clientMac),
    mtu: config.mtu,
    leaseOptions: computeLeaseOptions(config),
    configOptions: computeConfigOptions(config),
  };
}

/** `AA-BB-…` or `aa:bb:…` (KubeVirt accepts both, via net.ParseMAC) → `aa:bb:…`. */
function normalizeMac(mac: string): string {
  const normalized = tryParseMac(mac);
  if (normalized === null) throw new ValidationError('/clientMac', `failed to parse client mac "${mac}"`);
  return normalized;
}

/** Decode a datagram and decide; decode failures become drops with the decoder's reason. */
export function respondToDatagram(config: DhcpV4ServerConfig, bytes: Uint8Array): DhcpV4Decision {
  let request: DhcpV4Packet;
  try {
    request = parseDhcpV4Packet(bytes);
  } catch (err) {
    if (err instanceof DhcpV4DecodeError) return drop(err.reason, err.message);
    throw err;
  }
  return respond(config, request);
}

/** Decide what to do with one decoded request (RFC 2131 §4.3). */
export function respond(config: DhcpV4ServerConfig, request: DhcpV4Packet): DhcpV4Decision {
  const prepared = prepare(config);
  if (request.op !== BOOTREQUEST) return drop('not-a-request', `op is ${request.op}, not BOOTREQUEST (1)`);
  const typeOption = findOption(request, DhcpOptionCode.MESSAGE_TYPE);
  if (typeOption === undefined) return drop('missing-message-type', 'option 53 is missing');
  if (typeOption.length !== 1) return drop('invalid-message-type', `option 53 has ${typeOption.length} bytes, expected 1`);
  const clientMac = chaddrToMac(request);
  if (prepared.clientMac !== null && (request.htype !== 1 || request.hlen !== 6 || clientMac !== prepared.clientMac)) {
    return drop('foreign-client', `chaddr ${clientMac || '(empty)'} (htype ${request.htype}) is not the vm's ${prepared.clientMac}`);
  }

  const serverId = findOption(request, DhcpOptionCode.SERVER_ID);
  const forOtherServer = serverId !== undefined && !serverId.equals(prepared.serverIdBytes);
  const requestedIp = ipv4Option(request, DhcpOptionCode.REQUESTED_IP);
  const type = typeOption[0]!;
  switch (type) {
    case DhcpMessageType.DISCOVER:
      return reply(prepared, request, 'offered', `offer ${prepared.address} to ${clientMac}`);
    case DhcpMessageType.REQUEST:
      return decideRequest(prepared, request, clientMac, serverId, forOtherServer, requestedIp);
    case DhcpMessageType.DECLINE:
      if (forOtherServer) return drop('other-server', `decline for server ${formatIpv4(serverId!)}`);
      return { action: 'note', outcome: 'declined', detail: `client ${clientMac} declined ${requestedIp ?? prepared.address}: the address is in use elsewhere on the link` };
    case DhcpMessageType.RELEASE:
      if (forOtherServer) return drop('other-server', `release for server ${formatIpv4(serverId!)}`);
      return { action: 'note', outcome: 'released', detail: `client ${clientMac} released ${request.ciaddr}` };
    case DhcpMessageType.INFORM:
      return reply(prepared, request, 'informed', `inform from ${request.ciaddr} (${clientMac})`);
    default:
      return drop('unexpected-message-type', `message type ${type} is not handled by a server`);
  }
}

/** RFC 2131 §4.3.2: tell the client's state from which fields are set, then check its address. */
function decideRequest(
  prepared: PreparedConfig,
  request: DhcpV4Packet,
  clientMac: string,
  serverId: Buffer | undefined,
  forOtherServer: boolean,
  requestedIp: string | undefined,
): DhcpV4Decision {
  if (serverId !== undefined) {
    if (forOtherServer) return drop('other-server', `request selects server ${formatIpv4(serverId)}`);
    if (requestedIp !== prepared.address) {
      return nak(prepared, request, `selecting: requested address ${requestedIp ?? '(none)'} is not ${prepared.address}`);
    }
    return reply(prepared, request, 'acked', `ack ${prepared.address} to ${clientMac} (selecting)`);
  }
  if (request.ciaddr === ZERO_ADDRESS) {
    if (requestedIp === undefined) return drop('invalid-request', 'request has no server id, no requested address and no ciaddr');
    if (requestedIp !== prepared.address) {
      return nak(prepared, request, `init-reboot: requested address ${requestedIp} is not ${prepared.address}`);
    }
    return reply(prepared, request, 'acked', `ack ${prepared.address} to ${clientMac} (init-reboot)`);
  }
  // RENEWING (unicast) and REBINDING (broadcast) look alike without the packet's destination address; both are answered at ciaddr.
  if (request.ciaddr !== prepared.address || (requestedIp !== undefined && requestedIp !== prepared.address)) {
    return nak(prepared, request, `renewing: client address ${request.ciaddr} is not ${prepared.address}`);
  }
  return reply(prepared, request, 'acked', `ack ${prepared.address} to ${clientMac} (renewing)`);
}

function drop(reason: DhcpV4DropReason, detail: string): DhcpV4Decision {
  return { action: 'drop', reason, detail };
}

function ipv4Option(packet: DhcpV4Packet, code: number): string | undefined {
  const data = findOption(packet, code);
  return data?.length === 4 ? formatIpv4(data) : undefined;
}

/** RFC 2131 §4.3.2, table 3: a NAK carries 53, 54, a message (56) and the echoed client id, nothing else. */
function nak(prepared: PreparedConfig, request: DhcpV4Packet, detail: string): DhcpV4Decision {
  const options: DhcpV4Option[] = [
    messageType(DhcpMessageType.NAK),
    { code: DhcpOptionCode.SERVER_ID, data: prepared.serverIdBytes },
    { code: DhcpOptionCode.MESSAGE, data: Buffer.from(detail, 'utf8') },
    ...echoedOptions(request),
  ];
  const relayed = request.giaddr !== ZERO_ADDRESS;
  const packet = replyPacket(request, {
    yiaddr: ZERO_ADDRESS,
    ciaddr: ZERO_ADDRESS,
    // §4.3.2: a NAK through a relay sets the broadcast bit so the relay broadcasts it.
    flags: relayed ? request.flags | BROADCAST_FLAG : request.flags,
    options,
  });
  // §4.1: without a relay, NAKs are always broadcast: the client's address is wrong.
  const destination = relayed ? { address: request.giaddr, port: DHCP_SERVER_PORT } : { address: BROADCAST_ADDRESS, port: DHCP_CLIENT_PORT };
  return fitToClient(request, packet, [], 'naked', destination, detail);
}

function reply(prepared: PreparedConfig, request: DhcpV4Packet, outcome: 'offered' | 'acked' | 'informed', detail: string): DhcpV4Decision {
  const isInform = outcome === 'informed';
  const mandatory = [
    messageType(outcome === 'offered' ? DhcpMessageType.OFFER : DhcpMessageType.ACK),
    { code: DhcpOptionCode.SERVER_ID, data: prepared.serverIdBytes },
    // §4.3.5: an ACK to INFORM carries no lease time.
    ...(isInform ? [] : prepared.leaseOptions),
  ];
  const configOptions = orderByRequestList(prepared.configOptions, findOption(request, DhcpOptionCode.PARAMETER_REQUEST_LIST));
  const packet = replyPacket(request, {
    // §4.3.5: no yiaddr in an ACK to INFORM; table 3: ciaddr 0 in an OFFER.
    yiaddr: isInform ? ZERO_ADDRESS : prepared.address,
    ciaddr: outcome === 'offered' ? ZERO_ADDRESS : request.ciaddr,
    flags: request.flags,
    options: [...mandatory, ...configOptions, ...echoedOptions(request)],
  });
  return fitToClient(request, packet, configOptions, outcome, destinationOf(request, prepared), detail, Math.max(MIN_MAX_MESSAGE_SIZE, prepared.mtu));
}

function messageType(type: number): DhcpV4Option {
  return { code: DhcpOptionCode.MESSAGE_TYPE, data: Buffer.from([type]) };
}

/** RFC 6842 §3: echo the client identifier; RFC 3046 §2.2: echo relay agent information, last. */
function echoedOptions(request: DhcpV4Packet): DhcpV4Option[] {
  return [DhcpOptionCode.CLIENT_ID, DhcpOptionCode.RELAY_AGENT_INFO].flatMap((code) => {
    const data = findOption(request, code);
    return data === undefined ? [] : [{ code, data }];
  });
}

function replyPacket(request: DhcpV4Packet, fields: Pick<DhcpV4Packet, 'yiaddr' | 'ciaddr' | 'flags' | 'options'>): DhcpV4Packet {
  return {
    op: BOOTREPLY,
    htype: request.htype,
    hlen: request.hlen,
    hops: 0,
    xid: request.xid,
    secs: 0,
    siaddr: ZERO_ADDRESS,
    giaddr: request.giaddr,
    chaddr: request.chaddr,
    sname: '',
    file: '',
    ...fields,
  };
}

/** Requested options in option-55 order first, then the rest in their default order. */
function orderByRequestList(options: readonly DhcpV4Option[], requestList: Buffer | undefined): DhcpV4Option[] {
  if (requestList === undefined) return [...options];
  const rank = (code: number): number => {
    const i = requestList.indexOf(code);
    return i === -1 ? requestList.length : i;
  };
  return [...options].sort((a, b) => rank(a.code) - rank(b.code));
}

/**
 * RFC 2131 §4.1 destinations: to the relay at giaddr:67; to ciaddr:68 for a
 * client that has an address (RENEWING, INFORM); else broadcast.
 * Unicast to ciaddr only when it is the VM's address, the one address a
 * client on this link can rightly hold: a reply to any other waits in the
 * kernel for an ARP answer that never comes, and a guest sending made-up
 * ciaddrs would fill the socket's send buffer and starve the real VM's
 * replies (found by test/netns/dhcp-fuzz.test.ts). Broadcast reaches a
 * client at any address. RFC 2131
 * would unicast to yiaddr at chaddr when the broadcast flag is clear, but
 * that needs an ARP entry injected for an address the client does not hold
 * yet, which a UDP socket cannot do (as coredhcp#53 found for Go); clients
 * accept broadcast replies (RFC 1542 §3.1.1).
 */
function destinationOf(request: DhcpV4Packet, prepared: PreparedConfig): DhcpV4Destination {
  if (request.giaddr !== ZERO_ADDRESS) return { address: request.giaddr, port: DHCP_SERVER_PORT };
  if (request.ciaddr !== ZERO_ADDRESS && request.ciaddr === prepared.address) return { address: request.ciaddr, port: DHCP_CLIENT_PORT };
  return { address: BROADCAST_ADDRESS, port: DHCP_CLIENT_PORT };
}

/**
 * Keep the reply within what the client accepts: option 57 (at least 576),
 * and never beyond the link MTU, which would fragment a reply that clients
 * reading from raw sockets cannot reassemble. Drops configuration options in
 * DROP_ORDER (unrequested first) until it fits.
 */
function fitToClient(
  request: DhcpV4Packet,
  packet: DhcpV4Packet,
  droppable: readonly DhcpV4Option[],
  outcome: DhcpV4ReplyOutcome,
  destination: DhcpV4Destination,
  detail: string,
  linkLimit = MIN_MAX_MESSAGE_SIZE,
): DhcpV4Decision {
  const maxSizeOption = findOption(request, DhcpOptionCode.MAX_MESSAGE_SIZE);
  const clientLimit = maxSizeOption?.length === 2 ? maxSizeOption.readUInt16BE(0) : MIN_MAX_MESSAGE_SIZE;
  const limit = Math.max(MIN_MAX_MESSAGE_SIZE, Math.min(clientLimit, linkLimit)) - IP_UDP_OVERHEAD;
  const requested = findOption(request, DhcpOptionCode.PARAMETER_REQUEST_LIST) ?? Buffer.alloc(0);
  const dropRank = (code: number): number => (requested.includes(code) ? DROP_ORDER.length : 0) + DROP_ORDER.indexOf(code);
  const candidates = droppable.map((o) => o.code).sort((a, b) => dropRank(a) - dropRank(b));
  const omitted: number[] = [];
  let fitted = packet;
  while (formattedLength(fitted) > limit) {
    const code = candidates.shift();
    if (code === undefined) {
      return drop('reply-too-large', `reply of ${formattedLength(fitted)} bytes exceeds the client's ${limit}-byte limit without any configuration option`);
    }
    omitted.push(code);
    fitted = { ...fitted, options: fitted.options.filter((o) => o.code !== code) };
  }
  return { action: 'reply', outcome, reply: fitted, destination, omittedOptions: omitted, detail };
}
