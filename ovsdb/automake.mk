# ovsdb/automake.mk -- the OVSDB library (data model, transactions) and,
# later, the server and tools built on it.

noinst_LIBRARIES += ovsdb/libovsdb.a
ovsdb_libovsdb_a_SOURCES = \
	ovsdb/ovsdb-condition.c ovsdb/ovsdb-condition.h \
	ovsdb/ovsdb-convert.c ovsdb/ovsdb-convert.h \
	ovsdb/ovsdb-db.c ovsdb/ovsdb-db.h \
	ovsdb/ovsdb-execute.c ovsdb/ovsdb-execute.h \
	ovsdb/ovsdb-mutation.c ovsdb/ovsdb-mutation.h \
	ovsdb/ovsdb-row.c ovsdb/ovsdb-row.h \
	ovsdb/ovsdb-table.c ovsdb/ovsdb-table.h \
	ovsdb/ovsdb-txn.c ovsdb/ovsdb-txn.h
