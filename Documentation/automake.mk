# Documentation/automake.mk -- man pages and notes.

# Man pages are added here as their programs land.
EXTRA_DIST += \
	Documentation/building.md \
	Documentation/layout.md \
	Documentation/status.md \
	Documentation/style.md
