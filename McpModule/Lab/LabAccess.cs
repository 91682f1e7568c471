using System;
using System.Collections.Generic;
using McpModule.Execution;

namespace McpModule.Lab
{
    /// How a running lab reaches its nodes, for the SSH connection plan (SshConnectionPlan takes
    /// the lookup; it knows nothing of labs itself).
    internal static class LabAccess
    {
        /// A lookup for one plan: each cluster's lab state file is read once.
        public static Func<string, string, NodeAccess> Lookup()
        {
            var labs = new Dictionary<string, McpLabInfo>(StringComparer.OrdinalIgnoreCase);
            return (cluster, node) =>
            {
                if (!labs.TryGetValue(cluster, out var lab)) labs[cluster] = lab = LabRegistry.TryGet(cluster, out var found) ? found : null;
                return From(lab, node);
            };
        }

        /// The lab's way to one node (its address, the lab's user, port, key and known_hosts); null when the lab has no such node.
        public static NodeAccess From(McpLabInfo lab, string node)
        {
            var n = lab?.FindNode(node);
            return n == null ? null : new NodeAccess($"lab '{lab.Cluster}'", n.Address, lab.User, lab.Port, lab.IdentityFile, lab.KnownHostsFile);
        }
    }
}
