#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// The records of collect-node.sh's output, by kind. The protocol: a first line "mcp-health<TAB>1",
    /// then one record a line, its kind first, fields separated by tabs, free text in the last field;
    /// an "end" line last. Values that could hold a tab or a line break are escaped by their source
    /// (mount points as /proc/self/mounts writes them) or cannot (unit names, which systemd restricts).
    internal sealed class CollectorOutput
    {
        internal const string Magic = "mcp-health";
        internal const string Version = "1";

        internal string? BootId { get; private set; }
        internal string? Uptime { get; private set; }
        internal string? LoadAverage { get; private set; }
        internal List<string> Stat { get; } = new List<string>();
        internal List<string> MemInfo { get; } = new List<string>();
        internal List<string> NetDev { get; } = new List<string>();
        /// Escaped mount point, type, "frsize blocks bfree bavail files ffree".
        internal List<string[]> FileSystems { get; } = new List<string[]>();
        /// Service, unit name or pattern: the request, in its order.
        internal List<(string Service, string Pattern)> Units { get; } = new List<(string, string)>();
        /// systemctl show's lines; an empty one between units.
        internal List<string> SystemdShow { get; } = new List<string>();
        /// Entries counted, and the unit fields they had (_SYSTEMD_UNIT, UNIT, OBJECT_SYSTEMD_UNIT, COREDUMP_UNIT).
        internal List<(double Count, string[] Units)> Journal { get; } = new List<(double, string[])>();
        /// The journal was read to the end: a unit without entries had none.
        internal bool JournalRead { get; private set; }
        /// Subcommand (status, health detail, df) to its JSON.
        internal Dictionary<string, string> Ceph { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        internal List<string> Problems { get; } = new List<string>();

        internal static CollectorOutput Read(string? stdout)
        {
            var output = new CollectorOutput();
            var text = (stdout ?? "").Replace("\r\n", "\n");
            if (text.Trim().Length == 0)
            {
                output.Problems.Add("The node printed nothing (the collection script did not run?).");
                return output;
            }
            var lines = new List<string>(text.Split('\n'));
            if (lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            else
            {
                // the last line has no line break: the output was cut inside it, so its numbers may be cut too
                output.Problems.Add($"The output was cut short; its last line is incomplete and was left out: {Short(lines[lines.Count - 1])}");
                lines.RemoveAt(lines.Count - 1);
            }

            var first = lines.Count > 0 ? lines[0].Split('\t') : new[] { "" };
            if (first[0] != Magic)
            {
                output.Problems.Add($"Not the health collector's output; its first line is: {Short(lines.Count > 0 ? lines[0] : "")}");
                return output;
            }
            if (first.Length < 2 || first[1] != Version)
            {
                output.Problems.Add($"The health collector's output is version {(first.Length < 2 ? "(none)" : Short(first[1]))}; this module reads version {Version}.");
                return output;
            }

            bool ended = false;
            for (int i = 1; i < lines.Count; i++)
            {
                var line = lines[i];
                int tab = line.IndexOf('\t');
                var kind = tab < 0 ? line : line.Substring(0, tab);
                var rest = tab < 0 ? "" : line.Substring(tab + 1);
                if (!output.Add(kind, rest))
                    output.Problems.Add($"A line of the collector's output could not be read: {Short(line)}");
                if (kind == "end") ended = true;
            }
            if (!ended) output.Problems.Add("The output ended before the collector's end line: what came after it is missing.");
            return output;
        }

        private bool Add(string kind, string rest)
        {
            switch (kind)
            {
                case "boot": BootId = rest.Trim(); return BootId.Length > 0;
                case "uptime": Uptime = rest; return true;
                case "loadavg": LoadAverage = rest; return true;
                case "stat": Stat.Add(rest); return true;
                case "meminfo": MemInfo.Add(rest); return true;
                case "netdev": NetDev.Add(rest); return true;
                case "fs":
                    var fs = rest.Split(new[] { '\t' }, 3);
                    if (fs.Length != 3) return false;
                    FileSystems.Add(fs);
                    return true;
                case "unit":
                    var unit = rest.Split(new[] { '\t' }, 2);
                    if (unit.Length != 2) return false;
                    Units.Add((unit[0], unit[1]));
                    return true;
                case "systemd": SystemdShow.Add(rest); return true;
                case "journal":
                    var j = rest.Split('\t');
                    if (j.Length != 5 || !Numbers.TryParse(j[0], out var count)) return false;
                    Journal.Add((count, new[] { j[1], j[2], j[3], j[4] }));
                    return true;
                case "journal-read": JournalRead = true; return true;
                case "ceph":
                    var c = rest.Split(new[] { '\t' }, 2);
                    if (c.Length != 2) return false;
                    Ceph[c[0]] = c[1];
                    return true;
                case "problem": Problems.Add(rest); return true;
                case "end": return true;
                default: return true; // a record a later collector adds within the same version
            }
        }

        internal static string Short(string s) => s.Length <= 200 ? s : s.Substring(0, 200) + "...";
    }
}
