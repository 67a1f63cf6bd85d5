# The netlink datapath provider ("system": the kernel module over Generic
# Netlink with libnl-genl-3) and ovs-dpctl.
lib_libovs_a_SOURCES += \
	lib/odp-key.c lib/odp-key.h \
	lib/dpif-netlink.c
lib_libovs_a_CFLAGS += $(NLGENL_CFLAGS)
LIBOVS += $(NLGENL_LIBS)

tests_ovstest_SOURCES += tests/test-odp-key.c

# Debian ships ovs-dpctl in /usr/bin.
bin_PROGRAMS += utilities/ovs-dpctl
utilities_ovs_dpctl_SOURCES = utilities/ovs-dpctl.c
utilities_ovs_dpctl_LDADD = $(LIBOVS)
dist_man_MANS += Documentation/ovs-dpctl.8
