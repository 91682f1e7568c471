# Pipes that connect: each cmdlet takes what the others write (issue 12, item 4). The pipes into
# and out of labs need root and are in Lab.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $lab = Join-Path $root 'examples/models/lab'
    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
}

Describe 'Into Get-McpNode' {
    It 'takes a model folder from Get-Item' {
        $nodes = Get-Item $lab | Get-McpNode
        $nodes | Should -HaveCount 9
        (Get-Item $lab | Get-McpNode -Name ctl*).ShortName | Should -Be @('ctl01', 'ctl02', 'ctl03')
        (Get-Item $lab | Get-McpNode -Application nova).ShortName | Should -Be @('cmp001', 'cmp002', 'ctl01', 'ctl02', 'ctl03')
    }

    It 'takes model folders from Get-ChildItem, and the path as it is with -LiteralPath' {
        $models = Join-Path $TestDrive 'models'
        $null = New-Item -ItemType Directory $models
        Copy-Item -Recurse $lab (Join-Path $models 'a[1]')
        (Get-ChildItem $models -Directory | Get-McpNode -Name cfg01).Name | Should -Be 'cfg01.lab.local'
        (Get-McpNode -LiteralPath (Join-Path $models 'a[1]') -Name cmp001).Name | Should -Be 'cmp001.lab.local'
    }

    It 'takes node names as strings, and reports the one that matches no node' {
        ('ctl01', 'cmp001' | Get-McpNode -Path $lab).Name | Should -Be @('ctl01.lab.local', 'cmp001.lab.local')
        $nodes = 'ctl09', 'kvm*' | Get-McpNode -Path $lab -ErrorVariable problems -ErrorAction SilentlyContinue
        $nodes.ShortName | Should -Be @('kvm01', 'kvm02', 'kvm03')
        $problems | Should -HaveCount 1
        Get-ErrorId $problems[0] | Should -Be 'Mcp.NodeNotFound'
        $problems[0].TargetObject | Should -Be 'ctl09'
    }

    It 'still takes clusters, a cluster not being a node name' {
        (Get-McpCluster -Path $lab | Get-McpNode -Name ctl01).Name | Should -Be 'ctl01.lab.local'
        Get-McpCluster -Path $lab | Get-McpNode | Should -HaveCount 9
    }

    It 'writes an error for a -LiteralPath that is not there or not a folder of files' {
        Get-McpNode -LiteralPath (Join-Path $TestDrive 'none') -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'Mcp.PathNotFound'
        Get-McpNode -LiteralPath Env:PATH -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'Mcp.NotFileSystemPath'
    }
}

Describe 'Into Get-McpPillar' {
    It 'takes a cluster as all its nodes, not its name as a node name' {
        $values = Get-McpCluster -Path $lab | Get-McpPillar -Key linux:network:fqdn -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        @($values) | Should -Be @((Get-McpNode -Path $lab).Name)
    }

    It 'takes node names as strings' {
        'ctl01', 'cmp00*' | Get-McpPillar -Path $lab -Key linux:system:name | Should -Be @('ctl01', 'cmp001', 'cmp002')
    }

    It 'takes nodes from Get-McpNode by their type, other objects by their Name and Path' {
        Get-McpNode -Path $lab -Name cmp* | Get-McpPillar -Key nova:compute:reserved_host_memory_mb | Should -Be @(1100, 2048)
        $trace = Join-Path $TestDrive 'binding.txt'
        $null = Trace-Command -Name ParameterBinding -InputObject (Get-McpNode -Path $lab -Name cmp001) -Expression { $input | Get-McpPillar -Key linux:system:name } -FilePath $trace
        $bound = (Get-Content $trace) -replace '\e\[[0-9;]*m' | Where-Object { $_ -match 'to param \[(\w+)\] SUCCESSFUL' } | ForEach-Object { $Matches[1] }
        $bound | Should -Be @('Key', 'InputObject') -Because 'a node binds by its type, not by two property lookups'
        [pscustomobject]@{ Name = 'cmp002'; Path = $lab } | Get-McpPillar -Key nova:compute:reserved_host_memory_mb | Should -Be 2048
    }

    It 'reads a piped node as its model has it now, and says when the model no longer has it' {
        $model = Join-Path $TestDrive 'node-moved'
        Copy-Item -Recurse $lab $model
        $nodes = Get-McpNode -Path $model -Name cmp*
        $file = Join-Path $model 'nodes/cmp002.lab.local.yml'
        (Get-Content -Raw $file) -replace '(?m)^(\s*)reserved_host_memory_mb: .*$', '$1reserved_host_memory_mb: 4096' | Set-Content -NoNewline $file
        Remove-Item (Join-Path $model 'nodes/cmp001.lab.local.yml')
        $values = $nodes | Get-McpPillar -Key nova:compute:reserved_host_memory_mb -ErrorVariable problems -ErrorAction SilentlyContinue
        $values | Should -Be 4096
        Get-ErrorId $problems[0] | Should -Be 'Mcp.NodeNotFound'
    }

    It 'reads a cluster as its model has it now, and says when the model no longer has it' {
        $model = Join-Path $TestDrive 'moved'
        Copy-Item -Recurse $lab $model
        $cluster = Get-McpCluster -Path $model
        Get-ChildItem (Join-Path $model 'nodes') -Filter 'kvm*' | Remove-Item
        @($cluster | Get-McpPillar -Key linux:system:name) | Should -HaveCount 6
        Remove-Item -Recurse (Join-Path $model 'classes/cluster/lab')
        Get-ChildItem (Join-Path $model 'nodes') | ForEach-Object {
            (Get-Content -Raw $_.FullName) -replace 'cluster\.lab\b', 'cluster.other' | Set-Content -NoNewline $_.FullName
        }
        $null = New-Item -ItemType Directory (Join-Path $model 'classes/cluster/other')
        $cluster | Get-McpPillar -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'Mcp.ClusterNotFound'
    }

    It 'stops with a clear error when given neither nodes nor clusters, or both -AsJson and -AsYaml' {
        { Get-McpPillar -Path $lab -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.NodeMissing,McpModule.Cmdlets.GetMcpPillarCommand'
        { Get-McpPillar -Path $lab -Node ctl01 -AsJson -AsYaml -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.AmbiguousFormat,McpModule.Cmdlets.GetMcpPillarCommand'
    }
}

# Without a running lab: what binds where, and what Start-McpLab -WhatIf would start. The pipes
# against a running lab are in Lab.Tests.ps1.
Describe 'Into the lab cmdlets' {
    BeforeAll {
        $script:savedStateDir = $env:MCP_LAB_STATE_DIR
        $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'      # no lab here
        # -WhatIf writes to the host: a pwsh of its own shows it (dotnet pwsh runs as 'dotnet <pwsh.dll>').
        function Invoke-WhatIf([string] $Command) {
            $exe = (Get-Process -Id $PID).Path
            $pwshArgs = @(if ($exe -like '*dotnet*') { ([Environment]::GetCommandLineArgs())[0] }) + '-NoProfile', '-NonInteractive', '-Command'
            & $exe @pwshArgs "Import-Module '$manifest'; `$lab = '$lab'; $Command" 2>&1 | ForEach-Object { "$_" }
        }
    }
    AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

    It 'Start-McpLab starts a lab of the piped nodes of their cluster, those nodes only, once' {
        $out = Invoke-WhatIf 'Get-McpNode -Path $lab -Name ctl01, cmp001 | Start-McpLab -WhatIf'
        $whatIf = @($out | Where-Object { $_ -like 'What if:*' })
        $whatIf.Count | Should -Be 1 -Because ($out -join "`n")
        $whatIf[0] | Should -Match "lab of cluster 'lab': cmp001, ctl01"
        $cluster = Invoke-WhatIf 'Get-McpCluster -Path $lab | Start-McpLab -Node kvm* -WhatIf'
        $cluster | Where-Object { $_ -like 'What if:*' } | Should -Match "lab of cluster 'lab': kvm01, kvm02, kvm03"
    }

    It 'Get-McpLab takes a cluster, nodes and names, and names the cluster that has no lab, once' {
        Get-McpCluster -Path $lab | Get-McpLab -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.LabNotFound*'
        $problems[0].TargetObject | Should -Be 'lab'
        Get-McpNode -Path $lab | Get-McpLab -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1 -Because 'nine nodes of one cluster are one lab'
        'lab' | Get-McpLab -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].TargetObject | Should -Be 'lab'
    }

    It 'Stop-McpLab takes a cluster and nodes by their cluster, once' {
        Get-McpCluster -Path $lab | Stop-McpLab -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].TargetObject | Should -Be 'lab'
        Get-McpNode -Path $lab | Stop-McpLab -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
    }
}
