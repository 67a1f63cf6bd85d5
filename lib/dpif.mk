# Datapaths: the dpif interface (lib/dpif.h), its provider interface
# (lib/dpif-provider.h) and the userspace datapath (lib/dpif-netdev.c);
# datapath actions and flow formatting (lib/odp-*).
lib_libovs_a_SOURCES += \
	lib/dpif.h lib/dpif-provider.h \
	lib/dpif.c \
	lib/dpif-netdev.c lib/dpif-netdev-cls.c lib/dpif-netdev-cls.h \
	lib/dpif-netdev-meter.c lib/dpif-netdev-meter.h \
	lib/odp-execute.c lib/odp-execute.h \
	lib/odp-util.c lib/odp-util.h \
	lib/dpctl.c lib/dpctl.h

tests_ovstest_SOURCES += tests/test-dpif.c tests/test-ofpbuf.c \
	tests/test-dpif-meter.c
