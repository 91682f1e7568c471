# Get-McpComputeSizing as a user runs it: the built module, real parameter binding and pipelines.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
}

Describe 'Get-McpComputeSizing' {
    It 'sizes a cloud and names the limiting resource' {
        $s = Get-McpComputeSizing -Instances 500 -VcpuPerInstance 2 -RamGbPerInstance 4 -HostCores 48 -HostRamGb 256 -ReservedHostCores 4 -ReservedHostRamGb 16
        $s.ComputeNodes | Should -Be 7
        $s.LimitingResource | Should -Be 'RAM'
        $s.NodesForCpu | Should -Be 2
    }

    It 'sizes one row per pipeline object bound by property name' {
        $rows = @(
            [pscustomobject]@{ Instances = 100; VcpuPerInstance = 1; RamGbPerInstance = 2 }
            [pscustomobject]@{ Instances = 100; VcpuPerInstance = 16; RamGbPerInstance = 2 }
        )
        $sizes = @($rows | Get-McpComputeSizing -HostCores 32 -HostRamGb 128 -SpareHosts 0)
        $sizes.Count | Should -Be 2
        $sizes[0].LimitingResource | Should -Be 'RAM'
        $sizes[1].LimitingResource | Should -Be 'CPU'
    }

    It 'writes one error per bad input, naming the parameter, and returns nothing' {
        $out = Get-McpComputeSizing -Instances 10 -VcpuPerInstance 2 -RamGbPerInstance 4 -HostCores 8 -HostRamGb 32 -ReservedHostCores 8 -ReservedHostRamGb 64 -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.InvalidSizingInput*'
        ($problems.Exception.Message -join ' ') | Should -Match 'ReservedHostCores'
        ($problems.Exception.Message -join ' ') | Should -Match 'ReservedHostRamGb'
    }

    It 'shows a table with the count first' {
        $text = Get-McpComputeSizing 10 -VcpuPerInstance 1 -RamGbPerInstance 1 -HostCores 8 -HostRamGb 32 | Out-String
        $text | Should -Match 'ComputeNodes\s+WorkingNodes\s+SpareNodes\s+LimitingResource'
    }
}
