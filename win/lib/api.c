/* api.c - the small exported functions over shared/ tables. */
#include "source.h"
#include "status.h"
#include "text.h"
#include "wslnet.h"

const char *wslnet_status_name(wslnet_status status) { return wn_status_name(status); }

int wslnet_status_exit_code(wslnet_status status) { return wn_status_exit_code(status); }

const char *wslnet_version(void) { return WSLNET_VERSION_STRING; }

const char *wslnet_source_name(wslnet_source source) { return wn_source_name(source); }

void wslnet_format_mac(const uint8_t *mac, uint32_t length, char *buf, size_t size)
{
    wn_format_mac(mac, length, buf, size);
}
