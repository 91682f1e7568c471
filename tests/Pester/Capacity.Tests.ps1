# Get-McpCapacity as users run it without a cluster: the built module, a copy of the example lab
# model (computes cmp001 in zone az1 and cmp002 in nova's default, KVM hosts kvm01-03 with libvirt
# only, controllers that are no hypervisors) whose hypervisors are moved to loopback addresses and a
# port where nothing listens. Metrics given are worked out by hand; a collection from nodes that
# refuse shows the rows, warnings and history. Real nodes' figures: CapacityLab.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    . (Join-Path $PSScriptRoot 'LoopbackModel.ps1')
    $script:model = New-LoopbackModel (Join-Path $TestDrive 'lab') @{
        cmp001 = '127.0.0.11'; cmp002 = '127.0.0.12'; kvm01 = '127.0.0.21'; kvm02 = '127.0.0.22'; kvm03 = '127.0.0.23'
    }
    Add-Content (Join-Path $model 'nodes/cmp001.lab.local.yml') "  nova:`n    compute:`n      availability_zone: az1`n"
    $script:closedPort = Get-ClosedPort
    $script:at = [datetimeoffset]::new(2026, 12, 3, 12, 0, 0, [timespan]::Zero)
    $script:GiB = [double] (1 -shl 30)

    function script:Metric([string] $node, [string] $name, [double] $value, [datetimeoffset] $time, [hashtable] $dims = @{}) {
        $m = [McpModule.Health.McpMetric]@{ Name = $name; Value = $value; Node = $node; Timestamp = $time }
        foreach ($k in $dims.Keys) { $m.Dimensions[$k] = $dims[$k] }
        $m
    }
    # One node's capacity metrics of a collection: $busy of $cores cores, $available of $memory GiB,
    # / with $used of $size GiB (and an NFS mount that is not the node's).
    function script:Sample([string] $node, [int] $hour, [double] $busy, [double] $cores, [double] $available, [double] $memory, [double] $used, [double] $size) {
        $t = $at.AddHours($hour)
        Metric $node 'cpu_count' $cores $t
        Metric $node 'cpu_idle' (100 - $busy / $cores * 100) $t
        Metric $node 'memory_total' ($memory * $GiB) $t
        Metric $node 'memory_available' ($available * $GiB) $t
        Metric $node 'fs_space_used' ($used * $GiB) $t @{ fs = '/'; type = 'ext4' }
        Metric $node 'fs_space_free' (($size - $used) * $GiB) $t @{ fs = '/'; type = 'ext4' }
        Metric $node 'fs_space_used' (500 * $GiB) $t @{ fs = '/mnt/images'; type = 'nfs4' }
        Metric $node 'fs_space_free' (500 * $GiB) $t @{ fs = '/mnt/images'; type = 'nfs4' }
    }
    # Three collections an hour apart. cmp001's memory: 4, 3, 2 GiB of 8 available (50, 62.5, 75 %:
    # 12.5 points an hour, 80 % 24 minutes after the last); cmp002 steady; kvm01 does not answer the second.
    function script:CapacityHistory {
        foreach ($h in 0..2) {
            Sample 'cmp001.lab.local' $h 1 4 (4 - $h) 8 20 100
            Sample 'cmp002.lab.local' $h 2 4 4 8 40 100
            if ($h -ne 1) { Sample 'kvm01.lab.local' $h (1 + $h) 8 16 32 10 100 }
        }
    }
    function script:Rows($out) { @($out | ForEach-Object { "$($_.Scope) $($_.Name) $($_.Zone) $($_.NodeCount)" }) }
}

Describe 'Get-McpCapacity over metrics given' {
    It 'reports each hypervisor in its zone, each zone and the total, summed per collection' {
        $out = @(Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 180)
        Rows $out | Should -Be @(
            'Node cmp001.lab.local az1 1', 'Node cmp002.lab.local nova 1', 'Node kvm01.lab.local  1',
            'Zone az1 az1 1', 'Zone nova nova 1', 'Zone (none)  1', 'Total total  3')
        $cmp001 = $out[0]
        $cmp001 | Should -BeOfType ([McpModule.Health.McpCapacity])
        $cmp001.Memory.Percent | Should -Be 75
        $cmp001.Memory.Used | Should -Be (6 * $GiB)
        $cmp001.Memory.State | Should -Be 'Rising'
        $cmp001.Memory.TrendPerDay | Should -Be 300
        $cmp001.Memory.CrossesAt | Should -Be $at.AddHours(2).AddMinutes(24)
        $cmp001.Cpu.Percent | Should -Be 25
        $cmp001.Storage.Total | Should -Be (100 * $GiB) -Because 'the NFS mount is not the node''s'
        $cmp001.Outlook | Should -Be 'Memory 80 % at 2026-12-03 14:24Z'
        # total CPU: 1 + 2 + 1 of 16, then 1 + 2 + kvm01's last 1, then 1 + 2 + 3: the missing node at its last reading
        $total = $out[-1]
        $total.Cpu.Used | Should -Be 6
        $total.Cpu.Total | Should -Be 16
        $total.Cpu.Samples | Should -Be 3
        $total.Cpu.TrendPerDay | Should -Be (12.5 / 2 * 24) -Because 'percents 25, 25, 37.5 fit a slope of 6.25 points an hour'
        $total.Memory.Total | Should -Be (48 * $GiB)
        ($out | Where-Object Name -EQ 'kvm01.lab.local').Cpu.Samples | Should -Be 2
        ($out | Where-Object Name -EQ 'cmp002.lab.local').Memory.State | Should -Be 'Steady'
    }

    It 'takes the metrics piped in, and from ConvertTo-Json, alike' {
        $metrics = @(CapacityHistory)
        $json = Join-Path $TestDrive 'metrics.json'
        $metrics | ConvertTo-Json -Depth 3 | Set-Content $json
        $fromFile = @(Get-McpCapacity -Path $model -MetricPath $json -Window 180)
        $piped = @($metrics | Get-McpCapacity -Path $model -Window 180)
        foreach ($out in $fromFile, $piped) {
            Rows $out | Should -Be (Rows (Get-McpCapacity -Path $model -Metric $metrics -Window 180))
            $out[0].Memory.CrossesAt | Should -Be $at.AddHours(2).AddMinutes(24)
        }
    }

    It 'forecasts against the thresholds given, per resource, within the window' {
        $out = @(Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 180 -Threshold @{ Memory = 70; Storage = 30 })
        $out[0].Memory.State | Should -Be 'Past'
        $out[0].Memory.Threshold | Should -Be 70
        $out[0].Cpu.Threshold | Should -Be 80
        $out[0].Outlook | Should -Be 'Memory past 70 %'
        ($out | Where-Object Name -EQ 'cmp002.lab.local').Storage.State | Should -Be 'Past'
        # the last 90 minutes hold two collections: no trend
        $recent = @(Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 90)
        $recent[0].Memory.Samples | Should -Be 2
        $recent[0].Memory.State | Should -Be 'NoTrend'
        $recent[0].Memory.CrossesAt | Should -BeNullOrEmpty
        (Get-McpCapacity -Path $model -Metric @(CapacityHistory))[0].Memory.Samples | Should -Be 2 -Because 'the window is HealthHistoryMinutes (60) by default'
    }

    It 'reports every node, and says so, when the model has no hypervisor' {
        $ceph = Join-Path $TestDrive 'ceph'
        Copy-Item -Recurse (Join-Path $root 'examples/models/ceph') $ceph
        $verbose = @(Get-McpCapacity -Path $ceph -Metric @(Sample 'cmn01.ceph.local' 0 1 2 1 4 5 10) -Verbose 4>&1)
        $rows = @($verbose | Where-Object { $_ -is [McpModule.Health.McpCapacity] })
        Rows $rows | Should -Be @('Node cmn01.ceph.local  1', 'Zone (none)  1', 'Total total  1')
        "$($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match 'has no hypervisors .*every node is reported'
    }

    It 'shows a table of the percents and the first to cross' {
        $text = Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 180 | Out-String -Width 200
        $text | Should -Match 'Scope\s+Name\s+Zone\s+Nodes\s+CPU %\s+RAM %\s+Storage %\s+First to cross'
        $text | Should -Match 'Node\s+cmp001\.lab\.local\s+az1\s+1\s+25\.0 %\s+75\.0 %\s+20\.0 %\s+Memory 80 % at 2026-12-03 14:24Z'
        $text | Should -Match 'Total\s+total\s+3\s+37\.5 %'
        $past = Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 180 -Threshold 70 | Out-String -Width 200
        $past | Should -Match 'cmp001\.lab\.local\s+az1\s+1\s+25\.0 %\s+75\.0 % !'
    }
}

Describe 'Get-McpCapacity refuses what it cannot use' {
    It 'names -Threshold when it is no percent (<Name>)' -ForEach @(
        @{ Name = 'above 100'; Threshold = 120; Message = '-Threshold: 120 is not a percent above 0 and at most 100.' }
        @{ Name = 'not a number'; Threshold = 'lots'; Message = "-Threshold: 'lots' is not a percent*" }
        @{ Name = 'no resource'; Threshold = @{ Disk = 90 }; Message = "-Threshold: 'Disk' is no resource; give Cpu, Memory or Storage." }
        @{ Name = 'a resource above 100'; Threshold = @{ Memory = 101 }; Message = '-Threshold Memory: 101 is not a percent*' }
    ) {
        $err = { Get-McpCapacity -Path $model -Metric @(CapacityHistory) -Window 180 -Threshold $Threshold } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Capacity.InvalidThreshold,McpModule.Cmdlets.GetMcpCapacityCommand'
        "$err" | Should -BeLike $Message
        Test-Path (Join-Path $model '.mcp') | Should -BeFalse
    }

    It 'refuses nodes to collect from together with metrics, and needs a model' {
        { @('cmp001', (CapacityHistory)[0]) | Get-McpCapacity -Path $model } | Should -Throw -ErrorId 'Mcp.Capacity.MixedInput,McpModule.Cmdlets.GetMcpCapacityCommand'
        { Get-McpCapacity -Metric @(CapacityHistory) } | Should -Throw -ErrorId 'Mcp.Health.ModelNeeded,McpModule.Cmdlets.GetMcpCapacityCommand'
        { Get-McpCapacity -Path $model -Window 0 -Metric @(CapacityHistory) } | Should -Throw -ErrorId 'ParameterArgumentValidationError,McpModule.Cmdlets.GetMcpCapacityCommand'
    }

    It 'names the metric file it cannot read' {
        $file = Join-Path $TestDrive 'notjson.json'
        Set-Content $file 'this is not json'
        $err = { Get-McpCapacity -Path $model -MetricPath $file } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.InvalidMetricFile,McpModule.Cmdlets.GetMcpCapacityCommand'
        "$err" | Should -BeLike '*notjson.json*'
    }
}

Describe 'Get-McpCapacity collecting' {
    It 'collects from the model''s hypervisors only, warns of each that does not answer, and keeps the history unless -NoHistory' {
        $out = @(Get-McpCapacity -Path $model -Port $closedPort -WarningVariable warns -WarningAction SilentlyContinue)
        Rows $out | Should -Be @(
            'Node cmp001.lab.local az1 1', 'Node cmp002.lab.local nova 1',
            'Node kvm01.lab.local  1', 'Node kvm02.lab.local  1', 'Node kvm03.lab.local  1',
            'Zone az1 az1 1', 'Zone nova nova 1', 'Zone (none)  3', 'Total total  5')
        $warns.Count | Should -Be 5
        "$($warns[0])" | Should -BeLike '*did not answer*'
        $out | ForEach-Object { @($_.Resources).Count | Should -Be 0 }
        (Get-McpCapacity -Path $model -Port $closedPort -WarningAction SilentlyContinue | Out-String -Width 200) | Should -Match 'kvm01\.lab\.local\s+1\s+no data'
        $history = Join-Path $model '.mcp/health/history.jsonl'
        # two collections: an entry per hypervisor, and one of the cluster's (the model's HTTP endpoints)
        $lines = @(Get-Content $history)
        $lines.Count | Should -Be 12
        @($lines | ConvertFrom-Json | ForEach-Object node | Sort-Object -Unique) | Should -Be @(
            '', 'cmp001.lab.local', 'cmp002.lab.local', 'kvm01.lab.local', 'kvm02.lab.local', 'kvm03.lab.local')
        $null = Get-McpCapacity -Path $model -Port $closedPort -NoHistory -WarningAction SilentlyContinue
        @(Get-Content $history).Count | Should -Be 12
        # -Target: the nodes given, whether hypervisors or not
        Rows (Get-McpCapacity -Path $model -Target ctl01, cmp002 -Port $closedPort -NoHistory -WarningAction SilentlyContinue) | Should -Be @(
            'Node cmp002.lab.local nova 1', 'Node ctl01.lab.local  1', 'Zone nova nova 1', 'Zone (none)  1', 'Total total  2')
    }
}
