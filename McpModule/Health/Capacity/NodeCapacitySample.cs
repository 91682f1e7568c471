#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;

namespace McpModule.Health.Capacity
{
    /// One node's CPU, memory and storage in one collection, from the metrics the node collector
    /// gave (docs/health-metrics.md). A resource whose metrics are missing (a node that did not
    /// answer, a kernel without MemAvailable) is null.
    internal sealed class NodeCapacitySample
    {
        // Shared storage is not the node's: counted on every client it would be counted many times,
        // and Ceph's own space has its own row. The collector reads these (docs/health-metrics.md).
        private static readonly HashSet<string> NetworkTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs", "9p", "lustre", "fuse.sshfs", "fuse.ceph-fuse", "fuse.glusterfs",
        };

        internal NodeCapacitySample(string node, DateTimeOffset time, CapacityReading? cpu, CapacityReading? memory, CapacityReading? storage)
        {
            Node = node;
            Time = time;
            Cpu = cpu;
            Memory = memory;
            Storage = storage;
        }

        internal string Node { get; }
        internal DateTimeOffset Time { get; }
        /// Cores: cpu_count, of which cpu_count x (100 - cpu_idle) / 100 busy.
        internal CapacityReading? Cpu { get; }
        /// Bytes: memory_total, of which memory_total - memory_available in use (what the kernel
        /// could not hand to a new process without swapping: page cache that can be dropped is free).
        internal CapacityReading? Memory { get; }
        /// Bytes: the node's local file systems, fs_space_used of fs_space_used + fs_space_free each.
        internal CapacityReading? Storage { get; }

        internal CapacityReading? Get(CapacityResourceKind kind) =>
            kind == CapacityResourceKind.Cpu ? Cpu : kind == CapacityResourceKind.Memory ? Memory : Storage;

        internal bool IsEmpty => Cpu == null && Memory == null && Storage == null;

        /// The sample of a node's metrics from one collection.
        internal static NodeCapacitySample From(string node, DateTimeOffset time, IEnumerable<McpMetric> metrics)
        {
            double? count = null, idle = null, memTotal = null, memAvailable = null, memUsed = null;
            var used = new Dictionary<string, double>(StringComparer.Ordinal);
            var free = new Dictionary<string, double>(StringComparer.Ordinal);
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var m in metrics)
            {
                if (double.IsNaN(m.Value) || double.IsInfinity(m.Value) || m.Value < 0) continue;
                switch (m.Name)
                {
                    case "cpu_count": count = m.Value; break;
                    case "cpu_idle": idle = m.Value; break;
                    case "memory_total": memTotal = m.Value; break;
                    case "memory_available": memAvailable = m.Value; break;
                    case "memory_used": memUsed = m.Value; break;
                    case "fs_space_used":
                    case "fs_space_free":
                        var fs = m.Dimensions.TryGetValue("fs", out var f) ? f : "";
                        var type = m.Dimensions.TryGetValue("type", out var t) ? t : "";
                        if (NetworkTypes.Contains(type)) break;
                        (m.Name == "fs_space_used" ? used : free)[fs] = m.Value;
                        types[fs] = type;
                        break;
                }
            }
            CapacityReading? cpu = count is double c && c > 0 && idle is double i
                ? new CapacityReading(c * (100 - Math.Min(100, Math.Max(0, i))) / 100, c) : (CapacityReading?)null;
            CapacityReading? memory = null;
            if (memTotal is double total && total > 0)
            {
                // MemAvailable is Linux 3.14's; before it, collectd's used (total - free - buffers - cache)
                if (memAvailable is double a) memory = new CapacityReading(Math.Max(0, total - a), total);
                else if (memUsed is double u) memory = new CapacityReading(Math.Max(0, u), total);
            }
            return new NodeCapacitySample(node, time, cpu, memory, StorageOf(used, free, types));
        }

        // A file system mounted at several points (bind mounts: a container's volumes) is counted
        // once: mounts of one type with the same bytes used and free are taken for the same file system.
        private static CapacityReading? StorageOf(Dictionary<string, double> used, Dictionary<string, double> free, Dictionary<string, string> types)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            CapacityReading? sum = null;
            foreach (var fs in used.Keys)
            {
                if (!free.TryGetValue(fs, out var available)) continue;
                var key = types[fs] + " " + used[fs].ToString("R", CultureInfo.InvariantCulture) + " " + available.ToString("R", CultureInfo.InvariantCulture);
                if (!seen.Add(key)) continue;
                var reading = new CapacityReading(used[fs], used[fs] + available);
                sum = sum is CapacityReading s ? s.Plus(reading) : reading;
            }
            return sum;
        }
    }
}
