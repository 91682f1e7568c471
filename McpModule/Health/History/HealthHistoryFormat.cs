#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace McpModule.Health.History
{
    /// The history file's lines: one JSON object per entry, so an append is one write and a line cut
    /// short by a crash spoils only itself.
    ///   {"v":1,"t":"2026-12-03T12:00:00.0000000+00:00","node":"ctl01","c":{...},
    ///    "m":[{"n":"fs_space_percent_free","v":71.2,"t":"...","d":{"fs":"/"}}]}
    /// A metric's "t" is left out when it is the entry's.
    internal static class HealthHistoryFormat
    {
        internal const int Version = 1;

        internal static string Line(HealthHistoryEntry entry)
        {
            using (var stream = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(stream))
                {
                    w.WriteStartObject();
                    w.WriteNumber("v", Version);
                    w.WriteString("t", entry.Time.ToString("o", CultureInfo.InvariantCulture));
                    w.WriteString("node", entry.Node);
                    if (entry.Counters != null)
                    {
                        w.WritePropertyName("c");
                        using (var counters = JsonDocument.Parse(entry.Counters)) counters.RootElement.WriteTo(w);
                    }
                    w.WriteStartArray("m");
                    foreach (var m in entry.Metrics)
                    {
                        w.WriteStartObject();
                        w.WriteString("n", m.Name);
                        if (double.IsNaN(m.Value) || double.IsInfinity(m.Value)) w.WriteString("v", m.Value.ToString("R", CultureInfo.InvariantCulture));
                        else w.WriteNumber("v", m.Value);
                        if (m.Timestamp != entry.Time) w.WriteString("t", m.Timestamp.ToString("o", CultureInfo.InvariantCulture));
                        if (m.Dimensions != null && m.Dimensions.Count > 0)
                        {
                            w.WriteStartObject("d");
                            foreach (var d in m.Dimensions) w.WriteString(d.Key, d.Value);
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        /// The entry of a line; null when the line is not one (cut short, another version, hand-edited).
        internal static HealthHistoryEntry? Parse(string line)
        {
            try
            {
                using (var doc = JsonDocument.Parse(line))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != Version) return null;
                    var time = DateTimeOffset.Parse(root.GetProperty("t").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                    var node = root.GetProperty("node").GetString() ?? "";
                    string? counters = root.TryGetProperty("c", out var c) ? c.GetRawText() : null;
                    var metrics = new List<McpMetric>();
                    foreach (var m in root.GetProperty("m").EnumerateArray())
                    {
                        var metric = new McpMetric
                        {
                            Name = m.GetProperty("n").GetString() ?? "",
                            Node = node,
                            Timestamp = m.TryGetProperty("t", out var t) ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : time,
                        };
                        var value = m.GetProperty("v");
                        metric.Value = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture);
                        if (m.TryGetProperty("d", out var d))
                            foreach (var p in d.EnumerateObject()) metric.Dimensions[p.Name] = p.Value.GetString() ?? "";
                        metrics.Add(metric);
                    }
                    return new HealthHistoryEntry(time, node, metrics, counters);
                }
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidOperationException || e is KeyNotFoundException || e is ArgumentException)
            {
                return null;
            }
        }
    }
}
