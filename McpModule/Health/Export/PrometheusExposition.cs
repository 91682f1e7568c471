#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace McpModule.Health.Export
{
    /// Metrics and statuses in Prometheus' text exposition format (0.0.4), as node_exporter's
    /// textfile collector and a scrape read it: each metric a family `mcp_<name>` (a gauge) with the
    /// node and the dimensions as labels, every sample of a family together under its HELP and TYPE;
    /// each status a sample of `mcp_health_status` (StackLight's numbers: 0 okay, 1 warn, 2 unknown,
    /// 3 critical, 4 down) labelled level, entity and node.
    internal static class PrometheusExposition
    {
        internal const string StatusFamily = "mcp_health_status";

        internal static string Write(IEnumerable<McpMetric> metrics, IEnumerable<McpHealthStatus> statuses, bool timestamps)
        {
            var text = new StringBuilder();
            foreach (var family in metrics.GroupBy(m => "mcp_" + Name(m.Name)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append("# HELP ").Append(family.Key).Append(" McpModule metric ").Append(Help(family.First().Name)).Append('\n');
                text.Append("# TYPE ").Append(family.Key).Append(" gauge\n");
                // one sample per series: the newest (a scrape has one value a series)
                var series = new Dictionary<string, McpMetric>(StringComparer.Ordinal);
                foreach (var m in family)
                {
                    var labels = Labels(Pairs(m));
                    if (!series.TryGetValue(labels, out var seen) || seen.Timestamp <= m.Timestamp) series[labels] = m;
                }
                foreach (var entry in series.OrderBy(e => e.Key, StringComparer.Ordinal))
                    Sample(text, family.Key, entry.Key, entry.Value.Value, timestamps ? entry.Value.Timestamp : (DateTimeOffset?)null);
            }
            var list = statuses.ToList();
            if (list.Count > 0)
            {
                text.Append("# HELP ").Append(StatusFamily).Append(" McpModule health status (0 okay, 1 warn, 2 unknown, 3 critical, 4 down)\n");
                text.Append("# TYPE ").Append(StatusFamily).Append(" gauge\n");
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var s in list)
                {
                    var labels = Labels(new[]
                    {
                        new KeyValuePair<string, string>("level", s.Level.ToString().ToLowerInvariant()),
                        new KeyValuePair<string, string>("entity", s.Entity),
                        new KeyValuePair<string, string>("node", s.Node),
                    });
                    if (written.Add(labels)) Sample(text, StatusFamily, labels, (int)s.Status, timestamps && s.Timestamp != default ? s.Timestamp : (DateTimeOffset?)null);
                }
            }
            return text.ToString();
        }

        private static void Sample(StringBuilder text, string family, string labels, double value, DateTimeOffset? time)
        {
            text.Append(family).Append(labels).Append(' ').Append(Value(value));
            if (time.HasValue) text.Append(' ').Append(time.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }

        private static IEnumerable<KeyValuePair<string, string>> Pairs(McpMetric m)
        {
            yield return new KeyValuePair<string, string>("node", m.Node ?? "");
            if (m.Dimensions == null) yield break;
            foreach (var d in m.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal))
                if (Name(d.Key) != "node") yield return new KeyValuePair<string, string>(Name(d.Key), d.Value ?? "");
        }

        private static string Labels(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var parts = pairs.Where(p => seen.Add(p.Key)).Select(p => p.Key + "=\"" + Escape(p.Value) + "\"");
            return "{" + string.Join(",", parts) + "}";
        }

        /// A metric or label name Prometheus takes: [a-zA-Z_][a-zA-Z0-9_]*, any other character an
        /// underscore, a leading digit prefixed with one. (Label names starting __ are Prometheus' own.)
        internal static string Name(string name)
        {
            var sb = new StringBuilder(name.Length + 1);
            foreach (var c in name)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
            if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
            while (sb.Length > 1 && sb[0] == '_' && sb[1] == '_') sb.Remove(0, 1);
            return sb.ToString();
        }

        /// A label value: backslash, double quote and line feed escaped, as the format asks.
        internal static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

        private static string Help(string name) => name.Replace("\\", "\\\\").Replace("\n", "\\n");

        private static string Value(double v)
        {
            if (double.IsNaN(v)) return "NaN";
            if (double.IsPositiveInfinity(v)) return "+Inf";
            if (double.IsNegativeInfinity(v)) return "-Inf";
            return v.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
