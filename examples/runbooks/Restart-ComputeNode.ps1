<#
.SYNOPSIS
    Drains a compute node (stops and disables the services that take work), reboots it, waits until
    it answers SSH on a new boot and its health is okay, then enables the services again.

.DESCRIPTION
    A runbook for the maintenance reboot of one node of an MCP model:
      1. drain: `systemctl disable --now` of the -Service units (nova-compute by default), so the node
         takes no new work and they do not start by themselves at boot;
      2. reboot: `systemctl reboot` over SSH, and waits, bounded by -TimeoutSeconds, until the node
         answers SSH again (host keys checked as always) from a new boot: the boot id of the kernel
         and the start time of PID 1 differ from before;
      3. waits until the node's health (Get-McpHealth -Level Node) is okay;
      4. enables and starts the -Service units again, and checks that they are active.
    It stops at the first failure with an error that says which steps were done (a node left
    drained says so). -WhatIf names the steps and changes nothing. It writes one object: Node,
    Service, BootBefore, BootAfter, Seconds (from reboot to okay).

    What it does not do: on an OpenStack cloud, draining also means telling nova (`openstack compute
    service set --disable HOST nova-compute`) and moving the instances off (live migration or
    `nova host-evacuate-live`); do that before this runbook. Stopping nova-compute alone makes the
    scheduler see the host as down after its service_down_time, and instances stay where they are.
    McpModule's lab runs no OpenStack: its test (tests/Pester/Runbooks.Tests.ps1) drains a stand-in
    unit made on the node, and reboots a real lab node (systemd-nspawn restarts it).

.EXAMPLE
    ./examples/runbooks/Restart-ComputeNode.ps1 -Path ./model -Node cmp001

.EXAMPLE
    ./examples/runbooks/Restart-ComputeNode.ps1 -Path ./model -Node cmp002 -Service nova-compute, neutron-openvswitch-agent -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The model repository.
    [Parameter(Mandatory)] [string] $Path,
    # One node of the model.
    [Parameter(Mandatory)] [string] $Node,
    # The systemd units that take work on the node.
    [ValidatePattern('^[A-Za-z0-9@_.:-]+$')] [string[]] $Service = @('nova-compute.service'),
    # How long the reboot, and then the health, may each take.
    [ValidateRange(10, 3600)] [int] $TimeoutSeconds = 300
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$nodes = @(Get-McpNode -Path $Path -Target $Node)
if ($nodes.Count -ne 1) { throw "$Node selects $($nodes.Count) nodes of the model; this runbook reboots one node at a time." }
$name = $nodes[0].Name
$units = ($Service | ForEach-Object { "'$_'" }) -join ' '
$done = [System.Collections.Generic.List[string]]::new()
function Stop-Runbook([string] $why) {
    $what = if ($done.Count) { $done -join '; ' } else { 'nothing' }
    throw "Restart-ComputeNode stopped at ${name}: $why. Done: $what."
}
# A command that must succeed on the node: its standard output.
function Invoke-OnNode([string] $command) {
    $r = Invoke-McpCommand -Path $Path -Target $name -Command $command -ErrorAction Continue
    if (-not $r.Succeeded) { Stop-Runbook "'$command' failed ($(if ($r.Error) { "$($r.Error)" } else { "exit $($r.ExitCode): $($r.StdErr.Trim())" }))" }
    $r.StdOut.Trim()
}
# The identity of the running boot: the kernel's boot id, and PID 1's start time (a container has the
# host's kernel, so only the latter changes when it reboots).
$bootId = 'echo "$(cat /proc/sys/kernel/random/boot_id) $(cut -d" " -f22 /proc/1/stat)"'

if (-not $PSCmdlet.ShouldProcess($name, "Drain ($($Service -join ', ')), reboot, wait for SSH and health, enable again")) { return }
$bootBefore = Invoke-OnNode $bootId

# 1. Drain.
$null = Invoke-OnNode "systemctl disable --now $units"
$done.Add("disabled and stopped $($Service -join ', ') (the node is drained)")

# 2. Reboot: in the background, so that the SSH command returns before the node goes down.
$rebooted = [DateTimeOffset]::Now
$null = Invoke-OnNode 'nohup sh -c "sleep 1; systemctl reboot" >/dev/null 2>&1 &'
$done.Add('asked for a reboot')
$deadline = [DateTimeOffset]::Now.AddSeconds($TimeoutSeconds)
$bootAfter = $null
do {
    Start-Sleep -Seconds 2
    $r = Invoke-McpCommand -Path $Path -Target $name -Command $bootId -ConnectTimeoutSeconds 5 -ErrorAction SilentlyContinue
    if ($r -and $r.Succeeded -and $r.StdOut.Trim() -ne $bootBefore) { $bootAfter = $r.StdOut.Trim() }
} until ($bootAfter -or [DateTimeOffset]::Now -gt $deadline)
if (-not $bootAfter) { Stop-Runbook "it did not answer SSH from a new boot within $TimeoutSeconds s (the last answer: $(if ($r) { if ($r.Error) { "$($r.Error)" } else { $r.StdOut.Trim() } } else { 'none' }))" }
$done.Add('rebooted (a new boot answers SSH)')

# 3. Healthy again.
$deadline = [DateTimeOffset]::Now.AddSeconds($TimeoutSeconds)
do {
    $health = @(Get-McpHealth -Path $Path -Level Node -WarningAction SilentlyContinue | Where-Object Entity -EQ $name)
    $okay = $health.Count -eq 1 -and "$($health[0].Status)" -eq 'Okay'
    if (-not $okay) { Start-Sleep -Seconds 2 }
} until ($okay -or [DateTimeOffset]::Now -gt $deadline)
if (-not $okay) {
    $why = if ($health.Count) { "$($health[0].Status): $(($health[0].Reasons | ForEach-Object { "$_" }) -join '; ')" } else { 'no status' }
    Stop-Runbook "its health is not okay $TimeoutSeconds s after the reboot ($why); it is still drained"
}
$done.Add('health okay')

# 4. Undrain.
$null = Invoke-OnNode "systemctl enable --now $units && systemctl is-active $units"
$done.Add("enabled and started $($Service -join ', ')")
[pscustomobject]@{ Node = $name; Service = $Service; BootBefore = $bootBefore; BootAfter = $bootAfter; Seconds = [math]::Round(([DateTimeOffset]::Now - $rebooted).TotalSeconds, 1) }
