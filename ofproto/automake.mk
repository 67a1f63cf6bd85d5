# ofproto/automake.mk -- the OpenFlow switch (ofproto/ofproto.h).
#
# ofproto/libofproto.a: users link it before $(LIBOVS).
noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/connmgr.c \
	ofproto/connmgr.h \
	ofproto/ofproto.c \
	ofproto/ofproto.h \
	ofproto/ofproto-bundle.c \
	ofproto/ofproto-bundle.h \
	ofproto/ofproto-group.c \
	ofproto/ofproto-group.h \
	ofproto/ofproto-meter.c \
	ofproto/ofproto-meter.h \
	ofproto/ofproto-monitor.c \
	ofproto/ofproto-monitor.h \
	ofproto/ofproto-private.h \
	ofproto/ofproto-test.h \
	ofproto/upcall.c \
	ofproto/upcall.h \
	ofproto/xlate.c \
	ofproto/xlate.h

# tests/automake.mk sets tests_ovstest_LDADD after this fragment is read,
# so ofproto's driver is a program of its own (run from tests/ofproto.at).
check_PROGRAMS += tests/test-ofproto
tests_test_ofproto_SOURCES = tests/test-ofproto.c
tests_test_ofproto_LDADD = ofproto/libofproto.a $(LIBOVS)
tests_test_ofproto_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ofproto
