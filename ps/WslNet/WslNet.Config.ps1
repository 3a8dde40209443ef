#
# WslNet.Config.ps1 - cmdlets for .wslconfig and wsl.conf (wslnet config). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0
