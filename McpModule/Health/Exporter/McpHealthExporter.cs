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
        // Replaced whole by the collection thread, so a reader never sees half of an update.
        private volatile ExporterState _state = null!;
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
        public DateTimeOffset LastCollection => _state.End;
        /// How long the last good collection took.
        public TimeSpan LastCollectionDuration => _state.Duration;
        /// Collections made, the failed ones too.
        public int Collections => _state.Count;
        /// Why the last collection failed (the metrics served are the last good one's); empty when it did not.
        public string LastError => _state.Error;
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
                    var last = _state;
                    _state = new ExporterState(last.Good, last.Count + 1, DateTimeOffset.UtcNow, last.Duration, e.Message);
                    _text = Compose(_state);
                }
                catch (Exception) { return; }
            }
        }

        private void Record(HealthExporterSample sample)
        {
            _state = new ExporterState(sample, (_state?.Count ?? 0) + 1, sample.End, sample.Duration, "");
            _text = Compose(_state);
        }

        private static string Compose(ExporterState state)
        {
            var sample = state.Good;
            var success = state.Error.Length == 0;
            var text = new StringBuilder(sample == null ? "" : PrometheusExposition.Write(sample.Metrics, sample.Statuses, false));
            Gauge(text, "mcp_exporter_last_collection_success", "1 when the last collection succeeded; the metrics are otherwise the last good one's", success ? 1 : 0);
            Gauge(text, "mcp_exporter_last_collection_timestamp_seconds", "when the last collection ended, seconds since the epoch", state.End.ToUnixTimeMilliseconds() / 1000.0);
            Gauge(text, "mcp_exporter_collection_duration_seconds", "how long the last good collection took", state.Duration.TotalSeconds);
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

        private sealed class ExporterState
        {
            internal ExporterState(HealthExporterSample good, int count, DateTimeOffset end, TimeSpan duration, string error)
            {
                Good = good; Count = count; End = end; Duration = duration; Error = error;
            }

            internal HealthExporterSample Good { get; }
            internal int Count { get; }
            internal DateTimeOffset End { get; }
            internal TimeSpan Duration { get; }
            internal string Error { get; }
        }
    }
}
