#
# WslNet.Proxy.ps1 - cmdlets for port proxies (wslnet proxy). Dot-sourced by
# WslNet.psm1; uses its helpers (Invoke-WslNetJson, Get-WslNetJsonValue).
#

Set-StrictMode -Version 2.0

function ConvertTo-WslNetPortProxy {
    param([object]$Json)
    [pscustomobject]@{
        PSTypeName     = 'WslNet.PortProxy'
        Kind           = [string](Get-WslNetJsonValue -InputObject $Json -Name 'kind')
        ListenAddress  = [string](Get-WslNetJsonValue -InputObject $Json -Name 'listenAddress' -Default '')
        ListenPort     = [int](Get-WslNetJsonValue -InputObject $Json -Name 'listenPort' -Default 0)
        ConnectAddress = [string](Get-WslNetJsonValue -InputObject $Json -Name 'connectAddress' -Default '')
        ConnectPort    = [int](Get-WslNetJsonValue -InputObject $Json -Name 'connectPort' -Default 0)
        Owner          = [string](Get-WslNetJsonValue -InputObject $Json -Name 'owner')
        Target         = [string](Get-WslNetJsonValue -InputObject $Json -Name 'target' -Default '')
        Stale          = [bool](Get-WslNetJsonValue -InputObject $Json -Name 'stale' -Default $false)
        Missing        = [bool](Get-WslNetJsonValue -InputObject $Json -Name 'missing' -Default $false)
        Valid          = [bool](Get-WslNetJsonValue -InputObject $Json -Name 'valid' -Default $false)
        RegistryName   = [string](Get-WslNetJsonValue -InputObject $Json -Name 'registryName' -Default '')
        RegistryData   = [string](Get-WslNetJsonValue -InputObject $Json -Name 'registryData' -Default '')
    }
}

function ConvertTo-WslNetProxyChange {
    param([object]$Document)
    foreach ($c in @(Get-WslNetJsonValue -InputObject $Document -Name 'changes' -Default @())) {
        if ($null -eq $c) { continue }
        [pscustomobject]@{
            PSTypeName = 'WslNet.PortProxyChange'
            Operation  = [string](Get-WslNetJsonValue -InputObject $c -Name 'op')
            Kind       = [string](Get-WslNetJsonValue -InputObject $c -Name 'kind' -Default '')
            Name       = [string](Get-WslNetJsonValue -InputObject $c -Name 'name' -Default '')
            Data       = [string](Get-WslNetJsonValue -InputObject $c -Name 'data' -Default '')
        }
    }
    foreach ($w in @(Get-WslNetJsonValue -InputObject $Document -Name 'warnings' -Default @())) {
        if ($w) { Write-Warning -Message $w }
    }
}

function Invoke-WslNetProxyChange {
    # Runs one proxy change and writes its change records, or its error.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string[]]$ArgumentList, [string]$Kind, [object]$Target)
    $run = Invoke-WslNetJson -ArgumentList $ArgumentList -Kind $Kind -TargetObject $Target
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $Cmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $Cmdlet.WriteError($run.ErrorRecord)
        return
    }
    ConvertTo-WslNetProxyChange -Document $run.Document
}

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
    $arguments = @('proxy', 'list')
    if ($PSBoundParameters.ContainsKey('Adapter')) { $arguments += @('--adapter', $Adapter) }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'proxyList' -TargetObject 'portproxy'
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    foreach ($item in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'proxies' -Default @())) {
        if ($null -eq $item) { continue }
        $proxy = ConvertTo-WslNetPortProxy -Json $item
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

    .EXAMPLE
    Add-WslNetPortProxy -ListenPort 8080 -To wsl

    Exposes port 8080 of WSL on every host address, reachable from the local subnet.

    .EXAMPLE
    Add-WslNetPortProxy -ListenPort 2222 -To wsl -ConnectPort 22 -Profile private -Remote 192.168.1.0/24 -WhatIf

    Shows what exposing WSL's SSH on host port 2222 would change.

    .OUTPUTS
    WslNet.PortProxyChange. One per change made: Operation, Kind, Name, Data.

    .LINK
    Remove-WslNetPortProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('WslNet.PortProxyChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateRange(1, 65535)]
        [int]$ListenPort,
        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$To,
        [ValidateRange(1, 65535)]
        [int]$ConnectPort,
        [ValidateNotNullOrEmpty()]
        [string]$ListenAddress,
        [ValidateSet('v4tov4', 'v4tov6', 'v6tov4', 'v6tov6')]
        [string]$Kind,
        [switch]$NoFirewall,
        [ValidateNotNullOrEmpty()]
        [string[]]$Profile,
        [ValidateNotNullOrEmpty()]
        [string[]]$Remote,
        [switch]$StartService
    )
    $arguments = @('proxy', 'add', [string]$ListenPort, '--to', $To)
    if ($PSBoundParameters.ContainsKey('ConnectPort')) { $arguments += @('--connect-port', [string]$ConnectPort) }
    if ($PSBoundParameters.ContainsKey('ListenAddress')) { $arguments += @('--listen-address', $ListenAddress) }
    if ($PSBoundParameters.ContainsKey('Kind')) { $arguments += @('--kind', $Kind) }
    if ($NoFirewall) { $arguments += '--no-firewall' }
    if ($PSBoundParameters.ContainsKey('Profile')) { $arguments += @('--profile', ($Profile -join ',')) }
    if ($PSBoundParameters.ContainsKey('Remote')) { $arguments += @('--remote', ($Remote -join ',')) }
    if ($StartService) { $arguments += '--start-service' }
    $target = "port $ListenPort -> $To"
    if ($PSCmdlet.ShouldProcess($target, 'Add port proxy')) {
        Invoke-WslNetProxyChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'proxyAdd' -Target $target
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
        [string]$ListenAddress,
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('v4tov4', 'v4tov6', 'v6tov4', 'v6tov6')]
        [string]$Kind,
        [switch]$Force,
        [switch]$StartService
    )
    process {
        $arguments = @('proxy', 'remove', [string]$ListenPort)
        if ($ListenAddress) { $arguments += @('--listen-address', $ListenAddress) }
        if ($Kind) { $arguments += @('--kind', $Kind) }
        if ($Force) { $arguments += '--force' }
        if ($StartService) { $arguments += '--start-service' }
        $target = "port proxy $Kind $ListenAddress $ListenPort".Trim()
        if ($PSCmdlet.ShouldProcess($target, 'Remove port proxy')) {
            Invoke-WslNetProxyChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'proxyRemove' -Target $target
        }
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

    .EXAMPLE
    Sync-WslNetPortProxy

    Re-points the proxies after WSL restarted with a new address.

    .EXAMPLE
    Sync-WslNetPortProxy -WhatIf

    Says whether a sync would change anything.

    .OUTPUTS
    WslNet.PortProxyChange. One per change made (none when all are right).
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('WslNet.PortProxyChange')]
    param(
        [ValidateNotNullOrEmpty()]
        [string]$Adapter,
        [switch]$StartService
    )
    $arguments = @('proxy', 'sync')
    if ($PSBoundParameters.ContainsKey('Adapter')) { $arguments += @('--adapter', $Adapter) }
    if ($StartService) { $arguments += '--start-service' }
    if ($PSCmdlet.ShouldProcess('wslnet port proxies', 'Sync')) {
        Invoke-WslNetProxyChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'proxySync' -Target 'portproxy'
    }
}
