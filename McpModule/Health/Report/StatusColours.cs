#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Report
{
    /// The colour of each status in the report, after StackLight's Grafana dashboards (green okay,
    /// yellow warning, grey-blue unknown, orange critical, red down), and the CSS class that carries
    /// it: s- and StackLight's label (s-okay, s-warn, s-unkw, s-crit, s-down).
    internal static class StatusColours
    {
        /// Worst last, as the legend reads.
        internal static readonly IReadOnlyList<McpHealthState> LegendOrder = new[]
        {
            McpHealthState.Okay, McpHealthState.Warn, McpHealthState.Unknown, McpHealthState.Critical, McpHealthState.Down,
        };

        /// A cell whose node has none of its service's alarms.
        internal const string Blank = "#2c3038";

        internal static string Colour(McpHealthState status)
        {
            switch (status)
            {
                case McpHealthState.Okay: return "#299c46";
                case McpHealthState.Warn: return "#f2cc0c";
                case McpHealthState.Unknown: return "#6f8aa8";
                case McpHealthState.Critical: return "#ff780a";
                default: return "#e02f44";
            }
        }

        /// Text that reads on the colour: dark on yellow and orange, white on the rest.
        internal static string TextColour(McpHealthState status) =>
            status == McpHealthState.Warn || status == McpHealthState.Critical ? "#111217" : "#ffffff";

        internal static string CssClass(McpHealthState status) => "s-" + HealthStatuses.Label(status);
    }
}
