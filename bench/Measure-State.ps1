<#
.SYNOPSIS
    Times Invoke-McpState against ansible-playbook applying the same 20 resources to the same
    10 and 30 Start-McpLab nodes: the first apply and the no-change re-run. Writes its section of
    docs/benchmarks.md.
.DESCRIPTION
    The work: bench/state/formula/mcpbench (a formula of 20 resources: three packages, a group, two
    users, two folders, five files of which two are templates and one a systemd unit, a
    daemon-reload on change, the service with a watch, two sysctl keys, a line, a link and a
    one-time command) and bench/state/ansible/playbook.yml (the same as 20 ansible-core tasks in
    the same order, facts not gathered).

    The nodes: the first N nodes of a 38-node model (New-McpCluster -Template openstack-ovs -Ceph
    -StackLight under out/bench/statemodel, the formula copied to its formulas/ folder), started
    as lab 'bench' with the three packages and python3-apt (ansible's apt module needs it) in the
    lab's APT repository. Every first apply gets a lab of its own, started fresh from the image,
    so both tools start from the same node state; before the clock starts, each node installs
    python3-apt and then forgets its APT lists again, dated two hours back as on a node that has
    not fetched its sources lately (apt-get update is part of the timed work of both tools; the
    playbook's cache_valid_time: 3600 then updates once, as our pkg does once per run). Which tool goes first alternates from round to round.

    Per lab: the first apply (timed), a check that it changed what it should and failed nothing,
    a digest of the node state the benchmark manages (files with mode/owner/checksum, users,
    groups, the service, live and persisted sysctl values, the link), then -ReRuns no-change
    re-runs (timed; each must report zero changes), then the lab is stopped. The digests of both
    tools must be equal node for node, or the script stops: a race between unequal work measures
    nothing. Both tools: the same key and known_hosts (host keys checked), N nodes at once
    (-ThrottleLimit N, ansible -f N), a new process each time (pwsh imports the module; ansible
    starts Python). Ansible runs with SSH pipelining on (fewer round trips: its faster setting)
    and a fresh ControlPath folder per run. Invoke-McpState is also timed inside a warm session
    for the re-run, and again with connections kept between runs (ReuseConnectionSeconds), beside
    ansible's re-runs sharing one ControlPath folder (its ControlPersist). Figures are medians.

    Root needed; build first (build.ps1 -Task Build). A 30-node lab needs
    fs.inotify.max_user_instances of about 8 per node (Start-McpLab refuses and says so).
.EXAMPLE
    sudo dotnet pwsh -NoProfile -File bench/Measure-State.ps1
.EXAMPLE
    sudo dotnet pwsh -NoProfile -File bench/Measure-State.ps1 -NodeCount 3 -Rounds 1 -ReRuns 1 -OutFile /tmp/bench.md
#>
[CmdletBinding()]
param(
    [int[]] $NodeCount = @(10, 30),
    # First applies per tool and node count (each on a fresh lab).
    [int] $Rounds = 2,
    # No-change re-runs per first apply.
    [int] $ReRuns = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LabBenchmark.ps1')
if (-not (Get-Command ansible-playbook -ErrorAction Ignore)) { throw 'ansible-playbook (ansible-core) is not installed: see tests/prerequisites.txt' }
# ansible-doc exits 0 for a module it does not have; its JSON is then {}
if (-not ((& ansible-doc -t module -j ansible.posix.sysctl 2>$null) -join '' | ConvertFrom-Json -AsHashtable).Count) { throw "The playbook uses ansible.posix.sysctl, which ansible-core alone does not have: install Debian's 'ansible' package (its collections)." }

$stateDir = Join-Path $PSScriptRoot 'state'
$playbook = Join-Path $stateDir 'ansible/playbook.yml'
$labModel = Join-Path $root 'out/bench/statemodel'
$packages = 'tree', 'jq', 'bc', 'python3-apt'
$dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-state-bench-$PID"

# What the benchmark manages on a node, one line each, in a form both tools must leave alike
# (the sysctl files are compared without spaces: ansible writes 'key=value', we 'key = value').
$digestCommand = @'
for f in /etc/mcpbench/app.conf /etc/mcpbench/peers.conf /etc/motd /etc/security/limits.d/90-mcpbench.conf /etc/systemd/system/mcpbench.service /var/lib/mcpbench/state.json; do
  echo "$(stat -c '%n %a %U %G' "$f") $(md5sum < "$f" | cut -c1-32)"; done
stat -c '%n %a %U %G %F' /etc/mcpbench /var/lib/mcpbench /home/mcpapp /home/mcpops
readlink /usr/local/bin/mcp-tree
getent passwd mcpapp mcpops | cut -d: -f1,3,4,6,7; getent group mcpbench | cut -d: -f1,3,4; id -nG mcpops
dpkg-query -W -f '${Package} ${Status}\n' tree jq bc
echo "service $(systemctl is-active mcpbench) $(systemctl is-enabled mcpbench)"
echo "sysctl $(sysctl -n net.core.somaxconn net.ipv4.tcp_keepalive_time | tr '\n' ' ')"
cat /etc/sysctl.d/90-mcp-net.core.somaxconn.conf /etc/sysctl.d/90-mcp-net.ipv4.tcp_keepalive_time.conf | tr -d ' '
grep -c '^MCPBENCH_HOME=/var/lib/mcpbench$' /etc/environment
'@

# Starts a fresh lab of $names and makes its nodes ready for both tools (untimed); the lab's nodes.
function Start-BenchLab([string[]] $names) {
    if (Get-McpLab -Cluster $labCluster -ErrorAction Ignore) { Stop-McpLab -Cluster $labCluster -Confirm:$false }
    $startErrors = $null
    $null = Start-McpLab -Cluster $script:cluster -Node $names -Package $packages -TimeoutSeconds 300 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable startErrors
    if ($startErrors) { throw "Start-McpLab: $($startErrors[0])" }
    $lab = Read-BenchLab $names
    if ($lab.Nodes.Count -ne $names.Count) { throw "$($lab.Nodes.Count) of $($names.Count) lab nodes came up" }
    $prep = @(Invoke-McpCommand -Path $labModel -Target ($names -join ' or ') -ThrottleLimit $names.Count -TimeoutSeconds 600 -Command `
            'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-apt >/dev/null && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial && touch -d ''2 hours ago'' /var/lib/apt/lists')
    $bad = @($prep | Where-Object ExitCode -NE 0)
    if ($prep.Count -ne $names.Count -or $bad) { throw "preparing the lab nodes failed: $(($bad | ForEach-Object { "$($_.Node): $($_.StdErr)" }) -join '; ')" }
    $lab
}

function Get-Digest([string[]] $names) {
    $d = @{}
    foreach ($r in Invoke-McpCommand -Path $labModel -Target ($names -join ' or ') -ThrottleLimit $names.Count -Command $digestCommand) {
        # equal digests of a half-applied node would prove nothing: the end state is checked too
        if ($r.ExitCode -ne 0 -or $r.StdOut -notmatch '(?m)^service active enabled$' -or $r.StdOut -notmatch '(?m)^sysctl 1024 600 $' -or $r.StdErr) {
            throw "$($r.Node) is not in the state the benchmark applies (exit $($r.ExitCode)):`n$($r.StdOut)$($r.StdErr)"
        }
        $d[($r.Node -split '\.')[0]] = $r.StdOut.TrimEnd()
    }
    if ($d.Count -ne $names.Count) { throw "digest: $($d.Count) of $($names.Count) nodes answered" }
    Write-Verbose "digest of $($names[0]):`n$($d[$names[0]])"
    $d
}

# One new process of Invoke-McpState; returns seconds, throws unless every node succeeded with
# $expectChanged (true: at least one change per node; false: none at all).
function Invoke-Ours([string[]] $names, [bool] $expectChanged) {
    $target = $names -join ' or '
    $script = "Import-Module '$manifest'; `$r = @(Invoke-McpState -Path '$labModel' -Target '$target' -State mcpbench -ThrottleLimit $($names.Count) -TimeoutSeconds 900 -Confirm:`$false); " +
        "`$run = `$r[-1]; `$res = @(`$r | Where-Object { `$_ -is [McpModule.States.McpStateResult] }); " +
        "'{0} {1} {2} {3}' -f `$run.Status, `$res.Count, @(`$res | Where-Object Result -EQ Changed).Count, @(`$res | Where-Object Result -EQ Failed).Count"
    Wait-Quiet
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwshCommand @pwshArgs $script
    $t = $sw.Elapsed.TotalSeconds
    Assert-Ours "$out" $names.Count $expectChanged
    $t
}

# One no-change re-run of Invoke-McpState in this session; returns seconds, throws unless it changed nothing.
function Invoke-OursInSession([string[]] $names) {
    Wait-Quiet
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = @(Invoke-McpState -Path $labModel -Target ($names -join ' or ') -State mcpbench -ThrottleLimit $names.Count -Confirm:$false)
    $t = $sw.Elapsed.TotalSeconds
    $res = @($out | Where-Object { $_ -is [McpModule.States.McpStateResult] })
    Assert-Ours ('{0} {1} {2} {3}' -f $out[-1].Status, $res.Count, @($res | Where-Object Result -EQ Changed).Count, @($res | Where-Object Result -EQ Failed).Count) $names.Count $false
    $t
}

function Assert-Ours([string] $summary, [int] $n, [bool] $expectChanged) {
    $status, $count, $changed, $failed = "$summary".Trim() -split ' '
    if ($status -ne 'Succeeded' -or [int] $count -ne 20 * $n -or [int] $failed -ne 0) { throw "Invoke-McpState: $summary (status, results, changed, failed); expected Succeeded with $(20 * $n) results" }
    if ($expectChanged -and [int] $changed -lt 18 * $n) { throw "Invoke-McpState first apply changed only $changed resources on $n nodes" }
    if (-not $expectChanged -and [int] $changed -ne 0) { throw "Invoke-McpState re-run changed $changed resources" }
}

function Invoke-Ansible([string] $inventory, [int] $n, [bool] $expectChanged, [string] $tag) {
    $env:ANSIBLE_SSH_CONTROL_PATH_DIR = Join-Path $dir "cp-$tag"
    Wait-Quiet
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & ansible-playbook -i $inventory -f $n $playbook
    $t = $sw.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "ansible-playbook failed ($LASTEXITCODE): $(($out | Select-Object -Last 30) -join "`n")" }
    $recap = @($out | Where-Object { $_ -match '^\S+\s+:\s+ok=\d+\s+changed=\d+' })
    if ($recap.Count -ne $n) { throw "ansible-playbook: $($recap.Count) of $n hosts in the recap" }
    foreach ($line in $recap) {
        $changed = [int]($line -replace '.*changed=(\d+).*', '$1'); $failed = [int]($line -replace '.*failed=(\d+).*', '$1')
        if ($failed -ne 0 -or ($line -replace '.*unreachable=(\d+).*', '$1') -ne '0') { throw "ansible-playbook: $line" }
        if ($expectChanged -and $changed -lt 18) { throw "ansible-playbook first apply: $line" }
        if (-not $expectChanged -and $changed -ne 0) { throw "ansible-playbook re-run changed something: $line" }
    }
    $t
}

function Write-Inventory($lab, [string] $path) {
    $peers = @($script:modelNodes | ForEach-Object { "  - {name: $($_.ShortName), address: $([McpModule.Execution.SshTarget]::FromNode($_).Address)}" })
    Set-Content $path (@('[all]') + ($lab.Nodes | ForEach-Object { "$($_.name) ansible_host=$($_.address)" }) + @(
            '[all:vars]', 'ansible_user=root', "ansible_ssh_private_key_file=$($lab.State.identityFile)",
            "ansible_ssh_common_args='-o UserKnownHostsFile=$($lab.State.knownHostsFile) -o StrictHostKeyChecking=yes -o BatchMode=yes'"))
    Set-Content (Join-Path (Split-Path $path) 'group_vars/all.yml') (@("bench_cluster: $labCluster", 'bench_peers:') + $peers)
}

$ansibleVersion = (& ansible --version | Select-Object -First 1)   # before ANSIBLE_HOME points into $dir: it makes that folder
$null = New-Item -ItemType Directory -Force -Path $dir, (Join-Path $dir 'group_vars')
$env:ANSIBLE_HOME = Join-Path $dir 'ansible-home'
$env:ANSIBLE_HOST_KEY_CHECKING = 'True'
$env:ANSIBLE_PYTHON_INTERPRETER = '/usr/bin/python3'
$env:ANSIBLE_PIPELINING = 'True'
$env:ANSIBLE_NOCOLOR = 'True'
$env:ANSIBLE_RETRY_FILES_ENABLED = 'False'
Import-Module $manifest -Force
Assert-NoBenchLab
$script:cluster = New-McpCluster -Name $labCluster -Domain "$labCluster.local" -Path $labModel -Template openstack-ovs -Ceph -StackLight -Force -WarningAction SilentlyContinue
Remove-Item -Recurse -Force (Join-Path $labModel 'formulas/mcpbench'), (Join-Path $labModel '.mcp') -ErrorAction Ignore
$null = New-Item -ItemType Directory -Force (Join-Path $labModel 'formulas')
Copy-Item -Recurse (Join-Path $stateDir 'formula/mcpbench') (Join-Path $labModel 'formulas/mcpbench')
$script:modelNodes = @(Get-McpNode -Path $labModel)
$max = ($NodeCount | Measure-Object -Maximum).Maximum
if ($modelNodes.Count -lt $max) { throw "The bench model has $($modelNodes.Count) nodes; $max needed." }

$results = @()
$loadBefore = LoadAverage
$inotify = (Get-Content /proc/sys/fs/inotify/max_user_instances).Trim()
$started = Get-Date
try {
    foreach ($n in $NodeCount) {
        $names = @($modelNodes[0..($n - 1)] | ForEach-Object ShortName)
        $inventory = Join-Path $dir 'inventory.ini'
        $t = @{ OursFirst = @(); AnsibleFirst = @(); OursAgain = @(); OursAgainSession = @(); AnsibleAgain = @(); OursKept = @(); AnsibleKept = @() }
        $digests = @{}
        for ($r = 1; $r -le $Rounds; $r++) {
            $order = if ($r % 2) { 'ansible', 'ours' } else { 'ours', 'ansible' }
            foreach ($tool in $order) {
                $lab = Start-BenchLab $names
                Write-Inventory $lab $inventory
                if ($tool -eq 'ours') {
                    $t.OursFirst += Invoke-Ours $names $true
                    $digests[$tool] = Get-Digest $names
                    for ($k = 1; $k -le $ReRuns; $k++) {
                        $t.OursAgain += Invoke-Ours $names $false
                        $t.OursAgainSession += Invoke-OursInSession $names
                    }
                    # The same in session with connections kept between runs (ReuseConnectionSeconds):
                    # one untimed run makes them, the timed ones reuse them.
                    $env:MCP_ReuseConnectionSeconds = '60'
                    try {
                        for ($k = 0; $k -le $ReRuns; $k++) {
                            $seconds = Invoke-OursInSession $names
                            if ($k -gt 0) { $t.OursKept += $seconds }
                        }
                    }
                    finally { Remove-Item Env:MCP_ReuseConnectionSeconds; Disconnect-McpNode }
                }
                else {
                    $t.AnsibleFirst += Invoke-Ansible $inventory $n $true "$n-$r-first"
                    $digests[$tool] = Get-Digest $names
                    for ($k = 1; $k -le $ReRuns; $k++) { $t.AnsibleAgain += Invoke-Ansible $inventory $n $false "$n-$r-$k" }
                    # ansible with its own connection reuse between runs: one ControlPath folder, so the
                    # ControlPersist=60s masters of one run serve the next (one untimed run makes them).
                    for ($k = 0; $k -le $ReRuns; $k++) {
                        $seconds = Invoke-Ansible $inventory $n $false "$n-$r-kept"
                        if ($k -gt 0) { $t.AnsibleKept += $seconds }
                    }
                }
                Stop-McpLab -Cluster $labCluster -Confirm:$false
                Write-Host ("{0,3} nodes, round {1}, {2}: first {3:0.0} s, re-runs {4}" -f $n, $r, $tool,
                    ($tool -eq 'ours' ? $t.OursFirst[-1] : $t.AnsibleFirst[-1]),
                    ((($tool -eq 'ours' ? $t.OursAgain : $t.AnsibleAgain) | Select-Object -Last $ReRuns | ForEach-Object { '{0:0.00}' -f $_ }) -join ' '))
            }
            foreach ($name in $names) {
                if ($digests.ours[$name] -ne $digests.ansible[$name]) {
                    throw "The tools left $name in different states; not a fair race.`n--- Invoke-McpState:`n$($digests.ours[$name])`n--- ansible:`n$($digests.ansible[$name])"
                }
            }
        }
        $row = [pscustomobject]@{
            Nodes = $n
            OursFirst = Median $t.OursFirst; AnsibleFirst = Median $t.AnsibleFirst
            OursAgain = Median $t.OursAgain; OursAgainSession = Median $t.OursAgainSession; AnsibleAgain = Median $t.AnsibleAgain
            OursKept = Median $t.OursKept; AnsibleKept = Median $t.AnsibleKept
        }
        $row | Add-Member FirstRatio ($row.AnsibleFirst / $row.OursFirst)
        $row | Add-Member AgainRatio ($row.AnsibleAgain / $row.OursAgain)
        $row | Add-Member AgainRatioSession ($row.AnsibleAgain / $row.OursAgainSession)
        $row | Add-Member KeptRatio ($row.AnsibleAgain / $row.OursKept)
        $row | Add-Member KeptRatioBoth ($row.AnsibleKept / $row.OursKept)
        Write-Host ("{0,3} nodes: first apply {1:0.00} s vs ansible {2:0.00} s ({3:0.0}x); re-run {4:0.00} s ({5:0.00} s in session, {9:0.00} s kept) vs ansible {6:0.00} s ({10:0.00} s kept) ({7:0.0}x / {8:0.0}x / {11:0.0}x)" -f
            $n, $row.OursFirst, $row.AnsibleFirst, $row.FirstRatio, $row.OursAgain, $row.OursAgainSession, $row.AnsibleAgain, $row.AgainRatio, $row.AgainRatioSession, $row.OursKept, $row.AnsibleKept, $row.KeptRatio)
        $results += $row
    }
    $mem = MemoryFigures
}
finally {
    if (Get-McpLab -Cluster $labCluster -ErrorAction Ignore) { Stop-McpLab -Cluster $labCluster -Confirm:$false }
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}
$loadAfter = LoadAverage

function Met($rows, [string] $ratio, [double] $target) { if (@($rows | Where-Object $ratio -LT $target).Count) { 'not met' } else { 'met' } }

$cpu = CpuModel
$section = @(
    '## Invoke-McpState against ansible-playbook (Start-McpLab nodes)'
    ''
    "Written by ``bench/Measure-State.ps1`` (root; ``sudo dotnet pwsh -NoProfile -File bench/Measure-State.ps1``) on $(Get-Date $started -Format 'yyyy-MM-dd HH:mm') UTC."
    'The same 20 resources, `bench/state/formula/mcpbench/init.yml` against `bench/state/ansible/playbook.yml` (three packages'
    'from the lab''s APT repository, a group, two users, two folders, five files of which two are templates and one a'
    'systemd unit, a daemon-reload on change, the service with a restart on change, two sysctl keys, a line, a link, a'
    'one-time command), on the first N nodes of a 38-node model as real Debian lab nodes (systemd-nspawn, systemd, sshd).'
    'Each first apply runs on a lab of its own started fresh from the image (apt-get update is part of both tools'' work);'
    'after it, the script checks that both tools left every node in the same state (files, modes, owners, checksums,'
    'users, groups, packages, service, sysctl live and persisted, the link) and stops otherwise. Re-runs must report zero'
    'changes. Same key and known_hosts for both (host keys checked), N nodes at once (`-ThrottleLimit N`, `ansible-playbook'
    '-f N`), each run a new process (pwsh with Import-Module; ansible-playbook). Ansible: facts not gathered, SSH'
    'pipelining on, a fresh ControlPath folder per run (its connections are not reused between runs, nor are ours).'
    '"Kept": connections reused between runs, ours in one session with `ReuseConnectionSeconds` 60 (Invoke-McpState'
    'in the benchmark''s own session), ansible''s with one ControlPath folder for all its re-runs (its default'
    '`ControlPersist=60s`); one untimed run makes the connections, the timed ones reuse them.'
    "$ansibleVersion. Medians of $Rounds first applies and $($Rounds * $ReRuns) re-runs per tool and size."
    "Machine: $cpu, $([Environment]::ProcessorCount) cores (shared), $($mem -join ', '); load average $loadBefore before, $loadAfter after."
    "fs.inotify.max_user_instances was $inotify during the run (Start-McpLab needs about 8 per node and refuses a lab that would pass it; Debian's default is 128)."
    ''
    '| Nodes | Invoke-McpState first apply (s) | ansible first apply (s) | ratio | Invoke-McpState re-run (s) | in session (s) | ansible re-run (s) | ratio | ratio (in session) |'
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
) + @($results | ForEach-Object {
        '| {0} | {1:0.00} | {2:0.00} | **{3:0.0}x** | {4:0.00} | {5:0.00} | {6:0.00} | **{7:0.0}x** | {8:0.0}x |' -f $_.Nodes, $_.OursFirst, $_.AnsibleFirst, $_.FirstRatio, $_.OursAgain, $_.OursAgainSession, $_.AnsibleAgain, $_.AgainRatio, $_.AgainRatioSession
    }) + @(
    ''
    'Re-runs with connections kept between runs:'
    ''
    '| Nodes | Invoke-McpState in session, kept (s) | ansible re-run, ControlPersist (s) | ansible re-run, fresh (s) | ratio to ansible fresh | ratio to ansible ControlPersist |'
    '| ---: | ---: | ---: | ---: | ---: | ---: |'
) + @($results | ForEach-Object {
        '| {0} | {1:0.00} | {2:0.00} | {3:0.00} | **{4:0.0}x** | {5:0.0}x |' -f $_.Nodes, $_.OursKept, $_.AnsibleKept, $_.AnsibleAgain, $_.KeptRatio, $_.KeptRatioBoth
    }) + @(
    ''
    ('Targets (issue 18): first apply at least 6x faster than ansible: **{0}**; re-run at least 25x as new processes: **{1}**; at least 40x in session: **{2}** with every run connecting anew, **{3}** with connections kept (`ReuseConnectionSeconds`; against ansible with ControlPersist too: {4}).' -f
        (Met $results FirstRatio 6), (Met $results AgainRatio 25), (Met $results AgainRatioSession 40), (Met $results KeptRatio 40), (Met $results KeptRatioBoth 40))
)
Set-BenchmarkSection -Path $OutFile -Lines $section
Write-Host "wrote $OutFile"
