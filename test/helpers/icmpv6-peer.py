#!/usr/bin/python3
"""A raw ICMPv6 peer for the Router Advertisement tests, run inside a test netns.

  send   --iface IF --dst ADDR --hops N --hex PAYLOAD
         sends one ICMPv6 message (the kernel fills in the checksum) with the given hop limit,
         which no ready-made tool lets a test choose (rdisc6 always uses 255).
  listen --iface IF --type T --seconds S
         prints "ready", then one JSON line per ICMPv6 message of type T received on IF within S
         seconds: {"source", "hopLimit", "hex"}.
"""
import argparse
import json
import select
import socket
import struct
import sys
import time

IPV6_RECVHOPLIMIT = 51
IPV6_HOPLIMIT = 52
ICMP6_FILTER = 1


def open_socket(iface):
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode() + b"\0")
    return sock


def send(args):
    sock = open_socket(args.iface)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, args.hops)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, args.hops)
    sock.sendto(bytes.fromhex(args.hex), (args.dst, 0, 0, socket.if_nametoindex(args.iface)))


def listen(args):
    sock = open_socket(args.iface)
    # Pass only the wanted type (RFC 3542 §3.2: a set bit blocks the type).
    blocked = [0xFFFFFFFF] * 8
    blocked[args.type >> 5] &= ~(1 << (args.type & 31))
    sock.setsockopt(socket.IPPROTO_ICMPV6, ICMP6_FILTER, struct.pack("8I", *blocked))
    sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        data, ancdata, _flags, source = sock.recvmsg(65535, socket.CMSG_SPACE(4))
        hop_limit = -1
        for level, kind, value in ancdata:
            if level == socket.IPPROTO_IPV6 and kind == IPV6_HOPLIMIT:
                hop_limit = struct.unpack("i", value[:4])[0]
        print(json.dumps({"source": source[0].split("%")[0], "hopLimit": hop_limit, "hex": data.hex()}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("send")
    p.add_argument("--iface", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--hops", type=int, required=True)
    p.add_argument("--hex", required=True)
    p = sub.add_parser("listen")
    p.add_argument("--iface", required=True)
    p.add_argument("--type", type=int, required=True)
    p.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()
    send(args) if args.command == "send" else listen(args)


if __name__ == "__main__":
    sys.exit(main())
