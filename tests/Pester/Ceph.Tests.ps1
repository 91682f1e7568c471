# Invoke-McpState builds a real Ceph control plane: the built-in ceph formula (ceph.common,
# ceph.mon, ceph.mgr, chosen by the nodes' applications) applied from a copy of the example model
# examples/models/ceph to a lab of its three monitor nodes; `ceph -s` on a node shows the three
# monitors in quorum and an active manager. Then idempotence, -WhatIf, the run journal, and the
# model's keys masked wherever a run could show them. Tagged Lab (Linux, root). Own lab state
# folder (out/ceph-test); the base image and package caches are the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
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
        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Package ceph-mon, ceph-mgr, ceph-common, ceph-osd, udev
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

    It 'leaves nothing behind when the lab stops' {
        Stop-McpLab -Cluster ceph -Confirm:$false
        Assert-LabGone $lab ceph
    }
}
