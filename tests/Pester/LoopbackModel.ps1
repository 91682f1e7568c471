# Dot-sourced by the suites that run against nodes without a lab: a copy of the example model
# with some nodes moved to loopback addresses (nothing leaves the loopback interface), and a
# port nothing listens on.

# A copy of examples/models/lab at $Destination whose nodes (short name -> address) answer on loopback.
function New-LoopbackModel([string] $Destination, [hashtable] $Address) {
    Copy-Item -Recurse (Join-Path $root 'examples/models/lab') $Destination
    foreach ($n in $Address.GetEnumerator()) {
        $file = Join-Path $Destination "nodes/$($n.Key).lab.local.yml"
        $text = Get-Content -Raw $file
        $from = [regex]::Match($text, 'single_address: (\S+)').Groups[1].Value
        if (-not $from) { throw "$file has no single_address" }
        $text.Replace("single_address: $from", "single_address: $($n.Value)") | Set-Content $file -NoNewline
    }
    $Destination
}

# A loopback port nothing listens on (taken, then let go): a node there refuses at once.
function Get-ClosedPort {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start()
    try { $l.LocalEndpoint.Port } finally { $l.Stop() }
}
