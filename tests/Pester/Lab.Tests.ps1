# The lab as users run it: real systemd-nspawn nodes with sshd, reached with the system ssh client.
# Tagged Lab: runs with build.ps1 -Task Test -IncludeLab (Linux, root). Uses its own state folder
# (out/lab-test); the base image cache is the machine's (/var/lib/mcpmodule/images), built once, and
# so is the cache of lab APT repositories (/var/lib/mcpmodule/repos, one folder per package set).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'The lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'lab-test'
        $cluster = Get-McpCluster -Path (Join-Path $root 'examples/models/lab')
        $names = 'cfg01', 'ctl01', 'cmp001'
        $started = [Diagnostics.Stopwatch]::StartNew()
        # tree is not in the node image: the lab's APT repository brings it (and nothing else needed).
        $nodes = Start-LabSuiteLab $cluster -Node $names -Package tree
        $startSeconds = $started.Elapsed.TotalSeconds
        Write-Host "    Start-McpLab: $([math]::Round($startSeconds, 1)) s for $($nodes.Count) nodes"
        $state = Get-LabSuiteState lab
        function Invoke-LabSsh([string] $Address, [string] $Command) {
            & ssh -i $state.identityFile -o "UserKnownHostsFile=$($state.knownHostsFile)" -o StrictHostKeyChecking=yes `
                -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR "root@$Address" $Command
        }
    }
    AfterAll { Exit-LabSuite lab }

    It 'starts one running node per model node at its model address' {
        $nodes.Count | Should -Be 3
        ($nodes | Sort-Object Name).Name | Should -Be @('cfg01', 'cmp001', 'ctl01')
        ($nodes | Where-Object Name -EQ ctl01).Address | Should -Be '10.11.0.11'
        ($nodes | Where-Object Name -EQ cfg01).Address | Should -Be '10.11.0.15'
        $nodes.State | Should -Not -Contain 'Stopped'
        $nodes | ForEach-Object { $_.Pid | Should -BeGreaterThan 0; $_.MemoryMB | Should -BeGreaterThan 0 }
    }

    It 'records the lab for the SSH transport' {
        $state.user | Should -Be 'root'
        $state.port | Should -Be 22
        Test-Path $state.identityFile | Should -BeTrue
        @(Get-Content $state.knownHostsFile | Where-Object { $_ -like '10.11.0.11,*' }).Count | Should -BeGreaterThan 0
        $state.nodes.Count | Should -Be 3
    }

    It 'is listed by its cluster from Get-McpCluster and by its model nodes, once' {
        ($cluster | Get-McpLab | Sort-Object Name).Name | Should -Be @('cfg01', 'cmp001', 'ctl01')
        @(Get-McpNode -Path $cluster.Path | Get-McpLab).Count | Should -Be 3
    }

    It 'answers ssh root@ADDRESS true with the lab key and verified host keys on every node' {
        foreach ($n in $nodes) {
            Invoke-LabSsh $n.Address true
            $LASTEXITCODE | Should -Be 0 -Because "node $($n.Name) at $($n.Address)"
            Invoke-LabSsh $n.Address hostname | Should -Be $n.Name
        }
    }

    It 'gives each node its own machine-id and files' {
        $ids = foreach ($n in $nodes) { Invoke-LabSsh $n.Address 'cat /etc/machine-id' }
        @($ids | Sort-Object -Unique).Count | Should -Be 3
        Invoke-LabSsh 10.11.0.11 'echo only-here > /root/isolation-check'
        Invoke-LabSsh 10.11.0.11 'cat /root/isolation-check' | Should -Be 'only-here'
        Invoke-LabSsh 10.11.0.15 'test -e /root/isolation-check && echo present || echo absent' | Should -Be 'absent'
    }

    It 'routes nodes only through the host side of the bridge' {
        (Invoke-LabSsh 10.11.0.11 'ip -4 route') -join "`n" | Should -Match 'default via 10\.11\.0\.1 dev host0'
        Get-Content "/proc/sys/net/ipv4/conf/$($state.bridge)/forwarding" | Should -Be '0'
    }

    It 'serves its APT repository on the host address of the bridge only' {
        $repo = $state.repository
        $repo.url | Should -Be "http://10.11.0.1:$($repo.port)/"
        $repo.packages | Should -Be @('tree')
        Test-Path (Join-Path $repo.directory 'Packages') | Should -BeTrue
        @(Get-ChildItem $repo.directory -Filter 'tree_*.deb').Count | Should -Be 1
        $listening = @(& ss -Hltnp "sport = :$($repo.port)")
        $listening.Count | Should -Be 1
        ($listening[0] -split '\s+')[3] | Should -Be "10.11.0.1:$($repo.port)"
        $listening[0] | Should -Match "pid=$($repo.pid),"
    }

    It 'installs a package the node image lacks from the lab repository and from nowhere else' {
        Invoke-LabSsh 10.11.0.11 'command -v tree || echo absent' | Should -Be 'absent'
        Invoke-LabSsh 10.11.0.11 'test -e /etc/apt/sources.list && echo present || echo absent' | Should -Be 'absent'
        Invoke-LabSsh 10.11.0.11 'ls /etc/apt/sources.list.d' | Should -Be 'mcplab.list'
        Invoke-LabSsh 10.11.0.11 'cat /etc/apt/sources.list.d/mcplab.list' | Select-Object -Last 1 | Should -Be "deb [trusted=yes] $($state.repository.url) ./"
        $out = Invoke-LabSsh 10.11.0.11 'apt-get update 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y tree 2>&1'
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | Should -Not -Match 'debian\.org'
        Invoke-LabSsh 10.11.0.11 'tree --version' | Should -Match '^tree v2\.'
    }

    It 'gives nodes no link or route but the lab bridge' {
        $links = Invoke-LabSsh 10.11.0.101 'ip -o link show' | ForEach-Object { (($_ -split ': ')[1] -split '@')[0] }
        $links | Sort-Object | Should -Be @('host0', 'lo')
        $routes = @(Invoke-LabSsh 10.11.0.101 'ip -4 route show table all | grep -v " table local "')
        $routes.Count | Should -BeGreaterThan 0
        $routes | ForEach-Object { $_ | Should -Match 'dev host0' }
        @(Invoke-LabSsh 10.11.0.101 'ip -6 route show | grep -v "^fe80"') | Should -BeNullOrEmpty
    }

    It 'names the package apt cannot fetch and leaves the lab as it was' {
        $before = Get-McpLab -Cluster lab
        # Nothing can start without its packages: a terminating error naming the package.
        $err = @(try { Start-McpLab -Cluster $cluster -Node $names -Package tree, nosuchpkg-mcplab -Confirm:$false } catch { $_ })
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.LabPackageFailed*'
        $err[0].TargetObject | Should -Be 'nosuchpkg-mcplab'
        $err[0].Exception.Message | Should -Match 'Unable to locate package nosuchpkg-mcplab'
        (Get-McpLab -Cluster lab | Sort-Object Name).Pid | Should -Be ($before | Sort-Object Name).Pid
        (Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json).repository.pid | Should -Be $state.repository.pid
    }

    It 'is a no-op when started again' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $again = @(Start-McpLab -Cluster $cluster -Node $names -Confirm:$false)
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        ($again | Sort-Object Name).Pid | Should -Be ($nodes | Sort-Object Name).Pid
        $now = Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json
        $now.repository.pid | Should -Be $state.repository.pid
        $now.repository.packages | Should -Be @('tree')
    }

    It 'adds packages to a running lab: a new server on the larger set, running nodes pointed at it' {
        $again = @(Start-McpLab -Cluster $cluster -Node $names -Package jq -Confirm:$false)
        ($again | Sort-Object Name).Pid | Should -Be ($nodes | Sort-Object Name).Pid
        $now = (Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json).repository
        $now.packages | Should -Be @('jq', 'tree')
        $now.pid | Should -Not -Be $state.repository.pid
        $stat = Get-Content "/proc/$($state.repository.pid)/stat" -ErrorAction Ignore
        if ($stat) { ($stat -split '\) ')[1][0] | Should -BeIn 'Z', 'X' -Because 'the old server is stopped' }
        Invoke-LabSsh 10.11.0.15 'cat /etc/apt/sources.list.d/mcplab.list' | Select-Object -Last 1 | Should -Be "deb [trusted=yes] $($now.url) ./"
        $out = Invoke-LabSsh 10.11.0.15 'apt-get update -q 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq 2>&1 && echo "{\"a\":7}" | jq .a'
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Select-Object -Last 1 | Should -Be '7'
    }

    It 'restarts a node, which keeps its files and address, and the bridge keeps its MAC address' {
        $mac = (Get-Content "/sys/class/net/$($state.bridge)/address").Trim()
        $mac | Should -BeLike '02:6d:63:*'
        $before = (Get-McpLab -Cluster lab | Where-Object Name -EQ ctl01).Pid
        $after = Restart-McpLabNode -Cluster lab -Name ctl01 -Confirm:$false
        (Get-Content "/sys/class/net/$($state.bridge)/address").Trim() | Should -Be $mac -Because 'a node leaving and joining the bridge must not change its address'
        # the other nodes still reach the host (the lab repository) at once
        $repo = (Get-LabSuiteState lab).repository
        Invoke-LabSsh 10.11.0.101 "timeout 2 bash -c '</dev/tcp/$($repo.address)/$($repo.port)' && echo reached" | Should -Be 'reached'
        $after.State | Should -Be 'Running'
        $after.Pid | Should -Not -Be $before
        Invoke-LabSsh 10.11.0.11 'cat /root/isolation-check' | Should -Be 'only-here'
    }

    It 'names the node in the error for a node it does not have' {
        Restart-McpLabNode -Cluster lab -Name nosuch -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.LabNodeFailed*'
        $err[0].TargetObject | Should -Be 'nosuch'
    }

    It 'cleans up a half-started lab on the next start' {
        $victim = $state.nodes | Where-Object name -EQ cmp001
        Stop-Process -Id $victim.supervisorPid -Force   # the supervisor dies; its node goes with it
        Start-Sleep -Seconds 1
        (Get-McpLab -Cluster lab | Where-Object Name -EQ cmp001).State | Should -Not -Be 'Running'
        $again = @(Start-McpLab -Cluster $cluster -Node $names -Confirm:$false)
        ($again | Where-Object Name -EQ cmp001).State | Should -Be 'Running'
        Invoke-LabSsh 10.11.0.101 true
        $LASTEXITCODE | Should -Be 0
    }

    It 'adds the nodes piped from Get-McpNode to the lab of their cluster, and only those' {
        $before = Get-McpLab -Cluster lab
        $after = @(Get-McpNode -Path $cluster.Path -Name ctl02 | Start-McpLab -Confirm:$false)
        ($after | Sort-Object Name).Name | Should -Be @('cfg01', 'cmp001', 'ctl01', 'ctl02')
        ($after | Where-Object Name -EQ ctl02).State | Should -Be 'Running'
        ($after | Where-Object Name -In $names | Sort-Object Name).Pid | Should -Be ($before | Sort-Object Name).Pid
        Invoke-LabSsh 10.11.0.12 hostname | Should -Be 'ctl02'
    }

    It 'leaves nothing behind when stopped through Get-McpLab | Stop-McpLab' {
        $state = Get-LabSuiteState lab
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Get-McpLab -Cluster lab | Stop-McpLab -Confirm:$false
        Write-Host "    Stop-McpLab: $([math]::Round($sw.Elapsed.TotalSeconds, 1)) s"
        Get-McpLab | Should -BeNullOrEmpty
        Assert-LabGone $state lab
    }
}

# The host interfaces a lab's subnet may meet: a lab whose run was killed before Stop-McpLab (a CI
# job cancelled, a session ended) leaves its bridge holding the gateway address; every later lab
# on that subnet was refused for it. Such a bridge goes (with a warning); any other stays and the
# lab is refused.
Describe 'A lab on a subnet a host interface holds' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'lab-test'
        $script:cluster = Get-McpCluster -Path (Join-Path $root 'examples/models/lab')
        $script:killedDir = Join-Path $root 'out/lab-test-killed'
        function script:Remove-TestLink([string] $Name) { & ip link del $Name 2>$null; $global:LASTEXITCODE = 0 }
    }
    AfterAll {
        Remove-TestLink mcptest0; Remove-TestLink mcptest1; Remove-TestLink mcplabe0e0e0
        $env:MCP_LAB_STATE_DIR = $killedDir
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        Exit-LabSuite lab
    }

    It 'removes the bridge of a lab whose every process was killed, says so, and starts' {
        # A lab in a state folder of its own, then killed as a session's end kills it: every process
        # of its nodes (their cgroups), their supervisors and its repository server, at once.
        $env:MCP_LAB_STATE_DIR = $killedDir
        $null = Start-McpLab -Cluster $cluster -Node cmp001 -Confirm:$false
        $killed = Get-LabSuiteState lab
        $pids = @($killed.nodes.supervisorPid) + @($killed.repository.pid) +
            @(foreach ($c in $killed.nodes.cgroups) { Get-ChildItem $c -Recurse -Filter cgroup.procs | Get-Content })
        foreach ($p in $pids | Select-Object -Unique) { & kill -9 $p 2>$null }
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@(Get-ChildItem "/sys/class/net/$($killed.bridge)/brif" -ErrorAction Ignore).Count -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        "$(& ip -o -4 addr show dev $killed.bridge)" | Should -Match '10\.11\.0\.1/24' -Because 'the killed lab left its bridge'

        $env:MCP_LAB_STATE_DIR = Join-Path $root 'out/lab-test'
        $lab = @(Start-McpLab -Cluster $cluster -Node cmp001 -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue)
        $lab.State | Should -Be 'Running'
        "$warned" | Should -Match "Removed the bridge $($killed.bridge) \(10\.11\.0\.1/24\) of a lab that no longer runs"
        & ip link show dev $killed.bridge 2>$null; $LASTEXITCODE | Should -Not -Be 0
        Stop-McpLab -Cluster lab -Confirm:$false

        # The killed lab is stopped in its own state folder as any other: nothing of it is left.
        $env:MCP_LAB_STATE_DIR = $killedDir
        Stop-McpLab -Cluster lab -Confirm:$false
        Assert-LabGone $killed lab
    }

    It 'refuses a subnet an interface of the host holds, naming it, and changes nothing' {
        & ip link add mcptest0 type veth peer name mcptest0p; & ip addr add 10.11.0.250/24 dev mcptest0
        $LASTEXITCODE | Should -Be 0 -Because 'the test interface is made'
        try {
            $err = @(try { Start-McpLab -Cluster $cluster -Node cmp001 -Confirm:$false -WarningVariable warned } catch { $_ })
            "$err" | Should -Match 'subnet 10\.11\.0\.0/24 overlaps 10\.11\.0\.250/24 on the host''s interface mcptest0'
            $warned | Should -BeNullOrEmpty
            Get-McpLab -Cluster lab -ErrorAction Ignore | Should -BeNullOrEmpty
            "$(& ip -o -4 addr show dev mcptest0)" | Should -Match '10\.11\.0\.250/24'
        }
        finally { Remove-TestLink mcptest0 }
    }

    It 'keeps a lab bridge that still has a link on it, and refuses' {
        & ip link add mcplabe0e0e0 type bridge; & ip addr add 10.11.0.1/24 dev mcplabe0e0e0
        & ip link add mcptest1 type veth peer name mcptest1p; & ip link set mcptest1 master mcplabe0e0e0
        $LASTEXITCODE | Should -Be 0 -Because 'the test bridge has a link on it'
        try {
            $err = @(try { Start-McpLab -Cluster $cluster -Node cmp001 -Confirm:$false } catch { $_ })
            "$err" | Should -Match 'overlaps 10\.11\.0\.1/24 on the host''s interface mcplabe0e0e0'
            Get-McpLab -Cluster lab -ErrorAction Ignore | Should -BeNullOrEmpty
            & ip link show dev mcplabe0e0e0 2>$null; $LASTEXITCODE | Should -Be 0
        }
        finally { Remove-TestLink mcptest1; Remove-TestLink mcplabe0e0e0 }
    }
}
