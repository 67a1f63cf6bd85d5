#! /bin/bash
# vswitchd-bench.sh -- forwarding benchmark: Debian's Open vSwitch (userspace
# datapath, datapath_type=netdev), the Linux bridge and ours (this build's
# vswitchd/ovs-vswitchd + ovsdb/ovsdb-server + utilities/ovs-vsctl, also
# datapath_type=netdev), one after the other in one run, on the same veth
# topology.  For each switch it measures ping latency, TCP throughput with
# the veths' default offloads (iperf3), delivered packets per second of
# 64-byte UDP frames (trafgen), and the switch process's CPU time per
# delivered packet; then it prints a table with the ratios ours/OVS and
# ours/Linux bridge.
#
# Usage: bench/vswitchd-bench.sh [--builddir=DIR] [--srcdir=DIR]
# Environment: BENCH_SECS (length of each TCP and pps window, default 10),
#   BENCH_SCALE (multiplies the default windows, e.g. 0.3 for a quick run),
#   BENCH_OVS_TSO (1, the default: Debian's OVS runs with
#   other_config:userspace-tso-enable=true, without which its TCP with
#   default veth offloads fails on checksums; 0: off), BENCH_KEEP=1 keeps
#   the scratch directory (logs), BENCH_SWITCHES (default "ovs lbr ours":
#   which switches to measure; the others' columns stay empty), BENCH_PERF
#   (pps or tcp) records a perf profile of ours during that window
#   (perf.data in the scratch directory, which is then kept), BENCH_SINK
#   (drop, the default: during the pps window a tc filter on ns2's eth0
#   drops the UDP flood before ns2's stack; stack: no filter, ns2's stack
#   takes every frame and answers ICMP port unreachable).  Must run as
#   root.
#
# Topology, all inside namespaces this script creates (prefix vbPID-):
#   ns1: eth0 10.0.0.1/24 --veth-- v1 \
#                                      sw: the switch under test
#   ns2: eth0 10.0.0.2/24 --veth-- v2 /
# The daemons run inside "sw", so the tap devices a netdev datapath creates
# never appear in the root namespace.  Fresh veths for each switch.  At exit
# (trap) the script stops the processes it started, by PID, and deletes the
# namespaces it created, which removes every device inside them.
#
# Ours is measured only if it is built and forwards: otherwise its column
# says "not built", "does not start" or "does not forward (ping fails)".
# The switch CPU figure is utime+stime of the switch process (all its
# threads, /proc/PID/stat) during the pps window divided by the packets
# delivered to ns2 in that window; the Linux bridge forwards in softirq
# context, which no process accounts for, so it has none.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "$0" "$@"

secs=${BENCH_SECS:-$(awk -v s="${BENCH_SCALE:-1}" \
    'BEGIN { n = int(10 * s + 0.5); print n < 2 ? 2 : n }')}
P=vb$$-
NS1=${P}ns1 NS2=${P}ns2 NSW=${P}sw
IP1=10.0.0.1 IP2=10.0.0.2 PORT=5201
HZ=$(getconf CLK_TCK)
REF_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
OUR_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema


test "$(id -u)" = 0 || die "must run as root (namespaces, veths)"
for c in ip ping iperf3 trafgen python3 ss /usr/bin/ovsdb-tool \
         /usr/sbin/ovsdb-server /usr/sbin/ovs-vswitchd /usr/bin/ovs-vsctl; do
    command -v "$c" >/dev/null \
        || die "$c missing (apt-get install iperf3 netsniff-ng" \
               "openvswitch-switch)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/vswitchd-bench.XXXXXX")
pids=()          # every process we started in the background
created_ns=()

# stop PID: TERM, then KILL, only if PID is still one of ours.
stop () {
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
    local p n
    for p in "${pids[@]}"; do stop "$p"; done
    for n in "${created_ns[@]}"; do ip netns del "$n" 2>/dev/null; done
    if test -n "${BENCH_KEEP:-}"; then
        log "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM

# bg NS LOGFILE CMD...: starts CMD inside namespace NS in the background;
# sets BG to its PID ("ip netns exec" execs CMD, so the PID is CMD's).
bg () {
    local ns=$1 lf=$2; shift 2
    ip netns exec "$ns" "$@" >"$lf" 2>&1 </dev/null &
    BG=$!
    pids+=("$BG")
}
unbg () {   # forget PID after stopping it
    local p=$1 q keep=()
    stop "$p"
    for q in "${pids[@]}"; do test "$q" = "$p" || keep+=("$q"); done
    pids=("${keep[@]}")
}
nsx () { local n=$1; shift; ip netns exec "$n" "$@"; }
ctr () { nsx "$1" cat "/sys/class/net/$2/statistics/$3"; }
ticks () { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree_ticks () {  # PID: ticks of PID and all its descendants
    local c t
    t=$(ticks "$1")
    for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        t=$((t + $(tree_ticks "$c")))
    done
    echo "$t"
}
now () { date +%s.%N; }
pct () {  # TICKS T0 T1: TICKS of CPU time as a share of one core, in %
    awk -v c="$1" -v hz="$HZ" -v a="$2" -v b="$3" \
        'BEGIN { printf "%.0f", c / hz / (b - a) * 100 }'
}

# ---------------------------------------------------------------- results
declare -A R
res () { R[$1|$2]=$3; }

# ---------------------------------------------------------------- topology
for n in "$NS1" "$NS2" "$NSW"; do
    ip netns add "$n" || die "ip netns add $n"
    created_ns+=("$n")
    nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    nsx "$n" ip link set lo up
done
# Keep iptables out of the Linux bridge's path (per-namespace sysctls).
for t in iptables ip6tables arptables; do
    f=/proc/sys/net/bridge/bridge-nf-call-$t
    nsx "$NSW" sh -c "test -w $f && echo 0 > $f" 2>/dev/null
done

make_links () {
    ip -n "$NSW" link add v1 type veth peer name eth0 netns "$NS1" || die veth
    ip -n "$NSW" link add v2 type veth peer name eth0 netns "$NS2" || die veth
    nsx "$NS1" ip addr add $IP1/24 dev eth0
    nsx "$NS2" ip addr add $IP2/24 dev eth0
    nsx "$NS1" ip link set eth0 up
    nsx "$NS2" ip link set eth0 up
    ip -n "$NSW" link set v1 up
    ip -n "$NSW" link set v2 up
}
del_links () {
    ip -n "$NSW" link del v1 2>/dev/null
    ip -n "$NSW" link del v2 2>/dev/null
}

# ---------------------------------------------------------------- measures
# forwards: true if ns1 reaches ns2 within about 10 s (ARP, flow set-up).
forwards () {
    local i
    for ((i = 0; i < 10; i++)); do
        nsx "$NS1" ping -c 1 -W 1 $IP2 >/dev/null 2>&1 && return 0
    done
    return 1
}

t_ping () {  # col
    local out
    out=$(nsx "$NS1" ping -q -c 50 -i 0.02 -W 1 $IP2 2>&1)
    res ping_rx "$1" "$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")/50"
    # "rtt min/avg/max/mdev = 0.050/0.077/0.147/0.020 ms"
    local rtt
    rtt=$(sed -n 's|^rtt.* = \([0-9./]*\) ms.*|\1|p' <<<"$out")
    res ping "$1" "$(cut -d/ -f2 <<<"$rtt")"
    res pingmax "$1" "$(cut -d/ -f3 <<<"$rtt")"
}

t_tcp () {  # col switch-pid-or-empty
    local col=$1 sp=${2:-} j=$work/tcp.$1.json p i pp=
    bg "$NS2" "$work/iperf-s.$col.log" iperf3 -s -1 -B $IP2 -p $PORT
    p=$BG
    for ((i = 0; i < 50; i++)); do
        nsx "$NS2" ss -Hltn "sport = :$PORT" | grep -q LISTEN && break
        sleep 0.1
    done
    if test "$col" = ours && test "${BENCH_PERF:-}" = tcp; then
        BENCH_KEEP=1
        perf record -g -o "$work/perf.data" -p "$sp" -- sleep "$secs" \
            >"$work/perf.log" 2>&1 &
        pp=$!
    fi
    local c0 c1 t0 t1
    c0=$(test -n "$sp" && ticks "$sp")
    t0=$(now)
    timeout $((secs + 20)) ip netns exec "$NS1" iperf3 -c $IP2 -p $PORT \
        -t "$secs" -J --connect-timeout 3000 >"$j" 2>&1
    t1=$(now)
    c1=$(test -n "$sp" && ticks "$sp")
    test -n "$sp" && res tcpcore "$col" "$(pct $((c1 - c0)) "$t0" "$t1")"
    test -n "$pp" && wait "$pp"
    unbg "$p"
    # The table gets the figure or "FAIL"; the reason goes to stderr.
    res tcp "$col" "$(python3 - "$j" 2>"$work/tcp.$col.err" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    print("FAIL"); print("no iperf3 result", file=sys.stderr); sys.exit()
if d.get("error"):
    print("FAIL"); print(d["error"], file=sys.stderr); sys.exit()
print("%.2f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))
EOF
)"
    test -s "$work/tcp.$col.err" \
        && log "$col: iperf3: $(cat "$work/tcp.$col.err")"
}

# The pps window's sink.  ns2 has no UDP listener on port 9, so with
# BENCH_SINK=stack every frame goes up ns2's IP stack, which looks up a
# route and sends an ICMP port unreachable (rate-limited) for it.  A veth
# delivers to its peer in the sender's context (veth_xmit -> netif_rx,
# processed when the sender re-enables bottom halves), so that cost lands
# on whoever transmits into ns2's veth: the switch's own thread for OVS
# and ours, the sender's system call for the Linux bridge.  The default
# sink (BENCH_SINK=drop) is a tc ingress filter on ns2's eth0 that drops
# only the flood (IPv4 UDP to port 9, first fragments and whole packets)
# before the stack sees it; ARP, ping and TCP pass.  veth counts
# rx_packets when the switch transmits, before the filter, so "delivered"
# still means what the switch handed to ns2.  The kernel here has neither
# flower nor gact, so the filter is classic BPF in cls_bpf's direct-action
# mode (cls_bpf puts the Ethernet header back at ingress, so offsets count
# from it): ret 2 is TC_ACT_SHOT, ret 0 TC_ACT_OK.
# tc's "bytecode" syntax: the count, then "code jt jf k" per instruction.
SINK_BPF="11,40 0 0 12,21 0 8 2048,"          # ldh [12]; jne #0x800, ok
SINK_BPF+="48 0 0 23,21 0 6 17,"              # ldb [23]; jne #17, ok
SINK_BPF+="40 0 0 20,69 4 0 8191,"            # ldh [20]; jset #0x1fff, ok
SINK_BPF+="177 0 0 14,72 0 0 16,21 0 1 9,"    # ldxb 4*([14]&0xf);
                                              # ldh [x+16]; jne #9, ok
SINK_BPF+="6 0 0 2,6 0 0 0"                   # ret #2 (drop); ok: ret #0
sink=${BENCH_SINK:-drop}
case $sink in drop|stack) ;; *) die "BENCH_SINK must be drop or stack" ;; esac
sink_add () {
    test "$sink" = drop || return 0
    nsx "$NS2" tc qdisc add dev eth0 clsact \
        && nsx "$NS2" tc filter add dev eth0 ingress bpf da \
               bytecode "$SINK_BPF" \
        || die "cannot install the tc drop filter (BENCH_SINK=stack works" \
               "without it)"
}
sink_del () {  # col: logs what the filter dropped, then removes it
    test "$sink" = drop || return 0
    log "$1: sink dropped $(nsx "$NS2" tc -s qdisc show dev eth0 \
        | sed -n '/clsact/,$ s/.*(dropped \([0-9]*\),.*/\1/p') frames"
    nsx "$NS2" tc qdisc del dev eth0 clsact
}

t_pps () {  # col switch-pid-or-empty
    local col=$1 sp=$2 m1 m2 t0 t1 a0 a1 d0 d1 c0 c1 p g0 g1
    m1=$(nsx "$NS1" cat /sys/class/net/eth0/address)
    m2=$(nsx "$NS2" cat /sys/class/net/eth0/address)
    # 60 bytes + 4 of FCS = a 64-byte frame on the wire.
    cat >"$work/udp64.trafgen" <<EOF
{ eth(da=$m2, sa=$m1, type=0x0800),
  ipv4(saddr=$IP1, daddr=$IP2, ttl=64, proto=17),
  udp(sport=9000, dport=9), fill(0x00, 18) }
EOF
    sink_add
    bg "$NS1" "$work/trafgen.$col.log" timeout -s INT $((secs + 4)) \
        trafgen -o eth0 -i "$work/udp64.trafgen" -P 1 --no-sock-mem -Q
    p=$BG
    sleep 2
    t0=$(now)
    a0=$(ctr "$NS1" eth0 tx_packets)
    d0=$(ctr "$NS2" eth0 rx_packets)
    c0=$(test -n "$sp" && ticks "$sp")
    # The sender's CPU time (trafgen runs under timeout(1) and sends from
    # a child process) tells whether it had a core to itself.
    g0=$(tree_ticks "$p")
    if test "$col" = ours && test "${BENCH_PERF:-}" = pps; then
        BENCH_KEEP=1
        perf record -g -o "$work/perf.data" -p "$sp" -- sleep "$secs" \
            >"$work/perf.log" 2>&1
    else
        sleep "$secs"
    fi
    t1=$(now)
    a1=$(ctr "$NS1" eth0 tx_packets)
    d1=$(ctr "$NS2" eth0 rx_packets)
    c1=$(test -n "$sp" && ticks "$sp")
    g1=$(tree_ticks "$p")
    unbg "$p"
    sink_del "$col"
    res offered "$col" "$(awk -v x=$((a1 - a0)) -v a="$t0" -v b="$t1" \
        'BEGIN { printf "%.0f", x / (b - a) / 1000 }')"
    res pps "$col" "$(awk -v x=$((d1 - d0)) -v a="$t0" -v b="$t1" \
        'BEGIN { printf "%.0f", x / (b - a) / 1000 }')"
    res gcore "$col" "$(pct $((g1 - g0)) "$t0" "$t1")"
    if test -n "$sp"; then
        res cpu "$col" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n=$((d1 - d0)) \
            -v a="$t0" -v b="$t1" 'BEGIN {
                if (n <= 0) { print "- (0 packets)"; exit }
                printf "%.0f", c / hz / n * 1e9 }')"
        res core "$col" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v a="$t0" \
            -v b="$t1" 'BEGIN { printf "%.0f", c / hz / (b - a) * 100 }')"
    else
        res cpu "$col" "n/a (softirq)"
    fi
}

suite () {  # col switch-pid-or-empty
    log "$1: ping"; t_ping "$1"
    log "$1: TCP ${secs}s"; t_tcp "$1" "$2"
    log "$1: 64-byte UDP pps ${secs}s"; t_pps "$1" "$2"
}

# ---------------------------------------------------------------- OVS-like
# ovs_run COL OVSDB-TOOL OVSDB-SERVER VSWITCHD VSCTL SCHEMA [TSO]:
# starts the database and the switch in $NSW, makes a netdev bridge with
# both veths and runs the suite.  Sets "status" for the column on failure.
ovs_run () {
    local col=$1 tool=$2 server=$3 vswitchd=$4 vsctl=$5 schema=$6 tso=${7:-0}
    local d=$work/$col db vs i
    mkdir "$d"
    export OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d OVS_SYSCONFDIR=$d
    vsc () { "$vsctl" --db=unix:"$d/db.sock" --timeout=30 "$@"; }
    "$tool" create "$d/conf.db" "$schema" >"$d/tool.log" 2>&1 \
        || { res status "$col" "ovsdb-tool create fails"; return 1; }
    bg "$NSW" "$d/ovsdb-server.log" "$server" "$d/conf.db" \
        --remote=punix:"$d/db.sock" --unixctl="$d/ovsdb-server.ctl"
    db=$BG
    for ((i = 0; i < 50; i++)); do
        test -S "$d/db.sock" && break
        sleep 0.1
    done
    vsc --no-wait init >"$d/vsctl.log" 2>&1 \
        || { res status "$col" "ovsdb-server does not start"
             unbg "$db"; return 1; }
    test "$tso" = 1 && vsc --no-wait set open_vswitch . \
        other_config:userspace-tso-enable=true
    bg "$NSW" "$d/ovs-vswitchd.log" "$vswitchd" unix:"$d/db.sock" \
        --unixctl="$d/ovs-vswitchd.ctl"
    vs=$BG
    make_links
    if ! vsc add-br br0 -- set bridge br0 datapath_type=netdev \
            -- add-port br0 v1 -- add-port br0 v2 >>"$d/vsctl.log" 2>&1; then
        log "$col: add-br failed: $(tail -1 "$d/vsctl.log")"
    fi
    if ! kill -0 "$vs" 2>/dev/null; then
        res status "$col" "ovs-vswitchd does not start (exits)"
    elif ! forwards; then
        res status "$col" "does not forward (ping fails)"
    else
        res rss0 "$col" "$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' \
            "/proc/$vs/status")"
        suite "$col" "$vs"
        kill -0 "$vs" 2>/dev/null || res status "$col" "ovs-vswitchd died"
    fi
    unbg "$vs"
    unbg "$db"
    del_links
}

log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
load0=$(cut -d' ' -f1-3 /proc/loadavg)

ovsver=$(/usr/sbin/ovs-vswitchd --version | awk 'NR == 1 { print $NF }')
switches=" ${BENCH_SWITCHES:-ovs lbr ours} "
want () { [[ $switches == *" $1 "* ]]; }

if want ovs; then
log "Debian's OVS $ovsver, netdev"
ovs_run ovs /usr/bin/ovsdb-tool /usr/sbin/ovsdb-server /usr/sbin/ovs-vswitchd \
    /usr/bin/ovs-vsctl "$REF_SCHEMA" "${BENCH_OVS_TSO:-1}"
fi

if want lbr; then
log "Linux bridge"
ip -n "$NSW" link add lbr type bridge stp_state 0 || die "bridge"
ip -n "$NSW" link set lbr up
make_links
ip -n "$NSW" link set v1 master lbr
ip -n "$NSW" link set v2 master lbr
if forwards; then suite lbr ""; else res status lbr "does not forward"; fi
del_links
ip -n "$NSW" link del lbr
fi

our_tool=$builddir/ovsdb/ovsdb-tool
test -x "$our_tool" || our_tool=/usr/bin/ovsdb-tool
missing=
for f in vswitchd/ovs-vswitchd ovsdb/ovsdb-server utilities/ovs-vsctl; do
    test -x "$builddir/$f" || missing="$missing $f"
done
if ! want ours; then
    :
elif test -n "$missing"; then
    res status ours "not built (no$missing)"
else
    log "ours ($builddir), netdev"
    ovs_run ours "$our_tool" "$builddir/ovsdb/ovsdb-server" \
        "$builddir/vswitchd/ovs-vswitchd" "$builddir/utilities/ovs-vsctl" \
        "$OUR_SCHEMA"
fi

# ---------------------------------------------------------------- table
ratio () {  # key ours-col ref-col: "x.xx" if both are numbers
    local a=${R[$1|$2]:-} b=${R[$1|$3]:-}
    if [[ $a =~ ^[0-9.]+$ && $b =~ ^[0-9.]+$ ]] \
       && awk -v b="$b" 'BEGIN { exit !(b > 0) }'; then
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
    else
        echo -
    fi
}
row () {  # key label [noratio]
    local r1=- r2=-
    if test -z "${3:-}"; then
        r1=$(ratio "$1" ours ovs)
        r2=$(ratio "$1" ours lbr)
    fi
    printf '%-42s %14s %14s %14s %9s %9s\n' "$2" "${R[$1|ovs]:--}" \
        "${R[$1|lbr]:--}" "${R[$1|ours]:--}" "$r1" "$r2"
}
echo
echo "OVS $ovsver; load average at start $load0, at end" \
     "$(cut -d' ' -f1-3 /proc/loadavg); windows ${secs}s; pps sink $sink"
printf '%-42s %14s %14s %14s %9s %9s\n' measure "OVS netdev" \
    "Linux bridge" ovsng ours/OVS ours/LB
row ping_rx "ping: replies" noratio
row ping "ping: avg rtt (ms)"
row pingmax "ping: max rtt (ms)"
row tcp "TCP iperf3, default offloads (Gbit/s)"
row tcpcore "switch CPU in the TCP window (% core)" noratio
row offered "64B UDP offered by ns1 (kpps)" noratio
row pps "64B UDP delivered to ns2 (kpps)"
row cpu "switch CPU per delivered packet (ns)"
row core "switch CPU in the pps window (% core)"
row gcore "sender (trafgen) CPU, pps window (% core)" noratio
row rss0 "switch RSS at start (MiB)"
for c in ovs lbr ours; do
    test -n "${R[status|$c]:-}" && echo "$c: ${R[status|$c]}"
done
test "${BENCH_OVS_TSO:-1}" = 1 \
    && echo "OVS runs with other_config:userspace-tso-enable=true"
echo "targets: ours/OVS delivered pps >= 2; ours/LB TCP >= 0.7"
exit 0
