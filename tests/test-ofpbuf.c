/* test-ofpbuf.c -- "ovstest test-ofpbuf": unit tests of lib/ofpbuf.c and
 * lib/nl-attr.c (the buffers and Netlink attribute streams that datapath
 * keys and actions are built in).  Prints PASS or aborts.
 *
 *   ofpbuf     put/push/pull, headroom, stubs, cursors across reallocs,
 *              hex parsing, padding, stealing, cloning
 *   nl-attr    building, nesting, reading, finding, malformed streams */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynamic-string.h"
#include "nl-attr.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "util.h"

static void
test_ofpbuf_basic(void)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    OVSTEST_CHECK_INT(b.size, 0);
    OVSTEST_CHECK(ofpbuf_at(&b, 0, 1) == NULL);
    OVSTEST_CHECK(ofpbuf_at(&b, 0, 0) != NULL || b.data == NULL);

    /* Appending many bytes one at a time keeps them all. */
    for (int i = 0; i < 1000; i++) {
        uint8_t c = i;
        ofpbuf_put(&b, &c, 1);
    }
    OVSTEST_CHECK_INT(b.size, 1000);
    for (int i = 0; i < 1000; i++) {
        OVSTEST_CHECK_INT(((uint8_t *) b.data)[i], (uint8_t) i);
    }
    OVSTEST_CHECK(ofpbuf_at(&b, 999, 1) != NULL);
    OVSTEST_CHECK(ofpbuf_at(&b, 999, 2) == NULL);
    OVSTEST_CHECK(ofpbuf_at(&b, 1001, 0) == NULL);
    OVSTEST_CHECK(ofpbuf_at(&b, SIZE_MAX, 2) == NULL);

    /* Pull and push at the head. */
    uint8_t *p = ofpbuf_pull(&b, 10);
    OVSTEST_CHECK_INT(p[9], 9);
    OVSTEST_CHECK_INT(b.size, 990);
    OVSTEST_CHECK_INT(ofpbuf_headroom(&b), 10);
    OVSTEST_CHECK(ofpbuf_try_pull(&b, 991) == NULL);
    OVSTEST_CHECK_INT(b.size, 990);
    ofpbuf_push(&b, "abc", 3);          /* Fits in the headroom. */
    OVSTEST_CHECK_INT(ofpbuf_headroom(&b), 7);
    OVSTEST_CHECK(!memcmp(b.data, "abc", 3));
    ofpbuf_push_zeros(&b, 100);         /* Needs a reallocation. */
    OVSTEST_CHECK_INT(b.size, 1093);
    OVSTEST_CHECK_INT(((uint8_t *) b.data)[99], 0);
    OVSTEST_CHECK(!memcmp((char *) b.data + 100, "abc", 3));
    OVSTEST_CHECK_INT(((uint8_t *) b.data)[103], 10);

    /* Cursors follow the bytes across a reallocation. */
    b.header = (char *) b.data + 100;
    b.msg = (char *) b.data + 103;
    ofpbuf_put_zeros(&b, 100000);
    OVSTEST_CHECK(!memcmp(b.header, "abc", 3));
    OVSTEST_CHECK_INT(*(uint8_t *) b.msg, 10);
    ofpbuf_push_zeros(&b, 5000);
    OVSTEST_CHECK(!memcmp(b.header, "abc", 3));

    /* Clone keeps data and cursors. */
    struct ofpbuf *c = ofpbuf_clone(&b);
    OVSTEST_CHECK(ofpbuf_equal(c, &b));
    OVSTEST_CHECK(!memcmp(c->header, "abc", 3));
    OVSTEST_CHECK_INT((char *) c->msg - (char *) c->data,
                      (char *) b.msg - (char *) b.data);
    ofpbuf_delete(c);

    ofpbuf_clear(&b);
    OVSTEST_CHECK_INT(b.size, 0);
    OVSTEST_CHECK(b.header == NULL && b.msg == NULL);
    ofpbuf_uninit(&b);
    ofpbuf_delete(NULL);
}

static void
test_ofpbuf_stub(void)
{
    uint64_t stub[4];
    struct ofpbuf b = OFPBUF_STUB_INITIALIZER(stub);
    ofpbuf_put(&b, "0123456789", 10);
    OVSTEST_CHECK(b.base == stub);
    ofpbuf_put_zeros(&b, 100);          /* Outgrows the stub. */
    OVSTEST_CHECK(b.base != stub);
    OVSTEST_CHECK(!b.is_stub);
    OVSTEST_CHECK(!memcmp(b.data, "0123456789", 10));
    ofpbuf_uninit(&b);

    ofpbuf_use_stub(&b, stub, sizeof stub);
    ofpbuf_put(&b, "xy", 2);
    char *stolen = ofpbuf_steal_data(&b);   /* Must be a malloc'd copy. */
    OVSTEST_CHECK(stolen != (char *) stub);
    OVSTEST_CHECK(!memcmp(stolen, "xy", 2));
    free(stolen);
    OVSTEST_CHECK_INT(b.size, 0);

    /* A const buffer is copied before it is changed. */
    static const char text[] = "constant";
    ofpbuf_use_const(&b, text, 8);
    OVSTEST_CHECK_INT(b.size, 8);
    ofpbuf_push(&b, ">", 1);
    OVSTEST_CHECK(!memcmp(b.data, ">constant", 9));
    OVSTEST_CHECK(!strcmp(text, "constant"));
    ofpbuf_uninit(&b);

    /* Reserve and headroom. */
    struct ofpbuf *h = ofpbuf_new_with_headroom(10, 32);
    OVSTEST_CHECK_INT(ofpbuf_headroom(h), 32);
    OVSTEST_CHECK(ofpbuf_tailroom(h) >= 10);
    ofpbuf_push(h, "hd", 2);
    OVSTEST_CHECK_INT(ofpbuf_headroom(h), 30);
    stolen = ofpbuf_steal_data(h);      /* data != base: copied. */
    OVSTEST_CHECK(!memcmp(stolen, "hd", 2));
    free(stolen);
    ofpbuf_delete(h);

    /* Stealing from a buffer whose data starts at its base. */
    ofpbuf_init(&b, 16);
    ofpbuf_put(&b, "zz", 2);
    stolen = ofpbuf_steal_data(&b);
    OVSTEST_CHECK(!memcmp(stolen, "zz", 2));
    free(stolen);
    ofpbuf_uninit(&b);
}

static void
test_ofpbuf_hex(void)
{
    struct ofpbuf b;
    size_t n;
    ofpbuf_init(&b, 0);
    const char *end = ofpbuf_put_hex(&b, " 01 02ab\nFF x", &n);
    OVSTEST_CHECK_INT(n, 4);
    OVSTEST_CHECK_STR(end, "x");
    OVSTEST_CHECK(!memcmp(b.data, "\x01\x02\xab\xff", 4));
    end = ofpbuf_put_hex(&b, "123", &n);  /* Odd digit left over. */
    OVSTEST_CHECK_INT(n, 1);
    OVSTEST_CHECK_STR(end, "3");

    ofpbuf_pad_to(&b, 8);
    OVSTEST_CHECK_INT(b.size, 8);
    ofpbuf_pad_to(&b, 8);
    OVSTEST_CHECK_INT(b.size, 8);

    struct ds s = DS_EMPTY_INITIALIZER;
    ofpbuf_format_hex(&b, &s);
    OVSTEST_CHECK(strstr(ds_cstr(&s), "01 02 ab ff 12 00 00 00") != NULL);
    ds_destroy(&s);
    ofpbuf_uninit(&b);
}

static void
test_ofpbuf(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    test_ofpbuf_basic();
    test_ofpbuf_stub();
    test_ofpbuf_hex();
    printf("PASS\n");
}

static void
test_nl_attr(int argc OVS_UNUSED, char *argv[] OVS_UNUSED)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);

    nl_msg_put_u8(&b, 1, 0x12);
    nl_msg_put_u16(&b, 2, 0x3456);
    nl_msg_put_u32(&b, 3, 0x789abcde);
    nl_msg_put_u64(&b, 4, 0x0102030405060708ULL);
    nl_msg_put_be16(&b, 5, htons(0x1111));
    nl_msg_put_be32(&b, 6, htonl(0x22222222));
    nl_msg_put_string(&b, 7, "hello");
    nl_msg_put_flag(&b, 8);
    /* Sizes: 8 + 8 + 8 + 12 + 8 + 8 + 12 + 4. */
    OVSTEST_CHECK_INT(b.size, 68);
    /* Padding is zeroed so that equal streams compare equal. */
    OVSTEST_CHECK(!memcmp((char *) b.data + 5, "\0\0\0", 3));

    const struct nlattr *a;
    size_t left;
    int count = 0;
    NL_ATTR_FOR_EACH (a, left, b.data, b.size) {
        count++;
    }
    OVSTEST_CHECK_INT(count, 8);
    OVSTEST_CHECK_INT(left, 0);

    OVSTEST_CHECK_INT(nl_attr_get_u8(nl_attr_find(b.data, b.size, 1)), 0x12);
    OVSTEST_CHECK_INT(nl_attr_get_u16(nl_attr_find(b.data, b.size, 2)),
                      0x3456);
    OVSTEST_CHECK_INT(nl_attr_get_u32(nl_attr_find(b.data, b.size, 3)),
                      0x789abcde);
    OVSTEST_CHECK(nl_attr_get_u64(nl_attr_find(b.data, b.size, 4))
                  == 0x0102030405060708ULL);
    OVSTEST_CHECK_INT(nl_attr_get_be16(nl_attr_find(b.data, b.size, 5)),
                      htons(0x1111));
    OVSTEST_CHECK_INT(nl_attr_get_be32(nl_attr_find(b.data, b.size, 6)),
                      htonl(0x22222222));
    OVSTEST_CHECK_STR(nl_attr_get_string(nl_attr_find(b.data, b.size, 7)),
                      "hello");
    OVSTEST_CHECK_INT(nl_attr_get_size(nl_attr_find(b.data, b.size, 8)), 0);
    OVSTEST_CHECK(nl_attr_find(b.data, b.size, 9) == NULL);
    /* Not NUL-terminated: no string. */
    OVSTEST_CHECK(nl_attr_get_string(nl_attr_find(b.data, b.size, 6))
                  == NULL);

    /* Nesting, also across a reallocation of the buffer. */
    ofpbuf_clear(&b);
    size_t outer = nl_msg_start_nested(&b, 10);
    nl_msg_put_u32(&b, 1, 7);
    size_t inner = nl_msg_start_nested(&b, 11);
    for (int i = 0; i < 100; i++) {
        nl_msg_put_u16(&b, 2, i);
    }
    nl_msg_end_nested(&b, inner);
    nl_msg_end_nested(&b, outer);
    const struct nlattr *o = b.data;
    OVSTEST_CHECK_INT(o->nla_len, b.size);
    const struct nlattr *in = nl_attr_find_nested(o, 11);
    OVSTEST_CHECK(in != NULL);
    count = 0;
    NL_NESTED_FOR_EACH (a, left, in) {
        OVSTEST_CHECK_INT(nl_attr_get_u16(a), count);
        count++;
    }
    OVSTEST_CHECK_INT(count, 100);
    OVSTEST_CHECK_INT(left, 0);

    /* Cancelling and empty nests. */
    size_t before = b.size;
    size_t n = nl_msg_start_nested(&b, 12);
    nl_msg_put_u32(&b, 1, 1);
    nl_msg_cancel_nested(&b, n);
    OVSTEST_CHECK_INT(b.size, before);
    n = nl_msg_start_nested(&b, 12);
    OVSTEST_CHECK(nl_msg_end_non_empty_nested(&b, n));
    OVSTEST_CHECK_INT(b.size, before);
    n = nl_msg_start_nested(&b, 12);
    nl_msg_put_flag(&b, 1);
    OVSTEST_CHECK(!nl_msg_end_non_empty_nested(&b, n));
    OVSTEST_CHECK_INT(b.size, before + 8);

    /* Malformed streams: the loop stops and 'left' says so. */
    struct nlattr bad[2];
    bad[0].nla_len = 100;       /* Longer than the stream. */
    bad[0].nla_type = 1;
    count = 0;
    NL_ATTR_FOR_EACH (a, left, bad, sizeof bad) {
        count++;
    }
    OVSTEST_CHECK_INT(count, 0);
    OVSTEST_CHECK(left != 0);
    bad[0].nla_len = 2;         /* Shorter than a header. */
    NL_ATTR_FOR_EACH (a, left, bad, sizeof bad) {
        count++;
    }
    OVSTEST_CHECK_INT(count, 0);
    OVSTEST_CHECK(left != 0);
    OVSTEST_CHECK(nl_attr_find(bad, sizeof bad, 1) == NULL);
    /* A last attribute without its padding is still fine. */
    ofpbuf_clear(&b);
    nl_msg_put_u8(&b, 3, 9);
    count = 0;
    NL_ATTR_FOR_EACH (a, left, b.data, 5) {
        count++;
    }
    OVSTEST_CHECK_INT(count, 1);
    OVSTEST_CHECK_INT(left, 0);

    ofpbuf_uninit(&b);
    printf("PASS\n");
}

static void
test_ofpbuf_main(int argc, char *argv[])
{
    if (argc == 2 && !strcmp(argv[1], "ofpbuf")) {
        test_ofpbuf(argc - 1, argv + 1);
    } else if (argc == 2 && !strcmp(argv[1], "nl-attr")) {
        test_nl_attr(argc - 1, argv + 1);
    } else {
        ovs_fatal(0, "usage: ovstest test-ofpbuf ofpbuf|nl-attr");
    }
}

OVSTEST_REGISTER("test-ofpbuf", test_ofpbuf_main);
