/*
 * schema.c - the classes the fake serves, with the CIM types of their
 * properties as Microsoft documents them (WFasCim, learn.microsoft.com
 * "MSFT_NetFirewallHyperVRule class" and siblings).
 */
#include "fakewbem.h"

#define STR CIM_STRING
#define U16 CIM_UINT16
#define U32 CIM_UINT32
#define STRS (CIM_STRING | CIM_FLAG_ARRAY)

/* Inherited from CIM_ManagedElement / CIM_PolicyRule (the part that matters). */
#define MANAGED_ELEMENT \
    {L"InstanceID", STR, 0, 0}, {L"Caption", STR, 0, 0}, {L"Description", STR, 0, 0}, \
    {L"ElementName", STR, 0, 0}

static const struct wb_prop_def rule_props[] = {
    MANAGED_ELEMENT,
    {L"DisplayName", STR, 0, 0},
    {L"RulePriority", U16, 0, 0},
    {L"Direction", U16, 0, 0},
    {L"VMCreatorId", STR, 0, 0},
    {L"Protocol", STR, 0, 0},
    {L"LocalAddresses", STRS, 0, 0},
    {L"LocalPorts", STRS, 0, 0},
    {L"RemoteAddresses", STRS, 0, 0},
    {L"RemotePorts", STRS, 0, 0},
    {L"Action", U16, 0, 0},
    {L"EnforcementStatus", U16, 0, 0},
    {L"PolicyStoreSourceType", U16, 0, 0},
    {L"PortStatuses", STRS, 0, 0},
    {L"Profiles", U16, 0, 0},
    {L"Enabled", U16, 1, 1}, /* MOF: uint16 Enabled = 1 */
};

static const struct wb_prop_def vmsetting_props[] = {
    MANAGED_ELEMENT,
    {L"Name", STR, 0, 0},
    {L"Enabled", U16, 0, 0},
    {L"DefaultInboundAction", U16, 0, 0},
    {L"DefaultOutboundAction", U16, 0, 0},
    {L"LoopbackEnabled", U16, 0, 0},
    {L"AllowHostPolicyMerge", U16, 0, 0},
};

static const struct wb_prop_def profile_props[] = {
    MANAGED_ELEMENT,
    {L"Name", STR, 0, 0},
    {L"Profile", U16, 0, 0},
    {L"Enabled", U16, 0, 0},
    {L"DefaultInboundAction", U16, 0, 0},
    {L"DefaultOutboundAction", U16, 0, 0},
    {L"AllowLocalFirewallRules", U16, 0, 0},
};

static const struct wb_prop_def creator_props[] = {
    MANAGED_ELEMENT,
    {L"VMCreatorId", STR, 0, 0},
    {L"FriendlyName", STR, 0, 0},
};

static const struct wb_prop_def register_in[] = {
    {L"VMCreatorId", STR, 0, 0},
    {L"FriendlyName", STR, 0, 0},
};
static const struct wb_prop_def unregister_in[] = {
    {L"VMCreatorId", STR, 0, 0},
};
static const struct wb_prop_def method_out[] = {
    {L"ReturnValue", U32, 0, 0},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct wb_class classes[] = {
    {L"MSFT_NetFirewallHyperVRule", "MSFT_NetFirewallHyperVRule", rule_props, N(rule_props), 1, 0},
    {L"MSFT_NetFirewallHyperVVMSetting", "MSFT_NetFirewallHyperVVMSetting", vmsetting_props,
     N(vmsetting_props), 1, 0},
    {L"MSFT_NetFirewallHyperVProfile", "MSFT_NetFirewallHyperVProfile", profile_props,
     N(profile_props), 1, 1},
    {L"MSFT_NetFirewallHyperVVMCreator", "MSFT_NetFirewallHyperVVMCreator", creator_props,
     N(creator_props), 1, 0},
};

static const struct wb_class register_in_class = {L"__PARAMETERS", "__PARAMETERS", register_in,
                                                  N(register_in), 0, 0};
static const struct wb_class unregister_in_class = {L"__PARAMETERS", "__PARAMETERS",
                                                    unregister_in, N(unregister_in), 0, 0};
static const struct wb_class out_class = {L"__PARAMETERS", "__PARAMETERS", method_out,
                                          N(method_out), 0, 0};

const struct wb_class *wb_class_find(const WCHAR *name)
{
    for (int i = 0; name && i < N(classes); i++)
        if (_wcsicmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

const struct wb_class *wb_class_find8(const char *name)
{
    for (int i = 0; name && i < N(classes); i++)
        if (_stricmp(classes[i].name8, name) == 0)
            return &classes[i];
    return NULL;
}

int wb_prop_index(const struct wb_class *cls, const WCHAR *name)
{
    for (int i = 0; name && i < cls->nprops; i++)
        if (_wcsicmp(cls->props[i].name, name) == 0)
            return i;
    return -1;
}

int wb_prop_index8(const struct wb_class *cls, const char *name)
{
    WCHAR w[128];
    if (!name || !MultiByteToWideChar(CP_UTF8, 0, name, -1, w, 128))
        return -1;
    return wb_prop_index(cls, w);
}

HRESULT wb_method_params(const struct wb_class *cls, const WCHAR *method,
                         const struct wb_class **in, const struct wb_class **out)
{
    *in = *out = NULL;
    if (!cls || _wcsicmp(cls->name, L"MSFT_NetFirewallHyperVVMCreator") != 0 || !method)
        return WBEM_E_NOT_FOUND;
    if (_wcsicmp(method, L"RegisterHyperVVMCreator") == 0)
        *in = &register_in_class;
    else if (_wcsicmp(method, L"UnregisterHyperVVMCreator") == 0)
        *in = &unregister_in_class;
    else
        return WBEM_E_NOT_FOUND;
    *out = &out_class;
    return S_OK;
}

const char *wb_cimtype_name(CIMTYPE t)
{
    switch (t) {
    case CIM_STRING: return "string";
    case CIM_UINT16: return "uint16";
    case CIM_UINT32: return "uint32";
    case CIM_SINT32: return "sint32";
    case CIM_UINT8: return "uint8";
    case CIM_BOOLEAN: return "boolean";
    case CIM_STRING | CIM_FLAG_ARRAY: return "string[]";
    case CIM_UINT16 | CIM_FLAG_ARRAY: return "uint16[]";
    default: return "unknown";
    }
}
