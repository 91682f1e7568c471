#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace McpModule.Health.Export
{
    /// Metrics and statuses in InfluxDB's line protocol, in StackLight's schema (its lma_collector
    /// wrote the same): the measurement is the metric's name, one float field `value`, the node as
    /// the tag `hostname` and the dimensions as further tags, sorted; each sample at its own time in
    /// nanoseconds. Statuses go to `node_status` (hostname), `alarm_status` (hostname, alarm),
    /// `cluster_service_status` and `cluster_status` (cluster_name) with StackLight's numbers.
    internal static class InfluxLineProtocol
    {
        /// The text, and how many samples the protocol cannot carry (NaN and infinite values) were
        /// left out.
        internal static (string Text, int Skipped) Write(IEnumerable<McpMetric> metrics, IEnumerable<McpHealthStatus> statuses)
        {
            var text = new StringBuilder();
            var skipped = 0;
            foreach (var m in metrics)
            {
                var tags = new List<KeyValuePair<string, string>> { Tag("hostname", m.Node) };
                if (m.Dimensions != null)
                    tags.AddRange(m.Dimensions.Where(d => d.Key != "hostname").Select(d => Tag(d.Key, d.Value)));
                if (!Point(text, m.Name, tags, m.Value, m.Timestamp)) skipped++;
            }
            foreach (var s in statuses)
            {
                var (measurement, tags) = StatusSeries(s);
                Point(text, measurement, tags, (int)s.Status, s.Timestamp == default ? DateTimeOffset.UtcNow : s.Timestamp);
            }
            return (text.ToString(), skipped);
        }

        private static (string, List<KeyValuePair<string, string>>) StatusSeries(McpHealthStatus s)
        {
            switch (s.Level)
            {
                case McpHealthLevel.Node:
                    return ("node_status", new List<KeyValuePair<string, string>> { Tag("hostname", s.Entity) });
                case McpHealthLevel.Alarm:
                    return ("alarm_status", new List<KeyValuePair<string, string>> { Tag("hostname", s.Node), Tag("alarm", s.Entity) });
                case McpHealthLevel.Service:
                    return ("cluster_service_status", new List<KeyValuePair<string, string>> { Tag("cluster_name", s.Entity) });
                default:
                    return ("cluster_status", new List<KeyValuePair<string, string>> { Tag("cluster_name", s.Entity) });
            }
        }

        private static KeyValuePair<string, string> Tag(string key, string? value) => new KeyValuePair<string, string>(key, value ?? "");

        private static bool Point(StringBuilder text, string measurement, List<KeyValuePair<string, string>> tags, double value, DateTimeOffset time)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return false;
            var name = Escape(OneLine(measurement), MeasurementSpecials);
            // A line starting with # is a comment to the parser; a point needs a measurement.
            text.Append(name.Length == 0 || name[0] == '#' ? "_" + name : name);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // InfluxDB refuses an empty tag key or value (the tag is left out, as StackLight did) and
            // a key named time; sorted tags are what it stores, so it need not sort them.
            foreach (var tag in tags.Select(t => new KeyValuePair<string, string>(Escape(Key(t.Key), TagSpecials), Escape(OneLine(t.Value), TagSpecials)))
                                    .Where(t => t.Key.Length > 0 && t.Value.Length > 0)
                                    .OrderBy(t => t.Key, StringComparer.Ordinal))
                if (seen.Add(tag.Key)) text.Append(',').Append(tag.Key).Append('=').Append(tag.Value);
            text.Append(" value=").Append(value.ToString("R", CultureInfo.InvariantCulture));
            text.Append(' ').Append(Nanoseconds(time).ToString(CultureInfo.InvariantCulture)).Append('\n');
            return true;
        }

        private static readonly char[] TagSpecials = ",= ".ToCharArray();
        private static readonly char[] MeasurementSpecials = ", ".ToCharArray();

        private static string Key(string key)
        {
            var k = OneLine(key);
            return k == "time" ? "_time" : k;
        }

        // The protocol has no escape for a line break: it would end the point.
        private static string OneLine(string value) => value.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');

        /// A backslash before each special character. InfluxDB 1.x keeps any other backslash as it
        /// is and has no escape for one that ends the text or comes before a special character (its
        /// parser takes it with the next character), so such a backslash is left out.
        internal static string Escape(string value, char[] specials)
        {
            var sb = new StringBuilder(value.Length + 4);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '\\' && (i + 1 == value.Length || Array.IndexOf(specials, value[i + 1]) >= 0)) continue;
                if (Array.IndexOf(specials, c) >= 0) sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }

        private static long Nanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(0).UtcTicks) * 100;
    }
}
