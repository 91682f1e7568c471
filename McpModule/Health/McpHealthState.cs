#nullable enable
using System;

namespace McpModule.Health
{
    /// A health status, StackLight's five (OKAY, WARN, UNKW, CRIT, DOWN) with StackLight's numbers (gse_constants.lua: OKAY=0, WARN=1, UNKW=2,
    /// CRIT=3, DOWN=4; Grafana colours by them). Their severity order is not their numbers: see
    /// <see cref="HealthStatuses.Worst"/>.
    public enum McpHealthState
    {
        Okay = 0,
        Warn = 1,
        Unknown = 2,
        Critical = 3,
        Down = 4,
    }

    internal static class HealthStatuses
    {
        /// gse_utils.lua's STATUS_WEIGHTS: UNKW 0 &lt; OKAY 1 &lt; WARN 2 &lt; CRIT 3 &lt; DOWN 4. An unknown
        /// status never wins over a known one.
        internal static int Weight(McpHealthState status)
        {
            switch (status)
            {
                case McpHealthState.Unknown: return 0;
                case McpHealthState.Okay: return 1;
                case McpHealthState.Warn: return 2;
                case McpHealthState.Critical: return 3;
                default: return 4;
            }
        }

        /// gse_utils.max_status: the heavier of two; null (no status) loses to anything; on equal
        /// weights the second wins (they are the same status).
        internal static McpHealthState? Worst(McpHealthState? first, McpHealthState? second)
        {
            if (first == null) return second;
            if (second == null) return first;
            return Weight(first.Value) > Weight(second.Value) ? first : second;
        }

        /// The words of the pillar (afd_alarm.lua's SEVERITIES, gse_policy.lua's STATUS_VALUES):
        /// okay, warning, unknown, critical, down, any case. Null when the word is none of them.
        internal static McpHealthState? FromWord(string word)
        {
            switch (word.ToLowerInvariant())
            {
                case "okay": return McpHealthState.Okay;
                case "warning": return McpHealthState.Warn;
                case "unknown": return McpHealthState.Unknown;
                case "critical": return McpHealthState.Critical;
                case "down": return McpHealthState.Down;
                default: return null;
            }
        }

        /// The status of a StackLight label (okay, warn, unkw, crit, down); null for any other word.
        internal static McpHealthState? FromLabel(string label)
        {
            foreach (McpHealthState status in Enum.GetValues(typeof(McpHealthState)))
                if (Label(status) == label) return status;
            return null;
        }

        /// StackLight's label (gse_constants.status_label): okay, warn, unkw, crit, down.
        internal static string Label(McpHealthState status)
        {
            switch (status)
            {
                case McpHealthState.Okay: return "okay";
                case McpHealthState.Warn: return "warn";
                case McpHealthState.Unknown: return "unkw";
                case McpHealthState.Critical: return "crit";
                default: return "down";
            }
        }
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
