/* address_read.c (win) - reads each source into a snapshot and lets shared/core/address_choose.c
 * decide; tries hns, registry, neighbor in order unless one source is forced. */
#include <windows.h>

#include "address_choose.h"
#include "ipv4.h"
#include "hcn.h"
#include "neighbors.h"
#include "source.h"
#include "status.h"
#include "users.h"
#include "winutil.h"
#include "wslexe.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

#define LXSS_MACHINE_KEY L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss"

/* The WSL adapters matched by the pattern, read once per lookup. */
typedef struct adapter_context {
    int loaded;
    wslnet_status status;   /* of the adapter lookup */
    wslnet_error error;
    wslnet_adapter_list *list;
    wn_subnet own[WSLNET_ADDRESS_MAX];
    size_t own_count;
    /* whose VM: user NULL = the caller's own HKCU */
    const wn_user *user;
    const char *where;          /* "HKCU" or "HKU\\<SID>", for messages */
    int for_change;
    int have_nat_ip;            /* nat_ip read (may be NULL: absent) */
    char *nat_ip;               /* the user's NatIpAddress */
    int refused;                /* a source refused a user-writable value */
    wslnet_error refusal;
} adapter_context;

static size_t adapter_subnets(const wslnet_adapter *a, wn_subnet *own, size_t max);

static void load_adapters(adapter_context *ctx, const char *pattern)
{
    size_t i;
    if (ctx->loaded)
        return;
    ctx->loaded = 1;
    ctx->status = wslnet_adapter_list_get(pattern, &ctx->list, &ctx->error);
    for (i = 0; ctx->list && i < ctx->list->count; i++)
        ctx->own_count += adapter_subnets(&ctx->list->items[i], ctx->own + ctx->own_count,
                                          WSLNET_ADDRESS_MAX - ctx->own_count);
}

/* The user's NatIpAddress, read once (absent: NULL). */
static wslnet_status load_nat_ip(adapter_context *ctx, wslnet_error *err)
{
    wslnet_status st;
    if (ctx->have_nat_ip)
        return WSLNET_OK;
    st = wn_user_lxss_string(ctx->user, L"NatIpAddress", &ctx->nat_ip, err);
    if (st == WSLNET_E_BAD_DATA)
        return wn_fail(err, st, 0, "%s Lxss NatIpAddress is not a string value", ctx->where);
    if (st != WSLNET_OK && st != WSLNET_E_NOT_FOUND)
        return st;
    ctx->have_nat_ip = 1;
    return WSLNET_OK;
}

static wslnet_status from_hns(adapter_context *ctx, wslnet_vm_address *out, wslnet_error *err)
{
    wn_hns_snapshot snap;
    wslnet_status st = wn_hns_read(&snap, err);
    if (st != WSLNET_OK)
        return st;
    /* the user's NatIpAddress only picks among HNS's own endpoints: no trust needed */
    if (load_nat_ip(ctx, NULL) != WSLNET_OK)
        ctx->nat_ip = NULL;
    st = wn_address_from_hns(&snap, ctx->nat_ip, ctx->user != NULL, out, err);
    wn_hns_snapshot_clear(&snap);
    return st;
}

/* The WSL NAT subnets that do not depend on a user: HNS's networks and HKLM
 * Lxss NatNetwork (WslCoreConfig.cpp:222-225, written by the service). */
static size_t nat_subnets(wn_subnet *nat, size_t max)
{
    wn_hns_snapshot snap;
    char *text = NULL;
    size_t n = 0;
    uint32_t addr;
    uint8_t prefix;
    if (wn_hns_read(&snap, NULL) == WSLNET_OK) {
        n = wn_hns_subnets(&snap, nat, max);
        wn_hns_snapshot_clear(&snap);
    }
    if (n < max && wn_reg_read_string(HKEY_LOCAL_MACHINE, LXSS_MACHINE_KEY, L"NatNetwork", &text, NULL) == WSLNET_OK &&
        wn_ipv4_parse_cidr(text, &addr, &prefix) && prefix >= 8) {
        nat[n].address = addr;
        nat[n++].prefix = prefix;
    }
    free(text);
    return n;
}

static wslnet_status from_registry(adapter_context *ctx, const char *pattern,
                                   wslnet_vm_address *out, wslnet_error *err)
{
    wn_subnet nat[4];
    size_t nat_count;
    wslnet_status st = load_nat_ip(ctx, err);
    if (st != WSLNET_OK)
        return st;
    load_adapters(ctx, pattern); /* its subnet bounds the value; its absence is no failure here */
    nat_count = nat_subnets(nat, 4);
    st = wn_address_from_registry(ctx->nat_ip, ctx->where, ctx->own, ctx->own_count, nat, nat_count,
                                  ctx->for_change, out, err);
    if (st == WSLNET_E_BAD_DATA && ctx->nat_ip && !ctx->refused) {
        ctx->refused = 1;
        if (err)
            ctx->refusal = *err;
    }
    return st;
}

/* IPv4 subnets of one adapter. */
static size_t adapter_subnets(const wslnet_adapter *a, wn_subnet *own, size_t max)
{
    size_t j, n = 0;
    for (j = 0; j < a->address_count && n < max; j++) {
        uint32_t v4;
        if (a->addresses[j].family == 4 && wn_ipv4_parse(a->addresses[j].address, &v4)) {
            own[n].address = v4;
            own[n++].prefix = a->addresses[j].prefix_length;
        }
    }
    return n;
}

/* Decides per adapter, so that the answer names the adapter it was seen on. */
static wslnet_status from_neighbors(adapter_context *ctx, const char *pattern,
                                    wslnet_vm_address *out, wslnet_error *err)
{
    wslnet_status st = WSLNET_E_NOT_FOUND;
    int reason_has_ipv4 = 0;
    size_t i;
    load_adapters(ctx, pattern);
    if (ctx->status != WSLNET_OK)
        return wn_fail(err, ctx->status, ctx->error.code, "%s", ctx->error.message);
    for (i = 0; i < ctx->list->count; i++) {
        const wslnet_adapter *a = &ctx->list->items[i];
        wn_subnet own[WSLNET_ADDRESS_MAX];
        size_t own_count = adapter_subnets(a, own, WSLNET_ADDRESS_MAX);
        wn_neighbor *rows = NULL;
        size_t n = 0;
        wslnet_error e;
        wslnet_status one = wn_neighbors_read(a->luid, &rows, &n, &e);
        if (one == WSLNET_OK)
            one = wn_address_from_neighbors(rows, n, own, own_count, a->name, out, &e);
        free(rows);
        if (one == WSLNET_OK)
            return WSLNET_OK;
        /* The reason reported: the first adapter with IPv4's, else the first adapter's. */
        if (i == 0 || (own_count > 0 && !reason_has_ipv4)) {
            st = one;
            reason_has_ipv4 = own_count > 0;
            if (err)
                *err = e;
        }
    }
    return st;
}

static wslnet_status from_wsl(adapter_context *ctx, const char *pattern, wslnet_vm_address *out,
                              wslnet_error *err)
{
    uint8_t *output = NULL;
    size_t len = 0;
    int code = 0;
    wslnet_status st = wn_wslexe_hostname(&output, &len, &code, err);
    if (st != WSLNET_OK)
        return st;
    load_adapters(ctx, pattern); /* to prefer the address in the WSL subnet */
    st = wn_address_from_wsl_output(output, len, code, ctx->own, ctx->own_count, out, err);
    free(output);
    return st;
}

static wslnet_status try_source(wslnet_source source, adapter_context *ctx, const char *pattern,
                                wslnet_vm_address *out, wslnet_error *err)
{
    switch (source) {
    case WSLNET_SOURCE_HNS: return from_hns(ctx, out, err);
    case WSLNET_SOURCE_REGISTRY: return from_registry(ctx, pattern, out, err);
    case WSLNET_SOURCE_NEIGHBOR: return from_neighbors(ctx, pattern, out, err);
    case WSLNET_SOURCE_WSL: return from_wsl(ctx, pattern, out, err);
    default: return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown address source");
    }
}

wslnet_status wslnet_vm_address_get(const wslnet_address_options *options,
                                    wslnet_vm_address *out, wslnet_error *err)
{
    static const wslnet_source automatic[] = {WSLNET_SOURCE_HNS, WSLNET_SOURCE_REGISTRY,
                                              WSLNET_SOURCE_NEIGHBOR};
    wslnet_source forced = options ? options->source : WSLNET_SOURCE_AUTO;
    const char *pattern = options && options->adapter_pattern ? options->adapter_pattern
                                                              : WSLNET_DEFAULT_ADAPTER_PATTERN;
    const wslnet_source *order = forced == WSLNET_SOURCE_AUTO ? automatic : &forced;
    size_t count = forced == WSLNET_SOURCE_AUTO ? 3 : 1, i;
    adapter_context ctx;
    wn_user user;
    int have_user = 0;
    char where[220];
    wslnet_error e;
    wslnet_status st = WSLNET_E_NOT_FOUND;
    memset(out, 0, sizeof *out);
    memset(&ctx, 0, sizeof ctx);
    wn_error_clear(err);
    if ((unsigned)forced > WSLNET_SOURCE_WSL)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown address source");
    if ((st = wn_user_choose(options ? options->user : NULL, &user, &have_user, err)) != WSLNET_OK)
        return st;
    ctx.user = have_user ? &user : NULL;
    ctx.for_change = options ? options->for_change : 0;
    if (have_user) {
        wn_snprintf(where, sizeof where, "HKU\\%s (%s)", user.sid, user.name);
        wn_strlcpy(out->user, sizeof out->user, user.name);
        wn_strlcpy(out->user_sid, sizeof out->user_sid, user.sid);
    } else {
        wn_strlcpy(where, sizeof where, "HKCU");
    }
    ctx.where = where;
    if (have_user && forced == WSLNET_SOURCE_WSL)
        return wn_fail(err, WSLNET_E_UNSUPPORTED, 0,
                       "--source wsl runs wsl.exe as this account, not as %s: use hns or registry", user.name);
    for (i = 0; i < count; i++) {
        wn_error_clear(&e);
        st = try_source(order[i], &ctx, pattern, out, &e);
        wn_address_add_attempt(out, order[i], st, st == WSLNET_OK ? out->detail : e.message);
        if (st == WSLNET_OK) {
            out->source = order[i];
            break;
        }
        /* several users' VMs and nobody named: no later source can tell them apart */
        if (st == WSLNET_E_INVALID_INPUT && order[i] == WSLNET_SOURCE_HNS)
            break;
    }
    wslnet_adapter_list_free(ctx.list);
    free(ctx.nat_ip);
    if (st == WSLNET_OK)
        return WSLNET_OK;
    out->address[0] = '\0';
    if (count == 1 || st == WSLNET_E_INVALID_INPUT)
        return wn_fail(err, st, e.code, "%s: %s", wn_source_name(order[i < count ? i : count - 1]), e.message);
    if (ctx.refused) /* say why the value was not used, not merely "not found" */
        return wn_fail(err, ctx.refusal.status, 0, "%s", ctx.refusal.message);
    if (have_user)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no source knows the address of the WSL VM of user %s (SID %s): their WSL may not "
                       "have started since boot (or runs in mirrored mode, where the VM shares the host's "
                       "addresses)", user.name, user.sid);
    return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                   "no source knows the WSL VM address: WSL may not have started since boot "
                   "(or runs in mirrored mode, where the VM shares the host's addresses)");
}
