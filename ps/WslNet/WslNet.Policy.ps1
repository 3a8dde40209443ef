#
# WslNet.Policy.ps1 - the machine's desired state (wslnet policy plan / check / apply).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Get-WslNetPolicyPlan {
    <#
    .SYNOPSIS
    Lists what applying a wslnet policy file would change on this computer.

    .DESCRIPTION
    Runs "wslnet.exe policy plan --json" and returns one WslNet.PolicyChange
    object per change: the area (portProxies, exposures, hyperVFirewall,
    natSubnet, wslConfig, certificates), the item, add / update / remove, the
    user whose .wslconfig it is (wslConfig; $null otherwise) and what changes.
    Nothing is returned when the computer already matches the policy.

    The policy is validated as a whole before anything is read from the
    system: an invalid policy is a WslNet.invalidInput error (exit code 3)
    whose message names every error with its JSON path ($.portProxies[0].listenPort).
    Without -Path the file named by Group Policy is used
    (HKLM\SOFTWARE\Policies\wslnet, value PolicyFile); Group Policy's
    HyperVFirewallDefaultInboundAction and NatSubnet values override the file.

    Only items that wslnet created from a policy earlier are ever removed.
    It only reads. The file format: docs/policy.md.

    .PARAMETER Path
    The policy file: a path or a UNC path. Default: Group Policy's PolicyFile.

    .EXAMPLE
    Get-WslNetPolicyPlan -Path \\fileserver\it\wsl\policy.json

    Shows every change the policy would make on this computer.

    .EXAMPLE
    Get-WslNetPolicyPlan | Group-Object Area

    Counts the changes per area for the policy Group Policy names.

    .OUTPUTS
    WslNet.PolicyChange. Properties: Area, Item, Change (add, update, remove),
    User, What, PolicyFile.

    .LINK
    Test-WslNetPolicy

    .LINK
    Invoke-WslNetPolicy
    #>
    [CmdletBinding()]
    [OutputType('WslNet.PolicyChange')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PolicyFile')]
        [ValidateNotNullOrEmpty()]
        [string]$Path
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'policy.plan' -Bound $PSBoundParameters -Target (Get-WslNetPolicyTarget -Bound $PSBoundParameters)
    }
}

function Test-WslNetPolicy {
    <#
    .SYNOPSIS
    Tests whether this computer matches its wslnet policy (Intune's detection contract).

    .DESCRIPTION
    Runs "wslnet.exe policy check --json". Returns $true when the computer
    matches the policy, $false when something drifted. With -Detailed it
    returns the drift instead: one WslNet.PolicyChange per item that apply
    would change (a Hyper-V rule deleted by hand, a port proxy missing), and
    nothing when the computer complies.

    The check changes nothing and writes one event to the Application log
    (source wslnet; docs/events.md). An invalid policy or a file that cannot
    be read is an error (WslNet.invalidInput, WslNet.notFound, ...), never
    $true. Without -Path the file named by Group Policy is used
    (HKLM\SOFTWARE\Policies\wslnet, value PolicyFile).

    .PARAMETER Path
    The policy file: a path or a UNC path. Default: Group Policy's PolicyFile.

    .PARAMETER Detailed
    Return the drifted items (WslNet.PolicyChange) instead of $true/$false.

    .EXAMPLE
    if (Test-WslNetPolicy) { exit 0 } else { exit 1 }

    An Intune detection script (installer/intune/detect.ps1 is the full one).

    .EXAMPLE
    Test-WslNetPolicy -Path C:\ProgramData\wslnet\policy.json -Detailed | Format-Table

    Lists what drifted from the policy.

    .OUTPUTS
    System.Boolean, or WslNet.PolicyChange with -Detailed (Area, Item, Change,
    User, What, PolicyFile).

    .LINK
    Invoke-WslNetPolicy

    .LINK
    Get-WslNetPolicyPlan
    #>
    [CmdletBinding()]
    [OutputType('WslNet.PolicyChange', [bool])]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PolicyFile')]
        [ValidateNotNullOrEmpty()]
        [string]$Path,

        [switch]$Detailed
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $target = Get-WslNetPolicyTarget -Bound $PSBoundParameters
        if ($Detailed) {
            Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'policy.check' -Bound $PSBoundParameters -Target $target
            return
        }
        $document = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'policy.check' -Bound $PSBoundParameters -Target $target -Raw
        if ($null -eq $document) { return }
        [bool](Get-WslNetJsonValue -InputObject $document -Name 'compliant' -Default $false)
    }
}

function Invoke-WslNetPolicy {
    <#
    .SYNOPSIS
    Applies a wslnet policy file: converges this computer to it.

    .DESCRIPTION
    Runs "wslnet.exe policy apply --json": adds and updates the port
    proxies, exposures, Hyper-V firewall rules and settings, NAT subnet and the
    keys of .wslconfig the policy lists, and removes the items wslnet created
    from a policy earlier that it no longer lists. Nothing else is touched:
    foreign rules and proxies, and .wslconfig keys the policy does not name,
    stay as they are. A second run changes nothing and writes nothing.

    Returns one WslNet.PolicyResult: the changes made (Applied of
    ChangeCount) and the items that failed, each with its error; a failed
    item is also a non-terminating error. One event per run, and one per
    failed item, goes to the Application log (source wslnet).

    The policy is validated as a whole before anything is read: an invalid
    one is a WslNet.invalidInput error (exit code 3) and changes nothing.
    Needs an elevated session (WslNet.accessDenied otherwise) and waits for
    other wslnet changes. -WhatIf runs wslnet's --dry-run and shows the plan.
    Without -Path the file named by Group Policy is used
    (HKLM\SOFTWARE\Policies\wslnet, value PolicyFile).

    .PARAMETER Path
    The policy file: a path or a UNC path. Default: Group Policy's PolicyFile.

    .EXAMPLE
    Invoke-WslNetPolicy -Path \\fileserver\it\wsl\policy.json -WhatIf

    Shows what the policy would change, and changes nothing.

    .EXAMPLE
    Invoke-WslNetPolicy -Confirm:$false

    A startup script: applies the policy Group Policy names (installer/gpo/startup.ps1).

    .OUTPUTS
    WslNet.PolicyResult. Properties: PolicyFile, Source (argument or
    groupPolicy), ChangeCount, Applied, Changes (WslNet.PolicyChange), Failed
    (WslNet.PolicyFailure: Area, Item, Error).

    .LINK
    Test-WslNetPolicy

    .LINK
    Get-WslNetPolicyPlan
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.PolicyResult')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PolicyFile')]
        [ValidateNotNullOrEmpty()]
        [string]$Path
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $result = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'policy.apply' -Bound $PSBoundParameters -Target (Get-WslNetPolicyTarget -Bound $PSBoundParameters)
        foreach ($r in @($result)) {
            if ($null -eq $r) { continue }
            foreach ($f in @($r.Failed)) {
                if ($null -eq $f) { continue }
                $exception = New-Object -TypeName System.InvalidOperationException -ArgumentList ('{0} {1}: {2}' -f $f.Area, $f.Item, $f.Error)
                $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'WslNet.policyItemFailed', ([System.Management.Automation.ErrorCategory]::NotSpecified), $f
                $PSCmdlet.WriteError($record)
            }
            $r
        }
    }
}

function Get-WslNetPolicyTarget {
    # The ShouldProcess target and error target of a policy cmdlet: the file, or where it comes from.
    param([object]$Bound)
    if ($Bound.ContainsKey('Path')) { return [string]$Bound['Path'] }
    return 'the policy file of Group Policy (HKLM\SOFTWARE\Policies\wslnet PolicyFile)'
}
