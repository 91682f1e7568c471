# Hostile input, as a user meets it: every bound of docs/bounds.md shows its clear error (ErrorId,
# message naming the file or key and the bound), pwsh survives, and nothing changes on disk.
# What once crashed pwsh (a stack overflow ends the process) or ate the machine runs in a child
# pwsh, under a time limit and a 2 GB managed heap: a bound that regresses fails its test with an
# exit code, not the test run or the machine.
# Other suites' Describe blocks may follow in this file: everything below lives in 'Bounds ...'.

Describe 'Bounds on hostile input' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        $lab = Join-Path $root 'examples/models/lab'

        function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }

        # A model under TestDrive from 'relative path' = 'text' pairs.
        function New-Model([string] $Name, [hashtable] $Files) {
            $path = Join-Path $TestDrive $Name
            $null = New-Item -ItemType Directory -Force -Path (Join-Path $path 'classes'), (Join-Path $path 'nodes')
            foreach ($file in $Files.GetEnumerator()) {
                $full = Join-Path $path $file.Key
                $null = New-Item -ItemType Directory -Force -Path (Split-Path $full)
                [IO.File]::WriteAllText($full, $file.Value)
            }
            $path
        }

        # Path, size and SHA-256 of every file (links not followed, files of length 0 such as
        # FIFOs not opened): equal before and after shows that nothing changed on disk.
        function Get-TreeHash([string] $Path) {
            Get-ChildItem $Path -Recurse -File -Force | Sort-Object FullName | ForEach-Object {
                $hash = if ($_.Length -gt 0) { (Get-FileHash $_.FullName -Algorithm SHA256).Hash } else { 'empty' }
                '{0} {1} {2}' -f $_.FullName.Substring($Path.Length), $_.Length, $hash
            }
        }

        # A new pwsh like this one (dotnet pwsh runs as 'dotnet <pwsh.dll>').
        $pwshCommand = [Environment]::ProcessPath
        $pwshPrefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwshCommand) -eq 'dotnet') { [Environment]::GetCommandLineArgs()[0] })
        $isRoot = $IsLinux -and (id -u) -eq '0'

        # Runs a script in a new pwsh with the module imported, at most $TimeoutSeconds and with a
        # managed heap of 2 GB; -WithoutFileOverrides drops root's CAP_DAC_* (setpriv), so a folder
        # with mode 000 is unreadable there too. The script's last line of output is JSON (Report).
        function Invoke-ChildPwsh([string] $Script, [int] $TimeoutSeconds = 90, [switch] $WithoutFileOverrides) {
            $prelude = @"
Import-Module '$manifest'
function Report(`$Objects, `$Errors, `$Warnings) {
    [pscustomobject]@{
        Objects  = @(`$Objects | ForEach-Object { "`$_" })
        Errors   = @(`$Errors | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId.Split(',')[0]; Category = "`$(`$_.CategoryInfo.Category)"; Target = "`$(`$_.TargetObject)"; Message = `$_.Exception.Message } })
        Warnings = @(`$Warnings | ForEach-Object { "`$_" })
    } | ConvertTo-Json -Depth 4 -Compress
}
"@
            $arguments = @($pwshPrefix) + '-NoProfile', '-NonInteractive', '-Command', ($prelude + "`n" + $Script)
            $file = $pwshCommand
            if ($WithoutFileOverrides -and $isRoot) {
                $arguments = @('--bounding-set', '-dac_override,-dac_read_search', '--inh-caps', '-dac_override,-dac_read_search', $pwshCommand) + $arguments
                $file = 'setpriv'
            }
            $psi = [Diagnostics.ProcessStartInfo]::new($file)
            foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $psi.UseShellExecute = $false
            $psi.Environment['DOTNET_GCHeapHardLimit'] = '0x80000000'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $process = [Diagnostics.Process]::Start($psi)
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            $timedOut = -not $process.WaitForExit($TimeoutSeconds * 1000)
            if ($timedOut) { $process.Kill($true); $process.WaitForExit() }
            $lines = @($stdout.Result -split "`n" | Where-Object { $_.Trim() })
            [pscustomobject]@{
                ExitCode = $process.ExitCode
                TimedOut = $timedOut
                Seconds  = $clock.Elapsed.TotalSeconds
                Output   = $stdout.Result
                Stderr   = $stderr.Result
                Result   = if ($lines -and $lines[-1].StartsWith('{')) { $lines[-1] | ConvertFrom-Json } else { $null }
            }
        }

        # The child ran to its end: no crash (134 is a stack overflow's abort), no time out.
        function Assert-Survived($Child) {
            $Child.TimedOut | Should -BeFalse -Because "the child pwsh ran $([int]$Child.Seconds) s: $($Child.Stderr)"
            $Child.ExitCode | Should -Be 0 -Because "pwsh must survive: $($Child.Stderr)"
            $Child.Result | Should -Not -BeNullOrEmpty -Because "the child's output was: $($Child.Output) $($Child.Stderr)"
        }

        function Nested([int] $Count) { ('[' * $Count) + (']' * $Count) }
    }

    Describe 'Bounds: a class file of 20,000 nested [' {
        BeforeAll {
            $model = New-Model 'deep' @{
                'classes/deep.yml' = "parameters:`n  a: $(Nested 20000)`n"
                'nodes/n1.yml'     = "classes: [deep]`n"
                'nodes/n2.yml'     = "parameters: {x: 1}`n"
            }
            $before = Get-TreeHash $model
        }

        It 'is Mcp.LimitExceeded naming the file, line and bound; pwsh survives and the other node renders' {
            $child = Invoke-ChildPwsh "`$n = Get-McpNode -Path '$model' -ErrorVariable e -ErrorAction SilentlyContinue; Report `$n.Name `$e"
            Assert-Survived $child
            $child.Result.Objects | Should -Be @('n2')
            $child.Result.Errors | Should -HaveCount 1
            $error1 = $child.Result.Errors[0]
            $error1.Id | Should -Be 'Mcp.LimitExceeded'
            $error1.Category | Should -Be 'LimitsExceeded'
            $error1.Target | Should -Be 'n1'
            $error1.Message | Should -BeLike "*'$model/classes/deep.yml' at line 2, column *: lists and mappings nest deeper than 400 levels*docs/bounds.md*"
        }

        It 'is one problem for Test-McpModel, which returns false' {
            $child = Invoke-ChildPwsh "`$ok = Test-McpModel -Path '$model' -ErrorVariable e -ErrorAction SilentlyContinue; Report `$ok `$e"
            Assert-Survived $child
            $child.Result.Objects | Should -Be @('False')
            ($child.Result.Errors | Where-Object Id -EQ 'Mcp.LimitExceeded') | Should -HaveCount 1
        }

        It 'changes nothing on disk' { Get-TreeHash $model | Should -Be $before }
    }

    Describe 'Bounds: nesting within the bound' {
        It 'is not called a value that contains itself; a value that takes itself in by reference is' {
            $model = New-Model 'nesting' @{
                'nodes/deep.yml' = "parameters:`n  a: $(Nested 450)`n"
                'nodes/ok.yml'   = "parameters:`n  a: $(Nested 300)`n"
                'nodes/self.yml' = "parameters:`n  d: {k: `"`${e}`"}`n  e: `${d}`n"
            }
            $nodes = Get-McpNode -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue
            $nodes.Name | Should -Be @('ok')
            $deep = $problems | Where-Object TargetObject -EQ 'deep'
            Get-ErrorId $deep | Should -Be 'Mcp.LimitExceeded'
            $deep.Exception.Message | Should -Not -BeLike '*contains itself*'
            $self = $problems | Where-Object TargetObject -EQ 'self'
            Get-ErrorId $self | Should -Be 'Mcp.ReferenceLoop'
            $self.Exception.Message | Should -BeLike '*contains itself through a reference*'
        }
    }

    Describe 'Bounds: a cookiecutter context of 30,000 nested [' {
        It 'is Mcp.InvalidContext naming the file, line and bound; pwsh survives and nothing is written' {
            $context = Join-Path $TestDrive 'deep-context.yaml'
            [IO.File]::WriteAllText($context, "default_context:`n  cluster_name: deep`n  cluster_domain: deep.local`n  a: $(Nested 30000)`n")
            $target = Join-Path $TestDrive 'deep-context-model'
            $child = Invoke-ChildPwsh "try { New-McpCluster -Context '$context' -Path '$target' -Confirm:`$false -ErrorAction Stop } catch { Report `$null `$_ }"
            Assert-Survived $child
            $child.Result.Errors[0].Id | Should -Be 'Mcp.InvalidContext'
            $child.Result.Errors[0].Message | Should -BeLike "In '$context' at line 4, column *: lists and mappings nest deeper than 400 levels*"
            Test-Path $target | Should -BeFalse
        }
    }

    Describe 'Bounds: a -Target of 30,000 nested parentheses' {
        It 'is Mcp.TargetInvalid naming the position and the bound; pwsh survives' {
            $child = Invoke-ChildPwsh @"
`$e = @()
foreach (`$target in ('(' * 30000 + 'ctl01' + ')' * 30000), ('not ' * 30000 + 'ctl01')) {
    try { Get-McpNode -Path '$lab' -Target `$target -ErrorAction Stop } catch { `$e += `$_ }
}
Report `$null `$e
"@
            Assert-Survived $child
            $child.Result.Errors | Should -HaveCount 2
            $child.Result.Errors.Id | Should -Be @('Mcp.TargetInvalid', 'Mcp.TargetInvalid')
            $child.Result.Errors[0].Message | Should -BeLike "Target '((((*...' (60005 characters): '(' at character 101 nests deeper than 100 levels of parentheses and 'not'*"
            $child.Result.Errors[1].Message | Should -BeLike "*'not' at character 401 nests deeper than 100 levels*"
        }

        It 'takes a chain of 30,000 or-ed names, which does not nest' {
            $child = Invoke-ChildPwsh "`$n = Get-McpNode -Path '$lab' -Target (((1..30000 | ForEach-Object { 'none*' }) -join ' or ') + ' or ctl01'); Report `$n.Name `$null"
            Assert-Survived $child
            $child.Result.Objects | Should -Be @('ctl01.lab.local')
        }
    }

    Describe 'Bounds: a YAML alias bomb' {
        BeforeAll {
            $lines = @('parameters:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]')
            foreach ($c in 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i') {
                $previous = [char]([int][char]$c - 1)
                $lines += "  ${c}: &$c [" + ((1..9 | ForEach-Object { "*$previous" }) -join ',') + ']'
            }
            $model = New-Model 'bomb' @{ 'classes/bomb.yml' = ($lines -join "`n") + "`n"; 'nodes/n1.yml' = "classes: [bomb]`n" }
            $before = Get-TreeHash $model
        }

        It 'is Mcp.LimitExceeded at the alias that passes the bound, at once; pwsh survives' {
            $child = Invoke-ChildPwsh "`$clock = [Diagnostics.Stopwatch]::StartNew(); `$n = Get-McpNode -Path '$model' -ErrorVariable e -ErrorAction SilentlyContinue; Report `$clock.Elapsed.TotalSeconds `$e"
            Assert-Survived $child
            [double] $child.Result.Objects[0] | Should -BeLessThan 5
            $child.Result.Errors[0].Id | Should -Be 'Mcp.LimitExceeded'
            $child.Result.Errors[0].Message | Should -BeLike "*'$model/classes/bomb.yml' at line 8, column *: the aliases up to '`*f' stand for more than 1,000,000 values*"
        }

        It 'changes nothing on disk' { Get-TreeHash $model | Should -Be $before }
    }

    Describe 'Bounds: two symbolic links to . inside classes/' {
        BeforeAll {
            $model = New-Model 'loop' @{ 'nodes/n1.yml' = "parameters: {x: 1}`n" }
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $model 'classes/a') -Target '.'
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $model 'classes/b') -Target '.'
            $before = Get-TreeHash $model
        }

        It 'is Mcp.LimitExceeded naming the link, at once; pwsh survives' {
            $child = Invoke-ChildPwsh @"
`$clock = [Diagnostics.Stopwatch]::StartNew()
try { Get-McpNode -Path '$model' -ErrorAction Stop } catch { `$e = `$_ }
`$ok = Test-McpModel -Path '$model' -ErrorVariable t -ErrorAction SilentlyContinue
Report @(`$clock.Elapsed.TotalSeconds, `$ok) (@(`$e) + @(`$t))
"@
            Assert-Survived $child
            [double] $child.Result.Objects[0] | Should -BeLessThan 10
            $child.Result.Objects[1] | Should -Be 'False'
            foreach ($e in $child.Result.Errors) {
                $e.Id | Should -Be 'Mcp.LimitExceeded'
                $e.Message | Should -Match "The folder '$([regex]::Escape($model))/classes/[ab]' is a symbolic link to '$([regex]::Escape($model))/classes', which holds it"
            }
        }

        It 'changes nothing on disk' { Get-TreeHash $model | Should -Be $before }

        # The links go before TestDrive is cleared: Pester's clean-up would walk the loop.
        AfterAll { foreach ($link in 'a', 'b') { [IO.Directory]::Delete((Join-Path $model "classes/$link")) } }
    }

    Describe 'Bounds: a context with openstack_compute_count: 2000000000' {
        It 'is Mcp.InvalidContext naming the key and the bound, at once; pwsh survives and nothing is written' {
            $context = Join-Path $TestDrive 'count-context.yaml'
            [IO.File]::WriteAllText($context, "default_context:`n  cluster_name: big`n  cluster_domain: big.local`n  openstack_enabled: 'True'`n  openstack_compute_count: 2000000000`n")
            $target = Join-Path $TestDrive 'count-model'
            $child = Invoke-ChildPwsh "`$clock = [Diagnostics.Stopwatch]::StartNew(); try { New-McpCluster -Context '$context' -Path '$target' -Confirm:`$false -ErrorAction Stop } catch { Report `$clock.Elapsed.TotalSeconds `$_ }"
            Assert-Survived $child
            [double] $child.Result.Objects[0] | Should -BeLessThan 5
            $child.Result.Errors[0].Id | Should -Be 'Mcp.InvalidContext'
            $child.Result.Errors[0].Message | Should -Be "Context key 'openstack_compute_count' is 2000000000; a role has 0 to 1000 nodes (the bound, see docs/bounds.md)."
            Test-Path $target | Should -BeFalse
        }
    }

    Describe 'Bounds: a tab on line 2' {
        It 'is Mcp.YamlSyntax at line 2, column 1' {
            $model = New-Model 'tab' @{ 'classes/t.yml' = "parameters:`n`ta: 1`n"; 'nodes/n1.yml' = "classes: [t]`n" }
            $before = Get-TreeHash $model
            Get-McpNode -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $problems[0] | Should -Be 'Mcp.YamlSyntax'
            $problems[0].Exception.Line | Should -Be 2
            $problems[0].Exception.Message | Should -BeLike "*'$model/classes/t.yml' at line 2, column 1: *tab*"
            Get-TreeHash $model | Should -Be $before
        }
    }

    Describe 'Bounds: an unreadable folder in classes/' {
        BeforeAll {
            $model = New-Model 'unreadable' @{
                'classes/secret/x.yml' = "parameters: {s: 1}`n"
                'classes/open.yml'     = "parameters: {o: 1}`n"
                'nodes/n1.yml'         = "classes: [secret.x]`n"
                'nodes/n2.yml'         = "classes: [open]`n"
            }
            $secret = Join-Path $model 'classes/secret'
            $before = Get-TreeHash $model
        }

        It 'is one Mcp.UnreadableFolder naming the folder; the other node renders and a class it may hold says so' {
            if (-not $IsLinux) { Set-ItResult -Skipped -Because 'folder modes and setpriv are Linux'; return }
            if ($isRoot -and -not (Get-Command setpriv -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'root reads any folder without setpriv to drop CAP_DAC_*'; return }
            & chmod 000 $secret
            try {
                $child = Invoke-ChildPwsh -WithoutFileOverrides "`$n = Get-McpNode -Path '$model' -ErrorVariable e -ErrorAction SilentlyContinue; Report `$n.Name `$e"
            }
            finally { & chmod 755 $secret }
            Assert-Survived $child
            $child.Result.Objects | Should -Be @('n2')
            $folder = $child.Result.Errors | Where-Object Id -EQ 'Mcp.UnreadableFolder'
            $folder | Should -HaveCount 1
            $folder.Category | Should -Be 'PermissionDenied'
            $folder.Message | Should -Be "Cannot read the folder '$secret': permission denied. The classes in it are left out; the rest of the model renders."
            $missing = $child.Result.Errors | Where-Object Id -EQ 'Mcp.ClassNotFound'
            $missing.Target | Should -Be 'n1'
            $missing.Message | Should -BeLike "*It may be in '$secret', which cannot be read."
        }

        It 'changes nothing on disk' { Get-TreeHash $model | Should -Be $before }
    }

    Describe 'Bounds: bytes that are not UTF-8' {
        It 'is Mcp.InvalidFile naming the file, the byte, its offset and line' {
            $model = New-Model 'latin1' @{ 'nodes/n1.yml' = "classes: [l]`n" }
            $file = Join-Path $model 'classes/l.yml'
            [IO.File]::WriteAllBytes($file, [byte[]] (@([Text.Encoding]::ASCII.GetBytes("parameters:`n  name: caf")) + 0xE9 + 10))
            $before = Get-TreeHash $model
            Get-McpNode -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $problems[0] | Should -Be 'Mcp.InvalidFile'
            $problems[0].Exception.Message | Should -BeLike "*'$file' is not UTF-8 text: the byte 0xE9 at offset 23 (line 2) is not part of a UTF-8 character. Save the file as UTF-8."
            Get-TreeHash $model | Should -Be $before
        }
    }

    Describe 'Bounds: a model file over 8 MiB' {
        It 'is Mcp.LimitExceeded naming the file and its size, and the file is not read' {
            $model = New-Model 'huge' @{ 'nodes/n2.yml' = "parameters: {x: 1}`n" }
            $file = Join-Path $model 'nodes/n1.yml'
            $stream = [IO.File]::Create($file)
            try { $stream.SetLength(8MB + 1) } finally { $stream.Dispose() }   # sparse: nothing written
            $nodes = Get-McpNode -Path $model -ErrorVariable problems -ErrorAction SilentlyContinue
            $nodes.Name | Should -Be @('n2')
            Get-ErrorId $problems[0] | Should -Be 'Mcp.LimitExceeded'
            $problems[0].Exception.Message | Should -BeLike "*'$file' holds 8,388,609 bytes; a file here may hold at most 8 MiB (see docs/bounds.md)."
        }
    }

    Describe 'Bounds: a FIFO in .mcp/runs' {
        It 'is skipped with a warning naming it, and Get-McpRun returns the other runs' {
            if (-not $IsLinux) { Set-ItResult -Skipped -Because 'mkfifo is POSIX'; return }
            $repo = Join-Path $TestDrive 'fifo-repo'
            $runs = Join-Path $repo '.mcp/runs'
            $null = New-Item -ItemType Directory -Force -Path $runs
            $started = [datetimeoffset]::new(2026, 11, 25, 18, 0, 0, [timespan]::Zero)
            $run = [McpModule.States.McpRun]::new('20261125T180000Z-abcdef', $started, $started.AddSeconds(5), 'alice', $repo, $null,
                [string[]] @('ctl*'), [string[]] @('ntp'), $false, 'Succeeded', [McpModule.States.McpNodeRun[]] @())
            $null = [McpModule.States.Journal.RunJournal]::Write($run, $repo)
            $fifo = Join-Path $runs '20261126T000000Z-ffffff.json'
            & mkfifo $fifo
            $before = Get-TreeHash $repo
            $child = Invoke-ChildPwsh -TimeoutSeconds 60 "`$r = Get-McpRun -Path '$repo' -ErrorVariable e -WarningVariable w -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; Report `$r.RunId `$e `$w"
            Assert-Survived $child
            $child.Result.Objects | Should -Be @('20261125T180000Z-abcdef')
            $child.Result.Errors | Should -BeNullOrEmpty
            $child.Result.Warnings | Should -Be @("The run journal '$fifo' cannot be read: it is empty or not a regular file (a FIFO, socket or device); it was not opened.")
            Get-TreeHash $repo | Should -Be $before
        }
    }

    Describe 'Bounds: Ctrl+C and Stop-Job on a big render' {
        BeforeAll {
            # 1,000 nodes, each through a chain of 20,000 references: a full render takes about 40 s
            # here. Before the engine took a cancellation token, a stop 3 s in waited for all of it.
            $big = Join-Path $TestDrive 'big'
            $null = New-Item -ItemType Directory -Force -Path (Join-Path $big 'classes'), (Join-Path $big 'nodes')
            $class = [Text.StringBuilder]::new("parameters:`n  p0: start`n")
            for ($i = 1; $i -lt 20000; $i++) { $null = $class.Append("  p${i}: `${p$($i - 1)}`n") }
            [IO.File]::WriteAllText((Join-Path $big 'classes/big.yml'), $class.ToString())
            for ($n = 1; $n -le 1000; $n++) { [IO.File]::WriteAllText((Join-Path $big "nodes/n$n.yml"), "classes: [big]`n") }
            $before = Get-TreeHash $big

            # In a child pwsh: start the render one way, stop it after 3 s, and report whether it was
            # still running, how long stopping took, the state, the CPU the process used in the 2 s
            # after (a render going on in the background would use them all), and what the next
            # command of the session gets (nothing of the stopped render may stick).
            function Stop-BigRender([string] $Start, [string] $Stop) {
                Invoke-ChildPwsh -TimeoutSeconds 150 @"
`$job = $Start
Start-Sleep 3
`$running = `$job.State -eq 'Running' -or `$job.InvocationStateInfo.State -eq 'Running'
`$clock = [Diagnostics.Stopwatch]::StartNew()
$Stop
`$stopping = `$clock.Elapsed.TotalSeconds
`$cpu = (Get-Process -Id `$PID).TotalProcessorTime
Start-Sleep 2
`$after = ((Get-Process -Id `$PID).TotalProcessorTime - `$cpu).TotalSeconds
`$state = if (`$job.State) { "`$(`$job.State)" } else { "`$(`$job.InvocationStateInfo.State)" }
`$next = Get-McpPillar -Path '$big' -Node n1 -Key p19999
Report @(`$running, `$stopping, `$state, `$after, `$next) `$null
"@
            }
        }

        It 'Stop-Job stops a thread job promptly and its render does not go on' {
            $child = Stop-BigRender "Start-ThreadJob { Import-Module '$manifest'; Get-McpNode -Path '$big' | Measure-Object }" 'Stop-Job $job'
            Assert-Survived $child
            $running, $stopping, $state, $after, $next = $child.Result.Objects
            $running | Should -Be 'True' -Because 'the render must still be running when it is stopped'
            [double] $stopping | Should -BeLessThan 5
            $state | Should -Be 'Stopped'
            [double] $after | Should -BeLessThan 1.5
            $next | Should -Be 'start' -Because 'the next command of the session renders afresh'
        }

        It 'Stop-Job stops a process job promptly' {
            $child = Stop-BigRender "Start-Job { Import-Module '$manifest'; Get-McpNode -Path '$big' | Measure-Object }" 'Stop-Job $job'
            Assert-Survived $child
            $running, $stopping, $state, $null, $null = $child.Result.Objects
            $running | Should -Be 'True'
            [double] $stopping | Should -BeLessThan 10
            $state | Should -Be 'Stopped'
        }

        It 'stopping the pipeline, as Ctrl+C does, ends Get-McpNode and Test-McpModel promptly' {
            foreach ($command in 'Get-McpNode', 'Test-McpModel') {
                $child = Stop-BigRender "`$ps = [powershell]::Create().AddScript(`"Import-Module '$manifest'; $command -Path '$big' | Out-Null`"); `$null = `$ps.BeginInvoke(); `$ps" '$ps.Stop()'
                Assert-Survived $child
                $running, $stopping, $state, $after, $next = $child.Result.Objects
                $running | Should -Be 'True' -Because "$command must still be running when it is stopped"
                [double] $stopping | Should -BeLessThan 5 -Because $command
                $state | Should -Be 'Stopped'
                [double] $after | Should -BeLessThan 1.5 -Because $command
                $next | Should -Be 'start' -Because 'the next command of the session renders afresh'
            }
        }

        It 'changes nothing on disk' { Get-TreeHash $big | Should -Be $before }
    }
}

# Values are data and paths stay in their root (issue "Hostile input" items 1, 2, 6 and 10): each
# vector refused, or kept as data, before anything reaches a node; the lab half is
# tests/Pester/HostileLab.Tests.ps1 (the same values applied to a real node).
Describe 'Hostile values and paths (no lab)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'BuiltModule.ps1')
        $script:savedStateDir = $env:MCP_LAB_STATE_DIR
        $env:MCP_LAB_STATE_DIR = Join-Path $TestDrive 'labs'
        . (Join-Path $PSScriptRoot 'LoopbackModel.ps1')
        # a port nothing listens on: a run that got as far as connecting would say Unreachable
        $script:port = Get-ClosedPort
        function script:New-HostileModel([string] $Name, [string] $NodeYaml) {
            $m = New-LoopbackModel (Join-Path $TestDrive $Name) @{ ctl01 = '127.0.0.1' }
            Add-Content -Path (Join-Path $m 'nodes/ctl01.lab.local.yml') -Value $NodeYaml -NoNewline
            $m
        }
    }
    AfterAll { $env:MCP_LAB_STATE_DIR = $savedStateDir }

    It 'refuses a host name entry whose line break would add a state, before connecting (Mcp.State.ValueChangesShape)' {
        $m = New-HostileModel 'newline' "`n  linux:`n    network:`n      host:`n        evil:`n          address: 10.9.9.9`n          names: [""a\nevil_state:\n  cmd.run:\n    name: touch /tmp/x""]`n"
        $out = @(Invoke-McpState -Path $m -Target ctl01 -State linux -Port $port -ErrorVariable errs -ErrorAction SilentlyContinue)
        @($errs | Where-Object FullyQualifiedErrorId -Like 'Mcp.State.ValueChangesShape*').Count | Should -Be 1
        @($errs | Where-Object FullyQualifiedErrorId -Like 'Mcp.Ssh.*') | Should -BeNullOrEmpty -Because 'nothing was sent'
        $out[-1].Status | Should -Be Failed
    }

    It 'refuses a state name that is a path (Mcp.State.InvalidStateName) and a model:// source that leaves the repository' {
        $m = New-HostileModel 'paths' ''
        $null = Invoke-McpState -Path $m -Target ctl01 -State 'linux./etc/passwd' -Port $port -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.State.InvalidStateName*'
        $null = New-Item -ItemType Directory (Join-Path $m 'formulas/leak')
        Set-Content (Join-Path $m 'formulas/leak/init.yml') "f:`n  file.managed:`n    name: /etc/x`n    source: model://../../etc/passwd`n"
        $null = Invoke-McpState -Path $m -Target ctl01 -State leak -Port $port -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'Mcp.State.SourceOutsideModel*'
    }

    It 'New-McpCluster -Force refuses a manifest entry outside the model and deletes nothing (Mcp.PathOutsideRoot)' {
        $path = Join-Path $TestDrive 'owned'
        $null = New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure
        $victim = Join-Path $TestDrive 'victim.txt'; Set-Content $victim 'keep'
        $manifest = Join-Path $path 'classes/cluster/lab/.mcp-owned.json'
        $owned = Get-Content -Raw $manifest | ConvertFrom-Json
        $owned.files = @('../../victim.txt') + @($owned.files)
        $owned | ConvertTo-Json | Set-Content $manifest
        { New-McpCluster -Name lab -Domain lab.local -Path $path -Template infrastructure -Site dc2 -Force } | Should -Throw -ErrorId 'Mcp.PathOutsideRoot*'
        Get-Content $victim | Should -Be 'keep'
    }
}
