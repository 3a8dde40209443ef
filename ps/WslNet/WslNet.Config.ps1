#
# WslNet.Config.ps1 - cmdlets for .wslconfig and wsl.conf (wslnet config). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0

function Get-WslNetConfigTargetArgument {
    # The --file/--user arguments for a cmdlet's -Path and -User.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Path, [string]$User)
    $arguments = @()
    if ($Path) {
        $arguments += @('--file', $Cmdlet.GetUnresolvedProviderPathFromPSPath($Path))
    }
    if ($User) {
        $arguments += @('--user', $User)
    }
    return $arguments
}

function ConvertTo-WslNetConfigValue {
    param([object]$Json, [object]$File)
    $line = Get-WslNetJsonValue -InputObject $Json -Name 'line'
    [pscustomobject]@{
        PSTypeName    = 'WslNet.ConfigValue'
        Key           = [string](Get-WslNetJsonValue -InputObject $Json -Name 'key')
        Value         = [string](Get-WslNetJsonValue -InputObject $Json -Name 'value' -Default '')
        Origin        = [string](Get-WslNetJsonValue -InputObject $Json -Name 'origin')
        Line          = $(if ($null -eq $line) { 0 } else { [int]$line })
        Section       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'section' -Default '')
        Type          = [string](Get-WslNetJsonValue -InputObject $Json -Name 'type')
        Default       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'default' -Default '')
        DefaultNote   = [string](Get-WslNetJsonValue -InputObject $Json -Name 'defaultNote' -Default '')
        RejectedValue = [string](Get-WslNetJsonValue -InputObject $Json -Name 'rejectedValue' -Default '')
        File          = [string](Get-WslNetJsonValue -InputObject $File -Name 'path' -Default '')
    }
}

function Get-WslNetConfig {
    <#
    .SYNOPSIS
    Gets the values WSL uses from .wslconfig, and where each comes from.

    .DESCRIPTION
    Runs "wslnet.exe config get KEY --json" for each -Key, or "wslnet.exe config
    show --json" without -Key (every key WSL reads). The file is read with WSL's
    own parser rules: the first line that sets a key wins, invalid lines are
    skipped, [experimental] aliases count. Origin is "file" (Line and Section say
    where), "default", or "invalid" (the first line's value is one WSL rejects,
    so WSL uses the default; RejectedValue holds it).

    .PARAMETER Key
    Keys as WSL names them: wsl2.memory, wsl2.networkingMode, experimental.sparseVhd.

    .PARAMETER Path
    The file to read (default: %UserProfile%\.wslconfig).

    .PARAMETER User
    Read that user's %UserProfile%\.wslconfig (for SYSTEM, which has no profile of its own).

    .EXAMPLE
    Get-WslNetConfig -Key wsl2.memory, wsl2.networkingMode

    The two values WSL uses, with their line numbers.

    .EXAMPLE
    Get-WslNetConfig | Where-Object Origin -ne 'default'

    Every key the file sets.

    .OUTPUTS
    WslNet.ConfigValue. Properties: Key, Value, Origin, Line, Section, Type, Default,
    DefaultNote, RejectedValue, File.
    #>
    [CmdletBinding()]
    [OutputType('WslNet.ConfigValue')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [string[]]$Key,

        [string]$Path,

        [string]$User
    )
    process {
        $target = Get-WslNetConfigTargetArgument -Cmdlet $PSCmdlet -Path $Path -User $User
        if (-not $Key) {
            $run = Invoke-WslNetJson -ArgumentList (@('config', 'show') + $target) -Kind 'configShow' -TargetObject $Path
            if ($run.ErrorRecord) {
                if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
                $PSCmdlet.WriteError($run.ErrorRecord)
                return
            }
            $file = Get-WslNetJsonValue -InputObject $run.Document -Name 'file'
            foreach ($k in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'keys' -Default @())) {
                if ($null -ne $k) { ConvertTo-WslNetConfigValue -Json $k -File $file }
            }
            return
        }
        foreach ($one in $Key) {
            $run = Invoke-WslNetJson -ArgumentList (@('config', 'get', (ConvertTo-WslNetArgument -Value $one)) + $target) `
                -Kind 'configValue' -TargetObject $one
            if ($run.ErrorRecord) {
                if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
                $PSCmdlet.WriteError($run.ErrorRecord)
                continue
            }
            ConvertTo-WslNetConfigValue -Json $run.Document -File (Get-WslNetJsonValue -InputObject $run.Document -Name 'file')
        }
    }
}

function Set-WslNetConfig {
    <#
    .SYNOPSIS
    Sets or removes a .wslconfig key, keeping every other byte of the file.

    .DESCRIPTION
    Runs "wslnet.exe config set KEY VALUE --json" (or "config unset KEY" with
    -Unset). The value is checked with WSL's parser for the key (true/false,
    8GB, ...) and written so that WSL reads it back exactly (backslashes
    doubled). The line WSL uses is edited in place, keeping its comment; else a
    line is added to the section, or the section appended. Encoding, BOM, line
    breaks and comments are kept. The file is replaced atomically and the old one
    kept as <file>.wslnet-backup. -WhatIf shows the change (--dry-run) and writes
    nothing. Your own file needs no elevation; -User does.

    .PARAMETER Key
    The key as WSL names it: wsl2.memory, experimental.sparseVhd.

    .PARAMETER Value
    The value (a string as you would write it: 8GB, true, mirrored, C:\wsl\kernel).

    .PARAMETER Unset
    Remove every line setting Key, so that WSL uses its default.

    .PARAMETER Path
    The file to edit (default: %UserProfile%\.wslconfig).

    .PARAMETER User
    Edit that user's %UserProfile%\.wslconfig (needs elevation; for SYSTEM scripts).

    .EXAMPLE
    Set-WslNetConfig -Key wsl2.networkingMode -Value mirrored

    Switches WSL to mirrored networking (from the next `wsl --shutdown`).

    .EXAMPLE
    Set-WslNetConfig -Key wsl2.memory -Unset -WhatIf

    Shows which lines would be removed.

    .OUTPUTS
    WslNet.ConfigChange. Properties: Key, Value, Changed, DryRun, Action, Line, OldText,
    NewText, RemovedLines, Backup, File.
    #>
    [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'Set')]
    [OutputType('WslNet.ConfigChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [string]$Key,

        [Parameter(Mandatory = $true, Position = 1, ParameterSetName = 'Set')]
        [AllowEmptyString()]
        [string]$Value,

        [Parameter(Mandatory = $true, ParameterSetName = 'Unset')]
        [switch]$Unset,

        [string]$Path,

        [string]$User
    )
    $target = Get-WslNetConfigTargetArgument -Cmdlet $PSCmdlet -Path $Path -User $User
    if ($Unset) {
        $arguments = @('config', 'unset', (ConvertTo-WslNetArgument -Value $Key)) + $target
        $what = "remove $Key"
    }
    else {
        $arguments = @('config', 'set', (ConvertTo-WslNetArgument -Value $Key), (ConvertTo-WslNetArgument -Value $Value)) + $target
        $what = "set $Key=$Value"
    }
    $file = $(if ($Path) { $Path } elseif ($User) { "$User's .wslconfig" } else { '.wslconfig' })
    if (-not $PSCmdlet.ShouldProcess($file, $what)) {
        $arguments += '--dry-run'
    }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'configChange' -TargetObject $Key
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    $d = $run.Document
    [pscustomobject]@{
        PSTypeName   = 'WslNet.ConfigChange'
        Key          = [string](Get-WslNetJsonValue -InputObject $d -Name 'key')
        Value        = [string](Get-WslNetJsonValue -InputObject $d -Name 'value' -Default '')
        Changed      = [bool](Get-WslNetJsonValue -InputObject $d -Name 'changed' -Default $false)
        DryRun       = [bool](Get-WslNetJsonValue -InputObject $d -Name 'dryRun' -Default $false)
        Action       = [string](Get-WslNetJsonValue -InputObject $d -Name 'action')
        Line         = [int](Get-WslNetJsonValue -InputObject $d -Name 'line' -Default 0)
        OldText      = [string](Get-WslNetJsonValue -InputObject $d -Name 'oldText' -Default '')
        NewText      = [string](Get-WslNetJsonValue -InputObject $d -Name 'newText' -Default '')
        RemovedLines = [int](Get-WslNetJsonValue -InputObject $d -Name 'removedLines' -Default 0)
        Backup       = [string](Get-WslNetJsonValue -InputObject $d -Name 'backup' -Default '')
        File         = [string](Get-WslNetJsonValue -InputObject (Get-WslNetJsonValue -InputObject $d -Name 'file') -Name 'path' -Default '')
    }
}

function Test-WslNetConfig {
    <#
    .SYNOPSIS
    Lints .wslconfig (or a distribution's wsl.conf) the way WSL reads it.

    .DESCRIPTION
    Runs "wslnet.exe config lint --json" and returns one finding per problem line:
    what is wrong, what WSL does with the line (skips it, keeps the default,
    ignores it, stops reading wsl.conf) and the fix. Rules: single backslashes,
    ';' comments, yes/on booleans, lowercase sizes, invalid sections and keys,
    unknown keys, keys of the other file or section, duplicates, keys needing
    Windows 11 22H2 on this build, mirrored-only keys in NAT mode,
    localhostForwarding with mirrored, non-ASCII values. With -Quiet, returns
    $true when there is no warning or error.

    .PARAMETER Path
    The file to lint (default: %UserProfile%\.wslconfig).

    .PARAMETER User
    Lint that user's %UserProfile%\.wslconfig.

    .PARAMETER WslConf
    The file is a distribution's wsl.conf (-Path needed, e.g. \\wsl.localhost\Ubuntu\etc\wsl.conf).

    .PARAMETER Quiet
    Return only $true (no warning or error) or $false.

    .EXAMPLE
    Test-WslNetConfig

    Lists the problems of your .wslconfig with their line numbers and fixes.

    .EXAMPLE
    if (-not (Test-WslNetConfig -User alice -Quiet)) { exit 1 }

    An Intune detection script.

    .OUTPUTS
    WslNet.ConfigFinding (Line, Severity, Rule, Key, Message, Effect, Fix, File), or
    System.Boolean with -Quiet.
    #>
    [CmdletBinding()]
    [OutputType('WslNet.ConfigFinding', [bool])]
    param(
        [string]$Path,

        [string]$User,

        [switch]$WslConf,

        [switch]$Quiet
    )
    $arguments = @('config', 'lint') + (Get-WslNetConfigTargetArgument -Cmdlet $PSCmdlet -Path $Path -User $User)
    if ($WslConf) { $arguments += '--wsl-conf' }
    # lint exits 6 when it finds warnings or errors, with its document: read it here
    $document = $null
    $exe = Find-WslNetExe
    if ($exe) {
        try {
            $raw = Invoke-WslNetProcess -FilePath $exe -ArgumentList (@($arguments) + @('--json'))
            if ($raw.ExitCode -eq 0 -or $raw.ExitCode -eq 6) {
                $parsed = ConvertFrom-Json -InputObject ($raw.StdOut.Trim().TrimStart([char]0xFEFF).Trim()) -ErrorAction Stop
                if ((Get-WslNetJsonValue -InputObject $parsed -Name 'kind') -eq 'configLint') { $document = $parsed }
            }
        }
        catch {
            $document = $null
        }
    }
    if ($null -eq $document) {
        # any other outcome: the module's usual error handling
        $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'configLint' -TargetObject $Path
        if ($run.ErrorRecord) {
            if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
            $PSCmdlet.WriteError($run.ErrorRecord)
            return
        }
        $document = $run.Document
    }
    $errors = [int](Get-WslNetJsonValue -InputObject $document -Name 'errors' -Default 0)
    $warnings = [int](Get-WslNetJsonValue -InputObject $document -Name 'warnings' -Default 0)
    if ($Quiet) {
        return ($errors + $warnings) -eq 0
    }
    $file = [string](Get-WslNetJsonValue -InputObject (Get-WslNetJsonValue -InputObject $document -Name 'file') -Name 'path' -Default '')
    foreach ($f in @(Get-WslNetJsonValue -InputObject $document -Name 'findings' -Default @())) {
        if ($null -eq $f) { continue }
        [pscustomobject]@{
            PSTypeName = 'WslNet.ConfigFinding'
            Line       = [int](Get-WslNetJsonValue -InputObject $f -Name 'line' -Default 0)
            Severity   = [string](Get-WslNetJsonValue -InputObject $f -Name 'severity')
            Rule       = [string](Get-WslNetJsonValue -InputObject $f -Name 'rule')
            Key        = [string](Get-WslNetJsonValue -InputObject $f -Name 'key' -Default '')
            Message    = [string](Get-WslNetJsonValue -InputObject $f -Name 'message')
            Effect     = [string](Get-WslNetJsonValue -InputObject $f -Name 'effect' -Default '')
            Fix        = [string](Get-WslNetJsonValue -InputObject $f -Name 'fix' -Default '')
            File       = $file
        }
    }
}
