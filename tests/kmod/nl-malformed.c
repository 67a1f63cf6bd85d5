/*
 * nl-malformed.c - feeds the kernel datapath bad Generic Netlink requests.
 *
 * Runs inside the test VM (built with gcc -static, no libraries).  Every
 * request below is wrong in one way (a missing attribute, an attribute of
 * the wrong size, bad nesting, an unknown action, ...) and must be refused
 * with an errno; a few good requests around them check that the datapath
 * still works afterwards, including two upcalls (a userspace action on an
 * executed packet, and a flow miss on an internal port).  The caller checks
 * the kernel log for oopses.  Prints one line per case; exits 1 if any case
 * failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

/* ---- message building ---- */

struct msg {
    union {
        struct nlmsghdr nlh;
        char buf[8192];
    };
    int nest[8];
    int depth;
};

static void msg_init(struct msg *m, int family, int cmd, int ifindex,
                     int flags)
{
    struct genlmsghdr *g;
    struct ovs_header *oh;

    memset(m, 0, sizeof *m);
    m->nlh.nlmsg_type = family;
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
    if (len) {
        memcpy((char *) a + NLA_HDRLEN, data, len);
    }
    m->nlh.nlmsg_len += NLA_ALIGN(a->nla_len);
}

static void put_u32(struct msg *m, int type, uint32_t v)
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
    struct nlattr *a = (struct nlattr *) (m->buf + off);

    a->nla_len = m->nlh.nlmsg_len - off;
}

/* ---- sockets ---- */

static int nl_open(uint32_t *portid)
{
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    socklen_t len = sizeof sa;
    int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);

    if (fd < 0 || bind(fd, (struct sockaddr *) &sa, sizeof sa)
        || getsockname(fd, (struct sockaddr *) &sa, &len)) {
        perror("netlink socket");
        exit(2);
    }
    *portid = sa.nl_pid;
    return fd;
}

static int nl_fd;
static uint32_t seq = 1;

/* Sends 'm' and returns the errno of its ACK (0 = success).  A reply that
 * comes before the ACK is copied to 'reply' if not NULL. */
static int transact(struct msg *m, struct msg *reply)
{
    static char buf[65536];

    m->nlh.nlmsg_seq = ++seq;
    if (send(nl_fd, m->buf, m->nlh.nlmsg_len, 0) < 0) {
        return errno;
    }
    for (;;) {
        int n = recv(nl_fd, buf, sizeof buf, 0);
        struct nlmsghdr *h;

        if (n < 0) {
            return errno;
        }
        for (h = (struct nlmsghdr *) buf; NLMSG_OK(h, n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != seq) {
                continue;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(h);
                return -e->error;
            }
            if (reply && h->nlmsg_len <= sizeof reply->buf) {
                memcpy(reply->buf, h, h->nlmsg_len);
            }
        }
    }
}

static int resolve_family(const char *name)
{
    struct msg m, r;
    struct nlattr *a;
    int len;

    memset(&m, 0, sizeof m);
    m.nlh.nlmsg_type = GENL_ID_CTRL;
    m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    m.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
    ((struct genlmsghdr *) NLMSG_DATA(&m.nlh))->cmd = CTRL_CMD_GETFAMILY;
    ((struct genlmsghdr *) NLMSG_DATA(&m.nlh))->version = 1;
    put_str(&m, CTRL_ATTR_FAMILY_NAME, name);
    memset(&r, 0, sizeof r);
    if (transact(&m, &r)) {
        fprintf(stderr, "family %s not found\n", name);
        exit(2);
    }
    len = r.nlh.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
    for (a = (struct nlattr *) ((char *) NLMSG_DATA(&r.nlh) + GENL_HDRLEN);
         len >= NLA_HDRLEN; len -= NLA_ALIGN(a->nla_len),
         a = (struct nlattr *) ((char *) a + NLA_ALIGN(a->nla_len))) {
        if (a->nla_type == CTRL_ATTR_FAMILY_ID) {
            return *(uint16_t *) (a + 1);
        }
    }
    exit(2);
}

/* ---- checks ---- */

/* 'want' 0: any errno will do. */
static void expect_err(const char *what, struct msg *m, int want)
{
    int err = transact(m, NULL);
    bool ok = want ? err == want : err != 0;

    printf("%s: %s (%s)\n", ok ? "ok  " : "FAIL", what,
           err ? strerror(err) : "accepted");
    failures += !ok;
}

static void expect_ok(const char *what, struct msg *m)
{
    int err = transact(m, NULL);

    printf("%s: %s (%s)\n", err ? "FAIL" : "ok  ", what,
           err ? strerror(err) : "accepted");
    failures += err != 0;
}

static int dp_fam, vport_fam, flow_fam, packet_fam;
static int dp_ifindex;

/* A flow request with a good key unless the caller adds its own. */
static void flow_msg(struct msg *m, int cmd, bool key)
{
    msg_init(m, flow_fam, cmd, dp_ifindex, NLM_F_CREATE);
    if (key) {
        nest_start(m, OVS_FLOW_ATTR_KEY);
        put_u32(m, OVS_KEY_ATTR_IN_PORT, 1);
        nest_end(m);
    }
}

static void bad_key(const char *what, void (*fill)(struct msg *))
{
    struct msg m;

    flow_msg(&m, OVS_FLOW_CMD_NEW, false);
    nest_start(&m, OVS_FLOW_ATTR_KEY);
    fill(&m);
    nest_end(&m);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    nest_end(&m);
    expect_err(what, &m, EINVAL);
}

static void bad_actions(const char *what, void (*fill)(struct msg *),
                        int want)
{
    struct msg m;

    flow_msg(&m, OVS_FLOW_CMD_NEW, true);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    fill(&m);
    nest_end(&m);
    expect_err(what, &m, want);
}

static void k_unknown(struct msg *m) { put_u32(m, 200, 1); }
static void k_dup(struct msg *m)
{
    put_u32(m, OVS_KEY_ATTR_IN_PORT, 1);
    put_u32(m, OVS_KEY_ATTR_IN_PORT, 2);
}
static void k_big(struct msg *m)
{
    char v[20] = { 0 };

    put(m, OVS_KEY_ATTR_IPV4, v, sizeof v);
}
static void k_short(struct msg *m) { put(m, OVS_KEY_ATTR_IN_PORT, "ab", 2); }
static void k_ct(struct msg *m) { put_u32(m, OVS_KEY_ATTR_CT_STATE, 1); }
static void k_ct_zone(struct msg *m)
{
    uint16_t zone = 5;

    put(m, OVS_KEY_ATTR_CT_ZONE, &zone, sizeof zone);
}
static void k_tunnel(struct msg *m)
{
    nest_start(m, OVS_KEY_ATTR_TUNNEL);
    put_u32(m, OVS_TUNNEL_KEY_ATTR_IPV4_DST, htonl(0x0a000001));
    nest_end(m);
}
static void k_packet_type(struct msg *m)
{
    /* (OFPHTN_ETHERTYPE, IPv4): an L3 packet without Ethernet header. */
    put_u32(m, OVS_KEY_ATTR_PACKET_TYPE, htonl(1 << 16 | 0x0800));
}
static void k_encap(struct msg *m)
{
    nest_start(m, OVS_KEY_ATTR_ENCAP);
    nest_end(m);
}
static void k_nesting(struct msg *m)
{
    /* An inner attribute that claims more bytes than its container. */
    struct nlattr a = { .nla_len = 40, .nla_type = OVS_KEY_ATTR_IN_PORT };

    put(m, OVS_KEY_ATTR_ETHERTYPE, "\x08\x00", 2);
    memcpy(m->buf + m->nlh.nlmsg_len, &a, sizeof a);
    m->nlh.nlmsg_len += sizeof a;
}
static void k_frag(struct msg *m)
{
    struct ovs_key_ipv4 v = { .ipv4_frag = 7 };

    put(m, OVS_KEY_ATTR_ETHERTYPE, "\x08\x00", 2);
    put(m, OVS_KEY_ATTR_IPV4, &v, sizeof v);
}

static void a_unknown(struct msg *m) { put_u32(m, 99, 0); }
static void a_internal(struct msg *m) { put_u32(m, OVS_ACTION_ATTR_MAX + 1, 0); }
static void a_ct(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_CT);
    nest_end(m);
}
static void a_output_big(struct msg *m)
{
    uint64_t v = 1;

    put(m, OVS_ACTION_ATTR_OUTPUT, &v, sizeof v);
}
static void a_userspace_nopid(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_USERSPACE);
    put(m, OVS_USERSPACE_ATTR_USERDATA, "abcd", 4);
    nest_end(m);
}
static void a_set_two(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_SET);
    put_u32(m, OVS_KEY_ATTR_PRIORITY, 1);
    put_u32(m, OVS_KEY_ATTR_SKB_MARK, 1);
    nest_end(m);
}
static void a_set_in_port(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_SET);
    put_u32(m, OVS_KEY_ATTR_IN_PORT, 1);
    nest_end(m);
}
static void a_set_masked_proto(struct msg *m)
{
    struct ovs_key_ipv4 v[2] = { { .ipv4_proto = 6 }, { .ipv4_proto = 0xff } };

    nest_start(m, OVS_ACTION_ATTR_SET_MASKED);
    put(m, OVS_KEY_ATTR_IPV4, v, sizeof v);
    nest_end(m);
}
static void a_set_icmp_short(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMP, "\x08", 1);
    nest_end(m);
}
static void a_set_masked_icmpv6_unmasked(struct msg *m)
{
    /* SET_MASKED wants value and mask: 4 bytes, not 2. */
    nest_start(m, OVS_ACTION_ATTR_SET_MASKED);
    put(m, OVS_KEY_ATTR_ICMPV6, "\x81\x00", 2);
    nest_end(m);
}
static void a_set_icmp(struct msg *m)
{
    struct ovs_key_icmp v = { .icmp_type = 0, .icmp_code = 0 };

    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMP, &v, sizeof v);
    nest_end(m);
}
static void a_set_icmpv6_in_clone(struct msg *m)
{
    struct ovs_key_icmpv6 v = { .icmpv6_type = 129 };

    nest_start(m, OVS_ACTION_ATTR_CLONE);
    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMPV6, &v, sizeof v);
    nest_end(m);
    nest_end(m);
}

/* A flow new for in_port(77), IPv4 with protocol 'proto' (ICMP: with an
 * ICMP header), UFID 'ufid', and the actions 'fill' adds. */
static void ip_flow(struct msg *m, int proto, const char *ufid,
                    void (*fill)(struct msg *))
{
    struct ovs_key_ipv4 ip = { .ipv4_proto = proto, .ipv4_ttl = 64 };
    struct ovs_key_tcp tcp = { htons(1), htons(2) };
    struct ovs_key_icmp icmp = { 8, 0 };

    msg_init(m, flow_fam, OVS_FLOW_CMD_NEW, dp_ifindex, NLM_F_CREATE);
    put(m, OVS_FLOW_ATTR_UFID, ufid, 16);
    nest_start(m, OVS_FLOW_ATTR_KEY);
    put_u32(m, OVS_KEY_ATTR_IN_PORT, 77);
    put(m, OVS_KEY_ATTR_ETHERTYPE, "\x08\x00", 2);
    put(m, OVS_KEY_ATTR_IPV4, &ip, sizeof ip);
    if (proto == 6) {
        put(m, OVS_KEY_ATTR_TCP, &tcp, sizeof tcp);
    } else if (proto == 1) {
        put(m, OVS_KEY_ATTR_ICMP, &icmp, sizeof icmp);
    }
    nest_end(m);
    nest_start(m, OVS_FLOW_ATTR_ACTIONS);
    fill(m);
    nest_end(m);
}

static void a_push_vlan_nocfi(struct msg *m)
{
    struct ovs_action_push_vlan v = { htons(0x8100), htons(10) };

    put(m, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof v);
}
static void a_pop_vlan_arg(struct msg *m) { put_u32(m, OVS_ACTION_ATTR_POP_VLAN, 0); }
static void a_push_mpls_ip(struct msg *m)
{
    struct ovs_action_push_mpls p = { htonl(0x10140), htons(0x0800) };

    put(m, OVS_ACTION_ATTR_PUSH_MPLS, &p, sizeof p);
}
static void a_deep(struct msg *m)
{
    int i;

    for (i = 0; i < 7; i++) {
        nest_start(m, OVS_ACTION_ATTR_CLONE);
    }
    put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
    for (i = 0; i < 7; i++) {
        nest_end(m);
    }
}
static void a_trunc_small(struct msg *m) { put_u32(m, OVS_ACTION_ATTR_TRUNC, 4); }
static void a_sample_noprob(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_SAMPLE);
    nest_start(m, OVS_SAMPLE_ATTR_ACTIONS);
    nest_end(m);
    nest_end(m);
}
static void a_garbage_tail(struct msg *m)
{
    put_u32(m, OVS_ACTION_ATTR_OUTPUT, 1);
    memcpy(m->buf + m->nlh.nlmsg_len, "\x02\x00", 2);
    m->nlh.nlmsg_len += 4;
}

static uint16_t ip_csum(const unsigned char *p, int len)
{
    uint32_t sum = 0;
    int i;

    for (i = 0; i < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

/* Ethernet + IPv4 + UDP, 60 bytes, IPv4 checksum right. */
static void make_packet(unsigned char *p)
{
    static const unsigned char hdr[] = {
        0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
        0x45, 0, 0, 46, 0, 0, 0x40, 0, 64, 17, 0, 0,
        10, 0, 0, 1, 10, 0, 0, 2,
        0x12, 0x34, 0, 53, 0, 26, 0, 0,
    };

    uint16_t c;

    memset(p, 0, 60);
    memcpy(p, hdr, sizeof hdr);
    c = ip_csum(p + 14, 20);
    p[24] = c >> 8;
    p[25] = c & 0xff;
}

/* The packet of the last upcall wait_upcall() accepted. */
static unsigned char got[2048];
static int got_orig_len;

/* Waits up to 2 s on 'fd' for a packet-family message with 'cmd'; returns
 * the length of its OVS_PACKET_ATTR_PACKET (copied to 'got'), or -1. */
static int wait_upcall(int fd, int cmd, const char *userdata)
{
    static char buf[65536];
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    while (poll(&pfd, 1, 2000) == 1) {
        int n = recv(fd, buf, sizeof buf, 0);
        struct nlmsghdr *h = (struct nlmsghdr *) buf;
        struct genlmsghdr *g = NLMSG_DATA(h);
        struct nlattr *a;
        int len, pkt = -1, key = 0, ud = !userdata;

        got_orig_len = 0;
        if (n <= 0 || !NLMSG_OK(h, n) || h->nlmsg_type != packet_fam
            || g->cmd != cmd) {
            continue;
        }
        len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN
                                          + sizeof(struct ovs_header));
        a = (struct nlattr *) ((char *) g + GENL_HDRLEN
                               + sizeof(struct ovs_header));
        for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
             len -= NLA_ALIGN(a->nla_len),
             a = (struct nlattr *) ((char *) a + NLA_ALIGN(a->nla_len))) {
            if (a->nla_type == OVS_PACKET_ATTR_PACKET) {
                pkt = a->nla_len - NLA_HDRLEN;
                memcpy(got, a + 1, pkt < (int) sizeof got ? pkt : 0);
            } else if (a->nla_type == OVS_PACKET_ATTR_LEN) {
                got_orig_len = *(uint32_t *) (a + 1);
            } else if (a->nla_type == OVS_PACKET_ATTR_KEY) {
                key = 1;
            } else if (a->nla_type == OVS_PACKET_ATTR_USERDATA && userdata) {
                ud = !memcmp(a + 1, userdata, strlen(userdata));
            }
        }
        if (key && ud) {
            return pkt;
        }
    }
    return -1;
}

static void set_up(const char *name)
{
    struct ifreq ifr = { 0 };
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    ioctl(fd, SIOCGIFFLAGS, &ifr);
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(fd, SIOCSIFFLAGS, &ifr)) {
        perror("SIOCSIFFLAGS");
    }
    close(fd);
}

/* ---- actions on executed packets, checked through their upcalls ---- */

static uint32_t up_pid;

static void userspace(struct msg *m, const char *cookie)
{
    nest_start(m, OVS_ACTION_ATTR_USERSPACE);
    put_u32(m, OVS_USERSPACE_ATTR_PID, up_pid);
    put(m, OVS_USERSPACE_ATTR_USERDATA, cookie, strlen(cookie));
    nest_end(m);
}

static void set_masked(struct msg *m, int type, const void *v, const void *k,
                       int len)
{
    char buf[128];

    memcpy(buf, v, len);
    memcpy(buf + len, k, len);
    nest_start(m, OVS_ACTION_ATTR_SET_MASKED);
    put(m, type, buf, 2 * len);
    nest_end(m);
}

/* Executes 'pkt' with the actions 'fill' adds and waits for the upcall
 * with 'cookie'; returns its packet length (in 'got') or -1. */
static int exec_capture(int fd, const unsigned char *pkt, int len,
                        void (*fill)(struct msg *), const char *cookie)
{
    struct msg m;
    int err;

    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    put(&m, OVS_PACKET_ATTR_PACKET, pkt, len);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, 1);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    fill(&m);
    nest_end(&m);
    err = transact(&m, NULL);
    if (err) {
        printf("      execute: %s\n", strerror(err));
        return -1;
    }
    return wait_upcall(fd, OVS_PACKET_CMD_ACTION, cookie);
}

/* Executes 'pkt' with the actions 'fill' adds; returns the errno. */
static int exec_err(const unsigned char *pkt, int len,
                    void (*fill)(struct msg *))
{
    struct msg m;

    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    put(&m, OVS_PACKET_ATTR_PACKET, pkt, len);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, 1);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    fill(&m);
    nest_end(&m);
    return transact(&m, NULL);
}

static void verdict(const char *what, bool ok)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static void f_set_ipv4(struct msg *m)
{
    struct ovs_key_ipv4 v = {
        .ipv4_src = htonl(0x0a090909), .ipv4_dst = htonl(0x0a000002),
        .ipv4_proto = 17, .ipv4_ttl = 9,
    };

    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_IPV4, &v, sizeof v);
    nest_end(m);
    userspace(m, "c-ipv4");
}

static void f_set_masked(struct msg *m)
{
    struct ovs_key_ethernet e = { .eth_dst = { 0x0a, 0xbb } };
    struct ovs_key_ethernet em = { .eth_dst = { 0xff, 0xff } };
    struct ovs_key_udp u = { .udp_dst = htons(0x0700) };
    struct ovs_key_udp um = { .udp_dst = htons(0xff00) };

    set_masked(m, OVS_KEY_ATTR_ETHERNET, &e, &em, sizeof e);
    set_masked(m, OVS_KEY_ATTR_UDP, &u, &um, sizeof u);
    userspace(m, "c-masked");
}

static void f_vlan(struct msg *m)
{
    struct ovs_action_push_vlan v = { htons(0x88a8), htons(0x1000 | 5) };

    put(m, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof v);
    v.vlan_tpid = htons(0x8100);
    v.vlan_tci = htons(0x1000 | 6);
    put(m, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof v);
    put(m, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
    userspace(m, "c-vlan");
}

static void f_trunc(struct msg *m)
{
    put_u32(m, OVS_ACTION_ATTR_TRUNC, 30);
    userspace(m, "c-trunc");
}

static void f_clone(struct msg *m)
{
    struct ovs_key_ethernet e = { .eth_src = { 0xee } };
    struct ovs_key_ethernet em = { .eth_src = { 0xff } };

    nest_start(m, OVS_ACTION_ATTR_CLONE);
    set_masked(m, OVS_KEY_ATTR_ETHERNET, &e, &em, sizeof e);
    nest_end(m);
    userspace(m, "c-clone");
}

static void f_sample(struct msg *m)
{
    nest_start(m, OVS_ACTION_ATTR_SAMPLE);
    put_u32(m, OVS_SAMPLE_ATTR_PROBABILITY, UINT32_MAX);
    nest_start(m, OVS_SAMPLE_ATTR_ACTIONS);
    userspace(m, "c-sample");
    nest_end(m);
    nest_end(m);
}

static void f_check_len(struct msg *m)
{
    uint16_t len = 59;

    nest_start(m, OVS_ACTION_ATTR_CHECK_PKT_LEN);
    put(m, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &len, sizeof len);
    nest_start(m, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
    userspace(m, "c-greater");
    nest_end(m);
    nest_start(m, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
    userspace(m, "c-less");
    nest_end(m);
    nest_end(m);
}

static void f_recirc(struct msg *m)
{
    struct ovs_action_hash h = { OVS_HASH_ALG_L4, 1 };

    put(m, OVS_ACTION_ATTR_HASH, &h, sizeof h);
    put_u32(m, OVS_ACTION_ATTR_RECIRC, 5);
}

static void f_arp(struct msg *m)
{
    struct ovs_key_arp a = { .arp_op = htons(2), .arp_tip = htonl(0x0a000009) };
    struct ovs_key_arp am = { .arp_op = htons(0xffff), .arp_tip = 0xffffffff };

    set_masked(m, OVS_KEY_ATTR_ARP, &a, &am, sizeof a);
    userspace(m, "c-arp");
}

static void f_mpls(struct msg *m)
{
    struct ovs_action_push_mpls p = { htonl(0x00010140), htons(0x8847) };
    uint32_t v = htonl(0x00020000), k = htonl(0xfffff000);

    put(m, OVS_ACTION_ATTR_PUSH_MPLS, &p, sizeof p);
    /* Label 16 -> 32, keeping TC, BoS and TTL (64). */
    set_masked(m, OVS_KEY_ATTR_MPLS, &v, &k, sizeof v);
    userspace(m, "c-mpls");
}

static void f_mpls_pop(struct msg *m)
{
    struct ovs_action_push_mpls p = { htonl(0x00010140), htons(0x8848) };

    put(m, OVS_ACTION_ATTR_PUSH_MPLS, &p, sizeof p);
    put(m, OVS_ACTION_ATTR_POP_MPLS, "\x08\x00", 2);
    userspace(m, "c-mpls-pop");
}

static void f_sctp(struct msg *m)
{
    struct ovs_key_sctp v = { .sctp_dst = htons(2905) };
    struct ovs_key_sctp k = { .sctp_dst = htons(0xffff) };

    set_masked(m, OVS_KEY_ATTR_SCTP, &v, &k, sizeof v);
    userspace(m, "c-sctp");
}

/* CRC32c (Castagnoli), bit by bit, as SCTP's checksum wants it. */
static uint32_t crc32c(const unsigned char *p, int len)
{
    uint32_t crc = 0xffffffff;

    while (len--) {
        crc ^= *p++;
        for (int i = 0; i < 8; i++) {
            crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78 : crc >> 1;
        }
    }
    return ~crc;
}

/* Stores the SCTP checksum of the 26-byte SCTP packet at 'p' + 34. */
static uint32_t sctp_sum(unsigned char *p)
{
    unsigned char c[26];

    memcpy(c, p + 34, 26);
    memset(c + 8, 0, 4);
    return crc32c(c, 26);       /* stored little-endian */
}

static void f_icmp(struct msg *m)
{
    struct ovs_key_icmp v = { .icmp_type = 0, .icmp_code = 0 };

    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMP, &v, sizeof v);
    nest_end(m);
    userspace(m, "c-icmp");
}

static void f_icmp_masked(struct msg *m)
{
    /* Type 8 -> 0x0b under mask 0x0f (0x08 -> 0x0b), code 0 -> 5. */
    struct ovs_key_icmp v = { .icmp_type = 0x0b, .icmp_code = 5 };
    struct ovs_key_icmp k = { .icmp_type = 0x0f, .icmp_code = 0xff };

    set_masked(m, OVS_KEY_ATTR_ICMP, &v, &k, sizeof v);
    userspace(m, "c-icmp-masked");
}

static void f_icmpv6(struct msg *m)
{
    struct ovs_key_icmpv6 v = { .icmpv6_type = 129, .icmpv6_code = 3 };
    struct ovs_key_icmpv6 k = { .icmpv6_type = 0xff, .icmpv6_code = 0xff };

    set_masked(m, OVS_KEY_ATTR_ICMPV6, &v, &k, sizeof v);
    userspace(m, "c-icmpv6");
}

/* An ICMP set for a packet that is not ICMP (and an ICMPv6 one for an
 * ICMP packet) must be refused. */
static void f_icmp_wrong(struct msg *m)
{
    struct ovs_key_icmp v = { .icmp_type = 0x77, .icmp_code = 0x77 };
    struct ovs_key_icmpv6 v6 = { .icmpv6_type = 0x66, .icmpv6_code = 0x66 };

    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMP, &v, sizeof v);
    nest_end(m);
    nest_start(m, OVS_ACTION_ATTR_SET);
    put(m, OVS_KEY_ATTR_ICMPV6, &v6, sizeof v6);
    nest_end(m);
    userspace(m, "c-icmp-wrong");
}

/* The Internet checksum of 'len' (even) bytes at 'p' plus 'sum'; 0 when
 * the data holds a correct checksum. */
static uint16_t inet_sum(uint32_t sum, const unsigned char *p, int len)
{
    for (int i = 0; i < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

/* ICMPv6 checksum check of the 70-byte packet at 'p' (16-byte ICMPv6
 * message): the pseudo-header is the addresses, length and next header. */
static uint16_t icmpv6_sum(const unsigned char *p)
{
    unsigned char ph[40 + 16];

    memcpy(ph, p + 22, 32);
    memcpy(ph + 32, "\0\0\0\x10\0\0\0\x3a", 8);
    memcpy(ph + 40, p + 54, 16);
    return inet_sum(0, ph, sizeof ph);
}

/* Ethernet + IPv4 + ICMP echo request (60 bytes), both checksums right. */
static void make_icmp_packet(unsigned char *p, const unsigned char *udp)
{
    uint16_t c;

    memcpy(p, udp, 60);
    p[23] = 1;
    p[24] = p[25] = 0;
    c = ip_csum(p + 14, 20);
    p[24] = c >> 8;
    p[25] = c & 0xff;
    memcpy(p + 34, "\x08\x00\x00\x00\x12\x34\x00\x01", 8);
    for (int i = 42; i < 60; i++) {
        p[i] = i;
    }
    c = ip_csum(p + 34, 26);
    p[36] = c >> 8;
    p[37] = c & 0xff;
}

/* Ethernet + IPv6 + ICMPv6 echo request (70 bytes), checksum right. */
static void make_icmpv6_packet(unsigned char *p)
{
    static const unsigned char hdr[] = {
        0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x86, 0xdd,
        0x60, 0, 0, 0, 0, 16, 58, 64,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
        128, 0, 0, 0, 0x56, 0x78, 0, 1,
        'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
    };
    uint16_t c;

    memcpy(p, hdr, sizeof hdr);
    c = icmpv6_sum(p);
    p[56] = c >> 8;
    p[57] = c & 0xff;
}

static void run_action_tests(int fd, uint32_t pid)
{
    unsigned char pkt[60], arp[60];
    struct msg m;
    int n;

    up_pid = pid;
    make_packet(pkt);

    n = exec_capture(fd, pkt, sizeof pkt, f_set_ipv4, "c-ipv4");
    verdict("set ipv4: address, ttl and header checksum",
            n == 60 && !memcmp(got + 26, "\x0a\x09\x09\x09", 4)
            && got[22] == 9 && ip_csum(got + 14, 20) == 0);
    n = exec_capture(fd, pkt, sizeof pkt, f_set_masked, "c-masked");
    verdict("set_masked ethernet and udp",
            n == 60 && got[0] == 0x0a && got[1] == 0xbb && got[2] == 0
            && got[36] == 0x07 && got[37] == 53);
    n = exec_capture(fd, pkt, sizeof pkt, f_vlan, "c-vlan");
    verdict("push_vlan twice, pop_vlan: one 802.1ad tag left",
            n == 64 && got[12] == 0x88 && got[13] == 0xa8 && got[15] == 5
            && got[16] == 0x08 && got[17] == 0x00);
    n = exec_capture(fd, pkt, sizeof pkt, f_trunc, "c-trunc");
    verdict("trunc(30) before userspace", n == 30 && got_orig_len == 60);
    n = exec_capture(fd, pkt, sizeof pkt, f_clone, "c-clone");
    verdict("clone leaves the original packet alone",
            n == 60 && got[6] == 0x02);
    n = exec_capture(fd, pkt, sizeof pkt, f_sample, "c-sample");
    verdict("sample with probability 1", n == 60);
    n = exec_capture(fd, pkt, sizeof pkt, f_check_len, "c-greater");
    verdict("check_pkt_len: 60 > 59", n == 60);
    n = exec_capture(fd, pkt, sizeof pkt, f_mpls, "c-mpls");
    verdict("push_mpls, set_masked mpls: label 32 before the IPv4 header",
            n == 64 && got[12] == 0x88 && got[13] == 0x47
            && !memcmp(got + 14, "\x00\x02\x01\x40", 4) && got[18] == 0x45);
    n = exec_capture(fd, pkt, sizeof pkt, f_mpls_pop, "c-mpls-pop");
    verdict("push_mpls then pop_mpls(0x0800): the packet as it was",
            n == 60 && !memcmp(got, pkt, 60));

    /* SCTP: the UDP packet turned into a 26-byte SCTP one with a good
     * checksum; after the port rewrite the checksum must still be good. */
    unsigned char sctp[60];
    memcpy(sctp, pkt, 60);
    sctp[23] = 132;
    sctp[24] = sctp[25] = 0;
    uint16_t c = ip_csum(sctp + 14, 20);
    sctp[24] = c >> 8;
    sctp[25] = c & 0xff;
    memcpy(sctp + 38, "\x11\x22\x33\x44", 4);   /* verification tag */
    uint32_t sum = sctp_sum(sctp);
    memcpy(sctp + 42, &sum, 4);
    n = exec_capture(fd, sctp, sizeof sctp, f_sctp, "c-sctp");
    sum = sctp_sum(got);
    verdict("set_masked sctp dst port: CRC32c recomputed",
            n == 60 && got[36] == 2905 >> 8 && got[37] == (2905 & 0xff)
            && got[34] == 0x12 && !memcmp(got + 42, &sum, 4));

    /* ICMP and ICMPv6 type and code, checksum updated incrementally. */
    unsigned char icmp[60], icmp6[70];
    make_icmp_packet(icmp, pkt);
    make_icmpv6_packet(icmp6);
    n = exec_capture(fd, icmp, sizeof icmp, f_icmp, "c-icmp");
    verdict("set icmp: echo request -> reply, ICMP checksum good",
            n == 60 && got[34] == 0 && got[35] == 0
            && !memcmp(got + 38, icmp + 38, 22)
            && ip_csum(got + 34, 26) == 0 && ip_csum(got + 14, 20) == 0);
    n = exec_capture(fd, icmp, sizeof icmp, f_icmp_masked, "c-icmp-masked");
    verdict("set_masked icmp: type under mask 0x0f, code, checksum good",
            n == 60 && got[34] == 0x0b && got[35] == 5
            && ip_csum(got + 34, 26) == 0);
    n = exec_capture(fd, icmp6, sizeof icmp6, f_icmpv6, "c-icmpv6");
    verdict("set_masked icmpv6: type 129 code 3, pseudo-header checksum good",
            n == 70 && got[54] == 129 && got[55] == 3
            && !memcmp(got + 58, icmp6 + 58, 12) && icmpv6_sum(got) == 0);
    verdict("execute of an icmp set on a UDP packet refused",
            exec_err(pkt, sizeof pkt, f_icmp_wrong) == EINVAL);
    verdict("execute of an icmpv6 set on an ICMP packet refused",
            exec_err(icmp, sizeof icmp, f_icmp_wrong) == EINVAL);

    /* recirc: a flow for recirc_id(5) sends the packet up. */
    msg_init(&m, flow_fam, OVS_FLOW_CMD_NEW, dp_ifindex, NLM_F_CREATE);
    nest_start(&m, OVS_FLOW_ATTR_KEY);
    put_u32(&m, OVS_KEY_ATTR_RECIRC_ID, 5);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, 1);
    nest_end(&m);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    userspace(&m, "c-recirc");
    nest_end(&m);
    expect_ok("flow new recirc_id(5),in_port(1)", &m);
    n = exec_capture(fd, pkt, sizeof pkt, f_recirc, "c-recirc");
    verdict("hash + recirc(5) hits the recirc_id(5) flow", n == 60);

    memset(arp, 0, sizeof arp);
    memcpy(arp, "\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x01\x08\x06"
           "\x00\x01\x08\x00\x06\x04\x00\x01"
           "\x02\x00\x00\x00\x00\x01\x0a\x00\x00\x01"
           "\x00\x00\x00\x00\x00\x00\x0a\x00\x00\x02", 42);
    n = exec_capture(fd, arp, sizeof arp, f_arp, "c-arp");
    verdict("set_masked arp op and target",
            n == 60 && got[21] == 2 && got[41] == 9 && got[31] == 1);
}

int main(void)
{
    unsigned char pkt[60];
    uint32_t portid, up_portid;
    int up_fd, err, n;
    struct msg m, r;

    setvbuf(stdout, NULL, _IONBF, 0);
    nl_fd = nl_open(&portid);
    up_fd = nl_open(&up_portid);
    dp_fam = resolve_family(OVS_DATAPATH_FAMILY);
    vport_fam = resolve_family(OVS_VPORT_FAMILY);
    flow_fam = resolve_family(OVS_FLOW_FAMILY);
    packet_fam = resolve_family(OVS_PACKET_FAMILY);

    /* Datapaths. */
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_u32(&m, OVS_DP_ATTR_UPCALL_PID, up_portid);
    expect_err("dp new without name", &m, EINVAL);
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, "nlt0");
    expect_err("dp new without upcall pid", &m, EINVAL);
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, "a-name-much-too-long-for-a-device");
    put_u32(&m, OVS_DP_ATTR_UPCALL_PID, up_portid);
    expect_err("dp new with oversized name", &m, 0);
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, "nlt0");
    put(&m, OVS_DP_ATTR_UPCALL_PID, "abcdefgh", 8);
    put(&m, OVS_DP_ATTR_USER_FEATURES, "abcdefgh", 8);
    expect_err("dp new with oversized features", &m, EINVAL);
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, "nlt0");
    put_u32(&m, OVS_DP_ATTR_UPCALL_PID, up_portid);
    put_u32(&m, OVS_DP_ATTR_USER_FEATURES, 1u << 30);
    expect_err("dp new with unknown feature", &m, EOPNOTSUPP);
    msg_init(&m, dp_fam, OVS_DP_CMD_NEW, 0, 0);
    put_str(&m, OVS_DP_ATTR_NAME, "nlt0");
    put_u32(&m, OVS_DP_ATTR_UPCALL_PID, up_portid);
    put_u32(&m, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED);
    expect_ok("dp new nlt0", &m);
    dp_ifindex = if_nametoindex("nlt0");
    msg_init(&m, dp_fam, OVS_DP_CMD_GET, 999999, 0);
    expect_err("dp get of a missing ifindex", &m, ENODEV);
    msg_init(&m, dp_fam, OVS_DP_CMD_GET, 0, 0);
    m.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
    expect_err("dp get without ovs_header", &m, 0);

    /* Vports. */
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nlt1");
    put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, up_portid);
    expect_err("vport new without type", &m, EINVAL);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nlt1");
    put_u32(&m, OVS_VPORT_ATTR_TYPE, 99);
    put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, up_portid);
    expect_err("vport new of unknown type", &m, EAFNOSUPPORT);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nosuchdev");
    put_u32(&m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_NETDEV);
    put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, up_portid);
    expect_err("vport new of a missing device", &m, ENODEV);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nlt1");
    put_u32(&m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
    put_u32(&m, OVS_VPORT_ATTR_PORT_NO, 70000);
    put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, up_portid);
    expect_err("vport new with port number too big", &m, EFBIG);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nlt1");
    put_u32(&m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
    put(&m, OVS_VPORT_ATTR_UPCALL_PID, "abc", 3);
    expect_err("vport new with a 3-byte pid", &m, EINVAL);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
    put_str(&m, OVS_VPORT_ATTR_NAME, "nlt1");
    put_u32(&m, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
    put_u32(&m, OVS_VPORT_ATTR_PORT_NO, 1);
    put_u32(&m, OVS_VPORT_ATTR_UPCALL_PID, up_portid);
    expect_ok("vport new nlt1 (internal, port 1)", &m);
    msg_init(&m, vport_fam, OVS_VPORT_CMD_DEL, dp_ifindex, 0);
    put_u32(&m, OVS_VPORT_ATTR_PORT_NO, 0);
    expect_err("vport del of the local port", &m, EINVAL);

    /* Flows. */
    flow_msg(&m, OVS_FLOW_CMD_NEW, false);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    nest_end(&m);
    expect_err("flow new without key", &m, EINVAL);
    flow_msg(&m, OVS_FLOW_CMD_NEW, true);
    expect_err("flow new without actions", &m, EINVAL);
    bad_key("key with unknown attribute", k_unknown);
    bad_key("key with duplicate attribute", k_dup);
    bad_key("key with oversized ipv4", k_big);
    bad_key("key with short in_port", k_short);
    bad_key("key with ct_state (unsupported)", k_ct);
    bad_key("key with ct_zone 5 (unsupported)", k_ct_zone);
    bad_key("key with a tunnel destination (unsupported)", k_tunnel);
    bad_key("key with an IPv4 packet type (unsupported)", k_packet_type);

    /* What Open vSwitch puts in every flow: conntrack fields with their
     * "no conntrack" values, Ethernet packet type, and a mask over a
     * tunnel key that matches "no tunnel".  Nothing a packet of ours can
     * differ in: accepted. */
    flow_msg(&m, OVS_FLOW_CMD_NEW, false);
    nest_start(&m, OVS_FLOW_ATTR_KEY);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, 77);
    put_u32(&m, OVS_KEY_ATTR_CT_STATE, 0);
    put(&m, OVS_KEY_ATTR_CT_ZONE, "\0\0", 2);
    put_u32(&m, OVS_KEY_ATTR_CT_MARK, 0);
    put(&m, OVS_KEY_ATTR_CT_LABELS, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        16);
    put_u32(&m, OVS_KEY_ATTR_PACKET_TYPE, 0);
    nest_end(&m);
    nest_start(&m, OVS_FLOW_ATTR_MASK);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
    put_u32(&m, OVS_KEY_ATTR_CT_STATE, UINT32_MAX);
    put(&m, OVS_KEY_ATTR_CT_ZONE, "\xff\xff", 2);
    put_u32(&m, OVS_KEY_ATTR_PACKET_TYPE, UINT32_MAX);
    nest_start(&m, OVS_KEY_ATTR_TUNNEL);
    put(&m, OVS_TUNNEL_KEY_ATTR_TTL, "\0", 1);
    nest_end(&m);
    nest_end(&m);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    nest_end(&m);
    expect_ok("flow new with no-conntrack, Ethernet, no-tunnel fields", &m);
    bad_key("key with encap but no vlan", k_encap);
    bad_key("key with bad nesting", k_nesting);
    bad_key("key with bad fragment type", k_frag);
    bad_actions("unknown action", a_unknown, EINVAL);
    bad_actions("kernel-internal action number", a_internal, EINVAL);
    bad_actions("ct action (unsupported)", a_ct, EINVAL);
    bad_actions("oversized output", a_output_big, EINVAL);
    bad_actions("userspace without pid", a_userspace_nopid, EINVAL);
    bad_actions("set of two fields", a_set_two, EINVAL);
    bad_actions("set of in_port", a_set_in_port, EINVAL);
    bad_actions("set_masked of ipv4 proto", a_set_masked_proto, EINVAL);
    bad_actions("set of a 1-byte icmp", a_set_icmp_short, EINVAL);
    bad_actions("set_masked icmpv6 without mask", a_set_masked_icmpv6_unmasked,
                EINVAL);
    bad_actions("set icmp on a flow that is not ICMP", a_set_icmp, EINVAL);
    ip_flow(&m, 6, "icmp-on-tcp-flow", a_set_icmp);
    expect_err("set icmp on a TCP flow", &m, EINVAL);
    ip_flow(&m, 1, "icmp-flow-000000", a_set_icmpv6_in_clone);
    expect_err("set icmpv6 (in a clone) on an ICMP flow", &m, EINVAL);
    ip_flow(&m, 1, "icmp-flow-000000", a_set_icmp);
    expect_ok("set icmp on an ICMP flow", &m);
    flow_msg(&m, OVS_FLOW_CMD_SET, false);
    put(&m, OVS_FLOW_ATTR_UFID, "icmp-flow-000000", 16);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    a_set_icmpv6_in_clone(&m);
    nest_end(&m);
    expect_err("flow set to set icmpv6 on an ICMP flow", &m, EINVAL);
    bad_actions("push_vlan without CFI", a_push_vlan_nocfi, EINVAL);
    bad_actions("pop_vlan with argument", a_pop_vlan_arg, EINVAL);
    bad_actions("push_mpls with an IPv4 ethertype", a_push_mpls_ip, EINVAL);
    bad_actions("clone nested 7 deep", a_deep, 0);
    bad_actions("trunc below Ethernet", a_trunc_small, EINVAL);
    bad_actions("sample without probability", a_sample_noprob, EINVAL);
    bad_actions("actions with garbage tail", a_garbage_tail, EINVAL);

    flow_msg(&m, OVS_FLOW_CMD_NEW, true);
    put(&m, OVS_FLOW_ATTR_UFID, "0123456789abcdefXXXX", 20);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    nest_end(&m);
    expect_err("flow new with 20-byte ufid", &m, 0);
    flow_msg(&m, OVS_FLOW_CMD_NEW, true);
    put(&m, OVS_FLOW_ATTR_UFID, "0123456789abcdef", 16);
    nest_start(&m, OVS_FLOW_ATTR_ACTIONS);
    put_u32(&m, OVS_ACTION_ATTR_OUTPUT, 1);
    nest_end(&m);
    expect_ok("flow new in_port(1) -> 1", &m);
    m.nlh.nlmsg_flags |= NLM_F_EXCL;
    expect_err("same flow with NLM_F_EXCL", &m, EEXIST);
    flow_msg(&m, OVS_FLOW_CMD_GET, false);
    put(&m, OVS_FLOW_ATTR_UFID, "fedcba9876543210", 16);
    expect_err("flow get of a missing ufid", &m, ENOENT);
    flow_msg(&m, OVS_FLOW_CMD_DEL, false);
    put(&m, OVS_FLOW_ATTR_UFID, "fedcba9876543210", 16);
    expect_err("flow del of a missing ufid", &m, ENOENT);
    flow_msg(&m, OVS_FLOW_CMD_SET, false);
    expect_err("flow set without key or ufid", &m, EINVAL);
    flow_msg(&m, OVS_FLOW_CMD_GET, false);
    put(&m, OVS_FLOW_ATTR_UFID, "0123456789abcdef", 16);
    expect_ok("flow get by ufid", &m);

    /* Packets. */
    make_packet(pkt);
    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    nest_end(&m);
    expect_err("execute without packet", &m, EINVAL);
    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    put(&m, OVS_PACKET_ATTR_PACKET, pkt, 5);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    nest_end(&m);
    expect_err("execute of a 5-byte packet", &m, 0);
    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    put(&m, OVS_PACKET_ATTR_PACKET, pkt, sizeof pkt);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    put_u32(&m, 99, 0);
    nest_end(&m);
    expect_err("execute with unknown action", &m, EINVAL);

    /* Upcalls: a userspace action on an executed packet... */
    msg_init(&m, packet_fam, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
    put(&m, OVS_PACKET_ATTR_PACKET, pkt, sizeof pkt);
    nest_start(&m, OVS_PACKET_ATTR_KEY);
    put_u32(&m, OVS_KEY_ATTR_IN_PORT, 1);
    nest_end(&m);
    nest_start(&m, OVS_PACKET_ATTR_ACTIONS);
    {
        struct ovs_action_push_vlan v = { htons(0x8100), htons(0x1000 | 7) };

        put(&m, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof v);
    }
    nest_start(&m, OVS_ACTION_ATTR_USERSPACE);
    put_u32(&m, OVS_USERSPACE_ATTR_PID, up_portid);
    put(&m, OVS_USERSPACE_ATTR_USERDATA, "cookie42", 8);
    nest_end(&m);
    nest_end(&m);
    expect_ok("execute push_vlan + userspace", &m);
    n = wait_upcall(up_fd, OVS_PACKET_CMD_ACTION, "cookie42");
    printf("%s: userspace upcall with the tagged packet (%d bytes)\n",
           n == 64 ? "ok  " : "FAIL", n);
    failures += n != 64;

    /* ...and a miss: a frame sent on internal port nlt1 with no flow
     * for it (the in_port(1) flow above is deleted first). */
    flow_msg(&m, OVS_FLOW_CMD_DEL, false);
    expect_ok("flow flush", &m);
    {
        FILE *f = fopen("/proc/sys/net/ipv6/conf/nlt1/disable_ipv6", "w");

        if (f) {
            fputs("1\n", f);
            fclose(f);
        }
    }
    set_up("nlt1");
    {
        int ps = socket(AF_PACKET, SOCK_RAW, 0);
        struct sockaddr_ll ll = {
            .sll_family = AF_PACKET,
            .sll_ifindex = if_nametoindex("nlt1"),
            .sll_halen = 6,
        };

        err = sendto(ps, pkt, sizeof pkt, 0, (struct sockaddr *) &ll,
                     sizeof ll) != sizeof pkt;
        close(ps);
    }
    /* The host may send its own frames (IPv6 ND) on nlt1 too. */
    do {
        n = err ? -1 : wait_upcall(up_fd, OVS_PACKET_CMD_MISS, NULL);
    } while (n >= 0 && (n != 60 || memcmp(got, pkt, 60)));
    printf("%s: miss upcall from internal port (%d bytes)\n",
           n == 60 ? "ok  " : "FAIL", n);
    failures += n != 60;

    /* Per-CPU dispatch: the miss goes to the CPU's pid, not the port's. */
    {
        uint32_t cpu_portid;
        int cpu_fd = nl_open(&cpu_portid);

        msg_init(&m, dp_fam, OVS_DP_CMD_SET, dp_ifindex, 0);
        put_u32(&m, OVS_DP_ATTR_USER_FEATURES,
                OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
        put(&m, OVS_DP_ATTR_PER_CPU_PIDS, "", 0);
        expect_err("per-cpu dispatch with no pids", &m, EINVAL);
        msg_init(&m, dp_fam, OVS_DP_CMD_SET, dp_ifindex, 0);
        put_u32(&m, OVS_DP_ATTR_USER_FEATURES,
                OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
        put_u32(&m, OVS_DP_ATTR_PER_CPU_PIDS, cpu_portid);
        expect_ok("dp set per-cpu dispatch", &m);
        {
            int ps = socket(AF_PACKET, SOCK_RAW, 0);
            struct sockaddr_ll ll = {
                .sll_family = AF_PACKET,
                .sll_ifindex = if_nametoindex("nlt1"),
                .sll_halen = 6,
            };

            err = sendto(ps, pkt, sizeof pkt, 0, (struct sockaddr *) &ll,
                         sizeof ll) != sizeof pkt;
            close(ps);
        }
        do {
            n = err ? -1 : wait_upcall(cpu_fd, OVS_PACKET_CMD_MISS, NULL);
        } while (n >= 0 && (n != 60 || memcmp(got, pkt, 60)));
        printf("%s: per-cpu miss upcall (%d bytes)\n",
               n == 60 ? "ok  " : "FAIL", n);
        failures += n != 60;
        msg_init(&m, dp_fam, OVS_DP_CMD_SET, dp_ifindex, 0);
        put_u32(&m, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED);
        expect_ok("dp set back to per-vport dispatch", &m);
        close(cpu_fd);
    }

    run_action_tests(up_fd, up_portid);

    memset(&r, 0, sizeof r);
    msg_init(&m, dp_fam, OVS_DP_CMD_DEL, dp_ifindex, 0);
    expect_ok("dp del nlt0", &m);
    msg_init(&m, dp_fam, OVS_DP_CMD_GET, dp_ifindex, 0);
    expect_err("dp get after del", &m, ENODEV);

    printf("nl-malformed: %d failure(s)\n", failures);
    return failures != 0;
}
