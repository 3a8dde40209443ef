<#
.SYNOPSIS
Intune remediation, remediation script: apply this machine's wslnet policy.

.DESCRIPTION
Runs after detect.ps1 found drift, as SYSTEM in 64-bit PowerShell (README.md here). Applies
the policy named by Group Policy (HKLM\SOFTWARE\Policies\wslnet PolicyFile) or given to the
MSI: what drifted is restored, items dropped from the policy and created by wslnet are
removed, nothing else is touched. A second run changes nothing.

Exit 0: applied. Exit 1: it failed (the reason on the one line printed, which Intune shows;
wslnet undoes a change that fails half way). Nothing goes to the error stream.

Uses the WslNet module: Invoke-WslNetPolicy; with a module that has no such cmdlet, the
wslnet.exe installed beside the module (`wslnet.exe policy apply`).
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# One line of at most 2000 characters: Intune keeps the last line of output, 2048 at most.
function ConvertTo-OneLine {
    param([object[]]$Text)
    $line = (@($Text) | ForEach-Object { "$_".Trim() } | Where-Object { $_ -ne '' }) -join '; '
    if ($line.Length -gt 2000) { $line = $line.Substring(0, 1997) + '...' }
    return $line
}

try {
    $module = Import-Module -Name WslNet -PassThru -ErrorAction Stop
} catch {
    Write-Output (ConvertTo-OneLine -Text @("failed: the WslNet module could not be loaded: $($_.Exception.Message)"))
    exit 1
}

$apply = Get-Command -Name Invoke-WslNetPolicy -Module WslNet -ErrorAction SilentlyContinue
if ($null -ne $apply) {
    try {
        $result = @(& $apply -Confirm:$false -ErrorAction Stop)
    } catch {
        Write-Output (ConvertTo-OneLine -Text @("failed: $($_.Exception.Message)"))
        exit 1
    }
    Write-Output (ConvertTo-OneLine -Text (@('applied:') + @($result | ForEach-Object { ($_ | Out-String) -split "`n" })))
    exit 0
}

# A module without the policy cmdlets: its own wslnet.exe.
$exe = Join-Path -Path $module.ModuleBase -ChildPath 'wslnet.exe'
if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
    Write-Output "failed: neither Invoke-WslNetPolicy nor $exe is there (reinstall wslnet)"
    exit 1
}
# Windows PowerShell 5.1 turns a native program's stderr line into a terminating error
# under 'Stop': collect it as text instead.
$ErrorActionPreference = 'Continue'
$output = @(& $exe policy apply 2>&1 | ForEach-Object { "$_" })
$rc = $LASTEXITCODE
if ($rc -eq 0) {
    Write-Output (ConvertTo-OneLine -Text (@('applied:') + $output))
    exit 0
}
Write-Output (ConvertTo-OneLine -Text (@("failed (wslnet.exe policy apply exit $($rc)):") + $output))
exit 1
