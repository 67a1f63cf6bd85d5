# ofproto/automake.mk -- build rules for ofproto/ (nothing built here yet).
