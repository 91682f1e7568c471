# The stand-in of tests/Pester/Isolation.Tests.ps1: a module that, as Posh-SSH does, loads its own
# (older) SSH.NET and YamlDotNet into the session's default load context (RequiredAssemblies of its
# manifest, written by the test with the DLLs in lib/) and names their types in script.

# YAML through the stand-in's YamlDotNet: the parsed 'name' and the YamlDotNet that parsed it.
function ConvertFrom-StandInYaml([Parameter(Mandatory)] [string] $Yaml) {
    $deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
    $document = $deserializer.Deserialize([string] $Yaml)
    [pscustomobject]@{
        Name     = $document['name']
        Version  = $deserializer.GetType().Assembly.GetName().Version.ToString()
        Location = $deserializer.GetType().Assembly.Location
    }
}

# An SshClient of the stand-in's SSH.NET, not connected: the SSH.NET it came from.
function New-StandInSshClient {
    $client = [Renci.SshNet.SshClient]::new('127.0.0.1', 22, 'nobody', 'not a password')
    try {
        [pscustomobject]@{
            Version  = $client.GetType().Assembly.GetName().Version.ToString()
            Location = $client.GetType().Assembly.Location
        }
    }
    finally { $client.Dispose() }
}

# A command over the stand-in's own SSH.NET (key authentication). The stand-in checks no host key:
# it only talks to the throwaway sshd of the test.
function Invoke-StandInSshCommand([string] $Address, [string] $User, [string] $KeyFile, [string] $Command) {
    $key = [Renci.SshNet.PrivateKeyFile]::new($KeyFile)
    $client = [Renci.SshNet.SshClient]::new($Address, 22, $User, [Renci.SshNet.IPrivateKeySource[]] @($key))
    try {
        $client.Connect()
        $run = $client.RunCommand($Command)
        [pscustomobject]@{ StdOut = $run.Result; ExitCode = $run.ExitStatus }
    }
    finally { $client.Dispose(); $key.Dispose() }
}

Export-ModuleMember -Function ConvertFrom-StandInYaml, New-StandInSshClient, Invoke-StandInSshCommand
