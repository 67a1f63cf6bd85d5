#! /bin/sh
# vsctl-bench.sh -- times ovs-vsctl the way an administrator's scripts use
# it, once with Debian's ovs-vsctl against Debian's ovsdb-server and once
# with ours against ours, and prints both times and the ratio
# ours/Debian's (issue 3's goal is 0.5 or less for both):
#   a) N separate invocations of "ovs-vsctl --no-wait add-port br0 pI", on
#      a fresh database that grows to N ports;
#   b) one invocation adding N ports ("-- add-port br0 pI" N times) to a
#      fresh database, run BENCH_ONE_RUNS times (default 3; the median is
#      reported, as one run lasts only tenths of a second).
#
# Usage: bench/vsctl-bench.sh [--builddir=DIR] [--srcdir=DIR] [--scale=X]
#   --scale=X  runs X * 1000 invocations (e.g. 0.1 for a quick run).
# Environment: BENCH_SCALE (same as --scale), BENCH_ONE_RUNS, VSCTL_REF, OVSDB_SERVER_REF,
# VSCTL_OURS, OVSDB_SERVER_OURS, OVSDB_TOOL, BENCH_SCHEMA override the
# programs and schema.  BENCH_KEEP=1 keeps the scratch directory.
#
# Each run gets its own server and directory; both are stopped and removed
# at the end.  The two runs take turns (Debian's first) rather than run at
# the same time, so that they do not compete for the CPU.

set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "$0" "$@"
scale=${BENCH_SCALE:-1}

VSCTL_REF=${VSCTL_REF:-/usr/bin/ovs-vsctl}
OVSDB_SERVER_REF=${OVSDB_SERVER_REF:-/usr/sbin/ovsdb-server}
VSCTL_OURS=${VSCTL_OURS:-$builddir/utilities/ovs-vsctl}
OVSDB_SERVER_OURS=${OVSDB_SERVER_OURS:-$builddir/ovsdb/ovsdb-server}
OVSDB_TOOL=${OVSDB_TOOL:-/usr/bin/ovsdb-tool}
BENCH_SCHEMA=${BENCH_SCHEMA:-$srcdir/vswitchd/vswitch.ovsschema}

for prog in "$VSCTL_REF" "$OVSDB_SERVER_REF" "$VSCTL_OURS" \
            "$OVSDB_SERVER_OURS" "$OVSDB_TOOL"; do
    if test ! -x "$prog"; then
        echo "$0: $prog is missing (Debian's openvswitch-switch for the" \
             "reference, \"make\" for ours)" >&2
        exit 1
    fi
done
if test ! -r "$BENCH_SCHEMA"; then
    echo "$0: no schema at $BENCH_SCHEMA" >&2
    exit 1
fi

n=$(awk -v s="$scale" 'BEGIN { n = int(s * 1000 + 0.5); print n < 1 ? 1 : n }')
work=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-bench.XXXXXX")
# run() runs in a command substitution (a subshell), so the servers are
# found by their pidfiles rather than in a variable.
cleanup () {
    for f in "$work"/*/server.pid; do
        test -r "$f" && kill "$(cat "$f")" 2>/dev/null
    done
    if test -z "$BENCH_KEEP"; then
        rm -rf "$work"
    else
        echo "kept $work"
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# now: wall-clock seconds with nanoseconds.
now () {
    date +%s.%N
}

# setup DIR VSCTL SERVER: a fresh database in DIR served by SERVER, with
# bridge br0; sets $db.
setup () {
    mkdir "$1"
    "$OVSDB_TOOL" create "$1/conf.db" "$BENCH_SCHEMA"
    # The control socket and log go to DIR too (Debian's defaults are
    # system directories).
    OVS_RUNDIR=$1 OVS_LOGDIR=$1 OVS_DBDIR=$1 \
        "$3" --detach --no-chdir --pidfile="$1/server.pid" \
        --log-file="$1/server.log" --remote=punix:"$1/db.sock" \
        --unixctl="$1/server.ctl" "$1/conf.db" 2>"$1/server.err"
    db=unix:$1/db.sock
    "$2" --db="$db" --no-wait init -- add-br br0
}

# finish DIR VSCTL START END: checks that br0 has N ports, stops the
# server and prints END - START.
finish () {
    got=$("$2" --db="$db" --no-wait list-ports br0 | wc -l)
    if test "$got" -ne "$n"; then
        echo "$0: $1: expected $n ports, found $got" >&2
        exit 1
    fi
    kill "$(cat "$1/server.pid")" 2>/dev/null
    awk -v a="$3" -v b="$4" 'BEGIN { printf "%.3f\n", b - a }'
}

# run NAME VSCTL SERVER: prints the seconds N separate add-ports took.
run () {
    setup "$work/$1" "$2" "$3"
    start=$(now)
    i=1
    while test $i -le "$n"; do
        "$2" --db="$db" --no-wait add-port br0 p$i
        i=$((i + 1))
    done
    finish "$work/$1" "$2" "$start" "$(now)"
}

# run_one NAME VSCTL SERVER K: prints the seconds one invocation adding N
# ports took, on a fresh database (the K-th of its runs).
run_one () {
    dir=$work/$1-one-$4
    vsctl=$2
    setup "$dir" "$vsctl" "$3"
    set -- "$vsctl" --db="$db" --no-wait
    i=1
    while test $i -le "$n"; do
        set -- "$@" -- add-port br0 p$i
        i=$((i + 1))
    done
    start=$(now)
    "$@"
    finish "$dir" "$vsctl" "$start" "$(now)"
}

# median: the median of the numbers on its standard input.
median () {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]
        else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

runs=${BENCH_ONE_RUNS:-3}
ref=$(run ref "$VSCTL_REF" "$OVSDB_SERVER_REF")
ours=$(run ours "$VSCTL_OURS" "$OVSDB_SERVER_OURS")
# The two sides take turns, so that a burst of load hits both.
ref_one= ours_one=
k=1
while test $k -le "$runs"; do
    ref_one="$ref_one $(run_one ref "$VSCTL_REF" "$OVSDB_SERVER_REF" $k)"
    ours_one="$ours_one $(run_one ours "$VSCTL_OURS" "$OVSDB_SERVER_OURS" $k)"
    k=$((k + 1))
done
ref_med=$(echo $ref_one | tr ' ' '\n' | median)
ours_med=$(echo $ours_one | tr ' ' '\n' | median)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
awk -v n="$n" -v r="$ref" -v o="$ours" 'BEGIN {
    printf "a) ovs-vsctl --no-wait add-port, %d separate invocations\n", n
    printf "  %-28s %8.3f s  %6.2f ms each\n", "Debian (client + server):",
           r, r * 1000 / n
    printf "  %-28s %8.3f s  %6.2f ms each\n", "ours (client + server):",
           o, o * 1000 / n
    printf "  ratio ours/Debian: %.2f (goal <= 0.50)\n", o / r
}'
awk -v n="$n" -v r="$ref_med" -v o="$ours_med" -v rs="$ref_one" \
    -v os="$ours_one" -v k="$runs" 'BEGIN {
    printf "b) one ovs-vsctl --no-wait adding %d ports, median of %d runs\n",
           n, k
    printf "  %-28s %8.3f s  (runs:%s)\n", "Debian (client + server):",
           r, rs
    printf "  %-28s %8.3f s  (runs:%s)\n", "ours (client + server):",
           o, os
    printf "  ratio ours/Debian: %.2f (goal <= 0.50)\n", o / r
}'
