# The OSD cmdlets' refusals that need no cluster, as users meet them: the built module, a copy of the
# example ceph model whose nodes are moved to loopback addresses where nothing listens. A device path
# that is no device path, a target that is no model node and a missing model are refused before any
# connection, nothing is written to the model, and under $ErrorActionPreference = 'Stop' a script
# ends with a non-zero exit. Their lab counterparts (real daemons) are in Ceph.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:savedStateDir = $env:MCP_LAB_STATE_DIR
    $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
    $script:model = Join-Path $TestDrive 'ceph'
    Copy-Item -Recurse (Join-Path $root 'examples/models/ceph') $model
    foreach ($f in Get-ChildItem (Join-Path $model 'nodes')) {
        (Get-Content -Raw $f.FullName) -replace 'single_address: 10\.13\.0\.1(\d)', 'single_address: 127.0.0.1$1' | Set-Content -NoNewline $f.FullName
    }
    function script:ModelText { (Get-ChildItem -Recurse -File $model | Sort-Object FullName | ForEach-Object { Get-Content -Raw $_.FullName }) -join "`n" }
    $script:before = ModelText
    $script:pwsh = Join-Path $PSHOME 'pwsh'
}
AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

Describe 'Add-McpCephOsd refuses before it connects' {
    It 'refuses <Name> as no device path, and writes nothing' -ForEach @(
        @{ Name = 'a command after ;'; Path = '/dev/sdb;reboot' }
        @{ Name = 'a command substitution'; Path = '/dev/$(reboot)' }
        @{ Name = 'a line break'; Path = "/dev/sdb`nreboot" }
        @{ Name = 'a way out of /dev'; Path = '/dev/../etc/passwd' }
        @{ Name = 'a quote'; Path = "/dev/sd'b" }
        @{ Name = 'a bare name'; Path = 'sdb' }
        @{ Name = 'a path of 100,000 characters'; Path = '/dev/' + ('a' * 100000) }
    ) {
        $out = @(Add-McpCephOsd -Path $model -Target cmn01 -Device $Path -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'Mcp.Ceph.InvalidDevicePath,McpModule.Cmdlets.AddMcpCephOsdCommand'
        "$($errs[0])" | Should -BeLike '*is not a device path*Nothing was changed.'
        "$($errs[0])".Length | Should -BeLessThan 400 -Because 'the message shows the path cut, never 100,000 characters'
        "$($errs[0])" | Should -Not -Match "`n" -Because 'a line break in the path is shown escaped'
        ModelText | Should -Be $before
        Test-Path (Join-Path $model '.mcp') | Should -BeFalse
    }

    It 'refuses a target that is no node of the model' {
        $out = @(Add-McpCephOsd -Path $model -Target 'cmn09' -Device /dev/sdb -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.NotAModelNode,*'
        ModelText | Should -Be $before
    }

    It 'makes a script under $ErrorActionPreference = ''Stop'' exit non-zero' {
        $file = Join-Path $TestDrive 'step.ps1'
        Set-Content $file "`$ErrorActionPreference = 'Stop'`nImport-Module '$manifest'`nAdd-McpCephOsd -Path '$model' -Target cmn01 -Device '/dev/sdb;reboot' -Confirm:`$false`n'not reached'"
        $out = & $pwsh -NoProfile -NonInteractive -File $file 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $out | Should -Match 'is not a device path'
        $out | Should -Not -Match 'not reached'
        ModelText | Should -Be $before
    }
}

Describe 'Remove-McpCephOsd and Get-McpCephOsd need the model' {
    It 'Remove-McpCephOsd -Id without -Path or -Cluster is Mcp.Ceph.ModelNeeded, and removes nothing' {
        Push-Location $TestDrive
        try { { Remove-McpCephOsd -Id 1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'Mcp.Ceph.ModelNeeded,*' }
        finally { Pop-Location }
    }

    It 'Get-McpCephDevice with an address that is no model node says so, and connects nowhere' {
        $out = @(Get-McpCephDevice -Path $model -Target '10.99.0.1' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.Ceph.NotAModelNode,*'
    }
}
