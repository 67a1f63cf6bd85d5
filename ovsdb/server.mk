# ovsdb/server.mk -- ovsdb-server: the JSON-RPC server, remotes, _Server.
