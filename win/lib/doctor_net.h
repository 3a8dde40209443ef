/* doctor_net.h - what the doctor reads from the network stack: the IPv4
 * route table and TCP connect attempts. Internal to wslnet.dll. */
#ifndef WN_DOCTOR_NET_H
#define WN_DOCTOR_NET_H

#include "doctor_judge.h"

/* Reads every IPv4 route (GetIpForwardTable2) with its interface's alias.
 * On WSLNET_OK *out is malloc'd (the caller frees it; NULL when count is 0). */
WN_MUST_CHECK
wslnet_status wn_doctor_routes_read(wn_doctor_route **out, size_t *count, wslnet_error *err);

/* Connects to ipv4:port within timeout_ms and fills out (tried = 1). A
 * connection that the peer closes or resets within 300 ms without sending
 * anything counts as failed (a proxy whose target does not answer accepts,
 * then closes). Never fails itself: a socket error lands in out->code. */
void wn_doctor_tcp_connect(const char *ipv4, uint16_t port, unsigned timeout_ms, wn_doctor_connect *out);

#endif
