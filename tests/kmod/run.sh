#!/bin/sh
# run.sh - build the ovsng kernel datapath and test it in a qemu VM.
#
# Usage: run.sh --check            exit 0 if this host can run the tests
#        run.sh SRCDIR WORKDIR [CHECK...]
#
# Builds datapath/ (copied to WORKDIR/ko, so the source tree stays clean)
# with kbuild against /lib/modules/KVER/build, builds tests/kmod/
# nl-malformed.c with gcc -static, then boots Debian's kernel once with
# kvm-module-test.sh (a copy of the project's shared tool) and runs
# guest-test.sh there.  The guest console is WORKDIR/console.log; the build
# log is WORKDIR/build.log.  KVER: $KMOD_KVER, else the newest kernel
# that has both headers and an image in /boot.
#
# KMOD_OVS_DPCTL names our own ovs-dpctl (the build's utilities/ovs-dpctl):
# it is copied into the guest as "ovsng-dpctl", next to Debian's, and
# driven against our module and against Debian's openvswitch.ko (shipped
# with -S, loaded by the guest script itself).  KMOD_BUILDDIR (default:
# two levels above KMOD_OVS_DPCTL) is the build tree whose ovs-vswitchd,
# ovsdb-server, ovsdb-tool, ovs-vsctl and ovs-appctl go into the guest's
# directory "ours"; Debian's go into "deb" (with their libraries).
#
# CHECK arguments name guest-test.sh's checks (default: all of them);
# VAR=VALUE arguments pass settings to it (PERF_COUNT, FUZZ_SECS, ...).
#
# Exit status: that of kvm-module-test.sh (0 = all checks passed), 77 when
# a prerequisite is missing, 99 when the module does not build cleanly.

PATH=$PATH:/sbin:/usr/sbin
export PATH

find_kver() {
	if [ -n "$KMOD_KVER" ]; then
		echo "$KMOD_KVER"
		return
	fi
	for d in $(ls -d /lib/modules/*/build 2>/dev/null | sort -rV); do
		v=${d#/lib/modules/}
		v=${v%/build}
		if [ -r "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/kernel" ]; then
			echo "$v"
			return
		fi
	done
}

prereqs() {
	for t in qemu-system-x86_64 busybox cpio gcc make depmod modprobe \
		readelf xz; do
		command -v $t >/dev/null 2>&1 || {
			echo "missing $t"
			return 1
		}
	done
	for f in /usr/bin/ovs-dpctl /usr/sbin/ovs-vswitchd /usr/sbin/ovsdb-server \
		/usr/bin/ovsdb-tool /usr/bin/ovs-vsctl /usr/bin/ovs-appctl \
		/usr/share/openvswitch/vswitch.ovsschema; do
		[ -e $f ] || { echo "missing $f (openvswitch-switch)"; return 1; }
	done
	ip=$(command -v ip || echo /usr/sbin/ip)
	[ -x "$ip" ] || { echo "missing iproute2 ip"; return 1; }
	v=$(find_kver)
	if [ -z "$v" ] || [ ! -d "/lib/modules/$v/build" ] ||
		[ ! -r "/boot/vmlinuz-$v" ]; then
		echo "no kernel headers+image (linux-headers-amd64, linux-image-amd64)"
		return 1
	fi
	# gcc -static needs libc.a.
	echo 'int main(void){return 0;}' >/tmp/kmod-static-$$.c
	gcc -static -o /tmp/kmod-static-$$ /tmp/kmod-static-$$.c 2>/dev/null
	rc=$?
	rm -f /tmp/kmod-static-$$ /tmp/kmod-static-$$.c
	[ $rc = 0 ] || { echo "gcc -static does not work"; return 1; }
}

if [ "$1" = --check ]; then
	prereqs
	exit $?
fi
[ $# -ge 2 ] || { echo "usage: $0 SRCDIR WORKDIR [CHECK...]" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
shift 2
prereqs >&2 || exit 77
KVER=$(find_kver)
IPBIN=$(command -v ip || echo /usr/sbin/ip)

mkdir -p "$WORK/ko" "$WORK/kodir"
WORK=$(cd "$WORK" && pwd)
rm -f "$WORK"/ko/*.o "$WORK"/ko/*.ko "$WORK"/kodir/*.ko
cp "$SRCDIR"/datapath/*.c "$SRCDIR"/datapath/*.h "$SRCDIR"/datapath/Kbuild \
	"$WORK/ko/"
t0=$(date +%s)
if ! make -j2 -C "/lib/modules/$KVER/build" M="$WORK/ko" modules \
	>"$WORK/build.log" 2>&1; then
	cat "$WORK/build.log"
	exit 99
fi
if grep -i 'warning' "$WORK/build.log"; then
	echo "the module built with warnings" >&2
	exit 99
fi
cp "$WORK/ko/ovsng_dp.ko" "$WORK/kodir/"
for p in nl-malformed nl-fuzz; do
	gcc -static -O2 -Wall -Werror -o "$WORK/$p" \
		"$SRCDIR/tests/kmod/$p.c" || exit 99
done
if [ ! -x "$KMOD_OVS_DPCTL" ]; then
	echo "KMOD_OVS_DPCTL must name the built ovs-dpctl" >&2
	exit 99
fi
cp "$KMOD_OVS_DPCTL" "$WORK/ovsng-dpctl"
BUILDDIR=${KMOD_BUILDDIR:-$(dirname "$(dirname "$KMOD_OVS_DPCTL")")}
rm -rf "$WORK/ours" "$WORK/deb"
mkdir -p "$WORK/ours" "$WORK/deb"
for f in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
	utilities/ovs-vsctl utilities/ovs-appctl; do
	if [ ! -x "$BUILDDIR/$f" ]; then
		echo "$BUILDDIR/$f is not built" >&2
		exit 99
	fi
	cp "$BUILDDIR/$f" "$WORK/ours/"
done
cp "$SRCDIR/vswitchd/vswitch.ovsschema" "$WORK/ours/"
cp -L /usr/sbin/ovs-vswitchd /usr/sbin/ovsdb-server /usr/bin/ovsdb-tool \
	/usr/bin/ovs-vsctl /usr/bin/ovs-appctl \
	/usr/share/openvswitch/vswitch.ovsschema "$WORK/deb/"
echo "kmod: module and test programs built in $(($(date +%s) - t0))s"

# KMOD_KMT_ARGS: extra kvm-module-test.sh options, for debugging (e.g.
# -A "loglevel=7 hung_task_timeout_secs=15" -t 120).
# shellcheck disable=SC2086
"$SRCDIR/tests/kmod/kvm-module-test.sh" -w -u -m veth,tun \
	-S openvswitch,pktgen,dummy -t 400 -k "$KVER" \
	-f /usr/bin/ovs-dpctl -f "$WORK/ovsng-dpctl" -f "$IPBIN" \
	-f "$WORK/nl-malformed" -f "$WORK/nl-fuzz" \
	-D "$WORK/ours" -D "$WORK/deb" $KMOD_KMT_ARGS \
	"$WORK/kodir" "$SRCDIR/tests/kmod/guest-test.sh" "$@" \
	>"$WORK/console.log" 2>&1
rc=$?
grep -a 'KMOD-CHECK\|KMOD-PERF\|KMOD-NOTE\|nl-fuzz: \|^kmt: ' "$WORK/console.log"
exit $rc
