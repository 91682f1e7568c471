<#
.SYNOPSIS
    Times Import-Module of the built McpModule, each time in a fresh pwsh process.
.DESCRIPTION
    For each of -Count rounds, starts three fresh `pwsh -NoProfile -NonInteractive` processes
    (the pwsh running this script, e.g. the repo's `dotnet pwsh` tool):
      - baseline: `exit`; wall time of the whole process, measured from outside;
      - empty:    Import-Module of an empty script module, Stopwatch inside the process
                  (what any Import-Module costs in a fresh pwsh);
      - module:   Import-Module of out/McpModule/<version>/McpModule.psd1, Stopwatch
                  around Import-Module only, inside the process.
    Prints JSON with the medians (the figure we track is import_ms.median; target <= 150).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-ImportModule.ps1
#>
[CmdletBinding()]
param(
    # The module manifest; default: out/McpModule/<ModuleVersion of McpModule.psd1>/McpModule.psd1
    [string] $ModulePath,
    [ValidateRange(1, 1000)]
    [int] $Count = 15
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = Split-Path -Parent $PSScriptRoot

if (-not $ModulePath) {
    $version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
    $ModulePath = Join-Path $root "out/McpModule/$version/McpModule.psd1"
}
if (-not (Test-Path $ModulePath)) {
    throw "Built module not found: $ModulePath. Build it first: dotnet pwsh -NoProfile -File build.ps1 -Task Build"
}
$ModulePath = (Resolve-Path $ModulePath).Path

# The same pwsh as this one: either a pwsh executable, or `dotnet <...>/pwsh.dll` (dotnet tool).
$exe = [Environment]::ProcessPath
$prefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
    $prefix = @([Environment]::GetCommandLineArgs()[0])
}
$pwshArgs = $prefix + @('-NoProfile', '-NonInteractive', '-Command')

$empty = Join-Path ([IO.Path]::GetTempPath()) "mcp-bench-empty-$PID"
$null = New-Item -ItemType Directory -Path $empty -Force
Set-Content -Path (Join-Path $empty 'Empty.psm1') -Value 'function Get-Nothing { }'
New-ModuleManifest -Path (Join-Path $empty 'Empty.psd1') -RootModule 'Empty.psm1' -ModuleVersion '1.0.0' -FunctionsToExport 'Get-Nothing'

function Invoke-Pwsh([string] $Command) {
    $output = & $exe @pwshArgs $Command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed ($LASTEXITCODE): $Command`n$($output -join "`n")" }
    $output
}

function Measure-Import([string] $Manifest) {
    $quoted = "'" + ($Manifest -replace "'", "''") + "'"
    $command = "`$sw = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module $quoted -ErrorAction Stop; `$sw.Stop(); " +
        "[Console]::Out.WriteLine(`$sw.Elapsed.TotalMilliseconds.ToString('R', [cultureinfo]::InvariantCulture))"
    $output = @(Invoke-Pwsh $command)
    [double]::Parse(([string]$output[-1]).Trim(), [cultureinfo]::InvariantCulture)
}

function Get-Stats([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    $median = if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
    [ordered]@{
        median  = [math]::Round($median, 1)
        min     = [math]::Round($sorted[0], 1)
        max     = [math]::Round($sorted[-1], 1)
        samples = @($Values | ForEach-Object { [math]::Round($_, 1) })
    }
}

try {
    $start = [System.Collections.Generic.List[double]]::new()
    $emptyMs = [System.Collections.Generic.List[double]]::new()
    $moduleMs = [System.Collections.Generic.List[double]]::new()
    $null = Invoke-Pwsh 'exit'   # warm the file cache once (not counted)
    for ($i = 1; $i -le $Count; $i++) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-Pwsh 'exit'
        $start.Add($sw.Elapsed.TotalMilliseconds)
        $emptyMs.Add((Measure-Import (Join-Path $empty 'Empty.psd1')))
        $moduleMs.Add((Measure-Import $ModulePath))
        Write-Host ("  round {0,2}: process start {1,6:F0} ms, empty module {2,5:F1} ms, McpModule {3,6:F1} ms" -f $i, $start[-1], $emptyMs[-1], $moduleMs[-1])
    }
}
finally {
    Remove-Item $empty -Recurse -Force -ErrorAction SilentlyContinue
}

$result = [ordered]@{
    module                  = $ModulePath
    pwsh                    = $PSVersionTable.PSVersion.ToString()
    pwsh_command            = (@($exe) + $pwshArgs) -join ' '
    count                   = $Count
    import_ms               = Get-Stats $moduleMs
    empty_module_import_ms  = Get-Stats $emptyMs
    process_start_ms        = Get-Stats $start
}
$result | ConvertTo-Json -Depth 5
