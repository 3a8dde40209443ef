#
# WslNet.Subnet.ps1 - the NAT subnet WSL reuses (wslnet subnet show / suggest / set).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Get-WslNetSubnet {
    <#
    .SYNOPSIS
    Shows the NAT subnet WSL will reuse and the routes of other interfaces that overlap it.

    .DESCRIPTION
    Runs "wslnet.exe subnet show --json" and returns one WslNet.Subnet object:
    the subnet WSL keeps pinned in
    HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss (NatNetwork,
    NatGatewayIpAddress; $null when absent), whether it is valid, the WSL
    adapter's current subnet, WSL's HNS networks as they exist now, Pending
    (a valid pin that no WSL network uses yet: it takes effect after Windows
    restarts), and every IPv4 route of another interface (a VPN, the LAN,
    Docker) that overlaps the pinned subnet, or the adapter's when nothing
    valid is pinned: Relation inside (it takes WSL's traffic) or covers.
    Default routes, routes broader than /8 (a full-tunnel VPN's 0.0.0.0/1 and
    128.0.0.0/1), loopback, multicast and the host's own /32 routes do not count.

    It only reads: no elevation is needed. A free subnet: Find-WslNetSubnet.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name. Default: wslnet's
    "vEthernet (WSL*".

    .EXAMPLE
    Get-WslNetSubnet

    Shows the pinned subnet, the adapter's, and any overlapping route.

    .EXAMPLE
    (Get-WslNetSubnet).Overlaps | Where-Object Relation -eq 'inside' | Format-Table

    Lists the routes (typically a VPN's) that take traffic meant for WSL.

    .EXAMPLE
    if ((Get-WslNetSubnet).OverlapCount -gt 0) { Find-WslNetSubnet | Set-WslNetSubnet -WhatIf }

    Shows what pinning a free subnet would write when a route overlaps WSL's.

    .OUTPUTS
    WslNet.Subnet. Properties: NatNetwork, NatNetworkValid, NatGateway, Adapter,
    AdapterSubnet, AdapterAddress, HnsNetworks (WslNet.SubnetHnsNetwork: Name,
    Subnet, Gateway), HnsError, Pending, CheckedSubnet, RoutesRead, RoutesError,
    OverlapCount and Overlaps (WslNet.SubnetRoute: Prefix, InterfaceIndex,
    Interface, Relation).

    .LINK
    Find-WslNetSubnet

    .LINK
    Set-WslNetSubnet
    #>
    [CmdletBinding()]
    [OutputType('WslNet.Subnet')]
    param(
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]$Adapter
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'subnet.show' -Bound $PSBoundParameters -Target 'WSL NAT subnet'
}

function Find-WslNetSubnet {
    <#
    .SYNOPSIS
    Finds a free private /20 for WSL's NAT network, clear of every route of this computer.

    .DESCRIPTION
    Runs "wslnet.exe subnet suggest --json" and returns one
    WslNet.SubnetSuggestion object: the first private /20 that overlaps no
    route of another interface, trying first the ranges VPN clients, clouds,
    Docker and home routers rarely use (10.250 down to 10.129, then the upper
    half of 192.168, then 172.16/12, then the rest). It only reads.

    The object pipes into Set-WslNetSubnet (Subnet and Gateway by property
    name). When no /20 is free, a non-terminating error WslNet.notFound (exit
    code 4) is written.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, whose routes do not
    count. Default: wslnet's "vEthernet (WSL*".

    .EXAMPLE
    Find-WslNetSubnet

    Suggests a free subnet and its gateway, with the number of routes considered.

    .EXAMPLE
    Find-WslNetSubnet | Set-WslNetSubnet -Confirm:$false

    Pins the suggested subnet for WSL (elevated; restart Windows afterwards).

    .OUTPUTS
    WslNet.SubnetSuggestion. Properties: Subnet, Gateway, RoutesConsidered.

    .LINK
    Set-WslNetSubnet
    #>
    [CmdletBinding()]
    [OutputType('WslNet.SubnetSuggestion')]
    param(
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]$Adapter
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'subnet.suggest' -Bound $PSBoundParameters -Target 'free WSL NAT subnet'
}

function Set-WslNetSubnet {
    <#
    .SYNOPSIS
    Pins the NAT subnet WSL uses (HKLM Lxss NatNetwork and NatGatewayIpAddress).

    .DESCRIPTION
    Runs "wslnet.exe subnet set CIDR --json". Writes WSL's own values
    NatNetwork (the subnet) and NatGatewayIpAddress (the gateway, by default
    the subnet's first address) in
    HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss as REG_SZ, the way WSL
    writes them. Values already right are not written; no other value is
    touched.

    The subnet must be a private range (10/8, 172.16/12, 192.168/16) given by
    its network address, /16 to /24, and the gateway a host address inside
    it. A route of another interface overlapping the subnet refuses it unless
    -Force. Bad input is a non-terminating WslNet.invalidInput error (exit
    code 3) and changes nothing. Needs an elevated session (WslNet.accessDenied
    otherwise) and waits for other wslnet changes.

    WSL reads these values only when it creates its NAT network, and HNS keeps
    that network until Windows restarts (WSL reuses it after "wsl --shutdown"
    and then writes its old range back). So restart Windows before WSL starts
    again: after a change a warning says so. Stopping WSL is not enough, which
    is why this cmdlet has no -Shutdown (wslnet.exe refuses --shutdown).

    -WhatIf runs wslnet's --dry-run: the input is checked, the exact values
    that would be written are shown, nothing is written and no elevation is
    needed.

    .PARAMETER Subnet
    The subnet in CIDR notation, e.g. 10.249.0.0/20. Also from the pipeline,
    as a string or by property name (Find-WslNetSubnet's output).

    .PARAMETER Gateway
    The host side of the NAT network (NatGatewayIpAddress). Default: the
    subnet's first address.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, whose routes do not
    count as overlaps. Default: wslnet's "vEthernet (WSL*".

    .PARAMETER Force
    Write the subnet although a route of another interface overlaps it (or
    the route table cannot be read). The overlapping routes are returned in
    Overlaps.

    .PARAMETER PassThru
    Return the change (WslNet.SubnetChange); without it nothing is returned.

    .EXAMPLE
    Set-WslNetSubnet -Subnet 10.249.0.0/20 -WhatIf

    Shows the two registry values that would be written, and writes nothing.

    .EXAMPLE
    Set-WslNetSubnet 192.168.240.0/20 -Gateway 192.168.240.254 -PassThru | Select-Object -ExpandProperty Values

    Pins 192.168.240.0/20 with the gateway .254 and shows each value before and after.

    .EXAMPLE
    Find-WslNetSubnet | Set-WslNetSubnet -Confirm:$false; Restart-Computer

    A deployment script: pins a free subnet and restarts Windows so that WSL uses it.

    .INPUTS
    System.String, or objects with Subnet and Gateway properties (WslNet.SubnetSuggestion).

    .OUTPUTS
    WslNet.SubnetChange (with -PassThru). Properties: Subnet, Gateway, DryRun,
    Changed, RegistryKey, Values (WslNet.SubnetValue: Name, Type, OldValue -
    $null when absent - NewValue, Action write or none), Overlaps (with
    -Force), TakesEffect.

    .LINK
    Get-WslNetSubnet

    .LINK
    Find-WslNetSubnet
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.SubnetChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('Cidr', 'NatNetwork')]
        [ValidateNotNullOrEmpty()]
        [string]$Subnet,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('NatGateway')]
        [ValidateNotNullOrEmpty()]
        [string]$Gateway,

        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [switch]$Force,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $action = 'Pin the WSL NAT subnet (HKLM Lxss NatNetwork, NatGatewayIpAddress)'
        $change = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'subnet.set' -Bound $PSBoundParameters -Target $Subnet -Action $action
        foreach ($c in @($change)) {
            # HNS keeps WSL's network until Windows restarts (docs/cli.md).
            if ($null -ne $c -and $c.Changed) { $PSCmdlet.WriteWarning($c.TakesEffect) }
        }
        if ($PassThru) { $change }
    }
}
