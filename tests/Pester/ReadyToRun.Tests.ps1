# The ReadyToRun build for pwsh 7 (build.ps1 Invoke-ReadyToRun, Loader/DependencyLoader.cs): the engine
# and the libraries of dependencies/ also come as R2R images in dependencies/<runtime identifier>/, which
# pwsh 7 loads; the IL copies Windows PowerShell 5.1 loads stay where they were. The cases that change
# the module's files work on a copy in TestDrive, each in a new pwsh (a fresh load context).
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:moduleBase = $module.ModuleBase
    $script:dependencies = Join-Path $moduleBase 'dependencies'
    $script:rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $script:native = Join-Path $dependencies $rid
    $script:lab = Join-Path $root 'examples/models/lab'

    # What the PE file at $Path is: R2R (it has a managed native header), its machine, its module's MVID.
    function script:Get-Image([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            [pscustomobject]@{
                ReadyToRun = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                ILOnly     = $pe.PEHeaders.CorHeader.Flags.HasFlag([System.Reflection.PortableExecutable.CorFlags]::ILOnly)
                Machine    = $pe.PEHeaders.CoffHeader.Machine
                Mvid       = $metadata.GetGuid($metadata.GetModuleDefinition().Mvid)
            }
        }
        finally { $stream.Dispose() }
    }

    # The same pwsh as this one: a pwsh executable, or `dotnet <...>/pwsh.dll` (the dotnet tool).
    $script:exe = [Environment]::ProcessPath
    $script:prefix = @()
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $script:prefix = @([Environment]::GetCommandLineArgs()[0]) }

    # A new pwsh imports the module at $Manifest and renders one key; the file the engine and
    # YamlDotNet were loaded from, and the key's value.
    function script:Invoke-Import([string] $Manifest) {
        # RenderCache off: the child parses the model, so YamlDotNet loads (a cached render needs no parser).
        $command = "`$env:MCP_RenderCache = 'false'; Import-Module '$Manifest'; `$v = Get-McpPillar -Path '$lab' -Node ctl01 -Key linux:network:host:ctl01:address; " +
            "[pscustomobject]@{ Engine = [McpModule.McpCluster].Assembly.Location; " +
            "Yaml = ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).Location; " +
            "Value = `$v } | ConvertTo-Json -Compress"
        $output = @(& $exe @prefix -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" })
        $json = $output | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or -not $json) { throw "pwsh failed ($LASTEXITCODE):`n$($output -join "`n")" }
        $json | ConvertFrom-Json
    }

    # A copy of the built module in TestDrive, to change.
    function script:Copy-Module([string] $Name) {
        $copy = Join-Path $TestDrive $Name
        Copy-Item $moduleBase $copy -Recurse
        $copy
    }
}

Describe 'The ReadyToRun build' {
    It 'has an R2R image for this runtime identifier of the engine and each library the load context loads' {
        $native | Should -Exist
        foreach ($name in 'McpModule.Engine', 'YamlDotNet', 'Renci.SshNet', 'Fluid', 'Microsoft.Extensions.Configuration') {
            $image = Get-Image (Join-Path $native "$name.dll")
            $image.ReadyToRun | Should -BeTrue -Because "$name.dll in dependencies/$rid is compiled"
        }
    }

    It 'is the same IL as the netstandard2.0 build, which is still there for Windows PowerShell 5.1' {
        $images = @(Get-ChildItem $native -Filter *.dll)
        $images.Count | Should -BeGreaterThan 5
        foreach ($file in $images) {
            $il = Join-Path $dependencies $file.Name
            $il | Should -Exist -Because "the IL copy of $($file.Name) stays for Windows PowerShell"
            $ilImage = Get-Image $il
            $ilImage.ReadyToRun | Should -BeFalse -Because "$($file.Name) in dependencies/ is IL, which any runtime can load"
            (Get-Image $file.FullName).Mvid | Should -Be $ilImage.Mvid -Because "$($file.Name) is the IL build compiled, not another build"
        }
        (Get-Image (Join-Path $moduleBase 'McpModule.dll')).ReadyToRun | Should -BeFalse
        (Get-Image (Join-Path $moduleBase 'McpModule.Loader.dll')).ReadyToRun | Should -BeFalse
    }

    It 'ships no R2R image of what the platform provides (System.Text.Json)' {
        Join-Path $dependencies 'System.Text.Json.dll' | Should -Exist
        Join-Path $native 'System.Text.Json.dll' | Should -Not -Exist
    }
}

Describe 'Import on pwsh 7' {
    It 'loads the R2R engine and libraries into the module''s load context' {
        $engine = [McpModule.McpCluster].Assembly
        $engine.Location | Should -Be (Join-Path $native 'McpModule.Engine.dll')
        (Get-Image $engine.Location).ReadyToRun | Should -BeTrue
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).GetType().FullName | Should -Be 'McpModule.Loader.McpLoadContext'
        $null = Get-McpPillar -Path $lab -Node ctl01 -Key linux:system:name
        $yaml = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' -and $_.Location -like "$moduleBase*" })
        $yaml.Count | Should -Be 1
        $yaml[0].Location | Should -Be (Join-Path $native 'YamlDotNet.dll')
    }

    It 'loads the IL build where no folder names this runtime identifier' {
        $copy = Copy-Module 'OtherRid'
        Rename-Item (Join-Path $copy "dependencies/$rid") 'not-this-rid'
        $run = Invoke-Import (Join-Path $copy 'McpModule.psd1')
        $run.Engine | Should -Be (Join-Path $copy 'dependencies/McpModule.Engine.dll')
        $run.Value | Should -Be '10.11.0.11'
    }

    It 'loads the IL copy of an assembly whose R2R image the runtime refuses' {
        $copy = Copy-Module 'Refused'
        # The runtime refuses an R2R image of another OS or architecture with BadImageFormatException
        # (docs/design/performance.md); a file that is no image at all is refused the same way.
        [IO.File]::WriteAllText((Join-Path $copy "dependencies/$rid/McpModule.Engine.dll"), 'not an image')
        $run = Invoke-Import (Join-Path $copy 'McpModule.psd1')
        $run.Engine | Should -Be (Join-Path $copy 'dependencies/McpModule.Engine.dll')
        $run.Yaml | Should -Be (Join-Path $copy "dependencies/$rid/YamlDotNet.dll")
        $run.Value | Should -Be '10.11.0.11'
    }
}
