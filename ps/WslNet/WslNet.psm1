#
# WslNet.psm1 - PowerShell cmdlets over wslnet.exe.
#
# Every cmdlet runs wslnet.exe with --json, reads the one JSON document it
# prints on stdout (UTF-8) and turns it into typed objects. A failure document
# (kind "error") becomes an ErrorRecord whose ErrorId is "WslNet.<status>".
# The command line and JSON documents are described in docs/cli.md.
#
# Runs on Windows PowerShell 5.1 and PowerShell 7: no PowerShell 7-only syntax.
#

Set-StrictMode -Version 2.0

$script:ExeName = 'wslnet.exe'
$script:SchemaVersion = 1
$script:Utf8 = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false

# ---------------------------------------------------------------- helpers

function Get-WslNetJsonValue {
    # Reads a member of a ConvertFrom-Json object; $Default when it is absent
    # (so Set-StrictMode never trips over an optional member).
    param(
        [object]$InputObject,
        [string]$Name,
        [object]$Default = $null
    )
    if ($null -eq $InputObject) { return $Default }
    $member = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $member) { return $Default }
    return $member.Value
}

function Find-WslNetExe {
    # wslnet.exe next to the module first, then on PATH. $null when neither.
    $local = Join-Path -Path $PSScriptRoot -ChildPath $script:ExeName
    if (Test-Path -LiteralPath $local -PathType Leaf) {
        return $local
    }
    $found = @(Get-Command -Name $script:ExeName -CommandType Application -ErrorAction SilentlyContinue)
    if ($found.Length -gt 0) {
        return $found[0].Path
    }
    return $null
}

function ConvertTo-WslNetArgument {
    # Quotes one argument the way CommandLineToArgvW (and .NET on every
    # platform) splits ProcessStartInfo.Arguments.
    param([string]$Value)
    if ($Value.Length -gt 0 -and $Value -notmatch '[\s"]') {
        return $Value
    }
    $sb = New-Object -TypeName System.Text.StringBuilder
    [void]$sb.Append('"')
    $slashes = 0
    foreach ($ch in $Value.ToCharArray()) {
        if ($ch -eq [char]92) {
            $slashes++
        }
        elseif ($ch -eq [char]34) {
            [void]$sb.Append([char]92, (2 * $slashes) + 1)
            [void]$sb.Append([char]34)
            $slashes = 0
        }
        else {
            if ($slashes -gt 0) { [void]$sb.Append([char]92, $slashes) }
            $slashes = 0
            [void]$sb.Append($ch)
        }
    }
    if ($slashes -gt 0) { [void]$sb.Append([char]92, 2 * $slashes) }
    [void]$sb.Append('"')
    return $sb.ToString()
}

function Invoke-WslNetProcess {
    # Runs wslnet.exe and returns its exit code, stdout and stderr (UTF-8).
    # The single place where a process is started.
    param(
        [string]$FilePath,
        [string[]]$ArgumentList
    )
    $quoted = @()
    foreach ($a in $ArgumentList) { $quoted += (ConvertTo-WslNetArgument -Value $a) }

    $psi = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $psi.FileName = $FilePath
    $psi.Arguments = $quoted -join ' '
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.StandardOutputEncoding = $script:Utf8
    $psi.StandardErrorEncoding = $script:Utf8

    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        # No console input for a non-interactive tool (GPO startup scripts).
        $process.StandardInput.Close()
        # Read both streams at once so that neither pipe can fill and block.
        $stderrTask = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $stderr = $stderrTask.GetAwaiter().GetResult()
        $exitCode = $process.ExitCode
    }
    finally {
        $process.Dispose()
    }
    return [pscustomobject]@{
        ExitCode = $exitCode
        StdOut   = $stdout
        StdErr   = $stderr
    }
}

function Get-WslNetErrorCategory {
    param([string]$Status)
    switch ($Status) {
        'notFound'     { return [System.Management.Automation.ErrorCategory]::ObjectNotFound }
        'usage'        { return [System.Management.Automation.ErrorCategory]::InvalidArgument }
        'invalidInput' { return [System.Management.Automation.ErrorCategory]::InvalidArgument }
        'accessDenied' { return [System.Management.Automation.ErrorCategory]::PermissionDenied }
        'unavailable'  { return [System.Management.Automation.ErrorCategory]::ResourceUnavailable }
        'badData'      { return [System.Management.Automation.ErrorCategory]::InvalidData }
        'busy'         { return [System.Management.Automation.ErrorCategory]::ResourceBusy }
        'unsupported'  { return [System.Management.Automation.ErrorCategory]::NotImplemented }
    }
    return [System.Management.Automation.ErrorCategory]::NotSpecified
}

function New-WslNetException {
    # An exception whose type fits the status, for `catch [type]`.
    param(
        [string]$Status,
        [string]$Message
    )
    switch ($Status) {
        'notFound'     { return (New-Object -TypeName System.Management.Automation.ItemNotFoundException -ArgumentList $Message) }
        'usage'        { return (New-Object -TypeName System.ArgumentException -ArgumentList $Message) }
        'invalidInput' { return (New-Object -TypeName System.ArgumentException -ArgumentList $Message) }
        'accessDenied' { return (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList $Message) }
        'badData'      { return (New-Object -TypeName System.IO.InvalidDataException -ArgumentList $Message) }
        'unsupported'  { return (New-Object -TypeName System.NotSupportedException -ArgumentList $Message) }
        'outOfMemory'  { return (New-Object -TypeName System.OutOfMemoryException -ArgumentList $Message) }
    }
    return (New-Object -TypeName System.InvalidOperationException -ArgumentList $Message)
}

function New-WslNetErrorRecord {
    # ErrorRecord with ErrorId "WslNet.<Status>". The exit code, status and
    # Win32/HRESULT code travel in Exception.Data (plain values only: Windows
    # PowerShell's Exception.Data accepts only serializable values).
    param(
        [string]$Status,
        [string]$Message,
        [int]$ExitCode = -1,
        [long]$Code = 0,
        [object]$TargetObject = $null,
        [string[]]$Attempts = @(),
        [string]$Category = ''
    )
    $exception = New-WslNetException -Status $Status -Message $Message
    $exception.Data['WslNet.Status'] = $Status
    $exception.Data['WslNet.ExitCode'] = $ExitCode
    $exception.Data['WslNet.Code'] = $Code
    if ($Attempts.Length -gt 0) {
        $exception.Data['WslNet.Attempts'] = [string[]]$Attempts
    }
    if ($Category) {
        $errorCategory = [System.Management.Automation.ErrorCategory]$Category
    }
    else {
        $errorCategory = Get-WslNetErrorCategory -Status $Status
    }
    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList @(
        $exception, ('WslNet.' + $Status), $errorCategory, $TargetObject)
    if ($Status -eq 'accessDenied') {
        $record.ErrorDetails = New-Object -TypeName System.Management.Automation.ErrorDetails -ArgumentList $Message
        $record.ErrorDetails.RecommendedAction = 'Run the command from an elevated PowerShell session.'
    }
    return $record
}

function Invoke-WslNetJson {
    # Runs one wslnet.exe command with --json and returns an object with
    # Document (the parsed JSON on success), ErrorRecord and Terminating.
    # Failures of the module itself (no exe, output that is not the expected
    # JSON) are terminating; failures wslnet.exe reports are not.
    param(
        [string[]]$ArgumentList,
        [string]$Kind,
        [object]$TargetObject,
        # Exit codes that come with a document of $Kind (the doctor's 20 and 21).
        [int[]]$SuccessExitCode = @(0)
    )
    $result = [pscustomobject]@{
        Document    = $null
        ErrorRecord = $null
        Terminating = $false
        ExitCode    = $null
    }

    $exe = Find-WslNetExe
    if (-not $exe) {
        $message = "wslnet.exe was not found next to the WslNet module ($PSScriptRoot) nor on PATH. " +
            'Reinstall wslnet, or put wslnet.exe on PATH.'
        $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList @(
            (New-Object -TypeName System.IO.FileNotFoundException -ArgumentList @($message, $script:ExeName)),
            'WslNet.exeNotFound',
            [System.Management.Automation.ErrorCategory]::ObjectNotFound,
            $script:ExeName)
        $result.ErrorRecord = $record
        $result.Terminating = $true
        return $result
    }

    $arguments = @($ArgumentList) + @('--json')
    Write-Verbose -Message ("Running: {0} {1}" -f $exe, ($arguments -join ' '))
    try {
        $run = Invoke-WslNetProcess -FilePath $exe -ArgumentList $arguments
    }
    catch {
        $message = "Could not run '$exe': $($_.Exception.Message)"
        $result.ErrorRecord = New-WslNetErrorRecord -Status 'startFailed' -Message $message `
            -TargetObject $exe -Category 'OpenError'
        $result.Terminating = $true
        return $result
    }
    $result.ExitCode = $run.ExitCode
    if ($run.StdErr) {
        Write-Verbose -Message ('wslnet.exe stderr: ' + $run.StdErr.Trim())
    }

    $text = ''
    if ($null -ne $run.StdOut) { $text = $run.StdOut.Trim().TrimStart([char]0xFEFF).Trim() }
    $document = $null
    $parseError = ''
    if ($text.Length -eq 0) {
        $parseError = 'printed nothing on stdout'
    }
    else {
        try {
            $document = ConvertFrom-Json -InputObject $text -ErrorAction Stop
        }
        catch {
            $parseError = 'printed output that is not JSON (' + $_.Exception.Message + ')'
        }
    }
    $docKind = Get-WslNetJsonValue -InputObject $document -Name 'kind'
    if (-not $parseError -and $null -eq $docKind) {
        $parseError = 'printed JSON without a "kind"'
    }
    if ($parseError) {
        $message = "wslnet.exe $parseError; exit code $($run.ExitCode)."
        if ($run.StdErr -and $run.StdErr.Trim()) {
            $message += ' stderr: ' + $run.StdErr.Trim()
        }
        $result.ErrorRecord = New-WslNetErrorRecord -Status 'badOutput' -Message $message `
            -ExitCode $run.ExitCode -TargetObject $TargetObject -Category 'InvalidResult'
        $result.Terminating = $true
        return $result
    }

    $schema = Get-WslNetJsonValue -InputObject $document -Name 'schemaVersion' -Default 0
    if ($schema -ne $script:SchemaVersion) {
        Write-Warning -Message "wslnet.exe printed schemaVersion $schema; this module reads version $($script:SchemaVersion)."
    }

    if ($docKind -eq 'error') {
        $err = Get-WslNetJsonValue -InputObject $document -Name 'error'
        $status = [string](Get-WslNetJsonValue -InputObject $err -Name 'status' -Default 'internal')
        $exitCode = Get-WslNetJsonValue -InputObject $err -Name 'exitCode' -Default $run.ExitCode
        $code = Get-WslNetJsonValue -InputObject $err -Name 'code' -Default 0
        $message = [string](Get-WslNetJsonValue -InputObject $err -Name 'message' -Default '')
        if (-not $message) { $message = "wslnet.exe failed with status '$status' (exit code $exitCode)." }
        $attempts = @()
        foreach ($attempt in @(Get-WslNetJsonValue -InputObject $document -Name 'attempts' -Default @())) {
            if ($null -eq $attempt) { continue }
            $one = ConvertTo-WslNetAttempt -Json $attempt
            $attempts += ('{0}: {1}: {2}' -f $one.Source, $one.Status, $one.Message)
        }
        $result.ErrorRecord = New-WslNetErrorRecord -Status $status -Message $message `
            -ExitCode ([int]$exitCode) -Code ([long]$code) -TargetObject $TargetObject -Attempts $attempts
        return $result
    }

    if ($SuccessExitCode -notcontains $run.ExitCode -or $docKind -ne $Kind) {
        $message = "wslnet.exe printed a '$docKind' document where '$Kind' was expected; exit code $($run.ExitCode)."
        $result.ErrorRecord = New-WslNetErrorRecord -Status 'badOutput' -Message $message `
            -ExitCode $run.ExitCode -TargetObject $TargetObject -Category 'InvalidResult'
        $result.Terminating = $true
        return $result
    }

    $result.Document = $document
    return $result
}

function ConvertTo-WslNetAdapter {
    param([object]$Json)
    $addresses = @()
    foreach ($a in @(Get-WslNetJsonValue -InputObject $Json -Name 'addresses' -Default @())) {
        if ($null -eq $a) { continue }
        $addresses += [pscustomobject]@{
            PSTypeName   = 'WslNet.IPAddress'
            Family       = [string](Get-WslNetJsonValue -InputObject $a -Name 'family')
            Address      = [string](Get-WslNetJsonValue -InputObject $a -Name 'address')
            PrefixLength = [int](Get-WslNetJsonValue -InputObject $a -Name 'prefixLength' -Default 0)
        }
    }
    $ipv4 = @()
    foreach ($a in $addresses) {
        if ($a.Family -eq 'ipv4') { $ipv4 += $a.Address }
    }
    $luidText = [string](Get-WslNetJsonValue -InputObject $Json -Name 'luid' -Default '0')
    $luid = [uint64]0
    if (-not [uint64]::TryParse($luidText, [System.Globalization.NumberStyles]::None,
            [System.Globalization.CultureInfo]::InvariantCulture, [ref]$luid)) {
        Write-Warning -Message "wslnet.exe printed a LUID that is not a decimal number: '$luidText'."
    }
    return [pscustomobject]@{
        PSTypeName  = 'WslNet.Adapter'
        Name        = [string](Get-WslNetJsonValue -InputObject $Json -Name 'name')
        Description = [string](Get-WslNetJsonValue -InputObject $Json -Name 'description')
        Guid        = [string](Get-WslNetJsonValue -InputObject $Json -Name 'guid')
        Luid        = $luid
        IfIndex     = [uint32](Get-WslNetJsonValue -InputObject $Json -Name 'ifIndex' -Default 0)
        MacAddress  = [string](Get-WslNetJsonValue -InputObject $Json -Name 'mac')
        Mtu         = [uint32](Get-WslNetJsonValue -InputObject $Json -Name 'mtu' -Default 0)
        Status      = [string](Get-WslNetJsonValue -InputObject $Json -Name 'status')
        Addresses   = [object[]]$addresses
        IPv4Address = [string[]]$ipv4
    }
}

function ConvertTo-WslNetAttempt {
    param([object]$Json)
    return [pscustomobject]@{
        PSTypeName = 'WslNet.AddressAttempt'
        Source     = [string](Get-WslNetJsonValue -InputObject $Json -Name 'source')
        Status     = [string](Get-WslNetJsonValue -InputObject $Json -Name 'status')
        Message    = [string](Get-WslNetJsonValue -InputObject $Json -Name 'message')
    }
}

# ---------------------------------------------------------------- cmdlets

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
    process {
        $patterns = @($null)
        if ($PSBoundParameters.ContainsKey('Adapter')) { $patterns = $Adapter }
        foreach ($pattern in $patterns) {
            $arguments = @('adapter', 'list')
            $target = 'vEthernet (WSL*'
            if ($null -ne $pattern) {
                $arguments += @('--adapter', $pattern)
                $target = $pattern
            }
            $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'adapterList' -TargetObject $target
            if ($run.ErrorRecord) {
                if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
                $PSCmdlet.WriteError($run.ErrorRecord)
                continue
            }
            foreach ($item in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'adapters' -Default @())) {
                if ($null -ne $item) { ConvertTo-WslNetAdapter -Json $item }
            }
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

    .PARAMETER AllowDistroCode
    With -Source Wsl from an elevated prompt: allows running the distribution's
    own programs (its owner controls them). Without it that is refused
    (WslNet.usage) and nothing runs.

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
        [string]$Adapter,

        [switch]$AllowDistroCode
    )
    $arguments = @('address', '--source', $Source.ToLowerInvariant())
    if ($AllowDistroCode) { $arguments += '--allow-distro-code' }
    if ($PSBoundParameters.ContainsKey('Adapter')) {
        $arguments += @('--adapter', $Adapter)
    }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'address' -TargetObject $Source
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    $doc = $run.Document
    $attempts = @()
    foreach ($attempt in @(Get-WslNetJsonValue -InputObject $doc -Name 'attempts' -Default @())) {
        if ($null -ne $attempt) { $attempts += (ConvertTo-WslNetAttempt -Json $attempt) }
    }
    [pscustomobject]@{
        PSTypeName   = 'WslNet.VmAddress'
        Address      = [string](Get-WslNetJsonValue -InputObject $doc -Name 'address')
        PrefixLength = [int](Get-WslNetJsonValue -InputObject $doc -Name 'prefixLength' -Default 0)
        Gateway      = [string](Get-WslNetJsonValue -InputObject $doc -Name 'gateway')
        Source       = [string](Get-WslNetJsonValue -InputObject $doc -Name 'source')
        Detail       = [string](Get-WslNetJsonValue -InputObject $doc -Name 'detail')
        Attempts     = [object[]]$attempts
    }
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
    $arguments = @('mode')
    $target = $null
    if ($PSBoundParameters.ContainsKey('ConfigPath')) {
        # The process does not share PowerShell's current location.
        $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($ConfigPath)
        $arguments += @('--config', $target)
    }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'mode' -TargetObject $target
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    $doc = $run.Document
    $configured = Get-WslNetJsonValue -InputObject $doc -Name 'configured'
    $effective = Get-WslNetJsonValue -InputObject $doc -Name 'effective'
    $windows = Get-WslNetJsonValue -InputObject $doc -Name 'windows'
    $wsl = Get-WslNetJsonValue -InputObject $doc -Name 'wsl'
    $wslVersion = Get-WslNetJsonValue -InputObject $wsl -Name 'version'
    if ($null -ne $wslVersion) { $wslVersion = [string]$wslVersion }
    [pscustomobject]@{
        PSTypeName            = 'WslNet.Mode'
        ConfiguredMode        = [string](Get-WslNetJsonValue -InputObject $configured -Name 'mode')
        ConfiguredIsDefault   = [bool](Get-WslNetJsonValue -InputObject $configured -Name 'isDefault' -Default $false)
        ConfigFile            = [string](Get-WslNetJsonValue -InputObject $configured -Name 'file')
        ConfigFileExists      = [bool](Get-WslNetJsonValue -InputObject $configured -Name 'fileExists' -Default $false)
        ConfigLine            = [int](Get-WslNetJsonValue -InputObject $configured -Name 'line' -Default 0)
        ConfigSection         = [string](Get-WslNetJsonValue -InputObject $configured -Name 'section')
        ConfigWarning         = [string](Get-WslNetJsonValue -InputObject $configured -Name 'warning')
        EffectiveMode         = [string](Get-WslNetJsonValue -InputObject $effective -Name 'mode')
        EffectiveReason       = [string](Get-WslNetJsonValue -InputObject $effective -Name 'reason')
        WindowsBuild          = [uint32](Get-WslNetJsonValue -InputObject $windows -Name 'build' -Default 0)
        WindowsUbr            = [uint32](Get-WslNetJsonValue -InputObject $windows -Name 'ubr' -Default 0)
        WindowsDisplayVersion = [string](Get-WslNetJsonValue -InputObject $windows -Name 'displayVersion')
        WslVersion            = $wslVersion
        MirroredSupported     = [bool](Get-WslNetJsonValue -InputObject $doc -Name 'mirroredSupported' -Default $false)
    }
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
    $run = Invoke-WslNetJson -ArgumentList @('version') -Kind 'version' -TargetObject 'version'
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    $doc = $run.Document
    $moduleVersion = ''
    if ($null -ne $MyInvocation.MyCommand.Module) {
        $moduleVersion = $MyInvocation.MyCommand.Module.Version.ToString()
    }
    [pscustomobject]@{
        PSTypeName    = 'WslNet.Version'
        Version       = [string](Get-WslNetJsonValue -InputObject $doc -Name 'version')
        ApiVersion    = [int](Get-WslNetJsonValue -InputObject $doc -Name 'apiVersion' -Default 0)
        ModuleVersion = $moduleVersion
        Path          = Find-WslNetExe
    }
}

# ---------------------------------------------------------------- the other areas

# One file per area, beside this one, using the helpers above.
foreach ($part in @('Proxy', 'Firewall', 'Config', 'Doctor', 'Certs')) {
    . (Join-Path -Path $PSScriptRoot -ChildPath "WslNet.$part.ps1")
}

Export-ModuleMember -Function @(
    'Get-WslNetAdapter',
    'Get-WslNetAddress',
    'Get-WslNetMode',
    'Get-WslNetVersion',
    # Proxy
    'Get-WslNetPortProxy',
    'Add-WslNetPortProxy',
    'Remove-WslNetPortProxy',
    'Sync-WslNetPortProxy',
    # Firewall
    'Get-WslNetFirewallSetting',
    'Set-WslNetFirewallSetting',
    'Get-WslNetFirewallRule',
    'New-WslNetFirewallRule',
    'Remove-WslNetFirewallRule',
    # Config
    'Get-WslNetConfig',
    'Set-WslNetConfig',
    'Test-WslNetConfig',
    # Doctor
    'Test-WslNetHealth',
    # Certs
    'Export-WslNetCertificate',
    'Install-WslNetCertificate'
)
