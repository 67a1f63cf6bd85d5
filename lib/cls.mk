# OpenFlow switch support in lib/: MAC learning (NORMAL action) and the
# classifier (OpenFlow flow tables, megaflow wildcards).
lib_libovs_a_SOURCES += \
	lib/mac-learning.c lib/mac-learning.h \
	lib/classifier.c lib/classifier.h

# Unit tests (run from tests/classifier.at).
tests_ovstest_SOURCES += \
	tests/test-mac-learning.c \
	tests/test-classifier.c
