# Dot-sourced by the offline health suites: the example ceph model with ntp on its three nodes (the
# built-in ntp alarms and the ntp service, availability_of_members), and metrics of a collection
# made by hand, evaluated through it as Get-McpHealth -Metric does. Sets $nodes and $at, and the
# functions Metric and Collection, in the suite's script scope. -Loopback moves the nodes to
# 127.0.0.1x, where nothing listens: each refuses the connection at once, so a collection runs
# without a network.

function New-HealthTestModel([string] $Path, [switch] $Loopback) {
    Copy-Item -Recurse (Join-Path $root 'examples/models/ceph') $Path
    Remove-Item (Join-Path $Path '.mcp') -Recurse -Force -ErrorAction Ignore
    Set-Content (Join-Path $Path 'classes/cluster/ceph/ntp.yml') "applications:`n- ntp`nparameters:`n  ntp:`n    client:`n      enabled: true`n      control_clock: false`n      strata: [ntp.local]`n"
    foreach ($f in Get-ChildItem (Join-Path $Path 'nodes')) {
        $text = (Get-Content -Raw $f.FullName) -replace '(?m)^- cluster\.ceph$', "- cluster.ceph`n- cluster.ceph.ntp"
        if ($Loopback) { $text = $text -replace 'single_address: 10\.13\.0\.1(\d)', 'single_address: 127.0.0.1$1' }
        Set-Content -LiteralPath $f.FullName -Value $text -NoNewline
    }
}

$script:nodes = 'cmn01.ceph.local', 'cmn02.ceph.local', 'cmn03.ceph.local'
$script:at = [datetimeoffset]::new(2026, 12, 3, 12, 0, 0, [timespan]::Zero)

function script:Metric([string] $node, [string] $name, [double] $value, [hashtable] $dims = @{}, [int] $ago = 0) {
    $m = [McpModule.Health.McpMetric]@{ Name = $name; Value = $value; Node = $node; Timestamp = $at.AddSeconds(-$ago) }
    foreach ($k in $dims.Keys) { $m.Dimensions[$k] = $dims[$k] }
    $m
}

# A collection of the three nodes, healthy but for the faults given: '<short node>/<key>' (keys
# ssh_check, cpu_wait, cpu_idle, memory_percent_available, fs, and unit names) or ceph_health.
function script:Collection([hashtable] $faults = @{}) {
    foreach ($n in $nodes) {
        $short = $n.Split('.')[0]
        $values = [ordered]@{
            'ssh_check' = 1; 'cpu_wait' = 1; 'cpu_idle' = 90; 'memory_percent_available' = 70
            'chrony.service' = 1; "ceph-mon@$short.service" = 1; "ceph-mgr@$short.service" = 1; 'ceph-osd@0.service' = 1; 'fs' = 60
        }
        foreach ($k in @($values.Keys)) { if ($faults.ContainsKey("$short/$k")) { $values[$k] = $faults["$short/$k"] } }
        Metric $n 'ssh_check' $values.ssh_check
        Metric $n 'cpu_wait' $values.cpu_wait
        Metric $n 'cpu_idle' $values.cpu_idle
        Metric $n 'memory_percent_available' $values.memory_percent_available
        Metric $n 'fs_space_percent_free' $values.fs @{ fs = '/'; type = 'ext4' }
        Metric $n 'fs_inodes_percent_free' 90 @{ fs = '/'; type = 'ext4' }
        Metric $n 'systemd_unit_active' $values.'chrony.service' @{ unit = 'chrony.service'; service = 'ntp' }
        foreach ($d in 'mon', 'mgr') { Metric $n 'systemd_unit_active' $values."ceph-$d@$short.service" @{ unit = "ceph-$d@$short.service"; service = "ceph-$d" } }
        Metric $n 'systemd_unit_active' $values.'ceph-osd@0.service' @{ unit = 'ceph-osd@0.service'; service = 'ceph-osd' }
    }
    Metric '' 'ceph_health' ($faults.ContainsKey('ceph_health') ? $faults.ceph_health : 1)
    Metric '' 'ceph_cluster_space_percent_free' 80
}
