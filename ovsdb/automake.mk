# ovsdb/automake.mk -- build rules for ovsdb/ (nothing built here yet).
