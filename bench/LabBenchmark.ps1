# What the benchmarks against ansible (bench/Measure-Transport.ps1, bench/Measure-State.ps1)
# share: the built module, the lab they start, how to start a new pwsh as users do, medians,
# and the machine's description. Dot-source it after $ErrorActionPreference is set.

. (Join-Path $PSScriptRoot 'BenchmarkDocument.ps1')
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
$manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
if (-not (Test-Path $manifest)) { throw "Build first: $manifest is missing." }

# A new pwsh as the benchmark's own (dotnet pwsh runs as 'dotnet <pwsh.dll>'): & $pwshCommand @pwshArgs '<script>'
$pwshCommand = (Get-Process -Id $PID).Path
$pwshArgs = @(if ($pwshCommand -like '*dotnet*') { ([Environment]::GetCommandLineArgs())[0] }) + '-NoProfile', '-NonInteractive', '-Command'

# pwsh's module analysis cache in $folder for the new pwsh processes, as a user's pwsh has it under
# ~/.cache/powershell once a session has lived 13 s (pwsh writes it no sooner). Without the file,
# every pwsh that auto-loads a module (Set-Content: Microsoft.PowerShell.Management) sleeps 3 x 25 ms
# in AnalysisCacheData.Get, waiting for another process to finish writing it: pwsh's own cost, paid
# whenever a benchmark gives the processes a cache folder of its own (XDG_CACHE_HOME).
function Initialize-PwshAnalysisCache([string] $folder) {
    $file = Join-Path $folder 'ModuleAnalysisCache'
    $env:PSModuleAnalysisCachePath = $file
    if (Test-Path $file) { return }
    $null = New-Item -ItemType Directory -Path $folder -Force
    Write-Host "==> pwsh's module analysis cache ($file): one pwsh that lives 15 s writes it"
    & $pwshCommand @pwshArgs '$null = Get-Command Set-Content, Get-Content; Start-Sleep -Seconds 15'
    if (-not (Test-Path $file)) { Write-Warning "pwsh wrote no module analysis cache at $file; each new pwsh that auto-loads a module waits 75 ms for it." }
}

# Both start and stop a lab of their own under this cluster name; its state file is where
# Start-McpLab writes it.
$labCluster = 'bench'
$labStateFile = Join-Path ($env:MCP_LAB_STATE_DIR ? $env:MCP_LAB_STATE_DIR : '/var/lib/mcpmodule/labs') "$labCluster.json"

# A lab of that name already running is refused: the benchmark stops only what it starts.
function Assert-NoBenchLab {
    if (Get-McpLab -Cluster $labCluster -ErrorAction Ignore) {
        throw "A lab of cluster '$labCluster' is running already; this script starts and stops its own. Stop it first: Stop-McpLab -Cluster $labCluster"
    }
}

# The lab's state file, and its entries for the nodes named (those that are up), in that order.
function Read-BenchLab([string[]] $names) {
    $state = Get-Content -Raw $labStateFile | ConvertFrom-Json
    $up = @(foreach ($name in $names) { $state.nodes | Where-Object { $_.name -eq $name } })
    [pscustomobject]@{ State = $state; Nodes = $up }
}

function Median([double[]] $xs) { $s = $xs | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
# Every timed run starts on a quiet machine (Wait-Quiet), whichever tool it times.
function Time([scriptblock] $block) { Wait-Quiet; $sw = [Diagnostics.Stopwatch]::StartNew(); & $block; $sw.Stop(); $sw.Elapsed.TotalSeconds }

# Waits, up to $MaxSeconds, until this benchmark's own process and the machine are quiet: after a
# run in this session, pwsh's runtime recompiles the hot methods (tier 1) and collects for a second or
# more on the two cores the next timed run needs (measured: 0.26-1.3 s of this process's CPU during a
# new process started at once, which then took 3.39 s against 3.17 s started 5 s later). Quiet: in
# 300 ms this process used under 15 ms of CPU and the machine under a sixth of its cores.
function Wait-Quiet([double] $MaxSeconds = 20) {
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $deadline = [DateTime]::UtcNow.AddSeconds($MaxSeconds)
    $capacity = 300 * [Environment]::ProcessorCount
    do {
        $self.Refresh(); $own = $self.TotalProcessorTime; $busy = MachineBusyMilliseconds
        Start-Sleep -Milliseconds 300
        $self.Refresh(); $ownMs = ($self.TotalProcessorTime - $own).TotalMilliseconds; $busyMs = (MachineBusyMilliseconds) - $busy
        if ($ownMs -lt 15 -and $busyMs -lt $capacity / 6) { return }
    } while ([DateTime]::UtcNow -lt $deadline)
}

# The machine's busy CPU time since boot (/proc/stat: user, nice, system, irq, softirq, steal), in ms.
function MachineBusyMilliseconds {
    $f = ((Get-Content /proc/stat -TotalCount 1) -split '\s+')
    ([long]$f[1] + [long]$f[2] + [long]$f[3] + [long]$f[6] + [long]$f[7] + [long]$f[8]) * 1000 / 100
}
function LoadAverage { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' }
function CpuModel { (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', '' }
function MemoryFigures { (Get-Content /proc/meminfo | Where-Object { $_ -match '^(MemTotal|MemAvailable):' }) -replace '\s+', ' ' }
