# Invoke-McpCommand and Get-McpHostKey against a running lab, as users run them: a target
# expression over the model, and no key, known_hosts, user or port given: the lab supplies them.
# Tagged Lab (Linux, root). Own lab state folder (out/labtransport-test); the base image cache is
# the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'The SSH transport against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'labtransport-test'
        $script:model = Join-Path $root 'examples/models/lab'
        $script:names = 'ctl01', 'ctl02', 'ctl03', 'cmp001', 'cmp002'
        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Node $names
        $script:state = Get-LabSuiteState lab

        # Settings that would fail if they were used instead of the lab's: an empty known_hosts
        # and a key no node accepts.
        $script:scratch = Join-Path ([IO.Path]::GetTempPath()) "mcp-labtransport-$PID"
        New-Item -ItemType Directory -Path $scratch -Force | Out-Null
        Set-Content -Path (Join-Path $scratch 'known_hosts') -Value '' -NoNewline
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $scratch 'id_wrong') | Out-Null
        $script:savedEnv = @{ MCP_KNOWNHOSTSFILE = $env:MCP_KNOWNHOSTSFILE; MCP_SSHKEYFILE = $env:MCP_SSHKEYFILE }
        $env:MCP_KNOWNHOSTSFILE = Join-Path $scratch 'known_hosts'
        $env:MCP_SSHKEYFILE = Join-Path $scratch 'id_wrong'
    }
    AfterAll {
        Exit-LabSuite lab
        foreach ($k in $savedEnv.Keys) { [Environment]::SetEnvironmentVariable($k, $savedEnv[$k]) }
        if ($scratch) { Remove-Item -Recurse -Force $scratch -ErrorAction Ignore }
    }

    It 'runs on the nodes a target expression selects, one result per node, each its own hostname' {
        $labNodes.Count | Should -Be 5
        $out = @(Invoke-McpCommand -Path $model -Target 'ctl* or cmp*' -Command hostname -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -BeNullOrEmpty
        $out.Count | Should -Be 5
        ($out.Node | Sort-Object) | Should -Be @('cmp001.lab.local', 'cmp002.lab.local', 'ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
        foreach ($r in $out) {
            $r.ExitCode | Should -Be 0
            $r.StdOut.Trim() | Should -Be $r.Node.Split('.')[0]
            $r.Address | Should -Be ($labNodes | Where-Object Name -EQ $r.Node.Split('.')[0]).Address
        }
    }

    It 'runs on the nodes of a -Cluster object the same, the lab found through it' {
        $cluster = Get-McpCluster -Path $model
        $out = @(Invoke-McpCommand -Cluster $cluster -Target 'ctl*' -Command hostname -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -BeNullOrEmpty
        ($out.StdOut.Trim() | Sort-Object) | Should -Be @('ctl01', 'ctl02', 'ctl03')
    }

    It 'selects only what the expression says' {
        $out = @(Invoke-McpCommand -Path $model -Target 'ctl0[12] or I@nova:compute:reserved_host_memory_mb:2048' -Command hostname)
        ($out.StdOut.Trim() | Sort-Object) | Should -Be @('cmp002', 'ctl01', 'ctl02')
    }

    It 'keeps nodes apart: a file made on one node is absent on the others' {
        $tag = "isolation-$PID"
        (Invoke-McpCommand -Path $model -Target ctl01 -Command "echo $tag > /root/$tag && cat /root/$tag").StdOut.Trim() | Should -Be $tag
        $out = @(Invoke-McpCommand -Path $model -Target 'ctl* or cmp*' -Command "test -e /root/$tag && echo present || echo absent")
        $out.Count | Should -Be 5
        foreach ($r in $out) {
            $expected = if ($r.Node -eq 'ctl01.lab.local') { 'present' } else { 'absent' }
            $r.StdOut.Trim() | Should -Be $expected -Because $r.Node
        }
    }

    It 'works from McpNode objects and from Get-McpLab objects too' {
        $fromNodes = @(Get-McpNode -Path $model -Name cmp* | Invoke-McpCommand -Command hostname)
        ($fromNodes.StdOut.Trim() | Sort-Object) | Should -Be @('cmp001', 'cmp002')
        $fromLab = @(Get-McpLab -Cluster lab | Invoke-McpCommand -Command hostname)
        ($fromLab.StdOut.Trim() | Sort-Object) | Should -Be ($names | Sort-Object)
    }

    It 'says where each connection setting came from with -Verbose' {
        $verbose = Invoke-McpCommand -Path $model -Target ctl02 -Command true -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match 'address from lab .lab., user from lab, port from lab, key from lab, known_hosts from lab'
        "$verbose" | Should -Match ([regex]::Escape($state.knownHostsFile))
    }

    It 'lets explicit parameters win over the lab' {
        $empty = Join-Path $scratch 'explicit_known_hosts'
        Set-Content -Path $empty -Value '' -NoNewline
        $out = @(Invoke-McpCommand -Path $model -Target ctl01 -Command true -KnownHostsFile $empty -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyUnknown,*'
        $out = @(Invoke-McpCommand -Path $model -Target ctl01 -Command true -KeyFile (Join-Path $scratch 'id_wrong') -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Authentication,*'
        $out = @(Invoke-McpCommand -Path $model -Target ctl01 -Command true -Port 2 -ConnectTimeoutSeconds 3 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].Exception.Message | Should -Match '10\.11\.0\.11:2\b'
    }

    It 'reads host keys with Get-McpHostKey against the lab known_hosts' {
        $keys = @(Get-McpHostKey -Path $model -Node 'ctl*')
        $keys.Count | Should -Be 3
        $keys.Status | Sort-Object -Unique | Should -Be 'Known'
        ($keys | ForEach-Object Address | Sort-Object) | Should -Be @('10.11.0.11', '10.11.0.12', '10.11.0.13')
        $ctl01 = $state.nodes | Where-Object name -EQ ctl01
        [Convert]::ToBase64String(($keys | Where-Object Address -EQ 10.11.0.11).Key) |
            Should -BeIn ($ctl01.hostKeys | ForEach-Object { ($_ -split ' ')[1] })
    }

    It 'leaves nothing behind when the lab stops' {
        Stop-McpLab -Cluster lab -Confirm:$false
        Assert-LabGone $state lab
        # and the transport no longer finds a lab: the model address and settings apply again
        $out = @(Invoke-McpCommand -Path $model -Target ctl01 -Command true -ConnectTimeoutSeconds 2 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $global:LASTEXITCODE = 0
    }
}
