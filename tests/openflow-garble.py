#! /usr/bin/python3
# openflow-garble.py SOCKET SEED_DIR N SEED
#
# Connects to an OpenFlow switch's unix SOCKET, says HELLO with every
# version, then sends N messages made by mutating the messages in SEED_DIR
# (one raw message per file): bit flips, byte changes, truncation,
# extension with random bytes, a random version or type.  The length field
# is always set to the message's real length, so that framing holds and
# every message reaches a decoder.  A second thread reads and counts what
# the switch sends back.  At the end it sends an ECHO_REQUEST and waits for
# its reply; prints "echo reply after N messages" and "errors received E",
# or exits 1 if the connection closes or the echo never comes back.
import os
import random
import socket
import struct
import sys
import threading
import time

sock_path, seed_dir, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    int(sys.argv[4])
rng = random.Random(seed)
seeds = []
for name in sorted(os.listdir(seed_dir)):
    with open(os.path.join(seed_dir, name), "rb") as f:
        data = f.read()
    if len(data) >= 8:
        seeds.append(bytearray(data))

ECHO_XID = 0x7eadbeef
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
# HELLO 1.5 with a version bitmap of 1.0-1.5.
s.sendall(struct.pack("!BBHI HHI", 6, 0, 16, 0, 1, 8, 0x7e))

state = {"errors": 0, "echo": False, "closed": False, "msgs": 0}
done = threading.Event()


def reader():
    buf = b""
    while True:
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            state["closed"] = True
            done.set()
            return
        buf += data
        while len(buf) >= 8:
            version, type_, length, xid = struct.unpack("!BBHI", buf[:8])
            if length < 8:
                state["closed"] = True
                done.set()
                return
            if len(buf) < length:
                break
            buf = buf[length:]
            state["msgs"] += 1
            if type_ == 1:
                state["errors"] += 1
            elif type_ == 3 and xid == ECHO_XID:
                state["echo"] = True
                done.set()
                return


t = threading.Thread(target=reader, daemon=True)
t.start()


def mutate(msg):
    m = bytearray(msg)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        if op == 0 and len(m) > 8:
            i = rng.randrange(8, len(m))
            m[i] ^= 1 << rng.randrange(8)
        elif op == 1 and len(m) > 8:
            m[rng.randrange(8, len(m))] = rng.randrange(256)
        elif op == 2 and len(m) > 8:
            del m[rng.randrange(8, len(m)):]
        elif op == 3:
            m += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 17)))
        elif op == 4:
            m[0] = rng.choice([1, 2, 3, 4, 5, 6, rng.randrange(256)])
        else:
            m[1] = rng.randrange(40)
    if len(m) < 8:
        m += bytes(8 - len(m))
    del m[65535:]
    m[2:4] = struct.pack("!H", len(m))
    return bytes(m)


out = bytearray()
for i in range(n):
    msg = mutate(rng.choice(seeds))
    if msg[1] == 0:
        continue        # A second HELLO would only be dropped.
    out += msg
    if len(out) > 32768:
        try:
            s.sendall(out)
        except OSError:
            break
        out = bytearray()
try:
    s.sendall(bytes(out) + struct.pack("!BBHI", 6, 2, 8, ECHO_XID))
except OSError:
    pass
done.wait(120)
if not state["echo"]:
    print("no echo reply (connection %s, %d messages received)"
          % ("closed" if state["closed"] else "open", state["msgs"]))
    sys.exit(1)
print("echo reply after %d messages" % n)
print("errors received %d" % state["errors"])
