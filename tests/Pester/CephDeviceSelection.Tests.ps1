# Select-McpCephDevice as a user runs it: the built module, ceph-volume inventory files (the example
# nodes' and the lab's real loop device), specs as files, text and hashtables, the table view and the
# error records. No lab: the devices come from files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $examples = Join-Path $root 'examples/ceph-devices'
    $inventories = @((Join-Path $examples 'osd01.ceph.local.json'), (Join-Path $examples 'osd02.ceph.local.json'))
    $cephadmSpec = Join-Path $examples 'hdd-nvme.yml'

    # `ceph-volume inventory --format json` of a lab node: one 4 GiB loop device, rejected.
    $loop = '[{"path": "/dev/loop0", "sys_api": {"removable": "0", "ro": "0", "vendor": "", "model": "", "rev": "", "sas_address": "", "sas_device_handle": "", "support_discard": "4096", "rotational": "1", "nr_requests": "128", "partitions": {}, "device_nodes": "loop0", "actuators": "", "scheduler_mode": "none", "sectors": 0, "sectorsize": "512", "size": 4294967296.0, "human_readable_size": "4.00 GB", "path": "/dev/loop0", "devname": "loop0", "type": "loop", "parent": "/dev/loop0", "id_bus": ""}, "ceph_device": false, "lsm_data": {}, "available": false, "rejected_reasons": ["Insufficient space (<5GB)"], "device_id": "", "lvs": []}]'
    $loopFile = Join-Path $TestDrive 'cmn01.ceph.local.json'
    Set-Content -Path $loopFile -Value $loop
}

Describe 'Select-McpCephDevice' {
    It 'selects data and db devices per node from inventory files, as cephadm does' {
        $s = @(Select-McpCephDevice -Spec $cephadmSpec -InventoryFile $inventories)
        $s | ForEach-Object { $_ | Should -BeOfType ([McpModule.Ceph.McpCephDeviceSelection]) }
        ($s | ForEach-Object { '{0}:{1}:{2}' -f $_.Node, $_.Path, $_.Role }) | Should -Be @(
            'osd01.ceph.local:/dev/sdb:Data', 'osd01.ceph.local:/dev/sdc:Data', 'osd01.ceph.local:/dev/sdd:Data', 'osd01.ceph.local:/dev/nvme0n1:Db'
            'osd02.ceph.local:/dev/sdb:Data', 'osd02.ceph.local:/dev/sdc:Data', 'osd02.ceph.local:/dev/sdd:Data', 'osd02.ceph.local:/dev/nvme0n1:Db')
        $s.Spec | Sort-Object -Unique | Should -Be 'hdd-nvme'
        # osd02's sdb holds an OSD of this spec: kept, and marked
        ($s | Where-Object { $_.InUse }).ForEach({ '{0}:{1}' -f $_.Node, $_.Path }) | Should -Be 'osd02.ceph.local:/dev/sdb'
        $s[0].Size | Should -Be 4000787030016
        $s[0].Device | Should -BeOfType ([McpModule.Ceph.McpCephDevice])
        $s[0].Device.Model | Should -Be 'ST4000NM0035-1V4'
    }

    It 'shows a table of node, path, role, size, model, spec' {
        $text = Select-McpCephDevice -Spec $cephadmSpec -InventoryFile $inventories[0] | Out-String -Width 200
        $text | Should -Match 'Node\s+Path\s+Role\s+Size\s+Rotational\s+Model\s+Spec\s+InUse'
        $text | Should -Match 'osd01\.ceph\.local\s+/dev/nvme0n1\s+Db\s+745\.2 GiB\s+False\s+INTEL SSDPE2KX010T8\s+hdd-nvme'
    }

    It 'takes a hashtable in the flat drive-group shape of a ceph:osd pillar, with a limit and a wal role' {
        $spec = @{ service_id = 'fast'; data_devices = @{ rotational = 1; limit = 2 }; wal_devices = @{ model = 'INTEL' } }
        $s = @(Select-McpCephDevice -Spec $spec -InventoryFile $inventories[0])
        ($s | ForEach-Object { '{0}:{1}' -f $_.Path, $_.Role }) | Should -Be @('/dev/sdb:Data', '/dev/sdc:Data', '/dev/nvme0n1:Wal')
        $s.Spec | Sort-Object -Unique | Should -Be 'fast'
    }

    It 'takes the spec as YAML or JSON text, and several specs in one file' {
        @(Select-McpCephDevice -Spec 'data_devices: {size: ":1T"}' -InventoryFile $inventories[0]).Path | Should -Be '/dev/nvme0n1'
        @(Select-McpCephDevice -Spec '{"data_devices": {"model": "ST4000"}, "filter_logic": "OR"}' -InventoryFile $inventories[0]).Count | Should -Be 3
        $two = Join-Path $TestDrive 'two.yml'
        Set-Content $two "service_type: osd`nservice_id: a`nplacement: {hosts: [osd01]}`ndata_devices: {rotational: 0}`n---`nservice_type: osd`nservice_id: b`nplacement: {host_pattern: 'osd02*'}`ndata_devices: {rotational: 0}`n"
        $s = @(Select-McpCephDevice -Spec $two -InventoryFile $inventories)
        ($s | ForEach-Object { '{0}:{1}:{2}' -f $_.Spec, $_.Node, $_.Path }) | Should -Be @('a:osd01.ceph.local:/dev/nvme0n1', 'b:osd02.ceph.local:/dev/nvme0n1')
    }

    It 'reads devices from the pipeline and names the node of a file with -Node' {
        $devices = (Select-McpCephDevice -Spec 'data_devices: {all: true}' -InventoryFile $inventories[0] -Node osd09).Device
        $devices.Node | Sort-Object -Unique | Should -Be 'osd09'
        $s = @($devices | Select-McpCephDevice -Spec @{ placement = @{ host_pattern = 'osd0[1-9]' }; data_devices = @{ rotational = 0 } })
        $s.Path | Should -Be '/dev/nvme0n1'
        $s.Node | Should -Be 'osd09'
    }

    It 'gives piped devices without a node the -Node, leaving the objects piped in as they are' {
        $d = [McpModule.Ceph.McpCephDevice]@{ Path = '/dev/sdx'; Available = $true; Size = 10GB }
        $s = $d | Select-McpCephDevice -Spec 'data_devices: {size: 10G}' -Node osd05
        $s.Node | Should -Be 'osd05'
        $d.Node | Should -Be ''
    }

    It 'expands wildcards in -InventoryFile' {
        (Select-McpCephDevice -Spec $cephadmSpec -InventoryFile (Join-Path $examples 'osd0*.json')).Count | Should -Be 8
    }

    It 'selects nothing from the lab node whose only device ceph-volume rejects, and says so' {
        $s = @(Select-McpCephDevice -Spec 'data_devices: {all: true}' -InventoryFile $loopFile -ErrorVariable errs -ErrorAction SilentlyContinue)
        $s.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.SpecSelectsNothing,*'
        $errs[0].Exception.Message | Should -Match 'selects no device: of 1 devices on 1 nodes, its placement matches 1 node and no available device'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'goes on with the next spec after one that selects nothing' {
        $s = @(Select-McpCephDevice -Spec @(@{ service_id = 'none'; placement = @{ host_pattern = 'mon*' }; data_devices = @{ all = $true } }, @{ service_id = 'ssd'; data_devices = @{ rotational = 0 } }) -InventoryFile $inventories[0] -ErrorVariable errs -ErrorAction SilentlyContinue)
        $s.Spec | Should -Be 'ssd'
        $errs[0].Exception.Message | Should -Match "'none'.*placement matches no node"
    }

    It 'stops with an error naming the key at fault for a bad spec' -ForEach @(
        @{ Spec = 'data_devices: {size: 10X}'; Message = "data_devices\.size: '10X' is not a size \(unit 'X' is not supported\)" }
        @{ Spec = 'data_devices: {colour: red}'; Message = 'data_devices\.colour: not a device filter' }
        @{ Spec = 'db_devices: {model: x}'; Message = 'data_devices: missing' }
        @{ Spec = 'data_devices: {all: true, rotational: 1}'; Message = 'data_devices: `all` and the other filters are mutually exclusive' }
        @{ Spec = "service_type: osd`ndata_devices: {all: true}"; Message = 'placement: missing' }
        @{ Spec = "placement: {host_pattern: 'osd* and ('}`ndata_devices: {all: true}"; Message = 'placement\.host_pattern: .* is not a target expression' }
    ) {
        $thrown = $null
        try { Select-McpCephDevice -Spec $Spec -InventoryFile $inventories[0] -ErrorAction Stop } catch { $thrown = $_ }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.InvalidOsdSpec,*'
        $thrown.Exception.Message | Should -Match $Message
        $thrown.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'names a spec file that does not exist' {
        { Select-McpCephDevice -Spec (Join-Path $TestDrive 'missing.yml') -InventoryFile $inventories[0] -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ceph.InvalidOsdSpec,McpModule.Cmdlets.SelectMcpCephDeviceCommand'
    }

    It 'writes one error per inventory file it cannot read and goes on with the others' {
        $bad = Join-Path $TestDrive 'osd03.json'
        Set-Content $bad 'not json'
        $s = @(Select-McpCephDevice -Spec $cephadmSpec -InventoryFile $bad, (Join-Path $TestDrive 'osd04.json'), $inventories[0] -ErrorVariable errs -ErrorAction SilentlyContinue)
        $s.Count | Should -Be 4
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.InvalidInventory,*'
        $errs[0].TargetObject | Should -Be $bad
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.InventoryNotFound,*'
    }

    It 'refuses -Node for several files' {
        { Select-McpCephDevice -Spec $cephadmSpec -InventoryFile $inventories -Node osd01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Mcp.Ceph.NodeOfSeveralFiles,McpModule.Cmdlets.SelectMcpCephDeviceCommand'
    }

    It 'exports as data' {
        $csv = Select-McpCephDevice -Spec $cephadmSpec -InventoryFile $inventories[0] | Select-Object -First 1 | ConvertTo-Csv
        $csv[1] | Should -Match '"osd01\.ceph\.local","/dev/sdb","Data","4000787030016"'
    }
}
