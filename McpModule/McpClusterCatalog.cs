using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using McpModule.Model;
using McpModule.Model.Data;

namespace McpModule
{
    /// Finds the clusters of a model repository. A node belongs to cluster X when its
    /// own file lists a class cluster.X[...], as MCP's generated node files do; nodes
    /// that list none form one cluster named after the repository folder.
    internal static class McpClusterCatalog
    {
        private static readonly string[][] DomainKeys = { new[] { "_param", "cluster_domain" }, new[] { "linux", "system", "domain" } };
        private static readonly string[][] SiteKeys = { new[] { "_param", "site" }, new[] { "_param", "cluster_site" } };

        public static IReadOnlyList<McpCluster> Discover(string repositoryPath) => Discover(ReclassModel.Open(repositoryPath));

        /// The clusters of an opened model; each is named after its nodes' cluster class, and
        /// one node of each is rendered for its domain and site. Cancellation is checked per node.
        public static IReadOnlyList<McpCluster> Discover(ReclassModel model, CancellationToken cancellation = default)
        {
            var result = new List<McpCluster>();
            foreach (var group in GroupNodes(model, cancellation))
            {
                string domain = null, site = null;
                foreach (var node in group.Nodes)
                {
                    try
                    {
                        var rendered = model.Render(node, cancellation);
                        domain = Lookup(rendered.Parameters, DomainKeys) ?? DomainOfName(node);
                        site = Lookup(rendered.Parameters, SiteKeys);
                        break;
                    }
                    catch (ModelException) { domain = domain ?? DomainOfName(node); }
                }
                result.Add(new McpCluster(group.Cluster, domain, site, group.Nodes.Count, model.Path, model));
            }
            return result;
        }

        /// The cluster's nodes, rendered; a node that fails is reported in errors and skipped.
        /// Throws OperationCanceledException when cancelled; progress is told (rendered, of all) before each node.
        public static IReadOnlyList<McpNode> GetNodes(McpCluster cluster, out IReadOnlyList<ModelException> errors,
                                                      Action<int, int> progress = null, CancellationToken cancellation = default)
        {
            var model = cluster.Model ?? ReclassModel.Open(cluster.Path, null, cancellation);
            var nodes = new List<McpNode>();
            var failures = new List<ModelException>();
            var names = GroupNodes(model, cancellation).FirstOrDefault(g => g.Cluster == cluster.Name)?.Nodes;
            if (names != null)
            {
                var done = 0;
                using (Model.Rendering.RenderAhead.Start(model, names, cancellation))
                    foreach (var name in names)
                    {
                        progress?.Invoke(done++, names.Count);
                        try
                        {
                            var rendered = model.Render(name, cancellation);
                            nodes.Add(new McpNode(rendered, cluster,
                                Lookup(rendered.Parameters, DomainKeys) ?? DomainOfName(name),
                                Lookup(rendered.Parameters, SiteKeys)));
                        }
                        catch (ModelException e) { failures.Add(e); }
                    }
            }
            errors = ModelProblems.Group(failures, model.NodeNames);
            return nodes;
        }

        /// Every node's cluster (as GetNodes groups them), to make McpNodes of renders made elsewhere.
        public static Dictionary<string, McpCluster> ClusterByNode(ReclassModel model, CancellationToken cancellation = default)
        {
            var clusters = Discover(model, cancellation).ToDictionary(c => c.Name, StringComparer.Ordinal);
            var result = new Dictionary<string, McpCluster>(StringComparer.Ordinal);
            foreach (var group in GroupNodes(model, cancellation))
                foreach (var node in group.Nodes) result[node] = clusters[group.Cluster];
            return result;
        }

        /// A rendered node of the cluster as an McpNode (its domain and site from its pillar).
        public static McpNode NodeOf(McpCluster cluster, RenderedNode rendered) =>
            new McpNode(rendered, cluster, Lookup(rendered.Parameters, DomainKeys) ?? DomainOfName(rendered.Name), Lookup(rendered.Parameters, SiteKeys));

        /// The nodes of each cluster, from the classes each node file lists itself; by cluster name (ordinal).
        public static IReadOnlyList<NodeGroup> GroupNodes(ReclassModel model, CancellationToken cancellation = default)
        {
            // A Dictionary, sorted at the end: a SortedDictionary's tree over its key-value pairs is
            // code no ReadyToRun image holds, JIT-compiled in every new process (~25 methods).
            var groups = new Dictionary<string, NodeGroup>(StringComparer.Ordinal);
            var fallback = new DirectoryInfo(model.Path).Name;
            foreach (var node in model.NodeNames)
            {
                cancellation.ThrowIfCancellationRequested();
                var cluster = ClusterOf(model, node) ?? fallback;
                if (!groups.TryGetValue(cluster, out var group)) groups[cluster] = group = new NodeGroup(cluster);
                group.Nodes.Add(node);
            }
            var names = groups.Keys.ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names.Select(name => groups[name]).ToList();
        }

        /// A cluster's name and its nodes, in the model's order.
        internal sealed class NodeGroup
        {
            internal NodeGroup(string cluster) => Cluster = cluster;

            internal string Cluster { get; }
            internal List<string> Nodes { get; } = new List<string>();
        }

        private static string ClusterOf(ReclassModel model, string node)
        {
            IReadOnlyList<string> classes;
            try { classes = model.ListedClasses(node); }
            catch (ModelException) { return null; }
            foreach (var c in classes)
            {
                if (!c.StartsWith("cluster.", StringComparison.Ordinal)) continue;
                var rest = c.Substring("cluster.".Length);
                var dot = rest.IndexOf('.');
                var name = dot < 0 ? rest : rest.Substring(0, dot);
                if (name.Length > 0 && name.IndexOf("${", StringComparison.Ordinal) < 0) return name;
            }
            return null;
        }

        private static string Lookup(OrderedMap parameters, string[][] candidates)
        {
            foreach (var keys in candidates)
            {
                var text = PillarKey.Text(PillarKey.Get(parameters, keys));
                if (text != null) return text;
            }
            return null;
        }

        private static string DomainOfName(string node)
        {
            var dot = node.IndexOf('.');
            return dot < 0 ? null : node.Substring(dot + 1);
        }
    }
}
