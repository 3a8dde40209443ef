/* source.c - names of address sources, shared by the API, CLI and JSON. */
#include "source.h"

#include "text.h"

const char *const wn_source_names[] = {"auto", "hns", "registry", "neighbor", "wsl", NULL};
#define SOURCE_COUNT (sizeof wn_source_names / sizeof wn_source_names[0] - 1)

const char *wn_source_name(wslnet_source source)
{
    if ((unsigned)source < SOURCE_COUNT)
        return wn_source_names[source];
    return "unknown";
}

int wn_source_parse(const char *text, wslnet_source *out)
{
    unsigned i;
    for (i = 0; i < SOURCE_COUNT; i++) {
        if (wn_streq_nocase(text, wn_source_names[i])) {
            *out = (wslnet_source)i;
            return 1;
        }
    }
    return 0;
}
