# The module as a user gets it: the built folder out/McpModule/<version>/, imported by path.
BeforeDiscovery {
    # The manifest's list drives the per-cmdlet help tests; the test below holds it to the assembly.
    $commands = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../McpModule.psd1')).CmdletsToExport | Sort-Object)
}

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
    $manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
    if (-not (Test-Path $manifest)) { throw "Build the module first: $manifest is missing (build.ps1 -Task Build)." }
    Remove-Module McpModule -ErrorAction Ignore
    $elapsed = Measure-Command { $script:module = Import-Module $manifest -Force -PassThru }
    Write-Host "Import-Module McpModule took $([int]$elapsed.TotalMilliseconds) ms"
    # -WhatIf and -Confirm (optional common parameters) are documented where a cmdlet has them, as PlatyPS does.
    $commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters
}

Describe 'The built module' {
    It 'loads from the out/ folder with the version of McpModule.psd1' {
        $module.ModuleBase | Should -Be (Split-Path $manifest)
        $module.Version | Should -Be ([version]$version)
        $module.ModuleType | Should -Be 'Binary'
    }

    It 'exports every cmdlet its assembly defines, and nothing else' {
        $defined = @($module.ImplementingAssembly.GetTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object)
        $defined.Count | Should -BeGreaterThan 3
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $defined
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'ships no PowerShell SDK assemblies' {
        Get-ChildItem $module.ModuleBase -Recurse -File -Include 'System.Management.Automation.dll', 'Microsoft.PowerShell.*.dll' |
            Should -BeNullOrEmpty
    }

    It 'keeps only the cmdlets and the loader beside the manifest, the engine and every library in dependencies/' {
        @(Get-ChildItem $module.ModuleBase -Filter *.dll -File | ForEach-Object Name | Sort-Object) | Should -Be @('McpModule.dll', 'McpModule.Loader.dll')
        $dependencies = Join-Path $module.ModuleBase 'dependencies'
        Join-Path $dependencies 'McpModule.Engine.dll' | Should -Exist
        foreach ($library in 'YamlDotNet', 'Renci.SshNet', 'Fluid', 'Microsoft.Extensions.Configuration') {
            Join-Path $dependencies "$library.dll" | Should -Exist
        }
        @($module.NestedModules.Name) | Should -Be @('McpModule.Loader')
    }

    It 'loads the engine into a load context of its own, and its types can be named at once' {
        $engine = [McpModule.McpCluster].Assembly
        $engine.GetName().Name | Should -Be 'McpModule.Engine'
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).GetType().FullName | Should -Be 'McpModule.Loader.McpLoadContext'
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($module.ImplementingAssembly) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        (Get-McpCluster -Path (Join-Path $root 'examples/models/lab')) -is [McpModule.McpCluster] | Should -BeTrue
    }

    It 'has default table views for McpCluster and McpNode' {
        (Get-FormatData -TypeName McpModule.McpCluster).FormatViewDefinition.Control |
            Should -BeOfType System.Management.Automation.TableControl
        (Get-FormatData -TypeName McpModule.McpNode).FormatViewDefinition.Control |
            Should -BeOfType System.Management.Automation.TableControl
    }

    It 'has the about_McpModule topic' {
        Get-Help about_McpModule | Out-String | Should -Match 'Get-McpPillar'
    }

    It 'completes node names from -Path' {
        $lab = Join-Path $root 'examples/models/lab'
        $completion = TabExpansion2 -inputScript "Get-McpPillar -Path '$lab' -Node ctl" -cursorColumn ("Get-McpPillar -Path '$lab' -Node ctl").Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
    }

    It 'completes node names from the current location' {
        Push-Location (Join-Path $root 'examples/models/lab')
        try {
            $completion = TabExpansion2 -inputScript 'Get-McpNode kvm0' -cursorColumn 'Get-McpNode kvm0'.Length
            @($completion.CompletionMatches.CompletionText) | Should -Be @('kvm01.lab.local', 'kvm02.lab.local', 'kvm03.lab.local')
        }
        finally { Pop-Location }
    }
}

Describe 'Help for <_>' -ForEach $commands {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $command = Get-Command $name
        $parameters = @($command.Parameters.Values | Where-Object Name -NotIn $commonParameters)
        $helpParameters = @($help.parameters.parameter)
    }

    It 'comes from the module MAML file' {
        Join-Path $module.ModuleBase 'en-US/McpModule.dll-Help.xml' | Should -Exist
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, PowerShell makes the synopsis from the syntax.
        $help.Synopsis | Should -Not -Match "^\s*$name\b"
    }

    It 'has a description' {
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code and remarks' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            $example.code | Should -Match 'Mcp'
        }
    }

    It 'has a syntax line per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
    }

    It 'has inputs, outputs and related links' {
        $help.inputTypes | Should -Not -BeNullOrEmpty
        $help.returnValues | Should -Not -BeNullOrEmpty
        @($help.relatedLinks.navigationLink).Count | Should -BeGreaterThan 0
    }

    It 'documents exactly the parameters the cmdlet has' {
        @($helpParameters.name | Sort-Object) | Should -Be @($parameters.Name | Sort-Object)
    }

    It 'describes every parameter with its type, required, position and pipeline input as declared' {
        foreach ($parameter in $parameters) {
            $doc = $helpParameters | Where-Object name -EQ $parameter.Name
            ($doc.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
            $doc.type.name | Should -Be $parameter.ParameterType.Name -Because "-$($parameter.Name) is a $($parameter.ParameterType.Name)"

            $sets = @($parameter.ParameterSets.Values)
            $required = [bool]($sets | Where-Object IsMandatory)
            $doc.required | Should -Be $required.ToString().ToLowerInvariant() -Because "-$($parameter.Name) required"

            $positions = @($sets | Where-Object Position -GE 0 | ForEach-Object Position | Select-Object -Unique)
            $position = if ($positions.Count) { "$($positions[0])" } else { 'named' }
            $doc.position | Should -Be $position -Because "-$($parameter.Name) position"

            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $pipeline = if ($byValue -or $byName) { 'True' } else { 'False' }
            $doc.pipelineInput | Should -BeLike "$pipeline*" -Because "-$($parameter.Name) pipeline input"
            if ($byName) { $doc.pipelineInput | Should -Match 'ByPropertyName' }
            if ($byValue) { $doc.pipelineInput | Should -Match 'ByValue' }

            $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
            $doc.aliases | Should -Be $aliases -Because "-$($parameter.Name) aliases"

            $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $doc.globbing | Should -Be $wildcards.ToString().ToLowerInvariant() -Because "-$($parameter.Name) wildcards"
        }
    }
}
