# A lab of a model the module generated, not the example: New-McpCluster's openstack-ovs model,
# a lab of cfg01, one controller and one compute with the packages linux, ntp and openssh install
# (-PackageFromState), the three states applied and applied again with no change, through the
# lab's overlay only: the model's files byte-identical afterwards. Tagged Lab (Linux, root).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'A lab of a generated model' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'generated-test'
        $script:model = Join-Path $TestDrive 'ovs'
        $script:cluster = New-McpCluster -Name ovs -Domain ovs.local -Template openstack-ovs -Path $model -WarningAction SilentlyContinue
        $script:hashes = @{}
        foreach ($f in Get-ChildItem -Recurse -File $model) { $script:hashes[$f.FullName] = (Get-FileHash $f.FullName).Hash }
        $script:states = 'linux', 'ntp', 'openssh'
        $script:targets = 'ctl01 or cmp001'
    }
    AfterAll { Exit-LabSuite ovs }

    It 'starts cfg01, ctl01 and cmp001 at their model addresses with the packages the states install' {
        if (Get-McpLab -Cluster ovs -ErrorAction Ignore) { Stop-McpLab -Cluster ovs -Confirm:$false }
        $nodes = @(Start-McpLab -Cluster $cluster -Node cfg01, ctl01, cmp001 -PackageFromState $states -Confirm:$false -Verbose 4>&1 |
            Tee-Object -Variable out | Where-Object { $_ -is [McpModule.Lab.McpLabNode] })
        ($nodes.Name | Sort-Object) | Should -Be @('cfg01', 'cmp001', 'ctl01')
        $plan = $cluster | Get-McpNetworkPlan
        foreach ($n in $nodes) {
            $n.Address | Should -BeIn @($plan.Addresses | Where-Object Node -EQ $n.Name | ForEach-Object Address)
        }
        "$($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match '-PackageFromState linux, ntp, openssh: .*chrony'
    }

    It 'applies linux, ntp and openssh through the lab overlay, and the second run changes nothing' {
        $first = Split-StateRun @(Invoke-McpState -Path $model -Target $targets -State $states -ErrorVariable e1 -ErrorAction SilentlyContinue) $e1
        $first.Errors | Should -BeNullOrEmpty -Because (Format-StateFailures $first)
        @($first.Results | Where-Object Result -EQ Failed) | Should -BeNullOrEmpty -Because (Format-StateFailures $first)
        @($first.Results | Where-Object Result -EQ Changed).Count | Should -BeGreaterThan 0
        $first.Run.LabOverrides | Should -Contain 'ctl01.ovs.local: openssh:server:permit_root_login = true'
        $again = Split-StateRun @(Invoke-McpState -Path $model -Target $targets -State $states -ErrorVariable e2 -ErrorAction SilentlyContinue) $e2
        $again.Errors | Should -BeNullOrEmpty -Because (Format-StateFailures $again)
        @($again.Results | Where-Object Result -NE Unchanged | ForEach-Object { "$($_.Node) $($_.StateId) $($_.Result)" }) | Should -BeNullOrEmpty
    }

    It 'left the model''s files as they were (the journal aside)' {
        foreach ($f in $hashes.Keys) { (Get-FileHash $f).Hash | Should -Be $hashes[$f] -Because "$f is the model's" }
        @(Get-ChildItem -Recurse -File $model | Where-Object { -not $hashes.ContainsKey($_.FullName) -and $_.FullName -notlike "*$([IO.Path]::DirectorySeparatorChar).mcp$([IO.Path]::DirectorySeparatorChar)*" }) | Should -BeNullOrEmpty
    }
}

Describe 'A lab of each template and of a cookiecutter model' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'generated-test'
    }
    AfterAll { $env:MCP_LAB_STATE_DIR = $script:labSuiteSavedStateDir }

    It 'starts the selected nodes of the <Case> model at their plan addresses, and stops' -ForEach @(
        @{ Case = 'infrastructure'; Make = @{ Template = 'infrastructure' }; Nodes = @('cfg01', 'kvm01') }
        @{ Case = 'openstack-contrail'; Make = @{ Template = 'openstack-contrail' }; Nodes = @('ctl01', 'ntw01', 'cmp001') }
        @{ Case = 'kubernetes'; Make = @{ Template = 'kubernetes' }; Nodes = @('ctl01', 'cmp001') }
        @{ Case = 'cookied-cicd-pike-dvr-ceph'; Make = @{ Context = 'tests/contexts/cookied-cicd-pike-dvr-ceph.yaml' }; Nodes = @('cfg01', 'ctl01', 'osd1') }
    ) {
        $path = Join-Path $TestDrive $Case
        $p = @{ Path = $path; WarningAction = 'SilentlyContinue' } + $Make
        if ($p.Context) { $p.Context = Join-Path $root $p.Context } else { $p.Name = 'gen'; $p.Domain = 'gen.local' }
        $cluster = New-McpCluster @p
        if (Get-McpLab -Cluster $cluster.Name -ErrorAction Ignore) { Stop-McpLab -Cluster $cluster.Name -Confirm:$false }
        try {
            $lab = @(Start-McpLab -Cluster $cluster -Node $Nodes -Confirm:$false)
            ($lab.Name | Sort-Object) | Should -Be ($Nodes | Sort-Object)
            $plan = $cluster | Get-McpNetworkPlan
            foreach ($n in $lab) {
                $n.State | Should -Be 'Running'
                $n.Address | Should -BeIn @($plan.Addresses | Where-Object Node -EQ $n.Name | ForEach-Object Address)
            }
            $answers = @(Invoke-McpCommand -Cluster $cluster -Target ($Nodes -join ' or ') -Command 'hostname')
            ($answers | Where-Object ExitCode -EQ 0).Count | Should -Be $Nodes.Count
        }
        finally { Stop-McpLab -Cluster $cluster.Name -Confirm:$false }
    }
}
