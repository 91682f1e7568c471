# Get-McpRun and Export-McpRunReport over run journals the engine writes (McpModule.States.Journal).
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    # The engine's types below are named as a user's script would, right after Import-Module.

    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }

    function New-Result([string] $Node, [string] $StateId, [string] $Resource, [string] $Result, [string] $Changes, [string] $Comment) {
        [McpModule.States.McpStateResult]::new($Node, $StateId, $Resource, $Result, $Changes, $Comment, [timespan]::FromMilliseconds(1500))
    }

    # A run of three nodes: ctl01 with every kind of result, cmp01 unreachable, kvm01 interrupted.
    function New-Run([string] $Id, [datetimeoffset] $Started, [string] $Status = 'Failed', [string] $Log = "apt-get update`nok`n") {
        $ctl = [McpModule.States.McpNodeRun]::new('ctl01', 'Failed', [McpModule.States.McpStateResult[]] @(
                (New-Result ctl01 ntp_pkg 'pkg:ntp' Unchanged $null 'installed'),
                (New-Result ctl01 ntp_conf 'file:/etc/ntp.conf' Changed "-server a`n+server b" 'written'),
                (New-Result ctl01 ntp_service 'service:ntp' Failed 'dead -> running' 'start failed: exit 1'),
                (New-Result ctl01 ntp_restart 'cmd:systemctl restart ntp' Skipped $null 'requisite ntp_service failed')), $null, $Log)
        $cmp = [McpModule.States.McpNodeRun]::new('cmp01', 'Failed', [McpModule.States.McpStateResult[]] @(), 'unreachable: connection refused', $null)
        $kvm = [McpModule.States.McpNodeRun]::new('kvm01', 'Interrupted', [McpModule.States.McpStateResult[]] @(
                (New-Result kvm01 ntp_pkg 'pkg:ntp' Changed 'absent -> 4.2' $null)), 'stopped by Ctrl+C', $null)
        [McpModule.States.McpRun]::new($Id, $Started, $Started.AddSeconds(90), 'alice', '/srv/model', 'abc123',
            [string[]] @('ctl* or cmp* or kvm*'), [string[]] @('ntp'), $false, $Status,
            [McpModule.States.McpNodeRun[]] @($ctl, $cmp, $kvm))
    }
}

Describe 'Get-McpRun' {
    BeforeEach {
        $repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $repo
        $t = [datetimeoffset]::new(2026, 11, 25, 18, 0, 0, [timespan]::Zero)
        $ids = foreach ($hour in 0, 2, 1) { [McpModule.States.Journal.RunJournal]::NewRunId($t.AddHours($hour)) }
        foreach ($n in 0..2) { $null = [McpModule.States.Journal.RunJournal]::Write((New-Run $ids[$n] $t.AddHours((0, 2, 1)[$n])), $repo) }
        $runsDir = Join-Path $repo '.mcp/runs'
    }

    It 'reads back every run the engine wrote, newest first, as McpRun objects' {
        $runs = @(Get-McpRun -Path $repo)
        $runs.Count | Should -Be 3
        $runs | Should -BeOfType McpModule.States.McpRun
        $runs.RunId | Should -Be @($ids[1], $ids[2], $ids[0])
        $run = $runs[0]
        $run.Started | Should -Be $t.AddHours(2)
        $run.Duration | Should -Be ([timespan]::FromSeconds(90))
        $run.User | Should -Be 'alice'
        $run.ModelCommit | Should -Be 'abc123'
        $run.Targets | Should -Be 'ctl* or cmp* or kvm*'
        $run.Status | Should -Be 'Failed'
        $run.Nodes.Node | Should -Be @('ctl01', 'cmp01', 'kvm01')
        $run.Nodes[0].Results.Result | Should -Be @('Unchanged', 'Changed', 'Failed', 'Skipped')
        $run.Nodes[0].Results[1].Changes | Should -Be "-server a`n+server b"
        $run.Nodes[0].Results[1].Duration | Should -Be ([timespan]::FromMilliseconds(1500))
        $run.Nodes[1].Error | Should -Be 'unreachable: connection refused'
        $run.Nodes[2].Status | Should -Be 'Interrupted'
    }

    It 'reads the current location when -Path is not given' {
        Push-Location $repo
        try { @(Get-McpRun).Count | Should -Be 3 } finally { Pop-Location }
    }

    It 'selects runs by id with wildcards and keeps the newest with -Last' {
        @(Get-McpRun -Path $repo -Id $ids[0]).RunId | Should -Be $ids[0]
        @(Get-McpRun -Path $repo -Id '20261125T2*').RunId | Should -Be $ids[1]
        @(Get-McpRun -Path $repo -Last 2).RunId | Should -Be @($ids[1], $ids[2])
        @(Get-McpRun -Path $repo -Id 'nothing-*').Count | Should -Be 0
    }

    It 'shows RunId, Started, Duration, Status, WhatIf, Nodes and Failed by default' {
        $text = Get-McpRun -Path $repo -Last 1 | Format-Table | Out-String -Width 200
        $text | Should -Match 'RunId\s+Started\s+Duration\s+Status\s+WhatIf\s+Nodes\s+Failed'
        $text | Should -Match ([regex]::Escape($ids[1]) + '\s+\S+ \S+\s+00:01:30\.000\s+Failed\s+False\s+3\s+2')
    }

    It 'reports a corrupt journal file by name and still returns the other runs' {
        $bad = Join-Path $runsDir '20261126T000000Z-ffffff.json'
        Set-Content -Path $bad -Value '{ "version": 1, "runId": '
        $runs = @(Get-McpRun -Path $repo -ErrorVariable errors -ErrorAction SilentlyContinue)
        $runs.Count | Should -Be 3
        $errors.Count | Should -Be 1
        Get-ErrorId $errors[0] | Should -Be 'Mcp.RunJournalInvalid'
        $errors[0].TargetObject | Should -Be $bad
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike "*$bad*not valid JSON*"
    }

    It 'reports an id that matches no run' {
        $null = Get-McpRun -Path $repo -Id 'no-such-run' -ErrorVariable errors -ErrorAction SilentlyContinue
        Get-ErrorId $errors[0] | Should -Be 'Mcp.RunNotFound'
        $errors[0].TargetObject | Should -Be 'no-such-run'
    }

    It 'reports a model path that does not exist and creates nothing' {
        $missing = Join-Path $TestDrive 'missing'
        { Get-McpRun -Path $missing } | Should -Throw -ErrorId 'Mcp.PathNotFound*'   # as every cmdlet's -Path (Model.Tests)
        Test-Path $missing | Should -BeFalse
    }

    It 'returns nothing for a repository without a journal' {
        $empty = Join-Path $TestDrive 'empty'
        $null = New-Item -ItemType Directory -Path $empty -Force
        @(Get-McpRun -Path $empty -ErrorVariable errors).Count | Should -Be 0
        $errors.Count | Should -Be 0
    }

    It 'never shows a secret the engine masked before writing' {
        $masker = [McpModule.States.Journal.SecretMasker]::new([string[]] @('Sup3r!'))
        $run = New-Run 'masked' $t -Log "login root Sup3r!`nMYSQL_PASSWORD=other`n"
        $file = [McpModule.States.Journal.RunJournal]::Write($run, $repo, $masker)
        Get-Content -Raw $file | Should -Not -Match 'Sup3r!|other'
        (Get-McpRun -Path $repo -Id masked).Nodes[0].Log | Should -Be "login root ********`nMYSQL_PASSWORD=********`n"
    }
}

Describe 'Export-McpRunReport' {
    BeforeEach {
        $repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $repo
        $t = [datetimeoffset]::new(2026, 11, 25, 18, 0, 0, [timespan]::Zero)
        $null = [McpModule.States.Journal.RunJournal]::Write((New-Run 'run-a' $t 'Interrupted'), $repo)
        $null = [McpModule.States.Journal.RunJournal]::Write((New-Run 'run-b' $t.AddHours(1)), $repo)
        $out = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $out
    }

    It 'writes JUnit XML that [xml] reads, with one suite per node, one case per result and the right counts' {
        $file = Join-Path $out 'report.xml'
        $written = Get-McpRun -Path $repo -Id run-a | Export-McpRunReport -Format JUnit -Path $file
        $written | Should -BeOfType System.IO.FileInfo
        $written.FullName | Should -Be $file
        $xml = [xml](Get-Content -Raw $file)
        $xml.testsuites.name | Should -Be 'McpRun run-a'
        $xml.testsuites.tests | Should -Be 7
        $xml.testsuites.failures | Should -Be 3
        $xml.testsuites.skipped | Should -Be 1
        @($xml.testsuites.testsuite).name | Should -Be @('ctl01', 'cmp01', 'kvm01')
        $ctl = $xml.testsuites.testsuite[0]
        ($ctl.tests, $ctl.failures, $ctl.skipped, $ctl.time) | Should -Be @('4', '1', '1', '6.000')
        $ctl.testcase.classname | Sort-Object -Unique | Should -Be 'ctl01'
        $ctl.testcase[2].name | Should -Be 'ntp_service service:ntp'
        $ctl.testcase[2].failure.message | Should -Be 'start failed: exit 1'
        $ctl.testcase[3].skipped.message | Should -Be 'requisite ntp_service failed'
        $xml.testsuites.testsuite[1].testcase.failure.message | Should -Be 'unreachable: connection refused'
        $xml.testsuites.testsuite[2].testcase[1].failure.type | Should -Be 'Interrupted'
        @(Get-ChildItem $out -Force).Name | Should -Be 'report.xml'
    }

    It 'writes one file per run, named after its RunId, into an existing folder' {
        $files = Get-McpRun -Path $repo | Export-McpRunReport -Path $out
        @($files.Name) | Should -Be @('run-b.xml', 'run-a.xml')
        foreach ($f in $files) { ([xml](Get-Content -Raw $f.FullName)).testsuites.tests | Should -Be 7 }
    }

    It 'writes nothing with -WhatIf' {
        $file = Join-Path $out 'report.xml'
        $result = Get-McpRun -Path $repo -Id run-a | Export-McpRunReport -Path $file -WhatIf
        $result | Should -BeNullOrEmpty
        Test-Path $file | Should -BeFalse
    }

    It 'refuses a report path whose folder does not exist and writes nothing' {
        $file = Join-Path $out 'missing/report.xml'
        $null = Get-McpRun -Path $repo -Id run-a | Export-McpRunReport -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue
        Get-ErrorId $errors[0] | Should -Be 'Mcp.ReportFolderNotFound'
        $errors[0].TargetObject | Should -Be $file
        Test-Path (Join-Path $out 'missing') | Should -BeFalse
    }

    It 'stops before writing when several runs go to one file' {
        $file = Join-Path $out 'report.xml'
        { Get-McpRun -Path $repo | Export-McpRunReport -Path $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.ReportPathNotFolder,McpModule.Cmdlets.ExportMcpRunReportCommand'
        @(Get-ChildItem $out -Force).Count | Should -Be 0
    }

    It 'refuses input that is not a run, and an unknown format, and writes nothing' {
        $file = Join-Path $out 'report.xml'
        { 'not a run' | Export-McpRunReport -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound*'
        { Get-McpRun -Path $repo -Id run-a | Export-McpRunReport -Format Html -Path $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,McpModule.Cmdlets.ExportMcpRunReportCommand'
        { Export-McpRunReport -Run $null -Path $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Test-Path $file | Should -BeFalse
    }
}
