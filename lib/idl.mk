# lib/idl.mk -- the C IDL (ovsdb-idl) and the accessor generator.
