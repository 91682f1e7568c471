<#
.SYNOPSIS
    Times Invoke-McpCommand -Command true against `ansible all -m command -a true` on the same
    10 and 30 SSH nodes with the same parallelism, and writes docs/benchmarks-transport.md.
.DESCRIPTION
    The nodes are throwaway OpenSSH servers, one per network namespace on a private bridge
    (tests/Transport/ssh-nodes.sh; root needed), not the systemd-nspawn lab nodes. Both tools
    verify host keys against the same known_hosts file, use the same key, open fresh connections
    every round (ansible gets a new ControlPath folder per round) and run N at once (-ThrottleLimit N,
    ansible -f N). Each figure is the median of -Rounds runs of a whole new process
    (pwsh -c 'Import-Module; Invoke-McpCommand' against the ansible command), and, for us, also
    the run inside a warm session. Build first (build.ps1 -Task Build).
#>
param(
    [int[]] $NodeCount = @(10, 30),
    [int] $Rounds = 5,
    [string] $OutFile = (Join-Path $PSScriptRoot '../docs/benchmarks-transport.md')
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
$manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
if (-not (Test-Path $manifest)) { throw "Build first: $manifest is missing." }
if (-not (Get-Command ansible -ErrorAction Ignore)) { throw 'ansible (ansible-core) is not installed: see tests/prerequisites.txt' }
$nodesScript = Join-Path $root 'tests/Transport/ssh-nodes.sh'
$max = ($NodeCount | Measure-Object -Maximum).Maximum
$dir = Join-Path ([IO.Path]::GetTempPath()) "mcp-transport-bench-$PID"
$pwshCommand = (Get-Process -Id $PID).Path
$pwshArgs = @(if ($pwshCommand -like '*dotnet*') { ([Environment]::GetCommandLineArgs())[0] }) + '-NoProfile', '-NonInteractive', '-Command'

function Median([double[]] $xs) { $s = $xs | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
function Time([scriptblock] $block) { $sw = [Diagnostics.Stopwatch]::StartNew(); & $block; $sw.Stop(); $sw.Elapsed.TotalSeconds }

& bash $nodesScript start $dir $max
if ($LASTEXITCODE -ne 0) { throw 'could not start the nodes' }
$results = @()
try {
    $nodes = @(Get-Content (Join-Path $dir 'nodes.tsv') | ForEach-Object { ($_ -split "`t")[1] })
    $key = Join-Path $dir 'id_ed25519'
    $known = Join-Path $dir 'known_hosts'
    Import-Module $manifest -Force
    $env:ANSIBLE_HOME = Join-Path $dir 'ansible-home'
    $env:ANSIBLE_HOST_KEY_CHECKING = 'True'
    $env:ANSIBLE_PYTHON_INTERPRETER = '/usr/bin/python3'
    $env:ANSIBLE_LOCALHOST_WARNING = 'False'
    foreach ($n in $NodeCount) {
        $targets = $nodes[0..($n - 1)]
        $inventory = Join-Path $dir "inventory-$n.ini"
        Set-Content $inventory (@('[all]') + ($targets | ForEach-Object { "$_ ansible_user=root ansible_ssh_private_key_file=$key" }) +
            @('[all:vars]', "ansible_ssh_common_args='-o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes -o BatchMode=yes'"))
        # one warm-up of each, not timed
        $null = Invoke-McpCommand -Target $targets -Command true -KeyFile $key -KnownHostsFile $known -ThrottleLimit $n
        $inner = @(); $ours = @(); $theirs = @()
        for ($r = 1; $r -le $Rounds; $r++) {
            $inner += Time { $out = @(Invoke-McpCommand -Target $targets -Command true -KeyFile $key -KnownHostsFile $known -ThrottleLimit $n); if ($out.Count -ne $n) { throw "Invoke-McpCommand: $($out.Count) of $n nodes" } }
            $script = "Import-Module '$manifest'; `$o = @(Invoke-McpCommand -Target $($targets -join ',') -Command true -KeyFile '$key' -KnownHostsFile '$known' -ThrottleLimit $n); if (`$o.Count -ne $n) { exit 1 }"
            $ours += Time { & $pwshCommand @pwshArgs $script; if ($LASTEXITCODE -ne 0) { throw 'Invoke-McpCommand process failed' } }
            $env:ANSIBLE_SSH_CONTROL_PATH_DIR = Join-Path $dir "cp-$n-$r"
            $theirs += Time { $null = & ansible all -i $inventory -m command -a true -f $n -o; if ($LASTEXITCODE -ne 0) { throw "ansible failed ($LASTEXITCODE)" } }
        }
        $row = [pscustomobject]@{
            Nodes = $n; InSession = (Median $inner); Process = (Median $ours); Ansible = (Median $theirs)
        }
        $row | Add-Member Ratio ($row.Ansible / $row.Process)
        $row | Add-Member RatioInSession ($row.Ansible / $row.InSession)
        Write-Host ("{0,3} nodes: Invoke-McpCommand {1:0.000} s in session, {2:0.000} s as a new process; ansible {3:0.000} s; ratio {4:0.0}x (process), {5:0.0}x (session)" -f $n, $row.InSession, $row.Process, $row.Ansible, $row.Ratio, $row.RatioInSession)
        $results += $row
    }
}
finally {
    & bash $nodesScript stop $dir
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore   # what ansible wrote late
}

$cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$ansibleVersion = (& ansible --version | Select-Object -First 1)
$sshd = (& bash -c 'ssh -V 2>&1')
$lines = @(
    '# Benchmark: the SSH transport against ansible'
    ''
    '<!-- Written by bench/Measure-Transport.ps1; run it again to refresh. bench/run.ps1 writes docs/benchmarks.md. -->'
    ''
    "Command: ``Invoke-McpCommand -Target <N nodes> -Command true -ThrottleLimit N`` against"
    "``ansible all -m command -a true -f N`` ($ansibleVersion), on the same N nodes with the same key and"
    'known_hosts (host keys checked by both), fresh connections every round (ansible: a new ControlPath'
    "folder per round). Median of $Rounds rounds after one warm-up."
    ''
    'Nodes: throwaway OpenSSH servers, one per network namespace on a private bridge'
    "(tests/Transport/ssh-nodes.sh, $sshd), on this machine: not the systemd-nspawn lab nodes of"
    'Start-McpLab. Machine: ' + "$cpu, $([Environment]::ProcessorCount) cores (shared), $(Get-Date -Format 'yyyy-MM-dd')."
    ''
    '"New process" starts pwsh, imports the module and runs the command, as `ansible` starts Python;'
    '"in session" is the same command in a session that has the module loaded.'
    ''
    '| Nodes | Invoke-McpCommand, new process (s) | Invoke-McpCommand, in session (s) | ansible (s) | ratio (new process) | ratio (in session) |'
    '| ---: | ---: | ---: | ---: | ---: | ---: |'
)
foreach ($r in $results) {
    $lines += ('| {0} | {1:0.000} | {2:0.000} | {3:0.000} | {4:0.0}x | {5:0.0}x |' -f $r.Nodes, $r.Process, $r.InSession, $r.Ansible, $r.Ratio, $r.RatioInSession)
}
Set-Content -Path $OutFile -Value $lines
Write-Host "wrote $OutFile"
