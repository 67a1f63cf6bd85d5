# OpenFlow 1.0-1.5 wire formats: messages, matches (OXM/NXM), actions and
# instructions, encode and decode; ovs-ofctl.

lib_libovs_a_SOURCES += \
	lib/ofp-actions.c lib/ofp-actions.h \
	lib/ofp-flow.c

tests_ovstest_SOURCES += \
	tests/test-ofp-actions.c

# Fuzz target for the action and flow text parsers (smoke-run from
# tests/ofp-codec.at), built like fuzz-flow in lib/flow.mk.
FUZZ_TARGETS += tests/fuzz/fuzz-ofp-actions
check_PROGRAMS += tests/fuzz/fuzz-ofp-actions
tests_fuzz_fuzz_ofp_actions_SOURCES = tests/fuzz/fuzz-ofp-actions.c
if LIBFUZZER
tests_fuzz_fuzz_ofp_actions_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_ofp_actions_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_ofp_actions_LDADD = $(LIBOVS)
else
tests_fuzz_fuzz_ofp_actions_LDADD = tests/fuzz/fuzz-driver.o $(LIBOVS)
tests_fuzz_fuzz_ofp_actions_DEPENDENCIES = tests/fuzz/fuzz-driver.o \
	lib/libovs.a
endif
