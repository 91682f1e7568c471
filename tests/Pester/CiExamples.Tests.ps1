# The CI examples (examples/ci/github-actions.yml, examples/ci/Jenkinsfile) run as their CI servers
# would run them, against a lab: tests/ci/ci_steps.py reads the workflow's jobs and `run:` steps and
# the Jenkinsfile's stages and `sh` steps, and runs them in order, each job or agent in a fresh clone
# of a model repository made here, passing only artifacts and stashes between them. GitHub's API
# (the pull-request comment) is the one part with a stand-in: a `gh` that records the comment
# (no network). The lab: four nodes of the example model (examples/models/lab) with linux, openssh
# and ntp, the states the pipelines are given (the repository variables MCP_TARGET, MCP_STATES;
# Jenkins parameters TARGET, STATES). Tagged Lab (Linux, root). Own lab state folder (out/ci-test).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'The CI examples run against the lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'ci-test'
        $script:runner = Join-Path $root 'tests/ci/ci_steps.py'
        # Debian's python3, which has python3-yaml (tests/prerequisites.txt), whatever python3 PATH finds
        $script:python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { 'python3' }
        $script:workflow = Join-Path $root 'examples/ci/github-actions.yml'
        $script:jenkinsfile = Join-Path $root 'examples/ci/Jenkinsfile'
        $script:nodes = 'cmp001.lab.local', 'ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local'
        $script:target = 'ctl* or cmp001'
        $script:states = 'linux,openssh,ntp'
        $script:workspacesKept = @()

        function script:RepoGit { & git -C $repo -c user.name=ci -c user.email=ci@example.invalid @args; if ($LASTEXITCODE) { throw "git $args failed" } }

        # The model repository: the example model on main, with the CPU alarm off (lab nodes read the
        # host's /proc/stat, whose load is this machine's, not the lab's).
        $script:repo = Join-Path $TestDrive 'repo'
        & git init -q -b main $repo
        $null = New-LabSuiteModel lab (Join-Path $repo 'model') -Cluster lab -Class ci -After cluster.lab.infra -Yaml ("parameters:`n" + $LabCpuAlarmOff)
        RepoGit add -A
        RepoGit commit -qm 'the model'

        $cluster = Get-McpCluster -Path (Join-Path $repo 'model')
        if (Get-McpLab -Cluster lab -ErrorAction Ignore) { Stop-McpLab -Cluster lab -Confirm:$false }
        $null = Start-McpLab -Cluster $cluster -Node ctl01, ctl02, ctl03, cmp001 -PackageFromState linux, openssh, ntp -Confirm:$false

        # what a runner machine has: pwsh and McpModule on its paths
        $script:machineEnv = @("PATH=$PSHOME$([IO.Path]::PathSeparator)$env:PATH", "PSModulePath=$(Join-Path $root 'out')")

        # Runs a pipeline: its exit code, its steps (steps.json) and the folder of its artifacts and comments.
        function script:Invoke-Pipeline([string] $Kind, [string] $Name, [string[]] $Arguments) {
            $out = Join-Path $TestDrive $Name
            $file = if ($Kind -eq 'github') { $workflow } else { $jenkinsfile }
            $envArgs = foreach ($e in $machineEnv) { '--env', $e }
            & $python $runner $Kind $file --repo $repo --out $out --keep @envArgs @Arguments | Write-Host
            $code = $LASTEXITCODE
            # kept with the test results: what each pipeline published, commented and ran
            $kept = Join-Path $root "out/test-results/ci-examples/$Name"
            Remove-Item $kept -Recurse -Force -ErrorAction Ignore
            $null = New-Item -ItemType Directory -Force $kept
            Get-ChildItem $out -Exclude '.store' | Copy-Item -Destination $kept -Recurse
            $record = Get-Content -Raw (Join-Path $out 'steps.json') | ConvertFrom-Json
            $script:workspacesKept += @($record.workspaces.PSObject.Properties.Value)
            [pscustomobject]@{ ExitCode = $code; Steps = @($record.steps); Workspaces = $record.workspaces; Out = $out }
        }
        function script:GitHub([string] $Name, [string[]] $Arguments) {
            Invoke-Pipeline github $Name (@('--var', "MCP_TARGET=$target", '--var', "MCP_STATES=$states") + $Arguments)
        }
        function script:Jenkins([string] $Name, [string[]] $Arguments) {
            Invoke-Pipeline jenkins $Name (@('--param', "TARGET=$target", '--param', "STATES=$states") + $Arguments)
        }
        function script:Ran($pipeline) { @($pipeline.Steps | Where-Object { -not $_.skipped } | ForEach-Object { "$($_.job) / $($_.name)" }) }
        function script:Failed($pipeline) { @($pipeline.Steps | Where-Object { $_.exitCode -and $_.exitCode -ne 0 } | ForEach-Object { "$($_.job) / $($_.name): $($_.exitCode)" }) }
        # The NTP servers chrony was given on each lab node.
        function script:ChronyServers {
            $servers = @{}
            foreach ($r in Invoke-McpCommand -Path (Join-Path $repo 'model') -Target $target -Command "grep -h '^server ' /etc/chrony/chrony.conf /etc/chrony/conf.d/*.conf 2>/dev/null | sort") {
                $servers[$r.Node] = $r.StdOut.Trim()
            }
            $servers
        }
        # The merged JUnit report: testsuite name → its testcases' names.
        function script:JUnitNodes([string] $path) {
            [xml] $x = Get-Content -Raw $path
            @($x.SelectNodes('//testsuite') | ForEach-Object { $_.name } | Sort-Object -Unique)
        }
    }

    AfterAll {
        Exit-LabSuite lab
        # the runners' workspaces, kept (--keep) for the checks above
        foreach ($w in $workspacesKept) { Remove-Item $w -Recurse -Force -ErrorAction Ignore }
    }

    It 'GitHub Actions, a push to main: validates, applies in 4 shards, merges one run and one JUnit report, and passes the health gate with the page published' {
        $p = GitHub 'gh-deploy' @('--event', 'push', '--ref', 'main', '--run-id', '101')

        Failed $p | Should -BeNullOrEmpty
        $p.ExitCode | Should -Be 0
        $ran = Ran $p
        $ran | Should -Not -Contain 'review / Validate the model'
        foreach ($k in 1..4) { $ran | Should -Contain "apply ($k) / Apply shard $k of 4" }
        $ran | Should -Contain 'report / One run, one JUnit report'
        $ran | Should -Contain 'report / Health gate'
        # each shard's part of run gh-101, as the runners uploaded them, and the merged report over every node
        $parts = @(Get-ChildItem (Join-Path $p.Out 'artifacts/out/runs') -Recurse -Filter 'shard-*-of-4.json' | ForEach-Object Name | Sort-Object)
        $parts | Should -Be @('shard-1-of-4.json', 'shard-2-of-4.json', 'shard-3-of-4.json', 'shard-4-of-4.json')
        $junit = Join-Path $p.Out 'artifacts/out/junit.xml'
        JUnitNodes $junit | Should -Be $nodes
        ([xml] (Get-Content -Raw $junit)).testsuites.failures | Should -Be '0'
        $page = Get-Content -Raw (Join-Path $p.Out 'artifacts/out/health.html')
        $page | Should -Match 'After run gh-101'
        foreach ($n in $nodes) { $page | Should -Match ([regex]::Escape($n)) }
        (ChronyServers).Values | ForEach-Object { $_ | Should -Match 'server 0\.pool\.ntp\.org' }
    }

    It 'GitHub Actions, a pull request: comments what the change does to every node and plans the run, writing nothing to the repository or the nodes' {
        RepoGit checkout -qb ntp-servers
        $init = Join-Path $repo 'model/classes/cluster/lab/init.yml'
        [IO.File]::WriteAllText($init, ((Get-Content -Raw $init) -replace 'ntp_strata_host1: 0\.pool\.ntp\.org', 'ntp_strata_host1: 2.pool.ntp.org'))
        RepoGit commit -qam 'another NTP server'
        RepoGit checkout -q main

        $p = GitHub 'gh-review' @('--event', 'pull_request', '--ref', 'ntp-servers', '--base-ref', 'main')

        Failed $p | Should -BeNullOrEmpty
        $p.ExitCode | Should -Be 0
        $ran = Ran $p
        $ran | Should -Contain 'review / Comment on the pull request'
        @($ran | Where-Object { $_ -like 'apply*' -or $_ -like 'report*' }) | Should -BeNullOrEmpty
        $comment = Get-Content -Raw (Join-Path $p.Out 'comments/pr-7.md')
        $comment | Should -Match 'ntp:client:strata'
        $comment | Should -Match '2\.pool\.ntp\.org'
        $comment | Should -BeExactly (Get-Content -Raw (Join-Path $p.Out 'artifacts/out/model-change.md'))
        # the plan: the NTP configuration would change on every lab node
        [xml] $plan = Get-Content -Raw (Join-Path $p.Out 'artifacts/out/whatif-junit.xml')
        @($plan.SelectNodes('//testsuite') | ForEach-Object name | Sort-Object -Unique) | Should -Be $nodes
        # nothing written: the model in the runner's checkout is as committed, the nodes as they were
        $workspace = $p.Workspaces.review
        & git -C $workspace status --porcelain --ignored -- model | Should -BeNullOrEmpty
        & git -C $workspace rev-parse HEAD | Should -Be (& git -C $repo rev-parse ntp-servers)
        (ChronyServers).Values | ForEach-Object { $_ | Should -Not -Match '2\.pool' }
    }

    It 'GitHub Actions, the pull request merged: the push to main applies it' {
        RepoGit merge -q --ff-only ntp-servers

        $p = GitHub 'gh-merge' @('--event', 'push', '--ref', 'main', '--run-id', '102')

        Failed $p | Should -BeNullOrEmpty
        $p.ExitCode | Should -Be 0
        JUnitNodes (Join-Path $p.Out 'artifacts/out/junit.xml') | Should -Be $nodes
        $servers = ChronyServers
        $servers.Keys | Sort-Object | Should -Be $nodes
        $servers.Values | ForEach-Object { $_ | Should -Match 'server 2\.pool\.ntp\.org' }
    }

    It 'Jenkins, a change request then main: the same review comment and plan, then the shards, one report and the health gate' {
        RepoGit checkout -qb ntp-second
        $init = Join-Path $repo 'model/classes/cluster/lab/init.yml'
        [IO.File]::WriteAllText($init, ((Get-Content -Raw $init) -replace 'ntp_strata_host2: 1\.pool\.ntp\.org', 'ntp_strata_host2: 3.pool.ntp.org'))
        RepoGit commit -qam 'a second NTP server'
        RepoGit checkout -q main

        $review = Jenkins 'jenkins-review' @('--branch', 'ntp-second', '--change-target', 'main')
        Failed $review | Should -BeNullOrEmpty
        $review.ExitCode | Should -Be 0
        Ran $review | Should -Contain 'Review / pullRequest.comment'
        Get-Content -Raw (Join-Path $review.Out 'comments/pr-7.md') | Should -Match '3\.pool\.ntp\.org'
        Test-Path (Join-Path $review.Out 'artifacts/out/whatif-junit.xml') | Should -BeTrue
        @(Ran $review | Where-Object { $_ -like 'Apply*' -or $_ -like 'Report*' }) | Should -BeNullOrEmpty
        (ChronyServers).Values | ForEach-Object { $_ | Should -Not -Match '3\.pool' }

        RepoGit merge -q --ff-only ntp-second
        $deploy = Jenkins 'jenkins-deploy' @('--branch', 'main')
        Failed $deploy | Should -BeNullOrEmpty
        $deploy.ExitCode | Should -Be 0
        foreach ($k in 1..4) { Ran $deploy | Should -Contain "Apply ($k) / Shard / post always / stash run-part-$k" }
        JUnitNodes (Join-Path $deploy.Out 'artifacts/out/junit.xml') | Should -Be $nodes
        Get-Content -Raw (Join-Path $deploy.Out 'artifacts/out/health.html') | Should -Match 'After run jenkins-model-main-1'
        (ChronyServers).Values | ForEach-Object { $_ | Should -Match 'server 3\.pool\.ntp\.org' }
    }

    It 'a pull request with a broken model fails at validation in both, and nothing after it runs' {
        RepoGit checkout -qb broken
        Add-Content -LiteralPath (Join-Path $repo 'model/classes/cluster/lab/ci.yml') -Value "      broken: [unclosed`n"
        RepoGit commit -qam 'a YAML error'
        RepoGit checkout -q main

        $gh = GitHub 'gh-broken' @('--event', 'pull_request', '--ref', 'broken', '--base-ref', 'main')
        $gh.ExitCode | Should -Be 1
        Failed $gh | Should -Be @('review / Validate the model: 1')
        Ran $gh | Should -Not -Contain 'review / Comment on the pull request'
        Test-Path (Join-Path $gh.Out 'comments/pr-7.md') | Should -BeFalse

        $jenkins = Jenkins 'jenkins-broken' @('--branch', 'broken', '--change-target', 'main')
        $jenkins.ExitCode | Should -Be 1
        @(Failed $jenkins) | Should -HaveCount 1
        @(Failed $jenkins)[0] | Should -BeLike 'Validate / sh: *'
        Ran $jenkins | Should -Not -Contain 'Review / pullRequest.comment'
    }
}
