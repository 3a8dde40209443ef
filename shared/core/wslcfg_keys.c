/* wslcfg_keys.c - the keys WSL reads, and WSL's value parsers (ParseBool,
 * strtol, ParseMemorySize, inet_pton, ParseMacAddress, the ignoredPorts split). */
#include "wslcfg_keys.h"

#include "ipv4.h"
#include "status.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const networking_modes[] = {"None", "Nat", "Bridged", "Mirrored", "VirtioProxy",
                                               "Consomme", NULL};
static const char *const reclaim_modes[] = {"Disabled", "Gradual", "DropCache", NULL};
static const char *const cgroup_versions[] = {"v1", "v2", NULL};

#define K(sec, name, type, def, note, choices, flags) \
    {WN_CFG_FILE_WSLCONFIG, sec, name, type, def, note, choices, flags}
#define C(sec, name, type, def, note) {WN_CFG_FILE_WSLCONF, sec, name, type, def, note, NULL, 0}
#define CE(sec, name, def, choices) {WN_CFG_FILE_WSLCONF, sec, name, WN_CFG_T_ENUM, def, NULL, choices, 0}

/* .wslconfig: WslCoreConfig.h's ConfigSetting and defaults (microsoft/WSL 3e27a6a:
 * src/windows/common/WslCoreConfig.h:240-300 names, :325-390 defaults; the key
 * table WslCoreConfig.cpp:72-131). Diff those lines against a new WSL release. */
static const wn_cfg_key wslconfig_keys[] = {
    K("wsl2", "kernel", WN_CFG_T_PATH, "", "the kernel shipped with WSL", NULL, WN_KEY_POLICY),
    K("wsl2", "kernelModules", WN_CFG_T_PATH, "", "the modules shipped with WSL", NULL, WN_KEY_POLICY),
    K("wsl2", "kernelCommandLine", WN_CFG_T_STRING, "", "none", NULL, WN_KEY_POLICY),
    K("wsl2", "memory", WN_CFG_T_SIZE, NULL, "half of the host's memory", NULL, 0),
    K("wsl2", "processors", WN_CFG_T_INT, NULL, "every logical processor", NULL, 0),
    K("wsl2", "swap", WN_CFG_T_SIZE, NULL, "a quarter of the VM's memory, rounded up to a GB", NULL, 0),
    K("wsl2", "swapFile", WN_CFG_T_PATH, NULL, "%Temp%\\swap.vhdx", NULL, 0),
    K("wsl2", "localhostForwarding", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "nestedVirtualization", WN_CFG_T_BOOL, NULL, "true on Windows 11 (x64), false before",
      NULL, WN_KEY_WIN11 | WN_KEY_POLICY),
    K("wsl2", "guiApplications", WN_CFG_T_BOOL, "true", NULL, NULL, 0), /* WslCoreConfig.h:336 */
    K("wsl2", "gpuSupport", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "debugConsole", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("wsl2", "debugConsoleLogFile", WN_CFG_T_PATH, "", "none", NULL, 0),
    K("wsl2", "earlyBootLogging", WN_CFG_T_BOOL, NULL, "true when the debug console is on, else false",
      NULL, 0),
    K("wsl2", "vmIdleTimeout", WN_CFG_T_INT, "60000", NULL, NULL, WN_KEY_WIN11),
    K("wsl2", "safeMode", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("wsl2", "dnsProxy", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "networkingMode", WN_CFG_T_ENUM, "Nat", NULL, networking_modes,
      WN_KEY_EXP_ALIAS | WN_KEY_POLICY),
    K("wsl2", "dnsTunneling", WN_CFG_T_BOOL, "true", NULL, NULL, WN_KEY_EXP_ALIAS | WN_KEY_WIN11_22H2),
    K("wsl2", "firewall", WN_CFG_T_BOOL, "true", NULL, NULL,
      WN_KEY_EXP_ALIAS | WN_KEY_WIN11_22H2 | WN_KEY_POLICY),
    K("wsl2", "autoProxy", WN_CFG_T_BOOL, "true", NULL, NULL, WN_KEY_EXP_ALIAS | WN_KEY_WIN11),
    K("wsl2", "defaultVhdSize", WN_CFG_T_SIZE, "1TB", NULL, NULL, 0),
    K("wsl2", "maxCrashDumpCount", WN_CFG_T_INT, "10", NULL, NULL, 0),
    K("wsl2", "crashDumpFolder", WN_CFG_T_PATH, NULL, "%Temp%\\wsl-crashes", NULL, 0),
    K("wsl2", "ipv6", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("wsl2", "dhcp", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "dhcpTimeout", WN_CFG_T_INT, "5000", NULL, NULL, 0),
    K("wsl2", "macAddress", WN_CFG_T_MAC, NULL, "chosen by WSL", NULL, 0),
    K("wsl2", "vmSwitch", WN_CFG_T_STRING, "", "none", NULL, 0),
    /* WslCoreConfig.h:331: !Arm64 || IsWindows11OrAbove() */
    K("wsl2", "virtio", WN_CFG_T_BOOL, NULL, "true, except on ARM64 before Windows 11 (false)", NULL, 0),
    K("wsl2", "virtiofs", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("wsl2", "virtio9p", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("wsl2", "hostFileSystemAccess", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    /* WslCoreConfig.h:367: !Arm64 */
    K("wsl2", "hardwarePerformanceCounters", WN_CFG_T_BOOL, NULL, "true on x64, false on ARM64", NULL, 0),
    K("wsl2", "isolateDistroCgroup", WN_CFG_T_BOOL, "true", NULL, NULL, 0), /* WslCoreConfig.h:281, :386 */
    K("wsl2", "kernelDebugPort", WN_CFG_T_INT, "0", NULL, NULL, WN_KEY_POLICY),
    K("wsl2", "kernelBootTimeout", WN_CFG_T_INT, "30000", NULL, NULL, 0),
    K("wsl2", "distributionStartTimeout", WN_CFG_T_INT, "60000", NULL, NULL, 0),
    K("wsl2", "mountDeviceTimeout", WN_CFG_T_INT, "5000", NULL, NULL, 0),
    K("wsl2", "systemDistro", WN_CFG_T_PATH, "", "the system distribution shipped with WSL", NULL,
      WN_KEY_POLICY),
    K("wsl2", "telemetry", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "loadDefaultKernelModules", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("wsl2", "loadKernelModules", WN_CFG_T_STRING, "", "none", NULL, 0),
    K("general", "distributionInstallPath", WN_CFG_T_PATH, NULL, "%LocalAppData%\\wsl", NULL, 0),
    K("general", "instanceIdleTimeout", WN_CFG_T_INT, "15000", NULL, NULL, 0),
    K("experimental", "autoMemoryReclaim", WN_CFG_T_ENUM, "DropCache", NULL, reclaim_modes, 0),
    K("experimental", "sparseVhd", WN_CFG_T_BOOL, "false", NULL, NULL, 0),
    K("experimental", "bestEffortDnsParsing", WN_CFG_T_BOOL, "false", NULL, NULL, WN_KEY_WIN11_22H2),
    K("experimental", "dnsTunnelingIpAddress", WN_CFG_T_IPV4, "10.255.255.254", NULL, NULL, 0),
    K("experimental", "initialAutoProxyTimeout", WN_CFG_T_INT, "1000", NULL, NULL, 0),
    K("experimental", "ignoredPorts", WN_CFG_T_PORTS, "", "none", NULL,
      WN_KEY_WIN11_22H2 | WN_KEY_MIRRORED_ONLY),
    K("experimental", "hostAddressLoopback", WN_CFG_T_BOOL, "false", NULL, NULL,
      WN_KEY_WIN11_22H2 | WN_KEY_MIRRORED_ONLY),
    K("experimental", "swiotlb", WN_CFG_T_SIZE, NULL, "the kernel's default", NULL, 0),
    /* WslCoreConfig.h:297, :333 */
    K("experimental", "virtioFsAggregateShares", WN_CFG_T_BOOL, "true", NULL, NULL, 0),
    K("experimental", "setVersionDebug", WN_CFG_T_BOOL, "false", NULL, NULL, WN_KEY_INTERNAL),
    K("experimental", "useWindowsDnsCache", WN_CFG_T_BOOL, NULL, "removed from WSL", NULL,
      WN_KEY_REMOVED),
};

/* wsl.conf: read by the distribution's init (src/linux/init/WslDistributionConfig.cpp:25-58
 * key table, WslDistributionConfig.h:60-90 defaults). */
static const wn_cfg_key wslconf_keys[] = {
    C("automount", "enabled", WN_CFG_T_BOOL, "true", NULL),
    C("automount", "root", WN_CFG_T_STRING, "/mnt/", NULL),
    C("automount", "options", WN_CFG_T_STRING, "", "none"),
    C("automount", "mountFsTab", WN_CFG_T_BOOL, "true", NULL),
    C("automount", "ldconfig", WN_CFG_T_BOOL, "true", NULL),
    CE("automount", "cgroups", "v2", cgroup_versions), /* WslDistributionConfig.cpp:31 */
    C("network", "generateHosts", WN_CFG_T_BOOL, "true", NULL),
    C("network", "generateResolvConf", WN_CFG_T_BOOL, "true", NULL),
    C("network", "hostname", WN_CFG_T_STRING, NULL, "the Windows host name"),
    C("interop", "enabled", WN_CFG_T_BOOL, "true", NULL),
    C("interop", "appendWindowsPath", WN_CFG_T_BOOL, "true", NULL),
    C("user", "default", WN_CFG_T_STRING, NULL, "the user created at first start"),
    C("boot", "command", WN_CFG_T_STRING, "", "none"),
    C("boot", "systemd", WN_CFG_T_BOOL, "false", NULL),
    C("boot", "initTimeout", WN_CFG_T_INT, "10000", NULL),
    C("boot", "protectBinfmt", WN_CFG_T_BOOL, "true", NULL),
    C("gpu", "enabled", WN_CFG_T_BOOL, "true", NULL),
    C("gpu", "appendLibPath", WN_CFG_T_BOOL, "true", NULL),
    C("time", "useWindowsTimezone", WN_CFG_T_BOOL, "true", NULL),
    C("filesystem", "umask", WN_CFG_T_INT, "022", NULL), /* WslDistributionConfig.cpp:33, .h:76 int */
    C("fileServer", "enabled", WN_CFG_T_BOOL, "true", NULL),
    /* WslDistributionConfig.cpp:45-47, .h:73-75 */
    C("fileServer", "logFile", WN_CFG_T_STRING, NULL, "none (no log)"),
    C("fileServer", "logLevel", WN_CFG_T_INT, "4", NULL),
    C("fileServer", "logTruncate", WN_CFG_T_BOOL, "true", NULL),
    C("general", "guiApplications", WN_CFG_T_BOOL, "true", NULL),
};

static const wn_cfg_key *table(wn_cfg_file file, size_t *count)
{
    if (file == WN_CFG_FILE_WSLCONF) {
        *count = sizeof wslconf_keys / sizeof wslconf_keys[0];
        return wslconf_keys;
    }
    *count = sizeof wslconfig_keys / sizeof wslconfig_keys[0];
    return wslconfig_keys;
}

size_t wn_cfg_key_count(wn_cfg_file file)
{
    size_t n;
    table(file, &n);
    return n;
}

const wn_cfg_key *wn_cfg_key_at(wn_cfg_file file, size_t i)
{
    size_t n;
    const wn_cfg_key *t = table(file, &n);
    return i < n ? &t[i] : NULL;
}

void wn_cfg_key_fullname(const wn_cfg_key *key, char *buf, size_t size)
{
    wn_snprintf(buf, size, "%s.%s", key->section, key->name);
}

/* "section.name" equals fullname, ASCII case-insensitive. */
static int fullname_is(const char *section, const char *name, const char *fullname)
{
    size_t s = strlen(section);
    char a, b;
    size_t i;
    for (i = 0; i < s; i++) {
        a = (char)tolower((unsigned char)section[i]);
        b = (char)tolower((unsigned char)fullname[i]);
        if (a != b)
            return 0;
    }
    return fullname[s] == '.' && wn_streq_nocase(name, fullname + s + 1);
}

const wn_cfg_key *wn_cfg_key_lookup_any(wn_cfg_file file, const char *fullname)
{
    size_t n, i;
    const wn_cfg_key *t = table(file, &n);
    for (i = 0; i < n; i++)
        if (fullname_is(t[i].section, t[i].name, fullname) ||
            ((t[i].flags & WN_KEY_EXP_ALIAS) && fullname_is("experimental", t[i].name, fullname)))
            return &t[i];
    return NULL;
}

const wn_cfg_key *wn_cfg_key_match(wn_cfg_file file, const char *fullname, int *via_alias)
{
    const wn_cfg_key *k = wn_cfg_key_lookup_any(file, fullname);
    if (via_alias)
        *via_alias = 0;
    if (!k || (k->flags & WN_KEY_REMOVED))
        return NULL;
    if (via_alias && !fullname_is(k->section, k->name, fullname))
        *via_alias = 1;
    return k;
}

const wn_cfg_key *wn_cfg_key_by_name(wn_cfg_file file, const char *name)
{
    size_t n, i;
    const wn_cfg_key *t = table(file, &n);
    for (i = 0; i < n; i++)
        if (!(t[i].flags & WN_KEY_REMOVED) && wn_streq_nocase(t[i].name, name))
            return &t[i];
    return NULL;
}

const char *wn_cfg_type_name(wn_cfg_type type)
{
    switch (type) {
    case WN_CFG_T_BOOL: return "boolean";
    case WN_CFG_T_INT: return "integer";
    case WN_CFG_T_SIZE: return "size";
    case WN_CFG_T_STRING: return "string";
    case WN_CFG_T_PATH: return "path";
    case WN_CFG_T_ENUM: return "choice";
    case WN_CFG_T_PORTS: return "ports";
    case WN_CFG_T_IPV4: return "ipv4";
    case WN_CFG_T_MAC: return "mac";
    }
    return "string";
}

int wn_cfg_parse_bool(const char *text, int *out)
{
    if (strcmp(text, "1") == 0 || wn_streq_nocase(text, "true")) {
        *out = 1;
        return 1;
    }
    if (strcmp(text, "0") == 0 || wn_streq_nocase(text, "false")) {
        *out = 0;
        return 1;
    }
    return 0;
}

/* strtol(text, &end, 0) with Windows' 32-bit long: out-of-range values
 * saturate to LONG_MIN/LONG_MAX, which equal INT_MIN/INT_MAX there, so WSL
 * accepts them (saturated). */
int wn_cfg_parse_int(const char *text, int32_t *out)
{
    char *end = NULL;
    long long v;
    errno = 0;
    v = strtoll(text, &end, 0);
    if (*text == '\0' || *end != '\0')
        return 0;
    if (v > INT32_MAX)
        v = INT32_MAX;
    if (v < INT32_MIN)
        v = INT32_MIN;
    *out = (int32_t)v;
    return 1;
}

/* ParseMemorySize: strtoull base 10, "0" only as exactly "0...", then an
 * optional unit B K KB M MB G GB T TB (uppercase). */
int wn_cfg_parse_size(const char *text, uint64_t *out)
{
    static const struct { const char *unit; unsigned shift; } units[] = {
        {"B", 0}, {"K", 10}, {"KB", 10}, {"M", 20}, {"MB", 20},
        {"G", 30}, {"GB", 30}, {"T", 40}, {"TB", 40}};
    char *end = NULL;
    unsigned long long v = strtoull(text, &end, 10);
    size_t i;
    if (v == 0 && (text[0] != '0' || end != text + 1))
        return 0;
    if (*end == '\0') {
        *out = v;
        return 1;
    }
    for (i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].unit) == 0) {
            *out = (uint64_t)v << units[i].shift; /* WSL multiplies without overflow checks */
            return 1;
        }
    }
    return 0;
}

/* ParseMacAddress: 17 characters, separator '-' or ':' taken from position 2. */
static int valid_mac(const char *s)
{
    char sep;
    int i;
    if (strlen(s) != 17)
        return 0;
    sep = s[2];
    if (sep != '-' && sep != ':')
        return 0;
    for (i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]))
            return 0;
        if (i < 5 && s[i * 3 + 2] != sep)
            return 0;
    }
    return 1;
}

/* ignoredPorts: split on ',', std::stoi each (leading blanks, sign, digits;
 * trailing text ignored), 1..65535. Returns how many items WSL rejects. */
static int invalid_ports(const char *s)
{
    int bad = 0;
    for (;;) {
        const char *p = s;
        long v = 0;
        int digits = 0, neg = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        while (*p >= '0' && *p <= '9' && v < 100000) {
            v = v * 10 + (*p++ - '0');
            digits++;
        }
        if (neg)
            v = -v;
        if (!digits || v <= 0 || v > 65535)
            bad++;
        s = strchr(s, ',');
        if (!s)
            break;
        s++;
    }
    return bad;
}

/* Describes what is wrong with a size and how to write it. */
static void size_why(const char *value, char *why, size_t size)
{
    const char *p = value;
    int lower = 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p != value && *p && strlen(p) <= 2) {
        const char *q;
        lower = 1;
        for (q = p; *q; q++)
            if (!strchr("bkmgt", *q))
                lower = 0;
    }
    if (lower)
        wn_snprintf(why, size, "'%s' is not a size WSL reads: units are uppercase (write %.*s%c%s)",
                    value, (int)(p - value), value, toupper((unsigned char)p[0]), p[1] ? "B" : "");
    else
        wn_snprintf(why, size,
                    "'%s' is not a size WSL reads: write a whole number and an uppercase unit with no "
                    "space (B, K/KB, M/MB, G/GB, T/TB), e.g. 8GB",
                    value);
}

int wn_cfg_value_valid(const wn_cfg_key *key, const char *value, char *why, size_t size)
{
    int b;
    int32_t i;
    uint64_t u;
    uint32_t addr; /* only checked */
    size_t k;
    if (why && size)
        why[0] = '\0';
    switch (key->type) {
    case WN_CFG_T_BOOL:
        if (wn_cfg_parse_bool(value, &b))
            return 1;
        wn_snprintf(why, size, "'%s' is not a boolean WSL reads: write true or false", value);
        return 0;
    case WN_CFG_T_INT:
        if (wn_cfg_parse_int(value, &i))
            return 1;
        wn_snprintf(why, size, "'%s' is not an integer WSL reads: write digits only (0x for hex)%s",
                    value, strchr(value, ';') ? "; ';' does not start a comment, '#' does" : "");
        return 0;
    case WN_CFG_T_SIZE:
        if (wn_cfg_parse_size(value, &u))
            return 1;
        size_why(value, why, size);
        return 0;
    case WN_CFG_T_ENUM:
        for (k = 0; key->choices && key->choices[k]; k++)
            if (wn_streq_nocase(value, key->choices[k]))
                return 1;
        wn_snprintf(why, size, "'%s' is not a value WSL knows for %s", value, key->name);
        return 0;
    case WN_CFG_T_PORTS:
        if (invalid_ports(value) == 0)
            return 1;
        wn_snprintf(why, size, "'%s' has ports WSL rejects: write port numbers 1-65535 separated by commas",
                    value);
        return 0;
    case WN_CFG_T_IPV4:
        if (wn_ipv4_parse(value, &addr)) /* as inet_pton(AF_INET): no leading zeros */
            return 1;
        wn_snprintf(why, size, "'%s' is not an IPv4 address (WSL then turns DNS tunneling off)", value);
        return 0;
    case WN_CFG_T_MAC:
        if (valid_mac(value))
            return 1;
        wn_snprintf(why, size, "'%s' is not a MAC address: write 6 hex pairs joined by ':' or '-'", value);
        return 0;
    case WN_CFG_T_STRING:
    case WN_CFG_T_PATH:
        return 1;
    }
    return 1;
}
