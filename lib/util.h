/* util.h -- memory allocation that never fails, error reporting for
 * command-line programs, program name and version, and small helpers.
 *
 * Allocation: the x*() functions abort the process with a message when
 * memory runs out, so callers never check for NULL.
 *
 * Errors: functions in this tree return 0 on success or a positive errno
 * value; ovs_strerror() turns one into text, including EOF (end of file). */
#ifndef UTIL_H
#define UTIL_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "compiler.h"

#define ARRAY_SIZE(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])
#define MIN(X, Y) ((X) < (Y) ? (X) : (Y))
#define MAX(X, Y) ((X) > (Y) ? (X) : (Y))
#define DIV_ROUND_UP(X, Y) (((X) + ((Y) - 1)) / (Y))
#define ROUND_UP(X, Y) (DIV_ROUND_UP(X, Y) * (Y))

/* Casts away const from POINTER, explicitly: where an interface takes a
 * non-const pointer but will only read through it. */
#define CONST_CAST(TYPE, POINTER) ((TYPE) (uintptr_t) (POINTER))

/* Given POINTER, the address of the MEMBER member within a STRUCT, returns
 * the STRUCT that contains it. */
#define CONTAINER_OF(POINTER, STRUCT, MEMBER)                           \
    ((STRUCT *) (void *) ((char *) (POINTER) - offsetof(STRUCT, MEMBER)))

/* Like CONTAINER_OF, but the type comes from OBJECT, a pointer variable. */
#define OBJECT_CONTAINING(POINTER, OBJECT, MEMBER)                      \
    ((__typeof__(OBJECT)) (void *)                                      \
     ((char *) (POINTER) - offsetof(__typeof__(*(OBJECT)), MEMBER)))

/* Sets OBJECT to the object containing POINTER, or to NULL if POINTER is
 * NULL.  Evaluates to the new value of OBJECT.  Used by the FOR_EACH macros
 * of the intrusive containers (hmap, list). */
#define ASSIGN_CONTAINER_OR_NULL(OBJECT, POINTER, MEMBER)               \
    ({  void *p__ = (void *) (POINTER);                                 \
        (OBJECT) = p__ ? OBJECT_CONTAINING(p__, OBJECT, MEMBER) : NULL; })

/* Sets OBJECT to the object containing POINTER, which must not be NULL. */
#define ASSIGN_CONTAINER(OBJECT, POINTER, MEMBER)                       \
    ((OBJECT) = OBJECT_CONTAINING(POINTER, OBJECT, MEMBER), (void) 0)

/* An assertion that is never compiled out.  Failure aborts with the source
 * location: it marks a bug, never bad input. */
#define ovs_assert(CONDITION)                                           \
    (OVS_LIKELY(CONDITION)                                              \
     ? (void) 0                                                         \
     : ovs_assert_failure(__FILE__ ":" OVS_STRINGIFY(__LINE__),         \
                          __func__, #CONDITION))
#define OVS_STRINGIFY(X) OVS_STRINGIFY__(X)
#define OVS_STRINGIFY__(X) #X
void ovs_assert_failure(const char *where, const char *function,
                        const char *condition) OVS_NO_RETURN;

#define OVS_NOT_REACHED() ovs_abort(0, "%s: not reached", __func__)

/* Program name, for messages. */
extern const char *program_name;
void set_program_name(const char *argv0);

/* Prints "PROGRAM (ovsng) VERSION" to stdout, the --version output of
 * every program in the tree. */
void ovs_print_version(void);
const char *ovs_get_version(void);

/* Allocation. */
void out_of_memory(void) OVS_NO_RETURN;
void *xmalloc(size_t) __attribute__((__malloc__));
void *xcalloc(size_t, size_t) __attribute__((__malloc__));
void *xzalloc(size_t) __attribute__((__malloc__));
void *xrealloc(void *, size_t);
void *xmemdup(const void *, size_t) __attribute__((__malloc__));
char *xmemdup0(const char *, size_t) __attribute__((__malloc__));
char *xstrdup(const char *) __attribute__((__malloc__));
char *nullable_xstrdup(const char *) __attribute__((__malloc__));
char *xasprintf(const char *format, ...) OVS_PRINTF_FORMAT(1, 2);
char *xvasprintf(const char *format, va_list) OVS_PRINTF_FORMAT(1, 0);
/* Grows the array P of *N elements of ELEM_SIZE bytes each: doubles it, or
 * makes room for a few if empty.  Updates *N. */
void *x2nrealloc(void *p, size_t *n, size_t elem_size);

/* Messages for command-line programs, all to stderr as "PROGRAM: MESSAGE",
 * with ": STRERROR" appended when ERR_NO is nonzero. */
void ovs_fatal(int err_no, const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3) OVS_NO_RETURN;
void ovs_fatal_valist(int err_no, const char *format, va_list)
    OVS_PRINTF_FORMAT(2, 0) OVS_NO_RETURN;
void ovs_error(int err_no, const char *format, ...) OVS_PRINTF_FORMAT(2, 3);
void ovs_error_valist(int err_no, const char *format, va_list)
    OVS_PRINTF_FORMAT(2, 0);
void ovs_abort(int err_no, const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3) OVS_NO_RETURN;
/* A usage error (unknown option, wrong argument count): prints the message
 * and "Try 'PROGRAM --help' for more information.", exits with status 2. */
void ovs_usage_error(const char *format, ...)
    OVS_PRINTF_FORMAT(1, 2) OVS_NO_RETURN;

/* Thread-safe strerror(); also knows EOF ("End of file") and 0 ("Success"). */
const char *ovs_strerror(int error);
/* For functions returning >= 0 on success or a negative errno: "Success" or
 * the error text for -RETVAL, or "End of file" for EOF. */
const char *ovs_retval_to_string(int retval);

/* Builds the short-options string for getopt_long() from LONG_OPTIONS.
 * The caller frees it. */
struct option;
char *ovs_long_options_to_short_options(const struct option *long_options);

/* String to number conversions that reject trailing garbage and overflow. */
bool str_to_int(const char *, int base, int *);
bool str_to_long(const char *, int base, long *);
bool str_to_llong(const char *, int base, long long *);
bool str_to_uint(const char *, int base, unsigned int *);
bool str_to_ullong(const char *, int base, unsigned long long *);
bool str_to_double(const char *, double *);

bool is_all_zeros(const void *, size_t);
bool str_ends_with(const char *string, const char *suffix);
bool str_starts_with(const char *string, const char *prefix);

/* Returns the directory part of FILE_NAME / the last component, newly
 * allocated (like dirname(1) and basename(1), without modifying input). */
char *dir_name(const char *file_name);
char *base_name(const char *file_name);
/* Makes FILE_NAME absolute relative to DIR (or the cwd if DIR is NULL).
 * Returns NULL only if the cwd is needed and getcwd() fails. */
char *abs_file_name(const char *dir, const char *file_name);

/* Bit tricks. */
static inline int
count_1bits(uint64_t x)
{
    return __builtin_popcountll(x);
}

static inline int
log_2_floor(uint64_t n)          /* n must be nonzero */
{
    return 63 - __builtin_clzll(n);
}

static inline bool
is_pow2(uint64_t x)
{
    return x && !(x & (x - 1));
}

static inline void
ignore(bool x OVS_UNUSED)
{
}

#endif /* util.h */
