#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Evaluation
{
    /// The statuses of one evaluation, by level.
    internal sealed class HealthReport
    {
        internal HealthReport(DateTimeOffset timestamp)
        {
            Timestamp = timestamp;
        }

        internal DateTimeOffset Timestamp { get; }
        internal List<McpHealthStatus> Nodes { get; } = new List<McpHealthStatus>();
        /// Alarms evaluated once for the cluster (remote_collector): members of services, not of nodes.
        internal List<McpHealthStatus> ClusterAlarms { get; } = new List<McpHealthStatus>();
        internal List<McpHealthStatus> Services { get; } = new List<McpHealthStatus>();
        internal List<McpHealthStatus> Clusters { get; } = new List<McpHealthStatus>();

        /// The statuses of the levels asked for, worst first (by StackLight's numbers: down,
        /// critical, unknown, warn, okay), then clusters before services before nodes, then by name.
        internal IEnumerable<McpHealthStatus> Select(IEnumerable<McpHealthLevel> levels)
        {
            var wanted = new HashSet<McpHealthLevel>(levels);
            IEnumerable<McpHealthStatus> all = Enumerable.Empty<McpHealthStatus>();
            if (wanted.Contains(McpHealthLevel.Cluster)) all = all.Concat(Clusters);
            if (wanted.Contains(McpHealthLevel.Service)) all = all.Concat(Services);
            if (wanted.Contains(McpHealthLevel.Node)) all = all.Concat(Nodes);
            if (wanted.Contains(McpHealthLevel.Alarm)) all = all.Concat(Nodes.SelectMany(n => n.Members)).Concat(ClusterAlarms);
            return all.OrderByDescending(s => (int)s.Status).ThenByDescending(s => (int)s.Level)
                .ThenBy(s => s.Entity, StringComparer.Ordinal).ThenBy(s => s.Node, StringComparer.Ordinal);
        }

        /// The worst status of all levels, by StackLight's numbers (what -FailOn compares).
        internal McpHealthState? Worst(IEnumerable<McpHealthLevel> levels)
        {
            McpHealthState? worst = null;
            foreach (var s in Select(levels))
                if (worst == null || (int)s.Status > (int)worst) worst = s.Status;
            return worst;
        }
    }
}
