#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace McpModule.Health.Export
{
    /// Statuses as Sensu check results, one JSON object a line: what a Sensu client's socket
    /// (port 3030, one result a connection) and its HTTP /results take. Sensu's rules (its client
    /// socket's validation): name and source only word characters, dots and dashes; status and
    /// executed integers; output a string; 7-bit ASCII. A node's and an alarm's result has the node
    /// as its source (Sensu makes a proxy client of it); a service's and a cluster's has none.
    internal static class SensuCheckResults
    {
        internal static string Write(IEnumerable<McpHealthStatus> statuses)
        {
            var text = new StringBuilder();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in statuses)
            {
                var (name, source) = NameAndSource(s);
                if (!written.Add(name + "\n" + source)) continue;
                text.Append(Line(s, name, source)).Append('\n');
            }
            return text.ToString();
        }

        private static (string Name, string Source) NameAndSource(McpHealthStatus s)
        {
            switch (s.Level)
            {
                case McpHealthLevel.Node: return ("mcp_node_health", Word(s.Entity));
                case McpHealthLevel.Alarm: return ("mcp_alarm_" + Word(s.Entity), s.Node.Length > 0 ? Word(s.Node) : "");
                case McpHealthLevel.Service: return ("mcp_service_" + Word(s.Entity), "");
                default: return ("mcp_cluster_" + Word(s.Entity), "");
            }
        }

        /// Sensu's exit-code statuses: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; a down entity is
        /// critical to Sensu.
        internal static int Status(McpHealthState state)
        {
            switch (state)
            {
                case McpHealthState.Okay: return 0;
                case McpHealthState.Warn: return 1;
                case McpHealthState.Critical:
                case McpHealthState.Down: return 2;
                default: return 3;
            }
        }

        private static string Line(McpHealthStatus s, string name, string source)
        {
            using (var stream = new MemoryStream())
            {
                // The default encoder writes every non-ASCII character as \uXXXX: the socket takes 7-bit ASCII only.
                using (var w = new Utf8JsonWriter(stream))
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    if (source.Length > 0) w.WriteString("source", source);
                    w.WriteNumber("status", Status(s.Status));
                    w.WriteString("output", Output(s));
                    var time = s.Timestamp == default ? DateTimeOffset.UtcNow : s.Timestamp;
                    w.WriteNumber("executed", time.ToUnixTimeSeconds());
                    // Custom attributes ride along into the event, for handlers and filters.
                    w.WriteString("mcp_level", s.Level.ToString().ToLowerInvariant());
                    w.WriteString("mcp_entity", s.Entity);
                    w.WriteString("mcp_status", s.Status.ToString().ToLowerInvariant());
                    w.WriteEndObject();
                }
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static string Output(McpHealthStatus s)
        {
            var what = s.Level == McpHealthLevel.Alarm && s.Node.Length > 0 ? s.Node + "/" + s.Entity : s.Entity;
            var text = s.Level.ToString().ToLowerInvariant() + " " + what + " is " + s.Status.ToString().ToUpperInvariant();
            return s.Reasons.Count == 0 ? text : text + ": " + string.Join("; ", s.Reasons.Select(r => r.ToString()));
        }

        /// A name or source Sensu takes (\A[\w.-]+\z with Ruby's ASCII \w): any other character an
        /// underscore.
        internal static string Word(string value)
        {
            var sb = new StringBuilder(value.Length);
            foreach (var c in value)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ? c : '_');
            return sb.Length == 0 ? "_" : sb.ToString();
        }
    }
}
