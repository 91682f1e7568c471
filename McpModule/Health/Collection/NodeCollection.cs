#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// What one collection of one node gave: its metrics, the counters to pass to the next
    /// collection's parse, and what could not be read.
    internal sealed class NodeCollection
    {
        internal NodeCollection(List<McpMetric> metrics, NodeCounters? counters, List<string> problems)
        {
            Metrics = metrics;
            Counters = counters;
            Problems = problems;
        }

        internal List<McpMetric> Metrics { get; }

        /// This collection's counters; the previous ones when it read none (an unreachable node, an
        /// output cut short before them), so the next rates span both intervals; null when there are none.
        internal NodeCounters? Counters { get; }

        internal List<string> Problems { get; }

        /// A node that could not be reached: ssh_check 0 and nothing else. Its previous counters stay
        /// what the next collection compares with.
        internal static NodeCollection Unreachable(string node, DateTimeOffset timestamp, NodeCounters? previous = null, string? reason = null)
        {
            var metrics = new MetricSink(node, timestamp);
            metrics.Add("ssh_check", 0);
            return new NodeCollection(metrics.Metrics, previous, reason == null ? new List<string>() : new List<string> { reason });
        }
    }
}
