/* wslconfig.h - reading .wslconfig values by WSL's own line rules.
 * (The lossless editor and lint build on this reader later.) */
#ifndef WN_WSLCONFIG_H
#define WN_WSLCONFIG_H

#include <stddef.h>
#include <stdint.h>

typedef struct wn_config_value {
    int found;
    char value[256];        /* after unquoting and unescaping */
    uint32_t line;          /* 1-based */
    char section[16];       /* as written in the file, lowercased */
} wn_config_value;

/*
 * Finds key (case-insensitive) in any of the given sections of UTF-8 text, as
 * WSL reads it: invalid lines are skipped, and the first valid occurrence in
 * file order wins (also across a section and its alias). out->found is 0 when
 * no valid line sets the key.
 */
void wn_wslconfig_find(const char *text, const char *const *sections, size_t section_count,
                       const char *key, wn_config_value *out);

#endif
