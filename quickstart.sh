#!/bin/sh
# quickstart.sh -- from a fresh clone to a running switch or a tested tree.
#
#   ./quickstart.sh sandbox   install what is missing, build, start the sandbox
#   ./quickstart.sh check     install what is missing, build, run the tests
#   ./quickstart.sh build     install what is missing, build
#
# The build happens in _build/ (override with BUILD_DIR); extra configure
# options come from CONFIGURE_FLAGS (e.g. --enable-sanitizers), extra test
# suite options from TESTSUITEFLAGS (default: -jN for N processors).
set -e

top=$(cd "$(dirname "$0")" && pwd)
what=${1:-sandbox}
case $what in
    sandbox|check|build) ;;
    -h|--help)
        sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *)
        echo "$0: unknown command '$what' (use sandbox, check or build)" >&2
        exit 2 ;;
esac

say () { printf '%s\n' "quickstart: $*"; }

# Debian packages: what the build needs, and what the tests use as peers
# and tools (Debian's own Open vSwitch is used only as a reference client
# in interop tests, never by the product).
build_pkgs="gcc make autoconf automake pkg-config libssl-dev libcap-ng-dev
    libnl-3-dev libnl-genl-3-dev libnl-route-3-dev"
test_pkgs="openssl python3 iproute2 procps clang openvswitch-common
    openvswitch-switch python3-openvswitch
    linux-headers-amd64 linux-image-amd64 qemu-system-x86 busybox-static cpio
    kmod xz-utils binutils libc6-dev iputils-ping iperf3 python3-os-ken
    tshark"
case $what in
    check) pkgs="$build_pkgs $test_pkgs" ;;
    *) pkgs="$build_pkgs" ;;
esac

missing=
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
            | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if test -n "$missing"; then
    if test "$(id -u)" = 0; then
        say "installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # openvswitch-switch is wanted only for its ovs-vsctl (a reference
        # client): keep its service from starting while it installs.
        rc_d=/usr/sbin/policy-rc.d
        if test ! -e $rc_d; then
            printf '#!/bin/sh\nexit 101\n' > $rc_d && chmod +x $rc_d
            trap 'rm -f $rc_d' EXIT
        fi
        apt-get install -y -qq --no-install-recommends $missing
        if test -n "$(trap -p EXIT)"; then rm -f $rc_d; trap - EXIT; fi
    else
        say "missing Debian packages:$missing"
        say "run as root:  apt-get install$missing"
        exit 1
    fi
fi

cd "$top"
if test ! -x configure || test configure.ac -nt configure \
        || test Makefile.am -nt configure; then
    say "bootstrapping (./boot.sh)"
    ./boot.sh >/dev/null 2>&1 || ./boot.sh
fi

build=${BUILD_DIR:-$top/_build}
mkdir -p "$build"
cd "$build"
if test ! -f Makefile || test "$top/configure" -nt config.status; then
    say "configuring in $build"
    "$top/configure" -q $CONFIGURE_FLAGS
fi
jobs=$(nproc 2>/dev/null || echo 2)
say "building"
make -s -j"$jobs"

case $what in
    build)
        say "built in $build" ;;
    check)
        say "running the test suite"
        exec make -s check TESTSUITEFLAGS="${TESTSUITEFLAGS:--j$jobs}" ;;
    sandbox)
        exec "$top/utilities/ovs-sandbox" --builddir="$build" \
            --srcdir="$top" ;;
esac
