#Requires -Version 5.1
<#
.SYNOPSIS
Tests of the WslNet module against the real wslnet.exe (under Wine on Linux).

.DESCRIPTION
Run by tests/ps/run.sh, which prepares the directories:
  ModuleDir      a copy of ps/WslNet with an executable "wslnet.exe" beside the
                 psm1 (on Linux a shim that runs the real exe under Wine), so the
                 module's "next to itself" lookup is what runs
  BareModuleDir  a copy of ps/WslNet without wslnet.exe, for the PATH lookup
  PathDir        a directory holding only the "wslnet.exe" shim
  WorkDir        an empty scratch directory
A tiny assertion runner (no Pester here): each Test prints "ok" or "FAIL"
and the script ends with "N passed, N failed"; exit code 1 on any failure.

.PARAMETER ModuleDir
Module copy with wslnet.exe beside it.

.PARAMETER BareModuleDir
Module copy without wslnet.exe.

.PARAMETER PathDir
Directory holding a wslnet.exe, put on PATH for the PATH lookup test.

.PARAMETER WorkDir
Scratch directory.

.EXAMPLE
pwsh -File tests/ps/WslNet.Tests.ps1 -ModuleDir m/WslNet -BareModuleDir b/WslNet -PathDir p -WorkDir w
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string]$ModuleDir,
    [Parameter(Mandatory = $true)] [string]$BareModuleDir,
    [Parameter(Mandatory = $true)] [string]$PathDir,
    [Parameter(Mandatory = $true)] [string]$WorkDir
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$script:Passed = 0
$script:Failed = 0

function Test {
    param([string]$Name, [scriptblock]$Body)
    try {
        $null = & $Body
        $script:Passed++
        Write-Host "ok   $Name"
    }
    catch {
        $script:Failed++
        Write-Host "FAIL $Name"
        Write-Host ('     ' + $_.Exception.Message)
        if ($_.InvocationInfo -and $_.InvocationInfo.ScriptLineNumber) {
            Write-Host ('     at line ' + $_.InvocationInfo.ScriptLineNumber + ': ' + $_.InvocationInfo.Line.Trim())
        }
    }
}

function Assert-True {
    param([object]$Condition, [string]$Message)
    if (-not $Condition) { throw "assertion failed: $Message" }
}

function Assert-Equal {
    param([object]$Expected, [object]$Actual, [string]$Message)
    if (-not ($Expected -eq $Actual)) {
        throw "assertion failed: $Message (expected '$Expected', got '$Actual')"
    }
}

function Assert-Like {
    param([string]$Actual, [string]$Pattern, [string]$Message)
    if (-not ($Actual -like $Pattern)) {
        throw "assertion failed: $Message ('$Actual' is not like '$Pattern')"
    }
}

# Runs the exe directly (not through the module) and parses its JSON: the
# reference the cmdlets are compared with.
function Invoke-Exe {
    param([string[]]$Arguments)
    $exe = Join-Path -Path $ModuleDir -ChildPath 'wslnet.exe'
    $text = (& $exe @Arguments) -join "`n"
    return [pscustomobject]@{
        ExitCode = $LASTEXITCODE
        Json     = (ConvertFrom-Json -InputObject $text)
    }
}

# Runs a cmdlet that should fail; returns the first ErrorRecord (terminating
# or not), every non-terminating one, and the objects it wrote.
function Get-Failure {
    param([string]$Command, [hashtable]$Parameters = @{})
    $errors = $null
    $output = @()
    $record = $null
    try {
        $output = @(& $Command @Parameters -ErrorAction SilentlyContinue -ErrorVariable errors)
    }
    catch {
        $record = $_
    }
    $all = @()
    if ($null -ne $errors) { $all = @($errors) }
    if (-not $record -and $all.Count -gt 0) { $record = $all[0] }
    return [pscustomobject]@{ Record = $record; Output = $output; Errors = $all }
}

# Loads one copy of the module, unloading any other first.
function Use-Module {
    param([string]$Path)
    Remove-Module -Name WslNet -Force -ErrorAction SilentlyContinue
    return (Import-Module -Name $Path -Force -PassThru)
}

function Write-TextFile {
    param([string]$Path, [string]$Text)
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
}

$psd1 = Join-Path -Path $ModuleDir -ChildPath 'WslNet.psd1'
$shim = Join-Path -Path $ModuleDir -ChildPath 'wslnet.exe'
$expectedFunctions = @('Get-WslNetAdapter', 'Get-WslNetAddress', 'Get-WslNetMode', 'Get-WslNetVersion')

$null = Use-Module -Path $psd1
Write-Host ("module tests: PowerShell {0} ({1}) on {2}" -f $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, [System.Environment]::OSVersion.VersionString)

# ------------------------------------------------------------------ manifest

Test 'manifest: Test-ModuleManifest passes, version 0.1.0, Desktop+Core, PowerShell 5.1' {
    $info = Test-ModuleManifest -Path $psd1 -ErrorAction Stop
    Assert-Equal '0.1.0' $info.Version.ToString() 'ModuleVersion'
    Assert-Equal 'WslNet.psm1' $info.RootModule 'RootModule'
    Assert-True ($info.Guid -ne [guid]::Empty) 'GUID is set'
    Assert-Equal '5.1' $info.PowerShellVersion.ToString() 'PowerShellVersion'
    $editions = @($info.CompatiblePSEditions)
    Assert-True (($editions -contains 'Desktop') -and ($editions -contains 'Core')) "CompatiblePSEditions: $($editions -join ',')"
}

Test 'manifest: FunctionsToExport has no wildcard and equals what the module exports' {
    $data = Import-PowerShellDataFile -Path $psd1
    $listed = @($data.FunctionsToExport)
    Assert-True ($listed.Count -gt 0) 'FunctionsToExport is listed'
    foreach ($f in $listed) { Assert-True ($f -notmatch '[*?]') "no wildcard in '$f'" }
    foreach ($key in 'CmdletsToExport', 'AliasesToExport', 'VariablesToExport') {
        Assert-True ($data.ContainsKey($key) -and @($data[$key]).Count -eq 0) "$key = @()"
    }
    $module = Get-Module -Name WslNet
    $exported = @($module.ExportedFunctions.Keys | Sort-Object)
    Assert-Equal (($listed | Sort-Object) -join ',') ($exported -join ',') 'manifest list vs exported functions'
    Assert-Equal ($expectedFunctions -join ',') ($exported -join ',') 'the four cmdlets'
    Assert-Equal 0 $module.ExportedCmdlets.Count 'no cmdlets'
    Assert-Equal 0 $module.ExportedAliases.Count 'no aliases'
    Assert-Equal 0 $module.ExportedVariables.Count 'no variables'
    $commands = @(Get-Command -Module WslNet | ForEach-Object { $_.Name } | Sort-Object)
    Assert-Equal ($expectedFunctions -join ',') ($commands -join ',') 'Get-Command -Module WslNet (no helper leaks)'
}

Test 'manifest: every cmdlet is an advanced function' {
    foreach ($name in $expectedFunctions) {
        $cmd = Get-Command -Name $name -Module WslNet
        Assert-True $cmd.CmdletBinding "$name has [CmdletBinding()]"
    }
}

# ------------------------------------------------------------------ help

Test 'help: Get-Help Get-WslNetAdapter -Full shows synopsis, parameter and examples' {
    $text = Get-Help -Name Get-WslNetAdapter -Full | Out-String -Width 300
    Assert-Like $text '*Lists the WSL virtual network adapters*' 'synopsis'
    Assert-Like $text '*-Adapter*' 'parameter'
    Assert-Like $text "*Get-WslNetAdapter -Adapter 'vEthernet (WSL*' | Select-Object Name, Luid, IPv4Address*" 'example 2 code'
    Assert-Like $text '*EXAMPLE 3*' 'three examples'
    Assert-Like $text '*WslNet.Adapter*' 'outputs'
}

Test 'help: every cmdlet has a synopsis, a description and at least one example' {
    foreach ($name in $expectedFunctions) {
        $help = Get-Help -Name $name -Full
        Assert-True ([string]$help.Synopsis -and [string]$help.Synopsis -notlike "$name*") "$name synopsis (not just the syntax)"
        Assert-True (@($help.description).Count -gt 0) "$name description"
        Assert-True (@($help.examples.example).Count -ge 1) "$name examples"
    }
}

# ------------------------------------------------------------------ version

Test 'Get-WslNetVersion: returns the version the exe prints, from the exe next to the module' {
    $direct = Invoke-Exe -Arguments @('version', '--json')
    Assert-Equal 0 $direct.ExitCode 'exe exit code'
    Assert-Equal 'version' $direct.Json.kind 'exe document kind'
    $v = Get-WslNetVersion
    Assert-Equal 'WslNet.Version' $v.PSObject.TypeNames[0] 'type name'
    Assert-Equal ([string]$direct.Json.version) $v.Version 'Version'
    Assert-Equal ([int]$direct.Json.apiVersion) $v.ApiVersion 'ApiVersion'
    Assert-Like $v.Version '*.*.*' 'version looks like x.y.z'
    Assert-Equal '0.1.0' $v.ModuleVersion 'ModuleVersion'
    Assert-Equal $shim $v.Path 'the exe next to the module ran'
}

# ------------------------------------------------------------------ adapters

Test 'Get-WslNetAdapter: a pattern matching nothing is a WslNet.notFound error with exit code 4' {
    $pattern = 'no such adapter *'
    $direct = Invoke-Exe -Arguments @('adapter', 'list', '--adapter', $pattern, '--json')
    Assert-Equal 4 $direct.ExitCode 'exe exit code'
    Assert-Equal 'notFound' $direct.Json.error.status 'exe status'
    $f = Get-Failure -Command Get-WslNetAdapter -Parameters @{ Adapter = $pattern }
    Assert-True $f.Record 'an error was written'
    Assert-Equal 0 $f.Output.Count 'no objects'
    Assert-Equal 1 $f.Errors.Count 'one non-terminating error'
    $r = $f.Record
    Assert-Like $r.FullyQualifiedErrorId 'WslNet.notFound*' 'FullyQualifiedErrorId'
    Assert-Equal 'WslNet.notFound,Get-WslNetAdapter' $r.FullyQualifiedErrorId 'FullyQualifiedErrorId in full'
    Assert-Equal ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $r.CategoryInfo.Category 'category'
    Assert-Equal 4 $r.Exception.Data['WslNet.ExitCode'] 'exit code attached'
    Assert-Equal 'notFound' $r.Exception.Data['WslNet.Status'] 'status attached'
    Assert-Equal ([string]$direct.Json.error.message) $r.Exception.Message 'message is error.message'
    Assert-Equal $pattern $r.TargetObject 'TargetObject is the pattern'
    Assert-True ($r.Exception -is [System.Management.Automation.ItemNotFoundException]) "exception type $($r.Exception.GetType().FullName)"
}

Test 'Get-WslNetAdapter: the default pattern finds no WSL adapter under Wine (notFound)' {
    $f = Get-Failure -Command Get-WslNetAdapter
    Assert-True $f.Record 'an error was written'
    Assert-Equal 'WslNet.notFound,Get-WslNetAdapter' $f.Record.FullyQualifiedErrorId 'FullyQualifiedErrorId'
    Assert-Equal 'vEthernet (WSL*' $f.Record.TargetObject 'TargetObject is the default pattern'
}

Test 'Get-WslNetAdapter: -ErrorAction Stop makes notFound terminating' {
    $caught = $null
    try { Get-WslNetAdapter -Adapter 'no such adapter *' -ErrorAction Stop } catch { $caught = $_ }
    Assert-True $caught 'caught'
    Assert-Like $caught.FullyQualifiedErrorId 'WslNet.notFound*' 'FullyQualifiedErrorId'
}

Test "Get-WslNetAdapter -Adapter 'lo*': typed WslNet.Adapter objects, same as the exe's JSON" {
    $direct = Invoke-Exe -Arguments @('adapter', 'list', '--adapter', 'lo*', '--json')
    Assert-Equal 0 $direct.ExitCode 'exe exit code'
    $adapters = @(Get-WslNetAdapter -Adapter 'lo*')
    $json = @($direct.Json.adapters)
    Assert-True ($adapters.Count -ge 1) 'at least one adapter'
    Assert-Equal $json.Count $adapters.Count 'as many as the exe lists'
    $lo = @($adapters | Where-Object { $_.Name -eq 'lo' })
    Assert-Equal 1 $lo.Count "an adapter named lo (got: $(($adapters | ForEach-Object { $_.Name }) -join ', '))"
    $a = $lo[0]
    $j = @($json | Where-Object { $_.name -eq 'lo' })[0]
    Assert-Equal 'WslNet.Adapter' $a.PSObject.TypeNames[0] 'type name'
    Assert-True ($a.Luid -is [uint64]) "Luid is UInt64 (is $($a.Luid.GetType().FullName))"
    Assert-Equal ([uint64]::Parse([string]$j.luid)) $a.Luid 'Luid parsed from the decimal string'
    Assert-True ($a.Luid -gt 0) 'Luid is not 0'
    Assert-Equal ([string]$j.guid) $a.Guid 'Guid'
    Assert-Equal ([string]$j.description) $a.Description 'Description'
    Assert-Equal ([string]$j.mac) $a.MacAddress 'MacAddress'
    Assert-Equal ([uint32]$j.ifIndex) $a.IfIndex 'IfIndex'
    Assert-Equal ([uint32]$j.mtu) $a.Mtu 'Mtu'
    Assert-Equal ([string]$j.status) $a.Status 'Status'
    foreach ($p in 'Name', 'Description', 'Guid', 'Luid', 'IfIndex', 'MacAddress', 'Mtu', 'Status', 'Addresses', 'IPv4Address') {
        Assert-True ($null -ne $a.PSObject.Properties[$p]) "property $p"
    }
    $jsonAddresses = @($j.addresses)
    Assert-Equal $jsonAddresses.Count @($a.Addresses).Count 'address count'
    foreach ($ip in @($a.Addresses)) {
        Assert-Equal 'WslNet.IPAddress' $ip.PSObject.TypeNames[0] 'address type name'
        Assert-True ($ip.Family -eq 'ipv4' -or $ip.Family -eq 'ipv6') "family $($ip.Family)"
        Assert-True ($ip.PrefixLength -is [int]) 'PrefixLength is an int'
    }
    $v4 = @($jsonAddresses | Where-Object { $_.family -eq 'ipv4' } | ForEach-Object { [string]$_.address })
    Assert-True ($a.IPv4Address -is [string[]]) 'IPv4Address is string[]'
    Assert-Equal ($v4 -join ',') (@($a.IPv4Address) -join ',') 'IPv4Address'
}

Test 'Get-WslNetAdapter: patterns from the pipeline, each looked up on its own' {
    $errors = $null
    $out = @('lo*', 'no such adapter *' | Get-WslNetAdapter -ErrorAction SilentlyContinue -ErrorVariable errors)
    Assert-True ($out.Count -ge 1) 'adapters for lo*'
    Assert-Equal 1 @($errors).Count 'one error for the other pattern'
    Assert-Equal 'no such adapter *' $errors[0].TargetObject 'TargetObject'
}

Test 'Get-WslNetAdapter: a pattern with spaces, parentheses and a quote reaches the exe intact' {
    foreach ($pattern in @('vEthernet (WSL (Hyper-V firewall))*', 'a "quoted" name\ *')) {
        $f = Get-Failure -Command Get-WslNetAdapter -Parameters @{ Adapter = $pattern }
        $direct = Invoke-Exe -Arguments @('adapter', 'list', '--adapter', $pattern, '--json')
        Assert-True $f.Record "error for $pattern"
        Assert-Equal ([string]$direct.Json.error.message) $f.Record.Exception.Message "same message as the exe given the pattern directly ($pattern)"
        Assert-Like $f.Record.Exception.Message "*$([System.Management.Automation.WildcardPattern]::Escape($pattern))*" 'the message names the pattern'
    }
}

Test 'format: the WslNet.Adapter table view renders its columns' {
    $text = Get-WslNetAdapter -Adapter 'lo*' | Format-Table | Out-String -Width 200
    foreach ($header in 'Name', 'Status', 'IPv4', 'MacAddress', 'Mtu') {
        Assert-Like $text "*$header*" "header $header"
    }
    Assert-True ($text -match '(?m)^lo\s') 'a row for lo'
    Assert-True ($text -notmatch 'Luid') 'the view, not all properties'
    Assert-True (@(Get-FormatData -TypeName 'WslNet.Adapter').Count -eq 1) 'format data registered'
}

# ------------------------------------------------------------------ address

Test 'Get-WslNetAddress -Source Registry with nothing seeded: the error the exe reports' {
    $direct = Invoke-Exe -Arguments @('address', '--source', 'registry', '--json')
    Assert-Equal 'error' $direct.Json.kind 'exe fails without a seeded registry'
    $status = [string]$direct.Json.error.status
    Assert-True ($status -eq 'unavailable' -or $status -eq 'notFound') "exe status $status"
    $f = Get-Failure -Command Get-WslNetAddress -Parameters @{ Source = 'Registry' }
    $r = $f.Record
    Assert-True $r 'an error was written'
    Assert-Equal 0 $f.Output.Count 'no objects'
    Assert-Equal "WslNet.$status,Get-WslNetAddress" $r.FullyQualifiedErrorId 'FullyQualifiedErrorId'
    Assert-Equal $direct.ExitCode $r.Exception.Data['WslNet.ExitCode'] 'exit code attached'
    Assert-Equal ([int]$direct.Json.error.exitCode) $r.Exception.Data['WslNet.ExitCode'] 'exit code = error.exitCode'
    $category = 'ResourceUnavailable'
    if ($status -eq 'notFound') { $category = 'ObjectNotFound' }
    Assert-Equal $category ([string]$r.CategoryInfo.Category) 'category'
    Assert-Equal 'Registry' $r.TargetObject 'TargetObject'
    $attempts = @($r.Exception.Data['WslNet.Attempts'])
    Assert-True (@($attempts | Where-Object { $_ -like 'registry: *' }).Count -ge 1) "attempts: $($attempts -join ' | ')"
}

Test 'Get-WslNetAddress: -Source is validated by the module' {
    $caught = $null
    try { Get-WslNetAddress -Source 'Dns' } catch { $caught = $_ }
    Assert-True $caught 'caught'
    Assert-Like $caught.FullyQualifiedErrorId 'ParameterArgumentValidationError*' 'ValidateSet'
}

Test 'format: the WslNet.VmAddress table view renders its columns' {
    $obj = [pscustomobject]@{
        PSTypeName = 'WslNet.VmAddress'; Address = '172.28.20.5'; PrefixLength = 20
        Gateway = '172.28.16.1'; Source = 'neighbor'; Detail = 'x'; Attempts = @()
    }
    $text = $obj | Format-Table | Out-String -Width 200
    foreach ($header in 'Address', 'PrefixLength', 'Source') { Assert-Like $text "*$header*" "header $header" }
    Assert-True ($text -notmatch 'Gateway') 'the view, not all properties'
    Assert-Like $text '*172.28.20.5*20*neighbor*' 'the row'
}

# ------------------------------------------------------------------ mode

Test 'Get-WslNetMode -ConfigPath: networkingMode=mirrored is ConfiguredMode mirrored' {
    $config = Join-Path -Path $WorkDir -ChildPath '.wslconfig'
    Write-TextFile -Path $config -Text "[wsl2]`nnetworkingMode=mirrored`n"
    $m = Get-WslNetMode -ConfigPath $config
    Assert-Equal 'WslNet.Mode' $m.PSObject.TypeNames[0] 'type name'
    Assert-Equal 'mirrored' $m.ConfiguredMode 'ConfiguredMode'
    Assert-Equal $false $m.ConfiguredIsDefault 'ConfiguredIsDefault'
    Assert-Equal 2 $m.ConfigLine 'ConfigLine'
    Assert-True $m.ConfigFileExists 'ConfigFileExists'
    Assert-Like $m.ConfigFile '*.wslconfig' 'ConfigFile'
    foreach ($p in 'ConfiguredMode', 'ConfiguredIsDefault', 'ConfigFile', 'ConfigLine', 'EffectiveMode', 'EffectiveReason',
        'WindowsBuild', 'WindowsUbr', 'WindowsDisplayVersion', 'WslVersion', 'MirroredSupported') {
        Assert-True ($null -ne $m.PSObject.Properties[$p]) "property $p"
    }
    Assert-True (@('nat', 'none', 'unknown') -contains $m.EffectiveMode) "EffectiveMode $($m.EffectiveMode)"
    Assert-True ($m.MirroredSupported -is [bool]) 'MirroredSupported is bool'
}

Test 'Get-WslNetMode -ConfigPath: a relative path is taken from the PowerShell location' {
    $sub = Join-Path -Path $WorkDir -ChildPath 'relative'
    $null = New-Item -ItemType Directory -Path $sub -Force
    Write-TextFile -Path (Join-Path -Path $sub -ChildPath 'my.wslconfig') -Text "# comment`n[wsl2]`nmemory=4GB`nnetworkingMode=mirrored`n"
    Push-Location -Path $sub
    try { $m = Get-WslNetMode -ConfigPath 'my.wslconfig' } finally { Pop-Location }
    Assert-Equal 'mirrored' $m.ConfiguredMode 'ConfiguredMode'
    Assert-Equal 4 $m.ConfigLine 'ConfigLine'
}

Test 'Get-WslNetMode -ConfigPath: a missing file is WSL defaults, not an error' {
    $m = Get-WslNetMode -ConfigPath (Join-Path -Path $WorkDir -ChildPath 'absent.wslconfig')
    Assert-Equal 'nat' $m.ConfiguredMode 'ConfiguredMode'
    Assert-Equal $true $m.ConfiguredIsDefault 'ConfiguredIsDefault'
    Assert-Equal $false $m.ConfigFileExists 'ConfigFileExists'
}

Test 'format: the WslNet.Mode list view renders' {
    $text = Get-WslNetMode -ConfigPath (Join-Path -Path $WorkDir -ChildPath '.wslconfig') | Out-String -Width 200
    foreach ($label in 'ConfiguredMode', 'EffectiveMode', 'Windows', 'MirroredSupported') { Assert-Like $text "*$label*:*" "label $label" }
    Assert-True ($text -match 'ConfiguredMode\s*:\s*mirrored') 'ConfiguredMode row'
}

# ------------------------------------------------------------------ bad output

Test 'errors: output that is not JSON, or none, is a terminating WslNet.badOutput error with the exit code' {
    $cases = @(
        @{ Name = 'garbage'; Script = "#!/bin/sh`necho 'this is not json'`nexit 3`n"; Exit = 3; Says = '*not JSON*' },
        @{ Name = 'empty'; Script = "#!/bin/sh`nexit 0`n"; Exit = 0; Says = '*printed nothing*' }
    )
    foreach ($case in $cases) {
        $dir = Join-Path -Path $WorkDir -ChildPath ('bad-' + $case.Name + '/WslNet')
        $null = New-Item -ItemType Directory -Path $dir -Force
        Copy-Item -Path (Join-Path -Path $BareModuleDir -ChildPath '*') -Destination $dir -Recurse -Force
        $exe = Join-Path -Path $dir -ChildPath 'wslnet.exe'
        Write-TextFile -Path $exe -Text $case.Script
        & chmod 755 $exe
        $m = Use-Module -Path (Join-Path -Path $dir -ChildPath 'WslNet.psd1')
        try {
            $caught = $null
            try { Get-WslNetVersion -ErrorAction SilentlyContinue } catch { $caught = $_ }
            Assert-True $caught "$($case.Name): terminating"
            Assert-Equal 'WslNet.badOutput,Get-WslNetVersion' $caught.FullyQualifiedErrorId "$($case.Name): FullyQualifiedErrorId"
            Assert-Like $caught.Exception.Message $case.Says "$($case.Name): message"
            Assert-Like $caught.Exception.Message "*exit code $($case.Exit)*" "$($case.Name): message has the exit code"
            Assert-Equal $case.Exit $caught.Exception.Data['WslNet.ExitCode'] "$($case.Name): exit code attached"
        }
        finally {
            Remove-Module -ModuleInfo $m
        }
    }
    $null = Use-Module -Path $psd1
}

# ------------------------------------------------------------------ PATH lookup

Test 'lookup: no wslnet.exe next to the module nor on PATH is a clear terminating error' {
    $savedPath = $env:PATH
    $m = Use-Module -Path (Join-Path -Path $BareModuleDir -ChildPath 'WslNet.psd1')
    try {
        $env:PATH = ($savedPath -split [regex]::Escape([string][System.IO.Path]::PathSeparator) |
            Where-Object { $_ -and -not (Test-Path -LiteralPath (Join-Path -Path $_ -ChildPath 'wslnet.exe')) }) -join [System.IO.Path]::PathSeparator
        $caught = $null
        try { Get-WslNetAdapter -ErrorAction SilentlyContinue } catch { $caught = $_ }
        Assert-True $caught 'terminating even with -ErrorAction SilentlyContinue'
        Assert-Equal 'WslNet.exeNotFound,Get-WslNetAdapter' $caught.FullyQualifiedErrorId 'FullyQualifiedErrorId'
        Assert-Equal ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $caught.CategoryInfo.Category 'category'
        Assert-Like $caught.Exception.Message '*wslnet.exe was not found*PATH*' 'message'
    }
    finally {
        $env:PATH = $savedPath
        Remove-Module -ModuleInfo $m
    }
}

Test 'lookup: without wslnet.exe next to the module, the one on PATH runs' {
    $savedPath = $env:PATH
    $m = Use-Module -Path (Join-Path -Path $BareModuleDir -ChildPath 'WslNet.psd1')
    try {
        $env:PATH = $PathDir + [System.IO.Path]::PathSeparator + $savedPath
        $v = Get-WslNetVersion
        Assert-Equal (Join-Path -Path $PathDir -ChildPath 'wslnet.exe') $v.Path 'the exe on PATH ran'
        $direct = Invoke-Exe -Arguments @('version', '--json')
        Assert-Equal ([string]$direct.Json.version) $v.Version 'Version'
    }
    finally {
        $env:PATH = $savedPath
        Remove-Module -ModuleInfo $m
    }
}

Write-Host ''
Write-Host ('{0} passed, {1} failed' -f $script:Passed, $script:Failed)
if ($script:Failed -gt 0) { exit 1 }
exit 0
