# Invoke-McpState -Shard/-RunId and Merge-McpRun without a lab: nodes of a copy of the example model
# moved to loopback addresses on a port nothing listens on, so every node fails at once (refused) and
# each shard's part of the run is journalled as a real run would be. No traffic leaves loopback.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'      # no lab gives these nodes other addresses
    . (Join-Path $PSScriptRoot 'LoopbackModel.ps1')
    $script:port = Get-ClosedPort
    function script:Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
    $script:target = 'ctl* or cmp* or kvm01'
    $script:nodes = 'cmp001.lab.local', 'cmp002.lab.local', 'ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local', 'kvm01.lab.local'
    $script:loopback = @{ ctl01 = '127.0.0.1'; ctl02 = '127.0.0.2'; ctl03 = '127.0.0.3'; cmp001 = '127.0.0.4'; cmp002 = '127.0.0.5'; kvm01 = '127.0.0.6' }

    # One shard's run: its output split into the McpRun, the errors and the warnings.
    function script:Invoke-Shard([string] $Shard, [string] $RunId, [string] $State = 'ntp', [string] $Target = $target) {
        $out = @(Invoke-McpState -Path $model -Target $Target -State $State -Shard $Shard -RunId $RunId -Port $port `
                -KnownHostsFile (Join-Path $TestDrive 'known_hosts') -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue)
        [pscustomobject]@{ Run = $out[-1]; Errors = @($errs); Warnings = @($warns) }
    }
    function script:Get-PartPath([string] $RunId, [int] $k, [int] $n) { Join-Path $model ".mcp/runs/$RunId/shard-$k-of-$n.json" }
}
AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

Describe 'Invoke-McpState -Shard and -RunId' {
    BeforeEach {
        $script:model = New-LoopbackModel (Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))) $loopback
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
    }

    It 'refuses <Shard> as a parameter error naming -Shard, and nothing runs' -ForEach @(
        @{ Shard = '0/8' }, @{ Shard = '9/8' }, @{ Shard = 'x/y' }, @{ Shard = '2/0' }, @{ Shard = '2' }) {
        $err = { Invoke-McpState -Path $model -Target $target -State ntp -Shard $Shard -RunId 4711 -Port $port } | Should -Throw -PassThru
        Get-ErrorId $err | Should -Be 'ParameterArgumentTransformationError'
        $err.Exception.Message | Should -Match "parameter 'Shard'"
        $err.Exception.Message | Should -Match ([regex]::Escape("'$Shard' is not a shard"))
        Test-Path (Join-Path $model '.mcp') | Should -BeFalse
    }

    It 'refuses a run id that cannot name a file (<RunId>) as a parameter error naming -RunId' -ForEach @(
        @{ RunId = '../x' }, @{ RunId = '.hidden' }, @{ RunId = 'a/b' }, @{ RunId = ('x' * 129) }, @{ RunId = '' }) {
        $err = { Invoke-McpState -Path $model -Target $target -State ntp -Shard 1/2 -RunId $RunId -Port $port } | Should -Throw -PassThru
        Get-ErrorId $err | Should -BeIn 'ParameterArgumentValidationError', 'ParameterArgumentValidationErrorEmptyStringNotAllowed'
        $err.Exception.Message | Should -Match "parameter 'RunId'"
        Test-Path (Join-Path $model '.mcp') | Should -BeFalse
    }

    It 'runs each node in exactly one of 4 shards, the one its name hashes to, each part journalled under the run id' {
        $parts = foreach ($k in 1..4) { Invoke-Shard "$k/4" 'ci-4711' }
        foreach ($k in 1..4) {
            $run = $parts[$k - 1].Run
            $run | Should -BeOfType McpModule.States.McpRun
            $run.RunId | Should -Be 'ci-4711'
            "$($run.Shard)" | Should -Be "$k/4"
            $mine = @($nodes | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 4) -eq $k })
            @($run.Nodes.Node | Sort-Object) | Should -Be @($mine)
            @($parts[$k - 1].Errors | ForEach-Object TargetObject | Sort-Object) | Should -Be @($mine) -Because 'one error per unreachable node of the shard'
            @($run.Targets | Sort-Object) | Should -Be $nodes -Because 'every part records the whole run''s targets'
            $run.States | Should -Be 'ntp'
            Test-Path (Get-PartPath 'ci-4711' $k 4) | Should -BeTrue
        }
        @($parts.Run.Nodes.Node | Sort-Object) | Should -Be $nodes
        Test-Path (Join-Path $model '.mcp/runs/ci-4711.json') | Should -BeFalse
        @(Get-McpRun -Path $model -Id ci-4711).Count | Should -Be 4
        $text = Get-McpRun -Path $model -Id ci-4711 | Format-Table | Out-String -Width 200
        $text | Should -Match 'Failed\s+Shard'
        $text | Should -Match '\s3/4\s'
    }

    It 'journals an empty part with a warning when its shard gets no node, and succeeds' {
        $empty = @(1..8 | Where-Object { $k = $_; -not ($nodes | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 8) -eq $k }) })
        $empty.Count | Should -BeGreaterThan 0 -Because '6 nodes over 8 shards leave a shard empty'
        $k = $empty[0]
        $r = Invoke-Shard "$k/8" 4711
        $r.Errors | Should -BeNullOrEmpty
        $r.Warnings.Count | Should -Be 1
        "$($r.Warnings[0])" | Should -Match "Shard $k/8 gets none of the 6 node\(s\)"
        $r.Run.Nodes.Count | Should -Be 0
        $r.Run.Status | Should -Be Succeeded
        (Get-McpRun -Path $model -Id 4711).Shard.ToString() | Should -Be "$k/8"
        Test-Path (Get-PartPath 4711 $k 8) | Should -BeTrue
    }

    It 'exits 0 from pwsh -File under ErrorActionPreference Stop when the shard gets no node' {
        $k = @(1..8 | Where-Object { $k = $_; -not ($nodes | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 8) -eq $k }) })[0]
        $script = Join-Path $TestDrive 'empty-shard.ps1'
        Set-Content -LiteralPath $script -NoNewline -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
`$env:MCP_LAB_STATE_DIR = '$env:MCP_LAB_STATE_DIR'
Invoke-McpState -Path '$model' -Target '$target' -State ntp -Shard $k/8 -RunId 4711 -Port $port -WarningAction SilentlyContinue | Out-Null
"@
        $printed = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$printed"
        Test-Path (Get-PartPath 4711 $k 8) | Should -BeTrue
    }

    It 'still writes Mcp.TargetNoMatch and journals nothing when the target itself matches no node' {
        $out = @(Invoke-McpState -Path $model -Target 'nosuchnode*' -State ntp -Shard 1/4 -RunId 4711 -Port $port -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        Get-ErrorId $errs[0] | Should -Be 'Mcp.TargetNoMatch'
        Test-Path (Join-Path $model '.mcp/runs/4711') | Should -BeFalse
    }

    It 'replaces only its own part when a shard runs again under the same run id, and says so' {
        $first = foreach ($k in 1..2) { (Invoke-Shard "$k/2" 4711).Run }
        $other = Get-Content -Raw (Get-PartPath 4711 2 2)
        Start-Sleep -Milliseconds 20
        $again = Invoke-Shard 1/2 4711
        @($again.Warnings | Where-Object { "$_" -match "shard 1/2 of run '4711' is in the journal already .* this run replaces that part only" }).Count | Should -Be 1
        $again.Run.Started | Should -BeGreaterThan $first[0].Started
        (Get-McpRun -Path $model -Id 4711 | Where-Object { "$($_.Shard)" -eq '1/2' }).Started | Should -Be $again.Run.Started
        Get-Content -Raw (Get-PartPath 4711 2 2) | Should -Be $other
        @(Get-ChildItem (Join-Path $model '.mcp/runs/4711')).Name | Should -Be @('shard-1-of-2.json', 'shard-2-of-2.json')
    }

    It 'refuses a shard whose <What> differs from the parts already journalled, before any node, and changes nothing' -ForEach @(
        @{ What = 'shard count'; Shard = '2/3'; State = 'ntp'; Why = 'is one of 2 shards; shard 2/3 is one of 3' },
        @{ What = 'states'; Shard = '2/2'; State = 'linux'; Why = 'applied the states ntp; this run applies linux' }) {
        $null = Invoke-Shard 1/2 4711
        $before = Get-ChildItem -Recurse (Join-Path $model '.mcp') | ForEach-Object { "$($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }
        $err = { Invoke-McpState -Path $model -Target $target -State $State -Shard $Shard -RunId 4711 -Port $port -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        Get-ErrorId $err | Should -Be 'Mcp.State.RunIdConflict'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.TargetObject | Should -Be 4711
        $err.Exception.Message | Should -Match '^-RunId 4711: '
        $err.Exception.Message | Should -Match ([regex]::Escape($Why))
        $err.Exception.Message | Should -Match 'Nothing was run\.$'
        Get-ChildItem -Recurse (Join-Path $model '.mcp') | ForEach-Object { "$($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
    }

    It 'refuses a whole run under the id of a sharded run' {
        $null = Invoke-Shard 1/2 4711
        $err = { Invoke-McpState -Path $model -Target $target -State ntp -RunId 4711 -Port $port -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        Get-ErrorId $err | Should -Be 'Mcp.State.RunIdConflict'
        Test-Path (Join-Path $model '.mcp/runs/4711.json') | Should -BeFalse
    }

    It 'records in every part the states of the whole run when -State is not given (each node''s applications)' {
        # a formula only the controllers' application has: shard 2/4 (kvm01 alone) plans none of it
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/keystone')
        Set-Content -LiteralPath (Join-Path $model 'formulas/keystone/init.yml') -NoNewline -Value "keystone_check:`n  cmd.run:`n    name: `"true`"`n"
        [McpModule.States.McpShard]::IndexOf('kvm01.lab.local', 4) | Should -Be 2
        @($nodes | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 4) -eq 2 }) | Should -Be 'kvm01.lab.local'
        $runs = foreach ($k in 1..4) {
            @(Invoke-McpState -Path $model -Target $target -Shard "$k/4" -RunId 4711 -Port $port -KnownHostsFile (Join-Path $TestDrive 'known_hosts') `
                -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)[-1]
        }
        $whole = @(Invoke-McpState -Path $model -Target $target -RunId whole -Port $port -KnownHostsFile (Join-Path $TestDrive 'known_hosts') `
                -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)[-1]
        $whole.States | Should -Contain keystone
        foreach ($run in $runs) { $run.States | Should -Be $whole.States -Because "shard $($run.Shard)" }
        (Merge-McpRun -Path $model -RunId 4711).States | Should -Be $whole.States
    }

    It 'warns that a shard without -RunId cannot be merged' {
        $out = @(Invoke-McpState -Path $model -Target $target -State ntp -Shard 1/2 -Port $port -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
        @($warned | Where-Object { "$_" -match '^-Shard 1/2 without -RunId: this part gets a run id of its own' }).Count | Should -Be 1
        Test-Path (Join-Path $model ".mcp/runs/$($out[-1].RunId)/shard-1-of-2.json") | Should -BeTrue
    }

    It 'gives a whole run the -RunId it was given' {
        $run = @(Invoke-McpState -Path $model -Target 'ctl01' -State ntp -RunId 'build-12.3' -Port $port -ErrorAction SilentlyContinue)[-1]
        $run.RunId | Should -Be 'build-12.3'
        $run.Shard | Should -BeNullOrEmpty
        Test-Path (Join-Path $model '.mcp/runs/build-12.3.json') | Should -BeTrue
    }
}

Describe 'Merge-McpRun' {
    BeforeAll {
        $script:model = New-LoopbackModel (Join-Path $TestDrive 'merge') $loopback
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        $script:parts = foreach ($k in 1..3) { (Invoke-Shard "$k/3" 4711).Run }
        $script:whole = @(Invoke-McpState -Path $model -Target $target -State ntp -RunId whole-1 -Port $port -ErrorAction SilentlyContinue)[-1]
        $script:runsDir = Join-Path $model '.mcp/runs'
    }

    It 'joins the parts by run id into the run one controller would have made' {
        $merged = Merge-McpRun -Path $model -RunId 4711
        $merged | Should -BeOfType McpModule.States.McpRun
        $merged.RunId | Should -Be 4711
        $merged.Shard | Should -BeNullOrEmpty
        @($merged.Nodes.Node | Sort-Object) | Should -Be $nodes
        @($merged.Nodes.Node) | Should -Be @($merged.Targets) -Because 'nodes come in the order of the targets'
        $merged.Status | Should -Be $whole.Status
        $merged.Nodes.Status | Should -Be @($merged.Nodes | ForEach-Object { 'Failed' })
        $merged.Started | Should -Be ($parts.Started | Sort-Object | Select-Object -First 1)
        $merged.Finished | Should -Be ($parts.Finished | Sort-Object | Select-Object -Last 1)
        $merged.States | Should -Be $whole.States
        @($merged.Targets | Sort-Object) | Should -Be @($whole.Targets | Sort-Object)
    }

    It 'takes the parts as McpRun objects, as part files and as a folder, with the same result' {
        $byId = Merge-McpRun -Path $model -RunId 4711
        $byObject = Get-McpRun -Path $model -Id 4711 | Merge-McpRun
        $byFile = Get-ChildItem (Join-Path $runsDir 4711) | Merge-McpRun
        $byFolder = Merge-McpRun -LiteralPath $runsDir
        foreach ($m in $byObject, $byFile) {
            $m.RunId | Should -Be $byId.RunId
            $m.Nodes.Node | Should -Be $byId.Nodes.Node
            $m.Started | Should -Be $byId.Started
            $m.Finished | Should -Be $byId.Finished
        }
        $byFolder.Nodes.Node | Should -Be $byId.Nodes.Node -Because 'the folder holds one sharded run'
    }

    It 'pipes into Export-McpRunReport as one JUnit report with a test suite per node' {
        $file = Merge-McpRun -Path $model -RunId 4711 | Export-McpRunReport -Path (Join-Path $TestDrive 'junit.xml')
        [xml] $xml = Get-Content -Raw $file.FullName
        @($xml.testsuites.testsuite.name | Sort-Object) | Should -Be $nodes
        $xml.testsuites.name | Should -Be 'McpRun 4711'
    }

    It 'names a missing shard and its nodes in an error, and returns no run' {
        $some = $parts | Where-Object { "$($_.Shard)" -ne '2/3' }
        $out = @($some | Merge-McpRun -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        Get-ErrorId $errs[0] | Should -Be 'Mcp.Run.MergeShardMissing'
        $errs[0].TargetObject | Should -Be '2/3'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].Exception.Message | Should -Match "^Shard 2/3 of run '4711' is missing"
        foreach ($n in @($nodes | Where-Object { [McpModule.States.McpShard]::IndexOf($_, 3) -eq 2 })) { $errs[0].Exception.Message | Should -Match ([regex]::Escape($n)) }
    }

    It 'refuses parts of different runs, a shard given twice, and a whole run' {
        $other = New-LoopbackModel (Join-Path $TestDrive 'other') $loopback
        $model2 = $model; $script:model = $other
        try { $foreign = (Invoke-Shard 2/3 4712).Run } finally { $script:model = $model2 }
        @($parts[0], $foreign, $parts[2] | Merge-McpRun -ErrorVariable e1 -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-ErrorId $e1[0] | Should -Be 'Mcp.Run.MergeRunIdDiffers'
        @($parts + $parts[1] | Merge-McpRun -ErrorVariable e2 -ErrorAction SilentlyContinue).Count | Should -Be 0
        (Get-ErrorId $e2[0]), $e2[0].TargetObject | Should -Be 'Mcp.Run.MergeShardOverlap', '2/3'
        @(Merge-McpRun -Path $model -RunId whole-1 -ErrorVariable e3 -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-ErrorId $e3[0] | Should -Be 'Mcp.Run.MergeNotAShard'
        @(Merge-McpRun -Path $model -RunId nosuchrun -ErrorVariable e4 -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-ErrorId $e4[0] | Should -Be 'Mcp.RunNotFound'
    }

    It 'names a part file that cannot be read, and a folder without parts' {
        $dir = Join-Path $TestDrive 'broken'
        $null = New-Item -ItemType Directory $dir
        Copy-Item (Join-Path $runsDir '4711/*.json') $dir
        Set-Content -LiteralPath (Join-Path $dir 'shard-2-of-3.json') -Value '{ "version": 1' -NoNewline
        @(Merge-McpRun -LiteralPath $dir -ErrorVariable errs -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-ErrorId $errs[0] | Should -Be 'Mcp.RunJournalInvalid'
        $errs[0].TargetObject | Should -Be (Join-Path $dir 'shard-2-of-3.json')
        Get-ErrorId $errs[1] | Should -Be 'Mcp.Run.MergeShardMissing'
        $empty = New-Item -ItemType Directory (Join-Path $TestDrive 'empty')
        @(Merge-McpRun -LiteralPath $empty.FullName -ErrorVariable e2 -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-ErrorId $e2[0] | Should -Be 'Mcp.Run.MergeNoPartFile'
    }
}
