<#
.SYNOPSIS
    Copies a cluster model and makes the copy appliable to a lab (Start-McpLab, Invoke-McpState).
.DESCRIPTION
    The example model keeps the values a production cluster wants. A lab needs two of them
    otherwise; they are changed in the copy only, never in the model itself:
      - openssh:server:permit_root_login true: the lab connects to its nodes as root, with its key;
        'false' would lock it out once the openssh formula writes sshd_config;
      - ntp:client:control_clock false: systemd-nspawn nodes cannot set the clock, so chronyd runs
        with -x (see docs/formulas.md, ntp);
      - linux:system:repo: lab nodes reach no mirror but the lab's own APT repository (Start-McpLab
        -Package), served on the lab bridge's host address (the model's gateway) at port 8278.
        The model's mcp_salt source gets enabled: false and a source mcplab names the lab's
        repository, so applying linux writes the node's mcplab.list as the lab does and apt keeps
        working.
    Each change checks that the text it replaces is there, so a changed example model fails here,
    by name, rather than in the lab. Writes the path of the copy.
    Used by build.ps1 -Task Demo and tests/Pester/States.Tests.ps1.
.EXAMPLE
    build/New-LabReadyModel.ps1 -Destination out/demo/model
#>
[CmdletBinding()]
param(
    # Where the copy goes; must not exist yet.
    [Parameter(Mandatory)] [string] $Destination,

    # The model to copy (default: the example model examples/models/lab).
    [string] $Path = (Join-Path $PSScriptRoot '../examples/models/lab')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$source = (Resolve-Path $Path).Path
$target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Destination)
if (Test-Path $target) { throw "New-LabReadyModel: $target exists; give a new folder." }
$parent = Split-Path $target -Parent
if (-not (Test-Path $parent)) { $null = New-Item -ItemType Directory -Path $parent }
Copy-Item -Recurse -Path $source -Destination $target
# A copied run journal would mix the model's runs with the lab's.
Remove-Item (Join-Path $target '.mcp') -Recurse -Force -ErrorAction Ignore

function Edit-ModelFile([string] $Relative, [string] $From, [string] $To) {
    $file = Join-Path $target $Relative
    $text = Get-Content -Raw $file
    if (-not $text.Contains($From)) { throw "New-LabReadyModel: $Relative has no '$From'; the lab overrides need updating." }
    Set-Content -Path $file -Value $text.Replace($From, $To) -NoNewline
}

Edit-ModelFile 'classes/service/openssh/server.yml' 'permit_root_login: false' 'permit_root_login: true'
Edit-ModelFile 'classes/cluster/lab/init.yml' "          architectures: amd64`n" (
    "          architectures: amd64`n          enabled: false`n" +
    "        mcplab:`n          source: deb [trusted=yes] http://`${_param:deploy_network_gateway}:8278/ ./`n")
# init.yml ends inside its parameters; the ntp key is added there.
$init = 'classes/cluster/lab/init.yml'
$text = Get-Content -Raw (Join-Path $target $init)
if ($text -match '(?m)^  ntp:') { throw "New-LabReadyModel: $init already has an ntp key; the lab overrides need updating." }
Add-Content -Path (Join-Path $target $init) -Value "  ntp:`n    client:`n      control_clock: false"

$target
