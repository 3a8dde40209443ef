/* hcn.c - computenetwork.dll, loaded at run time from System32 only: its
 * absence (Windows before 1809, or Wine) means "HNS unavailable", not an error. */
#include <windows.h>
#include <objbase.h>

#include "hcn.h"
#include "hns.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define HCN_E_NETWORK_NOT_FOUND ((HRESULT)0x803B0001L)
#define HCN_E_ENDPOINT_NOT_FOUND ((HRESULT)0x803B0002L)

typedef void *HCN_HANDLE;
typedef HRESULT(WINAPI *open_fn)(REFGUID id, HCN_HANDLE *handle, PWSTR *error_record);
typedef HRESULT(WINAPI *query_fn)(HCN_HANDLE handle, PCWSTR query, PWSTR *properties,
                                  PWSTR *error_record);
typedef HRESULT(WINAPI *close_fn)(HCN_HANDLE handle);
typedef HRESULT(WINAPI *enumerate_fn)(PCWSTR query, PWSTR *list, PWSTR *error_record);

typedef struct hcn_api {
    HMODULE dll;
    open_fn open_network, open_endpoint;
    query_fn query_network, query_endpoint;
    close_fn close_network, close_endpoint;
    enumerate_fn enumerate_endpoints;
} hcn_api;

/* The Hyper-V firewall network first: where both exist it is the one in use. */
static const char *const wsl_network_ids[] = {WN_HNS_WSL_FIREWALL_NETWORK_ID, WN_HNS_WSL_NETWORK_ID};

static wslnet_status load_api(hcn_api *api, wslnet_error *err)
{
    memset(api, 0, sizeof *api);
    api->dll = LoadLibraryExW(L"computenetwork.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!api->dll)
        return wn_fail(err, WSLNET_E_UNAVAILABLE, GetLastError(),
                       "computenetwork.dll is not present in System32 (the Host Network Service "
                       "API needs Windows 10 1809 or later)");
    api->open_network = (open_fn)(void *)GetProcAddress(api->dll, "HcnOpenNetwork");
    api->query_network = (query_fn)(void *)GetProcAddress(api->dll, "HcnQueryNetworkProperties");
    api->close_network = (close_fn)(void *)GetProcAddress(api->dll, "HcnCloseNetwork");
    api->enumerate_endpoints = (enumerate_fn)(void *)GetProcAddress(api->dll, "HcnEnumerateEndpoints");
    api->open_endpoint = (open_fn)(void *)GetProcAddress(api->dll, "HcnOpenEndpoint");
    api->query_endpoint = (query_fn)(void *)GetProcAddress(api->dll, "HcnQueryEndpointProperties");
    api->close_endpoint = (close_fn)(void *)GetProcAddress(api->dll, "HcnCloseEndpoint");
    if (!api->open_network || !api->query_network || !api->close_network ||
        !api->enumerate_endpoints || !api->open_endpoint || !api->query_endpoint ||
        !api->close_endpoint) {
        FreeLibrary(api->dll);
        api->dll = NULL;
        return wn_fail(err, WSLNET_E_UNAVAILABLE, 0,
                       "computenetwork.dll lacks the HcnOpen/Query/Enumerate functions");
    }
    return WSLNET_OK;
}

/* Takes a CoTaskMem string from HNS: returns it as malloc'd UTF-8 and frees the original. */
static char *take_string(PWSTR wide)
{
    char *utf8 = wide ? wn_utf8_dup_from_wide(wide) : NULL;
    CoTaskMemFree(wide);
    return utf8;
}

static int guid_from_text(const char *id, GUID *guid)
{
    wchar_t braced[40];
    if (strlen(id) != 36 || !wn_wide_from_utf8_buf(id, braced + 1, 38))
        return 0;
    braced[0] = L'{';
    braced[37] = L'}';
    braced[38] = L'\0';
    return SUCCEEDED(IIDFromString(braced, guid));
}

/* Opens an object, queries its properties with a NULL query (the V1 shape), closes it. */
static wslnet_status query_object(const hcn_api *api, int endpoint, const char *id, char **props,
                                  wslnet_error *err)
{
    HCN_HANDLE handle = NULL;
    PWSTR record = NULL, text = NULL;
    GUID guid;
    HRESULT hr;
    *props = NULL;
    if (!guid_from_text(id, &guid))
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "HNS ID '%s' is not a GUID", id);
    hr = (endpoint ? api->open_endpoint : api->open_network)(&guid, &handle, &record);
    CoTaskMemFree(record);
    if (hr == HCN_E_NETWORK_NOT_FOUND || hr == HCN_E_ENDPOINT_NOT_FOUND)
        return WSLNET_E_NOT_FOUND; /* gone, or never created: not an error */
    if (FAILED(hr))
        return wn_fail_hr(err, hr, endpoint ? "HcnOpenEndpoint" : "HcnOpenNetwork");
    record = NULL;
    hr = (endpoint ? api->query_endpoint : api->query_network)(handle, NULL, &text, &record);
    CoTaskMemFree(record);
    (endpoint ? api->close_endpoint : api->close_network)(handle);
    if (FAILED(hr)) {
        CoTaskMemFree(text);
        return wn_fail_hr(err, hr, endpoint ? "HcnQueryEndpointProperties" : "HcnQueryNetworkProperties");
    }
    *props = take_string(text);
    return *props ? WSLNET_OK : wn_fail(err, WSLNET_E_BAD_DATA, 0, "HNS returned no properties");
}

/* Lists the endpoint IDs of one network (HNS filters by VirtualNetwork). */
static wslnet_status endpoint_ids(const hcn_api *api, const char *network_id, char (**ids)[37],
                                  size_t *count, wslnet_error *err)
{
    char *query = wn_hns_endpoint_query(network_id), *list = NULL;
    wchar_t *wquery = query ? wn_wide_from_utf8(query) : NULL;
    PWSTR wlist = NULL, record = NULL;
    size_t total = 0;
    wslnet_status st;
    HRESULT hr;
    *ids = NULL;
    *count = 0;
    free(query);
    if (!wquery)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    hr = api->enumerate_endpoints(wquery, &wlist, &record);
    free(wquery);
    CoTaskMemFree(record);
    if (FAILED(hr)) {
        CoTaskMemFree(wlist);
        return wn_fail_hr(err, hr, "HcnEnumerateEndpoints");
    }
    list = take_string(wlist);
    st = wn_hns_parse_id_list(list, NULL, 0, &total, err);
    if (st == WSLNET_OK && total > 0) {
        *ids = calloc(total, sizeof **ids);
        st = *ids ? wn_hns_parse_id_list(list, *ids, total, count, err)
                  : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    free(list);
    return st;
}

static wslnet_status read_endpoints(const hcn_api *api, wn_hns_network_raw *net, wslnet_error *err)
{
    char (*ids)[37] = NULL;
    size_t count = 0, i;
    wslnet_status st = endpoint_ids(api, net->id, &ids, &count, err);
    if (st == WSLNET_OK && count > 0 && !(net->endpoints = calloc(count, sizeof *net->endpoints)))
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; st == WSLNET_OK && i < count; i++) {
        char *props;
        wslnet_status one = query_object(api, 1, ids[i], &props, err);
        if (one == WSLNET_OK)
            net->endpoints[net->endpoint_count++] = props;
        else if (one != WSLNET_E_NOT_FOUND) /* an endpoint may vanish between list and open */
            st = one;
    }
    free(ids);
    return st;
}

wslnet_status wn_hns_read(wn_hns_snapshot *snap, wslnet_error *err)
{
    hcn_api api;
    wslnet_status st = load_api(&api, err);
    size_t i;
    memset(snap, 0, sizeof *snap);
    if (st != WSLNET_OK)
        return st;
    for (i = 0; i < 2 && st == WSLNET_OK; i++) {
        wn_hns_network_raw *net = &snap->networks[snap->count];
        char *props;
        st = query_object(&api, 0, wsl_network_ids[i], &props, err);
        if (st == WSLNET_E_NOT_FOUND) {
            st = WSLNET_OK;
            continue;
        }
        if (st != WSLNET_OK)
            break;
        net->id = wsl_network_ids[i];
        net->properties = props;
        snap->count++;
        st = read_endpoints(&api, net, err);
    }
    FreeLibrary(api.dll);
    if (st != WSLNET_OK)
        wn_hns_snapshot_clear(snap);
    return st;
}

int wn_hns_nat_network_present(wslnet_error *err)
{
    hcn_api api;
    int present = 0;
    size_t i;
    if (load_api(&api, err) != WSLNET_OK)
        return -1;
    for (i = 0; i < 2 && !present; i++) {
        char *props = NULL;
        wslnet_status st = query_object(&api, 0, wsl_network_ids[i], &props, err);
        free(props);
        if (st == WSLNET_OK)
            present = 1;
        else if (st != WSLNET_E_NOT_FOUND) {
            present = -1;
            break;
        }
    }
    FreeLibrary(api.dll);
    return present;
}

void wn_hns_nat_networks(int *plain, int *firewall, wslnet_error *err)
{
    hcn_api api;
    int *slot[2];
    size_t i;
    slot[0] = firewall; /* wsl_network_ids' order */
    slot[1] = plain;
    *plain = *firewall = -1;
    if (load_api(&api, err) != WSLNET_OK)
        return;
    for (i = 0; i < 2; i++) {
        char *props = NULL;
        wslnet_status st = query_object(&api, 0, wsl_network_ids[i], &props, err);
        free(props);
        *slot[i] = st == WSLNET_OK ? 1 : st == WSLNET_E_NOT_FOUND ? 0 : -1;
    }
    FreeLibrary(api.dll);
}

int wn_hns_flow_steering(void)
{
    static const char *const names[] = {"HcnReserveGuestNetworkServicePortRange",
                                        "HcnReserveGuestNetworkServicePort",
                                        "HcnReleaseGuestNetworkServicePortReservationHandle"};
    HMODULE dll = LoadLibraryExW(L"computenetwork.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    int all = dll != NULL;
    size_t i;
    for (i = 0; dll && i < 3; i++)
        if (!GetProcAddress(dll, names[i]))
            all = 0;
    if (dll)
        FreeLibrary(dll);
    return all;
}
