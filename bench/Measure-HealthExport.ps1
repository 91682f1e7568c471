<#
.SYNOPSIS
    Times Export-McpHealth in each format over one collection of 1,000 nodes x 50 metrics and its
    statuses, as a script pipes them in. Writes its section of docs/benchmarks.md.
.DESCRIPTION
    The objects are made first (not timed): 50 McpMetric objects a node (the node collector's names
    and dimensions: cpu, load, memory, swap, two file systems, one interface, two units, ssh_check),
    and 11 McpHealthStatus objects a node (10 alarms and the node), plus 10 service statuses. Then,
    in this session, after -Warmup untimed calls, the median of -Rounds of:
      Export-McpHealth -InputObject <all> (Prometheus, InfluxDB), the statuses to -Format Sensu, and
      the same Prometheus export fed through the pipeline (one object at a time, as `Get-McpMetric |
      Export-McpHealth` does). The text's size is reported. Build first (build.ps1 -Task Build).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-HealthExport.ps1
#>
[CmdletBinding()]
param(
    [int] $Nodes = 1000,
    [int] $Rounds = 7,
    [int] $Warmup = 2,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
# LabBenchmark.ps1 gives $root and $manifest (the built module) and the document functions
Import-Module $manifest -Force
$started = Get-Date
$loadBefore = LoadAverage
function F0([double] $x) { $x.ToString('0', [Globalization.CultureInfo]::InvariantCulture) }

$at = [datetimeoffset]::UtcNow
$metrics = [Collections.Generic.List[McpModule.Health.McpMetric]]::new()
$statuses = [Collections.Generic.List[McpModule.Health.McpHealthStatus]]::new()
function Add-Metric([string] $node, [string] $name, [double] $value, [hashtable] $dims) {
    $m = [McpModule.Health.McpMetric]@{ Name = $name; Value = $value; Node = $node; Timestamp = $at }
    if ($dims) { foreach ($k in $dims.Keys) { $m.Dimensions[$k] = $dims[$k] } }
    $metrics.Add($m)
}
for ($i = 1; $i -le $Nodes; $i++) {
    $node = 'cmp{0:d4}.cloud.local' -f $i
    foreach ($n in 'user', 'nice', 'system', 'idle', 'wait', 'interrupt', 'softirq', 'steal', 'count') { Add-Metric $node "cpu_$n" ($i % 97) $null }
    foreach ($n in 'shortterm', 'midterm', 'longterm') { Add-Metric $node "load_$n" 0.5 $null }
    foreach ($n in 'total', 'free', 'available', 'cached', 'buffered', 'used', 'percent_available') { Add-Metric $node "memory_$n" 1e9 $null }
    foreach ($n in 'total', 'free', 'used', 'percent_used') { Add-Metric $node "swap_$n" 0 $null }
    foreach ($fs in '/', '/var/log') { foreach ($n in 'space_free', 'space_used', 'space_percent_free', 'inodes_free', 'inodes_used', 'inodes_percent_free') { Add-Metric $node "fs_$n" 42 @{ fs = $fs; type = 'ext4' } } }
    foreach ($n in 'errors_rx', 'errors_tx', 'dropped_rx', 'dropped_tx') { Add-Metric $node "if_$n" 0 @{ interface = 'ens3' } }
    foreach ($u in 'chrony.service', 'ssh.service') { foreach ($n in 'unit_loaded', 'unit_active', 'unit_failed', 'unit_restarts') { Add-Metric $node "systemd_$n" 1 @{ unit = $u; service = $u.Split('.')[0] } } }
    Add-Metric $node 'log_errors' 0 @{ unit = 'ssh.service'; service = 'ssh' }
    Add-Metric $node 'ssh_check' 1 $null
    for ($a = 1; $a -le 10; $a++) { $statuses.Add([McpModule.Health.McpHealthStatus]@{ Level = 'Alarm'; Entity = "alarm_$a"; Node = $node; Status = 'Okay'; Timestamp = $at }) }
    $statuses.Add([McpModule.Health.McpHealthStatus]@{ Level = 'Node'; Entity = $node; Status = 'Okay'; Timestamp = $at })
}
foreach ($s in 'system', 'ntp', 'ntp-logs', 'openssh', 'openssh-logs', 'nova-compute', 'libvirt', 'ceph-osd', 'neutron', 'ceph') {
    $statuses.Add([McpModule.Health.McpHealthStatus]@{ Level = 'Service'; Entity = $s; Status = 'Okay'; Timestamp = $at })
}
$all = [object[]]@($metrics) + [object[]]@($statuses)

$cases = [ordered]@{
    'Prometheus, -InputObject (metrics and statuses)' = { Export-McpHealth -InputObject $all }
    'Prometheus, through the pipeline'                 = { $all | Export-McpHealth }
    'InfluxDB, -InputObject (metrics and statuses)'   = { Export-McpHealth -InputObject $all -Format InfluxDB }
    'Sensu, -InputObject (statuses)'                   = { Export-McpHealth -InputObject ([object[]]@($statuses)) -Format Sensu }
}
$rows = foreach ($name in $cases.Keys) {
    for ($w = 0; $w -lt $Warmup; $w++) { $null = & $cases[$name] }
    $text = $null
    $times = for ($r = 0; $r -lt $Rounds; $r++) { Time { $script:text = & $cases[$name] } }
    [pscustomobject]@{ Name = $name; Median = (Median $times) * 1000; Min = ($times | Measure-Object -Minimum).Minimum * 1000; Bytes = [Text.Encoding]::UTF8.GetByteCount("$text") }
}

$lines = @(
    "## Health export ($(F0 $Nodes) nodes x 50 metrics)"
    ''
    "Written by ``bench/Measure-HealthExport.ps1`` on $(Get-Date $started -Format 'yyyy-MM-dd HH:mm') UTC. Machine: $(CpuModel), $([Environment]::ProcessorCount) cores (shared); .NET $([Environment]::Version); load average $loadBefore before, $(LoadAverage) after."
    ''
    "The input: one collection of $($metrics.Count) metrics (the node collector's names and dimensions) and $($statuses.Count) statuses (10 alarms and the node, a node; 10 services), made first. In this session: $Warmup untimed calls, then the median of $Rounds."
    ''
    '| `Export-McpHealth` | median | min | text |'
    '| --- | ---: | ---: | ---: |'
    foreach ($r in $rows) { "| $($r.Name) | $(F0 $r.Median) ms | $(F0 $r.Min) ms | $(F0 ($r.Bytes / 1024)) KiB |" }
    ''
    'A scrape of Start-McpHealthExporter reads text made once per collection (this export''s work), so it costs a copy of that text: the exporter''s collection is Get-McpMetric''s (see "Health collection").'
)
Set-BenchmarkSection -Path $OutFile -Lines $lines
$lines | ForEach-Object { Write-Host $_ }
