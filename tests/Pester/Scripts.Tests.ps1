# The module in scripts and CI steps (issue "A module people can trust in scripts"): a name or
# expression that selects nothing is an error, never silence; a run with a failed node says
# Failed and, under $ErrorActionPreference = 'Stop', makes `pwsh -File` exit non-zero after every
# node has run. Nodes of a copy of the example model moved to loopback addresses where nothing
# listens (each refuses at once); no lab, no traffic beyond the loopback interface.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
    . (Join-Path $PSScriptRoot 'LoopbackModel.ps1')
    $script:model = New-LoopbackModel (Join-Path $TestDrive 'model') @{ ctl01 = '127.0.0.3'; cmp001 = '127.0.0.4' }
    $script:port = Get-ClosedPort
    $script:pwsh = Join-Path $PSHOME 'pwsh'

    # Runs a script in a new pwsh as a CI step would: its exit code, and what it printed.
    function script:Invoke-Step([string] $Body) {
        $file = Join-Path $TestDrive "step-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content $file ("Import-Module '$manifest'`n" + $Body)
        $out = & $pwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
    }
    function script:Runs { @(Get-ChildItem (Join-Path $model '.mcp/runs') -Filter *.json -ErrorAction Ignore) }
}
AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

Describe 'Nothing selected is an error' {
    It 'Invoke-McpState -Target <Target> writes Mcp.TargetNoMatch, runs nothing and journals nothing' -ForEach @(
        @{ Target = 'ctl09' }          # a mistyped node name: a valid host name, but no node
        @{ Target = '10.0.0.5' }       # an address: Invoke-McpState applies states to model nodes only
        @{ Target = 'nosuch* and R@nova.compute' }
    ) {
        $out = @(Invoke-McpState -Path $model -Target $Target -State linux -Port $port -ErrorVariable errs -ErrorAction SilentlyContinue)
        $? | Should -BeFalse
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch*'
        "$($errs[0])" | Should -BeLike "*'$Target' matches no node*"
        Runs | Should -BeNullOrEmpty
    }

    It 'Get-McpNode -Target writes Mcp.TargetNoMatch for an expression that selects nothing, and none when it selects a node another filter drops' {
        @(Get-McpNode -Path $model -Target ctl09 -ErrorVariable errs -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.TargetNoMatch*'
        @(Get-McpNode -Path $model -Target 'ctl*' -Name cmp001 -ErrorVariable errs2 -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        $errs2 | Should -BeNullOrEmpty
    }

    It 'a mistyped node name ends a pwsh -File step with exit code 1 under ErrorActionPreference Stop, and 0 without' {
        $stop = Invoke-Step "`$ErrorActionPreference = 'Stop'`nInvoke-McpState -Path '$model' -Target ctl09 -State linux`n'not reached'"
        $stop.ExitCode | Should -Be 1
        $stop.Output | Should -BeLike '*Mcp*ctl09*' -Because 'the error names the target'
        $stop.Output | Should -Not -BeLike '*not reached*'
        $cont = Invoke-Step "Invoke-McpState -Path '$model' -Target ctl09 -State linux`n'reached'"
        $cont.ExitCode | Should -Be 0
        $cont.Output | Should -BeLike '*reached*'
    }
}

Describe 'A run with a failed node' {
    It 'says Failed, writes one error per node, and runs every node' {
        $out = @(Invoke-McpState -Path $model -Target 'ctl01 or cmp001' -State ntp -Port $port -ErrorVariable errs -ErrorAction SilentlyContinue)
        $run = $out[-1]
        $run | Should -BeOfType [McpModule.States.McpRun]
        $run.Status | Should -Be Failed
        ($run.Nodes.Node | Sort-Object) | Should -Be 'cmp001.lab.local', 'ctl01.lab.local'
        $run.Nodes.Status | Sort-Object -Unique | Should -Be Failed
        $errs.Count | Should -Be 2
    }

    It 'ends a pwsh -File step with exit code 1 under Stop only after every node ran and the run was journalled' {
        $before = @(Runs).Count
        $step = Invoke-Step "`$ErrorActionPreference = 'Stop'`nInvoke-McpState -Path '$model' -Target 'ctl01 or cmp001' -State ntp -Port $port | Export-McpRunReport -Path '$TestDrive/junit.xml'`n'not reached'"
        $step.ExitCode | Should -Be 1
        $step.Output | Should -Not -BeLike '*not reached*'
        @(Runs).Count | Should -Be ($before + 1)
        $run = Get-McpRun -Path $model | Select-Object -First 1
        $run.Status | Should -Be Failed
        ($run.Nodes | Where-Object Status -EQ Failed).Count | Should -Be 2 -Because 'the first error does not stop the other node'
        # the McpRun reached the next command before the error ended the step: CI keeps its report
        [xml] $junit = Get-Content -Raw (Join-Path $TestDrive 'junit.xml')
        $junit.testsuites.failures | Should -Be 2
    }
}

Describe 'Dry runs leave nothing behind' {
    BeforeAll {
        # the model as a git repository, as users keep it: a plan step must leave it clean
        $script:gitModel = Join-Path $TestDrive 'git-model'
        Copy-Item -Recurse $model $gitModel
        Remove-Item -Recurse -Force (Join-Path $gitModel '.mcp') -ErrorAction Ignore
        & git -C $gitModel init -q; & git -C $gitModel add -A
        & git -C $gitModel -c user.name=t -c user.email=t@t commit -qm model
    }

    It 'Invoke-McpState -WhatIf writes no journal: the repository stays clean, the McpRun still comes out' {
        $out = @(Invoke-McpState -Path $gitModel -Target cmp001 -State ntp -Port $port -WhatIf -ErrorAction SilentlyContinue)
        $out[-1] | Should -BeOfType [McpModule.States.McpRun]
        $out[-1].WhatIf | Should -BeTrue
        & git -C $gitModel status --porcelain --ignored | Should -BeNullOrEmpty
        Get-McpRun -Path $gitModel | Should -BeNullOrEmpty
    }

    It 'Invoke-McpState -WhatIf -Journal journals the dry run' {
        $run = @(Invoke-McpState -Path $gitModel -Target cmp001 -State ntp -Port $port -WhatIf -Journal -ErrorAction SilentlyContinue)[-1]
        (Get-McpRun -Path $gitModel -Id $run.RunId).WhatIf | Should -BeTrue
        Remove-Item -Recurse -Force (Join-Path $gitModel '.mcp')
    }

    It 'the RunJournalDirectory setting puts the journal outside the repository, and Get-McpRun reads it there' {
        $journal = Join-Path $TestDrive 'journal'
        $env:MCP_RUNJOURNALDIRECTORY = $journal
        try {
            $run = @(Invoke-McpState -Path $gitModel -Target cmp001 -State ntp -Port $port -ErrorAction SilentlyContinue)[-1]
            Test-Path (Join-Path $journal "$($run.RunId).json") | Should -BeTrue
            (Get-McpRun -Path $gitModel).RunId | Should -Be $run.RunId
            (Get-McpSetting -Path $gitModel -Name RunJournalDirectory).Value | Should -Be $journal
        }
        finally { Remove-Item Env:MCP_RUNJOURNALDIRECTORY }
        & git -C $gitModel status --porcelain --ignored | Should -BeNullOrEmpty
    }

    It 'New-McpCluster writes a .gitignore that keeps the run journal out of git' {
        $path = Join-Path $TestDrive 'new-model'
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure
        Get-Content (Join-Path $path '.gitignore') | Should -Contain '/.mcp/'
        & git -C $path init -q
        $null = New-Item -ItemType Directory -Force (Join-Path $path '.mcp/runs')
        Set-Content (Join-Path $path '.mcp/runs/x.json') '{}'
        & git -C $path check-ignore -q '.mcp/runs/x.json'
        $LASTEXITCODE | Should -Be 0
    }

    It 'Restart-McpLabNode -WhatIf on a lab that does not exist says so instead of "would restart"' {
        $out = Restart-McpLabNode -Cluster nosuchlab -Name ctl01 -WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue 6>&1 | Out-String
        $out | Should -Not -BeLike '*What if*'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.LabNotFound*'
    }
}

Describe 'Verbose and progress' {
    It '-Verbose on a model cmdlet says what was read and how long it took, then that the cache served it' {
        $fresh = Join-Path $TestDrive 'verbose-model'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $fresh
        $first = @(Get-McpNode -Path $fresh -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $first | Should -Match "model $([regex]::Escape($fresh)): read 9 node file\(s\) and \d+ class file\(s\), 1 cluster\(s\) found, in \d+ ms"
        $first | Should -Match 'cluster lab: 9 node\(s\) rendered in \d+ ms'
        $again = @(Get-McpNode -Path $fresh -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $again | Should -Match "from the session's cache"
    }

    It 'shows progress of a run at a prompt, and none in CI or a non-interactive pwsh' {
        # an in-process PowerShell keeps the progress records it is given (a host would draw them)
        function Get-ProgressCount([hashtable] $environment) {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                    param($manifest, $port, $environment)
                    foreach ($k in $environment.Keys) { Set-Item "Env:$k" $environment[$k] }
                    Import-Module $manifest
                    Invoke-McpCommand -Target 127.0.0.9 -Command true -Port $port -ErrorAction SilentlyContinue
                }).AddArgument($manifest).AddArgument($port).AddArgument($environment)
                $null = $ps.Invoke()
                $ps.Streams.Progress.Count
            }
            finally {
                foreach ($k in $environment.Keys) { Remove-Item "Env:$k" -ErrorAction Ignore }
                $ps.Dispose()
            }
        }
        Get-ProgressCount @{ MCP_PROGRESS = 'Always' } | Should -BeGreaterThan 0
        # this test process is pwsh -NonInteractive (build/Invoke-PesterSuite.ps1): no bars
        Get-ProgressCount @{ } | Should -Be 0
        Get-ProgressCount @{ CI = 'true'; MCP_PROGRESS = '' } | Should -Be 0
        Get-ProgressCount @{ MCP_PROGRESS = 'Never' } | Should -Be 0
    }
}
