# The SSH transport against real OpenSSH servers: tests/Transport/ssh-nodes.sh starts five sshd
# in their own network namespaces on a bridge of their own, and three more that only node1 (the
# bastion) reaches (root, iproute2, openssh-server). The ssh-agent tests start real ssh-agents.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')

    $script:nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-transport-pester-$PID"
    & bash $nodesScript start $dir 5 3
    if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh start failed ($LASTEXITCODE)" }
    $script:nodes = @(Get-Content (Join-Path $dir 'nodes.tsv') | ForEach-Object {
        $name, $address, $ns = $_ -split "`t"
        [pscustomobject]@{ Name = $name; Address = $address }
    })
    $script:ssh = @{
        KeyFile        = Join-Path $dir 'id_ed25519'
        KnownHostsFile = Join-Path $dir 'known_hosts'
    }
    $script:behind = @(Get-Content (Join-Path $dir 'behind.tsv') | ForEach-Object {
        $name, $address, $ns, $null = $_ -split "`t"   # (ForEach-Object runs in this scope: no $bastion here)
        [pscustomobject]@{ Name = $name; Address = $address }
    })
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
            $r.DurationSeconds | Should -BeGreaterThan 0
        }
    }

    It 'runs in a job with -AsJob: Receive-Job gives the results and the error records' {
        $job = $nodes | Invoke-McpCommand -Command 'hostname; exit 3' -ErrorOnNonZero -AsJob @ssh
        $job | Should -BeOfType [McpModule.Cmdlets.McpCommandJob]
        $job | Wait-Job -Timeout 60 | Out-Null
        $job.State | Should -Be Completed
        $job.StatusMessage | Should -Be '5 of 5 nodes, 5 failed'
        @(Receive-Job $job -ErrorVariable errs -ErrorAction SilentlyContinue).Count | Should -Be 0
        $errs.Count | Should -Be 5
        ($errs | ForEach-Object { $_.Exception.Result.Node } | Sort-Object) | Should -Be ($nodes.Name | Sort-Object)
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.NonZeroExit*' -Because 'error records of a job name no command' }
        Remove-Job $job
        $job = Invoke-McpCommand -Target $nodes[0] -Command 'echo ok' -AsJob @ssh
        $out = @($job | Wait-Job -Timeout 60 | Receive-Job)
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType [McpModule.Execution.McpCommandResult]
        $out[0].StdOut | Should -Be "ok`n"
        $out[0].Node | Should -Be $nodes[0].Name
        Remove-Job $job
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

    It 'runs a script file larger than a command line may carry (it goes on standard input)' {
        # 200 KB of comments (a command-line argument holds 128 KiB on Linux), then the work.
        $script = Join-Path $dir 'large.sh'
        $padding = ('# ' + ('x' * 98) + "`n") * 2000
        Set-Content -Path $script -Value "#!/bin/sh`n$padding" -NoNewline
        Add-Content -Path $script -Value 'wc -c < "$0"; exit 4' -NoNewline
        $r = Invoke-McpCommand -Target $nodes[1] -ScriptFile $script @ssh
        $r.ExitCode | Should -Be 4
        [int]$r.StdOut.Trim() | Should -Be (Get-Item $script).Length
    }

    It 'gives a command end of file on its standard input: a prompt ends at once instead of waiting for the timeout' {
        $r = Invoke-McpCommand -Target $nodes[1] -Command 'read -r answer; echo "read $? [$answer]"; cat; echo done' -TimeoutSeconds 30 @ssh
        $r.Error | Should -BeNullOrEmpty
        $r.StdOut | Should -Be "read 1 []`ndone`n"
        $r.DurationSeconds | Should -BeLessThan 25 -Because 'nothing waited for input'
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

Describe 'ssh-agent: keys held only by a real ssh-agent' -Tag Lab {
    BeforeAll {
        $script:savedSock = $env:SSH_AUTH_SOCK
        $script:agents = [Collections.Generic.List[int]]::new()
        # A new ssh-agent on a socket of its own, holding the given keys (ssh-add); sets SSH_AUTH_SOCK.
        function script:Start-Agent([string[]] $Keys) {
            $sock = Join-Path $dir ("agent-" + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sock')
            $out = & ssh-agent -s -a $sock
            $agentPid = [int]([regex]::Match(($out -join "`n"), 'SSH_AGENT_PID=(\d+)').Groups[1].Value)
            $agents.Add($agentPid)
            $env:SSH_AUTH_SOCK = $sock
            foreach ($k in $Keys) { & ssh-add -q $k 2>$null; if ($LASTEXITCODE -ne 0) { throw "ssh-add $k failed" } }
            $sock
        }
        # The authorised RSA key, decrypted: an agent holds keys without their passphrase.
        $script:rsaKey = Join-Path $dir 'agent_rsa'
        Copy-Item (Join-Path $dir 'id_rsa_pem') $rsaKey
        & chmod 600 $rsaKey   # ssh-add refuses a key others can read
        & ssh-keygen -q -p -P 'test passphrase' -N '' -f $rsaKey
        if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen -p failed' }
        $script:kh = @{ KnownHostsFile = $ssh.KnownHostsFile }
    }
    AfterEach { $env:SSH_AUTH_SOCK = $savedSock }
    AfterAll {
        foreach ($p in $agents) { Stop-Process -Id $p -ErrorAction SilentlyContinue }
        $env:SSH_AUTH_SOCK = $savedSock
    }

    It 'authenticates with an ed25519 key only the agent holds, with no key file given (SshAgent Auto)' {
        Start-Agent (Join-Path $dir 'id_ed25519') | Out-Null
        $out = @($nodes[0..2] | Invoke-McpCommand -Command 'id -u' @kh -Verbose 4>&1)
        $results = @($out | Where-Object { $_ -is [McpModule.Execution.McpCommandResult] })
        $results.Count | Should -Be 3
        $results.StdOut.Trim() | Should -Be @('0', '0', '0')
        ($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -Contain 'keys: 1 from the ssh-agent'
    }

    It 'authenticates with an RSA key only the agent holds (rsa-sha2 signatures), SshAgent Always' {
        Start-Agent $rsaKey | Out-Null
        $r = Invoke-McpCommand -Target $nodes[1] -Command 'echo ok' @kh -SshAgent Always
        $r.StdOut.Trim() | Should -Be 'ok'
    }

    It 'reports Mcp.Ssh.Authentication for every node when the agent holds only a key the nodes do not know' {
        Start-Agent (Join-Path $dir 'id_wrong') | Out-Null
        $out = @($nodes[0..1] | Invoke-McpCommand -Command 'true' @kh -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 2
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Authentication,*' }
    }

    It 'offers -KeyFile and not the agent in Auto: a key file given wins' {
        Start-Agent (Join-Path $dir 'id_wrong') | Out-Null
        (Invoke-McpCommand -Target $nodes[0] -Command 'echo ok' @ssh).StdOut.Trim() | Should -Be 'ok'
    }

    It 'stops with Mcp.Ssh.AgentNoKeys when the agent holds no key, before connecting' {
        Start-Agent @() | Out-Null
        { Invoke-McpCommand -Target $nodes[0] -Command 'true' @kh -SshAgent Always -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ssh.AgentNoKeys*'
        $Error[0].Exception.Message | Should -Match 'holds no key'
    }

    It 'stops with Mcp.Ssh.AgentUnavailable without SSH_AUTH_SOCK, and Mcp.Ssh.AgentUnreachable for a dead socket' {
        $env:SSH_AUTH_SOCK = $null
        { Invoke-McpCommand -Target $nodes[0] -Command 'true' @kh -SshAgent Always -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ssh.AgentUnavailable*'
        $Error[0].Exception.Message | Should -Match 'SSH_AUTH_SOCK is not set'
        $env:SSH_AUTH_SOCK = Join-Path $dir 'nobody.sock'
        { Invoke-McpCommand -Target $nodes[0] -Command 'true' @kh -SshAgent Always -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ssh.AgentUnreachable*'
        $Error[0].Exception.Message | Should -Match ([regex]::Escape($env:SSH_AUTH_SOCK))
    }

    It 'never asks the agent with SshAgent Never' {
        Start-Agent (Join-Path $dir 'id_ed25519') | Out-Null
        Invoke-McpCommand -Target $nodes[0] -Command 'true' @kh -SshAgent Never -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Authentication,*'
    }
}

Describe 'Jump host: nodes only the bastion (node1) reaches' -Tag Lab {
    BeforeAll {
        $script:bastion = $nodes[0]
        $script:inner = @($behind | ForEach-Object Address)
    }

    It 'cannot reach the nodes behind the bastion without a jump host' {
        $out = @($behind | Invoke-McpCommand -Command 'true' @ssh -ConnectTimeoutSeconds 2 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be $behind.Count
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -Match '^Mcp\.Ssh\.(Unreachable|Timeout),' }
    }

    It 'runs on every node behind the bastion and beside it with -JumpHost, each host key verified under its own address' {
        $targets = @($behind) + @($nodes[1], $bastion)
        $out = @($targets | Invoke-McpCommand -Command 'echo "$SSH_CONNECTION"' @ssh -JumpHost $bastion.Address)
        $out.Count | Should -Be $targets.Count
        foreach ($r in $out) {
            $client, $null, $server, $null = $r.StdOut.Trim() -split ' '
            $server | Should -Be ($targets | Where-Object Name -EQ $r.Node).Address
            switch ($r.Node) {
                $bastion.Name { $client | Should -Be ($bastion.Address -replace '\.\d+$', '.1') }   # reached directly, from the host
                { $behind.Name -contains $_ } { $client | Should -Be ($bastion.Address -replace '\.\d+$', '.129') }   # from the bastion's inner leg
                default { $client | Should -Be $bastion.Address }   # from the bastion
            }
        }
    }

    It 'takes the jump host from MCP_JUMPHOST with a user and port written in it' {
        $env:MCP_JUMPHOST = "root@$($bastion.Address):22"
        try { $out = @($behind | Invoke-McpCommand -Command 'hostname -I' @ssh) }
        finally { $env:MCP_JUMPHOST = $null }
        ($out.StdOut.Trim() | Sort-Object) | Should -Be ($inner | Sort-Object)
    }

    It 'refuses a wrong host key of a node behind the bastion under the node''s address, with both fingerprints' {
        $victim = $behind[0]
        $other = Join-Path $dir "$($behind[1].Name)/ssh_host_ed25519_key.pub"
        $known = ((ssh-keygen -l -f $other) -split ' ')[1]
        $real = ((ssh-keygen -l -f (Join-Path $dir "$($victim.Name)/ssh_host_ed25519_key.pub")) -split ' ')[1]
        $wrong = Join-Path $dir 'known_hosts_wrong'
        # the victim's line holds another node's key
        Get-Content $ssh.KnownHostsFile | ForEach-Object {
            if ($_ -like "$($victim.Address) *") { "$($victim.Address) $(((Get-Content $other) -split ' ')[0..1] -join ' ')" } else { $_ }
        } | Set-Content $wrong
        $out = @($behind | Invoke-McpCommand -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $wrong -JumpHost $bastion.Address -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be ($behind.Count - 1)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyChanged,*'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($victim.Address))
        $errs[0].Exception.Message | Should -Not -Match '127\.0\.0\.1'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($known))
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($real))
        $errs[0].Exception.Message | Should -Match 'through the jump host'
    }

    It 'gives every node one Mcp.Ssh.JumpHost error naming the bastion when its host key is unknown' {
        $noBastion = Join-Path $dir 'known_hosts_no_bastion'
        Get-Content $ssh.KnownHostsFile | Where-Object { $_ -notlike "$($bastion.Address) *" } | Set-Content $noBastion
        $out = @($behind | Invoke-McpCommand -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $noBastion -JumpHost $bastion.Address -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be $behind.Count
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.JumpHost,*'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            $e.Exception.Message | Should -Match "the jump host $([regex]::Escape($bastion.Address)) failed \(HostKeyUnknown\)"
        }
        ($errs.TargetObject.Name | Sort-Object) | Should -Be ($behind.Name | Sort-Object)
    }

    It 'gives every node one Mcp.Ssh.JumpHost error naming the bastion when it is unreachable' {
        $nowhere = $bastion.Address -replace '\.\d+$', '.99'   # on the test bridge, nobody there
        $out = @($behind | Invoke-McpCommand -Command 'true' @ssh -JumpHost $nowhere -ConnectTimeoutSeconds 2 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be $behind.Count
        $errs | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.JumpHost,*'
            $_.Exception.Message | Should -Match "the jump host $([regex]::Escape($nowhere)) failed"
        }
    }

    It 'reports a node the bastion cannot reach as that node''s failure, the others run' {
        $absent = $bastion.Address -replace '\.\d+$', '.250'   # behind the bastion, nobody there
        $out = @(Invoke-McpCommand -Target $absent, $behind[0].Address -Command 'true' @ssh -JumpHost $bastion.Address -ConnectTimeoutSeconds 5 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Match '^Mcp\.Ssh\.(Unreachable|Timeout),'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($absent))
    }
}

Describe 'Settings for the transport: mcp.settings.json < MCP_* < parameters' -Tag Lab {
    BeforeAll {
        # A model repository of its own (a copy of the example model, .git so the settings file
        # is looked up no higher), whose mcp.settings.json names the key and known_hosts.
        $script:repo = Join-Path $dir 'repo'
        New-Item -ItemType Directory -Path (Join-Path $repo '.git') -Force | Out-Null
        Copy-Item -Recurse -Path (Join-Path $root 'examples/models/lab/*') -Destination $repo
        function script:Write-Settings([hashtable] $Values) {
            $all = @{ SshKeyFile = $ssh.KeyFile; KnownHostsFile = $ssh.KnownHostsFile }
            foreach ($k in $Values.Keys) { $all[$k] = $Values[$k] }
            $all | ConvertTo-Json | Set-Content -Path (Join-Path $repo 'mcp.settings.json')
        }
        $script:three = @($nodes[0, 1, 3] | ForEach-Object Address)   # (an array's .Address is a method)
        $script:savedEnv = @{}
        foreach ($v in 'MCP_THROTTLELIMIT', 'MCP_SSHPORT', 'MCP_SSHKEYFILE', 'MCP_KNOWNHOSTSFILE', 'MCP_SSHUSER') {
            $savedEnv[$v] = [Environment]::GetEnvironmentVariable($v)
            [Environment]::SetEnvironmentVariable($v, $null)
        }
    }
    AfterEach {
        foreach ($v in 'MCP_THROTTLELIMIT', 'MCP_SSHPORT') { [Environment]::SetEnvironmentVariable($v, $null) }
    }
    AfterAll {
        foreach ($v in $savedEnv.Keys) { [Environment]::SetEnvironmentVariable($v, $savedEnv[$v]) }
    }

    It 'takes key and known_hosts from mcp.settings.json when no parameter names them' {
        Write-Settings @{}
        $out = @(Invoke-McpCommand -Path $repo -Target $three -Command 'echo "$SSH_CONNECTION" | cut -d" " -f3')   # (node1 has a second leg: hostname -I would show two)
        $out.Count | Should -Be 3
        ($out.StdOut.Trim() | Sort-Object) | Should -Be ($three | Sort-Object)
    }

    It 'takes ThrottleLimit from the file, MCP_THROTTLELIMIT over the file, -ThrottleLimit over both' {
        Write-Settings @{ ThrottleLimit = 1 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        @(Invoke-McpCommand -Path $repo -Target $three -Command 'sleep 1').Count | Should -Be 3
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3 -Because 'one node at a time'

        $env:MCP_THROTTLELIMIT = '3'
        $clock.Restart()
        @(Invoke-McpCommand -Path $repo -Target $three -Command 'sleep 1').Count | Should -Be 3
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.8 -Because 'three nodes at once'

        $env:MCP_THROTTLELIMIT = '1'
        Write-Settings @{ ThrottleLimit = 1 }
        $clock.Restart()
        @(Invoke-McpCommand -Path $repo -Target $three -Command 'sleep 1' -ThrottleLimit 3).Count | Should -Be 3
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.8 -Because 'the parameter wins'
    }

    It 'takes SshPort from the file, MCP_SSHPORT over the file, -Port over both' {
        Write-Settings @{ SshPort = 2222; ConnectTimeoutSeconds = 3 }
        $out = @(Invoke-McpCommand -Path $repo -Target $three[0] -Command 'true' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Unreachable,*'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape("$($three[0]):2222"))

        $env:MCP_SSHPORT = '22'
        (Invoke-McpCommand -Path $repo -Target $three[0] -Command 'echo ok').StdOut.Trim() | Should -Be 'ok'

        $env:MCP_SSHPORT = '2223'
        (Invoke-McpCommand -Path $repo -Target $three[0] -Command 'echo ok' -Port 22).StdOut.Trim() | Should -Be 'ok'
    }

    It 'lets -KnownHostsFile win over the file: an empty one refuses the host key' {
        Write-Settings @{}
        $empty = Join-Path $dir 'settings_empty_known_hosts'
        Set-Content -Path $empty -Value '' -NoNewline
        $out = @(Invoke-McpCommand -Path $repo -Target $three[0] -Command 'true' -KnownHostsFile $empty -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyUnknown,*'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($empty))
    }

    It 'stops with the settings error record before connecting when the file is broken' {
        Set-Content -Path (Join-Path $repo 'mcp.settings.json') -Value '{ "ThrottleLimit": 0 }'
        { Invoke-McpCommand -Path $repo -Target $three[0] -Command 'touch /tmp/mcp-settings-ran' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.SettingValueInvalid*'
        Set-Content -Path (Join-Path $repo 'mcp.settings.json') -Value '{ "ThrottleLimit": '
        { Invoke-McpCommand -Path $repo -Target $three[0] -Command 'touch /tmp/mcp-settings-ran' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.SettingsFileInvalid*'
        Test-Path /tmp/mcp-settings-ran | Should -BeFalse
    }

    It 'never shows the passphrase from MCP_SSHKEYPASSPHRASE, and uses it' {
        Write-Settings @{ SshKeyFile = (Join-Path $dir 'id_rsa_pem') }
        $env:MCP_SSHKEYPASSPHRASE = 'test passphrase'
        try {
            $r = Invoke-McpCommand -Path $repo -Target $three[0] -Command 'id -u' -Verbose 4>&1
            ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" | Should -Not -Match 'test passphrase'
            ($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).StdOut.Trim() | Should -Be '0'
        }
        finally { Remove-Item Env:MCP_SSHKEYPASSPHRASE }
    }

    It 'offers only the key exchange of MCP_KEXALGORITHMS: one sshd lacks fails that node, one it has works' {
        Write-Settings @{}
        $env:MCP_KEXALGORITHMS = 'diffie-hellman-group14-sha1'   # OpenSSH 9.2 no longer offers it
        try {
            $out = @(Invoke-McpCommand -Path $repo -Target $three[0] -Command 'true' -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 0
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.Failed,*'
            $errs[0].Exception.Message | Should -BeLike '*no key exchange algorithm in common*server offers*curve25519-sha256*'

            $env:MCP_KEXALGORITHMS = 'curve25519-sha256'
            $r = Invoke-McpCommand -Path $repo -Target $three[0] -Command 'echo ok' -Verbose 4>&1
            ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" |
                Should -Match 'key exchange: curve25519-sha256 \(KexAlgorithms from MCP_KEXALGORITHMS\)'
            ($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).StdOut.Trim() | Should -Be 'ok'
        }
        finally { Remove-Item Env:MCP_KEXALGORITHMS }
    }

    It 'writes Mcp.TargetNoMatch for an expression that selects no node, Mcp.TargetInvalid for one that does not parse' {
        Write-Settings @{}
        $out = @(Invoke-McpCommand -Path $repo -Target 'nosuch*', 'ctl* and (', $three[0] -Command 'true' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch,*'
        $errs[0].TargetObject | Should -Be 'nosuch*'
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetInvalid,*'
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

    It 'runs our sntrup761x25519 exchange under both its names, and refuses an unknown host key through it' {
        # OpenSSH 9.2 picks sntrup761x25519 from the default offer too; here nothing else is offered
        try {
            foreach ($kex in 'sntrup761x25519-sha512@openssh.com', 'sntrup761x25519-sha512') {
                $env:MCP_KEXALGORITHMS = $kex
                $r = @($nodes | Invoke-McpCommand -Command 'echo ok' @ssh)
                $r.Count | Should -Be 5
                @($r | ForEach-Object { $_.StdOut.Trim() }) | Should -Be (@('ok') * 5)
            }
            $kh = Join-Path $dir 'empty_known_hosts_sntrup'
            Set-Content -Path $kh -Value '' -NoNewline
            $out = @(Invoke-McpCommand -Target $nodes[0] -Command 'true' -KeyFile $ssh.KeyFile -KnownHostsFile $kh -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 0
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyUnknown,*'
            (Get-Item $kh).Length | Should -Be 0
        }
        finally { Remove-Item Env:MCP_KEXALGORITHMS -ErrorAction Ignore }
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
        $errs[0].Exception.Result.DurationSeconds | Should -BeGreaterOrEqual 1.9
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
        $errs[0].Exception.Result.DurationSeconds | Should -BeLessThan 5
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
