/* libFuzzer: PEM decoding, base64, thumbprints, file names and argument
 * quoting on arbitrary bytes. Properties checked:
 * - every block the decoder accepts re-encodes to PEM that decodes to the same
 *   DER, and the encoder's output is base64 the strict decoder accepts;
 * - a thumbprint that parses is 40 uppercase hex digits;
 * - a file name made from any text is one wn_cert_file_name_valid accepts;
 * - quoting any text for a Windows command line reads back unchanged with
 *   CommandLineToArgvW's rules (re-implemented below). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certplan.h"
#include "pem.h"

/* CommandLineToArgvW's reading of one quoted argument (as wn_windows_quote_arg writes it). */
static char *unquote(const char *q)
{
    size_t n = strlen(q), o = 0, i = 1, slashes;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    if (q[0] != '"') { /* left as is: nothing in it needs quoting */
        if (n == 0 || strpbrk(q, " \t\n\v\""))
            abort();
        memcpy(out, q, n + 1);
        return out;
    }
    while (i < n) {
        slashes = 0;
        while (q[i] == '\\') {
            slashes++;
            i++;
        }
        if (q[i] == '"') {
            memset(out + o, '\\', slashes / 2);
            o += slashes / 2;
            if (slashes % 2 == 0) { /* the closing quote: must be the last character */
                if (i != n - 1)
                    abort();
                break;
            }
            out[o++] = '"';
            i++;
        } else {
            memset(out + o, '\\', slashes);
            o += slashes;
            if (i < n)
                out[o++] = q[i++];
        }
    }
    out[o] = '\0';
    return out;
}

static void check_pem(const char *text, size_t len)
{
    size_t pos = 0, der_len, der2_len, pos2;
    uint8_t *der, *der2;
    int blocks = 0;
    while (blocks < 64 && wn_pem_decode_next(text, len, &pos, &der, &der_len, NULL) == WSLNET_OK) {
        char *pem = wn_pem_encode(der, der_len);
        if (pem) {
            pos2 = 0;
            if (wn_pem_decode_next(pem, strlen(pem), &pos2, &der2, &der2_len, NULL) != WSLNET_OK)
                abort();
            if (der2_len != der_len || memcmp(der, der2, der_len) != 0 || pos2 != strlen(pem))
                abort();
            free(der2);
            free(pem);
        }
        free(der);
        blocks++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    char *text = malloc(size + 1), thumb[WN_THUMBPRINT_TEXT], name[WN_CERT_FILE_NAME_MAX], *q, *back;
    size_t i;
    if (!text)
        return 0;
    memcpy(text, bytes, size);
    text[size] = '\0';
    check_pem(text, size);
    /* the same bytes as a string (up to the first NUL) for the text helpers */
    if (wn_thumbprint_parse(text, thumb)) {
        for (i = 0; i < 40; i++)
            if (!((thumb[i] >= '0' && thumb[i] <= '9') || (thumb[i] >= 'A' && thumb[i] <= 'F')))
                abort();
        if (thumb[40] != '\0')
            abort();
    }
    wn_cert_file_name(text, "0123456789ABCDEF0123456789ABCDEF01234567", name);
    if (!wn_cert_file_name_valid(name))
        abort();
    if ((q = wn_windows_quote_arg(text)) != NULL) {
        back = unquote(q);
        if (back && strcmp(back, text) != 0)
            abort();
        free(back);
        free(q);
    }
    if (wn_distro_name_valid(text) && (text[0] == '-' || strpbrk(text, " \"'$;\\/\n") != NULL))
        abort();
    free(text);
    return 0;
}
