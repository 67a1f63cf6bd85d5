# ovsdb/storage.mk -- the on-disk log, database files and ovsdb-tool.
# (Owned by the storage work; included from Makefile.am after tests/.)
