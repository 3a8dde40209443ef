# Module.Tests.ps1 - the module's conventions (Microsoft's NetSecurity /
# NetAdapter ones) over Get-Command metadata and the source's AST, and the
# module's own machinery: which exe runs, quoting, error records, -WhatIf's plan.

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $env:WSLNET_TEST_SOURCE_MODULE 'WslNet.psd1')
    $script:Cmdlets = @($manifest.FunctionsToExport | ForEach-Object { @{ Name = $_ } })
    $script:Changing = @($manifest.FunctionsToExport | Where-Object { $_ -match '^(Add|Remove|Set|New|Sync|Install|Export|Publish|Unpublish|Invoke)-' } |
            ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name $env:WSLNET_TEST_MODULE -Force
    $script:Pwsh = $env:WSLNET_TEST_PWSH
    $script:ModuleFiles = @(Get-ChildItem -LiteralPath $env:WSLNET_TEST_SOURCE_MODULE -Include '*.ps1', '*.psm1' -Recurse)
    $script:Asts = @{}
    foreach ($file in $script:ModuleFiles) {
        $tokens = $null; $errors = $null
        $script:Asts[$file.Name] = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$tokens, [ref]$errors)
    }
    function Get-TestFunctionAst {
        param([string]$Name)
        foreach ($ast in $script:Asts.Values) {
            $found = $ast.Find({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $a.Name -eq $Name }, $true)
            if ($found) { return $found }
        }
        return $null
    }
    # A copy of the module whose wslnet.exe runs the real one with a limited
    # (non-elevated) token, through tests/fakes/runlimited.
    function New-TestModuleCopy {
        param([string]$Name, [string]$ShimBody)
        $dir = Join-Path (New-TestDirectory $Name) 'WslNet'
        Copy-Item -LiteralPath $env:WSLNET_TEST_SOURCE_MODULE -Destination $dir -Recurse
        if ($ShimBody) {
            $shim = Join-Path $dir 'wslnet.exe'
            Set-Content -LiteralPath $shim -Value "#!/bin/sh`n$ShimBody`n" -NoNewline -Encoding utf8NoBOM
            & chmod 755 $shim
        }
        return $dir
    }
}

Describe 'Import-Module' {
    It 'prints no warning and exports exactly the manifest''s 29 commands' {
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE' -WarningVariable w 3>&1; `$w.Count; (Get-Command -Module WslNet).Count" 2>&1
        $out | Should -Be @('0', '29')
    }
    It 'exports the functions of the manifest and the psm1 alike' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $env:WSLNET_TEST_SOURCE_MODULE 'WslNet.psd1')
        (Get-Command -Module WslNet).Name | Sort-Object | Should -Be ($manifest.FunctionsToExport | Sort-Object)
    }
    It 'keeps the helpers private' {
        Get-Command -Module WslNet -Name 'Invoke-WslNetCommand' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Conventions of <Name>' -ForEach $script:Cmdlets {
    BeforeAll { $command = Get-Command -Name $Name -Module WslNet }
    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }
    It 'is an advanced function with an OutputType' {
        $command.CmdletBinding | Should -BeTrue
        $command.OutputType.Count | Should -BeGreaterThan 0
    }
    It 'has comment-based help: synopsis, description, every parameter, at least two examples' {
        $help = Get-Help -Name $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name*"
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($p in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $entry = @($help.parameters.parameter) | Where-Object Name -eq $p
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "parameter $p needs help"
        }
    }
    It 'goes through Invoke-WslNetCommand and builds no command line itself' {
        $ast = Get-TestFunctionAst -Name $Name
        $calls = @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) |
                ForEach-Object { $_.GetCommandName() })
        $calls | Should -Contain 'Invoke-WslNetCommand'
        $calls | Should -Not -Contain 'Invoke-WslNetJson'
        $calls | Should -Not -Contain 'Invoke-WslNetProcess'
        $calls | Should -Not -Contain 'ConvertTo-WslNetArgument'
        $ast.Extent.Text | Should -Not -Match "'--[a-z]"
    }
    It 'applies the caller''s preferences (Use-WslNetCallerPreference)' {
        $ast = Get-TestFunctionAst -Name $Name
        @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) |
                ForEach-Object { $_.GetCommandName() }) | Should -Contain 'Use-WslNetCallerPreference'
    }
}

Describe 'ShouldProcess on the state-changing <Name>' -ForEach $script:Changing {
    It 'supports -WhatIf and -Confirm with a ConfirmImpact' {
        $command = Get-Command -Name $Name -Module WslNet
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $ast = Get-TestFunctionAst -Name $Name
        $binding = $ast.Body.ParamBlock.Attributes | Where-Object { $_.TypeName.Name -eq 'CmdletBinding' }
        ($binding.NamedArguments | Where-Object ArgumentName -eq 'ConfirmImpact') | Should -Not -BeNullOrEmpty
    }
}

Describe 'Pipeline input by property name' {
    It '<Command> -<Parameter> binds from the pipeline by property name' -ForEach @(
        @{ Command = 'Remove-WslNetPortProxy'; Parameter = 'ListenPort' }
        @{ Command = 'Remove-WslNetPortProxy'; Parameter = 'ListenAddress' }
        @{ Command = 'Remove-WslNetPortProxy'; Parameter = 'Kind' }
        @{ Command = 'Remove-WslNetFirewallRule'; Parameter = 'Name' }
        @{ Command = 'New-WslNetFirewallRule'; Parameter = 'Protocol' }
        @{ Command = 'Get-WslNetAdapter'; Parameter = 'Adapter' }
        @{ Command = 'Get-WslNetConfig'; Parameter = 'Key' }
        @{ Command = 'Set-WslNetConfig'; Parameter = 'Value' }
        @{ Command = 'Install-WslNetCertificate'; Parameter = 'Distribution' }
        @{ Command = 'Add-WslNetPortProxy'; Parameter = 'User' }
        @{ Command = 'Set-WslNetSubnet'; Parameter = 'Subnet' }
        @{ Command = 'Set-WslNetSubnet'; Parameter = 'Gateway' }
        @{ Command = 'Unpublish-WslNetPort'; Parameter = 'Port' }
        @{ Command = 'Unpublish-WslNetPort'; Parameter = 'Protocol' }
        @{ Command = 'Publish-WslNetPort'; Parameter = 'Port' }
    ) {
        $p = (Get-Command $Command).Parameters[$Parameter]
        @($p.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count | Should -BeGreaterThan 0
    }
    It '-PassThru where Microsoft''s modules have it: <_>' -ForEach @('Set-WslNetFirewallSetting', 'Remove-WslNetFirewallRule', 'Remove-WslNetPortProxy', 'Set-WslNetConfig', 'Set-WslNetSubnet', 'Publish-WslNetPort', 'Unpublish-WslNetPort') {
        (Get-Command $_).Parameters.Keys | Should -Contain 'PassThru'
    }
}

Describe 'Argument completers' {
    It 'completes .wslconfig keys from the exe''s catalogue' {
        $r = TabExpansion2 -inputScript 'Set-WslNetConfig -Key wsl2.networkingM' -cursorColumn 36
        $r.CompletionMatches.CompletionText | Should -Contain 'wsl2.networkingMode'
    }
}

Describe 'Format views' {
    It 'every type the module outputs has a view in its format files' {
        $views = @()
        foreach ($f in Get-ChildItem -LiteralPath $env:WSLNET_TEST_SOURCE_MODULE -Filter '*.format.ps1xml') {
            $views += ([xml](Get-Content -Raw -LiteralPath $f.FullName)).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        }
        foreach ($name in Get-Command -Module WslNet | ForEach-Object { $_.OutputType.Name } | Where-Object { $_ -like 'WslNet.*' }) {
            $views | Should -Contain $name
        }
    }
    It 'table views fit in 120 columns (fixed widths plus separators)' {
        foreach ($f in Get-ChildItem -LiteralPath $env:WSLNET_TEST_SOURCE_MODULE -Filter '*.format.ps1xml') {
            foreach ($view in ([xml](Get-Content -Raw -LiteralPath $f.FullName)).SelectNodes('//TableControl')) {
                $widths = @($view.TableHeaders.TableColumnHeader | ForEach-Object { $w = $_.SelectSingleNode('Width'); if ($w) { [int]$w.InnerText } else { 12 } })
                (($widths | Measure-Object -Sum).Sum + $widths.Count - 1) | Should -BeLessOrEqual 120 -Because $f.Name
            }
        }
    }
}

Describe 'Which wslnet.exe runs' {
    It 'without one beside the module nor in HKLM, the one on PATH, and -Verbose says so' {
        $bare = New-TestModuleCopy -Name 'bare'
        $pathDir = New-TestDirectory 'pathbin'
        Copy-Item -LiteralPath $env:WSLNET_TEST_EXE_SHIM -Destination (Join-Path $pathDir 'wslnet.exe')
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "`$env:PATH = '$pathDir' + [IO.Path]::PathSeparator + `$env:PATH; Import-Module '$bare'; `$v = Get-WslNetVersion -Verbose 4>&1; (`$v | Where-Object { `$_ -is [Management.Automation.VerboseRecord] }).Message; (`$v | Where-Object { `$_ -isnot [Management.Automation.VerboseRecord] }).How"
        ($out -join "`n") | Should -Match 'found PATH'
        $out[-1] | Should -BeLike 'PATH*'
    }
    It 'with none anywhere: a terminating WslNet.exeNotFound error' {
        $bare = New-TestModuleCopy -Name 'none'
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "`$env:PATH = '/usr/bin:/bin'; Import-Module '$bare'; try { Get-WslNetVersion; 'no error' } catch { `$_.FullyQualifiedErrorId }"
        $out | Should -Be 'WslNet.exeNotFound,Get-WslNetVersion'
    }
    It 'output that is not JSON: a terminating WslNet.badOutput error with the exit code' {
        $copy = New-TestModuleCopy -Name 'garbage' -ShimBody "echo 'this is not json'; exit 3"
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$copy'; try { Get-WslNetMode; 'no error' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Data['WslNet.ExitCode'] }"
        $out | Should -Be @('WslNet.badOutput,Get-WslNetMode', '3')
    }
}

Describe 'Arguments reach the exe intact, quoted once' {
    BeforeAll {
        # A module copy whose shim records its argv (one per line) before running the exe.
        $script:Log = Join-Path (New-TestDirectory 'argv') 'argv.log'
        $real = $env:WSLNET_TEST_EXE_SHIM
        $script:Recording = New-TestModuleCopy -Name 'recording' -ShimBody ("for a in `"`$@`"; do printf '[%s]\n' `"`$a`"; done > '$script:Log'; exec '$real' `"`$@`"")
    }
    It 'passes <Value> as one argument, after "--"' -ForEach @(
        @{ Value = 'quiet splash' }, @{ Value = '-x y' }, @{ Value = '' }, @{ Value = 'say "hi"' }, @{ Value = 'C:\dir with space\' }, @{ Value = 'ünï' }
    ) {
        $cfg = Join-Path (New-TestDirectory 'argv cfg') '.wslconfig'
        $b64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Value))
        & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:Recording'; Set-WslNetConfig -Key wsl2.kernelCommandLine -Value ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('$b64'))) -Path '$cfg'" | Out-Null
        $argv = Get-Content -LiteralPath $script:Log -Encoding utf8
        $dashes = [array]::IndexOf($argv, '[--]')
        $dashes | Should -BeGreaterThan 0
        $argv[$dashes + 1] | Should -Be '[wsl2.kernelCommandLine]'
        $argv[$dashes + 2] | Should -BeExactly "[$Value]"
        $argv.Count | Should -Be ($dashes + 3)
        Get-TestConfigValue -Key wsl2.kernelCommandLine -Path $cfg | Should -BeExactly $Value
    }
}

Describe '-WhatIf shows the exe''s --dry-run plan' {
    It 'Set-WslNetConfig -WhatIf prints the exe''s plan and writes nothing' {
        $cfg = Join-Path (New-TestDirectory 'whatif cfg') '.wslconfig'
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; Set-WslNetConfig -Key wsl2.kernelCommandLine -Value 'quiet splash' -Path '$cfg' -WhatIf" 2>&1
        ($out -join "`n") | Should -Match 'What if: Set wsl2.kernelCommandLine on .*wslnet.exe --dry-run says:'
        ($out -join "`n") | Should -Match 'would add a section with line 2: kernelCommandLine=quiet splash'
        Test-Path -LiteralPath $cfg | Should -BeFalse
    }
    It 'a caller''s $WhatIfPreference = $true is honoured (nothing written)' {
        $cfg = Join-Path (New-TestDirectory 'whatifpref') '.wslconfig'
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; & { `$WhatIfPreference = `$true; Set-WslNetConfig -Key wsl2.memory -Value 8GB -Path '$cfg' }" 2>&1
        ($out -join "`n") | Should -Match 'What if:'
        Test-Path -LiteralPath $cfg | Should -BeFalse
    }
    It 'New-WslNetFirewallRule -WhatIf prints the rule the exe would add' {
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; New-WslNetFirewallRule -Name plan -Protocol TCP -LocalPort 8443 -WhatIf" 2>&1
        ($out -join "`n") | Should -Match 'Would add rule wslnet-plan'
        ($out -join "`n") | Should -Match 'LocalPorts: 8443'
    }
}

Describe 'Not elevated' {
    It 'a change from a limited token: WslNet.accessDenied (exit 7) with the recommended action' {
        $limited = Join-Path $env:WSLNET_TEST_FAKES 'runlimited.exe'
        $exe = 'Z:' + ((Join-Path $env:WSLNET_TEST_BIN 'wslnet.exe') -replace '/', '\')
        $copy = New-TestModuleCopy -Name 'limited' -ShimBody "d=`$(mktemp -d); WSLNET_WINEPREFIX='$env:WINEPREFIX' '$env:WSLNET_TEST_REPO/cmake/wine-run.sh' '$limited' '$exe' `"`$@`" >`$d/out 2>`$d/err </dev/null; rc=`$?; cat `$d/out; rm -rf `$d; exit `$rc"
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$copy'; Set-WslNetFirewallSetting -LoopbackEnabled True -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId; `$e[0].Exception.Data['WslNet.ExitCode']; `$e[0].ErrorDetails.RecommendedAction"
        $out[0] | Should -Be 'WslNet.accessDenied,Set-WslNetFirewallSetting'
        $out[1] | Should -Be '7'
        $out[2] | Should -Match 'elevated'
    }
    It 'Set-WslNetSubnet from a limited token: WslNet.accessDenied (exit 7), nothing written; -WhatIf needs no elevation' {
        $limited = Join-Path $env:WSLNET_TEST_FAKES 'runlimited.exe'
        $exe = 'Z:' + ((Join-Path $env:WSLNET_TEST_BIN 'wslnet.exe') -replace '/', '\')
        $copy = New-TestModuleCopy -Name 'limited-subnet' -ShimBody "d=`$(mktemp -d); WSLNET_WINEPREFIX='$env:WINEPREFIX' '$env:WSLNET_TEST_REPO/cmake/wine-run.sh' '$limited' '$exe' `"`$@`" >`$d/out 2>`$d/err </dev/null; rc=`$?; cat `$d/out; rm -rf `$d; exit `$rc"
        $before = Get-TestLxssDump
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command "Import-Module '$copy'; Set-WslNetSubnet -Subnet 10.249.0.0/20 -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId; `$e[0].Exception.Data['WslNet.ExitCode']; Set-WslNetSubnet -Subnet 10.249.0.0/20 -WhatIf" 2>&1
        $out[0] | Should -Be 'WslNet.accessDenied,Set-WslNetSubnet'
        $out[1] | Should -Be '7'
        ($out -join "`n") | Should -Match 'would write NatNetwork = 10\.249\.0\.0/20'
        Get-TestLxssDump | Should -Be $before
    }
    It 'Publish-/Unpublish-WslNetPort and Sync-WslNetPortPublication from a limited token: WslNet.accessDenied (exit 7), nothing changed' {
        $limited = Join-Path $env:WSLNET_TEST_FAKES 'runlimited.exe'
        $exe = 'Z:' + ((Join-Path $env:WSLNET_TEST_BIN 'wslnet.exe') -replace '/', '\')
        $copy = New-TestModuleCopy -Name 'limited-expose' -ShimBody "d=`$(mktemp -d); WSLNET_WINEPREFIX='$env:WINEPREFIX' '$env:WSLNET_TEST_REPO/cmake/wine-run.sh' '$limited' '$exe' `"`$@`" >`$d/out 2>`$d/err </dev/null; rc=`$?; cat `$d/out; rm -rf `$d; exit `$rc"
        $before = (Get-TestProxyState) + (@(Invoke-TestWine reg query 'HKLM\SOFTWARE\wslnet\Exposures' /s) -join "`n")
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command ("Import-Module '$copy'; " +
            'Publish-WslNetPort -Port 8080 -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].FullyQualifiedErrorId; $e[0].Exception.Data[''WslNet.ExitCode'']; ' +
            'Unpublish-WslNetPort -Port 8080 -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].FullyQualifiedErrorId; ' +
            'Sync-WslNetPortPublication -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].FullyQualifiedErrorId; $e[0].ErrorDetails.RecommendedAction') 2>&1
        $out[0] | Should -Be 'WslNet.accessDenied,Publish-WslNetPort'
        $out[1] | Should -Be '7'
        $out[2] | Should -Be 'WslNet.accessDenied,Unpublish-WslNetPort'
        $out[3] | Should -Be 'WslNet.accessDenied,Sync-WslNetPortPublication'
        $out[4] | Should -Match 'elevated'
        ((Get-TestProxyState) + (@(Invoke-TestWine reg query 'HKLM\SOFTWARE\wslnet\Exposures' /s) -join "`n")) | Should -Be $before
    }
}
