<#
.SYNOPSIS
    Times Invoke-McpCommand -Command true against `ansible all -m command -a true` on the same
    10 and 30 SSH nodes with the same parallelism, and writes its section of docs/benchmarks.md.
.DESCRIPTION
    Two kinds of nodes, one section of docs/benchmarks.md each:
      - default: throwaway OpenSSH servers, one per network namespace on a private bridge
        (tests/Transport/ssh-nodes.sh), section "Network-namespace nodes";
      - -Lab: real Debian nodes of a Start-McpLab lab (systemd-nspawn machines on the lab
        bridge), section "Start-McpLab nodes". The script builds a model of 38 nodes
        (New-McpCluster -Template openstack-ovs -Ceph -StackLight under out/bench/labmodel),
        starts its first N nodes as lab 'bench' for each N (the lab grows from 10 to 30 nodes),
        reads addresses, the lab key and the lab known_hosts from the lab state file
        (/var/lib/mcpmodule/labs/bench.json, or $env:MCP_LAB_STATE_DIR), and always stops the lab.
        A lab 'bench' that is running already is refused: the script stops what it starts.
    A run rewrites only its own section; the other sections are kept as the file has them (run the
    script once without and once with -Lab to refresh both).
    Both tools verify host keys against the same known_hosts file, use the same key, open fresh
    connections every round (ansible gets a new ControlPath folder per round) and run N at once
    (-ThrottleLimit N, ansible -f N). Each figure is the median of -Rounds runs of a whole new
    process (pwsh -c 'Import-Module; Invoke-McpCommand' against the ansible command), and, for
    us, also the run inside a warm session. Root needed; build first (build.ps1 -Task Build).
    -KexAlgorithms names the SSH key exchanges both tools offer (MCP_KEXALGORITHMS for ours,
    `-o KexAlgorithms=` for ansible's OpenSSH); its figures go to a section of their own, the
    default run's stay.
.EXAMPLE
    sudo dotnet pwsh -NoProfile -File bench/Measure-Transport.ps1 -Rounds 3 -Lab
.EXAMPLE
    sudo dotnet pwsh -NoProfile -File bench/Measure-Transport.ps1 -Rounds 3 -Lab -KexAlgorithms curve25519-sha256
#>
param(
    [int[]] $NodeCount = @(10, 30),
    [int] $Rounds = 5,
    [switch] $Lab,
    [string] $KexAlgorithms,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
if (-not (Get-Command ansible -ErrorAction Ignore)) { throw 'ansible (ansible-core) is not installed: see tests/prerequisites.txt' }
$nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
$max = ($NodeCount | Measure-Object -Maximum).Maximum
$dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-transport-bench-$PID"
$labModel = Join-Path $root 'out/bench/labmodel'

# Times both tools on $targets (addresses) with the key and known_hosts given; one result row.
function Measure-Nodes([string[]] $targets, [string[]] $names, [string] $key, [string] $known) {
    $n = $targets.Count
    $inventory = Join-Path $dir "inventory-$n.ini"
    Set-Content $inventory (@('[all]') + (0..($n - 1) | ForEach-Object { "$($names[$_]) ansible_host=$($targets[$_]) ansible_user=root ansible_ssh_private_key_file=$key" }) +
        @('[all:vars]', "ansible_ssh_common_args='-o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes -o BatchMode=yes$(if ($KexAlgorithms) { " -o KexAlgorithms=$KexAlgorithms" })'"))
    # one warm-up of each, not timed
    $null = Invoke-McpCommand -Target $targets -Command true -KeyFile $key -KnownHostsFile $known -ThrottleLimit $n
    $env:ANSIBLE_SSH_CONTROL_PATH_DIR = Join-Path $dir "cp-$n-0"
    $null = & ansible all -i $inventory -m command -a true -f $n -o; if ($LASTEXITCODE -ne 0) { throw "ansible failed ($LASTEXITCODE)" }
    $inSession = { $out = @(Invoke-McpCommand -Target $targets -Command true -KeyFile $key -KnownHostsFile $known -ThrottleLimit $n); if ($out.Count -ne $n) { throw "Invoke-McpCommand: $($out.Count) of $n nodes" } }
    $ansible = { $null = & ansible all -i $inventory -m command -a true -f $n -o; if ($LASTEXITCODE -ne 0) { throw "ansible failed ($LASTEXITCODE)" } }
    $inner = @(); $ours = @(); $theirs = @()
    for ($r = 1; $r -le $Rounds; $r++) {
        $inner += Time $inSession
        $script = "Import-Module '$manifest'; `$o = @(Invoke-McpCommand -Target $($targets -join ',') -Command true -KeyFile '$key' -KnownHostsFile '$known' -ThrottleLimit $n); if (`$o.Count -ne $n) { exit 1 }"
        $ours += Time { & $pwshCommand @pwshArgs $script; if ($LASTEXITCODE -ne 0) { throw 'Invoke-McpCommand process failed' } }
        $env:ANSIBLE_SSH_CONTROL_PATH_DIR = Join-Path $dir "cp-$n-$r"
        $theirs += Time $ansible
    }
    # Connections kept between commands: ours in this session (ReuseConnectionSeconds), ansible's
    # with one ControlPath folder (ControlPersist=60s); one untimed run makes them.
    $kept = @(); $theirsKept = @()
    $env:MCP_ReuseConnectionSeconds = '60'
    try {
        for ($r = 0; $r -le $Rounds; $r++) {
            $seconds = Time $inSession
            if ($r -gt 0) { $kept += $seconds }
        }
    }
    finally { Remove-Item Env:MCP_ReuseConnectionSeconds; Disconnect-McpNode }
    $env:ANSIBLE_SSH_CONTROL_PATH_DIR = Join-Path $dir "cp-$n-kept"
    for ($r = 0; $r -le $Rounds; $r++) {
        $seconds = Time $ansible
        if ($r -gt 0) { $theirsKept += $seconds }
    }
    $row = [pscustomobject]@{ Nodes = $n; InSession = (Median $inner); Process = (Median $ours); Ansible = (Median $theirs)
        Kept = (Median $kept); AnsibleKept = (Median $theirsKept); Note = $null }
    $row | Add-Member Ratio ($row.Ansible / $row.Process)
    $row | Add-Member RatioInSession ($row.Ansible / $row.InSession)
    $row | Add-Member RatioKept ($row.AnsibleKept / $row.Kept)
    Write-Host ("{0,3} nodes: Invoke-McpCommand {1:0.000} s in session, {2:0.000} s as a new process, {6:0.000} s kept; ansible {3:0.000} s, {7:0.000} s kept; ratio {4:0.0}x (process), {5:0.0}x (session), {8:0.0}x (both kept)" -f $n, $row.InSession, $row.Process, $row.Ansible, $row.Ratio, $row.RatioInSession, $row.Kept, $row.AnsibleKept, $row.RatioKept)
    $row
}

$ansibleVersion = (& ansible --version | Select-Object -First 1)   # before ANSIBLE_HOME points into $dir: it makes that folder
$null = New-Item -ItemType Directory -Force -Path $dir
$env:ANSIBLE_HOME = Join-Path $dir 'ansible-home'
$env:ANSIBLE_HOST_KEY_CHECKING = 'True'
$env:ANSIBLE_PYTHON_INTERPRETER = '/usr/bin/python3'
$env:ANSIBLE_LOCALHOST_WARNING = 'False'
$env:MCP_KEXALGORITHMS = $KexAlgorithms   # (empty: the default, every algorithm SSH.NET has); child pwsh processes inherit it
Import-Module $manifest -Force
$results = @()
$loadBefore = LoadAverage
$inotify = (Get-Content /proc/sys/fs/inotify/max_user_instances).Trim()
$started = Get-Date
if (-not $Lab) {
    & bash $nodesScript start $dir $max
    if ($LASTEXITCODE -ne 0) { throw 'could not start the nodes' }
    try {
        $nodes = @(Get-Content (Join-Path $dir 'nodes.tsv') | ForEach-Object { ($_ -split "`t")[1] })
        foreach ($n in $NodeCount) {
            $targets = $nodes[0..($n - 1)]
            $results += Measure-Nodes $targets $targets (Join-Path $dir 'id_ed25519') (Join-Path $dir 'known_hosts')
        }
    }
    finally {
        & bash $nodesScript stop $dir
        Remove-Item -Recurse -Force $dir -ErrorAction Ignore   # what ansible wrote late
    }
}
else {
    Assert-NoBenchLab
    $cluster = New-McpCluster -Name $labCluster -Domain "$labCluster.local" -Path $labModel -Template openstack-ovs -Ceph -StackLight -Force
    $modelNodes = @(Get-McpNode -Path $labModel | ForEach-Object { ($_.Name -split '\.')[0] })
    if ($modelNodes.Count -lt $max) { throw "The bench model has $($modelNodes.Count) nodes; $max needed." }
    $labStart = @{}
    try {
        foreach ($n in $NodeCount) {
            $names = $modelNodes[0..($n - 1)]
            $startErrors = $null
            $sw = [Diagnostics.Stopwatch]::StartNew()   # not Time {}: -ErrorVariable would land in its child scope
            $null = Start-McpLab -Cluster $cluster -Node $names -TimeoutSeconds 300 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable startErrors
            $t = $sw.Elapsed.TotalSeconds
            $running = Read-BenchLab $names   # (not $lab: that is the -Lab switch)
            $state = $running.State
            $up = $running.Nodes
            if ($up.Count -ne $n) {
                $why = if ($startErrors) { "$($startErrors.Count) error record(s), the first: " + ("$($startErrors[0])" -replace '\e\[[0-9;]*m', '' -replace '\s*\|\s*', ' ' -replace '\s+', ' ') } else { 'no error record' }
                Write-Warning "$n-node lab: $($up.Count) of $n nodes came up ($why); not measured."
                $results += [pscustomobject]@{ Nodes = $n; Note = "not measured: $($up.Count) of $n lab nodes came up ($why)" }
                break
            }
            $labStart[$n] = $t
            Write-Host ("{0,3} lab nodes up ({1:0.0} s to start or add)" -f $n, $t)
            # ($up.address would be System.Array's Address method)
            $results += Measure-Nodes @($up | ForEach-Object address) @($up | ForEach-Object name) $state.identityFile $state.knownHostsFile
        }
        $mem = MemoryFigures
    }
    finally {
        if (Get-McpLab -Cluster $labCluster -ErrorAction Ignore) { Stop-McpLab -Cluster $labCluster -Confirm:$false }
        Remove-Item -Recurse -Force $dir -ErrorAction Ignore
    }
}
$loadAfter = LoadAverage
$pwshStart = Median @(1..$Rounds | ForEach-Object { Time { & $pwshCommand @pwshArgs 'exit' } })

# Its section of docs/benchmarks.md; the other sections stay as the file has them.
$cpu = CpuModel
$sshd = (& bash -c 'ssh -V 2>&1')
$machine = "$cpu, $([Environment]::ProcessorCount) cores (shared), $(Get-Date $started -Format 'yyyy-MM-dd')"
$method = @(
    "Written by ``bench/Measure-Transport.ps1$(if ($Lab) { ' -Lab' })`` (root). Command: ``Invoke-McpCommand -Target <N nodes> -Command true -ThrottleLimit N`` against"
    '`ansible all -m command -a true -f N`, on the same N nodes with the same key and'
    'known_hosts (host keys checked by both, `ANSIBLE_HOST_KEY_CHECKING=True`), fresh connections every round'
    '(ansible: a new `ANSIBLE_SSH_CONTROL_PATH_DIR` per round). Median of the rounds after one warm-up of each.'
    '"New process" starts pwsh, imports the module and runs the command, as `ansible` starts Python;'
    '"in session" is the same command in a session that has the module loaded. "Kept": connections kept between'
    'commands, ours with `ReuseConnectionSeconds` 60 in that session, ansible''s with one ControlPath folder for'
    'all its rounds (`ControlPersist=60s`); one untimed command makes them.'
)
$kexHeading = if ($KexAlgorithms) { ", KexAlgorithms $KexAlgorithms" } else { '' }
$table = @(
    '| Nodes | Invoke-McpCommand, new process (s) | Invoke-McpCommand, in session (s) | ansible (s) | ratio (new process) | ratio (in session) | Invoke-McpCommand, kept (s) | ansible, ControlPersist (s) | ratio (both kept) |'
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
)
foreach ($r in $results) {
    if ($r.Note) { $table += "| $($r.Nodes) | $($r.Note) | | | | | | | |" }
    else { $table += ('| {0} | {1:0.000} | {2:0.000} | {3:0.000} | {4:0.0}x | {5:0.0}x | {6:0.000} | {7:0.000} | {8:0.0}x |' -f $r.Nodes, $r.Process, $r.InSession, $r.Ansible, $r.Ratio, $r.RatioInSession, $r.Kept, $r.AnsibleKept, $r.RatioKept) }
}
if (-not $Lab) {
    $section = @(
        "## Invoke-McpCommand against ansible (network-namespace nodes$kexHeading)"
        ''
    ) + $method + @(
        'Nodes: throwaway OpenSSH servers, one per network namespace on a private bridge'
        "(tests/Transport/ssh-nodes.sh, $sshd), on this machine: not the systemd-nspawn lab nodes of"
        "Start-McpLab. $ansibleVersion. Median of $Rounds rounds. Machine: $machine; load average $loadBefore before, $loadAfter after."
        ''
    ) + $table
}
else {
    $section = @(
        "## Invoke-McpCommand against ansible (Start-McpLab nodes$kexHeading)"
        ''
    ) + $method + @(
        'Nodes: real Debian nodes of a Start-McpLab lab (systemd-nspawn machines, systemd as init, their own sshd,'
        'on the lab bridge at their model addresses), the first N of a 38-node model (`New-McpCluster -Template'
        "openstack-ovs -Ceph -StackLight``); the lab grows to $(($NodeCount | Sort-Object) -join ', then ') nodes and is stopped at the end. Addresses, key"
        "and known_hosts come from the lab state file; the ansible inventory names each node with ``ansible_host=<address>``. $ansibleVersion, client $sshd."
        "Median of $Rounds rounds. Machine: $machine; $($mem -join ', '); load average $loadBefore before, $loadAfter after."
        "Lab start (not timed against ansible): $(($labStart.Keys | Sort-Object | ForEach-Object { '{0} nodes {1:0} s' -f $_, $labStart[$_] }) -join ', ')."
        "fs.inotify.max_user_instances was $inotify during the run (Start-McpLab needs about 8 per node and refuses a lab that would pass it; Debian's default is 128)."
        ''
    ) + $table
}
if ($KexAlgorithms) {
    $section += @('', "Both tools offered only the key exchange $KexAlgorithms (MCP_KEXALGORITHMS; ``-o KexAlgorithms=$KexAlgorithms`` in ansible_ssh_common_args); the section without it has the default, where both negotiate sntrup761x25519-sha512 with these nodes' OpenSSH.")
}
$section += @('', ("A bare ``pwsh -NoProfile -Command exit`` took {0:0.000} s here (median of {1}): that much of each new-process figure is the shell starting, before the module is imported." -f $pwshStart, $Rounds))
Set-BenchmarkSection -Path $OutFile -Lines $section
Write-Host "wrote $OutFile"
