#
# WslNet.Firewall.ps1 - cmdlets for the Hyper-V firewall (wslnet firewall). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0
