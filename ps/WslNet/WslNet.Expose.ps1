#
# WslNet.Expose.ps1 - making WSL ports reachable from the LAN as the effective
# networking mode needs (wslnet expose / unexpose / expose list / expose sync).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Publish-WslNetPort {
    <#
    .SYNOPSIS
    Makes WSL ports reachable from the network, with the pieces the effective networking mode needs.

    .DESCRIPTION
    Runs "wslnet.exe expose PORT[,PORT...] --json": one plan over the pieces
    the effective mode (Get-WslNetMode) needs, applied step by step through
    wslnet's change journal under its machine lock:
      nat       a port proxy 0.0.0.0:PORT -> the WSL VM (TCP only), its host
                firewall rule, and a Hyper-V firewall rule when WSL's NAT
                network has the Hyper-V firewall (V2)
      mirrored  a Hyper-V firewall rule only (no proxy, no port translation)
      consomme  a host firewall rule "wslnet expose <proto> PORT" only: WSL's
                service itself listens on the host for the VM's port, TCP or
                UDP (no proxy, no port translation)
    Each exposure is recorded in HKLM\SOFTWARE\wslnet\Exposures with the
    pieces wslnet holds for it, so Unpublish-WslNetPort removes exactly those.
    Publishing again changes nothing when everything is in place.

    What the mode cannot do (UDP in NAT, -ToPort in mirrored or consomme,
    none, bridged) is a non-terminating error WslNet.unsupported (exit code 9) with
    the reason, and the alternative in ErrorDetails.RecommendedAction and
    Exception.Data['WslNet.Alternative']; nothing is changed. Bad input is
    WslNet.invalidInput (exit code 3). Needs an elevated session
    (WslNet.accessDenied otherwise).

    -WhatIf runs wslnet's --dry-run: the input is checked, the exact changes
    are shown, nothing is changed and no elevation is needed.

    .PARAMETER Port
    The host port or ports (1-65535). Also by property name (Get-WslNetPortPublication).

    .PARAMETER Protocol
    TCP (default) or UDP.

    .PARAMETER ToPort
    The port in WSL when it differs from the host port (one -Port only; NAT only).

    .PARAMETER Profile
    Firewall profiles of the host rule: Domain, Private, Public or Any.
    Default: Domain and Private.

    .PARAMETER Remote
    Remote addresses of the rules: LocalSubnet (default), addresses, subnets,
    ranges, Any. The Hyper-V rule takes only the addresses (a keyword leaves
    it unscoped by address).

    .PARAMETER StartService
    Start the IP Helper service when it is stopped (NAT's port proxy needs it).

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, used to find the VM
    address. Default: wslnet's "vEthernet (WSL*".

    .PARAMETER PassThru
    Return the result (WslNet.PortPublicationResult); without it nothing is returned.

    .EXAMPLE
    Publish-WslNetPort -Port 8080

    Makes port 8080 of WSL reachable from the local subnet, in NAT or mirrored mode.

    .EXAMPLE
    Publish-WslNetPort -Port 80,443 -Profile Private -Remote 192.168.1.0/24 -WhatIf

    Shows every piece publishing two ports would create, and changes nothing.

    .EXAMPLE
    Publish-WslNetPort 2222 -ToPort 22 -PassThru | Select-Object -ExpandProperty Changes

    Forwards host port 2222 to SSH in WSL (NAT) and lists each change made.

    .INPUTS
    Objects with Port, Protocol, ToPort, Profile and Remote properties (WslNet.PortPublication).

    .OUTPUTS
    WslNet.PortPublicationResult (with -PassThru). Properties: Mode
    (WslNet.PortPublicationMode: Mode, Reason, HyperVFirewall), DryRun,
    Applied, Changes (WslNet.PortProxyChange: Operation, Kind, Name, Data),
    VmAddress, Warnings, Recovered ($null unless an interrupted change was
    finished first).

    .LINK
    Unpublish-WslNetPort

    .LINK
    Get-WslNetPortPublication

    .LINK
    Sync-WslNetPortPublication
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PortPublicationResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int[]]$Port,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('TCP', 'UDP')]
        [string]$Protocol,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int]$ToPort,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('Domain', 'Private', 'Public', 'Any')]
        [string[]]$Profile,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$Remote,

        [switch]$StartService,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $proto = 'TCP'
        if ($Protocol) { $proto = $Protocol.ToUpperInvariant() }
        $action = 'Publish (port proxy, firewall rules as the networking mode needs)'
        $result = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'expose.add' -Bound $PSBoundParameters `
            -Target ('{0} port {1}' -f $proto, ($Port -join ',')) -Action $action
        if ($PassThru) { $result }
    }
}

function Unpublish-WslNetPort {
    <#
    .SYNOPSIS
    Removes a port publication: exactly the pieces wslnet recorded for it.

    .DESCRIPTION
    Runs "wslnet.exe unexpose PORT --json": removes the pieces the exposure's
    record lists (wslnet's port proxy and its host firewall rule, its Hyper-V
    firewall rule), then the record. Rules and proxies wslnet did not create
    are never touched. Accepts Get-WslNetPortPublication's objects from the
    pipeline (Port and Protocol by property name).

    No such exposure is a non-terminating WslNet.notFound error (exit code 4).
    Needs an elevated session (WslNet.accessDenied otherwise). -WhatIf runs
    wslnet's --dry-run and changes nothing.

    .PARAMETER Port
    The host port of the exposure.

    .PARAMETER Protocol
    TCP (default) or UDP.

    .PARAMETER StartService
    Start the IP Helper service when it is stopped.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name. Default: wslnet's
    "vEthernet (WSL*".

    .PARAMETER PassThru
    Return the result (WslNet.PortPublicationResult); without it nothing is returned.

    .EXAMPLE
    Unpublish-WslNetPort -Port 8080

    Removes the proxy and the firewall rules wslnet created for TCP port 8080.

    .EXAMPLE
    Get-WslNetPortPublication | Unpublish-WslNetPort -WhatIf

    Shows what removing every publication would change.

    .EXAMPLE
    Unpublish-WslNetPort 5353 -Protocol UDP -PassThru

    Removes the UDP publication and returns each change made.

    .INPUTS
    WslNet.PortPublication (Port and Protocol by property name).

    .OUTPUTS
    WslNet.PortPublicationResult (with -PassThru).

    .LINK
    Publish-WslNetPort

    .LINK
    Get-WslNetPortPublication
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PortPublicationResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int]$Port,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('TCP', 'UDP')]
        [string]$Protocol,

        [switch]$StartService,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $proto = 'TCP'
        if ($Protocol) { $proto = $Protocol.ToUpperInvariant() }
        $result = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'expose.remove' -Bound $PSBoundParameters `
            -Target ('{0} port {1}' -f $proto, $Port) -Action 'Unpublish (remove what wslnet recorded for it)'
        if ($PassThru) { $result }
    }
}

function Get-WslNetPortPublication {
    <#
    .SYNOPSIS
    Lists wslnet's port publications and, per piece, whether the effective mode has what it needs.

    .DESCRIPTION
    Runs "wslnet.exe expose list --json" and returns one WslNet.PortPublication
    per exposure recorded in HKLM\SOFTWARE\wslnet\Exposures, with its pieces
    (portProxy, hostRule, hypervRule): Wanted (the effective mode needs it),
    Present, and State ok, missing (Sync-WslNetPortPublication creates it),
    stale (there but not needed in this mode, or not as recorded:
    Sync-WslNetPortPublication removes or fixes it) or absent. Ok is true when
    every piece is as the mode needs; Refusal says why the mode cannot hold
    the exposure (UDP in NAT). Mode (with its Reason) and VmAddress are the
    same for every object. It only reads: no elevation is needed.

    .PARAMETER Port
    Only the exposures of these host ports.

    .PARAMETER Protocol
    Only the exposures of this protocol: TCP or UDP.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, used to find the VM
    address. Default: wslnet's "vEthernet (WSL*".

    .EXAMPLE
    Get-WslNetPortPublication

    Lists every publication with the state of its pieces.

    .EXAMPLE
    Get-WslNetPortPublication | Where-Object { -not $_.Ok } | Select-Object -ExpandProperty Pieces

    Shows the pieces that are missing or stale.

    .EXAMPLE
    (Get-WslNetPortPublication -Port 8080).Mode

    Shows the effective networking mode and why.

    .OUTPUTS
    WslNet.PortPublication. Properties: Protocol, Port, ToPort, Profile,
    Remote, Ok, Refusal ($null when the mode can hold it), Pieces
    (WslNet.PortPublicationPiece: Kind, State, Wanted, Present, Name), Mode
    (WslNet.PortPublicationMode: Mode, Reason, HyperVFirewall), VmAddress.

    .LINK
    Publish-WslNetPort

    .LINK
    Sync-WslNetPortPublication
    #>
    [CmdletBinding()]
    [OutputType('WslNet.PortPublication')]
    param(
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        [int[]]$Port,

        [ValidateSet('TCP', 'UDP')]
        [string]$Protocol,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    foreach ($p in @(Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'expose.list' -Bound $PSBoundParameters -Target 'port publications')) {
        if ($Port -and $Port -notcontains $p.Port) { continue }
        if ($Protocol -and $p.Protocol -ne $Protocol) { continue }
        $p
    }
}

function Sync-WslNetPortPublication {
    <#
    .SYNOPSIS
    Brings every port publication to the pieces the effective networking mode needs.

    .DESCRIPTION
    Runs "wslnet.exe expose sync --json": every recorded exposure gets the
    pieces the effective mode needs and loses those it does not (after a
    change from nat to mirrored the port proxy and its host rule go, the
    Hyper-V rule stays); port proxies follow the VM's current address. An
    exposure the mode cannot hold (UDP after mirrored -> nat) is left as it
    is, with a warning. When everything is right nothing is written.
    Suitable for a scheduled task after .wslconfig changes. Needs an elevated
    session; -WhatIf runs wslnet's --dry-run and changes nothing.

    .PARAMETER StartService
    Start the IP Helper service when it is stopped.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, used to find the VM
    address. Default: wslnet's "vEthernet (WSL*".

    .PARAMETER PassThru
    Return the result (WslNet.PortPublicationResult); without it nothing is returned.

    .EXAMPLE
    Sync-WslNetPortPublication -WhatIf

    Shows what switching the publications to the current mode would change.

    .EXAMPLE
    Sync-WslNetPortPublication -PassThru | Select-Object -ExpandProperty Changes

    Converges every publication and lists each change made.

    .OUTPUTS
    WslNet.PortPublicationResult (with -PassThru).

    .LINK
    Get-WslNetPortPublication

    .LINK
    Publish-WslNetPort
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PortPublicationResult')]
    param(
        [switch]$StartService,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [switch]$PassThru
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $result = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'expose.sync' -Bound $PSBoundParameters -Target 'wslnet port publications'
    if ($PassThru) { $result }
}
