# Invoke-McpState -AsJob and Invoke-McpCommand -AsJob (one job class, McpJob) without a lab: nodes of a copy of the example model moved to loopback
# addresses, one where nothing listens (refused at once) and one where a listener of this test
# accepts the connection and never speaks SSH (the run hangs while connecting, until Stop-Job).
# No traffic leaves the loopback interface.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'      # no lab gives these nodes other addresses
    . (Join-Path $PSScriptRoot 'LoopbackModel.ps1')
    $script:model = New-LoopbackModel (Join-Path $TestDrive 'model') @{ ctl01 = '127.0.0.1'; cmp001 = '127.0.0.2' }
    $script:listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:port = $listener.LocalEndpoint.Port
    $script:ssh = @{ Port = $port; KnownHostsFile = (Join-Path $TestDrive 'known_hosts') }
}
AfterAll {
    $listener.Stop()
    Get-Job | Where-Object PSJobTypeName -In McpStateJob, McpCommandJob | Remove-Job -Force
    $env:MCP_LAB_STATE_DIR = $savedStateDir
}

Describe 'Invoke-McpState -AsJob' {
    It 'returns a job at once whose output is the results and the McpRun, and whose errors name the node' {
        $job = Invoke-McpState -Path $model -Target cmp001 -State ntp -AsJob @ssh
        $job | Should -BeOfType [McpModule.Cmdlets.McpStateJob]
        $job.PSJobTypeName | Should -Be McpStateJob
        (Get-Job -Id $job.Id).Name | Should -Be $job.Name
        $job | Wait-Job -Timeout 60 | Out-Null
        $job.State | Should -Be Completed
        $job.HasMoreData | Should -BeTrue
        $out = @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue)
        $job.HasMoreData | Should -BeFalse
        $out.Count | Should -Be 1
        $run = $out[0]
        $run | Should -BeOfType [McpModule.States.McpRun]
        $run.Status | Should -Be Failed
        $run.Nodes[0].Node | Should -Be cmp001.lab.local
        $run.Nodes[0].Error | Should -Match '^cmp001\.lab\.local: .* — before any resource reported$'
        $job.Run.RunId | Should -Be $run.RunId
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Unreachable*'
        $errs[0].TargetObject | Should -Be cmp001.lab.local
        (Get-McpRun -Path $model | Select-Object -First 1).RunId | Should -Be $run.RunId
        Remove-Job $job
        Get-Job -Id $job.Id -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'Stop-Job stops a run that hangs, and the journal records it Interrupted' {
        $job = Invoke-McpState -Path $model -Target ctl01 -State ntp -AsJob -JobName hang -ConnectTimeoutSeconds 600 @ssh
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $listener.Pending() -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $listener.Pending() | Should -BeTrue -Because 'the job connects to the listener'
        $job.State | Should -Be Running
        Stop-Job -Name hang
        $job.State | Should -Be Stopped
        $out = @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue)
        $run = $out[-1]
        $run.Status | Should -Be Interrupted
        $run.Nodes[0].Status | Should -Be Interrupted
        $run.Nodes[0].Error | Should -Match '^ctl01\.lab\.local: stopped while connecting'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Cancelled*'
        $journal = Get-McpRun -Path $model | Select-Object -First 1
        $journal.RunId | Should -Be $run.RunId
        $journal.Status | Should -Be Interrupted
        Remove-Job $job
    }

    It 'Stop-Job on a finished job leaves it Completed' {
        $job = Invoke-McpState -Path $model -Target cmp001 -State ntp -AsJob @ssh
        $job | Wait-Job -Timeout 60 | Out-Null
        Stop-Job $job
        $job.State | Should -Be Completed
        Remove-Job $job
    }

    It 'plans and checks before the job: a formula error is written at once, and the job journals the node Failed' {
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/bad')
        Set-Content (Join-Path $model 'formulas/bad/init.yml') "x:`n  pkg.installd: {}"
        $job = Invoke-McpState -Path $model -Target cmp001 -State bad -AsJob -ErrorVariable planErrs -ErrorAction SilentlyContinue @ssh
        $planErrs.Count | Should -Be 1
        $planErrs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.State.UnknownResourceType*'
        $job | Wait-Job -Timeout 60 | Out-Null
        $run = @(Receive-Job $job)[-1]
        $run.Status | Should -Be Failed
        $run.Nodes[0].Error | Should -Match 'init.yml:2'
        Remove-Job $job
    }
}

Describe 'Invoke-McpCommand -AsJob' {
    BeforeEach {
        # connections an earlier test left waiting: accepted and closed, so Pending() means this test's
        while ($listener.Pending()) { $listener.AcceptTcpClient().Dispose() }
    }

    It 'returns a job at once whose errors name the node, as Invoke-McpCommand would write them' {
        $job = Invoke-McpCommand -Path $model -Target cmp001 -Command true -AsJob @ssh
        $job | Should -BeOfType [McpModule.Cmdlets.McpCommandJob]
        $job | Should -BeOfType [McpModule.Cmdlets.McpJob]
        $job.PSJobTypeName | Should -Be McpCommandJob
        (Get-Job -Id $job.Id).Name | Should -Be $job.Name
        $job | Wait-Job -Timeout 60 | Out-Null
        $job.State | Should -Be Completed
        "$job" | Should -Be "$($job.Name) (McpCommandJob, Completed)"
        $job.StatusMessage | Should -Be '1 of 1 nodes, 1 failed'
        $out = @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Unreachable*'
        $errs[0].TargetObject | Should -Be cmp001.lab.local
        $errs[0].Exception.Result.Node | Should -Be cmp001.lab.local
        Remove-Job $job
    }

    It 'Stop-Job ends a command that hangs and names the node stopped' {
        $job = Invoke-McpCommand -Path $model -Target ctl01 -Command true -AsJob -JobName hangcmd -ConnectTimeoutSeconds 600 @ssh
        $job.Name | Should -Be hangcmd
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $listener.Pending() -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $listener.Pending() | Should -BeTrue -Because 'the job connects to the listener'
        $job.State | Should -Be Running
        Stop-Job -Name hangcmd
        $job.State | Should -Be Stopped
        @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue).Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Cancelled*'
        $errs[0].TargetObject | Should -Be ctl01.lab.local
        Remove-Job $job
    }

    It 'stops at once, before any job, when a key file cannot be read' {
        { Invoke-McpCommand -Path $model -Target cmp001 -Command true -AsJob -KeyFile (Join-Path $TestDrive 'no-such-key') @ssh -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ssh.KeyFileUnreadable*'
        Get-Job | Where-Object PSJobTypeName -EQ McpCommandJob | Should -BeNullOrEmpty
    }
}
