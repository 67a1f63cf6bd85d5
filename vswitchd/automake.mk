# vswitchd/automake.mk -- build rules for vswitchd/: ovs-vswitchd and the
# Open_vSwitch database schema.
#
# vswitch.ovsschema is the Open_vSwitch database schema
# (ovs-vswitchd.conf.db(5)); it is installed in $(pkgdatadir), where
# ovsdb-tool create and ovs-vsctl's users expect it.
pkgdata_DATA += vswitchd/vswitch.ovsschema
EXTRA_DIST += vswitchd/vswitch.ovsschema

# Its man page; tests/vswitch-schema.at checks that it names every table
# and column of the schema.
dist_man_MANS += Documentation/ovs-vswitchd.conf.db.5

# ovs-vswitchd: bridge.c turns the database into ofproto calls.  It writes
# the schema's version into Open_vSwitch db_version, taken from the schema
# at build time (vswitch-version.h, in the build tree).
sbin_PROGRAMS += vswitchd/ovs-vswitchd
vswitchd_ovs_vswitchd_SOURCES = \
	vswitchd/bridge.c \
	vswitchd/bridge.h \
	vswitchd/ovs-vswitchd.c \
	vswitchd/system-id.c \
	vswitchd/system-id.h
nodist_vswitchd_ovs_vswitchd_SOURCES = vswitchd/vswitch-version.h
vswitchd_ovs_vswitchd_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ofproto \
	-I$(top_builddir)/vswitchd
vswitchd_ovs_vswitchd_LDADD = lib/libvswitch-idl.a ofproto/libofproto.a \
	$(LIBOVS)
BUILT_SOURCES += vswitchd/vswitch-version.h
CLEANFILES += vswitchd/vswitch-version.h
vswitchd/vswitch-version.h: vswitchd/vswitch.ovsschema
	$(AM_V_GEN)$(MKDIR_P) vswitchd && \
	sed -n 's/^ *"version": *"\([^"]*\)".*/#define VSWITCH_SCHEMA_VERSION "\1"/p' \
	    $(srcdir)/vswitchd/vswitch.ovsschema > $@.tmp && \
	test -s $@.tmp && mv $@.tmp $@
dist_man_MANS += Documentation/ovs-vswitchd.8
