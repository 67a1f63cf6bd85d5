/* dynamic-string.c -- a growable string buffer (see dynamic-string.h).
 *
 * 'string' has room for 'allocated' characters plus a terminator, and the
 * terminator is written after every append, so that ds_cstr_ro() can hand
 * out the buffer without copying.  The buffer grows geometrically (at least
 * doubling), so appending N characters one at a time costs O(N). */

#include <config.h>
#include "dynamic-string.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

void
ds_init(struct ds *ds)
{
    ds->string = NULL;
    ds->length = 0;
    ds->allocated = 0;
}

void
ds_clear(struct ds *ds)
{
    ds->length = 0;
    if (ds->string) {
        ds->string[0] = '\0';
    }
}

void
ds_truncate(struct ds *ds, size_t new_length)
{
    if (ds->length > new_length) {
        ds->length = new_length;
        ds->string[new_length] = '\0';
    }
}

void
ds_reserve(struct ds *ds, size_t min_length)
{
    if (min_length > ds->allocated || !ds->string) {
        size_t new_allocated = MAX(min_length, ds->allocated * 2);
        new_allocated = MAX(new_allocated, 8);
        ds->string = xrealloc(ds->string, new_allocated + 1);
        ds->allocated = new_allocated;
        ds->string[ds->length] = '\0';
    }
}

char *
ds_put_uninit(struct ds *ds, size_t n)
{
    char *p;

    ds_reserve(ds, ds->length + n);
    p = &ds->string[ds->length];
    ds->length += n;
    ds->string[ds->length] = '\0';
    return p;
}

void
ds_put_char(struct ds *ds, char c)
{
    if (ds->length < ds->allocated) {
        ds->string[ds->length++] = c;
        ds->string[ds->length] = '\0';
    } else {
        *ds_put_uninit(ds, 1) = c;
    }
}

void
ds_put_char_multiple(struct ds *ds, char c, size_t n)
{
    memset(ds_put_uninit(ds, n), c, n);
}

void
ds_put_buffer(struct ds *ds, const char *buf, size_t n)
{
    if (n) {
        memcpy(ds_put_uninit(ds, n), buf, n);
    }
}

void
ds_put_cstr(struct ds *ds, const char *s)
{
    ds_put_buffer(ds, s, strlen(s));
}

void
ds_put_format(struct ds *ds, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
}

void
ds_put_format_valist(struct ds *ds, const char *format, va_list args_)
{
    size_t available = ds->string ? ds->allocated - ds->length + 1 : 0;
    va_list args;
    int needed;

    /* First try to format straight into the free space; only if it does
     * not fit, grow exactly enough and format again. */
    va_copy(args, args_);
    needed = vsnprintf(ds->string ? &ds->string[ds->length] : NULL,
                       available, format, args);
    va_end(args);
    if (needed < 0) {
        /* Only an invalid format can do this; show it rather than lose
         * the message silently. */
        ds_put_format(ds, "<bad format \"%s\": %s>", format,
                      ovs_strerror(errno));
        return;
    }

    if ((size_t) needed < available) {
        ds->length += needed;
    } else {
        ds_reserve(ds, ds->length + needed);
        va_copy(args, args_);
        vsnprintf(&ds->string[ds->length], needed + 1, format, args);
        va_end(args);
        ds->length += needed;
    }
}

static bool
needs_quoting(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (!isgraph(c) || c == '"' || c == '\\') {
            return true;
        }
    }
    return false;
}

void
ds_put_printable(struct ds *ds, const char *s, size_t n)
{
    if (!needs_quoting(s, n)) {
        ds_put_buffer(ds, s, n);
        return;
    }

    ds_put_char(ds, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"':  ds_put_cstr(ds, "\\\""); break;
        case '\\': ds_put_cstr(ds, "\\\\"); break;
        case '\n': ds_put_cstr(ds, "\\n"); break;
        case '\t': ds_put_cstr(ds, "\\t"); break;
        case '\r': ds_put_cstr(ds, "\\r"); break;
        default:
            if (isprint(c)) {
                ds_put_char(ds, c);
            } else {
                /* Always three octal digits, so that a following digit
                 * cannot be read as part of the escape. */
                ds_put_format(ds, "\\%03o", c);
            }
            break;
        }
    }
    ds_put_char(ds, '"');
}

/* Each line: the offset of its first byte rounded down to 16, in 8 hex
 * digits; two spaces; 16 hex bytes separated by spaces, with a '-' between
 * the 8th and 9th; then, if ASCII, "|" the printable characters "|"
 * (others as '.').  Positions before OFS (when OFS is not a multiple of
 * 16) or past the end are blank, so columns line up across lines. */
void
ds_put_hex_dump(struct ds *ds, const void *buf_, size_t size,
                uintptr_t ofs, bool ascii)
{
    const uint8_t *buf = buf_;
    const size_t per_line = 16;

    while (size > 0) {
        size_t start = ofs % per_line;
        size_t end = MIN(per_line, start + size);
        size_t n = end - start;

        ds_put_format(ds, "%08jx  ", (uintmax_t) (ofs - start));
        for (size_t i = 0; i < per_line; i++) {
            if (i >= start && i < end) {
                bool mid = i == per_line / 2 - 1 && i + 1 < end;
                ds_put_format(ds, "%02x%c", buf[i - start], mid ? '-' : ' ');
            } else {
                ds_put_cstr(ds, "   ");
            }
        }
        if (ascii) {
            ds_put_char(ds, '|');
            ds_put_char_multiple(ds, ' ', start);
            for (size_t i = 0; i < n; i++) {
                ds_put_char(ds, isprint(buf[i]) ? buf[i] : '.');
            }
            ds_put_char(ds, '|');
        } else {
            while (ds_chomp(ds, ' ')) {
                continue;
            }
        }
        ds_put_char(ds, '\n');

        ofs += n;
        buf += n;
        size -= n;
    }
}

int
ds_get_line(struct ds *ds, FILE *stream)
{
    ds_clear(ds);
    for (;;) {
        int c = getc(stream);
        if (c == EOF) {
            return ds->length ? 0 : EOF;
        } else if (c == '\n') {
            return 0;
        }
        ds_put_char(ds, c);
    }
}

char *
ds_cstr(struct ds *ds)
{
    if (!ds->string) {
        ds_reserve(ds, 0);
    }
    ds->string[ds->length] = '\0';
    return ds->string;
}

const char *
ds_cstr_ro(const struct ds *ds)
{
    return ds->string ? ds->string : "";
}

char *
ds_steal_cstr(struct ds *ds)
{
    char *s = ds_cstr(ds);
    ds_init(ds);
    return s;
}

void
ds_destroy(struct ds *ds)
{
    if (ds) {
        free(ds->string);
        ds_init(ds);
    }
}

void
ds_swap(struct ds *a, struct ds *b)
{
    struct ds tmp = *a;
    *a = *b;
    *b = tmp;
}

void
ds_clone(struct ds *dst, const struct ds *src)
{
    ds_init(dst);
    ds_put_buffer(dst, src->string, src->length);
}

int
ds_last(const struct ds *ds)
{
    return ds->length ? (unsigned char) ds->string[ds->length - 1] : EOF;
}

bool
ds_chomp(struct ds *ds, int c)
{
    if (ds->length && (unsigned char) ds->string[ds->length - 1] == c) {
        ds->string[--ds->length] = '\0';
        return true;
    }
    return false;
}
