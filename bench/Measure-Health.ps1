<#
.SYNOPSIS
    Times Get-McpHealth: the evaluation of 1,000 nodes x 50 metrics (engine and cmdlet) and, with
    -Lab, one collection from 30 Start-McpLab nodes against one Invoke-McpCommand round trip to
    the same nodes. Writes its section of docs/benchmarks.md.
.DESCRIPTION
    Without -Lab: "Health evaluation (1,000 nodes x 50 metrics)". Build first (build.ps1 -Task Build).
      1. out/bench/health-inventory: bench/generate_inventory.py --nodes N --classes 1000 --seed S
         (an MCP-shaped model, clusters of about 83 nodes; every node runs linux, ntp and openssh,
         whose built-in alarms and clusters are what is evaluated; skipped when already there).
      2. The engine (bench/McpModule.Bench `health`, Release, single-threaded): HealthEvaluator
         .Evaluate over one collection of 50 metrics a node with a few faults (HealthBench.cs), after
         -Warmup untimed runs (the first reported apart); median of -Runs. Twice: over N nodes of the
         built-in definitions alone (linux, ntp, openssh, empty pillars), and over the inventory's
         nodes (their rendered pillars and applications), whose metrics it writes to
         out/bench/health-metrics.json.
      3. The cmdlet in this session: Get-McpHealth -Path <inventory> -Metric $metrics -NoHistory,
         the metrics read from that file beforehand; -Warmup untimed calls (the first renders the
         model into the session's cache), then the median of -Rounds. Its -Verbose lines say how
         much of it was reading the definitions and evaluating.
      4. As a new process: pwsh -c 'Import-Module; Get-McpHealth -Path <inventory> -MetricPath
         out/bench/health-metrics.json -NoHistory', median of -ProcessRounds, the call alone timed
         inside as well.
    With -Lab (root): "Health collection (Start-McpLab nodes)". The 38-node model of
      bench/Measure-Transport.ps1 -Lab (New-McpCluster -Template openstack-ovs -Ceph -StackLight, here
      under out/bench/healthmodel), its first -LabNodes nodes started as lab 'bench' (a running lab of
      that name is refused; the lab is always stopped). Each round, in this order and all with
      -Path <model> -Target <the nodes> -ThrottleLimit <nodes>, the lab giving addresses, key and
      known_hosts: Invoke-McpCommand -Command true; Invoke-McpCommand -ScriptFile <the node collector
      with a typical request> (the collection's SSH work alone: the same script shipped the same way,
      its output not parsed); Get-McpMetric -NoHistory; Get-McpHealth -NoHistory. One untimed round
      first; median of -LabRounds in this session and of -LabProcessRounds as new processes. Then the
      collector's own time on one idle node and on all nodes at once (10 runs each, timed on the node).
      Needs fs.inotify.max_user_instances of about 8 per node (Debian's 128 is too few for 30 nodes).
      On a machine shared with other lab users, serialise with flock(1).
    A run rewrites only its own section of -OutFile; the others stay as they are.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-Health.ps1
.EXAMPLE
    sudo flock /tmp/mcp-lab.lock dotnet pwsh -NoProfile -File bench/Measure-Health.ps1 -Lab
#>
[CmdletBinding()]
param(
    [int] $Nodes = 1000,
    [int] $Seed = 42,
    # engine: timed runs and untimed warm-up runs
    [int] $Runs = 15,
    [int] $Warmup = 5,
    # cmdlet: timed calls in this session, and new processes
    [int] $Rounds = 9,
    [int] $ProcessRounds = 5,
    [switch] $Lab,
    [int] $LabNodes = 30,
    [int] $LabRounds = 7,
    [int] $LabProcessRounds = 5,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
$started = Get-Date
$loadBefore = LoadAverage
$machine = "$(CpuModel), $([Environment]::ProcessorCount) cores (shared), $(Get-Date $started -Format 'yyyy-MM-dd')"
$pwshStart = $null

function Write-Step([string] $Message) { Write-Host "==> health bench: $Message" }
function F3([double] $x) { $x.ToString('0.000', [Globalization.CultureInfo]::InvariantCulture) }
function F1([double] $x) { $x.ToString('0.0', [Globalization.CultureInfo]::InvariantCulture) }
function F0([double] $x) { $x.ToString('0', [Globalization.CultureInfo]::InvariantCulture) }

# The numbers of the cmdlets' -Verbose lines: reading the definitions, collecting, evaluating (ms).
function Split-Verbose([object[]] $records) {
    $lines = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    $ms = { param($pattern) $m = $lines | Where-Object { $_ -match $pattern } | Select-Object -First 1; if ($m -and $m -match $pattern) { [double]$Matches[1] } else { $null } }
    [pscustomobject]@{
        Definitions = & $ms 'health definitions of \d+ node\(s\) read in (\d+) ms'
        Evaluation  = & $ms 'evaluated in (\d+) ms'
        Collection  = & $ms 'collected \d+ metric\(s\) from \d+ node\(s\) in (\d+) ms'
        Output      = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
    }
}

if (-not $Lab) {
    # ---------- 1. the model ----------
    $inventory = Join-Path $root 'out/bench/health-inventory'
    $metricsFile = Join-Path $root 'out/bench/health-metrics.json'
    $results = Join-Path $root 'out/bench/results'
    $artifacts = Join-Path $root 'out/bench/artifacts'
    $null = New-Item -ItemType Directory -Force -Path $results
    Write-Step "inventory of $Nodes nodes in $inventory"
    $gen = & /usr/bin/python3 (Join-Path $PSScriptRoot 'generate_inventory.py') $inventory --nodes $Nodes --classes 1000 --seed $Seed | Out-String | ConvertFrom-Json
    if ($LASTEXITCODE -ne 0) { throw 'generate_inventory.py failed' }

    # ---------- 2. the engine ----------
    Write-Step 'build bench/McpModule.Bench (Release)'
    & dotnet build (Join-Path $PSScriptRoot 'McpModule.Bench/McpModule.Bench.csproj') -c Release --artifacts-path $artifacts --nologo -v quiet -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { throw 'building bench/McpModule.Bench failed' }
    $benchDll = Join-Path $artifacts 'bin/McpModule.Bench/release/McpModule.Bench.dll'
    Write-Step "engine: $Nodes nodes of the built-in definitions, $Warmup warm-up + $Runs runs"
    $engine = & dotnet $benchDll health --nodes $Nodes --runs $Runs --warmup $Warmup --seed $Seed | Out-String
    if ($LASTEXITCODE -ne 0) { throw 'McpModule.Bench health failed' }
    Set-Content (Join-Path $results 'health-engine.json') $engine.Trim()
    $engine = $engine | ConvertFrom-Json
    Write-Step "engine: the inventory's $Nodes nodes, $Warmup warm-up + $Runs runs"
    $engineInv = & dotnet $benchDll health --inventory $inventory --runs $Runs --warmup $Warmup --seed $Seed --write-metrics $metricsFile | Out-String
    if ($LASTEXITCODE -ne 0) { throw 'McpModule.Bench health --inventory failed' }
    Set-Content (Join-Path $results 'health-engine-inventory.json') $engineInv.Trim()
    $engineInv = $engineInv | ConvertFrom-Json

    # ---------- 3. the cmdlet, in this session ----------
    Import-Module $manifest -Force
    Write-Step "Get-McpHealth -Metric in this session: $Warmup warm-up + $Rounds calls"
    $metrics = [McpModule.Health.McpMetric[]] @(Get-Content -Raw $metricsFile | ConvertFrom-Json -DateKind String | ForEach-Object {
            $m = [McpModule.Health.McpMetric]::new()
            $m.Name = $_.Name; $m.Value = $_.Value; $m.Node = $_.Node
            $m.Timestamp = [DateTimeOffset]::Parse($_.Timestamp, [Globalization.CultureInfo]::InvariantCulture)
            foreach ($d in $_.Dimensions.PSObject.Properties) { $m.Dimensions[$d.Name] = [string]$d.Value }
            $m
        })
    if ($metrics.Count -ne $engineInv.metrics) { throw "read $($metrics.Count) metrics of $($engineInv.metrics)" }
    $expected = $null
    $calls = @()
    $firstCall = $null
    for ($i = -$Warmup; $i -lt $Rounds; $i++) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $records = @(Get-McpHealth -Path $inventory -Metric $metrics -NoHistory -Verbose 4>&1)
        $t = $sw.Elapsed.TotalSeconds
        $split = Split-Verbose $records
        if ($null -eq $expected) { $expected = $split.Output.Count; $firstCall = [pscustomobject]@{ Total = $t; Split = $split } }
        if ($split.Output.Count -ne $expected -or $null -eq $split.Evaluation) { throw "Get-McpHealth gave $($split.Output.Count) statuses (expected $expected)" }
        if ($i -ge 0) { $calls += [pscustomobject]@{ Total = $t; Definitions = $split.Definitions / 1000; Evaluation = $split.Evaluation / 1000 } }
    }
    $modelNodes = @(Get-McpNode -Path $inventory)   # (from the session's cache)
    $clusterCount = @($modelNodes | Group-Object Cluster).Count
    $cephCount = @($modelNodes | Where-Object { $_.Applications -contains 'ceph' }).Count
    $nodeStatuses = @($split.Output | Where-Object Level -EQ 'Node' | Group-Object Status | Sort-Object { [int][McpModule.Health.McpHealthState]$_.Name } -Descending | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
    $session = [pscustomobject]@{
        Total = Median $calls.Total; Definitions = Median $calls.Definitions; Evaluation = Median $calls.Evaluation
        Min = ($calls.Total | Measure-Object -Minimum).Minimum; Max = ($calls.Total | Measure-Object -Maximum).Maximum
    }
    Write-Host ("    in session: {0} s (definitions {1} s, evaluation {2} s); first call {3} s" -f (F3 $session.Total), (F3 $session.Definitions), (F3 $session.Evaluation), (F3 $firstCall.Total))

    # ---------- 4. the cmdlet, new processes ----------
    Write-Step "Get-McpHealth -MetricPath as a new process: $ProcessRounds rounds"
    $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$r = @(Get-McpHealth -Path '$inventory' -MetricPath '$metricsFile' -NoHistory -Verbose 4>&1)
`$t = `$sw.Elapsed.TotalSeconds
`$v = @(`$r | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
`$n = @(`$r | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] }).Count
`$ms = { param(`$p) `$m = `$v | Where-Object { `$_ -match `$p } | Select-Object -First 1; if (`$m -match `$p) { [double]`$Matches[1] } else { -1 } }
[pscustomobject]@{ call = `$t; statuses = `$n; model = (& `$ms 'found, in (\d+) ms'); definitions = (& `$ms 'definitions of \d+ node\(s\) read in (\d+) ms'); evaluation = (& `$ms 'evaluated in (\d+) ms') } | ConvertTo-Json -Compress
"@
    $procs = @()
    for ($i = 0; $i -lt $ProcessRounds; $i++) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $out = & $pwshCommand @pwshArgs $child
        $t = $sw.Elapsed.TotalSeconds
        if ($LASTEXITCODE -ne 0) { throw "the Get-McpHealth process failed: $out" }
        $o = ($out | Select-Object -Last 1) | ConvertFrom-Json
        if ($o.statuses -ne $expected) { throw "the Get-McpHealth process gave $($o.statuses) statuses (expected $expected)" }
        $procs += [pscustomobject]@{ Wall = $t; Call = $o.call; Model = $o.model / 1000; Definitions = $o.definitions / 1000; Evaluation = $o.evaluation / 1000 }
    }
    $process = [pscustomobject]@{
        Wall = Median $procs.Wall; Call = Median $procs.Call; Model = Median $procs.Model; Definitions = Median $procs.Definitions; Evaluation = Median $procs.Evaluation
    }
    $pwshStart = Median @(1..$ProcessRounds | ForEach-Object { Time { & $pwshCommand @pwshArgs 'exit' } })
    Write-Host ("    new process: {0} s (Get-McpHealth {1} s: model {2} s, definitions {3} s, evaluation {4} s); bare pwsh {5} s" -f (F3 $process.Wall), (F3 $process.Call), (F3 $process.Model), (F3 $process.Definitions), (F3 $process.Evaluation), (F3 $pwshStart))
    $loadAfter = LoadAverage

    # ---------- docs/benchmarks.md ----------
    $met = if ($engine.median_ms -le 50) { 'met' } else { 'not met' }
    $s = $gen.stats
    $section = @(
        '## Health evaluation (1,000 nodes x 50 metrics)'
        ''
        "Written by ``bench/Measure-Health.ps1`` on $(Get-Date $started -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC. Target: evaluating 1,000 nodes x 50 metrics through"
        'alarms and policies in 50 ms or less. Machine: ' + $machine + "; $($engine.runtime), $($engine.gc) GC; load average $loadBefore before, $loadAfter after."
        ''
        "The work: one collection, 50 metrics from each node that answers ($($engine.metrics) in all; the node collector's: 9 cpu_*, 3 load_*, 7 memory_*, 4 swap_*, 6 fs_*"
        'for each of / and /var/log, 4 if_* for one interface, systemd_unit_loaded, _active, _failed, _restarts and'
        'log_errors for chrony.service and ssh.service, ssh_check) with faults drawn by a fixed seed: about 0.5% of the nodes do not'
        'answer (ssh_check 0 alone), 2% have /var/log nearly full, 1% a high CPU wait, 1% chrony stopped, 1% sshd logging errors'
        "(``bench/McpModule.Bench/HealthBench.cs``). Each node's alarms are evaluated over its metrics, then every GSE cluster over"
        'the alarm statuses, as `Get-McpHealth` does; the built-in alarms of linux, ntp and openssh (10 a node) and their clusters'
        '(system, ntp, ntp-logs, openssh, openssh-logs).'
        ''
        '| | median | min | first run | statuses (nodes) |'
        '| --- | ---: | ---: | ---: | --- |'
        ("| Engine: {0} nodes, built-in definitions, empty pillars ({1} metrics) | **{2} ms** | {3} ms | {4} ms | {5} |" -f $engine.nodes, $engine.metrics, (F1 $engine.median_ms), (F1 $engine.min_ms), (F0 $engine.first_run_ms), (($engine.node_statuses.PSObject.Properties | ForEach-Object { "$($_.Value) $($_.Name)" }) -join ', '))
        ("| Engine: the generated inventory's {0} nodes ({1} metrics) | {2} ms | {3} ms | {4} ms | {5} |" -f $engineInv.nodes, $engineInv.metrics, (F1 $engineInv.median_ms), (F1 $engineInv.min_ms), (F0 $engineInv.first_run_ms), (($engineInv.node_statuses.PSObject.Properties | ForEach-Object { "$($_.Value) $($_.Name)" }) -join ', '))
        ("| ``Get-McpHealth -Path <inventory> -Metric `$metrics -NoHistory``, warm session | {0} ms | {1} ms | {2} ms (model rendered) | {3} |" -f (F0 ($session.Total * 1000)), (F0 ($session.Min * 1000)), (F0 ($firstCall.Total * 1000)), $nodeStatuses)
        ("| of which reading the model's health definitions | {0} ms | | | |" -f (F0 ($session.Definitions * 1000)))
        ("| of which evaluating | {0} ms | | | |" -f (F0 ($session.Evaluation * 1000)))
        ("| ``pwsh -c 'Import-Module; Get-McpHealth -Path <inventory> -MetricPath <file> -NoHistory'``, new process | {0} s | | | |" -f (F3 $process.Wall))
        ("| of which Get-McpHealth | {0} s | | | |" -f (F3 $process.Call))
        ''
        "Target: **$met** (engine median $(F1 $engine.median_ms) ms). The engine: $Warmup untimed runs after the definitions are read, then the median of $Runs"
        "(``McpModule.Bench health``; $($engine.median_allocated_mb) MB allocated a run). Reading the definitions ahead (ModelHealthDefinitions.Load, not in the"
        "figure): $(F0 ($engine.load_s * 1000)) ms for the built-in ones, $(F0 ($engineInv.load_s * 1000)) ms for the inventory's (their pillars walked, ceph's metadata rendered as Liquid on the nodes that run it)."
        ''
        "The inventory: ``bench/generate_inventory.py --nodes $Nodes --classes 1000 --seed $Seed`` ($($s.nodes) nodes, $clusterCount clusters; every node"
        "runs linux, ntp and openssh, so their built-in alarms and clusters apply; $cephCount also run the generator's ceph, whose pillar enables"
        'no mon, mgr or osd: ceph''s node alarms are off there, its cluster-wide alarms read the two Ceph metrics given, and its'
        'ceph-mon, ceph-mgr and ceph-osd clusters have no members, which availability_of_members calls down).'
        "The cmdlet in a session: the metrics read from ``out/bench/health-metrics.json`` into ``McpMetric`` objects first (not timed),"
        "$Warmup untimed calls (the first, $(F1 $firstCall.Total) s, renders the model into the session's cache: later calls find it"
        "there), then the median of $Rounds; ``-Verbose`` says how long reading the definitions and evaluating took inside each call."
        "What is left is binding the $($metrics.Count) metrics, taking the nodes from the cache, sorting and writing the $expected statuses."
        "The definitions are read again on every call. As a new process (median of $ProcessRounds), the metrics come from the file (``-MetricPath``)"
        ("and the model is rendered cold: {0} s of the call (definitions {1} s, evaluation {2} s); a bare ``pwsh -NoProfile -Command exit`` took {3} s." -f (F3 $process.Model), (F3 $process.Definitions), (F3 $process.Evaluation), (F3 $pwshStart))
    )
    Set-BenchmarkSection -Path $OutFile -Lines $section
    Write-Step "wrote its section of $OutFile"
    return
}

# ============================== -Lab: collection ==============================
Import-Module $manifest -Force
$labModel = Join-Path $root 'out/bench/healthmodel'
$dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-health-bench-$PID"
$null = New-Item -ItemType Directory -Force -Path $dir
$inotify = (Get-Content /proc/sys/fs/inotify/max_user_instances).Trim()
Assert-NoBenchLab
$cluster = New-McpCluster -Name $labCluster -Domain "$labCluster.local" -Path $labModel -Template openstack-ovs -Ceph -StackLight -Force
$modelNodes = @(Get-McpNode -Path $labModel | ForEach-Object { ($_.Name -split '\.')[0] })
if ($modelNodes.Count -lt $LabNodes) { throw "The bench model has $($modelNodes.Count) nodes; $LabNodes needed." }
$names = $modelNodes[0..($LabNodes - 1)]
$target = $names -join ' or '
$n = $names.Count

# The collector as Get-McpMetric ships it to a node running linux, ntp and openssh (NodeCollectorScript.Build):
# the request as shell variables after the first line.
$collector = Get-Content -Raw (Join-Path $root 'McpModule/Health/Collection/collect-node.sh')
$cut = $collector.IndexOf("`n") + 1
$request = "MCP_UNITS='ntp`tchrony.service`nopenssh`tssh.service'`nMCP_LOG_WINDOW='60'`nMCP_CEPH=0`n"
$collectorFile = Join-Path $dir 'collect-node.sh'
[IO.File]::WriteAllText($collectorFile, $collector.Substring(0, $cut) + $request + $collector.Substring($cut))
# The collector's own time on the node: 10 runs, timed there (ms a run).
$onNodeFile = Join-Path $dir 'collect-timed.sh'
[IO.File]::WriteAllText($onNodeFile, "#!/bin/sh`nf=`$(mktemp) || exit 1`ncat > `"`$f`" <<'MCP_BENCH_EOF'`n" + (Get-Content -Raw $collectorFile) +
    "MCP_BENCH_EOF`ns=`$(date +%s%N); i=0`nwhile [ `$i -lt 10 ]; do sh `"`$f`" > /dev/null 2>&1; i=`$((i + 1)); done`ne=`$(date +%s%N); rm -f `"`$f`"`necho `$(( (e - s) / 10000000 ))`n")

$common = @{ Path = $labModel; Target = $target; ThrottleLimit = $n }
$work = [ordered]@{
    true      = { $o = @(Invoke-McpCommand @common -Command true); if ($o.Count -ne $n -or @($o | Where-Object ExitCode -NE 0).Count) { throw "Invoke-McpCommand true: $($o.Count) of $n, not all exit 0" }; $o }
    script    = { $o = @(Invoke-McpCommand @common -ScriptFile $collectorFile); if ($o.Count -ne $n -or @($o | Where-Object { $_.ExitCode -ne 0 -or $_.StdOut -notmatch '(?m)^end$' }).Count) { throw "the collector script: $($o.Count) of $n, not all complete" }; $o }
    metric    = { $o = @(Get-McpMetric @common -NoHistory -Verbose 4>&1); $up = @((Split-Verbose $o).Output | Where-Object { $_.Name -eq 'ssh_check' -and $_.Value -eq 1 }); if ($up.Count -ne $n) { throw "Get-McpMetric: ssh_check 1 on $($up.Count) of $n nodes" }; $o }
    health    = { $o = @(Get-McpHealth @common -NoHistory -Verbose 4>&1); $nodeStatuses = @((Split-Verbose $o).Output | Where-Object Level -EQ 'Node'); if ($nodeStatuses.Count -ne $n) { throw "Get-McpHealth: $($nodeStatuses.Count) node statuses of $n" }; $o }
}
$processScript = @{
    true   = "Import-Module '$manifest'; `$o = @(Invoke-McpCommand -Path '$labModel' -Target '$target' -ThrottleLimit $n -Command true); if (`$o.Count -ne $n) { exit 1 }"
    script = "Import-Module '$manifest'; `$o = @(Invoke-McpCommand -Path '$labModel' -Target '$target' -ThrottleLimit $n -ScriptFile '$collectorFile'); if (`$o.Count -ne $n) { exit 1 }"
    metric = "Import-Module '$manifest'; `$o = @(Get-McpMetric -Path '$labModel' -Target '$target' -ThrottleLimit $n -NoHistory | Where-Object { `$_.Name -eq 'ssh_check' -and `$_.Value -eq 1 }); if (`$o.Count -ne $n) { exit 1 }"
    health = "Import-Module '$manifest'; `$o = @(Get-McpHealth -Path '$labModel' -Target '$target' -ThrottleLimit $n -NoHistory -Level Node); if (`$o.Count -ne $n) { exit 1 }"
}
$inSession = @{}; $asProcess = @{}; $splits = @{ metric = @(); health = @() }
foreach ($k in $work.Keys) { $inSession[$k] = @(); $asProcess[$k] = @() }
$labStart = $null; $mem = $null; $onNode = $null; $onAll = $null; $endpoints = $null; $problems = $null; $sample = $null
try {
    Write-Step "lab: the first $n nodes of $labModel"
    $startErrors = $null
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = Start-McpLab -Cluster $cluster -Node $names -TimeoutSeconds 300 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable startErrors
    $labStart = $sw.Elapsed.TotalSeconds
    $up = (Read-BenchLab $names).Nodes
    if ($up.Count -ne $n) { throw "$($up.Count) of $n lab nodes came up$(if ($startErrors) { ": $($startErrors[0])" })" }
    Write-Host ("    {0} lab nodes up in {1:0.0} s" -f $n, $labStart)

    Write-Step 'one untimed round'
    foreach ($k in $work.Keys) { $null = & $work[$k] }
    $metricRecords = & $work['metric']
    $collected = (Split-Verbose $metricRecords).Output
    $http = @($collected | Where-Object Name -EQ 'http_check')
    $endpoints = "$($http.Count) HTTP endpoint(s) of the model checked, $(@($http | Where-Object Value -EQ 1).Count) answered"
    $sample = @($collected | Where-Object { $_.Node -and $_.Name -ne 'http_check' } | Group-Object Node | ForEach-Object Count | Measure-Object -Average -Minimum -Maximum)
    # what the collectors could not read: the verbose lines after 'collected ...', '<node>: <problem>'
    $verbose = @($metricRecords | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    $after = [array]::FindIndex([string[]]$verbose, [Predicate[string]] { param($l) $l -like 'collected *' })
    $problems = @($verbose | Select-Object -Skip ($after + 1) | ForEach-Object { $_ -replace '^[^:]+: ', '' } | Group-Object | Sort-Object Count -Descending | Select-Object -First 3 | ForEach-Object { "$($_.Count) x '$($_.Name)'" }) -join '; '

    Write-Step "$LabRounds rounds in this session"
    for ($r = 0; $r -lt $LabRounds; $r++) {
        foreach ($k in $work.Keys) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $o = & $work[$k]
            $inSession[$k] += $sw.Elapsed.TotalSeconds
            if ($k -in 'metric', 'health') { $splits[$k] += Split-Verbose $o }
        }
        Write-Host ("    round {0}: true {1} s, script {2} s, Get-McpMetric {3} s, Get-McpHealth {4} s" -f ($r + 1), (F3 $inSession.true[-1]), (F3 $inSession.script[-1]), (F3 $inSession.metric[-1]), (F3 $inSession.health[-1]))
    }
    Write-Step "$LabProcessRounds rounds as new processes"
    for ($r = 0; $r -lt $LabProcessRounds; $r++) {
        foreach ($k in $work.Keys) {
            $t = Time { & $pwshCommand @pwshArgs $processScript[$k]; if ($LASTEXITCODE -ne 0) { throw "the $k process failed" } }
            $asProcess[$k] += $t
        }
        Write-Host ("    round {0}: true {1} s, script {2} s, Get-McpMetric {3} s, Get-McpHealth {4} s" -f ($r + 1), (F3 $asProcess.true[-1]), (F3 $asProcess.script[-1]), (F3 $asProcess.metric[-1]), (F3 $asProcess.health[-1]))
    }

    Write-Step "the collector's own time: 10 runs on $($names[0]) alone, then on all $n nodes at once"
    $one = @(Invoke-McpCommand -Path $labModel -Target $names[0] -ScriptFile $onNodeFile)
    $onNode = [double]($one[0].StdOut.Trim())
    $all = @(Invoke-McpCommand @common -ScriptFile $onNodeFile)
    $onAll = Median @($all | ForEach-Object { [double]($_.StdOut.Trim()) })
    $mem = MemoryFigures
}
finally {
    if (Get-McpLab -Cluster $labCluster -ErrorAction Ignore) { Stop-McpLab -Cluster $labCluster -Confirm:$false }
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}
$loadAfter = LoadAverage
$pwshStart = Median @(1..3 | ForEach-Object { Time { & $pwshCommand @pwshArgs 'exit' } })

$m = @{}; $p = @{}
foreach ($k in $work.Keys) { $m[$k] = Median $inSession[$k]; $p[$k] = Median $asProcess[$k] }
$ratio = $m.metric / $m.true
$ratioP = $p.metric / $p.true
$verdict = if ($ratio -le 1.5) { 'met' } else { 'not met' }
$verdictP = if ($ratioP -le 1.5) { 'met' } else { 'not met' }
$defs = Median @($splits.metric | ForEach-Object { $_.Definitions / 1000 })
$coll = Median @($splits.metric | ForEach-Object { $_.Collection / 1000 })
$eval = Median @($splits.health | ForEach-Object { $_.Evaluation / 1000 })
$sshd = (& bash -c 'ssh -V 2>&1')
$section = @(
    '## Health collection (Start-McpLab nodes)'
    ''
    "Written by ``bench/Measure-Health.ps1 -Lab`` (root) on $(Get-Date $started -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC. Target: one collection from 30 lab nodes"
    'within 1.5x of one `Invoke-McpCommand` round trip to the same nodes. All four commands take `-Path <model> -Target'
    "<the $n nodes> -ThrottleLimit $n``, host keys checked, a fresh SSH connection to every node each time, the lab giving addresses, key and"
    "known_hosts. Nodes: the first $n of the 38-node model of ``Measure-Transport.ps1 -Lab`` (``New-McpCluster -Template openstack-ovs"
    '-Ceph -StackLight`), real Debian nodes of a Start-McpLab lab (systemd-nspawn machines, systemd as init, their own sshd) on this'
    "machine: they share its CPUs with the client. One untimed round of the four, then the median of $LabRounds rounds in this session and of"
    "$LabProcessRounds as new processes (pwsh started, the module imported). Machine: $machine; $($mem -join ', '); load average $loadBefore before,"
    "$loadAfter after. Lab start (not timed): $(F0 $labStart) s. fs.inotify.max_user_instances was $inotify."
    ''
    '| | in session (s) | new process (s) | against `true` (session) | against `true` (process) |'
    '| --- | ---: | ---: | ---: | ---: |'
    ('| `Invoke-McpCommand -Command true` | {0} | {1} | 1.00x | 1.00x |' -f (F3 $m.true), (F3 $p.true))
    ('| `Invoke-McpCommand -ScriptFile <the node collector>` | {0} | {1} | {2}x | {3}x |' -f (F3 $m.script), (F3 $p.script), ($m.script / $m.true).ToString('0.00'), ($p.script / $p.true).ToString('0.00'))
    ('| `Get-McpMetric -NoHistory` | **{0}** | **{1}** | **{2}x** | **{3}x** |' -f (F3 $m.metric), (F3 $p.metric), $ratio.ToString('0.00'), $ratioP.ToString('0.00'))
    ('| `Get-McpHealth -NoHistory` (collection and evaluation) | {0} | {1} | {2}x | {3}x |' -f (F3 $m.health), (F3 $p.health), ($m.health / $m.true).ToString('0.00'), ($p.health / $p.true).ToString('0.00'))
    ''
    "Target: **$verdict** in session ($($ratio.ToString('0.00'))x), **$verdictP** as new processes ($($ratioP.ToString('0.00'))x)."
    ''
    "Inside ``Get-McpMetric`` (its ``-Verbose``, medians): reading the model's health definitions $(F3 $defs) s, the collection (SSH fan-out,"
    "parsing, HTTP checks) $(F3 $coll) s; ``Get-McpHealth`` evaluated in $(F3 $eval) s. $endpoints (checked from here while the nodes are read)."
    ("Metrics a node: {0:0} on average (fewest {1}, most {2}). Problems the collectors reported (verbose), most frequent: {3}." -f $sample.Average, $sample.Minimum, $sample.Maximum, $(if ($problems) { $problems } else { 'none' }))
    "The collector script itself, timed on the node (10 runs): $(F0 $onNode) ms a run on an idle node, $(F0 $onAll) ms (median of the nodes) with all $n"
    "nodes running it at once on this machine's $([Environment]::ProcessorCount) CPUs. ``-ScriptFile`` ships the same script the same way (a temporary file, run,"
    "removed) with the request of a node running linux, ntp and openssh, without parsing its output: the difference between it and"
    "``true`` is the script's cost on the nodes, the rest of ``Get-McpMetric``'s is ours. A bare ``pwsh -NoProfile -Command exit`` took $(F3 $pwshStart) s."
    "Client $sshd."
)
Set-BenchmarkSection -Path $OutFile -Lines $section
Write-Step "wrote its section of $OutFile"
