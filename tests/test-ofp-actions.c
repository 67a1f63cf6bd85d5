/* test-ofp-actions.c -- tests for lib/ofp-actions (ofpact lists and their
 * text) and lib/ofp-flow (flows in ovs-ofctl syntax).
 *
 *   ovstest test-ofp-actions unit
 *       Internal checks: building, iterating, nesting, equality,
 *       out_port filtering; parse/format fixed points.
 *   ovstest test-ofp-actions parse-flows < FILE
 *       Parses one flow per line and prints it reformatted (as
 *       "ovs-ofctl parse-flow" prints the flow), or "error: MESSAGE". */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofpbuf.h"
#include "ovstest.h"
#include "util.h"

/* Parses 'in' as actions and checks that formatting gives 'out' and
 * that 'out' is a fixed point. */
static void
check_actions(const char *in, const char *out)
{
    struct ofpbuf a, b;
    ofpbuf_init(&a, 64);
    ofpbuf_init(&b, 64);
    char *err = ofpacts_parse(in, &a);
    if (err) {
        ovs_fatal(0, "%s: unexpected error: %s", in, err);
    }
    char *s = ofpacts_to_string(a.data, a.size);
    if (strcmp(s, out)) {
        ovs_fatal(0, "%s: formatted as \"%s\", expected \"%s\"", in, s, out);
    }
    err = ofpacts_parse(s, &b);
    if (err || !ofpacts_equal(a.data, a.size, b.data, b.size)) {
        ovs_fatal(0, "%s: reparse of \"%s\" differs (%s)", in, s,
                  err ? err : "not equal");
    }
    free(s);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
}

static void
check_error(const char *in, const char *substring)
{
    struct ofpbuf a;
    ofpbuf_init(&a, 64);
    char *err = ofpacts_parse(in, &a);
    if (!err || !strstr(err, substring)) {
        ovs_fatal(0, "%s: expected error containing \"%s\", got %s", in,
                  substring, err ? err : "success");
    }
    free(err);
    ofpbuf_uninit(&a);
}

static void
test_unit(void)
{
    /* Building and iterating by hand. */
    struct ofpbuf b;
    ofpbuf_init(&b, 8);         /* Small, to force reallocation. */
    for (int i = 1; i <= 20; i++) {
        ofpact_put_OUTPUT(&b)->port = i;
        ofpact_put_DEC_TTL(&b);
    }
    const struct ofpact *a;
    int n = 0;
    OFPACT_FOR_EACH (a, b.data, b.size) {
        if (n % 2 == 0) {
            ovs_assert(ofpact_get_OUTPUT(a)->port == n / 2 + 1);
        } else {
            ovs_assert(a->type == OFPACT_DEC_TTL);
        }
        ovs_assert((uintptr_t) a % OFPACT_ALIGNTO == 0
                   || ((const char *) a - (const char *) b.data)
                      % OFPACT_ALIGNTO == 0);
        n++;
    }
    ovs_assert(n == 40);
    ovs_assert(ofpacts_output_to_port(b.data, b.size, 20));
    ovs_assert(!ofpacts_output_to_port(b.data, b.size, 21));
    ofpbuf_uninit(&b);

    /* Nested out_port. */
    ofpbuf_init(&b, 8);
    char *err = ofpacts_parse("clone(dec_ttl,clone(output:7))", &b);
    ovs_assert(!err);
    ovs_assert(ofpacts_output_to_port(b.data, b.size, 7));
    ovs_assert(!ofpacts_output_to_port(b.data, b.size, 8));
    ofpbuf_uninit(&b);

    check_actions("drop", "drop");
    check_actions("", "drop");
    check_actions("output:2", "output:2");
    check_actions("2,3", "output:2,output:3");
    check_actions("NORMAL,IN_PORT,FLOOD,ALL,LOCAL,TABLE,normal",
                  "NORMAL,IN_PORT,FLOOD,ALL,LOCAL,TABLE,NORMAL");
    check_actions("output:NORMAL", "NORMAL");
    check_actions("output:65535,output:0xfff7,output:0xff00,resubmit:ANY",
                  "output:65535,output:65527,output:65280,resubmit:ANY");
    check_actions("CONTROLLER,controller:100,output:controller",
                  "CONTROLLER:65535,CONTROLLER:100,CONTROLLER:65535");
    check_actions("controller(reason=no_match,max_len=100,id=3)",
                  "controller(reason=no_match,max_len=100,id=3)");
    check_actions("controller(max_len=10)", "CONTROLLER:10");
    check_actions("enqueue:1:2,enqueue(3,4)", "enqueue:1:2,enqueue:3:4");
    /* Each keeps its spelling (ovs-ofctl prints OpenFlow 1.1+'s POP_VLAN
     * as pop_vlan, 1.0's STRIP_VLAN as strip_vlan); set_vlan_* only
     * change an existing tag, mod_vlan_* add one if needed. */
    check_actions("mod_vlan_vid:10,mod_vlan_pcp:3,strip_vlan,pop_vlan",
                  "mod_vlan_vid:10,mod_vlan_pcp:3,strip_vlan,pop_vlan");
    check_actions("set_vlan_vid:10,set_vlan_pcp:3",
                  "set_vlan_vid:10,set_vlan_pcp:3");
    check_actions("push_vlan:0x8100", "push_vlan:0x8100");
    check_actions("mod_dl_src:00:11:22:33:44:55,mod_dl_dst:0a:0b:0c:0d:0e:0f",
                  "mod_dl_src:00:11:22:33:44:55,"
                  "mod_dl_dst:0a:0b:0c:0d:0e:0f");
    check_actions("mod_nw_src:1.2.3.4,mod_nw_dst:5.6.7.8,mod_nw_tos:8",
                  "mod_nw_src:1.2.3.4,mod_nw_dst:5.6.7.8,mod_nw_tos:8");
    check_actions("mod_tp_src:1,mod_tp_dst:65535",
                  "mod_tp_src:1,mod_tp_dst:65535");
    check_actions("set_field:10.0.0.1->ip_src",
                  "set_field:10.0.0.1->ip_src");
    check_actions("set_field:1->reg3", "set_field:0x1->reg3");
    /* Decimal fields print in decimal, as ovs-ofctl prints them. */
    check_actions("set_field:2->ip_dscp", "set_field:2->ip_dscp");
    check_actions("set_field:0x9->nw_ttl", "set_field:9->nw_ttl");
    check_actions("set_field:0x10/0xf0->reg3", "set_field:0x10/0xf0->reg3");
    check_actions("set_field:00:11:22:33:44:55->eth_dst",
                  "set_field:00:11:22:33:44:55->eth_dst");
    check_actions("load:0x1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]");
    check_actions("load:5->reg0[0..3]", "load:0x5->NXM_NX_REG0[0..3]");
    check_actions("load:1->NXM_NX_REG1[7]", "load:0x1->NXM_NX_REG1[7]");
    check_actions("move:NXM_NX_REG0[0..7]->NXM_NX_REG1[8..15]",
                  "move:NXM_NX_REG0[0..7]->NXM_NX_REG1[8..15]");
    check_actions("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
                  "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]");
    check_actions("dec_ttl,set_queue:3,exit,group:3",
                  "dec_ttl,set_queue:3,exit,group:3");
    check_actions("resubmit(,1),resubmit:3,resubmit(2,3),resubmit(4)",
                  "resubmit(,1),resubmit:3,resubmit(2,3),resubmit:4");
    check_actions("note:01.02,note:,note:abcdef0102030405",
                  "note:01.02,note:,note:ab.cd.ef.01.02.03.04.05");
    check_actions("clone(output:1,clone(dec_ttl)),output:2",
                  "clone(output:1,clone(dec_ttl)),output:2");
    check_actions("meter:1,output:1,clear_actions,write_actions(output:3),"
                  "write_metadata:0x1/0xff,goto_table:2",
                  "meter:1,output:1,clear_actions,write_actions(output:3),"
                  "write_metadata:0x1/0xff,goto_table:2");
    check_actions("write_metadata:5", "write_metadata:0x5");

    /* Nicira actions that read or write fields. */
    check_actions("output:reg0[16..31],output:NXM_OF_IN_PORT[]",
                  "output:NXM_NX_REG0[16..31],output:NXM_OF_IN_PORT[]");
    check_actions("push:reg0[0..3],pop:NXM_NX_REG1[]",
                  "push:NXM_NX_REG0[0..3],pop:NXM_NX_REG1[]");
    check_actions("dec_ttl(1,,2),dec_ttl(),dec_ttl(0)",
                  "dec_ttl(1,2),dec_ttl,dec_ttl(0)");
    check_actions("mod_nw_ttl:5,set_nw_ttl:255",
                  "mod_nw_ttl:5,mod_nw_ttl:255");
    check_actions("multipath(symmetric_l3l4+udp,1024,iter_hash,5000,5000,"
                  "reg0[0..12])",
                  "multipath(symmetric_l3l4+udp,1024,iter_hash,5000,5000,"
                  "NXM_NX_REG0[0..12])");
    check_actions("bundle(eth_src,0,hrw,ofport,slaves:1,LOCAL,3)",
                  "bundle(eth_src,0,hrw,ofport,members:1,LOCAL,3)");
    check_actions("bundle_load(nw_dst,7,active_backup,ofport,reg2[0..15],"
                  "members:)",
                  "bundle_load(nw_dst,7,active_backup,ofport,"
                  "NXM_NX_REG2[0..15],members:)");
    check_actions("conjunction(5,1/2)", "conjunction(5,1/2)");
    check_error("mod_nw_ttl:256", "invalid TTL");
    check_error("dec_ttl(x)", "dec_ttl controller id");
    check_error("push:reg0", "missing [");
    check_error("multipath(eth_src,50,modulo_n,17,0,reg0[0..3])",
                "less than specified n_links 17");
    check_error("multipath(eth_src,50,modulo_n,0,0,reg0[])",
                "not in valid range");
    check_error("multipath(foo,50,modulo_n,1,0,reg0[])", "unknown fields");
    check_error("multipath(eth_src,50,foo,1,0,reg0[])", "unknown algorithm");
    check_error("multipath(eth_src,50,modulo_n,1,0)", "not enough");
    check_error("bundle(eth_src,0,hrw,foo,members:1)", "member_type");
    check_error("bundle(eth_src,0,hrw,ofport,1,2)", "member delimiter");
    check_error("bundle(eth_src,0,hrw,ofport,members:65280)",
                "not a physical port");
    check_error("bundle_load(eth_src,0,hrw,ofport,reg0[0..7],members:1)",
                "at least 16 bits");
    check_error("conjunction(1,3/2)", "clause index");
    check_error("conjunction(1,1/1)", "number of clauses");

    check_error("drop,output:1", "drop");
    check_error("output:1,drop", "drop");
    check_error("frobnicate", "unknown action frobnicate");
    check_error("ct(commit)", "not supported yet");
    check_error("mod_vlan_vid:4096", "mod_vlan_vid");
    check_error("mod_vlan_pcp:8", "mod_vlan_pcp");
    check_error("load:0x10->reg0[0..3]", "load value");
    check_error("move:reg0[0..3]->reg1[0..4]", "bits wide");
    check_error("load:1->reg0[0..32]", "out of field");
    check_error("set_field:1->nosuchfield", "unknown field");
    check_error("resubmit(,)", "at least one");
    check_error("clone(output:1", "unbalanced");
    check_error("note:0g", "bad hex");
    check_error("push_vlan:0x0800", "VLAN ethertype");
    check_error("output:", "invalid or unknown port");
    printf("ok\n");
}

static void
test_parse_flows(void)
{
    struct ds line;
    ds_init(&line);
    while (!ds_get_line(&line, stdin)) {
        struct ofp_flow_spec fs;
        struct ofpbuf ofpacts;
        ofpbuf_init(&ofpacts, 64);
        char *err = ofp_flow_parse(ds_cstr(&line), -1, &fs, &ofpacts);
        if (err) {
            printf("error: %s\n", err);
            free(err);
        } else {
            struct ds out;
            ds_init(&out);
            ofp_flow_format(&fs, ofpacts.data, ofpacts.size, &out);
            printf("%s\n", ds_cstr(&out));
            ds_destroy(&out);
        }
        ofpbuf_uninit(&ofpacts);
    }
    ds_destroy(&line);
}

static void
test_ofp_actions_main(int argc, char *argv[])
{
    if (argc >= 2 && !strcmp(argv[1], "unit")) {
        test_unit();
    } else if (argc >= 2 && !strcmp(argv[1], "parse-flows")) {
        test_parse_flows();
    } else {
        ovs_fatal(0, "usage: test-ofp-actions unit|parse-flows");
    }
}

OVSTEST_REGISTER("test-ofp-actions", test_ofp_actions_main);
