<#
.SYNOPSIS
    A health gate for a CI step or a scheduler: the cloud's health the StackLight way, a JUnit
    report of it, and a failed run when something is at or past a status.

.DESCRIPTION
    1. Collects from every node of the model and evaluates its alarms and clusters (Get-McpHealth;
       the collection goes into the model's health history, so a gate run every few minutes
       evaluates windows over the runs before it). With -MetricPath it evaluates recorded metrics
       instead (a replay: `Get-McpMetric | ConvertTo-Json -Depth 3` written to a file).
    2. Shows the services and clusters that are not okay, with their first reasons.
    3. With -JUnitPath, writes a JUnit XML report: one test suite per level (Cluster, Service,
       Node), one test case per entity, a failure for each status at or past -FailOn with every
       reason in its text; Jenkins' junit step and GitHub Actions' test reporters read it.
    4. Ends with an error (and exit code 1 from pwsh -File) when any status is at or past -FailOn.

.EXAMPLE
    ./examples/runbooks/Test-CloudHealth.ps1 -Path ./model -FailOn Critical -JUnitPath out/health.xml

.EXAMPLE
    ./examples/runbooks/Test-CloudHealth.ps1 -Path ./model -MetricPath ./recorded.json -FailOn Warn
#>
[CmdletBinding()]
param(
    # The model repository.
    [Parameter(Mandatory)] [string] $Path,
    # The status that fails the gate, or worse (StackLight's order: Warn, Unknown, Critical, Down).
    [ValidateSet('Warn', 'Unknown', 'Critical', 'Down')] [string] $FailOn = 'Critical',
    # The levels the gate looks at.
    [ValidateSet('Node', 'Service', 'Cluster')] [string[]] $Level = @('Service', 'Cluster'),
    # Where to write the JUnit XML report; none by default.
    [string] $JUnitPath,
    # Recorded metrics to evaluate instead of collecting.
    [string] $MetricPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# 1. The statuses of every level (the report shows them all; the gate looks at -Level).
$all = @('Node', 'Service', 'Cluster')
$statuses = if ($MetricPath) { @(Get-McpHealth -Path $Path -MetricPath $MetricPath -Level $all) } else { @(Get-McpHealth -Path $Path -Level $all) }
$limit = [McpModule.Health.McpHealthState] $FailOn
$failing = @($statuses | Where-Object { $_.Level -in $Level -and [int]$_.Status -ge [int]$limit })

# 2. What is not okay.
$statuses | Where-Object { $_.Level -in $Level -and $_.Status -ne 'Okay' } | Format-Table -AutoSize | Out-Host

# 3. The JUnit report.
if ($JUnitPath) {
    $xml = [System.Xml.XmlDocument]::new()
    $suites = $xml.AppendChild($xml.CreateElement('testsuites'))
    $suites.SetAttribute('name', 'health')
    foreach ($group in $statuses | Group-Object Level) {
        $suite = $suites.AppendChild($xml.CreateElement('testsuite'))
        $suite.SetAttribute('name', $group.Name)
        $suite.SetAttribute('tests', [string]$group.Count)
        $failed = 0
        foreach ($s in $group.Group) {
            $case = $suite.AppendChild($xml.CreateElement('testcase'))
            $case.SetAttribute('classname', "health.$($group.Name.ToLowerInvariant())")
            $case.SetAttribute('name', "$($s.Entity): $($s.Status)")
            if ($s.Level -in $Level -and [int]$s.Status -ge [int]$limit) {
                $failed++
                $failure = $case.AppendChild($xml.CreateElement('failure'))
                $failure.SetAttribute('message', "$($s.Entity) is $($s.Status)")
                $failure.InnerText = ($s.Reasons | ForEach-Object { [string]$_ }) -join "`n"
            }
        }
        $suite.SetAttribute('failures', [string]$failed)
    }
    $folder = Split-Path -Parent $JUnitPath
    if ($folder) { $null = New-Item -ItemType Directory -Force -Path $folder }
    $xml.Save([System.IO.Path]::GetFullPath($JUnitPath, (Get-Location).Path))
}

# 4. The gate.
if ($failing.Count -gt 0) {
    throw "Health gate: $($failing.Count) status(es) at or past ${FailOn}: $(($failing | ForEach-Object { "$($_.Level) $($_.Entity) $($_.Status)" }) -join ', ')"
}
"Health gate: nothing at or past $FailOn."
