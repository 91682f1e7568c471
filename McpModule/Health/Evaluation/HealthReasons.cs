#nullable enable
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Evaluation
{
    /// Turns the engine's alerts into the reasons users see.
    internal static class HealthReasons
    {
        internal static McpHealthReason From(HealthAlert alert, string alarm, string node) => new McpHealthReason
        {
            Node = node,
            Alarm = alarm,
            Trigger = alert.Trigger,
            Severity = alert.Severity,
            Metric = alert.Rule.Metric,
            Function = alert.Rule.Function,
            Operator = alert.Rule.RelationalOperator,
            Threshold = alert.Rule.Threshold,
            // afd.lua reports -1 for a series without a value; the message says which it was.
            Value = alert.Message.StartsWith("No datapoint", System.StringComparison.Ordinal) ? (double?)null : alert.Value,
            Window = alert.Rule.Window,
            Periods = alert.Rule.Periods,
            Fields = alert.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Message = alert.Message,
        };

        /// The reasons of the statuses that are not okay, each once, worst first.
        internal static List<McpHealthReason> Of(IEnumerable<McpHealthStatus> statuses) =>
            statuses.Where(s => s.Status != McpHealthState.Okay).SelectMany(s => s.Reasons).Distinct()
                .OrderByDescending(r => (int)r.Severity).ToList();
    }
}
