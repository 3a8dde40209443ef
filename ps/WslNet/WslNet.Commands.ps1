#
# WslNet.Commands.ps1 - the declarative tables of the module (dot-sourced by
# WslNet.psm1):
#   $script:WslNetCommands  cmdlet parameters -> wslnet.exe command words and
#                           flags (Get-WslNetArgumentList reads it)
#   $script:WslNetTypes     JSON members -> properties of the output objects
#                           (ConvertTo-WslNetObject reads it)
# The exe's flags and documents: docs/cli.md.
#

Set-StrictMode -Version 2.0

$script:WslNetProfileFlag = @{ Flag = '--profile'; Format = 'lowerjoin' }

$script:WslNetCommands = @{
    'adapter.list'           = @{ Words = @('adapter', 'list'); Kind = 'adapterList'; Items = 'adapters'; Type = 'WslNet.Adapter'
        Flags = [ordered]@{ Adapter = '--adapter' } }
    'address'                = @{ Words = @('address'); Kind = 'address'; Items = '.'; Type = 'WslNet.VmAddress'
        Flags = [ordered]@{
            Source = @{ Flag = '--source'; Format = 'lower' }; Adapter = '--adapter'; User = '--user'
            AllowDistroCode = @{ Flag = '--allow-distro-code'; Format = 'switch' }
        } }
    'mode'                   = @{ Words = @('mode'); Kind = 'mode'; Items = '.'; Type = 'WslNet.Mode'
        Flags = [ordered]@{ ConfigPath = @{ Flag = '--config'; Format = 'path' }; User = '--user' } }
    'version'                = @{ Words = @('version'); Kind = 'version'; Items = '.'; Type = 'WslNet.Version'; Flags = [ordered]@{} }

    'proxy.list'             = @{ Words = @('proxy', 'list'); Kind = 'proxyList'; Items = 'proxies'; Type = 'WslNet.PortProxy'
        Flags = [ordered]@{ Adapter = '--adapter' } }
    'proxy.add'              = @{ Words = @('proxy', 'add'); Kind = 'proxyAdd'; Items = 'changes'; Type = 'WslNet.PortProxyChange'
        Change = $true; Action = 'Add port proxy'; Positional = @('ListenPort')
        Flags = [ordered]@{
            To = '--to'; ConnectPort = '--connect-port'; ListenAddress = '--listen-address'
            Kind = '--kind'; NoFirewall = @{ Flag = '--no-firewall'; Format = 'switch' }
            Profile = $script:WslNetProfileFlag; Remote = @{ Flag = '--remote'; Format = 'join' }
            StartService = @{ Flag = '--start-service'; Format = 'switch' }; User = '--user'
        } }
    'proxy.remove'           = @{ Words = @('proxy', 'remove'); Kind = 'proxyRemove'; Items = 'changes'; Type = 'WslNet.PortProxyChange'
        Change = $true; Action = 'Remove port proxy'; Positional = @('ListenPort')
        Flags = [ordered]@{
            ListenAddress = '--listen-address'; Kind = '--kind'; Force = @{ Flag = '--force'; Format = 'switch' }
            StartService = @{ Flag = '--start-service'; Format = 'switch' }
        } }
    'proxy.sync'             = @{ Words = @('proxy', 'sync'); Kind = 'proxySync'; Items = 'changes'; Type = 'WslNet.PortProxyChange'
        Change = $true; Action = 'Sync port proxies'
        Flags = [ordered]@{ Adapter = '--adapter'; StartService = @{ Flag = '--start-service'; Format = 'switch' }; User = '--user' } }

    # expose / unexpose / expose sync: a refusal of the mode (exit 9) comes with
    # the command's own document (refused, reason, alternative): WslNet.unsupported.
    'expose.add'             = @{ Words = @('expose'); Kind = 'expose'; Items = '.'; Type = 'WslNet.PortPublicationResult'
        Change = $true; Action = 'Publish'; Positional = @('Port'); Refusal = @{ ExitCode = 9; Status = 'unsupported' }
        Flags = [ordered]@{
            Protocol = @{ Flag = '--protocol'; Format = 'lower' }; ToPort = '--to-port'; Profile = $script:WslNetProfileFlag
            Remote = @{ Flag = '--remote'; Format = 'join' }; StartService = @{ Flag = '--start-service'; Format = 'switch' }
            Adapter = '--adapter'
        } }
    'expose.remove'          = @{ Words = @('unexpose'); Kind = 'unexpose'; Items = '.'; Type = 'WslNet.PortPublicationResult'
        Change = $true; Action = 'Unpublish'; Positional = @('Port'); Refusal = @{ ExitCode = 9; Status = 'unsupported' }
        Flags = [ordered]@{
            Protocol = @{ Flag = '--protocol'; Format = 'lower' }; StartService = @{ Flag = '--start-service'; Format = 'switch' }
            Adapter = '--adapter'
        } }
    'expose.list'            = @{ Words = @('expose', 'list'); Kind = 'exposeList'; Items = 'exposures'; Type = 'WslNet.PortPublication'
        Flags = [ordered]@{ Adapter = '--adapter' } }
    'expose.sync'            = @{ Words = @('expose', 'sync'); Kind = 'exposeSync'; Items = '.'; Type = 'WslNet.PortPublicationResult'
        Change = $true; Action = 'Sync port publications to the effective networking mode'; Refusal = @{ ExitCode = 9; Status = 'unsupported' }
        Flags = [ordered]@{ StartService = @{ Flag = '--start-service'; Format = 'switch' }; Adapter = '--adapter' } }

    'firewall.settings.get'  = @{ Words = @('firewall', 'settings', 'get'); Kind = 'firewallSettings'; Items = 'settings'
        Type = 'WslNet.FirewallSetting'; Warnings = 'firewall.warning'
        Flags = [ordered]@{ Store = @{ Flag = '--store'; Format = 'lower' }; VMCreatorId = '--vm-creator' } }
    'firewall.settings.set'  = @{ Words = @('firewall', 'settings', 'set'); Kind = 'firewallSettingsChange'; Items = 'after'
        Type = 'WslNet.FirewallSetting'; Warnings = 'firewall.warning'; Change = $true; Action = 'Set'
        Flags = [ordered]@{
            Enabled = @{ Flag = '--enabled'; Format = 'lower' }
            DefaultInboundAction = @{ Flag = '--default-inbound'; Format = 'lower' }
            DefaultOutboundAction = @{ Flag = '--default-outbound'; Format = 'lower' }
            LoopbackEnabled = @{ Flag = '--loopback'; Format = 'lower' }
            AllowHostPolicyMerge = @{ Flag = '--host-policy-merge'; Format = 'lower' }
            VMCreatorId = '--vm-creator'
        } }
    'firewall.rule.list'     = @{ Words = @('firewall', 'rule', 'list'); Kind = 'firewallRuleList'; Items = 'rules'
        Type = 'WslNet.FirewallRule'; Warnings = 'firewall.warning'
        Flags = [ordered]@{
            Store = @{ Flag = '--store'; Format = 'lower' }; All = @{ Flag = '--all'; Format = 'switch' }; VMCreatorId = '--vm-creator'
        } }
    'firewall.rule.add'      = @{ Words = @('firewall', 'rule', 'add'); Kind = 'firewallRuleChange'; Items = '.'
        Type = 'WslNet.FirewallRuleChange'; Warnings = 'firewall.warning'; Change = $true; Action = 'Add'
        Flags = [ordered]@{
            Name = '--name'; Protocol = '--protocol'; DisplayName = '--display-name'
            Direction = @{ Flag = '--direction'; Format = 'map'; Map = @{ Inbound = 'in'; Outbound = 'out' } }
            Action = @{ Flag = '--action'; Format = 'lower' }
            LocalPort = @{ Flag = '--local-port'; Format = 'join' }; RemotePort = @{ Flag = '--remote-port'; Format = 'join' }
            LocalAddress = @{ Flag = '--local-address'; Format = 'join' }; RemoteAddress = @{ Flag = '--remote-address'; Format = 'join' }
            Profile = $script:WslNetProfileFlag; Enabled = @{ Flag = '--enabled'; Format = 'lower' }; VMCreatorId = '--vm-creator'
        } }
    'firewall.rule.remove'   = @{ Words = @('firewall', 'rule', 'remove'); Kind = 'firewallRuleChange'; Items = '.'
        Type = 'WslNet.FirewallRuleChange'; Warnings = 'firewall.warning'; Change = $true; Action = 'Remove'
        Flags = [ordered]@{ Name = '--name'; Force = @{ Flag = '--force'; Format = 'switch' } } }

    'config.get'             = @{ Words = @('config', 'get'); Kind = 'configValue'; Items = '.'; Type = 'WslNet.ConfigValue'
        Positional = @('Key'); Flags = [ordered]@{ Path = @{ Flag = '--file'; Format = 'path' }; User = '--user' } }
    'config.show'            = @{ Words = @('config', 'show'); Kind = 'configShow'; Items = 'keys'; Type = 'WslNet.ConfigValue'
        Flags = [ordered]@{ Path = @{ Flag = '--file'; Format = 'path' }; User = '--user' } }
    'config.set'             = @{ Words = @('config', 'set'); Kind = 'configChange'; Items = '.'; Type = 'WslNet.ConfigChange'
        Change = $true; Action = 'Set'; Positional = @('Key', 'Value')
        Flags = [ordered]@{ Path = @{ Flag = '--file'; Format = 'path' }; User = '--user' } }
    'config.unset'           = @{ Words = @('config', 'unset'); Kind = 'configChange'; Items = '.'; Type = 'WslNet.ConfigChange'
        Change = $true; Action = 'Remove'; Positional = @('Key')
        Flags = [ordered]@{ Path = @{ Flag = '--file'; Format = 'path' }; User = '--user' } }
    # lint exits 6 with its document when it finds warnings or errors.
    'config.lint'            = @{ Words = @('config', 'lint'); Kind = 'configLint'; Items = 'findings'; Type = 'WslNet.ConfigFinding'
        SuccessExitCode = @(0, 6)
        Flags = [ordered]@{ Path = @{ Flag = '--file'; Format = 'path' }; User = '--user'; WslConf = @{ Flag = '--wsl-conf'; Format = 'switch' } } }

    # doctor exits 20 (a warning) and 21 (a failure) with its document.
    'doctor'                 = @{ Words = @('doctor'); Kind = 'doctor'; Items = 'checks'; Type = 'WslNet.HealthCheck'
        SuccessExitCode = @(0, 20, 21)
        Flags = [ordered]@{
            Port = '--port'; AdapterPattern = '--adapter'; ConfigPath = @{ Flag = '--config'; Format = 'path' }; User = '--user'
        } }

    # certs export has no --dry-run: without --out/--dir it only lists, which is what -WhatIf runs.
    'certs.export'           = @{ Words = @('certs', 'export'); Kind = 'certsExport'; Items = 'certificates'; Type = 'WslNet.Certificate'
        Flags = [ordered]@{
            Path = @{ Flag = '--out'; Format = 'path' }; Directory = @{ Flag = '--dir'; Format = 'path' }
            Store = @{ Flag = '--store'; Format = 'lowerjoin' }; Intermediate = @{ Flag = '--intermediate'; Format = 'switch' }
            Subject = @{ Flag = '--subject'; Format = 'repeat' }; Thumbprint = @{ Flag = '--thumbprint'; Format = 'repeat' }
        } }
    'certs.install'          = @{ Words = @('certs', 'install'); Kind = 'certsInstall'; Items = '.'; Type = 'WslNet.CertificateInstall'
        Change = $true; Action = 'Install Windows root certificates and run update-ca-certificates'
        Flags = [ordered]@{
            Distribution = '--distro'
            Store = @{ Flag = '--store'; Format = 'lowerjoin' }; Intermediate = @{ Flag = '--intermediate'; Format = 'switch' }
            Subject = @{ Flag = '--subject'; Format = 'repeat' }; Thumbprint = @{ Flag = '--thumbprint'; Format = 'repeat' }
            AllowDistroCode = @{ Flag = '--allow-distro-code'; Format = 'switch' }
        } }

    'subnet.show'            = @{ Words = @('subnet', 'show'); Kind = 'subnetShow'; Items = '.'; Type = 'WslNet.Subnet'
        Flags = [ordered]@{ Adapter = '--adapter' } }
    'subnet.suggest'         = @{ Words = @('subnet', 'suggest'); Kind = 'subnetSuggest'; Items = '.'; Type = 'WslNet.SubnetSuggestion'
        Flags = [ordered]@{ Adapter = '--adapter' } }
    'subnet.set'             = @{ Words = @('subnet', 'set'); Kind = 'subnetSet'; Items = '.'; Type = 'WslNet.SubnetChange'
        Change = $true; Action = 'Pin the WSL NAT subnet (HKLM Lxss NatNetwork, NatGatewayIpAddress)'; Positional = @('Subnet')
        Flags = [ordered]@{
            Gateway = '--gateway'; Adapter = '--adapter'; Force = @{ Flag = '--force'; Format = 'switch' }
        } }

    # policy plan / check / apply [FILE]: without FILE, Group Policy's PolicyFile. check exits 1
    # with its document when something drifted; apply exits with the first failed item's code
    # and still prints its policyApply document, whose Failed lists them (docs/cli.md, "Policy").
    'policy.plan'            = @{ Words = @('policy', 'plan'); Kind = 'policyPlan'; Items = 'changes'; Type = 'WslNet.PolicyChange'
        Positional = @('Path'); PathPositional = @('Path'); Flags = [ordered]@{} }
    'policy.check'           = @{ Words = @('policy', 'check'); Kind = 'policyCheck'; Items = 'changes'; Type = 'WslNet.PolicyChange'
        SuccessExitCode = @(0, 1); Positional = @('Path'); PathPositional = @('Path'); Flags = [ordered]@{} }
    'policy.apply'           = @{ Words = @('policy', 'apply'); Kind = 'policyApply'; Items = '.'; Type = 'WslNet.PolicyResult'
        SuccessExitCode = @(0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11); Change = $true; Action = 'Apply the wslnet policy'; Positional = @('Path'); PathPositional = @('Path'); Flags = [ordered]@{} }
}

$script:WslNetTypes = @{
    'WslNet.IPAddress'          = [ordered]@{ Family = 'family:string'; Address = 'address:string'; PrefixLength = 'prefixLength:int' }
    'WslNet.Adapter'            = [ordered]@{
        Name = 'name:string'; Description = 'description:string'; Guid = 'guid:string'; Luid = 'luid:uint64'
        IfIndex = 'ifIndex:uint32'; MacAddress = 'mac:string'; Mtu = 'mtu:uint32'; Status = 'status:string'
        Addresses = 'addresses:WslNet.IPAddress[]'
        IPv4Address = { param($item)
            $ipv4 = New-Object -TypeName System.Collections.Generic.List[string]
            foreach ($a in @(Get-WslNetJsonValue -InputObject $item -Name 'addresses' -Default @())) {
                if ($null -ne $a -and (Get-WslNetJsonValue -InputObject $a -Name 'family') -eq 'ipv4') {
                    $ipv4.Add([string](Get-WslNetJsonValue -InputObject $a -Name 'address'))
                }
            }
            , $ipv4.ToArray() }
    }
    'WslNet.AddressAttempt'     = [ordered]@{ Source = 'source:string'; Status = 'status:string'; Message = 'message:string' }
    'WslNet.VmAddress'          = [ordered]@{
        Address = 'address:string'; PrefixLength = 'prefixLength:int'; Gateway = 'gateway:string'; Source = 'source:string'
        Detail = 'detail:string'; Attempts = 'attempts:WslNet.AddressAttempt[]'; User = 'user:string?'; UserSid = 'userSid:string?'
    }
    # wslnet mode --json (docs/cli.md): tri-states (true/false/null: cannot
    # tell) and Group Policy DWORDs (null: not set) stay $null, never $false/0.
    'WslNet.ModeStep'           = [ordered]@{ Rule = 'rule:string'; Mode = 'mode:string'; WslSource = 'wslSource:string'; Text = 'text:string' }
    'WslNet.Mode'               = [ordered]@{
        ConfiguredMode = 'configured.mode:string'; ConfiguredIsDefault = 'configured.isDefault:bool'
        ConfigFile = 'configured.file:string'; ConfigFileExists = 'configured.fileExists:bool'; ConfigLine = 'configured.line:int'
        ConfigSection = 'configured.section:string'; ConfigWarning = 'configured.warning:string'
        EffectiveMode = 'effective.mode:string'; EffectiveReason = 'effective.reason:string'
        EffectiveFirewall = 'effective.firewall:bool?'; Steps = 'effective.steps:WslNet.ModeStep[]'
        WindowsBuild = 'windows.build:uint32'; WindowsUbr = 'windows.ubr:uint32'; WindowsDisplayVersion = 'windows.displayVersion:string'
        WslVersion = 'wsl.version:string?'; MirroredSupported = 'mirroredSupported:bool?'
        PolicyDefaultNetworkingMode = 'policy.defaultNetworkingMode:uint32?'
        PolicyAllowNetworkingModeUserSetting = 'policy.allowNetworkingModeUserSetting:uint32?'
        PolicyAllowFirewallUserSetting = 'policy.allowFirewallUserSetting:uint32?'
        HyperVFirewall = 'features.hypervFirewall:string?'; HyperVFirewallDisabled = 'features.hypervFirewallDisabled:bool?'
        HnsFlowSteering = 'features.hnsFlowSteering:bool?'; IPv6Disabled = 'features.ipv6Disabled:bool?'
        NatNetworkExists = 'features.natNetwork:bool?'; User = 'user:string?'; UserSid = 'userSid:string?'
    }
    'WslNet.Version'            = [ordered]@{
        Version = 'version:string'; ApiVersion = 'apiVersion:int'; ModuleVersion = '=ModuleVersion:string'; Path = '=Path:string'
        How = '=How:string'
    }
    'WslNet.PortProxy'          = [ordered]@{
        Kind = 'kind:string'; ListenAddress = 'listenAddress:string'; ListenPort = 'listenPort:int'
        ConnectAddress = 'connectAddress:string'; ConnectPort = 'connectPort:int'; Owner = 'owner:string'; Target = 'target:string'
        Stale = 'stale:bool'; Missing = 'missing:bool'; Valid = 'valid:bool'; RegistryName = 'registryName:string'
        RegistryData = 'registryData:string'
    }
    'WslNet.PortProxyChange'    = [ordered]@{ Operation = 'op:string'; Kind = 'kind:string'; Name = 'name:string'; Data = 'data:string' }
    # wslnet expose / unexpose / expose list / expose sync --json (docs/cli.md, "Exposing a port").
    'WslNet.PortPublicationMode'   = [ordered]@{ Mode = 'effective:string'; Reason = 'reason:string'; HyperVFirewall = 'hypervFirewall:bool' }
    'WslNet.PortPublicationPiece'  = [ordered]@{
        Kind = 'kind:string'; State = 'state:string'; Wanted = 'wanted:bool'; Present = 'present:bool'; Name = 'name:string'
    }
    'WslNet.PortPublication'       = [ordered]@{
        Protocol = 'protocol:string'; Port = 'port:int'; ToPort = 'toPort:int'
        Profile = { param($item) , [string[]]@(([string](Get-WslNetJsonValue -InputObject $item -Name 'profiles' -Default '')).Split(
                    [char[]]@(','), [System.StringSplitOptions]::RemoveEmptyEntries)) }
        Remote = { param($item) , [string[]]@(([string](Get-WslNetJsonValue -InputObject $item -Name 'remote' -Default '')).Split(
                    [char[]]@(','), [System.StringSplitOptions]::RemoveEmptyEntries)) }
        Ok = 'ok:bool'; Refusal = 'refusal:string?'; Pieces = 'pieces:WslNet.PortPublicationPiece[]'
        Mode = '/mode:WslNet.PortPublicationMode'; VmAddress = '/vmAddress:string'
    }
    'WslNet.PortPublicationResult' = [ordered]@{
        Mode = 'mode:WslNet.PortPublicationMode'; DryRun = 'dryRun:bool'; Applied = 'applied:bool'
        Changes = 'changes:WslNet.PortProxyChange[]'; VmAddress = 'vmAddress:string'; Warnings = 'warnings:string[]'
        Recovered = 'recovered:string?'
    }
    'WslNet.FirewallSetting'    = [ordered]@{
        VMCreatorId = 'vmCreatorId:string'; Store = '=Store:string'; Exists = 'exists:bool'; Enabled = 'enabled:raw'
        DefaultInboundAction = 'defaultInboundAction:raw'; DefaultOutboundAction = 'defaultOutboundAction:raw'
        LoopbackEnabled = 'loopbackEnabled:raw'; AllowHostPolicyMerge = 'allowHostPolicyMerge:raw'
        Support = '/firewall.support:string'; DisabledByRegistry = '/firewall.disabledByRegistry:bool'
        Changed = '/changed:string[]'; Created = '/create:bool'
    }
    'WslNet.FirewallRule'       = [ordered]@{
        Name = 'name:string'; DisplayName = 'displayName:string'; Description = 'description:string'; Owned = 'owned:bool'
        VMCreatorId = 'vmCreatorId:string'; Direction = 'direction:raw'; Action = 'action:raw'; Enabled = 'enabled:raw'
        Protocol = { param($item) [string](Get-WslNetJsonValue -InputObject $item -Name 'protocol' -Default 'any') }
        Profiles = 'profiles:raw'; LocalPorts = 'localPorts:string[]'; RemotePorts = 'remotePorts:string[]'
        LocalAddresses = 'localAddresses:string[]'; RemoteAddresses = 'remoteAddresses:string[]'
        RulePriority = 'rulePriority:raw'; EnforcementStatus = 'enforcementStatus:raw'
    }
    'WslNet.FirewallRuleChange' = [ordered]@{
        Operation = 'op:string'; Applied = 'applied:bool'; Name = 'rule.name:string'; Rule = 'rule:WslNet.FirewallRule'
    }
    'WslNet.ConfigValue'        = [ordered]@{
        Key = 'key:string'; Value = 'value:string'; Origin = 'origin:string'; Line = 'line:int'; Section = 'section:string'
        Type = 'type:string'; Default = 'default:string'; DefaultNote = 'defaultNote:string'
        RejectedValue = 'rejectedValue:string'; File = '/file.path:string'
    }
    'WslNet.ConfigChange'       = [ordered]@{
        Key = 'key:string'; Value = 'value:string'; Changed = 'changed:bool'; DryRun = 'dryRun:bool'; Action = 'action:string'
        Line = 'line:int'; OldText = 'oldText:string'; NewText = 'newText:string'; RemovedLines = 'removedLines:int'
        Backup = 'backup:string'; File = 'file.path:string'
    }
    'WslNet.ConfigFinding'      = [ordered]@{
        Line = 'line:int'; Severity = 'severity:string'; Rule = 'rule:string'; Key = 'key:string'; Message = 'message:string'
        Effect = 'effect:string'; Fix = 'fix:string'; File = '/file.path:string'
    }
    'WslNet.HealthCheck'        = [ordered]@{
        Id = 'id:string'; Title = 'title:string'; Verdict = 'verdict:string'; Detail = 'detail:string'; Hint = 'hint:string'
        Fix = 'fix:string'; Port = '/port:raw'
    }
    'WslNet.Certificate'        = [ordered]@{
        Name = 'name:string'; Thumbprint = 'thumbprint:string'; Subject = 'subject:string'; Issuer = 'issuer:string'
        NotBefore = 'notBefore:date'; NotAfter = 'notAfter:date'; Store = 'store:string'; Stores = 'stores:string[]'
        FileName = 'file:string'
        Path = { param($item, $document, $context)
            $file = [string](Get-WslNetJsonValue -InputObject $item -Name 'file')
            if ($context['Directory'] -and $file) { Join-Path -Path $context['Directory'] -ChildPath $file } else { $null } }
    }
    # wslnet subnet show / suggest / set --json (docs/cli.md, "NAT subnet").
    'WslNet.SubnetRoute'        = [ordered]@{
        Prefix = 'prefix:string'; InterfaceIndex = 'interfaceIndex:uint32'; Interface = 'interface:string'; Relation = 'relation:string'
    }
    'WslNet.SubnetHnsNetwork'   = [ordered]@{ Name = 'name:string'; Subnet = 'subnet:string?'; Gateway = 'gateway:string?' }
    'WslNet.Subnet'             = [ordered]@{
        NatNetwork = 'natNetwork:string?'; NatNetworkValid = 'natNetworkValid:bool'; NatGateway = 'natGateway:string?'
        Adapter = 'adapter:string?'; AdapterSubnet = 'adapterSubnet:string?'; AdapterAddress = 'adapterAddress:string?'
        HnsNetworks = 'hnsNetworks:WslNet.SubnetHnsNetwork[]'; HnsError = 'hnsError:string?'; Pending = 'pending:bool'
        CheckedSubnet = 'checkedSubnet:string?'; RoutesRead = 'routesRead:bool'; RoutesError = 'routesError:string?'
        OverlapCount = 'overlapCount:int'; Overlaps = 'overlaps:WslNet.SubnetRoute[]'
    }
    'WslNet.SubnetSuggestion'   = [ordered]@{ Subnet = 'subnet:string'; Gateway = 'gateway:string'; RoutesConsidered = 'routesConsidered:int' }
    'WslNet.SubnetValue'        = [ordered]@{
        Name = 'name:string'; Type = 'type:string'; OldValue = 'old:string?'; NewValue = 'new:string'; Action = 'action:string'
    }
    'WslNet.SubnetChange'       = [ordered]@{
        Subnet = 'subnet:string'; Gateway = 'gateway:string'; DryRun = 'dryRun:bool'; Changed = 'changed:bool'
        RegistryKey = 'registryKey:string'; Values = 'values:WslNet.SubnetValue[]'; Overlaps = 'overlaps:WslNet.SubnetRoute[]'
        TakesEffect = 'takesEffect:string'
    }
    # wslnet policy plan / check / apply --json (docs/cli.md, "Policy").
    'WslNet.PolicyChange'       = [ordered]@{
        Area = 'area:string'; Item = 'item:string'; Change = 'change:string'; User = 'user:string?'; What = 'what:string'
        PolicyFile = '/policyFile:string?'
    }
    'WslNet.PolicyFailure'      = [ordered]@{ Area = 'area:string'; Item = 'item:string'; Error = 'error:string' }
    'WslNet.PolicyResult'       = [ordered]@{
        PolicyFile = 'policyFile:string?'; Source = 'source:string'; ChangeCount = 'changeCount:int'; Applied = 'applied:int'
        Changes = 'changes:WslNet.PolicyChange[]'; Failed = 'failed:WslNet.PolicyFailure[]'
    }
    'WslNet.CertificateInstall' = [ordered]@{
        Distribution = 'distro:string'; DryRun = 'dryRun:bool'; Ran = 'ran:bool'
        ExitCode = { param($item) $c = Get-WslNetJsonValue -InputObject $item -Name 'exitCode'; if ($null -ne $c) { [int]$c } else { $null } }
        Directory = 'directory:string'; Files = 'files:string[]'; Certificates = 'certificates:WslNet.Certificate[]'
        WslPath = 'wsl:string'; Arguments = 'arguments:string[]'; Output = 'output:string'
    }
}
