/*
 * wsl.c - a test double of wsl.exe, placed in a throwaway Wine prefix's system32.
 *
 * Behaviour comes from C:\wslnet-fake\wsl.json (the directory can be moved with
 * the environment variable WSLNET_FAKE_DIR, a Windows path):
 *
 *   {"stdout":"172.28.20.5 172.17.0.1 \n", "encoding":"utf8"|"utf16le", "exitCode":0}
 *
 * It writes "stdout" to standard output as bytes in the given encoding
 * ("utf16le": the text converted to UTF-16LE without BOM, the way WSL prints its
 * own messages; "utf8" is the default) and exits with exitCode. Every run
 * appends its command line (UTF-8) as one line to C:\wslnet-fake\wsl-calls.log.
 *
 * Each run also appends its argument list (as CommandLineToArgvW splits the
 * command line, without the program) as one JSON array line to
 * C:\wslnet-fake\wsl-args.log, and when its stdin is a pipe or a file, saves
 * everything read from it to C:\wslnet-fake\wsl-stdin-N.bin, N being the
 * run's line number in wsl-args.log (1, 2, ...): what a distro would receive.
 *
 * Without wsl.json it behaves like a WSL with no distribution installed: a
 * UTF-16LE message on stdout (UTF-8 when WSL_UTF8=1, as the real one) and exit 1.
 * A wsl.json that is not valid JSON: a message on stderr and exit 2.
 *
 * With the environment variable WSLNET_FAKE_MARKER_HANDLE (a handle value in
 * hex, set by tests/fakes/inherit), each run appends one line to
 * C:\wslnet-fake\wsl-marker.log: "inherited" when that handle is open in this
 * process and reads the marker file's first line, else "not inherited".
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <shellapi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static void fake_path(char *buf, size_t size, const char *leaf)
{
    char dir[MAX_PATH];
    DWORD n = GetEnvironmentVariableA("WSLNET_FAKE_DIR", dir, (DWORD)sizeof dir);
    if (n == 0 || n >= sizeof dir)
        snprintf(dir, sizeof dir, "C:\\wslnet-fake");
    CreateDirectoryA(dir, NULL); /* fine when it exists */
    snprintf(buf, size, "%s\\%s", dir, leaf);
}

static void write_all(HANDLE h, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        DWORD done = 0;
        if (!WriteFile(h, p, (DWORD)len, &done, NULL) || done == 0)
            return;
        p += done;
        len -= done;
    }
}

/* Writes UTF-8 text to h, as UTF-8 or converted to UTF-16LE. */
static void write_text(HANDLE h, const char *text, int utf16)
{
    if (!utf16) {
        write_all(h, text, strlen(text));
        return;
    }
    int n = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
    if (n <= 1)
        return;
    WCHAR *w = malloc((size_t)n * sizeof(WCHAR));
    if (!w)
        return;
    MultiByteToWideChar(CP_UTF8, 0, text, -1, w, n);
    write_all(h, w, (size_t)(n - 1) * sizeof(WCHAR)); /* x86: WCHAR is little-endian */
    free(w);
}

static void log_command_line(void)
{
    char path[MAX_PATH];
    fake_path(path, sizeof path, "wsl-calls.log");
    LPCWSTR cl = GetCommandLineW();
    int n = WideCharToMultiByte(CP_UTF8, 0, cl, -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? malloc((size_t)n) : NULL;
    if (!s)
        return;
    WideCharToMultiByte(CP_UTF8, 0, cl, -1, s, n, NULL, NULL);
    FILE *f = fopen(path, "ab");
    if (f) {
        fprintf(f, "%s\n", s);
        fclose(f);
    }
    free(s);
}

/* Appends this run's arguments to wsl-args.log; returns the run's number
 * (its line in the log), 0 when the log cannot be written. */
static int log_arguments(void)
{
    char path[MAX_PATH];
    int argc = 0, i, number = 0, c;
    LPWSTR *argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    cJSON *list = cJSON_CreateArray();
    char *line = NULL;
    FILE *f;
    for (i = 1; argv && list && i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL, NULL);
        char *s = n > 0 ? malloc((size_t)n) : NULL;
        if (!s)
            break;
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, s, n, NULL, NULL);
        cJSON_AddItemToArray(list, cJSON_CreateString(s));
        free(s);
    }
    LocalFree(argv);
    line = list ? cJSON_PrintUnformatted(list) : NULL;
    cJSON_Delete(list);
    fake_path(path, sizeof path, "wsl-args.log");
    if (line && (f = fopen(path, "ab")) != NULL) {
        fprintf(f, "%s\n", line);
        fclose(f);
        if ((f = fopen(path, "rb")) != NULL) {
            while ((c = fgetc(f)) != EOF)
                number += c == '\n';
            fclose(f);
        }
    }
    free(line);
    return number;
}

/* Saves stdin (a pipe or a file only: never waits on a console) to wsl-stdin-N.bin. */
static void save_stdin(int number)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD type = in && in != INVALID_HANDLE_VALUE ? GetFileType(in) : FILE_TYPE_UNKNOWN, got;
    char path[MAX_PATH], leaf[64], buf[65536];
    FILE *f;
    if (number <= 0 || (type != FILE_TYPE_PIPE && type != FILE_TYPE_DISK))
        return;
    snprintf(leaf, sizeof leaf, "wsl-stdin-%d.bin", number);
    fake_path(path, sizeof path, leaf);
    if (!(f = fopen(path, "wb")))
        return;
    while (ReadFile(in, buf, sizeof buf, &got, NULL) && got > 0)
        fwrite(buf, 1, got, f);
    fclose(f);
}

/* Whether the marker handle of tests/fakes/inherit reached this process. */
static void log_marker(void)
{
    char value[32], path[MAX_PATH], buf[64] = "";
    DWORD n = GetEnvironmentVariableA("WSLNET_FAKE_MARKER_HANDLE", value, (DWORD)sizeof value), got = 0;
    HANDLE h;
    FILE *f;
    int inherited;
    if (n == 0 || n >= sizeof value)
        return;
    h = (HANDLE)(ULONG_PTR)strtoull(value, NULL, 16);
    inherited = SetFilePointer(h, 0, NULL, FILE_BEGIN) != INVALID_SET_FILE_POINTER &&
                ReadFile(h, buf, (DWORD)sizeof buf - 1, &got, NULL) && got > 0 &&
                strncmp(buf, "wslnet-marker", 13) == 0;
    fake_path(path, sizeof path, "wsl-marker.log");
    if ((f = fopen(path, "ab")) != NULL) {
        fprintf(f, "%s\n", inherited ? "inherited" : "not inherited");
        fclose(f);
    }
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len + 1 < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

int main(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    char path[MAX_PATH];

    log_command_line();
    log_marker();
    save_stdin(log_arguments());
    fake_path(path, sizeof path, "wsl.json");
    char *text = read_file(path);
    if (!text) {
        char utf8env[8] = "";
        GetEnvironmentVariableA("WSL_UTF8", utf8env, (DWORD)sizeof utf8env);
        write_text(out,
                   "Windows Subsystem for Linux has no installed distributions.\r\n"
                   "You can resolve this by installing a distribution with the instructions below:\r\n"
                   "\r\n"
                   "Use 'wsl.exe --list --online' to list available distributions\r\n"
                   "and 'wsl.exe --install <Distro>' to install.\r\n",
                   strcmp(utf8env, "1") != 0);
        return 1;
    }
    cJSON *state = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(state)) {
        write_text(err, "fake wsl.exe: wsl.json is not a JSON object\r\n", 0);
        cJSON_Delete(state);
        return 2;
    }
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(state, "stdout");
    const cJSON *enc = cJSON_GetObjectItemCaseSensitive(state, "encoding");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(state, "exitCode");
    int utf16 = cJSON_IsString(enc) &&
                (_stricmp(enc->valuestring, "utf16le") == 0 || _stricmp(enc->valuestring, "utf-16le") == 0);
    if (cJSON_IsString(so))
        write_text(out, so->valuestring, utf16);
    int rc = cJSON_IsNumber(code) ? code->valueint : 0;
    cJSON_Delete(state);
    return rc;
}
