#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Report
{
    /// A row of the heatmap: a node with its status, or (Node empty) the alarms evaluated once for
    /// the whole cluster (Ceph's health, HTTP endpoints).
    internal sealed class HeatmapRow
    {
        internal HeatmapRow(string node, McpHealthStatus? nodeStatus, McpHealthState? status)
        {
            Node = node;
            NodeStatus = nodeStatus;
            Status = status;
        }

        /// Empty for the cluster-wide alarms.
        internal string Node { get; }
        /// The node's status as given; null when only its alarms were given.
        internal McpHealthStatus? NodeStatus { get; }
        /// The node's status, or the worst of its alarms when no node status was given; null for a
        /// row of no alarm with a status.
        internal McpHealthState? Status { get; }
        internal List<HeatmapCell> Cells { get; } = new List<HeatmapCell>();
    }
}
