/* source.h - names of address sources. */
#ifndef WN_SOURCE_H
#define WN_SOURCE_H

#include "wslnet.h"

const char *wn_source_name(wslnet_source source);
/* The sources' names in wslnet_source order, NULL-ended (--source's choices). */
extern const char *const wn_source_names[];
/* Parses "auto", "hns", ... (case-insensitive); 1 on success. */
int wn_source_parse(const char *text, wslnet_source *out);

#endif
