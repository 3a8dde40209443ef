/* safefile.c - capped reads and atomic replacement of files in places an
 * unprivileged user may control, by handle, refusing links (see safefile.h
 * for the rules and what Wine cannot show). */
#include <windows.h>
#include <aclapi.h>
#include <ntsecapi.h>
#include <sddl.h>

#include "safefile.h"

#include "status.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* NT SERVICE\TrustedInstaller: owns and writes Windows' own folders. */
#define TRUSTED_INSTALLER_SID L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"

/* What lets a principal put a file into a folder or take the folder over. */
#define FOLDER_WRITE_RIGHTS                                                                                    \
    (FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY | FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER |            \
     GENERIC_WRITE | GENERIC_ALL | MAXIMUM_ALLOWED)

/* The token user's SID (malloc'd copy), NULL when unreadable. */
static PSID current_user(void)
{
    HANDLE token;
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD size = 0;
    PSID copy = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &size)) {
        PSID sid = ((TOKEN_USER *)buf)->User.Sid;
        DWORD n = GetLengthSid(sid);
        if ((copy = malloc(n)) != NULL)
            CopySid(n, copy, sid);
    }
    CloseHandle(token);
    return copy;
}

wchar_t *wn_sf_current_user_sid(void)
{
    PSID sid = current_user();
    wchar_t *text = NULL, *copy = NULL;
    if (sid && ConvertSidToStringSidW(sid, &text)) {
        copy = _wcsdup(text);
        LocalFree(text);
    }
    free(sid);
    return copy;
}

wchar_t *wn_sf_full_path(const wchar_t *path)
{
    DWORD need = GetFullPathNameW(path, 0, NULL, NULL), got;
    wchar_t *full;
    if (need == 0 || !(full = malloc(need * sizeof *full)))
        return NULL;
    got = GetFullPathNameW(path, need, full, NULL);
    if (got == 0 || got >= need) {
        free(full);
        return NULL;
    }
    return full;
}

/* A malloc'd wide string a + b + c (NULL parts are empty); NULL on no memory. */
static wchar_t *join3(const wchar_t *a, const wchar_t *b, const wchar_t *c)
{
    size_t na = a ? wcslen(a) : 0, nb = b ? wcslen(b) : 0, nc = c ? wcslen(c) : 0;
    wchar_t *s = malloc((na + nb + nc + 1) * sizeof *s);
    if (!s)
        return NULL;
    wmemcpy(s, a ? a : L"", na);
    wmemcpy(s + na, b ? b : L"", nb);
    wmemcpy(s + na + nb, c ? c : L"", nc);
    s[na + nb + nc] = L'\0';
    return s;
}

/* Splits an absolute path into its folder (malloc'd, "C:\" kept whole) and
 * its last component (points into full). 0 when there is no file name. */
static int split_path(const wchar_t *full, wchar_t **dir, const wchar_t **leaf)
{
    const wchar_t *slash = wcsrchr(full, L'\\');
    size_t n;
    if (!slash || !slash[1])
        return 0;
    n = (size_t)(slash - full);
    if (n == 0 || full[n - 1] == L':')
        n++; /* "C:\x": the folder is "C:\" */
    if (!(*dir = malloc((n + 1) * sizeof **dir)))
        return 0;
    wmemcpy(*dir, full, n);
    (*dir)[n] = L'\0';
    *leaf = slash + 1;
    return 1;
}

/* The handle's path with every link resolved, malloc'd; NULL on failure. */
static wchar_t *final_path(HANDLE h)
{
    DWORD need = GetFinalPathNameByHandleW(h, NULL, 0, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS), got;
    wchar_t *s;
    if (need == 0 || !(s = malloc((need + 1) * sizeof *s)))
        return NULL;
    got = GetFinalPathNameByHandleW(h, s, need + 1, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (got == 0 || got > need) {
        free(s);
        return NULL;
    }
    return s;
}

static int same_path(const wchar_t *a, const wchar_t *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

/* A held folder: its handle (no FILE_SHARE_DELETE: it cannot be renamed or
 * replaced while held) and its final path. */
typedef struct folder {
    HANDLE handle;
    wchar_t *final;
} folder;

static void folder_close(folder *f)
{
    if (f->handle && f->handle != INVALID_HANDLE_VALUE)
        CloseHandle(f->handle);
    free(f->final);
    f->handle = NULL;
    f->final = NULL;
}

/* Opens dir as a folder that is not a link. */
static wslnet_status folder_open(const wchar_t *dir, folder *f, wslnet_error *err)
{
    FILE_ATTRIBUTE_TAG_INFO tag;
    DWORD attrs, e;
    char name[300];
    wn_utf8_from_wide(dir, name, sizeof name);
    f->handle = CreateFileW(dir, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE,
                            FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    f->final = NULL;
    if (f->handle == INVALID_HANDLE_VALUE) {
        e = GetLastError();
        f->handle = NULL;
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            return wn_fail(err, WSLNET_E_NOT_FOUND, e, "the folder %.250s does not exist", name);
        return wn_fail_win32(err, e, "opening the folder");
    }
    if (!GetFileInformationByHandleEx(f->handle, FileAttributeTagInfo, &tag, sizeof tag)) {
        e = GetLastError();
        folder_close(f);
        return wn_fail_win32(err, e, "reading the folder's attributes");
    }
    /* Wine 8 shows a symlinked folder as a reparse point by name only */
    attrs = GetFileAttributesW(dir);
    if ((tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) ||
        (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_REPARSE_POINT))) {
        folder_close(f);
        return wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_REPARSE_ATTRIBUTE_CONFLICT,
                       "%.250s is a link (reparse point): wslnet does not write through links", name);
    }
    if (!(tag.FileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
        folder_close(f);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, ERROR_DIRECTORY, "%.250s is a file, not a folder", name);
    }
    if (!(f->final = final_path(f->handle))) {
        e = GetLastError();
        folder_close(f);
        return wn_fail_win32(err, e, "resolving the folder's path");
    }
    return WSLNET_OK;
}

/* The final path a file named leaf directly in f has. */
static wchar_t *child_of(const folder *f, const wchar_t *leaf)
{
    size_t n = wcslen(f->final);
    return join3(f->final, n && f->final[n - 1] == L'\\' ? NULL : L"\\", leaf);
}

/* WSLNET_OK when h is a regular file reached as <f>\<leaf>: not a reparse
 * point, not a link resolved by the file system, one hard link. */
static wslnet_status check_plain_file(HANDLE h, const folder *f, const wchar_t *leaf, const char *shown,
                                      wslnet_error *err)
{
    FILE_ATTRIBUTE_TAG_INFO tag;
    BY_HANDLE_FILE_INFORMATION info;
    wchar_t *want, *got;
    int same;
    if (!GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) ||
        !GetFileInformationByHandle(h, &info))
        return wn_fail_win32(err, GetLastError(), "reading the file's attributes");
    if (tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        return wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_REPARSE_ATTRIBUTE_CONFLICT,
                       "%.250s is a link (reparse point, tag 0x%lx): wslnet does not read or write through links",
                       shown, (unsigned long)tag.ReparseTag);
    if (tag.FileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, ERROR_DIRECTORY, "%.250s is a folder, not a file",
                       shown);
    if (info.nNumberOfLinks > 1)
        return wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_ACCESS_DENIED,
                       "%.250s has %lu hard links: another name shares its content, so wslnet does not use it",
                       shown, (unsigned long)info.nNumberOfLinks);
    want = child_of(f, leaf);
    got = final_path(h);
    same = want && got && same_path(want, got);
    free(want);
    free(got);
    if (!same)
        return wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_REPARSE_ATTRIBUTE_CONFLICT,
                       "%.250s resolves to another place (a link): wslnet does not read or write through links",
                       shown);
    return WSLNET_OK;
}

/* A security descriptor for a new file or folder (LocalFree it). */
static wslnet_status make_sd(const wn_sf_access *access, PSECURITY_DESCRIPTOR *sd, wslnet_error *err)
{
    wchar_t sddl[512];
    /* protected (P): nothing inherited from a folder the user may control */
    int n = swprintf(sddl, ARRAYSIZE(sddl), L"D:P(A;;FA;;;SY)(A;;FA;;;BA)%ls%ls%ls%ls",
                     access && access->user_sid ? L"(A;;FA;;;" : L"",
                     access && access->user_sid ? access->user_sid : L"",
                     access && access->user_sid ? L")" : L"",
                     access && access->readable_by_users ? L"(A;;FR;;;AU)" : L"");
    if (n < 0 || !ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, sd, NULL))
        return wn_fail(err, WSLNET_E_INTERNAL, GetLastError(), "building the new file's access list");
    return WSLNET_OK;
}

/* A name nobody can predict: "<leaf>.<32 hex>.wslnet-tmp". */
static wchar_t *temp_leaf(const wchar_t *leaf)
{
    unsigned char r[16];
    wchar_t hex[40];
    int i;
    if (!RtlGenRandom(r, sizeof r))
        return NULL;
    for (i = 0; i < 16; i++)
        swprintf(hex + 2 * i, 3, L"%02x", r[i]);
    return join3(leaf, L".", hex);
}

/* Marks an open file for deletion and closes it. */
static void discard(HANDLE h)
{
    FILE_DISPOSITION_INFO d = {TRUE};
    SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d);
    CloseHandle(h);
}

/* Creates a new file in f (CREATE_NEW, unpredictable name, explicit DACL),
 * writes data and flushes it. *out is held without sharing. */
static wslnet_status write_new(const folder *f, const wchar_t *dir, const wchar_t *leaf, const wn_sf_access *access,
                               const void *data, size_t len, HANDLE *out, wslnet_error *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
    wchar_t *name = NULL, *tleaf = NULL;
    const char *p = data;
    HANDLE h = INVALID_HANDLE_VALUE;
    wslnet_status st;
    DWORD e;
    size_t sep = wcslen(dir);
    *out = NULL;
    if ((st = make_sd(access, &sa.lpSecurityDescriptor, err)) != WSLNET_OK)
        return st;
    tleaf = temp_leaf(leaf);
    if (tleaf) {
        wchar_t *t = join3(tleaf, L".wslnet-tmp", NULL);
        free(tleaf);
        tleaf = t;
    }
    if (!tleaf || !(name = join3(dir, sep && dir[sep - 1] == L'\\' ? NULL : L"\\", tleaf))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto out;
    }
    /* CREATE_NEW fails on any existing name, a dangling link included */
    h = CreateFileW(name, GENERIC_WRITE | DELETE | SYNCHRONIZE, 0, &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        st = wn_fail_win32(err, GetLastError(), "creating the temporary file in the folder");
        goto out;
    }
    if ((st = check_plain_file(h, f, tleaf, "the temporary file", err)) != WSLNET_OK)
        goto fail;
    while (len > 0) {
        DWORD chunk = len > (1u << 20) ? (1u << 20) : (DWORD)len, done = 0;
        if (!WriteFile(h, p, chunk, &done, NULL) || done == 0) {
            e = GetLastError();
            st = wn_fail_win32(err, e ? e : ERROR_WRITE_FAULT, "writing the temporary file");
            goto fail;
        }
        p += done;
        len -= done;
    }
    /* the new bytes are on disk before the file takes the old one's place */
    if (!FlushFileBuffers(h)) {
        st = wn_fail_win32(err, GetLastError(), "flushing the temporary file");
        goto fail;
    }
    *out = h;
    goto out;
fail:
    discard(h);
out:
    LocalFree(sa.lpSecurityDescriptor);
    free(name);
    free(tleaf);
    return st;
}

/* Renames the open file h to <dir>\<leaf>, replacing what is there: the
 * directory entry is replaced (a link there is replaced, never followed).
 * The folder is held (folder_open) so that dir still names it. The name is
 * the full path: Wine 8 refuses a RootDirectory-relative one (error 87). */
static DWORD rename_into(HANDLE h, const wchar_t *dir, const wchar_t *leaf)
{
    size_t sep = wcslen(dir);
    wchar_t *dest = join3(dir, sep && dir[sep - 1] == L'\\' ? NULL : L"\\", leaf);
    size_t n = dest ? wcslen(dest) * sizeof(wchar_t) : 0;
    size_t size = offsetof(FILE_RENAME_INFO, FileName) + n + sizeof(wchar_t);
    FILE_RENAME_INFO *ri = dest ? calloc(1, size) : NULL;
    DWORD e = 0;
    if (!ri) {
        free(dest);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ri->ReplaceIfExists = TRUE;
    ri->FileNameLength = (DWORD)n;
    memcpy(ri->FileName, dest, n);
    if (!SetFileInformationByHandle(h, FileRenameInfo, ri, (DWORD)size))
        e = GetLastError();
    free(ri);
    free(dest);
    return e;
}

/* 1 when sid is SYSTEM, Administrators, TrustedInstaller (ti) or me. */
static int trusted(PSID sid, PSID me, PSID ti)
{
    return EqualSid(sid, me) || IsWellKnownSid(sid, WinLocalSystemSid) ||
           IsWellKnownSid(sid, WinBuiltinAdministratorsSid) || (ti && EqualSid(sid, ti));
}

/* Refuses a folder that a non-administrator can write into: its owner, and
 * every allow entry that applies to the folder itself, must be SYSTEM,
 * Administrators, TrustedInstaller or this (elevated) process's user. */
static wslnet_status check_admin_only(HANDLE dir, const char *shown, wslnet_error *err)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL, me = current_user(), ti = NULL, bad = NULL;
    PACL dacl = NULL;
    const char *why = NULL;
    wslnet_status st = WSLNET_OK;
    DWORD e, i;
    if (!me)
        return wn_fail(err, WSLNET_E_SYSTEM, 0, "the process token cannot be read");
    ConvertStringSidToSidW(TRUSTED_INSTALLER_SID, &ti);
    e = GetSecurityInfo(dir, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL,
                        &dacl, NULL, &sd);
    if (e != ERROR_SUCCESS) {
        st = wn_fail_win32(err, e, "reading the output folder's access list");
        goto out;
    }
    if (!owner || !trusted(owner, me, ti)) {
        bad = owner;
        why = "is owned by";
    } else if (!dacl) {
        why = "has no access list (everyone may write into it)";
    } else {
        for (i = 0; i < dacl->AceCount && !why; i++) {
            ACCESS_ALLOWED_ACE *ace;
            PSID sid;
            /* allow entries (a callback entry has the same layout); deny
             * entries are not credited: the check errs on refusing */
            if (!GetAce(dacl, i, (void **)&ace) ||
                (ace->Header.AceType != ACCESS_ALLOWED_ACE_TYPE &&
                 ace->Header.AceType != ACCESS_ALLOWED_CALLBACK_ACE_TYPE) ||
                (ace->Header.AceFlags & INHERIT_ONLY_ACE))
                continue;
            sid = (PSID)&ace->SidStart;
            if (trusted(sid, me, ti) || IsWellKnownSid(sid, WinCreatorOwnerSid) || IsWellKnownSid(sid, WinCreatorGroupSid))
                continue;
            if (ace->Mask & FOLDER_WRITE_RIGHTS) {
                bad = sid;
                why = "lets a non-administrator write into it:";
            }
        }
    }
    if (why) {
        wchar_t name[256] = L"", domain[256] = L"", *text = NULL;
        DWORD nn = 256, dn = 256;
        SID_NAME_USE use;
        char who[600] = "";
        if (bad && LookupAccountSidW(NULL, bad, name, &nn, domain, &dn, &use)) {
            wchar_t full[520];
            swprintf(full, ARRAYSIZE(full), L"%ls%ls%ls", domain, domain[0] ? L"\\" : L"", name);
            wn_utf8_from_wide(full, who, sizeof who);
        } else if (bad && ConvertSidToStringSidW(bad, &text)) {
            wn_utf8_from_wide(text, who, sizeof who);
            LocalFree(text);
        }
        st = wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_ACCESS_DENIED,
                     "running elevated, wslnet writes only where non-administrators cannot: %.250s %s %s "
                     "(give --dir a folder that does not exist yet, which wslnet creates for administrators only, "
                     "or restrict this one: icacls FOLDER /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F "
                     "*S-1-5-32-544:(OI)(CI)F *S-1-5-11:(OI)(CI)RX)",
                     shown, why, who);
    }
out:
    if (sd)
        LocalFree(sd);
    if (ti)
        LocalFree(ti);
    free(me);
    return st;
}

wslnet_status wn_sf_read(const wchar_t *path, size_t cap, int refuse_links, uint8_t **bytes, size_t *len,
                         int *exists, wslnet_error *err)
{
    wchar_t *full = wn_sf_full_path(path), *dir = NULL;
    const wchar_t *leaf;
    folder f = {NULL, NULL};
    HANDLE h = INVALID_HANDLE_VALUE;
    LARGE_INTEGER size;
    char shown[300];
    DWORD got = 0, e;
    wslnet_status st = WSLNET_OK;
    *bytes = NULL;
    *len = 0;
    *exists = 0;
    if (!full || !split_path(full, &dir, &leaf)) {
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "not a usable file path");
        goto out;
    }
    wn_utf8_from_wide(full, shown, sizeof shown);
    if (refuse_links && (st = folder_open(dir, &f, err)) != WSLNET_OK) {
        if (st == WSLNET_E_NOT_FOUND) { /* no folder, no file */
            wn_error_clear(err);
            st = WSLNET_OK;
        }
        goto out;
    }
    h = CreateFileW(full, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    refuse_links ? FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS : 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        e = GetLastError();
        if (e != ERROR_FILE_NOT_FOUND && e != ERROR_PATH_NOT_FOUND)
            st = wn_fail_win32(err, e, "opening the file");
        goto out;
    }
    *exists = 1;
    if (refuse_links && (st = check_plain_file(h, &f, leaf, shown, err)) != WSLNET_OK)
        goto out;
    if (!GetFileSizeEx(h, &size)) {
        st = wn_fail_win32(err, GetLastError(), "reading the file's size");
        goto out;
    }
    if ((unsigned long long)size.QuadPart > cap) {
        st = wn_fail(err, WSLNET_E_BAD_DATA, 0, "%.250s is larger than %lu bytes", shown, (unsigned long)cap);
        goto out;
    }
    if (!(*bytes = malloc((size_t)size.QuadPart + 1))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading %.250s", shown);
        goto out;
    }
    /* one byte more than the size: a file that grew since is seen, and capped */
    if (!ReadFile(h, *bytes, (DWORD)size.QuadPart + 1, &got, NULL)) {
        st = wn_fail_win32(err, GetLastError(), "reading the file");
        goto out;
    }
    if (got > size.QuadPart) {
        st = wn_fail(err, WSLNET_E_BUSY, 0, "%.250s grew while it was read: try again", shown);
        goto out;
    }
    *len = got;
out:
    if (st != WSLNET_OK) {
        free(*bytes);
        *bytes = NULL;
        *len = 0;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    folder_close(&f);
    free(dir);
    free(full);
    return st;
}

wslnet_status wn_sf_replace(const wchar_t *path, const void *data, size_t len, const wn_sf_replace_options *opt,
                            wchar_t **backup, wslnet_error *err)
{
    wchar_t *full = wn_sf_full_path(path), *dir = NULL, *backup_leaf = NULL;
    const wchar_t *leaf;
    folder f = {NULL, NULL};
    HANDLE target = INVALID_HANDLE_VALUE, fresh = NULL, old = NULL;
    uint8_t *old_bytes = NULL;
    size_t old_len = 0;
    char shown[300];
    wslnet_status st = WSLNET_OK;
    DWORD e;
    if (backup)
        *backup = NULL;
    if (!full || !split_path(full, &dir, &leaf)) {
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "not a usable file path");
        goto out;
    }
    wn_utf8_from_wide(full, shown, sizeof shown);
    if ((st = folder_open(dir, &f, err)) != WSLNET_OK)
        goto out;
    if (opt->admin_only_folder) {
        char dshown[300];
        wn_utf8_from_wide(dir, dshown, sizeof dshown);
        if ((st = check_admin_only(f.handle, dshown, err)) != WSLNET_OK)
            goto out;
    }
    /* the file as it is: checked, and read for the backup from this handle */
    target = CreateFileW(full, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                         FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (target == INVALID_HANDLE_VALUE) {
        e = GetLastError();
        if (e != ERROR_FILE_NOT_FOUND) {
            st = e == ERROR_SHARING_VIOLATION
                     ? wn_fail(err, WSLNET_E_BUSY, e, "%.250s is open in another program: close it and try again",
                               shown)
                     : wn_fail_win32(err, e, "opening the file to replace");
            goto out;
        }
    } else {
        LARGE_INTEGER size;
        DWORD got = 0;
        if ((st = check_plain_file(target, &f, leaf, shown, err)) != WSLNET_OK)
            goto out;
        if (opt->backup_suffix) {
            if (!GetFileSizeEx(target, &size)) {
                st = wn_fail_win32(err, GetLastError(), "reading the file's size");
                goto out;
            }
            if ((unsigned long long)size.QuadPart > opt->backup_cap) {
                st = wn_fail(err, WSLNET_E_BAD_DATA, 0, "%.250s is larger than %lu bytes", shown,
                             (unsigned long)opt->backup_cap);
                goto out;
            }
            if (!(old_bytes = malloc((size_t)size.QuadPart + 1))) {
                st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
                goto out;
            }
            if (!ReadFile(target, old_bytes, (DWORD)size.QuadPart, &got, NULL)) {
                st = wn_fail_win32(err, GetLastError(), "reading the file for its backup");
                goto out;
            }
            old_len = got;
        }
        /* closed before the rename: Windows refuses to rename over an open file */
        CloseHandle(target);
        target = INVALID_HANDLE_VALUE;
    }
    if ((st = write_new(&f, dir, leaf, &opt->access, data, len, &fresh, err)) != WSLNET_OK)
        goto out;
    if (old_bytes) {
        if (!(backup_leaf = join3(leaf, opt->backup_suffix, NULL))) {
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            goto out;
        }
        if ((st = write_new(&f, dir, leaf, &opt->access, old_bytes, old_len, &old, err)) != WSLNET_OK)
            goto out;
        if ((e = rename_into(old, dir, backup_leaf)) != 0) {
            st = wn_fail_win32(err, e, "putting the backup in place (the file is unchanged)");
            goto out;
        }
        CloseHandle(old);
        old = NULL;
    }
    if ((e = rename_into(fresh, dir, leaf)) != 0) {
        st = wn_fail_win32(err, e, "replacing the file (it is unchanged)");
        goto out;
    }
    CloseHandle(fresh);
    fresh = NULL;
    if (backup && backup_leaf && !(*backup = join3(full, opt->backup_suffix, NULL)))
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory (the file was replaced)");
out:
    if (fresh)
        discard(fresh);
    if (old)
        discard(old);
    if (target != INVALID_HANDLE_VALUE)
        CloseHandle(target);
    folder_close(&f);
    free(old_bytes);
    free(backup_leaf);
    free(dir);
    free(full);
    return st;
}

wslnet_status wn_sf_make_dir(const wchar_t *dir, const wn_sf_access *access, int admin_only, int *created,
                             wslnet_error *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
    wchar_t *full = wn_sf_full_path(dir);
    folder f = {NULL, NULL};
    char shown[300];
    wslnet_status st;
    DWORD e;
    *created = 0;
    if (!full)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "not a usable folder path");
    wn_utf8_from_wide(full, shown, sizeof shown);
    if ((st = make_sd(access, &sa.lpSecurityDescriptor, err)) != WSLNET_OK)
        goto out;
    if (CreateDirectoryW(full, &sa)) {
        *created = 1;
        st = folder_open(full, &f, err); /* still ours, and not swapped meanwhile */
        goto out;
    }
    e = GetLastError();
    if (e != ERROR_ALREADY_EXISTS) {
        st = e == ERROR_PATH_NOT_FOUND
                 ? wn_fail(err, WSLNET_E_NOT_FOUND, e, "cannot create %.250s: its parent folder must exist", shown)
                 : wn_fail_win32(err, e, "creating the output folder");
        goto out;
    }
    if ((st = folder_open(full, &f, err)) != WSLNET_OK)
        goto out;
    if (admin_only)
        st = check_admin_only(f.handle, shown, err);
out:
    folder_close(&f);
    LocalFree(sa.lpSecurityDescriptor);
    free(full);
    return st;
}

/* 1 when name ends with suffix, ignoring case. */
static int ends_with(const wchar_t *name, const wchar_t *suffix)
{
    size_t n = wcslen(name), k = wcslen(suffix);
    return n > k && CompareStringOrdinal(name + n - k, -1, suffix, -1, TRUE) == CSTR_EQUAL;
}

/* Deletes the entry <f>\<leaf> itself. Windows: opened with
 * FILE_FLAG_OPEN_REPARSE_POINT, a link is the link, and deleting it leaves
 * its target. Wine 8 deletes a symlink's target instead (seen: DeleteFileW
 * on a Unix symlink removed the file it points to), so a link that the file
 * system resolved (final path elsewhere) is refused, not removed. */
static wslnet_status delete_entry(const folder *f, const wchar_t *dir, const wchar_t *leaf, wslnet_error *err)
{
    FILE_ATTRIBUTE_TAG_INFO tag;
    FILE_DISPOSITION_INFO d = {TRUE};
    wchar_t *path = join3(dir, L"\\", leaf), *want = NULL, *got = NULL;
    HANDLE h;
    char shown[300];
    wslnet_status st = WSLNET_OK;
    if (!path)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    wn_utf8_from_wide(path, shown, sizeof shown);
    h = CreateFileW(path, DELETE | FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        st = wn_fail_win32(err, GetLastError(), "opening a stale certificate file to remove it");
        goto out;
    }
    if (!GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag)) {
        st = wn_fail_win32(err, GetLastError(), "reading a stale certificate file's attributes");
        goto out;
    }
    if (!(tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
        want = child_of(f, leaf);
        got = final_path(h);
        if (!want || !got || !same_path(want, got)) {
            st = wn_fail(err, WSLNET_E_ACCESS_DENIED, ERROR_REPARSE_ATTRIBUTE_CONFLICT,
                         "%.250s is a link to another place: wslnet neither follows nor removes it; remove it "
                         "yourself (the certificates were written)", shown);
            goto out;
        }
    }
    if (!SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d))
        st = wn_fail_win32(err, GetLastError(), "removing a stale certificate file");
out:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    free(want);
    free(got);
    free(path);
    return st;
}

wslnet_status wn_sf_remove_others(const wchar_t *dir, const wchar_t *suffix, const char *const *keep, size_t count,
                                  size_t *removed, wslnet_error *err)
{
    wchar_t *pattern = NULL;
    WIN32_FIND_DATAW fd;
    HANDLE find = INVALID_HANDLE_VALUE;
    folder f = {NULL, NULL};
    wslnet_status st;
    size_t i;
    *removed = 0;
    if ((st = folder_open(dir, &f, err)) != WSLNET_OK)
        return st;
    if (!(pattern = join3(dir, L"\\*", NULL))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto out;
    }
    if ((find = FindFirstFileW(pattern, &fd)) == INVALID_HANDLE_VALUE) {
        st = wn_fail_win32(err, GetLastError(), "listing the output folder");
        goto out;
    }
    do {
        char name[MAX_PATH * 3];
        int kept = 0;
        if ((fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || !ends_with(fd.cFileName, suffix))
            continue;
        wn_utf8_from_wide(fd.cFileName, name, sizeof name);
        for (i = 0; i < count && !kept; i++)
            kept = _stricmp(keep[i], name) == 0;
        if (kept)
            continue;
        if ((st = delete_entry(&f, dir, fd.cFileName, err)) != WSLNET_OK)
            goto out;
        (*removed)++;
    } while (FindNextFileW(find, &fd));
out:
    if (find != INVALID_HANDLE_VALUE)
        FindClose(find);
    free(pattern);
    folder_close(&f);
    return st;
}
