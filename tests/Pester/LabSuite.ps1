# Dot-sourced by the lab suites (Lab, LabTransport, States, Ceph, HealthLab) after BuiltModule.ps1. Each suite
# keeps its labs in a state folder of its own under out/ (the base image and package caches are the
# machine's), starts its cluster's lab fresh, and puts everything back when it ends.

# MCP_LAB_STATE_DIR becomes out/<Name> for the suite; Exit-LabSuite puts the old value back.
function Enter-LabSuite([string] $Name) {
    $script:labSuiteSavedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $root "out/$Name"
}

# Stops the suite's lab if it still runs, and restores MCP_LAB_STATE_DIR.
function Exit-LabSuite([string] $Cluster) {
    if (Get-McpLab -Cluster $Cluster -ErrorAction Ignore) { Stop-McpLab -Cluster $Cluster -Confirm:$false }
    $env:MCP_LAB_STATE_DIR = $script:labSuiteSavedStateDir
}

# A fresh lab of the cluster (one an interrupted run left behind is stopped first): its McpLabNode objects.
function Start-LabSuiteLab($Cluster, [string[]] $Node, [string[]] $Package, [int] $DiskCount) {
    if (Get-McpLab -Cluster $Cluster.Name -ErrorAction Ignore) { Stop-McpLab -Cluster $Cluster.Name -Confirm:$false }
    $p = @{ Cluster = $Cluster; Confirm = $false }
    if ($Node) { $p.Node = $Node }
    if ($Package) { $p.Package = $Package }
    if ($DiskCount) { $p.DiskCount = $DiskCount }
    @(Start-McpLab @p)
}

# The pillar (under parameters:) that turns the CPU alarm off: lab nodes read the host's
# /proc/stat, so linux_system_cpu would report the load of whatever else runs on the build machine,
# not the lab's health.
$script:LabCpuAlarmOff = @'
  linux:
    system:
      metric_collector:
        alarm:
          linux_system_cpu:
            enabled: false
'@

# A copy of examples/models/<Example> at $Path (without its run journal and history) with one class
# of the cluster more, cluster.<Cluster>.<Class> holding $Yaml, included right after the class
# $After in the cluster's init.yml, as a model would add it. The copy's path.
function New-LabSuiteModel([string] $Example, [string] $Path, [string] $Cluster, [string] $Class, [string] $After, [string] $Yaml) {
    Copy-Item -Recurse (Join-Path $root "examples/models/$Example") $Path
    Remove-Item (Join-Path $Path '.mcp') -Recurse -Force -ErrorAction Ignore
    $folder = Join-Path $Path "classes/cluster/$Cluster"
    [IO.File]::WriteAllText((Join-Path $folder "$Class.yml"), $Yaml.TrimEnd("`n") + "`n")
    $init = Join-Path $folder 'init.yml'
    $text = [IO.File]::ReadAllText($init)
    $line = '(?m)^- ' + [regex]::Escape($After) + '$'
    if ($text -notmatch $line) { throw "$init includes no class $After to add cluster.$Cluster.$Class after." }
    [IO.File]::WriteAllText($init, ($text -replace $line, "- $After`n- cluster.$Cluster.$Class"))
    $Path
}

# The lab's state file (nodes, addresses, key, known_hosts, repository, work folder) as an object.
function Get-LabSuiteState([string] $Cluster) {
    Get-Content -Raw (Join-Path $env:MCP_LAB_STATE_DIR "$Cluster.json") | ConvertFrom-Json
}

# Invoke-McpState's output taken apart: Results (McpStateResult), Run (the McpRun, last), Out, Errors.
function Split-StateRun([object[]] $Out, $Errors) {
    [pscustomobject]@{
        Results = @($Out | Where-Object { $_ -is [McpModule.States.McpStateResult] })
        Run     = $Out[-1]
        Out     = $Out
        Errors  = @($Errors)
    }
}

# What went wrong in a Split-StateRun, a line per failed result (node, state id, comment) or error
# record; empty when nothing did, so `Format-StateFailures $x | Should -BeNullOrEmpty` shows it all.
function Format-StateFailures($Applied) {
    (@($Applied.Results | Where-Object Result -EQ Failed | ForEach-Object { "$($_.Node) $($_.StateId): $($_.Comment)" }) +
        @($Applied.Errors | ForEach-Object { "$_" })) -join "`n"
}

# After Stop-McpLab: nothing the lab made is left (state file, work folder and its mounts, bridge,
# veth links, cgroups, processes, the repository server and its port); the repository's cache stays.
# $State: Get-LabSuiteState read while the lab ran.
function Assert-LabGone($State, [string] $Cluster) {
    Get-McpLab -Cluster $Cluster -ErrorAction Ignore | Should -BeNullOrEmpty
    Test-Path (Join-Path $env:MCP_LAB_STATE_DIR "$Cluster.json") | Should -BeFalse
    Test-Path $State.workDirectory | Should -BeFalse
    & ip link show dev $State.bridge 2>$null; $LASTEXITCODE | Should -Not -Be 0
    @(Get-Content /proc/self/mountinfo | Where-Object { $_ -like "*$($State.workDirectory)*" }) | Should -BeNullOrEmpty
    @(& ip -o link show | Select-String 'vb-') | Should -BeNullOrEmpty
    # A process is gone, or a zombie until PID 1 reaps it: never running.
    $pids = @($State.nodes | ForEach-Object { @{ Pid = $_.supervisorPid; What = "supervisor of $($_.name)" } }) +
        @(if ($State.repository) { @{ Pid = $State.repository.pid; What = 'repository server' } })
    foreach ($p in $pids) {
        $stat = Get-Content "/proc/$($p.Pid)/stat" -ErrorAction Ignore
        if ($stat) { ($stat -split '\) ')[1][0] | Should -BeIn 'Z', 'X' -Because "$($p.What) ($($p.Pid))" }
    }
    foreach ($c in $State.nodes.cgroups) { Test-Path $c | Should -BeFalse -Because "cgroup $c" }
    if ($State.repository) {
        @(& ss -Hltn "sport = :$($State.repository.port)") | Should -BeNullOrEmpty
        Test-Path (Join-Path $State.repository.directory 'Packages') | Should -BeTrue -Because 'the repository stays cached for the next lab'
    }
    $global:LASTEXITCODE = 0
}
