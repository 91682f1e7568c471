#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.History
{
    /// One node's part of one collection as the history keeps it: when, which node ("" for the
    /// cluster-wide metrics), the metrics, and the node collector's raw counters (JSON) that the
    /// next collection's rates start from.
    internal sealed class HealthHistoryEntry
    {
        internal HealthHistoryEntry(DateTimeOffset time, string node, IReadOnlyList<McpMetric> metrics, string? counters = null)
        {
            Time = time;
            Node = node;
            Metrics = metrics;
            Counters = counters;
        }

        internal DateTimeOffset Time { get; }
        internal string Node { get; }
        internal IReadOnlyList<McpMetric> Metrics { get; }
        internal string? Counters { get; }
    }
}
