#!/usr/bin/env bash
# Wine suite: certs export / certs install.
#
# The prefix's certificate stores are Wine's real crypt32 over its registry.
# Wine 8 fills LocalMachine\Root, on a process's first open of it, from the
# host's CA bundle (/etc/ssl/certs/ca-certificates.crt) plus five built-in
# Microsoft roots, as volatile registry keys under
# HKLM\Software\Microsoft\SystemCertificates\Root\Certificates. This suite
# seeds more certificates there (and in CurrentUser\Root, the Group Policy
# Root store, LocalMachine\CA and LocalMachine\Disallowed) the way Windows keeps them: one key per
# certificate, named by its SHA-1, with a "Blob" of serialized properties.
# The expected count comes from the registry itself (reg export, decoded here,
# validity judged by openssl), never from wslnet.
#
# install runs against the fake wsl.exe (tests/fakes/wsl), which records its
# arguments and its stdin; the recorded script is then run for real with the
# recorded stdin, in a private mount namespace (tmpfs over the distro-side
# directories), with the host's update-ca-certificates.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"

command -v openssl >/dev/null || { echo "error: openssl is needed (apt-get install openssl)" >&2; exit 2; }
cp "$FAKES/wsl.exe" "$WT_SYSTEM32/wsl.exe"

PKI=$CHECK_TMP/pki
mkdir -p "$PKI/new"
: >"$PKI/index.txt"
echo 1000 >"$PKI/serial"
cat >"$PKI/ca.cnf" <<EOF
[ca]
default_ca = c
[c]
database = $PKI/index.txt
new_certs_dir = $PKI/new
serial = $PKI/serial
default_md = sha256
policy = p
unique_subject = no
email_in_dn = no
copy_extensions = none
[p]
organizationName = optional
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
EOF

# mkcert NAME "CN" START END [ISSUER]: an EC CA certificate with exact dates
# (openssl ca can set a start date in the past or the future).
mkcert() {
    local name=$1 cn=$2 start=$3 end=$4 issuer=${5:-}
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/$name.key" \
        -subj "/O=Contoso Test/CN=$cn" -out "$PKI/$name.csr" 2>/dev/null || exit 2
    if [ -z "$issuer" ]; then
        openssl ca -batch -config "$PKI/ca.cnf" -selfsign -keyfile "$PKI/$name.key" -in "$PKI/$name.csr" \
            -startdate "$start" -enddate "$end" -extensions v3_ca -notext -out "$PKI/$name.pem" 2>/dev/null || exit 2
    else
        openssl ca -batch -config "$PKI/ca.cnf" -cert "$PKI/$issuer.pem" -keyfile "$PKI/$issuer.key" \
            -in "$PKI/$name.csr" -startdate "$start" -enddate "$end" -extensions v3_ca -notext \
            -out "$PKI/$name.pem" 2>/dev/null || exit 2
    fi
    openssl x509 -in "$PKI/$name.pem" -outform DER -out "$PKI/$name.der" || exit 2
}
# sha1 NAME: the certificate's thumbprint as Windows writes it
sha1() { openssl x509 -in "$PKI/$1.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g'; }

mkcert corp "Contoso Corp Root CA" 20200101000000Z 20450101000000Z
mkcert user "Fabrikam User Root" 20200101000000Z 20450101000000Z
mkcert gpo "Contoso TLS Inspection CA" 20200101000000Z 20450101000000Z
mkcert expired "Contoso Expired Root" 20000101000000Z 20010101000000Z
mkcert future "Contoso Future Root" 20900101000000Z 20910101000000Z
mkcert issuing "Contoso Issuing CA 1" 20200101000000Z 20400101000000Z corp
mkcert revoked "Contoso Revoked Root" 20200101000000Z 20450101000000Z
CORP=$(sha1 corp) USER_T=$(sha1 user) GPO=$(sha1 gpo) EXPIRED=$(sha1 expired) FUTURE=$(sha1 future)
ISSUING=$(sha1 issuing) REVOKED=$(sha1 revoked)

TOOL=$CHECK_TMP/certs.py
cat >"$TOOL" <<'PYEOF'
import datetime, hashlib, os, re, subprocess, sys, tempfile

def blob_hex(der):
    # A serialized certificate element: property 32 (CERT_CERT_PROP_ID),
    # encoding 1 (X509_ASN_ENCODING), length, DER; as Windows stores "Blob".
    data = (32).to_bytes(4, "little") + (1).to_bytes(4, "little") + len(der).to_bytes(4, "little") + der
    return ",".join("%02x" % b for b in data)

def mkreg(out, *pairs):
    # pairs: KEY DERFILE KEY DERFILE ...; KEY is the store's Certificates key
    lines = ["REGEDIT4", ""]
    for key, path in zip(pairs[::2], pairs[1::2]):
        der = open(path, "rb").read()
        lines += ["[%s\\%s]" % (key, hashlib.sha1(der).hexdigest().upper()), '"Blob"=hex:' + blob_hex(der), ""]
    open(out, "w").write("\r\n".join(lines) + "\r\n")

def ders_from_export(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8", "replace")
    text = text.replace("\\\r\n", "").replace("\\\n", "")
    for m in re.finditer(r'"Blob"=hex:([0-9a-fA-F,\s]*)', text):
        data = bytes(int(x, 16) for x in re.split(r"[,\s]+", m.group(1).strip()) if x)
        i = 0
        while i + 12 <= len(data):
            prop, _, n = (int.from_bytes(data[i + k:i + k + 4], "little") for k in (0, 4, 8))
            if prop == 32:
                yield data[i + 12:i + 12 + n]
            i += 12 + n

def valid_now(der):
    # openssl judges the dates; we only compare them with now
    with tempfile.NamedTemporaryFile(suffix=".der", delete=False) as f:
        f.write(der)
    try:
        out = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", f.name, "-noout", "-startdate", "-enddate"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    d = dict(l.split("=", 1) for l in out.strip().splitlines())
    parse = lambda s: datetime.datetime.strptime(s.replace("  ", " "), "%b %d %H:%M:%S %Y GMT")
    now = datetime.datetime.utcnow()
    return parse(d["notBefore"]) <= now <= parse(d["notAfter"])

def count(distrusted, *exports):
    # unique (by SHA-1) certificates valid now over the given reg exports,
    # leaving out those the distrusted reg export (a Disallowed store) holds
    banned = set()
    if os.path.exists(distrusted):
        banned = {hashlib.sha1(der).hexdigest().upper() for der in ders_from_export(distrusted)}
    seen = {}
    for p in exports:
        if os.path.exists(p):
            for der in ders_from_export(p):
                seen[hashlib.sha1(der).hexdigest().upper()] = der
    valid = sorted(t for t, der in seen.items() if t not in banned and valid_now(der))
    print(len(valid))
    for t in valid:
        print(t)

def host_count(bundle):
    # unique valid certificates of a PEM bundle, by openssl
    text = open(bundle).read()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S)
    seen = set()
    for b in blocks:
        der = subprocess.run(["openssl", "x509", "-outform", "DER"], input=b.encode(), capture_output=True,
                             check=True).stdout
        if valid_now(der):
            seen.add(hashlib.sha1(der).hexdigest())
    print(len(seen))

{"mkreg": mkreg, "count": count, "host_count": host_count}[sys.argv[1]](*sys.argv[2:])
PYEOF

LM='HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates'
CU='HKEY_CURRENT_USER\Software\Microsoft\SystemCertificates'
GP='HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\SystemCertificates'
python3 "$TOOL" mkreg "$CHECK_TMP/seed.reg" \
    "$LM\\Root\\Certificates" "$PKI/corp.der" "$LM\\Root\\Certificates" "$PKI/expired.der" \
    "$LM\\Root\\Certificates" "$PKI/future.der" \
    "$CU\\Root\\Certificates" "$PKI/user.der" "$CU\\Root\\Certificates" "$PKI/corp.der" \
    "$GP\\Root\\Certificates" "$PKI/gpo.der" "$LM\\CA\\Certificates" "$PKI/issuing.der" \
    "$LM\\Root\\Certificates" "$PKI/revoked.der" "$LM\\Disallowed\\Certificates" "$PKI/revoked.der" || exit 2
wine reg import "$(wt_winpath "$CHECK_TMP/seed.reg")" >/dev/null 2>&1 || { echo "error: reg import failed" >&2; exit 2; }

# pem_count FILE: certificates in a PEM file, as openssl reads them (0 when it cannot)
pem_count() {
    openssl crl2pkcs7 -nocrl -certfile "$1" 2>/dev/null | openssl pkcs7 -print_certs -noout 2>/dev/null |
        grep -c '^subject='
}
# pem_sha1s FILE: the SHA-1 of each certificate in a PEM file, sorted
pem_sha1s() {
    openssl storeutl -certs -noout -text "$1" >/dev/null 2>&1 || return 1
    awk '/BEGIN CERT/{f="'"$CHECK_TMP"'/one.pem"; printf "" > f} f{print > f} /END CERT/{close(f); system("openssl x509 -in " f " -noout -fingerprint -sha1"); f=""}' "$1" |
        sed 's/.*=//; s/://g' | sort
}

# ---------------------------------------------------------------- export

begin
run certs export # first crypt32 use in the prefix: Wine imports the host's roots now
want_rc 0
cp "$OUT" "$CHECK_TMP/stdout.pem"
for k in "$LM\\Root" "$CU\\Root" "$GP\\Root" "$LM\\CA" "$LM\\Disallowed"; do
    f=$CHECK_TMP/export-$(printf '%s' "$k" | tr -c 'A-Za-z' _).reg
    wine reg export "$k" "$(wt_winpath "$f")" /y >/dev/null 2>&1
done
python3 "$TOOL" count "$CHECK_TMP"/export-*_Disallowed.reg "$CHECK_TMP"/export-*_Root.reg >"$CHECK_TMP/expected.count"
EXPECTED=$(head -n 1 "$CHECK_TMP/expected.count")
tail -n +2 "$CHECK_TMP/expected.count" >"$CHECK_TMP/expected.sha1"
GOT=$(pem_count "$CHECK_TMP/stdout.pem")
want "expected count from the registry is plausible (>= 3 seeded), got '$EXPECTED'" test "${EXPECTED:-0}" -ge 3
want "openssl reads $EXPECTED certificates from the bundle, got $GOT" test "$GOT" = "$EXPECTED"
pem_sha1s "$CHECK_TMP/stdout.pem" >"$CHECK_TMP/got.sha1"
want "the bundle holds exactly the Root stores' unexpired certificates: $(diff "$CHECK_TMP/expected.sha1" "$CHECK_TMP/got.sha1" | head -5 | tr '\n' ' ')" \
    cmp -s "$CHECK_TMP/expected.sha1" "$CHECK_TMP/got.sha1"
want "the seeded corp, user and policy roots are in it" \
    sh -c "grep -qx $CORP '$CHECK_TMP/got.sha1' && grep -qx $USER_T '$CHECK_TMP/got.sha1' && grep -qx $GPO '$CHECK_TMP/got.sha1'"
want "the expired, the not yet valid and the distrusted roots are not" \
    sh -c "! grep -q -e $EXPIRED -e $FUTURE -e $REVOKED '$CHECK_TMP/got.sha1'"
want "the intermediate (CA store) is not in the default export" sh -c "! grep -q $ISSUING '$CHECK_TMP/got.sha1'"
want "stdout is PEM only (LF, BEGIN first)" sh -c "head -c 27 '$CHECK_TMP/stdout.pem' | grep -q 'BEGIN CERTIFICATE' && ! grep -q \$'\\r' '$CHECK_TMP/stdout.pem'"
end "export to stdout: openssl parses the bundle; it holds the $EXPECTED unexpired, not distrusted certificates of the prefix's Root stores (counted from the registry)"

if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    begin
    HOST_VALID=$(python3 "$TOOL" host_count /etc/ssl/certs/ca-certificates.crt)
    # Wine's five built-in Microsoft roots: Authenticode (1999), Root Authority
    # (2020), Root Certificate Authority (2021) have expired; 2010 and 2011 have not.
    want "the Root stores = host bundle's ${HOST_VALID:-?} unexpired + 2 Microsoft + 3 seeded (and exported) = $EXPECTED" \
        test "$((${HOST_VALID:-0} + 2 + 3))" = "$EXPECTED"
    end "Wine's LocalMachine\\Root is the host's /etc/ssl/certs/ca-certificates.crt plus Wine's Microsoft roots"
else
    tap_skip "Wine's LocalMachine\\Root is the host's CA bundle plus Wine's Microsoft roots" "no /etc/ssl/certs/ca-certificates.crt (package ca-certificates)"
fi

begin
run certs export --json
want_rc 0
want_json 'd["kind"] == "certsExport"' "d['count'] == $EXPECTED" 'd["count"] == len(d["certificates"])' \
    'd["output"] == {"type": "none", "path": None}' \
    "[s['store'] for s in d['stores']] == ['machine', 'user', 'enterprise', 'policy', 'disallowed', 'disallowed']" \
    "[(s['location'], s['status']) for s in d['stores'] if s['store'] == 'disallowed'] == [('LocalMachine', 'ok'), ('CurrentUser', 'notFound')]" \
    "d['skipped']['disallowed'] == 1" \
    "all(s['status'] == 'ok' for s in d['stores'] if s['store'] in ('machine', 'user', 'policy'))" \
    "[s for s in d['stores'] if s['store'] == 'enterprise'][0]['status'] != 'ok'" \
    "d['skipped']['expired'] >= 1 and d['skipped']['notYetValid'] >= 1 and d['skipped']['duplicates'] >= 1" \
    "[c for c in d['certificates'] if c['thumbprint'] == '$CORP'][0]['stores'] == ['machine', 'user']" \
    "[c for c in d['certificates'] if c['thumbprint'] == '$GPO'][0]['store'] == 'policy'" \
    "[c for c in d['certificates'] if c['thumbprint'] == '$CORP'][0]['subject'] == 'CN=Contoso Corp Root CA, O=Contoso Test'" \
    "[c for c in d['certificates'] if c['thumbprint'] == '$CORP'][0]['notAfter'] == '2045-01-01T00:00:00Z'" \
    "[c for c in d['certificates'] if c['thumbprint'] == '$CORP'][0]['file'] == 'Contoso_Corp_Root_CA-${CORP:0:16}.crt'" \
    "not [c for c in d['certificates'] if c['thumbprint'] in ('$EXPIRED', '$FUTURE', '$REVOKED')]"
end "export --json: stores reported one by one (Wine has no enterprise store: reported, not fatal), expired/not yet valid/distrusted skipped, duplicates merged"

begin
echo "old content" >"$CHECK_TMP/bundle.pem"
run certs export --out "$(wt_winpath "$CHECK_TMP/bundle.pem")"
want_rc 0
want_stdout_has "Wrote $EXPECTED certificates to" "Skipped:"
want "--out bundle equals the stdout bundle" cmp -s "$CHECK_TMP/bundle.pem" "$CHECK_TMP/stdout.pem"
want "no temporary file left beside it" sh -c "! ls '$CHECK_TMP' | grep -q wslnet-tmp"
want "openssl storeutl reads it" sh -c "openssl storeutl -certs '$CHECK_TMP/bundle.pem' >/dev/null 2>&1"
run certs export --out "$(wt_winpath "$CHECK_TMP/no-such-dir/bundle.pem")"
want_rc 4
want_err_line "does not exist"
end "export --out FILE replaces the file atomically with the bundle; an impossible path fails with nothing written"

begin
run certs export --subject 'contoso CORP' --json
want_rc 0
want_json "d['count'] == 1" "d['certificates'][0]['thumbprint'] == '$CORP'" "d['skipped']['filtered'] >= 1"
lower=$(printf '%s' "$GPO" | tr A-F a-f | sed 's/../& /g')
run certs export --thumbprint "$lower" --json
want_rc 0
want_json "[c['thumbprint'] for c in d['certificates']] == ['$GPO']"
run certs export --subject Contoso --subject Fabrikam --json
want_rc 0
want_json "sorted(c['thumbprint'] for c in d['certificates']) == sorted(['$CORP', '$GPO', '$USER_T'])"
run certs export --subject Fabrikam --thumbprint "$CORP" --json
want_error notFound
run certs export --subject 'Contoso Expired'
want_rc 4
want_err_line "no certificate matched \\(1 expired"
run certs export --thumbprint 1234 --json
want_error invalidInput
end "filters: --subject (case-insensitive, repeatable), --thumbprint (any case, spaces), both must match; nothing matched exits 4; a bad thumbprint 3"

begin
mkdir -p "$CHECK_TMP/crts"
echo keep >"$CHECK_TMP/crts/other.txt"
run certs export --dir "$(wt_winpath "$CHECK_TMP/crts")" --json
want_rc 0
want_json "d['output']['type'] == 'directory'" "d['count'] == $EXPECTED"
n=$(find "$CHECK_TMP/crts" -name '*.crt' | wc -l)
want "one .crt per certificate: $n files for $EXPECTED" test "$n" = "$EXPECTED"
bad=0
for f in "$CHECK_TMP"/crts/*.crt; do
    [ "$(pem_count "$f")" = 1 ] || bad=$((bad + 1))
    t=$(openssl x509 -in "$f" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
    case "$(basename "$f")" in *-"${t:0:16}".crt) ;; *) bad=$((bad + 1)) ;; esac
    case "$(basename "$f")" in *[!A-Za-z0-9._-]*|.*|-*) bad=$((bad + 1)) ;; esac
done
want "each .crt is one certificate named <name>-<its thumbprint>.crt ($bad bad)" test "$bad" = 0
want "the corp root's file" test -f "$CHECK_TMP/crts/Contoso_Corp_Root_CA-${CORP:0:16}.crt"
want "other files in the directory are left alone" grep -qx keep "$CHECK_TMP/crts/other.txt"
run certs export --dir "$(wt_winpath "$CHECK_TMP/crts/other.txt")"
want_rc 3
run certs export --dir x --out y
want_rc 2
end "export --dir writes one .crt per certificate, each parsed by openssl; a file as --dir is refused; --dir with --out is a usage error"

begin
run certs export --store policy --json
want_rc 0
want_json "[c['thumbprint'] for c in d['certificates']] == ['$GPO']" "[s['store'] for s in d['stores']][0] == 'policy'"
run certs export --intermediate --subject 'Issuing CA' --json
want_rc 0
want_json "[c['thumbprint'] for c in d['certificates']] == ['$ISSUING']" "d['certificates'][0]['store'] == 'ca'" \
    "d['certificates'][0]['issuer'] == 'CN=Contoso Corp Root CA, O=Contoso Test'"
run certs export --store machine,ca --subject 'Issuing CA' --json
want_rc 0
want_json "d['count'] == 1"
run certs export --store machine,bogus
want_rc 3
want_err_line "not a store list"
run_limited certs export --store policy --json
want_rc 0
want_json "d['count'] == 1"
end "--store chooses the stores, --intermediate adds LocalMachine\\CA; unknown store exits 3; no elevation needed"

# ---------------------------------------------------------------- install

ARGS_LOG=$WT_FAKE/wsl-args.log
begin
rm -f "$ARGS_LOG" "$WT_FAKE"/wsl-stdin-*.bin
run certs install --distro Ubuntu-22.04 --subject CN=Contoso --dry-run --json
want_rc 0
want_json 'd["kind"] == "certsInstall"' 'd["dryRun"] is True' 'd["ran"] is False' 'd["exitCode"] is None' \
    'd["distro"] == "Ubuntu-22.04"' 'd["directory"] == "/usr/local/share/ca-certificates/wslnet"' \
    'd["wsl"].lower().endswith("\\system32\\wsl.exe")' \
    'd["arguments"][:7] == ["-d", "Ubuntu-22.04", "-u", "root", "-e", "sh", "-c"]' \
    'd["arguments"][8] == "wslnet-certs"' 'len(d["files"]) == 2' "d['inputBytes'] > 0"
run certs install --distro Ubuntu-22.04 --subject CN=Contoso --dry-run
want_rc 0
want_stdout_has "Plan:" "Contoso_Corp_Root_CA-${CORP:0:16}.crt" "Dry run: nothing was run."
want "dry run starts no wsl.exe" test ! -e "$ARGS_LOG"
end "install --dry-run shows the plan (wsl.exe from System32, arguments, files) and runs nothing"

begin
rm -f "$ARGS_LOG" "$WT_FAKE"/wsl-stdin-*.bin
# shellcheck disable=SC2016  # '$(id)' is a name to refuse, not to expand
for name in 'Ubuntu;reboot' '-u' 'a b' '$(id)' 'x"y' '..' 'Ubuntu/../x'; do
    run certs install --distro "$name" --json
    want_error invalidInput
done
run certs install --distro 'bad name'
want_rc 3
want_err_line "not a WSL distribution name"
run certs install --json
want_error usage
want "a refused distro name starts no wsl.exe" test ! -e "$ARGS_LOG"
end "install refuses a distro name that is not [A-Za-z0-9._-] (exit 3) and runs nothing"

begin
rm -f "$ARGS_LOG" "$WT_FAKE"/wsl-stdin-*.bin
printf '{"stdout":"Updating certificates in /etc/ssl/certs...\\n3 added, 0 removed; done.\\n","exitCode":0}' >"$WT_FAKE/wsl.json"
run_limited certs install --distro Ubuntu-22.04 --subject Contoso --subject Fabrikam --json
want_rc 0
want_json 'd["ran"] is True' 'd["exitCode"] == 0' '"3 added" in d["output"]' 'len(d["files"]) == 3'
want "wsl.exe ran once" test "$(wc -l <"$ARGS_LOG" 2>/dev/null)" = 1
python3 - "$ARGS_LOG" "$CHECK_TMP/script.sh" <<'PYEOF' || REASONS+=("wsl.exe's arguments: $(head -c 300 "$ARGS_LOG" 2>/dev/null)")
import json, sys
args = json.loads(open(sys.argv[1]).readline())
assert args[:7] == ["-d", "Ubuntu-22.04", "-u", "root", "-e", "sh", "-c"], args[:7]
assert args[8:] == ["wslnet-certs"], args[8:]
assert "update-ca-certificates" in args[7] and "/usr/local/share/ca-certificates/wslnet" in args[7]
open(sys.argv[2], "w").write(args[7])
PYEOF
STDIN=$WT_FAKE/wsl-stdin-1.bin
want "wsl.exe received the PEM files on stdin" test -s "$STDIN"
grep '^# wslnet-file ' "$STDIN" 2>/dev/null | sed 's/^# wslnet-file //' | sort >"$CHECK_TMP/files.got"
printf '%s\n' "Contoso_Corp_Root_CA-${CORP:0:16}.crt" "Contoso_TLS_Inspection_CA-${GPO:0:16}.crt" \
    "Fabrikam_User_Root-${USER_T:0:16}.crt" | sort >"$CHECK_TMP/files.want"
want "stdin names the three files: $(tr '\n' ' ' <"$CHECK_TMP/files.got")" cmp -s "$CHECK_TMP/files.got" "$CHECK_TMP/files.want"
pem_sha1s "$STDIN" >"$CHECK_TMP/stdin.sha1"
printf '%s\n' "$CORP" "$GPO" "$USER_T" | sort >"$CHECK_TMP/stdin.want"
want "stdin's PEM blocks are those three certificates" cmp -s "$CHECK_TMP/stdin.sha1" "$CHECK_TMP/stdin.want"
end "install (non-elevated) runs System32's wsl.exe -d NAME -u root -e sh -c SCRIPT once, the chosen certificates as PEM on its stdin"

begin
# The recorded script, run for real on the recorded stdin: a private mount
# namespace puts tmpfs over the distro-side directories, so the host's own
# files are never touched; update-ca-certificates is the host's (Debian's).
if unshare -m true 2>/dev/null && command -v update-ca-certificates >/dev/null; then
    # shellcheck disable=SC2016  # expanded by the inner sh
    unshare -m sh -c '
        set -e
        for d in /usr/local/share/ca-certificates /etc/ssl/certs /etc/ca-certificates/update.d; do
            mount -t tmpfs wslnet-test "$d"
        done
        echo old >/usr/local/share/ca-certificates/mine.crt.keep
        mkdir -p /usr/local/share/ca-certificates/wslnet
        echo stale >/usr/local/share/ca-certificates/wslnet/Removed_Root-00000000.crt
        sh -c "$(cat "$1")" wslnet-certs <"$2" >"$3/run.out" 2>&1
        ls /usr/local/share/ca-certificates/wslnet >"$3/run.files"
        ls /usr/local/share/ca-certificates >"$3/run.top"
        cp /etc/ssl/certs/ca-certificates.crt "$3/run.bundle"
        cp -r /usr/local/share/ca-certificates/wslnet "$3/run.dir"
    ' sh "$CHECK_TMP/script.sh" "$STDIN" "$CHECK_TMP"
    rc=$?
    want "the script exits 0 (got $rc): $(tail -c 300 "$CHECK_TMP/run.out" 2>/dev/null)" test "$rc" = 0
    want "it leaves exactly the three files (the stale one is gone): $(tr '\n' ' ' <"$CHECK_TMP/run.files" 2>/dev/null)" \
        cmp -s "$CHECK_TMP/run.files" "$CHECK_TMP/files.want"
    want "nothing else in ca-certificates/ was touched, no temporary dirs left: $(tr '\n' ' ' <"$CHECK_TMP/run.top" 2>/dev/null)" \
        test "$(tr '\n' ' ' <"$CHECK_TMP/run.top" 2>/dev/null)" = "mine.crt.keep wslnet "
    want "update-ca-certificates ran ($(grep -o '[0-9]* added' "$CHECK_TMP/run.out" 2>/dev/null))" \
        grep -qE "[0-9]+ added" "$CHECK_TMP/run.out"
    pem_sha1s "$CHECK_TMP/run.bundle" >"$CHECK_TMP/run.sha1" 2>/dev/null
    want "the distro's ca-certificates.crt now trusts the corp root" grep -qx "$CORP" "$CHECK_TMP/run.sha1"
    want "each installed file is its certificate" test "$(openssl x509 -in "$CHECK_TMP/run.dir/Contoso_Corp_Root_CA-${CORP:0:16}.crt" -noout -fingerprint -sha1 2>/dev/null | sed 's/.*=//; s/://g')" = "$CORP"
    printf '# wslnet-file ../../../etc/evil.crt\nx\n' >"$CHECK_TMP/evil.in"
    # shellcheck disable=SC2016  # expanded by the inner sh
    unshare -m sh -c '
        for d in /usr/local/share/ca-certificates /etc/ssl/certs /etc/ca-certificates/update.d; do
            mount -t tmpfs wslnet-test "$d"
        done
        sh -c "$(cat "$1")" wslnet-certs <"$2" >/dev/null 2>&1
        echo "rc=$?" >"$3/evil.rc"
        ls -A /usr/local/share/ca-certificates >"$3/evil.top"
    ' sh "$CHECK_TMP/script.sh" "$CHECK_TMP/evil.in" "$CHECK_TMP"
    want "the script refuses a file name with a path (exit 65) and leaves nothing: $(cat "$CHECK_TMP/evil.rc" "$CHECK_TMP/evil.top" 2>/dev/null | tr '\n' ' ')" \
        test "$(cat "$CHECK_TMP/evil.rc" 2>/dev/null)" = "rc=65" -a ! -s "$CHECK_TMP/evil.top"
    end "what the distro receives works: the script puts the files in place, drops stale ones, update-ca-certificates trusts them"
else
    tap_skip "what the distro receives works (the recorded script run)" "needs root (unshare -m) and update-ca-certificates"
fi

begin
rm -f "$ARGS_LOG"
printf '{"stdout":"update-ca-certificates is not installed: install the ca-certificates package\\n","exitCode":69}' >"$WT_FAKE/wsl.json"
run certs install --distro Alpine --subject Contoso --allow-distro-code --json
want_error unsupported "'ca-certificates' in d['error']['message']"
printf '{"stdout":"There is no distribution with the supplied name.\\r\\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\\r\\n","encoding":"utf16le","exitCode":1}' >"$WT_FAKE/wsl.json"
run certs install --distro NoSuch --subject Contoso --allow-distro-code
want_rc 10
want_err_line "NoSuch failed \\(wsl.exe exit code 1\\): Error code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND"
rm -f "$WT_FAKE/wsl.json"
rm -f "$WT_SYSTEM32/wsl.exe"
run certs install --distro Ubuntu --subject Contoso --allow-distro-code --json
want_error unavailable
cp "$FAKES/wsl.exe" "$WT_SYSTEM32/wsl.exe"
end "install failures: no update-ca-certificates exits 9, wsl.exe failing exits 10 with its message (UTF-16 decoded), no wsl.exe exits 5"

check_summary
