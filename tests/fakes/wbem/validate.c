/*
 * validate.c - what the fake rejects on PutInstance, following what
 * Microsoft documents for the classes (learn.microsoft.com, WFasCim
 * MSFT_NetFirewallHyperV* pages; New-NetFirewallHyperVRule):
 *  - an object that is not an instance: WBEM_E_INVALID_OBJECT
 *  - the key InstanceID NULL: WBEM_E_ILLEGAL_NULL (IWbemServices::PutInstance)
 *  - everything below: the "bad" HRESULT (WBEM_E_INVALID_PARAMETER unless the
 *    state file says otherwise, e.g. 0x80070057 as WFasCim reports through MI)
 *  rule: InstanceID empty; Direction not 1/2; Action not 2/4; Enabled not
 *    1/2; Profiles outside 0x7; VMCreatorId not a braced GUID; Protocol not
 *    0-255/TCP/UDP/ICMPv4/ICMPv6; LocalPorts/RemotePorts set unless Protocol is
 *    TCP or UDP (6/17) ("applies only when Protocol is TCP or UDP"); a port
 *    not N, N-M (0-65535) or a documented keyword; an address not an IPv4/IPv6
 *    address, subnet (/bits, IPv4 /mask) or range (a-b).
 *  VM setting / profile: Name not a braced GUID; Enabled, LoopbackEnabled,
 *    AllowHostPolicyMerge, AllowLocalFirewallRules not 0/1/2; Default*Action
 *    not 0/2/4; Profile not 1/2/4.
 */
#include "fakewbem.h"

#include <stdlib.h>
#include <string.h>

LONG NTAPI RtlIpv4StringToAddressA(PCSTR s, BOOLEAN strict, PCSTR *term, void *addr);
LONG NTAPI RtlIpv6StringToAddressA(PCSTR s, PCSTR *term, void *addr);

int wb_is_braced_guid(const WCHAR *s)
{
    static const char shape[] = "{########-####-####-####-############}";
    if (!s || wcslen(s) != sizeof shape - 1)
        return 0;
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == '#' ? !iswxdigit(s[i]) : s[i] != (WCHAR)shape[i])
            return 0;
    }
    return 1;
}

/* Integer value of property name: 1 and *out, 0 when unset (or not a number). */
static int int_prop(const struct wb_obj *o, const WCHAR *name, LONG *out)
{
    const VARIANT *v = wb_obj_value(o, name);
    VARIANT n;
    VariantInit(&n);
    if (!v || FAILED(VariantChangeType(&n, (VARIANT *)v, 0, VT_I4)))
        return 0;
    *out = V_I4(&n);
    return 1;
}

static int int_in(const struct wb_obj *o, const WCHAR *name, const LONG *allowed, int n)
{
    LONG x;
    if (!int_prop(o, name, &x))
        return 1; /* unset: the provider's default */
    for (int i = 0; i < n; i++)
        if (allowed[i] == x)
            return 1;
    return 0;
}

static const WCHAR *str_prop(const struct wb_obj *o, const WCHAR *name)
{
    const VARIANT *v = wb_obj_value(o, name);
    return v && V_VT(v) == VT_BSTR ? V_BSTR(v) : NULL;
}

/* Calls ok(elem) for each string of array property name; 0 on a bad one. */
static int each_string(const struct wb_obj *o, const WCHAR *name, int (*ok)(const char *),
                       LONG *count)
{
    const VARIANT *v = wb_obj_value(o, name);
    *count = 0;
    if (!v)
        return 1;
    SAFEARRAY *sa = V_ARRAY(v);
    LONG lo, hi;
    if (!sa || FAILED(SafeArrayGetLBound(sa, 1, &lo)) || FAILED(SafeArrayGetUBound(sa, 1, &hi)))
        return 0;
    for (LONG i = lo; i <= hi; i++) {
        BSTR b = NULL;
        if (FAILED(SafeArrayGetElement(sa, &i, &b)))
            return 0;
        char *s = wb_utf8(b ? b : L"");
        SysFreeString(b);
        int good = s && ok(s);
        free(s);
        if (!good)
            return 0;
        (*count)++;
    }
    return 1;
}

/* 0-65535 as decimal digits; -1 otherwise. */
static long port_number(const char *s, const char **end)
{
    long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && p - s < 6)
        v = v * 10 + (*p++ - '0');
    *end = p;
    return (p == s || v > 65535) ? -1 : v;
}

static int port_ok(const char *s, const char *const *keywords)
{
    for (int i = 0; keywords[i]; i++)
        if (_stricmp(s, keywords[i]) == 0)
            return 1;
    const char *end;
    long a = port_number(s, &end);
    if (a < 0)
        return 0;
    if (*end == 0)
        return 1;
    if (*end != '-')
        return 0;
    long b = port_number(end + 1, &end);
    return b >= a && *end == 0;
}

static int local_port_ok(const char *s)
{
    static const char *const kw[] = {"Any", "RPC", "RPC-EPMap", "IPHTTPSIn", "PlayToDiscovery", NULL};
    return port_ok(s, kw);
}

static int remote_port_ok(const char *s)
{
    static const char *const kw[] = {"Any", "IPHTTPSOut", NULL};
    return port_ok(s, kw);
}

/* 4 or 6 when s (up to len) is one whole address of that family, else 0. */
static int address_family(const char *s, size_t len)
{
    char buf[64];
    unsigned char addr[16];
    PCSTR term;
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    if (RtlIpv4StringToAddressA(buf, TRUE, &term, addr) == 0 && *term == 0)
        return 4;
    if (strchr(buf, ':') && RtlIpv6StringToAddressA(buf, &term, addr) == 0 && *term == 0)
        return 6;
    return 0;
}

static int address_ok(const char *s)
{
    const char *slash = strchr(s, '/'), *dash = strchr(s, '-');
    if (slash && !dash) {
        int fam = address_family(s, (size_t)(slash - s));
        const char *bits = slash + 1, *end;
        long n = port_number(bits, &end);
        if (fam && *end == 0 && n >= 0)
            return n <= (fam == 4 ? 32 : 128);
        return fam == 4 && address_family(bits, strlen(bits)) == 4; /* IPv4 mask */
    }
    if (dash && !slash) {
        int a = address_family(s, (size_t)(dash - s));
        return a && a == address_family(dash + 1, strlen(dash + 1));
    }
    return !slash && !dash && address_family(s, strlen(s)) != 0;
}

static int protocol_ok(const WCHAR *p, int *tcp_udp)
{
    *tcp_udp = 0;
    if (!p)
        return 1;
    if (_wcsicmp(p, L"TCP") == 0 || _wcsicmp(p, L"UDP") == 0) {
        *tcp_udp = 1;
        return 1;
    }
    if (_wcsicmp(p, L"ICMPv4") == 0 || _wcsicmp(p, L"ICMPv6") == 0)
        return 1;
    WCHAR *end;
    long n = wcstol(p, &end, 10);
    if (!*p || *end || n < 0 || n > 255 || !iswdigit(p[0]))
        return 0;
    *tcp_udp = (n == 6 || n == 17);
    return 1;
}

static HRESULT validate_rule(const struct wb_obj *o, HRESULT bad)
{
    static const LONG dir[] = {1, 2}, act[] = {2, 4}, en[] = {1, 2};
    LONG profiles, nlocal, nremote, n;
    int tcp_udp;
    const WCHAR *creator = str_prop(o, L"VMCreatorId");
    if (!int_in(o, L"Direction", dir, 2) || !int_in(o, L"Action", act, 2) ||
        !int_in(o, L"Enabled", en, 2))
        return bad;
    if (int_prop(o, L"Profiles", &profiles) && (profiles & ~7L))
        return bad;
    if (creator && !wb_is_braced_guid(creator))
        return bad;
    if (!protocol_ok(str_prop(o, L"Protocol"), &tcp_udp))
        return bad;
    if (!each_string(o, L"LocalPorts", local_port_ok, &nlocal) ||
        !each_string(o, L"RemotePorts", remote_port_ok, &nremote))
        return bad;
    if ((nlocal || nremote) && !tcp_udp)
        return bad;
    if (!each_string(o, L"LocalAddresses", address_ok, &n) ||
        !each_string(o, L"RemoteAddresses", address_ok, &n))
        return bad;
    return S_OK;
}

static HRESULT validate_settings(const struct wb_obj *o, HRESULT bad, int is_profile)
{
    static const LONG tri[] = {0, 1, 2}, action[] = {0, 2, 4}, profile[] = {1, 2, 4};
    const WCHAR *name = str_prop(o, L"Name");
    if (name && !wb_is_braced_guid(name))
        return bad;
    if (!int_in(o, L"Enabled", tri, 3) || !int_in(o, L"DefaultInboundAction", action, 3) ||
        !int_in(o, L"DefaultOutboundAction", action, 3))
        return bad;
    if (is_profile)
        return int_in(o, L"Profile", profile, 3) && int_in(o, L"AllowLocalFirewallRules", tri, 3)
                   ? S_OK : bad;
    return int_in(o, L"LoopbackEnabled", tri, 3) && int_in(o, L"AllowHostPolicyMerge", tri, 3)
               ? S_OK : bad;
}

HRESULT wb_validate(const struct wb_obj *obj, HRESULT bad)
{
    if (!obj->is_instance || !obj->cls->keyed)
        return WBEM_E_INVALID_OBJECT;
    const WCHAR *id = str_prop(obj, L"InstanceID");
    if (!id)
        return WBEM_E_ILLEGAL_NULL;
    if (!id[0])
        return bad;
    const WCHAR *cls = obj->cls->name;
    if (_wcsicmp(cls, L"MSFT_NetFirewallHyperVRule") == 0)
        return validate_rule(obj, bad);
    if (_wcsicmp(cls, L"MSFT_NetFirewallHyperVVMSetting") == 0)
        return validate_settings(obj, bad, 0);
    if (_wcsicmp(cls, L"MSFT_NetFirewallHyperVProfile") == 0)
        return validate_settings(obj, bad, 1);
    const WCHAR *creator = str_prop(obj, L"VMCreatorId");
    return creator && !wb_is_braced_guid(creator) ? bad : S_OK;
}
