# vswitchd/automake.mk -- build rules for vswitchd/ (nothing built here yet).
