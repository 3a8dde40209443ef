/*
 * wslnet/certs.h - part of wslnet's public C API (include wslnet.h):
 * Windows trusted root and enterprise CAs, exported as PEM for WSL.
 */
#ifndef WSLNET_CERTS_H
#define WSLNET_CERTS_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The certificate stores wslnet reads (bits; combine with |). */
#define WSLNET_CERT_STORE_MACHINE    0x01u /* LocalMachine\Root */
#define WSLNET_CERT_STORE_USER       0x02u /* CurrentUser\Root */
#define WSLNET_CERT_STORE_ENTERPRISE 0x04u /* LocalMachineEnterprise\Root (AD-published roots) */
#define WSLNET_CERT_STORE_POLICY     0x08u /* LocalMachineGroupPolicy\Root (GPO-deployed roots) */
#define WSLNET_CERT_STORE_CA         0x10u /* LocalMachine\CA and CurrentUser\CA (intermediates) */
#define WSLNET_CERT_STORES_DEFAULT   0x0Fu /* every Root store, no intermediates */
/* Always read, never exported: LocalMachine\Disallowed and CurrentUser\Disallowed
 * ("Untrusted Certificates"). A certificate found there is skipped wherever else it is. */
#define WSLNET_CERT_STORE_DISALLOWED 0x20u

/* What to export. Strings are UTF-8; the arrays may be NULL when the count is 0. */
typedef struct wslnet_cert_query {
    unsigned stores;                   /* WSLNET_CERT_STORE_* bits; 0 means the default */
    const char *const *subjects;       /* keep certificates whose subject contains one of these */
    size_t subject_count;              /*   (case-insensitive); none: no subject filter */
    const char *const *thumbprints;    /* keep certificates with one of these SHA-1 thumbprints */
    size_t thumbprint_count;           /*   (hex, any case, spaces allowed); none: no filter */
} wslnet_cert_query;

typedef struct wslnet_cert {
    char thumbprint[41];        /* SHA-1, 40 uppercase hex digits */
    char name[256];             /* display name: the CN, else OU or O */
    char subject[1024];         /* "CN=..., O=..., C=..." as Windows shows it */
    char issuer[1024];
    int64_t not_before;         /* seconds since 1970-01-01 UTC */
    int64_t not_after;
    unsigned store;             /* the first store it was found in (one bit) */
    unsigned stores;            /* every selected store that holds it */
    char file_name[96];         /* "<name>-<16 thumbprint digits>.crt" (all 40 on a clash), for --dir and install */
    size_t der_length;
    uint8_t *der;               /* the certificate (DER) */
} wslnet_cert;

/* What one store said. */
typedef struct wslnet_cert_store_report {
    unsigned store;             /* one WSLNET_CERT_STORE_* bit */
    char location[32];          /* "LocalMachine", "CurrentUser", "LocalMachineEnterprise", ... */
    char name[8];               /* "Root" or "CA" */
    wslnet_status status;       /* ok; notFound when the store does not exist; accessDenied; ... */
    uint32_t code;              /* Win32 error when not ok */
    char message[256];
    size_t found;               /* certificates the store holds */
} wslnet_cert_store_report;

#define WSLNET_CERT_STORE_REPORT_MAX 8

typedef struct wslnet_cert_list {
    size_t count;
    wslnet_cert *items;         /* selected, unexpired, unique, in store order */
    size_t store_count;
    wslnet_cert_store_report stores[WSLNET_CERT_STORE_REPORT_MAX];
    /* Skipped certificates, each counted once however many stores hold it: */
    size_t filtered;            /* did not match --subject/--thumbprint */
    size_t disallowed;          /* matched, but Windows distrusts it (a Disallowed store holds it) */
    size_t expired;             /* matched, but notAfter has passed */
    size_t not_yet_valid;       /* matched, but notBefore is in the future */
    size_t duplicates;          /* kept certificates found again in another selected store */
    int64_t now;                /* the time validity was judged at (seconds, UTC) */
    size_t skipped_count;       /* bookkeeping: the thumbprints of the skipped ones */
    char (*skipped)[41];
} wslnet_cert_list;

/*
 * Reads the selected stores (read-only; a store that does not exist or cannot
 * be opened is reported in out->stores, not an error), keeps the certificates
 * that are valid now, match the query and are in no Disallowed store, once each. WSLNET_OK with *out to
 * free with wslnet_cert_list_free (count may be 0); WSLNET_E_INVALID_INPUT for
 * a bad thumbprint or store bit.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_cert_list_get(const wslnet_cert_query *query, wslnet_cert_list **out,
                                              wslnet_error *err);

/* Frees a list from wslnet_cert_list_get. NULL is fine. */
WSLNET_API void wslnet_cert_list_free(wslnet_cert_list *list);

/*
 * Writes every certificate of list as one PEM bundle to path (UTF-8), atomically:
 * a new file beside it (CREATE_NEW, unpredictable name, protected DACL),
 * renamed by handle over path; never a partial file. WSLNET_E_ACCESS_DENIED
 * when path is a link or has several hard links, or (elevated) when
 * non-administrators can write into its folder; WSLNET_E_NOT_FOUND when the
 * folder does not exist.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_cert_write_bundle(const wslnet_cert_list *list, const char *path,
                                                  wslnet_error *err);

/*
 * Writes one PEM file per certificate, named by its file_name, into dir
 * (created with a protected DACL when missing; its parent must exist), each
 * atomically, then removes the .crt files in dir it did not just write.
 * Other files in dir are left alone. WSLNET_E_ACCESS_DENIED when dir is a
 * link, (elevated) when non-administrators can write into it, or when a .crt
 * in it is a link (not removed).
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_cert_write_dir(const wslnet_cert_list *list, const char *dir,
                                               wslnet_error *err);

/* The directory inside the distro that wslnet owns. */
#define WSLNET_CERT_DISTRO_DIR "/usr/local/share/ca-certificates/wslnet"

#define WSLNET_CERT_INSTALL_ARGS 12

/* The plan and outcome of installing certificates into a distro. */
typedef struct wslnet_cert_install {
    char distro[65];
    char wsl_path[520];         /* %SystemRoot%\System32\wsl.exe */
    size_t arg_count;           /* wsl.exe's arguments (after its own name) */
    char *args[WSLNET_CERT_INSTALL_ARGS];
    size_t input_length;        /* bytes fed to the command's stdin */
    int ran;                    /* 1 once wsl.exe was started */
    int exit_code;              /* wsl.exe's exit code when ran */
    char output[2048];          /* what it printed (UTF-8, trimmed to the last lines) */
} wslnet_cert_install;

/*
 * Copies the certificates of list into the distro's WSLNET_CERT_DISTRO_DIR
 * (replacing what wslnet put there before) and runs update-ca-certificates,
 * as root through System32's wsl.exe, the files travelling on its stdin.
 * distro must be a WSL distribution name ([A-Za-z0-9._-], 1-64, not starting
 * with '-'): anything else is WSLNET_E_INVALID_INPUT with nothing run. With
 * dry_run only out's plan is filled. It changes the distro, not Windows, so it
 * needs no elevation; it holds wslnet's lock while wsl.exe runs.
 * out is filled as far as it got; release it with wslnet_cert_install_clear.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_cert_install_run(const char *distro, const wslnet_cert_list *list,
                                                 int dry_run, wslnet_cert_install *out,
                                                 wslnet_error *err);

/* Frees what wslnet_cert_install_run allocated in out (not out itself). */
WSLNET_API void wslnet_cert_install_clear(wslnet_cert_install *out);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_CERTS_H */
