# Objects that export: what the module's objects look like to ConvertTo-Json, Export-Csv and
# string conversion, and to scripts that read them (issue 12, item 3).
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $lab = Join-Path $root 'examples/models/lab'

    # The CSV row of an object, read back: every column as the text Export-Csv wrote.
    function ConvertTo-CsvRow($InputObject) { $InputObject | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv }
}

Describe 'McpNode as data' {
    BeforeAll { $node = Get-McpNode -Path $lab -Name ctl01 }

    It 'reads its pillar with dot access, keys compared as PowerShell compares them' {
        $node.Parameters.keepalived.cluster.instance.VIP.priority | Should -Be 103
        $node.Parameters.Keepalived.Cluster.Instance.VIP.Priority | Should -Be 103
        $node.Parameters.linux.system.name | Should -Be 'ctl01'
        $node.Parameters | Should -BeOfType McpModule.McpPillar
        $node.Parameters | Should -BeOfType System.Collections.Specialized.IOrderedDictionary
        $node.Parameters.Node | Should -Be 'ctl01.lab.local'
        , $node.Parameters.rabbitmq.cluster.members | Should -BeOfType System.Object[]
    }

    It 'gives each node its own copy of the pillar: a change reaches neither the model nor the next command' {
        $copy = Get-McpNode -Path $lab -Name ctl01
        $copy.Parameters.linux.system.name = 'changed'
        $copy.Parameters.linux.system.name | Should -Be 'changed'
        (Get-McpNode -Path $lab -Name ctl01).Parameters.linux.system.name | Should -Be 'ctl01'
        Get-McpPillar -Path $lab -Node ctl01 -Key linux:system:name | Should -Be 'ctl01'
    }

    It 'converts to JSON with the pillar as nested objects and without its cluster or model' {
        $json = $node | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
        $json | Should -Not -MatchExactly '"Key":|"Value":' -Because 'dictionaries are objects, not [{Key, Value}] lists'
        $json | Should -Not -Match 'ClusterObject|NodesUri|IgnoreClassNotFound|"Model"' -Because 'the node does not carry its model'
        $back = $json | ConvertFrom-Json
        $back.Parameters.keystone.server.database.host | Should -Be '10.11.0.10'
        $back.Parameters.keepalived.cluster.instance.VIP.priority | Should -Be 103
        $back.Parameters.PSObject.Properties.Name | Should -Not -Contain 'Node' -Because 'the pillar is written as the model has it'
        $back.Applications | Should -Be @($node.Applications)
        @($back.PSObject.Properties.Name) | Should -Be @('Name', 'ShortName', 'Cluster', 'Domain', 'Site', 'Environment', 'Classes',
            'Applications', 'Parameters', 'Path', 'File')
    }

    It 'exports to CSV with its lists as text and no type names' {
        $row = ConvertTo-CsvRow $node
        $row.Applications | Should -Be 'salt, linux, ntp, openssh, keepalived, haproxy, galera, rabbitmq, keystone, nova'
        $row.Classes | Should -BeLike 'service.linux.system, service.ntp.client, *, cluster.lab.openstack.control'
        $row.Parameters | Should -BeLike 'ctl01.lab.local: {_reclass_, salt, linux, *}'
        foreach ($column in $row.PSObject.Properties) { $column.Value | Should -Not -Match '^System\.|^McpModule\.' -Because "$($column.Name) is data" }
    }

    It 'keeps its lists usable as the arrays they were' {
        $node.Applications.Count | Should -Be 10
        $node.Applications.Length | Should -Be 10
        $node.Applications[1] | Should -Be 'linux'
        $node.Applications -contains 'keystone' | Should -BeTrue
        $node.Applications -join '|' | Should -BeLike 'salt|linux|*'
        @($node.Classes | Where-Object { $_ -like 'cluster.*' }).Count | Should -Be 4
        "$($node.Applications)" | Should -BeLike 'salt linux ntp *' -Because 'PowerShell expands a list with spaces, as it did the array'
    }

    It 'reads as its name' {
        "$node" | Should -Be 'ctl01.lab.local'
    }
}

Describe 'McpCluster as data' {
    It 'converts to JSON and CSV without its model' {
        $cluster = Get-McpCluster -Path $lab
        $json = $cluster | ConvertTo-Json -Depth 5
        $json | Should -Not -Match 'NodesUri|IgnoreClassNotFound|"Model"'
        @(($json | ConvertFrom-Json).PSObject.Properties.Name) | Should -Be @('Name', 'Domain', 'Site', 'NodeCount', 'Path')
        (ConvertTo-CsvRow $cluster).PSObject.Properties.Name | Should -Not -Contain 'Model'
        "$cluster" | Should -Be 'lab'
    }
}

Describe 'A pillar on the pipeline' {
    It 'says which node it belongs to, and the key it is at' {
        $pillar = Get-McpPillar -Path $lab -Node ctl01
        $pillar | Should -BeOfType McpModule.McpPillar
        $pillar.Node | Should -Be 'ctl01.lab.local'
        $pillar.Key | Should -BeNullOrEmpty
        "$pillar" | Should -BeLike 'ctl01.lab.local: {_reclass_, salt, linux, *}'
        $part = Get-McpPillar -Path $lab -Node ctl02 -Key keystone:server
        $part.Node | Should -Be 'ctl02.lab.local'
        $part.Key | Should -Be 'keystone:server'
        $part.database.host | Should -Be '10.11.0.10'
    }

    It 'keeps (Get-McpPillar -Node ctl01).keystone.server as the tour shows it' {
        (Get-McpPillar -Path $lab -Node ctl01).keystone.server.database.name | Should -Be 'keystone'
        (Get-McpPillar -Path $lab -Node ctl01).keystone.server | Should -BeOfType System.Collections.Specialized.IOrderedDictionary
        (Get-McpPillar -Path $lab -Node ctl01).keystone.server.Key | Should -Be 'keystone:server'
    }

    It 'keeps hashtable habits: one object on the pipeline, enumeration, casts, tables, Clixml' {
        $pillar = Get-McpPillar -Path $lab -Node ctl01
        @($pillar | ForEach-Object { $_ }) | Should -HaveCount 1 -Because 'a dictionary is not unrolled'
        @($pillar.keystone.server.database.GetEnumerator() | Where-Object Key -EQ 'host').Value | Should -Be '10.11.0.10'
        ([hashtable]$pillar.keystone.server.database).host | Should -Be '10.11.0.10'
        $pillar['keystone']['server']['database']['HOST'] | Should -Be '10.11.0.10'
        $table = $pillar.keystone.server.database | Format-Table | Out-String
        $table | Should -Match 'Name\s+Value'
        $table | Should -Match 'host\s+10\.11\.0\.10'
        $members = Get-McpPillar -Path $lab -Node ctl01 -Key rabbitmq:cluster:members
        $members[2].Key | Should -Be 'rabbitmq:cluster:members:2'
        $members[2].name | Should -Be 'ctl03'
        $file = Join-Path $TestDrive 'pillar.xml'
        $pillar | Export-Clixml -Path $file -Depth 10
        (Import-Clixml -Path $file).keystone.server.database.host | Should -Be '10.11.0.10'
    }

    It 'lets a pillar key named Key or Node win over the property, as a hashtable key does' {
        $model = Join-Path $TestDrive 'keys'
        Copy-Item -Recurse $lab $model
        Add-Content -Path (Join-Path $model 'nodes/ctl01.lab.local.yml') -Value "  openssh:`n    server:`n      key: {Node: a, Key: b}"
        $pillar = Get-McpPillar -Path $model -Node ctl01
        $pillar.openssh.server.key.Node | Should -Be 'a'
        $pillar.openssh.server.key.Key | Should -Be 'b'
        $pillar.openssh.server.key.psbase.Key | Should -Be 'openssh:server:key'
    }

    It 'converts to JSON as the pillar alone, the same JSON -AsJson writes' {
        $json = Get-McpPillar -Path $lab -Node ctl01 | ConvertTo-Json -Depth 64 -Compress
        $json | Should -Be (Get-McpPillar -Path $lab -Node ctl01 -AsJson | ConvertFrom-Json | ConvertTo-Json -Depth 64 -Compress)
        ($json | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'Node'
    }

    It 'tells every node of a cluster apart' {
        $pillars = @(Get-McpCluster -Path $lab | Get-McpPillar -Key linux:network:interface)
        @($pillars.Node) | Should -Be @((Get-McpNode -Path $lab).Name)
        @($pillars | Where-Object { $_.Contains('br-ctl') }).Node | Should -Be @('kvm01.lab.local', 'kvm02.lab.local', 'kvm03.lab.local')
    }
}

Describe 'Runs as data' {
    BeforeAll {
        $repo = Join-Path $TestDrive 'runs'
        $null = New-Item -ItemType Directory $repo
        $t = [datetimeoffset]::new(2026, 11, 25, 20, 0, 0, [timespan]::Zero)
        function New-Result([string] $Id, [string] $Result) {
            [McpModule.States.McpStateResult]::new('ctl01', $Id, "file:/etc/$Id", $Result, $null, 'done', [timespan]::FromMilliseconds(1500))
        }
        $ctl = [McpModule.States.McpNodeRun]::new('ctl01', 'Failed', [McpModule.States.McpStateResult[]] @((New-Result a Unchanged), (New-Result b Changed), (New-Result c Failed)), $null, 'log')
        $cmp = [McpModule.States.McpNodeRun]::new('cmp01', 'Succeeded', [McpModule.States.McpStateResult[]] @(), $null, $null)
        $id = [McpModule.States.Journal.RunJournal]::NewRunId($t)
        $null = [McpModule.States.Journal.RunJournal]::Write([McpModule.States.McpRun]::new($id, $t, $t.AddSeconds(90), 'alice', $repo, $null,
                [string[]] @('ctl* or cmp*'), [string[]] @('ntp', 'linux'), $false, 'Failed', [McpModule.States.McpNodeRun[]] @($ctl, $cmp)), $repo)
        $run = Get-McpRun -Path $repo
    }

    It 'converts to JSON with statuses and results by name and durations as text and seconds' {
        $json = $run | ConvertTo-Json -Depth 6
        $json | Should -Not -Match '"Ticks"' -Because 'a duration is not a TimeSpan blob'
        $json | Should -Match '"Status": "Failed"'
        $json | Should -Match '"Started": "2026-11-25T20:00:00\+00:00"' -Because 'times are ISO 8601'
        $back = $json | ConvertFrom-Json
        $back.Duration | Should -BeExactly '00:01:30'
        $back.DurationSeconds | Should -Be 90
        $back.Nodes[0].Status | Should -BeExactly 'Failed'
        $back.Nodes[1].Status | Should -BeExactly 'Succeeded'
        @($back.Nodes[0].Results.Result) | Should -Be @('Unchanged', 'Changed', 'Failed')
        $back.Nodes[0].Results[1].Duration | Should -BeExactly '00:00:01.5000000'
        $back.Nodes[0].Results[1].DurationSeconds | Should -Be 1.5
        $back.Targets | Should -Be 'ctl* or cmp*'
    }

    It 'exports to CSV with no type names' {
        $row = ConvertTo-CsvRow $run
        $row.Status | Should -Be 'Failed'
        $row.Duration | Should -Be '00:01:30'
        $row.States | Should -Be 'ntp, linux'
        $row.Nodes | Should -Be 'ctl01 Failed (3 results), cmp01 Succeeded (0 results)'
        foreach ($column in $row.PSObject.Properties) { $column.Value | Should -Not -Match '^System\.|^McpModule\.' -Because "$($column.Name) is data" }
        (ConvertTo-CsvRow $run.Nodes[0].Results[2]).Result | Should -Be 'Failed'
    }

    It 'reads as its id, status and counts' {
        "$run" | Should -Be "$id Failed: 2 nodes, 1 failed"
        "$($run.Nodes[0].Results[1])" | Should -Be 'ctl01 b Changed (file:/etc/b)'
    }

    It 'still compares with the enum and TimeSpan values scripts use' {
        $run.Status -eq [McpModule.States.McpRunStatus]::Failed | Should -BeTrue
        $run.Status | Should -Be Failed
        [timespan] $run.Duration | Should -Be ([timespan]::FromSeconds(90))
        $run.Duration | Should -Be ([timespan]::FromSeconds(90))
        $run.Nodes[0].Results[1].Duration | Should -Be ([timespan]::FromMilliseconds(1500))
        $run.Started | Should -BeOfType [datetimeoffset]
        $run.Started -lt [datetimeoffset]::UtcNow | Should -BeTrue
    }
}

Describe 'Every other output as data' {
    BeforeAll {
        # Is the object's JSON free of TimeSpan blobs, its CSV free of type names, its text not its type?
        function Assert-Data($Object) {
            $type = $Object.GetType().FullName
            $json = $Object | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue
            $json | Should -Not -Match '"Ticks"' -Because "$type has no TimeSpan"
            foreach ($column in (ConvertTo-CsvRow $Object).PSObject.Properties) {
                $column.Value | Should -Not -Match '^(System|McpModule)\.[\w.`\[\], =]+$' -Because "$type.$($column.Name) is data"
            }
            "$Object" | Should -Not -BeNullOrEmpty
            "$Object" | Should -Not -Be $type -Because "$type reads as text"
            $json
        }
    }

    It 'a network plan reads as its cluster and counts and exports its networks as text' {
        $null = New-McpCluster -Name demo -Domain demo.local -Path (Join-Path $TestDrive 'demo') -Template openstack-ovs -WarningAction SilentlyContinue
        $plan = Get-McpNetworkPlan -Path (Join-Path $TestDrive 'demo')
        "$plan" | Should -Match '^demo \(demo\.local\): \d+ networks, \d+ nodes, \d+ VIPs, \d+ quorum groups$'
        $json = Assert-Data $plan
        $json | Should -Not -Match '"Subnet"' -Because 'a network is its Cidr and Netmask, not a struct of numbers'
        ($json | ConvertFrom-Json).Networks[1].Cidr | Should -Be '10.11.0.0/24'
        (ConvertTo-CsvRow $plan).Networks | Should -BeLike 'deploy 10.10.0.0/24, control 10.11.0.0/24 vlan 11, *'
        foreach ($item in @($plan.Networks[0]; $plan.Addresses[0]; $plan.Vips[0]; $plan.QuorumGroups[0])) { $null = Assert-Data $item }
        (ConvertTo-CsvRow $plan.Vips[0]).Members | Should -Not -BeNullOrEmpty
    }

    It 'sizing rows read and export as text' {
        $null = Assert-Data (Get-McpComputeSizing -Instances 500 -VcpuPerInstance 2 -RamGbPerInstance 4 -HostCores 48 -HostRamGb 256 -ReservedHostRamGb 16)
        (ConvertTo-CsvRow (Get-McpComputeSizing -Instances 500 -VcpuPerInstance 2 -RamGbPerInstance 4 -HostCores 48 -HostRamGb 256)).Demand |
            Should -BeLike '500 instances of 2 vCPU, 4 GB RAM*'
        $role = Get-McpVcpSizing 500 -StackLight | Select-Object -First 1
        ($role | ConvertTo-Json | ConvertFrom-Json).Component | Should -BeOfType [string]
        (ConvertTo-CsvRow $role).Hosts | Should -Be 'kvm01, kvm02, kvm03'
        $null = Assert-Data $role
        $load = Get-McpVcpSizing 500 -StackLight -ByHost -HostCores 32 -HostRamGb 256 -HostDiskGb 2000 | Select-Object -First 1
        (ConvertTo-CsvRow $load).Roles | Should -BeLike 'ctl, *'
        $null = Assert-Data $load
    }

    It 'settings give their source kind by name' {
        $setting = Get-McpSetting -Path $lab -Name SshUser
        ($setting | ConvertTo-Json | ConvertFrom-Json).SourceKind | Should -BeExactly 'Default'
        $null = Assert-Data $setting
    }

    It 'command results, transport errors and host keys give names and durations as text and seconds' {
        $error1 = [McpModule.Execution.McpTransportError]::new('Timeout', 'ctl01: timed out')
        $result = [McpModule.Execution.McpCommandResult]::new('ctl01', '10.11.0.11', $null, '', '', [timespan]::FromMilliseconds(2403), $error1)
        $back = Assert-Data $result | ConvertFrom-Json
        $back.Duration | Should -BeExactly '00:00:02.4030000'
        $back.DurationSeconds | Should -Be 2.403
        $back.Error.Kind | Should -BeExactly 'Timeout'
        "$result" | Should -Be 'ctl01'
        $key = [McpModule.Execution.McpHostKey]::new('ctl01', '10.11.0.11', 22, 'ssh-ed25519', [byte[]] (1..32), 'Changed', '/tmp/known_hosts')
        ($key | ConvertTo-Json | ConvertFrom-Json).Status | Should -BeExactly 'Changed'
        "$key" | Should -BeLike 'ctl01 SHA256:*'
    }
}
