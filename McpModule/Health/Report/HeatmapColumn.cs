#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Report
{
    /// A column of the heatmap: a service (a GSE cluster whose members are alarms) with its own
    /// status; or, when no service was given (a -Level Alarm list), one alarm by name; or the alarms
    /// that are members of no service given.
    internal sealed class HeatmapColumn
    {
        internal HeatmapColumn(string name, McpHealthStatus? service, IReadOnlyList<McpHealthStatus> alarms)
        {
            Name = name;
            Service = service;
            Alarms = alarms;
        }

        internal string Name { get; }
        /// Null for a column of alarms that no service given holds.
        internal McpHealthStatus? Service { get; }
        internal IReadOnlyList<McpHealthStatus> Alarms { get; }
    }
}
