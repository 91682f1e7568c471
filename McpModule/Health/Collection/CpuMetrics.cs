#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Collection
{
    /// cpu_* from /proc/stat: the share of all CPUs' time in each state since the previous collection
    /// (since boot without one), as collectd's cpu plugin with ValuesPercentage and ReportByCpu off.
    internal static class CpuMetrics
    {
        // /proc/stat's first eight columns, in order; guest time is already inside user and nice.
        private static readonly string[] States = { "user", "nice", "system", "idle", "wait", "interrupt", "softirq", "steal" };

        internal static void Read(IEnumerable<string> statLines, NodeCounters counters, CounterBaseline? baseline, MetricSink metrics, List<string> problems)
        {
            int cpus = 0;
            double[]? totals = null;
            foreach (var line in statLines)
            {
                var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 0) continue;
                if (f[0] != "cpu")
                {
                    if (f[0].Length > 3 && f[0].Skip(3).All(char.IsDigit)) cpus++;
                    continue;
                }
                var values = new double[States.Length];
                bool ok = f.Length >= 5;
                for (int i = 0; ok && i < States.Length && i + 1 < f.Length; i++) ok = Numbers.TryParse(f[i + 1], out values[i]);
                if (ok) totals = values;
                else problems.Add("/proc/stat: its cpu line could not be read: " + CollectorOutput.Short(line));
            }
            if (cpus > 0) metrics.Add("cpu_count", cpus);
            if (totals == null) return;

            for (int i = 0; i < States.Length; i++) counters.Values["cpu/" + States[i]] = totals[i];
            var shares = totals;
            if (baseline != null && States.All(s => baseline.Has("cpu/" + s)))
            {
                var deltas = States.Select((s, i) => baseline.Delta("cpu/" + s, totals[i]) ?? 0).ToArray();
                if (deltas.Sum() > 0) shares = deltas;
            }
            double all = shares.Sum();
            if (all <= 0) return;
            for (int i = 0; i < States.Length; i++) metrics.Add("cpu_" + States[i], shares[i] / all * 100);
        }
    }
}
