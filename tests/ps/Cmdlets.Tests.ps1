# Cmdlets.Tests.ps1 - every WslNet cmdlet run end to end: the module copy whose
# wslnet.exe is a shim running the real exe under Wine, in a prefix with the
# project's doubles (tests/ps/prefix.sh). State is read from the doubles
# themselves (registry, netfw.json, wmi.json, wsl-args.log, files), never from
# the module.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name $env:WSLNET_TEST_MODULE -Force
}

Describe 'Get-WslNetVersion' {
    It 'returns the exe''s version, the module''s, and which exe ran' {
        $v = Get-WslNetVersion
        $exe = (Invoke-TestExe version --json).Output -join "`n" | ConvertFrom-Json
        $v.PSObject.TypeNames[0] | Should -Be 'WslNet.Version'
        $v.Version | Should -Be $exe.version
        $v.ApiVersion | Should -Be $exe.apiVersion
        $v.ModuleVersion | Should -Be (Get-Module WslNet).Version.ToString()
        $v.Path | Should -Be $env:WSLNET_TEST_EXE_SHIM
        $v.How | Should -Be 'beside the module'
    }
    It 'says in -Verbose output which exe ran and why' {
        $verbose = Get-WslNetVersion -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose | Out-String) | Should -Match ([regex]::Escape($env:WSLNET_TEST_EXE_SHIM) + ' \(found beside the module\)')
    }
}

Describe 'Get-WslNetAdapter' {
    It 'lists the adapters matching a pattern, as the exe does' {
        $exe = (Invoke-TestExe adapter list --adapter '*' --json).Output -join "`n" | ConvertFrom-Json
        $adapters = @(Get-WslNetAdapter -Adapter '*')
        $adapters.Count | Should -Be @($exe.adapters).Count
        $adapters.Count | Should -BeGreaterThan 0
        $adapters[0].PSObject.TypeNames[0] | Should -Be 'WslNet.Adapter'
        $adapters.Name | Should -Be @($exe.adapters.name)
        $adapters[0].Luid | Should -BeOfType [uint64]
        $adapters[0].Luid | Should -Be ([uint64]$exe.adapters[0].luid)
        $lo = $adapters | Where-Object Name -eq 'lo'
        $lo.IPv4Address | Should -Be @('127.0.0.1')
        ($lo.Addresses | Where-Object Family -eq 'ipv4').PrefixLength | Should -Be 8
    }
    It 'takes patterns from the pipeline, each looked up on its own' {
        $adapters = @('lo', 'eth*' | Get-WslNetAdapter)
        $adapters.Name | Should -Contain 'lo'
        @($adapters | Where-Object Name -like 'eth*').Count | Should -BeGreaterThan 0
    }
    It 'writes WslNet.notFound (exit 4) when no WSL adapter exists, and carries on' {
        $out = Get-WslNetAdapter -ErrorAction SilentlyContinue -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'vEthernet (WSL*'
        $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 4
        $err[0].Exception | Should -BeOfType [System.Management.Automation.ItemNotFoundException]
    }
    It 'writes one error per failing pipeline item and still returns the others' {
        $out = @('nosuch*', 'lo' | Get-WslNetAdapter -ErrorAction SilentlyContinue -ErrorVariable err)
        $out.Name | Should -Be @('lo')
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be 'nosuch*'
    }
    It 'passes a pattern with spaces and parentheses intact' {
        $null = Get-WslNetAdapter -Adapter 'vEthernet (WSL (Hyper-V firewall))' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike "*'vEthernet (WSL (Hyper-V firewall))'*"
    }
    It 'renders a table within 120 columns' {
        $lines = (Get-WslNetAdapter -Adapter '*' | Format-Table | Out-String -Width 120) -split "`n"
        ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
    }
}

Describe 'Get-WslNetAddress' {
    AfterEach { Clear-TestVmAddress }
    It 'finds the VM address in the registry and says which source answered' {
        Set-TestVmAddress '172.28.20.5'
        $a = Get-WslNetAddress
        $a.PSObject.TypeNames[0] | Should -Be 'WslNet.VmAddress'
        $a.Address | Should -Be '172.28.20.5'
        $a.Source | Should -Be 'registry'
        $a.Attempts[0].PSObject.TypeNames[0] | Should -Be 'WslNet.AddressAttempt'
        $a.Attempts.Source | Should -Contain 'hns'
    }
    It 'asks one source with -Source, lower-cased for the exe' {
        Set-TestVmAddress '172.28.20.6'
        (Get-WslNetAddress -Source Registry).Address | Should -Be '172.28.20.6'
    }
    It 'writes WslNet.notFound with every attempt in Exception.Data when no source knows' {
        $null = Get-WslNetAddress -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        $err[0].Exception.Data['WslNet.Attempts'].Count | Should -Be 3
        ($err[0].Exception.Data['WslNet.Attempts'] -join "`n") | Should -Match 'registry: notFound'
    }
    It 'reports a forced source''s own status (HNS malformed -> WslNet.badData)' {
        Set-Content -LiteralPath "$env:WSLNET_TEST_FAKE/hns.json" -Value '{ not json' -Encoding utf8NoBOM
        try {
            $null = Get-WslNetAddress -Source Hns -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally { Remove-Item -LiteralPath "$env:WSLNET_TEST_FAKE/hns.json" }
        $err[0].FullyQualifiedErrorId | Should -Match '^WslNet\.(badData|systemError),'
        $err[0].Exception.Data['WslNet.ExitCode'] | Should -BeIn @(6, 10)
    }
    It 'reads the address of the HNS double''s WSL endpoint' {
        $net = 'b95d0c5e-57d4-412b-b571-18a81a16e005'
        $hns = '{"networks":[{"id":"' + $net + '","properties":{"ID":"' + $net.ToUpper() + '","Name":"WSL","Type":"ICS","Flags":9,' +
            '"Subnets":[{"AddressPrefix":"172.28.16.0/20","GatewayAddress":"172.28.16.1"}]}}],' +
            '"endpoints":[{"id":"5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f","network":"' + $net + '","properties":{"ID":"5A1C3B9E-2222-4D8F-8E55-0A1B2C3D4E5F",' +
            '"Name":"Ethernet","IPAddress":"172.28.20.9","PrefixLength":20,"GatewayAddress":"172.28.16.1","VirtualNetwork":"' + $net.ToUpper() + '","VirtualNetworkName":"WSL"}}]}'
        Set-Content -LiteralPath "$env:WSLNET_TEST_FAKE/hns.json" -Value $hns -Encoding utf8NoBOM
        try { $a = Get-WslNetAddress -Source Hns }
        finally { Remove-Item -LiteralPath "$env:WSLNET_TEST_FAKE/hns.json" }
        $a.Address | Should -Be '172.28.20.9'
        $a.Source | Should -Be 'hns'
        $a.PrefixLength | Should -Be 20
    }
    It '-User SID reads that user''s hive (HKU\<SID>), and says whose VM it is' {
        $userLxss = "HKU\$script:Sid\Software\Microsoft\Windows\CurrentVersion\Lxss"
        $null = Invoke-TestWine reg add $userLxss /v NatIpAddress /t REG_SZ /d 172.28.20.77 /f
        Set-TestVmAddress '172.28.20.5'
        try {
            $a = Get-WslNetAddress -Source Registry -User $script:Sid
            $mine = Get-WslNetAddress -Source Registry
            $null = Get-WslNetAddress -Source Registry -User $script:Sid2 -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally { $null = Invoke-TestWine reg delete "HKU\$script:Sid" /f }
        $a.Address | Should -Be '172.28.20.77'
        $a.UserSid | Should -Be $script:Sid
        $a.Detail | Should -Match 'HKU'
        $mine.Address | Should -Be '172.28.20.5'
        $mine.User | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        # Sid2 has no account, profile or hive here: named as such, not as a missing value
        $err[0].Exception.Message | Should -Match ('no user with SID ' + [regex]::Escape($script:Sid2))
        $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 4
    }
    It '-User with an unknown SID is WslNet.notFound (exit 4) for Get-WslNetMode and Test-WslNetHealth too' {
        $null = Get-WslNetMode -User $script:Sid2 -ErrorAction SilentlyContinue -ErrorVariable err
        $null = Test-WslNetHealth -User $script:Sid2 -ErrorAction SilentlyContinue -ErrorVariable err2
        foreach ($e in @($err[0], $err2[0])) {
            $e.FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
            $e.Exception.Message | Should -Match ('no user with SID ' + [regex]::Escape($script:Sid2))
        }
    }
    Context '-Source Wsl runs the distribution''s programs' {
        BeforeEach { Remove-Item -LiteralPath "$script:Fake/wsl-args.log" -ErrorAction SilentlyContinue }
        AfterAll { Set-TestWslDouble $null }
        It 'is refused when elevated (as Wine runs everything) without -AllowDistroCode: WslNet.usage, exit 2, wsl.exe not run' {
            Set-TestWslDouble "172.28.20.5 `n"
            $null = Get-WslNetAddress -Source Wsl -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.usage,*'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 2
            $err[0].Exception.Message | Should -Match -- '--allow-distro-code'
            Get-TestWslCallCount | Should -Be 0
        }
        It 'runs wsl.exe once with -AllowDistroCode and returns its address' {
            Set-TestWslDouble "172.28.20.5 `n"
            $a = Get-WslNetAddress -Source Wsl -AllowDistroCode
            $a.Address | Should -Be '172.28.20.5'
            $a.Source | Should -Be 'wsl'
            Get-TestWslCallCount | Should -Be 1
        }
    }
}

Describe 'Get-WslNetMode' {
    It 'reads networkingMode from a .wslconfig given by -ConfigPath, with its line' {
        $dir = New-TestDirectory 'mode dir'
        $path = Join-Path $dir '.wslconfig'
        Set-Content -LiteralPath $path -Value "[wsl2]`nmemory=4GB`nnetworkingMode=mirrored" -Encoding utf8NoBOM
        $m = Get-WslNetMode -ConfigPath $path
        $m.PSObject.TypeNames[0] | Should -Be 'WslNet.Mode'
        $m.ConfiguredMode | Should -Be 'mirrored'
        $m.ConfiguredIsDefault | Should -BeFalse
        $m.ConfigLine | Should -Be 3
        $m.ConfigFileExists | Should -BeTrue
    }
    It 'takes a relative path from the PowerShell location, not the process''s' {
        $dir = New-TestDirectory 'mode-rel'
        Set-Content -LiteralPath (Join-Path $dir 'rel.wslconfig') -Value "[wsl2]`nnetworkingMode=nat" -Encoding utf8NoBOM
        Push-Location $dir
        try { $m = Get-WslNetMode -ConfigPath 'rel.wslconfig' } finally { Pop-Location }
        $m.ConfigFileExists | Should -BeTrue
        $m.ConfiguredMode | Should -Be 'nat'
    }
    It 'says nat (the default) for a missing file, which is not an error' {
        $m = Get-WslNetMode -ConfigPath (Join-Path $env:WSLNET_TEST_TMP 'absent.wslconfig') -ErrorVariable err
        $err.Count | Should -Be 0
        $m.ConfiguredMode | Should -Be 'nat'
        $m.ConfiguredIsDefault | Should -BeTrue
        $m.ConfigFileExists | Should -BeFalse
        $m.WslVersion | Should -BeNullOrEmpty
    }
    It 'keeps every member of the exe''s document, nulls as $null (never $false or 0)' {
        $exe = (Invoke-TestExe mode --json).Output -join "`n" | ConvertFrom-Json
        $m = Get-WslNetMode
        $map = [ordered]@{
            EffectiveMode = $exe.effective.mode; EffectiveReason = $exe.effective.reason; EffectiveFirewall = $exe.effective.firewall
            MirroredSupported = $exe.mirroredSupported; WslVersion = $exe.wsl.version
            PolicyDefaultNetworkingMode = $exe.policy.defaultNetworkingMode
            PolicyAllowNetworkingModeUserSetting = $exe.policy.allowNetworkingModeUserSetting
            PolicyAllowFirewallUserSetting = $exe.policy.allowFirewallUserSetting
            HyperVFirewall = $exe.features.hypervFirewall; HyperVFirewallDisabled = $exe.features.hypervFirewallDisabled
            HnsFlowSteering = $exe.features.hnsFlowSteering; IPv6Disabled = $exe.features.ipv6Disabled
            NatNetworkExists = $exe.features.natNetwork; User = $exe.user
        }
        foreach ($name in $map.Keys) {
            if ($null -eq $map[$name]) { $null -eq $m.$name | Should -BeTrue -Because "$name is null in the exe's document" }
            else { $m.$name | Should -Be $map[$name] -Because $name }
        }
        # In this prefix no Group Policy is set: null, not 0.
        $null -eq $m.PolicyDefaultNetworkingMode | Should -BeTrue
        @($m.Steps).Count | Should -Be @($exe.effective.steps).Count
        $m.Steps[0].PSObject.TypeNames[0] | Should -Be 'WslNet.ModeStep'
        $m.Steps[0].Rule | Should -Be $exe.effective.steps[0].rule
        $m.Steps[0].WslSource | Should -Be $exe.effective.steps[0].wslSource
        $m.Steps[0].Text | Should -Be $exe.effective.steps[0].text
    }
    It 'a feature Windows cannot tell stays $null (no computenetwork.dll: natNetwork null), and the view says so' {
        $cfg = Join-Path (New-TestDirectory 'mode null') '.wslconfig'
        Set-Content -LiteralPath $cfg -Value "[wsl2]`nnetworkingMode=mirrored" -Encoding utf8NoBOM
        $dll = Join-Path $env:WSLNET_TEST_SYSTEM32 'computenetwork.dll'
        Move-Item -LiteralPath $dll -Destination "$dll.away"
        try { $m = Get-WslNetMode -ConfigPath $cfg }
        finally { Move-Item -LiteralPath "$dll.away" -Destination $dll }
        $null -eq $m.NatNetworkExists | Should -BeTrue
        $m.HnsFlowSteering | Should -BeOfType [bool]
        $m.HnsFlowSteering | Should -BeFalse
        $m.MirroredSupported | Should -BeFalse
        $m.EffectiveMode | Should -Be 'nat'
        $m.Steps.Rule | Should -Contain 'mirrored-needs-hns'
        $text = $m | Format-List | Out-String -Width 120
        $text | Should -Match 'NatNetwork=\?'
        $text | Should -Match 'mirrored-needs-hns -> nat \(WslCoreVm\.cpp'
    }
    It 'consomme (and its old name VirtioProxy) is a mode of its own' {
        $cfg = Join-Path (New-TestDirectory 'mode consomme') '.wslconfig'
        Set-Content -LiteralPath $cfg -Value "[wsl2]`nnetworkingMode=VirtioProxy" -Encoding utf8NoBOM
        $m = Get-WslNetMode -ConfigPath $cfg
        $m.ConfiguredMode | Should -Be 'consomme'
        $m.EffectiveMode | Should -Be 'consomme'
        $m.EffectiveFirewall | Should -BeOfType [bool]
    }
    It 'Group Policy values come through as the DWORDs set, and the rule that applied' {
        $pol = 'HKLM\SOFTWARE\Policies\WSL'
        $null = Invoke-TestWine reg add $pol /v DefaultNetworkingMode /t REG_DWORD /d 3 /f
        $null = Invoke-TestWine reg add $pol /v AllowNetworkingModeUserSetting /t REG_DWORD /d 0 /f
        $cfg = Join-Path (New-TestDirectory 'mode policy') '.wslconfig'
        Set-Content -LiteralPath $cfg -Value "[wsl2]`nnetworkingMode=nat" -Encoding utf8NoBOM
        try { $m = Get-WslNetMode -ConfigPath $cfg }
        finally { $null = Invoke-TestWine reg delete $pol /f }
        $m.PolicyDefaultNetworkingMode | Should -Be 3
        $m.PolicyAllowNetworkingModeUserSetting | Should -Be 0
        $null -eq $m.PolicyAllowNetworkingModeUserSetting | Should -BeFalse
        $null -eq $m.PolicyAllowFirewallUserSetting | Should -BeTrue
        $m.Steps.Rule | Should -Contain 'policy-forces-mode'
        ($m | Format-List | Out-String -Width 120) | Should -Match 'DefaultNetworkingMode=3, AllowNetworkingModeUserSetting=0'
    }
    It '-User reads that user''s .wslconfig (the profile from ProfileList); an unknown user is WslNet.notFound' {
        $me = [Environment]::UserName
        $cfg = Join-Path $env:WSLNET_TEST_PREFIX "drive_c/users/$me/.wslconfig"
        Set-Content -LiteralPath $cfg -Value "[wsl2]`nnetworkingMode=mirrored" -Encoding utf8NoBOM
        try {
            $m = Get-WslNetMode -User $me
            $null = Get-WslNetMode -User 'no-such-user-wslnet' -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally { Remove-Item -LiteralPath $cfg -Force }
        $m.ConfiguredMode | Should -Be 'mirrored'
        $m.ConfigFile | Should -BeLike "*\users\$me\.wslconfig"
        $m.User | Should -BeLike "*\$me"
        $m.UserSid | Should -Match '^S-1-5-'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
    }
    It 'renders its list within 120 columns' {
        $lines = (Get-WslNetMode | Format-List | Out-String -Width 120) -split "`n"
        ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
    }
}

Describe 'Port proxies' {
    BeforeAll {
        Set-TestVmAddress '172.28.20.5'
        # WSL's NAT subnet, as WSL writes it after a start: a change checks the
        # user-writable NatIpAddress against it (and refuses it with none known).
        $null = Invoke-TestWine reg add $script:HklmLxss /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
        # A foreign rule (another program's), never touched.
        $null = Invoke-TestWine reg add "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f
    }
    AfterAll {
        Clear-TestVmAddress
        $null = Invoke-TestWine reg delete $script:HklmLxss /v NatNetwork /f
    }

    Context 'Add-WslNetPortProxy' {
        It '-WhatIf shows the exe''s plan and changes nothing' {
            $before = Get-TestProxyState
            $out = Add-WslNetPortProxy -ListenPort 8080 -To wsl -WhatIf
            $out | Should -BeNullOrEmpty
            Get-TestProxyState | Should -Be $before
        }
        It 'adds the rule, its record and its firewall rule' {
            $changes = @(Add-WslNetPortProxy -ListenPort 8080 -To wsl)
            $changes[0].PSObject.TypeNames[0] | Should -Be 'WslNet.PortProxyChange'
            $changes.Operation | Should -Contain 'putRule'
            (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/8080') -join '' | Should -Match '172\.28\.20\.5/8080'
            Get-TestNetFwRuleName | Should -Contain 'wslnet proxy v4tov4 0.0.0.0:8080'
        }
        It 'passes -Profile and -Remote lists to the firewall rule' {
            $null = Add-WslNetPortProxy -ListenPort 2222 -To wsl -ConnectPort 22 -Profile 'Private', 'Domain' -Remote '192.168.1.0/24', '10.0.0.1'
            $doc = Get-Content -Raw "$script:Fake/netfw.json" | ConvertFrom-Json
            $rule = $doc.rules | Where-Object Name -eq 'wslnet proxy v4tov4 0.0.0.0:2222'
            $rule | Should -Not -BeNullOrEmpty
            ($rule | ConvertTo-Json -Depth 5) | Should -Match '192\.168\.1\.0'
            (Get-WslNetPortProxy | Where-Object ListenPort -eq 2222).ConnectPort | Should -Be 22
        }
        It 'refuses a bad host name with WslNet.invalidInput and changes nothing' {
            $before = Get-TestProxyState
            $null = Add-WslNetPortProxy -ListenPort 8081 -To 'bad host!' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 3
            $err[0].TargetObject | Should -Be 'port 8081 -> bad host!'
            Get-TestProxyState | Should -Be $before
        }
        It 'refuses, under -WhatIf too, with the exe''s own error' {
            $null = Add-WslNetPortProxy -ListenPort 8081 -To '-x' -WhatIf -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
        }
        It 'refuses to add over a foreign rule (WslNet.invalidInput), leaving it as it was' {
            $null = Add-WslNetPortProxy -ListenPort 3389 -To wsl -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/3389') -join '' | Should -Match '10\.1\.2\.3/3389'
        }
        It 'turns into a terminating error with -ErrorAction Stop' {
            { Add-WslNetPortProxy -ListenPort 3389 -To wsl -ErrorAction Stop } | Should -Throw -ErrorId 'WslNet.invalidInput,Add-WslNetPortProxy'
        }
        It 'stops a script that set $ErrorActionPreference = ''Stop'' (GPO/Intune style)' {
            $script = {
                $ErrorActionPreference = 'Stop'
                Add-WslNetPortProxy -ListenPort 3389 -To wsl
                'carried on'
            }
            $out = $null
            { $out = & $script } | Should -Throw -ErrorId 'WslNet.invalidInput,Add-WslNetPortProxy'
            $out | Should -BeNullOrEmpty
        }
        It 'with the IP Helper service stopped: WslNet.unavailable (exit 5); -StartService starts it' {
            Invoke-TestIphlpsvc stop
            try {
                $null = Add-WslNetPortProxy -ListenPort 9090 -To wsl -ErrorAction SilentlyContinue -ErrorVariable err
                $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.unavailable,*'
                $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 5
                $changes = @(Add-WslNetPortProxy -ListenPort 9090 -To wsl -StartService)
                $changes.Operation | Should -Contain 'putRule'
            }
            finally { Invoke-TestIphlpsvc start }
        }
    }

    Context 'Get-WslNetPortProxy' {
        It 'lists every rule with its owner, as the exe does' {
            $exe = (Invoke-TestExe proxy list --json).Output -join "`n" | ConvertFrom-Json
            $all = @(Get-WslNetPortProxy)
            $all.Count | Should -Be @($exe.proxies).Count
            $all[0].PSObject.TypeNames[0] | Should -Be 'WslNet.PortProxy'
            ($all | Where-Object ListenPort -eq 3389).Owner | Should -Be 'foreign'
            ($all | Where-Object ListenPort -eq 8080).Target | Should -Be 'wsl'
        }
        It 'filters by -Owner' {
            @(Get-WslNetPortProxy -Owner foreign).ListenPort | Should -Be @(3389)
            @(Get-WslNetPortProxy -Owner wslnet).Owner | Sort-Object -Unique | Should -Be 'wslnet'
        }
        It 'marks a wsl rule stale after the VM address changed' {
            Set-TestVmAddress '172.28.21.9'
            (Get-WslNetPortProxy | Where-Object ListenPort -eq 8080).Stale | Should -BeTrue
        }
        It 'renders a table within 120 columns' {
            $lines = (Get-WslNetPortProxy | Format-Table | Out-String -Width 120) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        }
    }

    Context 'Sync-WslNetPortProxy' {
        It '-WhatIf changes nothing' {
            $before = Get-TestProxyState
            Sync-WslNetPortProxy -WhatIf | Should -BeNullOrEmpty
            Get-TestProxyState | Should -Be $before
        }
        It 're-points the stale rules at the new address' {
            $changes = @(Sync-WslNetPortProxy)
            $changes.Count | Should -BeGreaterThan 0
            (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/8080') -join '' | Should -Match '172\.28\.21\.9/8080'
            (Get-WslNetPortProxy | Where-Object Stale) | Should -BeNullOrEmpty
        }
        It 'writes nothing when everything is right' {
            $before = Get-TestProxyState
            @(Sync-WslNetPortProxy | Where-Object Operation -ne 'none') | Should -BeNullOrEmpty
            Get-TestProxyState | Should -Be $before
        }
    }

    Context 'Remove-WslNetPortProxy' {
        It '-WhatIf changes nothing' {
            $before = Get-TestProxyState
            Remove-WslNetPortProxy -ListenPort 8080 -WhatIf | Should -BeNullOrEmpty
            Get-TestProxyState | Should -Be $before
        }
        It 'removes one rule and its firewall rule; -PassThru returns the changes' {
            $changes = @(Remove-WslNetPortProxy -ListenPort 8080 -PassThru)
            $changes.Operation | Should -Contain 'deleteRule'
            (Get-WslNetPortProxy).ListenPort | Should -Not -Contain 8080
            Get-TestNetFwRuleName | Should -Not -Contain 'wslnet proxy v4tov4 0.0.0.0:8080'
        }
        It 'outputs nothing without -PassThru' {
            $null = Add-WslNetPortProxy -ListenPort 8082 -To wsl
            Remove-WslNetPortProxy -ListenPort 8082 | Should -BeNullOrEmpty
        }
        It 'writes WslNet.notFound for a rule that does not exist' {
            $null = Remove-WslNetPortProxy -ListenPort 8089 -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        }
        It 'Get-WslNetPortProxy | Remove-WslNetPortProxy: removes wslnet''s, refuses the foreign one per item' {
            $null = Add-WslNetPortProxy -ListenPort 8083 -To wsl
            $before = @(Get-WslNetPortProxy -Owner wslnet).Count
            $before | Should -BeGreaterThan 1
            Get-WslNetPortProxy | Remove-WslNetPortProxy -ErrorAction SilentlyContinue -ErrorVariable err
            @(Get-WslNetPortProxy -Owner wslnet) | Should -BeNullOrEmpty
            @(Get-WslNetPortProxy -Owner foreign).ListenPort | Should -Be @(3389)
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Match '3389'
        }
    }
}

Describe 'Whose VM: -User on Add-/Sync-WslNetPortProxy and Test-WslNetHealth' {
    BeforeAll {
        $script:UserLxss = "HKU\$script:Sid\Software\Microsoft\Windows\CurrentVersion\Lxss"
        $null = Invoke-TestWine reg add $script:UserLxss /v NatIpAddress /t REG_SZ /d 172.28.20.77 /f
        # A WSL NAT subnet to check the user-writable NatIpAddress against (else a change refuses it).
        $null = Invoke-TestWine reg add $script:HklmLxss /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
        Set-TestVmAddress '172.28.20.5'
    }
    AfterAll {
        $null = Remove-WslNetPortProxy -ListenPort 8090 -ErrorAction SilentlyContinue
        $null = Remove-WslNetPortProxy -ListenPort 8091 -ErrorAction SilentlyContinue
        $null = Invoke-TestWine reg delete "HKU\$script:Sid" /f
        $null = Invoke-TestWine reg delete $script:HklmLxss /v NatNetwork /f
        Clear-TestVmAddress
    }
    It 'Add-WslNetPortProxy -To wsl -User SID forwards to that user''s VM, not the caller''s' {
        $changes = @(Add-WslNetPortProxy -ListenPort 8090 -To wsl -User $script:Sid -NoFirewall)
        $changes.Operation | Should -Contain 'putRule'
        (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/8090') -join '' | Should -Match '172\.28\.20\.77/8090'
    }
    It 'Sync-WslNetPortProxy -User SID follows that user''s VM; -WhatIf changes nothing' {
        $null = Invoke-TestWine reg add $script:UserLxss /v NatIpAddress /t REG_SZ /d 172.28.20.78 /f
        $before = Get-TestProxyState
        Sync-WslNetPortProxy -User $script:Sid -WhatIf | Should -BeNullOrEmpty
        Get-TestProxyState | Should -Be $before
        $changes = @(Sync-WslNetPortProxy -User $script:Sid)
        $changes.Count | Should -BeGreaterThan 0
        (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/8090') -join '' | Should -Match '172\.28\.20\.78/8090'
    }
    It 'Add-WslNetPortProxy takes -User from the pipeline by property name; a user without a VM is WslNet.notFound' {
        $null = [pscustomobject]@{ ListenPort = 8091; To = 'wsl'; User = $script:Sid } | Add-WslNetPortProxy -NoFirewall
        (Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/8091') -join '' | Should -Match '172\.28\.20\.78/8091'
        $before = Get-TestProxyState
        $null = [pscustomobject]@{ ListenPort = 8092; To = 'wsl'; User = $script:Sid2 } |
            Add-WslNetPortProxy -NoFirewall -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        Get-TestProxyState | Should -Be $before
    }
    It 'Test-WslNetHealth -User checks that user''s VM address and .wslconfig' {
        $exe = (Invoke-TestExe doctor --user $script:Sid --json).Output -join "`n" | ConvertFrom-Json
        $checks = @(Test-WslNetHealth -User $script:Sid)
        $checks.Id | Should -Be @($exe.checks.id)
        ($checks | Where-Object Id -eq 'config').Detail | Should -Be ($exe.checks | Where-Object id -eq 'config').detail
        ($checks | Where-Object Id -eq 'config').Detail | Should -Match ([regex]::Escape($script:Sid))
        ($checks | Where-Object Id -eq 'address').Detail | Should -Match '172\.28\.20\.78'
        (Test-WslNetHealth | Where-Object Id -eq 'address').Detail | Should -Match '172\.28\.20\.5\b'
    }
}

Describe 'Hyper-V firewall' {
    BeforeAll { Remove-Item -LiteralPath "$script:Fake/wmi.json" -ErrorAction SilentlyContinue }

    Context 'Get-WslNetFirewallSetting' {
        It 'reads the setting of WSL''s VM creator' {
            $s = Get-WslNetFirewallSetting
            $s.PSObject.TypeNames[0] | Should -Be 'WslNet.FirewallSetting'
            $s.VMCreatorId | Should -Be '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
            $s.Store | Should -Be 'persistent'
            $s.Support | Should -Be 'v2'
        }
        It 'reads the active store with -Store Active' {
            (Get-WslNetFirewallSetting -Store Active).Store | Should -Be 'active'
        }
        It 'refuses a VM creator that is not a GUID (WslNet.invalidInput)' {
            $null = Get-WslNetFirewallSetting -VMCreatorId '-not-a-guid' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
        }
    }

    Context 'Set-WslNetFirewallSetting' {
        It '-WhatIf changes nothing' {
            $before = Get-TestFileHash "$script:Fake/wmi.json"
            Set-WslNetFirewallSetting -LoopbackEnabled True -WhatIf | Should -BeNullOrEmpty
            Get-TestFileHash "$script:Fake/wmi.json" | Should -Be $before
            (Get-WslNetFirewallSetting).Exists | Should -BeFalse
        }
        It 'creates the setting object; outputs nothing without -PassThru' {
            Set-WslNetFirewallSetting -LoopbackEnabled True -DefaultInboundAction Allow | Should -BeNullOrEmpty
            $s = Get-WslNetFirewallSetting
            $s.Exists | Should -BeTrue
            [string]$s.LoopbackEnabled | Should -Be 'true'
            [string]$s.DefaultInboundAction | Should -Be 'allow'
        }
        It '-PassThru returns the setting as stored, with what changed' {
            $s = Set-WslNetFirewallSetting -DefaultInboundAction Block -PassThru
            $s.PSObject.TypeNames[0] | Should -Be 'WslNet.FirewallSetting'
            $s.Changed | Should -Contain 'DefaultInboundAction'
            [string]$s.DefaultInboundAction | Should -Be 'block'
        }
        It 'on a Windows without the Hyper-V firewall: WslNet.unsupported (exit 9), nothing written' {
            $saved = Get-Content -Raw "$script:Fake/wmi.json"
            Set-TestWmiState '{"mode": "unsupported"}'
            try {
                $null = Set-WslNetFirewallSetting -LoopbackEnabled False -ErrorAction SilentlyContinue -ErrorVariable err
                $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.unsupported,*'
                $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
                $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 9
                $err[0].Exception | Should -BeOfType [System.NotSupportedException]
                Get-Content -Raw "$script:Fake/wmi.json" | Should -Be '{"mode": "unsupported"}'
            }
            finally { Set-TestWmiState $saved }
        }
    }

    Context 'New-WslNetFirewallRule' {
        It '-WhatIf changes nothing' {
            New-WslNetFirewallRule -Name web -Protocol TCP -LocalPort '80', '443' -WhatIf | Should -BeNullOrEmpty
            Get-TestWmiRule | Should -Not -Contain 'wslnet-web'
        }
        It 'adds the rule with the wslnet- prefix and the given values' {
            $c = New-WslNetFirewallRule -Name web -Protocol TCP -LocalPort '80', '443' -Direction Inbound -Action Allow -Profile 'Private', 'Public'
            $c.PSObject.TypeNames[0] | Should -Be 'WslNet.FirewallRuleChange'
            $c.Operation | Should -Be 'create'
            $c.Applied | Should -BeTrue
            $c.Name | Should -Be 'wslnet-web'
            $c.Rule.LocalPorts | Should -Be @('80', '443')
            Get-TestWmiRule | Should -Contain 'wslnet-web'
        }
        It 'adding the same rule again changes nothing' {
            (New-WslNetFirewallRule -Name web -Protocol TCP -LocalPort '80', '443' -Direction Inbound -Action Allow -Profile 'Private', 'Public').Operation | Should -Be 'none'
        }
        It 'takes rules from the pipeline by property name' {
            $rules = @(
                [pscustomobject]@{ Name = 'web-alt'; Protocol = 'TCP'; LocalPort = '8443' },
                [pscustomobject]@{ Name = 'dns'; Protocol = 'UDP'; LocalPort = '53'; Direction = 'Outbound' }
            )
            $changes = @($rules | New-WslNetFirewallRule)
            $changes.Name | Should -Be @('wslnet-web-alt', 'wslnet-dns')
            (Get-WslNetFirewallRule -Name 'wslnet-dns').Direction | Should -Be 'outbound'
        }
        It 'passes a display name with spaces, quotes and non-ASCII intact' {
            $name = 'Web "dev" — café'
            $c = New-WslNetFirewallRule -Name disp -DisplayName $name -Protocol TCP -LocalPort 8000
            $c.Rule.DisplayName | Should -Be $name
            (Get-WslNetFirewallRule -Name 'wslnet-disp').DisplayName | Should -Be $name
        }
        It 'refuses a port without TCP/UDP (WslNet.invalidInput), nothing written' {
            $before = Get-TestFileHash "$script:Fake/wmi.json"
            $null = New-WslNetFirewallRule -Name bad -Protocol ICMPv4 -LocalPort 80 -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            Get-TestFileHash "$script:Fake/wmi.json" | Should -Be $before
        }
    }

    Context 'Get-WslNetFirewallRule' {
        It 'lists the rules, wslnet''s marked Owned' {
            $rules = @(Get-WslNetFirewallRule)
            $rules[0].PSObject.TypeNames[0] | Should -Be 'WslNet.FirewallRule'
            ($rules | Where-Object Name -eq 'wslnet-web').Owned | Should -BeTrue
        }
        It 'filters by wildcard, also from the pipeline' {
            @(Get-WslNetFirewallRule -Name 'wslnet-web*').Name | Sort-Object | Should -Be @('wslnet-web', 'wslnet-web-alt')
            @('wslnet-dns', 'wslnet-disp' | Get-WslNetFirewallRule).Name | Sort-Object | Should -Be @('wslnet-disp', 'wslnet-dns')
        }
        It 'renders a table within 120 columns' {
            $lines = (Get-WslNetFirewallRule | Format-Table | Out-String -Width 120) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-WslNetFirewallRule' {
        It '-WhatIf changes nothing' {
            $before = Get-TestFileHash "$script:Fake/wmi.json"
            Remove-WslNetFirewallRule -Name wslnet-dns -WhatIf | Should -BeNullOrEmpty
            Get-TestFileHash "$script:Fake/wmi.json" | Should -Be $before
        }
        It 'removes one rule; -PassThru returns the change' {
            $c = Remove-WslNetFirewallRule -Name wslnet-dns -PassThru
            $c.Operation | Should -Be 'delete'
            Get-TestWmiRule | Should -Not -Contain 'wslnet-dns'
        }
        It 'writes WslNet.notFound for a rule that does not exist' {
            $null = Remove-WslNetFirewallRule -Name wslnet-nosuch -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
        }
        It 'Get-WslNetFirewallRule -Name web* | Remove-WslNetFirewallRule removes exactly those' {
            Get-WslNetFirewallRule -Name 'wslnet-web*' | Remove-WslNetFirewallRule
            $left = Get-TestWmiRule
            $left | Should -Not -Contain 'wslnet-web'
            $left | Should -Not -Contain 'wslnet-web-alt'
            $left | Should -Contain 'wslnet-disp'
        }
    }
}

Describe 'Config' {
    BeforeAll {
        $script:ConfigDir = New-TestDirectory 'config dir é'
        $script:ConfigFile = Join-Path $script:ConfigDir '.wslconfig'
        Set-Content -LiteralPath $script:ConfigFile -Value "# mine`r`n[wsl2]`r`nmemory=4GB ; comment`r`n" -NoNewline -Encoding utf8NoBOM
    }

    Context 'Set-WslNetConfig round trip (what WSL reads back)' {
        It 'sets <Value> and WSL reads back exactly that' -ForEach @(
            @{ Value = 'quiet splash' }
            @{ Value = '-x y' }
            @{ Value = '' }
            @{ Value = 'C:\Program Files\WSL kernels\vmlinux custom' }
            @{ Value = 'console=ttyS0 "quoted arg" end' }
            @{ Value = 'a\b\\c\' }
            @{ Value = '--' }
            @{ Value = 'café ünï 日本' }
        ) {
            Set-WslNetConfig -Key wsl2.kernelCommandLine -Value $Value -Path $script:ConfigFile
            Get-TestConfigValue -Key wsl2.kernelCommandLine -Path $script:ConfigFile | Should -BeExactly $Value
            (Get-WslNetConfig -Key wsl2.kernelCommandLine -Path $script:ConfigFile).Value | Should -BeExactly $Value
        }
        It 'keeps every other byte of the file (comment, CRLF, the memory line)' {
            $text = [IO.File]::ReadAllText($script:ConfigFile)
            $text | Should -Match "^# mine`r`n\[wsl2\]`r`nmemory=4GB ; comment`r`n"
        }
        It 'sets a key whose path has spaces (kernel) and WSL reads it back' {
            $kernel = 'C:\Users\Jane Doe\wsl kernel\bzImage'
            Set-WslNetConfig -Key wsl2.kernel -Value $kernel -Path $script:ConfigFile
            Get-TestConfigValue -Key wsl2.kernel -Path $script:ConfigFile | Should -BeExactly $kernel
        }
    }

    Context 'Set-WslNetConfig' {
        It '-WhatIf shows the plan and leaves the file byte for byte' {
            $before = Get-TestFileHash $script:ConfigFile
            Set-WslNetConfig -Key wsl2.memory -Value 8GB -Path $script:ConfigFile -WhatIf | Should -BeNullOrEmpty
            Get-TestFileHash $script:ConfigFile | Should -Be $before
        }
        It '-PassThru returns the change; a backup is kept' {
            $c = Set-WslNetConfig -Key wsl2.memory -Value 8GB -Path $script:ConfigFile -PassThru
            $c.PSObject.TypeNames[0] | Should -Be 'WslNet.ConfigChange'
            $c.Changed | Should -BeTrue
            $c.Key | Should -Be 'wsl2.memory'
            $backup = $c.Backup -replace '^Z:', '' -replace '\\', '/'
            Test-Path -LiteralPath $backup | Should -BeTrue
            Get-TestConfigValue -Key wsl2.memory -Path $script:ConfigFile | Should -Be '8GB'
        }
        It 'refuses a value WSL would reject (WslNet.invalidInput), file unchanged' {
            $before = Get-TestFileHash $script:ConfigFile
            $null = Set-WslNetConfig -Key wsl2.memory -Value '4gb' -Path $script:ConfigFile -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            $err[0].Exception | Should -BeOfType [System.ArgumentException]
            Get-TestFileHash $script:ConfigFile | Should -Be $before
        }
        It 'refuses an unknown key, also one that looks like an option' {
            foreach ($key in @('wsl2.noSuchKey', '--file')) {
                $null = Set-WslNetConfig -Key $key -Value x -Path $script:ConfigFile -ErrorAction SilentlyContinue -ErrorVariable err
                $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            }
        }
        It '-Unset removes the key; WSL falls back to its default' {
            Set-WslNetConfig -Key wsl2.memory -Unset -Path $script:ConfigFile
            (Get-WslNetConfig -Key wsl2.memory -Path $script:ConfigFile).Origin | Should -Be 'default'
        }
        It 'takes Key/Value pairs from the pipeline by property name' {
            @([pscustomobject]@{ Key = 'wsl2.swap'; Value = '0' }, [pscustomobject]@{ Key = 'wsl2.processors'; Value = '2' }) |
                Set-WslNetConfig -Path $script:ConfigFile
            Get-TestConfigValue -Key wsl2.swap -Path $script:ConfigFile | Should -Be '0'
            Get-TestConfigValue -Key wsl2.processors -Path $script:ConfigFile | Should -Be '2'
        }
    }

    Context 'Get-WslNetConfig' {
        It 'returns the value and where it comes from' {
            $v = Get-WslNetConfig -Key wsl2.processors -Path $script:ConfigFile
            $v.PSObject.TypeNames[0] | Should -Be 'WslNet.ConfigValue'
            $v.Origin | Should -Be 'file'
            $v.Section | Should -Be 'wsl2'
            $v.Line | Should -BeGreaterThan 0
            $v.File | Should -Match 'config dir é'
        }
        It 'without -Key lists every key WSL reads' {
            $all = @(Get-WslNetConfig -Path $script:ConfigFile)
            $all.Count | Should -BeGreaterThan 10
            $all.Key | Should -Contain 'wsl2.networkingMode'
            ($all | Where-Object Key -eq 'wsl2.networkingMode').Origin | Should -Be 'default'
        }
        It 'takes keys from the pipeline' {
            @('wsl2.swap', 'wsl2.processors' | Get-WslNetConfig -Path $script:ConfigFile).Value | Should -Be @('0', '2')
        }
        It 'writes WslNet.invalidInput for an unknown key and goes on with the next' {
            $out = @('wsl2.nope', 'wsl2.swap' | Get-WslNetConfig -Path $script:ConfigFile -ErrorAction SilentlyContinue -ErrorVariable err)
            $out.Key | Should -Be @('wsl2.swap')
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            $err[0].TargetObject | Should -Be 'wsl2.nope'
        }
    }

    Context 'Test-WslNetConfig' {
        BeforeAll {
            $script:LintFile = Join-Path (New-TestDirectory 'lint') '.wslconfig'
            Set-Content -LiteralPath $script:LintFile -Value "[wsl2]`nmemory=4gb`nlocalhostForwarding=yes`nnoSuchKey=1" -Encoding utf8NoBOM
        }
        It 'returns one finding per problem line, as the exe does' {
            $exe = (Invoke-TestExe config lint --file $script:LintFile --json).Output -join "`n" | ConvertFrom-Json
            $findings = @(Test-WslNetConfig -Path $script:LintFile)
            $findings.Count | Should -Be @($exe.findings).Count
            $findings.Count | Should -BeGreaterThan 1
            $findings[0].PSObject.TypeNames[0] | Should -Be 'WslNet.ConfigFinding'
            $findings.Line | Should -Contain 2
        }
        It 'Test-WslNetConfig | Where Severity -eq error works' {
            $errors = @(Test-WslNetConfig -Path $script:LintFile | Where-Object Severity -eq 'error')
            $exe = (Invoke-TestExe config lint --file $script:LintFile --json).Output -join "`n" | ConvertFrom-Json
            $errors.Count | Should -Be @($exe.findings | Where-Object severity -eq 'error').Count
        }
        It '-Quiet: $false with findings, $true for a clean file' {
            Test-WslNetConfig -Path $script:LintFile -Quiet | Should -BeFalse
            $clean = Join-Path (New-TestDirectory 'clean') '.wslconfig'
            Set-Content -LiteralPath $clean -Value "[wsl2]`nmemory=4GB" -Encoding utf8NoBOM
            Test-WslNetConfig -Path $clean -Quiet | Should -BeTrue
            Test-WslNetConfig -Path $clean | Should -BeNullOrEmpty
        }
        It 'lints a wsl.conf with -WslConf' {
            $conf = Join-Path (New-TestDirectory 'wslconf') 'wsl.conf'
            Set-Content -LiteralPath $conf -Value "[boot]`nsystemd=yes" -Encoding utf8NoBOM
            @(Test-WslNetConfig -Path $conf -WslConf).Count | Should -BeGreaterThan 0
        }
    }
}

Describe 'Test-WslNetHealth' {
    It 'returns every check with a verdict, as the exe does (exit 21 is not an error)' {
        $exe = (Invoke-TestExe doctor --json).Output -join "`n" | ConvertFrom-Json
        $checks = @(Test-WslNetHealth -ErrorVariable err)
        $err.Count | Should -Be 0
        $checks.Id | Should -Be @($exe.checks.id)
        $checks[0].PSObject.TypeNames[0] | Should -Be 'WslNet.HealthCheck'
        ($checks | Where-Object Id -eq 'adapter').Verdict | Should -Be 'fail'
    }
    It 'checks a port with -Port (the port checks run, the port is on each object)' {
        $checks = @(Test-WslNetHealth -Port 8080)
        ($checks | Where-Object Id -eq 'port-proxy').Verdict | Should -Not -Be 'skipped'
        $checks[0].Port | Should -Be 8080
    }
    It '-Quiet returns $false when a check fails' {
        Test-WslNetHealth -Quiet | Should -BeFalse
    }
    It 'reads the .wslconfig given by -ConfigPath' {
        $file = Join-Path (New-TestDirectory 'doctor cfg') '.wslconfig'
        Set-Content -LiteralPath $file -Value "[wsl2]`nmemory=4gb" -Encoding utf8NoBOM
        (Test-WslNetHealth -ConfigPath $file | Where-Object Id -eq 'config').Verdict | Should -Not -Be 'ok'
    }
}

Describe 'Certificates' {
    Context 'Export-WslNetCertificate' {
        It 'lists the trusted roots without writing anything' {
            $exe = (Invoke-TestExe certs export --json).Output -join "`n" | ConvertFrom-Json
            $certs = @(Export-WslNetCertificate)
            $certs.Count | Should -Be @($exe.certificates).Count
            $certs.Count | Should -BeGreaterThan 0
            $certs[0].PSObject.TypeNames[0] | Should -Be 'WslNet.Certificate'
            $certs[0].NotAfter | Should -BeOfType [datetime]
            $certs[0].NotAfter.Kind | Should -Be 'Utc'
            $certs[0].Path | Should -BeNullOrEmpty
        }
        It 'writes one PEM bundle with -Path (a path with spaces), one block per certificate' {
            $path = Join-Path (New-TestDirectory 'pem out') 'roots bundle.pem'
            $certs = @(Export-WslNetCertificate -Path $path)
            (Select-String -LiteralPath $path -Pattern '-----BEGIN CERTIFICATE-----').Count | Should -Be $certs.Count
        }
        It '-WhatIf with -Path writes no file' {
            $path = Join-Path $env:WSLNET_TEST_TMP 'whatif.pem'
            $null = Export-WslNetCertificate -Path $path -WhatIf
            Test-Path -LiteralPath $path | Should -BeFalse
        }
        It 'writes one .crt per certificate with -Directory, Path pointing at each' {
            $dir = New-TestDirectory 'crt dir'
            $certs = @(Export-WslNetCertificate -Directory $dir -Store Machine)
            @(Get-ChildItem -LiteralPath $dir -Filter '*.crt').Count | Should -Be $certs.Count
            Test-Path -LiteralPath $certs[0].Path | Should -BeTrue
        }
        It 'filters by -Subject and -Thumbprint' {
            $one = @(Export-WslNetCertificate)[0]
            $byThumb = @(Export-WslNetCertificate -Thumbprint $one.Thumbprint)
            $byThumb.Thumbprint | Should -Be @($one.Thumbprint)
        }
        It 'writes WslNet.notFound (exit 4) when nothing matches' {
            $null = Export-WslNetCertificate -Subject 'No Such CA Anywhere' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.notFound,*'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 4
        }
        It 'renders the table within 120 columns with NotAfter as one header' {
            $text = Export-WslNetCertificate | Select-Object -First 5 | Format-Table | Out-String -Width 120
            $lines = $text -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
            @($lines | Where-Object { $_ -match '\bNotAfter\b' }).Count | Should -Be 1
        }
    }

    Context 'Install-WslNetCertificate' {
        BeforeEach { Remove-Item -LiteralPath "$script:Fake/wsl-args.log" -ErrorAction SilentlyContinue }
        AfterAll { Set-TestWslDouble $null }
        It '-WhatIf runs no wsl.exe' {
            Set-TestWslDouble "Updating certificates`n1 added`n"
            Install-WslNetCertificate -Distribution Ubuntu -WhatIf | Should -BeNullOrEmpty
            Get-TestWslCallCount | Should -Be 0
        }
        It 'elevated (as Wine runs everything) without -AllowDistroCode: refused, WslNet.usage (exit 2), wsl.exe not run' {
            Set-TestWslDouble "done`n"
            $null = Install-WslNetCertificate -Distribution Ubuntu -Store Machine -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.usage,Install-WslNetCertificate'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 2
            $err[0].Exception.Message | Should -Match -- '--allow-distro-code'
            $err[0].TargetObject | Should -Be 'Ubuntu'
            Get-TestWslCallCount | Should -Be 0
        }
        It '-WhatIf needs no -AllowDistroCode (the dry run runs nothing) and shows the wsl.exe command' {
            $out = & $env:WSLNET_TEST_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; Install-WslNetCertificate -Distribution Ubuntu -Store Machine -WhatIf" 2>&1
            ($out -join "`n") | Should -Match 'What if: .*wslnet.exe --dry-run says:'
            ($out -join "`n") | Should -Match 'update-ca-certificates'
            Get-TestWslCallCount | Should -Be 0
        }
        It 'installs through wsl.exe as root and returns what it did' {
            Set-TestWslDouble "Updating certificates in /etc/ssl/certs...`n3 added, 0 removed; done.`n"
            $r = Install-WslNetCertificate -Distribution Ubuntu-22.04 -Store Machine -AllowDistroCode
            $r.PSObject.TypeNames[0] | Should -Be 'WslNet.CertificateInstall'
            $r.Ran | Should -BeTrue
            $r.ExitCode | Should -Be 0
            $r.Output | Should -Match '3 added'
            Get-TestWslCallCount | Should -Be 1
            $args0 = @(Get-Content -LiteralPath "$script:Fake/wsl-args.log")[0] | ConvertFrom-Json
            $args0[0..3] | Should -Be @('-d', 'Ubuntu-22.04', '-u', 'root')
        }
        It 'takes distributions from the pipeline, one install each' {
            Set-TestWslDouble "done`n"
            $r = @('Ubuntu', 'Debian' | Install-WslNetCertificate -Store Machine -AllowDistroCode)
            $r.Distribution | Should -Be @('Ubuntu', 'Debian')
            Get-TestWslCallCount | Should -Be 2
        }
        It 'refuses a distribution name that looks like an option (WslNet.invalidInput), runs nothing' {
            $null = Install-WslNetCertificate -Distribution '-u' -AllowDistroCode -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.invalidInput,*'
            Get-TestWslCallCount | Should -Be 0
        }
        It 'no update-ca-certificates in the distribution: WslNet.unsupported' {
            Set-TestWslDouble "update-ca-certificates is not installed`n" -ExitCode 69
            $null = Install-WslNetCertificate -Distribution Alpine -Store Machine -AllowDistroCode -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.unsupported,*'
        }
        It 'wsl.exe failing: WslNet.systemError with its message' {
            Set-TestWslDouble "There is no distribution with the supplied name.`r`nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND`r`n" -ExitCode 1 -Encoding utf16le
            $null = Install-WslNetCertificate -Distribution NoSuch -Store Machine -AllowDistroCode -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.systemError,*'
            $err[0].Exception.Message | Should -Match 'WSL_E_DISTRO_NOT_FOUND'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 10
        }
        It 'no wsl.exe at all: WslNet.unavailable' {
            $wsl = Join-Path $env:WSLNET_TEST_SYSTEM32 'wsl.exe'
            Move-Item -LiteralPath $wsl -Destination "$wsl.away"
            try {
                $null = Install-WslNetCertificate -Distribution Ubuntu -Store Machine -AllowDistroCode -ErrorAction SilentlyContinue -ErrorVariable err
            }
            finally { Move-Item -LiteralPath "$wsl.away" -Destination $wsl }
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WslNet.unavailable,*'
        }
    }
}

# The NAT subnet (issue 15 item 4). This prefix is not in a network namespace:
# the routes wslnet reads are this machine's own, so a refusal for an
# overlapping route and -Force over one are not tested here (tests/e2e/subnet.sh
# does, with a VPN-like interface in a namespace). What is tested: the
# registry writes (reg query), the dry run, refusals of bad input, elevation
# (Module.Tests.ps1), that wsl.exe is never run (no -Shutdown), the HNS double's
# networks, and the typed objects and views.
Describe 'NAT subnet' {
    BeforeAll {
        # A value of WSL's that wslnet never touches.
        $null = Invoke-TestWine reg add $script:HklmLxss /v DefaultDistribution /t REG_SZ /d '{0a1b2c3d-0000-4000-8000-000000000001}' /f
        function Clear-TestPin {
            $null = Invoke-TestWine reg delete $script:HklmLxss /v NatNetwork /f
            $null = Invoke-TestWine reg delete $script:HklmLxss /v NatGatewayIpAddress /f
        }
        Clear-TestPin
    }
    AfterAll {
        Clear-TestPin
        $null = Invoke-TestWine reg delete $script:HklmLxss /v DefaultDistribution /f
        Remove-Item -LiteralPath "$script:Fake/hns.json" -ErrorAction SilentlyContinue
        Set-TestWslDouble $null
    }

    Context 'Get-WslNetSubnet' {
        It 'nothing pinned: NatNetwork and NatGateway are $null, as in the exe''s document' {
            $exe = (Invoke-TestExe subnet show --json).Output -join "`n" | ConvertFrom-Json
            $s = Get-WslNetSubnet
            $s.PSObject.TypeNames[0] | Should -Be 'WslNet.Subnet'
            $null -eq $s.NatNetwork | Should -BeTrue
            $null -eq $s.NatGateway | Should -BeTrue
            $s.NatNetworkValid | Should -BeFalse
            $s.RoutesRead | Should -Be $exe.routesRead
            $s.OverlapCount | Should -Be $exe.overlapCount
            @($s.Overlaps).Count | Should -Be $exe.overlapCount
            ($s | Format-List | Out-String -Width 120) | Should -Match 'NatNetwork\s+: \(not set\)'
        }
        It '-Adapter names the adapter whose subnet is checked' {
            $exe = (Invoke-TestExe subnet show --adapter 'eth*' --json).Output -join "`n" | ConvertFrom-Json
            $s = Get-WslNetSubnet -Adapter 'eth*'
            $s.Adapter | Should -Be $exe.adapter
            $s.AdapterSubnet | Should -Be $exe.adapterSubnet
            $s.AdapterSubnet | Should -Not -BeNullOrEmpty
            $s.CheckedSubnet | Should -Be $exe.adapterSubnet
        }
        It 'lists WSL''s HNS networks; a pin no network uses yet is Pending' {
            $net = 'b95d0c5e-57d4-412b-b571-18a81a16e005'
            $hns = '{"networks":[{"id":"' + $net + '","properties":{"ID":"' + $net.ToUpper() + '","Name":"WSL","Type":"ICS","Flags":9,' +
                '"Subnets":[{"AddressPrefix":"172.28.16.0/20","GatewayAddress":"172.28.16.1"}]}}],"endpoints":[]}'
            Set-Content -LiteralPath "$script:Fake/hns.json" -Value $hns -Encoding utf8NoBOM
            $null = Invoke-TestWine reg add $script:HklmLxss /v NatNetwork /t REG_SZ /d 10.249.0.0/20 /f
            try { $s = Get-WslNetSubnet }
            finally { Remove-Item -LiteralPath "$script:Fake/hns.json"; Clear-TestPin }
            $s.NatNetwork | Should -Be '10.249.0.0/20'
            $s.NatNetworkValid | Should -BeTrue
            $null -eq $s.NatGateway | Should -BeTrue
            $s.HnsNetworks.Count | Should -Be 1
            $s.HnsNetworks[0].PSObject.TypeNames[0] | Should -Be 'WslNet.SubnetHnsNetwork'
            $s.HnsNetworks[0].Name | Should -Be 'WSL'
            $s.HnsNetworks[0].Subnet | Should -Be '172.28.16.0/20'
            $s.HnsNetworks[0].Gateway | Should -Be '172.28.16.1'
            $s.Pending | Should -BeTrue
            $text = $s | Format-List | Out-String -Width 120
            $text | Should -Match 'WSL: 172\.28\.16\.0/20 \(gateway 172\.28\.16\.1\)'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        }
    }

    Context 'Find-WslNetSubnet' {
        It 'suggests what the exe suggests: a private /20 with its first address as gateway' {
            $exe = (Invoke-TestExe subnet suggest --json).Output -join "`n" | ConvertFrom-Json
            $f = Find-WslNetSubnet
            $f.PSObject.TypeNames[0] | Should -Be 'WslNet.SubnetSuggestion'
            $f.Subnet | Should -Be $exe.subnet
            $f.Gateway | Should -Be $exe.gateway
            $f.RoutesConsidered | Should -Be $exe.routesConsidered
            $f.Subnet | Should -Match '^(10\.\d+|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d+\.0/20$'
            $f.Gateway | Should -Be (($f.Subnet -replace '\.0/20$', '.1'))
        }
        It 'renders a table within 120 columns' {
            $lines = (Find-WslNetSubnet | Format-Table | Out-String -Width 120) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
            ($lines -join "`n") | Should -Match 'RoutesConsidered'
        }
    }

    Context 'Set-WslNetSubnet' {
        BeforeEach { Clear-TestPin; Remove-Item -LiteralPath "$script:Fake/wsl-args.log" -ErrorAction SilentlyContinue }
        It '-WhatIf shows the exe''s plan (both writes) and writes nothing' {
            $before = Get-TestLxssDump
            $out = & $env:WSLNET_TEST_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; Set-WslNetSubnet -Subnet 10.249.0.0/20 -WhatIf" 2>&1
            $text = $out -join "`n"
            $text | Should -Match 'What if: Pin the WSL NAT subnet .* on "10\.249\.0\.0/20": wslnet\.exe --dry-run says:'
            $text | Should -Match 'would write NatNetwork = 10\.249\.0\.0/20 \(was absent\)'
            $text | Should -Match 'NatGatewayIpAddress = 10\.249\.0\.1'
            Get-TestLxssDump | Should -Be $before
            Get-TestRegValue $script:HklmLxss NatNetwork | Should -Be ''
        }
        It 'writes NatNetwork and NatGatewayIpAddress as REG_SZ, other values kept; warns to restart Windows; no output without -PassThru' {
            $out = Set-WslNetSubnet -Subnet 10.249.0.0/20 -WarningVariable warn 3>$null
            $out | Should -BeNullOrEmpty
            Get-TestRegValue $script:HklmLxss NatNetwork | Should -Be 'REG_SZ 10.249.0.0/20'
            Get-TestRegValue $script:HklmLxss NatGatewayIpAddress | Should -Be 'REG_SZ 10.249.0.1'
            Get-TestRegValue $script:HklmLxss DefaultDistribution | Should -Be 'REG_SZ {0a1b2c3d-0000-4000-8000-000000000001}'
            @($warn).Count | Should -Be 1
            ($warn -join '') | Should -Match 'restart Windows'
            Get-TestWslCallCount | Should -Be 0
        }
        It '-PassThru returns the typed change: old values $null when absent; again, nothing written and no warning' {
            $c = Set-WslNetSubnet -Subnet 192.168.240.0/20 -Gateway 192.168.240.254 -PassThru -WarningAction SilentlyContinue
            $c.PSObject.TypeNames[0] | Should -Be 'WslNet.SubnetChange'
            $c.Changed | Should -BeTrue
            $c.DryRun | Should -BeFalse
            $c.Gateway | Should -Be '192.168.240.254'
            $c.Values[0].PSObject.TypeNames[0] | Should -Be 'WslNet.SubnetValue'
            $c.Values.Name | Should -Be @('NatNetwork', 'NatGatewayIpAddress')
            $null -eq $c.Values[0].OldValue | Should -BeTrue
            $c.Values.Action | Should -Be @('write', 'write')
            $c.PSObject.Properties.Name | Should -Not -Contain 'ShutdownRan'
            Get-TestRegValue $script:HklmLxss NatGatewayIpAddress | Should -Be 'REG_SZ 192.168.240.254'
            $again = Set-WslNetSubnet -Subnet 192.168.240.0/20 -Gateway 192.168.240.254 -PassThru -WarningVariable warn
            $again.Changed | Should -BeFalse
            $again.Values.Action | Should -Be @('none', 'none')
            $again.Values[0].OldValue | Should -Be '192.168.240.0/20'
            @($warn).Count | Should -Be 0
            $lines = (($again | Format-List | Out-String -Width 120) + ($again.Values | Format-Table | Out-String -Width 120)) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
            ($lines -join "`n") | Should -Match 'NatNetwork: 192\.168\.240\.0/20 -> 192\.168\.240\.0/20 \(none\)'
        }
        It 'Find-WslNetSubnet | Set-WslNetSubnet pins the suggestion (Subnet, Gateway by property name)' {
            $f = Find-WslNetSubnet
            $c = Find-WslNetSubnet | Set-WslNetSubnet -PassThru -WarningAction SilentlyContinue
            $c.Subnet | Should -Be $f.Subnet
            Get-TestRegValue $script:HklmLxss NatNetwork | Should -Be "REG_SZ $($f.Subnet)"
            Get-TestRegValue $script:HklmLxss NatGatewayIpAddress | Should -Be "REG_SZ $($f.Gateway)"
        }
        It 'one error per bad pipeline item, the good one still written' {
            $null = '10.249.0.1/20', '10.248.0.0/20' | Set-WslNetSubnet -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Be '10.249.0.1/20'
            $err[0].Exception.Message | Should -Match 'host bits.*10\.249\.0\.0/20'
            Get-TestRegValue $script:HklmLxss NatNetwork | Should -Be 'REG_SZ 10.248.0.0/20'
        }
        It 'refuses <Subnet> <Why>: WslNet.invalidInput (exit 3), nothing written' -ForEach @(
            @{ Subnet = '8.8.8.0/24'; Why = '(public)' }
            @{ Subnet = '172.32.0.0/16'; Why = '(outside 172.16/12)' }
            @{ Subnet = '10.249.0.0/12'; Why = '(/12)' }
            @{ Subnet = '10.249.0.0/26'; Why = '(/26)' }
            @{ Subnet = '10.249.0.0'; Why = '(no prefix length)' }
            @{ Subnet = '10.249.0.0/20;calc'; Why = '(trailing text)' }
            @{ Subnet = '-x'; Why = '(an option-like value, after "--")' }
            @{ Subnet = 'ünï/20'; Why = '(non-ASCII)' }
        ) {
            $before = Get-TestLxssDump
            $null = Set-WslNetSubnet -Subnet $Subnet -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.invalidInput,Set-WslNetSubnet'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 3
            $err[0].TargetObject | Should -Be $Subnet
            Get-TestLxssDump | Should -Be $before
        }
        It 'refuses a gateway outside the subnet, also under -WhatIf (the dry run checks the input)' {
            $before = Get-TestLxssDump
            $null = Set-WslNetSubnet -Subnet 10.249.0.0/20 -Gateway 10.249.16.1 -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.invalidInput,Set-WslNetSubnet'
            $err[0].Exception.Message | Should -Match 'not a host address'
            $null = Set-WslNetSubnet -Subnet 10.249.0.0/20 -Gateway 10.249.16.1 -WhatIf -ErrorAction SilentlyContinue -ErrorVariable err2
            $err2[0].FullyQualifiedErrorId | Should -Be 'WslNet.invalidInput,Set-WslNetSubnet'
            Get-TestLxssDump | Should -Be $before
        }
        It 'an empty subnet is refused by the cmdlet itself, the exe not run' {
            { Set-WslNetSubnet -Subnet '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-WslNetSubnet'
        }
        It '-ErrorAction Stop makes a refusal terminating' {
            { Set-WslNetSubnet -Subnet 8.8.8.0/24 -ErrorAction Stop } | Should -Throw -ErrorId 'WslNet.invalidInput,Set-WslNetSubnet'
        }
        It 'has no -Shutdown: wsl --shutdown does not apply a new subnet (HNS keeps the network until Windows restarts)' {
            (Get-Command Set-WslNetSubnet).Parameters.ContainsKey('Shutdown') | Should -BeFalse
            $c = Set-WslNetSubnet -Subnet 10.247.0.0/20 -PassThru -WarningVariable warn
            @($warn).Count | Should -Be 1
            "$($warn[0])" | Should -Match 'restart Windows'
            $c.TakesEffect | Should -Match 'wsl --shutdown is not enough'
            Get-TestWslCallCount | Should -Be 0
        }
    }
}
