# Help where users reach for it: Get-Help -Full of every cmdlet, the about_ topics, the examples
# as written, the manifest's gallery data. Through the built module.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $commands = @((Import-PowerShellDataFile (Join-Path $root 'McpModule.psd1')).CmdletsToExport | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    function script:Get-HelpText([string] $Name) { Get-Help $Name -Full | Out-String -Width 120 }
}

Describe 'Get-Help -Full of <_>' -ForEach $commands {
    BeforeAll {
        $name = $_
        $command = Get-Command $name
        $shouldProcess = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].SupportsShouldProcess
        $help = Get-Help $name -Full
    }

    It 'shows -WhatIf and -Confirm when the cmdlet supports ShouldProcess, in its parameters and every syntax line' {
        $names = @($help.parameters.parameter.name)
        if (-not $shouldProcess) {
            $names | Should -Not -Contain 'WhatIf'
            return
        }
        $names | Should -Contain 'WhatIf'
        $names | Should -Contain 'Confirm'
        foreach ($item in $help.syntax.syntaxItem) {
            @($item.parameter.name) | Should -Contain 'WhatIf' -Because "every parameter set of $name has -WhatIf"
            @($item.parameter.name) | Should -Contain 'Confirm'
        }
        $whatIf = $help.parameters.parameter | Where-Object name -EQ 'WhatIf'
        ($whatIf.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        $whatIf.aliases | Should -Be 'wi'
        ($help.parameters.parameter | Where-Object name -EQ 'Confirm').aliases | Should -Be 'cf'
        Get-HelpText $name | Should -Match '(?m)^\s+-WhatIf \[<SwitchParameter>\]'
    }

    It 'has no markdown table left as a line of pipes' {
        Get-HelpText $name | Should -Not -Match '\|\s*---'
        Get-HelpText $name | Should -Not -Match '\| \|'
    }
}

Describe 'Markdown tables in help' {
    It 'shows each setting of Get-McpSetting on its own line, with its default and meaning' {
        $lines = @((Get-HelpText Get-McpSetting) -split '\r?\n')
        $settings = @(Get-McpSetting -Path (Join-Path $root 'examples/models/lab')).Name
        $settings.Count | Should -BeGreaterThan 10
        foreach ($setting in $settings) {
            $at = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match "^\s+$setting \(Default: ") { $i } })
            $at.Count | Should -Be 1 -Because "$setting starts a line of the settings table"
            $lines[$at[0] + 1] | Should -Match '^\s{8}\S' -Because "the meaning of $setting is on the next line, indented"
        }
        $lines | Should -Contain '    SshPort (Default: 22)'
    }

    It 'shows each -Target matcher of Get-McpNode on its own line' {
        $lines = @((Get-HelpText Get-McpNode) -split '\r?\n' | ForEach-Object Trim)
        foreach ($matcher in '`ctl*`, `cmp00[1-3]`', '`E@^ctl0[12]$`', '`L@ctl01,cmp001`', '`I@keepalived:cluster`, `I@linux:system:name:ctl*`', '`R@nova.compute`', '`D@lab-dc1`') {
            $lines | Should -Contain $matcher
        }
    }

    It 'keeps a code block of a description, indented, instead of dropping it' {
        $text = Get-HelpText Get-McpSetting
        $text | Should -Match '(?m)^ {8}\{\r?$'
        $text | Should -Match '(?m)^ {10}"JumpHost": "cfg01",\r?$'
    }
}

Describe 'The built manifest' {
    BeforeAll {
        $info = Test-ModuleManifest -Path $manifest
    }

    It 'names the project, its license and the release notes, with tags' {
        $info.ProjectUri | Should -Not -BeNullOrEmpty
        $info.ProjectUri.IsAbsoluteUri | Should -BeTrue
        $info.LicenseUri | Should -Not -BeNullOrEmpty
        $info.LicenseUri.AbsoluteUri | Should -BeLike '*/LICENSE'
        $info.ReleaseNotes | Should -Match '0\.1\.0'
        $info.Tags | Should -Contain 'reclass'
        $info.Tags | Should -Contain 'PSEdition_Core'
        $info.Copyright | Should -BeLike '*2026 McpModule contributors*'
    }

    It 'ships the MIT LICENSE of the repository beside it' {
        $license = Join-Path (Split-Path $manifest) 'LICENSE'
        $license | Should -Exist
        Get-Content -Raw $license | Should -Be (Get-Content -Raw (Join-Path $root 'LICENSE'))
        Get-Content -Raw $license | Should -Match '^MIT License'
        Get-Content -Raw $license | Should -Match 'Copyright \(c\) 2026 McpModule contributors'
    }
}
