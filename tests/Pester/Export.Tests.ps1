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
        $node.Parameters | Should -BeOfType System.Collections.Specialized.OrderedDictionary
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
        (Get-McpPillar -Path $lab -Node ctl01).keystone.server | Should -BeOfType System.Collections.Specialized.OrderedDictionary
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
