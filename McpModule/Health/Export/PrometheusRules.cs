#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using McpModule.Health.Definitions;

namespace McpModule.Health.Export
{
    /// A model's AFD triggers as Prometheus alerting rules over what Export-McpHealth exposes: each
    /// rule a `<function>_over_time` of its `mcp_<metric>` series (fields as label matchers) over
    /// window × periods, compared with its threshold; a trigger's rules joined by `or` (or `and
    /// on(node)`), its severity, alarm and dimension as labels. Nodes whose trigger reads the same
    /// are one rule, matched by node name. What PromQL cannot say as StackLight meant it (diff, roc,
    /// no_data_policy) is left out and said in a comment.
    internal static class PrometheusRules
    {
        internal static string Write(ModelHealthDefinitions definitions)
        {
            var text = new StringBuilder("# Prometheus alerting rules from the model's health alarms (McpModule Export-McpHealth -Format PrometheusRules).\n");
            text.Append("groups:\n");
            var allNodes = definitions.Nodes.Keys.ToList();
            // expr and labels -> the nodes it is for, in the order first seen
            var byNode = new Dictionary<string, (HealthAlarm Alarm, AlarmTrigger Trigger, string Expr, List<string> Nodes)>(StringComparer.Ordinal);
            var skipped = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var node in definitions.Nodes.Values)
                foreach (var alarm in node.CreateAlarms())
                    foreach (var trigger in alarm.Triggers)
                    {
                        var expr = Expression(trigger, "node=~\"{NODES}\"", out var why);
                        if (expr == null) { skipped.Add(trigger.Name + ": " + why); continue; }
                        var key = alarm.Name + "\u0001" + trigger.Name + "\u0001" + expr;
                        if (!byNode.TryGetValue(key, out var entry)) byNode[key] = entry = (alarm, trigger, expr, new List<string>());
                        entry.Nodes.Add(node.Node);
                    }
            Group(text, "mcp_node_alarms", byNode.Values.Select(e => (e.Alarm, e.Trigger,
                e.Expr.Replace("{NODES}", string.Join("|", e.Nodes.Select(RegexEscape))))));

            var remote = new List<(HealthAlarm, AlarmTrigger, string)>();
            foreach (var alarm in definitions.CreateRemoteAlarms())
                foreach (var trigger in alarm.Triggers)
                {
                    var expr = Expression(trigger, "node=\"\"", out var why);
                    if (expr == null) skipped.Add(trigger.Name + ": " + why);
                    else remote.Add((alarm, trigger, expr));
                }
            Group(text, "mcp_cluster_alarms", remote);
            foreach (var s in skipped) text.Append("# not exported: ").Append(s).Append('\n');
            return text.ToString();
        }

        private static void Group(StringBuilder text, string name, IEnumerable<(HealthAlarm Alarm, AlarmTrigger Trigger, string Expr)> rules)
        {
            var list = rules.ToList();
            text.Append("- name: ").Append(name).Append('\n');
            text.Append("  rules:").Append(list.Count == 0 ? " []\n" : "\n");
            foreach (var (alarm, trigger, expr) in list)
            {
                text.Append("  - alert: ").Append(Quote(trigger.Name)).Append('\n');
                text.Append("    expr: ").Append(Quote(expr)).Append('\n');
                text.Append("    labels:\n");
                text.Append("      severity: ").Append(Quote(Severity(trigger.Severity))).Append('\n');
                text.Append("      alarm: ").Append(Quote(alarm.Name)).Append('\n');
                foreach (var d in alarm.Dimension.Where(d => d.Key != "severity" && d.Key != "alarm"))
                    text.Append("      ").Append(PrometheusExposition.Name(d.Key)).Append(": ").Append(Quote(d.Value)).Append('\n');
                if (trigger.Description.Length > 0)
                    text.Append("    annotations:\n      description: ").Append(Quote(trigger.Description)).Append('\n');
            }
        }

        // The trigger's PromQL; null (with why) when a rule has no form in it.
        private static string? Expression(AlarmTrigger trigger, string nodeMatcher, out string why)
        {
            var parts = new List<string>();
            foreach (var rule in trigger.Rules)
            {
                var function = OverTime(rule.Function);
                if (function == null) { why = "function " + rule.Function + " has no PromQL form here"; return null; }
                var matchers = new List<string> { nodeMatcher };
                foreach (var f in rule.Fields)
                    matchers.Add(PrometheusExposition.Name(f.Key) + (f.Value == "*" ? "=~\".+\"" : "=\"" + PrometheusExposition.Escape(f.Value) + "\""));
                var range = Math.Max(1, (long)Math.Ceiling(rule.Window * rule.Periods)).ToString(CultureInfo.InvariantCulture) + "s";
                parts.Add(function + "(mcp_" + PrometheusExposition.Name(rule.Metric) + "{" + string.Join(",", matchers) + "}[" + range + "]) "
                    + Operator(rule.RelationalOperator) + " " + rule.Threshold.ToString("R", CultureInfo.InvariantCulture));
            }
            why = "";
            if (parts.Count == 1) return parts[0];
            var join = trigger.LogicalOperator == "and" ? " and on(node) " : " or ";
            return string.Join(join, parts.Select(p => "(" + p + ")"));
        }

        private static string? OverTime(string function)
        {
            switch (function)
            {
                case "last": return "last_over_time";
                case "min": return "min_over_time";
                case "max": return "max_over_time";
                case "avg": return "avg_over_time";
                case "sum": return "sum_over_time";
                case "sd": return "stddev_over_time";
                case "variance": return "stdvar_over_time";
                default: return null;   // diff and roc: Heka's row arithmetic has no PromQL twin
            }
        }

        private static string Operator(string op)
        {
            switch (op)
            {
                case "eq": return "==";
                case "ne": return "!=";
                case "gte": return ">=";
                case "gt": return ">";
                case "lte": return "<=";
                case "lt": return "<";
                default: return op;
            }
        }

        private static string Severity(McpHealthState s) =>
            s == McpHealthState.Warn ? "warning" : s == McpHealthState.Critical ? "critical" : s == McpHealthState.Down ? "down" : s == McpHealthState.Unknown ? "unknown" : "okay";

        private static string RegexEscape(string s)
        {
            var sb = new StringBuilder();
            foreach (var c in s) { if ("\\.+*?()|[]{}^$".IndexOf(c) >= 0) sb.Append("\\\\"); else if (c == '"') sb.Append('\\'); sb.Append(c); }
            return sb.ToString();
        }

        // A YAML double-quoted scalar.
        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
