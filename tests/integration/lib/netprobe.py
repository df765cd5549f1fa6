#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Traffic for the network tests (9x-network-*): each command prints one
word, "ok" or "fail" (never raises), so a test compares output.

  netprobe.py tcp HOST PORT        connect and read the first line
  netprobe.py http URL             GET, "ok" on status 200
  netprobe.py serve HOST PORT      accept forever, send "hello" to each
  netprobe.py dnsd HOST            a tiny DNS server: every A query gets
                                   198.51.100.10, anything else REFUSED
  netprobe.py udpd HOST PORT       print "ok", then "FROM PAYLOAD" for each
                                   datagram received
  netprobe.py udpsend SRC DST PORT WORD   one datagram from SRC (bound)
  netprobe.py source HOST PORT MB  accept forever, send MB MiB to each
  netprobe.py fetch HOST PORT      read to the end; prints "BYTES SECONDS"
                                   (bench/network), "fail" on an error
"""
import socket
import struct
import sys
import time
import urllib.request

TIMEOUT = 2


def tcp(host, port):
    try:
        with socket.create_connection((host, int(port)), timeout=TIMEOUT) as s:
            return "ok" if s.recv(16).startswith(b"hello") else "fail"
    except OSError:
        return "fail"


def http(url):
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
            return "ok" if r.status == 200 else "fail"
    except OSError:
        return "fail"


def serve(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    s.listen(16)
    print("ok", flush=True)
    while True:
        c, _ = s.accept()
        try:
            c.sendall(b"hello\n")
        finally:
            c.close()


def dns_answer(query):
    qid, _flags, qdcount = struct.unpack("!HHH", query[:6])
    end = 12
    while query[end] != 0:
        end += query[end] + 1
    qtype = struct.unpack("!H", query[end + 1:end + 3])[0]
    question = query[12:end + 5]
    if qdcount != 1 or qtype != 1:
        return struct.pack("!HHHHHH", qid, 0x8185, qdcount, 0, 0, 0) + question
    answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton("198.51.100.10")
    return struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + answer


def dnsd(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((host, 53))
    print("ok", flush=True)
    while True:
        data, peer = s.recvfrom(512)
        try:
            s.sendto(dns_answer(data), peer)
        except (IndexError, struct.error):
            pass


def udpd(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((host, int(port)))
    print("ok", flush=True)
    while True:
        data, peer = s.recvfrom(512)
        print(peer[0], data.decode(errors="replace").strip(), flush=True)


def udpsend(src, dst, port, word):
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((src, 0))
            s.sendto(word.encode(), (dst, int(port)))
        return "ok"
    except OSError:
        return "fail"


def source(host, port, mib):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    s.listen(4)
    print("ok", flush=True)
    chunk = b"x" * (1 << 20)
    while True:
        c, _ = s.accept()
        try:
            for _ in range(int(mib)):
                c.sendall(chunk)
        except OSError:
            pass
        finally:
            c.close()


def fetch(host, port):
    try:
        with socket.create_connection((host, int(port)), timeout=30) as s:
            start, total = time.monotonic(), 0
            while True:
                b = s.recv(1 << 16)
                if not b:
                    break
                total += len(b)
            return "%d %.6f" % (total, time.monotonic() - start)
    except OSError:
        return "fail"


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "tcp":
        print(tcp(*args))
    elif cmd == "http":
        print(http(*args))
    elif cmd == "serve":
        serve(*args)
    elif cmd == "dnsd":
        dnsd(*args)
    elif cmd == "udpd":
        udpd(*args)
    elif cmd == "udpsend":
        print(udpsend(*args))
    elif cmd == "source":
        source(*args)
    elif cmd == "fetch":
        print(fetch(*args))
    else:
        print("fail")


if __name__ == "__main__":
    main()
