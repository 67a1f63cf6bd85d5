# The netlink datapath provider ("system": the kernel module over Generic
# Netlink with libnl-genl-3) and ovs-dpctl.
