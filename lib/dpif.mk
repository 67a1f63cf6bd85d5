# Datapaths: the dpif interface (lib/dpif.h), its provider interface
# (lib/dpif-provider.h) and the userspace datapath (lib/dpif-netdev.c);
# datapath actions and flow formatting (lib/odp-*).
lib_libovs_a_SOURCES += \
	lib/dpif.h lib/dpif-provider.h
