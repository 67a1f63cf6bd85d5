# lib/automake.mk -- the shared library every program links with.

noinst_LIBRARIES += lib/libovs.a
lib_libovs_a_SOURCES = \
	lib/compiler.h \
	lib/coverage.c lib/coverage.h \
	lib/daemon.c lib/daemon.h \
	lib/dirs.c lib/dirs.h \
	lib/dynamic-string.c lib/dynamic-string.h \
	lib/fatal-signal.c lib/fatal-signal.h \
	lib/hash.c lib/hash.h \
	lib/hmap.c lib/hmap.h \
	lib/json.c lib/json.h \
	lib/jsonrpc.c lib/jsonrpc.h \
	lib/latch.c lib/latch.h \
	lib/list.h \
	lib/memory.c lib/memory.h \
	lib/nl-attr.c lib/nl-attr.h \
	lib/ofpbuf.c lib/ofpbuf.h \
	lib/ovsdb-data.c lib/ovsdb-data.h \
	lib/ovsdb-error.c lib/ovsdb-error.h \
	lib/ovsdb-parser.c lib/ovsdb-parser.h \
	lib/ovsdb-schema.c lib/ovsdb-schema.h \
	lib/ovsdb-types.c lib/ovsdb-types.h \
	lib/poll-loop.c lib/poll-loop.h \
	lib/reconnect.c lib/reconnect.h \
	lib/shash.c lib/shash.h \
	lib/smap.c lib/smap.h \
	lib/socket-util.c lib/socket-util.h \
	lib/sset.c lib/sset.h \
	lib/stream.c lib/stream.h lib/stream-provider.h \
	lib/stream-fd.c \
	lib/stream-ssl.c \
	lib/timeval.c lib/timeval.h \
	lib/unixctl.c lib/unixctl.h \
	lib/util.c lib/util.h \
	lib/uuid.c lib/uuid.h \
	lib/vlog.c lib/vlog.h
lib_libovs_a_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS) $(CAPNG_CFLAGS)

# Every program links the library and its external dependencies.
LIBOVS = lib/libovs.a $(SSL_LIBS) $(CAPNG_LIBS)
