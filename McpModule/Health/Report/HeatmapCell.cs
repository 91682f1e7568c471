#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Report
{
    /// A node's alarms of one column and their worst status (StackLight's max_status, as a node's
    /// status is made); Status is null when the node has none of the column's alarms.
    internal sealed class HeatmapCell
    {
        internal HeatmapCell(HeatmapRow row, HeatmapColumn column, IReadOnlyList<McpHealthStatus> alarms)
        {
            Row = row;
            Column = column;
            Alarms = alarms;
            McpHealthState? worst = null;
            foreach (var alarm in alarms) worst = HealthStatuses.Worst(worst, alarm.Status);
            Status = worst;
        }

        internal HeatmapRow Row { get; }
        internal HeatmapColumn Column { get; }
        internal IReadOnlyList<McpHealthStatus> Alarms { get; }
        internal McpHealthState? Status { get; }
    }
}
