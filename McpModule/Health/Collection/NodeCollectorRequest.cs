#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// One unit (or every loaded unit matching a pattern) whose state and error log count for a service.
    internal sealed class NodeUnit
    {
        internal NodeUnit(string service, string unitPattern)
        {
            Service = service;
            UnitPattern = unitPattern;
        }

        /// What the unit is part of (openssh, ceph): the metrics' service dimension.
        internal string Service { get; }

        /// A unit name (ssh.service), or a pattern (ceph-osd@*.service) that covers every loaded unit it matches.
        internal string UnitPattern { get; }
    }

    /// What one node's collection reads besides what every node reports (CPU, memory, file systems,
    /// interfaces): its units, how far back errors in their logs count, and whether the Ceph cluster
    /// is read from it.
    internal sealed class NodeCollectorRequest
    {
        internal IReadOnlyList<NodeUnit> Units { get; set; } = new List<NodeUnit>();

        /// Journal entries at err or worse are counted over this many seconds back.
        internal int LogWindowSeconds { get; set; } = 300;

        /// This node is the monitor the cluster's Ceph metrics are read from.
        internal bool Ceph { get; set; }
    }
}
