#!/usr/bin/env bash
# Wine suite: files in user-writable places (win/lib/safefile.c; issue 9,
# findings 1 and 2). wslnet runs elevated here (Wine starts processes with an
# elevated token), as it does from Group Policy, Intune or an admin's prompt;
# "the user" plants links and files beforehand:
# - config set --user NAME: links at the temporary names the old code used
#   (<file>.wslnet-<pid>.tmp), at the backup name and at .wslconfig itself,
#   and a hard link; a victim file outside the profile must stay byte-identical
#   where it is, and its content must not leak into the profile;
# - certs export --out: files and links at the old temporary names
#   (<out>.<pid>.wslnet-tmp) are never reused or written through; --out as a
#   link is refused; elevated, a folder everyone can write into is refused;
# - certs export --dir: stale .crt files (and a .crt link) are removed, other
#   files kept; elevated, a folder everyone can write into is refused.
# How Wine 8 shows a Unix symlink inside drive_c (checked with a probe):
# transparently - no FILE_ATTRIBUTE_REPARSE_POINT on a file link, the handle
# opened with FILE_FLAG_OPEN_REPARSE_POINT is the target's - but
# GetFinalPathNameByHandleW returns the target's path (Z:\...), and a folder
# link shows FILE_ATTRIBUTE_REPARSE_POINT by name. Folder DACLs are made up
# from the Unix mode (0777: Everyone may write). Windows' own ACL evaluation
# and its reparse-point tags cannot be seen here.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"

USERNAME=$(whoami)
PROFILE="$WINEPREFIX/drive_c/users/$USERNAME"
CFG="$PROFILE/.wslconfig"
VICTIMS=$CHECK_TMP/victims # outside the prefix's drive_c, like C:\Windows\System32 would be
mkdir -p "$PROFILE" "$VICTIMS"
sha() { sha256sum "$1" 2>/dev/null | cut -c1-64; }
# plant_links NAME_FORMAT TARGET: a symlink for every process id Wine may
# give wslnet (multiples of 4 below 16384), named by NAME_FORMAT (printf %d)
plant_links() {
    python3 - "$1" "$2" <<'PY'
import os, sys
for pid in range(0, 16384, 4):
    os.symlink(sys.argv[2], sys.argv[1] % pid)
PY
}
# count_links NAME_GLOB_DIR PATTERN: how many entries matching PATTERN are still symlinks
count_links() { find "$1" -maxdepth 1 -name "$2" -type l | wc -l; }
count_files() { find "$1" -maxdepth 1 -name "$2" -type f | wc -l; }

begin
rm -f "$PROFILE"/.wslconfig*
printf '[wsl2]\r\nmemory=4GB\r\n' >"$CFG"
printf 'VICTIM A: a system file\r\n' >"$VICTIMS/a"
printf 'VICTIM B: a system file\r\n' >"$VICTIMS/b"
va=$(sha "$VICTIMS/a") vb=$(sha "$VICTIMS/b")
plant_links "$CFG.wslnet-%d.tmp" "$VICTIMS/a"
ln -s "$VICTIMS/b" "$CFG.wslnet-backup"
run config set wsl2.memory 8GB --user "$USERNAME" --json
want_rc 0
want_json 'd["changed"]' 'd["backup"].endswith(".wslconfig.wslnet-backup")'
want "victim A (linked at every old temporary name) is byte-identical and in place" test "$(sha "$VICTIMS/a")" = "$va"
want "victim B (linked at the backup name) is byte-identical and in place" test "$(sha "$VICTIMS/b")" = "$vb"
want "the profile's .wslconfig has the new value" grep -q "memory=8GB" "$CFG"
want ".wslconfig is a regular file" test -f "$CFG" -a ! -L "$CFG"
want "the backup is a regular file (the link was replaced) holding the old content" \
    sh -c "test -f '$CFG.wslnet-backup' && test ! -L '$CFG.wslnet-backup' && grep -q 'memory=4GB' '$CFG.wslnet-backup'"
want "the 4096 planted links are untouched ($(count_links "$PROFILE" '.wslconfig.wslnet-*.tmp'))" \
    test "$(count_links "$PROFILE" '.wslconfig.wslnet-*.tmp')" = 4096
want "no temporary file is left" test "$(find "$PROFILE" -maxdepth 1 -name '*wslnet-tmp' | wc -l)" = 0
end "config set --user (elevated): links at the temporary and backup names are never written through"

begin
rm -f "$PROFILE"/.wslconfig*
printf '[wsl2]\r\nsecret=hunter2\r\n' >"$VICTIMS/c"
vc=$(sha "$VICTIMS/c")
ln -s "$VICTIMS/c" "$CFG"
run config set wsl2.memory 8GB --user "$USERNAME" --json
want_error accessDenied '"link" in d["error"]["message"]'
want "the victim is byte-identical and in place" test "$(sha "$VICTIMS/c")" = "$vc"
want ".wslconfig is still the user's link" test -L "$CFG"
want "no backup was made (it would hold the victim's content)" test ! -e "$CFG.wslnet-backup"
run config get wsl2.memory --user "$USERNAME" --json
want_error accessDenied
run config show --user "$USERNAME"
want "show does not print the victim's content" sh -c "! grep -q hunter2 '$OUT'"
end "config --user (elevated): a .wslconfig that is a link is refused, for reading and writing; the victim is untouched"

begin
rm -f "$PROFILE"/.wslconfig*
printf '[wsl2]\r\nsecret=hunter2\r\n' >"$WINEPREFIX/drive_c/secret.ini"
vs=$(sha "$WINEPREFIX/drive_c/secret.ini")
ln "$WINEPREFIX/drive_c/secret.ini" "$CFG"
run config set wsl2.memory 8GB --user "$USERNAME" --json
want_error accessDenied '"hard links" in d["error"]["message"]'
want "the hard-linked file is byte-identical" test "$(sha "$WINEPREFIX/drive_c/secret.ini")" = "$vs"
want "no copy of its content was written into the profile" \
    sh -c "! grep -qs hunter2 '$CFG.wslnet-backup' && test \"\$(stat -c %h '$CFG')\" = 2"
end "config --user (elevated): a .wslconfig with a second hard link is refused"

begin
rm -f "$PROFILE"/.wslconfig*
printf '[wsl2]\r\nmemory=4GB\r\n' >"$VICTIMS/own"
ln -s "$VICTIMS/own" "$CFG"
run_limited config get wsl2.memory --json
want_rc 0
want_json 'd["value"] == "4GB"'
run_limited config set wsl2.memory 6GB --json
want_error accessDenied
want "the user's own link target is unchanged" grep -q "memory=4GB" "$VICTIMS/own"
rm -f "$CFG"
end "not elevated: a user reads their own linked .wslconfig; a set through it is refused (never written through)"

# ------------------------------------------------------------------ certs

OUTD=$WINEPREFIX/drive_c/export
mkdir -p "$OUTD"
chmod 755 "$OUTD"
begin
printf "user's\n" >"$VICTIMS/squat"
python3 - "$OUTD/bundle.pem.%d.wslnet-tmp" <<'PY'
import sys
for pid in range(0, 16384, 4):
    open(sys.argv[1] % pid, "w").write("user's\n")
PY
printf 'VICTIM D\n' >"$VICTIMS/d"
vd=$(sha "$VICTIMS/d")
plant_links "$OUTD/linked.pem.%d.wslnet-tmp" "$VICTIMS/d"
run certs export --out 'C:\export\bundle.pem' --json
want_rc 0
want_json 'd["count"] > 0'
want "the bundle is a PEM file" grep -q "BEGIN CERTIFICATE" "$OUTD/bundle.pem"
want "every file the user created at the old temporary names is still there, unchanged ($(count_files "$OUTD" 'bundle.pem.*.wslnet-tmp') of 4096)" \
    sh -c "test \"\$(find '$OUTD' -maxdepth 1 -name 'bundle.pem.*.wslnet-tmp' -type f | wc -l)\" = 4096 && ! grep -L \"user's\" '$OUTD'/bundle.pem.*.wslnet-tmp | grep -q ."
run certs export --out 'C:\export\linked.pem' --json
want_rc 0
want "victim D (linked at every old temporary name) is byte-identical and in place" test "$(sha "$VICTIMS/d")" = "$vd"
want "linked.pem is a new regular file" test -f "$OUTD/linked.pem" -a ! -L "$OUTD/linked.pem"
find "$OUTD" -maxdepth 1 -name '*.wslnet-tmp' -delete
end "certs export --out (elevated): files and links at the old temporary names are never reused or written through"

begin
printf 'VICTIM E\n' >"$VICTIMS/e"
ve=$(sha "$VICTIMS/e")
ln -s "$VICTIMS/e" "$OUTD/e.pem"
run certs export --out 'C:\export\e.pem' --json
want_error accessDenied '"link" in d["error"]["message"]'
want "victim E is byte-identical" test "$(sha "$VICTIMS/e")" = "$ve"
want "e.pem is still the link" test -L "$OUTD/e.pem"
end "certs export --out: a target that is a link is refused"

begin
mkdir -p "$WINEPREFIX/drive_c/open"
chmod 777 "$WINEPREFIX/drive_c/open"
run certs export --out 'C:\open\bundle.pem' --json
want_error accessDenied '"non-administrator" in d["error"]["message"]' '"Everyone" in d["error"]["message"]'
want "nothing was written" test ! -e "$WINEPREFIX/drive_c/open/bundle.pem"
run_limited certs export --out 'C:\open\bundle.pem' --json
want_rc 0
want "not elevated, the user may write where they can" test -f "$WINEPREFIX/drive_c/open/bundle.pem"
run certs export --dir 'C:\open\crts' --json
want_rc 0
want "a new --dir inside it is created by wslnet, with its own DACL (admins only)" test -d "$WINEPREFIX/drive_c/open/crts"
run certs export --dir 'C:\open' --json
want_error accessDenied
want "no .crt was written into the world-writable folder" test "$(find "$WINEPREFIX/drive_c/open" -maxdepth 1 -name '*.crt' | wc -l)" = 0
end "certs export elevated: a folder everyone can write into (mode 0777, Everyone: write) is refused for --out and --dir"

begin
D=$OUTD/crts
mkdir -p "$D"
printf 'stale\n' >"$D/Removed_Root-0123456789ABCDEF.crt"
printf 'stale\n' >"$D/Old_Root-01234567.crt"
printf 'keep\n' >"$D/notes.txt"
run certs export --dir 'C:\export\crts' --json
want_rc 0
want_json 'd["output"]["type"] == "directory"'
n=$(python3 -c "import json; print(json.load(open('$OUT'))['count'])" 2>/dev/null)
want "the folder holds exactly the $n exported certificates as .crt files ($(find "$D" -name '*.crt' | wc -l))" \
    test "$(find "$D" -name '*.crt' | wc -l)" = "${n:-x}"
want "stale .crt files are gone" test ! -e "$D/Removed_Root-0123456789ABCDEF.crt" -a ! -e "$D/Old_Root-01234567.crt"
want "other files are left alone" grep -qx keep "$D/notes.txt"
want "every .crt is named <name>-<16 thumbprint digits>.crt" \
    sh -c "! find '$D' -name '*.crt' | grep -vqE -- '-[0-9A-F]{16}([0-9A-F]{24})?\.crt$'"
end "certs export --dir: the folder ends up holding exactly this export's .crt files (stale ones removed, other files kept)"

begin
printf 'VICTIM F\n' >"$VICTIMS/f"
vf=$(sha "$VICTIMS/f")
ln -s "$VICTIMS/f" "$D/Planted-FFFFFFFFFFFFFFFF.crt"
run certs export --dir 'C:\export\crts' --json
want_error accessDenied '"Planted-FFFFFFFFFFFFFFFF.crt" in d["error"]["message"]' '"link" in d["error"]["message"]'
want "the planted link's target is byte-identical and in place" test "$(sha "$VICTIMS/f")" = "$vf"
want "the link is left for an administrator to look at" test -L "$D/Planted-FFFFFFFFFFFFFFFF.crt"
rm -f "$D/Planted-FFFFFFFFFFFFFFFF.crt"
end "certs export --dir: a .crt link planted in the folder is neither followed nor removed (Wine would delete its target): refused"

check_summary
