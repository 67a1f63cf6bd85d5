#! /bin/bash
# openflow-bench.sh -- flow-table programming benchmark: Debian's Open
# vSwitch and ours, one after the other in one run.  For each switch it
# starts a private ovsdb-server and ovs-vswitchd (in a network namespace
# of its own, so the bridge's internal device never reaches the host),
# makes a datapath_type=netdev bridge, then:
#
#   add     seconds for one "ovs-ofctl add-flows" of BENCH_FLOWS flows
#   rss0    the switch's resident memory before, in MiB
#   rss1    ... after the flows are in
#   rss2    ... after "ovs-ofctl del-flows" and two seconds
#   del     seconds for that del-flows
#
# checking with dump-aggregate that every flow arrived and left.  Then it
# runs the classifier micro-benchmark of tests/ovstest (10,000 rules over
# 10 masks: lookups per second, with and without megaflow wildcards,
# against a linear scan of the same rules) and prints one table with the
# ratios ours/reference.
#
# Each switch is programmed by its own ovs-ofctl: Debian's by
# /usr/bin/ovs-ofctl, ours by utilities/ovs-ofctl of the build directory,
# or by Debian's if ours is not built (the table says which).
#
# Usage: bench/openflow-bench.sh [--builddir=DIR] [--srcdir=DIR]
# Environment: BENCH_FLOWS (default 100000), BENCH_SCALE (multiplies it),
#   BENCH_KEEP=1 keeps the scratch directory.  Must run as root.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "$0" "$@"

nflows=$(awk -v n="${BENCH_FLOWS:-100000}" -v s="${BENCH_SCALE:-1}" \
    'BEGIN { n = int(n * s + 0.5); print n < 10 ? 10 : n }')
NS=ob$$-sw
REF_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
OUR_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema


test "$(id -u)" = 0 || die "must run as root (network namespace)"
for c in ip /usr/bin/ovsdb-tool /usr/sbin/ovsdb-server \
         /usr/sbin/ovs-vswitchd /usr/bin/ovs-vsctl /usr/bin/ovs-ofctl; do
    command -v "$c" >/dev/null \
        || die "$c missing (apt-get install openvswitch-switch)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/openflow-bench.XXXXXX")
pids=()
ns_made=

stop () {   # TERM, then KILL, our own PID only
    local p=$1 i
    kill -TERM "$p" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null; return 0; }
        sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null
}
cleanup () {
    trap - EXIT INT TERM
    local p
    for p in "${pids[@]}"; do stop "$p"; done
    test -n "$ns_made" && ip netns del "$NS" 2>/dev/null
    if test -n "${BENCH_KEEP:-}"; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM

ip netns add "$NS" || die "ip netns add $NS"
ns_made=1
ip netns exec "$NS" ip link set lo up

declare -A R
res () { R[$1|$2]=$3; }
rss () { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The flows: distinct IPv4 destinations and ports over a few tables'
# worth of shapes, as a controller would install them.
flows=$work/flows.txt
awk -v n="$nflows" 'BEGIN {
    for (i = 0; i < n; i++) {
        a = int(i / 65536) % 256; b = int(i / 256) % 256; c = i % 256
        if (i % 2)
            printf "priority=%d,ip,nw_dst=10.%d.%d.%d,actions=output:1\n", \
                100 + i % 7, a, b, c
        else
            printf "priority=%d,tcp,nw_src=172.16.%d.%d,tp_dst=%d," \
                "actions=mod_dl_dst:00:00:00:00:00:01,output:1\n", \
                200 + i % 5, b, c, 1 + a
    }
}' > "$flows"

# flow_count from "ovs-ofctl dump-aggregate".
count () {
    "$1" dump-aggregate "$2" 2>/dev/null \
        | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

# run COL TOOL SERVER VSWITCHD VSCTL OFCTL SCHEMA
run () {
    local col=$1 tool=$2 server=$3 vswitchd=$4 vsctl=$5 ofctl=$6 schema=$7
    local d=$work/$col db vs i t target n
    mkdir "$d"
    export OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d OVS_SYSCONFDIR=$d
    "$tool" create "$d/conf.db" "$schema" >"$d/tool.log" 2>&1 \
        || { res status "$col" "ovsdb-tool create fails"; return 1; }
    ip netns exec "$NS" "$server" "$d/conf.db" --remote=punix:"$d/db.sock" \
        --unixctl="$d/ovsdb-server.ctl" >"$d/ovsdb-server.log" 2>&1 &
    db=$!; pids+=("$db")
    for ((i = 0; i < 50; i++)); do test -S "$d/db.sock" && break; sleep 0.1; done
    ip netns exec "$NS" "$vswitchd" unix:"$d/db.sock" \
        --unixctl="$d/ovs-vswitchd.ctl" >"$d/ovs-vswitchd.log" 2>&1 &
    vs=$!; pids+=("$vs")
    if ! "$vsctl" --db=unix:"$d/db.sock" --timeout=30 add-br br0 \
            -- set bridge br0 datapath_type=netdev >"$d/vsctl.log" 2>&1; then
        res status "$col" "add-br fails: $(tail -1 "$d/vsctl.log")"
        stop "$vs"; stop "$db"; return 1
    fi
    target=unix:$d/br0.mgmt
    for ((i = 0; i < 50; i++)); do test -S "$d/br0.mgmt" && break; sleep 0.1; done
    "$ofctl" del-flows "$target" >"$d/ofctl.log" 2>&1 \
        || { res status "$col" "no OpenFlow: $(tail -1 "$d/ofctl.log")"
             stop "$vs"; stop "$db"; return 1; }
    sleep 1
    res rss0 "$col" "$(rss "$vs")"
    t=$(now)
    if ! "$ofctl" add-flows "$target" "$flows" >>"$d/ofctl.log" 2>&1; then
        res status "$col" "add-flows fails: $(tail -1 "$d/ofctl.log")"
    else
        res add "$col" "$(elapsed "$t")"
        res rss1 "$col" "$(rss "$vs")"
        n=$(count "$ofctl" "$target")
        test "$n" = "$nflows" || res status "$col" "$n of $nflows flows"
        t=$(now)
        "$ofctl" del-flows "$target" >>"$d/ofctl.log" 2>&1
        res del "$col" "$(elapsed "$t")"
        sleep 2
        res rss2 "$col" "$(rss "$vs")"
        n=$(count "$ofctl" "$target")
        test "$n" = 0 || res status "$col" "$n flows left after del-flows"
    fi
    stop "$vs"; stop "$db"
}

log "$nflows flows; Debian's OVS"
run ref /usr/bin/ovsdb-tool /usr/sbin/ovsdb-server /usr/sbin/ovs-vswitchd \
    /usr/bin/ovs-vsctl /usr/bin/ovs-ofctl "$REF_SCHEMA"

ofctl=$builddir/utilities/ovs-ofctl
ofctl_note="ours"
test -x "$ofctl" || { ofctl=/usr/bin/ovs-ofctl; ofctl_note="Debian's"; }
if test -x "$builddir/vswitchd/ovs-vswitchd"; then
    log "ours ($builddir), programmed by $ofctl_note ovs-ofctl"
    run ours "$builddir/ovsdb/ovsdb-tool" "$builddir/ovsdb/ovsdb-server" \
        "$builddir/vswitchd/ovs-vswitchd" "$builddir/utilities/ovs-vsctl" \
        "$ofctl" "$OUR_SCHEMA"
else
    res status ours "not built"
fi

# Classifier micro-benchmark (ours only: the reference has no such tool).
cls=
if test -x "$builddir/tests/ovstest"; then
    cls=$("$builddir/tests/ovstest" test-classifier bench 10000 10 1000000 \
          2>/dev/null)
fi

ratio () {
    local a=${R[$1|ours]:-} b=${R[$1|ref]:-}
    if [[ $a =~ ^[0-9.]+$ && $b =~ ^[0-9.]+$ ]] \
       && awk -v b="$b" 'BEGIN { exit !(b > 0) }'; then
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
    else
        echo -
    fi
}
echo
echo "OpenFlow flow table: $nflows flows, ovs-ofctl add-flows / del-flows"
printf '%-34s %6s %12s %12s %9s\n' measure unit reference ovsng ovsng/ref
for k in add:s rss0:MiB rss1:MiB rss2:MiB del:s; do
    key=${k%%:*} unit=${k#*:}
    case $key in
        add) what="add-flows" ;; del) what="del-flows" ;;
        rss0) what="switch RSS, empty" ;; rss1) what="switch RSS, with flows" ;;
        rss2) what="switch RSS, after del-flows" ;;
    esac
    printf '%-34s %6s %12s %12s %9s\n' "$what" "$unit" \
        "${R[$key|ref]:--}" "${R[$key|ours]:--}" "$(ratio "$key")"
done
for c in ref ours; do
    test -n "${R[status|$c]:-}" && echo "$c: ${R[status|$c]}"
done
echo "ours programmed by $ofctl_note ovs-ofctl"
if test -n "$cls"; then
    echo
    echo "Classifier (tests/ovstest test-classifier bench 10000 10):"
    echo "$cls"
fi
test -z "${R[status|ref]:-}${R[status|ours]:-}"
