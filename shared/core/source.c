/* source.c - names of address sources, shared by the API, CLI and JSON. */
#include "source.h"

#include "text.h"

static const char *const source_names[] = {"auto", "hns", "registry", "neighbor", "wsl"};

const char *wn_source_name(wslnet_source source)
{
    if ((unsigned)source < sizeof source_names / sizeof source_names[0])
        return source_names[source];
    return "unknown";
}

int wn_source_parse(const char *text, wslnet_source *out)
{
    unsigned i;
    for (i = 0; i < sizeof source_names / sizeof source_names[0]; i++) {
        if (wn_streq_nocase(text, source_names[i])) {
            *out = (wslnet_source)i;
            return 1;
        }
    }
    return 0;
}
