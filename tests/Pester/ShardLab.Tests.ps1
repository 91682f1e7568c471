# Sharding against real lab nodes: a run over four nodes made as one run and as four shards (one of
# them empty) of one run id, merged; the merged run has, node by node and state by state, the results
# the single run had, and the same status. Tagged Lab (Linux, root); run it under
# `flock /tmp/mcp-lab.lock` as the other lab suites, which share the lab's addresses. Own lab state
# folder (out/shard-test); the base image is the machine's.
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Sharded Invoke-McpState against a lab' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'shard-test'

        $script:model = Join-Path $TestDrive 'lab'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        # A formula whose results are the same on every run and differ between nodes: a command
        # that always runs (Changed), one that fails on ctl01 only (Failed there), one that requires
        # it (Skipped on ctl01), and one that its unless skips (Unchanged). No package is needed.
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/shardcheck')
        Set-Content -LiteralPath (Join-Path $model 'formulas/shardcheck/init.yml') -NoNewline -Value @'
shard_always:
  cmd.run:
    name: echo {{ node.short_name | shell_quote }} > /root/mcp-shard-seen
shard_maybe_fail:
  cmd.run:
    name: test {{ node.short_name | shell_quote }} != ctl01
shard_after:
  cmd.run:
    name: "true"
    require: [shard_maybe_fail]
shard_never:
  cmd.run:
    name: "false"
    unless: "true"
'@
        $script:names = 'ctl01', 'ctl02', 'cmp001', 'cmp002'
        $script:fqdns = $names | ForEach-Object { "$_.lab.local" } | Sort-Object
        $script:target = $names -join ' or '
        $script:labNodes = Start-LabSuiteLab (Get-McpCluster -Path $model) -Node $names

        # Result values by "node|stateId", of a run's nodes.
        function script:Get-ResultMap($Run) {
            $map = [ordered]@{}
            foreach ($n in $Run.Nodes | Sort-Object Node) { foreach ($r in $n.Results) { $map["$($n.Node)|$($r.StateId)"] = $r.Result } }
            $map
        }
    }
    AfterAll { Exit-LabSuite lab }

    It 'merges 4 shards of one run id into the results a single run over all nodes gives, node by node' {
        $labNodes.Count | Should -Be 4
        $single = @(Invoke-McpState -Path $model -Target $target -State shardcheck -ErrorVariable singleErrs -ErrorAction SilentlyContinue)[-1]
        $single | Should -BeOfType McpModule.States.McpRun
        @($single.Nodes.Node | Sort-Object) | Should -Be $fqdns
        $single.Status | Should -Be Failed -Because 'shard_maybe_fail fails on ctl01'
        @($singleErrs).Count | Should -Be 1

        $runId = 'lab-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $parts = foreach ($k in 1..4) {
            $out = @(Invoke-McpState -Path $model -Target $target -State shardcheck -Shard "$k/4" -RunId $runId -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
            $run = $out[-1]
            $mine = @($fqdns | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 4) -eq $k })
            @($run.Nodes.Node | Sort-Object) | Should -Be $mine -Because "shard $k/4 takes the nodes that hash to it"
            if ($mine.Count -eq 0) { "$warned" | Should -Match "Shard $k/4 gets none" }
            $run
        }
        @($parts | Where-Object { $_.Nodes.Count -eq 0 }).Count | Should -BeGreaterThan 0 -Because 'ctl01, ctl02, cmp001, cmp002 hash to shards 1, 3, 3, 4: shard 2 is empty'

        $merged = Merge-McpRun -Path $model -RunId $runId
        $merged | Should -BeOfType McpModule.States.McpRun
        $merged.Status | Should -Be $single.Status
        @($merged.Nodes.Node | Sort-Object) | Should -Be @($single.Nodes.Node | Sort-Object)
        $merged.States | Should -Be $single.States
        @($merged.Targets | Sort-Object) | Should -Be @($single.Targets | Sort-Object)
        foreach ($node in $single.Nodes) {
            ($merged.Nodes | Where-Object Node -EQ $node.Node).Status | Should -Be $node.Status -Because $node.Node
        }
        $expected = Get-ResultMap $single
        $actual = Get-ResultMap $merged
        $expected.Count | Should -Be 16 -Because '4 nodes, 4 states each'
        @($actual.Keys) | Should -Be @($expected.Keys)
        foreach ($key in $expected.Keys) { $actual[$key] | Should -Be $expected[$key] -Because $key }
        $expected['ctl01.lab.local|shard_maybe_fail'] | Should -Be Failed
        $expected['ctl01.lab.local|shard_after'] | Should -Be Skipped
        $expected['cmp001.lab.local|shard_after'] | Should -Be Changed
        $expected['cmp002.lab.local|shard_never'] | Should -Be Unchanged

        $merged.Started | Should -Be ($parts.Started | Sort-Object | Select-Object -First 1)
        $merged.Finished | Should -Be ($parts.Finished | Sort-Object | Select-Object -Last 1)

        $report = $merged | Export-McpRunReport -Path (Join-Path $TestDrive 'junit.xml')
        [xml] $xml = Get-Content -Raw $report.FullName
        @($xml.testsuites.testsuite.name | Sort-Object) | Should -Be $fqdns
        $singleReport = $single | Export-McpRunReport -Path (Join-Path $TestDrive 'single.xml')
        [xml] $singleXml = Get-Content -Raw $singleReport.FullName
        $xml.testsuites.tests | Should -Be $singleXml.testsuites.tests
        $xml.testsuites.failures | Should -Be $singleXml.testsuites.failures
        [int] $xml.testsuites.failures | Should -BeGreaterThan 0
    }
}
