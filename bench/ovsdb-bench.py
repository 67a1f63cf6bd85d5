#!/usr/bin/python3
# ovsdb-bench.py -- OVSDB server benchmarks, ovsng against the reference.
#
# Runs Debian's ovsdb-server (the reference) and ours one after the other,
# each in a temporary directory of its own and with the same database
# files, through the same measures, and prints one table with both figures
# and the ratio ours/reference.  Started by bench/ovsdb-bench.sh (make
# bench-ovsdb); bench/README.md says what each measure does.
#
# The clients are the reference's own ovs-vsctl and ovs-appctl, our C IDL
# (bench/ovsdb-idl-bench, measure c), and raw JSON-RPC clients written here
# (RFC 7047 over a unix socket) rather than the Python IDL: they add almost
# nothing to what is measured, and they pipeline.  Only one server runs at
# a time, so that the two do not share the machine's cores.  A server that
# is missing or that fails a measure gets "missing" or "failed" in that
# row, and the run goes on.

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import statistics
import sys
import tempfile
import threading
import time
import uuid

BENCH_SCHEMA = {
    "name": "Bench",
    "version": "1.0.0",
    "tables": {
        "Row": {
            "columns": {"i": {"type": "integer"},
                        "s": {"type": "string"}},
            "isRoot": True,
        }
    },
}

IO_TIMEOUT = 120.0          # Any single wait on a server, in seconds.


class BenchError(Exception):
    pass


def log(msg):
    sys.stderr.write("ovsdb-bench: %s\n" % msg)
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# A minimal JSON-RPC connection.  OVSDB frames nothing: messages are JSON
# objects back to back, so the reader decodes objects off the front of a
# buffer.  It answers the server's "echo" requests itself, so that a long
# measure is never cut by the server's inactivity probe.

class Rpc:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(IO_TIMEOUT)
        self.sock.connect(path)
        self.buf = ""
        self.decoder = json.JSONDecoder()
        self.next_id = 0
        self.pending = []           # Decoded messages not yet consumed.

    def close(self):
        self.sock.close()

    def fileno(self):
        return self.sock.fileno()

    def send(self, msg):
        self.sock.sendall(json.dumps(msg, separators=(",", ":")).encode())

    def request(self, method, params):
        """Sends a request and returns its id without waiting."""
        self.next_id += 1
        self.send({"method": method, "params": params, "id": self.next_id})
        return self.next_id

    def feed(self, data):
        """Adds DATA (bytes) and returns the complete messages decoded,
        after answering echo requests among them."""
        self.buf += data.decode("utf-8")
        msgs = []
        # A message is complete only once a '}' has arrived; checking that
        # first keeps a large reply from being re-parsed at every chunk.
        if not self.buf.rstrip().endswith("}"):
            return msgs
        pos = 0
        n = len(self.buf)
        while True:
            while pos < n and self.buf[pos] in " \t\r\n":
                pos += 1
            if pos >= n:
                break
            try:
                obj, pos = self.decoder.raw_decode(self.buf, pos)
            except ValueError:
                break
            if obj.get("method") == "echo" and obj.get("id") is not None:
                self.send({"result": obj.get("params"), "error": None,
                           "id": obj["id"]})
                continue
            msgs.append(obj)
        self.buf = self.buf[pos:]
        return msgs

    def recv(self):
        """Returns the next message, blocking."""
        while not self.pending:
            data = self.sock.recv(1 << 20)
            if not data:
                raise BenchError("server closed the connection")
            self.pending.extend(self.feed(data))
        return self.pending.pop(0)

    def wait_reply(self, rid):
        """Waits for the reply to request RID; other messages are dropped."""
        while True:
            msg = self.recv()
            if msg.get("id") == rid and "method" not in msg:
                if msg.get("error") is not None:
                    raise BenchError("error reply: %s" % msg["error"])
                return msg.get("result")

    def call(self, method, params):
        return self.wait_reply(self.request(method, params))

    def transact(self, db, ops):
        result = self.call("transact", [db] + ops)
        check_txn_result(result)
        return result


def check_txn_result(result):
    if not isinstance(result, list):
        raise BenchError("bad transact result: %r" % (result,))
    for r in result:
        if isinstance(r, dict) and "error" in r:
            raise BenchError("transaction failed: %s" % json.dumps(r))


# ---------------------------------------------------------------------------
# One ovsdb-server, in a directory of its own.

class Server:
    def __init__(self, label, exe, opts, root):
        self.label = label
        self.exe = exe
        self.opts = opts
        self.dir = tempfile.mkdtemp(prefix="%s-" % label, dir=root)
        self.pid = None
        self.n_started = 0

    def path(self, name):
        return os.path.join(self.dir, name)

    @property
    def sock(self):
        return self.path("db.sock")

    @property
    def ctl(self):
        return self.path("server.ctl")

    def create_db(self, schema_file):
        db = self.path("conf.db")
        if os.path.exists(db):
            os.unlink(db)
        run([self.opts.tool, "create", db, schema_file])
        return db

    def start(self, db):
        """Starts the server on DB and returns the seconds it took until it
        answered a request (that includes reading the database)."""
        self.stop()
        self.n_started += 1
        for f in ("db.sock", "server.ctl", "server.pid"):
            if os.path.exists(self.path(f)):
                os.unlink(self.path(f))
        env = dict(os.environ, OVS_RUNDIR=self.dir, OVS_LOGDIR=self.dir,
                   OVS_DBDIR=self.dir)
        t0 = time.monotonic()
        cmd = [self.exe, db, "--remote=punix:" + self.sock,
               "--unixctl=" + self.ctl, "--pidfile=" + self.path("server.pid"),
               "--log-file=" + self.path("server.log"), "--detach",
               "--no-chdir"]
        p = subprocess.run(cmd, env=env, cwd=self.dir, capture_output=True,
                           text=True, timeout=IO_TIMEOUT)
        if p.returncode != 0:
            raise BenchError("%s failed to start (exit %d): %s"
                             % (self.exe, p.returncode, p.stderr.strip()))
        with open(self.path("server.pid")) as f:
            self.pid = int(f.read().strip())
        while True:
            try:
                c = Rpc(self.sock)
                c.call("list_dbs", [])
                c.close()
                break
            except (OSError, BenchError):
                if time.monotonic() - t0 > IO_TIMEOUT:
                    raise BenchError("server does not answer on %s"
                                     % self.sock)
                time.sleep(0.01)
        return time.monotonic() - t0

    def stop(self):
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            time.sleep(0.02)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def rss_mb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        raise BenchError("no VmRSS for pid %d" % self.pid)

    def vsctl(self, args):
        run([self.opts.vsctl, "--no-wait", "--timeout=%d" % IO_TIMEOUT,
             "--db=unix:" + self.sock] + args)


def pid_alive(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("State:"):
                    return "Z" not in line.split()[1]
    except FileNotFoundError:
        return False
    return True


def run(cmd, timeout=IO_TIMEOUT, cpu=None):
    """Runs CMD and returns its output; with CPU, on that CPU only."""
    pin = None if cpu is None else (lambda: os.sched_setaffinity(0, {cpu}))
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       preexec_fn=pin)
    if p.returncode != 0:
        raise BenchError("%s exited %d: %s"
                         % (" ".join(cmd[:3]) + " ...", p.returncode,
                            (p.stderr or p.stdout).strip()[:300]))
    return p.stdout


def percentile(values, pct):
    s = sorted(values)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(pct / 100.0 * (len(s) - 1)))))
    return s[k]


# ---------------------------------------------------------------------------
# The measures.  Each takes a Server and returns {row key: value}.

def measure_vsctl_loop(srv, o):
    """a) N separate ovs-vsctl add-port invocations."""
    srv.start(srv.create_db(o.schema))
    srv.vsctl(["init"])
    srv.vsctl(["add-br", "br0"])
    t0 = time.monotonic()
    for i in range(o.ports):
        srv.vsctl(["add-port", "br0", "p%d" % i])
    elapsed = time.monotonic() - t0
    n = len(run([o.vsctl, "--db=unix:" + srv.sock, "list-ports",
                 "br0"]).split())
    if n != o.ports:
        raise BenchError("expected %d ports, found %d" % (o.ports, n))
    return {"a": elapsed}


def measure_vsctl_one(srv, o):
    """b) one ovs-vsctl invocation adding N ports."""
    srv.start(srv.create_db(o.schema))
    srv.vsctl(["init"])
    srv.vsctl(["add-br", "br0"])
    args = []
    for i in range(o.ports):
        args += ["--", "add-port", "br0", "p%d" % i]
    t0 = time.monotonic()
    srv.vsctl(args)
    elapsed = time.monotonic() - t0
    n = len(run([o.vsctl, "--db=unix:" + srv.sock, "list-ports",
                 "br0"]).split())
    if n != o.ports:
        raise BenchError("expected %d ports, found %d" % (o.ports, n))
    return {"b": elapsed}


def txn_loop(c, n, window, make_ops):
    """Sends N transactions, keeping up to WINDOW in flight; returns the
    seconds taken until the last reply.  The requests that fit in the
    window go out in one write, and every reply already received is
    handled before the next write, so that the client's own system calls
    (one per message otherwise) do not set the pace for a fast server."""
    sent = done = 0
    outstanding = set()
    t0 = time.monotonic()
    while done < n:
        batch = []
        while sent < n and len(outstanding) < window:
            c.next_id += 1
            batch.append(json.dumps({"method": "transact",
                                     "params": make_ops(sent),
                                     "id": c.next_id},
                                    separators=(",", ":")))
            outstanding.add(c.next_id)
            sent += 1
        if batch:
            c.sock.sendall("".join(batch).encode())
        while True:
            msg = c.recv()
            rid = msg.get("id")
            if rid in outstanding and "method" not in msg:
                if msg.get("error") is not None:
                    raise BenchError("transact error: %s" % msg["error"])
                check_txn_result(msg.get("result"))
                outstanding.discard(rid)
                done += 1
            if not c.pending:
                break
    return time.monotonic() - t0


def idl_bench(srv, o, n, window, cpu=None):
    """Runs bench/ovsdb-idl-bench (our C IDL) for N transactions with at most
    WINDOW outstanding and returns its transactions per second.  With CPU,
    the client and the server both run on that CPU only, for this run."""
    if not os.access(o.idl_bench, os.X_OK):
        raise BenchError("%s is not built" % o.idl_bench)
    if cpu is not None:
        all_cpus = os.sched_getaffinity(srv.pid)
        os.sched_setaffinity(srv.pid, {cpu})
    try:
        out = run([o.idl_bench, "--txns=%d" % n, "--window=%d" % window,
                   "unix:" + srv.sock], cpu=cpu)
    finally:
        if cpu is not None:
            os.sched_setaffinity(srv.pid, all_cpus)
    m = re.search(r" in ([0-9.]+) s: ([0-9.]+) txn/s", out)
    if not m:
        raise BenchError("unexpected ovsdb-idl-bench output: %r" % out)
    return float(m.group(2))


def measure_txns(srv, o):
    """c) N small transactions from one client: IDL and raw JSON-RPC."""
    srv.start(srv.create_db(o.schema))
    c = Rpc(srv.sock)
    c.transact("Open_vSwitch", [{"op": "insert", "table": "Open_vSwitch",
                                 "row": {}}])
    # The C IDL, as ovs-vswitchd writes its status: each transaction sets
    # external_ids:bench, committed and waited for before the next; then
    # the same with a window.  The program checks the final value itself.
    idl_one = idl_bench(srv, o, o.txns, 1)
    idl_window = idl_bench(srv, o, o.txns, o.window)
    # One at a time again, with the client and the server on one CPU: a
    # round trip then costs two context switches instead of two wakeups of
    # an idle CPU, which in a virtual machine can take longer than the
    # work itself (see bench/README.md).
    idl_one_cpu = idl_bench(srv, o, o.txns, 1, cpu=o.pin_cpu)
    op = ["Open_vSwitch",
          {"op": "mutate", "table": "Open_vSwitch", "where": [],
           "mutations": [["next_cfg", "+=", 1]]}]
    pipelined = txn_loop(c, o.txns, o.window, lambda i: op)
    n_seq = max(1, o.txns // 10)
    one_by_one = txn_loop(c, n_seq, 1, lambda i: op)
    res = c.transact("Open_vSwitch", [{"op": "select",
                                       "table": "Open_vSwitch",
                                       "where": [],
                                       "columns": ["next_cfg"]}])
    got = res[0]["rows"][0]["next_cfg"]
    if got != o.txns + n_seq:
        raise BenchError("next_cfg is %s, expected %d"
                         % (got, o.txns + n_seq))
    c.close()
    return {"c": idl_one, "cp": idl_one_cpu, "c3": idl_window,
            "c2": o.txns / pipelined, "c1": n_seq / one_by_one}


def measure_monitors(srv, o):
    """d) M monitoring clients; latency from commit to update."""
    srv.start(srv.create_db(o.schema))
    writer = Rpc(srv.sock)
    writer.transact("Open_vSwitch", [{"op": "insert",
                                      "table": "Open_vSwitch", "row": {}}])
    monitors = []
    for k in range(o.monitors):
        m = Rpc(srv.sock)
        m.call("monitor", ["Open_vSwitch", k,
                           {"Open_vSwitch": {"columns": ["external_ids"]}}])
        monitors.append(m)
    sel = selectors.DefaultSelector()
    for m in monitors:
        m.sock.setblocking(False)
        sel.register(m.sock, selectors.EVENT_READ, m)
    writer.sock.setblocking(False)
    sel.register(writer.sock, selectors.EVENT_READ, writer)

    def seen_values(msg):
        # The value of external_ids:bench in an "update" notification.
        if msg.get("method") != "update":
            return None
        for row in msg["params"][1].get("Open_vSwitch", {}).values():
            new = row.get("new")
            if new:
                for k, v in new.get("external_ids", ["map", []])[1]:
                    if k == "bench":
                        return v
        return None

    latencies = []
    for i in range(o.changes):
        value = str(i)
        t0 = time.monotonic()
        rid = writer.request("transact", [
            "Open_vSwitch",
            {"op": "update", "table": "Open_vSwitch", "where": [],
             "row": {"external_ids": ["map", [["bench", value]]]}}])
        waiting = set(monitors)
        replied = False
        while waiting or not replied:
            events = sel.select(timeout=IO_TIMEOUT)
            if not events:
                raise BenchError("no update within %d s" % IO_TIMEOUT)
            now = time.monotonic()
            for key, _ in events:
                conn = key.data
                try:
                    data = conn.sock.recv(1 << 20)
                except BlockingIOError:
                    continue
                if not data:
                    raise BenchError("server closed a connection")
                for msg in conn.feed(data):
                    if conn is writer:
                        if msg.get("id") == rid:
                            if msg.get("error") is not None:
                                raise BenchError("transact: %s"
                                                 % msg["error"])
                            check_txn_result(msg.get("result"))
                            replied = True
                    elif conn in waiting and seen_values(msg) == value:
                        latencies.append((now - t0) * 1000.0)
                        waiting.discard(conn)
        time.sleep(o.change_gap)
    sel.close()
    for m in monitors + [writer]:
        m.close()
    return {"d50": percentile(latencies, 50),
            "d99": percentile(latencies, 99)}


def write_bench_schema(o):
    path = os.path.join(o.workdir, "bench.ovsschema")
    with open(path, "w") as f:
        json.dump(BENCH_SCHEMA, f)
    return path


def measure_rss(srv, o):
    """e) RSS of the server holding N rows of a small table."""
    srv.start(srv.create_db(write_bench_schema(o)))
    c = Rpc(srv.sock)
    batch = o.batch

    def ops(k):
        base = k * batch
        return ["Bench"] + [
            {"op": "insert", "table": "Row",
             "row": {"i": j, "s": "row-%d" % j}}
            for j in range(base, min(base + batch, o.rows))]
    n_txns = (o.rows + batch - 1) // batch
    elapsed = txn_loop(c, n_txns, 4, ops)
    res = c.transact("Bench", [{"op": "select", "table": "Row",
                                "where": [["i", "==", o.rows - 1]],
                                "columns": ["s"]}])
    if res[0]["rows"] != [{"s": "row-%d" % (o.rows - 1)}]:
        raise BenchError("last row missing: %r" % res[0]["rows"])
    c.close()
    time.sleep(0.2)
    return {"e": srv.rss_mb(), "e1": o.rows / elapsed}


def build_big_log(o):
    """Writes, once for both servers, a Bench database file of about
    o.compact_mb MB in the on-disk log format of ovsdb(5): a schema record
    then transaction records, each "OVSDB JSON LENGTH SHA1\\n" + JSON + "\\n".
    Half of it is live rows, half is older values of those rows."""
    path = os.path.join(o.workdir, "big.db")
    if os.path.exists(path):
        return path, o.big_last
    target = int(o.compact_mb * 1000 * 1000)
    value_len = 1000
    n_rows = max(1, target // 2 // (value_len + 80))
    uuids = [str(uuid.uuid4()) for _ in range(n_rows)]
    date = int(time.time() * 1000)

    def record(obj, f):
        # LENGTH and SHA1 cover the JSON text and its newline.
        text = json.dumps(obj, separators=(",", ":")).encode() + b"\n"
        f.write(b"OVSDB JSON %d %s\n" % (len(text),
                                         hashlib.sha1(text).hexdigest()
                                         .encode()))
        f.write(text)

    with open(path + ".tmp", "wb") as f:
        record(BENCH_SCHEMA, f)
        gen = 0
        last = {}               # Row number -> its latest value of "s".
        while f.tell() < target:
            for start in range(0, n_rows, 500):
                rows = {}
                for j in range(start, min(start + 500, n_rows)):
                    s = ("%d-%d-" % (gen, j)).ljust(value_len, "x")
                    rows[uuids[j]] = ({"i": j, "s": s} if gen == 0
                                      else {"s": s})
                    last[j] = s
                record({"_date": date, "Row": rows, "_is_diff": True}, f)
                if f.tell() >= target and gen > 0:
                    break
            gen += 1
    os.rename(path + ".tmp", path)
    # What a server that read the whole log must show: the first and the
    # last row's latest values.
    o.big_last = {0: last[0], n_rows - 1: last[n_rows - 1]}
    return path, o.big_last


def check_big_db(srv, expect):
    c = Rpc(srv.sock)
    for i, s in sorted(expect.items()):
        res = c.transact("Bench", [{"op": "select", "table": "Row",
                                    "where": [["i", "==", i]],
                                    "columns": ["s"]}])
        if res[0]["rows"] != [{"s": s}]:
            raise BenchError("row %d after loading the log: %.40r"
                             % (i, res[0]["rows"]))
    c.close()


class Pinger:
    """Sends "echo" every PERIOD seconds on its own connection and records
    (send time, round trip) for each; one echo is in flight at a time, so a
    stalled server shows as one long round trip.  It runs in a process of
    its own: as a thread of this one, it also measured this process's own
    pauses (spawning ovs-appctl, the interpreter's lock), which showed as
    stalls of up to a few hundred ms that were not the server's."""

    def __init__(self, sock_path, period):
        self.sock_path = sock_path
        self.period = period
        self.samples = []
        self.error = None
        self.stopping = multiprocessing.Event()
        self.conn, child_conn = multiprocessing.Pipe()
        self.proc = multiprocessing.Process(target=self._run,
                                            args=(child_conn,), daemon=True)

    def start(self):
        self.proc.start()

    def _run(self, conn):
        samples, error = [], None
        try:
            c = Rpc(self.sock_path)
            next_t = time.monotonic()
            while not self.stopping.is_set():
                t0 = time.monotonic()
                c.call("echo", ["ping"])
                samples.append((t0, time.monotonic() - t0))
                next_t += self.period
                delay = next_t - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                else:
                    next_t = time.monotonic()
            c.close()
        except Exception as e:          # Reported by the measure.
            error = repr(e)
        conn.send((samples, error))

    def stop(self):
        self.stopping.set()
        if self.conn.poll(IO_TIMEOUT):
            self.samples, self.error = self.conn.recv()
        else:
            self.error = "echo client did not report"
        self.proc.join(IO_TIMEOUT)


def measure_compaction(srv, o):
    """f) compaction of a big log while a client pings every 10 ms."""
    big, expect = build_big_log(o)
    db = srv.path("big.db")
    shutil.copyfile(big, db)
    load = srv.start(db)
    check_big_db(srv, expect)
    before = os.path.getsize(db)
    pinger = Pinger(srv.sock, o.echo_ms / 1000.0)
    pinger.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    run([o.appctl, "--timeout=%d" % IO_TIMEOUT, "-t", srv.ctl,
         "ovsdb-server/compact"])
    t1 = time.monotonic()
    # Compaction may finish in the background after the command returns:
    # wait until the file has shrunk, then keep pinging a little.
    while os.path.getsize(db) >= before and time.monotonic() - t1 < 60:
        time.sleep(0.01)
    t2 = time.monotonic()
    time.sleep(0.3)
    pinger.stop()
    if pinger.error:
        raise BenchError("echo client: %s" % pinger.error)
    after = os.path.getsize(db)
    if after >= before:
        raise BenchError("log did not shrink (%d bytes)" % after)
    during = [rtt for (ts, rtt) in pinger.samples
              if ts + rtt >= t0 and ts <= t2]
    if not during:
        raise BenchError("no echo completed during compaction")
    check_big_db(srv, expect)
    # The compacted file reads back to the same data.
    srv.start(db)
    check_big_db(srv, expect)
    return {"f": max(during) * 1000.0, "f1": t2 - t0, "g": load,
            "fmb": before / 1e6}


MEASURES = [
    ("a", measure_vsctl_loop),
    ("b", measure_vsctl_one),
    ("c", measure_txns),
    ("d", measure_monitors),
    ("e", measure_rss),
    ("f", measure_compaction),
]

# Rows of the final table: key, measure letter, label, unit.
ROWS = [
    ("a", "a", "{ports} x ovs-vsctl add-port (separate)", "s"),
    ("b", "b", "1 x ovs-vsctl adding {ports} ports", "s"),
    ("c", "c", "{txns} txns, C IDL, one at a time", "txn/s"),
    ("cp", "c", "the same, client and server on CPU {pin_cpu}",
     "txn/s"),
    ("c3", "c", "{txns} txns, C IDL, window {window}", "txn/s"),
    ("c2", "c", "{txns} txns, raw JSON-RPC, window {window}", "txn/s"),
    ("c1", "c", "{txns1} txns, raw JSON-RPC, one at a time", "txn/s"),
    ("d50", "d", "{monitors} monitors: commit->update p50", "ms"),
    ("d99", "d", "{monitors} monitors: commit->update p99", "ms"),
    ("e", "e", "RSS with {rows} rows", "MB"),
    ("e1", "e", "insert {rows} rows, batches of {batch}", "rows/s"),
    ("f", "f", "max echo RTT during compaction", "ms"),
    ("f1", "f", "compaction of {compact_mb} MB log", "s"),
    ("g", "f", "start-up reading the {compact_mb} MB log", "s"),
]


def fmt(v):
    if isinstance(v, str):
        return v
    if v >= 1000:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.3f" % v


def run_measure(letter, fn, label, srv, o, results, samples):
    """Runs measure FN of LETTER once on SRV, adding each figure to
    SAMPLES[key], or marking it "failed" or "missing" in RESULTS."""
    keys = [r[0] for r in ROWS if r[1] == letter]
    if srv is None:
        for k in keys:
            results[k] = "missing"
        return
    log("%s) %s: %s" % (letter, label, fn.__doc__.split(")", 1)[1].strip()))
    try:
        r = fn(srv, o)
        for k, v in r.items():
            samples.setdefault(k, []).append(v)
        log("   " + ", ".join("%s=%s" % (k, fmt(v))
                              for k, v in sorted(r.items()) if k != "fmb")
            + " (load average %.2f)" % os.getloadavg()[0])
    except Exception as e:
        log("   %s failed: %s" % (label, e))
        for k in keys:
            results[k] = "failed"
    finally:
        srv.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ref", required=True, help="reference ovsdb-server")
    ap.add_argument("--ours", required=True, help="our ovsdb-server")
    ap.add_argument("--schema", required=True, help="vswitch.ovsschema")
    ap.add_argument("--tool", default="/usr/bin/ovsdb-tool")
    ap.add_argument("--vsctl", default="/usr/bin/ovs-vsctl")
    ap.add_argument("--appctl", default="/usr/bin/ovs-appctl")
    ap.add_argument("--idl-bench", default="bench/ovsdb-idl-bench",
                    help="our C IDL benchmark program (measure c)")
    ap.add_argument("--pin-cpu", type=int, default=0,
                    help="the CPU for the pinned run of measure c")
    ap.add_argument("--only", default="abcdef",
                    help="letters of the measures to run")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--ports", type=int)
    ap.add_argument("--txns", type=int)
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--monitors", type=int, default=50)
    ap.add_argument("--changes", type=int)
    ap.add_argument("--change-gap", type=float, default=0.01)
    ap.add_argument("--rows", type=int)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--compact-mb", type=float)
    ap.add_argument("--echo-ms", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each measure this many times, alternating "
                    "the servers, and report the medians")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directories")
    ap.add_argument("--json", help="also write the results to this file")
    o = ap.parse_args()

    def scaled(v, default):
        return v if v is not None else max(1, int(round(default * o.scale)))
    o.ports = scaled(o.ports, 1000)
    o.txns = scaled(o.txns, 10000)
    o.changes = scaled(o.changes, 100)
    o.rows = scaled(o.rows, 100000)
    if o.compact_mb is None:
        o.compact_mb = max(1.0, 100.0 * o.scale)
    o.workdir = tempfile.mkdtemp(prefix="ovsdb-bench-")
    load_start = os.getloadavg()
    servers = []
    for label, exe in (("reference", o.ref), ("ovsng", o.ours)):
        if os.access(exe, os.X_OK):
            servers.append((label, Server(label, exe, o, o.workdir)))
        else:
            log("%s server %s: missing" % (label, exe))
            servers.append((label, None))

    def cleanup(*_):
        for _, s in servers:
            if s:
                s.stop()
        if not o.keep:
            shutil.rmtree(o.workdir, ignore_errors=True)
    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(1)))
    signal.signal(signal.SIGINT, lambda *a: (cleanup(), sys.exit(1)))

    # With --repeat, the runs of the two servers alternate, so that a
    # machine whose load changes during the run treats both alike; the
    # median of each figure is reported.
    results = {label: {} for label, _ in servers}
    samples = {label: {} for label, _ in servers}
    o.repeat = max(1, o.repeat)
    try:
        for letter, fn in MEASURES:
            if letter not in o.only:
                continue
            for _ in range(o.repeat):
                for label, srv in servers:
                    run_measure(letter, fn, label, srv, o, results[label],
                                samples[label])
        for label in samples:
            for k, v in samples[label].items():
                if results[label].get(k) not in ("failed", "missing"):
                    results[label][k] = statistics.median(v)
    finally:
        cleanup()
        if o.keep:
            log("kept %s" % o.workdir)

    o.txns1 = max(1, o.txns // 10)
    params = {k: fmt(v) if isinstance(v, float) else v
              for k, v in vars(o).items()}
    print()
    print("OVSDB benchmark: reference %s, ovsng %s" % (o.ref, o.ours))
    print("scale %s; ratio is ovsng/reference (see bench/README.md for "
          "which way is better)" % o.scale)
    print("load average (1, 5, 15 min): %s at the start, %s at the end"
          % ("/".join("%.2f" % x for x in load_start),
             "/".join("%.2f" % x for x in os.getloadavg())))
    print()
    head = "%-4s %-44s %-7s %11s %11s %9s" % ("", "measure", "unit",
                                            "reference", "ovsng",
                                            "ovsng/ref")
    print(head)
    print("-" * len(head))
    for key, letter, label, unit in ROWS:
        if letter not in o.only:
            continue
        ref = results["reference"].get(key, "-")
        ours = results["ovsng"].get(key, "-")
        if (not isinstance(ref, str) and not isinstance(ours, str)
                and ref > 0):
            ratio = "%.2f" % (ours / ref)
        else:
            ratio = "-"
        print("%-4s %-44s %-7s %11s %11s %9s"
              % (key + ")", label.format(**params), unit, fmt(ref),
                 fmt(ours), ratio))
    if o.json:
        with open(o.json, "w") as f:
            json.dump({"params": params, "results": results,
                       "samples": samples}, f, indent=1)
    failed = any(v == "failed" for r in results.values() for v in r.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
