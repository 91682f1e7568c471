# Compare-McpModel and Export-McpModelChange as a CI step runs them: a model in a git repository
# (examples/models/lab as the subfolder model/), a commit, edits in the working tree, and a new
# pwsh that compares and writes the pull-request comment. The repository is left as it was.

BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:repo = Join-Path $TestDrive 'repo'
    $script:model = Join-Path $repo 'model'
    $null = New-Item -ItemType Directory $repo
    Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
    function script:Invoke-Git { $out = & git -C $repo -c user.name=test -c user.email=test@example.invalid @args 2>&1; if ($LASTEXITCODE) { throw "git $args`: $out" }; $out }
    Invoke-Git init -q
    Invoke-Git add -A
    Invoke-Git commit -qm 'lab model'
    Invoke-Git tag v1
    Invoke-Git checkout -q -b review
    # the edits under review, not committed: a _param every node has (and the list built from it),
    # a value of one compute node, a rotated password
    function script:Edit([string] $file, [string] $from, [string] $to) {
        $path = Join-Path $model $file
        $text = [IO.File]::ReadAllText($path)
        if (-not $text.Contains($from)) { throw "'$from' is not in $file" }
        [IO.File]::WriteAllText($path, $text.Replace($from, $to))
    }
    Edit 'classes/cluster/lab/init.yml' 'ntp_strata_host2: 1.pool.ntp.org' 'ntp_strata_host2: 2.pool.ntp.org'
    Edit 'classes/cluster/lab/openstack/compute.yml' 'reserved_host_memory_mb: 1100' 'reserved_host_memory_mb: 1536'
    Edit 'classes/cluster/lab/openstack/init.yml' 'rabbitmq_openstack_password: workshop' 'rabbitmq_openstack_password: n3wRabbitSecret'
    $script:status = Invoke-Git status --porcelain=v1 --untracked-files=all
    $script:head = Invoke-Git rev-parse HEAD
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    function script:CompareTemps { @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'mcp-compare-*' | ForEach-Object FullName | Sort-Object) }
}

Describe 'Compare-McpModel in a CI step' {
    It 'compares HEAD with the working tree in a new pwsh, writes the Markdown, exits 0 and leaves the repository as it was' {
        $temps = CompareTemps
        $script = Join-Path $TestDrive 'compare.ps1'
        Set-Content $script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
Compare-McpModel -Path ./model -Reference HEAD | Export-McpModelChange -Format Markdown -Path out.md
"@
        Push-Location $repo
        try { $out = & $pwsh -NoProfile -NonInteractive -File $script 2>&1 }
        finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)

        $md = Get-Content -Raw (Join-Path $repo 'out.md')
        $md | Should -Match '### Model changes: <code>HEAD</code> → <code>working tree</code>'
        $md | Should -Match '\| ValueChanged \| <code>nova:compute:reserved&#95;host&#95;memory&#95;mb</code> \| 1: cmp001 \| <code>1100</code> \| <code>1536</code> \|'
        $md | Should -Match '<code>ntp:client:strata</code> \| 9: cfg01, cmp001, cmp002, ctl01–ctl03, kvm01–kvm03 \|'
        $md | Should -Not -Match 'n3wRabbitSecret'
        $md | Should -Not -Match 'workshop'
        # out.md is the CI step's own file; the model and the repository's state are as they were
        Remove-Item (Join-Path $repo 'out.md')
        Invoke-Git status --porcelain=v1 --untracked-files=all | Should -Be $status
        Invoke-Git rev-parse HEAD | Should -Be $head
        Invoke-Git stash list | Should -BeNullOrEmpty
        CompareTemps | Should -Be $temps
    }

    It 'writes one change per node and key, masked, grouped by node in its view' {
        $changes = Compare-McpModel -Path $model -Reference v1
        $changes | Should -BeOfType ([McpModule.Compare.McpModelChange])
        $memory = @($changes | Where-Object Key -EQ 'nova:compute:reserved_host_memory_mb')
        $memory.Node | Should -Be 'cmp001.lab.local'
        $memory.Before | Should -Be 1100
        $memory.After | Should -Be 1536
        $password = @($changes | Where-Object Key -EQ '_param:rabbitmq_openstack_password')
        $password.Count | Should -Be 5   # the openstack nodes: ctl01-03, cmp001-002
        $password[0].Before | Should -Be '********'
        $password[0].After | Should -Be '********'
        $strata = $changes | Where-Object { $_.Node -eq 'cfg01.lab.local' -and $_.Key -eq 'ntp:client:strata' }
        $strata.After | Should -Be @('0.pool.ntp.org', '2.pool.ntp.org')
        $view = $changes | Out-String -Width 200
        $view | Should -Match 'Node: cmp001\.lab\.local'
        $view | Should -Not -Match 'n3wRabbitSecret'
    }

    It 'summarizes per key with the nodes collapsed into ranges' {
        $summary = Compare-McpModel -Path $model -Reference v1 -Summary
        $summary | Should -BeOfType ([McpModule.Compare.McpModelChangeSummary])
        ($summary | Where-Object Key -EQ '_param:ntp_strata_host2').Text |
            Should -Be '_param:ntp_strata_host2 changed on 9 nodes: cfg01, cmp001, cmp002, ctl01–ctl03, kvm01–kvm03'
    }

    It 'limits the nodes to a -Target, and says when it selects none' {
        $changes = Compare-McpModel -Path $model -Reference v1 -Target 'R@nova.compute'
        @($changes.Node | Sort-Object -Unique) | Should -Be @('cmp001.lab.local', 'cmp002.lab.local')
        $null = Compare-McpModel -Path $model -Reference v1 -Target 'nothing*' -ErrorVariable missed -ErrorAction SilentlyContinue
        $missed[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch,*'
    }

    It 'compares two revisions without the working tree' {
        Compare-McpModel -Path $model -Reference v1 -Difference review | Should -BeNullOrEmpty
    }

    It 'stops with an error naming the parameter for a revision that does not exist' {
        { Compare-McpModel -Path $model -Reference no-such-branch } | Should -Throw -ErrorId 'Mcp.Compare.RevisionNotFound,McpModule.Cmdlets.CompareMcpModelCommand'
        $e = { Compare-McpModel -Path $model -Reference v1 -Difference v2 } | Should -Throw -PassThru
        $e.Exception.Message | Should -BeLike "-Difference 'v2' is no commit*"
        $e.Exception.ParameterName | Should -Be 'Difference'
        $e.TargetObject | Should -Be 'v2'
    }

    It 'stops with an error naming -Path for a model that is not in a git repository' {
        $plain = Join-Path $TestDrive 'plain'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $plain
        { Compare-McpModel -Path $plain -Reference HEAD } | Should -Throw -ErrorId 'Mcp.Compare.NotARepository,McpModule.Cmdlets.CompareMcpModelCommand'
    }

    It 'exports JSON with every change, and writes no file under -WhatIf' {
        $json = Compare-McpModel -Path $model -Reference v1 | Export-McpModelChange -Format Json | ConvertFrom-Json
        $json.reference | Should -Be 'v1'
        $json.difference | Should -Be 'working tree'
        ($json.changes | Where-Object key -EQ 'nova:compute:reserved_host_memory_mb').after | Should -Be 1536
        $file = Join-Path $TestDrive 'whatif.md'
        Compare-McpModel -Path $model -Reference v1 | Export-McpModelChange -Path $file -WhatIf
        $file | Should -Not -Exist
    }

    It 'bounds the Markdown and counts what it left out' {
        $text = Compare-McpModel -Path $model -Reference v1 | Export-McpModelChange -MaxLength 800
        $text.Length | Should -BeLessOrEqual 800
        $text | Should -Match '… and \d+ more rows? \(\d+ changes?\) left out'
    }

    It 'refuses what is not a change' {
        $null = 'text' | Export-McpModelChange -ErrorVariable wrong -ErrorAction SilentlyContinue
        $wrong[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Compare.NotAChange,*'
    }

    It 'completes -Reference with the branches and tags of the repository' {
        $line = "Compare-McpModel -Path '$model' -Reference "
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'v1'
        $completions | Should -Contain 'review'
    }
}
