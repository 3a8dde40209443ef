/*
 * wslnet.h - the public C API of wslnet.dll.
 *
 * wslnet finds and manages the Windows side of WSL 2 networking. Every function
 * here reads or changes the system and reports the outcome as a wslnet_status;
 * none of them print. Strings are UTF-8 and NUL-terminated. Where a function
 * allocates, the doc comment names the function that frees it.
 *
 * The header is portable C11 (no <windows.h>), so the same types serve the
 * native builds of the portable core.
 */
#ifndef WSLNET_H
#define WSLNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(WSLNET_BUILDING_DLL)
#define WSLNET_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(WSLNET_STATIC)
#define WSLNET_API __declspec(dllimport)
#else
#define WSLNET_API
#endif

/* Version of this API; bumped when a struct or signature changes. */
#define WSLNET_API_VERSION 1

/*
 * Outcome of every call. Each status maps to exactly one process exit code of
 * wslnet.exe (the value in the comment), the same for every command.
 */
typedef enum wslnet_status {
    WSLNET_OK = 0,                 /* exit 0 */
    WSLNET_E_INTERNAL = 1,         /* exit 1: a bug in wslnet */
    WSLNET_E_USAGE = 2,            /* exit 2: bad command line */
    WSLNET_E_INVALID_INPUT = 3,    /* exit 3: a value given by the caller is not valid */
    WSLNET_E_NOT_FOUND = 4,        /* exit 4: nothing matched (no WSL adapter, no address) */
    WSLNET_E_UNAVAILABLE = 5,      /* exit 5: a source or service is not there (HNS absent) */
    WSLNET_E_BAD_DATA = 6,         /* exit 6: the system returned data wslnet cannot parse */
    WSLNET_E_ACCESS_DENIED = 7,    /* exit 7: needs elevation, or access was refused */
    WSLNET_E_BUSY = 8,             /* exit 8: another wslnet holds the lock */
    WSLNET_E_UNSUPPORTED = 9,      /* exit 9: this Windows/WSL does not support it */
    WSLNET_E_SYSTEM = 10,          /* exit 10: a Windows call failed (code carries why) */
    WSLNET_E_NO_MEMORY = 11        /* exit 11 */
} wslnet_status;

#define WSLNET_MESSAGE_MAX 512

/* Detail of a failure: filled by any call given a non-NULL wslnet_error. */
typedef struct wslnet_error {
    wslnet_status status;
    uint32_t code;                      /* Win32 error or HRESULT, 0 when none */
    char message[WSLNET_MESSAGE_MAX];   /* one line, for a person */
} wslnet_error;

/* Stable name of a status ("ok", "notFound", ...), as used in JSON. Never NULL. */
WSLNET_API const char *wslnet_status_name(wslnet_status status);

/* Process exit code wslnet.exe uses for a status. */
WSLNET_API int wslnet_status_exit_code(wslnet_status status);

/* Version of wslnet ("0.1.0"), static storage. */
WSLNET_API const char *wslnet_version(void);

/* ---------------------------------------------------------------- adapters */

/* Default adapter name pattern: WSL's vNICs are "vEthernet (WSL)",
 * "vEthernet (WSL (Hyper-V firewall))", and numbered variants. */
#define WSLNET_DEFAULT_ADAPTER_PATTERN "vEthernet (WSL*"

#define WSLNET_ADDRESS_MAX 16

typedef struct wslnet_ip {
    int family;                 /* 4 or 6 */
    char address[46];           /* text form, no zone id */
    uint8_t prefix_length;
} wslnet_ip;

typedef enum wslnet_oper_status {
    WSLNET_OPER_UNKNOWN = 0,
    WSLNET_OPER_UP,
    WSLNET_OPER_DOWN,
    WSLNET_OPER_TESTING,
    WSLNET_OPER_DORMANT,
    WSLNET_OPER_NOT_PRESENT,
    WSLNET_OPER_LOWER_LAYER_DOWN
} wslnet_oper_status;

typedef struct wslnet_adapter {
    char name[256];             /* friendly name, e.g. "vEthernet (WSL)" */
    char description[256];
    char guid[40];              /* "{...}" adapter name */
    uint64_t luid;
    uint32_t if_index;          /* IPv4 interface index (0 when IPv4 is off) */
    uint8_t mac[8];
    uint32_t mac_length;
    uint32_t mtu;
    wslnet_oper_status oper_status;
    size_t address_count;       /* IPv4 first, then IPv6 */
    wslnet_ip addresses[WSLNET_ADDRESS_MAX];
} wslnet_adapter;

typedef struct wslnet_adapter_list {
    size_t count;
    wslnet_adapter *items;
} wslnet_adapter_list;

/*
 * Lists adapters whose friendly name matches pattern (wildcards * and ?,
 * case-insensitive; NULL means WSLNET_DEFAULT_ADAPTER_PATTERN).
 * On WSLNET_OK *out holds at least one adapter; free it with
 * wslnet_adapter_list_free. No match is WSLNET_E_NOT_FOUND.
 */
WSLNET_API wslnet_status wslnet_adapter_list_get(const char *pattern,
                                                 wslnet_adapter_list **out,
                                                 wslnet_error *err);

/* Frees a list from wslnet_adapter_list_get. NULL is fine. */
WSLNET_API void wslnet_adapter_list_free(wslnet_adapter_list *list);

/* Formats a MAC as "00-15-5D-AA-BB-CC" into buf (at least 24 bytes). */
WSLNET_API void wslnet_format_mac(const uint8_t *mac, uint32_t length, char *buf, size_t size);

/* ------------------------------------------------------------- VM address */

typedef enum wslnet_source {
    WSLNET_SOURCE_AUTO = 0,     /* hns, then registry, then neighbor */
    WSLNET_SOURCE_HNS,          /* the WSL HNS networks' endpoints */
    WSLNET_SOURCE_REGISTRY,     /* HKCU\...\Lxss NatIpAddress */
    WSLNET_SOURCE_NEIGHBOR,     /* neighbour table of the WSL adapter */
    WSLNET_SOURCE_WSL           /* wsl.exe hostname -I (starts WSL; only on request) */
} wslnet_source;

/* Stable name of a source ("hns", "registry", ...). */
WSLNET_API const char *wslnet_source_name(wslnet_source source);

typedef struct wslnet_address_options {
    wslnet_source source;       /* WSLNET_SOURCE_AUTO to try hns, registry, neighbor */
    const char *adapter_pattern;/* for neighbor/wsl; NULL = default pattern */
} wslnet_address_options;

/* What one source said. */
typedef struct wslnet_attempt {
    wslnet_source source;
    wslnet_status status;       /* WSLNET_OK for the source that answered */
    char message[256];
} wslnet_attempt;

typedef struct wslnet_vm_address {
    char address[46];           /* the VM's IPv4 address */
    uint8_t prefix_length;      /* 0 when the source does not say */
    char gateway[46];           /* host side of the NAT network, "" when unknown */
    wslnet_source source;       /* who answered */
    char detail[256];           /* e.g. which HNS network, which adapter */
    size_t attempt_count;
    wslnet_attempt attempts[4]; /* every source tried, in order */
} wslnet_vm_address;

/*
 * Finds the WSL VM's IPv4 address without starting WSL (unless options->source
 * is WSLNET_SOURCE_WSL). out->attempts is filled whatever the outcome, so a
 * caller can say what was tried. With AUTO, a source that fails (absent,
 * malformed, no answer) passes to the next; all failing is WSLNET_E_NOT_FOUND.
 * With one forced source its own failure status is returned.
 */
WSLNET_API wslnet_status wslnet_vm_address_get(const wslnet_address_options *options,
                                               wslnet_vm_address *out,
                                               wslnet_error *err);

/* ------------------------------------------------------------------- mode */

typedef struct wslnet_mode_info {
    /* configured: networkingMode as WSL would read it from .wslconfig */
    char configured[16];        /* "nat", "mirrored", "none", "bridged", "consomme", "virtioproxy" */
    int configured_is_default;  /* 1 when no valid networkingMode line: WSL uses NAT */
    char config_path[520];      /* the .wslconfig read ("" when no profile) */
    int config_exists;
    uint32_t config_line;       /* line of the effective networkingMode, 0 when default */
    char config_section[16];    /* "wsl2" or "experimental" */
    char config_warning[256];   /* e.g. an invalid value that WSL ignores; "" when none */
    /* effective: what is running */
    char effective[16];         /* "nat" (NAT network present), "none" (no NAT network), "unknown" */
    char effective_reason[256];
    /* platform */
    uint32_t windows_build;     /* 0 when unknown */
    uint32_t windows_ubr;
    char windows_display_version[32];
    char wsl_version[32];       /* "" when WSL's MSI is not installed */
    int mirrored_supported;     /* Windows 11 22H2 (build 22621) or later */
} wslnet_mode_info;

/*
 * Reads the networking mode. config_path NULL means %UserProfile%\.wslconfig;
 * adapter_pattern NULL means the default (used when HNS cannot say whether a
 * NAT network exists). A missing .wslconfig is not an error: WSL uses defaults.
 */
WSLNET_API wslnet_status wslnet_mode_get(const char *config_path,
                                         const char *adapter_pattern,
                                         wslnet_mode_info *out,
                                         wslnet_error *err);

#ifdef __cplusplus
}
#endif

/* The other capabilities, one header each (they use the types above). */
#include "wslnet_proxy.h"     /* port proxies and their host firewall rules */
#include "wslnet_firewall.h"  /* the Hyper-V firewall for WSL */
#include "wslnet_config.h"    /* .wslconfig and wsl.conf */
#include "wslnet_doctor.h"    /* checks with verdicts and fixes */
#include "wslnet_certs.h"     /* Windows root CAs for WSL */
#include "wslnet_subnet.h"    /* WSL's NAT subnet: show, suggest, pin */
#include "wslnet_expose.h"    /* a WSL port on the LAN, per mode */

#endif /* WSLNET_H */
