/* hcn.h - reading WSL's HNS networks and endpoints from computenetwork.dll. */
#ifndef WN_HCN_H
#define WN_HCN_H

#include "address_choose.h"

/*
 * Reads WSL's two fixed HNS networks (those that exist) and their endpoints'
 * property documents into snap (clear it with wn_hns_snapshot_clear).
 * WSLNET_E_UNAVAILABLE when computenetwork.dll or one of its functions is
 * absent; WSLNET_E_ACCESS_DENIED when HNS refuses; WSLNET_E_BAD_DATA when an
 * endpoint list cannot be parsed.
 */
WN_MUST_CHECK
wslnet_status wn_hns_read(wn_hns_snapshot *snap, wslnet_error *err);

/* 1 when a WSL NAT network exists, 0 when not, -1 when HNS cannot tell (err says why). */
int wn_hns_nat_network_present(wslnet_error *err);

/* Each of WSL's two NAT networks: *plain for {b95d0c5e-...} ("WSL"), *firewall
 * for {790e58b4-...} ("WSL (Hyper-V firewall)"): 1/0, -1 when HNS cannot tell. */
void wn_hns_nat_networks(int *plain, int *firewall, wslnet_error *err);

/* 1 when System32's computenetwork.dll exports the flow-steering port
 * reservation functions WSL's mirrored mode needs (WslCoreNetworkingSupport.cpp:
 * 107-137), 0 when it lacks them or is absent (WSL's load fails the same way). */
int wn_hns_flow_steering(void);

#endif
