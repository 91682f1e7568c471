#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health.History;

namespace McpModule.Health.Capacity
{
    /// One collection as the history holds it: each node's capacity sample, and Ceph's raw space.
    /// The history keeps an entry per node per collection, stamped when that node answered, and no
    /// mark of which collection it belongs to: a collection is told from the next by a node that
    /// comes again (every node has an entry in every collection it was asked in, answered or not).
    internal sealed class CapacityCollection
    {
        private CapacityCollection(DateTimeOffset time, Dictionary<string, NodeCapacitySample> nodes, CapacityReading? ceph)
        {
            Time = time;
            Nodes = nodes;
            Ceph = ceph;
        }

        /// The newest entry's time: the collection was over by then.
        internal DateTimeOffset Time { get; }
        /// The samples of the nodes that gave capacity metrics, by node.
        internal IReadOnlyDictionary<string, NodeCapacitySample> Nodes { get; }
        /// ceph_cluster_space_used of ceph_cluster_space_total; null when Ceph's status was not read.
        internal CapacityReading? Ceph { get; }

        /// The collections of entries (any order), oldest first.
        internal static List<CapacityCollection> Group(IEnumerable<HealthHistoryEntry> entries)
        {
            var result = new List<CapacityCollection>();
            var nodes = new Dictionary<string, NodeCapacitySample>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            CapacityReading? ceph = null;
            DateTimeOffset? last = null;
            void Close()
            {
                if (last is DateTimeOffset time && (nodes.Count > 0 || ceph != null))
                    result.Add(new CapacityCollection(time, nodes, ceph));
                nodes = new Dictionary<string, NodeCapacitySample>(StringComparer.Ordinal);
                seen.Clear();
                ceph = null;
                last = null;
            }
            foreach (var entry in entries.OrderBy(e => e.Time))
            {
                var cephReading = entry.Node.Length == 0 ? CephSpace(entry.Metrics) : null;
                // the cluster's entries ("") hold HTTP checks and Ceph: a second Ceph reading is a new collection
                bool again = entry.Node.Length > 0 ? seen.Contains(entry.Node) : cephReading != null && ceph != null;
                if (again) Close();
                last = entry.Time;
                if (entry.Node.Length == 0)
                {
                    if (cephReading != null) ceph = cephReading;
                    continue;
                }
                seen.Add(entry.Node);
                var sample = NodeCapacitySample.From(entry.Node, entry.Time, entry.Metrics);
                if (!sample.IsEmpty) nodes[entry.Node] = sample;
            }
            Close();
            return result;
        }

        private static CapacityReading? CephSpace(IEnumerable<McpMetric> metrics)
        {
            double? total = null, used = null;
            foreach (var m in metrics)
            {
                if (m.Name == "ceph_cluster_space_total") total = m.Value;
                else if (m.Name == "ceph_cluster_space_used") used = m.Value;
            }
            return total is double t && used is double u && t > 0 && u >= 0 ? new CapacityReading(u, t) : (CapacityReading?)null;
        }
    }
}
