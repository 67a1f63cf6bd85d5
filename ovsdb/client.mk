# ovsdb/client.mk -- ovsdb-client and the table formatter it shares.

lib_libovs_a_SOURCES += lib/table.c lib/table.h

bin_PROGRAMS += ovsdb/ovsdb-client
ovsdb_ovsdb_client_SOURCES = ovsdb/ovsdb-client.c
ovsdb_ovsdb_client_LDADD = ovsdb/libovsdb.a $(LIBOVS)

dist_man_MANS += Documentation/ovsdb-client.1

tests_ovstest_SOURCES += tests/test-table.c
