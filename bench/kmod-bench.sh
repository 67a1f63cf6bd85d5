#! /bin/sh
# kmod-bench.sh -- the kernel datapath's cache-hit cost: our module
# (datapath/, ovsng_dp.ko) against Linux's openvswitch.ko, in one qemu boot.
#
# Usage: bench/kmod-bench.sh [--builddir=DIR] [--srcdir=DIR]
# Environment: BENCH_FRAMES (frames per pktgen run, default 200000),
#   BENCH_ROUNDS (how many times the whole measure repeats in the boot,
#   default 2), BENCH_KEEP=1 keeps the scratch directory (console log).
#
# It uses the machinery of the kmod tests (tests/kmod/run.sh: build the
# module, boot Debian's kernel under qemu with an initramfs) and runs only
# the guest's "perf" check (tests/kmod/guest-test.sh, t_perf): pktgen, in
# the kernel, sends 60-byte UDP frames on a datapath's internal port,
# whose transmit function runs the datapath synchronously; one megaflow
# matches them all and drops them, so every frame is a flow-table hit.
# pktgen reports the time it took; the same frames into a dummy device
# give the cost of pktgen itself.  Each figure is the best of three runs
# (TCG timing is noisy, and noise only slows a run down), our module is
# measured before and after openvswitch.ko, the dummy device at both ends.
# The guest prints one line per round:
#
#   KMOD-PERF frames=N ns/frame: pktgen-only=B ovsng_dp=O openvswitch=V;
#     cache hit: ovsng_dp=O-B openvswitch=V-B ns;
#     throughput ovsng_dp/openvswitch V/O
#
# qemu emulates the CPU (TCG, no KVM here): absolute figures are tens of
# times those of real hardware; only the ratios mean something.  Needs
# what tests/kmod/run.sh --check needs; no root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "$0" "$@"

if ! "$srcdir/tests/kmod/run.sh" --check; then
    echo "$0: cannot run the VM tests here (see above)" >&2
    exit 77
fi
frames=${BENCH_FRAMES:-200000}
rounds=${BENCH_ROUNDS:-2}
checks=load
i=0
while [ "$i" -lt "$rounds" ]; do
    checks="$checks perf"
    i=$((i + 1))
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kmod-bench.XXXXXX")
echo "kmod-bench: $rounds round(s) of $frames frames; load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
KMOD_OVS_DPCTL=$builddir/utilities/ovs-dpctl KMOD_BUILDDIR=$builddir \
    KMOD_KMT_ARGS="-t 900" \
    "$srcdir/tests/kmod/run.sh" "$srcdir" "$work" $checks \
    PERF_COUNT="$frames" >"$work/run.out" 2>&1
rc=$?
grep -a 'KMOD-PERF\|KMOD-CHECK\|^kmt: .*PASS\|^kmt: .*FAIL' "$work/run.out" \
    | tr -d '\r'
if [ -n "${BENCH_KEEP:-}" ]; then
    echo "kept $work (console.log)"
else
    rm -rf "$work"
fi
exit $rc
