<#
.SYNOPSIS
    Restarts a clustered service one member at a time, keeping its quorum: each member must be back
    and the service healthy before the next one restarts; the first member that does not come back
    stops the runbook.

.DESCRIPTION
    A rolling restart of a quorum service (Ceph monitors, Galera, RabbitMQ, etcd) of an MCP model:
      1. checks first that the service is healthy (Get-McpHealth: the service status Okay, so every
         member is up) and, for ceph-mon, that Ceph's own quorum holds every monitor
         (Get-McpMetric's ceph_mon_quorum_count = ceph_mon_count): a restart that starts from a
         member short can lose the quorum;
      2. for each member node in turn: restarts its systemd unit (-Unit, {host} is the node's short
         name) over SSH, then waits, bounded by -TimeoutSeconds, until the member itself says it is
         back (-ReadyCommand on it exits 0; for ceph-mon by default its admin socket's mon_status is
         leader or peon), the service is healthy again and, for ceph-mon, every monitor is in Ceph's
         quorum. The member's own word comes first: just after a restart the other members may not
         have noticed it left, and health and quorum lists can still count it;
      3. stops at the first member that fails to restart or to come back, with an error that names
         the members restarted, the one that failed with the last health reasons, and the ones left.
    It writes one object per member restarted: Node, Unit, Started, Back (times) and Seconds.
    -WhatIf checks the health and names the restarts it would make, restarting nothing.

.EXAMPLE
    ./examples/runbooks/Restart-ClusterService.ps1 -Path ./model -Service ceph-mon -Node 'I@ceph:mon:enabled:True' -Unit 'ceph-mon@{host}'

.EXAMPLE
    ./examples/runbooks/Restart-ClusterService.ps1 -Path ./model -Service galera -Node 'dbs*' -Unit mysql -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The model repository.
    [Parameter(Mandatory)] [string] $Path,
    # The service as Get-McpHealth names it (a GSE cluster of the members' alarms): ceph-mon, galera.
    [Parameter(Mandatory)] [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9_.-]*$')] [string] $Service,
    # The members: names or a target expression; restarted in the order of the model's node names.
    [Parameter(Mandatory)] [string] $Node,
    # The systemd unit of a member; {host} becomes the node's short name (ceph-mon@{host}).
    [Parameter(Mandatory)] [ValidatePattern('^[A-Za-z0-9@_.{}:-]+$')] [string] $Unit,
    # A command that must exit 0 on a restarted member before the next one restarts: the member's own
    # word that it is back in the cluster. Default for ceph-mon: its admin socket says leader or peon.
    [string] $ReadyCommand,
    # How long a member may take to be back.
    [ValidateRange(5, 3600)] [int] $TimeoutSeconds = 120
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$members = @(Get-McpNode -Path $Path -Target $Node | Sort-Object Name)
if ($members.Count -lt 3) { throw "$Node selects $($members.Count) node(s) of the model; a quorum service keeps its quorum through a rolling restart only with three members or more." }
$isCephMon = $Service -eq 'ceph-mon'
# Why a member's own word: right after a restart the others may not have noticed it left yet, so the
# service's health and Ceph's quorum list can still show it (the lab test saw a monitor that never came
# back counted in the quorum for seconds).
if (-not $ReadyCommand -and $isCephMon) {
    $ReadyCommand = 'ceph daemon mon.$(hostname -s) mon_status | python3 -c ''import json,sys; sys.exit(json.load(sys.stdin)["state"] not in ("leader", "peon"))'''
}

# What stands between this service and "all members back": a line per problem; none when healthy.
function Get-Problem([string] $member) {
    if ($member -and $ReadyCommand) {
        $ready = Invoke-McpCommand -Path $Path -Target $member -Command $ReadyCommand -ErrorAction SilentlyContinue
        if (-not ($ready -and $ready.Succeeded)) { "$member is not ready yet ('$ReadyCommand' on it: $(if (-not $ready) { 'no answer' } elseif ($ready.Error) { "$($ready.Error)" } else { "exit $($ready.ExitCode)" }))" }
    }
    $statuses = @(Get-McpHealth -Path $Path -Level Service -WarningAction SilentlyContinue | Where-Object Entity -EQ $Service)
    if ($statuses.Count -eq 0) { return "Get-McpHealth has no service '$Service' for this model" }
    if ("$($statuses[0].Status)" -ne 'Okay') {
        "$Service is $($statuses[0].Status): $(($statuses[0].Reasons | ForEach-Object { "$_" }) -join '; ')"
    }
    if ($isCephMon) {
        # `ceph status` on a member asks whichever monitor answers, so it works while that member's is down
        $metrics = @(Get-McpMetric -Path $Path -Target $members[0].Name -Name ceph_mon_* -NoHistory -WarningAction SilentlyContinue)
        $count = @($metrics | Where-Object Name -EQ ceph_mon_count)
        $quorum = @($metrics | Where-Object Name -EQ ceph_mon_quorum_count)
        if ($count.Count -eq 0 -or $quorum.Count -eq 0) { "Ceph answered no quorum on $($members[0].Name)" }
        elseif ($quorum[0].Value -lt $count[0].Value) { "Ceph's quorum has $($quorum[0].Value) of $($count[0].Value) monitors" }
    }
}

# 1. Healthy before anything restarts.
$before = @(Get-Problem)
if ($before.Count) { throw "Nothing restarted: $Service is not healthy to begin with ($($before -join '; '))." }

# 2. One member at a time.
$done = [System.Collections.Generic.List[string]]::new()
foreach ($member in $members) {
    $unitName = $Unit.Replace('{host}', $member.Name.Split('.')[0])
    if (-not $PSCmdlet.ShouldProcess("$unitName on $($member.Name)", 'Restart, then wait for the quorum')) { continue }
    $left = @($members | Where-Object { $_.Name -ne $member.Name -and $_.Name -notin $done } | ForEach-Object Name)
    $started = [DateTimeOffset]::Now
    $restart = Invoke-McpCommand -Path $Path -Target $member.Name -Command "systemctl restart '$unitName'" -ErrorAction Continue
    if (-not $restart.Succeeded) {
        $why = if ($restart.Error) { "$($restart.Error)" } else { "exit $($restart.ExitCode): $($restart.StdErr.Trim())" }
        throw "Rolling restart of ${Service} stopped at $($member.Name): 'systemctl restart $unitName' failed ($why). Restarted before it: $(if ($done.Count) { $done -join ', ' } else { 'none' }); not restarted: $(if ($left.Count) { $left -join ', ' } else { 'none' })."
    }
    $deadline = $started.AddSeconds($TimeoutSeconds)
    do {
        Start-Sleep -Seconds 2
        $problems = @(Get-Problem $member.Name)
    } until ($problems.Count -eq 0 -or [DateTimeOffset]::Now -gt $deadline)
    if ($problems.Count) {
        throw "Rolling restart of ${Service} stopped at $($member.Name): $unitName was restarted but the service is not back after $TimeoutSeconds s ($($problems -join '; ')). Restarted before it: $(if ($done.Count) { $done -join ', ' } else { 'none' }); not restarted: $(if ($left.Count) { $left -join ', ' } else { 'none' })."
    }
    $done.Add($member.Name)
    $back = [DateTimeOffset]::Now
    [pscustomobject]@{ Node = $member.Name; Unit = $unitName; Started = $started; Back = $back; Seconds = [math]::Round(($back - $started).TotalSeconds, 1) }
}
