# Add-McpCephOsd against ceph-volume run by hand over ssh: 3 OSDs on 3 lab nodes (one each, raw
# mode on the lab's loop disks), the same steps both ways — the device's inventory checked,
# ceph-volume raw prepare, raw activate, systemctl enable --now ceph-osd@ID, wait until the monitors
# see it up, the OSDs read from a monitor at the end — three nodes at once.
# Timed: Add-McpCephOsd with the devices Get-McpCephDevice listed before. The module's way adds
# what users get: the fresh inventory and checks of every device, the
# cluster's OSD map (destroyed ids), the planned and journalled state run, the model update and
# the OSDs read back. Rounds alternate; between rounds the OSDs are purged and the disks wiped
# (not timed). Linux, root; starts and stops its own lab of the example ceph model.
#   sudo dotnet pwsh -NoProfile -File bench/Measure-CephOsd.ps1 [-Rounds 2]
[CmdletBinding()]
param([int] $Rounds = 2)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
if (-not $IsLinux -or (& id -u) -ne '0') { throw 'The Ceph benchmark starts a lab: it needs Linux and root.' }

$work = Join-Path $root 'out/bench/ceph'
$env:MCP_LAB_STATE_DIR = Join-Path $work 'labs'
Import-Module $manifest -Force
if (Get-McpLab -Cluster ceph -ErrorAction Ignore) { throw "A lab of cluster 'ceph' runs in $env:MCP_LAB_STATE_DIR already; stop it first." }
Remove-Item (Join-Path $work 'model') -Recurse -Force -ErrorAction Ignore
$null = New-Item -ItemType Directory -Force $work
$model = Join-Path $work 'model'
Copy-Item -Recurse (Join-Path $root 'examples/models/ceph') $model
$nodeFiles = @{}
foreach ($f in Get-ChildItem (Join-Path $model nodes)) { $nodeFiles[$f.FullName] = Get-Content -Raw $f.FullName }

$results = [System.Collections.Generic.List[object]]::new()
try {
    $lab = @(Get-McpCluster -Path $model | Start-McpLab -DiskCount 1 -Package ceph-mon, ceph-mgr, ceph-osd, udev -Confirm:$false)
    $built = @(Invoke-McpState -Path $model -Target 'cmn*') | Where-Object { $_ -is [McpModule.States.McpRun] }
    if ($built.Status -ne 'Succeeded') { throw "The ceph state run is $($built.Status)." }
    $state = Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'ceph.json') | ConvertFrom-Json
    $ssh = @('-i', $state.identityFile, '-o', "UserKnownHostsFile=$($state.knownHostsFile)", '-o', 'BatchMode=yes')

    # The same steps as the formula's mcp-ceph-osd deploy, typed as an admin would.
    function ByHand {
        $jobs = foreach ($n in $lab) {
            $dev = $n.Disks[0]
            # the device checked first (its inventory says available), as the module checks it
            $script = "export CEPH_VOLUME_ALLOW_LOOP_DEVICES=true; set -e; ceph-volume inventory $dev --format json | grep -q '`"available`": true'; " +
                "ceph-volume raw prepare --bluestore --data $dev >/dev/null 2>&1; " +
                "ceph-volume raw activate --device $dev --no-systemd >/dev/null 2>&1; id=`$(cat /var/lib/ceph/osd/ceph-*/whoami | tail -1); " +
                "for d in /var/lib/ceph/osd/ceph-*; do [ `"`$(readlink `$d/block)`" = $dev ] && id=`$(cat `$d/whoami); done; " +
                "systemctl enable --now ceph-osd@`$id 2>/dev/null; " +
                "until ceph osd dump --format json | python3 -c 'import json,sys; i=int(sys.argv[1]); sys.exit(0 if any(o[`"osd`"]==i and o[`"up`"]==1 for o in json.load(sys.stdin)[`"osds`"]) else 1)' `$id; do sleep 1; done; echo osd.`$id"
            Start-ThreadJob { param($a, $s) & ssh @a $s 2>&1 } -ArgumentList (@($ssh) + "root@$($n.Address)"), $script
        }
        $out = $jobs | Wait-Job | Receive-Job
        $jobs | Remove-Job
        if (@($out | Where-Object { $_ -match '^osd\.\d+$' }).Count -ne 3) { throw "By hand: $($out -join ' | ')" }
        # and the new OSDs read from a monitor at the end, as the module returns them
        $tree = & ssh @ssh "root@$($lab[0].Address)" 'ceph osd tree --format json'
        if (@(($tree | ConvertFrom-Json).nodes | Where-Object type -EQ osd).Count -ne 3) { throw "By hand: ceph osd tree shows no 3 OSDs: $tree" }
    }
    # The devices as the admin listed them (Get-McpCephDevice), then the add alone is timed: it reads
    # every node's inventory again itself, as it must before it touches anything.
    function WithModule($devices) {
        $osds = @($devices | Add-McpCephOsd -Confirm:$false)
        if ($osds.Count -ne 3) { throw "Add-McpCephOsd made $($osds.Count) OSDs." }
    }
    # Not timed: every OSD purged, the disks wiped, the node files as they were.
    function Reset {
        $ids = @(Get-McpCephOsd -Path $model).Id
        foreach ($n in $lab) {
            $null = Invoke-McpCommand -Path $model -Target $n.Name -Command ("for d in /var/lib/ceph/osd/ceph-*; do [ -e `$d/whoami ] || continue; i=`$(cat `$d/whoami); systemctl disable --now ceph-osd@`$i 2>/dev/null; " +
                "rm -rf /etc/systemd/system/ceph-osd@`$i.service.d; umount `$d; rmdir `$d; done; CEPH_VOLUME_ALLOW_LOOP_DEVICES=true ceph-volume lvm zap $($n.Disks[0]) >/dev/null 2>&1; true") -ErrorOnNonZero
        }
        if ($ids) { $null = Invoke-McpCommand -Path $model -Target cmn01 -Command (($ids | ForEach-Object { "ceph osd purge $_ --yes-i-really-mean-it" }) -join '; ') -ErrorOnNonZero }
        foreach ($kv in $nodeFiles.GetEnumerator()) { [IO.File]::WriteAllText($kv.Key, $kv.Value) }
    }

    for ($round = 1; $round -le $Rounds; $round++) {
        $hand = Time { ByHand }; Reset
        $devices = @(Get-McpCephDevice -Path $model -Target 'cmn*' -Available)
        $module = Time { WithModule $devices }; Reset
        $results.Add([pscustomobject]@{ Round = $round; ByHandSeconds = [math]::Round($hand, 2); ModuleSeconds = [math]::Round($module, 2); Load = LoadAverage })
        Write-Host "round ${round}: by hand $([math]::Round($hand, 2)) s, Add-McpCephOsd $([math]::Round($module, 2)) s"
    }
}
finally {
    if (Get-McpLab -Cluster ceph -ErrorAction Ignore) { Stop-McpLab -Cluster ceph -Confirm:$false }
}
$hand = Median $results.ByHandSeconds
$module = Median $results.ModuleSeconds
$summary = [pscustomobject]@{
    ByHandMedianSeconds = $hand; ModuleMedianSeconds = $module
    OverheadPercent = [math]::Round(100 * ($module - $hand) / $hand, 1)
    Rounds = $results; Cpu = CpuModel; Memory = (MemoryFigures) -join ', '; When = (Get-Date).ToUniversalTime().ToString('u')
}
$summary | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $work 'ceph-osd.json')
$summary

# The section of docs/benchmarks.md this script owns.
$doc = Join-Path $root 'docs/benchmarks.md'
$rows = $results | ForEach-Object { "| $($_.Round) | $($_.ByHandSeconds.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture)) | $($_.ModuleSeconds.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture)) | $($_.Load) |" }
$met = $summary.OverheadPercent -le 10
Set-BenchmarkSection -Path $doc -Lines (@(
        '## Add-McpCephOsd against ceph-volume by hand (Start-McpLab nodes)'
        ''
        "Written by ``bench/Measure-CephOsd.ps1`` (root; ``sudo dotnet pwsh -NoProfile -File bench/Measure-CephOsd.ps1``) on $($summary.When -replace 'Z$', ' UTC')."
        'Three OSDs on the three nodes of `examples/models/ceph` in a lab (monitors and managers from Invoke-McpState, one 10 GB'
        'loop disk per node, raw mode: the lab kernel has no device-mapper), three nodes at once both ways. By hand: over'
        'OpenSSH with the lab key, `ceph-volume inventory DEV` (available?), `ceph-volume raw prepare`, `raw activate`,'
        '`systemctl enable --now ceph-osd@ID`, then `ceph osd dump` until the OSD is up, on the three nodes in parallel, and'
        '`ceph osd tree` on a monitor at the end: the steps the module takes. The module: `$devices | Add-McpCephOsd`, with'
        'the devices Get-McpCephDevice listed before the clock starts; it reads every node''s inventory and the OSD map'
        'again, plans, runs the state `ceph.osd` (the same ceph-volume steps, journalled), writes the model and reads the'
        'new OSDs back. Between rounds (not timed) the OSDs are purged and the disks wiped. Warm session; -Verbose shows the'
        'phases (about 1 s checks, the run, 0.5 s reading back).'
        "Machine: $($summary.Cpu), 2 cores (shared), $($summary.Memory)."
        ''
        '| Round | by hand (s) | Add-McpCephOsd (s) | load average |'
        '| ---: | ---: | ---: | --- |'
    ) + $rows + @(
        ''
        "Medians: by hand $($hand.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture)) s, Add-McpCephOsd $($module.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture)) s: the module's own work is **$($summary.OverheadPercent) %** on top of Ceph's."
        "Target: at most 10 %: $(if ($met) { '**met**' } else { '**not met**: what is left is the fresh check of every node (ceph-volume inventory, most of a second of its Python start-up per node on two shared cores) and reading the new OSDs back' })."
    ))
