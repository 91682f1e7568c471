#nullable enable
using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using McpModule.Model.Data;

namespace McpModule.Targeting
{
    /// Salt's pillar match (`I@`), as salt.utils.data.subdict_match does it: the expression
    /// `a:b:c` is tried at every split into a key path and a value pattern — `a:b` → `c`,
    /// then `a` → `b:c`. At the key path's value:
    ///   - a map matches when the pattern is `*`, is one of its keys, or matches inside it
    ///     the same way (so `I@ceph:osd` means "ceph has the key osd");
    ///   - a list matches when any member matches the pattern (maps among them as above);
    ///   - a scalar matches when its text, lower-cased, matches the pattern as a glob.
    /// A key path through a list takes a numeric index, or the key of a map inside the list.
    /// An empty map counts as "not found", as in Salt.
    internal static class PillarMatch
    {
        private static readonly ConcurrentDictionary<string, GlobPattern?> Globs =
            new ConcurrentDictionary<string, GlobPattern?>(StringComparer.Ordinal);

        /// True when the pillar matches the expression (`key:...:value`, at least one ':').
        public static bool IsMatch(IDictionary<string, object> pillar, string expression)
        {
            if (pillar == null || expression == null) return false;
            return SubdictMatch(pillar, expression);
        }

        private static bool SubdictMatch(object data, string expression)
        {
            var parts = expression.Split(':');
            if (parts.Length == 1) return false;
            for (var index = 1; index < parts.Length; index++)
            {
                var key = string.Join(":", parts, 0, index);
                object found;
                string pattern;
                if (key == "*")
                {
                    pattern = expression;
                    found = data;
                }
                else
                {
                    pattern = string.Join(":", parts, index, parts.Length - index);
                    if (!Traverse(data, parts, index, out found)) continue;
                }
                if (found is IDictionary<string, object> map)
                {
                    if (map.Count == 0) continue;
                    if (MapMatch(map, pattern)) return true;
                    continue;
                }
                if (found is IList list && !(found is string))
                {
                    foreach (var member in list)
                    {
                        if (member is IDictionary<string, object> memberMap && MapMatch(memberMap, pattern)) return true;
                        if (ScalarMatch(member, pattern)) return true;
                    }
                    continue;
                }
                if (ScalarMatch(found, pattern)) return true;
            }
            return false;
        }

        private static bool MapMatch(IDictionary<string, object> map, string pattern)
        {
            var wildcard = pattern.StartsWith("*:", StringComparison.Ordinal);
            if (wildcard) pattern = pattern.Substring(2);
            if (pattern == "*") return true;
            if (map.ContainsKey(pattern)) return true;
            if (SubdictMatch(map, pattern)) return true;
            if (!wildcard) return false;
            foreach (var entry in map)
            {
                switch (entry.Value)
                {
                    case IDictionary<string, object> inner:
                        if (MapMatch(inner, pattern)) return true;
                        break;
                    case IList list when !(entry.Value is string):
                        foreach (var item in list)
                            if (ScalarMatch(item, pattern)) return true;
                        break;
                    default:
                        if (ScalarMatch(entry.Value, pattern)) return true;
                        break;
                }
            }
            return false;
        }

        // salt.utils.data.traverse_dict_and_list; false when the path is not there.
        private static bool Traverse(object data, string[] parts, int count, out object found)
        {
            found = data;
            for (var i = 0; i < count; i++)
            {
                var part = parts[i];
                if (found is IDictionary<string, object> map)
                {
                    if (!map.TryGetValue(part, out found)) return false;
                }
                else if (found is IList list && !(found is string))
                {
                    if (int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
                    {
                        if (position < 0) position += list.Count;   // Python's negative index
                        if (position < 0 || position >= list.Count) return false;
                        found = list[position];
                    }
                    else
                    {
                        var embedded = false;
                        foreach (var member in list)
                        {
                            if (member is IDictionary<string, object> memberMap && memberMap.TryGetValue(part, out var value))
                            {
                                found = value;
                                embedded = true;
                                break;
                            }
                        }
                        if (!embedded) return false;
                    }
                }
                else return false;
            }
            return true;
        }

        private static bool ScalarMatch(object value, string pattern)
        {
            if (value is IDictionary<string, object> || (value is IList && !(value is string))) return pattern == "*";
            var glob = Globs.GetOrAdd(pattern, p =>
            {
                try { return GlobPattern.Parse(p); }
                catch (ArgumentException) { return null; }   // a set Python's fnmatch rejects too: no match
            });
            if (Globs.Count > 4096) Globs.Clear();
            return glob != null && glob.IsMatch(PythonFormat.Str(value));   // Salt compares str() of the value
        }
    }
}
