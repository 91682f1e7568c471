# Invoke-McpState -State completes state names through TabExpansion2: the built-in formulas, the
# model's formulas/ folder (a user formula of a built-in's name replaces it), dotted sub-states.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:model = Join-Path $TestDrive 'model'
    Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
    foreach ($f in 'web/init.yml', 'web/site/vhost.yml', 'web/files/template.yml', 'ntp/init.yml') {
        $path = Join-Path $model "formulas/$f"
        $null = New-Item -ItemType Directory -Force (Split-Path $path)
        Set-Content $path "x:`n  cmd.run:`n    name: 'true'"
    }
    function script:Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
}

Describe 'Invoke-McpState -State completion' {
    It 'offers the built-in formulas and their sub-states without a model' {
        Push-Location $TestDrive
        try { $names = Complete 'Invoke-McpState ctl01 -State ' } finally { Pop-Location }
        $names | Should -Be @('ceph', 'ceph.common', 'ceph.mgr', 'ceph.mon', 'ceph.osd', 'linux', 'linux.network.interface', 'linux.system.locale', 'linux.system.repo', 'linux.system.timezone', 'ntp', 'openssh')
    }

    It 'adds the -Path model''s formulas and dotted states, never the files/ folder' {
        $names = Complete "Invoke-McpState -Path '$model' ctl01 -State "
        $names | Should -Contain 'web'
        $names | Should -Contain 'web.site.vhost'
        $names | Should -Contain 'ntp'
        $names | Should -Not -Contain 'web.files.template'
        $names | Should -Contain 'linux.system.repo'
    }

    It 'completes a partial name: <Word>' -ForEach @(
        @{ Word = 'linux.sys'; Expected = @('linux.system.locale', 'linux.system.repo', 'linux.system.timezone') }
        @{ Word = 'we'; Expected = @('web', 'web.site.vhost') }
        @{ Word = 'OPEN'; Expected = @('openssh') }
        @{ Word = 'nothing'; Expected = @() }
    ) {
        Complete "Invoke-McpState -Path '$model' ctl01 -State $Word" | Should -Be $Expected
    }

    It 'completes after a comma in a list of states' {
        Complete "Invoke-McpState -Path '$model' ctl01 -State linux, op" | Should -Be @('openssh')
    }
}
