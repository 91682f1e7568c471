# The SSH transport against real OpenSSH servers: tests/Transport/ssh-nodes.sh starts five sshd
# in their own network namespaces on a bridge of their own (root, iproute2, openssh-server).
BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
    $manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
    if (-not (Test-Path $manifest)) { throw "Build the module first: $manifest is missing (build.ps1 -Task Build)." }
    Import-Module $manifest -Force

    $script:nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-transport-pester-$PID"
    & bash $nodesScript start $dir 5
    if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh start failed ($LASTEXITCODE)" }
    $script:nodes = @(Get-Content (Join-Path $dir 'nodes.tsv') | ForEach-Object {
        $name, $address, $ns = $_ -split "`t"
        [pscustomobject]@{ Name = $name; Address = $address }
    })
    $script:ssh = @{
        KeyFile        = Join-Path $dir 'id_ed25519'
        KnownHostsFile = Join-Path $dir 'known_hosts'
    }
    function script:Nodes { & bash $nodesScript @args; if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh $args failed" } }
}

AfterAll {
    if ($dir) { & bash $nodesScript stop $dir }
}

Describe 'Invoke-McpCommand against real sshd nodes' -Tag Lab {
    It 'runs a command on every node and returns one result per node' {
        $results = @($nodes | Invoke-McpCommand -Command 'echo "$SSH_CONNECTION" | cut -d" " -f3; echo oops >&2; exit 4' @ssh)
        $results.Count | Should -Be 5
        ($results.Node | Sort-Object) | Should -Be ($nodes.Name | Sort-Object)
        foreach ($r in $results) {
            $r.ExitCode | Should -Be 4          # non-zero exit is data, not an error
            $r.StdOut.Trim() | Should -Be ($nodes | Where-Object Name -EQ $r.Node).Address
            $r.StdErr.Trim() | Should -Be 'oops'
            $r.Error | Should -BeNullOrEmpty
            $r.Duration | Should -BeGreaterThan ([timespan]::Zero)
        }
    }

    It 'reports a non-zero exit as Mcp.Ssh.NonZeroExit with -ErrorOnNonZero' {
        $out = @(Invoke-McpCommand -Target $nodes[0] -Command 'exit 7' -ErrorOnNonZero @ssh -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.NonZeroExit,*'
        $errs[0].Exception.Result.ExitCode | Should -Be 7
    }

    It 'runs a script file with its own interpreter line' {
        $script = Join-Path $dir 'probe.sh'
        Set-Content -Path $script -Value "#!/bin/sh`necho `"it's`"`nexit 0" -NoNewline
        $r = Invoke-McpCommand -Target $nodes[1] -ScriptFile $script @ssh
        $r.ExitCode | Should -Be 0
        $r.StdOut.Trim() | Should -Be "it's"
    }

    It 'authenticates with an encrypted PEM key and its passphrase' {
        $pass = ConvertTo-SecureString 'test passphrase' -AsPlainText -Force
        $r = Invoke-McpCommand -Target $nodes[0] -Command 'id -u' -KeyFile (Join-Path $dir 'id_rsa_pem') -KeyPassphrase $pass -KnownHostsFile $ssh.KnownHostsFile
        $r.StdOut.Trim() | Should -Be '0'
    }

    It 'refuses an encrypted key given the wrong passphrase, without naming the passphrase' {
        $pass = ConvertTo-SecureString 'not the passphrase' -AsPlainText -Force
        { Invoke-McpCommand -Target $nodes[0] -Command 'true' -KeyFile (Join-Path $dir 'id_rsa_pem') -KeyPassphrase $pass -KnownHostsFile $ssh.KnownHostsFile -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ssh.KeyFileInvalid*'
        $Error[0].ToString() | Should -Not -Match 'not the passphrase'
    }

    It 'reports a wrong key as Mcp.Ssh.Authentication for that node' {
        $out = @($nodes[0..1] | Invoke-McpCommand -Command 'true' -KeyFile (Join-Path $dir 'id_wrong') -KnownHostsFile $ssh.KnownHostsFile -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 2
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Authentication,*' }
        $errs | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'AuthenticationError' }
        ($errs.TargetObject.Name | Sort-Object) | Should -Be ($nodes[0..1].Name | Sort-Object)
    }

    It 'refuses invalid node names before connecting' {
        $out = @(Invoke-McpCommand -Target 'ctl01;reboot', $nodes[2] -Command 'true' @ssh -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.InvalidTarget,*'
        $errs[0].TargetObject | Should -Be 'ctl01;reboot'
    }
}

Describe 'Host keys' -Tag Lab {
    It 'refuses an unknown key without -AcceptNewHostKey and writes nothing' {
        $kh = Join-Path $dir 'empty_known_hosts'
        Set-Content -Path $kh -Value '' -NoNewline
        $out = @(Invoke-McpCommand -Target $nodes[0] -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $kh -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyUnknown,*'
        $errs[0].CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-Item $kh).Length | Should -Be 0
    }

    It 'accepts an unknown key with -AcceptNewHostKey, appends it, and trusts it next time' {
        $kh = Join-Path $dir 'new_known_hosts'
        $r = Invoke-McpCommand -Target $nodes[0] -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $kh -AcceptNewHostKey
        $r.ExitCode | Should -Be 0
        $line = @(Get-Content $kh)
        $line.Count | Should -Be 1
        $expected = (Get-Content (Join-Path $dir 'node1/ssh_host_ed25519_key.pub')) -split ' '
        $line[0] | Should -Be "$($nodes[0].Address) $($expected[0]) $($expected[1])"
        (Invoke-McpCommand -Target $nodes[0] -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $kh).ExitCode | Should -Be 0
    }

    It 'reads a node key with Get-McpHostKey, as ssh-keygen prints its fingerprint' {
        $key = Get-McpHostKey -Node $nodes[1] -KnownHostsFile $ssh.KnownHostsFile
        $fingerprint = (ssh-keygen -l -f (Join-Path $dir 'node2/ssh_host_ed25519_key.pub')) -split ' ' | Select-Object -Index 1
        $key.Fingerprint | Should -Be $fingerprint
        $key.KeyType | Should -Be 'ssh-ed25519'
        $key.Status | Should -Be 'Known'
        (Get-McpHostKey -Address $nodes[1].Address -KnownHostsFile (Join-Path $dir 'none')).Status | Should -Be 'Unknown'
    }

    It 'refuses a CHANGED key even with -AcceptNewHostKey, naming the node and both fingerprints' {
        $old = ((ssh-keygen -l -f (Join-Path $dir 'node3/ssh_host_ed25519_key.pub')) -split ' ')[1]
        Nodes restart $dir 3 --new-host-key
        $new = ((ssh-keygen -l -f (Join-Path $dir 'node3/ssh_host_ed25519_key.pub')) -split ' ')[1]
        $old | Should -Not -Be $new
        $before = Get-FileHash $ssh.KnownHostsFile
        $out = @($nodes | Invoke-McpCommand -Command 'true' @ssh -AcceptNewHostKey -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 4
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyChanged,*'
        $errs[0].TargetObject.Name | Should -Be 'node3'
        $errs[0].Exception.Message | Should -Match 'node3'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($old))
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($new))
        (Get-FileHash $ssh.KnownHostsFile).Hash | Should -Be $before.Hash
        (Get-McpHostKey -Node $nodes[2] -KnownHostsFile $ssh.KnownHostsFile).Status | Should -Be 'Changed'
    }
}

Describe 'Failures while a run goes on' -Tag Lab {
    It 'reports the node whose sshd is killed mid-run as unreachable while the others succeed' {
        $others = @($nodes | Where-Object Name -NE 'node3')   # node3's key changed above
        $killer = Start-ThreadJob -ArgumentList $nodesScript, $dir { param($s, $d) Start-Sleep -Milliseconds 1500; & bash $s kill $d 4 }
        $out = @($others | Invoke-McpCommand -Command 'sleep 4; echo finished' @ssh -ErrorVariable errs -ErrorAction SilentlyContinue)
        $killer | Wait-Job | Remove-Job
        $out.Count | Should -Be 3
        $out | ForEach-Object { $_.StdOut.Trim() | Should -Be 'finished' }
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Unreachable,*'
        $errs[0].TargetObject.Name | Should -Be 'node4'
        # and with nothing listening, the next run says unreachable at once
        $errs2 = $null
        Invoke-McpCommand -Target $nodes[3] -Command 'true' @ssh -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Unreachable,*'
        Nodes restart $dir 4
    }

    It 'holds the connect timeout when a node link is blocked, and the others finish' {
        Nodes block $dir 5
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $out = @($nodes[0, 1, 4] | Invoke-McpCommand -Command 'true' @ssh -ConnectTimeoutSeconds 2 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $clock.Stop()
        }
        finally { Nodes unblock $dir 5 }
        $out.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Timeout,*'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].TargetObject.Name | Should -Be 'node5'
        $errs[0].Exception.Result.Duration.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
    }

    It 'holds the command timeout when a link dies during the command' {
        $blocker = Start-ThreadJob -ArgumentList $nodesScript, $dir { param($s, $d) Start-Sleep -Milliseconds 1000; & bash $s block $d 5 }
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $out = @($nodes[0, 4] | Invoke-McpCommand -Command 'sleep 2; echo late' @ssh -TimeoutSeconds 4 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $clock.Stop()
            $blocker | Wait-Job | Remove-Job
        }
        finally { Nodes unblock $dir 5 }
        $out.Count | Should -Be 1
        $out[0].Node | Should -Be 'node1'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Timeout,*'
        $errs[0].TargetObject.Name | Should -Be 'node5'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'stops a long command at -TimeoutSeconds and says so' {
        $out = @(Invoke-McpCommand -Target $nodes[0] -Command 'sleep 30' @ssh -TimeoutSeconds 1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Timeout,*'
        $errs[0].Exception.Result.Duration.TotalSeconds | Should -BeLessThan 5
    }

    It 'stops cleanly when the pipeline is stopped (Ctrl+C)' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$manifest'; Invoke-McpCommand -Target $($nodes[0].Address), $($nodes[1].Address) -Command 'sleep 30.4242' -KeyFile '$($ssh.KeyFile)' -KnownHostsFile '$($ssh.KnownHostsFile)'")
        $handle = $ps.BeginInvoke()
        Start-Sleep -Seconds 2
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()
        # the remote sleeps were signalled, not left behind
        Start-Sleep -Milliseconds 500
        @(pgrep -f 'sleep 30[.]4242').Count | Should -Be 0
    }
}
