# utilities/vsctl.mk -- ovs-vsctl.
bin_PROGRAMS += utilities/ovs-vsctl
utilities_ovs_vsctl_SOURCES = \
	utilities/ovs-vsctl.c \
	utilities/vsctl-cmd.h \
	utilities/vsctl-data.c \
	utilities/vsctl-data.h \
	utilities/vsctl-db.c \
	utilities/vsctl-db.h \
	utilities/vsctl-dbcmds.c \
	utilities/vsctl-vscmds.c
utilities_ovs_vsctl_LDADD = $(LIBOVS)
dist_man_MANS += Documentation/ovs-vsctl.8
EXTRA_DIST += utilities/ovs-vsctl-bashcomp.bash
