# ovsdb/server.mk -- ovsdb-server: the JSON-RPC server, remotes, _Server.

sbin_PROGRAMS += ovsdb/ovsdb-server
ovsdb_ovsdb_server_SOURCES = \
	ovsdb/ovsdb-server.c \
	ovsdb/jsonrpc-server.c ovsdb/jsonrpc-server.h \
	ovsdb/server-db.c ovsdb/server-db.h
ovsdb_ovsdb_server_LDADD = ovsdb/libovsdb.a $(LIBOVS)

# The _Server schema is compiled into the server: a C string literal, one
# line per line of the schema, generated from the one source of truth.
EXTRA_DIST += ovsdb/_server.ovsschema
CLEANFILES += ovsdb/_server.ovsschema.inc
ovsdb/_server.ovsschema.inc: ovsdb/_server.ovsschema
	$(AM_V_GEN)$(MKDIR_P) ovsdb && \
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(srcdir)/ovsdb/_server.ovsschema > $@.tmp && mv $@.tmp $@
ovsdb/ovsdb-server.$(OBJEXT): ovsdb/_server.ovsschema.inc
