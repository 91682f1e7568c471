# docs/benchmarks.md is written by several scripts (bench/run.ps1, the lab benchmarks); each owns
# some "## " sections and keeps the others as the file has them. Dot-source this file.

# The file's "## " sections as an ordered map heading -> lines (the heading line included);
# what comes before the first "## " is under the key ''.
function Read-BenchmarkSections([string] $Path) {
    $sections = [ordered]@{ '' = [Collections.Generic.List[string]]::new() }
    if (-not (Test-Path $Path)) { return $sections }
    $current = ''
    foreach ($line in Get-Content $Path) {
        if ($line -like '## *') { $current = $line; $sections[$current] = [Collections.Generic.List[string]]::new() }
        $sections[$current].Add($line)
    }
    $sections
}

# Replaces the section whose heading is $Heading (the first line of $Lines) or appends it; the
# rest of the file stays as it is.
function Set-BenchmarkSection([string] $Path, [string[]] $Lines) {
    $heading = $Lines[0]
    if ($heading -notlike '## *') { throw "A section starts with its '## ' heading, not '$heading'." }
    $sections = Read-BenchmarkSections $Path
    $sections[$heading] = [Collections.Generic.List[string]]::new([string[]] $Lines)
    $out = foreach ($key in $sections.Keys) {
        $body = @($sections[$key])
        $end = $body.Count
        while ($end -gt 0 -and $body[$end - 1] -eq '') { $end-- }
        if ($end -eq 0) { continue }
        $body[0..($end - 1)]
        ''
    }
    Set-Content -Path $Path -Value (($out -join "`n").TrimEnd() + "`n") -NoNewline -Encoding utf8NoBOM
}
