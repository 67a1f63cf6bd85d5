/* fuzz-driver.c -- main() for a fuzz target when libFuzzer is not used.
 *
 *     fuzz-TARGET [FILE | DIR]...
 *
 * First runs LLVMFuzzerTestOneInput() on each FILE and on each regular
 * file directly inside each DIR (the seed corpus, in name order), then on
 * FUZZ_ITERATIONS (default 20000) random mutations of them: bit flips,
 * byte changes, inserts and deletes, copies of a piece, splices of two
 * inputs and inserts of short tokens that parsers care about.  Mutants
 * sometimes join the pool so that mutations can pile up.  There is no
 * coverage feedback; this is a smoke test that runs in bounded time, not a
 * replacement for libFuzzer (configure --enable-fuzzing CC=clang).
 *
 * The seed comes from FUZZ_SEED, or else from the time, and is printed so
 * that a failing run can be repeated.  If the target crashes (a signal, or
 * a sanitizer report), the input is first written to "fuzz-crash-input" in
 * the current directory. */

#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fuzz.h"

/* Longest input we make; libFuzzer's default -max_len is similar. */
#define FUZZ_MAX_INPUT 8192

/* Most inputs we keep in the pool. */
#define MAX_POOL 512

/* Given by a sanitizer runtime when one is linked in. */
void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

struct input {
    uint8_t *data;
    size_t size;
};

static struct input pool[MAX_POOL];
static size_t n_pool;
static size_t n_seeds;

/* The input being run, for the crash handler. */
static const uint8_t *current_data;
static size_t current_size;

static void *
xmalloc_(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "fuzz-driver: out of memory\n");
        exit(1);
    }
    return p;
}

/* Writes the current input to a file.  Async-signal-safe. */
static void
save_current_input(void)
{
    static const char msg[] = "fuzz-driver: crashed; input saved in "
                              "fuzz-crash-input\n";
    int fd = open("fuzz-crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd >= 0) {
        size_t ofs = 0;
        while (ofs < current_size) {
            ssize_t n = write(fd, current_data + ofs, current_size - ofs);
            if (n <= 0) {
                break;
            }
            ofs += n;
        }
        close(fd);
    }
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* Nothing more we can do. */
    }
}

static void
crash_handler(int sig)
{
    save_current_input();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void
run_one(const uint8_t *data, size_t size)
{
    /* A private copy, so that a target reading past the end is caught by
     * the sanitizers, as under libFuzzer. */
    uint8_t *copy = xmalloc_(size);
    memcpy(copy, data, size);
    current_data = copy;
    current_size = size;
    LLVMFuzzerTestOneInput(copy, size);
    current_data = NULL;
    current_size = 0;
    free(copy);
}

static void
pool_add(uint8_t *data, size_t size, uint64_t r)
{
    if (n_pool < MAX_POOL) {
        pool[n_pool].data = data;
        pool[n_pool].size = size;
        n_pool++;
    } else {
        /* Replace a mutant, never a seed. */
        size_t i = n_seeds + r % (MAX_POOL - n_seeds);
        free(pool[i].data);
        pool[i].data = data;
        pool[i].size = size;
    }
}

static void
load_file(const char *file_name)
{
    FILE *f = fopen(file_name, "rb");
    if (!f) {
        fprintf(stderr, "fuzz-driver: %s: %s\n", file_name, strerror(errno));
        exit(1);
    }

    uint8_t *data = xmalloc_(FUZZ_MAX_INPUT);
    size_t size = fread(data, 1, FUZZ_MAX_INPUT, f);
    fclose(f);
    if (n_pool >= MAX_POOL / 2) {
        fprintf(stderr, "fuzz-driver: too many inputs, ignoring %s\n",
                file_name);
        free(data);
        return;
    }
    pool_add(data, size, 0);
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

static void
load_dir(const char *dir_name)
{
    DIR *dir = opendir(dir_name);
    if (!dir) {
        fprintf(stderr, "fuzz-driver: %s: %s\n", dir_name, strerror(errno));
        exit(1);
    }

    char **names = NULL;
    size_t n = 0, allocated = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        size_t len = strlen(dir_name) + strlen(de->d_name) + 2;
        char *name = xmalloc_(len);
        snprintf(name, len, "%s/%s", dir_name, de->d_name);

        struct stat st;
        if (stat(name, &st) || !S_ISREG(st.st_mode)) {
            free(name);
            continue;
        }
        if (n >= allocated) {
            allocated = allocated ? 2 * allocated : 16;
            char **p = realloc(names, allocated * sizeof *names);
            if (!p) {
                exit(1);
            }
            names = p;
        }
        names[n++] = name;
    }
    closedir(dir);

    qsort(names, n, sizeof *names, compare_strings);
    for (size_t i = 0; i < n; i++) {
        load_file(names[i]);
        free(names[i]);
    }
    free(names);
}

/* Short pieces worth inserting: structure, escapes, numbers at the edges,
 * UTF-8 edge cases. */
static const char *const tokens[] = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "\\uDC00",
    "\\ud83d\\ude00", "\\u0000", "true", "false", "null", "0", "-0", "1e999",
    "-1e-999", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "0.5", "1.", ".5", "01", "\xef\xbb\xbf",
    "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3\xa9",
    "\xf0\x9f\x98\x80", "\n", "\t", " ", "[[[[[[[[[[[[[[[[",
    "{\"a\":", "\"method\"", "\"params\"", "\"id\"", "\"result\"",
    "\"error\"", "\"echo\"", "\"transact\"", "\"monitor\"",
};

static uint64_t rng_state;

static uint64_t
rnd(void)
{
    /* xorshift64*. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

/* Applies one random mutation to BUF (*SIZE bytes, FUZZ_MAX_INPUT room). */
static void
mutate(uint8_t *buf, size_t *size)
{
    size_t n = *size;

    switch (rnd() % 9) {
    case 0:                     /* Flip a bit. */
        if (n) {
            buf[rnd() % n] ^= 1 << (rnd() % 8);
        }
        break;

    case 1:                     /* Set a byte to anything. */
        if (n) {
            buf[rnd() % n] = rnd();
        }
        break;

    case 2:                     /* Set a byte to a syntax character. */
        if (n) {
            static const char syntax[] = "{}[],:\"\\ 0123456789-+.eEtfnu/";
            buf[rnd() % n] = syntax[rnd() % (sizeof syntax - 1)];
        }
        break;

    case 3:                     /* Insert a byte. */
        if (n < FUZZ_MAX_INPUT) {
            size_t at = rnd() % (n + 1);
            memmove(buf + at + 1, buf + at, n - at);
            buf[at] = rnd();
            n++;
        }
        break;

    case 4: {                   /* Delete a range. */
        if (n) {
            size_t at = rnd() % n;
            size_t len = 1 + rnd() % (n - at < 8 ? n - at : 8);
            memmove(buf + at, buf + at + len, n - at - len);
            n -= len;
        }
        break;
    }

    case 5: {                   /* Copy a piece to elsewhere. */
        if (n) {
            size_t from = rnd() % n;
            size_t len = 1 + rnd() % (n - from);
            size_t to = rnd() % (n + 1);
            if (len > FUZZ_MAX_INPUT - n) {
                len = FUZZ_MAX_INPUT - n;
            }
            uint8_t *tmp = xmalloc_(len);
            memcpy(tmp, buf + from, len);
            memmove(buf + to + len, buf + to, n - to);
            memcpy(buf + to, tmp, len);
            free(tmp);
            n += len;
        }
        break;
    }

    case 6: {                   /* Splice: our head, another's tail. */
        const struct input *other = &pool[rnd() % n_pool];
        size_t at = rnd() % (n + 1);
        size_t from = other->size ? rnd() % other->size : 0;
        size_t len = other->size - from;
        if (len > FUZZ_MAX_INPUT - at) {
            len = FUZZ_MAX_INPUT - at;
        }
        memcpy(buf + at, other->data + from, len);
        n = at + len;
        break;
    }

    case 7:                     /* Insert a token. */
    case 8: {
        const char *token = tokens[rnd() % (sizeof tokens / sizeof *tokens)];
        size_t len = strlen(token);
        if (len <= FUZZ_MAX_INPUT - n) {
            size_t at = rnd() % (n + 1);
            memmove(buf + at + len, buf + at, n - at);
            memcpy(buf + at, token, len);
            n += len;
        }
        break;
    }
    }
    *size = n;
}

static unsigned long long int
get_env_number(const char *name, unsigned long long int default_value)
{
    const char *s = getenv(name);
    if (!s || !*s) {
        return default_value;
    }

    char *end;
    errno = 0;
    unsigned long long int value = strtoull(s, &end, 0);
    if (errno || *end) {
        fprintf(stderr, "fuzz-driver: %s=%s is not a number\n", name, s);
        exit(1);
    }
    return value;
}

int
main(int argc, char *argv[])
{
    unsigned long long int iterations = get_env_number("FUZZ_ITERATIONS",
                                                       20000);
    unsigned long long int seed = get_env_number(
        "FUZZ_SEED", (unsigned long long int) time(NULL) ^ getpid());

    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }

    static const int signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE,
                                   SIGILL };
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        signal(signals[i], crash_handler);
    }
    if (__sanitizer_set_death_callback) {
        __sanitizer_set_death_callback(save_current_input);
    }

    printf("fuzz-driver: seed %llu (set FUZZ_SEED to repeat)\n", seed);
    fflush(stdout);
    rng_state = seed * UINT64_C(0x9e3779b97f4a7c15) + 1;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (!stat(argv[i], &st) && S_ISDIR(st.st_mode)) {
            load_dir(argv[i]);
        } else {
            load_file(argv[i]);
        }
    }
    if (!n_pool) {
        pool_add(xmalloc_(FUZZ_MAX_INPUT), 0, 0);  /* Start from nothing. */
    }
    n_seeds = n_pool;

    for (size_t i = 0; i < n_seeds; i++) {
        run_one(pool[i].data, pool[i].size);
    }

    for (unsigned long long int i = 0; i < iterations; i++) {
        const struct input *base = &pool[rnd() % n_pool];
        uint8_t *buf = xmalloc_(FUZZ_MAX_INPUT);
        size_t size = base->size;

        memcpy(buf, base->data, size);
        int n_mutations = 1 + rnd() % 4;
        for (int j = 0; j < n_mutations; j++) {
            mutate(buf, &size);
        }
        run_one(buf, size);

        if (rnd() % 8 == 0) {
            pool_add(buf, size, rnd());
        } else {
            free(buf);
        }
    }

    for (size_t i = 0; i < n_pool; i++) {
        free(pool[i].data);
    }
    printf("fuzz-driver: %zu inputs, %llu mutations, no crash\n",
           n_seeds, iterations);
    return 0;
}
