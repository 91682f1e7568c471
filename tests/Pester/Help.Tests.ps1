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
}
