/*
 * fake_iphlpsvc.h - internals of the IP Helper service double (iphlpsvc.exe).
 *
 * The double serves the port proxy store the way Windows' iphlpsvc does:
 *   store.c   reads HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp
 *   proxy.c   keeps one listener per rule and relays accepted connections
 *   state.c   C:\wslnet-fake\iphlpsvc-state.json, the controls log, the log
 *   main.c    the Windows service (control handler, load loop)
 */
#ifndef FAKE_IPHLPSVC_H
#define FAKE_IPHLPSVC_H

/* select() over more than Winsock's default 64 sockets. */
#define FD_SETSIZE 1024
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stddef.h>

enum pp_kind { PP_V4TOV4, PP_V4TOV6, PP_V6TOV4, PP_V6TOV6, PP_KIND_COUNT };

/* One store value: name "<listen>/<port>", data "<connect>/<connectPort>". */
struct pp_rule {
    enum pp_kind kind;
    char name[300];        /* the value name as stored (UTF-8) */
    char listen[256];      /* "*" or an address literal */
    unsigned port;         /* 0 when the name does not parse */
    char connect[256];     /* a host name or an address literal */
    unsigned connect_port; /* 0 when the data does not parse */
    char error[160];       /* non-empty: the rule cannot be served, and why */
};

struct pp_rules {
    struct pp_rule *items;
    size_t count;
};

/* A rule and the socket serving it (INVALID_SOCKET when it could not bind). */
struct pp_listener {
    struct pp_rule rule;
    SOCKET sock;
    char bound[64]; /* the address bound, as text ("0.0.0.0", "::", ...) */
};

/* The live listeners, and the connection threads they started. */
struct pp_proxy {
    struct pp_listener *items;
    size_t count;
    volatile LONG stopping; /* set: connection threads end their relays */
    volatile LONG active;   /* connection threads still running */
};

/* store.c */
const char *pp_kind_name(enum pp_kind kind);
/* Reads the four kinds' rules (64-bit view) into *out (caller frees with
 * pp_rules_free). A missing key is no rules. Returns 0, or -1 when out of memory. */
int pp_store_read(struct pp_rules *out);
void pp_rules_free(struct pp_rules *rules);

/* proxy.c */
/* Makes the listeners match rules: keeps the sockets of rules still present
 * (with their new targets), closes those of removed rules, binds new ones.
 * Failures are recorded in each listener's rule.error and logged. */
void pp_proxy_apply(struct pp_proxy *proxy, const struct pp_rules *rules);
/* Waits up to timeout_ms for connections on the listeners and starts one
 * relay thread for each accepted one. */
void pp_proxy_poll(struct pp_proxy *proxy, DWORD timeout_ms);
/* Closes every listener and waits (up to wait_ms) for the relays to end. */
void pp_proxy_shutdown(struct pp_proxy *proxy, DWORD wait_ms);

/* state.c */
/* Writes C:\wslnet-fake\iphlpsvc-state.json (atomically: temp file + rename). */
void pp_state_write(const struct pp_proxy *proxy, unsigned loads, int running);
/* Appends one line to C:\wslnet-fake\iphlpsvc-controls.log. */
void pp_controls_append(const char *line);
/* Appends a formatted line to C:\wslnet-fake\iphlpsvc.log (diagnostics). */
void pp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
