# Real pipelines on the example model (examples/models/lab) and on broken copies of it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $lab = Join-Path $root 'examples/models/lab'

    # A fresh copy of the example model in TestDrive, to break.
    function Copy-LabModel([string] $Name) {
        $destination = Join-Path $TestDrive $Name
        Copy-Item -Path $lab -Destination $destination -Recurse
        $destination
    }

    # Path and SHA-256 of every file: to show that a command changed nothing on disk.
    function Get-ModelHash([string] $Path) {
        Get-ChildItem $Path -Recurse -File | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f $_.FullName.Substring($Path.Length), (Get-FileHash $_.FullName -Algorithm SHA256).Hash
        }
    }

    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
}

Describe 'Get-McpCluster' {
    It 'finds the lab cluster with its domain, site and node count' {
        $cluster = Get-McpCluster -Path $lab
        @($cluster).Count | Should -Be 1
        $cluster | Should -BeOfType McpModule.McpCluster
        $cluster.Name | Should -Be 'lab'
        $cluster.Domain | Should -Be 'lab.local'
        $cluster.Site | Should -Be 'lab-dc1'
        $cluster.NodeCount | Should -Be 9
        $cluster.Path | Should -Be $lab
    }

    It 'reads the current location by default' {
        Push-Location $lab
        try { (Get-McpCluster).Name | Should -Be 'lab' }
        finally { Pop-Location }
    }

    It 'resolves relative paths and paths inside the model' {
        Push-Location $root
        try {
            (Get-McpCluster examples/models/lab).Path | Should -Be $lab
            (Get-McpCluster examples/models/lab/nodes).Path | Should -Be $lab
        }
        finally { Pop-Location }
    }

    It 'takes model folders from Get-ChildItem' {
        (Get-ChildItem (Split-Path $lab) -Directory | Get-McpCluster).Name | Should -Contain 'lab'
    }

    It 'stops with a terminating error naming the path when it does not exist, as <Command> does' -ForEach @(
        @{ Command = 'Get-McpCluster' }, @{ Command = 'Get-McpNode' }, @{ Command = 'Test-McpModel' }, @{ Command = 'Get-McpNetworkPlan' }
    ) {
        $missing = Join-Path $TestDrive 'no-such-model'
        { & $Command -Path $missing } | Should -Throw -ErrorId 'Mcp.PathNotFound*' -ExpectedMessage '*no-such-model*'
        # the same way for a folder that is not a model
        $empty = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'not-a-model')
        { & $Command -Path $empty.FullName } | Should -Throw -ErrorId 'Mcp.InventoryNotFound*' -ExpectedMessage '*not-a-model*'
        # a script catches it as any terminating error
        $caught = try { & $Command -Path $missing -ErrorAction Stop; 'not caught' } catch { $_.FullyQualifiedErrorId }
        $caught | Should -BeLike 'Mcp.PathNotFound*'
    }

    It 'stops with a terminating error naming the folder when it is not a model' {
        $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty-folder')
        { Get-McpCluster -Path $empty.FullName } | Should -Throw -ErrorId 'Mcp.InventoryNotFound*' -ExpectedMessage '*empty-folder*'
    }
}

Describe 'Get-McpNode' {
    It 'renders every node of the cluster piped in' {
        $nodes = Get-McpCluster -Path $lab | Get-McpNode
        $nodes | Should -HaveCount 9
        $nodes | Should -BeOfType McpModule.McpNode
        @($nodes.Name) | Should -Be @('cfg01.lab.local', 'cmp001.lab.local', 'cmp002.lab.local', 'ctl01.lab.local',
            'ctl02.lab.local', 'ctl03.lab.local', 'kvm01.lab.local', 'kvm02.lab.local', 'kvm03.lab.local')
    }

    It 'gives nodes with cluster, domain, environment, classes, applications and pillar' {
        $node = Get-McpNode -Path $lab -Name ctl01.lab.local
        $node.ShortName | Should -Be 'ctl01'
        $node.Cluster | Should -Be 'lab'
        $node.Domain | Should -Be 'lab.local'
        $node.Site | Should -Be 'lab-dc1'
        $node.Environment | Should -Be 'base'
        $node.Classes | Should -Contain 'cluster.lab.openstack.control'
        $node.Classes | Should -Contain 'system.keystone.server.cluster'
        $node.Applications | Should -Contain 'keystone'
        $node.Applications | Should -Contain 'galera'
        $node.Path | Should -Be $lab
    }

    It 'filters by -Name with wildcards and by short name' {
        @((Get-McpNode -Path $lab -Name 'ctl*').Name) | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
        (Get-McpNode -Path $lab -Name cmp002).Name | Should -Be 'cmp002.lab.local'
        @((Get-McpNode -Path $lab -Name 'kvm0[12]', cfg01).ShortName) | Should -Be @('cfg01', 'kvm01', 'kvm02')
    }

    It 'filters by -Application' {
        @((Get-McpNode -Path $lab -Application keystone).ShortName) | Should -Be @('ctl01', 'ctl02', 'ctl03')
        @((Get-McpNode -Path $lab -Application libvirt).ShortName) | Should -Be @('cmp001', 'cmp002', 'kvm01', 'kvm02', 'kvm03')
        @((Get-McpNode -Path $lab -Application reclass, galera).ShortName) | Should -Be @('cfg01', 'ctl01', 'ctl02', 'ctl03')
    }

    It 'filters by -Class with wildcards' {
        @((Get-McpNode -Path $lab -Class 'cluster.lab.infra.kvm').ShortName) | Should -Be @('kvm01', 'kvm02', 'kvm03')
        @((Get-McpNode -Path $lab -Class 'system.nova.*').ShortName) | Should -Be @('cmp001', 'cmp002', 'ctl01', 'ctl02', 'ctl03')
    }

    It 'combines filters, with -Environment and -Site' {
        @((Get-McpCluster -Path $lab | Get-McpNode -Name 'c*' -Application nova -Class '*compute*').ShortName) | Should -Be @('cmp001', 'cmp002')
        Get-McpNode -Path $lab -Environment base -Site lab-dc1 | Should -HaveCount 9
        Get-McpNode -Path $lab -Environment prd | Should -BeNullOrEmpty
        Get-McpNode -Path $lab -Site elsewhere | Should -BeNullOrEmpty
    }

    It 'reports a -Name that matches no node' {
        $nodes = Get-McpNode -Path $lab -Name ctl09, ctl01 -ErrorVariable problems -ErrorAction SilentlyContinue
        $nodes.Name | Should -Be 'ctl01.lab.local'
        $problems | Should -HaveCount 1
        Get-ErrorId $problems[0] | Should -Be 'Mcp.NodeNotFound'
        $problems[0].TargetObject | Should -Be 'ctl09'
    }

    It 'writes one error per node that fails and still returns the others' {
        $model = Copy-LabModel 'node-errors'
        $class = Join-Path $model 'classes/system/keystone/server/cluster.yml'
        (Get-Content -Raw $class) -replace '(?m)^- service.keystone.server$', "- service.keystone.server`n- system.keystone.server.notifications" |
            Set-Content -NoNewline $class
        $nodes = Get-McpNode -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue
        @($nodes.ShortName) | Should -Be @('cfg01', 'cmp001', 'cmp002', 'kvm01', 'kvm02', 'kvm03')
        # one problem (a class three nodes reach), one record naming every node it affects
        $problems | Should -HaveCount 1
        Get-ErrorId $problems[0] | Should -Be 'Mcp.ClassNotFound'
        $problems[0].TargetObject | Should -Be 'ctl01.lab.local'
        $problems[0].Exception.Nodes | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
        "$($problems[0])" | Should -BeLike '*the same problem for 2 more node(s): ctl02.lab.local, ctl03.lab.local*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        # Test-McpModel counts it the same way
        Test-McpModel -Path $model -ErrorVariable checked -ErrorAction SilentlyContinue | Should -BeFalse
        $checked | Should -HaveCount 1
        # asking for one of its nodes still reports it
        Get-McpNode -Path $model -Name ctl02 -ErrorVariable one -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $one[0] | Should -Be 'Mcp.ClassNotFound'
    }
}

Describe 'Get-McpPillar' {
    It 'returns the pillar as nested ordered dictionaries' {
        $pillar = Get-McpPillar -Path $lab -Node ctl01.lab.local
        $pillar | Should -BeOfType McpModule.McpPillar
        $pillar | Should -BeOfType System.Collections.Specialized.IOrderedDictionary
        $pillar.keystone.server | Should -BeOfType McpModule.McpPillar
        $pillar.keystone.server | Should -BeOfType System.Collections.IDictionary
        $pillar.linux.system.name | Should -Be 'ctl01'
        $pillar.keystone.server.database.host | Should -Be '10.11.0.10'
        , $pillar.rabbitmq.cluster.members | Should -BeOfType System.Object[]
        $pillar.rabbitmq.cluster.members[2].name | Should -Be 'ctl03'
    }

    It 'keeps the order of keys as the model has it' {
        $pillar = Get-McpPillar -Path $lab -Node ctl01
        @($pillar.haproxy.proxy.listen.Keys) | Should -Be @('keystone_public_api', 'nova_api')
        @($pillar.keystone.server.Keys)[0..2] | Should -Be @('enabled', 'region', 'service_name')
    }

    It 'selects one value with -Key' {
        Get-McpPillar -Path $lab -Node ctl01 -Key keepalived:cluster:instance:VIP:priority | Should -Be 103
        Get-McpPillar -Path $lab -Node ctl02 -Key keepalived:cluster:instance:VIP:priority | Should -Be 102
        Get-McpPillar -Path $lab -Node ctl03 -Key keepalived:cluster:instance:VIP:priority | Should -Be 101
        Get-McpPillar -Path $lab -Node ctl01 -Key rabbitmq:cluster:members:1:host | Should -Be '10.11.0.12'
    }

    It 'resolves references through classes' {
        Get-McpPillar -Path $lab -Node ctl01 -Key linux:network:fqdn | Should -Be 'ctl01.lab.local'
        Get-McpPillar -Path $lab -Node cmp001 -Key nova:compute:vncproxy_url | Should -Be 'http://10.11.0.10:6080'
        Get-McpPillar -Path $lab -Node kvm02 -Key linux:network:interface:br-ctl:address | Should -Be '10.11.0.242'
    }

    It 'answers inventory queries' {
        $hosts = Get-McpPillar -Path $lab -Node ctl01 -Key nova:controller:compute_hosts
        @($hosts.Keys) | Should -Be @('cmp001.lab.local', 'cmp002.lab.local')
        $hosts['cmp002.lab.local'] | Should -Be '10.11.0.102'
    }

    It 'writes a list value item by item' {
        Get-McpPillar -Path $lab -Node kvm01 -Key linux:system:kernel:modules | Should -Be @('kvm_intel', 'vhost_net')
    }

    It 'takes nodes from Get-McpNode on the pipeline' {
        Get-McpNode -Path $lab -Name cmp* | Get-McpPillar -Key nova:compute:reserved_host_memory_mb | Should -Be @(1100, 2048)
        $fqdns = Get-McpCluster -Path $lab | Get-McpNode -Application keystone | Get-McpPillar -Key linux:network:fqdn
        @($fqdns) | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
    }

    It 'round-trips -AsJson through ConvertFrom-Json' {
        $json = Get-McpPillar -Path $lab -Node ctl01 -AsJson
        $json | Should -BeOfType string
        $fromJson = $json | ConvertFrom-Json
        $fromJson.keystone.server.database.host | Should -Be '10.11.0.10'
        $fromJson.nova.controller.cpu_allocation_ratio | Should -Be 16.0
        ($fromJson | ConvertTo-Json -Depth 64 -Compress) |
            Should -Be (Get-McpPillar -Path $lab -Node ctl01 | ConvertTo-Json -Depth 64 -Compress)
        Get-McpPillar -Path $lab -Node ctl01 -Key nova:controller:compute_hosts -AsJson | ConvertFrom-Json |
            ForEach-Object 'cmp001.lab.local' | Should -Be '10.11.0.101'
    }

    It 'writes -AsYaml that a YAML parser reads back to the same data' {
        $yaml = Get-McpPillar -Path $lab -Node ctl01 -AsYaml
        $yaml | Should -BeOfType string
        $yaml | Should -Match '(?m)^keystone:$'
        $python = Get-Command python3 -ErrorAction Ignore
        if (-not $python) { Set-ItResult -Skipped -Because 'python3 is not installed'; return }
        $fromYaml = $yaml | & $python.Source -c 'import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.stdin.read())))'
        $LASTEXITCODE | Should -Be 0
        ($fromYaml | ConvertFrom-Json | ConvertTo-Json -Depth 64 -Compress) |
            Should -Be (Get-McpPillar -Path $lab -Node ctl01 -AsJson | ConvertFrom-Json | ConvertTo-Json -Depth 64 -Compress)
    }

    It 'writes an error naming the node and the key when -Key is missing, and goes on' {
        $values = Get-McpPillar -Path $lab -Node ctl01, cmp001 -Key nova:compute:reserved_host_memory_mb -ErrorVariable problems -ErrorAction SilentlyContinue
        $values | Should -Be 1100
        $problems | Should -HaveCount 1
        Get-ErrorId $problems[0] | Should -Be 'Mcp.KeyNotFound'
        $problems[0].TargetObject | Should -Be 'ctl01.lab.local'
        $problems[0].Exception.Message | Should -Match 'ctl01\.lab\.local'
        $problems[0].Exception.Message | Should -Match 'nova:compute:reserved_host_memory_mb'
    }

    It 'writes an error for a node that is not in the model' {
        Get-McpPillar -Path $lab -Node ctl09 -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'Mcp.NodeNotFound'
        $problems[0].TargetObject | Should -Be 'ctl09'
    }

    It 'reads the model again when a file changes' {
        $model = Copy-LabModel 'changes'
        Get-McpPillar -Path $model -Node cmp002 -Key nova:compute:reserved_host_memory_mb | Should -Be 2048
        $node = Join-Path $model 'nodes/cmp002.lab.local.yml'
        (Get-Content -Raw $node) -replace 'reserved_host_memory_mb: 2048', 'reserved_host_memory_mb: 4096' | Set-Content -NoNewline $node
        (Get-Item $node).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)
        Get-McpPillar -Path $model -Node cmp002 -Key nova:compute:reserved_host_memory_mb | Should -Be 4096
    }

    It 'reads the model again right after a class is added in a new folder' {
        $model = Copy-LabModel 'new-folder'
        Get-McpPillar -Path $model -Node cmp002 -Key nova:compute:reserved_host_memory_mb | Should -Be 2048
        $null = New-Item -ItemType Directory (Join-Path $model 'classes/extra')
        Set-Content (Join-Path $model 'classes/extra/memory.yml') "parameters:`n  nova:`n    compute:`n      reserved_host_memory_mb: 8192`n"
        $node = Join-Path $model 'nodes/cmp002.lab.local.yml'
        (Get-Content -Raw $node) -replace '(?m)^classes:\n', "classes:`n- extra.memory`n" | Set-Content -NoNewline $node
        (Get-McpNode -Path $model -Name cmp002).Classes | Should -Contain 'extra.memory'
    }

    # A walk of the files' times cannot see an edit that keeps a file's size and time; the watch of
    # the model's folders (Linux) can.
    It 'reads the model again after an edit in place that keeps the file''s size and time' -Skip:(-not $IsLinux) {
        $model = Copy-LabModel 'in-place'
        Get-McpPillar -Path $model -Node cmp002 -Key nova:compute:reserved_host_memory_mb | Should -Be 2048
        $node = Join-Path $model 'nodes/cmp002.lab.local.yml'
        $time = (Get-Item $node).LastWriteTimeUtc
        (Get-Content -Raw $node) -replace 'reserved_host_memory_mb: 2048', 'reserved_host_memory_mb: 4096' | Set-Content -NoNewline $node
        (Get-Item $node).LastWriteTimeUtc = $time
        Get-McpPillar -Path $model -Node cmp002 -Key nova:compute:reserved_host_memory_mb | Should -Be 4096
    }

    # Where no watch can be made (not Linux, a network file system; MCP_NO_FOLDER_WATCH here),
    # each call walks the model and compares the files' times and count with the last walk's.
    It 'without a folder watch, reuses the model while it is unchanged and reads it again when a file changes' {
        $model = Copy-LabModel 'no-watch'
        $node = Join-Path $model 'nodes/cmp002.lab.local.yml'
        $key = 'nova:compute:reserved_host_memory_mb'
        $script = Join-Path $TestDrive 'no-watch.ps1'
        Set-Content -Path $script -Value @(
            '$ErrorActionPreference = "Stop"'
            "Import-Module '$manifest'"
            "Get-McpPillar -Path '$model' -Node cmp002 -Key $key"
            "Get-McpPillar -Path '$model' -Node cmp002 -Key $key"
            "`$n = '$node'; (Get-Content -Raw `$n) -replace 'reserved_host_memory_mb: 2048', 'reserved_host_memory_mb: 4096' | Set-Content -NoNewline `$n"
            "(Get-Item `$n).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)"
            "Get-McpPillar -Path '$model' -Node cmp002 -Key $key"
        )
        $env:MCP_NO_FOLDER_WATCH = '1'; $env:MCP_RenderCache = 'false'
        try { $out = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $script 2>&1 }
        finally { Remove-Item env:MCP_NO_FOLDER_WATCH, env:MCP_RenderCache }
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        @($out | ForEach-Object { "$_" }) | Should -Be @('2048', '2048', '4096')
    }
}

Describe 'Test-McpModel' {
    It 'returns $true and writes no error for the example model' {
        $before = Get-ModelHash $lab
        $result = Test-McpModel -Path $lab -ErrorVariable problems
        $result | Should -BeOfType bool
        $result | Should -BeTrue
        $problems | Should -BeNullOrEmpty
        Get-ModelHash $lab | Should -Be $before
    }

    Context 'a copy with <Case>' -ForEach @(
        @{
            Case     = 'a YAML syntax error'
            ErrorId  = 'Mcp.YamlSyntax'
            Category = 'ParserError'
            Count    = 1
            Break    = {
                param($model)
                $file = Join-Path $model 'classes/service/keystone/server.yml'
                # enabled: is indented one space short of region:
                Set-Content -Path $file -Value "parameters:`n  keystone:`n    server:`n      region: RegionOne`n     enabled: true`n"
            }
            Check    = {
                param($problems, $model)
                $message = $problems[0].Exception.Message
                $message | Should -Match ([regex]::Escape((Join-Path $model 'classes/service/keystone/server.yml')))
                $message | Should -Match 'line 5\b'
                $message | Should -Match 'column 6\b'
                $problems[0].Exception.Line | Should -Be 5
                $problems[0].Exception.Column | Should -Be 6
            }
        }
        @{
            Case     = 'a missing class'
            ErrorId  = 'Mcp.ClassNotFound'
            Category = 'ObjectNotFound'
            Count    = 1     # one problem, three nodes reach it: one record naming them all
            Break    = {
                param($model)
                $file = Join-Path $model 'classes/system/keystone/server/cluster.yml'
                (Get-Content -Raw $file) -replace '(?m)^- service.keystone.server$', "- service.keystone.server`n- system.keystone.server.notifications" |
                    Set-Content -NoNewline $file
            }
            Check    = {
                param($problems, $model)
                @($problems[0].Exception.Nodes | Sort-Object) | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
                $message = $problems[0].Exception.Message
                $message | Should -Match 'system\.keystone\.server\.notifications'
                $message | Should -Match 'ctl02\.lab\.local'
                # The chain of classes that led there.
                $message | Should -Match 'cluster\.lab\.openstack\.control'
                $message | Should -Match 'system\.keystone\.server\.cluster'
            }
        }
        @{
            Case     = 'a missing reference'
            ErrorId  = 'Mcp.MissingReference'
            Category = 'ObjectNotFound'
            Count    = 1     # one reference, three nodes reach it
            Break    = {
                param($model)
                $file = Join-Path $model 'classes/system/nova/control/cluster.yml'
                (Get-Content -Raw $file) -replace 'mysql_nova_password', 'mysql_nova_passwd' | Set-Content -NoNewline $file
            }
            Check    = {
                param($problems, $model)
                @($problems[0].Exception.Nodes | Sort-Object) | Should -Be @('ctl01.lab.local', 'ctl02.lab.local', 'ctl03.lab.local')
                $message = $problems[0].Exception.Message
                $message | Should -Match ([regex]::Escape('_param:mysql_nova_passwd'))
                $message | Should -Match ([regex]::Escape('nova:controller:database:password'))
                $message | Should -Match 'ctl01\.lab\.local'
                $message | Should -Match ([regex]::Escape((Join-Path $model 'classes/system/nova/control/cluster.yml')))
            }
        }
        @{
            Case     = 'an unclosed flow list (YAML)'
            ErrorId  = 'Mcp.YamlSyntax'
            Category = 'ParserError'
            Count    = 1
            Break    = {
                param($model)
                # YamlDotNet throws InvalidOperationException here, not a YamlException.
                $file = Join-Path $model 'classes/service/keystone/server.yml'
                Set-Content -Path $file -Value "parameters:`n  keystone:`n    server:`n      region: [RegionOne`n      enabled: true" -NoNewline
            }
            Check    = {
                param($problems, $model)
                $problems[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $model 'classes/service/keystone/server.yml')))
                $problems[0].Exception.Message | Should -Match 'line \d+'
            }
        }
        @{
            Case     = 'a type clash'
            ErrorId  = 'Mcp.TypeMerge'
            Category = 'InvalidData'
            Count    = 1
            Break    = {
                param($model)
                # A list where the classes give a dictionary. Only ctl01 fails: the others'
                # inventory query needs ctl01's exports, not its parameters (as with reclass).
                Add-Content -Path (Join-Path $model 'nodes/ctl01.lab.local.yml') -Value "  nova:`n    controller:`n      bind:`n      - 10.11.0.11"
            }
            Check    = {
                param($problems, $model)
                $problems[0].TargetObject | Should -Be 'ctl01.lab.local'
                $message = $problems[0].Exception.Message
                $message | Should -Match ([regex]::Escape('nova:controller:bind'))
                # Both files: the node's, and the class that gave the dictionary (the one that
                # defines it, or, as reclass names it, the class that last merged into it).
                $message | Should -Match ([regex]::Escape((Join-Path $model 'nodes/ctl01.lab.local.yml')))
                $classFiles = 'classes/system/nova/control/cluster.yml', 'classes/cluster/lab/openstack/control.yml' |
                    ForEach-Object { [regex]::Escape((Join-Path $model $_)) }
                $message | Should -Match ($classFiles -join '|')
            }
        }
    ) {
        It 'returns $false, writes one <ErrorId> error per problem and changes no file' {
            $model = Copy-LabModel ($Case -replace '\W', '-')
            & $Break $model
            $before = Get-ModelHash $model

            $result = Test-McpModel -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue

            $result | Should -BeOfType bool
            $result | Should -BeFalse
            $problems | Should -HaveCount $Count
            $problems | ForEach-Object { Get-ErrorId $_ } | Should -Be (@($ErrorId) * $Count)
            $problems | ForEach-Object { $_.CategoryInfo.Category.ToString() } | Should -Be (@($Category) * $Count)
            $problems | ForEach-Object { $_.Exception } | Should -BeOfType McpModule.Model.ModelException
            & $Check $problems $model
            Get-ModelHash $model | Should -Be $before
        }
    }
}
