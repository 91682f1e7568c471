#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model;

namespace McpModule.Compare
{
    /// The differences between two renders of one node, in a reviewer's order: classes,
    /// applications, then pillar keys in the order the model has them. A map is walked key by key;
    /// anything else that differs (a scalar, a list, a map that became a scalar) is one change of
    /// the whole value: a list has no keys to name its items by, and reclass's merge appends and
    /// overrides whole lists, so the whole list is what a reviewer checks.
    internal static class NodeDiff
    {
        /// A change before masking: Path is the pillar key's parts (empty for classes and applications).
        internal readonly struct Raw
        {
            public Raw(McpModelChangeKind kind, string? key, IReadOnlyList<string> path, object? before, object? after)
            {
                Kind = kind; Key = key; Path = path; Before = before; After = after;
            }
            public McpModelChangeKind Kind { get; }
            public string? Key { get; }
            public IReadOnlyList<string> Path { get; }
            public object? Before { get; }
            public object? After { get; }
        }

        public static List<Raw> Compare(RenderedNode before, RenderedNode after)
        {
            var changes = new List<Raw>();
            Names(before.Classes, after.Classes, McpModelChangeKind.ClassRemoved, McpModelChangeKind.ClassAdded, changes);
            Names(before.Applications, after.Applications, McpModelChangeKind.ApplicationRemoved, McpModelChangeKind.ApplicationAdded, changes);
            Maps(before.Parameters, after.Parameters, new List<string>(), changes);
            return changes;
        }

        // Order is not compared: a class that moved changes values, and those changes are shown.
        private static void Names(IReadOnlyList<string> before, IReadOnlyList<string> after, McpModelChangeKind removed, McpModelChangeKind added, List<Raw> changes)
        {
            var had = new HashSet<string>(before, StringComparer.Ordinal);
            var has = new HashSet<string>(after, StringComparer.Ordinal);
            foreach (var name in before) if (!has.Contains(name)) changes.Add(new Raw(removed, name, Array.Empty<string>(), name, null));
            foreach (var name in after) if (!had.Contains(name)) changes.Add(new Raw(added, name, Array.Empty<string>(), null, name));
        }

        private static void Maps(IDictionary<string, object> before, IDictionary<string, object> after, List<string> path, List<Raw> changes)
        {
            foreach (var pair in before)
            {
                path.Add(pair.Key);
                if (!after.TryGetValue(pair.Key, out var now))
                    changes.Add(new Raw(McpModelChangeKind.ValueRemoved, Key(path), path.ToArray(), pair.Value, null));
                else if (pair.Value is IDictionary<string, object> wasMap && now is IDictionary<string, object> nowMap)
                    Maps(wasMap, nowMap, path, changes);
                else if (!ValuesEqual(pair.Value, now))
                    changes.Add(new Raw(McpModelChangeKind.ValueChanged, Key(path), path.ToArray(), pair.Value, now));
                path.RemoveAt(path.Count - 1);
            }
            foreach (var pair in after)
            {
                if (before.ContainsKey(pair.Key)) continue;
                path.Add(pair.Key);
                changes.Add(new Raw(McpModelChangeKind.ValueAdded, Key(path), path.ToArray(), null, pair.Value));
                path.RemoveAt(path.Count - 1);
            }
        }

        private static string Key(List<string> path) => string.Join(":", path);

        /// Equal as rendered values: same type (the YAML 80 and "80" differ, as they do to a formula),
        /// maps with the same keys and values in any order, lists item by item.
        public static bool ValuesEqual(object? a, object? b)
        {
            if (a == null || b == null) return a == null && b == null;
            if (a is IDictionary<string, object> mapA)
            {
                if (!(b is IDictionary<string, object> mapB) || mapA.Count != mapB.Count) return false;
                foreach (var pair in mapA)
                    if (!mapB.TryGetValue(pair.Key, out var other) || !ValuesEqual(pair.Value, other)) return false;
                return true;
            }
            if (a is string || b is string) return a is string sa && b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            if (a is IList listA)
            {
                if (!(b is IList listB) || listA.Count != listB.Count) return false;
                for (var i = 0; i < listA.Count; i++)
                    if (!ValuesEqual(listA[i], listB[i])) return false;
                return true;
            }
            return a.GetType() == b.GetType() && a.Equals(b);
        }
    }
}
