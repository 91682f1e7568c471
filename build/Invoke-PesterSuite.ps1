<#
.SYNOPSIS
    Runs the Pester suites in a fresh pwsh, as a user would, with a CI-friendly configuration.
    Called by build.ps1 -Task Test; exits 0 when every test passed, 1 otherwise.
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [string] $ExcludeTag = ''
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $PesterManifest).Path -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$config.Output.CIFormat = 'None'
$config.Output.StackTraceVerbosity = 'Filtered'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = $OutputPath
$config.Should.ErrorAction = 'Continue'
$tags = @($ExcludeTag -split ',' | Where-Object { $_ })
if ($tags) { $config.Filter.ExcludeTag = $tags }

$result = Invoke-Pester -Configuration $config
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.FailedContainersCount -gt 0) { exit 1 }
exit 0
