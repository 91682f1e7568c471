#nullable enable
using System;

namespace McpModule.Health
{
    /// StackLight's statuses, with StackLight's numbers (gse_constants.lua: OKAY=0, WARN=1, UNKW=2,
    /// CRIT=3, DOWN=4; Grafana colours by them). Their severity order is not their numbers: see
    /// <see cref="HealthStatuses.Worst"/>.
    internal enum McpHealthStatus
    {
        Okay = 0,
        Warn = 1,
        Unkw = 2,
        Crit = 3,
        Down = 4,
    }

    internal static class HealthStatuses
    {
        /// gse_utils.lua's STATUS_WEIGHTS: UNKW 0 &lt; OKAY 1 &lt; WARN 2 &lt; CRIT 3 &lt; DOWN 4. An unknown
        /// status never wins over a known one.
        internal static int Weight(McpHealthStatus status)
        {
            switch (status)
            {
                case McpHealthStatus.Unkw: return 0;
                case McpHealthStatus.Okay: return 1;
                case McpHealthStatus.Warn: return 2;
                case McpHealthStatus.Crit: return 3;
                default: return 4;
            }
        }

        /// gse_utils.max_status: the heavier of two; null (no status) loses to anything; on equal
        /// weights the second wins (they are the same status).
        internal static McpHealthStatus? Worst(McpHealthStatus? first, McpHealthStatus? second)
        {
            if (first == null) return second;
            if (second == null) return first;
            return Weight(first.Value) > Weight(second.Value) ? first : second;
        }

        /// The words of the pillar (afd_alarm.lua's SEVERITIES, gse_policy.lua's STATUS_VALUES):
        /// okay, warning, unknown, critical, down, any case. Null when the word is none of them.
        internal static McpHealthStatus? FromWord(string word)
        {
            switch (word.ToLowerInvariant())
            {
                case "okay": return McpHealthStatus.Okay;
                case "warning": return McpHealthStatus.Warn;
                case "unknown": return McpHealthStatus.Unkw;
                case "critical": return McpHealthStatus.Crit;
                case "down": return McpHealthStatus.Down;
                default: return null;
            }
        }

        /// StackLight's label (gse_constants.status_label): okay, warn, unkw, crit, down.
        internal static string Label(McpHealthStatus status) => status.ToString().ToLowerInvariant();
    }

    /// A relational operator of a rule (`relational_operator`): ==, !=, &gt;=, &gt;, &lt;=, &lt; or
    /// their words eq, ne, gte, gt, lte, lt.
    internal static class Threshold
    {
        internal static bool IsOperator(string op) =>
            op == "==" || op == "eq" || op == "!=" || op == "ne" || op == ">=" || op == "gte"
            || op == ">" || op == "gt" || op == "<=" || op == "lte" || op == "<" || op == "lt";

        /// gse_utils.compare_threshold; NaN compares false except with != (as in Lua).
        internal static bool Compare(double value, string op, double threshold)
        {
            switch (op)
            {
                case "==": case "eq": return value == threshold;
                case "!=": case "ne": return value != threshold;
                case ">=": case "gte": return value >= threshold;
                case ">": case "gt": return value > threshold;
                case "<=": case "lte": return value <= threshold;
                case "<": case "lt": return value < threshold;
                default: throw new ArgumentException("Unknown relational operator: " + op, nameof(op));
            }
        }
    }
}
