# bench/automake.mk -- benchmarks against the reference (not part of "make
# check"; see bench/README.md).
#
# "make bench-ovsdb" runs the OVSDB benchmarks: Debian's ovsdb-server and
# ours (ovsdb/ovsdb-server of this build, reported as missing until it is
# built) side by side.  BENCH_* variables from the environment or the make
# command line tune it, e.g. "make bench-ovsdb BENCH_SCALE=0.1".

EXTRA_DIST += \
	bench/README.md \
	bench/ovsdb-bench.sh \
	bench/ovsdb-bench.py \
	bench/vsctl-bench.sh \
	bench/lib.sh
EXTRA_DIST += bench/vswitchd-bench.sh

# ovsdb-idl-bench: small transactions through the C IDL (measure c of
# bench-ovsdb; tests/ovsdb-perf.at runs it with a small count).
noinst_PROGRAMS += bench/ovsdb-idl-bench
bench_ovsdb_idl_bench_SOURCES = bench/ovsdb-idl-bench.c
bench_ovsdb_idl_bench_LDADD = lib/libvswitch-idl.a $(LIBOVS)
bench/ovsdb-idl-bench.$(OBJEXT): lib/vswitch-idl.h

BENCH_VARS = BENCH_SCALE BENCH_ONLY BENCH_PORTS BENCH_TXNS BENCH_WINDOW \
	BENCH_MONITORS BENCH_CHANGES BENCH_CHANGE_GAP BENCH_ROWS BENCH_BATCH \
	BENCH_COMPACT_MB BENCH_ECHO_MS BENCH_JSON BENCH_KEEP BENCH_REPEAT \
	BENCH_PIN_CPU \
	OVSDB_SERVER_REF OVSDB_SERVER_OURS

bench-ovsdb: all
	$(foreach v,$(BENCH_VARS),$(if $($(v)),$(v)='$($(v))')) \
	$(SHELL) $(srcdir)/bench/ovsdb-bench.sh --builddir=$(abs_builddir) \
		--srcdir=$(abs_srcdir)
.PHONY: bench-ovsdb

# "make bench-vsctl" times ovs-vsctl start-up, ours against Debian's.
bench-vsctl: all
	$(foreach v,BENCH_SCALE BENCH_KEEP,$(if $($(v)),$(v)='$($(v))')) \
	$(SHELL) $(srcdir)/bench/vsctl-bench.sh --builddir=$(abs_builddir) \
		--srcdir=$(abs_srcdir)
.PHONY: bench-vsctl

# "make bench-vswitchd" measures forwarding (pps, TCP, ping, CPU per packet):
# Debian's ovs-vswitchd, the Linux bridge and ours, on veths between network
# namespaces it creates.  Needs root, iperf3 and trafgen (netsniff-ng).
bench-vswitchd: all
	$(foreach v,BENCH_SCALE BENCH_SECS BENCH_OVS_TSO BENCH_KEEP,$(if $($(v)),$(v)='$($(v))')) \
	bash $(srcdir)/bench/vswitchd-bench.sh --builddir=$(abs_builddir) \
		--srcdir=$(abs_srcdir)
.PHONY: bench-vswitchd

# "make bench-openflow" times ovs-ofctl add-flows/del-flows of 100,000 flows
# and the switch's memory, Debian's OVS against ours, and runs the
# classifier micro-benchmark.  Needs root.
EXTRA_DIST += bench/openflow-bench.sh
bench-openflow: all tests/ovstest
	$(foreach v,BENCH_SCALE BENCH_FLOWS BENCH_KEEP,$(if $($(v)),$(v)='$($(v))')) \
	bash $(srcdir)/bench/openflow-bench.sh --builddir=$(abs_builddir) \
		--srcdir=$(abs_srcdir)
.PHONY: bench-openflow
