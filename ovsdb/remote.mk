# ovsdb/remote.mk -- remotes and SSL settings read from the databases.
ovsdb_libovsdb_a_SOURCES += ovsdb/remote-config.c ovsdb/remote-config.h
tests_ovstest_SOURCES += tests/test-remote-config.c
dist_man_MANS += Documentation/ovsdb-server.1
