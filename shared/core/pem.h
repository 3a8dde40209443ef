/*
 * pem.h - certificates as text: base64 (RFC 4648), PEM (RFC 7468, the form
 * openssl and update-ca-certificates read), SHA-1 thumbprints as Windows shows
 * them, and a safe file name per certificate. Portable: no Windows types.
 */
#ifndef WN_PEM_H
#define WN_PEM_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

#define WN_SHA1_LEN 20
#define WN_THUMBPRINT_TEXT 41   /* 40 hex digits and NUL */
#define WN_CERT_FILE_NAME_MAX 96 /* including ".crt" and NUL */
#define WN_CERT_FILE_HEX 16      /* thumbprint digits in a file name (64 bits: no accidental collision) */

/* Length of the base64 text of n bytes (with '=' padding, no line breaks). */
size_t wn_base64_len(size_t n);

/* Writes the base64 of data (padded, no line breaks) and a NUL into out, which
 * holds at least wn_base64_len(len) + 1 bytes. */
void wn_base64_encode(const uint8_t *data, size_t len, char *out);

/*
 * Decodes base64 text of len bytes (no whitespace; padding required when the
 * length is not a multiple of 4, non-canonical trailing bits refused) into
 * out, which holds at least len / 4 * 3 bytes. Returns the decoded length, or
 * (size_t)-1 when text is not canonical base64.
 */
size_t wn_base64_decode(const char *text, size_t len, uint8_t *out);

/*
 * The PEM form of a DER certificate: "-----BEGIN CERTIFICATE-----\n", base64
 * in lines of 64 characters, "-----END CERTIFICATE-----\n" (LF only, as
 * openssl writes it). Returns a malloc'd string the caller frees, or NULL
 * when out of memory.
 */
char *wn_pem_encode(const uint8_t *der, size_t len);

/*
 * Finds the next CERTIFICATE block of a PEM text from *pos (text of len
 * bytes) and decodes it: lines of base64 between the BEGIN and END lines,
 * CRLF or LF, text outside blocks ignored. WSLNET_OK with *der malloc'd
 * (caller frees) and *pos after the END line; WSLNET_E_NOT_FOUND when no
 * further block; WSLNET_E_BAD_DATA for a block that is not valid base64 or
 * has no END line; WSLNET_E_NO_MEMORY.
 */
WN_MUST_CHECK
wslnet_status wn_pem_decode_next(const char *text, size_t len, size_t *pos, uint8_t **der,
                                 size_t *der_len, wslnet_error *err);

/* The thumbprint as Windows shows it: 40 uppercase hex digits, into out
 * (WN_THUMBPRINT_TEXT bytes). */
void wn_thumbprint_format(const uint8_t sha1[WN_SHA1_LEN], char out[WN_THUMBPRINT_TEXT]);

/*
 * Reads a thumbprint as people paste it: 40 hex digits in any case, spaces
 * and colons anywhere, and the invisible U+200E mark that copying from the
 * Windows certificate dialog puts in front. Returns 1 and fills out with the
 * canonical form (uppercase, no separators), 0 when it is not that.
 */
int wn_thumbprint_parse(const char *text, char out[WN_THUMBPRINT_TEXT]);

/*
 * A file name for a certificate that every file system and
 * update-ca-certificates accept: the display name with each run of characters
 * outside [A-Za-z0-9._-] replaced by one '_', leading dots and underscores
 * dropped, at most 64 characters, then '-', the first WN_CERT_FILE_HEX (16)
 * digits of the thumbprint, and ".crt"
 * ("DigiCert_Global_Root_G2-DF3C24F9B2A1B3C4.crt"). An empty name gives
 * "cert-DF3C24F9B2A1B3C4.crt". out holds WN_CERT_FILE_NAME_MAX bytes.
 */
void wn_cert_file_name(const char *display_name, const char *thumbprint, char out[WN_CERT_FILE_NAME_MAX]);

/* The same with digits thumbprint digits (16 or 40; with 40 the name part
 * is cut to 50 characters so that the whole fits). */
void wn_cert_file_name_digits(const char *display_name, const char *thumbprint, int digits,
                              char out[WN_CERT_FILE_NAME_MAX]);

/* 1 when name could have come from wn_cert_file_name: [A-Za-z0-9._-] only,
 * not starting with '.' or '-', ending in ".crt", shorter than
 * WN_CERT_FILE_NAME_MAX. */
int wn_cert_file_name_valid(const char *name);

#endif
