<#
.SYNOPSIS
    Runs the rendering and Import-Module benchmarks and writes docs/benchmarks.md.
.DESCRIPTION
    1. Generates the MCP-shaped inventory into out/bench/inventory
       (bench/generate_inventory.py; skipped when it is already there with the same arguments).
    2. Times Debian's reclass 1.7 rendering every node in-process (bench/reclass_inprocess.py):
       up to 3 runs, fewer when a run is slow (-ReclassBudgetSeconds).
    3. Builds and runs bench/McpModule.Bench: -Warmup warm-up runs, then -Runs runs of
       ReclassModel.Open + Render of every node (fresh model each run).
    4. Checks a sample of nodes renders the same in both (bench/compare_sample.py).
    5. Times Import-Module of the built module in fresh pwsh processes
       (bench/Measure-ImportModule.ps1); builds the module first if out/McpModule is missing.
    6. Writes docs/benchmarks.md with the figures of this one run; the sections the lab benchmarks
       write (bench/Measure-Transport.ps1, bench/Measure-State.ps1) are kept as they are.
    7. Times the health evaluation of 1,000 nodes x 50 metrics, engine and Get-McpHealth
       (bench/Measure-Health.ps1, which writes its own section), and Export-McpHealth in each format
       (bench/Measure-HealthExport.ps1, likewise); skipped with -SkipHealth.
    8. Times the cmdlets as users run them against reclass on a real-shaped and the query-heavy
       inventory (bench/Measure-Cmdlets.ps1, its own sections); skipped with -SkipCmdlets.
    Raw JSON of every step is kept in out/bench/results/.
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/run.ps1 -Nodes 100 -Classes 300 -Output out/bench/benchmarks.md
#>
[CmdletBinding()]
param(
    [int] $Nodes = 500,
    [int] $Classes = 1000,
    [int] $Seed = 42,
    # Timed runs of our engine, after warm-up runs that let the JIT reach its optimised
    # code (tiered compilation needs a few passes; the first run is reported apart).
    [int] $Runs = 5,
    [int] $Warmup = 3,
    # reclass gets up to 3 runs; no further run starts once this budget would be exceeded.
    [int] $ReclassBudgetSeconds = 150,
    [int] $ImportCount = 15,
    # Nodes compared with reclass (0: skip the check).
    [int] $VerifySample = 25,
    [switch] $SkipImportModule,
    [switch] $SkipHealth,
    [switch] $SkipCmdlets,
    [string] $Output
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false
Set-StrictMode -Version 3.0

$Root = Split-Path -Parent $PSScriptRoot
$Python = '/usr/bin/python3'          # Debian's reclass is installed for this interpreter
$BenchOut = Join-Path $Root 'out/bench'
$Inventory = Join-Path $BenchOut 'inventory'
$Results = Join-Path $BenchOut 'results'
$Artifacts = Join-Path $BenchOut 'artifacts'
$OursDump = Join-Path $BenchOut 'ours-nodeinfo'
if (-not $Output) { $Output = Join-Path $Root 'docs/benchmarks.md' }

function Write-Step([string] $Message) { Write-Host "==> bench: $Message" }

# Runs a native command; returns its stdout as one string; stderr goes to the host.
function Invoke-Native([string] $FilePath, [string[]] $ArgumentList) {
    Write-Host "    $FilePath $($ArgumentList -join ' ')"
    $stdout = & $FilePath @ArgumentList 2>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) { Write-Host "    $($_.Exception.Message)" } else { $_ }
    }
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
    ($stdout | Out-String)
}

function Save-Json([string] $Name, [string] $Text) {
    $path = Join-Path $Results "$Name.json"
    Set-Content -Path $path -Value $Text.Trim() -Encoding utf8NoBOM
    $Text | ConvertFrom-Json
}

function Get-LoadAverage { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'n/a' } }

function Get-Machine {
    $cpu = 'unknown'
    if (Test-Path /proc/cpuinfo) {
        $line = Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name\s*:' } | Select-Object -First 1
        if ($line) { $cpu = ($line -split ':', 2)[1].Trim() }
    }
    $ram = 'unknown'
    if (Test-Path /proc/meminfo) {
        $kb = [double](((Get-Content /proc/meminfo | Where-Object { $_ -match '^MemTotal:' }) -split '\s+')[1])
        $ram = '{0:F1} GiB' -f ($kb / 1MB)
    }
    $os = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    if (Test-Path /etc/os-release) {
        $pretty = Get-Content /etc/os-release | Where-Object { $_ -match '^PRETTY_NAME=' } | Select-Object -First 1
        $kernel = try { (& uname -r).Trim() } catch { [string][Environment]::OSVersion.Version }
        if ($pretty) { $os = "$(($pretty -split '=', 2)[1].Trim('"')), kernel $kernel" }
    }
    $nproc = try { (& nproc).Trim() } catch { [string][Environment]::ProcessorCount }
    $reclassPkg = try { (& dpkg-query -W -f '${Package} ${Version}' python3-reclass 2>$null) } catch { '' }
    $global:LASTEXITCODE = 0
    [ordered]@{
        cpu      = $cpu
        nproc    = $nproc
        ram      = $ram
        os       = $os
        sdk      = (& dotnet --version).Trim()
        python   = (& $Python -c 'import platform; print(platform.python_version())').Trim()
        reclass  = (& $Python -c 'import sys; sys.path.insert(0, "/usr/lib/python3/dist-packages"); from reclass.version import VERSION; print(VERSION)').Trim()
        reclass_package = $reclassPkg
        pwsh     = $PSVersionTable.PSVersion.ToString()
    }
}

function Format-Ratio([double] $Theirs, [double] $Ours) {
    if ($Ours -le 0) { return 'n/a' }
    '{0:F1}x' -f ($Theirs / $Ours)
}

$null = New-Item -ItemType Directory -Path $Results -Force
$startedAt = [DateTime]::UtcNow
$loadStart = Get-LoadAverage
$machine = Get-Machine

Write-Step "inventory ($Nodes nodes, $Classes classes, seed $Seed) in $Inventory"
$gen = Save-Json 'inventory' (Invoke-Native $Python @((Join-Path $PSScriptRoot 'generate_inventory.py'), $Inventory,
        '--nodes', $Nodes, '--classes', $Classes, '--seed', $Seed))

Write-Step 'build bench/McpModule.Bench (Release)'
$null = Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'McpModule.Bench/McpModule.Bench.csproj'), '-c', 'Release',
    '--artifacts-path', $Artifacts, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
$benchDll = Join-Path $Artifacts 'bin/McpModule.Bench/release/McpModule.Bench.dll'
if (-not (Test-Path $benchDll)) { throw "Build produced no $benchDll." }

Write-Step 'reclass 1.7, in-process'
$reclass = Save-Json 'reclass' (Invoke-Native $Python @((Join-Path $PSScriptRoot 'reclass_inprocess.py'), $Inventory,
        '--runs', 3, '--budget', $ReclassBudgetSeconds))

Write-Step "McpModule engine, $Warmup warm-up + $Runs runs"
$queryNodes = @($reclass.nodes_with_inventory_queries) -join ','
$oursArgs = @($benchDll, $Inventory, '--runs', $Runs, '--warmup', $Warmup, '--dump', $OursDump)
if ($queryNodes) { $oursArgs += @('--query-nodes', $queryNodes) }
if (Test-Path $OursDump) { Remove-Item $OursDump -Recurse -Force }
$ours = Save-Json 'ours' (Invoke-Native dotnet $oursArgs)

$verify = $null
if ($VerifySample -gt 0) {
    Write-Step "compare $VerifySample nodes with reclass"
    $text = & $Python (Join-Path $PSScriptRoot 'compare_sample.py') $Inventory $OursDump --sample $VerifySample
    $global:LASTEXITCODE = 0
    $verify = Save-Json 'verify' ($text | Out-String)
    if ($verify.equal -ne $verify.compared) {
        Write-Warning "Outputs differ on $($verify.compared - $verify.equal) of $($verify.compared) nodes; see $(Join-Path $Results 'verify.json')."
    }
}

$import = $null
if (-not $SkipImportModule) {
    $version = (Import-PowerShellDataFile (Join-Path $Root 'McpModule.psd1')).ModuleVersion
    $manifest = Join-Path $Root "out/McpModule/$version/McpModule.psd1"
    if (-not (Test-Path $manifest)) {
        Write-Step "no built module at $manifest; building it (build.ps1 -Task Build)"
        $pwsh = [Environment]::ProcessPath
        $prefix = if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @([Environment]::GetCommandLineArgs()[0]) } else { @() }
        $null = Invoke-Native $pwsh ($prefix + @('-NoProfile', '-File', (Join-Path $Root 'build.ps1'), '-Task', 'Build'))
        if (-not (Test-Path $manifest)) { throw "build.ps1 -Task Build did not produce $manifest." }
    }
    Write-Step "Import-Module, $ImportCount fresh pwsh processes"
    $importStartedAt = (Get-Date).ToUniversalTime()
    $importLoad = @(Get-LoadAverage)
    $import = Save-Json 'import-module' ((& (Join-Path $PSScriptRoot 'Measure-ImportModule.ps1') -ModulePath $manifest -Count $ImportCount) | Out-String)
    $importLoad += Get-LoadAverage
    # The loader takes dependencies/<runtime id>/ (ReadyToRun) when the build made it for this machine.
    $importBuild = if (Test-Path (Join-Path (Split-Path $manifest) "dependencies/$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)")) {
        "the ReadyToRun build (the engine and its libraries from ``dependencies/$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)/``)"
    } else { 'the IL build (no ReadyToRun folder for this machine)' }
}
$loadEnd = Get-LoadAverage

# ---------- docs/benchmarks.md ----------
$s = $gen.stats
$oursNonQuery = $ours.median_s - $ours.median_s_in_nodes_with_inventory_queries
$theirsNonQuery = $reclass.median_s - $reclass.median_s_in_nodes_with_inventory_queries
$nq = @($reclass.nodes_with_inventory_queries).Count
$ratio = $reclass.median_s / $ours.median_s
$reclassRuns = @($reclass.runs).Count
$relOutput = [IO.Path]::GetRelativePath($Root, $Output)
$genCmd = "bench/generate_inventory.py out/bench/inventory --nodes $Nodes --classes $Classes --seed $Seed"

$md = [System.Text.StringBuilder]::new()
function Add([string] $Line = '') { $null = $md.AppendLine($Line) }
Add '# Benchmarks'
Add ''
Add "The model engine's figures come from one run of ``bench/run.ps1`` on $($startedAt.ToString('yyyy-MM-dd HH:mm')) UTC; the sections"
Add 'against ansible come from the lab benchmarks, each section naming its script, run and machine. Absolute times'
Add 'depend on the machine and its load; compare ratios.'
Add ''
Add '## Command'
Add ''
Add '```'
Add 'dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Bench'
Add '# same as: dotnet pwsh -NoProfile -File bench/run.ps1   (model engine against reclass, Import-Module)'
Add '# the lab benchmarks against ansible-core (root, a built module):'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-State.ps1          # Invoke-McpState against ansible-playbook'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-Transport.ps1 -Lab  # Invoke-McpCommand against ansible'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-Transport.ps1       # the same on network-namespace sshd nodes'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-Transport.ps1 -Lab -KexAlgorithms curve25519-sha256  # both without the post-quantum key exchange'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-CephOsd.ps1       # Add-McpCephOsd against ceph-volume by hand'
Add '# the health benchmarks: evaluation of 1,000 nodes (part of this run; no root), collection from 30 lab nodes (root):'
Add 'dotnet pwsh -NoProfile -File bench/Measure-Health.ps1'
Add 'dotnet pwsh -NoProfile -File bench/Measure-HealthExport.ps1   # Export-McpHealth in each format (part of this run)'
Add 'sudo dotnet pwsh -NoProfile -File bench/Measure-Health.ps1 -Lab     # Get-McpMetric against Invoke-McpCommand true'
Add '# the cmdlets as users run them (warm, per node, first call, new process) against reclass, on both inventory shapes (part of this run):'
Add 'dotnet pwsh -NoProfile -File bench/Measure-Cmdlets.ps1 -Shape real; dotnet pwsh -NoProfile -File bench/Measure-Cmdlets.ps1 -Shape query -Rounds 3 -ReclassRounds 1'
Add '# Compare-McpModel on two revisions against one render; the peak memory of rendering 500 nodes:'
Add 'dotnet pwsh -NoProfile -File bench/Measure-Compare.ps1'
Add 'dotnet pwsh -NoProfile -File bench/Measure-Memory.ps1'
Add '```'
Add ''
Add 'Raw JSON of each step: `out/bench/results/`.'
Add ''
Add '## Machine'
Add ''
Add '| | |'
Add '|---|---|'
Add "| CPU | $($machine.cpu), $($machine.nproc) logical CPUs (nproc) |"
Add "| RAM | $($machine.ram) |"
Add "| OS | $($machine.os) |"
Add "| .NET | SDK $($machine.sdk), $($ours.runtime), $($ours.gc) GC |"
Add "| PowerShell | $($machine.pwsh) (``dotnet pwsh`` local tool) |"
Add "| Python | $($machine.python) (``$Python``) |"
Add "| reclass | $($machine.reclass) (Debian package $($machine.reclass_package)) |"
Add "| Load average (1/5/15 min) | $loadStart at start, $loadEnd at end (the CPUs are shared) |"
Add ''
Add '## Inventory'
Add ''
Add "Generated by ``$genCmd``: an MCP-shaped model"
Add '(`classes/service`, `classes/system`, `classes/cluster/<name>/...`, `nodes/_generated`). Each node'
Add 'lists one cluster class; through cluster, system and service classes it gets the rest.'
Add 'Parameters use dict merges, list appends, scalar overrides, `${_param:...}` chains, nested'
Add 'references, references to dicts and lists; the cfg01 node of each cluster has inventory queries.'
Add ''
Add '| | |'
Add '|---|---|'
Add "| Nodes | $($s.nodes) |"
Add "| Classes | $($s.classes) ($($s.class_files_init_yml) of them ``init.yml``) |"
Add "| Classes per node (rendered, average) | $($ours.avg_classes_per_node) |"
Add "| References ```${...}`` in the files | $($s.references) ($($s.references_in_classes) in classes, $($s.references_in_nodes) in nodes) |"
Add "| Inventory queries ```$[...]`` | $($s.inventory_queries), on $nq node(s) |"
Add "| YAML | $([math]::Round($s.yaml_bytes / 1MB, 2)) MiB |"
Add ''
Add '## Rendering every node'
Add ''
Add '- **reclass**: `bench/reclass_inprocess.py`: in one Python process, one yaml_fs storage'
Add '  (with reclass'' memcache proxy, so each class file is parsed once per run) and one `Core`,'
Add '  then `Core.nodeinfo(node)` for every node, as one long-lived reclass instance would. Python'
Add '  start-up and imports are not timed. (Salt''s reclass ext_pillar builds a new storage and Core'
Add '  for every minion, so this set-up, which shares parsed classes between nodes, favours reclass.)'
Add "  Median of $reclassRuns run(s) (up to 3 within $ReclassBudgetSeconds s)."
Add '- **McpModule**: `bench/McpModule.Bench`: `ReclassModel.Open(path)` then `Render(node)` for every'
Add "  node, a fresh model each run so listing and parsing the files is timed too; $Warmup warm-up runs"
Add "  (the first, with the JIT compiling everything, is reported below), then the median of $Runs runs."
Add "  Single-threaded."
Add ''
Add '| | reclass 1.7 | McpModule | ratio |'
Add '|---|---:|---:|---:|'
Add ("| All {0} nodes | {1:F2} s | {2:F3} s | **{3}** |" -f $ours.nodes, $reclass.median_s, $ours.median_s, (Format-Ratio $reclass.median_s $ours.median_s))
Add ("| Nodes per second | {0:F1} | {1:F1} | |" -f $reclass.nodes_per_s, $ours.nodes_per_s)
Add ("| The {0} node(s) with inventory queries | {1:F2} s | {2:F3} s | {3} |" -f $nq, $reclass.median_s_in_nodes_with_inventory_queries, $ours.median_s_in_nodes_with_inventory_queries, (Format-Ratio $reclass.median_s_in_nodes_with_inventory_queries $ours.median_s_in_nodes_with_inventory_queries))
Add ("| The other {0} nodes (difference of medians) | {1:F2} s | {2:F3} s | {3} |" -f ($ours.nodes - $nq), $theirsNonQuery, $oursNonQuery, (Format-Ratio $theirsNonQuery $oursNonQuery))
Add ''
Add ("Target: at least 50x on all nodes: **{0}** ({1:F1}x)." -f $(if ($ratio -ge 50) { 'met' } else { 'not met' }), $ratio)
Add ''
Add ("McpModule details: first (cold) run {0:F2} s; ``Open`` alone {1:F4} s; {2:N0} MB allocated per run; peak working set {3:N0} MB." -f $ours.first_run_s, $ours.median_open_s, $ours.median_allocated_mb, $ours.peak_working_set_mb)
Add ''
Add 'reclass evaluates the queries of a node by merging every node of its environment again (no'
Add 'cache between nodes), so the few nodes with queries weigh heavily in its time; the split above'
Add 'shows both parts. McpModule builds an inventory once for all nodes whose queries need the'
Add 'same exports, and renders the nodes without queries completely while doing so, keeping those'
Add 'renders; so in its column the first query node carries nearly all the work and the split says'
Add 'little: compare the totals.'
Add ''
if ($reclass.classes_total -ne $ours.classes_total) {
    Add "**Class counts differ**: reclass rendered $($reclass.classes_total) classes in all, McpModule $($ours.classes_total)."
    Add ''
}
if ($verify) {
    if ($verify.equal -eq $verify.compared -and $verify.compared -gt 0) {
        Add "Same output: ``bench/compare_sample.py`` compared the nodeinfo of $($verify.compared) nodes (evenly spaced, including a node with inventory queries) with reclass: all identical (strict types; timestamp ignored)."
    }
    else {
        Add "**Outputs differ**: ``bench/compare_sample.py`` found differences on $($verify.compared - $verify.equal) of $($verify.compared) nodes; see ``out/bench/results/verify.json``."
    }
    Add ''
}
Add '## Import-Module'
Add ''
if ($import) {
    Add "``bench/Measure-ImportModule.ps1``: $($import.count) fresh ``pwsh -NoProfile -NonInteractive`` processes; inside each, a"
    Add 'Stopwatch around `Import-Module out/McpModule/<version>/McpModule.psd1` only. Run on'
    Add "$($importStartedAt.ToString('yyyy-MM-dd HH:mm')) UTC, $importBuild, load average $($importLoad[0]) before, $($importLoad[1]) after."
    Add ''
    Add '| | median | min | max |'
    Add '|---|---:|---:|---:|'
    Add ("| Import-Module McpModule | **{0:F0} ms** | {1:F0} ms | {2:F0} ms |" -f $import.import_ms.median, $import.import_ms.min, $import.import_ms.max)
    Add ("| For comparison: Import-Module of an empty script module (pwsh compiles its .psm1) | {0:F0} ms | {1:F0} ms | {2:F0} ms |" -f $import.empty_module_import_ms.median, $import.empty_module_import_ms.min, $import.empty_module_import_ms.max)
    Add ("| Baseline: start and exit ``pwsh -NoProfile`` (wall, from outside) | {0:F0} ms | {1:F0} ms | {2:F0} ms |" -f $import.process_start_ms.median, $import.process_start_ms.min, $import.process_start_ms.max)
    Add ''
    Add ("Target: at most 150 ms: **{0}**." -f $(if ($import.import_ms.median -le 150) { 'met' } else { 'not met' }))
}
else {
    Add 'Not measured in this run (`-SkipImportModule`).'
}
$text = $md.ToString().TrimEnd() + "`n"
# The sections other scripts write (the lab benchmarks against ansible) stay as the file has them.
. (Join-Path $PSScriptRoot 'BenchmarkDocument.ps1')
$own = @([regex]::Matches($text, '(?m)^## .*$') | ForEach-Object { $_.Value.TrimEnd() })
$kept = Read-BenchmarkSections $Output
foreach ($heading in @($kept.Keys)) {
    if ($heading -and $heading -notin $own) { $text += "`n" + ((@($kept[$heading]) -join "`n").TrimEnd()) + "`n" }
}
Set-Content -Path $Output -Value $text -NoNewline -Encoding utf8NoBOM
Write-Step "wrote $relOutput"
if (-not $SkipHealth) {
    # its own section of the same file; it needs the built module (build.ps1 -Task Bench builds it first)
    Write-Step 'health evaluation: bench/Measure-Health.ps1'
    & (Join-Path $PSScriptRoot 'Measure-Health.ps1') -OutFile $Output
    Write-Step 'health export: bench/Measure-HealthExport.ps1'
    & (Join-Path $PSScriptRoot 'Measure-HealthExport.ps1') -OutFile $Output
}
if (-not $SkipCmdlets) {
    Write-Step 'cmdlets against reclass: bench/Measure-Cmdlets.ps1 (real shape, then query-heavy)'
    & (Join-Path $PSScriptRoot 'Measure-Cmdlets.ps1') -Shape real -OutFile $Output
    & (Join-Path $PSScriptRoot 'Measure-Cmdlets.ps1') -Shape query -Rounds 3 -ReclassRounds 1 -OutFile $Output
}
Write-Host ("    reclass {0:F2} s, McpModule {1:F3} s: {2}; Import-Module {3}" -f $reclass.median_s, $ours.median_s,
    (Format-Ratio $reclass.median_s $ours.median_s), $(if ($import) { '{0:F0} ms' -f $import.import_ms.median } else { 'not measured' }))
