#
# WslNet.Config.ps1 - cmdlets for .wslconfig and wsl.conf (wslnet config).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

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

        [ValidateNotNullOrEmpty()]
        [string]$Path,

        [ValidateNotNullOrEmpty()]
        [string]$User
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $bound = @{}
        foreach ($name in @('Path', 'User')) {
            if ($PSBoundParameters.ContainsKey($name)) { $bound[$name] = $PSBoundParameters[$name] }
        }
        if (-not $Key) {
            Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.show' -Bound $bound -Target $Path
            return
        }
        foreach ($one in $Key) {
            $bound['Key'] = $one
            Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.get' -Bound $bound -Target $one
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


    .PARAMETER PassThru
    Return the change (WslNet.ConfigChange); without it nothing is returned.
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
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Set')]
    [OutputType('WslNet.ConfigChange')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]$Key,

        [Parameter(Mandatory = $true, Position = 1, ParameterSetName = 'Set', ValueFromPipelineByPropertyName = $true)]
        [AllowEmptyString()]
        [string]$Value,

        [Parameter(Mandatory = $true, ParameterSetName = 'Unset')]
        [switch]$Unset,

        [ValidateNotNullOrEmpty()]
        [string]$Path,

        [ValidateNotNullOrEmpty()]
        [string]$User,

        [switch]$PassThru
    )
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        $file = $(if ($Path) { $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path) } elseif ($User) { "$User's .wslconfig" } else { '.wslconfig' })
        if ($Unset) {
            $change = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.unset' -Bound $PSBoundParameters -Target $file -Action "Remove $Key"
        }
        else {
            $change = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.set' -Bound $PSBoundParameters -Target $file -Action "Set $Key"
        }
        if ($PassThru) { $change }
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
        [ValidateNotNullOrEmpty()]
        [string]$Path,

        [ValidateNotNullOrEmpty()]
        [string]$User,

        [switch]$WslConf,

        [switch]$Quiet
    )
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    if ($Quiet) {
        $document = Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.lint' -Bound $PSBoundParameters -Target $Path -Raw
        if ($null -eq $document) { return }
        return ([int](Get-WslNetJsonValue -InputObject $document -Name 'errors' -Default 0) +
            [int](Get-WslNetJsonValue -InputObject $document -Name 'warnings' -Default 0)) -eq 0
    }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'config.lint' -Bound $PSBoundParameters -Target $Path
}
