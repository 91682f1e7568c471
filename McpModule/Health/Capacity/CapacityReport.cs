#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health.History;

namespace McpModule.Health.Capacity
{
    /// Get-McpCapacity's rows from the history's entries within a window: each hypervisor, each
    /// availability zone and the total (sums of their hypervisors per collection, forecast from the
    /// summed series, not from the nodes' forecasts), and Ceph's raw space when it was read.
    internal static class CapacityReport
    {
        /// The zone row of hypervisors in no zone.
        internal const string NoZone = "(none)";

        /// hypervisors: the nodes to report, each with its zone ("" for none), in the order to show;
        /// entries: any order, those before `from` left out.
        internal static List<McpCapacity> Build(IReadOnlyList<(string Node, string Zone)> hypervisors, IEnumerable<HealthHistoryEntry> entries,
            DateTimeOffset from, CapacityThresholds thresholds)
        {
            var collections = CapacityCollection.Group(entries.Where(e => e.Time >= from));
            var rows = new List<McpCapacity>();
            var ordered = hypervisors.OrderBy(h => h.Zone.Length == 0 ? 1 : 0).ThenBy(h => h.Zone, StringComparer.Ordinal).ToList();
            foreach (var (node, zone) in ordered)
                rows.Add(Row(McpCapacityScope.Node, node, zone, new[] { node }, collections, thresholds));
            foreach (var zone in ordered.GroupBy(h => h.Zone, StringComparer.Ordinal))
                rows.Add(Row(McpCapacityScope.Zone, zone.Key.Length == 0 ? NoZone : zone.Key, zone.Key, zone.Select(h => h.Node).ToList(), collections, thresholds));
            if (hypervisors.Count > 0)
                rows.Add(Row(McpCapacityScope.Total, "total", "", hypervisors.Select(h => h.Node).ToList(), collections, thresholds));
            var ceph = CapacitySeries.Ceph(collections);
            if (ceph.Count > 0)
                rows.Add(new McpCapacity { Scope = McpCapacityScope.Ceph, Name = "ceph", Storage = CapacityForecast.Of(CapacityResourceKind.Storage, ceph, thresholds.Storage) });
            return rows;
        }

        private static McpCapacity Row(McpCapacityScope scope, string name, string zone, IReadOnlyCollection<string> nodes,
            IReadOnlyList<CapacityCollection> collections, CapacityThresholds thresholds)
        {
            McpCapacityResource? Resource(CapacityResourceKind kind) =>
                CapacityForecast.Of(kind, CapacitySeries.Sum(collections, nodes, kind), thresholds.Of(kind));
            return new McpCapacity
            {
                Scope = scope,
                Name = name,
                Zone = zone,
                NodeCount = nodes.Count,
                Cpu = Resource(CapacityResourceKind.Cpu),
                Memory = Resource(CapacityResourceKind.Memory),
                Storage = Resource(CapacityResourceKind.Storage),
            };
        }

        /// Metrics given (Get-McpMetric's, a recorded file) as history entries: one per node and time.
        internal static List<HealthHistoryEntry> EntriesOf(IEnumerable<McpMetric> metrics) =>
            metrics.GroupBy(m => (m.Node ?? "", m.Timestamp))
                .Select(g => new HealthHistoryEntry(g.Key.Timestamp, g.Key.Item1, g.ToList()))
                .ToList();
    }
}
