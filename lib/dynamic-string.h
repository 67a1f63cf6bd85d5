/* dynamic-string.h -- a growable string buffer ("ds").
 *
 * 'string' is NULL until something is added; ds_cstr() always returns a
 * NUL-terminated string (allocating if needed).  'length' excludes the
 * terminator; 'allocated' is the capacity excluding the terminator. */
#ifndef DYNAMIC_STRING_H
#define DYNAMIC_STRING_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "compiler.h"

struct ds {
    char *string;
    size_t length;
    size_t allocated;
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_clear(struct ds *);                  /* Length 0, keeps memory. */
void ds_truncate(struct ds *, size_t new_length);
void ds_reserve(struct ds *, size_t min_length);
char *ds_put_uninit(struct ds *, size_t n);  /* Returns where to write. */
void ds_put_char(struct ds *, char);
void ds_put_char_multiple(struct ds *, char, size_t n);
void ds_put_buffer(struct ds *, const char *, size_t n);
void ds_put_cstr(struct ds *, const char *);
void ds_put_format(struct ds *, const char *, ...) OVS_PRINTF_FORMAT(2, 3);
void ds_put_format_valist(struct ds *, const char *, va_list)
    OVS_PRINTF_FORMAT(2, 0);
/* Appends STRING, quoting it with "" and C escapes if it contains spaces,
 * quotes, backslashes or non-printable bytes. */
void ds_put_printable(struct ds *, const char *, size_t n);
/* Appends a hex + ASCII dump of BUF, 16 bytes a line, offsets from OFS. */
void ds_put_hex_dump(struct ds *, const void *buf, size_t size,
                     uintptr_t ofs, bool ascii);
/* Reads a line from FILE (without its newline) into DS, replacing its
 * contents.  Returns 0, or EOF at end of file. */
int ds_get_line(struct ds *, FILE *);

char *ds_cstr(struct ds *);
const char *ds_cstr_ro(const struct ds *);   /* "" if empty. */
char *ds_steal_cstr(struct ds *);            /* Caller frees; DS emptied. */
void ds_destroy(struct ds *);
void ds_swap(struct ds *, struct ds *);
void ds_clone(struct ds *dst, const struct ds *src);
int ds_last(const struct ds *);              /* Last char, or EOF. */
bool ds_chomp(struct ds *, int c);           /* Drops a trailing C. */

#endif /* dynamic-string.h */
