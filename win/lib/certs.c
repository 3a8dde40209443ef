/* certs.c - reading the Windows certificate stores (crypt32, read-only) and
 * writing the selected certificates as PEM. What to keep is decided in
 * shared/core/certplan.c. */
#include <windows.h>
#include <wincrypt.h>


#include "certplan.h"
#include "guard.h"
#include "safefile.h"
#include "pem.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One physical place wslnet reads. "ca" is two of them (machine and user). */
static const struct {
    unsigned bit;
    DWORD location;
    const char *location_name;
    const wchar_t *store;
    const char *store_name;
} stores[] = {
    {WSLNET_CERT_STORE_MACHINE, CERT_SYSTEM_STORE_LOCAL_MACHINE, "LocalMachine", L"Root", "Root"},
    {WSLNET_CERT_STORE_USER, CERT_SYSTEM_STORE_CURRENT_USER, "CurrentUser", L"Root", "Root"},
    {WSLNET_CERT_STORE_ENTERPRISE, CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE, "LocalMachineEnterprise", L"Root",
     "Root"},
    {WSLNET_CERT_STORE_POLICY, CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY, "LocalMachineGroupPolicy", L"Root",
     "Root"},
    {WSLNET_CERT_STORE_CA, CERT_SYSTEM_STORE_LOCAL_MACHINE, "LocalMachine", L"CA", "CA"},
    {WSLNET_CERT_STORE_CA, CERT_SYSTEM_STORE_CURRENT_USER, "CurrentUser", L"CA", "CA"},
    {WSLNET_CERT_STORE_DISALLOWED, CERT_SYSTEM_STORE_LOCAL_MACHINE, "LocalMachine", L"Disallowed", "Disallowed"},
    {WSLNET_CERT_STORE_DISALLOWED, CERT_SYSTEM_STORE_CURRENT_USER, "CurrentUser", L"Disallowed", "Disallowed"},
};

/* FILETIME (100 ns since 1601) to seconds since 1970. */
static int64_t unix_seconds(const FILETIME *ft)
{
    ULARGE_INTEGER v;
    v.LowPart = ft->dwLowDateTime;
    v.HighPart = ft->dwHighDateTime;
    return ((int64_t)v.QuadPart - 116444736000000000LL) / 10000000LL;
}

/* A name blob as Windows shows it ("CN=..., O=..., C=..."), UTF-8 into buf. */
static void name_text(const CERT_NAME_BLOB *blob, char *buf, size_t size)
{
    wchar_t wide[1024];
    DWORD flags = CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG;
    if (CertNameToStrW(X509_ASN_ENCODING, (CERT_NAME_BLOB *)blob, flags, wide, ARRAYSIZE(wide)) <= 1)
        wide[0] = L'\0';
    wn_utf8_from_wide(wide, buf, size);
}

/* Fills c from a store's certificate (c->der malloc'd). */
static wslnet_status cert_from_context(PCCERT_CONTEXT ctx, unsigned bit, wslnet_cert *c, wslnet_error *err)
{
    BYTE sha1[WN_SHA1_LEN];
    DWORD size = sizeof sha1;
    wchar_t wide[256];
    memset(c, 0, sizeof *c);
    if (!CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, sha1, &size) || size != sizeof sha1)
        return wn_fail_win32(err, GetLastError(), "reading a certificate's thumbprint");
    wn_thumbprint_format(sha1, c->thumbprint);
    if (CertGetNameStringW(ctx, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, wide, ARRAYSIZE(wide)) <= 1)
        wide[0] = L'\0';
    wn_utf8_from_wide(wide, c->name, sizeof c->name);
    name_text(&ctx->pCertInfo->Subject, c->subject, sizeof c->subject);
    name_text(&ctx->pCertInfo->Issuer, c->issuer, sizeof c->issuer);
    c->not_before = unix_seconds(&ctx->pCertInfo->NotBefore);
    c->not_after = unix_seconds(&ctx->pCertInfo->NotAfter);
    c->store = bit;
    c->der = malloc(ctx->cbCertEncoded ? ctx->cbCertEncoded : 1);
    if (!c->der)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    memcpy(c->der, ctx->pbCertEncoded, ctx->cbCertEncoded);
    c->der_length = ctx->cbCertEncoded;
    return WSLNET_OK;
}

/* Opens store index read-only, filling report's names; NULL (and report's
 * status) when it cannot be opened. */
static HCERTSTORE open_store(size_t index, wslnet_cert_store_report *report)
{
    DWORD flags = stores[index].location | CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG;
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, flags, stores[index].store);
    report->store = stores[index].bit;
    wn_strlcpy(report->location, sizeof report->location, stores[index].location_name);
    wn_strlcpy(report->name, sizeof report->name, stores[index].store_name);
    if (!store) {
        wslnet_error open_err;
        DWORD e = GetLastError();
        report->status = wn_fail_win32(&open_err, e, "opening the store");
        report->code = e;
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            wn_snprintf(report->message, sizeof report->message, "%s\\%s does not exist",
                        report->location, report->name);
        else
            wn_strlcpy(report->message, sizeof report->message, open_err.message);
    }
    return store;
}

/* Reads one store into list. A store that cannot be opened is recorded in
 * report and is not an error; only running out of memory is. */
static wslnet_status read_store(size_t index, wslnet_cert_list *list, const wn_cert_filter *f,
                                wslnet_cert_store_report *report, wslnet_error *err)
{
    HCERTSTORE store = open_store(index, report);
    PCCERT_CONTEXT ctx = NULL;
    wslnet_status st = WSLNET_OK;
    if (!store)
        return WSLNET_OK;
    while (st == WSLNET_OK && (ctx = CertEnumCertificatesInStore(store, ctx)) != NULL) {
        wslnet_cert c;
        report->found++;
        st = cert_from_context(ctx, stores[index].bit, &c, err);
        if (st == WSLNET_OK)
            st = wn_cert_list_offer(list, f, &c, NULL, err);
    }
    if (ctx)
        CertFreeCertificateContext(ctx);
    CertCloseStore(store, 0);
    return st;
}

/* Adds the thumbprints of a Disallowed store to f. */
static wslnet_status read_distrusted(size_t index, wn_cert_filter *f, wslnet_cert_store_report *report,
                                     wslnet_error *err)
{
    HCERTSTORE store = open_store(index, report);
    PCCERT_CONTEXT ctx = NULL;
    wslnet_status st = WSLNET_OK;
    if (!store)
        return WSLNET_OK;
    while (st == WSLNET_OK && (ctx = CertEnumCertificatesInStore(store, ctx)) != NULL) {
        BYTE sha1[WN_SHA1_LEN];
        DWORD size = sizeof sha1;
        char thumb[WN_THUMBPRINT_TEXT];
        report->found++;
        if (!CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, sha1, &size) || size != sizeof sha1)
            continue; /* cannot name it: it cannot match one we export either */
        wn_thumbprint_format(sha1, thumb);
        st = wn_cert_filter_distrust(f, thumb, err);
    }
    if (ctx)
        CertFreeCertificateContext(ctx);
    CertCloseStore(store, 0);
    return st;
}

wslnet_status wslnet_cert_list_get(const wslnet_cert_query *query, wslnet_cert_list **out, wslnet_error *err)
{
    unsigned selected = query && query->stores ? query->stores : WSLNET_CERT_STORES_DEFAULT;
    wslnet_cert_store_report distrust[2];
    size_t distrust_count = 0;
    wslnet_cert_list *list;
    wn_cert_filter f;
    FILETIME now;
    wslnet_status st;
    size_t i;
    *out = NULL;
    if (selected & ~(WSLNET_CERT_STORES_DEFAULT | WSLNET_CERT_STORE_CA))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown certificate store bits 0x%x", selected);
    if ((st = wn_cert_filter_init(&f, query, err)) != WSLNET_OK)
        return st;
    memset(distrust, 0, sizeof distrust);
    if (!(list = calloc(1, sizeof *list))) {
        wn_cert_filter_free(&f);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    GetSystemTimeAsFileTime(&now);
    list->now = unix_seconds(&now);
    /* what Windows distrusts first, reported after the selected stores */
    for (i = 0; st == WSLNET_OK && i < ARRAYSIZE(stores); i++)
        if (stores[i].bit == WSLNET_CERT_STORE_DISALLOWED)
            st = read_distrusted(i, &f, &distrust[distrust_count++], err);
    for (i = 0; st == WSLNET_OK && i < ARRAYSIZE(stores); i++)
        if (selected & stores[i].bit)
            st = read_store(i, list, &f, &list->stores[list->store_count++], err);
    for (i = 0; i < distrust_count && list->store_count < WSLNET_CERT_STORE_REPORT_MAX; i++)
        list->stores[list->store_count++] = distrust[i];
    wn_cert_filter_free(&f);
    if (st != WSLNET_OK) {
        wslnet_cert_list_free(list);
        return st;
    }
    *out = list;
    return WSLNET_OK;
}

void wslnet_cert_list_free(wslnet_cert_list *list)
{
    if (!list)
        return;
    wn_cert_list_clear(list);
    free(list);
}

/* Who may use what export writes: SYSTEM, Administrators and (not elevated)
 * the user running wslnet get full access; Authenticated Users read
 * (certificates are public; WSL reads them as the signed-in user). */
static wslnet_status output_access(wn_sf_access *access, int *elevated, wchar_t **sid, wslnet_error *err)
{
    *elevated = wn_require_elevation(NULL) == WSLNET_OK;
    *sid = NULL;
    if (!*elevated && !(*sid = wn_sf_current_user_sid()))
        return wn_fail(err, WSLNET_E_SYSTEM, 0, "the process token cannot be read");
    access->user_sid = *sid;
    access->readable_by_users = 1;
    return WSLNET_OK;
}

wslnet_status wslnet_cert_write_bundle(const wslnet_cert_list *list, const char *path, wslnet_error *err)
{
    wn_sf_replace_options opt;
    char *bundle;
    wchar_t *wide, *sid = NULL;
    wslnet_status st;
    memset(&opt, 0, sizeof opt);
    if (!path || !path[0])
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--out needs a file name");
    if (!(wide = wn_wide_from_utf8(path)))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the output path is not valid UTF-8");
    if (!(bundle = wn_cert_bundle(list))) {
        free(wide);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    /* Elevated, the bundle goes only where non-administrators cannot write:
     * otherwise a user could swap it later for one with their own root. */
    if ((st = output_access(&opt.access, &opt.admin_only_folder, &sid, err)) == WSLNET_OK)
        st = wn_sf_replace(wide, bundle, strlen(bundle), &opt, NULL, err);
    free(sid);
    free(bundle);
    free(wide);
    return st;
}

wslnet_status wslnet_cert_write_dir(const wslnet_cert_list *list, const char *dir, wslnet_error *err)
{
    wn_sf_replace_options opt;
    wchar_t *wdir = NULL, *full = NULL, *sid = NULL;
    const char **names = NULL;
    size_t i, removed = 0;
    int created = 0;
    wslnet_status st;
    memset(&opt, 0, sizeof opt);
    if (!dir || !dir[0])
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--dir needs a directory name");
    if (!(wdir = wn_wide_from_utf8(dir)))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the output directory is not valid UTF-8");
    if (!(full = wn_sf_full_path(wdir))) {
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.200s' is not a usable directory path", dir);
        goto out;
    }
    if (!(names = calloc(list->count ? list->count : 1, sizeof *names))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto out;
    }
    if ((st = output_access(&opt.access, &opt.admin_only_folder, &sid, err)) != WSLNET_OK)
        goto out;
    /* A new folder gets the protected DACL; an existing one must not be a link
     * nor (elevated) writable by non-administrators. */
    if ((st = wn_sf_make_dir(full, &opt.access, opt.admin_only_folder, &created, err)) != WSLNET_OK)
        goto out;
    for (i = 0; i < list->count; i++) {
        const wslnet_cert *c = &list->items[i];
        wchar_t *wname, *path;
        char *pem;
        if (!wn_cert_file_name_valid(c->file_name)) {
            st = wn_fail(err, WSLNET_E_INTERNAL, 0, "'%s' is not a file name wslnet writes", c->file_name);
            goto out;
        }
        names[i] = c->file_name;
        wname = wn_wide_from_utf8(c->file_name);
        path = NULL;
        if (wname && (path = malloc((wcslen(full) + wcslen(wname) + 2) * sizeof *path)) != NULL)
            swprintf(path, wcslen(full) + wcslen(wname) + 2, L"%ls\\%ls", full, wname);
        free(wname);
        if (!path || !(pem = wn_pem_encode(c->der, c->der_length))) {
            free(path);
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            goto out;
        }
        st = wn_sf_replace(path, pem, strlen(pem), &opt, NULL, err);
        free(pem);
        free(path);
        if (st != WSLNET_OK) {
            if (err)
                wn_snprintf(err->message + strlen(err->message), sizeof err->message - strlen(err->message),
                            "; %lu of %lu files were written", (unsigned long)i, (unsigned long)list->count);
            goto out;
        }
    }
    /* The folder holds exactly this export's certificates: .crt files it did
     * not just write (stale ones, or dropped in by someone) are removed; other
     * files are left alone. */
    st = wn_sf_remove_others(full, L".crt", names, list->count, &removed, err);
out:
    free(names);
    free(sid);
    free(full);
    free(wdir);
    return st;
}
