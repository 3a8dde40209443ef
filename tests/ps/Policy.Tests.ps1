# Policy.Tests.ps1 - Get-WslNetPolicyPlan, Invoke-WslNetPolicy, Test-WslNetPolicy
# end to end over the real exe under Wine (issue 12 item 5), in the prefix of
# tests/ps/prefix.sh with the iphlpsvc, NetFwPolicy2 and WMI doubles: the
# cmdlets read exactly the documents `wslnet policy plan|check|apply --json`
# print (docs/cli.md). State is read from the doubles, never from the module.
# tests/exe/suite-policy.sh covers the engine itself.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name $env:WSLNET_TEST_MODULE -Force

    $script:PolicyFile = Join-Path $script:Scratch 'policy.json'
    $script:EmptyPolicy = Join-Path $script:Scratch 'policy-empty.json'
    Set-Content -LiteralPath $script:PolicyFile -Encoding utf8NoBOM -NoNewline -Value (
        '{"schemaVersion": 1, "portProxies": [{"listenPort": 8090, "connectAddress": "wsl"}],' +
        ' "hyperVFirewall": {"rules": [{"name": "pester-web", "protocol": "tcp", "localPorts": [8090]}]}}')
    # lists nothing: what the policy above created goes (and nothing else)
    Set-Content -LiteralPath $script:EmptyPolicy -Encoding utf8NoBOM -NoNewline -Value (
        '{"schemaVersion": 1, "portProxies": [], "hyperVFirewall": {"rules": []}}')
    $null = Invoke-TestWine reg add $script:HklmLxss /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
    Set-TestVmAddress '172.28.20.5'
    Set-TestWmiState '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [{"InstanceID": "docker-rule", "ElementName": "Docker", "Direction": 1, "Action": 4, "Enabled": 1, "VMCreatorId": "{00000000-0000-0000-0000-000000000001}", "Protocol": "TCP", "LocalPorts": ["2375"]}]}}}'
    function Test-TestStoreValue {
        param([string]$Name)
        return (Get-TestRegValue "$script:StoreKey\v4tov4\tcp" $Name) -ne ''
    }
    function Get-TestPolicyState {
        return (Get-TestProxyState) + "`n--`n" + (Get-Content -Raw -LiteralPath "$script:Fake/wmi.json")
    }
}

AfterAll {
    $null = Invoke-WslNetPolicy -Path $script:EmptyPolicy -Confirm:$false -ErrorAction SilentlyContinue
    $null = Invoke-TestWine reg delete $script:HklmLxss /v NatNetwork /f
    Clear-TestVmAddress
}

Describe 'Policy cmdlets' {
    It 'Get-WslNetPolicyPlan lists the changes as WslNet.PolicyChange objects and changes nothing' {
        $before = Get-TestPolicyState
        $plan = @(Get-WslNetPolicyPlan -Path $script:PolicyFile)
        $plan.Count | Should -Be 2
        $plan[0].PSObject.TypeNames[0] | Should -Be 'WslNet.PolicyChange'
        ($plan | ForEach-Object { '{0} {1} {2}' -f $_.Change, $_.Area, $_.Item }) |
            Should -Be @('add portProxies v4tov4 0.0.0.0:8090', 'add hyperVFirewall wslnet-pester-web')
        $plan[0].User | Should -BeNullOrEmpty
        $plan[0].What | Should -Match '0\.0\.0\.0:8090 -> wsl:8090'
        Get-TestPolicyState | Should -Be $before
    }
    It 'Invoke-WslNetPolicy -WhatIf changes nothing; Test-WslNetPolicy says $false' {
        $before = Get-TestPolicyState
        Invoke-WslNetPolicy -Path $script:PolicyFile -WhatIf | Should -BeNullOrEmpty
        Get-TestPolicyState | Should -Be $before
        Test-WslNetPolicy -Path $script:PolicyFile | Should -BeFalse
    }
    It 'Invoke-WslNetPolicy converges; a second run changes nothing; Test-WslNetPolicy says $true' {
        $r = Invoke-WslNetPolicy -Path $script:PolicyFile -Confirm:$false
        $r.PSObject.TypeNames[0] | Should -Be 'WslNet.PolicyResult'
        $r.ChangeCount | Should -Be 2
        $r.Applied | Should -Be 2
        @($r.Failed | Where-Object { $null -ne $_ }).Count | Should -Be 0
        $r.Source | Should -Be 'argument'
        Test-TestStoreValue '0.0.0.0/8090' | Should -BeTrue
        Get-TestWmiRule | Should -Contain 'wslnet-pester-web'
        (Invoke-WslNetPolicy -Path $script:PolicyFile -Confirm:$false).ChangeCount | Should -Be 0
        Test-WslNetPolicy -Path $script:PolicyFile | Should -BeTrue
    }
    It 'a rule deleted by hand: Test-WslNetPolicy $false, -Detailed names it; Invoke restores it' {
        $doc = Get-Content -Raw -LiteralPath "$script:Fake/wmi.json" | ConvertFrom-Json
        $doc.stores.PersistentStore.MSFT_NetFirewallHyperVRule = @($doc.stores.PersistentStore.MSFT_NetFirewallHyperVRule |
                Where-Object { $v = $_.InstanceID; if ($v -isnot [string]) { $v = $v.value }; $v -ne 'wslnet-pester-web' })
        Set-TestWmiState ($doc | ConvertTo-Json -Depth 10 -Compress)
        Test-WslNetPolicy -Path $script:PolicyFile | Should -BeFalse
        $drift = @(Test-WslNetPolicy -Path $script:PolicyFile -Detailed)
        $drift.Count | Should -Be 1
        $drift[0].Item | Should -Be 'wslnet-pester-web'
        $drift[0].Change | Should -Be 'add'
        (Invoke-WslNetPolicy -Path $script:PolicyFile -Confirm:$false).Applied | Should -Be 1
        Test-WslNetPolicy -Path $script:PolicyFile | Should -BeTrue
    }
    It 'an invalid policy: WslNet.invalidInput (exit 3) naming each JSON path, nothing changed' {
        $bad = Join-Path $script:Scratch 'policy-bad.json'
        Set-Content -LiteralPath $bad -Encoding utf8NoBOM -NoNewline -Value '{"schemaVersion": 1, "portProxies": [{"listenPort": "x", "connectAddress": "wsl"}], "y": 1}'
        $before = Get-TestPolicyState
        Invoke-WslNetPolicy -Path $bad -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.invalidInput,Invoke-WslNetPolicy'
        $err[0].Exception.Data['WslNet.ExitCode'] | Should -Be 3
        $err[0].Exception.Message | Should -Match '\$\.y: unknown member'
        $err[0].Exception.Message | Should -Match '\$\.portProxies\[0\]\.listenPort'
        Get-TestPolicyState | Should -Be $before
    }
    It 'a failed item (UDP exposure in NAT): Invoke-WslNetPolicy returns the result with Failed and writes WslNet.policyItemFailed' {
        $partial = Join-Path $script:Scratch 'policy-partial.json'
        # UDP cannot be exposed in NAT mode (refused by expose, exit 9); the proxy can be made
        Set-Content -LiteralPath $partial -Encoding utf8NoBOM -NoNewline -Value (
            '{"schemaVersion": 1, "portProxies": [{"listenPort": 8090, "connectAddress": "wsl"}],' +
            ' "hyperVFirewall": {"rules": [{"name": "pester-web", "protocol": "tcp", "localPorts": [8090]}]},' +
            ' "exposures": [{"ports": [5353], "protocol": "udp"}]}')
        $r = Invoke-WslNetPolicy -Path $partial -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $r.ChangeCount | Should -Be 1
        $r.Applied | Should -Be 0
        @($r.Failed).Count | Should -Be 1
        $r.Failed[0].Item | Should -Be 'udp-5353'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'WslNet.policyItemFailed,Invoke-WslNetPolicy'
        Test-WslNetPolicy -Path $script:PolicyFile | Should -BeTrue
    }
    It 'the items a policy created go when a policy lists none of them; the foreign rule stays' {
        $r = Invoke-WslNetPolicy -Path $script:EmptyPolicy -Confirm:$false
        ($r.Changes | ForEach-Object { $_.Change }) | Should -Be @('remove', 'remove')
        Test-TestStoreValue '0.0.0.0/8090' | Should -BeFalse
        Get-TestWmiRule | Should -Not -Contain 'wslnet-pester-web'
        Get-TestWmiRule | Should -Contain 'docker-rule'
    }
}
