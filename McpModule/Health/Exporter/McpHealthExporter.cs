#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using McpModule.Health.Export;

namespace McpModule.Health.Exporter
{
    /// A running health exporter (Start-McpHealthExporter): a collection from the model's nodes
    /// every interval, in the background of the session, whose metrics and statuses a Prometheus
    /// scrape reads at Url. A scrape never waits for a collection: it reads the last one.
    public sealed class McpHealthExporter : IDisposable
    {
        private static readonly object RegistryLock = new object();
        private static readonly List<McpHealthExporter> Registry = new List<McpHealthExporter>();
        private static int _lastId;

        private readonly Func<CancellationToken, HealthExporterSample> _collect;
        private readonly IDisposable? _owned;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly MetricsHttpServer _server;
        private readonly Thread _loop;
        private volatile string _text = "";
        private HealthExporterSample? _lastGood;
        private int _stopped;

        /// Starts serving the first collection at once and collecting again every interval.
        /// owned: what the collections use (the SSH connections), disposed when the exporter stops.
        internal McpHealthExporter(MetricsHttpServer server, TimeSpan interval, string modelPath, int nodeCount,
            HealthExporterSample first, Func<CancellationToken, HealthExporterSample> collect, IDisposable? owned)
        {
            _collect = collect;
            _owned = owned;
            Interval = interval;
            ModelPath = modelPath;
            NodeCount = nodeCount;
            StartTime = DateTimeOffset.UtcNow;
            Record(first);
            _server = server;
            ListenAddress = server.Endpoint.Address.ToString();
            ListenPort = server.Endpoint.Port;
            server.Start(() => _text);
            _loop = new Thread(Loop) { IsBackground = true, Name = "McpHealthExporter " + ListenPort };
            lock (RegistryLock)
            {
                Id = ++_lastId;
                Registry.Add(this);
            }
            _loop.Start();
        }

        /// The session's exporter number (Stop-McpHealthExporter -Id).
        public int Id { get; }
        /// Where Prometheus scrapes: http://address:port/metrics.
        public string Url => "http://" + (ListenAddress.Contains(":") ? "[" + ListenAddress + "]" : ListenAddress) + ":" + ListenPort.ToString(CultureInfo.InvariantCulture) + "/metrics";
        public string ListenAddress { get; }
        public int ListenPort { get; }
        public string ModelPath { get; }
        public int NodeCount { get; }
        public TimeSpan Interval { get; }
        public DateTimeOffset StartTime { get; }
        /// When the last collection ended.
        public DateTimeOffset LastCollection { get; private set; }
        public TimeSpan LastCollectionDuration { get; private set; }
        public int Collections { get; private set; }
        /// Why the last collection failed (its metrics are those of the one before); empty when it did not.
        public string LastError { get; private set; } = "";
        public int Scrapes => _server.Scrapes;
        public bool Running => Volatile.Read(ref _stopped) == 0;

        /// The exporters running in this process, oldest first.
        public static IReadOnlyList<McpHealthExporter> GetRunning()
        {
            lock (RegistryLock) return Registry.ToList();
        }

        private void Loop()
        {
            while (!_stop.Token.WaitHandle.WaitOne(Interval))
            {
                try { Record(_collect(_stop.Token)); }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    // A collection that failed whole (a history that cannot be written, say): the
                    // metrics stay those of the last good one, and the failure is a metric too.
                    LastError = e.Message;
                    LastCollection = DateTimeOffset.UtcNow;
                    _text = Compose(_lastGood, false);
                }
                catch (Exception) { return; }
            }
        }

        private void Record(HealthExporterSample sample)
        {
            _lastGood = sample;
            Collections++;
            LastCollection = sample.End;
            LastCollectionDuration = sample.Duration;
            LastError = "";
            _text = Compose(sample, true);
        }

        private string Compose(HealthExporterSample? sample, bool success)
        {
            var text = new StringBuilder(sample == null ? "" : PrometheusExposition.Write(sample.Metrics, sample.Statuses, false));
            Gauge(text, "mcp_exporter_last_collection_success", "1 when the last collection succeeded; the metrics are otherwise the last good one's", success ? 1 : 0);
            Gauge(text, "mcp_exporter_last_collection_timestamp_seconds", "when the last collection ended, seconds since the epoch", LastCollection.ToUnixTimeMilliseconds() / 1000.0);
            Gauge(text, "mcp_exporter_collection_duration_seconds", "how long the last good collection took", LastCollectionDuration.TotalSeconds);
            Gauge(text, "mcp_exporter_unreachable_nodes", "nodes that did not answer the last good collection", sample?.Unreachable ?? 0);
            return text.ToString();
        }

        private static void Gauge(StringBuilder text, string name, string help, double value)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" gauge\n");
            text.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        /// Stops serving and collecting (a collection under way is stopped) and closes the connections.
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
            _server.Dispose();
            _loop.Join(TimeSpan.FromSeconds(30));
            _owned?.Dispose();
            lock (RegistryLock) Registry.Remove(this);
        }

        public void Dispose() => Stop();

        public override string ToString() => Url;
    }
}
