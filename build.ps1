<#
.SYNOPSIS
    The one entry point to build, document and test McpModule.
.DESCRIPTION
    Tasks (run in the order given; each task runs once, dependencies first):
      Bootstrap      restore Pester and the isolation test's older libraries (NuGet, tools/Tools.csproj)
                     into tools/packages/, and copy Pester into tools/
      Prerequisites  install the Debian packages listed in tests/prerequisites.txt
      Build          publish the cmdlets into out/McpModule/<version>/ (with help and formats; the engine
                     and third-party assemblies in its dependencies/ folder, and their ReadyToRun copies
                     for pwsh 7 in dependencies/<runtime identifier>/)
      Help           build en-US/McpModule.dll-Help.xml from docs/<Verb>-Mcp<Noun>.md into the module folder
      Test           xunit (engine), python3 unittest (node executor, tests/Executor), then Pester
                     (module; the suites tagged Lab and Browser with -IncludeLab only); prints
                     "N passed, N failed". None of it needs root without -IncludeLab
      Tour           import the built module and run the README tour on examples/models/
      Demo           the main job on the example clusters: a lab of real nodes, linux, openssh and ntp; a Ceph cluster to HEALTH_OK and Get-McpHealth over it
                     applied to it twice (the second run changes nothing), the run journal; the lab
                     is always stopped. Linux and root.
      Bench          run bench/run.ps1
      Clean          remove out/ and the projects' bin/ and obj/ folders
      Lint           dotnet format McpModule.slnx --verify-no-changes (whitespace, style and analyzers as
                     .editorconfig says; changes nothing), and #nullable enable atop every C# file of the
                     folders that have nullable reference types (docs/design/code-health.md). Not run by
                     Test or .ci/run
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Build,Tour
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Build,Tour,Demo
.EXAMPLE
    dotnet pwsh -NoProfile -File build.ps1 -Task Test -IncludeLab
.EXAMPLE
    dotnet pwsh -NoProfile -File build.ps1 -Task Lint
#>
[CmdletBinding()]
param(
    # Bootstrap, Prerequisites, Build, Help, Test, Tour, Demo, Bench, Clean, Lint. With pwsh -File,
    # "Build,Tour" arrives as one string: it is split at commas here.
    [string[]] $Task = @('Build', 'Test'),

    [string] $Configuration = 'Release',

    # Also run the Pester suites tagged Lab (real SSH nodes, real Ceph) and Browser (Debian's
    # chromium): both need the Debian packages of tests/prerequisites.txt.
    [switch] $IncludeLab
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false   # we check $LASTEXITCODE ourselves
Set-StrictMode -Version 3.0

$KnownTasks = 'Bootstrap', 'Prerequisites', 'Build', 'Help', 'Test', 'Tour', 'Demo', 'Bench', 'Clean', 'Lint'
$Task = @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($Task | Where-Object { $_ -notin $KnownTasks })
if ($unknown) {
    Write-Host "Unknown task(s): $($unknown -join ', '). Tasks: $($KnownTasks -join ', ')."
    exit 2
}

$Root = $PSScriptRoot
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'McpModule.psd1')
$Version = $Manifest.ModuleVersion
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir "McpModule/$Version"
$ResultsDir = Join-Path $OutDir 'test-results'
$ToolsDir = Join-Path $Root 'tools'

# The folders whose C# files have nullable reference types (#nullable enable on their first line);
# Lint keeps it so. The rest, with their count of warnings: docs/design/code-health.md.
$NullableFolders = @('McpModule/Settings', 'McpModule/Targeting', 'McpModule/Planning', 'McpModule/Text', 'McpModule/Templates', 'McpModule/Ceph', 'McpModule/Health')

# Assemblies PowerShell itself provides; a module must never ship its own copies.
$HostAssemblies = @('System.Management.Automation.dll', 'Microsoft.PowerShell.*.dll', 'Microsoft.Management.Infrastructure.dll')

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

# Runs a native command; a non-zero exit code becomes a terminating error that names it.
function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "    $FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

$script:Done = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
$Dependencies = @{
    # the Debian packages (reclass, ceph, systemd-container ...) are for the lab suites: without
    # -IncludeLab the engine and module tests run on any machine with the .NET SDK and python3
    Test = @('Build', 'Bootstrap') + @(if ($IncludeLab) { 'Prerequisites' })
    Tour = @('Build')
    Demo = @('Build', 'Prerequisites')
    Bench = @('Build')   # the bench times Import-Module of the built module
}

function Invoke-Task([string] $Name) {
    if ($script:Done.Contains($Name)) { return }
    foreach ($dependency in $Dependencies[$Name]) { Invoke-Task $dependency }
    Write-Step $Name
    & "Invoke-$Name"
    $null = $script:Done.Add($Name)
}

function Invoke-Bootstrap {
    # Every PackageDownload of tools/Tools.csproj: Pester, and the older libraries the stand-in
    # module of tests/Pester/Isolation.Tests.ps1 carries. NuGet writes .nupkg.metadata last.
    $downloads = @(([xml](Get-Content -Raw (Join-Path $ToolsDir 'Tools.csproj'))).Project.ItemGroup.PackageDownload |
        Where-Object { $_ } | ForEach-Object { [pscustomobject]@{ Id = $_.Include; Version = $_.Version.Trim('[', ']') } })
    $packages = Join-Path $ToolsDir 'packages'
    $missing = @($downloads | Where-Object {
            -not (Test-Path (Join-Path $packages "$($_.Id.ToLowerInvariant())/$($_.Version)/.nupkg.metadata")) })
    if ($missing) {
        Invoke-Native dotnet @('restore', (Join-Path $ToolsDir 'Tools.csproj'), '--packages', $packages, '--verbosity', 'quiet')
    }
    Write-Host "    in tools/packages: $(($downloads | ForEach-Object { "$($_.Id) $($_.Version)" }) -join ', ')"
    $pesterVersion = ($downloads | Where-Object Id -EQ 'Pester').Version
    $psd1 = Join-Path $ToolsDir 'Pester.psd1'
    if ((Test-Path $psd1) -and (Import-PowerShellDataFile $psd1).ModuleVersion -eq $pesterVersion) {
        Write-Host "    Pester $pesterVersion is in tools/"
        return
    }
    Copy-Item -Path (Join-Path $packages "pester/$pesterVersion/tools/*") -Destination $ToolsDir -Recurse -Force
    Write-Host "    Pester $pesterVersion copied into tools/"
}

function Invoke-Prerequisites {
    $list = Join-Path $Root 'tests/prerequisites.txt'
    $wanted = @(Get-Content $list | ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ })
    if (-not $IsLinux -or -not (Test-Path /etc/debian_version) -or -not (Get-Command dpkg-query -ErrorAction Ignore)) {
        throw "tests/prerequisites.txt lists Debian packages ($($wanted -join ', ')); this is not a Debian system, install their equivalents by hand."
    }
    $missing = @(foreach ($package in $wanted) {
            $status = & dpkg-query -W -f '${Status}' $package 2>$null
            if ($LASTEXITCODE -ne 0 -or $status -notmatch 'install ok installed') { $package }
        })
    $global:LASTEXITCODE = 0
    if ($missing.Count -eq 0) {
        Write-Host "    installed: $($wanted -join ', ')"
        return
    }
    if ((& id -u) -ne '0') {
        throw "Missing Debian packages: $($missing -join ', '). Install them as root: apt-get install $($missing -join ' ')"
    }
    Write-Host "    installing: $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-q')
    Invoke-Native apt-get @(@('install', '-y', '-q', '--no-install-recommends') + $missing)
}

function Invoke-Build {
    $publish = Join-Path $OutDir "publish/$Configuration"
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'Cmdlets/McpModule.Cmdlets.csproj'), '-c', $Configuration,
        '-o', $publish, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleDir
    # McpModule.dll (the cmdlets) and McpModule.Loader.dll beside the manifest; the engine and every
    # third-party assembly in dependencies/, which only the loader reads (Loader/DependencyLoader.cs):
    # on pwsh 7 they load into a load context of their own, so another module's copies never clash.
    $dependencyDir = Join-Path $ModuleDir 'dependencies'
    $null = New-Item -ItemType Directory -Path $dependencyDir
    Get-ChildItem $publish -File |
        Where-Object { $_.Extension -in '.dll', '.pdb' } |
        Where-Object { $name = $_.Name; -not ($HostAssemblies | Where-Object { $name -like ($_ -replace '\.dll$', '.*') }) } |
        ForEach-Object { Copy-Item $_.FullName -Destination $(if ($_.BaseName -in 'McpModule', 'McpModule.Loader') { $ModuleDir } else { $dependencyDir }) }
    Invoke-ReadyToRun -DependencyDir $dependencyDir
    Copy-Item (Join-Path $Root 'McpModule.psd1') $ModuleDir
    # Pester's Should operators (-BeHealthy, -HaveConverged, -HaveQuorum): a script, registered at import when Pester is loaded
    Copy-Item (Join-Path $Root 'McpModule.Should.ps1') $ModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleDir
    $formats = Join-Path $ModuleDir 'Formats'
    $null = New-Item -ItemType Directory -Path $formats
    Copy-Item (Join-Path $Root 'Formats/*.ps1xml') $formats
    Invoke-Task Help
    Write-Host "    module: $ModuleDir"
    Get-ChildItem $ModuleDir -Recurse -File | ForEach-Object { Write-Host "      $([IO.Path]::GetRelativePath($ModuleDir, $_.FullName))" }
}

# The ReadyToRun copies for pwsh 7 (build/ReadyToRun/McpModule.ReadyToRun.csproj), in
# dependencies/<runtime identifier>/ beside the IL that Windows PowerShell 5.1 loads: the loader
# (Loader/DependencyLoader.cs) takes them on a pwsh whose RuntimeIdentifier names that folder. For the
# .NET and the RID of the pwsh running this build (the repository's dotnet tool, which loads the module):
# an image for another OS or architecture does not fall back to JIT, the runtime refuses to load it.
# Compiled: the engine and every library that loads into the module's load context; not what the
# platform provides, nor the cmdlets and the loader beside the manifest: PowerShell loads McpModule.dll
# from there while it reads the manifest, before the loader could offer another copy.
function Invoke-ReadyToRun([string] $DependencyDir) {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $framework = "net$([Environment]::Version.Major).0"
    $stage = Join-Path $OutDir "publish/$Configuration-r2r-input"
    $r2rOut = Join-Path $OutDir "publish/$Configuration-r2r-$rid"
    foreach ($folder in $stage, $r2rOut) { if (Test-Path $folder) { Remove-Item $folder -Recurse -Force } }
    $null = New-Item -ItemType Directory -Path $stage
    $platform = Get-PlatformAssembly
    $inputs = @(Get-ChildItem $DependencyDir -Filter *.dll -File) | Where-Object { -not (Test-PlatformAssembly $platform $_.FullName) }
    $inputs | Copy-Item -Destination $stage
    Invoke-Native dotnet @('publish', (Join-Path $Root 'build/ReadyToRun/McpModule.ReadyToRun.csproj'), '-c', $Configuration,
        '-o', $r2rOut, "-p:IlDir=$stage",
        "-p:ReadyToRunFramework=$framework", "-p:RuntimeIdentifier=$rid", '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $target = Join-Path $DependencyDir $rid
    $null = New-Item -ItemType Directory -Path $target
    foreach ($file in $inputs) {
        Copy-Item (Join-Path $r2rOut $file.Name) $target
        # the IL build's symbols match the R2R image's IL: line numbers in stack traces
        $pdb = [IO.Path]::ChangeExtension($file.FullName, '.pdb')
        if (Test-Path $pdb) { Copy-Item $pdb $target }
    }
    Write-Host "    ReadyToRun ($framework, $rid): $($inputs.Count) assemblies in dependencies/$rid"
}

# The assemblies this pwsh's runtime provides (its trusted platform assemblies: .NET's and PowerShell's
# own), by simple name.
function Get-PlatformAssembly {
    $map = @{}
    foreach ($path in ([AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator)) {
        if ($path) { $map[[IO.Path]::GetFileNameWithoutExtension($path)] = $path }
    }
    $map
}

# McpLoadContext.IsPlatform's rule: the platform's copy serves when its version is at least ours, and the
# module's copy never loads on pwsh 7; no R2R image of it then.
function Test-PlatformAssembly([hashtable] $Platform, [string] $Path) {
    $name = [Reflection.AssemblyName]::GetAssemblyName($Path)
    $Platform.ContainsKey($name.Name) -and [Reflection.AssemblyName]::GetAssemblyName($Platform[$name.Name]).Version -ge $name.Version
}

function Invoke-Help {
    $target = Join-Path $ModuleDir 'en-US'
    $null = New-Item -ItemType Directory -Path $target -Force
    $docs = @(Get-ChildItem (Join-Path $Root 'docs') -Filter '*-Mcp*.md' -File)
    $maml = Join-Path $target 'McpModule.dll-Help.xml'
    & (Join-Path $Root 'build/ConvertTo-MamlHelp.ps1') -Path $docs.FullName -OutputPath $maml -Command $Manifest.CmdletsToExport
    Copy-Item (Join-Path $Root 'en-US/about_*.help.txt') $target
    Write-Host "    help: $maml ($($docs.Count) commands) and $(@(Get-ChildItem $target -Filter 'about_*').Count) about topic(s)"
}

function Read-JUnitCounts([string] $Path) {
    $counts = [ordered]@{
        Passed = 0; Failed = 0; Skipped = 0
        FailedNames = [System.Collections.Generic.List[string]]::new()
        # the first line of each failure's message: why it failed, as CI's log tail shows it
        FailedWhy = [System.Collections.Generic.List[string]]::new()
    }
    if (-not (Test-Path $Path)) { return $counts }
    foreach ($case in ([xml](Get-Content -Raw $Path)).SelectNodes('//testcase')) {
        $failure = $case.SelectSingleNode('failure|error')
        if ($failure) {
            $counts.Failed++
            $counts.FailedNames.Add("$($case.classname) $($case.name)".Trim())
            $message = "$($failure.GetAttribute('message'))"
            if (-not $message.Trim()) { $message = $failure.InnerText }
            $first = @($message -split '\r?\n' | Where-Object { $_.Trim() })[0]
            $counts.FailedWhy.Add($(if ($first) { $first.Trim() } else { '(no message)' }))
        }
        elseif ($case.SelectSingleNode('skipped')) { $counts.Skipped++ }
        else { $counts.Passed++ }
    }
    $counts
}

function Invoke-Test {
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir
    $xunitXml = Join-Path $ResultsDir 'xunit.xml'
    $pythonXml = Join-Path $ResultsDir 'python.xml'
    $pesterXml = Join-Path $ResultsDir 'pester.xml'
    $problems = [System.Collections.Generic.List[string]]::new()

    Write-Step 'Test: xunit (tests/McpModule.Tests)'
    # The comparisons with Debian's reclass (Category=Oracle) need it installed; -IncludeLab
    # installs it (Prerequisites), elsewhere they are left out when it is not there, and said so.
    $xunitFilter = @()
    if (-not $IncludeLab) {
        # the oracle runs Debian's reclass on /usr/bin/python3 (tests/oracle), whatever python3 PATH finds
        $python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { 'python3' }
        & $python -c 'import reclass' 2>$null
        if ($LASTEXITCODE -ne 0) {
            Write-Host '    reclass is not installed: the comparisons with it (Category=Oracle) are left out; -IncludeLab installs it'
            $xunitFilter = @('--filter', 'Category!=Oracle')
        }
        $global:LASTEXITCODE = 0
    }
    & dotnet test (Join-Path $Root 'tests/McpModule.Tests') -c $Configuration --nologo @xunitFilter `
        --logger "junit;LogFilePath=$xunitXml;MethodFormat=Class;FailureBodyFormat=Verbose" --logger 'console;verbosity=minimal'
    if ($LASTEXITCODE -ne 0) { $problems.Add("dotnet test exited with $LASTEXITCODE") }

    # The node executor (McpModule/States/Executor/mcp_state.py) on a temporary folder, standard
    # library only; tests/Executor/junit.py is `python3 -m unittest discover` plus a JUnit file.
    Write-Step 'Test: python3 unittest (tests/Executor)'
    & python3 -B (Join-Path $Root 'tests/Executor/junit.py') $pythonXml
    if ($LASTEXITCODE -ne 0) { $problems.Add("python3 tests/Executor/junit.py exited with $LASTEXITCODE") }

    Write-Step 'Test: Pester (tests/Pester)'
    $excludeTag = if ($IncludeLab) { @() } else { @('Lab', 'Browser') }
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/Invoke-PesterSuite.ps1') `
        -Path (Join-Path $Root 'tests/Pester') -OutputPath $pesterXml -PesterManifest (Join-Path $ToolsDir 'Pester.psd1') `
        -ExcludeTag ($excludeTag -join ',')
    if ($LASTEXITCODE -ne 0) { $problems.Add("Pester exited with $LASTEXITCODE") }
    $global:LASTEXITCODE = 0

    $xunit = Read-JUnitCounts $xunitXml
    $python = Read-JUnitCounts $pythonXml
    $pester = Read-JUnitCounts $pesterXml
    if (-not (Test-Path $xunitXml)) { $problems.Add("no xunit results at $xunitXml") }
    if (-not (Test-Path $pythonXml)) { $problems.Add("no python results at $pythonXml") }
    if (-not (Test-Path $pesterXml)) { $problems.Add("no Pester results at $pesterXml") }
    $passed = $xunit.Passed + $python.Passed + $pester.Passed
    $failed = $xunit.Failed + $python.Failed + $pester.Failed
    # A runner that failed without a failed test case (a suite that did not load, no results
    # file) still counts, so the closing line never reads "0 failed" for a failed run.
    if ($failed -eq 0) { $failed = $problems.Count }
    $skipped = $xunit.Skipped + $python.Skipped + $pester.Skipped
    Write-Host ''
    Write-Host "xunit:  $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "python: $($python.Passed) passed, $($python.Failed) failed, $($python.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    $failedNames = @($xunit.FailedNames) + @($python.FailedNames) + @($pester.FailedNames)
    foreach ($name in $failedNames | Select-Object -First 40) { Write-Host "  failed: $name" }
    if ($failedNames.Count -gt 40) { Write-Host "  ... and $($failedNames.Count - 40) more (see out/test-results/)" }
    # Why, each distinct first line once with how many failed with it: the log's tail is often all a
    # CI page keeps, and a suite whose BeforeAll failed fails all its tests with one message.
    $why = @(@($xunit.FailedWhy) + @($python.FailedWhy) + @($pester.FailedWhy) | Group-Object | Sort-Object Count -Descending)
    foreach ($group in $why | Select-Object -First 12) {
        $text = if ($group.Name.Length -gt 400) { $group.Name.Substring(0, 400) + '...' } else { $group.Name }
        Write-Host "  why ($($group.Count)): $text"
    }
    if ($failed -gt 0 -and $IsLinux) {
        # a lab that cannot start on a full disk or without memory fails every later lab suite
        Write-Host "  machine: $((& df -h --output=avail,target / /tmp /var/lib 2>$null | Select-Object -Skip 1 | ForEach-Object { ($_ -split '\s+' | Where-Object { $_ }) -join ' free on ' } | Select-Object -Unique) -join ', ')"
        Write-Host "  memory: $(@(& free -m 2>$null)[1])"
    }
    foreach ($problem in $problems) { Write-Host "  problem: $problem" }
    $script:Summary = "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $problems.Count -gt 0) { throw "Tests failed." }
    if ($passed -eq 0) { throw 'No test ran.' }
}

function Invoke-Tour {
    Push-Location $Root
    try {
        Import-Module (Join-Path $ModuleDir 'McpModule.psd1') -Force
        # The README's tour, command by command; keep the two in step.
        $tour = @(
            'Get-McpCluster -Path examples/models/lab'
            'Get-McpCluster -Path examples/models/lab | Get-McpNode'
            'Get-McpNode -Path examples/models/lab -Application keepalived |' + "`n" +
            '    Select-Object Name, @{ n = ''VipPriority''; e = { $_ | Get-McpPillar -Key keepalived:cluster:instance:VIP:priority } }'
            '(Get-McpPillar -Path examples/models/lab -Node ctl01).keystone.server.database'
            'Get-McpPillar -Path examples/models/lab -Node ctl01 -Key nova:controller:compute_hosts -AsJson'
            'Get-McpPillar -Path examples/models/lab -Node cmp001 -Key linux:network:interface -AsYaml'
            'Get-McpNode -Path examples/models/lab -Class ''system.nova.*'' -Name cmp* |' + "`n" +
            '    Get-McpPillar -Key nova:compute:reserved_host_memory_mb'
            'Test-McpModel -Path examples/models/lab'
            'New-McpCluster -Name demo -Domain demo.local -Path out/tour/demo -Template openstack-ovs -NeutronMode VxlanDvrInternal -Ceph'
            'Get-McpNode -Path out/tour/demo -Name ctl*, cmp*'
            '(Get-McpNetworkPlan -Path out/tour/demo).Networks'
            'Get-McpComputeSizing -Instances 500 -VcpuPerInstance 2 -RamGbPerInstance 4 -HostCores 48 -HostRamGb 256 -ReservedHostRamGb 16'
        )
        # The tour writes a new model each time; New-McpCluster never overwrites one.
        Remove-Item (Join-Path $Root 'out/tour') -Recurse -Force -ErrorAction Ignore
        foreach ($line in $tour) { Show-Command $line }
    }
    finally { Pop-Location }
}

# Writes "PS> <command>" and the command's output as a console would (the Tour and the Demo).
# Dot-source it (. Show-Command) so that variables a command sets are there for the next one.
function Show-Command([string] $Line) {
    Write-Host ''
    Write-Host "PS> $Line"
    $showCommandOutput = Invoke-Expression $Line | Out-String -Width 120
    if ($showCommandOutput.Trim()) { Write-Host $showCommandOutput.TrimEnd() }
}

function Invoke-Demo {
    if (-not $IsLinux -or (& id -u) -ne '0') {
        throw ('The Demo starts a lab of real nodes (systemd-nspawn machines on a bridge): it needs Linux and root, ' +
            'e.g. sudo dotnet pwsh -NoProfile -File build.ps1 -Task Build,Demo. The Tour needs neither.')
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Push-Location $Root
    try {
        Import-Module (Join-Path $ModuleDir 'McpModule.psd1') -Force
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) {
            throw "A lab of cluster 'lab' is running already (Get-McpLab -Cluster lab); the Demo starts and stops its own. Stop it first: Stop-McpLab -Cluster lab"
        }
        # Each demo starts from a fresh copy of the example model, with an empty run journal.
        Remove-Item (Join-Path $OutDir 'demo') -Recurse -Force -ErrorAction Ignore
        $null = New-Item -ItemType Directory -Force (Join-Path $OutDir 'demo')
        # The README's "Main job", command by command; keep the two in step.
        $demo = @(
            'Copy-Item -Recurse examples/models/lab out/demo/model'
            '$packages = @(Get-McpNode -Path out/demo/model -Target ''ctl01 or cmp001'' | Get-McpPillar -Key linux:system:package |' + "`n" +
            '    ForEach-Object Keys) + ''chrony'' | Sort-Object -Unique'
            '$packages -join '', '''
            'Get-McpCluster -Path out/demo/model | Start-McpLab -Node cfg01, ctl01, cmp001 -Package $packages'
            '$first = Invoke-McpState -Path out/demo/model -Target ''ctl01 or cmp001'' -State linux, openssh, ntp'
            '$first | Where-Object { $_ -is [McpModule.States.McpStateResult] } | Format-Table Node, StateId, Result, Resource'
            '$first | Where-Object { $_ -is [McpModule.States.McpRun] }'
            '$again = Invoke-McpState -Path out/demo/model -Target ''ctl01 or cmp001'' -State linux, openssh, ntp'
            '$again | Where-Object { $_ -is [McpModule.States.McpStateResult] } | Group-Object Node, Result -NoElement | Format-Table -AutoSize'
            'Invoke-McpCommand -Path out/demo/model -Target ''ctl01 or cmp001'' -Command ''sshd -T | grep ^permitrootlogin; systemctl is-active chrony; dpkg-query -W htop'' |' + "`n" +
            '    Select-Object Node, ExitCode, @{ n = ''StdOut''; e = { $_.StdOut.Trim() -replace "\n", '' | '' -replace "\t", '' '' } }'
            'Get-McpRun -Path out/demo/model | Select-Object -First 2'
        )
        foreach ($line in $demo) { . Show-Command $line }
        # What the demo shows, checked: nothing failed, and the second run changed nothing.
        $results = @(@($first) + @($again) | Where-Object { $_ -is [McpModule.States.McpStateResult] })
        $failed = @($results | Where-Object Result -EQ Failed)
        if ($failed) { throw "Demo: $($failed.Count) resource(s) failed: $(($failed | ForEach-Object { "$($_.Node) $($_.StateId)" }) -join ', ')" }
        $changed = @($again | Where-Object { $_ -is [McpModule.States.McpStateResult] -and $_.Result -ne 'Unchanged' })
        if ($changed) { throw "Demo: the second run changed $(($changed | ForEach-Object { "$($_.Node) $($_.StateId)" }) -join ', ')" }
        if ($results.Count -ne 2 * @($first | Where-Object { $_ -is [McpModule.States.McpStateResult] }).Count) { throw 'Demo: the two runs have different resources.' }
        Show-Command 'Stop-McpLab -Cluster lab -Confirm:$false'

        # The second part: a Ceph cluster from an empty lab to HEALTH_OK (monitors, managers, OSDs).
        if (Get-McpLab -Cluster ceph -ErrorAction Ignore) {
            throw "A lab of cluster 'ceph' is running already (Get-McpLab -Cluster ceph); the Demo starts and stops its own. Stop it first: Stop-McpLab -Cluster ceph"
        }
        $ceph = @(
            'Copy-Item -Recurse examples/models/ceph out/demo/ceph'
            'Get-McpCluster -Path out/demo/ceph | Start-McpLab -DiskCount 1 -Package ceph-mon, ceph-mgr, ceph-osd, udev'
            '$built = Invoke-McpState -Path out/demo/ceph -Target ''cmn*'''
            '$built | Where-Object { $_ -is [McpModule.States.McpRun] }'
            'Get-McpCephDevice -Path out/demo/ceph -Target ''cmn*'''
            '$osds = examples/runbooks/Add-CephOsdHost.ps1 -Path out/demo/ceph -Node ''cmn*'''
            '$osds | Format-Table Id, Host, Device, Class, Up, In, Status, PGs'
            '(Invoke-McpCommand -Path out/demo/ceph -Target cmn01 -Command ''ceph -s'').StdOut'
            'Get-McpPillar -Path out/demo/ceph -Node cmn02 -Key ceph:osd:backend:bluestore:disks | ConvertTo-Json -Compress'
            '$health = Get-McpHealth -Path out/demo/ceph -Level Node, Service, Cluster'
            '$health'
        )
        foreach ($line in $ceph) { . Show-Command $line }
        $built = @($built | Where-Object { $_ -is [McpModule.States.McpRun] })
        if ($built[0].Status -ne 'Succeeded') { throw "Demo: the ceph state run is $($built[0].Status)." }
        if (@($osds).Count -ne 3) { throw "Demo: $(@($osds).Count) OSDs, not 3." }
        $unwell = @($health | Where-Object Status -ne Okay)
        if ($unwell) { throw "Demo: not healthy: $(($unwell | ForEach-Object { "$($_.Level) $($_.Entity) $($_.Status): $($_.Reasons | Select-Object -First 1)" }) -join '; ')" }
    }
    finally {
        try {
            # Whatever happened above, the lab goes: nodes, bridge, repository server, state.
            foreach ($cluster in 'lab', 'ceph') {
                if ((Get-Command Get-McpLab -ErrorAction Ignore) -and (Get-McpLab -Cluster $cluster -ErrorAction Ignore)) {
                    Show-Command "Stop-McpLab -Cluster $cluster -Confirm:`$false"
                }
            }
        }
        finally {
            Pop-Location
            Write-Host ''
            Write-Host "    Demo: $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s"
        }
    }
}

function Invoke-Bench {
    $script = Join-Path $Root 'bench/run.ps1'
    if (-not (Test-Path $script)) { throw "No benchmark: $script does not exist yet." }
    # In its own pwsh, as CI would run it.
    & dotnet pwsh -NoProfile -NonInteractive -File $script
    if ($LASTEXITCODE -ne 0) { throw "bench/run.ps1 failed with exit code $LASTEXITCODE." }
}

function Invoke-Lint {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Native dotnet @('format', (Join-Path $Root 'McpModule.slnx'), '--verify-no-changes', '--verbosity', 'quiet')
    $missing = @(foreach ($folder in $NullableFolders) {
            Get-ChildItem (Join-Path $Root $folder) -Filter '*.cs' -File -Recurse |
                Where-Object { (Get-Content $_.FullName -TotalCount 1) -ne '#nullable enable' } |
                ForEach-Object { [IO.Path]::GetRelativePath($Root, $_.FullName) }
        })
    if ($missing) {
        throw "These files of a folder with nullable reference types do not start with '#nullable enable': $($missing -join ', ')."
    }
    Write-Host "    dotnet format: nothing to change; #nullable enable in every file of $($NullableFolders -join ', ') ($([math]::Round($clock.Elapsed.TotalSeconds)) s)"
}

function Invoke-Clean {
    if (Test-Path $OutDir) { Remove-Item $OutDir -Recurse -Force; Write-Host "    removed out/" }
    $projects = Get-ChildItem $Root -Recurse -Filter '*.csproj' -File |
        Where-Object { $_.FullName -notlike (Join-Path $ToolsDir 'packages*') }
    foreach ($project in $projects) {
        # tools/bin is Pester's own bin (copied by Bootstrap), not a build output.
        $folders = if ($project.DirectoryName -eq $ToolsDir) { @('obj') } else { @('bin', 'obj') }
        foreach ($folder in $folders) {
            $path = Join-Path $project.DirectoryName $folder
            if (Test-Path $path) {
                Remove-Item $path -Recurse -Force
                Write-Host "    removed $([IO.Path]::GetRelativePath($Root, $path))/"
            }
        }
    }
}

$script:Summary = $null
$exitCode = 0
Push-Location $Root
try {
    foreach ($name in $Task) { Invoke-Task $name }
}
catch {
    $exitCode = 1
    Write-Host ''
    Write-Host "FAILED: $($_.Exception.Message)"
    $where = @($_.ScriptStackTrace -split "`n")[0]
    if ($where) { Write-Host "    $where" }
}
finally {
    Pop-Location
}
if ($script:Summary) { Write-Host $script:Summary }
exit $exitCode
