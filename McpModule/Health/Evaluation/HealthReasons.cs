#nullable enable
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Evaluation
{
    /// Turns the engine's alerts into the reasons users see.
    internal static class HealthReasons
    {
        /// status: the alarm's; a rule without data reports it (its no_data_policy's), not the
        /// severity the trigger would have had.
        internal static McpHealthReason From(HealthAlert alert, string alarm, string node, McpHealthState status)
        {
            var noData = alert.Message.StartsWith("No datapoint", System.StringComparison.Ordinal);
            return new McpHealthReason
            {
                Node = node,
                Alarm = alarm,
                Trigger = alert.Trigger,
                Severity = noData ? status : alert.Severity,
                Metric = alert.Rule.Metric,
                Function = alert.Rule.Function,
                Operator = alert.Rule.RelationalOperator,
                Threshold = alert.Rule.Threshold,
                // afd.lua reports -1 for a series without a value; the message says which it was.
                Value = noData ? (double?)null : alert.Value,
                Window = alert.Rule.Window,
                Periods = alert.Rule.Periods,
                Fields = alert.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value),
                Message = alert.Message,
            };
        }

        /// The same alert: node, alarm, trigger and series (gse_cluster.lua's subtract_alarms).
        internal static bool Same(McpHealthReason a, McpHealthReason b) =>
            a.Node == b.Node && a.Alarm == b.Alarm && a.Trigger == b.Trigger && a.Metric == b.Metric
            && a.Fields.Count == b.Fields.Count && a.Fields.All(f => b.Fields.TryGetValue(f.Key, out var v) && v == f.Value);

        /// A dependency's reason as the cluster that depends on it reports it.
        internal static McpHealthReason From(McpHealthReason reason, string dependency) => new McpHealthReason
        {
            Node = reason.Node, Alarm = reason.Alarm, Trigger = reason.Trigger, Severity = reason.Severity, Metric = reason.Metric,
            Function = reason.Function, Operator = reason.Operator, Threshold = reason.Threshold, Value = reason.Value,
            Window = reason.Window, Periods = reason.Periods, Fields = reason.Fields, Message = reason.Message,
            Dependency = reason.Dependency.Length > 0 ? reason.Dependency : dependency,
        };

        /// The reasons of the statuses that are not okay, each once, worst first (StackLight's
        /// numbers: down, critical, unknown, warn).
        internal static List<McpHealthReason> Of(IEnumerable<McpHealthStatus> statuses) =>
            statuses.Where(s => s.Status != McpHealthState.Okay).SelectMany(s => s.Reasons).Distinct()
                .OrderByDescending(r => (int)r.Severity).ToList();

        /// A node's reasons: those of its alarms whose status is the node's (an okay node has none;
        /// an alarm without data does not explain a node that is warn).
        internal static List<McpHealthReason> OfNode(IEnumerable<McpHealthStatus> alarms, McpHealthState status) =>
            status == McpHealthState.Okay ? new List<McpHealthReason>() : Of(alarms.Where(a => a.Status == status));
    }
}
