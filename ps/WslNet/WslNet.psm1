#
# WslNet.psm1 - PowerShell cmdlets over wslnet.exe.
#
# Every cmdlet goes through one invoker, Invoke-WslNetCommand: it maps the
# cmdlet's bound parameters to wslnet.exe's flags from the declarative table
# $script:WslNetCommands (WslNet.Commands.ps1), passes "--" before positional
# values, quotes every argument exactly once (ConvertTo-WslNetArgument, in
# Invoke-WslNetProcess only), reads the one JSON document the exe prints, turns
# it into typed objects from the declarative table $script:WslNetTypes, and
# turns failures into ErrorRecords ("WslNet.<status>"). No cmdlet builds a
# command line. The command line and JSON documents: docs/cli.md.
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
    # The wslnet.exe this module runs, as [pscustomobject]@{ Path; How }, or
    # $null. In order:
    #  1. beside the module: the MSI installs wslnet.exe and wslnet.dll into
    #     the module's folder (Program Files, writable by administrators only),
    #     and a portable copy of the module can carry them the same way;
    #  2. HKLM\SOFTWARE\wslnet InstallDir, which the MSI writes (Windows only;
    #     HKLM is not writable by users);
    #  3. PATH, the last resort for a portable copy without either. A SYSTEM
    #     script would run the first wslnet.exe on PATH, so this is said in
    #     -Verbose output every time.
    $local = Join-Path -Path $PSScriptRoot -ChildPath $script:ExeName
    if (Test-Path -LiteralPath $local -PathType Leaf) {
        return [pscustomobject]@{ Path = $local; How = 'beside the module' }
    }
    if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\wslnet') {
        $dir = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\wslnet' -Name 'InstallDir' -ErrorAction SilentlyContinue)
        if ($null -ne $dir -and $dir.InstallDir) {
            $installed = Join-Path -Path ([string]$dir.InstallDir) -ChildPath $script:ExeName
            if (Test-Path -LiteralPath $installed -PathType Leaf) {
                return [pscustomobject]@{ Path = $installed; How = 'HKLM\SOFTWARE\wslnet InstallDir' }
            }
        }
    }
    $found = @(Get-Command -Name $script:ExeName -CommandType Application -ErrorAction SilentlyContinue)
    if ($found.Length -gt 0) {
        return [pscustomobject]@{ Path = $found[0].Path; How = 'PATH (no wslnet.exe beside the module nor in HKLM InstallDir)' }
    }
    return $null
}

function ConvertTo-WslNetArgument {
    # Quotes one argument the way CommandLineToArgvW (and .NET on every
    # platform) splits ProcessStartInfo.Arguments. Called once per argument,
    # by Invoke-WslNetProcess only.
    param([AllowEmptyString()][string]$Value)
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
    # The single place where a process is started and arguments are quoted.
    param(
        [string]$FilePath,
        [AllowEmptyString()][string[]]$ArgumentList
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
        'conflict'     { return [System.Management.Automation.ErrorCategory]::ResourceExists }
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

function Use-WslNetCallerPreference {
    # A script module does not see its caller's preference variables (they
    # live in the caller's session state). Copies ErrorActionPreference,
    # WhatIfPreference, ConfirmPreference, VerbosePreference and
    # WarningPreference of the caller into the calling cmdlet's scope, unless
    # the matching common parameter was given. So a GPO/Intune script that
    # starts with $ErrorActionPreference = 'Stop' stops at a failed cmdlet.
    param([System.Management.Automation.PSCmdlet]$Cmdlet)
    $map = @{
        'ErrorActionPreference' = 'ErrorAction'
        'WhatIfPreference'      = 'WhatIf'
        'ConfirmPreference'     = 'Confirm'
        'VerbosePreference'     = 'Verbose'
        'WarningPreference'     = 'WarningAction'
    }
    foreach ($name in $map.Keys) {
        if ($Cmdlet.MyInvocation.BoundParameters.ContainsKey($map[$name])) { continue }
        $variable = $Cmdlet.SessionState.PSVariable.Get($name)
        if ($null -ne $variable) {
            # Scope 1: the cmdlet that called this function.
            Set-Variable -Scope 1 -Name $name -Value $variable.Value -WhatIf:$false -Confirm:$false
        }
    }
}

function Write-WslNetError {
    # Reports a failure of one pipeline item: non-terminating unless it is a
    # failure of the module itself (no exe, unreadable output).
    param(
        [System.Management.Automation.PSCmdlet]$Cmdlet,
        [System.Management.Automation.ErrorRecord]$ErrorRecord,
        [bool]$Terminating
    )
    if ($Terminating) { $Cmdlet.ThrowTerminatingError($ErrorRecord) }
    $Cmdlet.WriteError($ErrorRecord)
}

function Invoke-WslNetJson {
    # Runs one wslnet.exe command with --json and returns an object with
    # Document (the parsed JSON on success), ErrorRecord and Terminating.
    # Failures of the module itself (no exe, output that is not the expected
    # JSON) are terminating; failures wslnet.exe reports are not.
    param(
        [AllowEmptyString()][string[]]$ArgumentList,
        [string]$Kind,
        [object]$TargetObject,
        # Exit codes that come with a document of $Kind (the doctor's 20 and 21).
        [int[]]$SuccessExitCode = @(0),
        [switch]$Text
    )
    $result = [pscustomobject]@{
        Document    = $null
        ErrorRecord = $null
        Terminating = $false
        ExitCode    = $null
        StdOut      = ''
    }

    $exe = Find-WslNetExe
    if ($null -eq $exe) {
        $message = "wslnet.exe was not found beside the WslNet module ($PSScriptRoot), in HKLM\SOFTWARE\wslnet InstallDir, nor on PATH. " +
            'Reinstall wslnet.'
        $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList @(
            (New-Object -TypeName System.IO.FileNotFoundException -ArgumentList @($message, $script:ExeName)),
            'WslNet.exeNotFound',
            [System.Management.Automation.ErrorCategory]::ObjectNotFound,
            $script:ExeName)
        $result.ErrorRecord = $record
        $result.Terminating = $true
        return $result
    }

    if ($Text) {
        $arguments = @($ArgumentList)
    }
    else {
        # --json before any "--": after it, it would be a positional value.
        $arguments = @()
        $options = $true
        foreach ($a in $ArgumentList) {
            if ($options -and $a -eq '--') { $arguments += '--json'; $options = $false }
            $arguments += $a
        }
        if ($options) { $arguments += '--json' }
    }
    Write-Verbose -Message ("Running {0} (found {1}): {2}" -f $exe.Path, $exe.How, ($arguments -join ' '))
    try {
        $run = Invoke-WslNetProcess -FilePath $exe.Path -ArgumentList $arguments
    }
    catch {
        $message = "Could not run '$($exe.Path)': $($_.Exception.Message)"
        $result.ErrorRecord = New-WslNetErrorRecord -Status 'startFailed' -Message $message `
            -TargetObject $exe.Path -Category 'OpenError'
        $result.Terminating = $true
        return $result
    }
    $result.ExitCode = $run.ExitCode
    $result.StdOut = $run.StdOut
    if ($run.StdErr) {
        Write-Verbose -Message ('wslnet.exe stderr: ' + $run.StdErr.Trim())
    }
    if ($Text) { return $result }

    $json = ''
    if ($null -ne $run.StdOut) { $json = $run.StdOut.Trim().TrimStart([char]0xFEFF).Trim() }
    $document = $null
    $parseError = ''
    if ($json.Length -eq 0) {
        $parseError = 'printed nothing on stdout'
    }
    else {
        try {
            $document = ConvertFrom-Json -InputObject $json -ErrorAction Stop
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
            $attempts += ('{0}: {1}: {2}' -f (Get-WslNetJsonValue -InputObject $attempt -Name 'source'),
                (Get-WslNetJsonValue -InputObject $attempt -Name 'status'), (Get-WslNetJsonValue -InputObject $attempt -Name 'message'))
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

# ---------------------------------------------------------------- JSON -> objects

function Get-WslNetPathValue {
    # Follows a dotted member path ("file.path") from an object; $null when a
    # member is absent.
    param([object]$InputObject, [string]$Path)
    $value = $InputObject
    foreach ($part in $Path.Split('.')) {
        if ($part -eq '') { continue }
        $value = Get-WslNetJsonValue -InputObject $value -Name $part
        if ($null -eq $value) { return $null }
    }
    return $value
}

$script:WslNetTypePlans = @{}

function Get-WslNetTypePlan {
    # The property table of TypeName, parsed once: Name, Source (item, doc,
    # context or block), Parts (the member path), Type, Block.
    param([string]$TypeName)
    $plan = $script:WslNetTypePlans[$TypeName]
    if ($null -ne $plan) { return , $plan }
    $plan = New-Object -TypeName System.Collections.Generic.List[object]
    foreach ($entry in $script:WslNetTypes[$TypeName].GetEnumerator()) {
        $spec = $entry.Value
        if ($spec -is [scriptblock]) {
            $plan.Add([pscustomobject]@{ Name = $entry.Key; Source = 'block'; Parts = @(); Type = ''; Block = $spec })
            continue
        }
        $colon = $spec.LastIndexOf(':')
        $path = $spec.Substring(0, $colon)
        $source = 'item'
        if ($path.StartsWith('=')) { $source = 'context'; $path = $path.Substring(1) }
        elseif ($path.StartsWith('/')) { $source = 'doc'; $path = $path.Substring(1) }
        $plan.Add([pscustomobject]@{
                Name = $entry.Key; Source = $source; Parts = [string[]]$path.Split('.'); Type = $spec.Substring($colon + 1); Block = $null
            })
    }
    $script:WslNetTypePlans[$TypeName] = $plan
    return , $plan
}

function ConvertTo-WslNetObject {
    # Builds one object of TypeName from a JSON item, following the property
    # table $script:WslNetTypes[TypeName]: each property is "path:type" where
    # path is a member path in the item, "/path" one in the whole document,
    # "=name" a value of Context; type is string (absent -> ""), int,
    # uint32, uint64, bool, date (UTC), string[], raw, or another type name
    # (Name[] for a list). A scalar type with "?" (string?, bool?, uint32?)
    # keeps a JSON null (or an absent member) as $null: a tri-state such as
    # mode's mirroredSupported (true/false/null: cannot tell) must not become
    # $false. A script block computes the value from ($item, $document, $context).
    param([string]$TypeName, [object]$Json, [object]$Document, [hashtable]$Context = @{})
    $properties = [ordered]@{ PSTypeName = $TypeName }
    foreach ($p in (Get-WslNetTypePlan -TypeName $TypeName)) {
        if ($p.Source -eq 'block') {
            $properties[$p.Name] = & $p.Block $Json $Document $Context
            continue
        }
        if ($p.Source -eq 'context') {
            $raw = $Context[$p.Parts[0]]
        }
        else {
            $raw = $Json
            if ($p.Source -eq 'doc') { $raw = $Document }
            foreach ($part in $p.Parts) {
                if ($null -eq $raw -or $part -eq '') { continue }
                $member = $raw.PSObject.Properties[$part]
                if ($null -eq $member) { $raw = $null } else { $raw = $member.Value }
            }
        }
        # The common scalar types inline (this runs for every property of every object).
        switch ($p.Type) {
            'string' { if ($null -eq $raw) { $properties[$p.Name] = '' } else { $properties[$p.Name] = [string]$raw } }
            'int' { if ($null -eq $raw) { $properties[$p.Name] = 0 } else { $properties[$p.Name] = [int]$raw } }
            'bool' { $properties[$p.Name] = ($null -ne $raw -and [bool]$raw) }
            'raw' { $properties[$p.Name] = $raw }
            default { $properties[$p.Name] = ConvertTo-WslNetValue -Value $raw -Type $p.Type -Document $Document -Context $Context }
        }
    }
    return [pscustomobject]$properties
}

function ConvertTo-WslNetValue {
    param([object]$Value, [string]$Type, [object]$Document, [hashtable]$Context)
    if ($Type.EndsWith('?')) {
        if ($null -eq $Value) { return $null }
        $Type = $Type.Substring(0, $Type.Length - 1)
    }
    switch ($Type) {
        'string' { if ($null -eq $Value) { return '' } return [string]$Value }
        'int' { if ($null -eq $Value) { return 0 } return [int]$Value }
        'uint32' { if ($null -eq $Value) { return [uint32]0 } return [uint32]$Value }
        'uint64' {
            $n = [uint64]0
            if ($null -ne $Value -and -not [uint64]::TryParse([string]$Value, [System.Globalization.NumberStyles]::None,
                    [System.Globalization.CultureInfo]::InvariantCulture, [ref]$n)) {
                Write-Warning -Message "wslnet.exe printed '$Value' where a decimal number was expected."
            }
            return $n
        }
        'bool' { if ($null -eq $Value) { return $false } return [bool]$Value }
        'date' {
            if ($null -eq $Value) { return $null }
            # PowerShell 7's ConvertFrom-Json already makes ISO 8601 strings dates.
            if ($Value -is [datetime]) { return $Value.ToUniversalTime() }
            $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AdjustToUniversal
            $date = [datetime]::MinValue
            if ([datetime]::TryParseExact([string]$Value, "yyyy-MM-dd'T'HH:mm:ss'Z'",
                    [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$date)) {
                return $date
            }
            return $null
        }
        'string[]' { return , [string[]]@(@($Value) | Where-Object { $null -ne $_ }) }
        'raw' { return $Value }
    }
    if ($Type.EndsWith('[]')) {
        $inner = $Type.Substring(0, $Type.Length - 2)
        $list = @()
        foreach ($item in @($Value)) {
            if ($null -ne $item) { $list += (ConvertTo-WslNetObject -TypeName $inner -Json $item -Document $Document -Context $Context) }
        }
        return , [object[]]$list
    }
    if ($null -eq $Value) { return $null }
    return (ConvertTo-WslNetObject -TypeName $Type -Json $Value -Document $Document -Context $Context)
}

# ---------------------------------------------------------------- parameters -> flags

function Get-WslNetArgumentList {
    # The exe's arguments for command $Name from the values in $Bound (a
    # parameter name -> value table), following $script:WslNetCommands:
    # the command words, then each bound parameter of the Flags table as its
    # flag (in table order), then "--" and the Positional parameters' values.
    # Flag entries: '--flag' (the value as is), or a table with Flag and
    # Format: lower, join (comma list), lowerjoin, repeat (the flag once per
    # value), switch (the flag alone when true), path (a PowerShell path made
    # a file system path), map (Map translates the value).
    param([hashtable]$Spec, [object]$Bound, [System.Management.Automation.PSCmdlet]$Cmdlet)
    $arguments = @($Spec.Words)
    foreach ($entry in $Spec.Flags.GetEnumerator()) {
        if (-not $Bound.ContainsKey($entry.Key)) { continue }
        $value = $Bound[$entry.Key]
        if ($null -eq $value) { continue }
        $flag = $entry.Value
        $format = 'value'
        if ($flag -is [hashtable]) { $format = $flag.Format; $flag = $entry.Value.Flag }
        switch ($format) {
            'switch' { if ([bool]$value) { $arguments += $flag } }
            'lower' { $arguments += @($flag, ([string]$value).ToLowerInvariant()) }
            'join' { $arguments += @($flag, ((@($value) | ForEach-Object { [string]$_ }) -join ',')) }
            'lowerjoin' { $arguments += @($flag, ((@($value) | ForEach-Object { ([string]$_).ToLowerInvariant() }) -join ',')) }
            'repeat' { foreach ($v in @($value)) { $arguments += @($flag, [string]$v) } }
            'path' { $arguments += @($flag, $Cmdlet.GetUnresolvedProviderPathFromPSPath([string]$value)) }
            'map' { $arguments += @($flag, [string]$entry.Value.Map[[string]$value]) }
            default { $arguments += @($flag, [string]$value) }
        }
    }
    # Positional values that are bound, after "--" (an optional one, a policy's FILE, may be
    # absent); PathPositional names those that are PowerShell paths made file system paths.
    $positional = @()
    if ($Spec.ContainsKey('Positional')) { $positional = @($Spec.Positional | Where-Object { $Bound.ContainsKey($_) -and $null -ne $Bound[$_] }) }
    if ($positional.Length -gt 0) {
        $arguments += '--'
        foreach ($name in $positional) {
            if ($Spec.ContainsKey('PathPositional') -and @($Spec.PathPositional) -contains $name) {
                $arguments += $Cmdlet.GetUnresolvedProviderPathFromPSPath([string]$Bound[$name])
                continue
            }
            # A list (expose's PORT[,PORT...]) is one comma-joined word.
            $arguments += ((@($Bound[$name]) | ForEach-Object { [string]$_ }) -join ',')
        }
    }
    return , [string[]]$arguments
}

# ---------------------------------------------------------------- the invoker

function Test-WslNetWhatIf {
    # Whether -WhatIf is in effect for Cmdlet (given, or $WhatIfPreference in
    # the cmdlet's scope, which Use-WslNetCallerPreference fills from the caller).
    param([System.Management.Automation.PSCmdlet]$Cmdlet)
    if ($Cmdlet.MyInvocation.BoundParameters.ContainsKey('WhatIf')) {
        return [bool]$Cmdlet.MyInvocation.BoundParameters['WhatIf']
    }
    # Found through the scope chain: this function -> the invoker -> the cmdlet.
    return [bool]$WhatIfPreference
}

function Get-WslNetRefusal {
    # The ErrorRecord for a change the exe refused with its own document
    # (expose: exit 9, refused true, reason and alternative; nothing changed),
    # when $Spec has Refusal = @{ Status = ... }; $null otherwise. The reason
    # and the alternative also travel in Exception.Data (WslNet.Reason,
    # WslNet.Alternative).
    param([hashtable]$Spec, [object]$Run, [object]$Target)
    if (-not $Spec.ContainsKey('Refusal') -or $null -eq $Run.Document) { return $null }
    if (-not (Get-WslNetJsonValue -InputObject $Run.Document -Name 'refused' -Default $false)) { return $null }
    $reason = [string](Get-WslNetJsonValue -InputObject $Run.Document -Name 'reason' -Default '')
    $alternative = [string](Get-WslNetJsonValue -InputObject $Run.Document -Name 'alternative' -Default '')
    $message = 'Refused, nothing changed: {0}.' -f $reason.TrimEnd('.')
    if ($alternative) { $message += (' Instead: {0}.' -f $alternative.TrimEnd('.')) }
    $record = New-WslNetErrorRecord -Status $Spec.Refusal.Status -Message $message -ExitCode $Run.ExitCode -TargetObject $Target
    $record.Exception.Data['WslNet.Reason'] = $reason
    $record.Exception.Data['WslNet.Alternative'] = $alternative
    if ($alternative) {
        $record.ErrorDetails = New-Object -TypeName System.Management.Automation.ErrorDetails -ArgumentList $message
        $record.ErrorDetails.RecommendedAction = $alternative
    }
    return $record
}

function Invoke-WslNetCommand {
    <#
    Runs the wslnet.exe command $Name of $script:WslNetCommands for $Cmdlet,
    with the parameter values in $Bound, and writes what it returns:
    - objects of the command's Type, made from its Items member of the
      document ('.' for the document itself), or the document with -Raw;
    - failures as ErrorRecords, non-terminating per call (so per pipeline
      item) unless the module itself failed; -ErrorAction Stop or the
      caller's $ErrorActionPreference = 'Stop' make them terminating.
    A command with Change = $true changes the system and goes through
    ShouldProcess: with -WhatIf in effect it runs the exe with --dry-run
    (the input is still checked) and shows the exe's own plan as the
    "What if:" text, and changes nothing; with -Confirm it asks first.
    #>
    param(
        [System.Management.Automation.PSCmdlet]$Cmdlet,
        [string]$Name,
        [object]$Bound,
        [object]$Target,
        [string]$Action = '',
        [hashtable]$Context = @{},
        [switch]$Raw
    )
    $spec = $script:WslNetCommands[$Name]
    $arguments = Get-WslNetArgumentList -Spec $spec -Bound $Bound -Cmdlet $Cmdlet
    $success = @(0)
    if ($spec.ContainsKey('SuccessExitCode')) { $success = $spec.SuccessExitCode }
    # A refusal comes with the command's own document (Get-WslNetRefusal reads it).
    if ($spec.ContainsKey('Refusal')) { $success = @($success) + @($spec.Refusal.ExitCode) }

    if ($spec.ContainsKey('Change') -and $spec.Change) {
        if (-not $Action) { $Action = $spec.Action }
        if (Test-WslNetWhatIf -Cmdlet $Cmdlet) {
            # The exe's own plan, in its own words; its JSON error when it refuses.
            $dry = @($arguments)
            $dashes = [array]::IndexOf($dry, '--')
            if ($dashes -ge 0) {
                $dry = @($dry[0..($dashes - 1)]) + @('--dry-run') + @($dry[$dashes..($dry.Length - 1)])
            }
            else {
                $dry += '--dry-run'
            }
            $plan = Invoke-WslNetJson -ArgumentList $dry -Text
            if ($null -eq $plan.ErrorRecord -and $plan.ExitCode -eq 0) {
                $planText = ('{0} on "{1}": wslnet.exe --dry-run says:{2}{3}' -f $Action, $Target,
                    [Environment]::NewLine, $plan.StdOut.TrimEnd())
                [void]$Cmdlet.ShouldProcess($planText, $planText, $Action)
                return
            }
            if ($null -eq $plan.ErrorRecord) {
                $run = Invoke-WslNetJson -ArgumentList $dry -Kind $spec.Kind -TargetObject $Target -SuccessExitCode $success
            }
            else {
                $run = $plan
            }
            if ($run.ErrorRecord) { Write-WslNetError -Cmdlet $Cmdlet -ErrorRecord $run.ErrorRecord -Terminating $run.Terminating }
            else {
                $refusal = Get-WslNetRefusal -Spec $spec -Run $run -Target $Target
                if ($refusal) { Write-WslNetError -Cmdlet $Cmdlet -ErrorRecord $refusal -Terminating $false }
            }
            return
        }
        if (-not $Cmdlet.ShouldProcess([string]$Target, $Action)) { return }
    }

    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind $spec.Kind -TargetObject $Target -SuccessExitCode $success
    if ($run.ErrorRecord) {
        Write-WslNetError -Cmdlet $Cmdlet -ErrorRecord $run.ErrorRecord -Terminating $run.Terminating
        return
    }
    $refusal = Get-WslNetRefusal -Spec $spec -Run $run -Target $Target
    if ($refusal) {
        Write-WslNetError -Cmdlet $Cmdlet -ErrorRecord $refusal -Terminating $false
        return
    }
    $document = $run.Document
    foreach ($w in @(Get-WslNetPathValue -InputObject $document -Path $(if ($spec.ContainsKey('Warnings')) { $spec.Warnings } else { 'warnings' }))) {
        if ($w -is [string] -and $w) { $Cmdlet.WriteWarning($w) }
    }
    if ($Raw) { return $document }
    if (-not $spec.ContainsKey('Type')) { return }
    if ($spec.Items -eq '.') {
        $items = @($document)
    }
    else {
        $items = @(Get-WslNetPathValue -InputObject $document -Path $spec.Items)
    }
    foreach ($item in $items) {
        if ($null -ne $item) { ConvertTo-WslNetObject -TypeName $spec.Type -Json $item -Document $document -Context $Context }
    }
}

# ---------------------------------------------------------------- the tables and the cmdlets

# The tables first, then one file per area with its cmdlets.
foreach ($part in @('Commands', 'Core', 'Proxy', 'Firewall', 'Config', 'Doctor', 'Certs', 'Subnet', 'Expose', 'Policy', 'Completers')) {
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
    'Install-WslNetCertificate',
    # Subnet
    'Get-WslNetSubnet',
    'Find-WslNetSubnet',
    'Set-WslNetSubnet',
    # Expose
    'Publish-WslNetPort',
    'Unpublish-WslNetPort',
    'Get-WslNetPortPublication',
    'Sync-WslNetPortPublication',
    # Policy
    'Get-WslNetPolicyPlan',
    'Test-WslNetPolicy',
    'Invoke-WslNetPolicy'
)
