# Documentation/automake.mk -- man pages and notes.

dist_man_MANS += Documentation/ovs-appctl.8
EXTRA_DIST += \
	Documentation/building.md \
	Documentation/layout.md \
	Documentation/status.md \
	Documentation/style.md
