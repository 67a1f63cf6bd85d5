# ovsdb/client.mk -- ovsdb-client and the table formatter it shares.
