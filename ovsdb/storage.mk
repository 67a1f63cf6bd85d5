# ovsdb/storage.mk -- the on-disk log, database files and ovsdb-tool.
# (Owned by the storage work; included from Makefile.am after tests/.)

ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-log.c ovsdb/ovsdb-log.h \
	ovsdb/ovsdb-file.c ovsdb/ovsdb-file.h

bin_PROGRAMS += ovsdb/ovsdb-tool
ovsdb_ovsdb_tool_SOURCES = ovsdb/ovsdb-tool.c
ovsdb_ovsdb_tool_LDADD = ovsdb/libovsdb.a $(LIBOVS)

tests_ovstest_SOURCES += tests/test-ovsdb-log.c

dist_man_MANS += Documentation/ovsdb-tool.1
