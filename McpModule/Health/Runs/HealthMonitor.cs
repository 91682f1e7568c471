#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Execution;
using McpModule.Health.Definitions;
using McpModule.Health.Evaluation;
using McpModule.Health.History;

namespace McpModule.Health.Runs
{
    /// Collections from the same nodes one after another, each evaluated over the window of those
    /// before it: what Get-McpHealth (once, or with -Watch) and the health exporter repeat. The
    /// history gives the earlier collections (and counters for rates) and keeps each new one; with
    /// none, they are kept in memory for the window, so windows fill all the same.
    internal sealed class HealthMonitor
    {
        private readonly ModelHealthDefinitions _definitions;
        private readonly HealthEvaluator _evaluator;
        private readonly IReadOnlyList<(string Node, SshTarget Target)> _nodes;
        private readonly HashSet<string> _names;
        private readonly INodeTransport _transport;
        private readonly int _throttle;
        private readonly TimeSpan _httpTimeout;
        private readonly HealthHistory? _history;
        private readonly TimeSpan _memoryAge;
        private readonly List<HealthHistoryEntry> _memory = new List<HealthHistoryEntry>();
        private List<HealthHistoryEntry> _earlier = new List<HealthHistoryEntry>();

        internal HealthMonitor(ModelHealthDefinitions definitions, IReadOnlyList<(string Node, SshTarget Target)> nodes, INodeTransport transport,
            int throttle, TimeSpan httpTimeout, HealthHistory? history, TimeSpan memoryAge)
        {
            _definitions = definitions;
            _evaluator = new HealthEvaluator(definitions);
            _nodes = nodes;
            _names = new HashSet<string>(nodes.Select(n => n.Node), StringComparer.Ordinal);
            _transport = transport;
            _throttle = throttle;
            _httpTimeout = httpTimeout;
            _history = history;
            _memoryAge = history?.MaxAge ?? memoryAge;
        }

        /// Lines of the history the last Begin could not read (left out).
        internal int Unreadable { get; private set; }

        internal HealthHistory? History => _history;

        /// The collections before the one Begin started, within the window (the history's, or
        /// those kept in memory).
        internal IReadOnlyList<HealthHistoryEntry> Earlier => _earlier;

        /// A collection to run (its Run() yields progress; Stop() ends it early), with the counters
        /// of the collections before it. The caller disposes it.
        internal HealthCollectionRun Begin()
        {
            if (_history != null)
            {
                var (entries, unreadable) = _history.Read(DateTimeOffset.UtcNow);
                Unreadable = unreadable;
                _earlier = entries.Count > 0 ? entries : _memory.ToList();
            }
            else _earlier = _memory.ToList();
            var counters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in _earlier)
                if (entry.Counters != null) counters[entry.Node] = entry.Counters;
            return new HealthCollectionRun(_definitions, _nodes, _transport, _throttle, counters, _httpTimeout);
        }

        /// The run's collection kept (in the history, and in memory) and evaluated with the window
        /// before it, at now.
        internal HealthReport Finish(HealthCollectionRun run, DateTimeOffset now)
        {
            Keep(run, now);
            return _evaluator.Evaluate(_earlier.Concat(run.Entries).SelectMany(e => e.Metrics), now, _names);
        }

        /// The run's collection kept for the collections after it (in the history, and in memory).
        internal void Keep(HealthCollectionRun run, DateTimeOffset now)
        {
            _history?.Append(run.Entries, now);
            _memory.AddRange(run.Entries);
            _memory.RemoveAll(e => e.Time < now - _memoryAge);
        }
    }
}
