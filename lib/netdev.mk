# Network devices: the netdev interface and its providers.
#
# lib/netdev.[ch] is the interface the datapath and the bridge use;
# lib/netdev-provider.h is what a device type implements.  Providers:
# dummy (tests), patch, and Linux system/tap/internal.  lib/pcap-file
# reads and writes capture files for the dummy devices and the tests.
lib_libovs_a_SOURCES += \
	lib/netdev.c lib/netdev.h lib/netdev-provider.h \
	lib/netdev-dummy.c \
	lib/netdev-linux.c \
	lib/netdev-linux-vnet.c lib/netdev-linux-vnet.h \
	lib/netdev-patch.c \
	lib/pcap-file.c lib/pcap-file.h

# Unit tests, the forwarder and traffic helpers (run from tests/netdev.at).
tests_ovstest_SOURCES += tests/test-netdev.c tests/test-netdev-gso.c
