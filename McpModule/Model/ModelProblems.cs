using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Model
{
    /// One error per problem. A missing class, a broken file or a bad reference breaks every
    /// node that reaches it (through its classes or an inventory query); rendering node by node
    /// finds it once per node. Errors that are the same problem — same kind, file, line and
    /// column, and the same message once the nodes' names are taken out — become one, naming
    /// every node it affects (Nodes).
    internal static class ModelProblems
    {
        public static IReadOnlyList<ModelException> Group(IEnumerable<ModelException> errors, IEnumerable<string> nodeNames)
        {
            var names = (nodeNames ?? Enumerable.Empty<string>())
                .SelectMany(n => new[] { n, McpNode.ShortNameOf(n) })
                .Where(n => !string.IsNullOrEmpty(n))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(n => n.Length)          // ctl01.lab.local before ctl01
                .ToList();
            var groups = new List<(string Key, ModelException First, List<string> Nodes)>();
            foreach (var e in errors ?? Enumerable.Empty<ModelException>())
            {
                var key = e.Kind + "\u0001" + e.File + "\u0001" + e.Line + "\u0001" + e.Column + "\u0001" + WithoutNodes(e.RawMessage, names);
                var group = groups.FirstOrDefault(g => g.Key == key);
                if (group.First == null) groups.Add((key, e, new List<string> { e.Node }));
                else if (e.Node != null && !group.Nodes.Contains(e.Node)) group.Nodes.Add(e.Node);
            }
            return groups.Select(g =>
            {
                var nodes = g.Nodes.Where(n => n != null).ToList();
                g.First.Nodes = nodes;
                return g.First;
            }).ToList();
        }

        private static string WithoutNodes(string message, List<string> names)
        {
            if (string.IsNullOrEmpty(message)) return message;
            foreach (var n in names)
                if (message.IndexOf(n, StringComparison.Ordinal) >= 0) message = message.Replace(n, "\u0002");
            return message;
        }
    }
}
