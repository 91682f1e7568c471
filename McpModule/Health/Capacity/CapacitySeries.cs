#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Capacity
{
    /// A resource of a set of nodes over the collections, summed per collection. A node missing from
    /// a collection (it did not answer, or was not asked) counts with its last reading before it, as
    /// StackLight's aggregator kept a silent member's last value: dropping it would make the sum dip
    /// and the trend fall for no change in use. A node not yet read is not in the sum (Used and Total
    /// both leave it out, so the percentage stays right). A collection where none of the nodes was
    /// read adds no point: it would only repeat the one before and flatten the trend. A point's time
    /// is its newest reading's (a node's own when the set is one node).
    internal static class CapacitySeries
    {
        internal static List<(DateTimeOffset Time, CapacityReading Reading)> Sum(
            IReadOnlyList<CapacityCollection> collections, IReadOnlyCollection<string> nodes, CapacityResourceKind kind)
        {
            var points = new List<(DateTimeOffset, CapacityReading)>();
            var last = new Dictionary<string, CapacityReading>(StringComparer.Ordinal);
            foreach (var collection in collections)
            {
                DateTimeOffset? newest = null;
                foreach (var node in nodes)
                {
                    if (collection.Nodes.TryGetValue(node, out var sample) && sample.Get(kind) is CapacityReading reading)
                    {
                        last[node] = reading;
                        if (newest == null || sample.Time > newest) newest = sample.Time;
                    }
                }
                if (!(newest is DateTimeOffset time)) continue;
                var sum = new CapacityReading(0, 0);
                foreach (var reading in last.Values) sum = sum.Plus(reading);
                points.Add((time, sum));
            }
            return points;
        }

        /// Ceph's raw space over the collections that read it.
        internal static List<(DateTimeOffset Time, CapacityReading Reading)> Ceph(IReadOnlyList<CapacityCollection> collections)
        {
            var points = new List<(DateTimeOffset, CapacityReading)>();
            foreach (var c in collections)
                if (c.Ceph is CapacityReading reading) points.Add((c.Time, reading));
            return points;
        }
    }
}
