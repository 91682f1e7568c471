# Get-McpVcpSizing as a user runs it: the built module, real parameter binding, views and error records.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $all = @{ StackLight = $true; DriveTrain = $true; Telemetry = $true; VirtualGateways = $true }
}

Describe 'Get-McpVcpSizing' {
    It 'gives the 30 VMs of the compact reference table with every component' {
        $rows = @(Get-McpVcpSizing 500 @all)
        $rows.Count | Should -Be 11
        ($rows | Measure-Object Instances -Sum).Sum | Should -Be 30
        $ctl = $rows | Where-Object Role -eq 'ctl'
        $ctl.SizeName | Should -Be 'openstack.control'
        $ctl.VcpuPerInstance, $ctl.RamGbPerInstance, $ctl.DiskGbPerInstance | Should -Be @(8, 32, 100)
        ($rows | Where-Object Role -eq 'prx').Hosts | Should -Be @('kvm02', 'kvm03')
    }

    It 'keeps only the OpenStack core without components' {
        (Get-McpVcpSizing 10).Role | Should -Be @('ctl', 'msg', 'dbs', 'prx', 'cfg')
        (Get-McpVcpSizing 10 -DriveTrain).Role | Should -Contain 'cid'
    }

    It 'lists roles without reference figures with a note and no sizes' {
        $rows = @(Get-McpVcpSizing 100 -Ceph -OpenContrail | Where-Object Note)
        $rows.Role | Should -Be @('ntw', 'nal', 'cmn', 'rgw')
        $rows | ForEach-Object { $_.VcpuPerInstance | Should -BeNullOrEmpty }
        (Get-McpVcpSizing 100 -Ceph -ByHost)[0].Uncounted | Should -Be @('cmn', 'rgw')
    }

    It 'sums each kvm host with -ByHost and names the resource that runs out' {
        $hosts = @(Get-McpVcpSizing 500 @all -HostCores 48 -HostRamGb 256 -HostDiskGb 6000 -ReservedHostCores 4 -ReservedHostRamGb 16 -ByHost)
        $hosts.Host | Should -Be @('kvm01', 'kvm02', 'kvm03')
        $hosts[1].Vcpu | Should -Be 56
        $hosts[1].Fits | Should -BeFalse
        $hosts[1].LimitingResource | Should -Be 'CPU'
        $hosts[1].FreeVcpu | Should -Be -12
        $fits = @(Get-McpVcpSizing 500 @all -HostCores 48 -HostRamGb 256 -HostDiskGb 6000 -ReservedHostCores 4 -ReservedHostRamGb 16 -CpuAllocationRatio 2 -ByHost)
        $fits.Fits | Should -Be @($true, $true, $true)
        $fits[0].LimitingResource | Should -Be 'RAM'
    }

    It 'warns once per kvm host that cannot hold its VMs when it writes the role rows' {
        $rows = Get-McpVcpSizing 500 @all -HostCores 64 -HostRamGb 512 -HostDiskGb 4000 -WarningVariable warnings -WarningAction SilentlyContinue
        @($rows).Count | Should -Be 11
        @($warnings).Count | Should -Be 3
        $warnings[0].Message | Should -Match '^kvm01 .*Disk runs out first'
    }

    It 'refuses more than 500 instances, naming the Cloud Provider layout, and returns nothing' {
        $out = Get-McpVcpSizing 501 -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.VcpSizing.BeyondCompactLayout*'
        $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $problems[0].Exception.Message | Should -Match 'up to 500 instances'
        $problems[0].Exception.Message | Should -Match 'Cloud Provider layout'
        $null = Get-McpVcpSizing 100 -Hypervisors 60 -ErrorVariable tooMany -ErrorAction SilentlyContinue
        $tooMany[0].Exception.Message | Should -Match 'up to 50 hypervisors'
    }

    It 'writes one error per bad input, naming the parameter' {
        $out = Get-McpVcpSizing 100 -HostCores 8 -ReservedHostCores 8 -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 3
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Mcp.InvalidSizingInput*' }
        ($problems.Exception.Message -join ' ') | Should -Match 'ReservedHostCores'
        ($problems.Exception.Message -join ' ') | Should -Match 'HostRamGb'
        ($problems.Exception.Message -join ' ') | Should -Match 'HostDiskGb'
    }

    It 'sizes one cloud per pipeline object bound by property name' {
        $clouds = @([pscustomobject]@{ Instances = 200 }, [pscustomobject]@{ Instances = 900 })
        $rows = @($clouds | Get-McpVcpSizing -ErrorVariable problems -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 5
        $problems.Count | Should -Be 1
    }

    It 'shows the role table and the host table' {
        Get-McpVcpSizing 500 | Out-String | Should -Match 'Role\s+SizeName\s+Instances\s+Vcpu\s+RamGb\s+DiskGb\s+Hosts'
        Get-McpVcpSizing 500 -ByHost | Out-String | Should -Match 'Host\s+Instances\s+Vcpu\s+RamGb\s+DiskGb\s+Fits\s+LimitingResource'
    }
}
