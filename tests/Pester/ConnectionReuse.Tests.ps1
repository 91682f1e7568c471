# Connections kept for the next command (the ReuseConnectionSeconds setting, Disconnect-McpNode),
# against real OpenSSH servers (tests/Transport/ssh-nodes.sh: sshd in network namespaces; root).
# Which connection a command used is read on the node: the client port in $SSH_CONNECTION.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')

    $script:nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-reuse-pester-$PID"
    $env:MCP_TRANSPORT_NET = '10.247.93'
    & bash $nodesScript start $dir 3
    if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh start failed ($LASTEXITCODE)" }
    $script:nodes = @(Get-Content (Join-Path $dir 'nodes.tsv') | ForEach-Object {
        $name, $address, $null = $_ -split "`t"
        [pscustomobject]@{ Name = $name; Address = $address }
    })
    $script:ssh = @{ KeyFile = Join-Path $dir 'id_ed25519'; KnownHostsFile = Join-Path $dir 'known_hosts' }
    function script:Nodes { & bash $nodesScript @args; if ($LASTEXITCODE -ne 0) { throw "ssh-nodes.sh $args failed" } }
    # The connections a Disconnect-McpNode closed, from its verbose messages.
    function script:Closed {
        $closing = if ($MyInvocation.ExpectingInput) { $input | Disconnect-McpNode @args -Verbose 4>&1 } else { Disconnect-McpNode @args -Verbose 4>&1 }
        @($closing | Where-Object { "$_" -like 'closed the connection*' })
    }

    # node name -> the client port of the connection the command came over
    function script:Ports([hashtable] $extra = @{}) {
        $ports = @{}
        $options = $ssh.Clone(); foreach ($k in $extra.Keys) { $options[$k] = $extra[$k] }
        foreach ($r in @($nodes | Invoke-McpCommand -Command 'echo "$SSH_CONNECTION"' @options -ErrorAction Stop)) {
            $ports[$r.Node] = ($r.StdOut.Trim() -split ' ')[1]
        }
        $ports
    }
}

AfterAll {
    Remove-Item Env:MCP_ReuseConnectionSeconds -ErrorAction SilentlyContinue
    Disconnect-McpNode
    if ($dir) { & bash $nodesScript stop $dir }
    Remove-Item Env:MCP_TRANSPORT_NET -ErrorAction SilentlyContinue
}

Describe 'Connections kept for the next command' -Tag Lab {
    AfterEach {
        Remove-Item Env:MCP_ReuseConnectionSeconds -ErrorAction SilentlyContinue
        Disconnect-McpNode
    }

    It 'keeps none by default: every command connects anew' {
        $first = Ports; $second = Ports
        foreach ($n in $nodes.Name) { $second[$n] | Should -Not -Be $first[$n] }
        Closed | Should -BeNullOrEmpty
    }

    It 'reuses the connections of the last command with ReuseConnectionSeconds, until Disconnect-McpNode closes them' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $first = Ports; $second = Ports
        foreach ($n in $nodes.Name) { $second[$n] | Should -Be $first[$n] }
        # -WhatIf closes nothing
        Disconnect-McpNode -WhatIf
        (Ports)[$nodes[0].Name] | Should -Be $first[$nodes[0].Name]
        # one node, from a command result's Address (once the command is done: a connection in use is not kept yet)
        $result = Invoke-McpCommand -Target $nodes[0] -Command true @ssh
        $closed = $result | Closed
        $closed.Count | Should -Be 1
        "$($closed[0])" | Should -BeLike "*root@$($nodes[0].Address) ($($nodes[0].Name))"
        $third = Ports
        $third[$nodes[0].Name] | Should -Not -Be $first[$nodes[0].Name]
        $third[$nodes[1].Name] | Should -Be $first[$nodes[1].Name]
        # by the node's name, as Get-McpNode's objects bind (Name)
        ([pscustomobject]@{ Name = $nodes[2].Name } | Closed).Count | Should -Be 1
        (Ports)[$nodes[2].Name] | Should -Not -Be $third[$nodes[2].Name]
        # by address with a wildcard, then all
        (Closed -Address ($nodes[1].Address -replace '\.\d+$', '.1?')).Count | Should -Be 3
        (Ports)[$nodes[1].Name] | Should -Not -Be $third[$nodes[1].Name]
        (Closed).Count | Should -Be 3
        $fourth = Ports
        foreach ($n in $nodes.Name) { $fourth[$n] | Should -Not -Be $first[$n] }
    }

    It 'refuses a broken -Address pattern with Mcp.InvalidWildcard and closes nothing; a hostile one matches nothing' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $first = Ports
        Disconnect-McpNode -Address '[' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.InvalidWildcard,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -BeLike '*-Address ''`['' is not a valid wildcard pattern*'
        Closed -Address '$(rm -rf /tmp/x)', "a`nb", '../*' | Should -BeNullOrEmpty
        @() | Closed | Should -BeNullOrEmpty -Because 'an empty pipeline asks for no connection, not for all'
        @(Get-ChildItem -Path $dir -Filter 'no-such-*') | Closed | Should -BeNullOrEmpty
        $second = Ports
        foreach ($n in $nodes.Name) { $second[$n] | Should -Be $first[$n] }
    }

    It 'makes a broken pattern a non-zero exit of pwsh -File under $ErrorActionPreference Stop' {
        $script = Join-Path $dir 'disconnect.ps1'
        Set-Content -Path $script -Value @('$ErrorActionPreference = "Stop"', "Import-Module '$manifest'", 'Disconnect-McpNode -Address "["', 'exit 0')
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { [Environment]::GetCommandLineArgs()[0] })
        $out = & $pwsh @prefix -NoProfile -NonInteractive -File $script 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        "$out" | Should -BeLike '*is not a valid wildcard pattern*'
    }

    It 'lets them go after ReuseConnectionSeconds' {
        $env:MCP_ReuseConnectionSeconds = '1'
        $first = Ports
        Start-Sleep -Seconds 3
        $second = Ports
        foreach ($n in $nodes.Name) { $second[$n] | Should -Not -Be $first[$n] }
    }

    It 'gives a kept connection only to a command that would make the same one (another known_hosts file)' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $copy = Join-Path $dir 'known_hosts.copy'
        Copy-Item $ssh.KnownHostsFile $copy
        $first = Ports
        $other = Ports @{ KnownHostsFile = $copy }
        foreach ($n in $nodes.Name) { $other[$n] | Should -Not -Be $first[$n] }
        (Ports)[$nodes[1].Name] | Should -Be $first[$nodes[1].Name]
    }

    It 'checks a kept connection''s host key against known_hosts as it is now: a key removed there is refused anew' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $known = Join-Path $dir 'known_hosts.edit'
        Copy-Item $ssh.KnownHostsFile $known
        $first = Ports @{ KnownHostsFile = $known }
        $node = $nodes[1]
        Set-Content -Path $known -Value @(Get-Content $known | Where-Object { $_ -notmatch ([regex]::Escape($node.Address) + '[\] ]') })
        $out = @($nodes | Invoke-McpCommand -Command 'echo "$SSH_CONNECTION"' -KeyFile $ssh.KeyFile -KnownHostsFile $known -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ssh.HostKeyUnknown,*'
        $errs[0].TargetObject.Name | Should -Be $node.Name
        $out.Count | Should -Be 2
        foreach ($r in $out) { ($r.StdOut.Trim() -split ' ')[1] | Should -Be $first[$r.Node] }
    }

    It 'connects anew when the node closed the kept connection (its sshd and sessions killed)' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $first = Ports
        Nodes kill $dir 3
        Nodes restart $dir 3
        Start-Sleep -Milliseconds 300
        $second = Ports
        $second[$nodes[2].Name] | Should -Not -Be $first[$nodes[2].Name]
        $second[$nodes[0].Name] | Should -Be $first[$nodes[0].Name]
    }

    It 'costs a node whose link went silent the connect timeout once, then connects anew' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $null = Ports
        Nodes block $dir 2
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $out = @($nodes | Invoke-McpCommand -Command true @ssh -ConnectTimeoutSeconds 2 -TimeoutSeconds 20 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $clock.Stop()
        }
        finally { Nodes unblock $dir 2 }
        $out.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].TargetObject.Name | Should -Be $nodes[1].Name
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 12
        @(Invoke-McpCommand -Target $nodes[1] -Command true @ssh -ConnectTimeoutSeconds 2 -ErrorAction Stop).Count | Should -Be 1
    }

    It 'closes every kept connection when the module is removed' {
        $env:MCP_ReuseConnectionSeconds = '60'
        $first = Ports
        Remove-Module McpModule
        Import-Module $manifest
        Closed | Should -BeNullOrEmpty
        $second = Ports
        foreach ($n in $nodes.Name) { $second[$n] | Should -Not -Be $first[$n] }
    }
}
