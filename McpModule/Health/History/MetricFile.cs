#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace McpModule.Health.History
{
    /// Metrics recorded to a file, for Get-McpHealth -MetricPath: a JSON array of metrics as
    /// `Get-McpMetric | ConvertTo-Json` writes them (Name, Value, Timestamp, Node, Dimensions; any
    /// case), one such object alone, or a health history file (one entry a line).
    internal static class MetricFile
    {
        internal const long MaxBytes = 1L << 30;

        internal static List<McpMetric> Read(string path)
        {
            if (new FileInfo(path).Length > MaxBytes) throw new FormatException($"'{path}' is larger than {MaxBytes >> 20} MB.");
            var text = File.ReadAllText(path);
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("{\"v\":", StringComparison.Ordinal))
            {
                var metrics = new List<McpMetric>();
                var lines = text.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Trim().Length == 0) continue;
                    var entry = HealthHistoryFormat.Parse(lines[i]) ?? throw new FormatException($"{path}:{i + 1}: not a health history entry.");
                    metrics.AddRange(entry.Metrics);
                }
                return metrics;
            }
            JsonDocument doc;
            try { doc = JsonDocument.Parse(text); }
            catch (JsonException e) { throw new FormatException($"'{path}' is not JSON: {e.Message}", e); }
            using (doc)
            {
                var root = doc.RootElement;
                var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : new List<JsonElement> { root };
                var metrics = new List<McpMetric>();
                for (int i = 0; i < items.Count; i++) metrics.Add(Metric(items[i], path, i));
                return metrics;
            }
        }

        private static McpMetric Metric(JsonElement item, string path, int index)
        {
            string where = $"{path}: metric {index}";
            if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"{where} is not an object.");
            var props = item.EnumerateObject().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
            JsonElement Get(string name) => props.TryGetValue(name, out var v) ? v : throw new FormatException($"{where} has no {name}.");
            var metric = new McpMetric { Name = Get("Name").GetString() ?? throw new FormatException($"{where} has no Name.") };
            var value = Get("Value");
            metric.Value = value.ValueKind == JsonValueKind.Number ? value.GetDouble()
                : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : throw new FormatException($"{where}: Value is not a number.");
            var time = Get("Timestamp");
            if (time.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t))
                throw new FormatException($"{where}: Timestamp is not a date and time.");
            metric.Timestamp = t;
            if (props.TryGetValue("Node", out var node) && node.ValueKind == JsonValueKind.String) metric.Node = node.GetString() ?? "";
            if (props.TryGetValue("Dimensions", out var dims) && dims.ValueKind == JsonValueKind.Object)
                foreach (var d in dims.EnumerateObject()) metric.Dimensions[d.Name] = d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() ?? "" : d.Value.GetRawText();
            return metric;
        }
    }
}
