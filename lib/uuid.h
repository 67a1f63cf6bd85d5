/* uuid.h -- 128-bit universally unique identifiers (RFC 4122).
 *
 * OVSDB names every row with a version 4 (random) UUID.  uuid_generate() is
 * fast (no system call per UUID after the first): it is seeded from the
 * kernel's random source and then runs a keyed PRNG, which is unique and
 * unpredictable enough for row names, not for cryptography. */
#ifndef UUID_H
#define UUID_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UUID_LEN 36             /* Without a terminator. */
#define UUID_FMT "%08x-%04x-%04x-%04x-%04x%08x"
#define UUID_ARGS(UUID)                             \
    ((unsigned int) ((UUID)->parts[0])),            \
    ((unsigned int) ((UUID)->parts[1] >> 16)),      \
    ((unsigned int) ((UUID)->parts[1] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[2] >> 16)),      \
    ((unsigned int) ((UUID)->parts[2] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[3]))

/* parts[0] is the first 8 hex digits of the text form, and so on. */
struct uuid {
    uint32_t parts[4];
};

void uuid_generate(struct uuid *);
void uuid_zero(struct uuid *);
bool uuid_is_zero(const struct uuid *);
bool uuid_equals(const struct uuid *, const struct uuid *);
int uuid_compare_3way(const struct uuid *, const struct uuid *);
static inline size_t uuid_hash(const struct uuid *uuid)
{
    return uuid->parts[0];      /* Already random. */
}
/* Parses exactly a 36-character UUID (surrounding white space is not
 * accepted).  On failure returns false and zeroes *UUID. */
bool uuid_from_string(struct uuid *, const char *);
/* Parses a UUID at the start of S; returns its length (36) or 0. */
int uuid_from_string_prefix(struct uuid *, const char *s);
/* Writes the 36 characters plus a terminator to BUF. */
void uuid_to_string(const struct uuid *, char buf[UUID_LEN + 1]);
/* For tests: makes uuid_generate() deterministic (a counter) from now on
 * when the environment variable OVS_UUID_DETERMINISTIC is set; returns
 * true if it is. */
bool uuid_is_deterministic(void);

#endif /* uuid.h */
