<#
.SYNOPSIS
    Run in a fresh pwsh by tests/Pester/Isolation.Tests.ps1 (a fresh process is the only way to a
    fresh default load context): imports the stand-in module and McpModule in the given order, uses
    both before and after the other arrives, and prints one line of JSON: each step's value or error,
    and the copies of SSH.NET and YamlDotNet the process ended up with.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('StandInFirst', 'McpModuleFirst')] [string] $Order,
    # The stand-in's manifest and McpModule's (the built module).
    [Parameter(Mandatory)] [string] $StandIn,
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Model,
    # A real sshd (Lab): its address, the client key and the known_hosts that holds its host key.
    [string] $Node,
    [string] $KeyFile,
    [string] $KnownHostsFile
)
$ErrorActionPreference = 'Stop'
$steps = [ordered]@{}

# Runs one step; its value, or its error with the whole chain of inner exceptions.
function Step([string] $Name, [scriptblock] $Body) {
    try { $steps[$Name] = [ordered]@{ Ok = $true; Value = (& $Body) } }
    catch {
        $chain = for ($e = $_.Exception; $e; $e = $e.InnerException) { "$($e.GetType().FullName): $($e.Message)" }
        $steps[$Name] = [ordered]@{ Ok = $false; Error = $chain -join ' ---> ' }
    }
}

function Use-StandIn([string] $Phase) {
    Step "StandIn.Yaml.$Phase" { ConvertFrom-StandInYaml "name: stand-in`nlist: [1, 2]" }
    Step "StandIn.SshClient.$Phase" { New-StandInSshClient }
    # A user's script naming the stand-in's library types.
    Step "StandIn.TypeByName.$Phase" {
        [ordered]@{
            YamlDotNet = [YamlDotNet.Serialization.DeserializerBuilder].Assembly.GetName().Version.ToString()
            SshNet     = [Renci.SshNet.SshClient].Assembly.GetName().Version.ToString()
        }
    }
    if ($Node) {
        Step "StandIn.SshCommand.$Phase" { Invoke-StandInSshCommand -Address $Node -User root -KeyFile $KeyFile -Command 'echo stand-in' }
    }
}

function Use-McpModule([string] $Phase) {
    Step "Mcp.Pillar.$Phase" { (Get-McpPillar -Path $Model -Node ctl01).keystone.server.database.host }
    # A user's script naming McpModule's types.
    Step "Mcp.TypeByName.$Phase" {
        [ordered]@{
            IsCluster   = (Get-McpCluster -Path $Model) -is [McpModule.McpCluster]
            StateResult = [McpModule.States.McpStateResult].FullName
        }
    }
    # SSH without a server: a refused connection is the transport's own error, whatever SSH.NET
    # the session held before.
    Step "Mcp.HostKeyRefused.$Phase" {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $keys = @(Get-McpHostKey -Address 127.0.0.1 -Port $port -ErrorVariable failures -ErrorAction SilentlyContinue)
        if ($keys.Count -ne 0 -or $failures.Count -ne 1) { throw "expected one error record, got $($keys.Count) key(s) and $($failures.Count) error(s)" }
        $chain = for ($e = $failures[0].Exception; $e; $e = $e.InnerException) { "$($e.GetType().FullName): $($e.Message)" }
        [ordered]@{ ErrorId = $failures[0].FullyQualifiedErrorId.Split(',')[0]; Exception = $chain -join ' ---> ' }
    }
    if ($Node) {
        Step "Mcp.Command.$Phase" {
            $r = Invoke-McpCommand -Target $Node -Command 'echo mcp' -KeyFile $KeyFile -KnownHostsFile $KnownHostsFile
            [ordered]@{ StdOut = $r.StdOut; ExitCode = $r.ExitCode; Error = "$($r.Error)" }
        }
        Step "Mcp.HostKey.$Phase" { "$((Get-McpHostKey -Address $Node -KnownHostsFile $KnownHostsFile).Status)" }
    }
}

if ($Order -eq 'StandInFirst') {
    Step 'StandIn.Import' { $null = Import-Module $StandIn -PassThru }
    Use-StandIn 'Alone'
    Step 'Mcp.Import' { $null = Import-Module $Manifest -PassThru }
    Use-McpModule 'Beside'
    Use-StandIn 'Beside'
}
else {
    Step 'Mcp.Import' { $null = Import-Module $Manifest -PassThru }
    Use-McpModule 'Alone'
    Step 'StandIn.Import' { $null = Import-Module $StandIn -PassThru }
    Use-StandIn 'Beside'
    Use-McpModule 'Beside'
}

# Every copy of the two libraries in the process, and the type of the load context that holds it (pwsh 7).
$contextType = 'System.Runtime.Loader.AssemblyLoadContext' -as [type]
$steps['Assemblies'] = @([AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -in 'Renci.SshNet', 'YamlDotNet' } |
        ForEach-Object {
            [ordered]@{
                Name     = $_.GetName().Name
                Version  = $_.GetName().Version.ToString()
                Location = $_.Location
                Context  = if ($contextType) { $contextType::GetLoadContext($_).GetType().FullName } else { '' }
            }
        } | Sort-Object { $_.Name }, { $_.Version })
[Console]::Out.WriteLine(($steps | ConvertTo-Json -Depth 6 -Compress))
