<#
.SYNOPSIS
The time the WslNet module adds over running wslnet.exe directly.

.DESCRIPTION
Runs, alternately and in the same process, Get-WslNetAdapter -Adapter '*' and
the exe the module runs (the same path, "adapter list --adapter * --json", its
JSON read and parsed with ConvertFrom-Json, as a script would), -Runs times
each after one warm-up of each, and prints the medians and their difference.
Started by bench/ps-overhead.sh, which provides the module with its exe (under
Wine on Linux: a shim running the real exe in a prefix).

.PARAMETER Module
The WslNet module folder (with wslnet.exe beside it).

.PARAMETER Runs
Runs of each; default 15.
#>
param(
    [Parameter(Mandatory = $true)] [string]$Module,
    [int]$Runs = 15
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Module
$exe = (Get-WslNetVersion).Path

function Invoke-Direct {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $exe
    foreach ($a in @('adapter', 'list', '--adapter', '*', '--json')) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $null = $out | ConvertFrom-Json
}
function Get-Median([double[]]$Values) {
    $s = $Values | Sort-Object
    if ($s.Count % 2) { return $s[[int][math]::Floor($s.Count / 2)] }
    return ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2
}

$null = Get-WslNetAdapter -Adapter '*'; Invoke-Direct   # warm-up
$viaModule = @(); $direct = @()
for ($i = 0; $i -lt $Runs; $i++) {
    $viaModule += (Measure-Command { $null = Get-WslNetAdapter -Adapter '*' }).TotalMilliseconds
    $direct += (Measure-Command { Invoke-Direct }).TotalMilliseconds
}
$m = Get-Median $viaModule; $d = Get-Median $direct
'exe: {0}' -f $exe
'runs: {0} each, alternating' -f $Runs
'median Get-WslNetAdapter -Adapter *        : {0,8:N1} ms' -f $m
'median wslnet.exe adapter list --json + parse: {0,8:N1} ms' -f $d
'module overhead (difference of medians)    : {0,8:N1} ms' -f ($m - $d)
