# datapath/automake.mk -- the kernel datapath module (kbuild) and its tests.
#
# The module is never built by plain `make` (the kernel headers may be
# absent); only by these explicit targets and by tests/kmod.at:
#   make modules       build datapath/kbuild/ovsng_dp.ko in the build tree
#                      (KVER=... to choose the kernel; default: the newest
#                      /lib/modules/*/build)
#   make check-kernel  build it and run the qemu-booted tests (tests/kmod.at)
#   make bench-kmod    pktgen through it and through openvswitch.ko in the
#                      same VM (bench/kmod-bench.sh; see bench/README.md)
# kbuild writes next to its sources, so the sources are copied to the build
# tree first: the source tree stays clean.

DATAPATH_FILES = \
	datapath/Kbuild \
	datapath/actions.c \
	datapath/datapath.c \
	datapath/datapath.h \
	datapath/flow.c \
	datapath/flow_netlink.c \
	datapath/vport.c

EXTRA_DIST += \
	$(DATAPATH_FILES) \
	datapath/README.md \
	tests/kmod/guest-test.sh \
	tests/kmod/kvm-module-test.sh \
	tests/kmod/nl-fuzz.c \
	tests/kmod/nl-malformed.c \
	tests/kmod/run.sh \
	bench/kmod-bench.sh

KVER = $(shell ls -d /lib/modules/*/build 2>/dev/null | sort -rV | \
	sed -n '1s,^/lib/modules/\(.*\)/build$$,\1,p')

modules:
	@test -n '$(KVER)' && test -d /lib/modules/$(KVER)/build || \
	    { echo "no kernel headers (apt-get install linux-headers-amd64)"; \
	      exit 1; }
	@mkdir -p datapath/kbuild
	cp $(DATAPATH_FILES:%=$(srcdir)/%) datapath/kbuild/
	$(MAKE) -C /lib/modules/$(KVER)/build M=$(abs_builddir)/datapath/kbuild \
	    modules

check-kernel: tests/atconfig tests/atlocal $(TESTSUITE)
	$(MAKE) check TESTSUITEFLAGS='-k kmod $(TESTSUITEFLAGS)'

bench-kmod: all
	$(foreach v,BENCH_FRAMES BENCH_ROUNDS BENCH_KEEP,$(if $($(v)),$(v)='$($(v))')) \
	$(SHELL) $(srcdir)/bench/kmod-bench.sh --builddir=$(abs_builddir) \
		--srcdir=$(abs_srcdir)

.PHONY: modules check-kernel bench-kmod
