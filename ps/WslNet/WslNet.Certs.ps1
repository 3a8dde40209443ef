#
# WslNet.Certs.ps1 - cmdlets for Windows root CAs for WSL (wslnet certs). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0
