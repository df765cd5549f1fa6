/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "basic/macro.h"
#include "net/net-link.h"

struct net_link {
        struct mnl_socket *nl;
        unsigned portid;
        unsigned seq;
};

int net_link_open(net_link **ret, ns_error *err) {
        net_link *l = calloc(1, sizeof(*l));

        if (!l)
                return ns_error_set_errno(err, -ENOMEM, "rtnetlink");
        l->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
        if (!l->nl || mnl_socket_bind(l->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
                int r = negative_errno();
                net_link_free(l);
                return ns_error_set_errno(err, r, "rtnetlink: open the socket");
        }
        l->portid = mnl_socket_get_portid(l->nl);
        l->seq = (unsigned) time(NULL);
        *ret = l;
        return 0;
}

void net_link_free(net_link *l) {
        if (!l)
                return;
        if (l->nl)
                mnl_socket_close(l->nl);
        free(l);
}

int net_link_netns_fd(net_link *l, int *ret_fd, ns_error *err) {
        int fd = ioctl(mnl_socket_get_fd(l->nl), SIOCGSKNS);

        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "rtnetlink: ioctl(SIOCGSKNS)");
        *ret_fd = fd; /* the kernel opens it O_RDONLY|O_CLOEXEC */
        return 0;
}

static struct nlmsghdr *msg_new(net_link *l, char *buf, uint16_t type, uint16_t flags) {
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

        nlh->nlmsg_type = type;
        nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
        nlh->nlmsg_seq = ++l->seq;
        return nlh;
}

/* Send NLH and wait for its acknowledgement; CB (may be NULL) sees replies. */
static int talk(net_link *l, struct nlmsghdr *nlh, mnl_cb_t cb, void *data) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        ssize_t n;
        int r;

        if (mnl_socket_sendto(l->nl, nlh, nlh->nlmsg_len) < 0)
                return negative_errno();
        do {
                n = mnl_socket_recvfrom(l->nl, buf, sizeof(buf));
                if (n < 0)
                        return negative_errno();
                r = mnl_cb_run(buf, (size_t) n, nlh->nlmsg_seq, l->portid, cb, data);
        } while (r > 0);
        return r < 0 ? negative_errno() : 0;
}

static struct ifinfomsg *put_ifinfo(struct nlmsghdr *nlh, int family, int index) {
        struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

        ifi->ifi_family = (unsigned char) family;
        ifi->ifi_index = index;
        return ifi;
}

static int index_cb(const struct nlmsghdr *nlh, void *data) {
        const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

        *(int *) data = ifi->ifi_index;
        return MNL_CB_OK;
}

int net_link_index(net_link *l, const char *name, int *ret_index, ns_error *err) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_GETLINK, 0);
        int index = 0, r;

        put_ifinfo(nlh, AF_UNSPEC, 0);
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
        r = talk(l, nlh, index_cb, &index);
        if (r == -ENODEV)
                return r;
        if (r < 0 || index <= 0)
                return ns_error_set_errno(err, r < 0 ? r : -ENODEV, "rtnetlink: find link \"%s\"", name);
        *ret_index = index;
        return 0;
}

static int link_set_up(net_link *l, int index) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_NEWLINK, 0);
        struct ifinfomsg *ifi = put_ifinfo(nlh, AF_UNSPEC, index);

        ifi->ifi_flags = IFF_UP;
        ifi->ifi_change = IFF_UP;
        return talk(l, nlh, NULL, NULL);
}

int net_link_up(net_link *l, const char *name, ns_error *err) {
        int index = 0, r = net_link_index(l, name, &index, err);

        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find link \"%s\"", name);
        if (r < 0)
                return r;
        r = link_set_up(l, index);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: set link \"%s\" up", name);
        return 0;
}

static int addr_add(net_link *l, int index, uint32_t addr, unsigned len) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
        struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
        uint32_t be = htonl(addr);

        ifa->ifa_family = AF_INET;
        ifa->ifa_prefixlen = (unsigned char) len;
        ifa->ifa_scope = RT_SCOPE_UNIVERSE;
        ifa->ifa_index = (unsigned) index;
        mnl_attr_put_u32(nlh, IFA_LOCAL, be);
        mnl_attr_put_u32(nlh, IFA_ADDRESS, be);
        return talk(l, nlh, NULL, NULL);
}

int net_addr_add(net_link *l, const char *name, uint32_t addr, unsigned len, ns_error *err) {
        int index = 0, r = net_link_index(l, name, &index, err);

        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find link \"%s\"", name);
        if (r < 0)
                return r;
        r = addr_add(l, index, addr, len);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: add an address to \"%s\"", name);
        return 0;
}

int net_route_add_default(net_link *l, const char *name, uint32_t gateway, ns_error *err) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh;
        struct rtmsg *rtm;
        int index = 0, r = net_link_index(l, name, &index, err);

        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find link \"%s\"", name);
        if (r < 0)
                return r;
        nlh = msg_new(l, buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
        rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
        rtm->rtm_family = AF_INET;
        rtm->rtm_table = RT_TABLE_MAIN;
        rtm->rtm_protocol = RTPROT_BOOT;
        rtm->rtm_scope = RT_SCOPE_UNIVERSE;
        rtm->rtm_type = RTN_UNICAST;
        mnl_attr_put_u32(nlh, RTA_GATEWAY, htonl(gateway));
        mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t) index);
        r = talk(l, nlh, NULL, NULL);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: add the default route on \"%s\"", name);
        return 0;
}

static int bridge_create(net_link *l, const char *name) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
        struct nlattr *info;

        put_ifinfo(nlh, AF_UNSPEC, 0);
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
        info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
        mnl_attr_nest_end(nlh, info);
        return talk(l, nlh, NULL, NULL);
}

int net_bridge_ensure(net_link *l, const char *name, uint32_t addr, unsigned len, ns_error *err) {
        int index = 0, r = bridge_create(l, name);

        if (r < 0 && r != -EEXIST)
                return ns_error_set_errno(err, r, "rtnetlink: create bridge \"%s\"", name);
        r = net_link_index(l, name, &index, err);
        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find bridge \"%s\"", name);
        if (r < 0)
                return r;
        r = addr_add(l, index, addr, len);
        if (r < 0 && r != -EEXIST)
                return ns_error_set_errno(err, r, "rtnetlink: add an address to bridge \"%s\"", name);
        r = link_set_up(l, index);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: set bridge \"%s\" up", name);
        return 0;
}

static int veth_new(net_link *l, const char *host_name, int master, const char *peer_name, int netns_fd) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
        struct nlattr *info, *data, *peer;
        struct ifinfomsg *pifi;

        put_ifinfo(nlh, AF_UNSPEC, 0);
        mnl_attr_put_strz(nlh, IFLA_IFNAME, host_name);
        mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t) master);
        info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
        data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
        peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
        /* the peer's own ifinfomsg, then its attributes */
        pifi = mnl_nlmsg_get_payload_tail(nlh);
        memset(pifi, 0, sizeof(*pifi));
        pifi->ifi_family = AF_UNSPEC;
        nlh->nlmsg_len += MNL_ALIGN(sizeof(*pifi));
        mnl_attr_put_strz(nlh, IFLA_IFNAME, peer_name);
        mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t) netns_fd);
        mnl_attr_nest_end(nlh, peer);
        mnl_attr_nest_end(nlh, data);
        mnl_attr_nest_end(nlh, info);
        return talk(l, nlh, NULL, NULL);
}

/* Port isolation: isolated ports of a bridge forward only to non-isolated
 * ones (the bridge itself), never to each other. */
static int port_isolate(net_link *l, int index) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_SETLINK, 0);
        struct nlattr *prot;

        put_ifinfo(nlh, AF_BRIDGE, index);
        prot = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
        mnl_attr_put_u8(nlh, IFLA_BRPORT_ISOLATED, 1);
        mnl_attr_nest_end(nlh, prot);
        return talk(l, nlh, NULL, NULL);
}

int net_veth_create(net_link *l, const char *host_name, const char *bridge, const char *peer_name,
        int peer_netns_fd, ns_error *err) {
        int master = 0, index = 0, r = net_link_index(l, bridge, &master, err);

        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find bridge \"%s\"", bridge);
        if (r < 0)
                return r;
        r = veth_new(l, host_name, master, peer_name, peer_netns_fd);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: create veth \"%s\"", host_name);
        r = net_link_index(l, host_name, &index, err);
        if (r == -ENODEV)
                return ns_error_set_errno(err, r, "rtnetlink: find veth \"%s\"", host_name);
        if (r < 0)
                return r;
        r = port_isolate(l, index);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: isolate bridge port \"%s\"", host_name);
        r = link_set_up(l, index);
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: set veth \"%s\" up", host_name);
        return 0;
}

int net_link_delete(net_link *l, const char *name, ns_error *err) {
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = msg_new(l, buf, RTM_DELLINK, 0);
        int r;

        put_ifinfo(nlh, AF_UNSPEC, 0);
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
        r = talk(l, nlh, NULL, NULL);
        if (r == -ENODEV)
                return 0;
        if (r < 0)
                return ns_error_set_errno(err, r, "rtnetlink: delete link \"%s\"", name);
        return 0;
}
