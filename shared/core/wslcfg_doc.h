/* wslcfg_doc.h - what wslcfg.c (the document and its parser) lends
 * wslcfg_edit.c (values and edits); not for other files. */
#ifndef WN_WSLCFG_DOC_H
#define WN_WSLCFG_DOC_H

#include "wslcfg.h"

#include <stddef.h>

/* A C-string copy of the first n bytes of s, stopping at a NUL (as WSL's
 * c_str()); malloc'd (caller frees), NULL when out of memory. */
char *wn_cfg_dup_c(const char *s, size_t n);

/* The offset of the start of the physical line of text t holding off. */
size_t wn_cfg_line_start(const char *t, size_t off);

/* The offset of the end of the physical line holding off (its CRLF's CR, its
 * LF, or n). */
size_t wn_cfg_line_end(const char *t, size_t n, size_t off);

/* Parses doc->text again into doc's items (after an edit): WSLNET_OK, or
 * WSLNET_E_NO_MEMORY in err. */
wslnet_status wn_cfg_reparse(wn_cfg_doc *doc, wslnet_error *err);

#endif
