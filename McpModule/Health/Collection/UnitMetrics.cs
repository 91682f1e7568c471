#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Collection
{
    /// systemd_unit_loaded, _active, _failed, _restarts and log_errors of the requested units, from
    /// `systemctl show` (Key=Value lines, an empty line between units, as systemd 252 prints them) and
    /// the journal's counts; dimensions unit and service.
    internal static class UnitMetrics
    {
        internal static void Read(CollectorOutput output, MetricSink metrics, List<string> problems)
        {
            var blocks = Blocks(output.SystemdShow);
            if (blocks.Count == 0) return; // systemctl did not run or had nothing to show: the script said why

            var done = new HashSet<(string, string)>();
            foreach (var (service, pattern) in output.Units)
            {
                var matched = UnitPattern.IsPattern(pattern)
                    // list-units gave the loaded units matching the pattern; show has them by their id
                    ? blocks.Where(b => Get(b, "LoadState") == "loaded" && UnitPattern.Matches(pattern, Get(b, "Id"))).Select(b => (Unit: Get(b, "Id"), Block: b)).ToList()
                    // a name asked for is shown under it even when it is an alias (Names) or does not exist (Id)
                    : blocks.Where(b => Get(b, "Id") == pattern || NamesOf(b).Contains(pattern)).Take(1).Select(b => (Unit: pattern, Block: b)).ToList();
                if (matched.Count == 0 && !UnitPattern.IsPattern(pattern))
                    problems.Add($"systemctl show said nothing of {pattern}.");
                foreach (var (unit, block) in matched)
                {
                    if (!done.Add((service, unit))) continue;
                    var dims = new[] { ("unit", unit), ("service", service) };
                    var active = Get(block, "ActiveState");
                    metrics.Add("systemd_unit_loaded", Get(block, "LoadState") == "loaded" ? 1 : 0, dims);
                    metrics.Add("systemd_unit_active", active == "active" ? 1 : 0, dims);
                    metrics.Add("systemd_unit_failed", active == "failed" ? 1 : 0, dims);
                    // services only; [not set] on a unit that never ran
                    if (Numbers.TryParse(Get(block, "NRestarts"), out var restarts)) metrics.Add("systemd_unit_restarts", restarts, dims);
                    if (output.JournalRead)
                    {
                        var names = NamesOf(block);
                        names.Add(unit);
                        metrics.Add("log_errors", output.Journal.Where(j => j.Units.Any(names.Contains)).Sum(j => j.Count), dims);
                    }
                }
            }
        }

        private static List<Dictionary<string, string>> Blocks(IEnumerable<string> lines)
        {
            var blocks = new List<Dictionary<string, string>>();
            Dictionary<string, string>? current = null;
            foreach (var line in lines)
            {
                int eq = line.IndexOf('=');
                if (line.Length == 0 || eq <= 0)
                {
                    current = null;
                    continue;
                }
                if (current == null) blocks.Add(current = new Dictionary<string, string>(StringComparer.Ordinal));
                current[line.Substring(0, eq)] = line.Substring(eq + 1);
            }
            return blocks;
        }

        private static string Get(Dictionary<string, string> block, string key) => block.TryGetValue(key, out var v) ? v : "";

        private static HashSet<string> NamesOf(Dictionary<string, string> block)
        {
            var names = new HashSet<string>(Get(block, "Names").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            if (Get(block, "Id").Length > 0) names.Add(Get(block, "Id"));
            return names;
        }
    }
}
