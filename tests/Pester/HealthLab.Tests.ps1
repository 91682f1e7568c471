# Get-McpHealth against a real lab with real faults (issue item "Lab tests with real faults ...
# Each status change is asserted."): the example Ceph model (examples/models/ceph) with ntp added,
# deployed with Invoke-McpState and Add-McpCephOsd on a 3-node lab to HEALTH_OK with one OSD a node.
# Then faults made for real (chrony stopped, an OSD daemon stopped, a file system filled, a node
# powered off), and the statuses Get-McpHealth returns before and after each, worked out by hand
# from the policies (StackLight's, McpModule/Health/GseDefaultPolicies.cs). Also pwsh -File with
# -FailOn, -Watch, Get-McpMetric and the history file. Tagged Lab (Linux, root). Own lab state
# folder (out/health-test); the base image and package caches are the machine's.
#
# The built-in clusters over the built-in alarms (McpModule/States/Formulas/Builtin/*/meta/health.yml):
#   system        majority_of_node_members by hostname, over the linux_system_* alarms
#   ntp           availability_of_members by hostname, over ntp_service (chrony.service)
#   ntp-logs      highest_severity by hostname, over ntp_logs (no data is okay)
#   ceph-mon, ceph-mgr, ceph-osd   availability_of_members by hostname, over the nodes' daemons
#   ceph-cluster  highest_severity over ceph_health and ceph_capacity (Ceph's own view, read once)
#   ceph          highest_severity over ceph-mon, ceph-mgr, ceph-osd and ceph-cluster (a Cluster)
# A node's status is its worst alarm.
#
# History: each collection is appended to <model>/.mcp/health/history.jsonl and the next one's windows
# read it. The service rules use `last` over 60 s, so a unit's newest state decides at once, both ways.
# The file-system rules use `min` over 60 s of 5-second rows: a full file system is seen at once, but
# its low value may keep the alarm up for a minute after the file is gone; and a node that stops
# answering keeps its last values in every window until they age out (StackLight's GSE kept a silent
# member's last fact too). Where an instant view is wanted, -NoHistory (said where).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Get-McpHealth against a lab with real faults' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'health-test'
        $script:pwsh = Join-Path $PSHOME 'pwsh'

        # A copy of the example model (the run journal and the health history go under it) with ntp on
        # its three nodes: chrony from the ntp formula, not setting the clock (lab nodes have no
        # CAP_SYS_TIME); its server is the lab's gateway, which answers no NTP (chrony need not sync).
        # The CPU alarm is turned off through the model's pillar, as a model would ($LabCpuAlarmOff).
        $script:model = New-LabSuiteModel ceph (Join-Path $TestDrive 'ceph') -Cluster ceph -Class ntp -After cluster.ceph.secrets -Yaml (@'
applications:
- ntp
parameters:
  ntp:
    client:
      enabled: true
      control_clock: false
      stratum: {}
      strata:
      - 10.13.0.1

'@ + $LabCpuAlarmOff)
        (Get-McpPillar -Path $model -Node cmn01 -Key ntp:client:control_clock) | Should -BeFalse

        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Package chrony, ceph-mon, ceph-mgr, ceph-common, ceph-osd, udev -DiskCount 2
        $script:lab = Get-LabSuiteState ceph
        # two lab disks a node: the first becomes its OSD, the second is cmn02's spare for the file-system fault
        $script:disks = @{}
        foreach ($n in Get-McpLab -Cluster ceph) { $disks[$n.Name] = @($n.Disks) }
        $script:history = Join-Path $model '.mcp/health/history.jsonl'

        $script:nodes = 'cmn01.ceph.local', 'cmn02.ceph.local', 'cmn03.ceph.local'
        $script:services = 'ceph-cluster', 'ceph-mgr', 'ceph-mon', 'ceph-osd', 'ntp', 'ntp-logs', 'system'
        $script:entities = @($nodes) + $services + 'ceph'

        # A command on a node that must succeed: its standard output.
        function script:OnNode([string] $node, [string] $command) {
            foreach ($r in Invoke-McpCommand -Path $model -Target $node -Command $command) {
                $r.ExitCode | Should -Be 0 -Because "'$command' on $($r.Node): $($r.StdErr)"
                $r.StdOut
            }
        }
        # Polls until the condition holds, at most $seconds; fails naming what it waited for and what
        # $last (a script block) says was there last.
        function script:WaitFor([scriptblock] $until, [string] $what, [int] $seconds, [scriptblock] $last = { '' }) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            while ($true) {
                if (& $until) { return }
                if ($sw.Elapsed.TotalSeconds -gt $seconds) { throw "No $what within $seconds s; last: $(& $last)" }
                Start-Sleep -Seconds 2
            }
        }
        # `ceph health detail` on cmn02 (cmn01 is powered off last), polled until it matches the patterns.
        function script:WaitCeph([string[]] $pattern, [int] $seconds = 120) {
            $script:cephSaid = ''
            WaitFor {
                $script:cephSaid = (Invoke-McpCommand -Path $model -Target cmn02 -Command 'ceph health detail').StdOut
                @($pattern | Where-Object { $cephSaid -notmatch $_ }).Count -eq 0
            } "Ceph health matching $($pattern -join ' and ')" $seconds { $cephSaid }
            $cephSaid
        }
        function script:Show($statuses) { ($statuses | Sort-Object Entity | ForEach-Object { "$($_.Entity)=$($_.Status)" }) -join ', ' }
        # Polls Get-McpHealth (Node, Service and Cluster levels) until every entity has the status
        # expected: those in $not as given, all others Okay, and no other entity. Returns the statuses
        # by entity, and the warnings of the last call. -NoHistory: the instant view.
        function script:WaitHealth([hashtable] $not = @{}, [switch] $NoHistory, [int] $seconds = 90, [int] $connectTimeout = 0) {
            $want = Show @($entities | ForEach-Object { [pscustomobject]@{ Entity = $_; Status = $(if ($not.ContainsKey($_)) { $not[$_] } else { 'Okay' }) } })
            $script:healthSaid = ''
            WaitFor {
                $p = @{ Path = $model; NoHistory = $NoHistory; WarningVariable = 'w'; WarningAction = 'SilentlyContinue' }
                if ($connectTimeout) { $p.ConnectTimeoutSeconds = $connectTimeout }
                $script:healthStatuses = @(Get-McpHealth @p)
                $script:healthWarnings = @($w)
                $script:healthSaid = Show $healthStatuses
                $healthSaid -eq $want
            } "health $want" $seconds { "$healthSaid; warnings: $healthWarnings" }
            $by = @{}
            foreach ($s in $healthStatuses) { $by[$s.Entity] = $s }
            [pscustomobject]@{ By = $by; Warnings = $healthWarnings }
        }
    }
    AfterAll { Exit-LabSuite ceph }

    It 'deploys the model with ntp to HEALTH_OK: Invoke-McpState (linux, ntp, ceph), then an OSD on each node' {
        $labNodes.Count | Should -Be 3
        $applied = Split-StateRun @(Invoke-McpState -Path $model -Target 'cmn*' -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
        Format-StateFailures $applied | Should -BeNullOrEmpty
        $applied.Run.Status | Should -Be Succeeded
        $applied.Run.States | Should -Contain ntp
        $applied.Run.States | Should -Contain ceph
        foreach ($r in Invoke-McpCommand -Path $model -Target 'cmn*' -Command 'systemctl is-active chrony') {
            $r.StdOut.Trim() | Should -Be active -Because "chrony runs on $($r.Node) without setting the clock"
        }
        $first = foreach ($n in 'cmn01', 'cmn02', 'cmn03') { $disks[$n][0] }
        $script:osds = @(Get-McpCephDevice -Path $model -Target 'cmn*' -Available | Where-Object Path -In $first | Add-McpCephOsd -Confirm:$false)
        ($osds.Host | Sort-Object) | Should -Be @('cmn01', 'cmn02', 'cmn03')
        $null = WaitCeph '^HEALTH_OK' 180
        $s = (Invoke-McpCommand -Path $model -Target cmn01 -Command 'ceph -s --format json').StdOut | ConvertFrom-Json
        $s.osdmap.num_up_osds | Should -Be 3
        $s.osdmap.num_in_osds | Should -Be 3
    }

    It 'healthy: every node, service and cluster Okay; each collection adds a line per node and one for the cluster to the history' {
        # Ceph says HEALTH_OK; the manager's standbys may take a collection or two to settle
        $h = WaitHealth
        ($healthStatuses | Where-Object Level -EQ Node).Entity | Sort-Object | Should -Be $nodes
        ($healthStatuses | Where-Object Level -EQ Service).Entity | Sort-Object | Should -Be $services
        ($healthStatuses | Where-Object Level -EQ Cluster).Entity | Should -Be 'ceph'
        $h.Warnings | Should -BeNullOrEmpty
        foreach ($s in $healthStatuses) { $s.Reasons | Should -BeNullOrEmpty -Because "$($s.Entity) is Okay" }
        $h.By['ntp'].Policy | Should -Be availability_of_members
        $h.By['system'].Policy | Should -Be majority_of_node_members
        $h.By['ceph'].Policy | Should -Be highest_severity
        ($h.By['ceph'].Members.Entity | Sort-Object) | Should -Be @('ceph-cluster', 'ceph-mgr', 'ceph-mon', 'ceph-osd')

        # the alarms of a node: the built-in ones of linux, ntp and ceph, without the CPU alarm the model turned off
        $alarms = @(Get-McpHealth -Path $model -Level Alarm -NoHistory)
        $mine = ($alarms | Where-Object Node -EQ cmn02.ceph.local).Entity
        $mine | Should -Contain linux_system_fs
        $mine | Should -Contain ntp_service
        $mine | Should -Contain ceph_osd_service
        $mine | Should -Not -Contain linux_system_cpu
        ($alarms | Where-Object Node -EQ '' | Sort-Object Entity).Entity | Should -Be @('ceph_capacity', 'ceph_health')

        # the history: 3 nodes + Ceph's cluster-wide metrics = 4 lines a collection
        Test-Path $history | Should -BeTrue
        $before = @(Get-Content $history).Count
        $null = Get-McpHealth -Path $model
        @(Get-Content $history).Count | Should -Be ($before + 4)
        $null = Get-McpHealth -Path $model -NoHistory
        @(Get-Content $history).Count | Should -Be ($before + 4) -Because '-NoHistory neither reads nor writes it'
    }

    It 'chrony stopped on one node: that node Down (ntp_service_down, 0), ntp Warn; started again: Okay' {
        $null = WaitHealth
        $null = OnNode cmn02 'systemctl stop chrony'
        # cmn02: ntp_service (ntp_service_down: last(systemd_unit_active{unit=chrony.service}) = 0 < 1) is down,
        #   its worst alarm: Down.
        # ntp, availability_of_members over 3 hosts: 2 Okay, 1 Down. Down needs 0 Okay; Critical needs exactly
        #   1 Okay; Warn: Okay < 100 % -> Warn.
        # system: no linux_system_* alarm fired -> Okay; ceph and its services: no member of theirs -> Okay.
        $h = WaitHealth @{ 'cmn02.ceph.local' = 'Down'; ntp = 'Warn' }
        $reason = @($h.By['cmn02.ceph.local'].Reasons)
        $reason.Count | Should -Be 1
        $reason[0].Trigger | Should -Be ntp_service_down
        $reason[0].Alarm | Should -Be ntp_service
        $reason[0].Metric | Should -Be systemd_unit_active
        $reason[0].Fields['unit'] | Should -Be chrony.service
        $reason[0].Value | Should -Be 0
        $reason[0].Severity | Should -Be Down
        $h.By['ntp'].Reasons.Node | Should -Be cmn02.ceph.local
        ($h.By['ntp'].Members | Where-Object Node -EQ cmn02.ceph.local).Status | Should -Be Down

        $null = OnNode cmn02 'systemctl start chrony'
        # `last`: the newest collection's 1 decides, with the history's 0 still in the window -> Okay at once
        $null = WaitHealth -seconds 20
    }

    It 'chrony stopped on all three nodes: every node Down, ntp Down; started again: Okay' {
        $null = WaitHealth
        $null = OnNode 'cmn*' 'systemctl stop chrony'
        # availability_of_members: 0 of 3 hosts Okay -> Down (its first rule). system and ceph: Okay.
        $h = WaitHealth @{ 'cmn01.ceph.local' = 'Down'; 'cmn02.ceph.local' = 'Down'; 'cmn03.ceph.local' = 'Down'; ntp = 'Down' }
        (@($h.By['ntp'].Reasons).Node | Sort-Object) | Should -Be $nodes
        $null = OnNode 'cmn*' 'systemctl start chrony'
        $null = WaitHealth -seconds 20
    }

    It 'pwsh -File with Get-McpHealth -FailOn Warn exits non-zero while chrony is down on a node, 0 when healthy' {
        $gate = Join-Path $TestDrive 'gate.ps1'
        Set-Content $gate "`$ErrorActionPreference = 'Stop'`nImport-Module '$manifest'`n`$null = Get-McpHealth -Path '$model' -FailOn Warn`n'healthy'"
        $null = WaitHealth
        $null = OnNode cmn01 'systemctl stop chrony'
        $null = WaitHealth @{ 'cmn01.ceph.local' = 'Down'; ntp = 'Warn' }
        $out = & $pwsh -NoProfile -NonInteractive -File $gate 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0 -Because $out
        $out | Should -Match 'at or past Warn'
        $out | Should -Match 'ntp_service_down'
        $out | Should -Not -Match 'healthy'

        $null = OnNode cmn01 'systemctl start chrony'
        $null = WaitHealth -seconds 20
        $out = & $pwsh -NoProfile -NonInteractive -File $gate 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match 'healthy'
        $global:LASTEXITCODE = 0
    }

    It '-Watch -Interval 2 writes every status in its first round, then only those that changed while a fault came and went' {
        # the job writes each status as it comes, with its evaluation's time: the statuses of one round share it
        $job = Start-Job -ScriptBlock {
            param($manifest, $model)
            Import-Module $manifest
            Get-McpHealth -Path $model -Watch -Interval 2 |
                ForEach-Object { [pscustomobject]@{ Round = $_.Timestamp.UtcTicks; Level = "$($_.Level)"; Entity = $_.Entity; Status = "$($_.Status)" } }
        } -ArgumentList $manifest, $model
        $said = { "job $($job.State): $(Show @($job.ChildJobs[0].Output)); errors: $($job.ChildJobs[0].Error)" }
        try {
            WaitFor { @($job.ChildJobs[0].Output).Count -ge $entities.Count } 'first round from the watch' 60 $said
            Start-Sleep -Seconds 5      # rounds with nothing changed: nothing written
            $null = OnNode cmn03 'systemctl stop chrony'
            WaitFor { @($job.ChildJobs[0].Output | Where-Object { $_.Entity -eq 'cmn03.ceph.local' -and $_.Status -eq 'Down' }).Count -gt 0 } 'cmn03 Down from the watch' 60 $said
            $null = OnNode cmn03 'systemctl start chrony'
            WaitFor { @($job.ChildJobs[0].Output | Where-Object Entity -EQ 'cmn03.ceph.local')[-1].Status -eq 'Okay' } 'cmn03 Okay again from the watch' 60 $said
            Start-Sleep -Seconds 5
        }
        finally {
            $job | Stop-Job
            $out = @($job.ChildJobs[0].Output)
            $errors = @($job.ChildJobs[0].Error)
            $job | Remove-Job -Force
        }
        $errors | Should -BeNullOrEmpty
        $rounds = @()
        foreach ($s in $out) {
            if ($rounds.Count -eq 0 -or $s.Round -ne $rounds[-1][0].Round) { $rounds += , @($s) } else { $rounds[-1] += $s }
        }
        $rounds[0].Count | Should -Be $entities.Count
        Show $rounds[0] | Should -Be (Show @($entities | ForEach-Object { [pscustomobject]@{ Entity = $_; Status = 'Okay' } }))
        # after the first round, each status written is a change from the one written before for its entity
        $seen = @{}
        foreach ($s in $rounds[0]) { $seen["$($s.Level)/$($s.Entity)"] = "$($s.Status)" }
        foreach ($r in $rounds | Select-Object -Skip 1) {
            foreach ($s in $r) {
                $key = "$($s.Level)/$($s.Entity)"
                "$($s.Status)" | Should -Not -Be $seen[$key] -Because "$key was written again unchanged"
                $seen[$key] = "$($s.Status)"
            }
        }
        # and they are the fault's and the recovery's: cmn03 Down with ntp Warn, then both Okay
        @($rounds | Select-Object -Skip 1 | ForEach-Object { Show $_ }) | Should -Be @('cmn03.ceph.local=Down, ntp=Warn', 'cmn03.ceph.local=Okay, ntp=Okay')
    }

    It 'an OSD daemon stopped: once Ceph says OSD_DOWN, ceph-osd Warn, ceph-cluster Warn (ceph_health 2), ceph Warn, its node Down; started: Okay' {
        $null = WaitHealth
        $osd = $osds | Where-Object Host -EQ cmn02
        # systemctl stop, not SIGKILL: systemd would restart a killed daemon (Restart=on-failure)
        $null = OnNode cmn02 "systemctl stop ceph-osd@$($osd.Id)"
        $null = WaitCeph 'HEALTH_WARN', 'OSD_DOWN'
        # cmn02: ceph_osd_service (ceph_osd_service_down, last(systemd_unit_active{unit=ceph-osd@N}) = 0) down -> Down.
        # ceph-osd, availability_of_members: 2 of 3 hosts Okay -> Warn.
        # ceph-cluster, highest_severity: ceph_health last = 2 (HEALTH_WARN) >= 2 -> warn, ceph_capacity okay -> Warn.
        # ceph, highest_severity over ceph-mon Okay, ceph-mgr Okay, ceph-osd Warn, ceph-cluster Warn -> Warn.
        # system, ntp: Okay.
        $h = WaitHealth @{ 'cmn02.ceph.local' = 'Down'; 'ceph-osd' = 'Warn'; 'ceph-cluster' = 'Warn'; ceph = 'Warn' }
        $down = @($h.By['ceph-osd'].Reasons)
        $down.Trigger | Should -Be ceph_osd_service_down
        $down.Node | Should -Be cmn02.ceph.local
        $down.Fields['unit'] | Should -Be "ceph-osd@$($osd.Id).service"
        $down.Value | Should -Be 0
        $health = @($h.By['ceph-cluster'].Reasons)
        $health.Trigger | Should -Be ceph_health_warning
        $health.Node | Should -Be ''
        $health.Value | Should -Be 2
        $h.By['cmn02.ceph.local'].Reasons.Trigger | Should -Be ceph_osd_service_down

        $null = OnNode cmn02 "systemctl start ceph-osd@$($osd.Id)"
        $null = WaitCeph '^HEALTH_OK'
        $null = WaitHealth -seconds 30
    }

    It 'Get-McpMetric: chrony.service active on each node, the file system of a spare disk mounted on cmn02, ceph_health as the cluster''s (no node)' {
        $spare = $disks['cmn02'][1]
        $null = OnNode cmn02 'command -v mkfs.ext4 fallocate'
        $null = OnNode cmn02 "mkfs.ext4 -q -F $spare && mkdir -p /srv/fill && mount $spare /srv/fill"
        $before = @(Get-Content $history).Count
        $m = @(Get-McpMetric -Path $model)
        @(Get-Content $history).Count | Should -Be ($before + 4) -Because 'Get-McpMetric adds its collection to the history too'
        foreach ($n in $nodes) {
            $chrony = @($m | Where-Object { $_.Name -eq 'systemd_unit_active' -and $_.Node -eq $n -and $_.Dimensions['unit'] -eq 'chrony.service' })
            $chrony.Count | Should -Be 1 -Because $n
            $chrony[0].Value | Should -Be 1
            $chrony[0].Dimensions['service'] | Should -Be ntp
        }
        $fs = @($m | Where-Object { $_.Name -eq 'fs_space_percent_free' -and $_.Dimensions['fs'] -eq '/srv/fill' })
        $fs.Count | Should -Be 1
        $fs[0].Node | Should -Be cmn02.ceph.local
        $fs[0].Dimensions['type'] | Should -Be ext4
        $fs[0].Value | Should -BeGreaterThan 90
        $ceph = @($m | Where-Object Name -EQ ceph_health)
        $ceph.Count | Should -Be 1
        $ceph[0].Node | Should -Be ''
        $ceph[0].Value | Should -Be 1
        ($m | Where-Object Name -EQ ceph_osd_up).Value | Should -Be 3
        # from some nodes only: Ceph is read on the first monitor among them
        $some = @(Get-McpMetric -Path $model -Target cmn03 -Name ceph_health, ssh_check)
        ($some | Where-Object Name -EQ ceph_health).Value | Should -Be 1
        ($some | Where-Object Name -EQ ssh_check).Node | Should -Be cmn03.ceph.local
    }

    It 'Start-McpHealthExporter: a real Prometheus scrapes the healthy lab (every node and ceph okay, Ceph''s OSDs up, each node''s CPUs); a stopped chrony shows in the next collection' {
        . (Join-Path $PSScriptRoot 'HealthServers.ps1')
        $null = WaitHealth
        $exporter = Start-McpHealthExporter -Path $model -ListenPort 0 -Interval 2 -NoHistory
        $prometheus = $null
        try {
            $prometheus = Start-TestPrometheus (Join-Path $TestDrive 'prometheus') "127.0.0.1:$($exporter.ListenPort)"
            $okay = Get-PrometheusResult $prometheus 'mcp_health_status{level="node"} == 0'
            @($okay | ForEach-Object { $_.metric.entity } | Sort-Object) | Should -Be $nodes
            (Get-PrometheusResult $prometheus 'mcp_health_status{level="cluster",entity="ceph"}')[0].value[1] | Should -Be '0'
            (Get-PrometheusResult $prometheus 'mcp_ceph_osd_up')[0].value[1] | Should -Be '3'
            foreach ($n in $nodes) {
                $cpus = (OnNode ($n.Split('.')[0]) 'grep -c ^processor /proc/cpuinfo').Trim()
                (Get-PrometheusResult $prometheus "mcp_cpu_count{node=`"$n`"}")[0].value[1] | Should -Be $cpus
            }
            $null = OnNode cmn03 'systemctl stop chrony'
            # ntp_service_down reads `last` over 60 s: the collection after the stop has it Down
            $down = Get-PrometheusResult $prometheus 'mcp_health_status{level="alarm",entity="ntp_service",node="cmn03.ceph.local"} == 4'
            $down.Count | Should -Be 1
            (Get-PrometheusResult $prometheus 'mcp_health_status{level="service",entity="ntp"} == 1').Count | Should -Be 1
        }
        finally {
            $null = OnNode cmn03 'systemctl start chrony'
            Stop-TestServer $prometheus
            $exporter | Stop-McpHealthExporter
        }
        $exporter.Running | Should -BeFalse
    }

    It 'a file system past 95 %: its node Critical (linux_system_fs, fs=/srv/fill), system Warn; the file removed: Okay (-NoHistory)' {
        $null = WaitHealth
        # all but 100 MiB of the free space: ~1 % free
        $null = OnNode cmn02 'avail=$(df -P -B1 /srv/fill | awk ''NR == 2 { print $4 }''); fallocate -l $((avail - 104857600)) /srv/fill/blob'
        # cmn02: linux_system_fs_critical, min(fs_space_percent_free{fs=/srv/fill}) over 60 s <= 5 -> critical;
        #   the node's worst alarm -> Critical.
        # system, majority_of_node_members over 3 hosts: Down needs all Down; Critical needs >= 50 % Critical
        #   or Down (1 of 3 is 33 %); Warn: > 0 % not Okay -> Warn.
        $h = WaitHealth @{ 'cmn02.ceph.local' = 'Critical'; system = 'Warn' }
        $reason = @($h.By['cmn02.ceph.local'].Reasons)
        $reason.Count | Should -Be 1
        $reason[0].Alarm | Should -Be linux_system_fs
        $reason[0].Trigger | Should -Be linux_system_fs_critical
        $reason[0].Fields['fs'] | Should -Be /srv/fill
        $reason[0].Value | Should -BeLessOrEqual 5
        "$($reason[0])" | Should -Match 'fs=/srv/fill'
        $h.By['system'].Reasons.Node | Should -Be cmn02.ceph.local

        $null = OnNode cmn02 'rm -f /srv/fill/blob'
        # -NoHistory: with the history, min over 60 s would keep the low value of a 5-second row for up to
        # a minute after the file is gone; the collection alone says Okay now
        $null = WaitHealth -NoHistory -seconds 20
    }

    It 'a node powered off (left down): that node Down (ssh_check 0) with a warning, no exception; once Ceph says MON_DOWN and OSD_DOWN, every cluster of its members Warn' {
        $null = WaitHealth -NoHistory
        # cmn01: the first monitor, the one Ceph's status is read on; with it silent, the next monitor
        # that answered (cmn02) is asked. Its poweroff ends systemd-nspawn with 0: the lab's supervisor
        # boots a node again only after a reboot (exit 133), so the node stays down. Left down: a raw
        # OSD is not activated again when its node boots (ceph-osd@N fails), so it would not come back.
        $null = Invoke-McpCommand -Path $model -Target cmn01 -Command 'systemctl poweroff'
        WaitFor { (Get-McpLab -Cluster ceph | Where-Object Name -EQ cmn01).State -eq 'Stopped' } 'cmn01 stopped in the lab' 60 { (Get-McpLab -Cluster ceph | Where-Object Name -EQ cmn01).State }

        # with the history: the node's other alarms still read the values it sent before (windows of 60 s
        # and more), but ssh_check's last value is 0 -> linux_system_unreachable -> Down. No exception:
        # a warning names the node.
        $w = $null
        $statuses = @(Get-McpHealth -Path $model -ConnectTimeoutSeconds 3 -WarningVariable w -WarningAction SilentlyContinue)
        $node = $statuses | Where-Object Entity -EQ cmn01.ceph.local
        $node.Status | Should -Be Down
        $node.Reasons.Trigger | Should -Be linux_system_unreachable
        $node.Reasons.Metric | Should -Be ssh_check
        $node.Reasons.Value | Should -Be 0
        "$w" | Should -Match 'cmn01\.ceph\.local did not answer'

        $null = WaitCeph 'HEALTH_WARN', 'MON_DOWN', 'OSD_DOWN'
        # -NoHistory, the instant view: cmn01 has ssh_check 0 and no other data; its alarms are their
        # no_data_policy, unknown (ntp_logs: okay).
        # cmn01: linux_system_unreachable down, the rest unknown -> Down.
        # system, majority_of_node_members: cmn01's group is Down (its worst, unknown weighing least), 1 of 3
        #   (33 % < 50 %) -> not Critical; > 0 % not Okay -> Warn.
        # ntp, ceph-mon, ceph-mgr, ceph-osd, availability_of_members: cmn01's member Unknown, 2 of 3 Okay -> Warn.
        # ntp-logs, highest_severity: ntp_logs without data is okay on cmn01 -> Okay.
        # ceph-cluster, highest_severity: ceph_health (read on cmn02) 2, HEALTH_WARN -> Warn.
        # ceph, highest_severity over four Warn services -> Warn.
        $h = WaitHealth -NoHistory -connectTimeout 3 -not @{
            'cmn01.ceph.local' = 'Down'; system = 'Warn'; ntp = 'Warn'
            'ceph-mon' = 'Warn'; 'ceph-mgr' = 'Warn'; 'ceph-osd' = 'Warn'; 'ceph-cluster' = 'Warn'; ceph = 'Warn'
        }
        "$($h.Warnings)" | Should -Match 'cmn01\.ceph\.local did not answer'
        $h.By['cmn01.ceph.local'].Reasons.Trigger | Should -Be linux_system_unreachable
        foreach ($service in 'ntp', 'ceph-mon', 'ceph-mgr', 'ceph-osd') {
            $member = @($h.By[$service].Members | Where-Object Node -EQ cmn01.ceph.local)
            $member.Count | Should -Be 1
            $member[0].Status | Should -Be Unknown -Because "$service's member on the silent node has no data"
            $member[0].Reasons.Value | Should -BeNullOrEmpty
        }
        $h.By['ceph-cluster'].Reasons.Trigger | Should -Be ceph_health_warning
        $h.By['ceph-cluster'].Reasons.Value | Should -Be 2
        (Get-McpLab -Cluster ceph | Where-Object Name -EQ cmn01).State | Should -Be Stopped -Because 'the node stayed down while asserted'
    }
}
