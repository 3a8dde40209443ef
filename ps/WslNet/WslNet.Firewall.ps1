#
# WslNet.Firewall.ps1 - cmdlets for the Hyper-V firewall (wslnet firewall). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#
# Changes support -WhatIf/-Confirm: -WhatIf runs the exe with --dry-run (so
# the input is still checked and the plan is the exe's own) and shows the
# plan as the "What if" line; nothing is changed.
#

Set-StrictMode -Version 2.0

function ConvertTo-WslNetFirewallSetting {
    # A settings object; from a change document (kind firewallSettingsChange)
    # Changed and Created say what the change did.
    param([object]$Json, [object]$Document, [string]$Store)
    $firewall = Get-WslNetJsonValue -InputObject $Document -Name 'firewall'
    [pscustomobject]@{
        PSTypeName            = 'WslNet.FirewallSetting'
        VMCreatorId           = [string](Get-WslNetJsonValue -InputObject $Json -Name 'vmCreatorId')
        Store                 = $Store
        Exists                = [bool](Get-WslNetJsonValue -InputObject $Json -Name 'exists' -Default $false)
        Enabled               = Get-WslNetJsonValue -InputObject $Json -Name 'enabled'
        DefaultInboundAction  = Get-WslNetJsonValue -InputObject $Json -Name 'defaultInboundAction'
        DefaultOutboundAction = Get-WslNetJsonValue -InputObject $Json -Name 'defaultOutboundAction'
        LoopbackEnabled       = Get-WslNetJsonValue -InputObject $Json -Name 'loopbackEnabled'
        AllowHostPolicyMerge  = Get-WslNetJsonValue -InputObject $Json -Name 'allowHostPolicyMerge'
        Support               = [string](Get-WslNetJsonValue -InputObject $firewall -Name 'support' -Default '')
        DisabledByRegistry    = [bool](Get-WslNetJsonValue -InputObject $firewall -Name 'disabledByRegistry' -Default $false)
        Changed               = [string[]]@(Get-WslNetJsonValue -InputObject $Document -Name 'changed' -Default @())
        Created               = [bool](Get-WslNetJsonValue -InputObject $Document -Name 'create' -Default $false)
    }
}

function ConvertTo-WslNetFirewallRule {
    param([object]$Json)
    [pscustomobject]@{
        PSTypeName        = 'WslNet.FirewallRule'
        Name              = [string](Get-WslNetJsonValue -InputObject $Json -Name 'name')
        DisplayName       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'displayName' -Default '')
        Description       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'description' -Default '')
        Owned             = [bool](Get-WslNetJsonValue -InputObject $Json -Name 'owned' -Default $false)
        VMCreatorId       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'vmCreatorId' -Default '')
        Direction         = Get-WslNetJsonValue -InputObject $Json -Name 'direction'
        Action            = Get-WslNetJsonValue -InputObject $Json -Name 'action'
        Enabled           = Get-WslNetJsonValue -InputObject $Json -Name 'enabled'
        Protocol          = [string](Get-WslNetJsonValue -InputObject $Json -Name 'protocol' -Default 'any')
        Profiles          = Get-WslNetJsonValue -InputObject $Json -Name 'profiles'
        LocalPorts        = [string[]]@(Get-WslNetJsonValue -InputObject $Json -Name 'localPorts' -Default @())
        RemotePorts       = [string[]]@(Get-WslNetJsonValue -InputObject $Json -Name 'remotePorts' -Default @())
        LocalAddresses    = [string[]]@(Get-WslNetJsonValue -InputObject $Json -Name 'localAddresses' -Default @())
        RemoteAddresses   = [string[]]@(Get-WslNetJsonValue -InputObject $Json -Name 'remoteAddresses' -Default @())
        RulePriority      = Get-WslNetJsonValue -InputObject $Json -Name 'rulePriority'
        EnforcementStatus = Get-WslNetJsonValue -InputObject $Json -Name 'enforcementStatus'
    }
}

function ConvertTo-WslNetFirewallRuleChange {
    param([object]$Document)
    [pscustomobject]@{
        PSTypeName = 'WslNet.FirewallRuleChange'
        Operation  = [string](Get-WslNetJsonValue -InputObject $Document -Name 'op')
        Applied    = [bool](Get-WslNetJsonValue -InputObject $Document -Name 'applied' -Default $false)
        Name       = [string](Get-WslNetJsonValue -InputObject (Get-WslNetJsonValue -InputObject $Document -Name 'rule') -Name 'name')
        Rule       = ConvertTo-WslNetFirewallRule -Json (Get-WslNetJsonValue -InputObject $Document -Name 'rule')
    }
}

function Write-WslNetFirewallWarning {
    # The capability warning of a document (version 1, or turned off by the registry).
    param([object]$Document)
    $firewall = Get-WslNetJsonValue -InputObject $Document -Name 'firewall'
    $warning = [string](Get-WslNetJsonValue -InputObject $firewall -Name 'warning' -Default '')
    if ($warning) { Write-Warning -Message $warning }
}

function Test-WslNetWhatIf {
    # Whether -WhatIf is in effect for Cmdlet: given to it, or inherited
    # through $WhatIfPreference (looked up in the cmdlet's own scope).
    param([System.Management.Automation.PSCmdlet]$Cmdlet)
    if ($Cmdlet.MyInvocation.BoundParameters.ContainsKey('WhatIf')) {
        return [bool]$Cmdlet.MyInvocation.BoundParameters['WhatIf']
    }
    return [bool]$Cmdlet.SessionState.PSVariable.GetValue('WhatIfPreference', $false)
}

function Invoke-WslNetFirewallChange {
    # Runs one firewall change. With -WhatIf in effect ($DryRun) it runs the
    # exe with --dry-run and hands the plan to ShouldProcess as the "What if"
    # text; otherwise it asks ShouldProcess first. Returns the document, or
    # $null after writing the error.
    param(
        [System.Management.Automation.PSCmdlet]$Cmdlet,
        [string[]]$ArgumentList,
        [string]$Kind,
        [string]$Target,
        [string]$Action,
        [bool]$DryRun
    )
    if ($DryRun) {
        $run = Invoke-WslNetJson -ArgumentList (@($ArgumentList) + @('--dry-run')) -Kind $Kind -TargetObject $Target
    }
    elseif ($Cmdlet.ShouldProcess($Target, $Action)) {
        $run = Invoke-WslNetJson -ArgumentList $ArgumentList -Kind $Kind -TargetObject $Target
    }
    else {
        return $null
    }
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $Cmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $Cmdlet.WriteError($run.ErrorRecord)
        return $null
    }
    Write-WslNetFirewallWarning -Document $run.Document
    if ($DryRun) {
        $plan = $Action
        if ($Kind -eq 'firewallRuleChange') {
            $plan = 'Rule operation: ' + [string](Get-WslNetJsonValue -InputObject $run.Document -Name 'op')
        }
        else {
            $changed = @(Get-WslNetJsonValue -InputObject $run.Document -Name 'changed' -Default @())
            $plan = 'Set ' + ($changed -join ', ')
            if ($changed.Length -eq 0) { $plan = 'Nothing to change' }
        }
        [void]$Cmdlet.ShouldProcess($Target, $plan)
        return $null
    }
    return $run.Document
}

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
    $arguments = @('firewall', 'settings', 'get', '--store', $Store.ToLowerInvariant())
    if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $arguments += @('--vm-creator', $VMCreatorId) }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'firewallSettings' -TargetObject 'Hyper-V firewall'
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    Write-WslNetFirewallWarning -Document $run.Document
    ConvertTo-WslNetFirewallSetting -Json (Get-WslNetJsonValue -InputObject $run.Document -Name 'settings') `
        -Document $run.Document -Store ([string](Get-WslNetJsonValue -InputObject $run.Document -Name 'store'))
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
    [CmdletBinding(SupportsShouldProcess = $true)]
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
        [string]$VMCreatorId
    )
    $arguments = @('firewall', 'settings', 'set')
    $map = [ordered]@{
        'Enabled'               = '--enabled'
        'DefaultInboundAction'  = '--default-inbound'
        'DefaultOutboundAction' = '--default-outbound'
        'LoopbackEnabled'       = '--loopback'
        'AllowHostPolicyMerge'  = '--host-policy-merge'
    }
    foreach ($key in $map.Keys) {
        if ($PSBoundParameters.ContainsKey($key)) {
            $arguments += @($map[$key], ([string]$PSBoundParameters[$key]).ToLowerInvariant())
        }
    }
    if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $arguments += @('--vm-creator', $VMCreatorId) }
    $document = Invoke-WslNetFirewallChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'firewallSettingsChange' `
        -Target 'Hyper-V firewall settings for WSL' -Action 'Set' -DryRun (Test-WslNetWhatIf -Cmdlet $PSCmdlet)
    if ($null -eq $document) { return }
    ConvertTo-WslNetFirewallSetting -Json (Get-WslNetJsonValue -InputObject $document -Name 'after') `
        -Document $document -Store 'persistent'
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
        $arguments = @('firewall', 'rule', 'list', '--store', $Store.ToLowerInvariant())
        if ($All) { $arguments += '--all' }
        if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $arguments += @('--vm-creator', $VMCreatorId) }
        $rules = $null
        $failed = $false
    }
    process {
        if ($failed) { return }
        if ($null -eq $rules) {
            $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'firewallRuleList' -TargetObject 'Hyper-V firewall rules'
            if ($run.ErrorRecord) {
                $failed = $true
                if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
                $PSCmdlet.WriteError($run.ErrorRecord)
                return
            }
            Write-WslNetFirewallWarning -Document $run.Document
            $rules = @()
            foreach ($item in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'rules' -Default @())) {
                if ($null -ne $item) { $rules += ConvertTo-WslNetFirewallRule -Json $item }
            }
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
    [CmdletBinding(SupportsShouldProcess = $true)]
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
    process {
        $arguments = @('firewall', 'rule', 'add', '--name', $Name, '--protocol', $Protocol)
        if ($PSBoundParameters.ContainsKey('DisplayName')) { $arguments += @('--display-name', $DisplayName) }
        if ($PSBoundParameters.ContainsKey('Direction')) {
            $arguments += @('--direction', $(if ($Direction -eq 'Outbound') { 'out' } else { 'in' }))
        }
        if ($PSBoundParameters.ContainsKey('Action')) { $arguments += @('--action', $Action.ToLowerInvariant()) }
        if ($PSBoundParameters.ContainsKey('LocalPort')) { $arguments += @('--local-port', ($LocalPort -join ',')) }
        if ($PSBoundParameters.ContainsKey('RemotePort')) { $arguments += @('--remote-port', ($RemotePort -join ',')) }
        if ($PSBoundParameters.ContainsKey('LocalAddress')) { $arguments += @('--local-address', ($LocalAddress -join ',')) }
        if ($PSBoundParameters.ContainsKey('RemoteAddress')) { $arguments += @('--remote-address', ($RemoteAddress -join ',')) }
        if ($PSBoundParameters.ContainsKey('Profile')) {
            $arguments += @('--profile', (($Profile | ForEach-Object { $_.ToLowerInvariant() }) -join ','))
        }
        if ($PSBoundParameters.ContainsKey('Enabled')) { $arguments += @('--enabled', $Enabled.ToLowerInvariant()) }
        if ($PSBoundParameters.ContainsKey('VMCreatorId')) { $arguments += @('--vm-creator', $VMCreatorId) }
        $document = Invoke-WslNetFirewallChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'firewallRuleChange' `
            -Target "Hyper-V firewall rule $Name" -Action 'Add' -DryRun (Test-WslNetWhatIf -Cmdlet $PSCmdlet)
        if ($null -ne $document) { ConvertTo-WslNetFirewallRuleChange -Document $document }
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
        [switch]$Force
    )
    process {
        foreach ($one in $Name) {
            $arguments = @('firewall', 'rule', 'remove', '--name', $one)
            if ($Force) { $arguments += '--force' }
            $document = Invoke-WslNetFirewallChange -Cmdlet $PSCmdlet -ArgumentList $arguments -Kind 'firewallRuleChange' `
                -Target "Hyper-V firewall rule $one" -Action 'Remove' -DryRun (Test-WslNetWhatIf -Cmdlet $PSCmdlet)
            if ($null -ne $document) { ConvertTo-WslNetFirewallRuleChange -Document $document }
        }
    }
}
