# Tab completion where users reach for it, through TabExpansion2 and the built module: Get-McpNode's
# filters, Get-McpPillar -Key, the words of -Target (I@, R@, D@, L@, names), the labs' -Cluster and
# Restart-McpLabNode -Name, Get-McpRun -Id. A model that does not load completes nothing, never throws.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:lab = Join-Path $TestDrive 'lab'
    Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $lab
    function script:Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
}

Describe 'Get-McpNode filters complete from the model' {
    It 'completes -<Parameter> <Word>' -ForEach @(
        @{ Parameter = 'Application'; Word = 'k'; Expected = @('keepalived', 'keystone') }
        @{ Parameter = 'Application'; Word = 'NO'; Expected = @('nova') }
        @{ Parameter = 'Class'; Word = 'system.nova'; Expected = @('system.nova.compute.cluster', 'system.nova.control.cluster') }
        @{ Parameter = 'Environment'; Word = ''; Expected = @('base') }
        @{ Parameter = 'Site'; Word = 'lab'; Expected = @('lab-dc1') }
        @{ Parameter = 'Site'; Word = 'elsewhere'; Expected = @() }
    ) {
        Complete "Get-McpNode -Path '$lab' -$Parameter $Word" | Should -Be $Expected
    }

    It 'offers every application of the model, sorted' {
        $names = Complete "Get-McpNode -Path '$lab' -Application "
        $names | Should -Contain 'nova'
        $names | Should -Contain 'reclass'
        $names | Should -Be @($names | Sort-Object -CaseSensitive)
        $names.Count | Should -Be @($names | Select-Object -Unique).Count
    }

    It 'takes the model of the current location, and of a -Cluster in a variable' {
        Push-Location $lab
        try { Complete 'Get-McpNode -Application rab' | Should -Be @('rabbitmq') } finally { Pop-Location }
        $global:mcpCompletionCluster = Get-McpCluster -Path $lab
        try {
            Push-Location $TestDrive   # no model here: the values can only come from the cluster
            Complete 'Get-McpNode -Cluster $global:mcpCompletionCluster -Site ' | Should -Be @('lab-dc1')
        }
        finally { Pop-Location; Remove-Variable -Scope Global mcpCompletionCluster }
    }

    It 'completes a class after a comma in a list' {
        Complete "Get-McpNode -Path '$lab' -Class system.linux.system.single, service.ke" | Should -Be @('service.keepalived.cluster', 'service.keystone.server')
    }
}

Describe 'Get-McpPillar -Key completes the pillar''s key paths' {
    It 'completes <Word> for <Node>' -ForEach @(
        @{ Node = 'ctl01'; Word = 'keystone:ser'; Expected = @('keystone:server') }
        @{ Node = 'ctl01'; Word = 'keystone:server:data'; Expected = @('keystone:server:database') }
        @{ Node = 'ctl01'; Word = 'KEYSTONE:Server:database:h'; Expected = @('KEYSTONE:Server:database:host') }
        @{ Node = 'cmp001'; Word = 'keystone:'; Expected = @() }
        @{ Node = 'cmp001'; Word = 'nova:'; Expected = @('nova:compute') }
        @{ Node = 'ctl*'; Word = 'nova:'; Expected = @('nova:controller') }
    ) {
        Complete "Get-McpPillar -Path '$lab' -Node $Node -Key $Word" | Should -Be $Expected
    }

    It 'offers the keys of every node while no -Node is given' {
        Complete "Get-McpPillar -Path '$lab' -Key nova:" | Should -Be @('nova:compute', 'nova:controller')
    }

    It 'offers the top-level keys of a node' {
        $keys = Complete "Get-McpPillar -Path '$lab' -Node kvm01 -Key "
        $keys | Should -Contain 'linux'
        $keys | Should -Not -Contain 'keystone'
    }
}

Describe 'Words of -Target complete from the model' {
    It 'completes <Word>' -ForEach @(
        @{ Word = 'I@keystone:ser'; Expected = @("'I@keystone:server'") }
        @{ Word = 'ctl* and I@keepalived:clu'; Expected = @("'ctl* and I@keepalived:cluster'") }
        @{ Word = 'R@nova.comp'; Expected = @("'R@nova.compute'", "'R@nova.compute.cluster'") }
        @{ Word = 'not (R@salt.m'; Expected = @("'not (R@salt.master'", "'not (R@salt.master.single'", "'not (R@salt.minion'", "'not (R@salt.minion.ca'", "'not (R@salt.minion.ca.salt_master'") }
        @{ Word = 'D@'; Expected = @("'D@lab-dc1'") }
        @{ Word = 'L@ctl01,cmp'; Expected = @("'L@ctl01,cmp001.lab.local'", "'L@ctl01,cmp002.lab.local'") }
        @{ Word = 'R@nova and kvm0'; Expected = @("'R@nova and kvm01.lab.local'", "'R@nova and kvm02.lab.local'", "'R@nova and kvm03.lab.local'") }
        @{ Word = 'E@ctl'; Expected = @() }
        @{ Word = 'G@os'; Expected = @() }
    ) {
        Complete "Get-McpNode -Path '$lab' -Target '$Word" | Should -Be $Expected
    }

    It 'offers the roles R@ matches: applications, classes, classes without service./system., and their dotted prefixes' {
        $roles = Complete "Get-McpNode -Path '$lab' -Target R@"
        foreach ($role in 'nova', 'nova.compute', 'service.nova.compute', 'nova.controller', 'cluster.lab', 'keepalived.cluster') {
            $roles | Should -Contain "'R@$role'"
        }
    }

    It 'completes the same words for <_> -Target' -ForEach 'Invoke-McpState', 'Invoke-McpCommand -Command true' {
        Complete "$_ -Path '$lab' -Target 'I@keystone:ser" | Should -Be @("'I@keystone:server'")
    }
}

Describe 'Lab names complete from the lab state folder' {
    BeforeAll {
        $script:savedStateDir = $env:MCP_LAB_STATE_DIR
        $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
        $null = New-Item -ItemType Directory $env:MCP_LAB_STATE_DIR
        foreach ($lab in @(@{ Cluster = 'lab'; Nodes = 'cfg01', 'ctl01', 'cmp001' }, @{ Cluster = 'ceph'; Nodes = 'cmn01', 'osd001' })) {
            $state = @{ version = 1; cluster = $lab.Cluster; nodes = @($lab.Nodes | ForEach-Object { @{ name = $_; fullName = "$_.$($lab.Cluster).local" } }) }
            $state | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $env:MCP_LAB_STATE_DIR "$($lab.Cluster).json")
        }
        Set-Content (Join-Path $env:MCP_LAB_STATE_DIR 'broken.json') '{ "cluster": '   # a state file that does not read: no lab
    }
    AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

    It 'completes -Cluster of <_>' -ForEach 'Get-McpLab', 'Stop-McpLab', 'Restart-McpLabNode' {
        Complete "$_ -Cluster " | Should -Be @('ceph', 'lab')
        Complete "$_ -Cluster l" | Should -Be @('lab')
        Complete "$_ " | Should -Be @('ceph', 'lab')   # -Cluster is the first positional parameter
    }

    It 'completes Restart-McpLabNode -Name with the nodes of the -Cluster''s lab' {
        Complete 'Restart-McpLabNode -Cluster lab -Name c' | Should -Be @('cfg01', 'cmp001', 'ctl01')
        Complete 'Restart-McpLabNode ceph o' | Should -Be @('osd001')
    }

    It 'completes nothing when there is no lab' {
        $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'nolabs'
        try { Complete 'Get-McpLab -Cluster ' | Should -Be @() }
        finally { $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs' }
    }
}

Describe 'Get-McpRun -Id completes the run ids of the journal' {
    BeforeAll {
        $t = [datetimeoffset]::new(2026, 11, 25, 18, 0, 0, [timespan]::Zero)
        $script:ids = foreach ($hour in 0, 2, 1) {
            $id = [McpModule.States.Journal.RunJournal]::NewRunId($t.AddHours($hour))
            $run = [McpModule.States.McpRun]::new($id, $t.AddHours($hour), $t.AddHours($hour).AddSeconds(5), 'ops', $lab, $null,
                [string[]] @('ctl01'), [string[]] @('ntp'), $false, 'Succeeded', [McpModule.States.McpNodeRun[]] @())
            $null = [McpModule.States.Journal.RunJournal]::Write($run, $lab)
            $id
        }
    }

    It 'offers every run id, newest first, for -Path and for the current location' {
        Complete "Get-McpRun -Path '$lab' -Id " | Should -Be @($ids[1], $ids[2], $ids[0])
        Push-Location $lab
        try { Complete 'Get-McpRun -Id ' | Should -Be @($ids[1], $ids[2], $ids[0]) } finally { Pop-Location }
    }

    It 'completes a partial id' {
        Complete "Get-McpRun -Path '$lab' -Id 20261125T20" | Should -Be @($ids[1])
        Complete "Get-McpRun -Path '$lab' -Id nothing" | Should -Be @()
    }

    It 'reads the journal folder of the RunJournalDirectory setting' {
        $repo = Join-Path $TestDrive 'journal-elsewhere'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $repo
        $null = New-Item -ItemType Directory (Join-Path $repo 'journal')
        Copy-Item (Join-Path $lab ".mcp/runs/$($ids[0]).json") (Join-Path $repo 'journal')
        Set-Content (Join-Path $repo 'mcp.settings.json') '{ "RunJournalDirectory": "journal" }'
        Complete "Get-McpRun -Path '$repo' -Id " | Should -Be @($ids[0])
    }
}

Describe 'Completion of a broken model, or of no model' {
    BeforeAll {
        # every node includes a class that does not exist: no node renders
        $script:broken = Join-Path $TestDrive 'broken'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $broken
        foreach ($file in Get-ChildItem (Join-Path $broken 'nodes') -Recurse -File -Filter *.yml) {
            (Get-Content -Raw $file.FullName) -replace '(?m)^classes:\s*$', "classes:`n- system.nothing.here" | Set-Content $file.FullName
        }
        # a node file that is not YAML
        $script:unparsable = Join-Path $TestDrive 'unparsable'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $unparsable
        $first = Get-ChildItem (Join-Path $unparsable 'nodes') -Recurse -File -Filter *.yml | Select-Object -First 1
        Set-Content $first.FullName "classes: [`n  - : : :"
    }

    It 'the model renders no node (the premise)' {
        @(Get-McpNode -Path $broken -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'completes nothing and does not throw for <Line>' -ForEach @(
        @{ Line = "Get-McpNode -Path '{0}' -Application " }
        @{ Line = "Get-McpNode -Path '{0}' -Site " }
        @{ Line = "Get-McpPillar -Path '{0}' -Node ctl01 -Key keystone:" }
        @{ Line = "Get-McpNode -Path '{0}' -Target 'I@keystone:" }
        @{ Line = "Get-McpNode -Path '{0}' -Target 'R@nova" }
        @{ Line = "Get-McpNode -Path '{0}' -Target 'D@" }
    ) {
        Complete ($Line -f $broken) | Should -Be @()
    }

    It 'completes from the nodes that render when one node file does not parse' {
        Complete "Get-McpNode -Path '$unparsable' -Application nov" | Should -Be @('nova')
    }

    It 'completes nothing in a folder that is no model' {
        $plain = Join-Path $TestDrive 'plain'
        $null = New-Item -ItemType Directory (Join-Path $plain 'a/b')
        Push-Location $plain
        try {
            Complete 'Get-McpNode -Application ' | Should -Be @()
            Complete 'Get-McpPillar -Node ctl01 -Key ' | Should -Be @()
            Complete 'Get-McpNode ctl' | Should -Be @()
            Complete 'Get-McpRun -Id ' | Should -Be @()
        }
        finally { Pop-Location }
    }

    It 'completes nothing for a -Path that does not exist' {
        Complete "Get-McpNode -Path '$(Join-Path $TestDrive 'nosuch')' -Application " | Should -Be @()
    }
}

Describe 'Completion is quick' {
    It 'completes from a model it rendered before at once' {
        $null = Complete "Get-McpNode -Path '$lab' -Application "   # renders the model (cached for the session)
        $elapsed = Measure-Command { $null = Complete "Get-McpNode -Path '$lab' -Target 'I@keystone:server:data" }
        $elapsed.TotalSeconds | Should -BeLessThan 2
    }
}
