# McpModule beside a module that brings older copies of the libraries McpModule ships, as Posh-SSH
# does with SSH.NET. The stand-in (tests/Isolation/StandIn.psm1) is built here in a temp folder with
# SSH.NET 2026.0.0 (and what it needs) and YamlDotNet 15.3.0 from tools/packages/ (PackageDownload
# items of tools/Tools.csproj, restored by build.ps1 -Task Bootstrap). Each case runs
# tests/Isolation/Probe.ps1 in a new pwsh: only a new process has a fresh default load context.
BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
    $script:manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
    if (-not (Test-Path $manifest)) { throw "Build the module first: $manifest is missing (build.ps1 -Task Build)." }
    $script:moduleBase = Split-Path $manifest
    $script:dependencies = Join-Path $moduleBase 'dependencies'
    $script:model = Join-Path $root 'examples/models/lab'
    $script:probe = Join-Path $root 'tests/Isolation/Probe.ps1'

    # The stand-in: its script module, a manifest that loads its DLLs (RequiredAssemblies, as
    # Posh-SSH's does), and the DLLs of every PackageDownload of tools/Tools.csproj but Pester.
    $standInDir = Join-Path $TestDrive 'StandIn'
    $lib = Join-Path $standInDir 'lib'
    $null = New-Item -ItemType Directory -Path $lib -Force
    Copy-Item (Join-Path $root 'tests/Isolation/StandIn.psm1') $standInDir
    $packages = Join-Path $root 'tools/packages'
    $downloads = @(([xml](Get-Content -Raw (Join-Path $root 'tools/Tools.csproj'))).Project.ItemGroup.PackageDownload |
            Where-Object { $_ -and $_.Include -ne 'Pester' })
    foreach ($download in $downloads) {
        $package = Join-Path $packages "$($download.Include.ToLowerInvariant())/$($download.Version.Trim('[', ']'))"
        if (-not (Test-Path $package)) { throw "$package is missing: run build.ps1 -Task Bootstrap." }
        $tfm = @('net8.0', 'net6.0', 'netstandard2.0') | Where-Object { Test-Path (Join-Path $package "lib/$_") } | Select-Object -First 1
        Copy-Item (Join-Path $package "lib/$tfm/*.dll") $lib
    }
    $script:standIn = Join-Path $standInDir 'StandIn.psd1'
    New-ModuleManifest -Path $standIn -RootModule 'StandIn.psm1' -ModuleVersion '1.0.0' `
        -RequiredAssemblies @(Get-ChildItem $lib -Filter *.dll | ForEach-Object { "lib/$($_.Name)" }) `
        -FunctionsToExport 'ConvertFrom-StandInYaml', 'New-StandInSshClient', 'Invoke-StandInSshCommand' -CmdletsToExport @() -AliasesToExport @()

    # The versions each side carries; the test means something only while the stand-in's are older.
    function script:Get-Version([string] $Path) { [Reflection.AssemblyName]::GetAssemblyName($Path).Version }
    $script:theirs = @{ YamlDotNet = Get-Version (Join-Path $lib 'YamlDotNet.dll'); SshNet = Get-Version (Join-Path $lib 'Renci.SshNet.dll') }
    $script:ours = @{}
    if (Test-Path $dependencies) {
        $ours.YamlDotNet = Get-Version (Join-Path $dependencies 'YamlDotNet.dll')
        $ours.SshNet = Get-Version (Join-Path $dependencies 'Renci.SshNet.dll')
    }

    # The same pwsh as this one: a pwsh executable, or `dotnet <...>/pwsh.dll` (the dotnet tool).
    $script:exe = [Environment]::ProcessPath
    $script:prefix = @()
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $script:prefix = @([Environment]::GetCommandLineArgs()[0]) }

    # Runs the probe in a new pwsh; its steps as a hashtable.
    function script:Invoke-Probe([string] $Order, [string[]] $More = @()) {
        $arguments = $prefix + @('-NoProfile', '-NonInteractive', '-File', $probe, '-Order', $Order,
            '-StandIn', $standIn, '-Manifest', $manifest, '-Model', $model) + $More
        # RenderCache off: the probe parses the model, so YamlDotNet loads (a cached render needs no parser).
        $env:MCP_RenderCache = 'false'
        try { $output = @(& $exe @arguments 2>&1 | ForEach-Object { "$_" }) }
        finally { Remove-Item Env:MCP_RenderCache }
        $json = $output | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or -not $json) { throw "the probe failed ($LASTEXITCODE):`n$($output -join "`n")" }
        $json | ConvertFrom-Json -AsHashtable
    }

    # A step that must have worked: its value.
    function script:Get-StepValue([hashtable] $Run, [string] $Name) {
        $Run.Contains($Name) | Should -BeTrue -Because "the probe ran step $Name"
        $Run[$Name].Ok | Should -BeTrue -Because "step $Name failed: $($Run[$Name].Error)"
        $Run[$Name].Value
    }

    # The copies of one library the probe's process held.
    function script:Get-Copies([hashtable] $Run, [string] $Name) { @($Run.Assemblies | Where-Object Name -EQ $Name) }
}

Describe 'McpModule beside a module with older SSH.NET and YamlDotNet (<_>)' -ForEach 'StandInFirst', 'McpModuleFirst' {
    BeforeAll {
        $script:run = Invoke-Probe $_
    }

    It 'ships newer SSH.NET and YamlDotNet than the stand-in, in its dependencies folder' {
        $dependencies | Should -Exist
        $ours.YamlDotNet | Should -BeGreaterThan $theirs.YamlDotNet
        $ours.SshNet | Should -BeGreaterThan $theirs.SshNet
    }

    It 'imports both modules' {
        Get-StepValue $run 'StandIn.Import'
        Get-StepValue $run 'Mcp.Import'
    }

    It 'renders a model with its own YamlDotNet' {
        foreach ($phase in @($run.Keys -like 'Mcp.Pillar.*')) {
            Get-StepValue $run $phase | Should -Be '10.11.0.10'
        }
        Get-StepValue $run 'Mcp.Pillar.Beside' | Should -Be '10.11.0.10'
    }

    It 'reaches SSH through its own SSH.NET: a refused connection is Mcp.Ssh.Unreachable, no load failure' {
        $refused = Get-StepValue $run 'Mcp.HostKeyRefused.Beside'
        $refused.ErrorId | Should -Be 'Mcp.Ssh.Unreachable'
        $refused.Exception | Should -Not -Match 'FileLoadException|FileNotFoundException|MissingMethodException|TypeLoadException'
    }

    It 'keeps its types nameable in scripts ([McpModule.McpCluster], [McpModule.States.McpStateResult])' {
        foreach ($phase in @($run.Keys -like 'Mcp.TypeByName.*')) {
            $names = Get-StepValue $run $phase
            $names.IsCluster | Should -BeTrue
            $names.StateResult | Should -Be 'McpModule.States.McpStateResult'
        }
    }

    It 'leaves the stand-in its own YamlDotNet and SSH.NET, before and after McpModule came' {
        foreach ($phase in @($run.Keys -like 'StandIn.*.*')) { $null = Get-StepValue $run $phase }
        foreach ($phase in @($run.Keys -like 'StandIn.Yaml.*')) {
            $yaml = Get-StepValue $run $phase
            $yaml.Name | Should -Be 'stand-in'
            $yaml.Version | Should -Be "$($theirs.YamlDotNet)"
            $yaml.Location | Should -BeLike "$(Split-Path $standIn)*"
        }
        foreach ($phase in @($run.Keys -like 'StandIn.SshClient.*')) {
            (Get-StepValue $run $phase).Version | Should -Be "$($theirs.SshNet)"
        }
        $byName = Get-StepValue $run 'StandIn.TypeByName.Beside'
        $byName.YamlDotNet | Should -Be "$($theirs.YamlDotNet)" -Because 'a script that names [YamlDotNet...] gets the stand-in''s type, not an ambiguous one'
        $byName.SshNet | Should -Be "$($theirs.SshNet)"
    }

    It 'holds two copies of each library: the stand-in''s and its own from dependencies/' {
        foreach ($name in 'YamlDotNet', 'Renci.SshNet') {
            $copies = @(Get-Copies $run $name)
            $copies.Count | Should -Be 2 -Because "$name is loaded once by each module"
            @($copies | Where-Object { $_.Location -like "$(Split-Path $standIn)*" }).Count | Should -Be 1
            $mine = @($copies | Where-Object { $_.Location -like "$dependencies*" })
            $mine.Count | Should -Be 1
            $mine[0].Context | Should -Be 'McpModule.Loader.McpLoadContext' -Because 'McpModule loads its dependencies into a load context of its own'
        }
    }
}

Describe 'McpModule beside the stand-in, against a real sshd' -Tag Lab {
    BeforeAll {
        # One throwaway sshd (tests/Transport/ssh-nodes.sh) on a network of its own.
        $script:nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-isolation-pester-$PID"
        $savedNet = $env:MCP_TRANSPORT_NET
        $env:MCP_TRANSPORT_NET = '10.247.94'
        try { & bash $nodesScript start $dir 1 }
        finally { $env:MCP_TRANSPORT_NET = $savedNet }
        if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh start failed ($LASTEXITCODE)" }
        $script:node = (@(Get-Content (Join-Path $dir 'nodes.tsv'))[0] -split "`t")[1]
        $script:sshArgs = @('-Node', $node, '-KeyFile', (Join-Path $dir 'id_ed25519'), '-KnownHostsFile', (Join-Path $dir 'known_hosts'))
    }

    AfterAll {
        if ($dir) { & bash $nodesScript stop $dir }
    }

    Context '<_>' -ForEach 'StandInFirst', 'McpModuleFirst' {
        BeforeAll {
            $script:run = Invoke-Probe $_ $sshArgs
        }

        It 'runs a command with Invoke-McpCommand and reads the host key with Get-McpHostKey' {
            foreach ($phase in @($run.Keys -like 'Mcp.Command.*')) {
                $result = Get-StepValue $run $phase
                $result.Error | Should -BeNullOrEmpty
                $result.ExitCode | Should -Be 0
                $result.StdOut | Should -Be "mcp`n"
            }
            Get-StepValue $run 'Mcp.Command.Beside' | Should -Not -BeNullOrEmpty
            Get-StepValue $run 'Mcp.HostKey.Beside' | Should -Be 'Known'
        }

        It 'leaves the stand-in''s own SSH.NET working against the same sshd' {
            foreach ($phase in @($run.Keys -like 'StandIn.SshCommand.*')) {
                $result = Get-StepValue $run $phase
                $result.StdOut | Should -Be "stand-in`n"
                $result.ExitCode | Should -Be 0
            }
            Get-StepValue $run 'StandIn.SshCommand.Beside' | Should -Not -BeNullOrEmpty
        }

        It 'ran both modules'' SSH over their own copies of SSH.NET' {
            $copies = @(Get-Copies $run 'Renci.SshNet')
            $copies.Count | Should -Be 2
            @($copies | Where-Object { $_.Location -like "$dependencies*" }).Count | Should -Be 1
        }
    }
}
