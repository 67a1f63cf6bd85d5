#! /bin/sh
# vsctl-bench.sh -- times ovs-vsctl start-up: N separate invocations of
# "ovs-vsctl --no-wait add-port br0 pI", once with Debian's ovs-vsctl
# against Debian's ovsdb-server and once with ours against ours, each on a
# fresh database that grows to N ports, and prints both times and the
# ratio ours/Debian's (the goal is 0.5 or less).
#
# Usage: bench/vsctl-bench.sh [--builddir=DIR] [--srcdir=DIR] [--scale=X]
#   --scale=X  runs X * 1000 invocations (e.g. 0.1 for a quick run).
# Environment: BENCH_SCALE (same as --scale), VSCTL_REF, OVSDB_SERVER_REF,
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

# run NAME VSCTL SERVER: prints the seconds N add-ports took.
run () {
    dir=$work/$1
    mkdir "$dir"
    "$OVSDB_TOOL" create "$dir/conf.db" "$BENCH_SCHEMA"
    # The control socket and log go to DIR too (Debian's defaults are
    # system directories).
    OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir \
        "$3" --detach --no-chdir --pidfile="$dir/server.pid" \
        --log-file="$dir/server.log" --remote=punix:"$dir/db.sock" \
        --unixctl="$dir/server.ctl" "$dir/conf.db" 2>"$dir/server.err"
    db=unix:$dir/db.sock
    "$2" --db="$db" --no-wait init -- add-br br0

    start=$(now)
    i=1
    while test $i -le "$n"; do
        "$2" --db="$db" --no-wait add-port br0 p$i
        i=$((i + 1))
    done
    end=$(now)

    got=$("$2" --db="$db" --no-wait list-ports br0 | wc -l)
    if test "$got" -ne "$n"; then
        echo "$0: $1: expected $n ports, found $got" >&2
        exit 1
    fi
    kill "$(cat "$dir/server.pid")" 2>/dev/null
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

ref=$(run ref "$VSCTL_REF" "$OVSDB_SERVER_REF")
ours=$(run ours "$VSCTL_OURS" "$OVSDB_SERVER_OURS")
awk -v n="$n" -v r="$ref" -v o="$ours" 'BEGIN {
    printf "ovs-vsctl --no-wait add-port, %d separate invocations\n", n
    printf "  %-28s %8.3f s  %6.2f ms each\n", "Debian (client + server):",
           r, r * 1000 / n
    printf "  %-28s %8.3f s  %6.2f ms each\n", "ours (client + server):",
           o, o * 1000 / n
    printf "  ratio ours/Debian: %.2f (goal <= 0.50)\n", o / r
}'
