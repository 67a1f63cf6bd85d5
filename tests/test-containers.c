/* test-containers.c -- unit tests for the bottom of the library: hmap,
 * list, dynamic strings, shash, sset, smap, uuid, hash, dirs and util.
 *
 * Each "ovstest test-NAME" command runs every check for one module and
 * returns normally on success; a failed check aborts with the location and
 * the values involved (OVSTEST_CHECK*).  The hash-table tests run the same
 * scenarios under several hash functions, including degenerate ones
 * (constant, few values), because collisions are where chaining and
 * resizing bugs hide.  A few commands take arguments so that the Autotest
 * file can check behaviour that is only visible from outside a process
 * (exit status, stderr text, environment variables). */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "hash.h"
#include "hmap.h"
#include "list.h"
#include "ovstest.h"
#include "shash.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "uuid.h"

/* A small deterministic PRNG, so that failures reproduce. */
static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
    /* xorshift32 */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void
shuffle(int *p, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rng() % i;
        int tmp = p[i - 1];
        p[i - 1] = p[j];
        p[j] = tmp;
    }
}

static int
compare_ints(const void *a_, const void *b_)
{
    const int *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* ---------------------------------------------------------------------- */
/* hmap */

struct element {
    int value;
    struct hmap_node node;
};

typedef size_t hash_func(int value);

static size_t good_hash(int value) { return hash_int(value, 0); }
static size_t identity_hash(int value) { return value; }
static size_t constant_hash(int value OVS_UNUSED) { return 123; }
static size_t mod4_hash(int value) { return value % 4; }

static hash_func *const hash_funcs[] = {
    good_hash, identity_hash, constant_hash, mod4_hash,
};

/* Checks that HMAP holds exactly the N values in VALUES (any order) and
 * that its internal invariants hold. */
static void
check_hmap(const struct hmap *hmap, const int values[], size_t n,
           hash_func *hash)
{
    int *sorted = xmalloc((n + 1) * sizeof *sorted);
    int *seen = xmalloc((n + 1) * sizeof *seen);
    const struct element *e;
    size_t i;

    OVSTEST_CHECK_INT(hmap_count(hmap), n);
    OVSTEST_CHECK(hmap_is_empty(hmap) == (n == 0));

    /* Iteration visits each element once. */
    i = 0;
    HMAP_FOR_EACH (e, node, hmap) {
        OVSTEST_CHECK(i < n);
        seen[i++] = e->value;
    }
    OVSTEST_CHECK_INT(i, n);
    memcpy(sorted, values, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_ints);
    qsort(seen, n, sizeof *seen, compare_ints);
    for (i = 0; i < n; i++) {
        OVSTEST_CHECK_INT(seen[i], sorted[i]);
    }

    /* Each value is found by hash exactly once (values are distinct). */
    for (i = 0; i < n; i++) {
        size_t count = 0;
        HMAP_FOR_EACH_WITH_HASH (e, node, hash(values[i]), hmap) {
            count += e->value == values[i];
        }
        OVSTEST_CHECK_INT(count, 1);
    }

    /* Structure: power-of-two buckets, every node in its bucket, the
     * node count matches, and the load stays bounded. */
    OVSTEST_CHECK(is_pow2(hmap->mask + 1));
    size_t total = 0;
    for (size_t b = 0; b <= hmap->mask; b++) {
        for (struct hmap_node *node = hmap->buckets[b]; node;
             node = node->next) {
            OVSTEST_CHECK_INT(node->hash & hmap->mask, b);
            total++;
        }
    }
    OVSTEST_CHECK_INT(total, n);
    OVSTEST_CHECK(n / 2 <= hmap->mask);

    free(sorted);
    free(seen);
}

static void
make_elements(struct element *elements, int *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        elements[i].value = values[i] = i;
    }
}

/* Inserts elements one at a time, checking after each, then removes them
 * in a random order, checking after each, with optional shrinking. */
static void
test_hmap_insert_remove(hash_func *hash, size_t n, bool shrink)
{
    struct element *elements = xmalloc(n * sizeof *elements);
    int *values = xmalloc(n * sizeof *values);
    int *order = xmalloc(n * sizeof *order);
    struct hmap hmap;

    make_elements(elements, values, n);
    hmap_init(&hmap);
    for (size_t i = 0; i < n; i++) {
        hmap_insert(&hmap, &elements[i].node, hash(i));
        check_hmap(&hmap, values, i + 1, hash);
    }

    for (size_t i = 0; i < n; i++) {
        order[i] = i;
    }
    shuffle(order, n);
    for (size_t i = 0; i < n; i++) {
        struct element *e = &elements[order[i]];
        hmap_remove(&hmap, &e->node);
        if (shrink) {
            hmap_shrink(&hmap);
        }
        /* The remaining values are those not yet removed. */
        size_t k = 0;
        for (size_t j = i + 1; j < n; j++) {
            values[k++] = order[j];
        }
        check_hmap(&hmap, values, n - i - 1, hash);
    }
    if (shrink) {
        OVSTEST_CHECK_INT(hmap.mask, 0);
        OVSTEST_CHECK(hmap.buckets == &hmap.one);
    }
    hmap_destroy(&hmap);
    free(order);
    free(values);
    free(elements);
}

static void
test_hmap_sizing(void)
{
    enum { N = 1000 };
    struct element elements[N];
    int values[N];
    struct hmap hmap;

    /* An empty map allocates nothing. */
    struct hmap empty = HMAP_INITIALIZER(&empty);
    OVSTEST_CHECK(hmap_first(&empty) == NULL);
    OVSTEST_CHECK(hmap_random_node(&empty) == NULL);
    hmap_destroy(&empty);

    make_elements(elements, values, N);
    hmap_init(&hmap);
    for (size_t i = 0; i < N; i++) {
        hmap_insert(&hmap, &elements[i].node, good_hash(i));
    }
    size_t grown_mask = hmap.mask;
    OVSTEST_CHECK(grown_mask + 1 >= N / 2);
    OVSTEST_CHECK(grown_mask + 1 <= N);

    /* Remove all but 10: removal alone never shrinks; shrink does, to a
     * bucket count where the map is not mostly empty. */
    for (size_t i = 10; i < N; i++) {
        hmap_remove(&hmap, &elements[i].node);
    }
    OVSTEST_CHECK_INT(hmap.mask, grown_mask);
    hmap_shrink(&hmap);
    OVSTEST_CHECK(hmap.mask < grown_mask);
    OVSTEST_CHECK(hmap.mask + 1 <= 4 * 10);
    check_hmap(&hmap, values, 10, good_hash);

    /* Reserve makes room up front so that inserts do not rehash. */
    hmap_reserve(&hmap, N);
    size_t reserved_mask = hmap.mask;
    OVSTEST_CHECK(reserved_mask + 1 >= N / 2);
    for (size_t i = 10; i < N; i++) {
        hmap_insert(&hmap, &elements[i].node, good_hash(i));
    }
    OVSTEST_CHECK_INT(hmap.mask, reserved_mask);
    check_hmap(&hmap, values, N, good_hash);

    /* Expand on a map that is already big enough is a no-op. */
    hmap_expand(&hmap);
    OVSTEST_CHECK_INT(hmap.mask, reserved_mask);

    /* Clear forgets elements but keeps the buckets. */
    hmap_clear(&hmap);
    check_hmap(&hmap, values, 0, good_hash);
    OVSTEST_CHECK_INT(hmap.mask, reserved_mask);
    hmap_destroy(&hmap);
}

static void
test_hmap_iteration(hash_func *hash)
{
    enum { N = 200 };
    struct element elements[N];
    int values[N];
    struct element *e, *next;
    struct hmap hmap;
    size_t n;

    make_elements(elements, values, N);
    hmap_init(&hmap);
    for (size_t i = 0; i < N; i++) {
        hmap_insert(&hmap, &elements[i].node, hash(i));
    }

    /* SAFE: remove the odd values while iterating. */
    n = 0;
    HMAP_FOR_EACH_SAFE (e, next, node, &hmap) {
        if (e->value % 2) {
            hmap_remove(&hmap, &e->node);
        }
        n++;
    }
    OVSTEST_CHECK_INT(n, N);
    for (size_t i = 0; i < N / 2; i++) {
        values[i] = 2 * i;
    }
    check_hmap(&hmap, values, N / 2, hash);

    /* Replace element 0 by a new one with the same hash. */
    struct element replacement = { .value = 0 };
    hmap_replace(&hmap, &elements[0].node, &replacement.node);
    check_hmap(&hmap, values, N / 2, hash);
    bool found = false;
    HMAP_FOR_EACH_WITH_HASH (e, node, hash(0), &hmap) {
        OVSTEST_CHECK(e != &elements[0]);
        found |= e == &replacement;
    }
    OVSTEST_CHECK(found);

    /* Random node is some member. */
    for (int i = 0; i < 50; i++) {
        struct hmap_node *node = hmap_random_node(&hmap);
        OVSTEST_CHECK(node != NULL);
        e = CONTAINER_OF(node, struct element, node);
        OVSTEST_CHECK(e->value % 2 == 0);
    }

    /* POP empties the map, visiting each remaining element once. */
    n = 0;
    int sum = 0;
    HMAP_FOR_EACH_POP (e, node, &hmap) {
        n++;
        sum += e->value;
    }
    OVSTEST_CHECK_INT(n, N / 2);
    OVSTEST_CHECK_INT(sum, (N / 2) * (N / 2 - 1));  /* 2 * sum(0..N/2-1) */
    check_hmap(&hmap, values, 0, hash);
    hmap_destroy(&hmap);
}

static void
test_hmap_swap_moved(void)
{
    struct element a_elems[3], b_elems[40];
    int a_values[3], b_values[40];
    struct hmap a, b, copy;

    make_elements(a_elems, a_values, 3);
    make_elements(b_elems, b_values, 40);

    /* Small maps use the inline bucket: swapping and memcpy'ing must
     * repoint it.  Test with one side inline and the other not. */
    hmap_init(&a);
    hmap_init(&b);
    hmap_insert(&a, &a_elems[0].node, good_hash(0));
    for (size_t i = 0; i < 40; i++) {
        hmap_insert(&b, &b_elems[i].node, good_hash(i));
    }
    hmap_swap(&a, &b);
    check_hmap(&a, b_values, 40, good_hash);
    check_hmap(&b, a_values, 1, good_hash);
    OVSTEST_CHECK(b.buckets == &b.one);

    memcpy(&copy, &b, sizeof copy);
    hmap_moved(&copy);
    OVSTEST_CHECK(copy.buckets == &copy.one);
    check_hmap(&copy, a_values, 1, good_hash);

    hmap_destroy(&a);
    hmap_destroy(&copy);
    hmap_destroy(NULL);
}

/* Random operations checked against a simple model (an array of flags). */
static void
test_hmap_random(hash_func *hash)
{
    enum { N = 300, OPS = 5000 };
    struct element elements[N];
    bool present[N] = { false };
    int values[N];
    struct hmap hmap;

    for (int i = 0; i < N; i++) {
        elements[i].value = i;
    }
    hmap_init(&hmap);
    for (int op = 0; op < OPS; op++) {
        int i = rng() % N;
        if (present[i]) {
            hmap_remove(&hmap, &elements[i].node);
        } else {
            hmap_insert(&hmap, &elements[i].node, hash(i));
        }
        present[i] = !present[i];
        if (rng() % 16 == 0) {
            hmap_shrink(&hmap);
        }
        if (op % 97 == 0) {
            size_t n = 0;
            for (int j = 0; j < N; j++) {
                if (present[j]) {
                    values[n++] = j;
                }
            }
            check_hmap(&hmap, values, n, hash);
        }
    }
    hmap_destroy(&hmap);
}

static void
test_hmap_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    for (size_t h = 0; h < ARRAY_SIZE(hash_funcs); h++) {
        for (size_t n = 0; n <= 40; n += 7) {
            test_hmap_insert_remove(hash_funcs[h], n, false);
            test_hmap_insert_remove(hash_funcs[h], n, true);
        }
        test_hmap_iteration(hash_funcs[h]);
        test_hmap_random(hash_funcs[h]);
    }
    test_hmap_insert_remove(good_hash, 2000, true);
    test_hmap_sizing();
    test_hmap_swap_moved();
}
OVSTEST_REGISTER("test-hmap", test_hmap_main)

/* ---------------------------------------------------------------------- */
/* list */

struct list_elem {
    int value;
    struct ovs_list node;
};

/* Checks that LIST holds VALUES in order, walking both directions. */
static void
check_list(const struct ovs_list *list, const int values[], size_t n)
{
    const struct list_elem *e;
    size_t i;

    OVSTEST_CHECK_INT(ovs_list_size(list), n);
    OVSTEST_CHECK(ovs_list_is_empty(list) == (n == 0));
    OVSTEST_CHECK(ovs_list_is_singleton(list) == (n == 1));

    i = 0;
    LIST_FOR_EACH (e, node, list) {
        OVSTEST_CHECK(i < n);
        OVSTEST_CHECK_INT(e->value, values[i]);
        OVSTEST_CHECK(e->node.next->prev == &e->node);
        i++;
    }
    OVSTEST_CHECK_INT(i, n);

    LIST_FOR_EACH_REVERSE (e, node, list) {
        OVSTEST_CHECK(i > 0);
        i--;
        OVSTEST_CHECK_INT(e->value, values[i]);
    }
    OVSTEST_CHECK_INT(i, 0);
}

static void
test_list_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    enum { N = 10 };
    struct list_elem elems[N];
    struct ovs_list list = OVS_LIST_INITIALIZER(&list);
    struct ovs_list other;
    struct list_elem *e, *next;
    int values[2 * N] = { 0 };

    for (int i = 0; i < N; i++) {
        elems[i].value = i;
    }
    check_list(&list, values, 0);

    /* push_back builds 0..N-1 in order. */
    for (int i = 0; i < N; i++) {
        ovs_list_push_back(&list, &elems[i].node);
        values[i] = i;
        check_list(&list, values, i + 1);
    }
    OVSTEST_CHECK(ovs_list_front(&list) == &elems[0].node);
    OVSTEST_CHECK(ovs_list_back(&list) == &elems[N - 1].node);

    /* Removing returns the follower and poisons the element. */
    OVSTEST_CHECK(ovs_list_remove(&elems[3].node) == &elems[4].node);
    OVSTEST_CHECK(!ovs_list_is_linked(&elems[3].node));
    OVSTEST_CHECK(ovs_list_is_linked(&elems[4].node));
    int after_remove[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9 };
    check_list(&list, after_remove, N - 1);

    /* insert before 4 puts 3 back. */
    ovs_list_insert(&elems[4].node, &elems[3].node);
    check_list(&list, values, N);

    /* pop from both ends. */
    OVSTEST_CHECK(ovs_list_pop_front(&list) == &elems[0].node);
    OVSTEST_CHECK(ovs_list_pop_back(&list) == &elems[N - 1].node);
    check_list(&list, values + 1, N - 2);
    ovs_list_push_front(&list, &elems[0].node);
    ovs_list_push_back(&list, &elems[N - 1].node);
    check_list(&list, values, N);

    /* SAFE removal of the even values. */
    LIST_FOR_EACH_SAFE (e, next, node, &list) {
        if (e->value % 2 == 0) {
            ovs_list_remove(&e->node);
        }
    }
    int odd[] = { 1, 3, 5, 7, 9 };
    check_list(&list, odd, 5);

    /* Splice the evens from another list onto the end. */
    ovs_list_init(&other);
    for (int i = 0; i < N; i += 2) {
        ovs_list_push_back(&other, &elems[i].node);
    }
    ovs_list_splice_back(&list, &other);
    OVSTEST_CHECK(ovs_list_is_empty(&other));
    int spliced[] = { 1, 3, 5, 7, 9, 0, 2, 4, 6, 8 };
    check_list(&list, spliced, N);
    ovs_list_splice_back(&list, &other);        /* Empty: no change. */
    check_list(&list, spliced, N);

    /* A moved head is fixed up, both when empty and not. */
    struct ovs_list moved;
    memcpy(&moved, &list, sizeof moved);
    ovs_list_moved(&moved, &list);
    check_list(&moved, spliced, N);
    memcpy(&list, &other, sizeof list);
    ovs_list_moved(&list, &other);
    check_list(&list, values, 0);

    /* POP takes them from the front. */
    int i = 0;
    LIST_FOR_EACH_POP (e, node, &moved) {
        OVSTEST_CHECK_INT(e->value, spliced[i]);
        OVSTEST_CHECK(!ovs_list_is_linked(&e->node));
        i++;
    }
    OVSTEST_CHECK_INT(i, N);
    check_list(&moved, values, 0);

    /* Removing a poisoned element twice is harmless. */
    ovs_list_remove(&elems[0].node);
    ovs_list_remove(&elems[0].node);
}
OVSTEST_REGISTER("test-list", test_list_main)

/* ---------------------------------------------------------------------- */
/* dynamic strings */

static void
check_printable(const char *input, size_t n, const char *expected)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_printable(&ds, input, n);
    OVSTEST_CHECK_STR(ds_cstr(&ds), expected);
    ds_destroy(&ds);
}

static void
check_hex_dump(const void *buf, size_t size, uintptr_t ofs, bool ascii,
               const char *expected)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&ds, buf, size, ofs, ascii);
    OVSTEST_CHECK_STR(ds_cstr(&ds), expected);
    ds_destroy(&ds);
}

static void
test_ds_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct ds other;

    /* Empty strings. */
    OVSTEST_CHECK_STR(ds_cstr_ro(&ds), "");
    OVSTEST_CHECK_INT(ds_last(&ds), EOF);
    OVSTEST_CHECK(!ds_chomp(&ds, 'x'));
    OVSTEST_CHECK_STR(ds_cstr(&ds), "");
    ds_destroy(&ds);
    ds_destroy(NULL);

    /* Appending. */
    ds_init(&ds);
    ds_put_cstr(&ds, "hello");
    ds_put_char(&ds, ',');
    ds_put_char_multiple(&ds, ' ', 2);
    ds_put_buffer(&ds, "world!!!", 5);
    ds_put_format(&ds, " %d-%s-%05.1f", 42, "x", 3.14159);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "hello,  world 42-x-003.1");
    OVSTEST_CHECK_INT(ds.length, strlen("hello,  world 42-x-003.1"));
    OVSTEST_CHECK_INT(ds_last(&ds), '1');

    /* Truncate and chomp. */
    ds_truncate(&ds, 5);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "hello");
    ds_truncate(&ds, 100);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "hello");
    OVSTEST_CHECK(ds_chomp(&ds, 'o'));
    OVSTEST_CHECK(!ds_chomp(&ds, 'o'));
    OVSTEST_CHECK_STR(ds_cstr_ro(&ds), "hell");

    /* Clear keeps the memory. */
    char *old = ds.string;
    ds_clear(&ds);
    OVSTEST_CHECK_STR(ds_cstr_ro(&ds), "");
    OVSTEST_CHECK(ds.string == old);

    /* A format longer than the free space, many times, including a
     * format whose output exactly fills the buffer. */
    for (int i = 0; i < 1000; i++) {
        ds_put_format(&ds, "%03d,", i);
    }
    OVSTEST_CHECK_INT(ds.length, 4000);
    OVSTEST_CHECK(!memcmp(ds.string, "000,001,002,", 12));
    OVSTEST_CHECK(!memcmp(ds.string + 3996, "999,", 5));
    OVSTEST_CHECK(ds.allocated >= ds.length);
    ds_clear(&ds);
    ds_reserve(&ds, 10);
    size_t room = ds.allocated;
    ds_put_char_multiple(&ds, 'a', room - 3);
    ds_put_format(&ds, "%s", "bcd");      /* Exactly fills. */
    OVSTEST_CHECK_INT(ds.length, room);
    OVSTEST_CHECK_INT(strlen(ds_cstr(&ds)), room);
    ds_put_format(&ds, "%s", "e");        /* Must grow. */
    OVSTEST_CHECK_INT(ds_last(&ds), 'e');
    OVSTEST_CHECK_INT(strlen(ds_cstr(&ds)), room + 1);

    /* put_uninit. */
    ds_clear(&ds);
    memcpy(ds_put_uninit(&ds, 3), "abc", 3);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "abc");

    /* Clone, swap, steal. */
    ds_clone(&other, &ds);
    OVSTEST_CHECK_STR(ds_cstr(&other), "abc");
    OVSTEST_CHECK(other.string != ds.string);
    ds_put_cstr(&other, "def");
    ds_swap(&ds, &other);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "abcdef");
    OVSTEST_CHECK_STR(ds_cstr(&other), "abc");
    char *stolen = ds_steal_cstr(&ds);
    OVSTEST_CHECK_STR(stolen, "abcdef");
    OVSTEST_CHECK_INT(ds.length, 0);
    OVSTEST_CHECK_STR(ds_cstr_ro(&ds), "");
    free(stolen);
    ds_destroy(&other);
    struct ds empty = DS_EMPTY_INITIALIZER;
    ds_clone(&other, &empty);
    OVSTEST_CHECK_STR(ds_cstr(&other), "");
    ds_destroy(&other);

    /* Printable. */
    check_printable("plain", 5, "plain");
    check_printable("", 0, "");
    check_printable("two words", 9, "\"two words\"");
    check_printable("q\"b\\", 4, "\"q\\\"b\\\\\"");
    check_printable("a\\b", 3, "\"a\\\\b\"");
    check_printable("a\"", 2, "\"a\\\"\"");
    check_printable("a\nb\tc\r", 6, "\"a\\nb\\tc\\r\"");
    check_printable("\001\377" "7", 3, "\"\\001\\3777\"");
    check_printable("nul\0x", 5, "\"nul\\000x\"");

    /* Hex dumps: full line, short last line, unaligned start, no ASCII. */
    check_hex_dump("abcdefghijklmnopq", 17, 0, true,
                   "00000000  61 62 63 64 65 66 67 68-69 6a 6b 6c 6d 6e 6f 70"
                   " |abcdefghijklmnop|\n"
                   "00000010  71                                             "
                   " |q|\n");
    check_hex_dump("\x00\x01\x7f" "A", 4, 0x1e, true,
                   "00000010                                            00 01"
                   " |              ..|\n"
                   "00000020  7f 41                                          "
                   " |.A|\n");
    check_hex_dump("abcdefgh", 8, 0, false,
                   "00000000  61 62 63 64 65 66 67 68\n");
    check_hex_dump("abcdefghi", 9, 0, false,
                   "00000000  61 62 63 64 65 66 67 68-69\n");
    check_hex_dump("", 0, 0, true, "");

    /* get_line. */
    FILE *file = tmpfile();
    OVSTEST_CHECK(file != NULL);
    fputs("first line\n\nlast without newline", file);
    rewind(file);
    OVSTEST_CHECK_INT(ds_get_line(&ds, file), 0);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "first line");
    OVSTEST_CHECK_INT(ds_get_line(&ds, file), 0);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "");
    OVSTEST_CHECK_INT(ds_get_line(&ds, file), 0);
    OVSTEST_CHECK_STR(ds_cstr(&ds), "last without newline");
    OVSTEST_CHECK_INT(ds_get_line(&ds, file), EOF);
    fclose(file);
    ds_destroy(&ds);
}
OVSTEST_REGISTER("test-ds", test_ds_main)

/* ---------------------------------------------------------------------- */
/* shash */

static void
test_shash_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct shash sh = SHASH_INITIALIZER(&sh);
    struct shash other;
    struct shash_node *node, *next;
    int a = 1, b = 2, c = 3;

    OVSTEST_CHECK(shash_is_empty(&sh));
    OVSTEST_CHECK(shash_first(&sh) == NULL);
    OVSTEST_CHECK(shash_find(&sh, "x") == NULL);

    OVSTEST_CHECK(shash_add_once(&sh, "a", &a));
    OVSTEST_CHECK(!shash_add_once(&sh, "a", &b));
    OVSTEST_CHECK(shash_find_data(&sh, "a") == &a);
    shash_add_assert(&sh, "b", &b);
    node = shash_add(&sh, "c", &c);
    OVSTEST_CHECK_STR(node->name, "c");
    OVSTEST_CHECK_INT(shash_count(&sh), 3);
    OVSTEST_CHECK(shash_first(&sh) != NULL);

    /* Replace returns the old data, or NULL when it adds. */
    OVSTEST_CHECK(shash_replace(&sh, "a", &c) == &a);
    OVSTEST_CHECK(shash_find_data(&sh, "a") == &c);
    OVSTEST_CHECK(shash_replace(&sh, "d", &a) == NULL);
    OVSTEST_CHECK(shash_replace_nocopy(&sh, xstrdup("d"), &b) == &a);
    OVSTEST_CHECK(shash_replace_nocopy(&sh, xstrdup("e"), &b) == NULL);
    OVSTEST_CHECK_INT(shash_count(&sh), 5);

    /* find_len matches a prefix of a longer string exactly. */
    OVSTEST_CHECK(shash_find_len(&sh, "abc", 1) == shash_find(&sh, "a"));
    OVSTEST_CHECK(shash_find_len(&sh, "abc", 2) == NULL);
    OVSTEST_CHECK(shash_find_len(&sh, "abc", 0) == NULL);

    /* Sorted order. */
    const struct shash_node **sorted = shash_sort(&sh);
    const char *expected[] = { "a", "b", "c", "d", "e" };
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        OVSTEST_CHECK_STR(sorted[i]->name, expected[i]);
    }
    free(sorted);

    /* Equal keys compares names only. */
    shash_init(&other);
    OVSTEST_CHECK(!shash_equal_keys(&sh, &other));
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        shash_add(&other, expected[i], NULL);
    }
    OVSTEST_CHECK(shash_equal_keys(&sh, &other));
    shash_find_and_delete(&other, "e");
    shash_add(&other, "f", NULL);
    OVSTEST_CHECK(!shash_equal_keys(&sh, &other));
    OVSTEST_CHECK(!shash_equal_keys(&other, &sh));

    /* Swap and moved. */
    shash_swap(&sh, &other);
    OVSTEST_CHECK(shash_find(&sh, "f") != NULL);
    OVSTEST_CHECK(shash_find(&other, "e") != NULL);
    shash_swap(&sh, &other);

    /* Delete, steal, find_and_delete. */
    OVSTEST_CHECK(shash_find_and_delete(&sh, "b") == &b);
    OVSTEST_CHECK(shash_find_and_delete(&sh, "b") == NULL);
    char *name = shash_steal(&sh, shash_find(&sh, "c"));
    OVSTEST_CHECK_STR(name, "c");
    free(name);
    shash_delete(&sh, shash_find(&sh, "d"));
    OVSTEST_CHECK_INT(shash_count(&sh), 2);

    /* SAFE deletion of everything. */
    SHASH_FOR_EACH_SAFE (node, next, &sh) {
        shash_delete(&sh, node);
    }
    OVSTEST_CHECK(shash_is_empty(&sh));

    /* shash_add permits duplicates. */
    shash_add(&sh, "dup", &a);
    shash_add(&sh, "dup", &b);
    OVSTEST_CHECK_INT(shash_count(&sh), 2);
    shash_clear(&sh);
    OVSTEST_CHECK(shash_is_empty(&sh));

    /* Many keys, and destroy_free_data frees the data. */
    for (int i = 0; i < 1000; i++) {
        char key[16];
        snprintf(key, sizeof key, "key%d", i);
        int *data = xmalloc(sizeof *data);
        *data = i;
        shash_add_assert(&sh, key, data);
    }
    for (int i = 0; i < 1000; i++) {
        char key[16];
        snprintf(key, sizeof key, "key%d", i);
        int *data = shash_find_data(&sh, key);
        OVSTEST_CHECK(data && *data == i);
    }
    shash_destroy_free_data(&sh);
    shash_destroy(&other);
    shash_destroy(NULL);
}
OVSTEST_REGISTER("test-shash", test_shash_main)

/* ---------------------------------------------------------------------- */
/* sset */

static void
check_sset_sorted(const struct sset *set, const char *const expected[],
                  size_t n)
{
    const char **names = sset_sort(set);
    OVSTEST_CHECK_INT(sset_count(set), n);
    for (size_t i = 0; i < n; i++) {
        OVSTEST_CHECK_STR(names[i], expected[i]);
    }
    free(names);
}

static void
test_sset_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct sset set = SSET_INITIALIZER(&set);
    struct sset clone;
    const char *name, *next;

    OVSTEST_CHECK(sset_is_empty(&set));
    OVSTEST_CHECK(sset_first_name__(&set) == NULL);
    check_sset_sorted(&set, NULL, 0);

    OVSTEST_CHECK(sset_add(&set, "b") != NULL);
    OVSTEST_CHECK(sset_add(&set, "b") == NULL);
    sset_add_assert(&set, "a");
    OVSTEST_CHECK(sset_add_and_free(&set, xstrdup("c")) != NULL);
    OVSTEST_CHECK(sset_add_and_free(&set, xstrdup("c")) == NULL);
    char *array[] = { "e", "d", "a", "e" };
    sset_add_array(&set, array, ARRAY_SIZE(array));
    const char *abcde[] = { "a", "b", "c", "d", "e" };
    check_sset_sorted(&set, abcde, 5);
    OVSTEST_CHECK(sset_contains(&set, "d"));
    OVSTEST_CHECK(!sset_contains(&set, "f"));
    OVSTEST_CHECK(!sset_contains(&set, ""));
    OVSTEST_CHECK_STR(sset_find(&set, "c")->name, "c");

    /* Clone and equality. */
    sset_clone(&clone, &set);
    OVSTEST_CHECK(sset_equals(&set, &clone));
    sset_find_and_delete_assert(&clone, "e");
    OVSTEST_CHECK(!sset_equals(&set, &clone));
    sset_add(&clone, "f");
    OVSTEST_CHECK(!sset_equals(&set, &clone));
    OVSTEST_CHECK(!sset_equals(&clone, &set));
    OVSTEST_CHECK(!sset_find_and_delete(&clone, "e"));

    /* Iteration sees every name once; SAFE may delete the current one. */
    size_t n = 0;
    SSET_FOR_EACH (name, &set) {
        OVSTEST_CHECK(sset_contains(&clone, name) || !strcmp(name, "e"));
        n++;
    }
    OVSTEST_CHECK_INT(n, 5);
    SSET_FOR_EACH_SAFE (name, next, &set) {
        if (strcmp(name, "c") < 0) {
            sset_find_and_delete(&set, name);
        }
    }
    const char *cde[] = { "c", "d", "e" };
    check_sset_sorted(&set, cde, 3);

    /* Swap, moved. */
    sset_swap(&set, &clone);
    OVSTEST_CHECK(sset_contains(&set, "f"));
    OVSTEST_CHECK(!sset_contains(&clone, "f"));
    struct sset copy;
    memcpy(&copy, &clone, sizeof copy);
    sset_moved(&copy);
    check_sset_sorted(&copy, cde, 3);

    /* Pop everything. */
    n = 0;
    while (!sset_is_empty(&copy)) {
        char *popped = sset_pop(&copy);
        OVSTEST_CHECK(popped[0] >= 'c' && popped[0] <= 'e');
        free(popped);
        n++;
    }
    OVSTEST_CHECK_INT(n, 3);
    sset_destroy(&copy);

    /* Empty string is a valid member; clear empties. */
    sset_add(&set, "");
    OVSTEST_CHECK(sset_contains(&set, ""));
    sset_clear(&set);
    OVSTEST_CHECK(sset_is_empty(&set));
    sset_destroy(&set);
    sset_destroy(NULL);
}
OVSTEST_REGISTER("test-sset", test_sset_main)

/* ---------------------------------------------------------------------- */
/* smap */

static void
test_smap_main(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    struct smap clone;
    struct smap_node *node, *next;

    OVSTEST_CHECK(smap_is_empty(&smap));
    OVSTEST_CHECK(smap_get(&smap, "x") == NULL);
    OVSTEST_CHECK_STR(smap_get_def(&smap, "x", "def"), "def");

    smap_add(&smap, "k1", "v1");
    OVSTEST_CHECK(smap_add_once(&smap, "k2", "v2"));
    OVSTEST_CHECK(!smap_add_once(&smap, "k2", "other"));
    smap_add_format(&smap, "k3", "%d-%s", 3, "three");
    smap_add_nocopy(&smap, xstrdup("k4"), xstrdup("v4"));
    OVSTEST_CHECK_INT(smap_count(&smap), 4);
    OVSTEST_CHECK_STR(smap_get(&smap, "k2"), "v2");
    OVSTEST_CHECK_STR(smap_get(&smap, "k3"), "3-three");
    OVSTEST_CHECK_STR(smap_get_node(&smap, "k4")->value, "v4");

    /* Replace overwrites or adds; replacing with its own value works. */
    smap_replace(&smap, "k1", "new");
    smap_replace(&smap, "k5", "v5");
    smap_replace(&smap, "k5", smap_get(&smap, "k5"));
    OVSTEST_CHECK_STR(smap_get(&smap, "k1"), "new");
    OVSTEST_CHECK_STR(smap_get(&smap, "k5"), "v5");
    OVSTEST_CHECK_INT(smap_count(&smap), 5);

    /* Sort. */
    const struct smap_node **sorted = smap_sort(&smap);
    const char *keys[] = { "k1", "k2", "k3", "k4", "k5" };
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        OVSTEST_CHECK_STR(sorted[i]->key, keys[i]);
    }
    free(sorted);

    /* Clone and equality, which compares values too. */
    smap_clone(&clone, &smap);
    OVSTEST_CHECK(smap_equal(&smap, &clone));
    smap_replace(&clone, "k1", "different");
    OVSTEST_CHECK(!smap_equal(&smap, &clone));
    smap_replace(&clone, "k1", "new");
    OVSTEST_CHECK(smap_equal(&smap, &clone));
    smap_remove(&clone, "k1");
    OVSTEST_CHECK(!smap_equal(&smap, &clone));
    smap_add(&clone, "k0", "new");
    OVSTEST_CHECK(!smap_equal(&smap, &clone));
    OVSTEST_CHECK(!smap_remove(&clone, "k1"));

    /* Typed getters reject garbage and overflow. */
    smap_clear(&smap);
    smap_add(&smap, "t", "true");
    smap_add(&smap, "f", "false");
    smap_add(&smap, "junk", "yes");
    smap_add(&smap, "n", "-123");
    smap_add(&smap, "max", "2147483647");
    smap_add(&smap, "over", "2147483648");
    smap_add(&smap, "trail", "12abc");
    smap_add(&smap, "empty", "");
    smap_add(&smap, "big", "18446744073709551615");
    smap_add(&smap, "bigger", "18446744073709551616");
    OVSTEST_CHECK(smap_get_bool(&smap, "t", false));
    OVSTEST_CHECK(!smap_get_bool(&smap, "f", true));
    OVSTEST_CHECK(smap_get_bool(&smap, "junk", true));
    OVSTEST_CHECK(!smap_get_bool(&smap, "junk", false));
    OVSTEST_CHECK(smap_get_bool(&smap, "missing", true));
    OVSTEST_CHECK_INT(smap_get_int(&smap, "n", 7), -123);
    OVSTEST_CHECK_INT(smap_get_int(&smap, "max", 7), 2147483647);
    OVSTEST_CHECK_INT(smap_get_int(&smap, "over", 7), 7);
    OVSTEST_CHECK_INT(smap_get_int(&smap, "trail", 7), 7);
    OVSTEST_CHECK_INT(smap_get_int(&smap, "empty", 7), 7);
    OVSTEST_CHECK_INT(smap_get_int(&smap, "missing", 7), 7);
    OVSTEST_CHECK(smap_get_ullong(&smap, "big", 7) == UINT64_MAX);
    OVSTEST_CHECK(smap_get_ullong(&smap, "bigger", 7) == 7);
    OVSTEST_CHECK(smap_get_ullong(&smap, "n", 7) == 7);
    OVSTEST_CHECK(smap_get_ullong(&smap, "trail", 7) == 7);
    OVSTEST_CHECK(smap_get_ullong(&smap, "max", 7) == 2147483647);

    /* SAFE removal, swap, moved. */
    SMAP_FOR_EACH_SAFE (node, next, &smap) {
        if (node->key[0] == 'b') {
            smap_remove_node(&smap, node);
        }
    }
    OVSTEST_CHECK_INT(smap_count(&smap), 8);
    smap_swap(&smap, &clone);
    OVSTEST_CHECK_STR(smap_get(&smap, "k0"), "new");
    OVSTEST_CHECK_STR(smap_get(&clone, "t"), "true");
    struct smap copy;
    memcpy(&copy, &clone, sizeof copy);
    smap_moved(&copy);
    OVSTEST_CHECK_INT(smap_count(&copy), 8);

    smap_destroy(&smap);
    smap_destroy(&copy);
    smap_destroy(NULL);
}
OVSTEST_REGISTER("test-smap", test_smap_main)

/* ---------------------------------------------------------------------- */
/* uuid */

static bool
is_version_4(const struct uuid *uuid)
{
    return ((uuid->parts[1] >> 12) & 0xf) == 4
           && (uuid->parts[2] >> 30) == 2;
}

struct uuid_node {
    struct hmap_node node;
    struct uuid uuid;
};

/* Adds UUID to SET; fails if it was already there. */
static void
add_unique_uuid(struct hmap *set, struct uuid_node *node)
{
    struct uuid_node *other;

    HMAP_FOR_EACH_WITH_HASH (other, node, uuid_hash(&node->uuid), set) {
        OVSTEST_CHECK(!uuid_equals(&other->uuid, &node->uuid));
    }
    hmap_insert(set, &node->node, uuid_hash(&node->uuid));
}

struct uuid_thread_arg {
    struct uuid *uuids;
    size_t n;
};

static void *
generate_uuids_thread(void *arg_)
{
    struct uuid_thread_arg *arg = arg_;
    for (size_t i = 0; i < arg->n; i++) {
        uuid_generate(&arg->uuids[i]);
    }
    return NULL;
}

static void
check_uuid_string(const char *s, bool valid)
{
    struct uuid uuid;

    memset(&uuid, 0xff, sizeof uuid);
    bool ok = uuid_from_string(&uuid, s);
    if (ok != valid) {
        ovstest_fail(__FILE__, __LINE__, "uuid_from_string(\"%s\") "
                     "returned %d", s, ok);
    }
    if (!ok) {
        OVSTEST_CHECK(uuid_is_zero(&uuid));
    }
}

static void
test_uuid_basics(void)
{
    struct uuid a, b;
    char buf[UUID_LEN + 1];

    /* Round trip through text, lower case out, either case in. */
    const char *text = "0123abcd-4567-89ef-ABCD-0123456789aB";
    OVSTEST_CHECK(uuid_from_string(&a, text));
    OVSTEST_CHECK_INT(a.parts[0], 0x0123abcd);
    OVSTEST_CHECK_INT(a.parts[1], 0x456789ef);
    OVSTEST_CHECK_INT(a.parts[2], 0xabcd0123);
    OVSTEST_CHECK_INT(a.parts[3], 0x456789ab);
    uuid_to_string(&a, buf);
    OVSTEST_CHECK_STR(buf, "0123abcd-4567-89ef-abcd-0123456789ab");
    OVSTEST_CHECK(uuid_from_string(&b, buf));
    OVSTEST_CHECK(uuid_equals(&a, &b));

    /* Malformed strings. */
    check_uuid_string("0123abcd-4567-89ef-abcd-0123456789ab", true);
    check_uuid_string("0123abcd-4567-89ef-abcd-0123456789a", false);
    check_uuid_string("0123abcd-4567-89ef-abcd-0123456789abc", false);
    check_uuid_string("0123abcd-4567-89ef-abcd-0123456789ag", false);
    check_uuid_string("0123abcd+4567-89ef-abcd-0123456789ab", false);
    check_uuid_string("0123abcd-456789ef-abcd-0123456789ab", false);
    check_uuid_string(" 0123abcd-4567-89ef-abcd-0123456789ab", false);
    check_uuid_string("0123abcd-4567-89ef-abcd-0123456789ab ", false);
    check_uuid_string("", false);
    check_uuid_string("x", false);

    /* Prefix parsing stops after 36 characters. */
    OVSTEST_CHECK_INT(uuid_from_string_prefix(
                          &a, "0123abcd-4567-89ef-abcd-0123456789ab,rest"),
                      UUID_LEN);
    OVSTEST_CHECK_INT(uuid_from_string_prefix(&a, "0123abcd-45"), 0);
    OVSTEST_CHECK(uuid_is_zero(&a));

    /* Zero and comparison, which is unsigned and most significant
     * part first. */
    uuid_zero(&a);
    OVSTEST_CHECK(uuid_is_zero(&a));
    uuid_to_string(&a, buf);
    OVSTEST_CHECK_STR(buf, "00000000-0000-0000-0000-000000000000");
    b = a;
    OVSTEST_CHECK_INT(uuid_compare_3way(&a, &b), 0);
    b.parts[3] = 1;
    OVSTEST_CHECK_INT(uuid_compare_3way(&a, &b), -1);
    OVSTEST_CHECK_INT(uuid_compare_3way(&b, &a), 1);
    a.parts[0] = 0x80000000;
    OVSTEST_CHECK_INT(uuid_compare_3way(&a, &b), 1);
    OVSTEST_CHECK(!uuid_equals(&a, &b));
    OVSTEST_CHECK(!uuid_is_zero(&b));
}

static void
test_uuid_generation(void)
{
    enum { N = 100000, N_THREADS = 4, PER_THREAD = 5000 };
    struct uuid_node *nodes = xmalloc((N + N_THREADS * PER_THREAD + 1)
                                      * sizeof *nodes);
    struct hmap set = HMAP_INITIALIZER(&set);
    size_t n = 0;

    /* Many from one thread: distinct and version 4. */
    for (size_t i = 0; i < N; i++) {
        uuid_generate(&nodes[n].uuid);
        OVSTEST_CHECK(is_version_4(&nodes[n].uuid));
        add_unique_uuid(&set, &nodes[n++]);
    }

    /* Several threads at once: distinct from each other and the above. */
    pthread_t threads[N_THREADS];
    struct uuid_thread_arg args[N_THREADS];
    struct uuid *thread_uuids = xmalloc(N_THREADS * PER_THREAD
                                        * sizeof *thread_uuids);
    for (int t = 0; t < N_THREADS; t++) {
        args[t].uuids = &thread_uuids[t * PER_THREAD];
        args[t].n = PER_THREAD;
        OVSTEST_CHECK(!pthread_create(&threads[t], NULL,
                                      generate_uuids_thread, &args[t]));
    }
    for (int t = 0; t < N_THREADS; t++) {
        OVSTEST_CHECK(!pthread_join(threads[t], NULL));
    }
    for (size_t i = 0; i < N_THREADS * PER_THREAD; i++) {
        nodes[n].uuid = thread_uuids[i];
        OVSTEST_CHECK(is_version_4(&nodes[n].uuid));
        add_unique_uuid(&set, &nodes[n++]);
    }
    free(thread_uuids);

    /* A forked child must not repeat the parent's next UUID. */
    int fds[2];
    OVSTEST_CHECK(!pipe(fds));
    pid_t pid = fork();
    OVSTEST_CHECK(pid >= 0);
    if (!pid) {
        struct uuid child;
        uuid_generate(&child);
        _exit(write(fds[1], &child, sizeof child) == sizeof child ? 0 : 1);
    }
    struct uuid from_child, parent;
    int status;
    OVSTEST_CHECK_INT(read(fds[0], &from_child, sizeof from_child),
                      sizeof from_child);
    OVSTEST_CHECK(waitpid(pid, &status, 0) == pid);
    OVSTEST_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    uuid_generate(&parent);
    OVSTEST_CHECK(!uuid_equals(&parent, &from_child));
    OVSTEST_CHECK(is_version_4(&from_child));
    close(fds[0]);
    close(fds[1]);

    hmap_destroy(&set);
    free(nodes);
}

static void
test_uuid_deterministic(void)
{
    struct uuid a, b;
    char buf[UUID_LEN + 1];

    setenv("OVS_UUID_DETERMINISTIC", "1", 1);
    OVSTEST_CHECK(uuid_is_deterministic());
    uuid_generate(&a);
    uuid_generate(&b);
    OVSTEST_CHECK(is_version_4(&a));
    OVSTEST_CHECK(is_version_4(&b));
    OVSTEST_CHECK_INT(b.parts[0], a.parts[0] + 1);
    OVSTEST_CHECK(uuid_compare_3way(&a, &b) < 0);
    uuid_to_string(&a, buf);
    OVSTEST_CHECK(str_ends_with(buf, "-0000-4000-8000-000000000000"));

    unsetenv("OVS_UUID_DETERMINISTIC");
    OVSTEST_CHECK(!uuid_is_deterministic());
    uuid_generate(&a);
    OVSTEST_CHECK(a.parts[0] || a.parts[1] >> 16);  /* 2^-48 chance. */
}

/* "test-uuid" runs the unit tests; "test-uuid generate N" prints N new
 * UUIDs, one a line, for checks from the shell. */
static void
test_uuid_main(int argc, char *argv[])
{
    if (argc >= 2 && !strcmp(argv[1], "generate")) {
        int n = 1;
        if (argc >= 3 && !str_to_int(argv[2], 10, &n)) {
            ovs_fatal(0, "%s: bad count", argv[2]);
        }
        for (int i = 0; i < n; i++) {
            struct uuid uuid;
            char buf[UUID_LEN + 1];
            uuid_generate(&uuid);
            uuid_to_string(&uuid, buf);
            puts(buf);
        }
        return;
    }

    test_uuid_basics();
    test_uuid_generation();
    test_uuid_deterministic();
}
OVSTEST_REGISTER("test-uuid", test_uuid_main)

/* ---------------------------------------------------------------------- */
/* util, hash, dirs */

static void
test_str_to_numbers(void)
{
    int i;
    long l;
    long long ll;
    unsigned int u;
    unsigned long long ull;
    double d;

    OVSTEST_CHECK(str_to_int("123", 10, &i) && i == 123);
    OVSTEST_CHECK(str_to_int("-2147483648", 10, &i) && i == INT32_MIN);
    OVSTEST_CHECK(str_to_int("2147483647", 10, &i) && i == INT32_MAX);
    OVSTEST_CHECK(!str_to_int("2147483648", 10, &i) && i == 0);
    OVSTEST_CHECK(!str_to_int("-2147483649", 10, &i));
    OVSTEST_CHECK(!str_to_int("99999999999999999999999", 10, &i));
    OVSTEST_CHECK(!str_to_int("", 10, &i));
    OVSTEST_CHECK(!str_to_int("12x", 10, &i));
    OVSTEST_CHECK(!str_to_int("x12", 10, &i));
    OVSTEST_CHECK(!str_to_int("1 ", 10, &i));
    OVSTEST_CHECK(!str_to_int("-", 10, &i));
    OVSTEST_CHECK(str_to_int("0x1f", 16, &i) && i == 31);
    OVSTEST_CHECK(str_to_int("0x1f", 0, &i) && i == 31);
    OVSTEST_CHECK(str_to_int("010", 0, &i) && i == 8);
    OVSTEST_CHECK(!str_to_int("019", 0, &i));

    OVSTEST_CHECK(str_to_long("-5", 10, &l) && l == -5);
    OVSTEST_CHECK(!str_to_long("5.0", 10, &l));
    OVSTEST_CHECK(str_to_llong("-9223372036854775808", 10, &ll)
                  && ll == INT64_MIN);
    OVSTEST_CHECK(!str_to_llong("9223372036854775808", 10, &ll));

    OVSTEST_CHECK(str_to_uint("4294967295", 10, &u) && u == UINT32_MAX);
    OVSTEST_CHECK(!str_to_uint("4294967296", 10, &u) && u == 0);
    OVSTEST_CHECK(!str_to_uint("-1", 10, &u));
    OVSTEST_CHECK(!str_to_uint(" -1", 10, &u));
    OVSTEST_CHECK(str_to_ullong("18446744073709551615", 10, &ull)
                  && ull == UINT64_MAX);
    OVSTEST_CHECK(!str_to_ullong("18446744073709551616", 10, &ull));
    OVSTEST_CHECK(!str_to_ullong("-0", 10, &ull));
    OVSTEST_CHECK(str_to_ullong("ff", 16, &ull) && ull == 255);

    OVSTEST_CHECK(str_to_double("1.5", &d) && d == 1.5);
    OVSTEST_CHECK(str_to_double("-2e3", &d) && d == -2000.0);
    OVSTEST_CHECK(!str_to_double("1.5x", &d));
    OVSTEST_CHECK(!str_to_double("", &d));
    OVSTEST_CHECK(!str_to_double("1e999", &d));
}

static void
check_dir_base(const char *file_name, const char *dir, const char *base)
{
    char *d = dir_name(file_name);
    char *b = base_name(file_name);
    if (strcmp(d, dir) || strcmp(b, base)) {
        ovstest_fail(__FILE__, __LINE__, "\"%s\": dir \"%s\" (expected "
                     "\"%s\"), base \"%s\" (expected \"%s\")",
                     file_name, d, dir, b, base);
    }
    free(d);
    free(b);
}

static void
test_file_names(void)
{
    check_dir_base("/usr/lib", "/usr", "lib");
    check_dir_base("/usr/", "/", "usr");
    check_dir_base("usr", ".", "usr");
    check_dir_base("/", "/", "/");
    check_dir_base("//", "/", "/");
    check_dir_base(".", ".", ".");
    check_dir_base("..", ".", "..");
    check_dir_base("", ".", "");
    check_dir_base("a/b/c", "a/b", "c");
    check_dir_base("a//b//", "a", "b");
    check_dir_base("/a", "/", "a");
    check_dir_base("//a", "/", "a");

    char *s = abs_file_name("/dir", "file");
    OVSTEST_CHECK_STR(s, "/dir/file");
    free(s);
    s = abs_file_name("/dir/", "file");
    OVSTEST_CHECK_STR(s, "/dir/file");
    free(s);
    s = abs_file_name("/dir", "/abs");
    OVSTEST_CHECK_STR(s, "/abs");
    free(s);
    s = abs_file_name(NULL, "rel");
    char *cwd = getcwd(NULL, 0);
    char *expected = xasprintf("%s/rel", cwd);
    OVSTEST_CHECK_STR(s, expected);
    free(expected);
    free(cwd);
    free(s);
}

static void
test_misc_util(void)
{
    /* Strings. */
    OVSTEST_CHECK(str_ends_with("file.txt", ".txt"));
    OVSTEST_CHECK(str_ends_with("x", ""));
    OVSTEST_CHECK(!str_ends_with("txt", ".txt"));
    OVSTEST_CHECK(str_starts_with("prefix-x", "prefix"));
    OVSTEST_CHECK(str_starts_with("", ""));
    OVSTEST_CHECK(!str_starts_with("pre", "prefix"));

    char zeros[17] = { 0 };
    OVSTEST_CHECK(is_all_zeros(zeros, sizeof zeros));
    OVSTEST_CHECK(is_all_zeros(NULL, 0));
    zeros[16] = 1;
    OVSTEST_CHECK(!is_all_zeros(zeros, sizeof zeros));
    OVSTEST_CHECK(is_all_zeros(zeros, 16));

    /* Error strings. */
    OVSTEST_CHECK_STR(ovs_strerror(EOF), "End of file");
    OVSTEST_CHECK_STR(ovs_strerror(0), "Success");
    OVSTEST_CHECK_STR(ovs_strerror(ENOENT), "No such file or directory");
    OVSTEST_CHECK(strstr(ovs_strerror(12345), "12345") != NULL);
    OVSTEST_CHECK_STR(ovs_retval_to_string(5), "Success");
    OVSTEST_CHECK_STR(ovs_retval_to_string(0), "Success");
    OVSTEST_CHECK_STR(ovs_retval_to_string(EOF), "End of file");
    OVSTEST_CHECK_STR(ovs_retval_to_string(-ENOENT),
                      "No such file or directory");

    /* Allocation helpers. */
    char *s = xasprintf("%s-%d", "a", 1);
    OVSTEST_CHECK_STR(s, "a-1");
    free(s);
    s = xmemdup0("abcdef", 3);
    OVSTEST_CHECK_STR(s, "abc");
    free(s);
    OVSTEST_CHECK(nullable_xstrdup(NULL) == NULL);
    int *array = NULL;
    size_t n = 0, allocated = 0;
    for (int i = 0; i < 1000; i++) {
        if (n >= allocated) {
            size_t old = allocated;
            array = x2nrealloc(array, &allocated, sizeof *array);
            OVSTEST_CHECK(allocated > old);
        }
        array[n++] = i;
    }
    OVSTEST_CHECK_INT(array[999], 999);
    free(array);
    void *z = xzalloc(64);
    OVSTEST_CHECK(is_all_zeros(z, 64));
    free(z);
    free(xmalloc(0));

    /* Short options. */
    static const struct option options[] = {
        { "help", no_argument, NULL, 'h' },
        { "verbose", optional_argument, NULL, 'v' },
        { "output", required_argument, NULL, 'o' },
        { "long-only", no_argument, NULL, 1000 },
        { NULL, 0, NULL, 0 },
    };
    s = ovs_long_options_to_short_options(options);
    OVSTEST_CHECK_STR(s, "hv::o:");
    free(s);

    /* Bit helpers. */
    OVSTEST_CHECK_INT(count_1bits(0), 0);
    OVSTEST_CHECK_INT(count_1bits(UINT64_MAX), 64);
    OVSTEST_CHECK_INT(log_2_floor(1), 0);
    OVSTEST_CHECK_INT(log_2_floor(1000), 9);
    OVSTEST_CHECK(is_pow2(64) && !is_pow2(0) && !is_pow2(65));

    /* Program name: basename, minus a libtool "lt-" prefix. */
    const char *saved = program_name;
    set_program_name("/usr/bin/lt-ovs-foo");
    OVSTEST_CHECK_STR(program_name, "ovs-foo");
    set_program_name("bar");
    OVSTEST_CHECK_STR(program_name, "bar");
    program_name = saved;
    OVSTEST_CHECK(ovs_get_version()[0] != '\0');
}

static void
test_hash(void)
{
    /* hash_string agrees with hash_bytes; basis and content matter;
     * alignment does not. */
    char buf[64];
    OVSTEST_CHECK_INT(hash_string("hello", 7), hash_bytes("hello", 5, 7));
    OVSTEST_CHECK(hash_string("hello", 0) != hash_string("hello", 1));
    OVSTEST_CHECK(hash_string("hello", 0) != hash_string("hellp", 0));
    OVSTEST_CHECK(hash_bytes("a\0", 2, 0) != hash_bytes("a", 1, 0));
    for (size_t len = 0; len < 20; len++) {
        for (size_t ofs = 1; ofs < 8; ofs++) {
            memcpy(buf + ofs, "0123456789abcdefghijk", len);
            OVSTEST_CHECK_INT(hash_bytes(buf + ofs, len, 3),
                              hash_bytes("0123456789abcdefghijk", len, 3));
        }
    }

    /* Every single-bit change of a 32-bit input changes the low 8 bits of
     * hash_int() often enough: the hmap relies on the low bits. */
    for (int bit = 0; bit < 32; bit++) {
        int changed = 0;
        for (uint32_t x = 0; x < 256; x++) {
            uint32_t y = x ^ (UINT32_C(1) << bit);
            changed += (hash_int(x, 0) & 0xff) != (hash_int(y, 0) & 0xff);
        }
        OVSTEST_CHECK(changed > 240);
    }
}

static void
test_dirs(void)
{
    setenv("OVS_RUNDIR", "/run/test-x", 1);
    OVSTEST_CHECK_STR(ovs_rundir(), "/run/test-x");
    setenv("OVS_RUNDIR", "", 1);
    OVSTEST_CHECK_STR(ovs_rundir(), OVS_RUNDIR);
    unsetenv("OVS_RUNDIR");
    OVSTEST_CHECK_STR(ovs_rundir(), OVS_RUNDIR);
    unsetenv("OVS_PKGDATADIR");
    OVSTEST_CHECK_STR(ovs_pkgdatadir(), OVS_PKGDATADIR);
    setenv("OVS_BINDIR", "/b", 1);
    OVSTEST_CHECK_STR(ovs_bindir(), "/b");
    setenv("OVS_SYSCONFDIR", "/s", 1);
    OVSTEST_CHECK_STR(ovs_sysconfdir(), "/s");
}

/* "test-util" runs the unit tests.  With an argument it demonstrates one
 * error path, for the Autotest file to check from outside:
 *   fatal         ovs_fatal(ENOENT, ...)      status 1
 *   usage-error   ovs_usage_error(...)        status 2
 *   assert        a failed ovs_assert()       SIGABRT
 *   dirs          prints each directory, one a line */
static void
test_util_main(int argc, char *argv[])
{
    if (argc >= 2) {
        const char *cmd = argv[1];
        if (!strcmp(cmd, "fatal")) {
            ovs_fatal(ENOENT, "cannot open %s", "thing");
        } else if (!strcmp(cmd, "usage-error")) {
            ovs_usage_error("bad argument \"%s\"", "x");
        } else if (!strcmp(cmd, "assert")) {
            ovs_assert(argc == 1);
        } else if (!strcmp(cmd, "dirs")) {
            printf("rundir=%s\nlogdir=%s\ndbdir=%s\n",
                   ovs_rundir(), ovs_logdir(), ovs_dbdir());
            return;
        }
        ovs_fatal(0, "%s: unknown test-util command", cmd);
    }

    test_str_to_numbers();
    test_file_names();
    test_misc_util();
    test_hash();
    test_dirs();
}
OVSTEST_REGISTER("test-util", test_util_main)
