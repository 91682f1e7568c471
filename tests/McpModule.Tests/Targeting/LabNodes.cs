using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace McpModule.Tests.Targeting
{
    /// The nodes of the example model examples/models/lab, rendered once for all tests.
    internal static class LabNodes
    {
        private static readonly Lazy<IReadOnlyList<McpNode>> Nodes = new Lazy<IReadOnlyList<McpNode>>(Load);

        public static IReadOnlyList<McpNode> All => Nodes.Value;

        public static string ModelPath
        {
            get
            {
                for (var dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
                {
                    var candidate = Path.Combine(dir, "examples", "models", "lab");
                    if (Directory.Exists(Path.Combine(candidate, "nodes"))) return candidate;
                }
                throw new DirectoryNotFoundException("examples/models/lab not found above " + AppContext.BaseDirectory);
            }
        }

        public static McpNode Node(string shortName) => All.Single(n => n.ShortName == shortName);

        /// Short names of the nodes a target selects, sorted.
        public static string Select(string expression) =>
            string.Join(" ", McpModule.Targeting.McpTarget.Parse(expression).Select(All).Select(n => n.ShortName).OrderBy(n => n, StringComparer.Ordinal));

        private static IReadOnlyList<McpNode> Load()
        {
            var clusters = McpClusterCatalog.Discover(ModelPath);
            var nodes = new List<McpNode>();
            foreach (var cluster in clusters)
            {
                nodes.AddRange(McpClusterCatalog.GetNodes(cluster, out var errors));
                if (errors.Count > 0) throw errors[0];
            }
            return nodes;
        }
    }
}
