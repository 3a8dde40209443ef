/* libFuzzer: the .wslconfig / wsl.conf document model and lint. Asserted for
 * every input: read then write is byte-identical; lint runs; set then get
 * returns the value (or set refuses and leaves the bytes as they were); the
 * edited document round-trips too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wslcfg.h"
#include "wslcfg_lint.h"

static void round_trip(const wn_cfg_doc *doc, const uint8_t *data, size_t size)
{
    uint8_t *out = NULL;
    size_t len = 0;
    if (wn_cfg_write(doc, &out, &len, NULL) != WSLNET_OK)
        return;
    if (data && (len != size || memcmp(out, data, size) != 0))
        abort(); /* the document must keep every byte */
    free(out);
}

static void edit(const uint8_t *data, size_t size, wn_cfg_file file, const char *name, const char *value)
{
    wn_cfg_doc *doc = NULL, *again = NULL;
    const wn_cfg_key *key;
    wn_cfg_edit e;
    wn_cfg_setting s;
    uint8_t *out = NULL;
    size_t len;
    if (wn_cfg_key_resolve(file, name, &key, NULL) != WSLNET_OK)
        abort();
    if (wn_cfg_read(data, size, file, &doc, NULL) != WSLNET_OK)
        return;
    if (wn_cfg_set(doc, key, value, &e, NULL) == WSLNET_OK) {
        wn_cfg_get(doc, key, &s);
        if (s.origin != WN_CFG_ORIGIN_FILE || strcmp(s.value, value) != 0)
            abort();
        /* what is written reads back the same */
        if (wn_cfg_write(doc, &out, &len, NULL) == WSLNET_OK &&
            wn_cfg_read(out, len, file, &again, NULL) == WSLNET_OK) {
            wn_cfg_get(again, key, &s);
            if (s.origin != WN_CFG_ORIGIN_FILE || strcmp(s.value, value) != 0)
                abort();
            round_trip(again, out, len);
            wn_cfg_free(again);
        }
        free(out);
    } else {
        round_trip(doc, data, size); /* a refused edit changes nothing */
    }
    if (wn_cfg_unset(doc, key, &e, NULL) == WSLNET_OK) {
        wn_cfg_get(doc, key, &s);
        if (s.origin != WN_CFG_ORIGIN_DEFAULT)
            abort();
    }
    wn_cfg_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const wn_cfg_file files[] = {WN_CFG_FILE_WSLCONFIG, WN_CFG_FILE_WSLCONF};
    size_t i;
    for (i = 0; i < 2; i++) {
        wn_cfg_doc *doc = NULL;
        wn_lint_result lint;
        wn_lint_context ctx = {size % 2 ? 19045u : 22631u, 1, (int64_t)(size % 5) - 1, (int64_t)(size % 3) - 1, (int64_t)(size % 3) - 1, NULL};
        if (wn_cfg_read(data, size, files[i], &doc, NULL) != WSLNET_OK)
            continue;
        round_trip(doc, data, size);
        if (wn_cfg_lint(doc, &ctx, &lint, NULL) == WSLNET_OK) {
            size_t k;
            for (k = 0; k < lint.count; k++)
                if (!lint.items[k].rule[0] || !lint.items[k].message[0])
                    abort();
            wn_lint_result_free(&lint);
        }
        wn_cfg_free(doc);
    }
    edit(data, size, WN_CFG_FILE_WSLCONFIG, "wsl2.memory", "12GB");
    edit(data, size, WN_CFG_FILE_WSLCONFIG, "wsl2.kernelCommandLine", " a#\\\"b\t ");
    edit(data, size, WN_CFG_FILE_WSLCONFIG, "experimental.networkingMode", "mirrored");
    edit(data, size, WN_CFG_FILE_WSLCONF, "boot.systemd", "true");
    return 0;
}
