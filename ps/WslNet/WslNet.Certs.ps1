#
# WslNet.Certs.ps1 - Windows root CAs for WSL (wslnet certs).
# Dot-sourced by WslNet.psm1; every cmdlet runs through Invoke-WslNetCommand.
#

Set-StrictMode -Version 2.0

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
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low', DefaultParameterSetName = 'List')]
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
    Use-WslNetCallerPreference -Cmdlet $PSCmdlet
    # wslnet.exe certs export has no --dry-run; without --out/--dir it writes
    # nothing and only lists. So -WhatIf (or a "no" to -Confirm) lists what
    # would be written and writes nothing.
    $bound = @{}
    foreach ($key in $PSBoundParameters.Keys) { $bound[$key] = $PSBoundParameters[$key] }
    $target = 'Windows root certificates'
    $context = @{ Directory = '' }
    if ($PSCmdlet.ParameterSetName -ne 'List') {
        $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($(if ($Path) { $Path } else { $Directory }))
        $what = $(if ($Path) { 'Write PEM bundle' } else { 'Write one .crt file per certificate' })
        if ($PSCmdlet.ShouldProcess($target, $what)) {
            if ($Directory) { $context['Directory'] = $target }
        }
        else {
            [void]$bound.Remove('Path')
            [void]$bound.Remove('Directory')
        }
    }
    Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'certs.export' -Bound $bound -Target $target -Context $context
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
    run it as the user who owns the distribution. From an elevated session
    (where a distribution's programs would run in the elevated WSL session)
    wslnet refuses it (WslNet.usage, exit 2, nothing run) unless
    -AllowDistroCode says the distribution is trusted; -WhatIf needs no
    -AllowDistroCode, as it runs nothing.

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
    From an elevated session: run the distribution's update-ca-certificates
    although its owner, who need not be an administrator, controls it. Give
    it only for a distribution you trust. Not needed without elevation.

    .EXAMPLE
    Install-WslNetCertificate -Distribution Ubuntu-22.04

    Makes Ubuntu trust every root certificate Windows trusts, corporate ones included.

    .EXAMPLE
    Install-WslNetCertificate -Distribution Ubuntu -Store Enterprise, Policy -WhatIf

    Shows which corporate roots would be installed and the wsl.exe command, without running it.

    .EXAMPLE
    'Ubuntu', 'Debian' | Install-WslNetCertificate -AllowDistroCode

    From an elevated prompt (an admin's deployment script): installs into two trusted distributions.

    .OUTPUTS
    WslNet.CertificateInstall. Properties: Distribution, DryRun, Ran,
    ExitCode, Directory, Files, Certificates (WslNet.Certificate objects),
    WslPath, Arguments and Output (what update-ca-certificates printed).

    .LINK
    Export-WslNetCertificate
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('WslNet.CertificateInstall')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
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
    begin { Use-WslNetCallerPreference -Cmdlet $PSCmdlet }
    process {
        Invoke-WslNetCommand -Cmdlet $PSCmdlet -Name 'certs.install' -Bound $PSBoundParameters -Target $Distribution
    }
}
