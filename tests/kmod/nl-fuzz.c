/*
 * nl-fuzz.c - a mutation fuzzer for the kernel datapath's Netlink families.
 *
 * Runs inside the test VM (built with gcc -static, no libraries), as root.
 * Usage: nl-fuzz SECONDS [SEED]
 *
 * It builds a corpus of valid requests for the four families
 * (ovs_datapath, ovs_vport, ovs_flow, ovs_packet): datapath and vport
 * new/get/set/del, flows with L2-L4 keys, masks and many kinds of actions,
 * packet executes.  Then, until SECONDS have passed, it takes a random
 * request, mutates it (flipped bits and bytes, attribute types and lengths
 * changed, attributes cut, duplicated or inserted, random commands,
 * flags and families, truncated or garbage tails), sends it and drains
 * every reply without looking at it.  Refusal is the expected outcome;
 * the caller checks the kernel log for warnings and oopses.  Every few
 * hundred messages the fuzzer makes sure that its datapath still exists
 * (recreating it if a mutated request deleted it), and at the end it
 * checks that a good flow can still be installed, read and deleted, and
 * deletes every datapath it can find.
 *
 * Prints the seed, the number of messages sent and accepted, and the most
 * frequent errnos.  Exit status: 0 when the datapath still works at the
 * end, 1 otherwise, 2 on a setup error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 4096

struct msg {
    union {
        struct nlmsghdr nlh;
        char buf[BUF_SIZE];
    };
    int nest[8];
    int depth;
};

/* ---- random numbers (xorshift64*, reproducible from the seed) ---- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 2685821657736338717ULL) >> 32;
}

static uint32_t rnd_below(uint32_t n)
{
    return n ? rnd() % n : 0;
}

/* ---- message building ---- */

static int fams[4];             /* dp, vport, flow, packet */
enum { F_DP, F_VPORT, F_FLOW, F_PACKET };

static void msg_init(struct msg *m, int fam, int cmd, int ifindex, int flags)
{
    struct genlmsghdr *g;
    struct ovs_header *oh;

    memset(m, 0, sizeof *m);
    m->nlh.nlmsg_type = fam;
    m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + sizeof *oh);
    g = NLMSG_DATA(&m->nlh);
    g->cmd = cmd;
    g->version = 1;
    oh = (struct ovs_header *) ((char *) g + GENL_HDRLEN);
    oh->dp_ifindex = ifindex;
}

static void put(struct msg *m, int type, const void *data, int len)
{
    struct nlattr *a = (struct nlattr *) (m->buf + m->nlh.nlmsg_len);

    a->nla_type = type;
    a->nla_len = NLA_HDRLEN + len;
    memset(a + 1, 0, NLA_ALIGN(len));
    if (len) {
        memcpy(a + 1, data, len);
    }
    m->nlh.nlmsg_len += NLA_ALIGN(a->nla_len);
}

static void put_u32(struct msg *m, int type, uint32_t v)
{
    put(m, type, &v, sizeof v);
}

static void put_u16(struct msg *m, int type, uint16_t v)
{
    put(m, type, &v, sizeof v);
}

static void put_str(struct msg *m, int type, const char *s)
{
    put(m, type, s, strlen(s) + 1);
}

static void nest_start(struct msg *m, int type)
{
    m->nest[m->depth++] = m->nlh.nlmsg_len;
    put(m, type, NULL, 0);
}

static void nest_end(struct msg *m)
{
    int off = m->nest[--m->depth];

    ((struct nlattr *) (m->buf + off))->nla_len = m->nlh.nlmsg_len - off;
}

/* ---- the socket ---- */

static int nl_fd;
static uint32_t my_pid;
static uint32_t seq = 1;

static void nl_open(void)
{
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    socklen_t len = sizeof sa;
    struct timeval tv = { .tv_usec = 200000 };
    int big = 1 << 20;

    nl_fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    if (nl_fd < 0 || bind(nl_fd, (struct sockaddr *) &sa, sizeof sa)
        || getsockname(nl_fd, (struct sockaddr *) &sa, &len)) {
        perror("netlink socket");
        exit(2);
    }
    my_pid = sa.nl_pid;
    /* Upcalls of fuzzed packets come here too; a receive timeout keeps a
     * lost ack from hanging the loop. */
    setsockopt(nl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(nl_fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
}

/* Sends 'len' bytes of 'm' and reads until the ack of its sequence
 * number (or, for a dump, NLMSG_DONE or an error).  Returns the errno of
 * the ack, 0 if accepted, ETIMEDOUT if nothing came.  A reply before the
 * ack is copied to 'reply' if not NULL. */
static int send_raw(struct msg *m, int len, struct msg *reply)
{
    static char buf[1 << 16];
    uint32_t s = m->nlh.nlmsg_seq = ++seq;

    if (send(nl_fd, m->buf, len, 0) < 0) {
        return errno;
    }
    for (;;) {
        int n = recv(nl_fd, buf, sizeof buf, 0);
        struct nlmsghdr *h;

        if (n < 0) {
            if (errno == EINTR || errno == ENOBUFS) {
                continue;
            }
            return errno == EAGAIN ? ETIMEDOUT : errno;
        }
        for (h = (struct nlmsghdr *) buf; NLMSG_OK(h, n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != s) {
                continue;       /* An upcall or a stale reply. */
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                return -((struct nlmsgerr *) NLMSG_DATA(h))->error;
            }
            if (h->nlmsg_type == NLMSG_DONE) {
                return 0;
            }
            if (reply && h->nlmsg_len <= sizeof reply->buf) {
                memcpy(reply->buf, h, h->nlmsg_len);
            }
        }
    }
}

static int transact(struct msg *m, struct msg *reply)
{
    return send_raw(m, m->nlh.nlmsg_len, reply);
}

static const struct nlattr *find_attr(const struct msg *r, int hdrlen,
                                      int type)
{
    const struct nlattr *a = (const void *) ((const char *) NLMSG_DATA(&r->nlh)
                                             + hdrlen);
    int len = r->nlh.nlmsg_len - NLMSG_LENGTH(hdrlen);

    for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
         len -= NLA_ALIGN(a->nla_len),
         a = (const void *) ((const char *) a + NLA_ALIGN(a->nla_len))) {
        if (a->nla_type == type) {
            return a;
        }
    }
    return NULL;
}

static int resolve_family(const char *name)
{
    struct msg m, r;
    const struct nlattr *a;

    memset(&m, 0, sizeof m);
    m.nlh.nlmsg_type = GENL_ID_CTRL;
    m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    m.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
    ((struct genlmsghdr *) NLMSG_DATA(&m.nlh))->cmd = CTRL_CMD_GETFAMILY;
    ((struct genlmsghdr *) NLMSG_DATA(&m.nlh))->version = 1;
    put_str(&m, CTRL_ATTR_FAMILY_NAME, name);
    memset(&r, 0, sizeof r);
    if (transact(&m, &r)
        || !(a = find_attr(&r, GENL_HDRLEN, CTRL_ATTR_FAMILY_ID))) {
        fprintf(stderr, "family %s not found\n", name);
        exit(2);
    }
    return *(const uint16_t *) (a + 1);
}

/* ---- the datapath under test ---- */

#define DP_NAME "fz0"
static int dp_ifindex;

/* Makes sure datapath fz0 exists; returns its ifindex or 0. */
static int dp_ensure(void)
{
    struct msg m;

    msg_init(&m, fams[F_DP], OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, DP_NAME);
    put_u32(&m, OVS_DP_ATTR_UPCALL_PID, my_pid);
    put_u32(&m, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED
            | OVS_DP_F_VPORT_PIDS);
    transact(&m, NULL);
    dp_ifindex = if_nametoindex(DP_NAME);
    if (dp_ifindex) {
        msg_init(&m, fams[F_VPORT], OVS_VPORT_CMD_NEW, dp_ifindex, 0);
        put_str(&m, OVS_VPORT_ATTR_NAME, "fz1");
        put_u32(&m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
        put_u32(&m, OVS_VPORT_ATTR_PORT_NO, 1);
        put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, my_pid);
        transact(&m, NULL);
    }
    return dp_ifindex;
}

/* ---- the corpus of valid requests ---- */

#define MAX_SEEDS 64
static struct msg seeds[MAX_SEEDS];
static int n_seeds;

static struct msg *seed(int fam, int cmd, int flags)
{
    struct msg *m = &seeds[n_seeds++];

    msg_init(m, fams[fam], cmd, dp_ifindex, flags);
    return m;
}

static void key_eth(struct msg *m, uint16_t type)
{
    struct ovs_key_ethernet e = {
        .eth_src = { 2, 0, 0, 0, 0, 1 }, .eth_dst = { 2, 0, 0, 0, 0, 2 },
    };

    put(m, OVS_KEY_ATTR_ETHERNET, &e, sizeof e);
    put_u16(m, OVS_KEY_ATTR_ETHERTYPE, htons(type));
}

static void key_ipv4(struct msg *m, uint8_t proto)
{
    struct ovs_key_ipv4 ip = {
        .ipv4_src = htonl(0x0a000001), .ipv4_dst = htonl(0x0a000002),
        .ipv4_proto = proto, .ipv4_ttl = 64, .ipv4_frag = OVS_FRAG_TYPE_NONE,
    };

    put(m, OVS_KEY_ATTR_IPV4, &ip, sizeof ip);
}

/* A key of kind 'k' (0..6) for in_port 1. */
static void put_key(struct msg *m, int attr, int k)
{
    nest_start(m, attr);
    put_u32(m, OVS_KEY_ATTR_IN_PORT, 1);
    switch (k) {
    case 0:
        break;
    case 1: {
        struct ovs_key_tcp t = { .tcp_src = htons(1), .tcp_dst = htons(80) };

        key_eth(m, 0x0800);
        key_ipv4(m, 6);
        put(m, OVS_KEY_ATTR_TCP, &t, sizeof t);
        put_u16(m, OVS_KEY_ATTR_TCP_FLAGS, htons(2));
        break;
    }
    case 2: {
        struct ovs_key_udp u = { .udp_src = htons(9), .udp_dst = htons(53) };

        key_eth(m, 0x0800);
        key_ipv4(m, 17);
        put(m, OVS_KEY_ATTR_UDP, &u, sizeof u);
        break;
    }
    case 3: {
        struct ovs_key_ipv6 ip6 = {
            .ipv6_proto = 58, .ipv6_hlimit = 255,
            .ipv6_frag = OVS_FRAG_TYPE_NONE,
        };
        struct ovs_key_icmpv6 ic = { .icmpv6_type = 135 };
        struct ovs_key_nd nd = { .nd_sll = { 2, 0, 0, 0, 0, 1 } };

        ip6.ipv6_src[0] = htonl(0xfd000000);
        ip6.ipv6_dst[3] = htonl(1);
        key_eth(m, 0x86dd);
        put(m, OVS_KEY_ATTR_IPV6, &ip6, sizeof ip6);
        put(m, OVS_KEY_ATTR_ICMPV6, &ic, sizeof ic);
        put(m, OVS_KEY_ATTR_ND, &nd, sizeof nd);
        break;
    }
    case 4: {
        struct ovs_key_arp arp = {
            .arp_sip = htonl(0x0a000001), .arp_tip = htonl(0x0a000002),
            .arp_op = htons(1),
        };

        key_eth(m, 0x0806);
        put(m, OVS_KEY_ATTR_ARP, &arp, sizeof arp);
        break;
    }
    case 5:
        key_eth(m, 0x8100);
        put_u16(m, OVS_KEY_ATTR_VLAN, htons(0x1000 | 10));
        nest_start(m, OVS_KEY_ATTR_ENCAP);
        put_u16(m, OVS_KEY_ATTR_ETHERTYPE, htons(0x0800));
        key_ipv4(m, 1);
        {
            struct ovs_key_icmp ic = { .icmp_type = 8 };

            put(m, OVS_KEY_ATTR_ICMP, &ic, sizeof ic);
        }
        nest_end(m);
        break;
    default:
        put_u32(m, OVS_KEY_ATTR_PRIORITY, 7);
        put_u32(m, OVS_KEY_ATTR_SKB_MARK, 9);
        put_u32(m, OVS_KEY_ATTR_RECIRC_ID, 3);
        put_u32(m, OVS_KEY_ATTR_DP_HASH, 5);
        key_eth(m, 0x0800);
        key_ipv4(m, 132);
        break;
    }
    nest_end(m);
}

/* An action list of kind 'k'. */
static void put_actions(struct msg *m, int attr, int k)
{
    nest_start(m, attr);
    switch (k % 8) {
    case 0:
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
        break;
    case 1:
        nest_start(m, OVS_ACTION_ATTR_USERSPACE);
        put_u32(m, OVS_USERSPACE_ATTR_PID, my_pid);
        put(m, OVS_USERSPACE_ATTR_USERDATA, "cookie12", 8);
        nest_end(m);
        break;
    case 2: {
        struct ovs_action_push_vlan pv = {
            .vlan_tpid = htons(0x8100), .vlan_tci = htons(0x1000 | 5),
        };

        put(m, OVS_ACTION_ATTR_PUSH_VLAN, &pv, sizeof pv);
        put(m, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 0);
        break;
    }
    case 3: {
        struct ovs_key_ipv4 ip = { .ipv4_dst = htonl(0x0a000009) };
        struct ovs_key_ipv4 mask = { .ipv4_dst = htonl(0xffffffff) };
        char buf[2 * sizeof ip];

        memcpy(buf, &ip, sizeof ip);
        memcpy(buf + sizeof ip, &mask, sizeof mask);
        nest_start(m, OVS_ACTION_ATTR_SET_MASKED);
        put(m, OVS_KEY_ATTR_IPV4, buf, sizeof buf);
        nest_end(m);
        nest_start(m, OVS_ACTION_ATTR_SET);
        put_u32(m, OVS_KEY_ATTR_SKB_MARK, 4);
        nest_end(m);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
        break;
    }
    case 4:
        nest_start(m, OVS_ACTION_ATTR_CLONE);
        put_u32(m, OVS_ACTION_ATTR_TRUNC, 20);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
        nest_end(m);
        put_u32(m, OVS_ACTION_ATTR_RECIRC, 3);
        break;
    case 5:
        nest_start(m, OVS_ACTION_ATTR_SAMPLE);
        put_u32(m, OVS_SAMPLE_ATTR_PROBABILITY, UINT32_MAX / 2);
        nest_start(m, OVS_SAMPLE_ATTR_ACTIONS);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 0);
        nest_end(m);
        nest_end(m);
        break;
    case 6: {
        struct ovs_action_hash h = { .hash_alg = OVS_HASH_ALG_L4,
                                     .hash_basis = 1 };

        put(m, OVS_ACTION_ATTR_HASH, &h, sizeof h);
        nest_start(m, OVS_ACTION_ATTR_CHECK_PKT_LEN);
        put_u16(m, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 100);
        nest_start(m, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
        nest_end(m);
        nest_start(m, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
        put_u32(m, OVS_ACTION_ATTR_OUTPUT, 0);
        nest_end(m);
        nest_end(m);
        break;
    }
    default:
        break;                  /* Drop. */
    }
    nest_end(m);
}

static void put_ufid(struct msg *m, int i)
{
    uint32_t ufid[4] = { 0x12345678, 0, 0, i };

    put(m, OVS_FLOW_ATTR_UFID, ufid, sizeof ufid);
}

static int make_packet(unsigned char *p, int k)
{
    static const unsigned char hdr[] = {
        0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
        0x45, 0, 0, 46, 0, 0, 0x40, 0, 64, 17, 0, 0,
        10, 0, 0, 1, 10, 0, 0, 2,
        0x12, 0x34, 0, 53, 0, 26, 0, 0,
    };
    int len = k & 1 ? 150 : 60;

    memset(p, 0, len);
    memcpy(p, hdr, sizeof hdr);
    if (k & 2) {
        p[23] = 6;              /* TCP */
    }
    return len;
}

static void build_corpus(void)
{
    struct msg *m;
    int i;

    m = seed(F_DP, OVS_DP_CMD_GET, 0);
    put_str(m, OVS_DP_ATTR_NAME, DP_NAME);
    m = seed(F_DP, OVS_DP_CMD_GET, NLM_F_DUMP);
    m = seed(F_DP, OVS_DP_CMD_SET, 0);
    put_u32(m, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED
            | OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
    put(m, OVS_DP_ATTR_PER_CPU_PIDS, &my_pid, sizeof my_pid);
    m = seed(F_DP, OVS_DP_CMD_NEW, 0);
    put_str(m, OVS_DP_ATTR_NAME, "fz9");
    put_u32(m, OVS_DP_ATTR_UPCALL_PID, my_pid);
    m = seed(F_DP, OVS_DP_CMD_DEL, 0);
    put_str(m, OVS_DP_ATTR_NAME, "fz9");

    m = seed(F_VPORT, OVS_VPORT_CMD_NEW, 0);
    put_str(m, OVS_VPORT_ATTR_NAME, "fz2");
    put_u32(m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
    put_u32(m, OVS_VPORT_ATTR_UPCALL_PID, my_pid);
    m = seed(F_VPORT, OVS_VPORT_CMD_NEW, 0);
    put_str(m, OVS_VPORT_ATTR_NAME, "lo");
    put_u32(m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_NETDEV);
    put_u32(m, OVS_VPORT_ATTR_UPCALL_PID, my_pid);
    m = seed(F_VPORT, OVS_VPORT_CMD_SET, 0);
    put_u32(m, OVS_VPORT_ATTR_PORT_NO, 1);
    {
        uint32_t pids[3] = { my_pid, my_pid, 0 };

        put(m, OVS_VPORT_ATTR_UPCALL_PID, pids, sizeof pids);
    }
    m = seed(F_VPORT, OVS_VPORT_CMD_GET, 0);
    put_str(m, OVS_VPORT_ATTR_NAME, "fz1");
    m = seed(F_VPORT, OVS_VPORT_CMD_GET, NLM_F_DUMP);
    m = seed(F_VPORT, OVS_VPORT_CMD_DEL, 0);
    put_str(m, OVS_VPORT_ATTR_NAME, "fz2");

    for (i = 0; i < 8; i++) {
        m = seed(F_FLOW, i & 1 ? OVS_FLOW_CMD_SET : OVS_FLOW_CMD_NEW,
                 NLM_F_CREATE | (i & 2 ? NLM_F_ECHO : 0));
        put_key(m, OVS_FLOW_ATTR_KEY, i % 7);
        if (i & 4) {
            put_key(m, OVS_FLOW_ATTR_MASK, i % 7);
        }
        put_actions(m, OVS_FLOW_ATTR_ACTIONS, i);
        put_ufid(m, i);
        if (i == 3) {
            put(m, OVS_FLOW_ATTR_CLEAR, NULL, 0);
        }
    }
    m = seed(F_FLOW, OVS_FLOW_CMD_GET, 0);
    put_ufid(m, 2);
    put_u32(m, OVS_FLOW_ATTR_UFID_FLAGS, OVS_UFID_F_OMIT_KEY);
    m = seed(F_FLOW, OVS_FLOW_CMD_GET, NLM_F_DUMP);
    m = seed(F_FLOW, OVS_FLOW_CMD_DEL, 0);
    put_key(m, OVS_FLOW_ATTR_KEY, 2);
    m = seed(F_FLOW, OVS_FLOW_CMD_DEL, 0);
    put_ufid(m, 4);
    m = seed(F_FLOW, OVS_FLOW_CMD_DEL, 0);       /* Flush. */

    for (i = 0; i < 8; i++) {
        unsigned char pkt[200];
        int len = make_packet(pkt, i);

        m = seed(F_PACKET, OVS_PACKET_CMD_EXECUTE, 0);
        put(m, OVS_PACKET_ATTR_PACKET, pkt, len);
        put_key(m, OVS_PACKET_ATTR_KEY, i & 2 ? 1 : 2);
        put_actions(m, OVS_PACKET_ATTR_ACTIONS, i);
        if (i == 5) {
            put(m, OVS_PACKET_ATTR_PROBE, NULL, 0);
        }
        if (i == 6) {
            put_u16(m, OVS_PACKET_ATTR_MRU, 100);
        }
    }
}

/* ---- mutation ---- */

/* Offsets of the attributes of 'm' (at any nesting depth where the
 * contents parse as attributes), up to 'max'. */
static int collect_attrs(const char *p, int len, int *offs, int n, int max,
                         int base)
{
    while (len >= NLA_HDRLEN && n < max) {
        const struct nlattr *a = (const void *) p;

        if (a->nla_len < NLA_HDRLEN || a->nla_len > len) {
            break;
        }
        offs[n++] = base;
        if (a->nla_len > NLA_HDRLEN + NLA_HDRLEN) {
            n = collect_attrs(p + NLA_HDRLEN, a->nla_len - NLA_HDRLEN,
                              offs, n, max, base + NLA_HDRLEN);
        }
        base += NLA_ALIGN(a->nla_len);
        p += NLA_ALIGN(a->nla_len);
        len -= NLA_ALIGN(a->nla_len);
    }
    return n;
}

#define HDRS NLMSG_LENGTH(GENL_HDRLEN + sizeof(struct ovs_header))

/* Applies one random mutation to 'm'; returns the length to send. */
static int mutate_once(struct msg *m, int len)
{
    int offs[128];
    int n = collect_attrs(m->buf + HDRS, len - HDRS, offs, 0, 128, HDRS);
    struct nlattr *a = n ? (void *) (m->buf + offs[rnd_below(n)]) : NULL;
    struct genlmsghdr *g = NLMSG_DATA(&m->nlh);
    int i;

    switch (rnd_below(14)) {
    case 0:                     /* Flip a bit after the headers. */
        if (len > (int) HDRS) {
            m->buf[HDRS + rnd_below(len - HDRS)] ^= 1 << rnd_below(8);
        }
        break;
    case 1:                     /* A random byte. */
        if (len > (int) HDRS) {
            m->buf[HDRS + rnd_below(len - HDRS)] = rnd();
        }
        break;
    case 2:                     /* An "interesting" 32-bit value. */
        if (len >= (int) HDRS + 4) {
            static const uint32_t v[] = { 0, 1, 0xffffffff, 0x7fffffff,
                                          0x80000000, 0xffff, 0x10000,
                                          255, 256, 65535 };
            uint32_t x = v[rnd_below(10)];

            memcpy(m->buf + HDRS + (rnd_below(len - HDRS - 3) & ~3), &x, 4);
        }
        break;
    case 3:                     /* An attribute's type. */
        if (a) {
            a->nla_type = rnd_below(4) ? rnd_below(40)
                : (rnd() & 0xffff);
        }
        break;
    case 4:                     /* An attribute's length. */
        if (a) {
            a->nla_len = rnd_below(2) ? a->nla_len + rnd_below(9) - 4
                : rnd_below(len);
        }
        break;
    case 5:                     /* Cut the message short. */
        len = HDRS + rnd_below(len - HDRS + 1);
        break;
    case 6:                     /* Duplicate an attribute at the end. */
        if (a && len + NLA_ALIGN(a->nla_len) <= BUF_SIZE
            && (char *) a + a->nla_len <= m->buf + len) {
            memmove(m->buf + len, a, a->nla_len);
            len += NLA_ALIGN(a->nla_len);
        }
        break;
    case 7:                     /* Insert a random attribute at the end. */
        if (len + 64 <= BUF_SIZE) {
            struct nlattr *na = (void *) (m->buf + len);
            int plen = rnd_below(40);

            na->nla_type = rnd_below(40) | (rnd_below(4) ? 0 : NLA_F_NESTED);
            na->nla_len = NLA_HDRLEN + plen;
            for (i = 0; i < plen; i++) {
                ((char *) (na + 1))[i] = rnd_below(3) ? 0 : rnd();
            }
            len += NLA_ALIGN(na->nla_len);
        }
        break;
    case 8:                     /* Another command. */
        g->cmd = rnd_below(8);
        break;
    case 9:                     /* Another family. */
        m->nlh.nlmsg_type = fams[rnd_below(4)];
        break;
    case 10:                    /* Other flags. */
        m->nlh.nlmsg_flags ^= 1 << rnd_below(12);
        break;
    case 11:                    /* Another datapath. */
        ((struct ovs_header *) ((char *) g + GENL_HDRLEN))->dp_ifindex
            = rnd_below(2) ? 0 : rnd_below(3) ? rnd_below(20) : rnd();
        break;
    case 12:                    /* A nested attribute's contents. */
        if (a && a->nla_len > NLA_HDRLEN) {
            for (i = 0; i < 4; i++) {
                ((unsigned char *) (a + 1))[rnd_below(a->nla_len
                                                      - NLA_HDRLEN)]
                    = rnd();
            }
        }
        break;
    default:                    /* Garbage tail. */
        for (i = rnd_below(32); i > 0 && len < BUF_SIZE; i--) {
            m->buf[len++] = rnd();
        }
        break;
    }
    /* Without NLM_F_REQUEST and NLM_F_ACK, or with a length the kernel
     * drops without a word, there would be no ack to wait for. */
    m->nlh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    if (rnd_below(8) == 0) {
        /* Lie about the size, within what the kernel still parses. */
        m->nlh.nlmsg_len = NLMSG_HDRLEN + rnd_below(len - NLMSG_HDRLEN + 1);
    } else {
        m->nlh.nlmsg_len = len;
    }
    return len;
}

/* ---- the end: does it still work? ---- */

static int final_check(void)
{
    struct msg m, r;
    int err;

    if (!dp_ensure()) {
        printf("nl-fuzz: cannot recreate datapath " DP_NAME "\n");
        return 1;
    }
    msg_init(&m, fams[F_FLOW], OVS_FLOW_CMD_DEL, dp_ifindex, 0);
    transact(&m, NULL);
    msg_init(&m, fams[F_FLOW], OVS_FLOW_CMD_NEW, dp_ifindex, NLM_F_CREATE);
    put_key(&m, OVS_FLOW_ATTR_KEY, 1);
    put_actions(&m, OVS_FLOW_ATTR_ACTIONS, 0);
    put_ufid(&m, 99);
    err = transact(&m, NULL);
    if (err) {
        printf("nl-fuzz: a good flow is refused: %s\n", strerror(err));
        return 1;
    }
    msg_init(&m, fams[F_FLOW], OVS_FLOW_CMD_GET, dp_ifindex, 0);
    put_ufid(&m, 99);
    memset(&r, 0, sizeof r);
    err = transact(&m, &r);
    if (err || !find_attr(&r, GENL_HDRLEN + sizeof(struct ovs_header),
                          OVS_FLOW_ATTR_ACTIONS)) {
        printf("nl-fuzz: the good flow cannot be read back: %s\n",
               err ? strerror(err) : "no actions");
        return 1;
    }
    msg_init(&m, fams[F_FLOW], OVS_FLOW_CMD_DEL, dp_ifindex, 0);
    put_ufid(&m, 99);
    err = transact(&m, NULL);
    if (err) {
        printf("nl-fuzz: the good flow cannot be deleted: %s\n",
               strerror(err));
        return 1;
    }
    return 0;
}

/* Deletes every datapath in the namespace (fuzzed requests may have made
 * some with odd names). */
static void delete_all_datapaths(void)
{
    static char buf[1 << 16];
    int names[64], n = 0, i;
    struct msg m;

    msg_init(&m, fams[F_DP], OVS_DP_CMD_GET, 0, NLM_F_DUMP);
    m.nlh.nlmsg_seq = ++seq;
    if (send(nl_fd, m.buf, m.nlh.nlmsg_len, 0) < 0) {
        return;
    }
    for (;;) {
        int len = recv(nl_fd, buf, sizeof buf, 0);
        struct nlmsghdr *h;
        bool done = false;

        if (len <= 0) {
            break;
        }
        for (h = (void *) buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != seq) {
                continue;
            }
            if (h->nlmsg_type == NLMSG_DONE
                || h->nlmsg_type == NLMSG_ERROR) {
                done = true;
                break;
            }
            if (n < 64) {
                struct ovs_header *oh = (void *) ((char *) NLMSG_DATA(h)
                                                  + GENL_HDRLEN);
                names[n++] = oh->dp_ifindex;
            }
        }
        if (done) {
            break;
        }
    }
    for (i = 0; i < n; i++) {
        msg_init(&m, fams[F_DP], OVS_DP_CMD_DEL, names[i], 0);
        transact(&m, NULL);
    }
    printf("nl-fuzz: deleted %d datapath(s) at the end\n", n);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
    static const char *const names[4] = {
        OVS_DATAPATH_FAMILY, OVS_VPORT_FAMILY, OVS_FLOW_FAMILY,
        OVS_PACKET_FAMILY,
    };
    double secs, t0;
    unsigned long sent = 0, accepted = 0, timeouts = 0;
    unsigned long by_errno[160] = { 0 };
    int i, rc;

    if (argc < 2) {
        fprintf(stderr, "usage: %s SECONDS [SEED]\n", argv[0]);
        return 2;
    }
    secs = atof(argv[1]);
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t) time(NULL);
    printf("nl-fuzz: seed %llu, %.0f s\n", (unsigned long long) rng_state,
           secs);
    rng_state |= 1;
    setvbuf(stdout, NULL, _IOLBF, 0);

    nl_open();
    for (i = 0; i < 4; i++) {
        fams[i] = resolve_family(names[i]);
    }
    if (!dp_ensure()) {
        fprintf(stderr, "cannot create datapath " DP_NAME "\n");
        return 2;
    }
    build_corpus();

    t0 = now();
    while (now() - t0 < secs) {
        for (i = 0; i < 200; i++) {
            struct msg m = seeds[rnd_below(n_seeds)];
            int len = m.nlh.nlmsg_len, k, err;

            /* Most requests aim at the live datapath. */
            ((struct ovs_header *) ((char *) NLMSG_DATA(&m.nlh)
                                    + GENL_HDRLEN))->dp_ifindex = dp_ifindex;
            for (k = 1 + rnd_below(4); k > 0; k--) {
                len = mutate_once(&m, len);
            }
            err = send_raw(&m, len, NULL);
            sent++;
            if (!err) {
                accepted++;
            } else if (err == ETIMEDOUT) {
                timeouts++;
            } else if (err < 160) {
                by_errno[err]++;
            }
        }
        if (!dp_ensure()) {
            printf("nl-fuzz: cannot recreate datapath " DP_NAME "\n");
            return 1;
        }
    }
    printf("nl-fuzz: %lu messages in %.1f s, %lu accepted, %lu without "
           "an answer\n", sent, now() - t0, accepted, timeouts);
    for (i = 0; i < 160; i++) {
        if (by_errno[i] * 50 >= sent) {
            printf("nl-fuzz:   %-28s %lu\n", strerror(i), by_errno[i]);
        }
    }
    rc = final_check();
    delete_all_datapaths();
    printf("nl-fuzz: %s\n", rc ? "FAILED" : "the datapath still works");
    return rc;
}
