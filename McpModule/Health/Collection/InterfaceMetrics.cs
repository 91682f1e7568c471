#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// if_errors_rx, if_errors_tx, if_dropped_rx, if_dropped_tx: per second, from /proc/net/dev's
    /// counters, since the previous collection (since boot without one). The loopback is left out.
    internal static class InterfaceMetrics
    {
        // metric, counter, column after the interface's name (receive: bytes packets errs drop ...; transmit from 8 on)
        private static readonly (string Metric, string Counter, int Column)[] Columns =
        {
            ("if_errors_rx", "errors_rx", 2), ("if_dropped_rx", "dropped_rx", 3),
            ("if_errors_tx", "errors_tx", 10), ("if_dropped_tx", "dropped_tx", 11),
        };

        internal static void Read(IEnumerable<string> netDevLines, NodeCounters counters, CounterBaseline? baseline, MetricSink metrics, List<string> problems)
        {
            foreach (var line in netDevLines)
            {
                // "  eth0: 793333100   21453    0    0 ..." (no space after the colon on old kernels)
                int colon = line.IndexOf(':');
                var name = colon < 0 ? "" : line.Substring(0, colon).Trim();
                var f = colon < 0 ? Array.Empty<string>() : line.Substring(colon + 1).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (name.Length == 0 || f.Length < 16)
                {
                    problems.Add("/proc/net/dev: a line could not be read: " + CollectorOutput.Short(line));
                    continue;
                }
                if (name == "lo") continue;
                foreach (var (metric, counter, column) in Columns)
                {
                    if (!Numbers.TryParse(f[column], out var value))
                    {
                        problems.Add($"/proc/net/dev: {name}'s {counter} is not a number: {f[column]}");
                        continue;
                    }
                    var key = "if/" + name + "/" + counter;
                    counters.Values[key] = value;
                    double? rate = baseline?.Delta(key, value) is double delta ? delta / baseline.Interval
                        : counters.Uptime > 0 ? value / counters.Uptime : (double?)null;
                    if (rate is double r) metrics.Add(metric, r, ("interface", name));
                }
            }
        }
    }
}
