using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;

namespace McpModule
{
    /// A node's pillar, or the dictionary at one of its keys, as PowerShell users handle it
    /// best: an OrderedDictionary (the model's key order kept; keys case-insensitive unless two
    /// keys differ only by case), its maps OrderedDictionary and its lists object[] all the way
    /// down, so dot access, -Key paths, ConvertTo-Json (nested objects) and hashtable habits
    /// work. It is a copy: changing it changes neither the model nor the model cache.
    ///
    /// Node and Key say where it came from; ConvertTo-Json writes the pillar's keys only. A
    /// pillar key named Node or Key hides the property for dot access, as with any dictionary.
    public sealed class McpPillar : OrderedDictionary
    {
        private McpPillar(string node, string key, int capacity, IEqualityComparer comparer) : base(capacity, comparer)
        {
            Node = node; Key = key;
        }

        /// The node the pillar was rendered for (its full name).
        public string Node { get; }

        /// The key path ("keystone:server") the dictionary is at; null for the whole pillar.
        public string Key { get; }

        /// "ctl01.lab.local: {linux, ntp, ...}": the node, the key and the top-level keys.
        public override string ToString() =>
            $"{Node}{(Key == null ? "" : " " + Key)}: {{{string.Join(", ", Keys.Cast<object>())}}}";

        /// The pillar (or the map at a key) of a node as an McpPillar.
        public static McpPillar From(IDictionary<string, object> map, string node, string key = null)
        {
            if (map == null) throw new ArgumentNullException(nameof(map));
            var pillar = new McpPillar(node, key, map.Count, ComparerFor(map.Keys));
            foreach (var pair in map) pillar.Add(pair.Key, Plain(pair.Value));
            return pillar;
        }

        /// A pillar value as plain .NET data: maps become OrderedDictionary, lists object[];
        /// strings, numbers, booleans and null stay as they are.
        public static object Plain(object value)
        {
            switch (value)
            {
                case null:
                case string _:
                    return value;
                case IDictionary<string, object> map:
                    var result = new OrderedDictionary(map.Count, ComparerFor(map.Keys));
                    foreach (var pair in map) result.Add(pair.Key, Plain(pair.Value));
                    return result;
                case IList list:
                    var array = new object[list.Count];
                    for (int i = 0; i < array.Length; i++) array[i] = Plain(list[i]);
                    return array;
                default:
                    return value;
            }
        }

        /// Case-insensitive keys as PowerShell's own dictionaries have, unless two keys differ
        /// only by case (the model's keys are case-sensitive): then both stay reachable.
        private static StringComparer ComparerFor(ICollection<string> keys)
        {
            if (keys.Count < 2) return StringComparer.OrdinalIgnoreCase;
            // Most pillar maps are small: comparing pairs (of equal length only) allocates nothing,
            // where a set for every map was most of the time a whole pillar took to convert.
            if (keys.Count <= SmallMap) return HasCaseTwins(keys) ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
                if (!seen.Add(key)) return StringComparer.Ordinal;
            return StringComparer.OrdinalIgnoreCase;
        }

        private const int SmallMap = 32;

        private static bool HasCaseTwins(ICollection<string> keys)
        {
            var array = new string[keys.Count];
            keys.CopyTo(array, 0);
            for (int i = 1; i < array.Length; i++)
                for (int j = 0; j < i; j++)
                    if (array[i].Length == array[j].Length && string.Equals(array[i], array[j], StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
