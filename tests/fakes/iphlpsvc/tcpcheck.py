#!/usr/bin/env python3
"""tcpcheck.py - the Linux side of port proxy tests (tests/fakes/iphlpsvc).

  serve HOST PORT TAG     tagged echo server: on each connection sends TAG and a
                          newline, then echoes every byte until the client
                          half-closes, then closes. Ends after 600 s at most.
  wait HOST PORT          waits (5 s) until HOST:PORT accepts a connection
  echo HOST PORT TAG      one connection: expects TAG's greeting, sends 64 KiB,
                          half-closes, expects the same bytes back and an
                          end of stream (so half-closes are relayed both ways)
  concurrent HOST PORT TAG N
                          N connections at once, each open during the others,
                          each sending its own 256 KiB and checking it back
  hold HOST PORT TAG SECONDS
                          one idle connection: expects TAG's greeting, then
                          succeeds when the proxy closes it within SECONDS
  refused HOST PORT       succeeds when nothing accepts on HOST:PORT
  freeports N             prints N distinct free TCP ports of 127.0.0.1

Exit 0 on success; 1 with one line on stderr saying what differed.
"""
import os
import signal
import socket
import sys
import threading

TIMEOUT = 10.0


def fail(msg):
    sys.stderr.write("tcpcheck: %s\n" % msg)
    sys.exit(1)


def serve(host, port, tag):
    signal.alarm(600)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(64)

    def one(conn):
        try:
            conn.sendall(tag.encode() + b"\n")
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
        finally:
            conn.close()

    while True:
        conn, _ = srv.accept()
        threading.Thread(target=one, args=(conn,), daemon=True).start()


def read_line(sock):
    line = b""
    while not line.endswith(b"\n"):
        b = sock.recv(1)
        if not b:
            break
        line += b
    return line.rstrip(b"\n").decode(errors="replace")


def exchange(host, port, tag, payload):
    """One connection; returns None when all went as expected, else why not."""
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as s:
            got = read_line(s)
            if got != tag:
                return "greeting: expected %r, got %r" % (tag, got)
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
            back = b""
            while True:
                data = s.recv(65536)
                if not data:
                    break
                back += data
            if back != payload:
                return "echo: sent %d bytes, got %d back%s" % (
                    len(payload), len(back), "" if len(back) != len(payload) else " (different)")
    except OSError as e:
        return "connection to %s port %d: %s" % (host, port, e)
    return None


def main(argv):
    if len(argv) < 2:
        fail("usage: see the header of this file")
    cmd, args = argv[1], argv[2:]
    if cmd == "serve" and len(args) == 3:
        serve(args[0], int(args[1]), args[2])
    elif cmd == "wait" and len(args) == 2:
        import time
        end = time.time() + 5
        while time.time() < end:
            try:
                socket.create_connection((args[0], int(args[1])), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        fail("nothing accepts on %s port %s" % (args[0], args[1]))
    elif cmd == "echo" and len(args) == 3:
        why = exchange(args[0], int(args[1]), args[2], os.urandom(65536))
        if why:
            fail(why)
    elif cmd == "concurrent" and len(args) == 4:
        n = int(args[3])
        results = [None] * n
        barrier = threading.Barrier(n)

        def worker(i):
            barrier.wait()
            results[i] = exchange(args[0], int(args[1]), args[2], os.urandom(256 * 1024))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad = [r for r in results if r]
        if bad:
            fail("%d of %d connections failed; first: %s" % (len(bad), n, bad[0]))
    elif cmd == "hold" and len(args) == 4:
        try:
            with socket.create_connection((args[0], int(args[1])), timeout=TIMEOUT) as s:
                got = read_line(s)
                if got != args[2]:
                    fail("greeting: expected %r, got %r" % (args[2], got))
                sys.stdout.write("connected\n")
                sys.stdout.flush()
                s.settimeout(float(args[3]))
                if s.recv(1) != b"":
                    fail("data instead of the end of the connection")
        except socket.timeout:
            fail("the connection was still open after %s s" % args[3])
        except ConnectionResetError:
            pass
        except OSError as e:
            fail("connection to %s port %s: %s" % (args[0], args[1], e))
    elif cmd == "refused" and len(args) == 2:
        try:
            socket.create_connection((args[0], int(args[1])), timeout=TIMEOUT).close()
        except ConnectionRefusedError:
            return
        except OSError as e:
            fail("expected connection refused on %s port %s, got: %s" % (args[0], args[1], e))
        fail("%s port %s still accepts connections" % (args[0], args[1]))
    elif cmd == "freeports" and len(args) == 1:
        socks = []
        for _ in range(int(args[0])):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        print(" ".join(str(s.getsockname()[1]) for s in socks))
        for s in socks:
            s.close()
    else:
        fail("usage: see the header of this file")


if __name__ == "__main__":
    main(sys.argv)
