# Hostile pillar values applied to a real lab node (issue "Hostile input", item 1): a timezone
# with quotes and a command, a locale key and a hostname with $(...), each through the built-in
# linux formula, with -WhatIf and for real; and a line break in a host name entry that would add
# a state of its own. Proves on the node that no value ran as code (no marker file appears) and
# that a refused plan changes nothing. The ceph formula's values (ids, timeouts, fsid, monitor
# addresses) are proved in xunit (BuiltinFormulaInjectionTests: the planned shell texts run under
# the real /bin/sh); a Ceph lab would add minutes and no other path. Tagged Lab (Linux, root).
BeforeDiscovery {
    $script:canRun = $IsLinux -and ((& id -u) -eq '0')
}

Describe 'Hostile pillar values on a lab node' -Tag Lab -Skip:(-not $canRun) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        . (Join-Path $PSScriptRoot 'LabSuite.ps1')
        Enter-LabSuite 'hostile-test'

        # the example model as it is: the lab's overlay keeps root login, the clock and the APT source right
        $script:model = Join-Path $TestDrive 'lab'
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        # every vector touches a file of its own under /tmp/mcp-injected/ when it runs as code
        $node = Join-Path $model 'nodes/ctl01.lab.local.yml'
        $text = (Get-Content -Raw $node).Replace('linux_system_hostname: ctl01', 'linux_system_hostname: ''ctl01$(mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/hostname)''')
        $text += @'
  linux:
    system:
      timezone: "UTC'; mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/timezone; '"
      locale:
        '$(mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/locale)':
          enabled: true
'@
        Set-Content -Path $node -Value $text -NoNewline
        (Get-McpPillar -Path $model -Node ctl01 -Key linux:system:name) | Should -BeLike 'ctl01$(mkdir*'

        $null = Start-LabSuiteLab (Get-McpCluster -Path $model) -Node ctl01 -Package vim-nox, htop, python3-msgpack
        function script:OnNode([string] $command) {
            $r = Invoke-McpCommand -Path $model -Target ctl01 -Command $command
            $r.ExitCode | Should -Be 0 -Because "$command $($r.StdErr)"
            $r.StdOut
        }
        function script:Injected { OnNode 'ls /tmp/mcp-injected 2>/dev/null; true' }
        function script:Apply([switch] $WhatIf, [string] $Path = $model) {
            Split-StateRun @(Invoke-McpState -Path $Path -Target ctl01 -State linux -WhatIf:$WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue) $errs
        }
        $script:before = OnNode 'md5sum /etc/hostname /etc/hosts /etc/timezone 2>&1; hostname'
    }
    AfterAll { Exit-LabSuite lab }

    It 'runs nothing of a value under -WhatIf, and changes nothing' {
        $plan = Apply -WhatIf
        $plan.Run.WhatIf | Should -BeTrue
        ($plan.Results | Where-Object StateId -EQ linux_timezone_known).Result | Should -Be Changed -Because 'its unless check ran with the zone name as data and found no such zone'
        Injected | Should -BeNullOrEmpty
        OnNode 'md5sum /etc/hostname /etc/hosts /etc/timezone 2>&1; hostname' | Should -Be $before
    }

    It 'applies the values as data: the timezone is an unknown zone, the hostname and locale literal text' {
        $applied = Apply
        Injected | Should -BeNullOrEmpty
        $tz = $applied.Results | Where-Object StateId -EQ linux_timezone_known
        $tz.Result | Should -Be Failed
        $tz.Comment | Should -BeLike "*the timezone UTC'; mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/timezone; ' is not in /usr/share/zoneinfo*"
        ($applied.Results | Where-Object StateId -EQ linux_timezone_file).Result | Should -Be Skipped
        OnNode 'cat /etc/hostname' | Should -Be "ctl01`$(mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/hostname)`n"
        OnNode 'grep -F "touch /tmp/mcp-injected/locale" /etc/locale.gen' | Should -BeLike '$(mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/locale) *'
    }

    It 'masks a pillar secret a formula puts into a resource name, in results, journal and JUnit report' {
        $null = New-Item -ItemType Directory -Force (Join-Path $model 'formulas/dbpass')
        Set-Content (Join-Path $model 'formulas/dbpass/init.yml') @'
{%- assign pw = pillar.keystone.server.database.password | shell_quote %}
set_pw:
  cmd.run:
    name: {{ "echo setting password " | append: pw | append: " >/dev/null" | json }}
'@
        $secret = Get-McpPillar -Path $model -Node ctl01 -Key keystone:server:database:password
        $secret | Should -Not -BeNullOrEmpty
        $out = @(Invoke-McpState -Path $model -Target ctl01 -State dbpass)
        $result = $out | Where-Object StateId -EQ set_pw
        $result.Result | Should -Be Changed
        $result.Resource | Should -BeLike 'cmd:echo setting * ******** >/dev/null'
        $report = Join-Path $TestDrive 'secret.xml'
        $null = $out[-1] | Export-McpRunReport -Path $report
        $journal = Get-Content -Raw (Join-Path $model ".mcp/runs/$($out[-1].RunId).json")
        foreach ($text in $journal, (Get-Content -Raw $report), ($out | ConvertTo-Json -Depth 8)) {
            $text | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'refuses a host name entry whose line break would add a state, and the node stays as it was' {
        $copy = Join-Path $TestDrive 'newline'
        Copy-Item -Recurse $model $copy
        Add-Content -Path (Join-Path $copy 'nodes/ctl01.lab.local.yml') -Value ("`n" + @'
    network:
      host:
        evil:
          address: 10.9.9.9
          names:
          - "a\nevil_state:\n  cmd.run:\n    name: mkdir -p /tmp/mcp-injected; touch /tmp/mcp-injected/newline"
'@)
        $hostsBefore = OnNode 'md5sum /etc/hosts'
        $refused = Apply -Path $copy
        $refused.Results | Should -BeNullOrEmpty
        $refused.Errors.Count | Should -Be 1
        $refused.Errors[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.State.ValueChangesShape*'
        "$($refused.Errors[0])" | Should -BeLike '*linux/init.yml*a value adds the key ''evil_state'' (a state of its own)*'
        Injected | Should -BeNullOrEmpty
        OnNode 'md5sum /etc/hosts' | Should -Be $hostsBefore
    }
}
