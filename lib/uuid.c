/* uuid.c -- generating, parsing and formatting UUIDs (see uuid.h).
 *
 * Generation: each thread keeps its own generator, so that threads never
 * contend.  A generator is a 128-bit key read once from the kernel
 * (getrandom(), falling back to /dev/urandom) and a 64-bit counter; each
 * UUID is SipHash-2-4 under that key of two successive counter values, with
 * the version (4) and variant (10xx) bits then forced as RFC 4122 requires.
 * Because SipHash is a keyed pseudorandom function, outputs from different
 * counters never repeat in practice and say nothing about the key.
 *
 * A forked child would otherwise continue its parent's sequence and hand
 * out the same UUIDs, so a pthread_atfork() handler bumps a generation
 * number that makes every generator in the child reseed itself.
 *
 * Deterministic mode (OVS_UUID_DETERMINISTIC set in the environment) is
 * for tests whose expected output contains UUIDs: the UUIDs are then
 * 00000001-0000-4000-8000-000000000000, 00000002-... and so on,
 * process-wide, which sort as text in the order they were made. */

#include <config.h>
#include "uuid.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "util.h"

struct uuid_generator {
    uint64_t key[2];
    uint64_t counter;
    unsigned int generation;    /* Matches fork_generation once seeded. */
};

static __thread struct uuid_generator generator;

/* Starts at 1 so that a zeroed (never seeded) generator is out of date. */
static atomic_uint fork_generation = 1;

static atomic_bool deterministic;
static atomic_ullong deterministic_counter;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
after_fork_in_child(void)
{
    atomic_fetch_add(&fork_generation, 1);
}

static void
do_init(void)
{
    pthread_atfork(NULL, NULL, after_fork_in_child);
    uuid_is_deterministic();
}

/* Fills BUF with N bytes from the kernel's random source.  Aborts if there
 * is none, because then UUIDs could collide, which would corrupt
 * databases. */
static void
get_entropy(void *buf, size_t n)
{
    char *p = buf;
    size_t done = 0;
    int fd;

    /* GRND_NONBLOCK: early in boot the pool may not be initialized yet;
     * /dev/urandom is good enough then and never blocks. */
    while (done < n) {
        ssize_t retval = getrandom(p + done, n - done, GRND_NONBLOCK);
        if (retval > 0) {
            done += retval;
        } else if (retval < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    if (done == n) {
        return;
    }

    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ovs_abort(errno, "/dev/urandom: open failed");
    }
    while (done < n) {
        ssize_t retval = read(fd, p + done, n - done);
        if (retval > 0) {
            done += retval;
        } else if (retval < 0 && errno == EINTR) {
            continue;
        } else {
            ovs_abort(retval < 0 ? errno : 0, "/dev/urandom: read failed");
        }
    }
    close(fd);
}

static inline uint64_t
rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

#define SIPROUND                                                        \
    do {                                                                \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);   \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                        \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                        \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);   \
    } while (0)

/* SipHash-2-4 of the 8-byte little-endian message M under KEY. */
static uint64_t
siphash_u64(const uint64_t key[2], uint64_t m)
{
    uint64_t v0 = key[0] ^ UINT64_C(0x736f6d6570736575);
    uint64_t v1 = key[1] ^ UINT64_C(0x646f72616e646f6d);
    uint64_t v2 = key[0] ^ UINT64_C(0x6c7967656e657261);
    uint64_t v3 = key[1] ^ UINT64_C(0x7465646279746573);
    const uint64_t last = UINT64_C(8) << 56;    /* Message length. */

    v3 ^= m;
    SIPROUND;
    SIPROUND;
    v0 ^= m;

    v3 ^= last;
    SIPROUND;
    SIPROUND;
    v0 ^= last;

    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

static void
set_version_4(struct uuid *uuid)
{
    uuid->parts[1] = (uuid->parts[1] & ~UINT32_C(0xf000)) | 0x4000;
    uuid->parts[2] = (uuid->parts[2] & UINT32_C(0x3fffffff)) | 0x80000000;
}

void
uuid_generate(struct uuid *uuid)
{
    struct uuid_generator *g = &generator;
    unsigned int generation;
    uint64_t hi, lo;

    pthread_once(&init_once, do_init);

    if (atomic_load_explicit(&deterministic, memory_order_relaxed)) {
        unsigned long long n = atomic_fetch_add(&deterministic_counter, 1);
        n++;
        /* The count goes first: it is what uuid_hash() returns, so
         * hash tables keyed by these UUIDs still spread them out. */
        uuid->parts[0] = n;
        uuid->parts[1] = 0;
        uuid->parts[2] = 0;
        uuid->parts[3] = n >> 32;
        set_version_4(uuid);
        return;
    }

    generation = atomic_load_explicit(&fork_generation,
                                      memory_order_relaxed);
    if (g->generation != generation) {
        get_entropy(g->key, sizeof g->key);
        g->counter = 0;
        g->generation = generation;
    }

    hi = siphash_u64(g->key, g->counter++);
    lo = siphash_u64(g->key, g->counter++);
    uuid->parts[0] = hi >> 32;
    uuid->parts[1] = hi;
    uuid->parts[2] = lo >> 32;
    uuid->parts[3] = lo;
    set_version_4(uuid);
}

bool
uuid_is_deterministic(void)
{
    bool is_deterministic = getenv("OVS_UUID_DETERMINISTIC") != NULL;
    atomic_store(&deterministic, is_deterministic);
    return is_deterministic;
}

void
uuid_zero(struct uuid *uuid)
{
    memset(uuid, 0, sizeof *uuid);
}

bool
uuid_is_zero(const struct uuid *uuid)
{
    return !(uuid->parts[0] | uuid->parts[1]
             | uuid->parts[2] | uuid->parts[3]);
}

bool
uuid_equals(const struct uuid *a, const struct uuid *b)
{
    return (a->parts[0] == b->parts[0] && a->parts[1] == b->parts[1]
            && a->parts[2] == b->parts[2] && a->parts[3] == b->parts[3]);
}

int
uuid_compare_3way(const struct uuid *a, const struct uuid *b)
{
    for (int i = 0; i < 4; i++) {
        if (a->parts[i] != b->parts[i]) {
            return a->parts[i] < b->parts[i] ? -1 : 1;
        }
    }
    return 0;
}

static int
hex_value(unsigned char c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

int
uuid_from_string_prefix(struct uuid *uuid, const char *s)
{
    /* The text form is 32 hex digits, with dashes after the 8th, 12th,
     * 16th and 20th; parts[] takes them 8 at a time in order. */
    uint32_t parts[4] = { 0, 0, 0, 0 };
    int digits = 0;

    for (int i = 0; i < UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                goto error;
            }
        } else {
            int value = hex_value(s[i]);
            if (value < 0) {
                goto error;     /* Also stops at a terminator. */
            }
            parts[digits / 8] = (parts[digits / 8] << 4) | value;
            digits++;
        }
    }
    memcpy(uuid->parts, parts, sizeof parts);
    return UUID_LEN;

error:
    uuid_zero(uuid);
    return 0;
}

bool
uuid_from_string(struct uuid *uuid, const char *s)
{
    if (uuid_from_string_prefix(uuid, s) == UUID_LEN && s[UUID_LEN] == '\0') {
        return true;
    }
    uuid_zero(uuid);
    return false;
}

/* By hand rather than with snprintf(UUID_FMT): servers format a UUID for
 * every reference in every row they send, and printf's parsing was a tenth
 * of ovsdb-server's time answering ovs-vsctl's selects. */
void
uuid_to_string(const struct uuid *uuid, char buf[UUID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    char *p = buf;

    for (int i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20) {
            *p++ = '-';
        }
        *p++ = hex[(uuid->parts[i / 8] >> (28 - (i % 8) * 4)) & 0xf];
    }
    *p = '\0';
}
