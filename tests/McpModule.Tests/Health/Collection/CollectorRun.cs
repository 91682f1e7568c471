#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Collection;
using McpModule.Tests.Ceph;

namespace McpModule.Tests.Health.Collection
{
    /// Runs the collector script as a node would (a file run by this machine's /bin/sh), with the
    /// StandInTools first on PATH, and reads what it printed.
    internal static class CollectorRun
    {
        internal static NodeCollectorRequest Request(bool ceph = false, params (string Service, string Unit)[] units) =>
            new NodeCollectorRequest { Units = units.Select(u => new NodeUnit(u.Service, u.Unit)).ToList(), Ceph = ceph };

        /// The script's exit code, stdout and stderr. wrap, when given, is the command that runs the
        /// script file (its quoted path in place of {script}): unshare, a private mount table.
        internal static (int Code, string Out, string Err) Run(StandInTools tools, NodeCollectorRequest request, string? wrap = null,
            IReadOnlyDictionary<string, string>? environment = null)
        {
            var file = Path.Combine(Path.GetTempPath(), "mcp-collect-" + Guid.NewGuid().ToString("N") + ".sh");
            File.WriteAllText(file, NodeCollectorScript.Build(request));
            try { return tools.Run((wrap ?? "exec /bin/sh {script}").Replace("{script}", "'" + file + "'", StringComparison.Ordinal), environment); }
            finally { File.Delete(file); }
        }

        internal static NodeCollection Parse(string stdout, NodeCounters? previous = null) =>
            NodeCollectionParser.Parse("n1", stdout, DateTimeOffset.UtcNow, previous);

        internal static IEnumerable<McpMetric> Named(this NodeCollection c, string name) => c.Metrics.Where(m => m.Name == name);

        internal static double Value(this NodeCollection c, string name, params (string Key, string Value)[] dims) =>
            c.Named(name).Single(m => dims.All(d => m.Dimensions.TryGetValue(d.Key, out var v) && v == d.Value)).Value;

        /// The mount points of this process's mount table, unescaped.
        internal static HashSet<string> MountPoints() =>
            new HashSet<string>(File.ReadAllLines("/proc/self/mounts").Select(l => FileSystemMetrics.Unescape(l.Split(' ')[1])), StringComparer.Ordinal);

        /// The type of the mount holding path (the longest mount point above it).
        internal static string MountTypeOf(string path) =>
            File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Select(f => (Point: FileSystemMetrics.Unescape(f[1]), Type: f[2]))
                .Where(m => path == m.Point || path.StartsWith(m.Point.TrimEnd('/') + "/", StringComparison.Ordinal))
                .OrderBy(m => m.Point.Length).Last().Type;

        internal static long Milliseconds(Action action)
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.ElapsedMilliseconds;
        }
    }
}
