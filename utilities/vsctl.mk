# utilities/vsctl.mk -- ovs-vsctl.
