#
# Module manifest for WslNet: PowerShell cmdlets over wslnet.exe.
#
@{
    RootModule           = 'WslNet.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b575f34f-0475-4030-87d4-fb650bd538a5'
    Author               = 'wslnet contributors'
    CompanyName          = 'wslnet'
    Copyright            = '(c) wslnet contributors. All rights reserved.'
    Description          = 'WSL 2 networking on the Windows side: WSL adapters, the VM address without starting WSL, the networking mode, port proxies, firewall rules, .wslconfig, certificates, the NAT subnet, port publications and a machine policy (plan, check, apply). Cmdlets over wslnet.exe.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('WslNet.format.ps1xml', 'WslNet.Proxy.format.ps1xml', 'WslNet.Firewall.format.ps1xml', 'WslNet.Config.format.ps1xml', 'WslNet.Doctor.format.ps1xml', 'WslNet.Certs.format.ps1xml', 'WslNet.Subnet.format.ps1xml', 'WslNet.Expose.format.ps1xml', 'WslNet.Policy.format.ps1xml')
    FunctionsToExport    = @(
        'Get-WslNetAdapter',
        'Get-WslNetAddress',
        'Get-WslNetMode',
        'Get-WslNetVersion',
        # Proxy
        'Get-WslNetPortProxy',
        'Add-WslNetPortProxy',
        'Remove-WslNetPortProxy',
        'Sync-WslNetPortProxy',
        # Firewall
        'Get-WslNetFirewallSetting',
        'Set-WslNetFirewallSetting',
        'Get-WslNetFirewallRule',
        'New-WslNetFirewallRule',
        'Remove-WslNetFirewallRule',
        # Config
        'Get-WslNetConfig',
        'Set-WslNetConfig',
        'Test-WslNetConfig',
        # Doctor
        'Test-WslNetHealth',
        # Certs
        'Export-WslNetCertificate',
        'Install-WslNetCertificate',
        # Subnet
        'Get-WslNetSubnet',
        'Find-WslNetSubnet',
        'Set-WslNetSubnet',
        # Expose
        'Publish-WslNetPort',
        'Unpublish-WslNetPort',
        'Get-WslNetPortPublication',
        'Sync-WslNetPortPublication',
        # Policy
        'Get-WslNetPolicyPlan',
        'Test-WslNetPolicy',
        'Invoke-WslNetPolicy'
    )
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('WSL', 'WSL2', 'Networking', 'Windows', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
