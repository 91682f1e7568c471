# The runbooks of examples/runbooks/ run against a lab, one Describe each, with McpModule's Should
# operators: the example Ceph model (three monitor nodes, each a manager and, once the OSD runbook ran,
# an OSD) deployed on a 3-node lab. Add-CephOsdHost adds the OSDs; Restart-ClusterService restarts the
# monitors one at a time (a poller on a node records Ceph's quorum all along) and stops at a monitor
# that does not come back; Restart-ComputeNode drains and reboots cmn03 (the lab runs no OpenStack: the
# unit it drains is a stand-in made here, said below); Update-NodeHostKey rotates cmn02's host key.
# Tagged Lab (Linux, root). Own lab state folder (out/runbooks-test); hold /tmp/mcp-lab.lock.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Runbooks against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'runbooks-test'
        $script:runbooks = Join-Path $root 'examples/runbooks'

        # A copy of the example model (journal and health history go under it), the CPU alarm off
        # through the pillar ($LabCpuAlarmOff), as HealthLab.Tests.ps1 does.
        $script:model = New-LabSuiteModel ceph (Join-Path $TestDrive 'ceph') -Cluster ceph -Class labhealth -After cluster.ceph.secrets -Yaml ("parameters:`n" + $LabCpuAlarmOff)

        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Package ceph-mon, ceph-mgr, ceph-common, ceph-osd, udev -DiskCount 1
        $script:lab = Get-LabSuiteState ceph
        $script:nodes = 'cmn01.ceph.local', 'cmn02.ceph.local', 'cmn03.ceph.local'

        # A command on a node that must succeed: its standard output, trimmed.
        function script:OnNode([string] $node, [string] $command) {
            $r = Invoke-McpCommand -Path $model -Target $node -Command $command
            $r.ExitCode | Should -Be 0 -Because "'$command' on ${node}: $($r.StdErr) $($r.Error)"
            $r.StdOut.Trim()
        }
        # Get-McpHealth polled until nothing is worse than Okay (at most $seconds): the last statuses,
        # for Should -BeHealthy to judge (and to list what is not okay when time ran out).
        function script:SettledHealth([int] $seconds = 120) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            do {
                $h = @(Get-McpHealth -Path $model -WarningAction SilentlyContinue)
                if (@($h | Where-Object Status -NE Okay).Count -eq 0) { break }
                Start-Sleep -Seconds 3
            } while ($sw.Elapsed.TotalSeconds -lt $seconds)
            $h
        }
        # When each monitor last became active (systemd's ActiveEnterTimestamp, as epoch seconds).
        function script:MonStarted([string] $short) {
            [double](OnNode $short "date -d ""`$(systemctl show -p ActiveEnterTimestamp --value ceph-mon@$short)"" +%s")
        }
        function script:CephHealth { (OnNode cmn01 'ceph health') }
    }
    AfterAll { Exit-LabSuite ceph }

    Describe 'Invoke-McpState deploys the monitors and managers' {
        It 'converges: nothing failed, and the same states applied again change nothing' {
            $labNodes.Count | Should -Be 3
            Invoke-McpState -Path $model -Target 'cmn*' | Should -HaveConverged
        }

        It 'Should -HaveConverged names the node, state and resource a re-run changed' {
            $out = @(Invoke-McpState -Path $model -Target cmn03 -State linux)
            $out | Should -HaveConverged
            $file = @($out | Where-Object { $_ -is [McpModule.States.McpStateResult] -and $_.Resource -like 'file:/etc/*' })[0]
            $file | Should -Not -BeNullOrEmpty -Because 'the linux formula manages files under /etc'
            $path = $file.Resource.Substring(5)
            $null = OnNode cmn03 "echo '# drifted' >> '$path'"
            $message = try { $out | Should -HaveConverged -ErrorAction Stop; '' } catch { "$_" }
            $message | Should -BeLike "Expected run $($out[-1].RunId) (linux) to have converged, but:*"
            $message | Should -BeLike "*the re-run changed cmn03.ceph.local $($file.StateId) ($($file.Resource))*"
            # the re-run put it back: converged again
            OnNode cmn03 "grep -c drifted '$path' || true" | Should -Be '0'
            $out | Should -HaveConverged
        }
    }

    Describe 'examples/runbooks/Add-CephOsdHost.ps1' {
        It '-WhatIf makes no OSD; then it makes each host''s lab disk an OSD and the cloud is healthy' {
            $null = & (Join-Path $runbooks 'Add-CephOsdHost.ps1') -Path $model -Node 'cmn*' -WhatIf
            OnNode cmn01 'ceph osd ls' | Should -BeNullOrEmpty
            $osds = @(& (Join-Path $runbooks 'Add-CephOsdHost.ps1') -Path $model -Node 'cmn*')
            ($osds.Host | Sort-Object) | Should -Be @('cmn01', 'cmn02', 'cmn03')
            CephHealth | Should -Be HEALTH_OK
            SettledHealth | Should -BeHealthy
            Get-McpHealth -Path $model -Level Service | Should -HaveQuorum -Service ceph-mon
        }
    }

    Describe 'examples/runbooks/Restart-ClusterService.ps1' {
        BeforeAll {
            $script:rolling = Join-Path $runbooks 'Restart-ClusterService.ps1'
            $script:monArgs = @{ Path = $model; Service = 'ceph-mon'; Node = 'I@ceph:mon:enabled:True'; Unit = 'ceph-mon@{host}' }
        }

        It '-WhatIf restarts no monitor' {
            $before = MonStarted cmn01
            $null = & $rolling @monArgs -WhatIf
            MonStarted cmn01 | Should -Be $before
        }

        It 'restarts the monitors one at a time, each back in the quorum before the next; the quorum held throughout' {
            # Ceph's quorum as cmn01 sees it, every half second, until the flag file appears (bounded: 10 min)
            $poll = 'for i in $(seq 1 1200); do [ -e /run/stop-quorum-poll ] && break; ' +
                'n=$(timeout 15 ceph quorum_status -f json 2>/dev/null | python3 -c ''import json,sys; print(len(json.load(sys.stdin)["quorum"]))'' 2>/dev/null || echo 0); ' +
                'echo "$(date +%s.%N) $n"; sleep 0.5; done'
            $null = OnNode cmn01 'rm -f /run/stop-quorum-poll'
            $poller = Invoke-McpCommand -Path $model -Target cmn01 -Command $poll -TimeoutSeconds 900 -AsJob
            try {
                Start-Sleep -Seconds 3
                $began = [DateTimeOffset]::Now.ToUnixTimeSeconds()
                $restarted = @(& $rolling @monArgs)
            }
            finally {
                $null = OnNode cmn01 'touch /run/stop-quorum-poll'
                $samples = @(($poller | Wait-Job -Timeout 60 | Receive-Job).StdOut -split "`n" | Where-Object { $_ })
                $poller | Remove-Job -Force
            }
            # the runbook's account: each member in turn, the next started after the one before was back
            $restarted.Node | Should -Be $nodes
            for ($i = 1; $i -lt 3; $i++) { $restarted[$i].Started | Should -BeGreaterThan $restarted[$i - 1].Back }
            # the nodes' account: each monitor restarted during the run, in that order
            $started = @(foreach ($n in 'cmn01', 'cmn02', 'cmn03') { MonStarted $n })
            $started[0] | Should -BeGreaterOrEqual $began
            $started[1] | Should -BeGreaterThan $started[0]
            $started[2] | Should -BeGreaterThan $started[1]
            # Ceph's account: never fewer than 2 of 3 monitors in the quorum
            $samples.Count | Should -BeGreaterThan 10
            $counts = @($samples | ForEach-Object { [int]($_ -split ' ')[1] })
            ($counts | Measure-Object -Minimum).Minimum | Should -BeGreaterOrEqual 2 -Because "the quorum held in every sample ($($samples -join '; '))"
            Get-McpMetric -Path $model -Target cmn01 -Name ceph_mon_* -NoHistory | Should -HaveQuorum
            SettledHealth | Should -BeHealthy
        }

        It 'stops at a monitor that does not come back: the next one is not restarted, and the error says what was done' {
            # cmn02's monitor unit starts a process that is no monitor: systemd says active, Ceph's quorum lacks it
            $dropIn = '/etc/systemd/system/ceph-mon@cmn02.service.d'
            $null = OnNode cmn02 "mkdir -p $dropIn && printf '[Service]\nExecStart=\nExecStart=/bin/sleep infinity\n' > $dropIn/broken.conf && systemctl daemon-reload"
            try {
                $third = MonStarted cmn03
                $err = { & $rolling @monArgs -TimeoutSeconds 20 } | Should -Throw -PassThru
                "$err" | Should -BeLike "Rolling restart of ceph-mon stopped at cmn02.ceph.local: ceph-mon@cmn02 was restarted but the service is not back after 20 s (cmn02.ceph.local is not ready yet*). Restarted before it: cmn01.ceph.local; not restarted: cmn03.ceph.local."
                MonStarted cmn03 | Should -Be $third -Because 'the runbook stopped before cmn03'
                Get-McpMetric -Path $model -Target cmn01 -Name ceph_mon_* -NoHistory | Should -HaveQuorum -Because 'two of three still hold it'
            }
            finally {
                $null = OnNode cmn02 "rm -rf $dropIn && systemctl daemon-reload && systemctl restart ceph-mon@cmn02"
            }
            $sw = [Diagnostics.Stopwatch]::StartNew()
            while ((OnNode cmn01 'ceph quorum_status -f json' | ConvertFrom-Json).quorum.Count -lt 3 -and $sw.Elapsed.TotalSeconds -lt 90) { Start-Sleep -Seconds 2 }
            SettledHealth | Should -BeHealthy
        }
    }

    Describe 'examples/runbooks/Restart-ComputeNode.ps1' {
        BeforeAll {
            $script:reboot = Join-Path $runbooks 'Restart-ComputeNode.ps1'
            # The lab runs no OpenStack: a stand-in nova-compute unit (a sleep) on cmn03, so the drain
            # acts on a real systemd unit that is enabled and would start at boot.
            $null = OnNode cmn03 "printf '[Unit]\nDescription=stand-in for nova-compute (McpModule lab)\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n' > /etc/systemd/system/nova-compute.service && systemctl daemon-reload && systemctl enable --now nova-compute.service"
            $script:boot = 'echo "$(cat /proc/sys/kernel/random/boot_id) $(cut -d" " -f22 /proc/1/stat)"'
        }

        It '-WhatIf neither drains nor reboots' {
            $before = OnNode cmn03 $boot
            $null = & $reboot -Path $model -Node cmn03 -WhatIf
            OnNode cmn03 $boot | Should -Be $before
            OnNode cmn03 'systemctl is-enabled nova-compute; systemctl is-active nova-compute' | Should -Be "enabled`nactive"
        }

        It 'a drain that fails stops before the reboot, saying nothing was done' {
            $before = OnNode cmn03 $boot
            { & $reboot -Path $model -Node cmn03 -Service no-such-unit.service } | Should -Throw "Restart-ComputeNode stopped at cmn03.ceph.local: 'systemctl disable --now 'no-such-unit.service'' failed (exit *). Done: nothing."
            OnNode cmn03 $boot | Should -Be $before
        }

        It 'an OSD made by an earlier McpModule (an ExecStartPre drop-in, no activation unit) gets its unit when ceph.osd is applied again' {
            $osd = @(Get-McpCephOsd -Path $model | Where-Object Host -EQ cmn03)
            $osd.Count | Should -Be 1
            $id = $osd[0].Id
            $unit = "/etc/systemd/system/mcp-ceph-osd-activate-$id.service"
            # as the ceph formula wrote it before: the drop-in an ExecStartPre, which mounts in the sandbox's namespace
            $null = OnNode cmn03 ("rm $unit && printf '%s\n' '[Service]' " +
                """ExecStartPre=/bin/sh -c 'mountpoint -q /var/lib/ceph/osd/ceph-$id || CEPH_VOLUME_ALLOW_LOOP_DEVICES=true ceph-volume raw activate --device $($osd[0].Device) --no-systemd'""" +
                " > /etc/systemd/system/ceph-osd@$id.service.d/mcp-raw-activate.conf && systemctl daemon-reload")
            $out = @(Invoke-McpState -Path $model -Target cmn03 -State ceph.osd)
            $changed = @($out | Where-Object { $_ -is [McpModule.States.McpStateResult] -and $_.Result -eq 'Changed' })
            $sid = 'ceph_osd_' + ($osd[0].Device -replace '^/dev/', '')
            @($changed | Where-Object StateId -EQ $sid).Count | Should -Be 1 -Because "the check finds the OSD not done, and deploy goes on from it ($(($out | Where-Object { $_ -is [McpModule.States.McpStateResult] } | ForEach-Object { "$($_.StateId) $($_.Result)" }) -join '; '))"
            OnNode cmn03 "test -e $unit && cat /etc/systemd/system/ceph-osd@$id.service.d/mcp-raw-activate.conf" |
                Should -Be "[Unit]`nRequires=mcp-ceph-osd-activate-$id.service`nAfter=mcp-ceph-osd-activate-$id.service"
            $out | Should -HaveConverged
        }

        It 'drains, reboots, waits for SSH and health (the OSD back by itself), and enables the service again' {
            $before = OnNode cmn03 $boot
            $result = & $reboot -Path $model -Node cmn03 -TimeoutSeconds 240
            $result.BootBefore | Should -Be $before
            $result.BootAfter | Should -Not -Be $before
            OnNode cmn03 $boot | Should -Be $result.BootAfter -Because 'the node answers from the new boot'
            OnNode cmn03 'systemctl is-enabled nova-compute; systemctl is-active nova-compute' | Should -Be "enabled`nactive"
            Get-McpHealth -Path $model -Level Node | Where-Object Entity -EQ cmn03.ceph.local | Should -BeHealthy
            # cmn03's OSD (raw, made by Add-McpCephOsd above) came back by itself: its unit is enabled and
            # its drop-in re-activated the OSD's tmpfs folder in the node's own mount namespace
            $osd = @(Get-McpCephOsd -Path $model | Where-Object Host -EQ cmn03)
            $osd.Count | Should -Be 1
            OnNode cmn03 "systemctl is-enabled ceph-osd@$($osd[0].Id); systemctl is-active ceph-osd@$($osd[0].Id); mountpoint /var/lib/ceph/osd/ceph-$($osd[0].Id)" |
                Should -Be "enabled`nactive`n/var/lib/ceph/osd/ceph-$($osd[0].Id) is a mountpoint"
            # its unit is active; the monitors mark it up once it has booted (bounded: 60 s)
            $sw = [Diagnostics.Stopwatch]::StartNew()
            while ($true) {
                $after = @(Get-McpCephOsd -Path $model -Id $osd[0].Id)
                if (($after.Count -eq 1 -and $after[0].Up) -or $sw.Elapsed.TotalSeconds -gt 60) { break }
                Start-Sleep -Seconds 2
            }
            "$($after.Up) $($after.In)" | Should -Be 'True True' -Because "the monitors see osd.$($osd[0].Id) up and in"
            Get-McpHealth -Path $model -Level Service | Should -HaveQuorum -Service ceph-mon
            SettledHealth | Should -BeHealthy
        }
    }

    Describe 'examples/runbooks/Update-NodeHostKey.ps1' {
        It 'refuses a node whose key known_hosts does not list, and changes nothing on it' {
            $partial = Join-Path $TestDrive 'partial_known_hosts'
            Set-Content -LiteralPath $partial -NoNewline -Value ((Get-Content $lab.knownHostsFile | Where-Object { $_ -notmatch '10\.13\.0\.11|cmn01' } | ForEach-Object { "$_`n" }) -join '')
            $before = OnNode cmn01 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'
            { & (Join-Path $runbooks 'Update-NodeHostKey.ps1') -Path $model -Node cmn01 -KnownHostsFile $partial } | Should -Throw '*does not list the key it presents*Done: nothing.'
            OnNode cmn01 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' | Should -Be $before
        }

        It 'rotates cmn02''s key: the module connects with the host key checked, and the old key is gone from known_hosts' {
            $old = Get-McpHostKey -Path $model -Node cmn02
            $old.Status | Should -Be Known
            $oldBlob = [Convert]::ToBase64String($old.Key)
            $copy = Join-Path $TestDrive 'known_hosts.before'
            Copy-Item $lab.knownHostsFile $copy
            $null = & (Join-Path $runbooks 'Update-NodeHostKey.ps1') -Path $model -Node cmn02 -WhatIf
            (Get-McpHostKey -Path $model -Node cmn02).Fingerprint | Should -Be $old.Fingerprint

            $result = & (Join-Path $runbooks 'Update-NodeHostKey.ps1') -Path $model -Node cmn02
            $result.OldFingerprint | Should -Be $old.Fingerprint
            $result.NewFingerprint | Should -Not -Be $old.Fingerprint
            $result.KnownHostsFile | Should -Be $lab.knownHostsFile
            $new = Get-McpHostKey -Path $model -Node cmn02
            $new.Fingerprint | Should -Be $result.NewFingerprint
            $new.Status | Should -Be Known
            Get-Content -Raw $lab.knownHostsFile | Should -Not -Match ([regex]::Escape($oldBlob))
            Get-Content -Raw $lab.knownHostsFile | Should -Match ([regex]::Escape([Convert]::ToBase64String($new.Key)))
            # strict host-key checking, as always: the command runs
            (Invoke-McpCommand -Path $model -Target cmn02 -Command 'hostname').StdOut.Trim() | Should -Be cmn02
            # the node no longer has the old key: the known_hosts of before refuses it
            $r = Invoke-McpCommand -Path $model -Target cmn02 -Command 'true' -KnownHostsFile $copy -ErrorAction SilentlyContinue -ErrorVariable errs
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyChanged,*'
            # and the other nodes' lines are untouched
            (Get-McpHostKey -Path $model -Node cmn01, cmn03).Status | Should -Be @('Known', 'Known')
        }
    }
}
