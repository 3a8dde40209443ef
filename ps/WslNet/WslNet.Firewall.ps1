#
# WslNet.Firewall.ps1 - cmdlets for the Hyper-V firewall (wslnet firewall).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand
# (-WhatIf: the exe's --dry-run plan, nothing changed).
#

Set-StrictMode -Version 2.0

function Get-WslNetFirewallSetting {
    <#
    .SYNOPSIS
    Gets the Hyper-V firewall's settings for WSL.

    .DESCRIPTION
    Runs "wslnet.exe firewall settings get --json" and returns the VM setting of
    WSL's VM creator (MSFT_NetFirewallHyperVVMSetting): Enabled,
    DefaultInboundAction, DefaultOutboundAction, LoopbackEnabled and
    AllowHostPolicyMerge, as true/false/notConfigured and
    allow/block/notConfigured ($null when the value is not set), with the
    firewall version this Windows has (Support: v1 or v2). Exists is false
    when no setting object exists yet (Windows' defaults apply). On a Windows
    without the Hyper-V firewall a WslNet.unsupported error is written.

    .PARAMETER Store
    Persistent (default: what is configured) or Active (what is in effect).

    .PARAMETER VMCreatorId
    Another VM creator, as a braced GUID; WSL's by default.

    .EXAMPLE
    Get-WslNetFirewallSetting

    Shows whether the Hyper-V firewall blocks inbound traffic to WSL.

    .EXAMPLE
    Get-WslNetFirewallSetting -Store Active | Select-Object DefaultInboundAction, LoopbackEnabled

    Shows the settings in effect.

    .OUTPUTS
    WslNet.FirewallSetting. Properties: VMCreatorId, Store, Exists, Enabled,
    DefaultInboundAction, DefaultOutboundAction, LoopbackEnabled,
    AllowHostPolicyMerge, Support, DisabledByRegistry (Changed and Created are
    empty/false here; Set-WslNetFirewallSetting fills them).

    .LINK
    Set-WslNetFirewallSetting
    #>
    [CmdletBinding()]
    [OutputType('WslNet.FirewallSetting')]
    param(
        [ValidateSet('Persistent', 'Active')]
        [string]$Store = 'Persistent',

        [ValidateNotNullOrEmpty()]
        [string]$VMCreatorId
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $bound = @{ Store = $Store }
    if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $bound['VMCreatorId'] = $VMCreatorId }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'firewall.settings.get' -Bound $bound -Target 'Hyper-V firewall' `
        -Context @{ Store = $Store.ToLowerInvariant() }
}

function Set-WslNetFirewallSetting {
    <#
    .SYNOPSIS
    Changes the Hyper-V firewall's settings for WSL.

    .DESCRIPTION
    Runs "wslnet.exe firewall settings set": sets the given values in the
    persistent store and leaves the others as they are. The setting object is
    created when it does not exist yet (which Set-NetFirewallHyperVVMSetting
    cannot do). Nothing to change writes nothing. Needs an elevated session.
    -WhatIf runs the exe with --dry-run and shows which values would change.

    .PARAMETER Enabled
    True, False or NotConfigured: whether the Hyper-V firewall filters WSL.

    .PARAMETER DefaultInboundAction
    Allow, Block or NotConfigured.

    .PARAMETER DefaultOutboundAction
    Allow, Block or NotConfigured.

    .PARAMETER LoopbackEnabled
    True, False or NotConfigured: loopback between the host and WSL.

    .PARAMETER AllowHostPolicyMerge
    True, False or NotConfigured: whether host firewall rules apply too.

    .PARAMETER VMCreatorId
    Another VM creator, as a braced GUID; WSL's by default.


    .PARAMETER PassThru
    Return the settings as stored afterwards; without it nothing is returned.
    .EXAMPLE
    Set-WslNetFirewallSetting -DefaultInboundAction Allow

    Lets inbound traffic reach WSL unless a rule blocks it.

    .EXAMPLE
    Set-WslNetFirewallSetting -LoopbackEnabled True -WhatIf

    Shows whether enabling loopback would change anything.

    .OUTPUTS
    WslNet.FirewallSetting. The settings as stored afterwards, with Changed
    (the WMI property names that changed) and Created.

    .LINK
    Get-WslNetFirewallSetting
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.FirewallSetting')]
    param(
        [ValidateSet('True', 'False', 'NotConfigured')]
        [string]$Enabled,

        [ValidateSet('Allow', 'Block', 'NotConfigured')]
        [string]$DefaultInboundAction,

        [ValidateSet('Allow', 'Block', 'NotConfigured')]
        [string]$DefaultOutboundAction,

        [ValidateSet('True', 'False', 'NotConfigured')]
        [string]$LoopbackEnabled,

        [ValidateSet('True', 'False', 'NotConfigured')]
        [string]$AllowHostPolicyMerge,

        [ValidateNotNullOrEmpty()]
        [string]$VMCreatorId,

        [switch]$PassThru
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $setting = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'firewall.settings.set' -Bound $PSBoundParameters `
        -Target 'Hyper-V firewall settings for WSL' -Context @{ Store = 'persistent' }
    if ($PassThru) { $setting }
}

function Get-WslNetFirewallRule {
    <#
    .SYNOPSIS
    Lists the Hyper-V firewall rules for WSL.

    .DESCRIPTION
    Runs "wslnet.exe firewall rule list --json" and returns the Hyper-V
    firewall rules (MSFT_NetFirewallHyperVRule) of WSL's VM creator, or of
    every creator with -All. Owned is true for the rules wslnet created (their
    name starts with "wslnet-"); the others are never changed by wslnet.

    .PARAMETER Name
    Only rules whose name matches (wildcards * and ?). Also from the pipeline.

    .PARAMETER All
    Every rule, whatever its VM creator.

    .PARAMETER Store
    Persistent (default) or Active.

    .PARAMETER VMCreatorId
    Another VM creator, as a braced GUID; WSL's by default.

    .EXAMPLE
    Get-WslNetFirewallRule

    Lists the rules for WSL.

    .EXAMPLE
    Get-WslNetFirewallRule -Name 'wslnet-*' | Format-List

    Shows every detail of the rules wslnet created.

    .INPUTS
    System.String. Rule names (wildcards allowed).

    .OUTPUTS
    WslNet.FirewallRule. Properties: Name, DisplayName, Description, Owned,
    VMCreatorId, Direction, Action, Enabled, Protocol, Profiles, LocalPorts,
    RemotePorts, LocalAddresses, RemoteAddresses, RulePriority, EnforcementStatus.

    .LINK
    New-WslNetFirewallRule
    #>
    [CmdletBinding()]
    [OutputType('WslNet.FirewallRule')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$Name,

        [switch]$All,

        [ValidateSet('Persistent', 'Active')]
        [string]$Store = 'Persistent',

        [ValidateNotNullOrEmpty()]
        [string]$VMCreatorId
    )
    begin {
        Use-WslNetCallerPreference -Cmdlet $PSCmdlet
        $bound = @{ Store = $Store; All = $All }
        if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $bound['VMCreatorId'] = $VMCreatorId }
        $rules = $null
    }
    process {
        # One listing for the whole pipeline; names are matched here.
        if ($null -eq $rules) {
            $rules = @(Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'firewall.rule.list' -Bound $bound -Target 'Hyper-V firewall rules')
        }
        foreach ($rule in $rules) {
            if (-not $Name) { $rule; continue }
            foreach ($pattern in $Name) {
                if ($rule.Name -like $pattern) { $rule; break }
            }
        }
    }
}

function New-WslNetFirewallRule {
    <#
    .SYNOPSIS
    Adds a Hyper-V firewall rule for WSL.

    .DESCRIPTION
    Runs "wslnet.exe firewall rule add": a rule in the persistent store with
    New-NetFirewallHyperVRule's defaults (inbound, allow, enabled, any
    profile, WSL's VM creator). Its name gets the "wslnet-" prefix when it
    lacks it. Ports need -Protocol TCP or UDP; addresses are IPv4/IPv6
    addresses, subnets (a.b.c.d/n) or ranges (first-last). Everything is
    checked before anything is changed. Adding the same rule again changes
    nothing; other values replace wslnet's rule of that name. Needs an
    elevated session; -WhatIf shows the plan.

    .PARAMETER Name
    The rule's name (letters, digits, . _ - { }); "wslnet-" is added when missing.

    .PARAMETER DisplayName
    The name people see; the rule's name by default.

    .PARAMETER Protocol
    TCP, UDP, ICMPv4, ICMPv6, Any, or a protocol number 0-255.

    .PARAMETER Direction
    Inbound (default) or Outbound.

    .PARAMETER Action
    Allow (default) or Block.

    .PARAMETER LocalPort
    Local ports and ranges ("80", "8000-8080"); TCP/UDP only.

    .PARAMETER RemotePort
    Remote ports and ranges; TCP/UDP only.

    .PARAMETER LocalAddress
    Local addresses, subnets or ranges.

    .PARAMETER RemoteAddress
    Remote addresses, subnets or ranges.

    .PARAMETER Profile
    Any (default), or one or more of Domain, Private, Public.

    .PARAMETER Enabled
    True (default) or False.

    .PARAMETER VMCreatorId
    Another VM creator, as a braced GUID; WSL's by default.

    .EXAMPLE
    New-WslNetFirewallRule -Name web -Protocol TCP -LocalPort 80, 443

    Lets inbound HTTP and HTTPS reach WSL (rule wslnet-web).

    .EXAMPLE
    New-WslNetFirewallRule -Name ssh -Protocol TCP -LocalPort 22 -RemoteAddress 192.168.1.0/24 -Profile Private -WhatIf

    Shows the rule that would let SSH from the local network reach WSL.

    .INPUTS
    Objects with Name, DisplayName, Protocol, ... by property name.

    .OUTPUTS
    WslNet.FirewallRuleChange. Operation (create, update, none), Applied, Name, Rule.

    .LINK
    Remove-WslNetFirewallRule
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.FirewallRuleChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$Name,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$DisplayName,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$Protocol,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('Inbound', 'Outbound')]
        [string]$Direction,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('Allow', 'Block')]
        [string]$Action,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$LocalPort,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$RemotePort,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$LocalAddress,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$RemoteAddress,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('Any', 'Domain', 'Private', 'Public')]
        [string[]]$Profile,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('True', 'False')]
        [string]$Enabled,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$VMCreatorId
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'firewall.rule.add' -Bound $PSBoundParameters -Target "Hyper-V firewall rule $Name"
    }
}

function Remove-WslNetFirewallRule {
    <#
    .SYNOPSIS
    Removes a Hyper-V firewall rule that wslnet created.

    .DESCRIPTION
    Runs "wslnet.exe firewall rule remove". The name refers to wslnet's rule
    ("wslnet-" is added when missing); a rule wslnet did not create is
    refused unless -Force (then by its exact name). Accepts names and the
    objects of Get-WslNetFirewallRule from the pipeline. Needs an elevated
    session; -WhatIf shows what would be removed.

    .PARAMETER Name
    The rule's name. Also from the pipeline, by value or property name.

    .PARAMETER Force
    Also remove a rule wslnet did not create.


    .PARAMETER PassThru
    Return the change (WslNet.FirewallRuleChange); without it nothing is returned.
    .EXAMPLE
    Remove-WslNetFirewallRule -Name web

    Removes the rule wslnet-web.

    .EXAMPLE
    Get-WslNetFirewallRule | Where-Object Owned | Remove-WslNetFirewallRule -WhatIf

    Shows what removing every rule wslnet created would do.

    .INPUTS
    System.String, or WslNet.FirewallRule (Name by property name).

    .OUTPUTS
    WslNet.FirewallRuleChange. Operation delete, Applied, Name, Rule (as it was).

    .LINK
    New-WslNetFirewallRule
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.FirewallRuleChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string[]]$Name,

        [switch]$Force,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        foreach ($one in $Name) {
            $change = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'firewall.rule.remove' -Bound @{ Name = $one; Force = $Force } `
                -Target "Hyper-V firewall rule $one"
            if ($PassThru) { $change }
        }
    }
}
