# Get-McpNode -Target: Salt-style target expressions on the example model.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $lab = Join-Path $root 'examples/models/lab'

    function Get-Short([string] $Target) { @(Get-McpNode -Path $lab -Target $Target | ForEach-Object ShortName | Sort-Object) }
}

Describe 'Get-McpNode -Target' {
    It 'selects <Target>' -ForEach @(
        @{ Target = 'I@keepalived:cluster and ctl*'; Expected = 'ctl01', 'ctl02', 'ctl03' }
        @{ Target = 'ctl* and not ctl03'; Expected = 'ctl01', 'ctl02' }
        @{ Target = 'cmp00[1-3]*'; Expected = 'cmp001', 'cmp002' }
        @{ Target = 'E@kvm0[12]$'; Expected = 'kvm01', 'kvm02' }
        @{ Target = 'L@ctl01,cmp002'; Expected = 'cmp002', 'ctl01' }
        @{ Target = 'R@nova.compute'; Expected = 'cmp001', 'cmp002' }
        @{ Target = 'R@libvirt and not R@nova'; Expected = 'kvm01', 'kvm02', 'kvm03' }
        @{ Target = 'I@linux:system:name:ctl0[13]'; Expected = 'ctl01', 'ctl03' }
        @{ Target = '( R@nova.compute or R@salt.master ) and not E@cmp002'; Expected = 'cfg01', 'cmp001' }
        @{ Target = 'D@lab-dc1 and kvm03'; Expected = @('kvm03') }
    ) {
        Get-Short $Target | Should -Be $Expected
    }

    It 'returns nothing and writes Mcp.TargetNoMatch when no node matches (an expression that selects nothing is an error)' {
        Get-McpNode -Path $lab -Target 'D@elsewhere' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch*'
    }

    It 'narrows the other filters and works on piped clusters' {
        (Get-McpNode -Path $lab -Application nova -Target 'not ctl*').ShortName | Should -Be 'cmp001', 'cmp002'
        (Get-McpCluster -Path $lab | Get-McpNode -Name ctl* -Target 'not ctl02').ShortName | Should -Be 'ctl01', 'ctl03'
    }

    It 'stops with Mcp.TargetInvalid naming the word and its position' {
        $record = { Get-McpNode -Path $lab -Target 'ctl* and ( cmp* or' } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetInvalid,*'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -Be 'ctl* and ( cmp* or'
        $record.Exception.Message | Should -Be "Target 'ctl* and ( cmp* or': 'or' at character 17 needs a matcher after it."
        $record.Exception.Position | Should -Be 17
    }

    It 'refuses grain matchers with a hint' {
        { Get-McpNode -Path $lab -Target 'G@os:Debian' } | Should -Throw '*grains*I@*'
    }

    It 'completes node names for the last word of the expression' {
        $line = "Get-McpNode -Path '$lab' -Target 'R@nova and ctl0"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain "'R@nova and ctl01.lab.local'"
        $names.Count | Should -Be 3
    }

    It 'keeps -Name working as before' {
        (Get-McpNode -Path $lab -Name ctl01).Name | Should -Be 'ctl01.lab.local'
    }
}

Describe 'Invoke-McpCommand and Get-McpHostKey -Target' {
    It 'complete node names of the -Path model for <_>' -ForEach 'Invoke-McpCommand -Command true -Target', 'Get-McpHostKey -Node' {
        $line = "$_ 'ctl* or cmp" -replace '^(\S+)', "`$1 -Path '$lab'"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Be @("'ctl* or cmp001.lab.local'", "'ctl* or cmp002.lab.local'")
    }

    It 'refuse an expression that does not parse before connecting anywhere' {
        $out = @(Invoke-McpCommand -Path $lab -Target 'ctl* and (' -Command true -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetInvalid,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'complete node names of the -Cluster for <_>, wherever the session is' -ForEach 'Invoke-McpCommand -Command true -Target', 'Invoke-McpState -Target' {
        $global:mcpCompletionCluster = Get-McpCluster -Path $lab
        try {
            Push-Location $TestDrive   # no model here: the names can only come from the cluster
            $line = "$_ 'cmp" -replace '^(\S+)', "`$1 -Cluster `$global:mcpCompletionCluster"
            $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $names | Should -Be @("'cmp001.lab.local'", "'cmp002.lab.local'")
        }
        finally { Pop-Location; Remove-Variable -Scope Global mcpCompletionCluster }
    }

    It 'select from the -Cluster''s nodes: an expression that matches none of them is Mcp.TargetNoMatch' {
        $cluster = Get-McpCluster -Path $lab
        foreach ($command in 'Invoke-McpCommand', 'Invoke-McpState') {
            $p = @{ Cluster = $cluster; Target = 'ctl* and D@elsewhere'; ErrorVariable = 'errs'; ErrorAction = 'SilentlyContinue' }
            if ($command -eq 'Invoke-McpCommand') { $p.Command = 'true' }
            @(& $command @p).Count | Should -Be 0
            $errs.Count | Should -Be 1 -Because $command
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch,*' -Because $command
        }
    }

    It 'stop with Mcp.ClusterNotFound when the -Cluster''s model no longer has it, and Mcp.ClusterWithoutPath for one without a model path' {
        $gone = [McpModule.McpCluster]::new('gone', 'gone.local', 'dc1', 0, $lab, $null)
        { Invoke-McpCommand -Cluster $gone -Target 'ctl*' -Command true -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.ClusterNotFound*'
        $pathless = [McpModule.McpCluster]::new('lab', 'lab.local', 'dc1', 0, $null, $null)
        { Invoke-McpState -Cluster $pathless -Target 'ctl*' -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.ClusterWithoutPath*'
    }

    It 'refuse -Cluster with -Path before connecting anywhere' {
        { Invoke-McpCommand -Cluster (Get-McpCluster -Path $lab) -Path $lab -Target 'ctl*' -Command true -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.AmbiguousModel*'
    }

    It 'stop with Mcp.PathNotFound for a -Path that does not exist' {
        { Invoke-McpCommand -Path (Join-Path $lab 'nosuch') -Target 'ctl*' -Command true -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.PathNotFound*'
    }
}
