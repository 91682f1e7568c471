<#
.SYNOPSIS
    Times Compare-McpModel on two revisions of the 500-node generated model against one render of
    the same model, in one session. Writes its section of docs/benchmarks.md.
.DESCRIPTION
    The model is bench/generate_inventory.py's (500 nodes, 1,000 classes, seed 42) in a new git
    repository under the temp folder (as the subfolder model/): a first commit, a second that
    changes `_param:linux_system_codename` in every cluster's init class (every node reads one),
    and a third that adds a `_param` to five node files (a typical pull request). After -Warmup
    untimed rounds, the median of -Rounds (wall time and the process's CPU time) of:
      render once:  Get-McpNode -Path <model> (every node rendered, the session's model cache
                    emptied first, so listing, parsing and rendering are timed)
      compare:      Compare-McpModel -Path <model> -Reference HEAD~2 -Difference HEAD~1 (both sides
                    read from git and rendered, every node compared)
      compare with the working tree: -Reference HEAD~2 (cache emptied first)
      compare the pull request: -Reference HEAD~1 -Difference HEAD
    Target: a comparison at most 2x the time of one render. Build first (build.ps1 -Task Build).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-Compare.ps1
#>
[CmdletBinding()]
param(
    [int] $Nodes = 500,
    [int] $Rounds = 5,
    [int] $Warmup = 2,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
# LabBenchmark.ps1 gives $root and $manifest (the built module) and the document functions
Import-Module $manifest -Force
function F2([double] $x) { $x.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) }

$repo = Join-Path ([IO.Path]::GetTempPath()) ('mcp-bench-compare-' + [guid]::NewGuid().ToString('N'))
try {
    $model = Join-Path $repo 'model'
    & /usr/bin/python3 (Join-Path $PSScriptRoot 'generate_inventory.py') $model --nodes $Nodes --classes 1000 --seed 42 | Out-Null
    if ($LASTEXITCODE) { throw "generate_inventory.py failed ($LASTEXITCODE)." }
    function Invoke-BenchGit { & git -C $repo -c user.name=bench -c user.email=bench@example.invalid @args; if ($LASTEXITCODE) { throw "git $args failed." } }
    Invoke-BenchGit init -q
    Invoke-BenchGit add -A
    Invoke-BenchGit commit -qm 'generated model'
    $edited = 0
    foreach ($init in Get-ChildItem (Join-Path $model 'classes/cluster/*/init.yml')) {
        $text = Get-Content -Raw $init
        $new = $text -replace 'linux_system_codename: xenial', 'linux_system_codename: bionic'
        if ($new -ne $text) { [IO.File]::WriteAllText($init.FullName, $new); $edited++ }
    }
    Invoke-BenchGit commit -qam 'bionic'
    # a typical pull request: five nodes' own files
    $fewNodes = @(Get-ChildItem (Join-Path $model 'nodes') -Recurse -Filter *.yml | Sort-Object FullName | Select-Object -First 5)
    foreach ($file in $fewNodes) {
        $text = Get-Content -Raw $file
        [IO.File]::WriteAllText($file.FullName, ($text -replace "(?m)^  _param:\n", "  _param:`n    bench_marker: 1`n"))
    }
    Invoke-BenchGit commit -qam 'five nodes'
    $clear = { [McpModule.Cmdlets.GetMcpNodeCommand].Assembly.GetType('McpModule.Cmdlets.ModelCache').GetMethod('Clear').Invoke($null, $null) }
    $process = [Diagnostics.Process]::GetCurrentProcess()
    function CpuSeconds { $process.Refresh(); $process.TotalProcessorTime.TotalSeconds }

    $started = Get-Date
    $loadBefore = LoadAverage
    $cases = [ordered]@{
        'Render once: `Get-McpNode -Path model` (every node)'                                  = { $null = & $clear; $null = Get-McpNode -Path $model }
        'Compare two revisions: `Compare-McpModel -Reference HEAD~2 -Difference HEAD~1` (every node changed)' = { $script:changes = Compare-McpModel -Path $model -Reference HEAD~2 -Difference HEAD~1 }
        'Compare with the working tree: `Compare-McpModel -Reference HEAD~2` (every node changed)' = { $null = & $clear; $null = Compare-McpModel -Path $model -Reference HEAD~2 }
        'Compare a pull request of five node files: `-Reference HEAD~1 -Difference HEAD`'        = { $null = Compare-McpModel -Path $model -Reference HEAD~1 -Difference HEAD }
    }
    $rows = foreach ($name in $cases.Keys) {
        for ($w = 0; $w -lt $Warmup; $w++) { & $cases[$name] }
        $times = @(); $cpu = @()
        for ($r = 0; $r -lt $Rounds; $r++) {
            [GC]::Collect()
            $c0 = CpuSeconds
            $times += Time { & $cases[$name] }
            $cpu += (CpuSeconds) - $c0
        }
        [pscustomobject]@{ Name = $name; Median = Median $times; Min = ($times | Measure-Object -Minimum).Minimum; Cpu = Median $cpu }
    }
    $summary = @($changes | Group-Object Key).Count
    $changedNodes = @($changes | Select-Object -ExpandProperty Node -Unique).Count
    $render = $rows[0].Median
    $renderCpu = $rows[0].Cpu
    $ratio = $rows[1].Median / $render
    $ratioCpu = $rows[1].Cpu / $renderCpu
    $ratioWorking = $rows[2].Median / $render
    $lines = @(
        "## Compare-McpModel ($Nodes nodes, two revisions)"
        ''
        "Written by ``bench/Measure-Compare.ps1`` on $(Get-Date $started -Format 'yyyy-MM-dd HH:mm') UTC. Machine: $(CpuModel), $([Environment]::ProcessorCount) cores (shared); .NET $([Environment]::Version); load average $loadBefore before, $(LoadAverage) after."
        ''
        "The model: ``bench/generate_inventory.py`` ($Nodes nodes, 1,000 classes, seed 42) as ``model/`` of a new git repository; the second commit changes ``_param:linux_system_codename`` in $edited cluster init classes, which every node reads: $(@($changes).Count) changes on $changedNodes nodes at $summary keys; the third adds a ``_param`` to $($fewNodes.Count) node files. In one session: $Warmup untimed rounds, then the median of $Rounds. CPU: the process's processor time (every thread) over the same call, which the machine's other load does not stretch as it stretches wall time."
        ''
        '| | median | min | of one render | CPU median | CPU of one render |'
        '| --- | ---: | ---: | ---: | ---: | ---: |'
        foreach ($r in $rows) { "| $($r.Name) | $(F2 $r.Median) s | $(F2 $r.Min) s | $(F2 ($r.Median / $render))x | $(F2 $r.Cpu) s | $(F2 ($r.Cpu / $renderCpu))x |" }
        ''
        "Target: comparing two revisions at most 2x the time of one render: **$(if ($ratio -le 2) { 'met' } else { 'not met' })** ($(F2 $ratio)x wall, $(F2 $ratioCpu)x CPU; with the working tree $(F2 $ratioWorking)x)."
        ''
        'The two sides are read (`git ls-tree`, `git cat-file --batch` into memory: nothing is written) and rendered at the same time: the difference renders every node and hands each render to the reference, a step behind on the other core, which renders only the nodes whose files (node file, each class looked up, settings) differ between the sides and parses only the files that differ. An edit that every node reads leaves both sides a whole render: about 2x the CPU of one render, and about 1x the wall time when the other core is free. A pull request that touches a few nodes costs about one render. `-Verbose` tells the time of each part and how many nodes were not rendered again.'
    )
    Set-BenchmarkSection -Path $OutFile -Lines $lines
    $lines | ForEach-Object { Write-Host $_ }
}
finally {
    Remove-Item -Recurse -Force $repo -ErrorAction SilentlyContinue
}
