#nullable enable
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace McpModule.Health.Report
{
    /// The text a report shows on hover (a title attribute) and in the details panel: a first line
    /// that says what and its status, then each alarm as "name: Status" and each reason indented
    /// under it. The page's script reads these lines back, so the shape is kept here in one place.
    internal static class StatusText
    {
        /// Past this many lines, one says how many more there are: a cluster of 300 down nodes
        /// would otherwise carry 300 reasons in each of its titles.
        internal const int MaxLines = 60;

        internal const string ClusterWide = "(cluster-wide)";

        internal static string NodeName(string node) => node.Length == 0 ? ClusterWide : node;

        internal static string OfCell(HeatmapCell cell)
        {
            var lines = new List<string>();
            var head = NodeName(cell.Row.Node) + " · " + cell.Column.Name + ": ";
            if (cell.Status == null)
            {
                lines.Add(head + "no alarm of it on this node");
                return Join(lines);
            }
            lines.Add(head + cell.Status);
            foreach (var alarm in cell.Alarms.OrderByDescending(a => HealthStatuses.Weight(a.Status)).ThenBy(a => a.Entity, System.StringComparer.Ordinal))
            {
                lines.Add(alarm.Entity + ": " + alarm.Status);
                lines.AddRange(alarm.Reasons.Select(Reason));
            }
            return Join(lines);
        }

        /// A node, service or cluster: its status, its policy, and its reasons.
        internal static string OfStatus(McpHealthStatus status, string name)
        {
            var lines = new List<string>();
            var what = status.Level + (status.Policy.Length > 0 ? ", " + status.Policy : "");
            lines.Add(name + " (" + what + "): " + status.Status);
            lines.AddRange(status.Reasons.Select(Reason));
            return Join(lines);
        }

        /// A row of alarms only, without a node status: the worst of its alarms.
        internal static string OfRow(HeatmapRow row)
        {
            if (row.NodeStatus != null) return OfStatus(row.NodeStatus, NodeName(row.Node));
            var lines = new List<string> { NodeName(row.Node) + " (worst of its alarms): " + (row.Status?.ToString() ?? "none") };
            return Join(lines);
        }

        // Indented: the script tells a reason from an alarm by it.
        private static string Reason(McpHealthReason reason)
        {
            var text = new StringBuilder("  ").Append(reason);
            if (reason.Message.Length > 0) text.Append(" — ").Append(reason.Message);
            if (reason.Dependency.Length > 0) text.Append(" (from ").Append(reason.Dependency).Append(')');
            return text.ToString().Replace('\n', ' ').Replace('\r', ' ');
        }

        private static string Join(List<string> lines)
        {
            if (lines.Count > MaxLines)
            {
                var more = lines.Count - (MaxLines - 1);
                lines = lines.Take(MaxLines - 1).ToList();
                lines.Add("… and " + more + " more line(s)");
            }
            return string.Join("\n", lines.Select(l => l.Replace('\n', ' ').Replace('\r', ' ')));
        }
    }
}
