# New-McpCluster, Get-McpNetworkPlan and the plan checks of Test-McpModel, as users run them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $contexts = Join-Path $root 'tests/contexts'
    function Get-ModelHash([string] $Path) {
        if (-not (Test-Path $Path)) { return @() }
        Get-ChildItem $Path -Recurse -File -Force | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f $_.FullName.Substring($Path.Length), (Get-FileHash $_.FullName -Algorithm SHA256).Hash
        }
    }
    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
}

Describe 'New-McpCluster' {
    It 'writes the <Template> template and every node renders' -ForEach @(
        @{ Template = 'infrastructure'; Extra = @{}; Node = 'kvm01'; Unsized = @() }
        @{ Template = 'openstack-ovs'; Extra = @{ NeutronMode = 'VlanNetworkNodes'; Ceph = $true }; Node = 'gtw01'; Unsized = @('ceph.mon', 'ceph.rgw') }
        @{ Template = 'openstack-contrail'; Extra = @{ StackLight = $true }; Node = 'ntw01'; Unsized = @('opencontrail.control', 'opencontrail.analytics') }
        @{ Template = 'kubernetes'; Extra = @{ DriveTrain = $true; CalicoBgp = 'TorPeering' }; Node = 'ctl01'; Unsized = @() }
    ) {
        $path = Join-Path $TestDrive $Template
        $cluster = New-McpCluster -Name lab -Domain lab.local -Path $path -Template $Template @Extra -WarningVariable warnings -WarningAction SilentlyContinue
        $cluster | Should -BeOfType McpModule.McpCluster
        $cluster.Name | Should -Be 'lab'
        # The only warning: the VCP sizes the reference table has no figures for, all in one.
        if ($Unsized) {
            @($warnings).Count | Should -Be 1
            foreach ($size in $Unsized) { $warnings[0].Message | Should -Match ([regex]::Escape($size) + ' \(') }
        }
        else { $warnings | Should -BeNullOrEmpty }
        $nodes = $cluster | Get-McpNode
        $nodes.Name | Should -Contain "$Node.lab.local"
        $nodes.Count | Should -Be $cluster.NodeCount
        Test-McpModel -Path $path | Should -BeTrue
    }

    It 'defines the salt:control size of every VCP VM from the compact reference table' {
        $path = Join-Path $TestDrive 'sizes'
        $null = New-McpCluster -Name sizes -Domain sizes.local -Path $path -StackLight -DriveTrain -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $sizes = Get-McpPillar -Path $path -Node kvm01 -Key salt:control:size
        $sizes.Keys | Should -Be @('openstack.control', 'openstack.database', 'openstack.message_queue', 'openstack.proxy',
            'stacklight.monitor', 'stacklight.telemetry', 'stacklight.log', 'cicd.control')
        $sizes['openstack.control'].cpu | Should -Be 8
        $sizes['openstack.control'].ram | Should -Be 32768
        $sizes['stacklight.log'].disk_profile | Should -Be 'stacklight.log'
        Get-McpPillar -Path $path -Node kvm02 -Key virt:disk:stacklight.log | ForEach-Object { $_.system.size } | Should -Be 2048000
        # The same figures as Get-McpVcpSizing gives.
        $row = Get-McpVcpSizing 500 -StackLight | Where-Object SizeName -eq 'stacklight.telemetry'
        $sizes['stacklight.telemetry'].cpu | Should -Be $row.VcpuPerInstance
        $sizes['stacklight.telemetry'].ram | Should -Be ($row.RamGbPerInstance * 1024)
    }

    It 'pipes into Get-McpNode and Get-McpNetworkPlan' {
        $path = Join-Path $TestDrive 'pipe'
        $cluster = New-McpCluster -Name pipe -Domain pipe.local -Path $path -NeutronMode VxlanDvrSnat
        ($cluster | Get-McpNode -Name cmp001).Name | Should -Be 'cmp001.pipe.local'
        $plan = $cluster | Get-McpNetworkPlan
        $plan | Should -BeOfType McpModule.Planning.McpNetworkPlan
        ($plan.Networks | Where-Object Name -eq proxy).Cidr | Should -Be '10.12.0.0/29'
        ($plan.Addresses | Where-Object { $_.Node -eq 'cmp001' -and $_.Network -eq 'tenant' }).Address | Should -Be '10.14.0.101'
        Get-McpPillar -Path $path -Node cmp001 -Key linux:network:interface:br-mesh:address | Should -Be '10.14.0.101'
    }

    It '-WhatIf lists the files and writes nothing' {
        $path = Join-Path $TestDrive 'whatif'
        $out = New-McpCluster -Name lab -Domain lab.local -Path $path -WhatIf 6>&1 | Out-String
        $path | Should -Not -Exist
        $out | Should -BeNullOrEmpty -Because 'What if lines go to the host, not the pipeline'
    }

    It 'does not overwrite an existing cluster without -Force, and with -Force only rewrites its own files' {
        $path = Join-Path $TestDrive 'existing'
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure
        $before = Get-ModelHash $path
        { New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure -Site dc2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.ModelExists*'
        Get-ModelHash $path | Should -Be $before

        $mine = Join-Path $path 'classes/cluster/lab/infra/mine.yml'
        Set-Content $mine 'parameters: {}'
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure -Site dc2 -Force
        Get-Content (Join-Path $path 'classes/cluster/lab/init.yml') -Raw | Should -Match 'cluster_site: dc2'
        $mine | Should -Exist
    }

    It 'refuses -Force over a file it does not own and writes nothing' {
        $path = Join-Path $TestDrive 'foreign'
        $null = New-Item -ItemType Directory (Join-Path $path 'nodes')
        Set-Content (Join-Path $path 'nodes/cfg01.lab.local.yml') 'classes: []'
        $before = Get-ModelHash $path
        { New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.ModelExists*'
        Get-ModelHash $path | Should -Be $before
    }

    It '-Force refuses a manifest that lists <Entry>, deletes nothing outside the model and writes nothing' -ForEach @(
        @{ Entry = '../victim.txt' }
        @{ Entry = 'classes/../../victim.txt' }
        @{ Entry = 'ABSOLUTE' }
    ) {
        $path = Join-Path $TestDrive "tampered-$([guid]::NewGuid().ToString('N'))"
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure
        $victim = Join-Path (Split-Path $path) 'victim.txt'
        Set-Content $victim 'keep me'
        $listed = if ($Entry -eq 'ABSOLUTE') { $victim } else { $Entry }
        $manifest = Join-Path $path 'classes/cluster/lab/.mcp-owned.json'
        $owned = Get-Content -Raw $manifest | ConvertFrom-Json
        $owned.files = @($listed) + @($owned.files)
        $owned | ConvertTo-Json | Set-Content $manifest
        $before = Get-ModelHash $path
        { New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure -Site dc2 -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.PathOutsideRoot*' -ExpectedMessage "*the manifest classes/cluster/lab/.mcp-owned.json lists a file*"
        Get-Content $victim | Should -Be 'keep me'
        Get-ModelHash $path | Should -Be $before
    }

    It 'renders the model before writing it: a context whose model does not render writes nothing and names its key' {
        $context = Join-Path $TestDrive 'unrenderable.yaml'
        Set-Content $context "default_context:`n  cluster_name: mini`n  cluster_domain: mini.local`n  openstack_enabled: 'True'`n  openstack_version: '`${_param:no_such_key}'`n"
        $path = Join-Path $TestDrive 'unrenderable'
        { New-McpCluster -Context $context -Path $path -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'Mcp.InvalidContext*' -ExpectedMessage '*does not render; nothing was written*Cannot resolve ${_param:no_such_key}*(context: *openstack_version)*'
        Test-Path $path | Should -BeFalse
    }

    It 'writes a model whose plan has a problem, and warns naming the context key behind it' {
        $context = Join-Path $TestDrive 'one-address.yaml'
        Set-Content $context "default_context:`n  cluster_name: mini`n  cluster_domain: mini.local`n  openstack_enabled: 'True'`n  openstack_control_node01_address: 10.167.4.11`n"
        $path = Join-Path $TestDrive 'one-address'
        $null = New-McpCluster -Context $context -Path $path -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -like '*10.167.4.11*(context: openstack_control_node01_address)*' }).Count | Should -Be 1
        Get-McpNode -Path $path -Name ctl01 | Should -Not -BeNullOrEmpty
    }

    It 'rejects bad input with an error naming the parameter, and writes nothing' -ForEach @(
        @{ Arguments = @{ Name = 'Bad.Name'; Domain = 'lab.local' }; Target = 'Name' }
        @{ Arguments = @{ Name = 'lab'; Domain = 'Not A Domain' }; Target = 'Domain' }
        @{ Arguments = @{ Name = 'lab'; Domain = 'lab.local'; ComputeCount = 99; Template = 'kubernetes'; Site = 'x y' }; Target = 'Site' }
    ) {
        $path = Join-Path $TestDrive ('bad-' + $Target)
        $record = $null
        try { New-McpCluster @Arguments -Path $path -ErrorAction Stop } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        Get-ErrorId $record | Should -Be 'Mcp.InvalidClusterSpec'
        $record.TargetObject | Should -Be $Target
        $path | Should -Not -Exist
    }

    It 'takes the <Name> cookiecutter context: its nodes and addresses, one warning for unused keys' -ForEach @(
        @{ Name = 'cookied-cicd-pike-dvr-ceph'; Node = 'ctl01'; Address = '10.167.4.11' }
        @{ Name = 'cookied-cicd-k8s-calico-sl'; Node = 'cmp004'; Address = '10.167.4.104' }
        @{ Name = 'cookied-bm-oc40-queens'; Node = 'ntw02'; Address = '10.167.8.22' }
    ) {
        $path = Join-Path $TestDrive $Name
        $cluster = New-McpCluster -Context (Join-Path $contexts "$Name.yaml") -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        $cluster.Name | Should -Be $Name
        @($warnings | Where-Object { $_.Message -like '*does not use*' }).Count | Should -Be 1
        ($warnings | Where-Object { $_.Message -like '*does not use*' }).Message | Should -Match 'context_seed'
        $plan = $cluster | Get-McpNetworkPlan
        ($plan.Addresses | Where-Object { $_.Node -eq $Node -and $_.Network -eq 'control' }).Address | Should -Be $Address
        ($cluster | Get-McpNode).Count | Should -Be $cluster.NodeCount
    }

    It 'takes the context shape <Shape> that real contexts have, with one warning naming its keys' -ForEach @(
        @{ Shape = 'deploy-dhcp'; Warning = '*4 bare-metal node(s) take their deploy (PXE) address from DHCP (MAAS)*openstack_compute_deploy_address_ranges*' }
        @{ Shape = 'range-networks'; Warning = '*openstack_compute_backend_address_ranges (storage → tenant): cmp001 10.167.6.101, cmp002 10.167.6.102*' }
        @{ Shape = 'odd-names'; Warning = "cluster_name 'something-4.0-contrail' has '.'*classes/cluster/something-4_0-contrail/*" }
        @{ Shape = 'contrail-routers'; Warning = '*2 device(s) that are no Salt nodes*opencontrail_router01_hostname/_address (rtr01 10.167.8.220)*' }
    ) {
        $path = Join-Path $TestDrive "shape-$Shape"
        $cluster = New-McpCluster -Context (Join-Path $contexts "shapes/$Shape.yaml") -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object { $_.Message -like $Warning }).Count | Should -Be 1 -Because ($warnings.Message -join ' | ')
        Test-McpModel -Path $path -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null
        @($problems | Where-Object { $_.FullyQualifiedErrorId -notlike 'Mcp.Plan*' }) | Should -BeNullOrEmpty
        if ($Shape -eq 'contrail-routers') {
            ($cluster | Get-McpNetworkPlan).Devices.Name | Should -Be @('rtr01', 'rtr02')
            ($cluster | Get-McpNode).Name | Should -Not -Contain 'rtr01'
        }
    }

    It 'gives computes, network nodes and OSD nodes the NICs and bond modes of their context keys' {
        $path = Join-Path $TestDrive 'per-role-nics'
        $cluster = New-McpCluster -Context (Join-Path $contexts 'per-role-nics.yaml') -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings | Where-Object { $_.Message -like '*does not use*' }).Message | Should -Not -Match '_nic|bond_mode'
        $bonds = $cluster | Get-McpNode -Name cmp1, gtw01, osd1, kvm01 |
            Get-McpPillar -Key linux:network:interface:bond0 | ForEach-Object { '{0} {1}' -f $_.slaves, $_.mode }
        $bonds | Should -Be @('ens3f0 ens3f1 802.3ad', 'eth3 eth4 active-backup', 'eth1 eth2 active-backup', 'ens2f0 ens2f1 balance-alb')
    }

    It 'rejects a context with a bad bond mode, naming the key, and writes nothing' {
        $file = Join-Path $TestDrive 'bad-bond.yaml'
        (Get-Content -Raw (Join-Path $contexts 'per-role-nics.yaml')) -replace 'compute_bond_mode: 802.3ad', 'compute_bond_mode: lacp' | Set-Content $file
        $path = Join-Path $TestDrive 'bad-bond'
        $record = $null
        try { New-McpCluster -Context $file -Path $path -ErrorAction Stop } catch { $record = $_ }
        Get-ErrorId $record | Should -Be 'Mcp.InvalidContext'
        $record.Exception.Message | Should -Match "compute_bond_mode.*'lacp'.*not a bond mode"
        $path | Should -Not -Exist
    }
}

Describe 'Test-McpModel plan checks' {
    It 'reports each plan problem as an error record naming what is at fault' {
        $path = Join-Path $TestDrive 'plan-checks'
        $null = New-McpCluster -Context (Join-Path $contexts 'cookied-cicd-pike-dvr-ceph.yaml') -Path $path -WarningAction SilentlyContinue
        Test-McpModel -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $ids = $problems | ForEach-Object { Get-ErrorId $_ }
        $ids | Should -Contain 'Mcp.Plan.DuplicateAddress'
        ($problems | Where-Object { $_.Exception.Message -like '*10.167.4.11*' }).TargetObject | Should -BeIn 'ctl01', 'kvm01'
    }

    It 'finds a VIP that a hand edit made equal to a node address' {
        $path = Join-Path $TestDrive 'vip-edit'
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path
        $init = Join-Path $path 'classes/cluster/lab/init.yml'
        (Get-Content $init -Raw) -replace 'openstack_control_address: 10.11.0.10', 'openstack_control_address: 10.11.0.11' | Set-Content $init
        Test-McpModel -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $problems | ForEach-Object { Get-ErrorId $_ } | Should -Contain 'Mcp.Plan.VipIsNodeAddress'
    }
}
