/*
 * netfwclient.h - host (Defender) firewall rules of port proxies, through
 * the Windows Firewall COM API (INetFwPolicy2 -> Rules). Internal to
 * wslnet.dll; the portable rules (profiles, remote addresses, rule names)
 * are shared/core/hostfw.h.
 *
 * Ownership: a rule is wslnet's when its Grouping is exactly
 * WN_HOSTFW_GROUPING ("wslnet"). Windows allows several rules of one name and
 * INetFwRules.Remove acts by name only, so before changing anything these
 * functions look at every rule of the name (names compared
 * case-insensitively): if any of them is not wslnet's, nothing is changed.
 *
 * Elevation and locking are the caller's: call wn_guard_begin first. Each
 * call initializes COM for itself (multithreaded; a thread already in
 * another apartment is fine).
 *
 * Failures: a failed COM call maps to a status (E_ACCESSDENIED -> ACCESS_DENIED,
 * E_OUTOFMEMORY -> NO_MEMORY, E_INVALIDARG -> INVALID_INPUT, class not
 * registered / firewall service not running -> UNAVAILABLE, E_NOTIMPL ->
 * UNSUPPORTED, else SYSTEM) with the HRESULT in err->code and a message
 * naming the call ("INetFwRules.Add failed (0x80070005): ...").
 */
#ifndef WN_NETFWCLIENT_H
#define WN_NETFWCLIENT_H

#include "proxyplan.h"
#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stdint.h>


/*
 * Creates the rule, or replaces the wslnet-owned rule of that name (all of
 * them, when Windows holds duplicates). A rule of that name NOT in wslnet's
 * grouping -> WSLNET_E_INVALID_INPUT (foreign), untouched. An invalid field
 * -> WSLNET_E_INVALID_INPUT before anything is read. When the one existing
 * rule of the name already is exactly this rule, nothing changes (WSLNET_OK).
 * The new rule is built before the old one is removed; if adding it then
 * fails, the old rule is added back and the message says whether that
 * worked.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_put(const wn_hostfw_rule *rule, wslnet_error *err);

/*
 * Removes the wslnet-owned rule of that name (every duplicate). WSLNET_OK
 * when there is none. A rule of that name not in wslnet's grouping ->
 * WSLNET_E_INVALID_INPUT (foreign), nothing removed.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_delete(const char *name, wslnet_error *err);

/*
 * Reads the rule of that name. *found = 1 when at least one rule has the
 * name; *owned = 1 when every rule of the name is wslnet's. out (may be
 * NULL) receives the first such rule: name, description, port (0 unless
 * LocalPorts is one port), profiles, remote (RemoteAddresses; truncated at
 * the buffer). WSLNET_OK whether found or not; an invalid name ->
 * WSLNET_E_INVALID_INPUT.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_get(const char *name, wn_hostfw_rule *out, int *found, int *owned,
                            wslnet_error *err);

/*
 * Reads every rule whose name starts with prefix (ASCII case-insensitive)
 * into *out (malloc'ed, free() it), one entry per name: the first rule, how
 * many rules carry the name, whether all are wslnet's. One pass over the
 * collection. WSLNET_OK with *count 0 when none.
 */
wslnet_status wn_hostfw_find_prefix(const char *prefix, wn_hostfw_found **out, size_t *count,
                                    wslnet_error *err);

#endif
