/* neighbors.h - reading the IPv4 neighbour table of one interface. */
#ifndef WN_NEIGHBORS_H
#define WN_NEIGHBORS_H

#include "address_choose.h"

/* Reads the IPv4 neighbours on the interface with this LUID (GetIpNetTable2).
 * On WSLNET_OK *rows is malloc'd (caller frees; NULL when count is 0). */
WN_MUST_CHECK
wslnet_status wn_neighbors_read(uint64_t luid, wn_neighbor **rows, size_t *count,
                                wslnet_error *err);

#endif
