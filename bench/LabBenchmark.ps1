# What the benchmarks against ansible (bench/Measure-Transport.ps1, bench/Measure-State.ps1)
# share: the built module, how to start a new pwsh as users do, medians, and the machine's
# description. Dot-source it after $ErrorActionPreference is set.

. (Join-Path $PSScriptRoot 'BenchmarkDocument.ps1')
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
$manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
if (-not (Test-Path $manifest)) { throw "Build first: $manifest is missing." }

# A new pwsh as the benchmark's own (dotnet pwsh runs as 'dotnet <pwsh.dll>'): & $pwshCommand @pwshArgs '<script>'
$pwshCommand = (Get-Process -Id $PID).Path
$pwshArgs = @(if ($pwshCommand -like '*dotnet*') { ([Environment]::GetCommandLineArgs())[0] }) + '-NoProfile', '-NonInteractive', '-Command'

function Median([double[]] $xs) { $s = $xs | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
function Time([scriptblock] $block) { $sw = [Diagnostics.Stopwatch]::StartNew(); & $block; $sw.Stop(); $sw.Elapsed.TotalSeconds }
function LoadAverage { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' }
function CpuModel { (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', '' }
function MemoryFigures { (Get-Content /proc/meminfo | Where-Object { $_ -match '^(MemTotal|MemAvailable):' }) -replace '\s+', ' ' }
