/* libFuzzer: wsl.exe output decoding, registry values, IPv4/CIDR parsing, wildcards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address_choose.h"
#include "ipv4.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_subnet own = {0xAC1C1001u, 20};
    wslnet_vm_address out;
    wslnet_error err;
    char *text = malloc(size + 1);
    uint32_t a;
    uint8_t p;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    memset(&out, 0, sizeof out);
    if (wn_address_from_wsl_output(data, size, 0, &own, 1, &out, &err) == WSLNET_OK &&
        !wn_ipv4_parse(out.address, &a))
        abort();
    if (wn_address_from_registry(text, "HKCU", &own, 1, NULL, 0, 1, &out, &err) == WSLNET_OK && strcmp(out.address, text) != 0)
        abort();
    if (wn_ipv4_parse_cidr(text, &a, &p) && p > 32)
        abort();
    if (size > 1) {
        size_t half = strlen(text) / 2;
        char *pattern = malloc(half + 1);
        if (pattern) {
            memcpy(pattern, text, half);
            pattern[half] = '\0';
            (void)wn_wildcard_match(pattern, text + half);
            free(pattern);
        }
    }
    free(text);
    return 0;
}
