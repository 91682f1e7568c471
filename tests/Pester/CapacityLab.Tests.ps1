# Get-McpCapacity against a real node: a one-node lab of the example lab model's compute cmp001.
# Its figures must be what the node itself reports, read over Invoke-McpCommand right after (lab
# nodes are containers: they report the host's CPUs and memory, which is what a node reads).
# Tagged Lab (Linux, root). Own lab state folder (out/capacity-test).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Get-McpCapacity against a lab node' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'capacity-test'
        $script:model = Join-Path $TestDrive 'lab'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
        $null = Start-LabSuiteLab (Get-McpCluster -Path $model) -Node cmp001
    }
    AfterAll { Exit-LabSuite lab }

    It 'reports the cores, memory and root file system the node reports' {
        $out = @(Get-McpCapacity -Path $model -Target cmp001 -NoHistory)
        $node = $out | Where-Object Scope -EQ Node
        $node.Name | Should -Be 'cmp001.lab.local'
        $node.Zone | Should -Be 'nova'
        $said = (Invoke-McpCommand -Path $model -Target cmp001 -Command "grep -c '^cpu[0-9]' /proc/stat; awk '/^MemTotal:|^MemAvailable:/ { print `$2 }' /proc/meminfo").StdOut -split '\s+' | Where-Object { $_ }
        $node.Cpu.Total | Should -Be ([int] $said[0])
        $node.Cpu.Used | Should -BeGreaterOrEqual 0
        $node.Cpu.Used | Should -BeLessOrEqual $node.Cpu.Total
        $node.Memory.Total | Should -Be ([double] $said[1] * 1024)
        # memory in use moves between the two reads: within a twentieth of the total
        [math]::Abs($node.Memory.Used - ([double] $said[1] - [double] $said[2]) * 1024) | Should -BeLessThan ($node.Memory.Total / 20)
        $node.Storage.Total | Should -BeGreaterThan 0
        $node.Cpu.State | Should -Be 'NoTrend' -Because 'one collection, -NoHistory'
        ($out | Where-Object Scope -EQ Total).Memory.Total | Should -Be $node.Memory.Total
    }
}
