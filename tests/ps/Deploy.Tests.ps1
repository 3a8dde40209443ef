# Pester tests of the deployment scripts: installer/intune/detect.ps1, remediate.ps1 and
# installer/gpo/startup.ps1, each run as Intune and Group Policy run them (a separate
# PowerShell process with -File; its exit code and output are what they read).
# The WslNet module they import is a double placed where PowerShell looks for modules
# (PSModulePath): one with the policy cmdlets (Test-/Invoke-WslNetPolicy), answering as
# WSLNET_FAKE_MODE says; one without them, whose wslnet.exe beside the psm1 is a script
# answering WSLNET_FAKE_OUT / WSLNET_FAKE_ERR / WSLNET_FAKE_RC and recording its arguments.
# The real cmdlets and `wslnet policy` are the policy engine's (tested with it).

BeforeAll {
    Set-StrictMode -Version 2.0
    $script:Repo = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
    # pwsh as tests/ps/run.sh gives it (WSLNET_TEST_PWSH), else the one running the tests.
    $script:Pwsh = $env:WSLNET_TEST_PWSH
    if (-not $script:Pwsh) { $script:Pwsh = Join-Path -Path $PSHOME -ChildPath 'pwsh' }
    $script:Detect = Join-Path -Path $script:Repo -ChildPath 'installer/intune/detect.ps1'
    $script:Remediate = Join-Path -Path $script:Repo -ChildPath 'installer/intune/remediate.ps1'
    $script:Startup = Join-Path -Path $script:Repo -ChildPath 'installer/gpo/startup.ps1'
    $script:Log = Join-Path -Path $TestDrive -ChildPath 'calls.log'

    # Module double with the policy cmdlets.
    $script:WithCmdlets = Join-Path -Path $TestDrive -ChildPath 'cmdlets'
    $null = New-Item -ItemType Directory -Path (Join-Path -Path $script:WithCmdlets -ChildPath 'WslNet')
    Set-Content -LiteralPath (Join-Path -Path $script:WithCmdlets -ChildPath 'WslNet/WslNet.psm1') -Value @'
function Test-WslNetPolicy {
    [CmdletBinding()]
    param([switch]$Detailed)
    Add-Content -LiteralPath $env:WSLNET_FAKE_LOG -Value "Test-WslNetPolicy Detailed=$Detailed"
    switch ($env:WSLNET_FAKE_MODE) {
        'drift' {
            [pscustomobject]@{ Area = 'portProxies'; Item = '0.0.0.0:8080 -> wsl:8080'; Change = 'missing' }
            [pscustomobject]@{ Area = 'hyperVFirewall'; Item = 'rule web'; Change = 'action block, policy says allow' }
        }
        'fail' { Write-Error -Message 'the policy file \\srv\share\wsl.json could not be read: access denied' }
    }
}
function Invoke-WslNetPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param()
    if (-not $PSCmdlet.ShouldProcess('policy', 'apply')) { return }
    Add-Content -LiteralPath $env:WSLNET_FAKE_LOG -Value 'Invoke-WslNetPolicy'
    switch ($env:WSLNET_FAKE_MODE) {
        'fail' { Write-Error -Message 'applying hyperVFirewall rule web failed: WBEM_E_ACCESS_DENIED' }
        default { [pscustomobject]@{ Changes = 2; Failed = 0 } }
    }
}
'@

    # Module double without them: its wslnet.exe is a script.
    $script:WithExe = Join-Path -Path $TestDrive -ChildPath 'exe'
    $null = New-Item -ItemType Directory -Path (Join-Path -Path $script:WithExe -ChildPath 'WslNet')
    Set-Content -LiteralPath (Join-Path -Path $script:WithExe -ChildPath 'WslNet/WslNet.psm1') -Value 'function Get-WslNetVersion { }'
    $exe = Join-Path -Path $script:WithExe -ChildPath 'WslNet/wslnet.exe'
    Set-Content -LiteralPath $exe -Value @'
#!/bin/sh
echo "wslnet.exe $*" >>"$WSLNET_FAKE_LOG"
[ -n "$WSLNET_FAKE_OUT" ] && printf '%s\n' "$WSLNET_FAKE_OUT"
[ -n "$WSLNET_FAKE_ERR" ] && printf '%s\n' "$WSLNET_FAKE_ERR" >&2
exit "${WSLNET_FAKE_RC:-0}"
'@
    & chmod 755 $exe

    $script:NoModule = Join-Path -Path $TestDrive -ChildPath 'none'
    $null = New-Item -ItemType Directory -Path $script:NoModule

    # Runs SCRIPT in a new pwsh with only MODULES on PSModulePath and the fake's settings;
    # returns its exit code, stdout lines, stderr text and the calls the doubles recorded.
    function Invoke-DeployScript {
        param([string]$Script, [string]$Modules, [string]$Mode = '', [string]$Out = '',
              [string]$Err = '', [int]$Rc = 0)
        $saved = @{}
        $set = @{ PSModulePath = $Modules; WSLNET_FAKE_MODE = $Mode; WSLNET_FAKE_OUT = $Out
                  WSLNET_FAKE_ERR = $Err; WSLNET_FAKE_RC = "$Rc"; WSLNET_FAKE_LOG = $script:Log }
        foreach ($k in $set.Keys) {
            $saved[$k] = [Environment]::GetEnvironmentVariable($k)
            [Environment]::SetEnvironmentVariable($k, $set[$k])
        }
        Set-Content -LiteralPath $script:Log -Value @()
        $errFile = Join-Path -Path $TestDrive -ChildPath 'stderr.txt'
        try {
            $stdout = @(& $script:Pwsh -NoLogo -NoProfile -NonInteractive -File $Script 2>$errFile)
            $code = $LASTEXITCODE
        } finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        return [pscustomobject]@{
            ExitCode = $code
            Lines = @($stdout | Where-Object { "$_" -ne '' })
            Stderr = [string](Get-Content -Raw -LiteralPath $errFile)
            Calls = @(Get-Content -LiteralPath $script:Log)
        }
    }
}

Describe 'installer/intune/detect.ps1' {
    It 'compliant through Test-WslNetPolicy: exit 0, one line' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithCmdlets -Mode 'compliant'
        $r.ExitCode | Should -Be 0
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -BeLike 'compliant*'
        $r.Calls | Should -Be @('Test-WslNetPolicy Detailed=True')
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'drift through Test-WslNetPolicy: exit 1, the items on one line' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithCmdlets -Mode 'drift'
        $r.ExitCode | Should -Be 1
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -Be 'drift: 2 items: portProxies 0.0.0.0:8080 -> wsl:8080: missing; hyperVFirewall rule web: action block, policy says allow'
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'a failed check: exit 1 (remediation then reports it), the reason, nothing on stderr' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithCmdlets -Mode 'fail'
        $r.ExitCode | Should -Be 1
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -BeLike 'not compliant: the policy check failed:*access denied*'
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'without the cmdlet: wslnet.exe policy check beside the module, exit 0' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithExe -Out 'policy C:\p.json: compliant' -Rc 0
        $r.ExitCode | Should -Be 0
        $r.Calls | Should -Be @('wslnet.exe policy check')
        $r.Lines | Should -Be @('compliant:; policy C:\p.json: compliant')
    }
    It 'without the cmdlet: drift (exit 1) with the exe''s lines joined on one line' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithExe -Out "drift:`nportProxies 8080 missing`nhyperVFirewall web missing" -Rc 1
        $r.ExitCode | Should -Be 1
        $r.Lines | Should -Be @('not compliant (wslnet.exe policy check exit 1):; drift:; portProxies 8080 missing; hyperVFirewall web missing')
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'without the cmdlet: an error of the exe (exit 5, stderr) becomes exit 1 and one line' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithExe -Err 'wslnet: no policy file: HKLM\SOFTWARE\Policies\wslnet PolicyFile is not set' -Rc 5
        $r.ExitCode | Should -Be 1
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -BeLike '*exit 5*PolicyFile is not set*'
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'a long drift list is cut to one line of 2000 characters' {
        $items = [System.Collections.Generic.List[string]]::new()
        for ($i = 1; $i -le 400; $i++) { $items.Add("portProxies 0.0.0.0:$(8000 + $i) missing") }
        $long = $items -join "`n"
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:WithExe -Out $long -Rc 1
        $r.ExitCode | Should -Be 1
        $r.Lines.Count | Should -Be 1
        $r.Lines[0].Length | Should -Be 2000
        $r.Lines[0] | Should -BeLike '*...'
    }
    It 'no WslNet module: exit 1, says so' {
        $r = Invoke-DeployScript -Script $script:Detect -Modules $script:NoModule
        $r.ExitCode | Should -Be 1
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -BeLike 'not compliant: the WslNet module could not be loaded*'
        $r.Stderr | Should -BeNullOrEmpty
    }
}

Describe 'installer/intune/remediate.ps1' {
    It 'applies through Invoke-WslNetPolicy without a prompt: exit 0' {
        $r = Invoke-DeployScript -Script $script:Remediate -Modules $script:WithCmdlets -Mode 'ok'
        $r.ExitCode | Should -Be 0
        $r.Calls | Should -Be @('Invoke-WslNetPolicy')
        $r.Lines.Count | Should -Be 1
        $r.Lines[0] | Should -BeLike 'applied:*Changes*2*'
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'a failed apply: exit 1, the reason on one line, nothing on stderr' {
        $r = Invoke-DeployScript -Script $script:Remediate -Modules $script:WithCmdlets -Mode 'fail'
        $r.ExitCode | Should -Be 1
        $r.Lines | Should -Be @('failed: applying hyperVFirewall rule web failed: WBEM_E_ACCESS_DENIED')
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'without the cmdlet: wslnet.exe policy apply, exit 0' {
        $r = Invoke-DeployScript -Script $script:Remediate -Modules $script:WithExe -Out '3 changes' -Rc 0
        $r.ExitCode | Should -Be 0
        $r.Calls | Should -Be @('wslnet.exe policy apply')
        $r.Lines | Should -Be @('applied:; 3 changes')
    }
    It 'without the cmdlet: the exe failing (exit 7) is exit 1 with its message' {
        $r = Invoke-DeployScript -Script $script:Remediate -Modules $script:WithExe -Err 'wslnet: needs elevation' -Rc 7
        $r.ExitCode | Should -Be 1
        $r.Lines | Should -Be @('failed (wslnet.exe policy apply exit 7):; wslnet: needs elevation')
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'no WslNet module: exit 1, says so' {
        $r = Invoke-DeployScript -Script $script:Remediate -Modules $script:NoModule
        $r.ExitCode | Should -Be 1
        $r.Lines[0] | Should -BeLike 'failed: the WslNet module could not be loaded*'
    }
}

Describe 'installer/gpo/startup.ps1' {
    It 'applies through Invoke-WslNetPolicy: exit 0, prints nothing' {
        $r = Invoke-DeployScript -Script $script:Startup -Modules $script:WithCmdlets -Mode 'ok'
        $r.ExitCode | Should -Be 0
        $r.Calls | Should -Be @('Invoke-WslNetPolicy')
        $r.Lines.Count | Should -Be 0
        $r.Stderr | Should -BeNullOrEmpty
    }
    It 'a failed apply: exit 1' {
        $r = Invoke-DeployScript -Script $script:Startup -Modules $script:WithCmdlets -Mode 'fail'
        $r.ExitCode | Should -Be 1
        $r.Lines[0] | Should -BeLike '*WBEM_E_ACCESS_DENIED*'
    }
    It 'without the cmdlet: wslnet.exe policy apply; its failure (exit 8) is exit 1' {
        $r = Invoke-DeployScript -Script $script:Startup -Modules $script:WithExe -Rc 0
        $r.ExitCode | Should -Be 0
        $r.Calls | Should -Be @('wslnet.exe policy apply')
        $r = Invoke-DeployScript -Script $script:Startup -Modules $script:WithExe -Err 'wslnet: another wslnet holds the lock' -Rc 8
        $r.ExitCode | Should -Be 1
        $r.Lines[0] | Should -BeLike '*exit 8*holds the lock*'
    }
}
