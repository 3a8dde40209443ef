# Expose.Tests.ps1 - Publish-/Unpublish-WslNetPort, Get-/Sync-WslNetPortPublication
# end to end: the module copy whose wslnet.exe runs the real exe under Wine,
# in the prefix of tests/ps/prefix.sh, with the state an exposure needs as
# tests/exe/suite-expose.sh seeds it (HKLM Lxss NatNetwork, the HNS double
# with the flow-steering exports, build 26100, IPv6 on, the WMI double in V2,
# the IP Helper and NetFwPolicy2 doubles). State is read from the doubles
# (registry, netfw.json, wmi.json), never from the module.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name $env:WSLNET_TEST_MODULE -Force

    $script:Vm = '172.28.20.5'
    $script:WslCreator = '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
    $script:ExposuresKey = 'HKLM\SOFTWARE\wslnet\Exposures'
    $script:NtKey = 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $script:Tcpip6Key = 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'
    $me = [Environment]::UserName
    $script:WslConfig = Join-Path $env:WSLNET_TEST_PREFIX "drive_c/users/$me/.wslconfig"
    $script:SavedWslConfig = $null
    if (Test-Path -LiteralPath $script:WslConfig) { $script:SavedWslConfig = Get-Content -Raw -LiteralPath $script:WslConfig }
    $script:SavedBuild = Get-TestRegValue $script:NtKey CurrentBuild
    $script:SavedIpv6 = Get-TestRegValue $script:Tcpip6Key DisabledComponents

    function Set-TestMode {
        param([string]$Mode)
        Set-Content -LiteralPath $script:WslConfig -Value "[wsl2]`nnetworkingMode=$Mode`n" -NoNewline -Encoding utf8NoBOM
    }
    function Get-TestExposeState {
        # Everything an exposure could touch, as text.
        $exposures = @(Invoke-TestWine reg query $script:ExposuresKey /s) | ForEach-Object { $_.TrimEnd("`r") } | Sort-Object
        return (Get-TestProxyState) + "`n--`n" + (@($exposures) -join "`n") + "`n--`n" + (Get-Content -Raw -LiteralPath "$script:Fake/wmi.json")
    }
    function Get-TestForeignState {
        # The foreign port proxy, host rule and Hyper-V rules only.
        $proxy = @(Invoke-TestWine reg query "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/3389') | ForEach-Object { $_.TrimEnd("`r") }
        $fw = (Get-Content -Raw -LiteralPath "$script:Fake/netfw.json" | ConvertFrom-Json).rules | Where-Object { $_.Name -notlike 'wslnet*' }
        $wmi = (Get-Content -Raw -LiteralPath "$script:Fake/wmi.json" | ConvertFrom-Json).stores.PersistentStore.MSFT_NetFirewallHyperVRule |
            Where-Object { $v = $_.InstanceID; if ($v -isnot [string]) { $v = $v.value }; $v -notlike 'wslnet*' }
        return (@($proxy) -join "`n") + (ConvertTo-Json -InputObject @($fw) -Depth 5 -Compress) + (ConvertTo-Json -InputObject @($wmi) -Depth 5 -Compress)
    }
    function Test-TestStoreValue {
        param([string]$Name, [string]$Data)
        $value = Get-TestRegValue "$script:StoreKey\v4tov4\tcp" $Name
        if ($Data) { return $value -eq "REG_SZ $Data" }
        return $value -ne ''
    }
    function Get-TestHostRule {
        param([string]$Name)
        $doc = Get-Content -Raw -LiteralPath "$script:Fake/netfw.json" | ConvertFrom-Json
        return @($doc.rules | Where-Object Name -eq $Name)
    }
    function Get-TestHyperVRule {
        param([string]$Id)
        $doc = Get-Content -Raw -LiteralPath "$script:Fake/wmi.json" | ConvertFrom-Json
        foreach ($r in @($doc.stores.PersistentStore.MSFT_NetFirewallHyperVRule)) {
            $plain = @{}
            foreach ($p in $r.PSObject.Properties) {
                $v = $p.Value
                if ($null -ne $v -and $v -isnot [string] -and $null -ne $v.PSObject.Properties['value']) { $v = $v.value }
                $plain[$p.Name] = $v
            }
            if ([string]$plain['InstanceID'] -eq $Id) { return [pscustomobject]$plain }
        }
        return $null
    }
    function Get-TestExposureRecord {
        param([string]$Name)
        return Get-TestRegValue $script:ExposuresKey $Name
    }

    # What the mode resolver needs to let mirrored stand, as suite-expose.sh.
    $null = Invoke-TestWine reg add $script:HklmLxss /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
    Set-Content -LiteralPath "$script:Fake/hns.json" -Value '{"networks": [], "endpoints": []}' -NoNewline -Encoding utf8NoBOM
    $null = Invoke-TestWine reg add $script:NtKey /v CurrentBuild /t REG_SZ /d 26100 /f
    $null = Invoke-TestWine reg add $script:Tcpip6Key /v DisabledComponents /t REG_DWORD /d 0 /f
    Set-TestVmAddress $script:Vm
    Set-TestMode 'nat'
    # Foreign things, seeded before anything runs: a port proxy, a host rule, two Hyper-V rules.
    $null = Invoke-TestWine reg add "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f
    Set-Content -LiteralPath "$script:Fake/netfw.json" -Encoding utf8NoBOM -Value (
        '{"currentProfileTypes": 2, "rules": [{"Name": "Remote Desktop (TCP-In)", "Grouping": "@FirewallAPI.dll,-28752", ' +
        '"Protocol": 6, "LocalPorts": "3389", "Direction": 1, "Action": 1, "Profiles": 2147483647, "Enabled": true}]}')
    Set-TestWmiState ('{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [' +
        '{"InstanceID": "WslCore-Allow-Inbound-ICMPv6-1-x", "ElementName": "WslCore Inbound ICMPv6", "Direction": 1, "Action": 2, ' +
        '"Enabled": 1, "VMCreatorId": "' + $script:WslCreator + '", "Protocol": "ICMPv6"}, ' +
        '{"InstanceID": "docker-rule", "ElementName": "Docker", "Direction": 1, "Action": 4, "Enabled": 1, ' +
        '"VMCreatorId": "{00000000-0000-0000-0000-000000000001}", "Protocol": "TCP", "LocalPorts": ["2375"]}]}}}')
    $script:ForeignBefore = Get-TestForeignState
}

AfterAll {
    $null = Invoke-TestWine reg delete $script:ExposuresKey /f
    $null = Invoke-TestWine reg delete "$script:StoreKey\v4tov4\tcp" /v '0.0.0.0/3389' /f
    $null = Invoke-TestWine reg delete $script:HklmLxss /v NatNetwork /f
    if ($script:SavedBuild -match '^REG_SZ (.+)$') { $null = Invoke-TestWine reg add $script:NtKey /v CurrentBuild /t REG_SZ /d $Matches[1] /f }
    if ($script:SavedIpv6 -eq '') { $null = Invoke-TestWine reg delete $script:Tcpip6Key /v DisabledComponents /f }
    elseif ($script:SavedIpv6 -match '^REG_DWORD (.+)$') {
        $null = Invoke-TestWine reg add $script:Tcpip6Key /v DisabledComponents /t REG_DWORD /d $Matches[1] /f
    }
    Remove-Item -LiteralPath "$script:Fake/hns.json" -ErrorAction SilentlyContinue
    if ($null -eq $script:SavedWslConfig) { Remove-Item -LiteralPath $script:WslConfig -ErrorAction SilentlyContinue }
    else { Set-Content -LiteralPath $script:WslConfig -Value $script:SavedWslConfig -NoNewline -Encoding utf8NoBOM }
    Clear-TestVmAddress
}

Describe 'Port publication' {
    Context 'bad input, refusals' {
        It 'refuses <Why>: WslNet.invalidInput (exit 3), nothing changed' -ForEach @(
            @{ Why = 'a port listed twice'; Arguments = @{ Port = 8080, 8080 }; Pattern = 'twice' }
            @{ Why = '-ToPort with two ports'; Arguments = @{ Port = 8080, 8443; ToPort = 80 }; Pattern = 'single port' }
            @{ Why = 'a remote item that is no address'; Arguments = @{ Port = 8080; Remote = '300.1.1.1' }; Pattern = 'remote|item' }
        ) {
            $before = Get-TestExposeState
            Publish-WslNetPort @Arguments -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.invalidInput,Publish-WslNetPort'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 3
            $err[0].Exception.Message | Should -Match $Pattern
            Get-TestExposeState | Should -Be $before
        }
        It 'a port out of range is refused by the cmdlet itself, the exe not run' {
            { Publish-WslNetPort -Port 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Publish-WslNetPort'
        }
        It 'UDP in NAT: WslNet.unsupported (exit 9) with the reason and the alternative, nothing changed' {
            $before = Get-TestExposeState
            $out = Publish-WslNetPort -Port 5353 -Protocol UDP -PassThru -ErrorAction SilentlyContinue -ErrorVariable err
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.unsupported,Publish-WslNetPort'
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $err[0].Exception | Should -BeOfType [System.NotSupportedException]
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 9
            $err[0].Exception.Message | Should -Match 'Refused, nothing changed: .*TCP only'
            $err[0].Exception.Data['WslNet.Reason'] | Should -Match 'TCP only'
            $err[0].Exception.Data['WslNet.Alternative'] | Should -Match 'mirrored'
            $err[0].ErrorDetails.RecommendedAction | Should -Be $err[0].Exception.Data['WslNet.Alternative']
            $err[0].TargetObject | Should -Be 'UDP port 5353'
            Get-TestExposeState | Should -Be $before
        }
        It 'UDP in NAT under -WhatIf: the same refusal (the dry run checks it), nothing changed' {
            $before = Get-TestExposeState
            Publish-WslNetPort -Port 5353 -Protocol UDP -WhatIf -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.unsupported,Publish-WslNetPort'
            Get-TestExposeState | Should -Be $before
        }
        It 'Unpublish of a port never published: WslNet.notFound (exit 4)' {
            Unpublish-WslNetPort -Port 9999 -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.notFound,Unpublish-WslNetPort'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 4
        }
    }

    Context 'NAT' {
        It '-WhatIf shows the exe''s plan (proxy, host rule, Hyper-V rule, record) and changes nothing' {
            $before = Get-TestExposeState
            $out = & $env:WSLNET_TEST_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:WSLNET_TEST_MODULE'; Publish-WslNetPort -Port 8080 -WhatIf" 2>&1
            $text = $out -join "`n"
            $text | Should -Match 'What if: Publish .* on "TCP port 8080": wslnet\.exe --dry-run says:'
            $text | Should -Match 'Effective mode: nat'
            $text | Should -Match 'Would change \(dry run, nothing changed\)'
            $text | Should -Match 'putOwned\s+v4tov4\s+0\.0\.0\.0/8080'
            $text | Should -Match 'putHypervRule\s+wslnet-expose-tcp-8080'
            $text | Should -Match 'putExposure'
            Get-TestExposeState | Should -Be $before
        }
        It 'publishes 8080: proxy to the VM address, host rule, Hyper-V rule, record; no output without -PassThru' {
            $out = Publish-WslNetPort -Port 8080
            $out | Should -BeNullOrEmpty
            Test-TestStoreValue '0.0.0.0/8080' "$script:Vm/8080" | Should -BeTrue
            $rule = @(Get-TestHostRule 'wslnet proxy v4tov4 0.0.0.0:8080')
            $rule.Count | Should -Be 1
            $rule[0].Grouping | Should -Be 'wslnet'
            $rule[0].Protocol | Should -Be 6
            $rule[0].LocalPorts | Should -Be '8080'
            $rule[0].RemoteAddresses | Should -Be 'LocalSubnet'
            $rule[0].Profiles | Should -Be 3
            $hv = Get-TestHyperVRule 'wslnet-expose-tcp-8080'
            $hv | Should -Not -BeNullOrEmpty
            $hv.VMCreatorId | Should -Be $script:WslCreator
            $hv.Protocol | Should -Be 'TCP'
            @($hv.LocalPorts) | Should -Be @('8080')
            Get-TestExposureRecord 'tcp-8080' | Should -Match 'pieces=portProxy,hostRule,hypervRule'
        }
        It 'publishing again changes nothing: -PassThru returns the typed result with no changes' {
            $before = Get-TestExposeState
            $r = Publish-WslNetPort -Port 8080 -PassThru
            $r.PSObject.TypeNames[0] | Should -Be 'WslNet.PortPublicationResult'
            $r.Applied | Should -BeFalse
            $r.DryRun | Should -BeFalse
            @($r.Changes).Count | Should -Be 0
            $r.VmAddress | Should -Be $script:Vm
            $r.Mode.PSObject.TypeNames[0] | Should -Be 'WslNet.PortPublicationMode'
            $r.Mode.Mode | Should -Be 'nat'
            $r.Mode.Reason | Should -Match 'nat'
            $r.Mode.HyperVFirewall | Should -BeTrue
            $null -eq $r.Recovered | Should -BeTrue
            Get-TestExposeState | Should -Be $before
            $text = $r | Format-List | Out-String -Width 120
            $text | Should -Match 'Changes\s+: \(none: everything in place\)'
        }
        It 'Get-WslNetPortPublication: the exposure and its pieces, all ok, as the exe lists them' {
            $exe = (Invoke-TestExe expose list --json).Output -join "`n" | ConvertFrom-Json
            $list = @(Get-WslNetPortPublication)
            $list.Count | Should -Be 1
            $p = $list[0]
            $p.PSObject.TypeNames[0] | Should -Be 'WslNet.PortPublication'
            $p.Protocol | Should -Be 'tcp'
            $p.Port | Should -Be 8080
            $p.ToPort | Should -Be 8080
            $p.Profile | Should -Be @($exe.exposures[0].profiles -split ',')
            $p.Remote | Should -Be @('LocalSubnet')
            $p.Ok | Should -BeTrue
            $null -eq $p.Refusal | Should -BeTrue
            $p.Pieces[0].PSObject.TypeNames[0] | Should -Be 'WslNet.PortPublicationPiece'
            $p.Pieces.Kind | Should -Be @('portProxy', 'hostRule', 'hypervRule')
            $p.Pieces.State | Should -Be @('ok', 'ok', 'ok')
            $p.Pieces.Name | Should -Be @($exe.exposures[0].pieces.name)
            $p.Mode.Mode | Should -Be 'nat'
            $p.VmAddress | Should -Be $script:Vm
            $lines = ($list | Format-Table | Out-String -Width 120) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
            ($lines -join "`n") | Should -Match 'tcp\s+8080\s+8080 ok\s+.*portProxy:ok hostRule:ok hypervRule:ok'
            $lines = ($p.Pieces | Format-Table | Out-String -Width 120) -split "`n"
            ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
            @(Get-WslNetPortPublication -Port 9999).Count | Should -Be 0
            @(Get-WslNetPortPublication -Protocol UDP).Count | Should -Be 0
        }
    }

    Context 'NAT -> mirrored' {
        It 'the list says the proxy and host rule are stale; Sync -WhatIf changes nothing' {
            Set-TestMode 'mirrored'
            $p = Get-WslNetPortPublication -Port 8080
            $p.Mode.Mode | Should -Be 'mirrored'
            $p.Pieces.State | Should -Be @('stale', 'stale', 'ok')
            $p.Ok | Should -BeFalse
            ($p | Format-Table | Out-String -Width 120) | Should -Match '8080 sync'
            $before = Get-TestExposeState
            Sync-WslNetPortPublication -WhatIf
            Get-TestExposeState | Should -Be $before
        }
        It 'Sync removes the proxy and its host rule, keeps the Hyper-V rule; again, nothing changes' {
            $r = Sync-WslNetPortPublication -PassThru
            $r.Mode.Mode | Should -Be 'mirrored'
            $r.Applied | Should -BeTrue
            $r.Changes.Operation | Should -Contain 'deleteRule'
            $r.Changes.Operation | Should -Not -Contain 'putHypervRule'
            $r.Changes[0].PSObject.TypeNames[0] | Should -Be 'WslNet.PortProxyChange'
            Test-TestStoreValue '0.0.0.0/8080' | Should -BeFalse
            @(Get-TestHostRule 'wslnet proxy v4tov4 0.0.0.0:8080').Count | Should -Be 0
            @((Get-TestHyperVRule 'wslnet-expose-tcp-8080').LocalPorts) | Should -Be @('8080')
            Get-TestExposureRecord 'tcp-8080' | Should -Match 'pieces=hypervRule$'
            $before = Get-TestExposeState
            $again = Sync-WslNetPortPublication -PassThru
            @($again.Changes).Count | Should -Be 0
            Get-TestExposeState | Should -Be $before
        }
        It '-ToPort in mirrored: WslNet.unsupported (no port translation), nothing changed' {
            $before = Get-TestExposeState
            Publish-WslNetPort -Port 8081 -ToPort 80 -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.unsupported,Publish-WslNetPort'
            $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 9
            Get-TestExposeState | Should -Be $before
        }
    }

    Context 'Unpublish' {
        It 'Get-WslNetPortPublication | Unpublish-WslNetPort removes every publication, leaves no trace, foreign items untouched' {
            Set-TestMode 'nat'
            Sync-WslNetPortPublication
            Publish-WslNetPort -Port 8443, 9443
            Test-TestStoreValue '0.0.0.0/8080' "$script:Vm/8080" | Should -BeTrue
            Test-TestStoreValue '0.0.0.0/9443' "$script:Vm/9443" | Should -BeTrue
            @(Get-WslNetPortPublication).Port | Should -Be @(8080, 8443, 9443)
            $r = @(Get-WslNetPortPublication | Unpublish-WslNetPort -PassThru)
            $r.Count | Should -Be 3
            # The change that removes the Hyper-V rule, by its name and its whole op name.
            $r[0].Changes.Name | Should -Contain 'wslnet-expose-tcp-8080'
            $r[0].Changes.Operation | Should -Contain 'deleteHypervRule'
            foreach ($port in 8080, 8443, 9443) {
                Test-TestStoreValue "0.0.0.0/$port" | Should -BeFalse
                Get-TestRegValue "$script:OwnedKey\v4tov4" "0.0.0.0/$port" | Should -Be ''
                @(Get-TestHostRule "wslnet proxy v4tov4 0.0.0.0:$port").Count | Should -Be 0
                Get-TestHyperVRule "wslnet-expose-tcp-$port" | Should -BeNullOrEmpty
                Get-TestExposureRecord "tcp-$port" | Should -Be ''
            }
            @(Get-WslNetPortPublication).Count | Should -Be 0
            Get-TestForeignState | Should -Be $script:ForeignBefore
        }
        It 'Unpublish -WhatIf changes nothing' {
            Publish-WslNetPort -Port 8080
            $before = Get-TestExposeState
            Get-WslNetPortPublication | Unpublish-WslNetPort -WhatIf
            Get-TestExposeState | Should -Be $before
            Unpublish-WslNetPort -Port 8080
            Get-TestExposureRecord 'tcp-8080' | Should -Be ''
        }
    }
}
