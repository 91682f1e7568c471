# The lab as users run it: real systemd-nspawn nodes with sshd, reached with the system ssh client.
# Tagged Lab: runs with build.ps1 -Task Test -IncludeLab (Linux, root). Uses its own state folder
# (out/lab-test); the base image cache is the machine's (/var/lib/mcpmodule/images), built once.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'The lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
        $manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
        if (-not (Test-Path $manifest)) { throw "Build the module first: $manifest is missing (build.ps1 -Task Build)." }
        Import-Module $manifest -Force
        $env:MCP_LAB_STATE_DIR = Join-Path $root 'out/lab-test'
        $cluster = Get-McpCluster -Path (Join-Path $root 'examples/models/lab')
        $names = 'cfg01', 'ctl01', 'cmp001'
        # A lab left by an aborted run is stopped first.
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        $started = [Diagnostics.Stopwatch]::StartNew()
        $nodes = @(Start-McpLab -Cluster $cluster -Node $names -Confirm:$false)
        $startSeconds = $started.Elapsed.TotalSeconds
        Write-Host "    Start-McpLab: $([math]::Round($startSeconds, 1)) s for $($nodes.Count) nodes"
        $state = Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json
        function Invoke-LabSsh([string] $Address, [string] $Command) {
            & ssh -i $state.identityFile -o "UserKnownHostsFile=$($state.knownHostsFile)" -o StrictHostKeyChecking=yes `
                -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR "root@$Address" $Command
        }
    }
    AfterAll {
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        Remove-Item Env:MCP_LAB_STATE_DIR -ErrorAction Ignore
    }

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

    It 'is a no-op when started again' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $again = @(Start-McpLab -Cluster $cluster -Node $names -Confirm:$false)
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        ($again | Sort-Object Name).Pid | Should -Be ($nodes | Sort-Object Name).Pid
    }

    It 'restarts a node, which keeps its files and address' {
        $before = (Get-McpLab -Cluster lab | Where-Object Name -EQ ctl01).Pid
        $after = Restart-McpLabNode -Cluster lab -Name ctl01 -Confirm:$false
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

    It 'leaves nothing behind when stopped' {
        $state = Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | ConvertFrom-Json
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Stop-McpLab -Cluster lab -Confirm:$false
        Write-Host "    Stop-McpLab: $([math]::Round($sw.Elapsed.TotalSeconds, 1)) s"
        Get-McpLab | Should -BeNullOrEmpty
        Test-Path (Join-Path $env:MCP_LAB_STATE_DIR 'lab.json') | Should -BeFalse
        Test-Path $state.workDirectory | Should -BeFalse
        & ip link show dev $state.bridge 2>$null; $LASTEXITCODE | Should -Not -Be 0
        @(Get-Content /proc/self/mountinfo | Where-Object { $_ -like "*$($state.workDirectory)*" }) | Should -BeNullOrEmpty
        foreach ($n in $state.nodes) {
            foreach ($c in $n.cgroups) { Test-Path $c | Should -BeFalse -Because "cgroup $c" }
            # Gone, or a zombie until PID 1 reaps it: never running.
            $stat = Get-Content "/proc/$($n.supervisorPid)/stat" -ErrorAction Ignore
            if ($stat) { ($stat -split '\) ')[1][0] | Should -BeIn 'Z', 'X' -Because "supervisor $($n.supervisorPid)" }
        }
        @(& ip -o link show | Select-String 'vb-') | Should -BeNullOrEmpty
        $global:LASTEXITCODE = 0
    }
}
