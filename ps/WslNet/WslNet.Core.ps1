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
    running.

    When no source answers, a non-terminating error is written: ErrorId
    WslNet.notFound (every source tried), or with one forced source its own
    status, e.g. WslNet.unavailable. Exception.Data holds WslNet.ExitCode,
    WslNet.Status and WslNet.Attempts.

    .PARAMETER Source
    Where to look: Auto, Hns, Registry, Neighbor or Wsl. Default: Auto.

    .PARAMETER Adapter
    Wildcard pattern of the WSL adapter's friendly name, used by the Neighbor
    and Wsl sources. Default: wslnet's "vEthernet (WSL*".

    .EXAMPLE
    Get-WslNetAddress

    Returns the VM's address and the source that gave it.

    .EXAMPLE
    (Get-WslNetAddress -Source Hns).Address

    Asks only the Host Network Service and returns the address as a string.

    .EXAMPLE
    Get-WslNetAddress -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].Exception.Data['WslNet.Attempts']

    Shows what each source said when no address was found.

    .OUTPUTS
    WslNet.VmAddress. Properties: Address, PrefixLength (0 when the source does
    not say), Gateway ("" when unknown), Source, Detail and Attempts
    (WslNet.AddressAttempt objects with Source, Status and Message).

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
        [string]$Adapter
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    $bound = @{ Source = $Source }
    if ($PSBoundParameters.ContainsKey('Adapter')) { $bound['Adapter'] = $Adapter }
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
    with the file and line it came from. EffectiveMode is what is running: nat
    when a WSL NAT network exists, none when there is none (WSL stopped, or
    mirrored), unknown when wslnet cannot tell. MirroredSupported says whether
    this Windows build supports mirrored mode (Windows 11 22H2 or later).

    A missing .wslconfig is not an error: WSL then uses its defaults.

    .PARAMETER ConfigPath
    The .wslconfig file to read instead of %UserProfile%\.wslconfig. A relative
    path is taken from the current PowerShell location.

    .EXAMPLE
    Get-WslNetMode

    Shows the configured and effective networking mode of the current user.

    .EXAMPLE
    Get-WslNetMode -ConfigPath 'C:\Users\alice\.wslconfig' | Select-Object ConfiguredMode, ConfigLine

    Reads another user's .wslconfig and shows the mode and the line that set it.

    .OUTPUTS
    WslNet.Mode. Properties: ConfiguredMode, ConfiguredIsDefault, ConfigFile,
    ConfigFileExists, ConfigLine, ConfigSection, ConfigWarning, EffectiveMode,
    EffectiveReason, WindowsBuild, WindowsUbr, WindowsDisplayVersion, WslVersion
    ($null when WSL's MSI is not installed) and MirroredSupported.

    .LINK
    Get-WslNetAddress
    #>
    [CmdletBinding()]
    [OutputType('WslNet.Mode')]
    param(
        [Parameter(Position = 0)]
        [Alias('Path')]
        [ValidateNotNullOrEmpty()]
        [string]$ConfigPath
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
