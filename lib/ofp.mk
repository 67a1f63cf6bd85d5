# OpenFlow 1.0-1.5 wire formats: messages, matches (OXM/NXM), actions and
# instructions, encode and decode; ovs-ofctl.

lib_libovs_a_SOURCES += \
	lib/ofp-actions.c lib/ofp-actions.h \
	lib/ofp-flow.c \
	lib/ofp-bytes.h lib/ofp-msgs.c lib/ofp-msgs.h \
	lib/ofp-match-wire.c \
	lib/ofp-actions-wire.c \
	lib/ofp-flow-wire.c \
	lib/ofp-port.c lib/ofp-port.h \
	lib/ofp-async.c lib/ofp-async.h \
	lib/ofp-print.c lib/ofp-print.h \
	lib/ofp-group.c lib/ofp-group.h \
	lib/ofp-monitor.c lib/ofp-monitor.h \
	lib/ofp-bundle.c lib/ofp-bundle.h \
	lib/ofp-meter.c lib/ofp-meter.h

tests_ovstest_SOURCES += \
	tests/test-ofp-actions.c \
	tests/test-ofp-msgs.c

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

# Fuzz target for the OpenFlow message decoders.
FUZZ_TARGETS += tests/fuzz/fuzz-ofp-msgs
check_PROGRAMS += tests/fuzz/fuzz-ofp-msgs
tests_fuzz_fuzz_ofp_msgs_SOURCES = tests/fuzz/fuzz-ofp-msgs.c
if LIBFUZZER
tests_fuzz_fuzz_ofp_msgs_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_ofp_msgs_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_ofp_msgs_LDADD = $(LIBOVS)
else
tests_fuzz_fuzz_ofp_msgs_LDADD = tests/fuzz/fuzz-driver.o $(LIBOVS)
tests_fuzz_fuzz_ofp_msgs_DEPENDENCIES = tests/fuzz/fuzz-driver.o \
	lib/libovs.a
endif

# ovs-ofctl (Debian ships it in /usr/bin).
bin_PROGRAMS += utilities/ovs-ofctl
utilities_ovs_ofctl_SOURCES = utilities/ovs-ofctl.c
utilities_ovs_ofctl_LDADD = $(LIBOVS)
dist_man_MANS += Documentation/ovs-ofctl.8

# OpenFlow connections (helper "connmgr"): vconn framing and negotiation,
# rconn reliable connections.
lib_libovs_a_SOURCES += \
	lib/vconn.c lib/vconn.h \
	lib/rconn.c lib/rconn.h
tests_ovstest_SOURCES += \
	tests/test-vconn.c
# The os-ken controller app of tests/openflow.at.
EXTRA_DIST += tests/openflow-learn13.py
