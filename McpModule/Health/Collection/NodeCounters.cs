#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// A node's cumulative counters as one collection read them, kept for the next one to turn into
    /// rates: the script on the node keeps no state. Plain properties, so it goes to JSON and back as is.
    internal sealed class NodeCounters
    {
        /// When the collection was made (the caller's clock).
        public DateTimeOffset Timestamp { get; set; }

        /// /proc/sys/kernel/random/boot_id: a new one means the node rebooted and every counter began again.
        public string BootId { get; set; } = "";

        /// Seconds since the node booted (/proc/uptime): the interval between two collections as the
        /// node measured it, free of the SSH round trip's jitter.
        public double Uptime { get; set; }

        /// Counter name (cpu/user, if/eth0/errors_rx) to value.
        public Dictionary<string, double> Values { get; set; } = new Dictionary<string, double>(StringComparer.Ordinal);
    }
}
