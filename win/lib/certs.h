/* certs.h - win/lib internals of the certs capability (the public side is
 * wslnet_certs.h): writing a file so that readers see the old or the new
 * content, never a part. */
#ifndef WN_CERTS_H
#define WN_CERTS_H

#include <windows.h>

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

/*
 * Writes len bytes to path: a temporary file beside it ("<path>.<pid>.wslnet-tmp"),
 * flushed, then MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH).
 * On failure the temporary file is removed and path is as it was.
 */
WN_MUST_CHECK
wslnet_status wn_write_file_atomic(const wchar_t *path, const void *data, size_t len, wslnet_error *err);

#endif
