#
# WslNet.Doctor.ps1 - cmdlets for checks with verdicts and fixes (wslnet doctor). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0
