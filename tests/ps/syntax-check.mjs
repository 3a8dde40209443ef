#!/usr/bin/env node
// Syntax check of the PowerShell sources with a real PowerShell grammar
// (tree-sitter-powershell, run by web-tree-sitter), needing no pwsh.
//
//   node tests/ps/syntax-check.mjs              every .ps1/.psm1/.psd1 under ps/, tests/ps/ and installer/,
//                                               the module lint, and the checker's self-test
//   node tests/ps/syntax-check.mjs FILE...      just those files (no lint, no self-test)
//
// A file fails when its tree has an ERROR or MISSING node (each is listed as
// file:line:col) or uses syntax that Windows PowerShell 5.1 lacks (PowerShell
// 7's `&&`/`||` chains; `??`, `?.` and `? :` are not in the grammar and so
// already parse as ERROR). Each .ps1/.psm1 that parses is also checked for
// what Set-StrictMode would only find at run time: a variable read that is
// never assigned, a command neither defined nor a known built-in. The module
// lint checks the manifest against the psm1, the help of each exported
// function, file encodings and the format file. The self-test writes
// deliberately broken files to a temporary directory, runs this script on
// them and expects it to fail, naming each.
//
// The npm packages come from tests/ps/package.json, installed by
// tests/ps/setup.sh into build/tools/node (or $WSLNET_PS_NODE_TOOLS).
// Prints one line per check and ends with "N passed, N failed".

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 20 compiles the grammar's 1 MB of wasm with TurboFan and waits ~7 s
// for it at exit; the baseline compiler alone runs the whole check in well
// under a second. Re-run this script with it unless already done.
if (!process.execArgv.includes('--liftoff-only')) {
    const again = spawnSync(process.execPath,
        ['--liftoff-only', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
        { stdio: 'inherit' });
    process.exit(again.status === null ? 1 : again.status);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const tools = process.env.WSLNET_PS_NODE_TOOLS || path.join(repo, 'build', 'tools', 'node');

let require_;
let Parser;
let Language;
let XMLValidator;
try {
    require_ = createRequire(path.join(tools, 'package.json'));
    ({ Parser, Language } = require_('web-tree-sitter'));
    ({ XMLValidator } = require_('fast-xml-parser'));
} catch (e) {
    console.error(`syntax-check: npm packages missing under ${tools} (run tests/ps/setup.sh): ${e.message}`);
    process.exit(2);
}

let passed = 0;
let failed = 0;
function pass(what) { passed++; console.log(`ok   ${what}`); }
function fail(what, details = []) {
    failed++;
    console.log(`FAIL ${what}`);
    for (const d of details) console.log(`     ${d}`);
}

function rel(file) {
    const r = path.relative(repo, file);
    return r.startsWith('..') ? file : r;
}

function listSources(dir) {
    const out = [];
    if (!fs.existsSync(dir)) return out;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...listSources(full));
        else if (/\.(ps1|psm1|psd1)$/i.test(entry.name)) out.push(full);
    }
    return out.sort();
}

// Every ERROR / MISSING node (and PowerShell 7-only syntax) as file:line:col.
function problems(tree, file) {
    const found = [];
    const where = (node) => `${rel(file)}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    const walk = (node) => {
        if (node.isMissing) {
            found.push(`${where(node)}: MISSING ${node.type}`);
        } else if (node.type === 'ERROR') {
            const text = node.text.split('\n')[0].slice(0, 60);
            found.push(`${where(node)}: ERROR near ${JSON.stringify(text)}`);
        } else if (node.type === 'pipeline_chain_tail') {
            found.push(`${where(node)}: '${node.text}' pipeline chain needs PowerShell 7 (module must run on 5.1)`);
        }
        for (let i = 0; i < node.childCount; i++) walk(node.child(i));
    };
    walk(tree.rootNode);
    return found;
}

// ------------------------------------------------------------- names lint
// What Set-StrictMode and command lookup would only find at run time: a
// variable read that nothing assigns (in its function, or at script level),
// and a command that is neither defined in the file nor a known built-in.
const AUTOMATIC = new Set(['_', 'psitem', 'null', 'true', 'false', 'pscmdlet', 'psscriptroot', 'pscommandpath',
    'psboundparameters', 'myinvocation', 'args', 'input', 'lastexitcode', 'error', 'psversiontable',
    'erroractionpreference', 'verbosepreference', 'warningpreference', 'host', 'home', 'iswindows', 'islinux',
    'ismacos', 'pwd', 'matches', 'this', 'executioncontext', 'pid', 'foreach', 'switch', 'whatifpreference',
    'confirmpreference', 'pshome', 'testdrive']);
const BUILTIN_COMMANDS = new Set([
    'ConvertFrom-Json', 'Copy-Item', 'Export-ModuleMember', 'ForEach-Object', 'Format-List', 'Format-Table',
    'Get-Command', 'Get-FormatData', 'Get-Help', 'Get-Module', 'Import-Module', 'Import-PowerShellDataFile',
    'Join-Path', 'New-Item', 'New-Object', 'Out-String', 'Pop-Location', 'Push-Location', 'Remove-Module',
    'Select-Object', 'Set-StrictMode', 'Sort-Object', 'Test-ModuleManifest', 'Test-Path', 'Where-Object',
    'Write-Host', 'Write-Verbose', 'Write-Warning', 'Get-ChildItem', 'Get-ItemProperty', 'Get-Variable',
    'Set-Variable', 'Register-ArgumentCompleter', 'Get-Content', 'Set-Content', 'Remove-Item', 'Move-Item',
    'Get-FileHash', 'Get-Verb', 'Select-String', 'Measure-Command', 'Measure-Object', 'ConvertTo-Json', 'Get-Process',
    'TabExpansion2', 'Out-Null', 'Write-Output', 'Resolve-Path',
    // Pester 6 (tests/ps/*.Tests.ps1, tests/ps/invoke-pester.ps1)
    'Describe', 'Context', 'It', 'Should', 'BeforeAll', 'BeforeEach', 'AfterAll', 'AfterEach', 'BeforeDiscovery',
    'New-PesterConfiguration', 'Invoke-Pester',
    'chmod', 'wine', 'sh', 'bash', // native, used by tests/ps on Linux only
].map((c) => c.toLowerCase()));

function varName(node) {
    // "$script:Foo" -> {scope: "script", name: "foo"}; "@splat" -> splat; "${x}" -> x
    const m = /^[$@]\{?(?:([A-Za-z]+):)?([A-Za-z0-9_?]+)\}?$/.exec(node.text);
    if (!m) return null;
    return { scope: (m[1] || '').toLowerCase(), name: m[2].toLowerCase() };
}

// Functions of the modules under ps/ (the psm1 and the .ps1 files it dot-sources, which
// share its script scope), which tests/ps calls after Import-Module; and the module's
// script-scope variables, assigned in one file and read in another.
const moduleFunctions = new Set();
const moduleScriptVars = new Set();
// Functions of tests/ps/TestHelpers.ps1, which the tests dot-source.
const testHelpers = new Set();
const testHelperVars = new Set();

function nameProblems(tree, file) {
    const found = [];
    const where = (node) => `${rel(file)}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    const root = tree.rootNode;
    const functions = nodesOfType(root, 'function_statement');
    const defined = new Set(functions.map((f) => f.children.find((c) => c.type === 'function_name').text.toLowerCase()));
    // Key of the function a node is in (node objects are not identical across lookups).
    const inFunction = (node) => {
        for (let n = node.parent; n; n = n.parent) if (n.type === 'function_statement') return n.startIndex;
        return null;
    };
    // Assignments: `$x = ...` / `$x += ...` / `$a, $b = ...`, foreach variables,
    // parameters, [ref] targets and the common parameters that name a variable
    // (-ErrorVariable, -OutVariable, -WarningVariable, -InformationVariable, -PipelineVariable).
    const assigned = new Map(); // function node (or null for script level) -> Set of names
    const scriptScope = new Set();
    const add = (scopeNode, v) => {
        if (!v) return;
        if (v.scope === 'script' || v.scope === 'global') { scriptScope.add(v.name); return; }
        if (!assigned.has(scopeNode)) assigned.set(scopeNode, new Set());
        assigned.get(scopeNode).add(v.name);
    };
    for (const lhs of nodesOfType(root, 'left_assignment_expression')) {
        for (const v of nodesOfType(lhs, 'variable')) {
            // `$a.B = 1` and `$a[0] = 1` assign into $a, they do not create it.
            const tail = lhs.text.slice(v.endIndex - lhs.startIndex).trim();
            if (tail === '' || tail.startsWith(',')) add(inFunction(lhs), varName(v));
        }
    }
    for (const f of nodesOfType(root, 'foreach_statement')) {
        const v = f.children.find((c) => c.type === 'variable');
        if (v) add(inFunction(f), varName(v));
    }
    for (const p of nodesOfType(root, 'script_parameter')) {
        const v = p.children.find((c) => c.type === 'variable');
        if (v) add(inFunction(p), varName(v));
    }
    for (const v of nodesOfType(root, 'variable')) {
        const before = file && v.parent ? v.parent.text.slice(0, v.startIndex - v.parent.startIndex) : '';
        if (/\[ref\]\s*$/i.test(before)) add(inFunction(v), varName(v));
    }
    for (const c of nodesOfType(root, 'command')) {
        const parts = c.text.split(/\s+/);
        for (let i = 0; i + 1 < parts.length; i++) {
            if (/^-(ErrorVariable|OutVariable|WarningVariable|InformationVariable|PipelineVariable|ev|ov|wv|iv|pv)$/i.test(parts[i])) {
                add(inFunction(c), { scope: '', name: parts[i + 1].replace(/^\+/, '').toLowerCase() });
            }
        }
    }
    // Script-level assignments are visible in every function of the file.
    for (const n of assigned.get(null) || []) scriptScope.add(n);
    // A module file shares its script scope with the module's other files.
    if (file && file.startsWith(path.join(repo, 'ps') + path.sep)) for (const n of moduleScriptVars) scriptScope.add(n);
    // tests/ps/*.Tests.ps1 dot-source TestHelpers.ps1 into their script scope.
    if (file && file.startsWith(path.join(repo, 'tests', 'ps') + path.sep)) for (const n of testHelperVars) scriptScope.add(n);
    // Pester makes the keys of -ForEach / -TestCases hashtables variables of the test.
    if (file && /\.Tests\.ps1$/i.test(file)) {
        for (const e of nodesOfType(root, 'hash_entry')) {
            const key = e.child(0);
            if (key && key.type === 'key_expression') scriptScope.add(key.text.replace(/^['"]|['"]$/g, '').toLowerCase());
        }
    }
    for (const v of nodesOfType(root, 'variable')) {
        const name = varName(v);
        if (!name || name.scope === 'env' || name.scope === 'global' || AUTOMATIC.has(name.name)) continue;
        const local = assigned.get(inFunction(v)) || new Set();
        const ok = name.scope === 'script' ? scriptScope.has(name.name) : local.has(name.name) || scriptScope.has(name.name);
        if (!ok) found.push(`${where(v)}: ${v.text} is read but never assigned`);
    }
    for (const c of nodesOfType(root, 'command_name')) {
        const name = c.text.toLowerCase();
        if (!defined.has(name) && !BUILTIN_COMMANDS.has(name) && !moduleFunctions.has(name) &&
            !(file && file.startsWith(path.join(repo, 'tests', 'ps') + path.sep) && testHelpers.has(name))) found.push(`${where(c)}: unknown command ${c.text}`);
    }
    return found;
}

function readSource(file) {
    // PowerShell accepts a UTF-8 BOM; the grammar does not need it.
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function nodesOfType(node, type, out = []) {
    if (node.type === type) out.push(node);
    for (let i = 0; i < node.childCount; i++) nodesOfType(node.child(i), type, out);
    return out;
}

function stringLiterals(node) {
    return nodesOfType(node, 'string_literal').map((n) => n.text.replace(/^['"]|['"]$/g, ''));
}

// ------------------------------------------------------------- module lint
function lintModule(parser, moduleDir) {
    const name = path.basename(moduleDir);
    const psd1 = path.join(moduleDir, `${name}.psd1`);
    const label = `lint ${rel(moduleDir)}`;
    if (!fs.existsSync(psd1)) { fail(`${label}: ${rel(psd1)} exists`); return; }
    const manifest = parser.parse(readSource(psd1));
    const entries = new Map();
    for (const e of nodesOfType(manifest.rootNode, 'hash_entry')) {
        const key = e.child(0);
        if (key && key.type === 'key_expression' && !entries.has(key.text)) entries.set(key.text, e);
    }
    const values = (key) => (entries.has(key) ? stringLiterals(entries.get(key)) : null);

    const root = values('RootModule');
    const psm1 = root && root.length === 1 ? path.join(moduleDir, root[0]) : null;
    if (!psm1 || !fs.existsSync(psm1)) { fail(`${label}: RootModule names an existing file`, [`RootModule: ${root}`]); return; }
    pass(`${label}: RootModule ${root[0]} exists`);

    const exported = values('FunctionsToExport');
    if (!exported) fail(`${label}: FunctionsToExport is set`);
    else if (exported.some((f) => /[*?]/.test(f))) fail(`${label}: FunctionsToExport has no wildcard`, exported);
    else pass(`${label}: FunctionsToExport lists ${exported.length} functions, no wildcard`);
    for (const key of ['CmdletsToExport', 'AliasesToExport', 'VariablesToExport']) {
        const v = values(key);
        if (v && v.length === 0 && entries.get(key).text.includes('@()')) pass(`${label}: ${key} = @()`);
        else fail(`${label}: ${key} = @()`, [entries.has(key) ? entries.get(key).text : 'absent']);
    }

    const module = parser.parse(readSource(psm1));
    // The psm1 and the area files it dot-sources (WslNet.<Area>.ps1 beside it).
    const parts = fs.readdirSync(moduleDir).filter((n) => /\.ps1$/i.test(n))
        .map((n) => parser.parse(readSource(path.join(moduleDir, n))));
    const functions = [module, ...parts].flatMap((m) => nodesOfType(m.rootNode, 'function_statement'));
    const nameOf = (f) => f.children.find((c) => c.type === 'function_name').text;
    const publicNames = functions.map(nameOf).filter((n) => /^[A-Za-z]+-WslNet/.test(n) && exported && exported.includes(n));
    const exportCalls = nodesOfType(module.rootNode, 'command')
        .filter((c) => c.childForFieldName('command_name')?.text === 'Export-ModuleMember');
    const memberList = exportCalls.flatMap(stringLiterals);
    if (exported) {
        const defined = new Set(functions.map(nameOf));
        const missing = exported.filter((f) => !defined.has(f));
        const extra = memberList.filter((f) => !exported.includes(f));
        const notListed = exported.filter((f) => exportCalls.length > 0 && !memberList.includes(f));
        if (missing.length || extra.length || notListed.length) {
            fail(`${label}: FunctionsToExport matches the psm1`, [
                `not defined in the psm1 or its .ps1 files: ${missing.join(', ') || '-'}`,
                `exported by Export-ModuleMember, not in manifest: ${extra.join(', ') || '-'}`,
                `in manifest, not in Export-ModuleMember: ${notListed.join(', ') || '-'}`]);
        } else {
            pass(`${label}: FunctionsToExport matches the functions defined and Export-ModuleMember`);
        }
    }

    // Every public function: [CmdletBinding()] and full comment-based help.
    for (const f of functions.filter((fn) => publicNames.includes(nameOf(fn)))) {
        const fname = nameOf(f);
        const issues = [];
        if (!/\[CmdletBinding\(/i.test(f.text)) issues.push('no [CmdletBinding()]');
        const help = nodesOfType(f, 'comment').map((c) => c.text).find((t) => /^<#[\s\S]*\.SYNOPSIS/i.test(t));
        if (!help) {
            issues.push('no comment-based help');
        } else {
            for (const kw of ['SYNOPSIS', 'DESCRIPTION', 'EXAMPLE', 'OUTPUTS']) {
                if (!new RegExp(`^\\s*\\.${kw}\\b`, 'mi').test(help)) issues.push(`help has no .${kw}`);
            }
            const block = nodesOfType(f, 'param_block')[0];
            const params = block ? nodesOfType(block, 'script_parameter').map((p) => {
                const v = p.children.find((c) => c.type === 'variable');
                return v ? v.text.replace(/^\$/, '') : '';
            }) : [];
            for (const p of params) {
                if (!new RegExp(`^\\s*\\.PARAMETER\\s+${p}\\b`, 'mi').test(help)) issues.push(`help has no .PARAMETER ${p}`);
            }
        }
        if (issues.length) fail(`${label}: ${fname} has [CmdletBinding()] and help`, issues);
        else pass(`${label}: ${fname} has [CmdletBinding()] and help`);
    }

    // Windows PowerShell 5.1 reads a BOM-less file as ANSI: non-ASCII text needs a UTF-8 BOM.
    const misread = fs.readdirSync(moduleDir).filter((n) => /\.(ps1|psm1|psd1|ps1xml)$/i.test(n)).filter((n) => {
        const bytes = fs.readFileSync(path.join(moduleDir, n));
        const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        return !bom && bytes.some((b) => b > 0x7f);
    });
    if (misread.length) fail(`${label}: files are ASCII or UTF-8 with BOM (Windows PowerShell 5.1)`, misread);
    else pass(`${label}: files are ASCII or UTF-8 with BOM (Windows PowerShell 5.1)`);

    // Format file: well-formed XML, listed in the manifest, views for the types the psm1 emits.
    const formats = values('FormatsToProcess') || [];
    // A type is emitted by a literal PSTypeName, or is a key of the module's type table
    // (hash keys '<Module>.<Type>', read by ConvertTo-WslNetObject).
    const entriesOfParts = [module, ...parts].flatMap((m) => nodesOfType(m.rootNode, 'hash_entry'));
    const emitted = new Set([
        ...entriesOfParts.filter((e) => e.child(0)?.text === 'PSTypeName').flatMap(stringLiterals),
        ...entriesOfParts.map((e) => e.child(0)?.text.replace(/^'|'$/g, '') || '')
            .filter((k) => k.startsWith(`${name}.`))]);
    for (const fmt of formats) {
        const file = path.join(moduleDir, fmt);
        if (!fs.existsSync(file)) { fail(`${label}: format file ${fmt} exists`); continue; }
        const xml = fs.readFileSync(file, 'utf8');
        const valid = XMLValidator.validate(xml);
        if (valid !== true) {
            fail(`${label}: ${fmt} is well-formed XML`, [`${fmt}:${valid.err.line}:${valid.err.col}: ${valid.err.msg}`]);
            continue;
        }
        const viewTypes = [...xml.matchAll(/<TypeName>([^<]+)<\/TypeName>/g)].map((m) => m[1]);
        const unknown = viewTypes.filter((t) => !emitted.has(t));
        if (unknown.length) fail(`${label}: ${fmt} views select types the module emits`, [`not emitted: ${unknown.join(', ')}`]);
        else pass(`${label}: ${fmt} is well-formed, ${viewTypes.length} views of emitted types`);
    }
}

// ------------------------------------------------------------- self-test
// Runs this script on broken files made here and now; it must fail and
// point at each of them. Proves the check is not a no-op.
function selfTest() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wslnet-syntax-selftest-'));
    try {
        const cases = [
            ['unclosed.ps1', 'function Get-Broken {\n    if ($true {\n        "x"\n    }\n}\n'],
            ['badhash.psd1', "@{\n    ModuleVersion = '0.1.0'\n    FunctionsToExport = @('a',\n}\n"],
            ['ps7only.psm1', "function Get-Seven {\n    $a = $null\n    $b = $a ?? 'fallback'\n    git status && git log\n}\n"],
            ['typo.psm1', "function Get-Typo {\n    param([string]$Message)\n    Write-Verbose -Message $Mesage\n    Get-Typpo -Name $Message\n}\n"],
        ];
        const good = ['fine.ps1', "function Get-Fine {\n    [CmdletBinding()]\n    param([string]$Name)\n    \"Hello $Name\"\n}\n"];
        for (const [n, text] of [...cases, good]) fs.writeFileSync(path.join(dir, n), text);
        const files = [...cases, good].map(([n]) => path.join(dir, n));
        const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...files], { encoding: 'utf8' });
        const out = run.stdout + run.stderr;
        const issues = [];
        if (run.status !== 1) issues.push(`exit code ${run.status}, expected 1`);
        for (const [n] of cases) {
            if (!new RegExp(`FAIL (parse|names) .*${n.replace('.', '\\.')}`).test(out)) issues.push(`${n} not reported as failing`);
            if (!new RegExp(`${n.replace('.', '\\.')}:\\d+:\\d+: `).test(out)) issues.push(`${n}: no file:line:col listed`);
        }
        if (!/ERROR|MISSING/.test(out)) issues.push('no ERROR/MISSING node listed');
        if (!/pipeline chain needs PowerShell 7/.test(out)) issues.push('&& not reported as PowerShell 7-only');
        if (!/typo\.psm1:3:\d+: \$Mesage is read but never assigned/.test(out)) issues.push('misspelt variable not reported');
        if (!/typo\.psm1:4:\d+: unknown command Get-Typpo/.test(out)) issues.push('misspelt command not reported');
        if (!/ok +.*fine\.ps1/.test(out)) issues.push('the valid file was not passed');
        if (!/^3 passed, 4 failed$/m.test(out)) issues.push('summary is not "3 passed, 4 failed"');
        if (issues.length) fail('self-test: broken snippets are caught', [...issues, ...out.trim().split('\n')]);
        else pass(`self-test: ${cases.length} broken snippets caught with file:line:col (syntax, PowerShell 7-only, misspelt names), valid one passed`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// ------------------------------------------------------------- main
await Parser.init();
const grammar = require_.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
const language = await Language.load(grammar);
const parser = new Parser();
parser.setLanguage(language);

const args = process.argv.slice(2);
const explicit = args.length > 0;
const files = explicit
    ? args.map((a) => path.resolve(a))
    : [...listSources(path.join(repo, 'ps')), ...listSources(path.join(repo, 'tests', 'ps')),
        ...listSources(path.join(repo, 'installer'))];
if (files.length === 0) fail('found PowerShell sources under ps/ and tests/ps/');

for (const source of [path.join(repo, 'tests', 'ps', 'TestHelpers.ps1')].filter((f) => fs.existsSync(f))) {
    const tree = parser.parse(readSource(source));
    for (const f of nodesOfType(tree.rootNode, 'function_statement')) {
        testHelpers.add(f.children.find((c) => c.type === 'function_name').text.toLowerCase());
    }
    for (const lhs of nodesOfType(tree.rootNode, 'left_assignment_expression')) {
        for (const v of nodesOfType(lhs, 'variable')) {
            const name = varName(v);
            if (name && name.scope === 'script') testHelperVars.add(name.name);
        }
    }
    tree.delete();
}
for (const source of listSources(path.join(repo, 'ps')).filter((f) => /\.(psm1|ps1)$/i.test(f))) {
    const tree = parser.parse(readSource(source));
    for (const f of nodesOfType(tree.rootNode, 'function_statement')) {
        moduleFunctions.add(f.children.find((c) => c.type === 'function_name').text.toLowerCase());
    }
    for (const lhs of nodesOfType(tree.rootNode, 'left_assignment_expression')) {
        for (const v of nodesOfType(lhs, 'variable')) {
            const name = varName(v);
            if (name && name.scope === 'script') moduleScriptVars.add(name.name);
        }
    }
    tree.delete();
}

for (const file of files) {
    let text;
    try {
        text = readSource(file);
    } catch (e) {
        fail(`parse ${rel(file)}`, [e.message]);
        continue;
    }
    const tree = parser.parse(text);
    const found = problems(tree, file);
    if (found.length) fail(`parse ${rel(file)}`, found);
    else pass(`parse ${rel(file)}`);
    if (/\.(ps1|psm1)$/i.test(file) && found.length === 0) {
        const names = nameProblems(tree, file);
        if (names.length) fail(`names ${rel(file)}`, names);
        else pass(`names ${rel(file)}: every variable read is assigned, every command known`);
    }
    tree.delete();
}

if (!explicit) {
    const modulesDir = path.join(repo, 'ps');
    for (const entry of fs.existsSync(modulesDir) ? fs.readdirSync(modulesDir, { withFileTypes: true }) : []) {
        if (entry.isDirectory()) lintModule(parser, path.join(modulesDir, entry.name));
    }
    selfTest();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
