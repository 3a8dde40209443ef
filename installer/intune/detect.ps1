<#
.SYNOPSIS
Intune remediation, detection script: does this machine comply with its wslnet policy?

.DESCRIPTION
Upload with remediate.ps1 as a remediation (Run this script using the logged-on credentials:
No, so it runs as SYSTEM; Run script in 64-bit PowerShell: Yes). See README.md here.

The policy is the file named by Group Policy (HKLM\SOFTWARE\Policies\wslnet PolicyFile,
installer/gpo) or given to the MSI. The check changes nothing.

Exit 0: compliant. Exit 1: not compliant, or the check could not run (no module, no policy,
an error): Intune then runs remediate.ps1, whose failure message says what is wrong.
Prints exactly one line, which Intune shows as the detection output: "compliant ...", the
drift ("drift: N items: ..."), or why the check failed. Nothing goes to the error stream
(Intune would count the run as a script error).

Uses the WslNet module: Test-WslNetPolicy -Detailed; with a module that has no such cmdlet,
the wslnet.exe installed beside the module (`wslnet.exe policy check`).
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

# A drift object as "area item: change" (properties Area, Item, Change when present).
function Format-DriftItem {
    param([object]$Drift)
    $names = @($Drift.PSObject.Properties | ForEach-Object { $_.Name })
    if ($names -contains 'Area' -and $names -contains 'Item') {
        $text = "$($Drift.Area) $($Drift.Item)"
        if ($names -contains 'Change' -and $Drift.Change) { $text += ": $($Drift.Change)" }
        return $text
    }
    return ConvertTo-OneLine -Text @(($Drift | Out-String) -split "`n")
}

try {
    $module = Import-Module -Name WslNet -PassThru -ErrorAction Stop
} catch {
    Write-Output (ConvertTo-OneLine -Text @("not compliant: the WslNet module could not be loaded: $($_.Exception.Message)"))
    exit 1
}

$test = Get-Command -Name Test-WslNetPolicy -Module WslNet -ErrorAction SilentlyContinue
if ($null -ne $test) {
    try {
        $drift = @(& $test -Detailed -ErrorAction Stop)
    } catch {
        Write-Output (ConvertTo-OneLine -Text @("not compliant: the policy check failed: $($_.Exception.Message)"))
        exit 1
    }
    if ($drift.Count -eq 0) {
        Write-Output 'compliant: the machine matches its wslnet policy'
        exit 0
    }
    $items = @($drift | ForEach-Object { Format-DriftItem -Drift $_ })
    Write-Output (ConvertTo-OneLine -Text @("drift: $($drift.Count) items: $($items -join '; ')"))
    exit 1
}

# A module without the policy cmdlets: its own wslnet.exe.
$exe = Join-Path -Path $module.ModuleBase -ChildPath 'wslnet.exe'
if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
    Write-Output "not compliant: neither Test-WslNetPolicy nor $exe is there (reinstall wslnet)"
    exit 1
}
# Windows PowerShell 5.1 turns a native program's stderr line into a terminating error
# under 'Stop': collect it as text instead.
$ErrorActionPreference = 'Continue'
$output = @(& $exe policy check 2>&1 | ForEach-Object { "$_" })
$rc = $LASTEXITCODE
if ($rc -eq 0) {
    Write-Output (ConvertTo-OneLine -Text (@('compliant:') + $output))
    exit 0
}
Write-Output (ConvertTo-OneLine -Text (@("not compliant (wslnet.exe policy check exit $($rc)):") + $output))
exit 1
