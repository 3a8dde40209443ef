#
# WslNet.Completers.ps1 - argument completers (dot-sourced by WslNet.psm1):
# distribution names (from HKCU Lxss, where WSL registers them; no wsl.exe
# run, so completing never starts WSL) and .wslconfig keys (from wslnet.exe's
# own catalogue, "config show").
#

Set-StrictMode -Version 2.0

$script:WslNetKeyCache = $null

function Get-WslNetConfigKeyName {
    # The keys WSL reads, as wslnet.exe's catalogue lists them (cached).
    if ($null -eq $script:WslNetKeyCache) {
        $exe = Find-WslNetExe
        $keys = @()
        if ($null -ne $exe) {
            try {
                # A file that does not exist: every key, each with its default.
                # Not NUL: wslnet opens a file's folder first (to refuse links),
                # and the NUL device has none (exit 10, "Invalid name").
                $absent = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('wslnet-keys-' + [guid]::NewGuid().ToString('N') + '.wslconfig')
                $run = Invoke-WslNetJson -ArgumentList @('config', 'show', '--file', $absent) -Kind 'configShow'
                if ($null -ne $run.Document) {
                    $keys = @(@(Get-WslNetJsonValue -InputObject $run.Document -Name 'keys' -Default @()) |
                        ForEach-Object { [string](Get-WslNetJsonValue -InputObject $_ -Name 'key') })
                }
            }
            catch {
                $keys = @()
            }
        }
        $script:WslNetKeyCache = $keys
    }
    return $script:WslNetKeyCache
}

$script:WslNetKeyCompleter = {
    param($commandName, $parameterName, $wordToComplete)
    foreach ($key in @(Get-WslNetConfigKeyName)) {
        if ($key -like "$wordToComplete*") {
            New-Object -TypeName System.Management.Automation.CompletionResult -ArgumentList @($key, $key, 'ParameterValue', $key)
        }
    }
}

$script:WslNetDistroCompleter = {
    param($commandName, $parameterName, $wordToComplete)
    $lxss = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Lxss'
    if (-not (Test-Path -LiteralPath $lxss)) { return }
    foreach ($item in @(Get-ChildItem -LiteralPath $lxss -ErrorAction SilentlyContinue)) {
        $name = [string](Get-ItemProperty -LiteralPath $item.PSPath -Name 'DistributionName' -ErrorAction SilentlyContinue).DistributionName
        if ($name -and $name -like "$wordToComplete*") {
            New-Object -TypeName System.Management.Automation.CompletionResult -ArgumentList @($name, $name, 'ParameterValue', $name)
        }
    }
}

Register-ArgumentCompleter -CommandName 'Get-WslNetConfig', 'Set-WslNetConfig' -ParameterName 'Key' -ScriptBlock $script:WslNetKeyCompleter
Register-ArgumentCompleter -CommandName 'Install-WslNetCertificate' -ParameterName 'Distribution' -ScriptBlock $script:WslNetDistroCompleter
