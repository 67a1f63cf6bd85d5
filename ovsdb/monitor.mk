# ovsdb/monitor.mk -- monitors (RFC 7047 monitor and extensions) and
# the transaction history for monitor_cond_since.
ovsdb_libovsdb_a_SOURCES += ovsdb/ovsdb-monitor.c ovsdb/ovsdb-monitor.h
tests_ovstest_SOURCES += tests/test-ovsdb-monitor.c

# Fuzz target for "transact" (and the monitors fed by it): built like the
# targets in tests/automake.mk, with libFuzzer or with fuzz-driver.o.
FUZZ_TARGETS += tests/fuzz/fuzz-transact
check_PROGRAMS += tests/fuzz/fuzz-transact
tests_fuzz_fuzz_transact_SOURCES = tests/fuzz/fuzz-transact.c
if LIBFUZZER
tests_fuzz_fuzz_transact_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_transact_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_transact_LDADD = ovsdb/libovsdb.a $(LIBOVS)
else
tests_fuzz_fuzz_transact_LDADD = tests/fuzz/fuzz-driver.o \
	ovsdb/libovsdb.a $(LIBOVS)
tests_fuzz_fuzz_transact_DEPENDENCIES = tests/fuzz/fuzz-driver.o \
	ovsdb/libovsdb.a lib/libovs.a
endif
