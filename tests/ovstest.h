/* ovstest.h -- one binary, "ovstest", holds every C unit test.
 *
 * Each tests/test-*.c file registers its entry points with OVSTEST_REGISTER
 * and the test suite runs them as "ovstest NAME [ARGS...]".  A test passes
 * by exiting 0 (returning from its function) and fails by exiting nonzero
 * (ovs_assert() or OVSTEST_CHECK*() abort with the location and values). */
#ifndef OVSTEST_H
#define OVSTEST_H 1

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler.h"

typedef void ovstest_func(int argc, char *argv[]);

void ovstest_register(const char *name, ovstest_func *);

#define OVSTEST_REGISTER(NAME, FUNCTION)                        \
    OVS_CONSTRUCTOR(ovstest_register_##FUNCTION) {              \
        ovstest_register(NAME, FUNCTION);                       \
    }

/* Checks that print both sides on failure, then abort. */
#define OVSTEST_CHECK(COND)                                             \
    ((COND) ? (void) 0                                                  \
     : ovstest_fail(__FILE__, __LINE__, "%s", #COND))
#define OVSTEST_CHECK_INT(A, B)                                         \
    do {                                                                \
        long long a__ = (A), b__ = (B);                                 \
        if (a__ != b__) {                                               \
            ovstest_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld",  \
                         #A, #B, a__, b__);                             \
        }                                                               \
    } while (0)
#define OVSTEST_CHECK_STR(A, B)                                         \
    do {                                                                \
        const char *a__ = (A), *b__ = (B);                              \
        if (!a__ || !b__ || strcmp(a__, b__)) {                         \
            ovstest_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
                         #A, #B, a__ ? a__ : "(null)",                  \
                         b__ ? b__ : "(null)");                         \
        }                                                               \
    } while (0)

void ovstest_fail(const char *file, int line, const char *format, ...)
    OVS_PRINTF_FORMAT(3, 4) OVS_NO_RETURN;

#endif /* ovstest.h */
