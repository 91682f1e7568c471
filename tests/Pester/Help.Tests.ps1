# Help where users reach for it: Get-Help -Full of every cmdlet, the about_ topics, the examples
# as written, the manifest's gallery data. Through the built module.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $commands = @((Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).CmdletsToExport | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    function script:Get-HelpText([string] $Name) { Get-Help $Name -Full | Out-String -Width 120 }
}

Describe 'Get-Help -Full of <_>' -ForEach $commands {
    BeforeAll {
        $name = $_
        $command = Get-Command $name
        $shouldProcess = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].SupportsShouldProcess
        $help = Get-Help $name -Full
    }

    It 'shows -WhatIf and -Confirm when the cmdlet supports ShouldProcess, in its parameters and every syntax line' {
        $names = @($help.parameters.parameter.name)
        if (-not $shouldProcess) {
            $names | Should -Not -Contain 'WhatIf'
            return
        }
        $names | Should -Contain 'WhatIf'
        $names | Should -Contain 'Confirm'
        foreach ($item in $help.syntax.syntaxItem) {
            @($item.parameter.name) | Should -Contain 'WhatIf' -Because "every parameter set of $name has -WhatIf"
            @($item.parameter.name) | Should -Contain 'Confirm'
        }
        $whatIf = $help.parameters.parameter | Where-Object name -EQ 'WhatIf'
        ($whatIf.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        $whatIf.aliases | Should -Be 'wi'
        ($help.parameters.parameter | Where-Object name -EQ 'Confirm').aliases | Should -Be 'cf'
        Get-HelpText $name | Should -Match '(?m)^\s+-WhatIf \[<SwitchParameter>\]'
    }

    It 'has no markdown table left as a line of pipes' {
        Get-HelpText $name | Should -Not -Match '\|\s*---'
        Get-HelpText $name | Should -Not -Match '\| \|'
    }
}

Describe 'Markdown tables in help' {
    It 'shows each setting of Get-McpSetting on its own line, with its default and meaning' {
        $lines = @((Get-HelpText Get-McpSetting) -split '\r?\n')
        $settings = @(Get-McpSetting -Path (Join-Path $root 'examples/models/lab')).Name
        $settings.Count | Should -BeGreaterThan 10
        foreach ($setting in $settings) {
            $at = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match "^\s+$setting \(Default: ") { $i } })
            $at.Count | Should -Be 1 -Because "$setting starts a line of the settings table"
            $lines[$at[0] + 1] | Should -Match '^\s{8}\S' -Because "the meaning of $setting is on the next line, indented"
        }
        $lines | Should -Contain '    SshPort (Default: 22)'
    }

    It 'shows each -Target matcher of Get-McpNode on its own line' {
        $lines = @((Get-HelpText Get-McpNode) -split '\r?\n' | ForEach-Object Trim)
        foreach ($matcher in '`ctl*`, `cmp00[1-3]`', '`E@^ctl0[12]$`', '`L@ctl01,cmp001`', '`I@keepalived:cluster`, `I@linux:system:name:ctl*`', '`R@nova.compute`', '`D@lab-dc1`') {
            $lines | Should -Contain $matcher
        }
    }

    It 'keeps a code block of a description, indented, instead of dropping it' {
        $text = Get-HelpText Get-McpSetting
        $text | Should -Match '(?m)^ {8}\{\r?$'
        $text | Should -Match '(?m)^ {10}"JumpHost": "cfg01",\r?$'
    }
}

Describe 'The built manifest' {
    BeforeAll {
        $info = Test-ModuleManifest -Path $manifest
    }

    It 'names the project, its license and the release notes, with tags' {
        $info.ProjectUri | Should -Not -BeNullOrEmpty
        $info.ProjectUri.IsAbsoluteUri | Should -BeTrue
        $info.LicenseUri | Should -Not -BeNullOrEmpty
        $info.LicenseUri.AbsoluteUri | Should -BeLike '*/LICENSE'
        $info.ReleaseNotes | Should -Match '0\.1\.0'
        $info.Tags | Should -Contain 'reclass'
        $info.Tags | Should -Contain 'PSEdition_Core'
        $info.Copyright | Should -BeLike '*2026 McpModule contributors*'
    }

    It 'ships the MIT LICENSE of the repository beside it' {
        $license = Join-Path (Split-Path $manifest) 'LICENSE'
        $license | Should -Exist
        Get-Content -Raw $license | Should -Be (Get-Content -Raw (Join-Path $root 'LICENSE'))
        Get-Content -Raw $license | Should -Match '^MIT License'
        Get-Content -Raw $license | Should -Match 'Copyright \(c\) 2026 McpModule contributors'
    }
}

# Every example of Get-Help, as a user copies it: the commands after "PS> " (with the lines that
# continue them; the output shown below them is left out), or the whole code when it has no prompt.
# Each runs in a folder of its own laid out as the repository is (examples/, tests/contexts/) with
# ./model a copy of the example model that has a run journal (a sharded run's parts too), ./parts
# those parts as a CI job downloads them, and ./out/runs/ for reports;
# ./model is left out when the example writes it (New-McpCluster), and written by New-McpCluster
# where the example needs such a model (Get-McpNetworkPlan). Under
# $ErrorActionPreference = 'Stop' any error record fails the example.
BeforeDiscovery {
    $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
    Import-Module (Join-Path $root "out/McpModule/$version/McpModule.psd1") -Force

    # Examples that are not run, and why.
    $notRun = @{
        'Get-McpHostKey'     = 'reaches nodes over SSH (a network and nodes)'
        'Disconnect-McpNode' = 'its examples first reach nodes over SSH; ConnectionReuse.Tests.ps1 does the same against real sshd'
        'Invoke-McpCommand'  = 'reaches nodes over SSH (a network and nodes)'
        'Invoke-McpState'    = 'reaches nodes over SSH (-WhatIf too: the checks run on the nodes), or starts a lab'
        'Start-McpLab'       = 'starts a lab: Linux and root (systemd-nspawn, a bridge)'
        'Get-McpLab'         = 'reads a running lab (Start-McpLab: Linux and root)'
        'Stop-McpLab'        = 'stops a running lab (Start-McpLab: Linux and root)'
        'Restart-McpLabNode' = 'restarts a node of a running lab (Start-McpLab: Linux and root)'
        'Get-McpCephDevice'  = 'asks ceph-volume on nodes over SSH (a Ceph node or a lab)'
        'Get-McpCephOsd'     = 'asks a Ceph monitor over SSH (a running cluster or a lab)'
        'Add-McpCephOsd'     = 'checks devices on nodes and asks the monitors over SSH (-WhatIf too), then makes OSDs'
        'Remove-McpCephOsd'  = 'asks the monitors over SSH (-WhatIf too), then drains and removes OSDs'
        'Get-McpMetric'      = 'collects from nodes over SSH (a network and nodes)'
        'Get-McpHealth'      = 'collects from nodes over SSH (a network and nodes); its replay is run by Health.Tests.ps1'
        'Export-McpHealth'   = 'its input comes from a collection over SSH; Health.Tests.ps1 runs it on metrics given'
        'Start-McpHealthExporter' = 'collects from nodes over SSH and listens on a port; Health.Tests.ps1 runs it under a real Prometheus'
        'Stop-McpHealthExporter'  = 'stops what Start-McpHealthExporter started (its example starts one over SSH)'
        'Get-McpCapacity'    = 'collects from nodes over SSH (a network and nodes); Capacity.Tests.ps1 runs it on metrics given'
        'Export-McpHealthReport' = 'its input comes from a collection over SSH or a metric file; HealthReport.Tests.ps1 runs it on metrics given'
    }
    # Examples that show an error on purpose: the ErrorId they must write.
    $expectedError = @{
        'Get-McpVcpSizing|Example 4: A cloud beyond the compact layout' = 'Mcp.VcpSizing.BeyondCompactLayout'
        'Select-McpCephDevice|Example 3: The spec as text, and the error that names the key at fault' = 'Mcp.Ceph.InvalidOsdSpec'
    }
    # Examples whose ./model is one New-McpCluster wrote (it carries a network plan).
    $generatedModel = @('Get-McpNetworkPlan')
    # Examples whose ./model is a git repository: the example model committed, then one edit in the
    # working tree (a _param every node has: classes/cluster/lab/init.yml's ntp_strata_host2).
    $gitModel = @('Compare-McpModel', 'Export-McpModelChange')
    # Examples that are Pester tests rather than commands: run with Invoke-Pester in a new pwsh.
    $pesterExample = @('Test-McpModel|Example 3: A gate in a Pester test')

    $examples = foreach ($command in $commands) {
        foreach ($example in (Get-Help $command -Full).examples.example) {
            $title = $example.title.Trim('- ')
            $key = "$command|$title"
            @{
                Command       = $command
                Title         = $title
                Code          = $example.code
                Skip          = $notRun[$command]
                ExpectedError = $expectedError[$key]
                Pester        = $key -in $pesterExample
                Generated     = $command -in $generatedModel
                Git           = $command -in $gitModel
            }
        }
    }
}

Describe 'Help examples, run as written' {
    BeforeAll {
        # The commands of an example's code: "PS> " lines and the lines that complete them.
        function script:Get-ExampleScript([string] $Code) {
            $lines = @($Code -split '\r?\n')
            if (-not ($lines | Where-Object { $_.StartsWith('PS> ') })) { return $Code }
            $commands = [System.Collections.Generic.List[string]]::new()
            $current = $null
            foreach ($line in $lines) {
                if ($line.StartsWith('PS> ')) {
                    if ($null -ne $current) { $commands.Add($current) }
                    $current = $line.Substring(4)
                    continue
                }
                if ($null -ne $current) {
                    $errors = $null
                    $null = [System.Management.Automation.Language.Parser]::ParseInput($current, [ref] $null, [ref] $errors)
                    if ($errors | Where-Object IncompleteInput) { $current += "`n" + $line; continue }
                    $commands.Add($current)
                    $current = $null   # what follows is output
                }
            }
            if ($null -ne $current) { $commands.Add($current) }
            $commands -join "`n"
        }

        # A folder laid out as the repository, for one example.
        $script:examplesSource = Join-Path $root 'examples'
        $script:contextsSource = Join-Path $root 'tests/contexts'
        $script:journalModel = Join-Path $TestDrive 'journal-model'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $journalModel
        # Two runs in its journal: one that failed a resource, one that succeeded, and the id the examples name.
        $t = [datetimeoffset]::new(2026, 11, 25, 18, 15, 0, [timespan]::Zero)
        foreach ($run in @(
                @{ Id = '20261125T181500Z-1a2b3c'; Started = $t; Result = 'Failed'; Status = 'Failed' }
                @{ Id = '20261126T090000Z-4d5e6f'; Started = $t.AddHours(15); Result = 'Changed'; Status = 'Succeeded' })) {
            $result = [McpModule.States.McpStateResult]::new('ctl01.lab.local', 'ntp_service', 'service:chrony', $run.Result, $null, 'a comment', [timespan]::FromSeconds(1))
            $node = [McpModule.States.McpNodeRun]::new('ctl01.lab.local', $run.Status, [McpModule.States.McpStateResult[]] @($result), $null, $null)
            $record = [McpModule.States.McpRun]::new($run.Id, $run.Started, $run.Started.AddSeconds(20), 'ops', $journalModel, $null,
                [string[]] @('ctl01'), [string[]] @('ntp'), $false, $run.Status, [McpModule.States.McpNodeRun[]] @($node))
            $null = [McpModule.States.Journal.RunJournal]::Write($record, $journalModel)
        }
        # A sharded run, 4711, of two parts (older than the runs above), for Merge-McpRun's examples;
        # each node in the part of the shard its name hashes to.
        $shardTargets = [string[]] @('ctl01.lab.local', 'cmp001.lab.local')
        foreach ($k in 1, 2) {
            $started = $t.AddDays(-1).AddSeconds($k)
            $nodes = [McpModule.States.McpNodeRun[]] @($shardTargets | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 2) -eq $k } | ForEach-Object {
                    $result = [McpModule.States.McpStateResult]::new($_, 'ntp_service', 'service:chrony', 'Unchanged', $null, $null, [timespan]::FromSeconds(1))
                    [McpModule.States.McpNodeRun]::new($_, 'Succeeded', [McpModule.States.McpStateResult[]] @($result), $null, $null) })
            $part = [McpModule.States.McpRun]::new('4711', $started, $started.AddSeconds(20), 'ci', $journalModel, $null, $shardTargets, [string[]] @('ntp'),
                $false, 'Succeeded', $nodes, "runner-$k", 'Invoke-McpState', $null, [McpModule.States.McpShard]::new($k, 2))
            $null = [McpModule.States.Journal.RunJournal]::Write($part, $journalModel)
        }
        function script:New-ExampleFolder([string] $Name, [switch] $NoModel) {
            $folder = Join-Path $TestDrive ($Name -replace '[^A-Za-z0-9-]', '_')
            $null = New-Item -ItemType Directory -Path (Join-Path $folder 'out/runs') -Force
            Copy-Item -Recurse $examplesSource (Join-Path $folder 'examples')
            $null = New-Item -ItemType Directory -Path (Join-Path $folder 'tests') -Force
            Copy-Item -Recurse $contextsSource (Join-Path $folder 'tests/contexts')
            if (-not $NoModel) { Copy-Item -Recurse $journalModel (Join-Path $folder 'model') }
            # ./parts: the parts of the sharded run as a CI job downloads them, a folder per runner
            foreach ($k in 1, 2) {
                $null = New-Item -ItemType Directory -Path (Join-Path $folder "parts/mcp-run-shard-$k") -Force
                Copy-Item (Join-Path $journalModel ".mcp/runs/4711/shard-$k-of-2.json") (Join-Path $folder "parts/mcp-run-shard-$k")
            }
            $folder
        }
        $script:pwsh = Join-Path $PSHOME 'pwsh'
        $script:pester = Join-Path $root 'tools/Pester.psd1'
    }

    It '<Command> <Title>' -ForEach $examples {
        if ($Skip) { Set-ItResult -Skipped -Because "$Command $($Skip)"; return }
        $script = Get-ExampleScript $Code
        $script | Should -Not -BeNullOrEmpty
        $writesModel = $script -match 'New-McpCluster\b.*-Path \./model'
        $folder = New-ExampleFolder "$Command-$Title" -NoModel:($writesModel -or $Generated)
        if ($Generated -and -not $writesModel) {
            $null = New-McpCluster -Name lab -Domain lab.local -Path (Join-Path $folder 'model') -ErrorAction Stop
        }
        if ($Git) {
            $gitModel = Join-Path $folder 'model'
            foreach ($arguments in @(@('init', '-q'), @('add', '-A'), @('commit', '-qm', 'model'))) {
                $out = & git -C $gitModel -c user.name=test -c user.email=test@example.invalid @arguments 2>&1
                $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
            }
            $init = Join-Path $gitModel 'classes/cluster/lab/init.yml'
            [IO.File]::WriteAllText($init, [IO.File]::ReadAllText($init).Replace('ntp_strata_host2: 1.pool.ntp.org', 'ntp_strata_host2: 2.pool.ntp.org'))
        }

        if ($Pester) {
            $file = Join-Path $folder 'example.Tests.ps1'
            Set-Content $file $script
            $runner = "Import-Module '$pester'; Import-Module '$manifest'; Set-Location '$folder'; " +
                "`$r = Invoke-Pester -Path '$file' -PassThru -Output None; exit (`$r.FailedCount + `$r.NotRunCount + [int](`$r.PassedCount -eq 0))"
            $out = & $pwsh -NoProfile -NonInteractive -Command $runner 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
            return
        }

        $saved = @(Get-ChildItem env:MCP_* | ForEach-Object { @{ Name = $_.Name; Value = $_.Value } })
        Push-Location $folder
        try {
            $block = [scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n" + $script)
            if ($ExpectedError) {
                $thrown = $null
                try { $null = & $block | Out-String } catch { $thrown = $_ }
                $thrown | Should -Not -BeNullOrEmpty -Because 'the example shows an error'
                $thrown.FullyQualifiedErrorId | Should -BeLike "$ExpectedError,*"
            }
            else {
                { $null = & $block | Out-String -Width 200 } | Should -Not -Throw
            }
        }
        finally {
            Pop-Location
            Get-ChildItem env:MCP_* | Remove-Item
            foreach ($variable in $saved) { Set-Item "env:$($variable.Name)" $variable.Value }
        }
    }
}

Describe 'About topics' {
    BeforeDiscovery {
        $topics = @(
            @{ Topic = 'about_McpModule_Model'; Words = 'reclass-config.yml', 'Mcp.ClassNotFound', 'Mcp.YamlSyntax', 'line and column', 'cluster.<name>', '_param' }
            @{ Topic = 'about_McpModule_Targeting'; Words = 'E@', 'L@', 'I@', 'R@', 'D@', 'not binds tighter', 'Mcp.TargetInvalid', 'Mcp.TargetNoMatch' }
            @{ Topic = 'about_McpModule_Formulas'; Words = 'shell_quote', 'yaml_quote', 'json', 'Mcp.State.ValueChangesShape', 'require', 'onchanges', 'file.managed', 'fsync', '/run/lock/mcp-state.lock', 'Mcp.State.NodeBusy' }
            @{ Topic = 'about_McpModule_Lab'; Words = 'Start-McpLab', 'Get-McpLab', 'Stop-McpLab', 'Restart-McpLabNode', 'root', 'Linux', 'MCP_LAB_STATE_DIR', 'systemd-nspawn' }
            @{ Topic = 'about_McpModule_CI'; Words = 'exit code', '-Shard', 'Merge-McpRun', 'Mcp.Run.MergeShardMissing' }
        )
    }

    It 'Get-Help <Topic> shows the topic' -ForEach $topics {
        Join-Path $module.ModuleBase "en-US/$Topic.help.txt" | Should -Exist
        $text = Get-Help $Topic | Out-String
        $text | Should -Match "TOPIC\s+$Topic\b"
        foreach ($word in $Words) { $text | Should -Match ([regex]::Escape($word)) -Because "$Topic covers $word" }
    }

    It 'about_McpModule lists every cmdlet of the module and points to the other topics' {
        $text = Get-Help about_McpModule | Out-String
        foreach ($command in (Get-Command -Module McpModule).Name) { $text | Should -Match "\b$command\b" -Because "about_McpModule lists $command" }
        foreach ($topic in 'about_McpModule_Model', 'about_McpModule_Targeting', 'about_McpModule_Formulas', 'about_McpModule_Lab', 'about_McpModule_CI') {
            $text | Should -Match $topic
        }
    }

    It 'names in every topic only topics and cmdlets that exist' {
        $commands = @((Get-Command -Module McpModule).Name)
        foreach ($file in Get-ChildItem (Join-Path $module.ModuleBase 'en-US') -Filter 'about_*.help.txt') {
            $text = Get-Content -Raw $file.FullName
            foreach ($name in [regex]::Matches($text, '\babout_McpModule\w*') | ForEach-Object Value | Sort-Object -Unique) {
                Join-Path $module.ModuleBase "en-US/$name.help.txt" | Should -Exist -Because "$($file.Name) names $name"
            }
            foreach ($name in [regex]::Matches($text, '\b[A-Z][a-z]+-Mcp\w+') | ForEach-Object Value | Sort-Object -Unique) {
                $commands | Should -Contain $name -Because "$($file.Name) names $name"
            }
        }
    }
}
