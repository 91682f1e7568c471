#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;
using McpModule.Execution.Fanout;
using McpModule.Health.Collection;
using McpModule.Health.Definitions;
using McpModule.Health.History;

namespace McpModule.Health.Runs
{
    /// One collection from a model's nodes: the node collector script on every node at once (one
    /// SSH round trip each, through the fan-out), Ceph's cluster status read with it on the first
    /// monitor collected from (on the next monitor that answered, in a second round trip, when that
    /// one did not), and the model's HTTP endpoints checked from here meanwhile. A node that does
    /// not answer gives ssh_check 0 and an error, never an exception.
    internal sealed class HealthCollectionRun : IDisposable
    {
        private readonly ModelHealthDefinitions _definitions;
        private readonly IReadOnlyList<(string Node, SshTarget Target)> _nodes;
        private readonly IReadOnlyDictionary<string, string> _previous;
        private readonly NodeFanout<string> _fanout;
        private readonly INodeTransport _transport;
        private readonly TimeSpan _httpTimeout;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        // The monitors among the nodes collected from, by name: the first reads Ceph's status.
        private readonly IReadOnlyList<string> _cephNodes;
        private volatile NodeFanout<string>? _cephElsewhere;

        /// previousCounters: each node's counters of the collection before (from the history), as JSON.
        internal HealthCollectionRun(ModelHealthDefinitions definitions, IReadOnlyList<(string Node, SshTarget Target)> nodes, INodeTransport transport,
            int throttle, IReadOnlyDictionary<string, string> previousCounters, TimeSpan httpTimeout)
        {
            _definitions = definitions;
            _nodes = nodes;
            _previous = previousCounters;
            _httpTimeout = httpTimeout;
            _transport = transport;
            var collected = new HashSet<string>(nodes.Select(n => n.Node), StringComparer.Ordinal);
            _cephNodes = definitions.CephNodes.Where(collected.Contains).ToList();
            var cephNode = _cephNodes.Count > 0 ? _cephNodes[0] : null;
            var work = nodes.Select(n => new NodeWork<string>(n.Target, ShellQuote.ScriptCommand,
                Encoding.UTF8.GetBytes(NodeCollectorScript.Build(Request(n.Node, n.Node == cephNode))), n.Node));
            _fanout = new NodeFanout<string>(transport, work, throttle);
        }

        internal List<McpMetric> Metrics { get; } = new List<McpMetric>();
        internal List<HealthHistoryEntry> Entries { get; } = new List<HealthHistoryEntry>();
        /// The nodes that did not answer, with why.
        internal List<(string Node, string Message)> Unreachable { get; } = new List<(string, string)>();
        /// What a node's collector could not read (no systemd, a unit that is not there).
        internal List<(string Node, string Message)> Problems { get; } = new List<(string, string)>();
        internal int Total => _fanout.Total;

        private NodeCollectorRequest Request(string node, bool ceph)
        {
            var definition = _definitions.Nodes.TryGetValue(node, out var d) ? d : null;
            return new NodeCollectorRequest
            {
                Units = definition?.Units.Select(u => new NodeUnit(u.Service, u.Unit)).ToList() ?? new List<NodeUnit>(),
                LogWindowSeconds = LogWindow(definition),
                Ceph = ceph,
            };
        }

        // log_errors counts over the longest window of the rules that read it; a minute without one.
        private static int LogWindow(NodeHealthDefinition? definition)
        {
            if (definition == null) return 60;
            var windows = definition.CreateAlarms().SelectMany(a => a.Triggers).SelectMany(t => t.Rules).Where(r => r.Metric == "log_errors").Select(r => r.Window).ToList();
            return windows.Count == 0 ? 60 : (int)Math.Ceiling(windows.Max());
        }

        /// Runs the collection; yields each node's name as it is done (for progress).
        internal IEnumerable<(string Node, int Done, int Total)> Run()
        {
            var http = _definitions.Endpoints.Count == 0 ? null : Task.Run(() => HttpEndpointChecker.CheckAsync(
                _definitions.Endpoints, _httpTimeout, _stop.Token));
            var cephNode = _cephNodes.Count > 0 ? _cephNodes[0] : null;
            var answered = new List<(string Node, SshTarget Target)>();
            foreach (var outcome in _fanout.Results())
            {
                var node = outcome.Work.Item;
                var result = outcome.Result;
                var time = DateTimeOffset.UtcNow;
                var previous = _previous.TryGetValue(node, out var json) ? ReadCounters(json) : null;
                NodeCollection collection;
                if (result.Error != null)
                {
                    Unreachable.Add((node, result.Error.Message));
                    collection = NodeCollection.Unreachable(node, time, previous, result.Error.Message);
                }
                else
                {
                    answered.Add((node, outcome.Work.Target));
                    collection = NodeCollectionParser.Parse(node, result.StdOut, time, previous);
                    collection.Metrics.Add(new McpMetric { Name = "ssh_check", Value = 1, Node = node, Timestamp = time });
                    Problems.AddRange(collection.Problems.Select(p => (node, p)));
                }
                var own = node == cephNode ? collection.Metrics.Where(m => !IsCephClusterMetric(m)).ToList() : collection.Metrics;
                Metrics.AddRange(own);
                Entries.Add(new HealthHistoryEntry(time, node, own, collection.Counters == null ? null : JsonSerializer.Serialize(collection.Counters)));
                if (node == cephNode) AddCephMetrics(collection, time);
                yield return (node, outcome.Done, outcome.Total);
            }
            // The monitor that was to read Ceph did not answer: the cluster may well be up (its other
            // monitors in quorum), so ask the next monitor that answered. A monitor that answered but
            // whose ceph CLI failed is not asked again elsewhere: every node's CLI asks the same monitors.
            if (cephNode != null && !answered.Any(a => a.Node == cephNode))
                ReadCephElsewhere(cephNode, answered);
            if (http != null)
            {
                var endpoints = http.GetAwaiter().GetResult();
                Metrics.AddRange(endpoints);
                if (endpoints.Count > 0) Entries.Add(new HealthHistoryEntry(DateTimeOffset.UtcNow, "", endpoints));
            }
        }

        private void ReadCephElsewhere(string first, List<(string Node, SshTarget Target)> answered)
        {
            if (_stop.IsCancellationRequested) return;
            var next = _cephNodes.Select(n => answered.FirstOrDefault(a => a.Node == n)).FirstOrDefault(a => a.Node != null);
            if (next.Node == null)
            {
                Problems.Add((first, "Ceph's status was not read: no monitor node answered."));
                return;
            }
            var request = new NodeCollectorRequest { Units = new List<NodeUnit>(), LogWindowSeconds = 60, Ceph = true };
            var work = new NodeWork<string>(next.Target, ShellQuote.ScriptCommand, Encoding.UTF8.GetBytes(NodeCollectorScript.Build(request)), next.Node);
            var fanout = new NodeFanout<string>(_transport, new[] { work }, 1);
            _cephElsewhere = fanout;
            if (_stop.IsCancellationRequested) fanout.Stop();
            foreach (var outcome in fanout.Results())
            {
                if (outcome.Result.Error != null)
                {
                    Problems.Add((next.Node, "Ceph's status was not read here either: " + outcome.Result.Error.Message));
                    continue;
                }
                var time = DateTimeOffset.UtcNow;
                var collection = NodeCollectionParser.Parse(next.Node, outcome.Result.StdOut, time, null);
                // only Ceph's part: the node's own metrics are those of its first round trip
                Problems.AddRange(collection.Problems.Where(p => p.StartsWith("ceph", StringComparison.Ordinal)).Select(p => (next.Node, p)));
                AddCephMetrics(collection, time);
            }
        }

        // Ceph's cluster metrics are the cluster's (no node), whichever monitor they were read on.
        private void AddCephMetrics(NodeCollection collection, DateTimeOffset time)
        {
            var cluster = collection.Metrics.Where(IsCephClusterMetric).ToList();
            foreach (var m in cluster) m.Node = "";
            Metrics.AddRange(cluster);
            if (cluster.Count > 0) Entries.Add(new HealthHistoryEntry(time, "", cluster));
        }

        private static bool IsCephClusterMetric(McpMetric m) => m.Name.StartsWith("ceph_", StringComparison.Ordinal);

        private static NodeCounters? ReadCounters(string json)
        {
            try { return JsonSerializer.Deserialize<NodeCounters>(json); }
            catch (JsonException) { return null; }
        }

        internal void Stop()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
            _fanout.Stop();
            _cephElsewhere?.Stop();
        }

        public void Dispose()
        {
            _fanout.Dispose();
            _cephElsewhere?.Dispose();
            _stop.Dispose();
        }
    }
}
