#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// A node's collect-node.sh output read into metrics. Rates and CPU shares come from the counters
    /// of the node's previous collection, which the caller keeps (NodeCollection.Counters).
    internal static class NodeCollectionParser
    {
        internal static NodeCollection Parse(string node, string stdout, DateTimeOffset timestamp, NodeCounters? previous)
        {
            var output = CollectorOutput.Read(stdout);
            var problems = output.Problems;
            var metrics = new MetricSink(node, timestamp);

            var counters = new NodeCounters { Timestamp = timestamp, BootId = output.BootId ?? "" };
            if (output.Uptime != null)
            {
                var f = output.Uptime.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 1 && Numbers.TryParse(f[0], out var uptime) && uptime > 0) counters.Uptime = uptime;
                else problems.Add("/proc/uptime could not be read: " + CollectorOutput.Short(output.Uptime));
            }
            var baseline = CounterBaseline.For(previous, counters);

            CpuMetrics.Read(output.Stat, counters, baseline, metrics, problems);
            LoadMetrics.Read(output.LoadAverage, metrics, problems);
            MemoryMetrics.Read(output.MemInfo, metrics, problems);
            FileSystemMetrics.Read(output.FileSystems, metrics, problems);
            InterfaceMetrics.Read(output.NetDev, counters, baseline, metrics, problems);
            UnitMetrics.Read(output, metrics, problems);
            if (output.Ceph.Count > 0)
            {
                output.Ceph.TryGetValue("health detail", out var detail);
                output.Ceph.TryGetValue("df", out var df);
                CephHealthMetrics.Read(output.Ceph.TryGetValue("status", out var status) ? status : null, detail, df, metrics, problems);
            }

            bool read = counters.Values.Count > 0 || counters.BootId.Length > 0;
            return new NodeCollection(metrics.Metrics, read ? counters : previous, problems);
        }
    }
}
