#!/usr/bin/python3
"""Batch frame sender for the ICMPv6 fuzz test (icmpv6-fuzz.ts), run inside a test netns.

  icmpv6-fuzz-sender.py IFACE
      opens an AF_PACKET socket on IFACE, prints "ready", then sends each line of stdin (one
      Ethernet frame in hex) as it arrives, in order; at the end of input prints "sent N".

One process sends the whole storm (10 000+ frames would otherwise be as many process starts),
and whole frames let the test choose what a socket API would not: the source ::, any hop limit.
"""
import socket
import sys


def main():
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((sys.argv[1], 0))
    print("ready", flush=True)
    sent = 0
    for line in sys.stdin.buffer:
        sock.send(bytes.fromhex(line.decode().strip()))
        sent += 1
    print(f"sent {sent}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
