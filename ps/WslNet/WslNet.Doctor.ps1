#
# WslNet.Doctor.ps1 - checks with verdicts and fixes (wslnet doctor).
# Dot-sourced by WslNet.psm1; runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Test-WslNetHealth {
    <#
    .SYNOPSIS
    Checks the WSL networking setup and returns a verdict and a fix for each check.

    .DESCRIPTION
    Runs "wslnet.exe doctor --json" and returns one WslNet.HealthCheck object per
    check, in order: mode (OS support for the configured networking mode),
    adapter, address, config (.wslconfig lint), iphlpsvc, proxies (stale
    wslnet proxies), host-firewall (a rule for each proxied port),
    hyperv-firewall, subnet-overlap (a route of another interface, such as a
    VPN, inside or around WSL's NAT subnet), and, with -Port, port-proxy,
    connect-vm and connect-localhost (TCP to the VM and to 127.0.0.1).

    Verdict is ok, warn, fail or skipped (Detail says why). Fix is the exact
    command that fixes a problem, empty when there is none; Hint says what to
    do in words. The doctor only reads: it changes nothing and needs no
    elevation. With -Quiet, returns only $true (every check ok or skipped) or
    $false.

    .PARAMETER Port
    Also check this TCP port (1-65535) end to end: a port proxy for it, the
    Hyper-V firewall, and connections to the VM and to 127.0.0.1.

    .PARAMETER AdapterPattern
    The WSL adapter's friendly-name pattern (* and ?); default "vEthernet (WSL*".

    .PARAMETER ConfigPath
    The .wslconfig file to read instead of %UserProfile%\.wslconfig.

    .PARAMETER User
    Check this user's VM and .wslconfig (a user name or a SID). Run as SYSTEM
    without -User, the signed-in user; with several users' VMs, -User is needed.

    .PARAMETER Quiet
    Return one boolean: $true when no check warned or failed.

    .EXAMPLE
    Test-WslNetHealth -Port 8080 | Where-Object Verdict -ne 'ok'

    Shows the checks that did not pass for port 8080, with their fixes.

    .EXAMPLE
    if (-not (Test-WslNetHealth -Quiet)) { exit 1 }

    An Intune detection script: non-compliant when a check warns or fails.

    .EXAMPLE
    Test-WslNetHealth -User 'CONTOSO\alice' -Port 8080

    From a SYSTEM script on a shared machine: checks alice's VM and port 8080.

    .OUTPUTS
    WslNet.HealthCheck. Properties: Id, Title, Verdict, Detail, Hint, Fix, Port.
    With -Quiet: System.Boolean.
    #>
    [CmdletBinding()]
    [OutputType('WslNet.HealthCheck', [bool])]
    param(
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        [int]$Port,

        [Alias('Adapter')]
        [ValidateNotNullOrEmpty()]
        [string]$AdapterPattern,

        [ValidateNotNullOrEmpty()]
        [string]$ConfigPath,

        [ValidateNotNullOrEmpty()]
        [string]$User,

        [switch]$Quiet
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    if ($Quiet) {
        $document = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'doctor' -Bound $PSBoundParameters -Target $Port -Raw
        if ($null -ne $document) { return ([string](Get-WslNetJsonValue -InputObject $document -Name 'verdict') -eq 'ok') }
        return
    }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'doctor' -Bound $PSBoundParameters -Target $Port
}
