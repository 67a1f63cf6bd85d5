#! /bin/sh
# ovsdb-bench.sh -- runs the OVSDB benchmarks (bench/ovsdb-bench.py) against
# Debian's ovsdb-server and ours, side by side, and prints one table.
#
# Usage: bench/ovsdb-bench.sh [--builddir=DIR] [--srcdir=DIR]
# "make bench-ovsdb" runs it with the build and source directories filled
# in.  Every parameter can be overridden from the environment (see
# bench/README.md), e.g. BENCH_SCALE=0.1 for a quick run.
#
# This wrapper only finds the programs and turns the BENCH_* variables into
# options; the measures themselves are in ovsdb-bench.py, so that they can
# time and parse without a shell in the way.

set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "$0" "$@"

PYTHON3=${PYTHON3:-/usr/bin/python3}
OVSDB_SERVER_REF=${OVSDB_SERVER_REF:-/usr/sbin/ovsdb-server}
OVSDB_SERVER_OURS=${OVSDB_SERVER_OURS:-$builddir/ovsdb/ovsdb-server}
BENCH_SCHEMA=${BENCH_SCHEMA:-$srcdir/vswitchd/vswitch.ovsschema}
OVSDB_TOOL=${OVSDB_TOOL:-/usr/bin/ovsdb-tool}
OVS_VSCTL=${OVS_VSCTL:-/usr/bin/ovs-vsctl}
OVS_APPCTL=${OVS_APPCTL:-/usr/bin/ovs-appctl}
OVSDB_IDL_BENCH=${OVSDB_IDL_BENCH:-$builddir/bench/ovsdb-idl-bench}

for prog in "$PYTHON3" "$OVSDB_SERVER_REF" "$OVSDB_TOOL" "$OVS_VSCTL" \
            "$OVS_APPCTL"; do
    if test ! -x "$prog"; then
        echo "$0: $prog is needed (Debian's openvswitch-switch and" \
             "python3)" >&2
        exit 1
    fi
done
if test ! -r "$BENCH_SCHEMA"; then
    echo "$0: no schema at $BENCH_SCHEMA" >&2
    exit 1
fi

# opt OPTION VALUE: adds "--OPTION=VALUE" when VALUE is set.
set -- --ref="$OVSDB_SERVER_REF" --ours="$OVSDB_SERVER_OURS" \
    --schema="$BENCH_SCHEMA" --tool="$OVSDB_TOOL" --vsctl="$OVS_VSCTL" \
    --appctl="$OVS_APPCTL" --idl-bench="$OVSDB_IDL_BENCH"
opt () {
    if test -n "$2"; then
        set_args="$set_args --$1=$2"
    fi
}
set_args=
opt scale "$BENCH_SCALE"
opt only "$BENCH_ONLY"
opt ports "$BENCH_PORTS"
opt txns "$BENCH_TXNS"
opt window "$BENCH_WINDOW"
opt monitors "$BENCH_MONITORS"
opt changes "$BENCH_CHANGES"
opt change-gap "$BENCH_CHANGE_GAP"
opt rows "$BENCH_ROWS"
opt batch "$BENCH_BATCH"
opt compact-mb "$BENCH_COMPACT_MB"
opt echo-ms "$BENCH_ECHO_MS"
opt repeat "$BENCH_REPEAT"
opt pin-cpu "$BENCH_PIN_CPU"
opt json "$BENCH_JSON"
if test -n "$BENCH_KEEP"; then
    set_args="$set_args --keep"
fi

# The values are numbers, letters and paths without blanks: word splitting
# of $set_args is safe.
exec "$PYTHON3" "$here/ovsdb-bench.py" "$@" $set_args
