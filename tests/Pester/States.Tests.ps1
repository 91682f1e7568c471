# Invoke-McpState against real lab nodes: the built-in linux, openssh and ntp formulas applied from
# a copy of the example model, checked on the nodes with Invoke-McpCommand; idempotence, -WhatIf,
# watch restarts and the run journal; APT sources and a package apt does not have; -AsJob with
# Stop-Job, and a node restarted in the middle of a run of five. Tagged Lab (Linux, root). Own lab
# state folder (out/states-test); the base image and package caches are the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Invoke-McpState against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'states-test'

        # A copy of the example model as it is (the run journal goes under it): what a lab needs
        # otherwise (root login for the lab's key, no clock control, the lab's APT repository) is
        # the lab's overlay, merged over the pillar of its nodes for each run, the files untouched.
        $script:model = Join-Path $TestDrive 'lab'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        function script:Edit([string] $relative, [string] $from, [string] $to) {
            $file = Join-Path $model $relative
            $text = Get-Content -Raw $file
            if (-not $text.Contains($from)) { throw "$relative has no '$from'" }
            Set-Content -Path $file -Value $text.Replace($from, $to) -NoNewline
        }

        $script:targets = 'ctl01.lab.local', 'cmp001.lab.local'
        $script:States = 'linux', 'openssh', 'ntp'
        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Node cfg01, ctl01, ctl02, cmp001, cmp002 `
            -Package chrony, vim-nox, htop, python3-msgpack
        $script:lab = Get-LabSuiteState lab
        $script:all5 = 'cfg01 or ctl01 or ctl02 or cmp001 or cmp002'
        # the nodes' live addresses before any state: the interface files must not change them
        $script:liveBefore = @{}
        foreach ($r in Invoke-McpCommand -Path $model -Target $all5 -Command 'ip -4 -o addr show | sort') { $script:liveBefore[$r.Node] = $r.StdOut }

        # Test formulas of the model: a slow one (each node sleeps as long as /root/mcp-slow-seconds
        # says) and one with an APT source of the node's own and a package apt does not have.
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/slow'), (Join-Path $model 'formulas/aptcheck')
        Set-Content (Join-Path $model 'formulas/slow/init.yml') @'
slow_start:
  file.managed:
    name: /root/mcp-slow-start
    contents: "{{ node.short_name }}\n"
slow_work:
  cmd.run:
    name: sleep "$(cat /root/mcp-slow-seconds 2>/dev/null || echo 1)"
slow_done:
  file.managed:
    name: /root/mcp-slow-done
    contents: "done\n"
'@
        function script:AptCheck([string] $function) {
            Set-Content (Join-Path $model 'formulas/aptcheck/init.yml') @"
aptcheck_dir:
  cmd.run:
    name: mkdir -p /srv/mcp-extra && touch /srv/mcp-extra/Packages
    creates: /srv/mcp-extra/Packages
aptcheck_repo:
  apt_repo.$($function):
    name: mcp-extra
$(if ($function -eq 'present') { "    uri: file:/srv/mcp-extra`n    dist: ./`n    trusted: true" })
aptcheck_missing:
  pkg.installed:
    name: mcp-no-such-package
aptcheck_after:
  file.managed:
    name: /root/mcp-aptcheck-after
    contents: after
"@
        }
        function script:WaitForSleep([string[]] $nodes) {
            # until each node runs the slow state's sleep (a deadline, not a timing assertion)
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            do {
                Start-Sleep -Milliseconds 300
                $running = @(Invoke-McpCommand -Path $model -Target ($nodes -join ' or ') -Command 'pgrep -x sleep >/dev/null' | Where-Object ExitCode -EQ 0)
            } until ($running.Count -eq $nodes.Count -or [DateTime]::UtcNow -gt $deadline)
            $running.Count | Should -Be $nodes.Count -Because "the slow state runs on $($nodes -join ', ')"
        }

        function script:Apply([switch] $WhatIf, [switch] $Journal) {
            Split-StateRun @(Invoke-McpState -Path $model -Target 'ctl01 or cmp001' -State $States -WhatIf:$WhatIf -Journal:$Journal -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
        }
        # one command on each target node; StdOut by short node name
        function script:OnNodes([string] $command) {
            $h = @{}
            foreach ($r in Invoke-McpCommand -Path $model -Target 'ctl01 or cmp001' -Command $command) {
                $r.ExitCode | Should -Be 0 -Because "$($r.Node): $command $($r.StdErr)"
                $h[$r.Node.Split('.')[0]] = $r.StdOut
            }
            $h.Count | Should -Be 2
            $h
        }
        function script:Pids {
            $h = @{}
            foreach ($r in Invoke-McpCommand -Path $model -Target 'ctl01 or cmp001' -Command 'systemctl show -p MainPID --value ssh; systemctl show -p MainPID --value chrony; md5sum < /etc/ssh/sshd_config; sysctl -n net.ipv4.tcp_keepalive_time') {
                $l = $r.StdOut -split "`n"
                $h[$r.Node.Split('.')[0]] = [pscustomobject]@{ Ssh = [int]$l[0]; Chrony = [int]$l[1]; SshdConfig = $l[2]; Keepalive = $l[3] }
            }
            $h
        }
    }
    AfterAll { Exit-LabSuite lab }

    It 'applies linux, openssh and ntp: results per node and resource, none failed, then the run' {
        $labNodes.Count | Should -Be 5
        $script:first = Apply
        Format-StateFailures $first | Should -BeNullOrEmpty
        $first.Errors | Should -BeNullOrEmpty
        $first.Run | Should -BeOfType [McpModule.States.McpRun]
        $first.Run.Status | Should -Be Succeeded
        $first.Run.WhatIf | Should -BeFalse
        # every object before the run is a resource result; both nodes, all three formulas
        $first.Out.Count | Should -Be ($first.Results.Count + 1)
        ($first.Results.Node | Sort-Object -Unique) | Should -Be ($targets | Sort-Object)
        foreach ($n in $targets) {
            $mine = @($first.Results | Where-Object Node -EQ $n)
            $mine.StateId | Should -Contain 'linux_hosts'
            $mine.StateId | Should -Contain 'openssh_server_config'
            $mine.StateId | Should -Contain 'ntp_service'
            ($mine | Where-Object StateId -EQ ntp_package).Result | Should -Be Changed -Because 'chrony is not in the base image'
            ($mine | Where-Object StateId -EQ openssh_server_config).Result | Should -Be Changed
        }
        @($first.Results | Where-Object StateId -EQ linux_package_python3-msgpack).Node | Should -Be 'ctl01.lab.local'
        ($first.Run.Nodes.Node | Sort-Object) | Should -Be ($targets | Sort-Object)
        $first.Run.Nodes.Status | Sort-Object -Unique | Should -Be Succeeded
    }

    It 'made the nodes what the model says: hostname, /etc/hosts, users, packages, sysctl' {
        $out = OnNodes 'hostname; cat /etc/hostname; echo ---; cat /etc/hosts; echo ---; getent passwd ops; cat /home/ops/.ssh/authorized_keys; stat -c "%a %U" /home/ops/.ssh/authorized_keys; echo ---; dpkg-query -W -f "\${Package} \${Status}\n" htop vim-nox chrony python3-msgpack 2>/dev/null; echo ---; sysctl -n net.ipv4.tcp_keepalive_time; cat /etc/sysctl.d/90-mcp-vm.swappiness.conf'
        $key = Get-McpPillar -Path $model -Node ctl01 -Key _param:ops_public_key
        foreach ($n in 'ctl01', 'cmp001') {
            $parts = $out[$n] -split "---`n"
            ($parts[0] -split "`n")[0..1] | Should -Be @($n, $n)
            $hosts = $parts[1] -split "`n"
            foreach ($m in Get-McpNode -Path $model) {
                $address = Get-McpPillar -Path $model -Node $m.Name -Key _param:single_address
                $hosts | Should -Contain "$address $($m.Name) $($m.Name.Split('.')[0])" -Because "$n /etc/hosts"
            }
            $hosts | Should -Contain '10.11.0.10 ctl ctl.lab.local' -Because 'linux:network:host names the VIP'
            $parts[2] | Should -Match '(?m)^ops:x:\d+:\d+:Lab operator:/home/ops:/bin/bash$'
            $parts[2] | Should -Match ([regex]::Escape($key))
            $parts[2] | Should -Match '(?m)^600 ops$'
            $parts[3] | Should -Match '(?m)^htop install ok installed$'
            $parts[3] | Should -Match '(?m)^vim-nox install ok installed$'
            $parts[3] | Should -Match '(?m)^chrony install ok installed$'
            if ($n -eq 'ctl01') { $parts[3] | Should -Match '(?m)^python3-msgpack install ok installed$' }
            else { $parts[3] | Should -Not -Match 'python3-msgpack install ok installed' }
            ($parts[4] -split "`n")[0] | Should -Be '30'
            ($parts[4] -split "`n")[1] | Should -Be 'vm.swappiness = 10'
        }
    }

    It 'configured sshd from openssh:server and runs chrony with the model''s servers' {
        $out = OnNodes 'sshd -T | grep -E "^(permitrootlogin|passwordauthentication|usedns|maxauthtries|x11forwarding|port) "; echo ---; systemctl is-active chrony; systemctl is-enabled chrony; pgrep -a chronyd; grep ^server /etc/chrony/chrony.conf'
        foreach ($n in 'ctl01', 'cmp001') {
            $parts = $out[$n] -split "---`n"
            $sshd = $parts[0] -split "`n"
            $sshd | Should -Contain 'permitrootlogin yes'
            $sshd | Should -Contain 'passwordauthentication no'
            $sshd | Should -Contain 'usedns no'
            $sshd | Should -Contain 'maxauthtries 6'
            $sshd | Should -Contain 'x11forwarding no'
            $sshd | Should -Contain 'port 22'
            $chrony = $parts[1] -split "`n"
            $chrony[0..1] | Should -Be @('active', 'enabled')
            $parts[1] | Should -Match 'chronyd -F 0 -x'
            $chrony | Should -Contain 'server 0.pool.ntp.org iburst'
            $chrony | Should -Contain 'server 1.pool.ntp.org iburst'
        }
    }

    It 'changes nothing when run again' {
        $again = Apply
        Format-StateFailures $again | Should -BeNullOrEmpty
        $again.Run.Status | Should -Be Succeeded
        $again.Results.Count | Should -Be $first.Results.Count
        @($again.Results | Where-Object Result -NE Unchanged | ForEach-Object { "$($_.Node) $($_.StateId): $($_.Changes)" }) | Should -BeNullOrEmpty
    }

    It '-WhatIf shows what would change, with diffs, and changes nothing on the nodes' {
        # the model changes: an sshd option, a sysctl, an NTP server
        $script:before = Pids
        foreach ($n in $before.Values) { $n.Ssh | Should -BeGreaterThan 0; $n.Chrony | Should -BeGreaterThan 0 }
        Edit 'classes/service/openssh/server.yml' 'password_auth: false' "password_auth: false`n      max_auth_tries: 3"
        Edit 'classes/system/linux/system/single.yml' 'net.ipv4.tcp_keepalive_time: 30' 'net.ipv4.tcp_keepalive_time: 60'
        Edit 'classes/cluster/lab/init.yml' 'ntp_strata_host2: 1.pool.ntp.org' 'ntp_strata_host2: 2.pool.ntp.org'
        $check = Apply -WhatIf -Journal   # a dry run is journalled only when asked
        Format-StateFailures $check | Should -BeNullOrEmpty
        $check.Run.WhatIf | Should -BeTrue
        foreach ($n in $targets) {
            $changed = @($check.Results | Where-Object { $_.Node -eq $n -and $_.Result -eq 'Changed' })
            ($changed.StateId | Sort-Object) | Should -Be (@('linux_sysctl_net.ipv4.tcp_keepalive_time', 'ntp_config', 'ntp_service',
                    'openssh_server_config', 'openssh_server_config_valid', 'openssh_server_service') | Sort-Object)
            $sshd = ($changed | Where-Object StateId -EQ openssh_server_config).Changes
            $sshd | Should -Match '(?m)^-MaxAuthTries 6$'
            $sshd | Should -Match '(?m)^\+MaxAuthTries 3$'
            ($changed | Where-Object StateId -EQ ntp_config).Changes | Should -Match '(?m)^\+server 2\.pool\.ntp\.org iburst$'
            ($changed | Where-Object StateId -EQ openssh_server_service).Changes | Should -Match 'restart \(watch: openssh_server_config\)'
            ($changed | Where-Object StateId -EQ openssh_server_service).Comment | Should -Match '^would: restart'
            ($changed | Where-Object StateId -EQ openssh_server_config).Comment | Should -Be 'would write'
            foreach ($c in $changed) { $c.Comment | Should -Match '^would' -Because $c.StateId; $c.Comment | Should -Not -Match 'would: would' -Because $c.StateId }
        }
        $now = Pids
        foreach ($n in 'ctl01', 'cmp001') {
            $now[$n].Ssh | Should -Be $before[$n].Ssh
            $now[$n].Chrony | Should -Be $before[$n].Chrony
            $now[$n].SshdConfig | Should -Be $before[$n].SshdConfig
            $now[$n].Keepalive | Should -Be '30'
        }
    }

    It 'applies the change: the watches restart sshd and chrony, and the nodes converge' {
        $applied = Apply
        Format-StateFailures $applied | Should -BeNullOrEmpty
        $applied.Run.Status | Should -Be Succeeded
        foreach ($n in $targets) {
            ($applied.Results | Where-Object { $_.Node -eq $n -and $_.StateId -in 'openssh_server_service', 'ntp_service' }).Result |
                Should -Be @('Changed', 'Changed')
        }
        $now = Pids
        foreach ($n in 'ctl01', 'cmp001') {
            $now[$n].Ssh | Should -Not -Be $before[$n].Ssh -Because "$n sshd restarts on its config"
            $now[$n].Chrony | Should -Not -Be $before[$n].Chrony -Because "$n chronyd restarts on its config"
            $now[$n].Ssh | Should -BeGreaterThan 0
            $now[$n].Chrony | Should -BeGreaterThan 0
            $now[$n].SshdConfig | Should -Not -Be $before[$n].SshdConfig
            $now[$n].Keepalive | Should -Be '60'
        }
        $out = OnNodes 'sshd -T | grep ^maxauthtries; grep -c "^server 2.pool.ntp.org iburst$" /etc/chrony/chrony.conf; systemctl is-active ssh chrony'
        foreach ($v in $out.Values) { ($v -split "`n")[0..3] | Should -Be @('maxauthtries 3', '1', 'active', 'active') }
        $again = Apply
        @($again.Results | Where-Object Result -NE Unchanged | ForEach-Object { "$($_.Node) $($_.StateId)" }) | Should -BeNullOrEmpty
    }

    It 'plans lab nodes with the lab''s overlay (Get-McpPillar -Lab shows it) and records it in the journal; the model keeps its values' {
        (Get-McpPillar -Path $model -Node ctl01 -Key openssh:server:permit_root_login) | Should -BeFalse -Because 'the model keeps its production value'
        (Get-McpPillar -Path $model -Node ctl01 -Key openssh:server:permit_root_login -Lab) | Should -BeTrue
        (Get-McpPillar -Path $model -Node ctl01 -Key ntp:client:control_clock -Lab) | Should -BeFalse
        (Get-McpPillar -Path $model -Node ctl01 -Key linux:system:repo:mcp_salt:enabled -Lab) | Should -BeFalse
        (Get-McpPillar -Path $model -Node ctl01 -Key linux:system:repo:mcplab:source -Lab) | Should -Be "deb [trusted=yes] $($lab.Repository.Url.TrimEnd('/'))/ ./"
        Get-McpPillar -Path $model -Node ctl03 -Lab -ErrorVariable notInLab -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $notInLab[0].FullyQualifiedErrorId | Should -Be 'Mcp.Lab.NodeNotInLab,McpModule.Cmdlets.GetMcpPillarCommand'
        $run = Get-McpRun -Path $model | Select-Object -Last 1
        $run.LabOverrides | Should -Contain 'ctl01.lab.local: openssh:server:permit_root_login = true'
        $run.LabOverrides | Should -Contain 'cmp001.lab.local: ntp:client:control_clock = false'
    }

    It 'recorded every run in the journal, the -WhatIf -Journal run too, and exports it as JUnit' {
        $runs = @(Get-McpRun -Path $model)
        $runs.Count | Should -Be 5
        ($runs | Sort-Object Started -Descending).RunId | Should -Be $runs.RunId
        @($runs | Where-Object WhatIf).Count | Should -Be 1
        $runs.Status | Sort-Object -Unique | Should -Be Succeeded
        foreach ($r in $runs) {
            ($r.Targets | Sort-Object) | Should -Be ($targets | Sort-Object)
            $r.States | Should -Be $States
            ($r.Nodes.Node | Sort-Object) | Should -Be ($targets | Sort-Object)
        }
        @(Get-ChildItem (Join-Path $model '.mcp/runs') -Filter *.json).Count | Should -Be 5
        $file = Join-Path $TestDrive 'first.xml'
        $runs[-1] | Export-McpRunReport -Format JUnit -Path $file | Out-Null
        $xml = [xml](Get-Content -Raw $file)
        $suites = @($xml.SelectNodes('//testsuite'))
        ($suites.name | Sort-Object) | Should -Be ($targets | Sort-Object)
        @($xml.SelectNodes('//testcase')).Count | Should -Be $first.Results.Count
        @($xml.SelectNodes('//failure')).Count + @($xml.SelectNodes('//error')).Count | Should -Be 0
    }

    It 'wrote the timezone, locale, APT source and interface files, and left the live addresses as they were' {
        $lab.repository.url | Should -Be 'http://10.11.0.1:8278/' -Because 'the lab-ready model names the lab''s repository at this address'
        foreach ($n in $targets) {
            $mine = @($first.Results | Where-Object Node -EQ $n)
            ($mine | Where-Object StateId -EQ linux_repo_mcplab).Comment | Should -Be 'written, apt-get update ran'
            ($mine | Where-Object StateId -EQ linux_repo_mcp_salt).Result | Should -Be Unchanged
            ($mine | Where-Object StateId -EQ linux_locale_gen).Comment | Should -Be 'onlyif failed' -Because 'the node has no locales package'
            ($mine | Where-Object StateId -EQ linux_network_interface_ens3).Result | Should -Be Changed
            # the sources come before the packages, which are installed from them
            $ids = @($mine.StateId)
            $ids.IndexOf('linux_repo_mcplab') | Should -BeLessThan $ids.IndexOf('linux_package_htop')
        }
        $out = OnNodes 'cat /etc/timezone; readlink /etc/localtime; cat /etc/default/locale; grep -c "^en_US.UTF-8 UTF-8$" /etc/locale.gen; echo ---; cat /etc/apt/sources.list.d/mcplab.list; ls /etc/apt/sources.list.d; echo ---; cat /etc/network/interfaces.d/ens3; grep -x "source /etc/network/interfaces.d/\*" /etc/network/interfaces; echo ---; ip -4 -o addr show | sort; echo ---; apt-get update -q >/dev/null 2>&1 && echo apt-ok'
        foreach ($n in 'ctl01', 'cmp001') {
            $parts = $out[$n] -split "---`n"
            ($parts[0] -split "`n")[0..3] | Should -Be @('UTC', '/usr/share/zoneinfo/UTC', 'LANG=en_US.UTF-8', '1')
            ($parts[1] -split "`n") | Should -Contain 'deb [trusted=yes] http://10.11.0.1:8278/ ./'
            ($parts[1] -split "`n") | Should -Not -Contain 'mcp_salt.list'
            $address = Get-McpPillar -Path $model -Node $n -Key _param:single_address
            $parts[2] | Should -Match "(?m)^auto ens3`niface ens3 inet static`n    address $([regex]::Escape($address))`n    netmask 255\.255\.255\.0`n    gateway 10\.11\.0\.1$"
            $parts[2] | Should -Match '(?m)^source /etc/network/interfaces.d/\*$'
            $parts[3] | Should -Be $liveBefore["$n.lab.local"] -Because 'the interface files are written, never applied'
            $parts[3] | Should -Match "inet $([regex]::Escape($address))/24"
            $parts[4].Trim() | Should -Be 'apt-ok'
        }
    }

    It 'checks an APT source with -WhatIf without apt-get update, writes it once, and a missing package fails alone' {
        AptCheck present
        $aptTargets = 'ctl02.lab.local', 'cmp002.lab.local'
        $check = @(Invoke-McpState -Path $model -Target 'ctl02 or cmp002' -State aptcheck -WhatIf -ErrorAction SilentlyContinue)
        foreach ($n in $aptTargets) {
            $repo = $check | Where-Object { $_.Node -eq $n -and $_.StateId -eq 'aptcheck_repo' }
            $repo.Result | Should -Be Changed
            $repo.Comment | Should -Be 'would write; apt-get update would run'
            $repo.Changes | Should -Match '(?m)^\+deb \[trusted=yes\] file:/srv/mcp-extra \./$'
        }
        $seen = Invoke-McpCommand -Path $model -Target 'ctl02 or cmp002' -Command 'test -e /etc/apt/sources.list.d/mcp-extra.list && echo file; apt-cache policy | grep -c mcp-extra'
        foreach ($r in $seen) { $r.StdOut.Trim() | Should -Be '0' -Because "$($r.Node): -WhatIf writes nothing and apt has not read the source" }

        $out = @(Invoke-McpState -Path $model -Target 'ctl02 or cmp002' -State aptcheck -ErrorVariable errs -ErrorAction SilentlyContinue)
        $run = $out[-1]
        $run.Status | Should -Be Failed
        foreach ($n in $aptTargets) {
            $mine = @($out | Where-Object { $_ -is [McpModule.States.McpStateResult] -and $_.Node -eq $n })
            ($mine | Where-Object StateId -EQ aptcheck_repo).Comment | Should -Be 'written, apt-get update ran'
            $missing = $mine | Where-Object StateId -EQ aptcheck_missing
            $missing.Result | Should -Be Failed
            $missing.Resource | Should -Be 'pkg:mcp-no-such-package'
            $missing.Comment | Should -Match 'Unable to locate package mcp-no-such-package'
            ($mine | Where-Object StateId -EQ aptcheck_after).Result | Should -Be Changed -Because 'the resources after a failed one carry on'
            ($run.Nodes | Where-Object Node -EQ $n).Status | Should -Be Failed
        }
        $errs.Count | Should -Be 2
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -BeLike 'Mcp.State.ResourceFailed*'
            $e.Exception.Message | Should -Match '^(ctl02|cmp002)\.lab\.local: 1 resource\(s\) failed: aptcheck_missing \(pkg:mcp-no-such-package\)'
        }
        $seen = Invoke-McpCommand -Path $model -Target 'ctl02 or cmp002' -Command 'cat /etc/apt/sources.list.d/mcp-extra.list; apt-cache policy | grep -c "file:/srv/mcp-extra"'
        foreach ($r in $seen) { ($r.StdOut -split "`n")[1..2] | Should -Be @('deb [trusted=yes] file:/srv/mcp-extra ./', '1') }

        $again = @(Invoke-McpState -Path $model -Target 'ctl02 or cmp002' -State aptcheck -ErrorAction SilentlyContinue)
        foreach ($r in $again | Where-Object StateId -EQ aptcheck_repo) { $r.Result | Should -Be Unchanged; $r.Comment | Should -BeLike 'up to date: *' }

        AptCheck absent
        $removed = @(Invoke-McpState -Path $model -Target 'ctl02 or cmp002' -State aptcheck -ErrorAction SilentlyContinue)
        foreach ($r in $removed | Where-Object StateId -EQ aptcheck_repo) { $r.Result | Should -Be Changed; $r.Comment | Should -Be 'removed, apt-get update ran' }
        foreach ($r in Invoke-McpCommand -Path $model -Target 'ctl02 or cmp002' -Command 'ls /etc/apt/sources.list.d; apt-cache policy | grep -c mcp-extra') {
            ($r.StdOut -split "`n") | Should -Not -Contain 'mcp-extra.list'
            ($r.StdOut -split "`n") | Should -Contain '0'
        }
    }

    It '-AsJob returns a job; Stop-Job stops the nodes and the journal says Interrupted and where each node was' {
        $null = Invoke-McpCommand -Path $model -Target 'ctl01 or cmp001' -Command 'echo 600 > /root/mcp-slow-seconds; rm -f /root/mcp-slow-done'
        $job = Invoke-McpState -Path $model -Target 'ctl01 or cmp001' -State slow -AsJob -JobName slow-stop
        $job | Should -BeOfType [McpModule.Cmdlets.McpStateJob]
        $job.Name | Should -Be 'slow-stop'
        (Get-Job -Name slow-stop).Id | Should -Be $job.Id
        WaitForSleep 'ctl01', 'cmp001'
        $job.State | Should -Be Running
        Stop-Job $job
        $job.State | Should -Be Stopped
        $out = @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue)
        Remove-Job $job
        $run = $out[-1]
        $run | Should -BeOfType [McpModule.States.McpRun]
        $run.Status | Should -Be Interrupted
        foreach ($n in $targets) {
            $node = $run.Nodes | Where-Object Node -EQ $n
            $node.Status | Should -Be Interrupted
            $node.Error | Should -Match "^$([regex]::Escape($n)): .*stopped.* at 'slow_work', after 1 of 3 resources"
            $node.Results.StateId | Should -Be @('slow_start')
        }
        @($errs | Where-Object FullyQualifiedErrorId -Like 'Mcp.Ssh.Cancelled*').Count | Should -Be 2
        $journal = Get-McpRun -Path $model | Select-Object -First 1
        $journal.RunId | Should -Be $run.RunId
        $journal.Status | Should -Be Interrupted
        ($journal.Nodes | Where-Object Node -EQ ctl01.lab.local).Error | Should -Match "at 'slow_work'"
        foreach ($r in Invoke-McpCommand -Path $model -Target 'ctl01 or cmp001' -Command 'pgrep -x sleep || echo no-sleep; test -e /root/mcp-slow-done || echo no-done') {
            ($r.StdOut -split "`n")[0..1] | Should -Be @('no-sleep', 'no-done') -Because "$($r.Node): the sleep was ended and slow_done never ran"
        }
    }

    It 'refuses a second run on a node another run holds, naming it; the lock the stopped run left is said so' {
        # Stop-Job above ended the executors on ctl01 and cmp001 while they held their nodes
        $null = Invoke-McpCommand -Path $model -Target cmp001 -Command 'echo 8 > /root/mcp-slow-seconds; rm -f /root/mcp-slow-done'
        $stopped = (Get-McpRun -Path $model | Select-Object -First 1).RunId
        $job = Invoke-McpState -Path $model -Target cmp001 -State slow -AsJob
        WaitForSleep 'cmp001'
        $second = Split-StateRun @(Invoke-McpState -Path $model -Target cmp001 -State slow -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
        $second.Results | Should -BeNullOrEmpty -Because 'nothing ran on the held node'
        $second.Errors.Count | Should -Be 1
        $second.Errors[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.State.NodeBusy*'
        $second.Run.Status | Should -Be Failed
        $job | Wait-Job -Timeout 90 | Out-Null
        $first = $job.Run
        $first.Status | Should -Be Succeeded
        "$($second.Errors[0])" | Should -BeLike "*held by run $($first.RunId) of *@*(pid *"
        # the first run found the lock the stopped run had left, and said so
        @($job.Warning) -join "`n" | Should -BeLike "*$stopped*ended without letting go of this node*"
        Remove-Job $job
        # and let go of it: the next run takes the node without a word
        $again = @(Invoke-McpState -Path $model -Target cmp001 -State slow -WarningVariable warned -ErrorAction Stop)
        $again[-1].Status | Should -Be Succeeded
        $warned | Should -BeNullOrEmpty
    }

    It 'a node restarted in the middle of a run of five: its error names it and the state id; the others finish' {
        $null = Invoke-McpCommand -Path $model -Target $all5 -Command 'echo 1 > /root/mcp-slow-seconds; rm -f /root/mcp-slow-done'
        $null = Invoke-McpCommand -Path $model -Target ctl02 -Command 'echo 600 > /root/mcp-slow-seconds'
        # the timeout only bounds the test if the lost connection went unnoticed
        $job = Invoke-McpState -Path $model -Target $all5 -State slow -AsJob -TimeoutSeconds 120
        WaitForSleep 'ctl02'
        $null = Restart-McpLabNode -Cluster lab -Name ctl02 -Confirm:$false
        $job | Wait-Job -Timeout 240 | Out-Null
        $job.State | Should -Be Completed
        $out = @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue)
        Remove-Job $job
        $run = $out[-1]
        $run.Status | Should -Be Failed
        $run.Nodes.Count | Should -Be 5
        $victim = $run.Nodes | Where-Object Node -EQ ctl02.lab.local
        $victim.Status | Should -Be Failed
        $victim.Error | Should -Match "^ctl02\.lab\.local: .* at 'slow_work', after 1 of 3 resources"
        $victim.Results.StateId | Should -Be @('slow_start')
        foreach ($other in $run.Nodes | Where-Object Node -NE ctl02.lab.local) {
            $other.Status | Should -Be Succeeded -Because $other.Node
            ($other.Results | Where-Object StateId -EQ slow_work).Result | Should -Be Changed
            ($other.Results | Where-Object StateId -EQ slow_done).Result | Should -Be Changed
        }
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match "ctl02\.lab\.local.*at 'slow_work'"
        $errs[0].TargetObject | Should -Be 'ctl02.lab.local'
        $journal = Get-McpRun -Path $model | Select-Object -First 1
        $journal.RunId | Should -Be $run.RunId
        ($journal.Nodes | Where-Object Node -EQ ctl02.lab.local).Error | Should -Be $victim.Error
        ($journal.Nodes | Where-Object Node -EQ ctl02.lab.local).Results.StateId | Should -Be @('slow_start')
        $done = Invoke-McpCommand -Path $model -Target $all5 -Command 'test -e /root/mcp-slow-done'
        ($done | Where-Object ExitCode -EQ 0).Node | Sort-Object | Should -Be @('cfg01.lab.local', 'cmp001.lab.local', 'cmp002.lab.local', 'ctl01.lab.local')
    }

    It 'sends a plan far beyond what a command line may carry (its program goes on standard input)' {
        # 300 KB of random bytes as base64: about 300 KB after compression, more than the 128 KiB a
        # command-line argument may hold on Linux.
        $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(300000)
        $content = [Convert]::ToBase64String($bytes)
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/big')
        Set-Content (Join-Path $model 'formulas/big/init.yml') "big_file:`n  file.managed:`n    name: /root/mcp-big`n    show_changes: false`n    contents: `"$content`"`n"
        $applied = Split-StateRun @(Invoke-McpState -Path $model -Target cmp002 -State big -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
        Format-StateFailures $applied | Should -BeNullOrEmpty
        $applied.Results.Result | Should -Be Changed
        $expected = ([System.Security.Cryptography.SHA256]::HashData([Text.Encoding]::ASCII.GetBytes($content)) | ForEach-Object { $_.ToString('x2') }) -join ''
        (Invoke-McpCommand -Path $model -Target cmp002 -Command 'sha256sum < /root/mcp-big').StdOut.Split(' ')[0] | Should -Be $expected
        (Split-StateRun @(Invoke-McpState -Path $model -Target cmp002 -State big) $null).Results.Result | Should -Be Unchanged
    }

    It 'takes its nodes from a -Cluster object as from -Path' {
        $out = @(Invoke-McpState -Cluster (Get-McpCluster -Path $model) -Target 'cmp002' -State ntp -WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue)
        $applied = Split-StateRun $out $errs
        Format-StateFailures $applied | Should -BeNullOrEmpty
        @($applied.Results.Node | Sort-Object -Unique) | Should -Be @('cmp002.lab.local')
        $applied.Run.Status | Should -Be Succeeded
    }

    It 'on a full file system file.managed and line.present fail naming the path and the error, and leave the files and the disk as they were' {
        # A 64 KiB tmpfs on cmp002, filled to the last page. The original files are sized so that
        # the edits need one page more than they free: an in-place write would truncate the file.
        $prepare = 'set -e; mkdir -p /srv/full; mountpoint -q /srv/full || mount -t tmpfs -o size=64k,mode=0755 tmpfs /srv/full; ' +
            'head -c 6000 /dev/urandom | base64 > /srv/full/app.conf; chmod 0640 /srv/full/app.conf; ' +
            '{ head -c 8189 /dev/zero | tr "\0" x; echo; } > /srv/full/lines.conf; ' +
            'dd if=/dev/zero of=/srv/full/filler bs=1k 2>/dev/null || true; sync'
        $probe = 'sha256sum /srv/full/app.conf /srv/full/lines.conf; stat -c "%n %s %a" /srv/full/app.conf /srv/full/lines.conf; ' +
            'ls -A /srv/full; df -B1 --output=used,avail /srv/full | tail -1; ls -A /var/lib/mcp/backup/srv/full 2>/dev/null | wc -l'
        try {
            $ready = Invoke-McpCommand -Path $model -Target cmp002 -Command $prepare
            $ready.ExitCode | Should -Be 0 -Because "$($ready.StdErr)"
            $before = (Invoke-McpCommand -Path $model -Target cmp002 -Command $probe).StdOut
            [long](($before -split "`n")[-3].Trim() -split '\s+')[1] | Should -BeLessThan 4096 -Because "the tmpfs is full: $before"

            $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/fullfs')
            Set-Content (Join-Path $model 'formulas/fullfs/init.yml') @'
fullfs_file:
  file.managed:
    name: /srv/full/app.conf
    contents: "replaced\n"
fullfs_line:
  line.present:
    name: /srv/full/lines.conf
    content: added
'@
            $applied = Split-StateRun @(Invoke-McpState -Path $model -Target cmp002 -State fullfs -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
            $applied.Run.Status | Should -Be Failed
            $applied.Results.StateId | Should -Be @('fullfs_file', 'fullfs_line')
            $applied.Results.Result | Should -Be @('Failed', 'Failed')
            $applied.Results[0].Comment | Should -Be 'cannot write /srv/full/app.conf: No space left on device; the file is as it was'
            $applied.Results[1].Comment | Should -Be 'cannot write /srv/full/lines.conf: No space left on device; the file is as it was'
            $applied.Errors.Count | Should -Be 1
            $applied.Errors[0].Exception.Message | Should -Match 'fullfs_file .*fullfs_line'

            $after = (Invoke-McpCommand -Path $model -Target cmp002 -Command $probe).StdOut
            $after | Should -Be $before -Because 'the files are byte for byte as they were (sha256, size, mode), no temporary file is left, the disk is as full as before and no backup was kept'
            $before | Should -Match '(?m)^app\.conf\nfiller\nlines\.conf\n'
            ($before -split "`n")[-2] | Should -Be '0'
        }
        finally {
            $null = Invoke-McpCommand -Path $model -Target cmp002 -Command 'umount /srv/full; rmdir /srv/full'
        }
    }

    It 'leaves nothing behind when the lab stops' {
        Stop-McpLab -Cluster lab -Confirm:$false
        Assert-LabGone $lab lab
    }
}
