#
# WslNet.Certs.ps1 - cmdlets for Windows root CAs for WSL (wslnet certs). Dot-sourced by WslNet.psm1;
# uses its helpers (Invoke-WslNetJson, New-WslNetErrorRecord, ...).
#

Set-StrictMode -Version 2.0

function ConvertTo-WslNetUtcDate {
    # "2045-01-01T00:00:00Z" -> [datetime] (Kind Utc); $null when absent or unreadable.
    param([object]$Text)
    if ($null -eq $Text) { return $null }
    $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AdjustToUniversal
    $value = [datetime]::MinValue
    if ([datetime]::TryParseExact([string]$Text, "yyyy-MM-dd'T'HH:mm:ss'Z'",
            [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$value)) {
        return $value
    }
    return $null
}

function ConvertTo-WslNetCertificate {
    param(
        [object]$Json,
        [string]$Directory = ''
    )
    $file = [string](Get-WslNetJsonValue -InputObject $Json -Name 'file')
    $path = $null
    if ($Directory -and $file) { $path = Join-Path -Path $Directory -ChildPath $file }
    [pscustomobject]@{
        PSTypeName = 'WslNet.Certificate'
        Name       = [string](Get-WslNetJsonValue -InputObject $Json -Name 'name')
        Thumbprint = [string](Get-WslNetJsonValue -InputObject $Json -Name 'thumbprint')
        Subject    = [string](Get-WslNetJsonValue -InputObject $Json -Name 'subject')
        Issuer     = [string](Get-WslNetJsonValue -InputObject $Json -Name 'issuer')
        NotBefore  = ConvertTo-WslNetUtcDate -Text (Get-WslNetJsonValue -InputObject $Json -Name 'notBefore')
        NotAfter   = ConvertTo-WslNetUtcDate -Text (Get-WslNetJsonValue -InputObject $Json -Name 'notAfter')
        Store      = [string](Get-WslNetJsonValue -InputObject $Json -Name 'store')
        Stores     = [string[]]@(Get-WslNetJsonValue -InputObject $Json -Name 'stores' -Default @())
        FileName   = $file
        Path       = $path
    }
}

function Get-WslNetCertificateArgument {
    # The selection options shared by export and install.
    param(
        [string[]]$Store,
        [switch]$Intermediate,
        [string[]]$Subject,
        [string[]]$Thumbprint
    )
    $arguments = @()
    if ($Store) { $arguments += @('--store', (($Store | ForEach-Object { $_.ToLowerInvariant() }) -join ',')) }
    if ($Intermediate) { $arguments += '--intermediate' }
    foreach ($s in @($Subject)) { if ($s) { $arguments += @('--subject', $s) } }
    foreach ($t in @($Thumbprint)) { if ($t) { $arguments += @('--thumbprint', $t) } }
    return , $arguments
}

function Export-WslNetCertificate {
    <#
    .SYNOPSIS
    Exports the trusted root certificates of Windows as PEM, for WSL and Linux tools.

    .DESCRIPTION
    Runs "wslnet.exe certs export --json". Reads the LocalMachine and
    CurrentUser Root stores, the enterprise (Active Directory) and Group Policy
    Root stores, and with -Intermediate the CA stores, read-only. Expired and
    not yet valid certificates are skipped, and a certificate in several stores
    is exported once. A store that does not exist is reported by wslnet, not an
    error.

    With -Path the certificates are written as one PEM bundle (the file is
    replaced atomically); with -Directory as one <name>-<thumbprint>.crt file
    each. With neither, nothing is written and the certificates are only
    listed. -WhatIf lists without writing. Needs no elevation.

    When nothing matches, a non-terminating error with ErrorId WslNet.notFound
    is written (exit code 4).

    .PARAMETER Path
    The PEM bundle file to write. A relative path is taken from the current
    PowerShell location.

    .PARAMETER Directory
    The directory to write one .crt file per certificate into (created when
    missing; other files in it are left alone).

    .PARAMETER Store
    The stores to read: Machine, User, Enterprise, Policy, CA, or All.
    Default: Machine, User, Enterprise and Policy.

    .PARAMETER Intermediate
    Also read the intermediate CA stores (LocalMachine\CA and CurrentUser\CA).

    .PARAMETER Subject
    Keep only certificates whose subject contains one of these texts
    (case-insensitive).

    .PARAMETER Thumbprint
    Keep only the certificates with these SHA-1 thumbprints (40 hex digits, any
    case, spaces allowed). With -Subject too, a certificate must match both.

    .EXAMPLE
    Export-WslNetCertificate -Path C:\ProgramData\wsl\corporate-roots.pem -Store Enterprise, Policy

    Writes the roots deployed by Active Directory and Group Policy as one PEM bundle.

    .EXAMPLE
    Export-WslNetCertificate -Directory "$env:TEMP\roots" -Subject 'Contoso'

    Writes one .crt per Contoso root certificate.

    .EXAMPLE
    Export-WslNetCertificate | Sort-Object NotAfter | Select-Object -First 5 Name, NotAfter, Store

    Lists the five certificates that expire first, writing nothing.

    .OUTPUTS
    WslNet.Certificate. Properties: Name, Thumbprint, Subject, Issuer,
    NotBefore and NotAfter (UTC), Store (where it was found first), Stores
    (every store holding it), FileName and Path (the file written with
    -Directory, else $null).

    .LINK
    Install-WslNetCertificate
    #>
    [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'List')]
    [OutputType('WslNet.Certificate')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Bundle')]
        [ValidateNotNullOrEmpty()]
        [string]$Path,

        [Parameter(Mandatory = $true, ParameterSetName = 'Directory')]
        [ValidateNotNullOrEmpty()]
        [string]$Directory,

        [ValidateSet('Machine', 'User', 'Enterprise', 'Policy', 'CA', 'All')]
        [string[]]$Store,

        [switch]$Intermediate,

        [ValidateNotNullOrEmpty()]
        [string[]]$Subject,

        [ValidateNotNullOrEmpty()]
        [string[]]$Thumbprint
    )
    $arguments = @('certs', 'export') + (Get-WslNetCertificateArgument -Store $Store -Intermediate:$Intermediate `
            -Subject $Subject -Thumbprint $Thumbprint)
    $target = 'Windows root certificates'
    $directoryPath = ''
    if ($PSCmdlet.ParameterSetName -eq 'Bundle') {
        # The process does not share PowerShell's current location.
        $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
        if ($PSCmdlet.ShouldProcess($target, 'Write PEM bundle')) { $arguments += @('--out', $target) }
    }
    elseif ($PSCmdlet.ParameterSetName -eq 'Directory') {
        $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Directory)
        if ($PSCmdlet.ShouldProcess($target, 'Write one .crt file per certificate')) {
            $arguments += @('--dir', $target)
            $directoryPath = $target
        }
    }
    $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'certsExport' -TargetObject $target
    if ($run.ErrorRecord) {
        if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
        $PSCmdlet.WriteError($run.ErrorRecord)
        return
    }
    foreach ($s in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'stores' -Default @())) {
        if ($null -eq $s) { continue }
        $status = [string](Get-WslNetJsonValue -InputObject $s -Name 'status')
        if ($status -ne 'ok') {
            Write-Verbose -Message ('{0}\{1}: {2}: {3}' -f (Get-WslNetJsonValue -InputObject $s -Name 'location'),
                (Get-WslNetJsonValue -InputObject $s -Name 'name'), $status, (Get-WslNetJsonValue -InputObject $s -Name 'message'))
        }
    }
    foreach ($c in @(Get-WslNetJsonValue -InputObject $run.Document -Name 'certificates' -Default @())) {
        if ($null -ne $c) { ConvertTo-WslNetCertificate -Json $c -Directory $directoryPath }
    }
}

function Install-WslNetCertificate {
    <#
    .SYNOPSIS
    Installs the trusted root certificates of Windows into a WSL distribution.

    .DESCRIPTION
    Runs "wslnet.exe certs install --json". The certificates
    Export-WslNetCertificate selects are copied into the distribution's
    /usr/local/share/ca-certificates/wslnet/ (replacing what wslnet put there
    before, so roots removed on Windows leave the distribution too), then
    update-ca-certificates runs, as root, through
    %SystemRoot%\System32\wsl.exe. This starts the distribution if it is not
    running. It changes the distribution, not Windows: no elevation is needed;
    run it as the user who owns the distribution.

    -WhatIf shows the plan (files and wsl.exe command, wslnet's --dry-run) and
    runs nothing.

    Failures are non-terminating errors: WslNet.invalidInput for a bad
    distribution name (nothing is run), WslNet.unsupported when the
    distribution has no update-ca-certificates, WslNet.systemError when
    wsl.exe or the script failed, WslNet.unavailable when WSL is not installed.

    .PARAMETER Distribution
    The WSL distribution (as "wsl.exe --list" names it): letters, digits,
    '.', '_' and '-'.

    .PARAMETER Store
    The stores to read: Machine, User, Enterprise, Policy, CA, or All.
    Default: Machine, User, Enterprise and Policy.

    .PARAMETER Intermediate
    Also install the intermediate CAs (LocalMachine\CA and CurrentUser\CA).

    .PARAMETER Subject
    Install only certificates whose subject contains one of these texts
    (case-insensitive).

    .PARAMETER Thumbprint
    Install only the certificates with these SHA-1 thumbprints.

    .PARAMETER AllowDistroCode
    Needed when PowerShell runs elevated: the distribution's own programs run
    (sh, update-ca-certificates), and its owner controls them. Without it an
    elevated run is refused (WslNet.usage) and nothing runs.

    .EXAMPLE
    Install-WslNetCertificate -Distribution Ubuntu-22.04

    Makes Ubuntu trust every root certificate Windows trusts, corporate ones included.

    .EXAMPLE
    Install-WslNetCertificate -Distribution Ubuntu -Store Enterprise, Policy -WhatIf

    Shows which corporate roots would be installed and the wsl.exe command, without running it.

    .OUTPUTS
    WslNet.CertificateInstall. Properties: Distribution, DryRun, Ran,
    ExitCode, Directory, Files, Certificates (WslNet.Certificate objects),
    WslPath, Arguments and Output (what update-ca-certificates printed).

    .LINK
    Export-WslNetCertificate
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('WslNet.CertificateInstall')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('Distro', 'Name')]
        [ValidateNotNullOrEmpty()]
        [string]$Distribution,

        [ValidateSet('Machine', 'User', 'Enterprise', 'Policy', 'CA', 'All')]
        [string[]]$Store,

        [switch]$Intermediate,

        [ValidateNotNullOrEmpty()]
        [string[]]$Subject,

        [ValidateNotNullOrEmpty()]
        [string[]]$Thumbprint,

        [switch]$AllowDistroCode
    )
    process {
        $arguments = @('certs', 'install', '--distro', $Distribution) +
            (Get-WslNetCertificateArgument -Store $Store -Intermediate:$Intermediate -Subject $Subject -Thumbprint $Thumbprint)
        if ($AllowDistroCode) { $arguments += '--allow-distro-code' }
        if (-not $PSCmdlet.ShouldProcess($Distribution, 'Install Windows root certificates and run update-ca-certificates')) {
            $arguments += '--dry-run'
        }
        $run = Invoke-WslNetJson -ArgumentList $arguments -Kind 'certsInstall' -TargetObject $Distribution
        if ($run.ErrorRecord) {
            if ($run.Terminating) { $PSCmdlet.ThrowTerminatingError($run.ErrorRecord) }
            $PSCmdlet.WriteError($run.ErrorRecord)
            return
        }
        $doc = $run.Document
        $certificates = @()
        foreach ($c in @(Get-WslNetJsonValue -InputObject $doc -Name 'certificates' -Default @())) {
            if ($null -ne $c) { $certificates += (ConvertTo-WslNetCertificate -Json $c) }
        }
        $exitCode = Get-WslNetJsonValue -InputObject $doc -Name 'exitCode'
        if ($null -ne $exitCode) { $exitCode = [int]$exitCode }
        [pscustomobject]@{
            PSTypeName   = 'WslNet.CertificateInstall'
            Distribution = [string](Get-WslNetJsonValue -InputObject $doc -Name 'distro')
            DryRun       = [bool](Get-WslNetJsonValue -InputObject $doc -Name 'dryRun' -Default $false)
            Ran          = [bool](Get-WslNetJsonValue -InputObject $doc -Name 'ran' -Default $false)
            ExitCode     = $exitCode
            Directory    = [string](Get-WslNetJsonValue -InputObject $doc -Name 'directory')
            Files        = [string[]]@(Get-WslNetJsonValue -InputObject $doc -Name 'files' -Default @())
            Certificates = [object[]]$certificates
            WslPath      = [string](Get-WslNetJsonValue -InputObject $doc -Name 'wsl')
            Arguments    = [string[]]@(Get-WslNetJsonValue -InputObject $doc -Name 'arguments' -Default @())
            Output       = [string](Get-WslNetJsonValue -InputObject $doc -Name 'output')
        }
    }
}
