# ovsdb/automake.mk -- the OVSDB library (data model, transactions) and,
# later, the server and tools built on it.

noinst_LIBRARIES += ovsdb/libovsdb.a
ovsdb_libovsdb_a_SOURCES = \
	ovsdb/ovsdb-data.c ovsdb/ovsdb-data.h
