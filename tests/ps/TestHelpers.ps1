# TestHelpers.ps1 - shared by tests/ps/*.Tests.ps1 (dot-sourced in BeforeAll).
# The environment comes from tests/ps/run.sh (prefix.sh): WINEPREFIX with the
# doubles installed, WSLNET_TEST_FAKE (C:\wslnet-fake), WSLNET_TEST_MODULE (the
# module copy whose wslnet.exe is a shim running the real exe under Wine).

Set-StrictMode -Version 2.0

$script:Fake = $env:WSLNET_TEST_FAKE
$script:Shim = $env:WSLNET_TEST_EXE_SHIM
$script:Scratch = $env:WSLNET_TEST_TMP
$script:Lxss = 'HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss'
$script:StoreKey = 'HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
$script:OwnedKey = 'HKLM\SOFTWARE\wslnet\PortProxy'
$script:HklmLxss = 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss'
# Users known only by their hive (HKU\<SID>), as tests/exe/suite-mode.sh seeds them.
$script:Sid = 'S-1-5-21-1111111111-2222222222-3333333333-1001'
$script:Sid2 = 'S-1-5-21-1111111111-2222222222-3333333333-1002'

foreach ($name in @('WINEPREFIX', 'WSLNET_TEST_FAKE', 'WSLNET_TEST_MODULE', 'WSLNET_TEST_EXE_SHIM', 'WSLNET_TEST_TMP')) {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run the tests through tests/ps/run.sh" }
}

function Invoke-TestWine {
    # Runs a Windows program in the tests' prefix; returns its output lines.
    # Through files, for the reason the exe shim gives (tests/ps/run.sh).
    $output = & sh -c 'f=$(mktemp); wine "$@" >"$f" 2>/dev/null </dev/null; rc=$?; cat "$f"; rm -f "$f"; exit $rc' sh @args
    return $output
}

function Set-TestVmAddress {
    param([string]$Address)
    $null = Invoke-TestWine reg add $script:Lxss /v NatIpAddress /t REG_SZ /d $Address /f
}

function Clear-TestVmAddress {
    $null = Invoke-TestWine reg delete $script:Lxss /v NatIpAddress /f
}

function Get-TestProxyState {
    # The IP Helper store, wslnet's records and the firewall double's rules, as text.
    $store = @(Invoke-TestWine reg query $script:StoreKey /s) | ForEach-Object { $_.TrimEnd("`r") } | Sort-Object
    $owned = @(Invoke-TestWine reg query $script:OwnedKey /s) | ForEach-Object { $_.TrimEnd("`r") } | Sort-Object
    $fw = ''
    if (Test-Path -LiteralPath "$script:Fake/netfw.json") { $fw = Get-Content -Raw -LiteralPath "$script:Fake/netfw.json" }
    return (@($store) + @('--') + @($owned) + @('--', $fw)) -join "`n"
}

function Get-TestNetFwRuleName {
    if (-not (Test-Path -LiteralPath "$script:Fake/netfw.json")) { return @() }
    $doc = Get-Content -Raw -LiteralPath "$script:Fake/netfw.json" | ConvertFrom-Json
    return @($doc.rules | ForEach-Object { $_.Name })
}

function Get-TestFileHash {
    param([string]$Path)
    if (-not (Test-Path -LiteralPath $Path)) { return 'absent' }
    return (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
}

function Set-TestWmiState {
    param([string]$Json)
    Set-Content -LiteralPath "$script:Fake/wmi.json" -Value $Json -NoNewline -Encoding utf8NoBOM
}

function Get-TestWmiRule {
    # The rules in the WMI double's persistent store, by InstanceID.
    if (-not (Test-Path -LiteralPath "$script:Fake/wmi.json")) { return @() }
    $doc = Get-Content -Raw -LiteralPath "$script:Fake/wmi.json" | ConvertFrom-Json
    $store = $doc.stores.PersistentStore
    if ($null -eq $store -or $null -eq $store.PSObject.Properties['MSFT_NetFirewallHyperVRule']) { return @() }
    return @($store.MSFT_NetFirewallHyperVRule | ForEach-Object {
            $v = $_.InstanceID; if ($v -is [string]) { $v } else { $v.value } })
}

function Set-TestWslDouble {
    # The wsl.exe double's answer (tests/fakes/wsl/wsl.c); $null removes it
    # (the double then exits 1, as a WSL without a distribution). Not [string]:
    # PowerShell would turn $null into '' and the double would answer success.
    param([AllowNull()][object]$StdOut, [int]$ExitCode = 0, [string]$Encoding = 'utf8')
    $path = "$script:Fake/wsl.json"
    if ($null -eq $StdOut) { Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue; return }
    @{ stdout = [string]$StdOut; exitCode = $ExitCode; encoding = $Encoding } | ConvertTo-Json | Set-Content -LiteralPath $path -Encoding utf8NoBOM
}

function Get-TestWslCallCount {
    $log = "$script:Fake/wsl-args.log"
    if (-not (Test-Path -LiteralPath $log)) { return 0 }
    return @(Get-Content -LiteralPath $log).Count
}

function Invoke-TestIphlpsvc {
    # start / stop the IP Helper double with tests/fakes/iphlpsvc/install.sh's helpers.
    param([ValidateSet('start', 'stop')][string]$Action)
    $script = ". '$env:WSLNET_TEST_REPO/tests/fakes/iphlpsvc/install.sh'; fake_iphlpsvc_$Action wine"
    $null = & bash -c "$script >/dev/null 2>&1 </dev/null"
    if ($LASTEXITCODE -ne 0) { throw "fake_iphlpsvc_$Action failed" }
}

function Invoke-TestExe {
    # The real exe through the shim, each argument passed as it is (a .NET
    # ArgumentList: no quoting by the module, no globbing by PowerShell): the
    # ground truth the cmdlets are compared with.
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $script:Shim
    foreach ($a in $args) { $psi.ArgumentList.Add([string]$a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.StandardOutputEncoding = [Text.UTF8Encoding]::new($false)
    $p = [System.Diagnostics.Process]::Start($psi)
    $err = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $null = $err.Result
    $lines = $out -split "\r?\n"
    if ($lines.Count -gt 0 -and $lines[-1] -eq '') { $lines = $lines[0..($lines.Count - 2)] }
    return [pscustomobject]@{ ExitCode = $p.ExitCode; Output = @($lines) }
}

function Get-TestConfigValue {
    # What WSL would read: "wslnet config get KEY --file PATH" prints the parsed value alone.
    param([string]$Key, [string]$Path)
    $run = Invoke-TestExe config get --file $Path -- $Key
    if ($run.ExitCode -ne 0) { throw "config get $Key exited $($run.ExitCode)" }
    return ($run.Output -join "`n")
}

function New-TestDirectory {
    param([string]$Name)
    $path = Join-Path -Path $script:Scratch -ChildPath ($Name + '-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $path
    return $path
}

function Get-TestRegValue {
    # "TYPE DATA" of a registry value as `reg query` shows it; '' when absent.
    param([string]$Key, [string]$Name)
    foreach ($line in @(Invoke-TestWine reg query $Key /v $Name)) {
        $fields = ([string]$line).Trim() -split '\s{2,}|\t'
        if ($fields.Count -ge 3 -and $fields[0] -eq $Name) { return ($fields[1] + ' ' + $fields[2]) }
    }
    return ''
}

function Get-TestLxssDump {
    # Every value of HKLM\...\Lxss as `reg query` lists it, with reg's exit
    # code and stderr, for before/after comparisons: a failing reg shows as
    # such in the difference instead of as an empty key.
    $lines = & sh -c 'f=$(mktemp); wine reg query "$1" >"$f" 2>"$f.err" </dev/null; rc=$?; cat "$f"; echo "rc=$rc"; tr -d "\r" <"$f.err"; rm -f "$f" "$f.err"' sh $script:HklmLxss
    return ((@($lines) | ForEach-Object { ([string]$_).TrimEnd("`r") }) -join "`n")
}
