using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Threading;

namespace McpModule
{
    /// A node's pillar, or a map inside it, as PowerShell users handle it best: an ordered
    /// dictionary (IOrderedDictionary: the model's key order kept; keys case-insensitive unless
    /// two keys differ only by case), its maps McpPillar and its lists object[] all the way
    /// down, so dot access, -Key paths, ConvertTo-Json (nested objects) and hashtable habits
    /// work. It is a copy: changing it changes neither the model nor the model cache.
    ///
    /// A map is copied when it is first read, one level at a time: a pipeline that passes
    /// pillars on or reads one key never pays for the copy of all of them (most of the time a
    /// whole pillar's copy took was the garbage collector's, ~200 KB a node). That is why it is
    /// a type of its own and not an OrderedDictionary: OrderedDictionary's members are not
    /// virtual, so a subclass could not copy before it is read.
    ///
    /// Node and Key say where it came from; ConvertTo-Json writes the pillar's keys only. A
    /// pillar key named Node or Key hides the property for dot access, as with any dictionary.
    public sealed class McpPillar : IOrderedDictionary
    {
        // The rendered map it copies; the engine never changes a rendered pillar.
        private readonly IDictionary<string, object> _source;
        private OrderedDictionary _entries;

        private McpPillar(IDictionary<string, object> source, string node, string key)
        {
            _source = source; Node = node; Key = key;
        }

        /// The node the pillar was rendered for (its full name).
        public string Node { get; }

        /// The key path ("keystone:server") the dictionary is at; null for the whole pillar.
        public string Key { get; }

        /// "ctl01.lab.local: {linux, ntp, ...}": the node, the key and the top-level keys.
        public override string ToString()
        {
            var where = string.Join(" ", new[] { Node, Key }.Where(part => !string.IsNullOrEmpty(part)));
            var keys = "{" + string.Join(", ", Keys.Cast<object>()) + "}";
            return where.Length == 0 ? keys : where + ": " + keys;
        }

        /// The pillar (or the map at a key) of a node as an McpPillar.
        public static McpPillar From(IDictionary<string, object> map, string node, string key = null)
        {
            if (map == null) throw new ArgumentNullException(nameof(map));
            return new McpPillar(map, node, key);
        }

        /// A pillar value as plain .NET data: maps become McpPillar, lists object[]; strings,
        /// numbers, booleans and null stay as they are. Node and key say where it is.
        public static object Plain(object value, string node = null, string key = null)
        {
            switch (value)
            {
                case null:
                case string _:
                    return value;
                case IDictionary<string, object> map:
                    return new McpPillar(map, node, key);
                case IList list:
                    var array = new object[list.Count];
                    for (int i = 0; i < array.Length; i++) array[i] = Plain(list[i], node, Child(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    return array;
                default:
                    return value;
            }
        }

        private static string Child(string key, string part) => key == null ? part : key + ":" + part;

        // This level, copied on first use. Two threads may both copy; one copy wins and the
        // other is dropped before anyone could have changed it.
        private OrderedDictionary Entries
        {
            get
            {
                var entries = Volatile.Read(ref _entries);
                if (entries != null) return entries;
                entries = new OrderedDictionary(_source.Count, ComparerFor(_source.Keys));
                foreach (var pair in _source) entries.Add(pair.Key, Plain(pair.Value, Node, Child(Key, pair.Key)));
                return Interlocked.CompareExchange(ref _entries, entries, null) ?? entries;
            }
        }

        public object this[object key] { get => Entries[key]; set => Entries[key] = value; }
        public object this[int index] { get => Entries[index]; set => Entries[index] = value; }
        public ICollection Keys => Entries.Keys;
        public ICollection Values => Entries.Values;
        public int Count => _entries?.Count ?? _source.Count;
        public bool IsReadOnly => false;
        public bool IsFixedSize => false;
        public bool IsSynchronized => false;
        public object SyncRoot => this;

        public bool Contains(object key) => Entries.Contains(key);
        public void Add(object key, object value) => Entries.Add(key, value);
        public void Insert(int index, object key, object value) => Entries.Insert(index, key, value);
        public void Remove(object key) => Entries.Remove(key);
        public void RemoveAt(int index) => Entries.RemoveAt(index);
        public void Clear() => Entries.Clear();
        public void CopyTo(Array array, int index) => Entries.CopyTo(array, index);
        public IDictionaryEnumerator GetEnumerator() => Entries.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => Entries.GetEnumerator();

        /// Case-insensitive keys as PowerShell's own dictionaries have, unless two keys differ
        /// only by case (the model's keys are case-sensitive): then both stay reachable.
        private static StringComparer ComparerFor(ICollection<string> keys)
        {
            if (keys.Count < 2) return StringComparer.OrdinalIgnoreCase;
            // Most pillar maps are small: comparing pairs (of equal length only) allocates nothing.
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
