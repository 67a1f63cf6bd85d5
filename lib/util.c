/* util.c -- allocation that never fails, messages for command-line
 * programs, the program's name and version, and small string helpers.
 *
 * This is the bottom of the library: it depends on nothing else in lib/
 * (in particular not on vlog), so that every other module, and the logging
 * code itself, can use it without creating cycles.  Messages therefore go
 * straight to stderr. */

#include <config.h>
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The name used in messages.  set_program_name() normally sets it from
 * argv[0]; until then the C library's idea of the short name is used, so
 * that a message printed from a constructor still names its program. */
const char *program_name;

static const char *
strip_libtool_prefix(const char *name)
{
    /* Libtool runs uninstalled programs through a wrapper that execs
     * "lt-NAME"; users know the program as NAME. */
    return !strncmp(name, "lt-", 3) && name[3] ? name + 3 : name;
}

OVS_CONSTRUCTOR(util_init_program_name)
{
    if (!program_name) {
        program_name = strip_libtool_prefix(program_invocation_short_name);
    }
}

void
set_program_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    const char *base = slash ? slash + 1 : argv0;

    /* argv0 normally lives for the whole run, so pointing into it is
     * fine and avoids an allocation that leak checkers would report. */
    program_name = strip_libtool_prefix(base);
}

const char *
ovs_get_version(void)
{
    return PACKAGE_VERSION;
}

void
ovs_print_version(void)
{
    printf("%s (ovsng) %s\n", program_name, ovs_get_version());
}

/* Allocation. */

void
out_of_memory(void)
{
    ovs_abort(0, "virtual memory exhausted");
}

void *
xmalloc(size_t size)
{
    /* malloc(0) may return NULL legitimately; ask for one byte instead so
     * that NULL always means failure. */
    void *p = malloc(size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xcalloc(size_t count, size_t size)
{
    void *p = count && size ? calloc(count, size) : malloc(1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xzalloc(size_t size)
{
    return xcalloc(1, size);
}

void *
xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xmemdup(const void *p, size_t size)
{
    void *copy = xmalloc(size);
    if (size) {
        memcpy(copy, p, size);
    }
    return copy;
}

char *
xmemdup0(const char *s, size_t length)
{
    char *copy = xmalloc(length + 1);
    if (length) {
        memcpy(copy, s, length);
    }
    copy[length] = '\0';
    return copy;
}

char *
xstrdup(const char *s)
{
    return xmemdup0(s, strlen(s));
}

char *
nullable_xstrdup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

char *
xvasprintf(const char *format, va_list args)
{
    char *s;
    if (vasprintf(&s, format, args) < 0) {
        out_of_memory();
    }
    return s;
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    s = xvasprintf(format, args);
    va_end(args);
    return s;
}

void *
x2nrealloc(void *p, size_t *n, size_t elem_size)
{
    size_t new_n;

    if (*n == 0) {
        /* Start with about 64 bytes' worth, at least one element. */
        new_n = elem_size && elem_size < 64 ? 64 / elem_size : 1;
    } else {
        if (*n > SIZE_MAX / 2 / (elem_size ? elem_size : 1)) {
            out_of_memory();
        }
        new_n = *n * 2;
    }
    *n = new_n;
    return xrealloc(p, new_n * elem_size);
}

/* Messages. */

/* Writes "PROGRAM: MESSAGE[: STRERROR]\n" to stderr in one write, so that
 * concurrent writers (threads, several processes on one terminal or log)
 * do not interleave within a line. */
static void
put_message(int err_no, const char *format, va_list args)
{
    int save_errno = errno;
    char *message = xvasprintf(format, args);
    char *line;

    if (err_no) {
        line = xasprintf("%s: %s: %s\n", program_name, message,
                         ovs_strerror(err_no));
    } else {
        line = xasprintf("%s: %s\n", program_name, message);
    }
    fflush(stdout);
    fputs(line, stderr);
    fflush(stderr);
    free(line);
    free(message);
    errno = save_errno;
}

void
ovs_error_valist(int err_no, const char *format, va_list args)
{
    put_message(err_no, format, args);
}

void
ovs_error(int err_no, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    put_message(err_no, format, args);
    va_end(args);
}

void
ovs_fatal_valist(int err_no, const char *format, va_list args)
{
    put_message(err_no, format, args);
    exit(EXIT_FAILURE);
}

void
ovs_fatal(int err_no, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ovs_fatal_valist(err_no, format, args);
}

void
ovs_abort(int err_no, const char *format, ...)
{
    va_list args;

    /* Must not allocate: we may be here because memory ran out. */
    va_start(args, format);
    fflush(stdout);
    fprintf(stderr, "%s: ", program_name);
    vfprintf(stderr, format, args);
    va_end(args);
    if (err_no) {
        fprintf(stderr, ": %s", ovs_strerror(err_no));
    }
    putc('\n', stderr);
    fflush(stderr);
    abort();
}

void
ovs_usage_error(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    put_message(0, format, args);
    va_end(args);
    fprintf(stderr, "Try '%s --help' for more information.\n",
            program_name);
    exit(2);
}

void
ovs_assert_failure(const char *where, const char *function,
                   const char *condition)
{
    ovs_abort(0, "%s: assertion %s failed in %s()",
              where, condition, function);
}

const char *
ovs_strerror(int error)
{
    /* One buffer per thread: the text stays valid until this thread's next
     * call, which is what callers of strerror() expect. */
    static __thread char buffer[128];

    if (error == 0) {
        return "Success";
    } else if (error == EOF) {
        return "End of file";
    }
    /* With _GNU_SOURCE, strerror_r() returns the text, which is either in
     * BUFFER or a static string. */
    return strerror_r(error, buffer, sizeof buffer);
}

const char *
ovs_retval_to_string(int retval)
{
    return (retval >= 0 ? "Success"
            : retval == EOF ? "End of file"
            : ovs_strerror(-retval));
}

char *
ovs_long_options_to_short_options(const struct option *options)
{
    /* Each option takes at most 3 characters ("x::"), plus a terminator. */
    size_t n = 0;
    for (const struct option *o = options; o->name; o++) {
        n++;
    }

    char *shorts = xmalloc(n * 3 + 1);
    char *p = shorts;
    for (const struct option *o = options; o->name; o++) {
        int c = o->val;
        if (!o->flag && c > 0 && c <= UCHAR_MAX && isalnum(c)) {
            *p++ = c;
            if (o->has_arg == required_argument) {
                *p++ = ':';
            } else if (o->has_arg == optional_argument) {
                *p++ = ':';
                *p++ = ':';
            }
        }
    }
    *p = '\0';
    return shorts;
}

/* Number parsing.  strtol() and friends accept leading white space and
 * stop at the first bad character; these wrappers insist that the whole
 * string is a number and that it fits. */

bool
str_to_llong(const char *s, int base, long long *x)
{
    char *tail;
    long long value;

    errno = 0;
    value = strtoll(s, &tail, base);
    if (errno == EINVAL || errno == ERANGE || tail == s || *tail != '\0') {
        *x = 0;
        return false;
    }
    *x = value;
    return true;
}

bool
str_to_long(const char *s, int base, long *x)
{
    long long value;
    bool ok = str_to_llong(s, base, &value)
              && value >= LONG_MIN && value <= LONG_MAX;
    *x = ok ? value : 0;
    return ok;
}

bool
str_to_int(const char *s, int base, int *x)
{
    long long value;
    bool ok = str_to_llong(s, base, &value)
              && value >= INT_MIN && value <= INT_MAX;
    *x = ok ? value : 0;
    return ok;
}

bool
str_to_ullong(const char *s, int base, unsigned long long *x)
{
    const char *p = s;
    char *tail;
    unsigned long long value;

    /* strtoull() silently negates "-1" into a huge number; an unsigned
     * conversion of a negative number is an error here. */
    while (isspace((unsigned char) *p)) {
        p++;
    }
    if (*p == '-') {
        *x = 0;
        return false;
    }

    errno = 0;
    value = strtoull(s, &tail, base);
    if (errno == EINVAL || errno == ERANGE || tail == s || *tail != '\0') {
        *x = 0;
        return false;
    }
    *x = value;
    return true;
}

bool
str_to_uint(const char *s, int base, unsigned int *x)
{
    unsigned long long value;
    bool ok = str_to_ullong(s, base, &value) && value <= UINT_MAX;
    *x = ok ? value : 0;
    return ok;
}

bool
str_to_double(const char *s, double *d)
{
    char *tail;
    double value;

    errno = 0;
    value = strtod(s, &tail);
    if (errno == EINVAL || errno == ERANGE || tail == s || *tail != '\0') {
        *d = 0;
        return false;
    }
    *d = value;
    return true;
}

/* Small helpers. */

bool
is_all_zeros(const void *p_, size_t n)
{
    const unsigned char *p = p_;
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

bool
str_ends_with(const char *string, const char *suffix)
{
    size_t n = strlen(string);
    size_t m = strlen(suffix);
    return n >= m && !memcmp(string + n - m, suffix, m);
}

bool
str_starts_with(const char *string, const char *prefix)
{
    return !strncmp(string, prefix, strlen(prefix));
}

/* Path names, following POSIX dirname(1) and basename(1):
 *   "/usr/lib" -> "/usr", "lib"     "usr" -> ".", "usr"
 *   "/usr/"    -> "/", "usr"        "/"   -> "/", "/"
 *   ""         -> ".", "" */

/* Returns the length of FILE_NAME without trailing slashes, except that a
 * name made only of slashes keeps one. */
static size_t
strip_trailing_slashes(const char *file_name)
{
    size_t n = strlen(file_name);
    while (n > 1 && file_name[n - 1] == '/') {
        n--;
    }
    return n;
}

char *
dir_name(const char *file_name)
{
    size_t n = strip_trailing_slashes(file_name);

    /* Drop the last component, then the slashes before it. */
    while (n > 0 && file_name[n - 1] != '/') {
        n--;
    }
    while (n > 1 && file_name[n - 1] == '/') {
        n--;
    }
    return (n == 0 ? xstrdup(".")
            : n == 1 && file_name[0] == '/' ? xstrdup("/")
            : xmemdup0(file_name, n));
}

char *
base_name(const char *file_name)
{
    size_t end = strip_trailing_slashes(file_name);
    size_t start = end;

    if (end == 1 && file_name[0] == '/') {
        return xstrdup("/");
    }
    while (start > 0 && file_name[start - 1] != '/') {
        start--;
    }
    return xmemdup0(file_name + start, end - start);
}

char *
abs_file_name(const char *dir, const char *file_name)
{
    if (file_name[0] == '/') {
        return xstrdup(file_name);
    } else if (dir && dir[0]) {
        const char *separator = str_ends_with(dir, "/") ? "" : "/";
        return xasprintf("%s%s%s", dir, separator, file_name);
    } else {
        char *cwd = getcwd(NULL, 0);
        char *result;

        if (!cwd) {
            return NULL;
        }
        result = xasprintf("%s%s%s", cwd, str_ends_with(cwd, "/") ? "" : "/",
                           file_name);
        free(cwd);
        return result;
    }
}
