using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace McpModule.Cmdlets
{
    /// What the completers complete from: the rendered nodes of the model a command line is
    /// about (its -Cluster, -Path or -LiteralPath, else the current location), through the
    /// session's model cache, so the first Tab renders the model and the next ones reuse it.
    /// Nothing here throws: a model that does not load, or a folder that is no model, gives
    /// no nodes; a folder that is no model is not walked at all.
    internal static class CompletionSource
    {
        /// The rendered nodes of the model the bound parameters point to; those that do not render are left out.
        public static IReadOnlyList<McpNode> Nodes(IDictionary bound)
        {
            try
            {
                var cluster = NodeNameCompleter.BoundCluster(bound);
                var clusters = cluster?.Model != null ? new[] { cluster } : Clusters(NodeNameCompleter.ModelPath(bound));
                if (cluster != null && cluster.Model == null) clusters = clusters.Where(c => c.Name == cluster.Name).ToList();
                var nodes = new List<McpNode>();
                foreach (var c in clusters) nodes.AddRange(McpClusterCatalog.GetNodes(c, out _));
                return nodes;
            }
            catch (Exception)
            {
                return Array.Empty<McpNode>();   // completion never throws at the user
            }
        }

        /// The cached model entry of the inventory a path is in; null when the path is in none.
        internal static ModelCacheEntry Entry(string path)
        {
            var root = McpModelCmdlet.InventoryRoot(path);
            return McpModelCmdlet.IsInventory(root) ? ModelCache.Get(root) : null;
        }

        private static IReadOnlyList<McpCluster> Clusters(string path) => Entry(path)?.GetClusters(System.Threading.CancellationToken.None) ?? Array.Empty<McpCluster>();

        /// The values that match what is typed (a wildcard pattern, '*' added), as completion results.
        public static List<CompletionResult> Complete(IEnumerable<string> values, string wordToComplete)
        {
            var pattern = WildcardPattern.Get(Unquote(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            return values.Where(v => pattern.IsMatch(v))
                         .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, v))
                         .ToList();
        }

        /// What is typed without the quote it may start (and end) with.
        public static string Unquote(string word) => (word ?? "").Trim('\'', '"');

        /// A value as it can be typed: quoted when PowerShell would read it otherwise.
        public static string Quote(string value) =>
            value.Length == 0 || value.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#', '<', '>', '[', ']' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;

        /// The strings a bound parameter holds (a string, an array of them, or objects with a Name).
        public static IReadOnlyList<string> Strings(IDictionary bound, string name)
        {
            if (bound == null || !bound.Contains(name)) return Array.Empty<string>();
            var value = bound[name];
            IEnumerable items = value is string || !(value is IEnumerable e) ? new[] { value } : e;
            var result = new List<string>();
            foreach (var item in items)
            {
                var o = item is PSObject ps ? ps.BaseObject : item;
                var text = o is McpNode node ? node.Name : o as string;
                if (!string.IsNullOrEmpty(text)) result.Add(text);
            }
            return result;
        }
    }
}
