# Get-McpHealth and Get-McpMetric as users meet them without a cluster: the built module, a copy
# of the example ceph model with ntp added, whose nodes are moved to loopback addresses where nothing
# listens (each node refuses the connection at once). Metrics, files and statuses given are evaluated
# through the model's built-in alarms and clusters; -FailOn fails a script; a definition error names
# its place; unreachable nodes are statuses, not failures. Real faults on real nodes: HealthLab.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    . (Join-Path $PSScriptRoot 'HealthServers.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
    . (Join-Path $PSScriptRoot 'HealthModel.ps1')
    $script:model = Join-Path $TestDrive 'ceph'
    New-HealthTestModel $model -Loopback
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    function script:ByEntity($statuses) { $h = @{}; foreach ($s in $statuses) { $h[$s.Entity] = "$($s.Status)" }; $h }
}
AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

Describe 'Get-McpHealth over metrics given' {
    It 'is okay at every level when every metric is' {
        $out = @(Get-McpHealth -Path $model -Metric @(Collection))
        $out | ForEach-Object { "$($_.Level) $($_.Entity)" } | Should -Contain 'Cluster ceph'
        $out | Where-Object Status -ne Okay | Should -BeNullOrEmpty
        ($out | Where-Object Level -eq Node).Count | Should -Be 3
    }

    It 'says which node and why when chrony stops on one of three' {
        # availability_of_members over hosts: 2 of 3 okay -> WARN; the node: worst alarm, down
        $out = @(Get-McpHealth -Path $model -Metric @(Collection @{ 'cmn02/chrony.service' = 0 }))
        $s = ByEntity $out
        $s.ntp | Should -Be 'Warn'
        $s.'cmn02.ceph.local' | Should -Be 'Down'
        $s.'cmn01.ceph.local' | Should -Be 'Okay'
        $out[0].Entity | Should -Be 'cmn02.ceph.local' -Because 'worst first'
        $reason = ($out | Where-Object Entity -eq ntp).Reasons | Select-Object -First 1
        "$reason" | Should -Be 'cmn02.ceph.local: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 < 1 (down)'
    }

    It 'takes metrics piped in, from ConvertTo-Json, and from the history file alike' {
        $metrics = @(Collection @{ 'cmn01/chrony.service' = 0; 'cmn03/chrony.service' = 0 })
        # 1 okay of 3, 2 down: count okay == 1 and count crit/down > 1 -> CRIT
        (ByEntity ($metrics | Get-McpHealth -Path $model -Level Service)).ntp | Should -Be 'Critical'
        $json = Join-Path $TestDrive 'metrics.json'
        $metrics | ConvertTo-Json -Depth 3 | Set-Content $json
        (ByEntity (Get-McpHealth -Path $model -MetricPath $json -Level Service)).ntp | Should -Be 'Critical'
    }

    It 'evaluates the ceph cluster of clusters from Ceph''s warning and one OSD host down' {
        # ceph-osd: okay 2 of 3 -> WARN; ceph-cluster (highest_severity): ceph_health 2 -> warning;
        # ceph (highest_severity over mon okay, mgr okay, osd warn, cluster warn) -> WARN
        $out = Get-McpHealth -Path $model -Metric @(Collection @{ 'cmn03/ceph-osd@0.service' = 0; ceph_health = 2 }) -Level Service, Cluster
        $s = ByEntity $out
        $s.'ceph-osd' | Should -Be 'Warn'
        $s.'ceph-cluster' | Should -Be 'Warn'
        $s.ceph | Should -Be 'Warn'
        ($out | Where-Object Entity -eq ceph).Level | Should -Be 'Cluster'
        ($out | Where-Object Entity -eq ceph).Reasons.Trigger | Should -Contain 'ceph_health_warning'
    }

    It 'replays recorded alarm statuses through the cluster policies (-Status)' {
        $alarms = Get-McpHealth -Path $model -Metric @(Collection @{ 'cmn02/chrony.service' = 0 }) -Level Alarm
        $alarms | Where-Object Level -ne Alarm | Should -BeNullOrEmpty
        (ByEntity (Get-McpHealth -Path $model -Status $alarms -Level Service)).ntp | Should -Be 'Warn'
        (ByEntity ($alarms | Get-McpHealth -Path $model -Level Service)).ntp | Should -Be 'Warn'
    }

    It 'evaluates a window over earlier metrics: a busy CPU a minute ago and now is critical' {
        $busy = @(Collection) + @(Metric 'cmn01.ceph.local' 'cpu_wait' 40 -ago 60) | Where-Object { -not ($_.Node -eq 'cmn01.ceph.local' -and $_.Name -eq 'cpu_wait' -and $_.Timestamp -eq $at) }
        $busy += Metric 'cmn01.ceph.local' 'cpu_wait' 40
        (ByEntity (Get-McpHealth -Path $model -Metric $busy -Level Node)).'cmn01.ceph.local' | Should -Be 'Critical'
        # evaluated three minutes later, both values are outside the 120 s window: no data, unknown
        $later = Get-McpHealth -Path $model -Metric $busy -Level Alarm -At $at.AddMinutes(3) | Where-Object { $_.Node -eq 'cmn01.ceph.local' -and $_.Entity -eq 'linux_system_cpu' }
        $later.Status | Should -Be 'Unknown'
    }
}

Describe 'Get-McpHealth as a gate' {
    It 'ends with Mcp.Health.Failed at -FailOn and a non-zero exit from pwsh -File' {
        $metrics = @(Collection @{ 'cmn02/chrony.service' = 0 })
        { Get-McpHealth -Path $model -Metric $metrics -Level Service -FailOn Warn } | Should -Throw -ErrorId 'Mcp.Health.Failed,McpModule.Cmdlets.GetMcpHealthCommand'
        # Warn is below Critical: passes
        @(Get-McpHealth -Path $model -Metric $metrics -Level Service -FailOn Critical).Count | Should -BeGreaterThan 0
        $json = Join-Path $TestDrive 'gate.json'
        $metrics | ConvertTo-Json -Depth 3 | Set-Content $json
        $global:LASTEXITCODE = 0
        { Get-McpHealth -Path $model -Metric $metrics -Level Service -FailOn Warn } | Should -Throw
        $global:LASTEXITCODE | Should -Be 1 -Because 'a CI wrapper that ends with exit $LASTEXITCODE fails the step'
        # the gate as the last command of pwsh -Command (a CI step): the step fails
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; Get-McpHealth -Path '$model' -MetricPath '$json' -Level Service -FailOn Warn | Out-Null" 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $out | Should -Match 'at or past Warn'
        $out | Should -Match 'ntp_service_down'
        # in a runbook under 'Stop' (GitHub Actions' pwsh shell sets it): the script ends there
        $file = Join-Path $TestDrive 'gate.ps1'
        Set-Content $file "`$ErrorActionPreference = 'Stop'`nImport-Module '$manifest'`nGet-McpHealth -Path '$model' -MetricPath '$json' -Level Service -FailOn Warn | Out-Null`n'not reached'"
        $out = & $pwsh -NoProfile -NonInteractive -File $file 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $out | Should -Not -Match 'not reached'
    }
}

Describe 'The runbook examples/runbooks/Test-CloudHealth.ps1' {
    It 'writes a JUnit report and fails the run at -FailOn; passes below it' {
        $json = Join-Path $TestDrive 'runbook.json'
        Collection @{ 'cmn01/chrony.service' = 0; 'cmn02/chrony.service' = 0 } | ConvertTo-Json -Depth 3 | Set-Content $json
        $runbook = Join-Path $root 'examples/runbooks/Test-CloudHealth.ps1'
        $report = Join-Path $TestDrive 'out/health.xml'
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; & '$runbook' -Path '$model' -MetricPath '$json' -FailOn Critical -JUnitPath '$report'" 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        # ntp: 1 okay of 3, 2 down -> CRIT
        $out | Should -Match 'Service ntp Critical'
        [xml] $xml = Get-Content -Raw $report
        $service = $xml.testsuites.testsuite | Where-Object name -eq Service
        $case = $service.testcase | Where-Object name -eq 'ntp: Critical'
        $case.failure.message | Should -Be 'ntp is Critical'
        $case.failure.'#text' | Should -Match 'cmn01.ceph.local: ntp_service_down'
        $service.failures | Should -Be '1'
        # the node suite lists the nodes; only -Level (Service, Cluster) can fail the gate
        ($xml.testsuites.testsuite | Where-Object name -eq Node).failures | Should -Be '0'
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; & '$runbook' -Path '$model' -MetricPath '$json' -FailOn Down" 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $out | Should -Match 'nothing at or past Down'
    }
}

Describe 'Get-McpHealth refuses what it cannot use' {
    It 'names the node pillar and key of a definition it cannot use, before anything connects' {
        $bad = Join-Path $TestDrive 'bad'
        Copy-Item -Recurse $model $bad
        Add-Content (Join-Path $bad 'nodes/cmn01.ceph.local.yml') "  heka:`n    metric_collector:`n      trigger:`n        ntp_service_down:`n          rules:`n          - {metric: x, function: median, relational_operator: '<', threshold: 1}`n"
        $err = { Get-McpHealth -Path $bad } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.InvalidDefinition,McpModule.Cmdlets.GetMcpHealthCommand'
        "$err" | Should -BeLike "pillar of cmn01.ceph.local: heka:metric_collector:trigger:ntp_service_down:rules:0:function: 'median' is not one of*"
        Test-Path (Join-Path $bad '.mcp/health') | Should -BeFalse
    }

    It 'refuses a unit name a shell would read (<Name>) in a formula''s meta/health.yml, before anything connects' -ForEach @(
        @{ Name = 'a command after ;'; Unit = 'chrony.service; reboot' }
        @{ Name = 'a command substitution'; Unit = '$(reboot)' }
        @{ Name = 'a line break'; Unit = "chrony.service`nreboot" }
        @{ Name = 'an option'; Unit = '--all' }
        @{ Name = 'a way out'; Unit = '../../etc/passwd' }
    ) {
        $hostile = Join-Path $TestDrive ('hostile-' + [guid]::NewGuid().ToString('N'))
        Copy-Item -Recurse $model $hostile
        $meta = Join-Path $hostile 'formulas/ntp/meta'
        $null = New-Item -ItemType Directory -Force $meta
        Set-Content (Join-Path $meta 'health.yml') ("collector:`n  units: [" + ($Unit | ConvertTo-Json) + "]`n")
        $err = { Get-McpHealth -Path $hostile -ConnectTimeoutSeconds 1 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.InvalidDefinition,McpModule.Cmdlets.GetMcpHealthCommand'
        "$err" | Should -BeLike '*formulas/ntp/meta/health.yml: collector:units:0:*is not a systemd unit name*'
        Test-Path (Join-Path $hostile '.mcp') | Should -BeFalse
    }

    It 'refuses nodes to collect from together with metrics to evaluate' {
        { @('cmn01', (Collection)[0]) | Get-McpHealth -Path $model } | Should -Throw -ErrorId 'Mcp.Health.MixedInput,McpModule.Cmdlets.GetMcpHealthCommand'
    }

    It 'needs a model' {
        { Get-McpHealth -Metric @(Collection) } | Should -Throw -ErrorId 'Mcp.Health.ModelNeeded,McpModule.Cmdlets.GetMcpHealthCommand'
    }

    It 'says which metric file it cannot read' {
        $file = Join-Path $TestDrive 'notjson.json'
        Set-Content $file 'this is not json'
        $err = { Get-McpHealth -Path $model -MetricPath $file } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Mcp.Health.InvalidMetricFile,*'
        "$err" | Should -BeLike "*notjson.json*"
    }
}

Describe 'Unreachable nodes are statuses' {
    It 'collects from nodes that refuse the connection without failing, and records it in the history' {
        $out = @(Get-McpHealth -Path $model -WarningVariable warns -WarningAction SilentlyContinue)
        $warns.Count | Should -Be 3
        "$($warns[0])" | Should -BeLike '*did not answer*'
        $s = ByEntity $out
        # every node: ssh_check 0 -> linux_system_unreachable down
        $nodes | ForEach-Object { $s[$_] | Should -Be 'Down' }
        # system (majority_of_node_members): 100 % down -> DOWN; ntp (availability_of_members):
        # no member okay (all unknown: no data) -> DOWN
        $s.system | Should -Be 'Down'
        $s.ntp | Should -Be 'Down'
        $history = Join-Path $model '.mcp/health/history.jsonl'
        @(Get-Content $history).Count | Should -Be 3
        @(Get-McpMetric -Path $model -Target cmn01 -WarningAction SilentlyContinue | ForEach-Object { "$($_.Name)=$($_.Value)" }) | Should -Be @('ssh_check=0')
        @(Get-Content $history).Count | Should -Be 4
        $null = Get-McpMetric -Path $model -Target cmn01 -NoHistory -WarningAction SilentlyContinue
        @(Get-Content $history).Count | Should -Be 4
    }
}

Describe 'Export-McpHealth' {
    It 'writes metrics and statuses that promtool accepts, atomically, and nothing under -WhatIf' -Skip:(-not (Get-Command promtool -ErrorAction Ignore)) {
        $metrics = @(Collection @{ 'cmn02/chrony.service' = 0 })
        $statuses = @(Get-McpHealth -Path $model -Metric $metrics -Level Node, Service, Cluster)
        $file = Join-Path $TestDrive 'mcp.prom'
        @($metrics) + @($statuses) | Export-McpHealth -Path $file -WhatIf
        Test-Path $file | Should -BeFalse
        @($metrics) + @($statuses) | Export-McpHealth -Path $file
        $text = Get-Content -Raw $file
        $text | Should -Match '(?m)^mcp_systemd_unit_active\{node="cmn02.ceph.local",service="ntp",unit="chrony.service"\} 0$'
        $text | Should -Match '(?m)^mcp_health_status\{level="service",entity="ntp",node=""\} 1$'
        $text | Should -Match '(?m)^mcp_health_status\{level="node",entity="cmn02.ceph.local",node=""\} 4$'
        $out = Get-Content -Raw $file | & promtool check metrics 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
    }

    It 'writes the model''s alarms as alerting rules that promtool accepts' -Skip:(-not (Get-Command promtool -ErrorAction Ignore)) {
        $file = Join-Path $TestDrive 'mcp-rules.yml'
        Export-McpHealth -Format PrometheusRules -Model $model -Path $file
        $text = Get-Content -Raw $file
        $text | Should -Match 'alert: "ntp_service_down"'
        $text | Should -Match 'last_over_time\(mcp_systemd_unit_active\{node=~\\"cmn01'
        $text | Should -Match 'name: mcp_cluster_alarms'
        $text | Should -Match 'alert: "ceph_health_warning"'
        $out = & promtool check rules $file 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match 'SUCCESS'
        { Export-McpHealth -Format PrometheusRules -InputObject (Collection)[0] } | Should -Throw -ErrorId 'Mcp.Health.FormatMismatch,McpModule.Cmdlets.ExportMcpHealthCommand'
        # a definition it cannot use: the error names the place, and no file is written
        $bad = Join-Path $TestDrive 'bad-rules'
        Copy-Item -Recurse $model $bad
        Add-Content (Join-Path $bad 'nodes/cmn02.ceph.local.yml') "  heka:`n    aggregator:`n      alarm_cluster:`n        x: {policy: most_votes, members: [y]}`n"
        $out = Join-Path $TestDrive 'bad-rules.yml'
        $err = { Export-McpHealth -Format PrometheusRules -Model $bad -Path $out } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.InvalidDefinition,McpModule.Cmdlets.ExportMcpHealthCommand'
        "$err" | Should -BeLike 'pillar of cmn02.ceph.local: heka:aggregator:alarm_cluster:x:policy:*'
        Test-Path $out | Should -BeFalse
        { Export-McpHealth -Format PrometheusRules -Model (Join-Path $TestDrive 'no-such-model') } | Should -Throw
    }

    It 'writes the InfluxDB line protocol that a real influxd takes, in StackLight''s schema' -Skip:(-not (Get-Command influxd -ErrorAction Ignore)) {
        $metrics = @(Collection @{ 'cmn02/chrony.service' = 0 }) + @(Metric 'cmn01.ceph.local' 'fs_space_percent_free' 55 @{ fs = '/srv/a dir,x=y'; type = 'ext4' })
        $statuses = @(Get-McpHealth -Path $model -Metric $metrics -Level Alarm, Node, Service, Cluster)
        $text = @($metrics) + @($statuses) | Export-McpHealth -Format InfluxDB
        $influx = Start-TestInflux (Join-Path $TestDrive 'influx')
        try {
            $null = Invoke-RestMethod -Method Post "$($influx.Url)/query" -Body @{ q = 'CREATE DATABASE mcp' }
            # the server parses every line or answers 400 naming the one it could not
            $write = Invoke-WebRequest -Method Post "$($influx.Url)/write?db=mcp" -Body ([Text.Encoding]::UTF8.GetBytes($text)) -SkipHttpErrorCheck
            $write.StatusCode | Should -Be 204 -Because "$($write.Content)"
            function Query([string] $q) { (Invoke-RestMethod "$($influx.Url)/query" -Body @{ db = 'mcp'; q = $q }).results[0].series }
            $series = Query "SELECT last(value) FROM systemd_unit_active WHERE hostname = 'cmn02.ceph.local' AND unit = 'chrony.service'"
            $series.values[0][1] | Should -Be 0
            (Query "SELECT last(value) FROM fs_space_percent_free WHERE fs = '/srv/a dir,x=y'").values[0][1] | Should -Be 55
            (Query "SELECT last(value) FROM cluster_service_status WHERE cluster_name = 'ntp'").values[0][1] | Should -Be 1
            (Query "SELECT last(value) FROM node_status WHERE hostname = 'cmn02.ceph.local'").values[0][1] | Should -Be 4
            (Query "SELECT last(value) FROM alarm_status WHERE hostname = 'cmn02.ceph.local' AND alarm = 'ntp_service'").values[0][1] | Should -Be 4
            # the points keep the metrics' own time, to the nanosecond
            $time = (Query "SELECT value FROM ceph_health").values[0][0]
            [datetimeoffset]::Parse($time, [cultureinfo]::InvariantCulture) | Should -Be $at
            @((Query 'SHOW MEASUREMENTS').values | ForEach-Object { $_[0] }) | Should -Contain 'cluster_status'
        }
        finally { Stop-TestServer $influx }
    }

    It 'writes Sensu check results that Sensu''s rules take, one a line, and refuses metrics for them' {
        $statuses = @(Get-McpHealth -Path $model -Metric (Collection @{ 'cmn02/chrony.service' = 0 }) -Level Alarm, Node, Service, Cluster)
        $file = Join-Path $TestDrive 'sensu.json'
        $statuses | Export-McpHealth -Format Sensu -Path $file
        $lines = @(Get-Content $file)
        $lines.Count | Should -Be $statuses.Count
        # Sensu 1.x's client socket (validate_check_result): name and source \A[\w.-]+\z, output a
        # string, status and executed integers, 7-bit ASCII only
        foreach ($line in $lines) {
            $line | Should -Match '^[\x00-\x7F]*$'
            $r = $line | ConvertFrom-Json
            $r.name | Should -MatchExactly '^[A-Za-z0-9_.-]+$'
            if ($r.PSObject.Properties['source']) { $r.source | Should -MatchExactly '^[A-Za-z0-9_.-]+$' }
            $r.output | Should -BeOfType [string]
            $r.status | Should -BeOfType [long]
            $r.executed | Should -BeOfType [long]
        }
        $ntp = $lines | ConvertFrom-Json | Where-Object name -eq 'mcp_service_ntp'
        $ntp.status | Should -Be 1
        $ntp.output | Should -BeLike 'service ntp is WARN*'
        ($lines | ConvertFrom-Json | Where-Object { $_.name -eq 'mcp_node_health' -and $_.source -eq 'cmn02.ceph.local' }).status | Should -Be 2
        $bad = Join-Path $TestDrive 'sensu-metrics.json'
        { @(Collection)[0] | Export-McpHealth -Format Sensu -Path $bad } | Should -Throw -ErrorId 'Mcp.Health.FormatMismatch,McpModule.Cmdlets.ExportMcpHealthCommand'
        Test-Path $bad | Should -BeFalse
    }

    It 'refuses what is not health data, and writes the rest as text' {
        $out = @((Collection)[0], 'text') | Export-McpHealth -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'Mcp.Health.NotHealthData,McpModule.Cmdlets.ExportMcpHealthCommand'
        $out | Should -Match 'mcp_ssh_check\{node="cmn01.ceph.local"\} 1'
    }
}

Describe 'Start-McpHealthExporter' {
    It 'serves the collections to a real Prometheus scrape until stopped, and frees the port' -Skip:(-not (Get-Command prometheus -ErrorAction Ignore)) {
        $exporter = Start-McpHealthExporter -Path $model -ListenPort 0 -Interval 1 -NoHistory -WarningAction SilentlyContinue
        $prometheus = $null
        try {
            $exporter.Collections | Should -Be 1
            $exporter.Url | Should -Be "http://127.0.0.1:$($exporter.ListenPort)/metrics"
            @(Get-McpHealthExporter).Id | Should -Contain $exporter.Id
            $prometheus = Start-TestPrometheus (Join-Path $TestDrive 'prometheus') "127.0.0.1:$($exporter.ListenPort)"
            # the loopback nodes refuse the connection: each is down, and the exporter says they did not answer
            $down = Get-PrometheusResult $prometheus 'mcp_health_status{level="node"}'
            @($down | ForEach-Object { $_.metric.entity } | Sort-Object) | Should -Be $nodes
            @($down | ForEach-Object { $_.value[1] }) | Should -Be @('4', '4', '4')
            (Get-PrometheusResult $prometheus 'up{job="mcp"}')[0].value[1] | Should -Be '1'
            (Get-PrometheusResult $prometheus 'mcp_ssh_check{node="cmn01.ceph.local"}')[0].value[1] | Should -Be '0'
            (Get-PrometheusResult $prometheus 'mcp_exporter_unreachable_nodes')[0].value[1] | Should -Be '3'
            (Get-PrometheusResult $prometheus 'mcp_health_status{level="alarm",entity="linux_system_unreachable"}').Count | Should -Be 3
            # it keeps collecting in the background, and Prometheus keeps scraping it
            $until = [DateTime]::UtcNow.AddSeconds(30)
            while ($exporter.Collections -lt 3 -and [DateTime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 200 }
            $exporter.Collections | Should -BeGreaterOrEqual 3
            $exporter.Scrapes | Should -BeGreaterThan 0
            Test-Path (Join-Path $model '.mcp/health/history.jsonl') | Should -BeFalse -Because '-NoHistory'
        }
        finally {
            Stop-TestServer $prometheus
            $exporter | Stop-McpHealthExporter
        }
        $exporter.Running | Should -BeFalse
        @(Get-McpHealthExporter).Id | Should -Not -Contain $exporter.Id
        { Invoke-WebRequest $exporter.Url -TimeoutSec 5 } | Should -Throw
    }

    It 'refuses a port in use before collecting, and starts nothing under -WhatIf' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $port = $taken.LocalEndpoint.Port
            $err = { Start-McpHealthExporter -Path $model -ListenPort $port -NoHistory } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.ExporterFailed,McpModule.Cmdlets.StartMcpHealthExporterCommand'
            "$err" | Should -BeLike "*127.0.0.1:$port*"
        }
        finally { $taken.Stop() }
        Start-McpHealthExporter -Path $model -ListenPort 0 -WhatIf | Should -BeNullOrEmpty
        @(Get-McpHealthExporter).Count | Should -Be 0
        { Start-McpHealthExporter -Path $model -ListenAddress 'localhost' } | Should -Throw -ErrorId 'Mcp.Health.InvalidListenAddress,McpModule.Cmdlets.StartMcpHealthExporterCommand'
        Stop-McpHealthExporter -Id 99 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'Mcp.Health.ExporterNotFound,McpModule.Cmdlets.StopMcpHealthExporterCommand'
    }
}

Describe 'What users see' {
    It 'shows a status table with the first reason' {
        $text = Get-McpHealth -Path $model -Metric @(Collection @{ 'cmn02/chrony.service' = 0 }) -Level Service | Out-String -Width 200
        $text | Should -Match 'Status\s+Level\s+Entity\s+Members\s+Reason'
        $text | Should -Match 'Warn\s+Service\s+ntp\s+3\s+cmn02.ceph.local: ntp_service_down'
    }

    It 'completes -Level and -FailOn' {
        (TabExpansion2 'Get-McpHealth -Level ' 21).CompletionMatches.CompletionText | Sort-Object | Should -Be @('Alarm', 'Cluster', 'Node', 'Service')
        (TabExpansion2 'Get-McpHealth -FailOn ' 22).CompletionMatches.CompletionText | Sort-Object | Should -Be @('Critical', 'Down', 'Unknown', 'Warn')
    }
}
