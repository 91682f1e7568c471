# The render cache as users meet it: a new pwsh reads the renders an earlier one wrote to the
# user's cache folder ($XDG_CACHE_HOME/McpModule/renders, a folder of the test's own here) and its
# output is the same; an edit (even one that keeps the file's size and time) is rendered anew;
# nothing is written into the model repository; the RenderCache setting turns it off.
BeforeAll {
    . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    # A new pwsh that imports the module and runs $Command on the model; what it printed and its verbose lines.
    function script:Invoke-NewSession([string] $Model, [string] $Command, [hashtable] $Environment = @{}) {
        $script = Join-Path $TestDrive "session-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $script -Value @(
            '$ErrorActionPreference = "Stop"'
            "Import-Module '$manifest'"
            "`$m = '$Model'"
            $Command
        )
        $saved = @{}
        $Environment = @{ XDG_CACHE_HOME = $cacheHome } + $Environment
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try { $out = & $pwsh -NoProfile -NonInteractive -File $script 2>&1 }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        @($out | ForEach-Object { "$_" })
    }
    $script:json = 'Get-McpNode -Path $m -Verbose 4>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { "VERBOSE: $_" } else { $_ | Get-McpPillar -AsJson } }'
}

Describe 'The render cache' {
    BeforeEach {
        $script:model = Join-Path $TestDrive "lab-$([guid]::NewGuid().ToString('N'))"
        Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $model
        Remove-Item (Join-Path $model '.mcp') -Recurse -Force -ErrorAction Ignore
        $script:cacheHome = Join-Path $TestDrive "cache-$([guid]::NewGuid().ToString('N'))"
        $script:folder = Join-Path $cacheHome 'McpModule/renders'
        function script:CacheFile { @(Get-ChildItem $folder -File -ErrorAction Ignore) }
    }

    It 'gives a new session the renders an earlier one wrote, and the same output' {
        $cold = Invoke-NewSession $model $json
        CacheFile | Should -HaveCount 1
        Test-Path (Join-Path $model '.mcp') | Should -BeFalse -Because 'nothing is written into the model repository'
        (& stat -c '%a' $folder) | Should -Be '700'
        $cold | Where-Object { $_ -like 'VERBOSE:*render cache*' } | Should -BeNullOrEmpty
        $warm = Invoke-NewSession $model $json
        $nodes = @(Get-ChildItem -Recurse -File (Join-Path $model 'nodes')).Count
        $warm | Where-Object { $_ -like 'VERBOSE:*render cache*' } | Should -Match "^VERBOSE: $nodes node render\(s\) of .* read from the render cache "
        ($warm | Where-Object { $_ -notlike 'VERBOSE:*' }) -join "`n" | Should -BeExactly (($cold | Where-Object { $_ -notlike 'VERBOSE:*' }) -join "`n")
    }

    It 'renders anew the nodes that read a file edited in place (size and time kept), and only those' {
        # files younger than 2 s are hashed every time (FileIdentity's settle time): past it, the
        # cache vouches for a file by its identity, and the edit must show in its change time
        Start-Sleep -Milliseconds 2200
        $null = Invoke-NewSession $model $json
        # a class some nodes read (the controllers and computes) and others do not
        $class = 'cluster.lab.openstack'
        $file = Get-Item (Join-Path $model 'classes/cluster/lab/openstack/init.yml')
        (Get-Content -Raw $file.FullName) | Should -Match '10\.11\.0\.\d+'
        $readers = Invoke-NewSession $model "@(Get-McpNode -Path `$m | Where-Object { `$_.Classes -contains '$class' }).Count"
        $all = Invoke-NewSession $model '@(Get-McpNode -Path $m).Count'
        [int]$readers[-1] | Should -BeGreaterThan 0
        [int]$readers[-1] | Should -BeLessThan ([int]$all[-1]) -Because "the test wants a class that only some nodes read ($class)"
        $time = $file.LastWriteTimeUtc
        $text = [IO.File]::ReadAllText($file.FullName)
        # each address's last digit one up: the same length
        $edited = [regex]::Replace($text, '(10\.11\.0\.\d*)(\d)', { param($x) $x.Groups[1].Value + (([int]$x.Groups[2].Value + 1) % 10) })
        $edited | Should -Not -Be $text
        [IO.File]::WriteAllText($file.FullName, $edited)
        [IO.File]::SetLastWriteTimeUtc($file.FullName, $time)
        (Get-Item $file.FullName).Length | Should -Be $file.Length

        $after = Invoke-NewSession $model $json
        $kept = [int]$all[-1] - [int]$readers[-1]
        $after | Where-Object { $_ -like 'VERBOSE:*render cache*' } | Should -Match "^VERBOSE: $kept node render\(s\) of .* read from the render cache "
        $files = @(Get-ChildItem -Recurse -File (Join-Path $model 'nodes'), (Join-Path $model 'classes') -Filter *.yml).Count
        $after | Where-Object { $_ -like 'VERBOSE:*render cache*' } | Should -Match "; $($files - 1) of the model's $files files taken unread"
        $fresh = Invoke-NewSession $model $json @{ MCP_RenderCache = 'false' }
        ($after | Where-Object { $_ -notlike 'VERBOSE:*' }) -join "`n" | Should -BeExactly (($fresh | Where-Object { $_ -notlike 'VERBOSE:*' }) -join "`n")
    }

    It 'neither reads nor writes the cache with RenderCache false' {
        $null = Invoke-NewSession $model $json @{ MCP_RenderCache = 'false' }
        CacheFile | Should -BeNullOrEmpty
        $null = Invoke-NewSession $model $json
        $before = (CacheFile).LastWriteTimeUtc
        $off = Invoke-NewSession $model $json @{ MCP_RenderCache = 'false' }
        $off | Where-Object { $_ -like 'VERBOSE:*render cache*' } | Should -BeNullOrEmpty
        (CacheFile).LastWriteTimeUtc | Should -Be $before
    }

    It 'says what the setting does' {
        $setting = Get-McpSetting -Path $model -Name RenderCache
        $setting.Value | Should -BeTrue
        $setting.Description | Should -Match 'McpModule/renders'
    }
}
