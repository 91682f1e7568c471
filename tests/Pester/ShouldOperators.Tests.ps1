# McpModule's Should operators (McpModule.Should.ps1) as a test author meets them without a lab: the
# built module imported while Pester is loaded (as in any test file) registers them; statuses from
# Get-McpHealth over the example ceph model moved to loopback addresses (tests/Pester/HealthModel.ps1),
# and a state run whose nodes refuse the connection. Each operator passes and fails here, and its
# message is checked. On a lab (real runs that converge or change, a real quorum): Runbooks.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
    . (Join-Path $PSScriptRoot 'HealthModel.ps1')
    $script:model = Join-Path $TestDrive 'ceph'
    New-HealthTestModel $model -Loopback
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:pester = (Get-Module Pester).Path
    # The statuses of every level over a collection with the faults given (HealthModel.ps1's keys).
    function script:Health([hashtable] $faults = @{}) { Get-McpHealth -Path $model -Metric @(Collection $faults) -Level Node, Service, Cluster }
    # What Should says when it fails (the assertion's message), or '' when it passes. The suites run with
    # Should.ErrorAction Continue (build/Invoke-PesterSuite.ps1): the Should inside says -ErrorAction Stop.
    function script:Failure([scriptblock] $assertion) { try { $null = & $assertion; '' } catch { "$_" } }
}
AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

Describe 'Should -BeHealthy' {
    It 'passes when every status is okay' {
        Health | Should -BeHealthy
    }

    It 'fails naming each status that is not okay, worst first, with its reasons' {
        $message = Failure { Health @{ 'cmn02/chrony.service' = 0 } | Should -BeHealthy -Because 'the gate needs it' -ErrorAction Stop }
        $message | Should -BeLike 'Expected every status to be Okay or better, because the gate needs it, but 2 of 11 are not:*'
        $lines = $message -split "`n"
        $lines[1] | Should -Be 'Node cmn02.ceph.local is Down'
        $lines[2] | Should -Be '    cmn02.ceph.local: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 < 1 (down)'
        $lines | Should -Contain 'Service ntp is Warn'
        $lines[4] | Should -Be '    cmn02.ceph.local: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 < 1 (down)'
        $message | Should -Not -Match 'cmn01|cmn03|ceph-mon' -Because 'what is okay is not listed'
    }

    It '-AtMost Warn allows warnings, not worse' {
        $warnOnly = @(Health @{ 'cmn02/chrony.service' = 0 } | Where-Object Level -NE Node)
        $warnOnly | Should -BeHealthy -AtMost Warn
        Failure { Health @{ 'cmn02/chrony.service' = 0 } | Should -BeHealthy -AtMost Warn -ErrorAction Stop } | Should -BeLike '*to be Warn or better*Node cmn02.ceph.local is Down*'
    }

    It '-Not passes when something is worse, fails when all is okay' {
        Health @{ 'cmn01/ssh_check' = 0 } | Should -Not -BeHealthy
        Failure { Health | Should -Not -BeHealthy -ErrorAction Stop } | Should -Be 'Expected a status worse than Okay, but all 11 are Okay or better.'
    }

    It 'fails on no status and on objects that are no statuses, with or without -Not' {
        Failure { @() | Should -BeHealthy -ErrorAction Stop } | Should -Be 'Expected the statuses of Get-McpHealth, but got no status.'
        Failure { 'okay' | Should -Not -BeHealthy -ErrorAction Stop } | Should -BeLike '*got 1 object(s) that are no McpHealthStatus (the first: System.String).'
        Failure { Health | Should -BeHealthy -AtMost Fine -ErrorAction Stop } | Should -BeLike "*-AtMost 'Fine' is not one of*"
    }
}

Describe 'Should -HaveQuorum' {
    It 'passes with 2 of 3 monitors up, and fails with 1 of 3 naming the members that are down' {
        Health @{ 'cmn02/ceph-mon@cmn02.service' = 0 } | Should -HaveQuorum -Service ceph-mon
        $message = Failure { Health @{ 'cmn02/ceph-mon@cmn02.service' = 0; 'cmn03/ceph-mon@cmn03.service' = 0 } | Should -HaveQuorum -Service ceph-mon -ErrorAction Stop }
        $message | Should -Be 'Expected a quorum (more than half of the members up), but ceph-mon: 1 of 3 members up; not up: cmn02.ceph.local ceph_mon_service Down; cmn03.ceph.local ceph_mon_service Down.'
        Health @{ 'cmn02/ceph-mon@cmn02.service' = 0; 'cmn03/ceph-mon@cmn03.service' = 0 } | Should -Not -HaveQuorum -Service ceph-mon
    }

    It 'takes the one Service status given without -Service, and asks which of several' {
        Health | Where-Object Entity -EQ ntp | Should -HaveQuorum
        Failure { Health | Should -HaveQuorum -ErrorAction Stop } | Should -BeLike '*got 7 Service statuses; say which with -Service (there are: ceph-cluster, ceph-mgr, ceph-mon, ceph-osd, ntp, ntp-logs, system).'
        Failure { Health | Should -HaveQuorum -Service galera -ErrorAction Stop } | Should -BeLike "*got no Service status 'galera'*"
    }

    It 'reads Ceph''s own view from Get-McpMetric: monitors in the quorum of all' {
        @((Metric '' 'ceph_mon_count' 3), (Metric '' 'ceph_mon_quorum_count' 2)) | Should -HaveQuorum
        Failure { @((Metric '' 'ceph_mon_count' 3), (Metric '' 'ceph_mon_quorum_count' 1)) | Should -HaveQuorum -ErrorAction Stop } |
            Should -Be 'Expected a quorum (more than half of the members up), but ceph-mon: 1 of 3 monitors in Ceph''s quorum.'
        Failure { @(Metric '' 'cpu_idle' 90) | Should -HaveQuorum -ErrorAction Stop } | Should -BeLike '*ceph_mon_count and ceph_mon_quorum_count*not among the 1 metrics.'
    }
}

Describe 'Should -HaveConverged without a lab' {
    It 'fails a run whose nodes did not answer, naming each node and why' {
        $out = @(Invoke-McpState -Path $model -Target cmn01, cmn02 -State ntp -ConnectTimeoutSeconds 2 -ErrorAction SilentlyContinue)
        $run = $out[-1]
        $run | Should -BeOfType McpModule.States.McpRun
        $message = Failure { $out | Should -HaveConverged -ErrorAction Stop }
        $message | Should -BeLike "Expected run $($run.RunId) (ntp) to have converged, but:*"
        $message | Should -Match '(?m)^    cmn01\.ceph\.local: .*127\.0\.0\.11'
        $message | Should -Match '(?m)^    cmn02\.ceph\.local: '
        $out | Should -Not -HaveConverged
    }

    It 'refuses a -WhatIf run and output that is no run' {
        $out = @(Invoke-McpState -Path $model -Target cmn01 -State ntp -WhatIf -ConnectTimeoutSeconds 2 -ErrorAction SilentlyContinue)
        Failure { $out | Should -HaveConverged -ErrorAction Stop } | Should -BeLike '*was -WhatIf: it changed nothing and proves nothing.'
        Failure { 'done' | Should -HaveConverged -ErrorAction Stop } | Should -BeLike '*but got 0 McpRun object(s).'
    }
}

Describe 'Registering the operators' {
    It 'importing McpModule without Pester loads no Pester; Register-McpShouldOperator says to load it' {
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; [bool](Get-Module Pester); try { Register-McpShouldOperator } catch { `$_.FullyQualifiedErrorId; `"`$_`" }" 2>&1
        $out[0] | Should -Be 'False'
        $out[1] | Should -Be 'Mcp.Should.PesterNotLoaded,McpModule.Cmdlets.RegisterMcpShouldOperatorCommand'
        $out[2] | Should -BeLike 'Pester is not loaded*Import-Module Pester first*'
    }

    It 'McpModule first and Pester after: the operators come with Register-McpShouldOperator, and twice is harmless' {
        $script = "Import-Module '$manifest'; Import-Module '$pester'; " +
        "try { 1 | Should -HaveQuorum } catch { 'before: ' + `$_.FullyQualifiedErrorId }; " +
        "Register-McpShouldOperator; Register-McpShouldOperator; " +
        "try { 1 | Should -HaveQuorum } catch { 'after: ' + `$_ }; " +
        "(Get-ShouldOperator | Where-Object Name -In BeHealthy, HaveConverged, HaveQuorum).Count"
        $out = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
        $out[0] | Should -Match '^before: (AmbiguousParameterSet|NamedParameterNotFound)' -Because 'Should has no -HaveQuorum until they are registered'
        $out[1] | Should -Be "after: Expected Get-McpHealth's statuses or Get-McpMetric's metrics, but got neither."
        $out[2] | Should -Be '3'
    }

    It 'Pester first: importing McpModule registers them, and leaves no function in the caller''s session' {
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$pester'; Import-Module '$manifest'; (Get-ShouldOperator | Where-Object Name -In BeHealthy, HaveConverged, HaveQuorum).Count; @(Get-Command Should-Mcp* -ErrorAction Ignore).Count" 2>&1
        $out | Should -Be @('3', '0')
    }
}
