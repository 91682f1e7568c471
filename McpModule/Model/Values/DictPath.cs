using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using McpModule.Model.Data;

namespace McpModule.Model.Values
{
    /// A path into nested parameters ("a:b:0"). Parts are strings from references or
    /// ints for list positions; like reclass, "0" and 0 are different parts, which is
    /// why `${list:0}` cannot be found in reclass 1.7 (see ReclassSettings).
    internal sealed class DictPath : IEquatable<DictPath>
    {
        private object[] _partsArray;
        private readonly DictPath _parent;
        private readonly object _key;
        private int _hash;
        private bool _hashed;

        public static readonly DictPath Root = new DictPath(Array.Empty<object>());

        public DictPath(object[] parts) { _partsArray = parts; Length = parts.Length; }

        // Rendering makes a path for every container it walks, and few are ever looked
        // at: a child only links to its parent until its parts are needed.
        private DictPath(DictPath parent, object key) { _parent = parent; _key = key; Length = parent.Length + 1; }

        private object[] _parts
        {
            get
            {
                if (_partsArray != null) return _partsArray;
                var parts = new object[Length];
                var node = this;
                for (int i = Length - 1; i >= 0 && node._partsArray == null; i--)
                {
                    parts[i] = node._key;
                    node = node._parent;
                    if (node._partsArray != null) Array.Copy(node._partsArray, parts, i);
                }
                return _partsArray = parts;
            }
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DictPath> Parsed =
            new System.Collections.Concurrent.ConcurrentDictionary<string, DictPath>(StringComparer.Ordinal);

        /// "a:b:c" → [a, b, c]; a delimiter after a backslash does not split (the
        /// backslash stays, as in reclass). Paths are immutable, so parses are shared.
        public static DictPath Parse(string reference) => Parsed.GetOrAdd(reference, Split);

        private static DictPath Split(string reference)
        {
            var parts = new List<object>();
            var start = 0;
            for (int i = 0; i < reference.Length; i++)
            {
                if (reference[i] != ':' || (i > 0 && reference[i - 1] == '\\')) continue;
                parts.Add(reference.Substring(start, i - start));
                start = i + 1;
            }
            parts.Add(reference.Substring(start));
            return new DictPath(parts.ToArray());
        }

        public IReadOnlyList<object> Parts => _parts;
        public int Length { get; }
        public bool IsEmpty => Length == 0;

        public DictPath Child(object key) => new DictPath(this, key);

        public DictPath DropFirst()
        {
            var parts = new object[Math.Max(0, _parts.Length - 1)];
            if (_parts.Length > 0) Array.Copy(_parts, 1, parts, 0, parts.Length);
            return new DictPath(parts);
        }

        private DictPath[] _ancestors;

        /// Prefixes of this path, shortest first, without the path itself. Kept: parsed
        /// reference paths are shared and asked for their ancestors on every render.
        public IReadOnlyList<DictPath> Ancestors()
        {
            if (_ancestors != null) return _ancestors;
            var parts = _parts;
            var result = new DictPath[Math.Max(0, parts.Length - 1)];
            for (int n = 1; n < parts.Length; n++)
            {
                var prefix = new object[n];
                Array.Copy(parts, prefix, n);
                result[n - 1] = new DictPath(prefix);
            }
            return _ancestors = result;
        }

        public bool IsAncestorOf(DictPath other)
        {
            if (other._parts.Length <= _parts.Length) return false;
            for (int i = 0; i < _parts.Length; i++)
                if (!PartEquals(_parts[i], other._parts[i])) return false;
            return true;
        }

        /// Thrown where Python raises KeyError or TypeError: reclass reports those as
        /// an unresolvable reference. Index and value errors it does not catch.
        internal sealed class NotFound : Exception
        {
            public NotFound(bool caughtByReclass) { CaughtByReclass = caughtByReclass; }
            public bool CaughtByReclass { get; }
        }

        /// GetValue without exceptions, for the many lookups that are expected to fail
        /// (a nested reference tried against an empty context).
        public bool TryGetValue(object root, bool listIndexAtEnd, out object value, out bool caughtByReclass)
        {
            value = root;
            caughtByReclass = true;
            for (int i = 0; i < _parts.Length; i++)
            {
                var key = _parts[i];
                var last = i == _parts.Length - 1 && !listIndexAtEnd;
                switch (value)
                {
                    case OrderedMap map:
                        if (!(key is string s) || !map.TryGetValue(s, out value)) return false;
                        break;
                    case IList list:
                        if (last && key is string) return false;
                        if (!TryIndex(list, key, out var index)) { caughtByReclass = false; return false; }
                        value = list[index];
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        private static bool TryIndex(IList list, object key, out int index)
        {
            if (key is int i) index = i;
            else if (!int.TryParse(((string)key).Trim().Replace("_", ""), out index)) return false;
            if (index < 0) index += list.Count;
            return index >= 0 && index < list.Count;
        }

        public object GetValue(object root, bool listIndexAtEnd = false)
        {
            var container = Container(root);
            return Lookup(container, _parts[_parts.Length - 1], last: !listIndexAtEnd);
        }

        public void SetValue(object root, object value)
        {
            var container = Container(root);
            var key = _parts[_parts.Length - 1];
            if (container is IList list) list[ToIndex(list, key)] = value;
            else ((OrderedMap)container)[(string)key] = value;
        }

        public void Delete(object root)
        {
            var container = Container(root);
            var key = _parts[_parts.Length - 1];
            if (container is IList list) list.RemoveAt(ToIndex(list, key));
            else if (!((OrderedMap)container).Remove(key as string)) throw new NotFound(true);
        }

        private object Container(object root)
        {
            var container = root;
            for (int i = 0; i < _parts.Length - 1; i++)
                container = Lookup(container, _parts[i], last: false);
            return container;
        }

        private static object Lookup(object container, object key, bool last)
        {
            switch (container)
            {
                case OrderedMap map:
                    if (key is string s && map.TryGetValue(s, out var v)) return v;
                    throw new NotFound(true);
                case IList list:
                    // Python: a list indexed by a string is a TypeError; reclass converts
                    // with int() only on the way down, never for the last part.
                    if (last && key is string) throw new NotFound(true);
                    return list[ToIndex(list, key)];
                default:
                    throw new NotFound(true);
            }
        }

        private static int ToIndex(IList list, object key)
        {
            int index;
            if (key is int i) index = i;
            else if (!int.TryParse(((string)key).Trim().Replace("_", ""), out index)) throw new NotFound(false);
            if (index < 0) index += list.Count;
            if (index < 0 || index >= list.Count) throw new NotFound(false);
            return index;
        }

        /// reclass's DictPath.exists_in, quirks included: in a list it tests membership
        /// of the part among the elements and then stays on the list.
        public bool ExistsIn(object container)
        {
            var item = container;
            foreach (var part in _parts)
            {
                if (item is OrderedMap map)
                {
                    if (!(part is string s) || !map.TryGetValue(s, out var next)) return false;
                    item = next;
                }
                else if (item is IList list)
                {
                    var found = false;
                    foreach (var element in list)
                        if (PythonFormat.PyEquals(element, part)) { found = true; break; }
                    if (!found) return false;
                }
                else
                {
                    return PythonFormat.PyEquals(item, _parts[_parts.Length - 1]);
                }
            }
            return true;
        }

        private static bool PartEquals(object a, object b) =>
            a is int ia ? b is int ib && ia == ib : b is string && string.Equals((string)a, (string)b, StringComparison.Ordinal);

        public bool Equals(DictPath other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (other is null || other.Length != Length || other.GetHashCode() != GetHashCode()) return false;
            for (int i = 0; i < _parts.Length; i++)
                if (!PartEquals(_parts[i], other._parts[i])) return false;
            return true;
        }

        public override bool Equals(object obj) => obj is DictPath p && Equals(p);

        /// Folded part by part, so a linked child hashes from its parent's cached hash
        /// without building its parts.
        public override int GetHashCode()
        {
            // Parsed paths are shared by renders on other threads: the hash is written before
            // the flag that says it is there, or another thread could read a hash of 0.
            if (System.Threading.Volatile.Read(ref _hashed)) return _hash;
            int h;
            if (_partsArray == null) h = Combine(_parent.GetHashCode(), _key);
            else
            {
                h = 17;
                foreach (var p in _partsArray) h = Combine(h, p);
            }
            _hash = h;
            System.Threading.Volatile.Write(ref _hashed, true);
            return h;
        }

        private static int Combine(int h, object part) =>
            unchecked(h * 31 + (part is int i ? i : StringComparer.Ordinal.GetHashCode((string)part)));

        public override string ToString()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < _parts.Length; i++)
            {
                if (i > 0) sb.Append(':');
                sb.Append(_parts[i]);
            }
            return sb.ToString();
        }
    }
}
