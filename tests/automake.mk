# tests/automake.mk -- the test suite: C unit tests in one "ovstest" binary,
# fuzz targets, and a GNU Autotest suite that drives them and the real
# programs.  "make check" runs it; TESTSUITEFLAGS passes options through
# (e.g. TESTSUITEFLAGS='-j2' or TESTSUITEFLAGS='-k json').

check_PROGRAMS += tests/ovstest
tests_ovstest_SOURCES = \
	tests/ovstest.c tests/ovstest.h \
	tests/test-containers.c \
	tests/test-daemon.c \
	tests/test-json.c \
	tests/test-jsonrpc.c \
	tests/test-poll-loop.c \
	tests/test-reconnect.c \
	tests/test-stream.c \
	tests/test-vlog.c \
	tests/test-ovsdb.c
tests_ovstest_LDADD = ovsdb/libovsdb.a $(LIBOVS)

# Fuzz targets.  With --enable-fuzzing (CC=clang) they are libFuzzer
# binaries; otherwise tests/fuzz/fuzz-driver.c gives each a main() that
# replays the files named on the command line and then runs a bounded
# number of random mutations of them, which the suite uses as a smoke run.
FUZZ_TARGETS = tests/fuzz/fuzz-json tests/fuzz/fuzz-jsonrpc
check_PROGRAMS += $(FUZZ_TARGETS)
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz-json.c
tests_fuzz_fuzz_jsonrpc_SOURCES = tests/fuzz/fuzz-jsonrpc.c
if LIBFUZZER
FUZZ_FLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_json_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_json_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_jsonrpc_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_jsonrpc_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_json_LDADD = $(LIBOVS)
tests_fuzz_fuzz_jsonrpc_LDADD = $(LIBOVS)
else
tests_fuzz_fuzz_json_LDADD = tests/fuzz/fuzz-driver.o $(LIBOVS)
tests_fuzz_fuzz_jsonrpc_LDADD = tests/fuzz/fuzz-driver.o $(LIBOVS)
tests_fuzz_fuzz_json_DEPENDENCIES = tests/fuzz/fuzz-driver.o lib/libovs.a
tests_fuzz_fuzz_jsonrpc_DEPENDENCIES = tests/fuzz/fuzz-driver.o lib/libovs.a
endif
EXTRA_DIST += tests/fuzz/fuzz-driver.c tests/fuzz/fuzz.h tests/fuzz/seeds
CLEANFILES += tests/fuzz/fuzz-driver.o

# "make fuzz FUZZ_SECONDS=600": long libFuzzer runs (configure with
# --enable-fuzzing CC=clang first); crashes are left in tests/fuzz/.
FUZZ_SECONDS = 60
fuzz: $(FUZZ_TARGETS)
	@test "x$(enable_fuzzing)" = xyes || { \
	    echo "make fuzz needs: ./configure --enable-fuzzing CC=clang"; exit 1; }
	@for t in $(FUZZ_TARGETS); do \
	    corpus=tests/fuzz/corpus-`basename $$t`; mkdir -p $$corpus; \
	    echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
	    ./$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=tests/fuzz/ \
	        $$corpus $(srcdir)/tests/fuzz/seeds || exit 1; \
	done
.PHONY: fuzz

TESTSUITE_AT = \
	tests/testsuite.at \
	tests/ovs-macros.at \
	tests/library.at \
	tests/json.at \
	tests/json-conformance.at \
	tests/jsonrpc.at \
	tests/reconnect.at \
	tests/stream.at \
	tests/ssl.at \
	tests/poll-loop.at \
	tests/vlog.at \
	tests/daemon.at \
	tests/appctl.at \
	tests/fuzz.at \
	tests/ovsdb-data.at \
	tests/ovsdb-log.at \
	tests/ovsdb-tool.at \
	tests/ovsdb-monitor.at \
	tests/ovsdb-server.at \
	tests/ovsdb-interop.at \
	tests/ovsdb-crash.at \
	tests/ovsdb-client.at \
	tests/ovsdb-idl.at \
	tests/ovsdb-perf.at \
	tests/vswitch-schema.at \
	tests/ovs-vsctl.at \
	tests/sandbox.at \
	tests/flow.at \
	tests/netdev.at \
	tests/kmod.at \
	tests/dpif.at \
	tests/classifier.at \
	tests/ofproto.at \
	tests/vswitchd.at \
	tests/ovs-dpctl.at \
	tests/ofp-codec.at \
	tests/ovs-ofctl.at \
	tests/openflow.at \
	tests/openflow-group.at \
	tests/openflow-monitor.at \
	tests/openflow-bundle.at \
	tests/openflow-meter.at \
	tests/ofproto-actions.at \
	tests/ofproto-learn.at \
	tests/ofproto-mpls.at \
	tests/ofproto-conjunction.at \
	tests/openflow-port.at \
	tests/openflow-wire.at \
	tests/flow-table.at \
	tests/ovs-ofctl-monitor.at \
	tests/openflow-pin2.at
# The suite is generated in the build tree, so that several build trees
# (plain, sanitizers) can run "make check" at once from one source tree.
TESTSUITE = tests/testsuite
EXTRA_DIST += $(TESTSUITE_AT) tests/atlocal.in \
	tests/package.m4 tests/summary.sh \
	tests/openflow-learn13.py tests/openflow-garble.py
DISTCLEANFILES += tests/atconfig tests/atlocal $(TESTSUITE)

AUTOTEST = $(AUTOM4TE) -l autotest
AUTOM4TE = autom4te
$(TESTSUITE): $(TESTSUITE_AT) $(srcdir)/tests/package.m4
	$(AM_V_GEN)$(AUTOTEST) -I '$(srcdir)' -I '$(srcdir)/tests' \
	    -o $@.tmp $(srcdir)/tests/testsuite.at && mv $@.tmp $@

$(srcdir)/tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN){ \
	  echo '# Signature of the current package.'; \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])'; \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])'; \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])'; \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])'; \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@.tmp && mv $@.tmp $@

AUTOTEST_PATH = utilities:ovsdb:vswitchd:tests:tests/fuzz

# The suite's exit status is the verdict; tests/summary.sh adds one
# "N passed, N failed, N skipped" line that CI systems can read.
check-local: tests/atconfig tests/atlocal $(TESTSUITE)
	@$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
	    $(TESTSUITEFLAGS); status=$$?; \
	$(SHELL) $(srcdir)/tests/summary.sh tests/testsuite.log; \
	exit $$status

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
	rm -rf datapath/kbuild
