# bench/BenchmarkDocument.ps1: docs/benchmarks.md is written by three scripts, each owning some
# "## " sections; one script's run must never drop another's figures.
Describe 'Set-BenchmarkSection' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../bench/BenchmarkDocument.ps1')
        $script:doc = Join-Path $TestDrive 'benchmarks.md'
    }
    BeforeEach {
        Set-Content $doc "# Benchmarks`n`nPreamble.`n`n## Rendering`n`n| a | 1 |`n`n## State`n`nold figures`n`n## Transport`n`nkept`n" -NoNewline
    }

    It 'replaces its own section and keeps the preamble and the others in place' {
        Set-BenchmarkSection -Path $doc -Lines '## State', '', 'new figures', '| 10 | 4.1x |'
        Get-Content -Raw $doc | Should -BeExactly "# Benchmarks`n`nPreamble.`n`n## Rendering`n`n| a | 1 |`n`n## State`n`nnew figures`n| 10 | 4.1x |`n`n## Transport`n`nkept`n"
    }

    It 'appends a section the file does not have yet' {
        Set-BenchmarkSection -Path $doc -Lines '## New', '', 'x'
        (Get-Content $doc)[-3..-1] | Should -Be '## New', '', 'x'
        Get-Content -Raw $doc | Should -Match '## Transport\n\nkept\n\n## New'
    }

    It 'writes a new file' {
        $fresh = Join-Path $TestDrive 'fresh.md'
        Set-BenchmarkSection -Path $fresh -Lines '## Only', '', 'y'
        Get-Content -Raw $fresh | Should -BeExactly "## Only`n`ny`n"
    }

    It 'refuses lines that do not start with a section heading, and leaves the file alone' {
        $before = Get-Content -Raw $doc
        { Set-BenchmarkSection -Path $doc -Lines 'State', 'x' } | Should -Throw "*'## ' heading*"
        Get-Content -Raw $doc | Should -BeExactly $before
    }

    It 'reads the sections in file order, the preamble under the empty key' {
        $s = Read-BenchmarkSections $doc
        @($s.Keys) | Should -Be '', '## Rendering', '## State', '## Transport'
        $s[''][0] | Should -Be '# Benchmarks'
    }
}
