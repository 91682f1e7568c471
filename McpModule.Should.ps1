<#
.SYNOPSIS
    McpModule's Should operators for Pester: -BeHealthy, -HaveConverged, -HaveQuorum.

.DESCRIPTION
    Registers the operators with every loaded Pester that has Add-ShouldOperator (Pester 4.4 and
    later). McpModule never loads Pester: with no Pester loaded this script does nothing. It runs
    when McpModule is imported (so `Import-Module McpModule` in a test's BeforeAll is enough) and
    from Register-McpShouldOperator (for a session that imported McpModule before Pester).
    Registering again is harmless: Pester takes an operator with the same text as already there.

    The operators are functions of a dynamic module of their own, so the scripts that call
    Should see no new functions, and Pester runs them in that module's session state.
    docs/should-operators.md describes them; tests/Pester/ShouldOperators.Tests.ps1 shows them fail.
#>
$pesters = @(Get-Module Pester | Where-Object { $_.ExportedCommands.ContainsKey('Add-ShouldOperator') })
if ($pesters.Count -eq 0) { return }

$operators = New-Module -Name McpModule.Should -ScriptBlock {
    # The severity order of StackLight (gse_utils.lua's weights): Unknown is never better than Okay here,
    # because a gate that passes on "no data" proves nothing.
    $script:order = @{ Okay = 0; Warn = 1; Unknown = 2; Critical = 3; Down = 4 }

    # "because ...", as Pester's own operators say it.
    function Format-Because([string] $Because) { if ($Because) { " because $($Because.Trim())," } else { '' } }

    # What an McpHealthStatus says is wrong: its entity and status, then its reasons, a line each.
    function Format-Status($s) {
        $where = if ($s.Level -eq 'Alarm' -and $s.Node) { "$($s.Node)/" } else { '' }
        $lines = @("$($s.Level) $where$($s.Entity) is $($s.Status)")
        foreach ($r in $s.Reasons) { $lines += "    $r" }
        $lines -join "`n"
    }

    function Should-McpBeHealthy($ActualValue, [switch] $Negate, [string] $Because, [string] $AtMost = 'Okay', $CallerSessionState) {
        <#
        .SYNOPSIS
            Get-McpHealth's statuses are no worse than -AtMost (Okay by default; Warn allows warnings).
        #>
        if (-not $script:order.ContainsKey($AtMost)) { throw "-AtMost '$AtMost' is not one of Okay, Warn, Unknown, Critical, Down." }
        $statuses = @($ActualValue | Where-Object { $_ -is [McpModule.Health.McpHealthStatus] })
        $others = @($ActualValue | Where-Object { $null -ne $_ -and $_ -isnot [McpModule.Health.McpHealthStatus] })
        if ($statuses.Count -eq 0 -or $others.Count -gt 0) {
            # nothing to judge is never healthy, and neither is the wrong input (-Not would pass it silently)
            $what = if ($others.Count) { "$($others.Count) object(s) that are no McpHealthStatus (the first: $($others[0].GetType().FullName))" } else { 'no status' }
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected the statuses of Get-McpHealth,$(Format-Because $Because) but got $what." }
        }
        $limit = $script:order[$AtMost]
        $bad = @($statuses | Where-Object { $script:order["$($_.Status)"] -gt $limit })
        $healthy = $bad.Count -eq 0
        if ($healthy -ne [bool]$Negate) { return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null } }
        $message = if ($Negate) {
            "Expected a status worse than $AtMost,$(Format-Because $Because) but all $($statuses.Count) are $AtMost or better."
        }
        else {
            # worst first, so the cause (a node down) comes before its effects (the service, the cluster)
            $sorted = $bad | Sort-Object { - $script:order["$($_.Status)"] }, { @('Alarm', 'Node', 'Service', 'Cluster').IndexOf("$($_.Level)") }, Entity
            "Expected every status to be $AtMost or better,$(Format-Because $Because) but $($bad.Count) of $($statuses.Count) are not:`n" + (($sorted | ForEach-Object { Format-Status $_ }) -join "`n")
        }
        [pscustomobject]@{ Succeeded = $false; FailureMessage = $message }
    }

    function Should-McpHaveConverged($ActualValue, [switch] $Negate, [string] $Because, [object[]] $Rerun, $CallerSessionState) {
        <#
        .SYNOPSIS
            An Invoke-McpState run failed nothing, and the same states applied again change nothing.
        .DESCRIPTION
            The actual value is Invoke-McpState's output (its McpStateResult objects and the McpRun that
            ends it). Unless -Rerun gives a second run's output, the operator applies the run's states
            again to the run's nodes of the run's model (Invoke-McpState -Path $run.ModelPath -Target
            $run.Targets [-State $run.States]): settings come from the model's mcp.settings.json and MCP_*
            variables, so a run made with -Credential or -KeyFile needs -Rerun.
        #>
        $results = @($ActualValue | Where-Object { $_ -is [McpModule.States.McpStateResult] })
        $runs = @($ActualValue | Where-Object { $_ -is [McpModule.States.McpRun] })
        if ($runs.Count -ne 1) {
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected the output of one Invoke-McpState run (its McpRun last),$(Format-Because $Because) but got $($runs.Count) McpRun object(s)." }
        }
        $run = $runs[0]
        if ($run.WhatIf) {
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected a run that applied states,$(Format-Because $Because) but run $($run.RunId) was -WhatIf: it changed nothing and proves nothing." }
        }
        if ($results.Count -eq 0) { $results = @($run.Nodes | ForEach-Object { $_.Results }) }
        $problems = [System.Collections.Generic.List[string]]::new()
        # a node's error names the node already ("cmn01: unreachable ..."); say it once
        foreach ($n in $run.Nodes | Where-Object { $_.Error }) { $problems.Add($(if ($n.Error.StartsWith("$($n.Node)")) { $n.Error } else { "$($n.Node): $($n.Error)" })) }
        foreach ($r in $results | Where-Object Result -EQ Failed) { $problems.Add("$($r.Node) $($r.StateId) ($($r.Resource)) failed: $($r.Comment)") }
        if ($problems.Count -eq 0 -and $run.Status -ne 'Succeeded') { $problems.Add("run $($run.RunId) is $($run.Status)") }

        if ($problems.Count -eq 0) {
            if (-not $PSBoundParameters.ContainsKey('Rerun')) {
                $p = @{ Path = $run.ModelPath; Target = @($run.Targets); ErrorAction = 'SilentlyContinue'; ErrorVariable = 'rerunErrors' }
                if ($run.States.Count) { $p.State = @($run.States) }
                $Rerun = @(McpModule\Invoke-McpState @p)
                foreach ($e in $rerunErrors) { $problems.Add("the re-run: $e") }
            }
            $again = @($Rerun | Where-Object { $_ -is [McpModule.States.McpStateResult] })
            $againRun = @($Rerun | Where-Object { $_ -is [McpModule.States.McpRun] })
            if ($againRun.Count -eq 0 -and $problems.Count -eq 0) { $problems.Add('the re-run gave no McpRun') }
            if ($again.Count -eq 0 -and $againRun.Count) { $again = @($againRun[0].Nodes | ForEach-Object { $_.Results }) }
            foreach ($r in $again | Where-Object Result -EQ Failed) { $problems.Add("the re-run: $($r.Node) $($r.StateId) ($($r.Resource)) failed: $($r.Comment)") }
            foreach ($r in $again | Where-Object Result -EQ Changed) {
                $what = if ($r.Comment) { ": $($r.Comment)" } else { '' }
                $problems.Add("the re-run changed $($r.Node) $($r.StateId) ($($r.Resource))$what")
            }
        }
        $converged = $problems.Count -eq 0
        if ($converged -ne [bool]$Negate) { return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null } }
        $message = if ($Negate) { "Expected run $($run.RunId) not to have converged,$(Format-Because $Because) but it failed nothing and a re-run changed nothing." }
        else { "Expected run $($run.RunId) ($(@($run.States) -join ', ')) to have converged,$(Format-Because $Because) but:`n" + (($problems | ForEach-Object { "    $_" }) -join "`n") }
        [pscustomobject]@{ Succeeded = $false; FailureMessage = $message }
    }

    function Should-McpHaveQuorum($ActualValue, [switch] $Negate, [string] $Because, [string] $Service, $CallerSessionState) {
        <#
        .SYNOPSIS
            A clustered service has a quorum: more than half of its members are up.
        .DESCRIPTION
            From Get-McpHealth's statuses: the Service status named -Service (the only Service status
            when there is one) whose members are per-node alarms (a GSE cluster grouped by hostname,
            such as ceph-mon); a node is an up member when none of its alarms is worse than Warn.
            From Get-McpMetric's metrics: Ceph's own view, ceph_mon_quorum_count > ceph_mon_count / 2.
        #>
        $statuses = @($ActualValue | Where-Object { $_ -is [McpModule.Health.McpHealthStatus] -and "$($_.Level)" -eq 'Service' })
        $metrics = @($ActualValue | Where-Object { $_ -is [McpModule.Health.McpMetric] })
        $verdict = $null
        if ($statuses.Count -gt 0) {
            $picked = if ($Service) { @($statuses | Where-Object Entity -EQ $Service) } elseif ($statuses.Count -eq 1) { $statuses } else { @() }
            if ($picked.Count -ne 1) {
                $names = ($statuses.Entity | Sort-Object -Unique) -join ', '
                $ask = if ($Service) { "no Service status '$Service'" } else { "$($statuses.Count) Service statuses; say which with -Service" }
                return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected a clustered service's status,$(Format-Because $Because) but got $ask (there are: $names)." }
            }
            $s = $picked[0]
            $byNode = @($s.Members | Where-Object { $_.Node } | Group-Object Node)
            if ($byNode.Count -eq 0) {
                return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected $($s.Entity) to have members on nodes (a cluster grouped by hostname),$(Format-Because $Because) but its members name no node." }
            }
            $down = @($byNode | Where-Object { @($_.Group | Where-Object { $script:order["$($_.Status)"] -gt 1 }).Count -gt 0 })
            $up = $byNode.Count - $down.Count
            $detail = if ($down.Count) { "; not up: " + (($down | ForEach-Object { $n = $_.Name; ($_.Group | Where-Object { $script:order["$($_.Status)"] -gt 1 } | ForEach-Object { "$n $($_.Entity) $($_.Status)" }) -join ', ' }) -join '; ') } else { '' }
            $verdict = @{ Has = $up * 2 -gt $byNode.Count; Text = "$($s.Entity): $up of $($byNode.Count) members up$detail" }
        }
        elseif ($metrics.Count -gt 0) {
            $count = @($metrics | Where-Object Name -EQ 'ceph_mon_count' | Sort-Object Timestamp)
            $quorum = @($metrics | Where-Object Name -EQ 'ceph_mon_quorum_count' | Sort-Object Timestamp)
            if ($count.Count -eq 0 -or $quorum.Count -eq 0) {
                return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected Ceph's ceph_mon_count and ceph_mon_quorum_count metrics (Get-McpMetric on a monitor),$(Format-Because $Because) but they are not among the $($metrics.Count) metrics." }
            }
            $mons = $count[-1].Value; $in = $quorum[-1].Value
            $verdict = @{ Has = $in * 2 -gt $mons; Text = "ceph-mon: $in of $mons monitors in Ceph's quorum" }
        }
        else {
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected Get-McpHealth's statuses or Get-McpMetric's metrics,$(Format-Because $Because) but got neither." }
        }
        if ($verdict.Has -ne [bool]$Negate) { return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null } }
        $message = if ($Negate) { "Expected no quorum,$(Format-Because $Because) but $($verdict.Text)." } else { "Expected a quorum (more than half of the members up),$(Format-Because $Because) but $($verdict.Text)." }
        [pscustomobject]@{ Succeeded = $false; FailureMessage = $message }
    }

    Export-ModuleMember
}

foreach ($pester in $pesters) {
    $add = $pester.ExportedCommands['Add-ShouldOperator']
    foreach ($name in 'BeHealthy', 'HaveConverged', 'HaveQuorum') {
        # the module's own function object: its script block is bound to the module, as Pester requires
        $test = & $operators ([scriptblock]::Create("`${function:Should-Mcp$name}"))
        & $add -Name $name -Test $test -InternalName "Should-Mcp$name" -SupportsArrayInput
    }
}
