#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// load_shortterm, load_midterm, load_longterm: /proc/loadavg's 1, 5 and 15 minute averages.
    internal static class LoadMetrics
    {
        internal static void Read(string? loadavg, MetricSink metrics, List<string> problems)
        {
            if (loadavg == null) return;
            var f = loadavg.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !Numbers.TryParse(f[0], out var one) || !Numbers.TryParse(f[1], out var five) || !Numbers.TryParse(f[2], out var fifteen))
            {
                problems.Add("/proc/loadavg could not be read: " + CollectorOutput.Short(loadavg));
                return;
            }
            metrics.Add("load_shortterm", one);
            metrics.Add("load_midterm", five);
            metrics.Add("load_longterm", fifteen);
        }
    }
}
