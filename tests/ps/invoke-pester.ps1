<#
.SYNOPSIS
Runs the module's Pester tests (tests/ps/*.Tests.ps1) and prints Pester's counts.

.DESCRIPTION
Called by tests/ps/run.sh, which prepares the Wine prefix, the module copy with
its wslnet.exe shim and the WSLNET_TEST_* environment. Last line:
"N passed, N failed, N skipped" (Pester's own counts; a container that failed to
run counts as failed). Exit code 1 on any failure.

.PARAMETER Pester
Path of Pester.psd1 (6.2.0).

.PARAMETER Path
Directory holding the *.Tests.ps1 files.
#>
param(
    [Parameter(Mandatory = $true)] [string]$Pester,
    [Parameter(Mandatory = $true)] [string]$Path
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Pester -RequiredVersion 6.2.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
"Pester $((Get-Module Pester).Version): $($result.TotalCount) tests in $($result.Containers.Count) files, $([int]$result.Duration.TotalSeconds) s"
"$($result.PassedCount) passed, $failed failed, $($result.SkippedCount + $result.NotRunCount) skipped"
if ($failed -gt 0) { exit 1 }
exit 0
