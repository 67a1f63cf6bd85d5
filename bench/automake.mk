# bench/automake.mk -- build rules for bench/ (nothing built here yet).
