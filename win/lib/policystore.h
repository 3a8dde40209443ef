/*
 * policystore.h - what a policy created: one REG_SZ value per item under
 * HKLM\SOFTWARE\wslnet\Policy\Owned (WSLNET_POLICY_OWNED_KEY; 64-bit view;
 * inherits HKLM\SOFTWARE's ACL: only administrators and SYSTEM write it),
 * value name "<area>:<item>" (shared/core/policy_plan.h's wn_policy_owned_encode),
 * data "". Values wslnet did not write are skipped.
 */
#ifndef WN_POLICYSTORE_H
#define WN_POLICYSTORE_H

#include "policy_plan.h"

/* Every valid record into *owned (*count; free() it). No key: none. */
wslnet_status wn_policystore_read(wn_policy_owned **owned, size_t *count, wslnet_error *err);

/* Writes the records of after[] that before[] lacks and deletes those of
 * before[] that after[] lacks: nothing at all when they are the same set.
 * The key is created when a record is written and removed when left empty. */
wslnet_status wn_policystore_update(const wn_policy_owned *before, size_t before_count, const wn_policy_owned *after,
                                    size_t after_count, wslnet_error *err);

#endif
