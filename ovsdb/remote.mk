# ovsdb/remote.mk -- remotes and SSL settings read from the databases.
