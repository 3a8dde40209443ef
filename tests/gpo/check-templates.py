#!/usr/bin/env python3
"""Consistency of installer/gpo/wslnet.admx, its en-US ADML and the Group Policy values
wslnet reads (include/wslnet/policy.h: WSLNET_GP_KEY, WSLNET_GP_VALUES).

  check-templates.py ADMX ADML POLICY_H

One line per check: "PASS<TAB>name" or "FAIL<TAB>name<TAB>reason"; exit 1 on any failure.
tests/gpo/run.sh turns them into TAP."""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
results = []


def check(name, problems):
    results.append((name, list(problems)))


def c_string(literals):
    """The value of adjacent C string literals ("a" "b")."""
    out = ""
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', literals):
        out += re.sub(r"\\(.)", r"\1", lit)
    return out


def gp_table(path):
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    key = re.search(r'#define\s+WSLNET_GP_KEY\s+("(?:[^"\\]|\\.)*")', text)
    table = re.search(r"#define\s+WSLNET_GP_VALUES\(X\)(.*)", text)
    values = {}
    if table:
        for m in re.finditer(r'X\(\s*("(?:[^"\\]|\\.)*")\s*,\s*("(?:[^"\\]|\\.)*")\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)',
                             table.group(1)):
            values[c_string(m.group(1))] = (c_string(m.group(2)), c_string(m.group(3)))
    return (c_string(key.group(1)) if key else None), values


def element_type(el):
    """The registry type an ADMX element writes."""
    tag = el.tag[len(NS):]
    if tag == "text":
        return "REG_EXPAND_SZ" if el.get("expandable") == "true" else "REG_SZ"
    if tag == "enum":
        kinds = {v.tag[len(NS):] for item in el.findall(NS + "item") for v in item.find(NS + "value")}
        return {"string": "REG_SZ", "decimal": "REG_DWORD"}.get(kinds.pop(), "?") if len(kinds) == 1 else "mixed"
    if tag in ("decimal", "boolean"):
        return "REG_DWORD"
    if tag == "multiText":
        return "REG_MULTI_SZ"
    return "?"


def main(admx_path, adml_path, header):
    admx = ET.parse(admx_path).getroot()
    adml = ET.parse(adml_path).getroot()
    gp_key, gp_values = gp_table(header)
    check("policy.h has WSLNET_GP_KEY and a non-empty WSLNET_GP_VALUES",
          ([] if gp_key else ["no WSLNET_GP_KEY"]) + ([] if gp_values else ["no values in WSLNET_GP_VALUES"]))

    policies = admx.findall("%spolicies/%spolicy" % (NS, NS))
    check("the ADMX defines policies", [] if policies else ["no policy elements"])

    # Registry values: the ADMX's (key, valueName, type) against the header's table, both ways.
    written = {}
    problems = []
    for p in policies:
        if p.get("class") != "Machine":
            problems.append("%s: class %s, wslnet reads HKLM only (Machine)" % (p.get("name"), p.get("class")))
        if p.get("key") != gp_key:
            problems.append("%s: key %s, not WSLNET_GP_KEY %s" % (p.get("name"), p.get("key"), gp_key))
        if p.get("valueName"):
            problems.append("%s: a policy-level valueName %s (wslnet reads the elements' values)" %
                            (p.get("name"), p.get("valueName")))
        elements = p.find(NS + "elements")
        for el in (list(elements) if elements is not None else []):
            if el.get("key") not in (None, gp_key):
                problems.append("%s/%s: key %s, not %s" % (p.get("name"), el.get("id"), el.get("key"), gp_key))
            written.setdefault(el.get("valueName"), []).append((p.get("name"), element_type(el), el))
    check("every policy is a Machine policy under WSLNET_GP_KEY (%s)" % gp_key, problems)

    problems = []
    for name, entries in written.items():
        if name not in gp_values:
            problems.append("the ADMX writes %s, which is not in WSLNET_GP_VALUES" % name)
        if len(entries) > 1:
            problems.append("%s is written by %d elements" % (name, len(entries)))
    for name in gp_values:
        if name not in written:
            problems.append("WSLNET_GP_VALUES has %s, which no ADMX policy writes" % name)
    check("the ADMX's value names are exactly WSLNET_GP_VALUES (both ways)", problems)

    problems = []
    for name, entries in written.items():
        if name in gp_values:
            for policy, kind, _ in entries:
                if kind != gp_values[name][0]:
                    problems.append("%s (policy %s) is written as %s, wslnet reads %s" % (name, policy, kind,
                                                                                        gp_values[name][0]))
    check("every value is written with the registry type wslnet reads", problems)

    # An enum's strings: the quoted words of the value's description in the table ("block" or "allow").
    problems = []
    for name, entries in written.items():
        for policy, _, el in entries:
            if el.tag != NS + "enum" or name not in gp_values:
                continue
            have = sorted(v.text for item in el.findall(NS + "item") for v in item.find(NS + "value"))
            want = sorted(re.findall(r'"([^"]+)"', gp_values[name][1]))
            if have != want:
                problems.append("%s: the ADMX offers %s, policy.h says %s" % (name, have, want))
    check("every enum offers exactly the values policy.h names", problems)

    # References: $(string.X) and $(presentation.X) resolve in the ADML.
    strings = {s.get("id") for s in adml.iter(NS + "string")}
    presentations = {p.get("id"): p for p in adml.iter(NS + "presentation")}
    used_strings = set()
    problems = []
    for el in admx.iter():
        for attr, value in el.attrib.items():
            for kind, ref in re.findall(r"\$\((string|presentation)\.([^)]*)\)", value):
                if kind == "string":
                    used_strings.add(ref)
                    if ref not in strings:
                        problems.append("$(string.%s) (%s/@%s) is not in the ADML's stringTable" %
                                        (ref, el.tag[len(NS):], attr))
                elif ref not in presentations:
                    problems.append("$(presentation.%s) is not in the ADML's presentationTable" % ref)
    check("every $(string.X) and $(presentation.X) of the ADMX resolves in the ADML", problems)
    check("every string of the ADML is used by the ADMX",
          ["string %s is not used" % s for s in sorted(strings - used_strings)])

    # Every policy: display name, help, presentation when it has elements; each element shown once.
    problems = []
    for p in policies:
        name = p.get("name")
        for attr in ("displayName", "explainText"):
            if not re.fullmatch(r"\$\(string\.[^)]+\)", p.get(attr) or ""):
                problems.append("%s has no %s string" % (name, attr))
        elements = p.find(NS + "elements")
        ids = [el.get("id") for el in (list(elements) if elements is not None else [])]
        ref = re.fullmatch(r"\$\(presentation\.([^)]+)\)", p.get("presentation") or "")
        if ids and not ref:
            problems.append("%s has elements but no presentation" % name)
            continue
        if not ref or ref.group(1) not in presentations:
            continue
        refids = [c.get("refId") for c in presentations[ref.group(1)] if c.get("refId") is not None]
        for r in refids:
            if r not in ids:
                problems.append("%s: presentation control refId %s matches no element id %s" % (name, r, ids))
        for i in ids:
            if refids.count(i) != 1:
                problems.append("%s: element %s is shown %d times (want 1)" % (name, i, refids.count(i)))
    check("every policy has its strings and a presentation whose refIds are its element ids", problems)

    # Categories and supportedOn definitions referenced exist.
    categories = {c.get("name") for c in admx.iter(NS + "category")}
    supported = {d.get("name") for d in admx.iter(NS + "definition")}
    problems = []
    for p in policies:
        parent = p.find(NS + "parentCategory")
        if parent is None or parent.get("ref") not in categories:
            problems.append("%s: parentCategory %s is not defined here" %
                            (p.get("name"), None if parent is None else parent.get("ref")))
        sup = p.find(NS + "supportedOn")
        if sup is None or sup.get("ref") not in supported:
            problems.append("%s: supportedOn %s is not defined here" %
                            (p.get("name"), None if sup is None else sup.get("ref")))
    check("every policy's category and supportedOn are defined", problems)

    # ADMX and ADML agree on revision and schemaVersion.
    problems = []
    for attr in ("revision", "schemaVersion"):
        if admx.get(attr) != adml.get(attr):
            problems.append("%s: ADMX %s, ADML %s" % (attr, admx.get(attr), adml.get(attr)))
    res = admx.find(NS + "resources")
    if res is None or res.get("minRequiredRevision") != adml.get("revision"):
        problems.append("resources/@minRequiredRevision is not the ADML's revision")
    check("ADMX and ADML revisions agree", problems)

    failed = 0
    for name, problems in results:
        if problems:
            failed += 1
            print("FAIL\t%s\t%s" % (name, "; ".join(problems)))
        else:
            print("PASS\t%s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
