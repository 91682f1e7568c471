<#
.SYNOPSIS
    Makes OSDs of every free disk of one or more Ceph hosts of the model and waits until the cluster
    is healthy again.

.DESCRIPTION
    A runbook for adding OSD hosts (or disks) to a Ceph cluster described by an MCP model:
      1. applies the state ceph.osd to the hosts (the ceph-osd package with ceph-volume, the
         bootstrap-osd key): idempotent, so a host already prepared changes nothing;
      2. lists the hosts' devices as ceph-volume sees them (Get-McpCephDevice) and takes the
         available ones, or the ones given with -Device;
      3. adds them as OSDs (Add-McpCephOsd: every device checked first, one journalled run, the
         model's node files updated with the disks);
      4. waits, bounded, until every OSD is up and in and `ceph health` is HEALTH_OK.
    It stops at the first failure with an error that says what was done (-ErrorAction Stop
    throughout), so a scheduler or CI step sees a failed run. -WhatIf shows the OSDs it would make.

.EXAMPLE
    ./examples/runbooks/Add-CephOsdHost.ps1 -Path ./model -Node 'cmn*'

.EXAMPLE
    ./examples/runbooks/Add-CephOsdHost.ps1 -Path ./model -Node osd04 -Device /dev/sdb, /dev/sdc -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The model repository.
    [Parameter(Mandatory)] [string] $Path,
    # The OSD hosts: names or a target expression ('osd*', 'I@ceph:osd').
    [Parameter(Mandatory)] [string] $Node,
    # Only these devices (on every host given); all available devices by default.
    [string[]] $Device,
    # How long the cluster may take to be healthy after the OSDs start.
    [int] $HealthTimeoutSeconds = 300
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# 1. The hosts can make OSDs (ceph-volume, the bootstrap key).
$prepared = @(Invoke-McpState -Path $Path -Target $Node -State ceph.osd -WhatIf:$WhatIfPreference)
$run = $prepared | Where-Object { $_ -is [McpModule.States.McpRun] }
if ($run.Status -ne 'Succeeded') { throw "Preparing $Node for OSDs: the run $($run.RunId) is $($run.Status)." }

# 2. The devices.
if ($WhatIfPreference -and -not $Device) {
    # the hosts may not have ceph-volume yet: nothing to list before the state ran
    Write-Host "What if: the available devices of $Node would become OSDs."
    return
}
$devices = @(Get-McpCephDevice -Path $Path -Target $Node | Where-Object { if ($Device) { $_.Path -in $Device } else { $_.Available } })
if ($devices.Count -eq 0) { throw "$Node has no device that can become an OSD (Get-McpCephDevice -Path $Path -Target '$Node' says why)." }

# 3. The OSDs.
$added = @($devices | Add-McpCephOsd -Confirm:$false -WhatIf:$WhatIfPreference)
if ($WhatIfPreference) { return }

# 4. Healthy again, bounded.
$monitor = @(Get-McpNode -Path $Path -Target 'I@ceph:mon:enabled:True')[0]
$deadline = [DateTime]::UtcNow.AddSeconds($HealthTimeoutSeconds)
do {
    $status = (Invoke-McpCommand -Path $Path -Target $monitor.Name -Command 'ceph -s --format json' -ErrorOnNonZero).StdOut | ConvertFrom-Json
    $osds = @(Get-McpCephOsd -Path $Path -Id $added.Id)
    $ready = $status.health.status -eq 'HEALTH_OK' -and @($osds | Where-Object { -not ($_.Up -and $_.In) }).Count -eq 0
    if (-not $ready) { Start-Sleep -Seconds 2 }
} until ($ready -or [DateTime]::UtcNow -gt $deadline)
if (-not $ready) {
    throw "The OSDs $($added.Name -join ', ') were added but the cluster is $($status.health.status) after $HealthTimeoutSeconds s: $(($status.health.checks.PSObject.Properties | ForEach-Object { $_.Value.summary.message }) -join '; ')"
}
$osds
