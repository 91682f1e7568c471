# Invoke-McpState against real lab nodes: the built-in linux, openssh and ntp formulas applied from
# a copy of the example model, checked on the nodes with Invoke-McpCommand; idempotence, -WhatIf,
# watch restarts and the run journal. Tagged Lab (Linux, root). Own lab state folder
# (out/states-test); the base image and package caches are the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Invoke-McpState against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        $script:savedStateDir = $env:MCP_LAB_STATE_DIR
        $env:MCP_LAB_STATE_DIR = Join-Path $root 'out/states-test'

        # A copy of the example model, made appliable in a lab (the lab connects as root, nspawn
        # nodes cannot set the clock): the same overrides build.ps1 -Task Demo uses.
        $script:model = & (Join-Path $root 'build/New-LabReadyModel.ps1') -Destination (Join-Path $TestDrive 'lab')
        function script:Edit([string] $relative, [string] $from, [string] $to) {
            $file = Join-Path $model $relative
            $text = Get-Content -Raw $file
            if (-not $text.Contains($from)) { throw "$relative has no '$from'" }
            Set-Content -Path $file -Value $text.Replace($from, $to) -NoNewline
        }
        (Get-McpPillar -Path $model -Node ctl01 -Key openssh:server:permit_root_login) | Should -BeTrue
        (Get-McpPillar -Path (Join-Path $root 'examples/models/lab') -Node ctl01 -Key openssh:server:permit_root_login) | Should -BeFalse -Because 'the example model itself is not changed'
        (Get-McpPillar -Path $model -Node ctl01 -Key ntp:client:control_clock) | Should -BeFalse

        $script:targets = 'ctl01.lab.local', 'cmp001.lab.local'
        $script:States = 'linux', 'openssh', 'ntp'
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        $script:labNodes = @(Start-McpLab -Cluster (Get-McpCluster -Path $model) -Node cfg01, ctl01, cmp001 `
                -Package chrony, vim-nox, htop, python3-msgpack -Confirm:$false)
        $script:lab = Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json

        function script:Apply([switch] $WhatIf) {
            $out = @(Invoke-McpState -Path $model -Target 'ctl01 or cmp001' -State $States -WhatIf:$WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue)
            [pscustomobject]@{
                Results = @($out | Where-Object { $_ -is [McpModule.States.McpStateResult] })
                Run     = $out[-1]
                Out     = $out
                Errors  = @($errs)
            }
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
        function script:Failed($applied) {
            ($applied.Results | Where-Object Result -EQ Failed | ForEach-Object { "$($_.Node) $($_.StateId): $($_.Comment)" }) -join "`n"
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
    AfterAll {
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        $env:MCP_LAB_STATE_DIR = $savedStateDir
    }

    It 'applies linux, openssh and ntp: results per node and resource, none failed, then the run' {
        $labNodes.Count | Should -Be 3
        $script:first = Apply
        Failed $first | Should -BeNullOrEmpty
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
        Failed $again | Should -BeNullOrEmpty
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
        $check = Apply -WhatIf
        Failed $check | Should -BeNullOrEmpty
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
        Failed $applied | Should -BeNullOrEmpty
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

    It 'recorded every run in the journal, the -WhatIf run too, and exports it as JUnit' {
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

    It 'leaves nothing behind when the lab stops' {
        Stop-McpLab -Cluster lab -Confirm:$false
        Get-McpLab -Cluster lab -ErrorAction Ignore | Should -BeNullOrEmpty
        Test-Path $lab.workDirectory | Should -BeFalse
        @(& ip -o link show | Select-String 'mcplab|vb-') | Should -BeNullOrEmpty
        $global:LASTEXITCODE = 0
    }
}
