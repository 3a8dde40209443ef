#
# WslNet.Core.ps1 - adapters, the VM address, the networking mode, the version.
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

function Get-WslNetAdapter {
    <#
    .SYNOPSIS
    Lists the WSL virtual network adapters of this computer.

    .DESCRIPTION
    Runs "wslnet.exe adapter list --json" and returns one WslNet.Adapter object
    per adapter whose friendly name matches the pattern: name, description,
    GUID, LUID, interface index, MAC address, MTU, operational status and IP
    addresses. Without -Adapter, the pattern is wslnet's default,
    "vEthernet (WSL*", which matches "vEthernet (WSL)",
    "vEthernet (WSL (Hyper-V firewall))" and their numbered variants.

    When no adapter matches, a non-terminating error with the ErrorId
    WslNet.notFound is written (wslnet.exe exit code 4 in
    $Error[0].Exception.Data['WslNet.ExitCode']).

    .PARAMETER Adapter
    Wildcard pattern (* and ?, case-insensitive) matched against the adapter's
    friendly name. Several patterns may be given, also through the pipeline;
    each is looked up on its own.

    .EXAMPLE
    Get-WslNetAdapter

    Lists the WSL adapters ("vEthernet (WSL*") with their state and IPv4 addresses.

    .EXAMPLE
    Get-WslNetAdapter -Adapter 'vEthernet (WSL*' | Select-Object Name, Luid, IPv4Address

    Shows the LUID and the IPv4 addresses of every WSL adapter.

    .EXAMPLE
    (Get-WslNetAdapter -Adapter 'vEthernet (WSL)').Addresses | Where-Object Family -eq 'ipv6'

    Lists the IPv6 addresses of the "vEthernet (WSL)" adapter.

    .INPUTS
    System.String. Adapter name patterns can be piped in.

    .OUTPUTS
    WslNet.Adapter. Properties: Name, Description, Guid, Luid (UInt64), IfIndex,
    MacAddress, Mtu, Status, Addresses (WslNet.IPAddress objects with Family,
    Address, PrefixLength) and IPv4Address (string[]).

    .LINK
    Get-WslNetAddress
    #>
    [CmdletBinding()]
    [OutputType('WslNet.Adapter')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('Name')]
        [ValidateNotNullOrEmpty()]
        [string[]]$Adapter
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        if (-not $PSBoundParameters.ContainsKey('Adapter')) {
            Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'adapter.list' -Bound @{} -Target 'vEthernet (WSL*'
            return
        }
        foreach ($pattern in $Adapter) {
            Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'adapter.list' -Bound @{ Adapter = $pattern } -Target $pattern
        }
    }
}

function Get-WslNetAddress {
    <#
    .SYNOPSIS
    Finds the IPv4 address of the WSL 2 virtual machine without starting WSL.

    .DESCRIPTION
    Runs "wslnet.exe address --json" and returns one WslNet.VmAddress object.
    With -Source Auto (the default) wslnet asks the Host Network Service (HNS)
    first, then the per-user Lxss registry value, then the neighbour table of
    the WSL adapter, and the object says which source answered. Attempts lists
    what every source tried said.

    Only -Source Wsl runs "wsl.exe hostname -I", which starts WSL when it is not
    running. That runs programs inside the user's distribution, which its owner
    controls: from an elevated session wslnet refuses it (WslNet.usage, exit 2,
    nothing run) unless -AllowDistroCode says the distribution is trusted.

    When no source answers, a non-terminating error is written: ErrorId
    WslNet.notFound (every source tried), or with one forced source its own
    status, e.g. WslNet.unavailable. Exception.Data holds WslNet.ExitCode,
    WslNet.Status and WslNet.Attempts.

    .PARAMETER Source
    Where to look: Auto, Hns, Registry, Neighbor or Wsl. Default: Auto.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, used by the Neighbor
    and Wsl sources. Default: wslnet's "vEthernet (WSL*".

    .PARAMETER User
    Whose VM: a user name (DOMAIN\name or name) or a SID. wslnet reads that
    user's HKU\<SID>\...\Lxss NatIpAddress and picks the HNS endpoint holding
    it (one NAT network holds every user's VM). Run as SYSTEM (a Group Policy
    or Intune script) without -User, wslnet takes the signed-in user with a VM
    and refuses (WslNet.invalidInput) when several have one, listing them.

    .PARAMETER AllowDistroCode
    With -Source Wsl from an elevated session: run wsl.exe although it runs the
    distribution's own programs (hostname) in the elevated WSL session. Give it
    only for a distribution you trust. Not needed without elevation.

    .EXAMPLE
    Get-WslNetAddress

    Returns the VM's address and the source that gave it.

    .EXAMPLE
    (Get-WslNetAddress -Source Hns).Address

    Asks only the Host Network Service and returns the address as a string.

    .EXAMPLE
    Get-WslNetAddress -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].Exception.Data['WslNet.Attempts']

    Shows what each source said when no address was found.

    .EXAMPLE
    Get-WslNetAddress -User 'CONTOSO\alice'

    From a SYSTEM script: the address of alice's WSL VM.

    .EXAMPLE
    Get-WslNetAddress -Source Wsl -AllowDistroCode

    From an elevated prompt: asks the running distribution itself (starts WSL).

    .OUTPUTS
    WslNet.VmAddress. Properties: Address, PrefixLength (0 when the source does
    not say), Gateway ("" when unknown), Source, Detail, Attempts
    (WslNet.AddressAttempt objects with Source, Status and Message), User and
    UserSid (whose VM; $null when not chosen for a user).

    .LINK
    Get-WslNetAdapter
    #>
    [CmdletBinding()]
    [OutputType('WslNet.VmAddress')]
    param(
        [Parameter(Position = 0)]
        [ValidateSet('Auto', 'Hns', 'Registry', 'Neighbor', 'Wsl')]
        [string]$Source = 'Auto',

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]$Adapter,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]$User,

        [switch]$AllowDistroCode
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $bound = @{ Source = $Source }
    foreach ($name in @('Adapter', 'User', 'AllowDistroCode')) {
        if ($PSBoundParameters.ContainsKey($name)) { $bound[$name] = $PSBoundParameters[$name] }
    }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'address' -Bound $bound -Target $Source
}

function Get-WslNetMode {
    <#
    .SYNOPSIS
    Shows the WSL networking mode: as configured, as running, and what Windows supports.

    .DESCRIPTION
    Runs "wslnet.exe mode --json" and returns one WslNet.Mode object.
    ConfiguredMode is networkingMode as WSL itself reads it from .wslconfig
    (nat when the file has no valid setting; ConfiguredIsDefault is then true),
    with the file and line it came from. EffectiveMode is the mode WSL runs
    with, decided by WSL's own rules in WSL's order: Group Policy
    (HKLM\SOFTWARE\Policies\WSL), the firewall and safe-mode settings,
    consomme's needs, the Hyper-V firewall version, HNS flow steering and IPv6
    (mirrored falls back to nat), nat falling back to consomme. Modes: none,
    nat, bridged, mirrored, consomme; EffectiveMode may also be unknown. Steps
    lists each rule that applied (WslNet.ModeStep: Rule, Mode, WslSource - the
    microsoft/WSL file:line - and Text); EffectiveReason is the deciding one.

    Tri-states stay $null when Windows cannot tell, never $false:
    MirroredSupported, EffectiveFirewall (whether the VM gets the Hyper-V
    firewall), HnsFlowSteering, IPv6Disabled, NatNetworkExists,
    HyperVFirewallDisabled, HyperVFirewall (v2, v1, none). The Group Policy
    values (PolicyDefaultNetworkingMode, PolicyAllowNetworkingModeUserSetting,
    PolicyAllowFirewallUserSetting) are the DWORDs as set, $null when not set.

    A missing .wslconfig is not an error: WSL then uses its defaults.

    .PARAMETER ConfigPath
    The .wslconfig file to read instead of %UserProfile%\.wslconfig. A relative
    path is taken from the current PowerShell location.

    .PARAMETER User
    Read this user's .wslconfig (in their profile): a user name or a SID. Run
    as SYSTEM without -User or -ConfigPath, wslnet reads the signed-in user's.

    .EXAMPLE
    Get-WslNetMode

    Shows the configured and effective networking mode of the current user.

    .EXAMPLE
    Get-WslNetMode -ConfigPath 'C:\Users\alice\.wslconfig' | Select-Object ConfiguredMode, ConfigLine

    Reads another user's .wslconfig and shows the mode and the line that set it.

    .EXAMPLE
    (Get-WslNetMode -User alice).Steps | Format-Table Rule, Mode, WslSource

    Shows each of WSL's rules that decided alice's effective mode, with the WSL source line.

    .OUTPUTS
    WslNet.Mode. Properties: ConfiguredMode, ConfiguredIsDefault, ConfigFile,
    ConfigFileExists, ConfigLine, ConfigSection, ConfigWarning, EffectiveMode,
    EffectiveReason, EffectiveFirewall, Steps, WindowsBuild, WindowsUbr,
    WindowsDisplayVersion, WslVersion ($null when WSL's MSI is not installed),
    MirroredSupported, the three Policy* values, HyperVFirewall,
    HyperVFirewallDisabled, HnsFlowSteering, IPv6Disabled, NatNetworkExists,
    User and UserSid.

    .LINK
    Get-WslNetAddress
    #>
    [CmdletBinding()]
    [OutputType('WslNet.Mode')]
    param(
        [Parameter(Position = 0)]
        [Alias('Path')]
        [ValidateNotNullOrEmpty()]
        [string]$ConfigPath,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]$User
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'mode' -Bound $PSBoundParameters -Target $ConfigPath
}

function Get-WslNetVersion {
    <#
    .SYNOPSIS
    Shows the version of wslnet.exe and of this module.

    .DESCRIPTION
    Runs "wslnet.exe version --json" and returns one WslNet.Version object
    with the version of wslnet.exe, the version of its C API, the version of
    the WslNet module and the path of the wslnet.exe that was run (next to
    the module first, then on PATH).

    .EXAMPLE
    Get-WslNetVersion

    Shows which wslnet.exe the module uses and its version.

    .EXAMPLE
    if ((Get-WslNetVersion).Version -ne (Get-Module WslNet).Version.ToString()) { Write-Warning 'wslnet.exe and the module differ' }

    Checks that the module and the exe come from the same release.

    .OUTPUTS
    WslNet.Version. Properties: Version, ApiVersion, ModuleVersion, Path.
    #>
    [CmdletBinding()]
    [OutputType('WslNet.Version')]
    param()
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $exe = Find-WslNetExe
    $moduleVersion = ''
    if ($null -ne $MyInvocation.MyCommand.Module) { $moduleVersion = $MyInvocation.MyCommand.Module.Version.ToString() }
    $context = @{ ModuleVersion = $moduleVersion; Path = $null; How = $null }
    if ($null -ne $exe) { $context['Path'] = $exe.Path; $context['How'] = $exe.How }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'version' -Bound @{} -Target 'version' -Context $context
}
