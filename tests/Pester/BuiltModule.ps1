# Dot-sourced by the suites: the module as a user gets it, the built folder
# out/McpModule/<version>/ imported by path. Sets $root (the repository), $manifest and $module
# in the caller's scope.
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$version = (Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).ModuleVersion
$manifest = Join-Path $root "out/McpModule/$version/McpModule.psd1"
if (-not (Test-Path $manifest)) { throw "Build the module first: $manifest is missing (build.ps1 -Task Build)." }
$module = Import-Module $manifest -Force -PassThru
