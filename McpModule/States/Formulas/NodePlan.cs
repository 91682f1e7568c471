using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.States.Formulas
{
    /// What a plan is rendered from: one node's identity and pillar, and its cluster's nodes
    /// (for /etc/hosts and the like).
    internal sealed class PlanInput
    {
        public PlanInput(string name, IDictionary<string, object> pillar, IReadOnlyList<string> applications = null,
                         string domain = null, string cluster = null, string site = null,
                         IReadOnlyList<(string Name, string Address)> clusterNodes = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            ShortName = McpNode.ShortNameOf(name);
            Pillar = pillar ?? new Dictionary<string, object>();
            Applications = applications ?? Array.Empty<string>();
            Domain = domain; Cluster = cluster; Site = site;
            ClusterNodes = clusterNodes ?? Array.Empty<(string, string)>();
        }

        public static PlanInput FromNode(McpNode node, IEnumerable<McpNode> clusterNodes)
        {
            var peers = (clusterNodes ?? new[] { node })
                .Where(n => n.Cluster == node.Cluster)
                .Select(n => (n.Name, McpModule.Execution.SshTarget.FromNode(n).Address))
                .ToList();
            return new PlanInput(node.Name, node.Pillar, node.Applications, node.Domain, node.Cluster, node.Site, peers);
        }

        /// FromNode for each node, its cluster's nodes among them: each cluster's list worked out
        /// once rather than for each of its nodes (a model of 1,000 nodes made a million peers).
        public static List<PlanInput> FromNodes(IReadOnlyList<McpNode> nodes)
        {
            var peers = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
            List<(string, string)> noCluster = null;
            List<(string, string)> PeersOf(string cluster)
            {
                if (cluster == null) return noCluster ??= new List<(string, string)>();
                if (!peers.TryGetValue(cluster, out var list)) peers[cluster] = list = new List<(string, string)>();
                return list;
            }
            foreach (var n in nodes) PeersOf(n.Cluster).Add((n.Name, McpModule.Execution.SshTarget.FromNode(n).Address));
            return nodes.Select(n => new PlanInput(n.Name, n.Pillar, n.Applications, n.Domain, n.Cluster, n.Site, PeersOf(n.Cluster))).ToList();
        }

        public string Name { get; }
        public string ShortName { get; }
        public IDictionary<string, object> Pillar { get; }
        public IReadOnlyList<string> Applications { get; }
        public string Domain { get; }
        public string Cluster { get; }
        public string Site { get; }
        public IReadOnlyList<(string Name, string Address)> ClusterNodes { get; }
    }

    /// One resource of a node's plan, in execution order.
    internal sealed class PlanResource
    {
        internal PlanResource(string state, string stateId, string function, string name, IDictionary<string, object> arguments, string file, int line)
        {
            State = state; StateId = stateId; Function = function; Name = name; Arguments = arguments; File = file; Line = line;
            Type = function.Substring(0, function.IndexOf('.'));
        }

        /// Position in execution order (what requisites point at).
        public int Index { get; internal set; }
        /// The state (formula[.file]) it comes from: "linux", "openssh.server".
        public string State { get; }
        public string StateId { get; }
        public string Type { get; }
        /// type.function: "pkg.installed".
        public string Function { get; }
        public string Name { get; }
        /// The arguments other than name and requisites; file.managed sources are already rendered into contents.
        public IDictionary<string, object> Arguments { get; }
        public IReadOnlyList<int> Require { get; internal set; } = Array.Empty<int>();
        public IReadOnlyList<int> Watch { get; internal set; } = Array.Empty<int>();
        public IReadOnlyList<int> OnChanges { get; internal set; } = Array.Empty<int>();
        public string File { get; }
        public int Line { get; }
        /// "pkg:nginx", as McpStateResult.Resource says.
        public string Resource => Type + ":" + Name;

        public override string ToString() => StateId + " (" + Function + " " + Name + ")";
    }

    /// A node's whole plan: every resource of the chosen states, ordered by requisites then file order.
    internal sealed class NodePlan
    {
        internal NodePlan(string node, IReadOnlyList<string> states, IReadOnlyList<PlanResource> resources)
        {
            Node = node; States = states; Resources = resources;
        }

        public string Node { get; }
        public IReadOnlyList<string> States { get; }
        public IReadOnlyList<PlanResource> Resources { get; }
    }
}
