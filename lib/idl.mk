# lib/idl.mk -- the C IDL (ovsdb-idl) and the accessor generator.
#
# The IDL itself is part of libovs.a.  ovsdb-idlc (a build tool, not
# installed) turns a schema into typed accessors: NAME-idl.h/.c, generated
# in the build tree and compiled into their own small library, so that
# libovs.a never depends on the generator.

lib_libovs_a_SOURCES += \
	lib/ovsdb-idl.c lib/ovsdb-idl.h lib/ovsdb-idl-provider.h

noinst_PROGRAMS += ovsdb/ovsdb-idlc
ovsdb_ovsdb_idlc_SOURCES = ovsdb/ovsdb-idlc.c
ovsdb_ovsdb_idlc_LDADD = $(LIBOVS)
EXTRA_DIST += Documentation/ovsdb-idlc.1

# How every generated IDL is made.
OVSDB_IDLC = ovsdb/ovsdb-idlc$(EXEEXT)

# The test schema's IDL, linked into ovstest for tests/test-ovsdb-idl.c.
EXTRA_DIST += tests/idltest.ovsschema
nodist_tests_ovstest_SOURCES = tests/idltest-idl.c tests/idltest-idl.h
tests_ovstest_SOURCES += tests/test-ovsdb-idl.c
tests/test-ovsdb-idl.$(OBJEXT): tests/idltest-idl.h
CLEANFILES += tests/idltest-idl.c tests/idltest-idl.h
tests/idltest-idl.h: tests/idltest.ovsschema $(OVSDB_IDLC)
	$(AM_V_GEN)$(MKDIR_P) tests && \
	$(OVSDB_IDLC) c-idl-header $(srcdir)/tests/idltest.ovsschema \
	    > $@.tmp && mv $@.tmp $@
tests/idltest-idl.c: tests/idltest.ovsschema tests/idltest-idl.h \
		$(OVSDB_IDLC)
	$(AM_V_GEN)$(MKDIR_P) tests && \
	$(OVSDB_IDLC) c-idl-source $(srcdir)/tests/idltest.ovsschema \
	    idltest-idl.h > $@.tmp && mv $@.tmp $@

# The Open_vSwitch database's IDL, for ovs-vswitchd and ovs-vsctl: link
# lib/libvswitch-idl.a before $(LIBOVS) and include "vswitch-idl.h" (found
# through -I$(top_builddir)/lib).  Names start with "vswitchrec_".
noinst_LIBRARIES += lib/libvswitch-idl.a
nodist_lib_libvswitch_idl_a_SOURCES = lib/vswitch-idl.c lib/vswitch-idl.h
BUILT_SOURCES += lib/vswitch-idl.h
CLEANFILES += lib/vswitch-idl.c lib/vswitch-idl.h
lib/vswitch-idl.h: vswitchd/vswitch.ovsschema $(OVSDB_IDLC)
	$(AM_V_GEN)$(MKDIR_P) lib && \
	$(OVSDB_IDLC) --prefix=vswitchrec_ c-idl-header \
	    $(srcdir)/vswitchd/vswitch.ovsschema > $@.tmp && mv $@.tmp $@
lib/vswitch-idl.c: vswitchd/vswitch.ovsschema lib/vswitch-idl.h \
		$(OVSDB_IDLC)
	$(AM_V_GEN)$(MKDIR_P) lib && \
	$(OVSDB_IDLC) --prefix=vswitchrec_ c-idl-source \
	    $(srcdir)/vswitchd/vswitch.ovsschema vswitch-idl.h \
	    > $@.tmp && mv $@.tmp $@
