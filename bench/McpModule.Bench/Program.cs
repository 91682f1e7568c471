using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using McpModule.Model;
using McpModule.Model.Data;

namespace McpModule.Bench
{
    /// Times ReclassModel.Open(path) + Render(node) for every node, with a fresh model
    /// each run so that listing and parsing the files is part of every run.
    ///
    ///   McpModule.Bench INVENTORY [--runs 5] [--warmup 1] [--dump DIR]
    ///                   [--query-nodes a,b,...]
    ///   McpModule.Bench health ...   (the health evaluation: HealthBench.cs)
    ///
    /// --dump DIR     after the runs, write DIR/&lt;node&gt;.json = ModelJson.Serialize(ToNodeInfo())
    ///                for every node (bench/compare_sample.py compares them with reclass).
    /// --query-nodes  names of the nodes with inventory queries; their render time is also
    ///                reported on its own.
    /// Prints one JSON object on stdout; progress goes to stderr.
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "health") return HealthBench.Run(args.Skip(1).ToArray());
            string inventory = null, dump = null;
            int runs = 5, warmup = 1;
            var queryNodes = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--dump": dump = args[++i]; break;
                    case "--query-nodes":
                        foreach (var n in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) queryNodes.Add(n);
                        break;
                    case "-h": case "--help":
                        Console.Error.WriteLine("usage: McpModule.Bench INVENTORY [--runs N] [--warmup N] [--dump DIR] [--query-nodes a,b]");
                        return 0;
                    default:
                        if (args[i].StartsWith("--", StringComparison.Ordinal) || inventory != null)
                        {
                            Console.Error.WriteLine($"unknown argument: {args[i]}");
                            return 2;
                        }
                        inventory = args[i];
                        break;
                }
            }
            if (inventory == null || runs < 1)
            {
                Console.Error.WriteLine("usage: McpModule.Bench INVENTORY [--runs N] [--warmup N] [--dump DIR] [--query-nodes a,b]");
                return 2;
            }
            inventory = Path.GetFullPath(inventory);

            try
            {
                var first = Stopwatch.StartNew();
                var warm = RunOnce(inventory, queryNodes);    // first run: cold JIT, cold file cache
                first.Stop();
                Console.Error.WriteLine($"first run (cold): {first.Elapsed.TotalSeconds:F3} s");
                for (int i = 1; i < warmup; i++) RunOnce(inventory, queryNodes);

                var results = new List<RunResult>();
                for (int i = 0; i < runs; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var r = RunOnce(inventory, queryNodes);
                    results.Add(r);
                    Console.Error.WriteLine($"run {i + 1}: {r.Total:F3} s (open {r.Open:F3} s, {r.QueryNodes} nodes with queries {r.InQueryNodes:F3} s)");
                }

                if (dump != null) Dump(inventory, dump);

                var totals = results.Select(r => r.Total).OrderBy(x => x).ToArray();
                double median = Median(totals);
                var last = results[results.Count - 1];
                var json = new StringBuilder();
                json.Append("{\n");
                Field(json, "renderer", "McpModule.Engine (ReclassModel.Open + Render per node)");
                Field(json, "runtime", RuntimeInformation.FrameworkDescription);
                Field(json, "gc", GCSettings.IsServerGC ? "server" : "workstation");
                Field(json, "inventory", inventory);
                Field(json, "nodes", last.Nodes);
                Field(json, "classes_total", last.Classes);
                Field(json, "avg_classes_per_node", Math.Round((double)last.Classes / Math.Max(1, last.Nodes), 2));
                Field(json, "first_run_s", Math.Round(first.Elapsed.TotalSeconds, 4));
                Field(json, "warmup_runs", warmup);
                json.Append("  \"runs\": [").Append(string.Join(", ", results.Select(r => Num(Math.Round(r.Total, 4))))).Append("],\n");
                Field(json, "median_s", Math.Round(median, 4));
                Field(json, "min_s", Math.Round(totals[0], 4));
                Field(json, "nodes_per_s", Math.Round(last.Nodes / median, 1));
                Field(json, "median_open_s", Math.Round(Median(results.Select(r => r.Open).OrderBy(x => x).ToArray()), 4));
                Field(json, "nodes_with_inventory_queries", last.QueryNodes);
                Field(json, "median_s_in_nodes_with_inventory_queries", Math.Round(Median(results.Select(r => r.InQueryNodes).OrderBy(x => x).ToArray()), 4));
                Field(json, "median_allocated_mb", Math.Round(Median(results.Select(r => r.AllocatedMb).OrderBy(x => x).ToArray()), 1));
                Field(json, "peak_working_set_mb", Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1), last: true);
                json.Append("}\n");
                Console.Out.Write(json.ToString());
                return 0;
            }
            catch (ModelException e)
            {
                Console.Error.WriteLine($"ModelException {e.Kind}: {e.Message} (node {e.Node}, file {e.File}:{e.Line}:{e.Column})");
                return 1;
            }
        }

        private sealed class RunResult
        {
            public double Total, Open, InQueryNodes, AllocatedMb;
            public int Nodes, Classes, QueryNodes;
        }

        private static RunResult RunOnce(string inventory, HashSet<string> queryNodes)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: false);
            var r = new RunResult();
            var sw = Stopwatch.StartNew();
            var model = ReclassModel.Open(inventory);
            var names = model.NodeNames;
            r.Open = sw.Elapsed.TotalSeconds;
            foreach (var name in names)
            {
                long before = sw.ElapsedTicks;
                var node = model.Render(name);
                r.Classes += node.Classes.Count;
                if (queryNodes.Contains(name))
                {
                    r.InQueryNodes += (sw.ElapsedTicks - before) / (double)Stopwatch.Frequency;
                    r.QueryNodes++;
                }
            }
            sw.Stop();
            r.Total = sw.Elapsed.TotalSeconds;
            r.Nodes = names.Count;
            r.AllocatedMb = (GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0;
            return r;
        }

        private static void Dump(string inventory, string dir)
        {
            Directory.CreateDirectory(dir);
            var model = ReclassModel.Open(inventory);
            foreach (var name in model.NodeNames)
            {
                var info = model.Render(name).ToNodeInfo();
                File.WriteAllText(Path.Combine(dir, name + ".json"), ModelJson.Serialize(info, indented: true));
            }
            Console.Error.WriteLine($"wrote {model.NodeNames.Count} nodeinfo files to {dir}");
        }

        internal static double Median(double[] sorted)
        {
            if (sorted.Length == 0) return 0;
            int m = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }

        internal static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        internal static void Field(StringBuilder sb, string name, object value, bool last = false)
        {
            sb.Append("  \"").Append(name).Append("\": ");
            switch (value)
            {
                case string s: sb.Append(ModelJson.Serialize(s)); break;
                case double d: sb.Append(Num(d)); break;
                case int n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
                default: sb.Append(ModelJson.Serialize(value)); break;
            }
            sb.Append(last ? "\n" : ",\n");
        }
    }
}
