#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// memory_* and swap_* from /proc/meminfo, in bytes; memory_used as collectd's memory plugin
    /// counts it (total less free, buffers and page cache).
    internal static class MemoryMetrics
    {
        internal static void Read(IEnumerable<string> memInfoLines, MetricSink metrics, List<string> problems)
        {
            var kb = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var line in memInfoLines)
            {
                // "MemTotal:       24683568 kB"
                var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 3 && f[0].EndsWith(":", StringComparison.Ordinal) && f[2] == "kB" && Numbers.TryParse(f[1], out var v))
                    kb[f[0].TrimEnd(':')] = v;
                else problems.Add("/proc/meminfo: a line could not be read: " + CollectorOutput.Short(line));
            }
            double? Bytes(string key) => kb.TryGetValue(key, out var v) ? v * 1024 : (double?)null;

            var total = Bytes("MemTotal");
            var free = Bytes("MemFree");
            var available = Bytes("MemAvailable");
            var buffers = Bytes("Buffers");
            var cached = Bytes("Cached");
            if (total is double t)
            {
                metrics.Add("memory_total", t);
                if (free is double f && buffers is double b && cached is double c) metrics.Add("memory_used", t - f - b - c);
                if (available is double a && t > 0) metrics.Add("memory_percent_available", a / t * 100);
            }
            if (free is double fr) metrics.Add("memory_free", fr);
            if (available is double av) metrics.Add("memory_available", av);
            if (cached is double ca) metrics.Add("memory_cached", ca);
            if (buffers is double bu) metrics.Add("memory_buffered", bu);

            if (Bytes("SwapTotal") is double swapTotal && Bytes("SwapFree") is double swapFree)
            {
                metrics.Add("swap_total", swapTotal);
                metrics.Add("swap_free", swapFree);
                metrics.Add("swap_used", swapTotal - swapFree);
                if (swapTotal > 0) metrics.Add("swap_percent_used", (swapTotal - swapFree) / swapTotal * 100);
            }
        }
    }
}
