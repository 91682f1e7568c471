# Export-McpHealthReport as users run it: the built module, real Get-McpHealth output from the example
# ceph model with ntp added (three nodes, statuses evaluated from metrics given: nothing connects), and
# the page it writes opened in Debian's chromium (tests/Browser drives it through Playwright and prints
# what it found; tagged Browser, run with -IncludeLab, which installs chromium as a prerequisite).
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    . (Join-Path $PSScriptRoot 'HealthModel.ps1')
    $script:model = Join-Path $TestDrive 'ceph'
    New-HealthTestModel $model
    # chrony stopped on cmn02, an OSD down on cmn03, cmn01 short of memory, Ceph warning: every colour but unknown.
    $script:faults = @{ 'cmn02/chrony.service' = 0; 'cmn03/ceph-osd@0.service' = 0; 'cmn01/memory_percent_available' = 4; ceph_health = 2 }
    $script:health = @(Get-McpHealth -Path $model -Metric @(Collection $faults))
}

Describe 'Export-McpHealthReport' {
    It 'writes one page of Get-McpHealth''s statuses: nodes by services, coloured, with the reasons' {
        $file = Join-Path $TestDrive 'out/report.html'
        $out = $health | Export-McpHealthReport -Path $file
        $out | Should -BeNullOrEmpty
        $html = Get-Content -Raw $file
        $html | Should -Match '<h1>MCP health</h1>'
        $html | Should -Match ([regex]::Escape("<b id=""model"">$model</b>"))
        foreach ($n in $nodes) { $html | Should -Match ([regex]::Escape("<tr data-node=""$n"">")) }
        $html | Should -Match '<tr class="cw" data-node="">'
        # cmn02's ntp cell is down, with the rule that fired in its title
        $html | Should -Match '<td class="cell s-down" tabindex="0" data-status="Down" title="cmn02\.ceph\.local · ntp: Down&#10;ntp_service: Down&#10;  cmn02\.ceph\.local: ntp_service_down last\(systemd_unit_active\{unit=chrony\.service\}\) = 0 &lt; 1 \(down\)'
        $html | Should -Match 'data-status="Critical" title="cmn01\.ceph\.local · system: Critical'
        $html | Should -Match 'class="badge s-warn" tabindex="0" data-status="Warn" title="ceph \(Cluster, [a-z_]+\): Warn'
        $html | Should -Not -Match 'https?:'
    }

    It 'takes -Level Alarm lists, a -Title, and returns the file with -PassThru' {
        $file = Join-Path $TestDrive 'alarms.html'
        $alarms = Get-McpHealth -Path $model -Metric @(Collection $faults) -Level Alarm
        $info = $alarms | Export-McpHealthReport -Path $file -Title 'Alarms <of> ceph' -PassThru
        $info | Should -BeOfType [System.IO.FileInfo]
        $info.FullName | Should -Be $file
        $html = Get-Content -Raw $file
        $html | Should -Match '<h1>Alarms &lt;of&gt; ceph</h1>'
        $html | Should -Match 'data-column="ntp_service"'
    }

    It 'writes nothing under -WhatIf, not even its folder' {
        $file = Join-Path $TestDrive 'whatif/report.html'
        $health | Export-McpHealthReport -Path $file -WhatIf -PassThru | Should -BeNullOrEmpty
        Test-Path (Split-Path $file) | Should -BeFalse
    }

    It 'replaces a report whole, leaving no temporary file' {
        $folder = Join-Path $TestDrive 'replace'
        $file = Join-Path $folder 'report.html'
        $null = New-Item -ItemType Directory $folder
        Set-Content $file 'old'
        $health | Export-McpHealthReport -Path $file
        Get-Content -Raw $file | Should -Match '^<!DOCTYPE html>'
        @(Get-ChildItem -Force $folder).Name | Should -Be @('report.html')
    }

    It 'ends with Mcp.Health.NoHealthData naming -InputObject when nothing comes in, and writes nothing' {
        $file = Join-Path $TestDrive 'empty.html'
        $err = { @() | Export-McpHealthReport -Path $file } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.NoHealthData,McpModule.Cmdlets.ExportMcpHealthReportCommand'
        "$err" | Should -BeLike '*-InputObject*empty.html*not written*'
        { Export-McpHealthReport -Path $file } | Should -Throw -ErrorId 'Mcp.Health.NoHealthData,McpModule.Cmdlets.ExportMcpHealthReportCommand'
        Test-Path $file | Should -BeFalse
    }

    It 'refuses what is not a status, one error record each, and writes the rest' {
        $file = Join-Path $TestDrive 'mixed.html'
        @($health[0], 'text', (Collection)[0]) | Export-McpHealthReport -Path $file -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'Mcp.Health.NotHealthData,McpModule.Cmdlets.ExportMcpHealthReportCommand'
        "$($errs[0])" | Should -BeLike '*-InputObject*not String*'
        "$($errs[1])" | Should -BeLike '*not McpMetric*'
        $file | Should -Exist
        { @('text') | Export-McpHealthReport -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.Health.NotHealthData,McpModule.Cmdlets.ExportMcpHealthReportCommand'
    }

    It 'needs -Path, and names it' {
        $err = { $health | Export-McpHealthReport -Path '' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        "$err" | Should -BeLike "*'Path'*"
        (Get-Command Export-McpHealthReport).Parameters.Path.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -BeTrue
    }

    It 'says which file it could not write (Mcp.Health.ExportFailed), leaving what was there' {
        $folder = Join-Path $TestDrive 'a-folder.html'
        $null = New-Item -ItemType Directory $folder
        $err = { $health | Export-McpHealthReport -Path $folder } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'Mcp.Health.ExportFailed,McpModule.Cmdlets.ExportMcpHealthReportCommand'
        $err.TargetObject | Should -Be $folder
        Test-Path $folder -PathType Container | Should -BeTrue
    }
}

Describe 'The report in a real browser (Debian''s chromium, Playwright)' -Tag Browser {
    BeforeAll {
        $script:chromium = '/usr/bin/chromium'
        if (-not (Test-Path $chromium)) {
            throw "Debian's chromium is not installed ($chromium): run build.ps1 -Task Prerequisites (as root; tests/prerequisites.txt lists it), or build.ps1 -Task Test -IncludeLab, which does."
        }
        # The checker (tests/Browser) is built here, Playwright's driver copied beside it from the
        # NuGet package; no browser is downloaded.
        $script:checker = Join-Path $root 'out/browser'
        $build = & dotnet build (Join-Path $root 'tests/Browser/McpModule.Browser.csproj') -c Release --nologo -v q -clp:ErrorsOnly -o $checker 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet build tests/Browser failed: $($build | Out-String)" }
        $script:results = Join-Path $root 'out/test-results'
        $null = New-Item -ItemType Directory -Force $results

        function script:Open-Report([string] $Report, [string] $Screenshot) {
            $json = & dotnet (Join-Path $checker 'McpModule.Browser.dll') --report $Report --screenshot $Screenshot --chromium $chromium 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($json | Out-String)
            ($json | Out-String) | ConvertFrom-Json -AsHashtable
        }

        $script:report = Join-Path $TestDrive 'browser/report.html'
        $health | Export-McpHealthReport -Path $report -Title 'ceph (offline model, faults given)'
        $script:screenshot = Join-Path $results 'health-report.png'
        $script:found = Open-Report $report $screenshot
    }

    It 'loads without console errors or page errors, and requests nothing but the file' {
        $found.status | Should -Be 200
        $found.consoleErrors | Should -BeNullOrEmpty
        $found.pageErrors | Should -BeNullOrEmpty
        @($found.requests) | Should -Be @([uri]::new($report).AbsoluteUri)
        $found.failedRequests | Should -BeNullOrEmpty
    }

    It 'colours the cells of each status as the legend does, each status its own colour' {
        foreach ($status in 'Okay', 'Warn', 'Critical', 'Down', 'None') {
            $found.cells.Keys | Should -Contain $status -Because "the faults given make a $status cell"
            @($found.cells[$status]) | Should -Be @($found.legend[$status]) -Because "every $status cell has the legend's $status colour"
        }
        @($found.legend.Values | Sort-Object -Unique).Count | Should -Be 6
        $found.legend.Okay | Should -Be 'rgb(41, 156, 70)'
        $found.legend.Down | Should -Be 'rgb(224, 47, 68)'
    }

    It 'shows the reasons of a cell on hover (its title) and pins them in the panel on a click' {
        $picked = $found.picked
        $picked.status | Should -Be 'Down'
        $picked.title | Should -Match 'ntp_service_down last\(systemd_unit_active\{unit=chrony\.service\}\) = 0 < 1 \(down\)|ceph_osd_service_down'
        $picked.panelVisibleBeforeClick | Should -BeFalse
        $picked.panelVisible | Should -BeTrue
        $picked.pinned | Should -BeTrue
        $picked.panelHeading | Should -Be "$($picked.node) · $($picked.column): Down"
        $picked.panelText | Should -Match "$([regex]::Escape($picked.node)): \w+_down last\("
        $found.closedByEscape | Should -BeTrue
    }

    It 'keeps a screenshot with the test results' {
        $screenshot | Should -Exist
        (Get-Item $screenshot).Length | Should -BeGreaterThan 10000
        [byte[]] $head = [System.IO.File]::ReadAllBytes($screenshot)[0..3]
        $head | Should -Be @(0x89, 0x50, 0x4E, 0x47)
    }

    It 'would catch a page that fetches, or whose colours are not the legend''s' {
        # The same report with an image from an address and one cell's colour changed in its style:
        # the policy refuses the image (a console error) and the changed style (its hash no longer
        # matches: no colours at all).
        $html = Get-Content -Raw $report
        $tampered = Join-Path $TestDrive 'browser/tampered.html'
        $html = $html.Replace('</header>', '<img src="http://127.0.0.1:9/logo.png"></header>').Replace('.s-warn { background: #f2cc0c;', '.s-warn { background: #00ff00;')
        [System.IO.File]::WriteAllText($tampered, $html)
        $bad = Open-Report $tampered (Join-Path $TestDrive 'browser/tampered.png')
        $bad.consoleErrors | Should -Not -BeNullOrEmpty
        ($bad.consoleErrors -join "`n") | Should -Match 'Content Security Policy'
        @($bad.cells.Warn) | Should -Not -Be @($found.legend.Warn)
    }
}
