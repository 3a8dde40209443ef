/* address.c (win) - reads each source into a snapshot and lets shared/address.c
 * decide; tries hns, registry, neighbor in order unless one source is forced. */
#include <windows.h>

#include "address.h"
#include "ipv4.h"
#include "hcn.h"
#include "neighbors.h"
#include "source.h"
#include "status.h"
#include "winutil.h"
#include "wslexe.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

#define LXSS_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"

/* The WSL adapters matched by the pattern, read once per lookup. */
typedef struct adapter_context {
    int loaded;
    wslnet_status status;   /* of the adapter lookup */
    wslnet_error error;
    wslnet_adapter_list *list;
    wn_subnet own[WSLNET_ADDRESS_MAX];
    size_t own_count;
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

static wslnet_status from_hns(wslnet_vm_address *out, wslnet_error *err)
{
    wn_hns_snapshot snap;
    wslnet_status st = wn_hns_read(&snap, err);
    if (st != WSLNET_OK)
        return st;
    st = wn_address_from_hns(&snap, out, err);
    wn_hns_snapshot_clear(&snap);
    return st;
}

static wslnet_status from_registry(adapter_context *ctx, const char *pattern,
                                   wslnet_vm_address *out, wslnet_error *err)
{
    char *value = NULL;
    wslnet_status st = wn_reg_read_string(HKEY_CURRENT_USER, LXSS_KEY, L"NatIpAddress", &value, err);
    if (st == WSLNET_E_BAD_DATA)
        return wn_fail(err, st, 0, "Lxss NatIpAddress is not a string value");
    if (st != WSLNET_OK && st != WSLNET_E_NOT_FOUND)
        return st;
    load_adapters(ctx, pattern); /* only for the prefix; its absence is no failure here */
    st = wn_address_from_registry(value, ctx->own, ctx->own_count, out, err);
    free(value);
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
    case WSLNET_SOURCE_HNS: return from_hns(out, err);
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
    wslnet_error e;
    wslnet_status st = WSLNET_E_NOT_FOUND;
    memset(out, 0, sizeof *out);
    memset(&ctx, 0, sizeof ctx);
    wn_error_clear(err);
    if ((unsigned)forced > WSLNET_SOURCE_WSL)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown address source");
    for (i = 0; i < count; i++) {
        wn_error_clear(&e);
        st = try_source(order[i], &ctx, pattern, out, &e);
        wn_address_add_attempt(out, order[i], st, st == WSLNET_OK ? out->detail : e.message);
        if (st == WSLNET_OK) {
            out->source = order[i];
            break;
        }
    }
    wslnet_adapter_list_free(ctx.list);
    if (st == WSLNET_OK)
        return WSLNET_OK;
    out->address[0] = '\0';
    if (count == 1)
        return wn_fail(err, st, e.code, "%s: %s", wn_source_name(forced), e.message);
    return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                   "no source knows the WSL VM address: WSL may not have started since boot "
                   "(or runs in mirrored mode, where the VM shares the host's addresses)");
}
