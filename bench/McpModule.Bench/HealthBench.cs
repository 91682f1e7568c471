using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.Health.Evaluation;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.States.Formulas;

namespace McpModule.Bench
{
    /// Times HealthEvaluator.Evaluate: every node's alarms over one collection of metrics, then
    /// the GSE clusters over the alarms' statuses (docs/health.md), on a model of many nodes.
    ///
    ///   McpModule.Bench health [--nodes 1000] [--inventory DIR] [--runs 15] [--warmup 5]
    ///                          [--seed 42] [--write-metrics FILE] [--dump FILE]
    ///
    /// The definitions: without --inventory, --nodes nodes with the applications linux, ntp and
    /// openssh and an empty pillar (the built-in alarms and clusters of those formulas); with
    /// --inventory, every node of that reclass model, rendered and read as Get-McpHealth reads them.
    /// Loaded once (ModelHealthDefinitions.Load, timed apart), then evaluated --warmup times untimed
    /// (the first reported apart) and --runs times timed; the median is the figure.
    /// The metrics: 50 a node, the node collector's (docs/health-metrics.md), with a few faults
    /// (HealthBenchMetrics). --write-metrics writes them as `Get-McpMetric | ConvertTo-Json` does,
    /// for bench/Measure-Health.ps1 to give Get-McpHealth -Metric the same ones. --dump writes every
    /// status of the last evaluation (each level, with members and reasons) as text, to compare
    /// two builds of the engine.
    /// Prints one JSON object on stdout; progress goes to stderr.
    internal static class HealthBench
    {
        internal static int Run(string[] args)
        {
            int nodes = 1000, runs = 15, warmup = 5, seed = 42;
            string inventory = null, writeMetrics = null, dump = null;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--nodes": nodes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--inventory": inventory = Path.GetFullPath(args[++i]); break;
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--write-metrics": writeMetrics = Path.GetFullPath(args[++i]); break;
                    case "--dump": dump = Path.GetFullPath(args[++i]); break;
                    default:
                        Console.Error.WriteLine($"unknown argument: {args[i]}");
                        Console.Error.WriteLine("usage: McpModule.Bench health [--nodes N] [--inventory DIR] [--runs N] [--warmup N] [--seed N] [--write-metrics FILE]");
                        return 2;
                }
            }
            if (runs < 1 || nodes < 1) { Console.Error.WriteLine("--runs and --nodes are at least 1"); return 2; }

            var clock = Stopwatch.StartNew();
            var inputs = inventory == null ? Synthetic(nodes) : FromInventory(inventory);
            double renderS = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"{inputs.Count} nodes ({(inventory == null ? "linux, ntp, openssh; empty pillar" : "rendered from " + inventory)}) in {renderS:F2} s");

            clock.Restart();
            var definitions = ModelHealthDefinitions.Load(inputs, new FormulaLibrary(null));
            double loadFirstS = clock.Elapsed.TotalSeconds;
            clock.Restart();
            definitions = ModelHealthDefinitions.Load(inputs, new FormulaLibrary(null));
            double loadS = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"definitions loaded in {loadFirstS:F3} s (first), {loadS:F3} s (again)");

            var now = DateTimeOffset.UtcNow;
            var metrics = HealthBenchMetrics.Make(definitions, now, seed);
            var at = metrics.Max(m => m.Timestamp);
            if (writeMetrics != null)
            {
                Write(metrics, writeMetrics);
                Console.Error.WriteLine($"wrote {metrics.Count} metrics to {writeMetrics}");
            }

            var evaluator = new HealthEvaluator(definitions);
            clock.Restart();
            var report = evaluator.Evaluate(metrics, at);
            double firstS = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"first evaluation (cold JIT): {firstS * 1000:F1} ms");
            for (int i = 1; i < warmup; i++) evaluator.Evaluate(metrics, at);

            var times = new List<double>();
            var allocated = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                long before = GC.GetTotalAllocatedBytes(precise: true);
                clock.Restart();
                report = evaluator.Evaluate(metrics, at);
                double t = clock.Elapsed.TotalSeconds;
                allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0);
                times.Add(t);
                Console.Error.WriteLine($"run {i + 1}: {t * 1000:F1} ms");
            }
            if (dump != null) Dump(report, dump);
            var sorted = times.OrderBy(x => x).ToArray();
            double median = Program.Median(sorted);

            var alarms = report.Nodes.Sum(n => n.Members.Count);
            var json = new StringBuilder("{\n");
            Program.Field(json, "engine", "McpModule.Engine HealthEvaluator.Evaluate (alarms of every node, then the GSE clusters)");
            Program.Field(json, "runtime", RuntimeInformation.FrameworkDescription);
            Program.Field(json, "gc", GCSettings.IsServerGC ? "server" : "workstation");
            Program.Field(json, "definitions", inventory == null ? "synthetic: linux, ntp, openssh, empty pillar" : inventory);
            Program.Field(json, "nodes", report.Nodes.Count);
            Program.Field(json, "metrics", metrics.Count);
            Program.Field(json, "metrics_per_node", Math.Round(metrics.Count(m => m.Node.Length > 0) / (double)Math.Max(1, inputs.Count), 2));
            Program.Field(json, "metric_names", metrics.Select(m => m.Name).Distinct().Count());
            Program.Field(json, "node_alarms", alarms);
            Program.Field(json, "cluster_alarms", report.ClusterAlarms.Count);
            Program.Field(json, "services", report.Services.Count);
            Program.Field(json, "clusters", report.Clusters.Count);
            Program.Field(json, "node_statuses", Counts(report.Nodes));
            Program.Field(json, "service_statuses", report.Services.Concat(report.Clusters).ToDictionary(s => s.Entity, s => s.Status.ToString()));
            Program.Field(json, "render_s", Math.Round(renderS, 4));
            Program.Field(json, "load_first_s", Math.Round(loadFirstS, 4));
            Program.Field(json, "load_s", Math.Round(loadS, 4));
            Program.Field(json, "first_run_ms", Math.Round(firstS * 1000, 2));
            Program.Field(json, "warmup_runs", warmup);
            json.Append("  \"runs_ms\": [").Append(string.Join(", ", times.Select(t => Program.Num(Math.Round(t * 1000, 2))))).Append("],\n");
            Program.Field(json, "median_ms", Math.Round(median * 1000, 2));
            Program.Field(json, "min_ms", Math.Round(sorted[0] * 1000, 2));
            Program.Field(json, "max_ms", Math.Round(sorted[sorted.Length - 1] * 1000, 2));
            Program.Field(json, "median_allocated_mb", Math.Round(Program.Median(allocated.OrderBy(x => x).ToArray()), 1), last: true);
            json.Append("}\n");
            Console.Out.Write(json.ToString());
            return 0;
        }

        private static void Dump(HealthReport report, string path)
        {
            var levels = new[] { McpHealthLevel.Alarm, McpHealthLevel.Node, McpHealthLevel.Service, McpHealthLevel.Cluster };
            using var w = new StreamWriter(path);
            foreach (var s in report.Select(levels))
            {
                w.WriteLine($"{s.Level} {s.Node} {s.Entity} {s.Status} {s.Policy} members={s.Members.Count}");
                foreach (var m in s.Members) w.WriteLine($"  member {m.Level} {m.Node} {m.Entity} {m.Status}");
                foreach (var r in s.Reasons) w.WriteLine($"  reason {r} | {r.Message} | {string.Join(",", r.Fields.Select(f => f.Key + "=" + f.Value))}");
            }
        }

        private static List<PlanInput> Synthetic(int count)
        {
            var apps = new[] { "linux", "ntp", "openssh" };
            return Enumerable.Range(1, count)
                .Select(i => new PlanInput(string.Format(CultureInfo.InvariantCulture, "node{0:D4}.bench.local", i), new OrderedMap(), apps))
                .ToList();
        }

        // As Get-McpHealth reads a model: its clusters' nodes rendered, each with its cluster's nodes.
        private static List<PlanInput> FromInventory(string path)
        {
            var model = ReclassModel.Open(path);
            var all = new List<McpNode>();
            foreach (var cluster in McpClusterCatalog.Discover(model))
            {
                all.AddRange(McpClusterCatalog.GetNodes(cluster, out var errors));
                if (errors.Count > 0) throw new InvalidOperationException($"{errors.Count} node(s) of cluster {cluster.Name} did not render: {errors[0].Message}");
            }
            return PlanInput.FromNodes(all);
        }

        private static Dictionary<string, int> Counts(IEnumerable<McpHealthStatus> statuses) =>
            statuses.GroupBy(s => s.Status).OrderByDescending(g => (int)g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count());

        // As `Get-McpMetric | ConvertTo-Json` writes them (what Get-McpHealth -MetricPath reads too).
        private static void Write(List<McpMetric> metrics, string path)
        {
            using var stream = File.Create(path);
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            w.WriteStartArray();
            foreach (var m in metrics)
            {
                w.WriteStartObject();
                w.WriteString("Name", m.Name);
                w.WriteNumber("Value", m.Value);
                w.WriteString("Timestamp", m.Timestamp.ToString("o", CultureInfo.InvariantCulture));
                w.WriteString("Node", m.Node);
                w.WriteStartObject("Dimensions");
                foreach (var d in m.Dimensions) w.WriteString(d.Key, d.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    /// One collection's metrics for every node of the definitions, as the node collector and the
    /// engine give them (docs/health-metrics.md): 50 a node that answers (9 cpu_*, 3 load_*, 7
    /// memory_*, 4 swap_*, 6 fs_* for each of / and /var/log, 4 if_* for ens3, systemd_unit_loaded,
    /// _active, _failed, _restarts and log_errors for each of the node's units — chrony.service and
    /// ssh.service for the built-in formulas — and ssh_check), at most a second apart. Faults, by a
    /// seeded draw: about 0.5% of nodes do not answer (ssh_check 0 alone), 2% have /var/log nearly
    /// full, 1% a high CPU wait, 1% chrony stopped, 1% sshd logging errors. With Ceph's remote alarms
    /// in the definitions, the cluster's ceph_health and ceph_cluster_space_percent_free too.
    internal static class HealthBenchMetrics
    {
        internal static List<McpMetric> Make(ModelHealthDefinitions definitions, DateTimeOffset now, int seed)
        {
            var rng = new Random(seed);
            var list = new List<McpMetric>();
            foreach (var node in definitions.Nodes.Values)
            {
                var t = now.AddMilliseconds(-rng.Next(0, 1000));
                void Add(string name, double value, params (string, string)[] dims)
                {
                    var m = new McpMetric { Name = name, Value = value, Node = node.Node, Timestamp = t };
                    foreach (var (k, v) in dims) m.Dimensions[k] = v;
                    list.Add(m);
                }
                double draw = rng.NextDouble();
                if (draw < 0.005)
                {
                    Add("ssh_check", 0);
                    continue;
                }
                bool fsFull = draw < 0.025, cpuWait = draw >= 0.025 && draw < 0.035, chronyDown = draw >= 0.035 && draw < 0.045,
                    sshLogs = draw >= 0.045 && draw < 0.055;
                double wait = cpuWait ? 40 + rng.NextDouble() * 20 : rng.NextDouble() * 3;
                double user = 5 + rng.NextDouble() * 30, system = 2 + rng.NextDouble() * 5;
                Add("cpu_user", user); Add("cpu_nice", 0); Add("cpu_system", system);
                Add("cpu_wait", wait); Add("cpu_interrupt", 0.1); Add("cpu_softirq", 0.3); Add("cpu_steal", 0);
                Add("cpu_idle", Math.Max(0, 100 - user - system - wait - 0.4)); Add("cpu_count", 8);
                Add("load_shortterm", rng.NextDouble() * 4); Add("load_midterm", rng.NextDouble() * 4); Add("load_longterm", rng.NextDouble() * 4);
                double total = 32.0 * (1L << 30), available = total * (0.3 + rng.NextDouble() * 0.5);
                Add("memory_total", total); Add("memory_free", available * 0.4); Add("memory_available", available);
                Add("memory_cached", available * 0.5); Add("memory_buffered", available * 0.1); Add("memory_used", total - available);
                Add("memory_percent_available", available / total * 100);
                Add("swap_total", 4.0 * (1L << 30)); Add("swap_free", 4.0 * (1L << 30)); Add("swap_used", 0); Add("swap_percent_used", 0);
                foreach (var (fs, type, full) in new[] { ("/", "ext4", false), ("/var/log", "xfs", fsFull) })
                {
                    double size = 100.0 * (1L << 30), pctFree = full ? 2 + rng.NextDouble() * 2 : 30 + rng.NextDouble() * 50;
                    var dims = new[] { ("fs", fs), ("type", type) };
                    Add("fs_space_free", size * pctFree / 100, dims); Add("fs_space_used", size * (100 - pctFree) / 100, dims);
                    Add("fs_space_percent_free", pctFree, dims);
                    Add("fs_inodes_free", 6_000_000, dims); Add("fs_inodes_used", 550_000, dims); Add("fs_inodes_percent_free", 91.6, dims);
                }
                foreach (var name in new[] { "if_errors_rx", "if_errors_tx", "if_dropped_rx", "if_dropped_tx" }) Add(name, 0, ("interface", "ens3"));
                foreach (var (service, unit) in node.Units)
                {
                    var name = unit.Contains('*') ? unit.Replace("*", "0") : unit.Contains('.') ? unit : unit + ".service";
                    var dims = new[] { ("unit", name), ("service", service) };
                    bool down = chronyDown && service == "ntp";
                    Add("systemd_unit_loaded", 1, dims); Add("systemd_unit_active", down ? 0 : 1, dims); Add("systemd_unit_failed", down ? 1 : 0, dims);
                    Add("systemd_unit_restarts", 0, dims); Add("log_errors", sshLogs && service == "openssh" ? 25 : 0, dims);
                }
                Add("ssh_check", 1);
            }
            var remote = definitions.CreateRemoteAlarms().SelectMany(a => a.Triggers).SelectMany(tr => tr.Rules).Select(r => r.Metric).ToHashSet();
            if (remote.Contains("ceph_health")) list.Add(new McpMetric { Name = "ceph_health", Value = 1, Timestamp = now });
            if (remote.Contains("ceph_cluster_space_percent_free")) list.Add(new McpMetric { Name = "ceph_cluster_space_percent_free", Value = 62, Timestamp = now });
            return list;
        }
    }
}
