# Dot-sourced by the health suites: the real servers health is exported to, each started by the test
# on loopback ports of its own, with its data under the test's folder, and stopped by its PID.

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Wait-HttpReady([string] $Url, [int] $Seconds = 60) {
    $until = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $until) {
        try { $null = Invoke-WebRequest $Url -TimeoutSec 2; return } catch { Start-Sleep -Milliseconds 200 }
    }
    throw "$Url did not answer within $Seconds s"
}

# Debian's influxd 1.x: HTTP on one port, its RPC on another, usage reporting off (no traffic out).
function Start-TestInflux([string] $Dir) {
    $http = Get-FreeTcpPort; $rpc = Get-FreeTcpPort
    $null = New-Item -ItemType Directory -Force $Dir
    $config = Join-Path $Dir 'influxdb.conf'
    Set-Content $config @"
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$Dir/meta"
[data]
  dir = "$Dir/data"
  wal-dir = "$Dir/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$http"
  log-enabled = false
[monitor]
  store-enabled = false
"@
    $process = Start-Process influxd -ArgumentList '-config', $config -PassThru -RedirectStandardError (Join-Path $Dir 'influxd.log') -RedirectStandardOutput (Join-Path $Dir 'influxd.out')
    $url = "http://127.0.0.1:$http"
    Wait-HttpReady "$url/ping"
    [pscustomobject]@{ Url = $url; Process = $process }
}

# Debian's prometheus scraping the targets given every second, its web API on a free port.
function Start-TestPrometheus([string] $Dir, [string[]] $Targets) {
    $null = New-Item -ItemType Directory -Force $Dir
    $config = Join-Path $Dir 'prometheus.yml'
    $list = ($Targets | ForEach-Object { "'$_'" }) -join ', '
    Set-Content $config "global: {scrape_interval: 1s, scrape_timeout: 1s}`nscrape_configs:`n- job_name: mcp`n  static_configs: [{targets: [$list]}]`n"
    $port = Get-FreeTcpPort
    $process = Start-Process prometheus -ArgumentList "--config.file=$config", "--storage.tsdb.path=$Dir/tsdb", "--web.listen-address=127.0.0.1:$port" `
        -PassThru -RedirectStandardError (Join-Path $Dir 'prometheus.log') -RedirectStandardOutput (Join-Path $Dir 'prometheus.out')
    $url = "http://127.0.0.1:$port"
    Wait-HttpReady "$url/-/ready"
    [pscustomobject]@{ Url = $url; Process = $process }
}

# The results of a PromQL query, asked until it has some (a scrape a second) or the time is up.
function Get-PrometheusResult($Prometheus, [string] $Query, [int] $Seconds = 60) {
    $until = [DateTime]::UtcNow.AddSeconds($Seconds)
    do {
        $result = @((Invoke-RestMethod "$($Prometheus.Url)/api/v1/query" -Body @{ query = $Query }).data.result)
        if ($result.Count -gt 0) { return $result }
        Start-Sleep -Milliseconds 250
    } while ([DateTime]::UtcNow -lt $until)
    @()
}

function Stop-TestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) { Stop-Process -Id $Server.Process.Id; $Server.Process.WaitForExit(30000) | Out-Null }
}
