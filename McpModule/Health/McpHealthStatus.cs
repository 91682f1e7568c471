#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health
{
    /// A health status Get-McpHealth returns: of an alarm, a node, a service or a cluster (Level),
    /// its status, why (Reasons: the rules that fired), and the statuses it was made of (Members).
    public sealed class McpHealthStatus
    {
        public McpHealthLevel Level { get; set; }
        /// The node, the alarm, or the GSE cluster's name.
        public string Entity { get; set; } = "";
        public McpHealthState Status { get; set; }
        /// An alarm's node; empty for a cluster-wide alarm, a service or a cluster.
        public string Node { get; set; } = "";
        /// A service's or cluster's policy (availability_of_members); empty otherwise.
        public string Policy { get; set; } = "";
        public List<McpHealthReason> Reasons { get; set; } = new List<McpHealthReason>();
        public List<McpHealthStatus> Members { get; set; } = new List<McpHealthStatus>();
        /// When the status was evaluated.
        public DateTimeOffset Timestamp { get; set; }
        /// The model it was evaluated for.
        public string ModelPath { get; set; } = "";

        public override string ToString() => Level + " " + (Node.Length > 0 && Level == McpHealthLevel.Alarm ? Node + "/" : "") + Entity + ": " + Status;
    }
}
