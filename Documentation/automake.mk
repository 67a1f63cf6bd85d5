# Documentation/automake.mk -- build rules for Documentation/ (nothing built here yet).
