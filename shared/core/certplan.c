/* certplan.c - selecting certificates and planning their install into a distro. */
#include "certplan.h"

#include "status.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    unsigned bit;
} store_names[] = {
    {"machine", WSLNET_CERT_STORE_MACHINE},     {"user", WSLNET_CERT_STORE_USER},
    {"enterprise", WSLNET_CERT_STORE_ENTERPRISE}, {"policy", WSLNET_CERT_STORE_POLICY},
    {"ca", WSLNET_CERT_STORE_CA},
};

/* Store names that are not in --store (always read). */
static const char *extra_store_name(unsigned bit)
{
    return bit == WSLNET_CERT_STORE_DISALLOWED ? "disallowed" : "unknown";
}

int wn_cert_stores_parse(const char *text, unsigned *bits)
{
    const char *p = text;
    for (;;) {
        size_t n = strcspn(p, ","), i;
        int known = 0;
        if (n == 3 && memcmp(p, "all", 3) == 0) {
            *bits |= WSLNET_CERT_STORES_DEFAULT | WSLNET_CERT_STORE_CA;
            known = 1;
        } else if (n == 7 && memcmp(p, "default", 7) == 0) {
            *bits |= WSLNET_CERT_STORES_DEFAULT;
            known = 1;
        }
        for (i = 0; !known && i < sizeof store_names / sizeof store_names[0]; i++)
            if (strlen(store_names[i].name) == n && memcmp(p, store_names[i].name, n) == 0) {
                *bits |= store_names[i].bit;
                known = 1;
            }
        if (!known)
            return 0;
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

const char *wn_cert_store_name(unsigned bit)
{
    size_t i;
    for (i = 0; i < sizeof store_names / sizeof store_names[0]; i++)
        if (store_names[i].bit == bit)
            return store_names[i].name;
    return extra_store_name(bit);
}

wn_cert_time wn_cert_time_check(int64_t not_before, int64_t not_after, int64_t now)
{
    if (now > not_after)
        return WN_CERT_TIME_EXPIRED;
    if (now < not_before)
        return WN_CERT_TIME_NOT_YET_VALID;
    return WN_CERT_TIME_VALID;
}

wslnet_status wn_cert_filter_init(wn_cert_filter *f, const wslnet_cert_query *query, wslnet_error *err)
{
    size_t i;
    memset(f, 0, sizeof *f);
    if (!query)
        return WSLNET_OK;
    for (i = 0; i < query->subject_count; i++)
        if (!query->subjects[i] || !query->subjects[i][0])
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "subjects: each needs a non-empty text to look for");
    f->subjects = query->subjects;
    f->subject_count = query->subject_count;
    if (query->thumbprint_count == 0)
        return WSLNET_OK;
    f->thumbprints = malloc(query->thumbprint_count * sizeof *f->thumbprints);
    if (!f->thumbprints)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < query->thumbprint_count; i++) {
        if (!query->thumbprints[i] || !wn_thumbprint_parse(query->thumbprints[i], f->thumbprints[i])) {
            wn_cert_filter_free(f);
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "'%.80s' is not a SHA-1 thumbprint: give its 40 hex digits (spaces allowed)",
                           query->thumbprints[i] ? query->thumbprints[i] : "");
        }
    }
    f->thumbprint_count = query->thumbprint_count;
    return WSLNET_OK;
}

void wn_cert_filter_free(wn_cert_filter *f)
{
    free(f->thumbprints);
    free(f->distrusted);
    memset(f, 0, sizeof *f);
}

wslnet_status wn_cert_filter_distrust(wn_cert_filter *f, const char *thumbprint, wslnet_error *err)
{
    char(*grown)[WN_THUMBPRINT_TEXT] = realloc(f->distrusted, (f->distrusted_count + 1) * sizeof *grown);
    if (!grown)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    f->distrusted = grown;
    wn_strlcpy(f->distrusted[f->distrusted_count++], WN_THUMBPRINT_TEXT, thumbprint);
    return WSLNET_OK;
}

static int distrusted(const wn_cert_filter *f, const char *thumbprint)
{
    size_t i;
    for (i = 0; i < f->distrusted_count; i++)
        if (strcmp(f->distrusted[i], thumbprint) == 0)
            return 1;
    return 0;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive substring search. */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i;
    for (; *hay; hay++) {
        for (i = 0; i < n && hay[i] && lower((unsigned char)hay[i]) == lower((unsigned char)needle[i]); i++)
            ;
        if (i == n)
            return 1;
    }
    return n == 0;
}

int wn_cert_filter_match(const wn_cert_filter *f, const wslnet_cert *cert)
{
    size_t i;
    int ok = f->subject_count == 0;
    for (i = 0; !ok && i < f->subject_count; i++)
        ok = contains_nocase(cert->subject, f->subjects[i]);
    if (!ok)
        return 0;
    ok = f->thumbprint_count == 0;
    for (i = 0; !ok && i < f->thumbprint_count; i++)
        ok = strcmp(cert->thumbprint, f->thumbprints[i]) == 0;
    return ok;
}

static wslnet_cert *find_thumbprint(const wslnet_cert_list *list, const char *thumbprint)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        if (strcmp(list->items[i].thumbprint, thumbprint) == 0)
            return &list->items[i];
    return NULL;
}

/* The kept certificate whose file name equals name, ignoring ASCII case. */
static wslnet_cert *find_file_name(const wslnet_cert_list *list, const char *name)
{
    size_t i, k;
    for (i = 0; i < list->count; i++) {
        const char *a = list->items[i].file_name;
        for (k = 0; a[k] && lower((unsigned char)a[k]) == lower((unsigned char)name[k]); k++)
            ;
        if (!a[k] && !name[k])
            return &list->items[i];
    }
    return NULL;
}

/* 1 when thumbprint was skipped before (counted already). */
static int skipped_before(const wslnet_cert_list *list, const char *thumbprint)
{
    size_t i;
    for (i = 0; i < list->skipped_count; i++)
        if (strcmp(list->skipped[i], thumbprint) == 0)
            return 1;
    return 0;
}

/* Drops cert's DER and counts why, once per thumbprint. */
static wslnet_status skip(wslnet_cert_list *list, wslnet_cert *cert, wn_cert_verdict why, size_t *counter,
                          wn_cert_verdict *verdict, wslnet_error *err)
{
    free(cert->der);
    cert->der = NULL;
    if (verdict)
        *verdict = why;
    if (why == WN_CERT_SKIP_DUPLICATE) {
        (*counter)++;
        return WSLNET_OK;
    }
    if (skipped_before(list, cert->thumbprint))
        return WSLNET_OK;
    char(*grown)[WN_THUMBPRINT_TEXT] = realloc(list->skipped, (list->skipped_count + 1) * sizeof *grown);
    if (!grown)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    list->skipped = grown;
    memcpy(list->skipped[list->skipped_count++], cert->thumbprint, WN_THUMBPRINT_TEXT);
    (*counter)++;
    return WSLNET_OK;
}

wslnet_status wn_cert_list_offer(wslnet_cert_list *list, const wn_cert_filter *f, wslnet_cert *cert,
                                 wn_cert_verdict *verdict, wslnet_error *err)
{
    wslnet_cert *same;
    wn_cert_time t;
    cert->thumbprint[WN_THUMBPRINT_TEXT - 1] = '\0';
    if (f && !wn_cert_filter_match(f, cert))
        return skip(list, cert, WN_CERT_SKIP_FILTERED, &list->filtered, verdict, err);
    if (f && distrusted(f, cert->thumbprint))
        return skip(list, cert, WN_CERT_SKIP_DISALLOWED, &list->disallowed, verdict, err);
    t = wn_cert_time_check(cert->not_before, cert->not_after, list->now);
    if (t == WN_CERT_TIME_EXPIRED)
        return skip(list, cert, WN_CERT_SKIP_EXPIRED, &list->expired, verdict, err);
    if (t == WN_CERT_TIME_NOT_YET_VALID)
        return skip(list, cert, WN_CERT_SKIP_NOT_YET_VALID, &list->not_yet_valid, verdict, err);
    if ((same = find_thumbprint(list, cert->thumbprint)) != NULL) {
        same->stores |= cert->store;
        return skip(list, cert, WN_CERT_SKIP_DUPLICATE, &list->duplicates, verdict, err);
    }
    wslnet_cert *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (!grown) {
        free(cert->der);
        cert->der = NULL;
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    list->items = grown;
    cert->stores = cert->store;
    /* One file per certificate: two names that differ only in case are the
     * same file on Windows. A name taken (a 16-digit prefix shared by two
     * thumbprints: only by design, 64 bits) takes the whole thumbprint, which
     * no other kept certificate has and which no 16-digit name can equal
     * (their '-' falls among its digits); the check below guards that. */
    wn_cert_file_name(cert->name, cert->thumbprint, cert->file_name);
    if (find_file_name(list, cert->file_name))
        wn_cert_file_name_digits(cert->name, cert->thumbprint, 40, cert->file_name);
    if ((same = find_file_name(list, cert->file_name)) != NULL) {
        wslnet_status st = wn_fail(err, WSLNET_E_INTERNAL, 0,
                                   "certificates %s and %s would be written to the same file %s",
                                   same->thumbprint, cert->thumbprint, cert->file_name);
        free(cert->der);
        cert->der = NULL;
        return st;
    }
    list->items[list->count++] = *cert;
    cert->der = NULL; /* the list owns it now */
    if (verdict)
        *verdict = WN_CERT_KEPT;
    return WSLNET_OK;
}

void wn_cert_list_clear(wslnet_cert_list *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        free(list->items[i].der);
    free(list->items);
    free(list->skipped);
    list->items = NULL;
    list->skipped = NULL;
    list->count = list->skipped_count = 0;
}

char *wn_cert_bundle(const wslnet_cert_list *list)
{
    size_t i, len = 0, cap = 1;
    char *out, **pems = calloc(list->count + 1, sizeof *pems);
    if (!pems)
        return NULL;
    for (i = 0; i < list->count; i++) {
        if (!(pems[i] = wn_pem_encode(list->items[i].der, list->items[i].der_length)))
            break;
        cap += strlen(pems[i]);
    }
    out = i == list->count ? malloc(cap) : NULL;
    for (i = 0; i < list->count && pems[i]; i++) {
        size_t n = strlen(pems[i]);
        if (out)
            memcpy(out + len, pems[i], n);
        len += n;
        free(pems[i]);
    }
    free(pems);
    if (out)
        out[len] = '\0';
    return out;
}

int wn_distro_name_valid(const char *name)
{
    size_t n = 0;
    if (!name || name[0] == '-' || name[0] == '.')
        return 0;
    for (; name[n]; n++) {
        char c = name[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return 0;
    }
    return n >= 1 && n <= 64;
}

char *wn_windows_quote_arg(const char *arg)
{
    /* CommandLineToArgvW: inside quotes, 2n backslashes + '"' is n backslashes
     * and the end of the quote; 2n+1 + '"' is n backslashes and a '"'. */
    size_t n = strlen(arg), o = 0, slashes = 0;
    char *out = malloc(2 * n + 3);
    const char *p;
    if (!out)
        return NULL;
    if (n > 0 && !strpbrk(arg, " \t\n\v\"")) { /* nothing to protect: as is, as people type it */
        memcpy(out, arg, n + 1);
        return out;
    }
    out[o++] = '"';
    for (p = arg; *p; p++) {
        if (*p == '\\') {
            slashes++;
        } else {
            if (*p == '"') {
                memset(out + o, '\\', slashes + 1);
                o += slashes + 1;
            }
            slashes = 0;
        }
        out[o++] = *p;
    }
    memset(out + o, '\\', slashes); /* before the closing quote they must be doubled */
    o += slashes;
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

/*
 * Runs as root in the distro (sh: dash or bash). Its stdin holds, per
 * certificate, "# wslnet-file NAME" and the PEM lines. It checks first that
 * update-ca-certificates is there (nothing written otherwise), writes the
 * files into a new directory, swaps it in for wslnet's old one (so certificates
 * removed on Windows leave the distro too), then lets update-ca-certificates
 * rebuild the distro's bundle. File names are checked again here: the script
 * never writes outside its directory whatever it is fed.
 */
const char wn_cert_install_script[] =
    "set -eu\n"
    "umask 022\n"
    "command -v update-ca-certificates >/dev/null 2>&1 || "
    "{ echo 'update-ca-certificates is not installed: install the ca-certificates package' >&2; exit 69; }\n"
    "dir=" WSLNET_CERT_DISTRO_DIR "\n"
    "new=$dir.new.$$\n"
    "rm -rf \"$new\"\n"
    "mkdir -p \"$new\"\n"
    "f=\n"
    "while IFS= read -r line; do\n"
    "  case $line in\n"
    "  '# wslnet-file '*)\n"
    "    f=${line#'# wslnet-file '}\n"
    "    case $f in ''|.*|-*|*[!A-Za-z0-9._-]*) echo \"bad file name: $f\" >&2; rm -rf \"$new\"; exit 65;; esac\n"
    "    f=$new/$f\n"
    "    : >\"$f\";;\n"
    "  *) if [ -n \"$f\" ]; then printf '%s\\n' \"$line\" >>\"$f\"; fi;;\n"
    "  esac\n"
    "done\n"
    "rm -rf \"$dir.old.$$\"\n"
    "if [ -d \"$dir\" ]; then mv \"$dir\" \"$dir.old.$$\"; fi\n"
    "mv \"$new\" \"$dir\"\n"
    "rm -rf \"$dir.old.$$\"\n"
    "update-ca-certificates\n";

static wslnet_status plan_arg(wn_cert_install_plan *plan, const char *value, wslnet_error *err)
{
    if (plan->arg_count >= WSLNET_CERT_INSTALL_ARGS)
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "too many wsl.exe arguments");
    if (!(plan->args[plan->arg_count] = malloc(strlen(value) + 1)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    strcpy(plan->args[plan->arg_count++], value);
    return WSLNET_OK;
}

static wslnet_status plan_input(wn_cert_install_plan *plan, const wslnet_cert_list *list, wslnet_error *err)
{
    wn_strbuf b = {0};
    size_t i;
    for (i = 0; i < list->count; i++) {
        char *pem;
        if (!wn_cert_file_name_valid(list->items[i].file_name)) {
            free(wn_strbuf_take(&b));
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%s' is not a file name wslnet writes",
                           list->items[i].file_name);
        }
        if (!(pem = wn_pem_encode(list->items[i].der, list->items[i].der_length))) {
            free(wn_strbuf_take(&b));
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        }
        wn_strbuf_printf(&b, "# wslnet-file %s\n%s", list->items[i].file_name, pem);
        free(pem);
    }
    if (!(plan->input = wn_strbuf_take(&b)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    plan->input_length = strlen(plan->input);
    return WSLNET_OK;
}

wslnet_status wn_cert_install_plan_make(const char *distro, const wslnet_cert_list *list,
                                        wn_cert_install_plan *plan, wslnet_error *err)
{
    static const char *const fixed[] = {"-u", "root", "-e", "sh", "-c"};
    wslnet_status st = WSLNET_OK;
    size_t i;
    memset(plan, 0, sizeof *plan);
    if (!wn_distro_name_valid(distro))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "'%.80s' is not a WSL distribution name: use 1-64 letters, digits, '.', '_' or '-' "
                       "(see wsl.exe --list)",
                       distro ? distro : "");
    if (list->count == 0)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no certificate to install: nothing matched");
    st = plan_arg(plan, "-d", err);
    if (st == WSLNET_OK)
        st = plan_arg(plan, distro, err);
    for (i = 0; st == WSLNET_OK && i < sizeof fixed / sizeof fixed[0]; i++)
        st = plan_arg(plan, fixed[i], err);
    if (st == WSLNET_OK)
        st = plan_arg(plan, wn_cert_install_script, err);
    if (st == WSLNET_OK)
        st = plan_arg(plan, "wslnet-certs", err); /* $0: how the script's messages are signed */
    if (st == WSLNET_OK)
        st = plan_input(plan, list, err);
    if (st != WSLNET_OK)
        wn_cert_install_plan_free(plan);
    return st;
}

void wn_cert_install_plan_free(wn_cert_install_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->arg_count; i++)
        free(plan->args[i]);
    free(plan->input);
    memset(plan, 0, sizeof *plan);
}

/* The last non-empty line of text, at most size - 1 bytes, into buf. */
static void last_line(const char *text, char *buf, size_t size)
{
    const char *end = text + strlen(text), *start;
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
        end--;
    start = end;
    while (start > text && start[-1] != '\n')
        start--;
    wn_snprintf(buf, size, "%.*s", (int)(end - start), start);
}

wslnet_status wn_cert_install_outcome(int exit_code, const char *distro, const char *output,
                                      wslnet_error *err)
{
    char said[200];
    last_line(output ? output : "", said, sizeof said);
    if (exit_code == 0)
        return WSLNET_OK;
    if (exit_code == WN_CERT_SCRIPT_NO_UPDATER)
        return wn_fail(err, WSLNET_E_UNSUPPORTED, (uint32_t)exit_code,
                       "%s has no update-ca-certificates: install the ca-certificates package in it "
                       "(apt install ca-certificates); nothing was changed",
                       distro);
    return wn_fail(err, WSLNET_E_SYSTEM, (uint32_t)exit_code,
                   "installing the certificates into %s failed (wsl.exe exit code %d)%s%s", distro, exit_code,
                   said[0] ? ": " : "", said);
}

void wn_format_utc(int64_t t, char *buf, size_t size)
{
    /* Civil from days (H. Hinnant), so no gmtime and no time_t range limits. */
    int64_t days = t / 86400, secs = t % 86400, z, era, doe, yoe, y, doy, mp, d, m;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    wn_snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
                (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
}
