/*
 * proxy.c - the listeners of the port proxy double and their relays.
 *
 * The service's loop thread owns the listening sockets (it binds, accepts and
 * closes them; nothing else touches them). Each accepted connection gets its
 * own thread, which resolves and connects the rule's target as it was when the
 * connection arrived, then copies bytes both ways (a second thread for the
 * other direction); an end-of-stream from one side is passed on as a
 * half-close, and the relay ends when both directions are done, on an error,
 * or when the service stops.
 */
#include "fake_iphlpsvc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RELAY_TICK_MS 200 /* how often a relay checks for the service stopping */

struct pp_conn {
    struct pp_proxy *proxy;
    SOCKET client;
    int family;     /* the rule's connect family */
    char host[256]; /* connect address or host name */
    char port[8];
    char name[320]; /* "<kind> <listen>/<port>", for the log */
};

static int listen_family(enum pp_kind kind)
{
    return kind == PP_V4TOV4 || kind == PP_V4TOV6 ? AF_INET : AF_INET6;
}

static int connect_family(enum pp_kind kind)
{
    return kind == PP_V4TOV4 || kind == PP_V6TOV4 ? AF_INET : AF_INET6;
}

/* Binds and listens for l->rule ("*": the kind's any address). On failure
 * l->sock stays INVALID_SOCKET and l->rule.error says why. */
static void open_listener(struct pp_listener *l)
{
    struct addrinfo hints, *ai = NULL;
    char port[8];
    const char *node = strcmp(l->rule.listen, "*") == 0 ? NULL : l->rule.listen;
    SOCKET s;
    DWORD on = 1;
    int rc;
    l->sock = INVALID_SOCKET;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = listen_family(l->rule.kind);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    snprintf(port, sizeof port, "%u", l->rule.port);
    rc = getaddrinfo(node, port, &hints, &ai);
    if (rc != 0 || !ai) {
        snprintf(l->rule.error, sizeof l->rule.error, "listen address '%s' is not an %s address",
                 l->rule.listen, hints.ai_family == AF_INET ? "IPv4" : "IPv6");
        return;
    }
    if (getnameinfo(ai->ai_addr, (int)ai->ai_addrlen, l->bound, sizeof l->bound, NULL, 0,
                    NI_NUMERICHOST) != 0)
        snprintf(l->bound, sizeof l->bound, "%s", l->rule.listen);
    s = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        snprintf(l->rule.error, sizeof l->rule.error, "socket failed (WSA error %d)", WSAGetLastError());
        freeaddrinfo(ai);
        return;
    }
    /* As on Windows: an IPv6 listener does not take the IPv4 port as well. */
    if (ai->ai_family == AF_INET6)
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&on, sizeof on);
    if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) != 0 || listen(s, SOMAXCONN) != 0) {
        snprintf(l->rule.error, sizeof l->rule.error, "cannot listen on %s port %u (WSA error %d)",
                 l->bound, l->rule.port, WSAGetLastError());
        closesocket(s);
        freeaddrinfo(ai);
        return;
    }
    freeaddrinfo(ai);
    /* Non-blocking, so an accept after a vanished connection never blocks the loop. */
    ioctlsocket(s, FIONBIO, &on);
    l->sock = s;
}

static int same_listener(const struct pp_rule *a, const struct pp_rule *b)
{
    return a->kind == b->kind && a->port == b->port && strcmp(a->listen, b->listen) == 0;
}

void pp_proxy_apply(struct pp_proxy *proxy, const struct pp_rules *rules)
{
    struct pp_listener *next = calloc(rules->count ? rules->count : 1, sizeof *next);
    size_t i, j;
    if (!next) {
        pp_log("out of memory; keeping the previous listeners");
        return;
    }
    /* 1. Rules still present keep their socket (with the new target). */
    for (i = 0; i < rules->count; i++) {
        next[i].rule = rules->items[i];
        next[i].sock = INVALID_SOCKET;
        if (next[i].rule.error[0])
            continue;
        for (j = 0; j < proxy->count; j++) {
            struct pp_listener *old = &proxy->items[j];
            if (old->sock != INVALID_SOCKET && same_listener(&old->rule, &next[i].rule)) {
                next[i].sock = old->sock;
                memcpy(next[i].bound, old->bound, sizeof next[i].bound);
                old->sock = INVALID_SOCKET;
                break;
            }
        }
    }
    /* 2. Removed rules stop listening (before new binds, which may want their port). */
    for (j = 0; j < proxy->count; j++) {
        if (proxy->items[j].sock != INVALID_SOCKET) {
            pp_log("%s %s: removed, no longer listening", pp_kind_name(proxy->items[j].rule.kind),
                   proxy->items[j].rule.name);
            closesocket(proxy->items[j].sock);
        }
    }
    free(proxy->items);
    proxy->items = next;
    proxy->count = rules->count;
    /* 3. New rules bind. */
    for (i = 0; i < proxy->count; i++) {
        struct pp_listener *l = &proxy->items[i];
        if (l->sock == INVALID_SOCKET && !l->rule.error[0])
            open_listener(l);
        if (l->rule.error[0])
            pp_log("%s %s: %s", pp_kind_name(l->rule.kind), l->rule.name, l->rule.error);
    }
}

/* Sends all len bytes of buf. Returns 0, or -1 on an error. */
static int send_all(SOCKET s, const char *buf, int len)
{
    while (len > 0) {
        int n = send(s, buf, len, 0);
        if (n <= 0)
            return -1;
        buf += n;
        len -= n;
    }
    return 0;
}

/* Resolves and connects the connection's target. Returns the socket, or
 * INVALID_SOCKET (logged). */
static SOCKET connect_target(const struct pp_conn *c)
{
    struct addrinfo hints, *list = NULL, *ai;
    SOCKET s = INVALID_SOCKET;
    int rc, err = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = c->family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    rc = getaddrinfo(c->host, c->port, &hints, &list);
    if (rc != 0) {
        pp_log("%s: cannot resolve '%s' (error %d)", c->name, c->host, rc);
        return INVALID_SOCKET;
    }
    for (ai = list; ai; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET)
            continue;
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
            break;
        err = WSAGetLastError();
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(list);
    if (s == INVALID_SOCKET)
        pp_log("%s: cannot connect to %s port %s (WSA error %d)", c->name, c->host, c->port, err);
    return s;
}

/* One direction of a relay: bytes from src to dst. */
struct pp_pipe {
    struct pp_proxy *proxy;
    SOCKET src, dst;
};

/* Copies src to dst until src's end of stream (passed on as a half-close), an
 * error (both sockets are then shut down, which ends the other direction too),
 * or the service stopping. */
static DWORD WINAPI pipe_main(void *arg)
{
    const struct pp_pipe *p = arg;
    char buf[16384];
    while (!p->proxy->stopping) {
        fd_set readable;
        struct timeval tick = {0, RELAY_TICK_MS * 1000};
        int got;
        FD_ZERO(&readable);
        FD_SET(p->src, &readable);
        got = select(0, &readable, NULL, NULL, &tick);
        if (got == 0)
            continue;
        if (got > 0)
            got = recv(p->src, buf, sizeof buf, 0);
        if (got == 0) {
            shutdown(p->dst, SD_SEND);
            return 0;
        }
        if (got < 0 || send_all(p->dst, buf, got) != 0)
            break;
    }
    shutdown(p->src, SD_BOTH);
    shutdown(p->dst, SD_BOTH);
    return 0;
}

/* Relays a <-> b, one thread per direction (so a peer that does not read
 * stalls only its own direction), until both directions ended. */
static void relay(struct pp_proxy *proxy, SOCKET a, SOCKET b)
{
    struct pp_pipe up = {proxy, a, b}, down = {proxy, b, a};
    HANDLE thread = CreateThread(NULL, 0, pipe_main, &down, 0, NULL);
    if (!thread) {
        pp_log("cannot start a relay thread (error %lu)", GetLastError());
        return;
    }
    pipe_main(&up);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
}

/* A connection's thread: connect the target, relay, close both, count down. */
static DWORD WINAPI conn_main(void *arg)
{
    struct pp_conn *c = arg;
    struct pp_proxy *proxy = c->proxy;
    SOCKET target = connect_target(c);
    if (target != INVALID_SOCKET) {
        relay(proxy, c->client, target);
        closesocket(target);
    }
    closesocket(c->client);
    free(c);
    InterlockedDecrement(&proxy->active);
    return 0;
}

/* Accepts one connection on l and starts its relay thread. */
static void accept_one(struct pp_proxy *proxy, struct pp_listener *l)
{
    u_long blocking = 0;
    SOCKET client = accept(l->sock, NULL, NULL);
    struct pp_conn *c;
    HANDLE thread;
    if (client == INVALID_SOCKET)
        return;
    /* An accepted socket inherits the listener's non-blocking mode. */
    ioctlsocket(client, FIONBIO, &blocking);
    c = calloc(1, sizeof *c);
    if (!c) {
        closesocket(client);
        return;
    }
    c->proxy = proxy;
    c->client = client;
    c->family = connect_family(l->rule.kind);
    snprintf(c->host, sizeof c->host, "%s", l->rule.connect);
    snprintf(c->port, sizeof c->port, "%u", l->rule.connect_port);
    snprintf(c->name, sizeof c->name, "%s %s", pp_kind_name(l->rule.kind), l->rule.name);
    InterlockedIncrement(&proxy->active);
    thread = CreateThread(NULL, 0, conn_main, c, 0, NULL);
    if (!thread) {
        pp_log("%s: cannot start a relay thread (error %lu)", c->name, GetLastError());
        InterlockedDecrement(&proxy->active);
        closesocket(client);
        free(c);
        return;
    }
    CloseHandle(thread);
}

void pp_proxy_poll(struct pp_proxy *proxy, DWORD timeout_ms)
{
    fd_set readable;
    struct timeval wait = {(long)(timeout_ms / 1000), (long)(timeout_ms % 1000) * 1000};
    size_t i;
    int any = 0;
    FD_ZERO(&readable);
    for (i = 0; i < proxy->count && readable.fd_count < FD_SETSIZE; i++) {
        if (proxy->items[i].sock != INVALID_SOCKET) {
            FD_SET(proxy->items[i].sock, &readable);
            any = 1;
        }
    }
    if (!any) {
        Sleep(timeout_ms);
        return;
    }
    if (select(0, &readable, NULL, NULL, &wait) <= 0)
        return;
    for (i = 0; i < proxy->count; i++) {
        struct pp_listener *l = &proxy->items[i];
        if (l->sock != INVALID_SOCKET && FD_ISSET(l->sock, &readable))
            accept_one(proxy, l);
    }
}

void pp_proxy_shutdown(struct pp_proxy *proxy, DWORD wait_ms)
{
    struct pp_rules none = {NULL, 0};
    DWORD waited = 0;
    pp_proxy_apply(proxy, &none);
    InterlockedExchange(&proxy->stopping, 1);
    while (proxy->active > 0 && waited < wait_ms) {
        Sleep(50);
        waited += 50;
    }
}
