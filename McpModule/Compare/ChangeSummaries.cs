#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Compare
{
    /// Changes grouped by kind and key, the groups in the order of the kinds, then of the keys.
    internal static class ChangeSummaries
    {
        public static List<McpModelChangeSummary> Group(IEnumerable<McpModelChange> changes) =>
            changes.GroupBy(c => (c.Kind, c.Key ?? ""))
                   .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
                   .Select(Summarize).ToList();

        private static McpModelChangeSummary Summarize(IGrouping<(McpModelChangeKind Kind, string Key), McpModelChange> group)
        {
            var list = group.ToList();
            var first = list[0];
            var varies = list.Any(c => !NodeDiff.ValuesEqual(c.BeforeValue, first.BeforeValue) || !NodeDiff.ValuesEqual(c.AfterValue, first.AfterValue));
            var nodes = list.Select(c => c.Node).Distinct(StringComparer.Ordinal).ToList();
            var nodeList = NodeRanges.Collapse(nodes);
            return new McpModelChangeSummary(first.Kind, first.Key, nodes, nodeList, varies, first.BeforeValue, first.AfterValue,
                                             Sentence(first.Kind, first.Key, nodes.Count, nodeList));
        }

        public static string Sentence(McpModelChangeKind kind, string? key, int count, string nodeList)
        {
            var on = $"on {count} node{(count == 1 ? "" : "s")}: {nodeList}";
            var nodes = $"{count} node{(count == 1 ? "" : "s")}";
            switch (kind)
            {
                case McpModelChangeKind.NodeAdded: return $"{nodes} added: {nodeList}";
                case McpModelChangeKind.NodeRemoved: return $"{nodes} removed: {nodeList}";
                case McpModelChangeKind.RenderFailed: return $"{nodes} render on one side only: {nodeList}";
                case McpModelChangeKind.ClassAdded: return $"class {key} added {on}";
                case McpModelChangeKind.ClassRemoved: return $"class {key} removed {on}";
                case McpModelChangeKind.ApplicationAdded: return $"application {key} added {on}";
                case McpModelChangeKind.ApplicationRemoved: return $"application {key} removed {on}";
                case McpModelChangeKind.ValueAdded: return $"{key} added {on}";
                case McpModelChangeKind.ValueRemoved: return $"{key} removed {on}";
                default: return $"{key} changed {on}";
            }
        }
    }
}
