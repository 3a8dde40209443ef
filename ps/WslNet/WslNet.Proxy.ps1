#
# WslNet.Proxy.ps1 - cmdlets for port proxies (wslnet proxy). Dot-sourced by
# WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Get-WslNetPortProxy {
    <#
    .SYNOPSIS
    Lists the port proxy rules of this computer, and which ones wslnet owns.

    .DESCRIPTION
    Runs "wslnet.exe proxy list --json": every rule in the IP Helper service's
    store (what "netsh interface portproxy show all" shows, all four kinds),
    with Owner "wslnet" for the rules wslnet created (and their Target: "wsl"
    or an address) and "foreign" for the others. Stale is true for a
    wsl-targeted rule that does not point at the WSL VM's current address
    (Sync-WslNetPortProxy fixes it). Store values that are not valid rules are
    returned with Valid false.

    .PARAMETER Owner
    Only rules of this owner: wslnet or foreign.

    .PARAMETER Adapter
    The WSL adapter name pattern used to find the VM address.

    .EXAMPLE
    Get-WslNetPortProxy

    Lists every port proxy with its owner and target.

    .EXAMPLE
    Get-WslNetPortProxy -Owner wslnet | Where-Object Stale

    Lists the rules wslnet owns that point at an old VM address.

    .OUTPUTS
    WslNet.PortProxy. Properties: Kind, ListenAddress, ListenPort, ConnectAddress,
    ConnectPort, Owner, Target, Stale, Missing, Valid, RegistryName, RegistryData.

    .LINK
    Add-WslNetPortProxy
    #>
    [CmdletBinding()]
    [OutputType('WslNet.PortProxy')]
    param(
        [ValidateSet('wslnet', 'foreign')]
        [string]$Owner,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    foreach ($proxy in @(Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'proxy.list' -Bound $PSBoundParameters -Target 'portproxy')) {
        if (-not $Owner -or $proxy.Owner -eq $Owner) { $proxy }
    }
}

function Add-WslNetPortProxy {
    <#
    .SYNOPSIS
    Forwards a host port to WSL (or to an address), with a scoped firewall rule.

    .DESCRIPTION
    Runs "wslnet.exe proxy add". With -To wsl the rule follows the WSL VM: it
    gets the VM's current address, and Sync-WslNetPortProxy re-points it after
    the address changes. A host firewall rule for the listen port is created in
    wslnet's grouping (profiles private and domain, remote LocalSubnet unless
    -Profile and -Remote say otherwise) unless -NoFirewall. Rules wslnet did
    not create are never changed: adding over one fails. Needs an elevated
    session. -WhatIf shows what would be done.

    .PARAMETER ListenPort
    The host port to listen on (1-65535).

    .PARAMETER To
    wsl (the WSL VM), an IP address, or a host name.

    .PARAMETER ConnectPort
    The port to connect to; the listen port by default.

    .PARAMETER ListenAddress
    The host address to listen on; 0.0.0.0 (all) by default, :: for v6 kinds.

    .PARAMETER Kind
    v4tov4 (default), v4tov6, v6tov4 or v6tov6.

    .PARAMETER NoFirewall
    Do not create a host firewall rule.

    .PARAMETER Profile
    Firewall profiles: domain, private, public, or any.

    .PARAMETER Remote
    Firewall remote addresses: LocalSubnet, addresses, subnets, ranges, any.

    .PARAMETER StartService
    Start the IP Helper service when it is stopped.

    .PARAMETER User
    Whose WSL VM -To wsl means (a user name or a SID): that user's
    NatIpAddress (HKU\<SID>). Run as SYSTEM without -User, the signed-in user
    with a VM; several are refused (WslNet.invalidInput) with the candidates.

    .EXAMPLE
    Add-WslNetPortProxy -ListenPort 8080 -To wsl

    Exposes port 8080 of WSL on every host address, reachable from the local subnet.

    .EXAMPLE
    Add-WslNetPortProxy -ListenPort 2222 -To wsl -ConnectPort 22 -Profile private -Remote 192.168.1.0/24 -WhatIf

    Shows what exposing WSL's SSH on host port 2222 would change.

    .EXAMPLE
    Add-WslNetPortProxy -ListenPort 8080 -To wsl -User 'CONTOSO\alice'

    From a SYSTEM script (Intune, Group Policy): forwards port 8080 to alice's WSL VM.

    .OUTPUTS
    WslNet.PortProxyChange. One per change made: Operation, Kind, Name, Data.

    .LINK
    Remove-WslNetPortProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PortProxyChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int]$ListenPort,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$To,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int]$ConnectPort,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$ListenAddress,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('v4tov4', 'v4tov6', 'v6tov4', 'v6tov6')]
        [string]$Kind,

        [switch]$NoFirewall,

        [ValidateSet('Domain', 'Private', 'Public', 'Any')]
        [string[]]$Profile,

        [ValidateNotNullOrEmpty()]
        [string[]]$Remote,

        [switch]$StartService,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$User
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'proxy.add' -Bound $PSBoundParameters -Target "port $ListenPort -> $To"
    }
}

function Remove-WslNetPortProxy {
    <#
    .SYNOPSIS
    Removes a port proxy that wslnet created, and its firewall rule.

    .DESCRIPTION
    Runs "wslnet.exe proxy remove". A rule wslnet did not create is refused
    unless -Force; its firewall rules are never touched. Accepts the objects
    of Get-WslNetPortProxy from the pipeline. Needs an elevated session.

    .PARAMETER ListenPort
    The listen port of the rule.

    .PARAMETER ListenAddress
    The listen address of the rule; 0.0.0.0 by default (:: for v6 kinds).

    .PARAMETER Kind
    The rule's kind; v4tov4 by default.

    .PARAMETER Force
    Also remove a rule wslnet did not create.

    .PARAMETER StartService
    Start the IP Helper service when it is stopped.


    .PARAMETER PassThru
    Return the changes made (WslNet.PortProxyChange); without it nothing is returned.
    .EXAMPLE
    Remove-WslNetPortProxy -ListenPort 8080

    Removes wslnet's proxy on port 8080 and its firewall rule.

    .EXAMPLE
    Get-WslNetPortProxy -Owner wslnet | Remove-WslNetPortProxy -WhatIf

    Shows what removing every proxy wslnet created would do.

    .INPUTS
    WslNet.PortProxy (ListenPort, ListenAddress, Kind by property name).

    .OUTPUTS
    WslNet.PortProxyChange. One per change made.
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PortProxyChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 65535)]
        [int]$ListenPort,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$ListenAddress,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('v4tov4', 'v4tov6', 'v6tov4', 'v6tov6')]
        [string]$Kind,

        [switch]$Force,

        [switch]$StartService,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $target = ("port proxy $Kind $ListenAddress $ListenPort" -replace '\s+', ' ').Trim()
        $changes = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'proxy.remove' -Bound $PSBoundParameters -Target $target
        if ($PassThru) { $changes }
    }
}

function Sync-WslNetPortProxy {
    <#
    .SYNOPSIS
    Re-points wslnet's wsl-targeted port proxies at the WSL VM's current address.

    .DESCRIPTION
    Runs "wslnet.exe proxy sync": every rule wslnet owns is made to match its
    record (wsl targets get the VM's current address; rules changed or deleted
    by others are restored). When everything is right nothing is written.
    Suitable for a scheduled task or a logon script. Needs an elevated session.

    .PARAMETER Adapter
    The WSL adapter name pattern used to find the VM address.

    .PARAMETER StartService
    Start the IP Helper service when it is stopped.

    .PARAMETER User
    Whose WSL VM the wsl-targeted proxies follow (a user name or a SID). Run
    as SYSTEM (a scheduled task) without -User, the signed-in user with a VM;
    several are refused (WslNet.invalidInput) with the candidates.

    .EXAMPLE
    Sync-WslNetPortProxy

    Re-points the proxies after WSL restarted with a new address.

    .EXAMPLE
    Sync-WslNetPortProxy -WhatIf

    Says whether a sync would change anything.

    .EXAMPLE
    Sync-WslNetPortProxy -User 'CONTOSO\alice'

    A SYSTEM scheduled task on a shared machine: follows alice's VM.

    .OUTPUTS
    WslNet.PortProxyChange. One per change made (none when all are right).
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType('WslNet.PortProxyChange')]
    param(
        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [switch]$StartService,

        [ValidateNotNullOrEmpty()]
        [string]$User
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'proxy.sync' -Bound $PSBoundParameters -Target 'wslnet port proxies'
}
