<#
.SYNOPSIS
Group Policy computer startup script: apply this machine's wslnet policy.

.DESCRIPTION
Add it under Computer Configuration > Policies > Windows Settings > Scripts (Startup) >
PowerShell Scripts, and set the policy file with the wslnet template (wslnet.admx:
"Policy file", HKLM\SOFTWARE\Policies\wslnet PolicyFile). It runs as SYSTEM with no
console, so what it did is recorded where monitoring looks: wslnet writes the Event Log
(Application log, source wslnet: one event per run and one per failure; docs/events.md).

Exit 0: the machine matches the policy. Exit 1: applying failed or could not start (the
WslNet module or wslnet.exe missing); the reason is in the Event Log when wslnet ran, and on
the one output line Group Policy discards otherwise.

Uses the WslNet module: Invoke-WslNetPolicy; with a module that has no such cmdlet, the
wslnet.exe installed beside the module (`wslnet.exe policy apply`).
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

try {
    $module = Import-Module -Name WslNet -PassThru -ErrorAction Stop
} catch {
    Write-Output "wslnet startup: the WslNet module could not be loaded: $($_.Exception.Message)"
    exit 1
}

$apply = Get-Command -Name Invoke-WslNetPolicy -Module WslNet -ErrorAction SilentlyContinue
if ($null -ne $apply) {
    try {
        $null = & $apply -Confirm:$false -ErrorAction Stop
    } catch {
        Write-Output "wslnet startup: $($_.Exception.Message)"
        exit 1
    }
    exit 0
}

$exe = Join-Path -Path $module.ModuleBase -ChildPath 'wslnet.exe'
if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
    Write-Output "wslnet startup: neither Invoke-WslNetPolicy nor $exe is there"
    exit 1
}
$ErrorActionPreference = 'Continue'   # a native stderr line is text, not a terminating error (5.1)
$output = @(& $exe policy apply 2>&1 | ForEach-Object { "$_" })
$rc = $LASTEXITCODE
if ($rc -ne 0) {
    Write-Output "wslnet startup: wslnet.exe policy apply exit $($rc): $($output -join '; ')"
    exit 1
}
exit 0
