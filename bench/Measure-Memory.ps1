<#
.SYNOPSIS
    The peak memory (resident set) of rendering the 500-node query-heavy inventory: the engine
    alone, and the cmdlets in a new pwsh beside a bare pwsh. Writes its section of docs/benchmarks.md.
.DESCRIPTION
    The inventory: bench/generate_inventory.py (500 nodes, 1,000 classes, seed 42). Each figure is
    GNU time's "Maximum resident set size" of a new process (median of -Rounds):
      engine:   bench/McpModule.Bench INVENTORY --runs 1 --warmup 1 (ReclassModel.Open and every
                node rendered, twice, the first model dropped before the second)
      cmdlets:  pwsh -NoProfile -File: Import-Module, then Get-McpNode -Path m | Get-McpPillar
                (every node rendered and converted), the session's model cache holding the model;
                three ways: the RenderCache setting off, an empty cache folder (the render cache
                written), and the render cache an earlier process wrote
      bare:     pwsh -NoProfile -Command 'exit 0', what pwsh itself takes
    Target (issue 18): the render of the 500-node inventory peaks at 200 MB or less. Needs
    /usr/bin/time (GNU time) and a built module (build.ps1 -Task Build).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-Memory.ps1
#>
[CmdletBinding()]
param(
    [int] $Rounds = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
# LabBenchmark.ps1 gives $root, $manifest (the built module, checked), a new pwsh as users start it
# ($pwshCommand, $pwshArgs) and the document functions
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
if (-not (Test-Path /usr/bin/time)) { throw 'GNU time (/usr/bin/time) is needed: apt-get install time.' }

$work = Join-Path ([IO.Path]::GetTempPath()) ('mcp-bench-memory-' + [guid]::NewGuid().ToString('N'))
try {
    $inventory = Join-Path $work 'inventory'
    & /usr/bin/python3 (Join-Path $PSScriptRoot 'generate_inventory.py') $inventory --nodes 500 --classes 1000 --seed 42 | Out-Null
    if ($LASTEXITCODE) { throw "generate_inventory.py failed ($LASTEXITCODE)." }
    $artifacts = Join-Path $work 'artifacts'
    & dotnet build (Join-Path $PSScriptRoot 'McpModule.Bench/McpModule.Bench.csproj') -c Release --artifacts-path $artifacts --nologo -v quiet -clp:ErrorsOnly | Out-Null
    if ($LASTEXITCODE) { throw "dotnet build of bench/McpModule.Bench failed ($LASTEXITCODE)." }
    $bench = Join-Path $artifacts 'bin/McpModule.Bench/release/McpModule.Bench.dll'
    # The cmdlets three ways: RenderCache off (every node rendered); with an empty cache folder
    # (rendered, and the render cache written); from the render cache an earlier process wrote.
    $cacheHome = Join-Path $work 'cache'
    $pipeline = "Import-Module '$manifest'; `$null = Get-McpNode -Path '$inventory' | Get-McpPillar"
    $scripts = @{}
    foreach ($case in @{
            off   = "`$env:MCP_RenderCache = 'false'; $pipeline"
            write = "Remove-Item -Recurse -Force '$cacheHome' -ErrorAction Ignore; `$env:XDG_CACHE_HOME = '$cacheHome'; $pipeline"
            read  = "`$env:XDG_CACHE_HOME = '$cacheHome'; $pipeline"
        }.GetEnumerator()) {
        $scripts[$case.Key] = Join-Path $work "render-$($case.Key).ps1"
        Set-Content -LiteralPath $scripts[$case.Key] -Value $case.Value
    }

    # Peak RSS of a new process in MiB (GNU time prints kilobytes)
    function PeakMiB([string[]] $command) {
        $report = & /usr/bin/time -v @command 2>&1 | Out-String
        if ($LASTEXITCODE) { throw "$($command -join ' ') failed ($LASTEXITCODE): $report" }
        if ($report -notmatch 'Maximum resident set size \(kbytes\): (\d+)') { throw "No peak memory in: $report" }
        [int]$Matches[1] / 1024
    }
    $started = Get-Date
    $loadBefore = LoadAverage
    $cases = [ordered]@{
        'Engine: `ReclassModel.Open` and every node rendered (bench/McpModule.Bench)' = @('dotnet', $bench, $inventory, '--runs', '1', '--warmup', '1')
        'Cmdlets: `Get-McpNode -Path m \| Get-McpPillar` in a new pwsh (import included), RenderCache off: every node rendered' = @($pwshCommand) + $pwshArgs + "& '$($scripts.off)'"
        'The same with an empty cache folder: rendered, and the render cache written' = @($pwshCommand) + $pwshArgs + "& '$($scripts.write)'"
        'The same from the render cache the last one wrote' = @($pwshCommand) + $pwshArgs + "& '$($scripts.read)'"
        'For comparison: a bare `pwsh -NoProfile -Command exit`'                        = @($pwshCommand) + $pwshArgs + 'exit 0'
    }
    $rows = foreach ($name in $cases.Keys) {
        $peaks = for ($r = 0; $r -lt $Rounds; $r++) { PeakMiB $cases[$name] }
        [pscustomobject]@{ Name = $name; Median = Median $peaks; Max = ($peaks | Measure-Object -Maximum).Maximum }
    }
    $engine = $rows[0].Median
    $module = $rows[1].Median - $rows[4].Median
    $lines = @(
        '## Memory (500 nodes)'
        ''
        "Written by ``bench/Measure-Memory.ps1`` on $(Get-Date $started -Format 'yyyy-MM-dd HH:mm') UTC. Machine: $(CpuModel), $([Environment]::ProcessorCount) cores (shared); .NET $([Environment]::Version); load average $loadBefore before, $(LoadAverage) after."
        ''
        "The query-heavy inventory (``bench/generate_inventory.py``, 500 nodes, 1,000 classes, seed 42). Peak resident set of a new process (GNU time), median of $Rounds."
        ''
        '| | peak (median) | peak (max) |'
        '| --- | ---: | ---: |'
        foreach ($r in $rows) { "| $($r.Name) | $([math]::Round($r.Median)) MiB | $([math]::Round($r.Max)) MiB |" }
        ''
        "Target: rendering the 500-node inventory peaks at 200 MB or less: **$(if ($engine -le 200 * 1e6 / 1MB) { 'met' } else { 'not met' })** (the engine's whole process $([math]::Round($engine)) MiB; through the cmdlets, rendering, about $([math]::Round($module)) MiB above what pwsh itself takes; at most $([math]::Round(($rows[1..3] | Measure-Object Max -Maximum).Maximum)) MiB in any of the three ways)."
    )
    Set-BenchmarkSection -Path $OutFile -Lines $lines
    $lines | ForEach-Object { Write-Host $_ }
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
