# Packets and flows: lib/dp-packet, lib/packets, lib/flow (and their tests).
#
# Sources: packet buffers, protocol headers, the flow key and matches.
lib_libovs_a_SOURCES += \
	lib/dp-packet.c lib/dp-packet.h \
	lib/packets.c lib/packets.h \
	lib/flow.c lib/flow.h \
	lib/match.c lib/match.h

# Unit tests (run from tests/flow.at).
tests_ovstest_SOURCES += \
	tests/test-dp-packet.c \
	tests/test-packets.c \
	tests/test-flow.c

# Fuzz target for flow_extract() and match parsing, built like the targets
# in tests/automake.mk: with libFuzzer, or with fuzz-driver.o.
FUZZ_TARGETS += tests/fuzz/fuzz-flow
check_PROGRAMS += tests/fuzz/fuzz-flow
tests_fuzz_fuzz_flow_SOURCES = tests/fuzz/fuzz-flow.c
if LIBFUZZER
tests_fuzz_fuzz_flow_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_flow_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_flow_LDADD = $(LIBOVS)
else
tests_fuzz_fuzz_flow_LDADD = tests/fuzz/fuzz-driver.o $(LIBOVS)
tests_fuzz_fuzz_flow_DEPENDENCIES = tests/fuzz/fuzz-driver.o lib/libovs.a
endif
