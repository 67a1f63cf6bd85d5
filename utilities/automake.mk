# utilities/automake.mk -- the command-line tools.

bin_PROGRAMS += utilities/ovs-appctl
utilities_ovs_appctl_SOURCES = utilities/ovs-appctl.c
utilities_ovs_appctl_LDADD = $(LIBOVS)

EXTRA_DIST += utilities/ovs-sandbox

# "make sandbox": a private ovsdb-server + ovs-vswitchd from this build.
sandbox: all
	$(top_srcdir)/utilities/ovs-sandbox --builddir='$(abs_builddir)' \
	    --srcdir='$(abs_top_srcdir)'
.PHONY: sandbox
