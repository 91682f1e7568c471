# Get-McpSetting with real settings files and environment variables in TestDrive.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')

    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }

    # MCP_* variables of the settings: saved here, cleared for each test, restored at the end.
    $script:saved = @{}
    foreach ($name in (Get-McpSetting -Path $TestDrive).Name) {
        $variable = "MCP_$($name.ToUpperInvariant())"
        $script:saved[$variable] = [Environment]::GetEnvironmentVariable($variable)
    }
    function Clear-McpEnvironment { foreach ($variable in $script:saved.Keys) { [Environment]::SetEnvironmentVariable($variable, $null) } }
}

AfterAll {
    foreach ($entry in $script:saved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
}

Describe 'Get-McpSetting' {
    BeforeEach {
        Clear-McpEnvironment
        $repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $repo '.git'), (Join-Path $repo 'clusters/lab') -Force
        $file = Join-Path $repo 'mcp.settings.json'
    }
    AfterEach { Clear-McpEnvironment }

    It 'shows every setting with its built-in default when nothing else sets it' {
        $settings = Get-McpSetting -Path $repo
        $settings.Count | Should -Be 17
        $settings | Should -BeOfType McpModule.Settings.McpSetting
        $settings.Source | Sort-Object -Unique | Should -Be 'Default'
        ($settings | Where-Object Name -EQ SshPort).Value | Should -Be 22
        ($settings | Where-Object Name -EQ ThrottleLimit).Value | Should -Be 32
        ($settings | Where-Object Name -EQ HealthHistoryMinutes).Value | Should -Be 60
        ($settings | Where-Object Name -EQ HealthHistoryMaxMegabytes).Value | Should -Be 64
        ($settings | Where-Object Name -EQ ReuseConnectionSeconds).Value | Should -Be 0
    }

    It 'takes defaults < file < environment variable, in that order, with the source of each' {
        Set-Content $file '{ "SshUser": "ubuntu", "SshPort": 2222, "ThrottleLimit": 5 }'
        $env:MCP_SSHPORT = '2200'
        $settings = Get-McpSetting -Path $repo
        $byName = @{}; $settings | ForEach-Object { $byName[$_.Name] = $_ }

        $byName.SshUser.Value | Should -Be 'ubuntu'
        $byName.SshUser.Source | Should -Be $file
        $byName.SshUser.SourceKind | Should -Be 'File'
        $byName.SshPort.Value | Should -Be 2200
        $byName.SshPort.Source | Should -Be 'MCP_SSHPORT'
        $byName.ThrottleLimit.Value | Should -Be 5
        $byName.ConnectTimeoutSeconds.Source | Should -Be 'Default'
    }

    It 'finds the settings file above a path inside the repository' {
        Set-Content $file '{ "ThrottleLimit": 4 }'
        (Get-McpSetting -Path (Join-Path $repo 'clusters/lab') -Name ThrottleLimit).Source | Should -Be $file
    }

    It 'resolves paths in the file against the file''s folder' {
        Set-Content $file '{ "SshKeyFile": "keys/lab_ed25519" }'
        (Get-McpSetting -Path $repo -Name SshKeyFile).Value | Should -Be (Join-Path $repo 'keys/lab_ed25519')
    }

    It 'never shows a secret, not in the object and not in the table' {
        $env:MCP_SSHKEYPASSPHRASE = 'correct horse battery'
        $setting = Get-McpSetting -Path $repo -Name SshKeyPassphrase
        $setting.Value | Should -Be '********'
        $setting.Source | Should -Be 'MCP_SSHKEYPASSPHRASE'
        (Get-McpSetting -Path $repo | Format-Table | Out-String) | Should -Not -Match 'horse'
        ($setting | Format-List * | Out-String) | Should -Not -Match 'horse'
    }

    It 'selects settings by wildcard and completes their names' {
        (Get-McpSetting -Path $repo -Name ssh*).Name | Should -Be 'SshUser', 'SshPort', 'SshKeyFile', 'SshKeyPassphrase', 'SshAgent'
        $completion = TabExpansion2 -inputScript 'Get-McpSetting -Name Conn' -cursorColumn 'Get-McpSetting -Name Conn'.Length
        $completion.CompletionMatches.CompletionText | Should -Be 'ConnectTimeoutSeconds'
    }

    It 'writes Mcp.SettingNotFound for a name that is no setting' {
        Get-McpSetting -Path $repo -Name SshPrt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'Mcp.SettingNotFound'
        $problems[0].TargetObject | Should -Be 'SshPrt'
    }

    It 'reports a settings file that is not JSON with its file and line, and shows the rest' {
        Set-Content $file "{`n  `"SshUser`": `"ubuntu`",`n  `"SshPort`": ,`n}"
        $before = Get-FileHash $file
        $settings = Get-McpSetting -Path $repo -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        Get-ErrorId $problems[0] | Should -Be 'Mcp.SettingsFileInvalid'
        $problems[0].CategoryInfo.Category | Should -Be 'ParserError'
        $problems[0].TargetObject | Should -Be $file
        $problems[0].Exception.Message | Should -BeLike "*'$file'*line 3, column 14*"
        $problems[0].Exception.Line | Should -Be 3
        $settings.Count | Should -Be 17
        ($settings | Where-Object Name -EQ SshUser).Source | Should -Be 'Default'
        (Get-FileHash $file).Hash | Should -Be $before.Hash
    }

    It 'reports a key in the file that is no setting, with its line' {
        Set-Content $file "{`n  `"SshUser`": `"ubuntu`",`n  `"ThrotleLimit`": 4`n}"
        $settings = Get-McpSetting -Path $repo -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'Mcp.SettingUnknown'
        $problems[0].TargetObject | Should -Be 'ThrotleLimit'
        $problems[0].Exception.Message | Should -BeLike "*$file, line 3*"
        ($settings | Where-Object Name -EQ SshUser).Value | Should -Be 'ubuntu'
    }

    It 'reports a bad variable by name and keeps the value of the file' {
        Set-Content $file '{ "SshPort": 2222 }'
        $env:MCP_SSHPORT = 'twenty-two'
        $settings = Get-McpSetting -Path $repo -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'Mcp.SettingValueInvalid'
        $problems[0].TargetObject | Should -Be 'SshPort'
        $problems[0].Exception.Message | Should -BeLike '*MCP_SSHPORT*twenty-two*1 to 65535*'
        $port = $settings | Where-Object Name -EQ SshPort
        $port.Value | Should -Be 2222
        $port.Source | Should -Be $file
    }

    It 'takes the path from piped clusters' {
        $lab = Join-Path $root 'examples/models/lab'
        (Get-McpCluster -Path $lab | Get-McpSetting -Name SshUser).Value | Should -Be 'root'
    }
}
