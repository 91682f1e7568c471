#nullable enable
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Health.Exporter
{
    /// The smallest HTTP server a Prometheus scrape needs: GET /metrics answers the current text,
    /// one request a connection. A TcpListener rather than HttpListener: the same on Windows
    /// PowerShell (where HttpListener needs http.sys and a URL reservation) and on pwsh.
    internal sealed class MetricsHttpServer : IDisposable
    {
        internal const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
        private const int MaxHeaderBytes = 16 * 1024;
        private readonly TcpListener _listener;
        private Func<string> _metrics = () => "";
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private Task? _accepting;

        /// Listens at once (a port in use fails here, before anything is collected); port 0 takes a
        /// free port (Endpoint tells which). Connections wait in the backlog until Start.
        internal MetricsHttpServer(IPAddress address, int port)
        {
            _listener = new TcpListener(address, port);
            _listener.Start();
            Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        }

        internal IPEndPoint Endpoint { get; }

        /// Scrapes answered since the start.
        internal int Scrapes => _scrapes;
        private int _scrapes;

        /// Answers scrapes with what metrics gives at the time.
        internal void Start(Func<string> metrics)
        {
            _metrics = metrics;
            _accepting = Task.Run(AcceptAsync);
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) when (_stop.IsCancellationRequested) { return; }
                catch (SocketException) { continue; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(RequestTimeout);
                try
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
                    if (head == null) return;
                    var requestLine = head.Substring(0, Math.Max(0, head.IndexOf('\r')));
                    var parts = requestLine.Split(' ');
                    if (parts.Length != 3 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal))
                    {
                        await RespondAsync(stream, 400, "Bad Request", "text/plain; charset=utf-8", "Bad request\n", false, timeout.Token).ConfigureAwait(false);
                        return;
                    }
                    var method = parts[0];
                    var path = parts[1];
                    var query = path.IndexOf('?');
                    if (query >= 0) path = path.Substring(0, query);
                    var headOnly = method == "HEAD";
                    if (method != "GET" && !headOnly)
                        await RespondAsync(stream, 405, "Method Not Allowed", "text/plain; charset=utf-8", "Only GET and HEAD\n", false, timeout.Token).ConfigureAwait(false);
                    else if (path == "/metrics")
                    {
                        Interlocked.Increment(ref _scrapes);
                        await RespondAsync(stream, 200, "OK", ContentType, _metrics(), headOnly, timeout.Token).ConfigureAwait(false);
                    }
                    else if (path == "/")
                        await RespondAsync(stream, 200, "OK", "text/plain; charset=utf-8", "McpModule health exporter: the metrics are at /metrics\n", headOnly, timeout.Token).ConfigureAwait(false);
                    else
                        await RespondAsync(stream, 404, "Not Found", "text/plain; charset=utf-8", "Not found: the metrics are at /metrics\n", headOnly, timeout.Token).ConfigureAwait(false);
                }
                // A client that goes away or stalls is its own problem: the next scrape gets a new connection.
                catch (IOException) { }
                catch (SocketException) { }
                catch (OperationCanceledException) { }
                catch (ObjectDisposedException) { }
            }
        }

        // The request line and headers, up to the blank line; null when the client sent none or too much.
        private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancel)
        {
            var buffer = new byte[MaxHeaderBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancel).ConfigureAwait(false);
                if (read == 0) return null;
                length += read;
                var text = Encoding.ASCII.GetString(buffer, 0, length);
                if (text.IndexOf("\r\n\r\n", StringComparison.Ordinal) >= 0) return text;
            }
            return null;
        }

        private static async Task RespondAsync(NetworkStream stream, int code, string reason, string contentType, string body, bool headOnly, CancellationToken cancel)
        {
            var content = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {code} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, 0, head.Length, cancel).ConfigureAwait(false);
            if (!headOnly) await stream.WriteAsync(content, 0, content.Length, cancel).ConfigureAwait(false);
            await stream.FlushAsync(cancel).ConfigureAwait(false);
        }

        public void Dispose()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
            _listener.Stop();
            try { _accepting?.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
