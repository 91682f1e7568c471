# Invoke-McpState builds a real Ceph control plane: the built-in ceph formula (ceph.common,
# ceph.mon, ceph.mgr, chosen by the nodes' applications) applied from a copy of the example model
# examples/models/ceph to a lab of its three monitor nodes; `ceph -s` on a node shows the three
# monitors in quorum and an active manager. Then idempotence, -WhatIf, the run journal, and the
# model's keys masked wherever a run could show them. Tagged Lab (Linux, root). Own lab state
# folder (out/ceph-test); the base image and package caches are the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
    # A kernel without MSDOS/EFI partition tables (this machine's: CONFIG_MSDOS_PARTITION is not set)
    # shows no partitions on any disk, so a disk with partitions cannot be made in the lab.
    $script:partitionTables = $canRun -and (-not (Test-Path /proc/config.gz) -or
        @(& zcat /proc/config.gz | Where-Object { $_ -match '^CONFIG_(MSDOS|EFI)_PARTITION=y$' }).Count -gt 0)
}

Describe 'The ceph formula against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'ceph-test'

        # A copy of the example model (the journal goes under it) with one formula of its own that
        # prints the admin keyring, to show that a key in command output is masked.
        $script:model = Join-Path $TestDrive 'ceph'
        Copy-Item -Recurse (Join-Path $root 'examples/models/ceph') $model
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        $null = New-Item -ItemType Directory (Join-Path $model 'formulas/showkey')
        Set-Content (Join-Path $model 'formulas/showkey/init.yml') "showkey:`n  cmd.run:`n    name: cat /etc/ceph/ceph.client.admin.keyring`n"
        $script:adminKey = Get-McpPillar -Path $model -Node cmn01 -Key ceph:common:keyring:admin:key
        $script:monKey = Get-McpPillar -Path $model -Node cmn01 -Key ceph:mon:keyring:mon:key
        $script:fsid = Get-McpPillar -Path $model -Node cmn01 -Key ceph:common:fsid
        $adminKey | Should -Match '^AQ[A-Za-z0-9+/]{36}==$'

        $script:targets = 'cmn01.ceph.local', 'cmn02.ceph.local', 'cmn03.ceph.local'
        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Package ceph-mon, ceph-mgr, ceph-common, ceph-osd, udev -DiskCount 4
        $script:lab = Get-LabSuiteState ceph

        function script:Apply([switch] $WhatIf, [string[]] $State) {
            # the dry run is journalled too (-Journal): the journal test counts it
            $p = @{ Path = $model; Target = 'cmn*'; WhatIf = $WhatIf; Journal = $WhatIf; ErrorVariable = 'errs'; ErrorAction = 'SilentlyContinue' }
            if ($State) { $p.State = $State }
            Split-StateRun @(Invoke-McpState @p) $errs
        }
        # `ceph -s` as an object, read on one node with the admin keyring the formula wrote
        function script:CephStatus([string] $node = 'cmn01') {
            $r = Invoke-McpCommand -Path $model -Target $node -Command 'ceph -s --format json'
            $r.ExitCode | Should -Be 0 -Because "ceph -s on ${node}: $($r.StdErr)"
            $r.StdOut | ConvertFrom-Json
        }
        # OSDs: each node has four lab disks (loop devices): d1 becomes its OSD; cmn01's d2 is mounted
        # and its d3 is the one whose OSD daemon gets killed; cmn02's d2 gets a partition table and
        # its d3 is added by the runbook; cmn03's d2 is the fourth OSD, added, removed, added again.
        $script:disks = @{}
        foreach ($n in Get-McpLab -Cluster ceph) { $disks[$n.Name] = @($n.Disks) }
        function script:NodeFile([string] $short) { Join-Path $model "nodes/$short.ceph.local.yml" }
        function script:Health {
            for ($i = 0; $i -lt 90; $i++) {
                $s = CephStatus
                if ($s.health.status -eq 'HEALTH_OK') { break }
                Start-Sleep -Seconds 2
            }
            $s
        }
        function script:Osds { @(Get-McpCephOsd -Path $model) }
        # Errors of a refused Add, and proof nothing changed: the node files and the OSD map as they were.
        function script:Refused([scriptblock] $add) {
            $files = Get-ChildItem (Join-Path $model nodes) | ForEach-Object { Get-Content -Raw $_.FullName }
            $before = (Osds).Id
            $ErrorActionPreference = 'Continue'   # the errors are the result here
            $all = @(& $add 2>&1)
            @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
            (Get-ChildItem (Join-Path $model nodes) | ForEach-Object { Get-Content -Raw $_.FullName }) | Should -Be $files
            (Osds).Id | Should -Be $before
            @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
    AfterAll { Exit-LabSuite ceph }

    It 'bootstraps the monitors and managers of the model: linux and ceph from the applications, nothing failed' {
        $labNodes.Count | Should -Be 3
        $script:first = Apply
        Format-StateFailures $first | Should -BeNullOrEmpty
        $first.Run | Should -BeOfType [McpModule.States.McpRun]
        $first.Run.Status | Should -Be Succeeded
        $first.Run.States | Should -Be @('linux', 'ceph')
        foreach ($n in $targets) {
            $mine = @($first.Results | Where-Object Node -EQ $n)
            foreach ($id in 'ceph_common_config', 'ceph_common_admin_keyring', 'ceph_mon_store', 'ceph_mon_service', 'ceph_mgr_keyring', 'ceph_mgr_service') {
                ($mine | Where-Object StateId -EQ $id).Result | Should -Be Changed -Because "$n $id on fresh nodes"
            }
            # the quorum check either found this monitor in the quorum already or waited for it
            ($mine | Where-Object StateId -EQ ceph_mon_quorum).Result | Should -BeIn Changed, Unchanged
            ($mine | Where-Object StateId -EQ linux_hosts).Result | Should -Be Changed
        }
    }

    It 'ceph -s shows the model''s cluster: three monitors in quorum and an active manager with two standbys' {
        # the monitors are in quorum when the run ends (ceph_mon_quorum); a manager becomes active
        # once it has loaded its modules and reported to the monitors, which may take a few more seconds
        for ($i = 0; $i -lt 60; $i++) {
            $status = CephStatus
            if ($status.mgrmap.available -and $status.mgrmap.num_standbys -eq 2) { break }
            Start-Sleep -Seconds 1
        }
        $status.fsid | Should -Be $fsid
        ($status.quorum_names | Sort-Object) | Should -Be @('cmn01', 'cmn02', 'cmn03')
        $status.monmap.num_mons | Should -Be 3
        $status.mgrmap.available | Should -BeTrue
        $status.mgrmap.num_standbys | Should -Be 2
        # every node is a client of the same cluster, and every daemon is enabled for the next boot
        (CephStatus cmn03).fsid | Should -Be $fsid
        foreach ($r in Invoke-McpCommand -Path $model -Target 'cmn*' -Command 'h=$(hostname); systemctl is-active ceph-mon@$h ceph-mgr@$h; systemctl is-enabled ceph-mon@$h ceph-mgr@$h; stat -c "%U %a" /var/lib/ceph/mon/ceph-$h /etc/ceph/ceph.client.admin.keyring') {
            $r.ExitCode | Should -Be 0 -Because "$($r.Node): $($r.StdErr)"
            ($r.StdOut.Trim() -split "`n") | Should -Be @('active', 'active', 'enabled', 'enabled', 'ceph 750', 'root 600')
        }
    }

    It 'changes nothing when run again' {
        $again = Apply
        Format-StateFailures $again | Should -BeNullOrEmpty
        $again.Run.Status | Should -Be Succeeded
        $again.Results.Count | Should -Be $first.Results.Count
        @($again.Results | Where-Object Result -NE Unchanged | ForEach-Object { "$($_.Node) $($_.StateId): $($_.Changes)" }) | Should -BeNullOrEmpty
        ($again.Results | Where-Object StateId -EQ ceph_mon_quorum).Comment | Sort-Object -Unique | Should -Be 'unless succeeded'
    }

    It '-WhatIf on the converged cluster would change nothing and touches no daemon' {
        $pids = Invoke-McpCommand -Path $model -Target 'cmn*' -Command 'h=$(hostname); systemctl show -p MainPID --value ceph-mon@$h ceph-mgr@$h' | Sort-Object Node | ForEach-Object StdOut
        $check = Apply -WhatIf
        Format-StateFailures $check | Should -BeNullOrEmpty
        $check.Run.WhatIf | Should -BeTrue
        $check.Run.Status | Should -Be Succeeded
        $check.Results.Count | Should -Be $first.Results.Count
        @($check.Results | Where-Object Result -NE Unchanged | ForEach-Object { "$($_.Node) $($_.StateId): $($_.Changes)" }) | Should -BeNullOrEmpty
        (Invoke-McpCommand -Path $model -Target 'cmn*' -Command 'h=$(hostname); systemctl show -p MainPID --value ceph-mon@$h ceph-mgr@$h' | Sort-Object Node | ForEach-Object StdOut) | Should -Be $pids
        ($pids -join "`n") | Should -Not -Match '(?m)^0$'
    }

    It 'masks the model''s keys: a keyring''s diff is never shown and a key in command output is replaced' {
        $changes = @(($first.Results | Where-Object StateId -EQ ceph_common_admin_keyring).Changes)
        $changes.Count | Should -Be 3
        foreach ($c in $changes) {
            # a new file: the content is hidden, its mode and owner are shown
            $c | Should -Match '^content changed \(diff hidden\)'
            $c | Should -Not -Match ([regex]::Escape($adminKey))
        }
        $shown = Apply -State showkey
        Format-StateFailures $shown | Should -BeNullOrEmpty
        $comments = ($shown.Results | Where-Object StateId -EQ showkey).Comment
        @($comments).Count | Should -Be 3
        foreach ($c in $comments) {
            $c | Should -Match '\[client\.admin\]'
            $c | Should -Match 'key = \*{8}'
            $c | Should -Not -Match ([regex]::Escape($adminKey))
        }
    }

    It 'recorded every run in the journal, and no key of the model is in it' {
        $runs = @(Get-McpRun -Path $model)
        $runs.Count | Should -Be 4
        $runs[0].States | Should -Be @('showkey')
        $runs[1].WhatIf | Should -BeTrue
        $runs.Status | Sort-Object -Unique | Should -Be Succeeded
        foreach ($r in $runs) { ($r.Nodes.Node | Sort-Object) | Should -Be $targets }
        $files = @(Get-ChildItem (Join-Path $model '.mcp/runs') -Filter *.json)
        $files.Count | Should -Be 4
        foreach ($f in $files) {
            $text = Get-Content -Raw $f.FullName
            $text | Should -Not -Match ([regex]::Escape($adminKey))
            $text | Should -Not -Match ([regex]::Escape($monKey))
        }
    }

    It 'lists the lab disks as ceph-volume sees them: available, 10 GiB, no OSD' {
        $devices = @(Get-McpCephDevice -Path $model -Target 'cmn*')
        $devices.Count | Should -Be 12
        foreach ($d in $devices) {
            $d | Should -BeOfType [McpModule.Ceph.McpCephDevice]
            $d.Path | Should -BeIn $disks[$d.Node.Split('.')[0]]
            $d.Size | Should -Be 10GB
            $d.Available | Should -BeTrue
            $d.OsdId | Should -BeNullOrEmpty
        }
    }

    It 'adds an OSD on the first disk of each node from the pipeline; HEALTH_OK with every OSD up and in under its host' {
        $first = foreach ($n in 'cmn01', 'cmn02', 'cmn03') { $disks[$n][0] }
        $script:added = @(Get-McpCephDevice -Path $model -Target 'cmn*' -Available | Where-Object Path -In $first | Add-McpCephOsd -Confirm:$false)
        $added.Count | Should -Be 3
        ($added.Host | Sort-Object) | Should -Be @('cmn01', 'cmn02', 'cmn03')
        foreach ($o in $added) {
            $o | Should -BeOfType [McpModule.Ceph.McpCephOsd]
            $o.Device | Should -Be $disks[$o.Host][0]
            $o.Up | Should -BeTrue
            $o.In | Should -BeTrue
            # the model describes the cluster: the node's file lists the disk
            Get-Content -Raw (NodeFile $o.Host) | Should -Match "(?m)^\s+- dev: $([regex]::Escape($o.Device))$"
        }
        $s = Health
        $s.health.status | Should -Be HEALTH_OK
        $s.osdmap.num_osds | Should -Be 3
        $s.osdmap.num_up_osds | Should -Be 3
        $script:addRun = @(Get-McpRun -Path $model)[0]
        # the model's pillar now holds the disks, and Invoke-McpState finds nothing to change
        (Get-McpPillar -Path $model -Node cmn02 -Key ceph:osd:backend:bluestore:disks).dev | Should -Be $disks['cmn02'][0]
        $again = Apply -State ceph.osd
        Format-StateFailures $again | Should -BeNullOrEmpty
        @($again.Results | Where-Object Result -NE Unchanged) | Should -BeNullOrEmpty
    }

    It 'recorded the add as one run of ceph.osd in the journal, a step per device' {
        $run = $addRun
        $run.States | Should -Be @('ceph.osd')
        $run.Command | Should -Be 'Add-McpCephOsd'
        $run.Host | Should -Be ([Environment]::MachineName)
        $run.Status | Should -Be Succeeded
        ($run.Nodes.Node | Sort-Object) | Should -Be $targets
        foreach ($n in $run.Nodes) {
            $step = $n.Results | Where-Object StateId -Like 'ceph_osd_loop*'
            @($step).Count | Should -Be 1
            $step.Result | Should -Be Changed
            $step.Comment | Should -Match '^osd\.\d+ /dev/loop\d+$'
        }
    }

    It 'refuses bad input with a clear error and changes nothing: unknown node, metacharacters, an OSD already, a missing device' {
        $errs = Refused { Add-McpCephOsd -Path $model -Target cmn09 -Device /dev/loop0 -Confirm:$false }
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.NotAModelNode*'
        $errs = Refused { Add-McpCephOsd -Path $model -Target cmn01 -Device '/dev/x;touch /tmp/pwned', $disks['cmn01'][0], /dev/nope -Confirm:$false }
        ($errs.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] } | Sort-Object) | Should -Be @('Mcp.Ceph.DeviceIsOsd', 'Mcp.Ceph.DeviceNotFound', 'Mcp.Ceph.InvalidDevicePath')
        ($errs | Where-Object { $_.FullyQualifiedErrorId -like 'Mcp.Ceph.DeviceIsOsd*' }).Exception.Message | Should -Match "$([regex]::Escape($disks['cmn01'][0])) is osd\.\d+ already"
        (Invoke-McpCommand -Path $model -Target cmn01 -Command 'test -e /tmp/pwned; echo $?').StdOut.Trim() | Should -Be 1
    }

    It 'refuses a mounted device, with ceph-volume''s reasons' {
        $mounted = $disks['cmn01'][1]
        $r = Invoke-McpCommand -Path $model -Target cmn01 -Command "mkfs.ext4 -q -F $mounted && mkdir -p /mnt/t && mount $mounted /mnt/t && findmnt -n -o SOURCE /mnt/t"
        $r.StdOut.Trim() | Should -Be $mounted -Because $r.StdErr
        $errs = Refused { Add-McpCephOsd -Path $model -Target cmn01 -Device $mounted -Confirm:$false }
        $errs.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.DeviceNotAvailable*'
        $errs.Exception.Message | Should -Match 'cannot be an OSD''s device: .*(mounted|FileSystem)'
    }

    It 'refuses a device with partitions, with ceph-volume''s reason' -Skip:(-not $partitionTables) {
        $parted = $disks['cmn02'][1]
        # a DOS partition table with one partition, written from the host (the node sees the kernel's partitions)
        & python3 -c "import sys; b=bytearray(512); b[446:462]=bytes([0,0,2,0,0x83,0,0,0])+(2048).to_bytes(4,'little')+(204800).to_bytes(4,'little'); b[510]=0x55; b[511]=0xAA; open(sys.argv[1],'r+b').write(b)" $parted
        & blockdev --rereadpt $parted
        (Get-McpCephDevice -Path $model -Target cmn02 | Where-Object Path -EQ $parted).RejectedReasons | Should -Contain 'Has partitions'
        $errs = Refused { Add-McpCephOsd -Path $model -Target cmn02 -Device $parted -Confirm:$false }
        $errs.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.DeviceNotAvailable*'
        $errs.Exception.Message | Should -Match 'partitions'
    }

    It 'refuses a node without a spec, and a spec that selects nothing, naming the node' {
        $errs = Refused { Add-McpCephOsd -Path $model -Target cmn02 -Confirm:$false }
        $errs.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.NoSpec*'
        $file = NodeFile cmn02
        $saved = Get-Content -Raw $file
        try {
            # a key of ceph:osd after its disks (the file ends inside ceph:osd:backend:bluestore:disks)
                Add-Content $file "      spec:`n        data_devices:`n          size: '1T:'"
            $errs = Refused { Add-McpCephOsd -Path $model -Target cmn02 -Confirm:$false }
            $errs.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.SpecSelectsNothing*'
            $errs.Exception.Message | Should -Match 'cmn02\.ceph\.local: the OSD spec under ceph:osd:spec selects no device'
        }
        finally { [IO.File]::WriteAllText($file, $saved) }
    }

    It '-WhatIf shows the plan per host and changes nothing' {
        $d = $disks['cmn03'][1]
        $out = Refused { Add-McpCephOsd -Path $model -Target cmn03 -Device $d -WhatIf }
        $out | Should -BeNullOrEmpty
    }

    It 'adds a fourth OSD, then removes it safely (drain, stop, purge, zap): the disk is free and gone from the model' {
        $d = $disks['cmn03'][1]
        $four = Add-McpCephOsd -Path $model -Target cmn03 -Device $d -Confirm:$false
        $four.Device | Should -Be $d
        (Osds).Count | Should -Be 4
        # a raw OSD: the unit that mounts its folder at boot, and the drop-in that makes ceph-osd@ID need it
        $activation = "/etc/systemd/system/mcp-ceph-osd-activate-$($four.Id).service /etc/systemd/system/ceph-osd@$($four.Id).service.d"
        (Invoke-McpCommand -Path $model -Target cmn03 -Command "ls -d $activation").ExitCode | Should -Be 0
        # as an admin would, once the cluster has settled with the new OSD (Remove also asks ok-to-stop again for a minute)
        (Health).health.status | Should -Be HEALTH_OK
        Get-McpCephOsd -Path $model -Id $four.Id | Remove-McpCephOsd -Zap -Confirm:$false
        (Osds).Id | Should -Not -Contain $four.Id
        # the removal is a recorded run too: a step per thing done on the OSD's host
        $removal = @(Get-McpRun -Path $model)[0]
        $removal.Command | Should -Be 'Remove-McpCephOsd'
        $removal.Status | Should -Be Succeeded
        $removal.Targets | Should -Be @("osd.$($four.Id)")
        ($removal.Nodes.Results.StateId -replace '^osd\.\d+ ', '') | Should -Be @('out', 'drain', 'stop', 'purge', 'zap', 'model')
        Get-Content -Raw (NodeFile cmn03) | Should -Not -Match ([regex]::Escape($d))
        (Get-McpCephDevice -Path $model -Target cmn03 | Where-Object Path -EQ $d).Available | Should -BeTrue
        (Invoke-McpCommand -Path $model -Target cmn03 -Command "systemctl is-enabled ceph-osd@$($four.Id)").StdOut.Trim() | Should -Not -Be enabled
        (Invoke-McpCommand -Path $model -Target cmn03 -Command "for f in $activation; do test -e `$f && echo `$f; done; true").StdOut.Trim() | Should -BeNullOrEmpty -Because 'its activation unit and drop-in are gone'
    }

    It 'refuses to remove the only OSD of a host, naming the pool that would lose a copy' {
        $before = Get-Content -Raw (NodeFile cmn02)
        $one = Get-McpCephOsd -Path $model -Target cmn02
        $errs = $null
        $one | Remove-McpCephOsd -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs).Count | Should -BeGreaterThan 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.PoolWouldBreak*'
        $errs[0].Exception.Message | Should -Match "pool '[^']+' keeps 3 copies on separate hosts"
        (Get-McpCephOsd -Path $model -Id $one.Id).In | Should -BeTrue
        Get-Content -Raw (NodeFile cmn02) | Should -Be $before
    }

    It 'replaces an OSD: -Replace keeps its id (destroyed), and Add-McpCephOsd on the host takes the id again' {
        $d2 = $disks['cmn03'][1]
        $null = Add-McpCephOsd -Path $model -Target cmn03 -Device $d2 -Confirm:$false
        (Health).health.status | Should -Be HEALTH_OK
        $old = Get-McpCephOsd -Path $model -Target cmn03 | Where-Object Device -EQ $disks['cmn03'][0]
        $gone = $old | Remove-McpCephOsd -Replace -Zap -Confirm:$false
        $gone.Status | Should -Be destroyed
        (Get-McpCephOsd -Path $model -Id $old.Id).Status | Should -Be destroyed
        $new = Add-McpCephOsd -Path $model -Target cmn03 -Device $disks['cmn03'][0] -Confirm:$false
        $new.Id | Should -Be $old.Id
        $new.Up | Should -BeTrue
        (Health).health.status | Should -Be HEALTH_OK
    }

    It 'the runbook examples/runbooks/Add-CephOsdHost.ps1 adds a host''s disk and waits for HEALTH_OK; -WhatIf changes nothing' {
        $runbook = Join-Path $root 'examples/runbooks/Add-CephOsdHost.ps1'
        $d = $disks['cmn02'][2]
        $before = Get-Content -Raw (NodeFile cmn02)
        $null = & $runbook -Path $model -Node cmn02 -Device $d -WhatIf
        Get-Content -Raw (NodeFile cmn02) | Should -Be $before
        $osds = @(& $runbook -Path $model -Node cmn02 -Device $d)
        $osds.Count | Should -Be 1
        $osds[0].Device | Should -Be $d
        $osds[0].Up | Should -BeTrue
        (CephStatus).health.status | Should -Be HEALTH_OK
        # a device the host does not have: the runbook fails loudly
        { & $runbook -Path $model -Node cmn03 -Device /dev/nope } | Should -Throw '*has no device that can become an OSD*'
    }

    It 'an OSD daemon killed mid-run is a failed step in the journal; the cmdlet returns and the model is unchanged' {
        $d = $disks['cmn01'][2]
        $before = Get-Content -Raw (NodeFile cmn01)
        # kills every ceph-osd --mkfs on cmn01 for a minute: the new OSD's prepare dies
        # (the node image has no pkill; pidof is there)
        $kill = 'for i in $(seq 1 1200); do for p in $(pidof ceph-osd); do if tr "\0" " " < /proc/$p/cmdline | grep -q -e --mkfs; then kill -9 $p && echo killed; fi; done; sleep 0.05; done'
        $killer = Invoke-McpCommand -Path $model -Target cmn01 -Command $kill -AsJob
        try {
            $errs = $null
            $out = Add-McpCephOsd -Path $model -Target cmn01 -Device $d -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        }
        finally { $killer | Stop-Job; $killer | Remove-Job -Force }
        @($out) | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.OsdNotAdded*'
        $errs[0].Exception.Message | Should -Match "no OSD on $([regex]::Escape($d))"
        $run = @(Get-McpRun -Path $model)[0]
        $run.Status | Should -Be Failed
        $step = $run.Nodes.Results | Where-Object StateId -EQ ("ceph_osd_" + $d.Substring(5))
        $step.Result | Should -Be Failed
        # the step's log tail: ceph-volume rolling back the half-made OSD (osd purge-new) or naming the killed mkfs
        $step.Comment | Should -Match 'purge-new|--mkfs|exit code -9' -Because 'the prepare died under the killer, nothing else'
        Get-Content -Raw (NodeFile cmn01) | Should -Be $before
    }

    It 'leaves nothing behind when the lab stops' {
        Stop-McpLab -Cluster ceph -Confirm:$false
        Assert-LabGone $lab ceph
    }
}
