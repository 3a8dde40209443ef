#
# WslNet.Proxy.ps1 - cmdlets for port proxies (wslnet proxy). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0
