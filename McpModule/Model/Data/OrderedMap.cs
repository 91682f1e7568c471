using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace McpModule.Model.Data
{
    /// A string-keyed dictionary that keeps insertion order, as Python dicts (and so
    /// reclass's output) do. Replacing a value keeps the key's position. Small maps,
    /// which most pillar levels are, search their few keys instead of hashing.
    internal class OrderedMap : IDictionary<string, object>
    {
        private const int IndexThreshold = 8;
        private KeyValuePair<string, object>[] _entries;
        private int _count;
        private Dictionary<string, int> _index;

        public OrderedMap() : this(0) { }

        public OrderedMap(int capacity)
        {
            // An empty map holds no array until its first key: merging makes many that stay empty.
            _entries = capacity < 1 ? System.Array.Empty<KeyValuePair<string, object>>() : new KeyValuePair<string, object>[capacity];
        }

        /// Where the values of this map came from (a file URI); used in error messages.
        internal string Uri { get; set; }

        // Maps past IndexThreshold keys are searched through an index, made at the first search
        // and then kept up to date: a map that is only walked (most of a render cache's, read
        // back by the thousand) never gets one. Made whole before it is published, so threads
        // that read one shared map (renders never change) may make it at once; one of theirs is kept.
        private int Find(string key)
        {
            var index = Volatile.Read(ref _index);
            if (index == null && _count > IndexThreshold) index = Index();
            if (index != null) return index.TryGetValue(key, out var i) ? i : -1;
            for (int i = 0; i < _count; i++)
                if (string.Equals(_entries[i].Key, key, System.StringComparison.Ordinal)) return i;
            return -1;
        }

        private Dictionary<string, int> Index()
        {
            var index = new Dictionary<string, int>(_count, System.StringComparer.Ordinal);
            for (int i = 0; i < _count; i++) index[_entries[i].Key] = i;
            return Interlocked.CompareExchange(ref _index, index, null) ?? index;
        }

        private void Append(string key, object value)
        {
            if (_count == _entries.Length) System.Array.Resize(ref _entries, _count == 0 ? 4 : _count * 2);
            _entries[_count] = new KeyValuePair<string, object>(key, value);
            if (_index != null) _index[key] = _count;
            _count++;
        }

        /// Adds a key the caller knows is not in the map (a map read back as it was written, a copy of
        /// another map's entries): no search, so a copy of a large map makes no index it may never need.
        internal void AddDistinct(string key, object value) => Append(key, value);

        public object this[string key]
        {
            get
            {
                var i = Find(key);
                if (i < 0) throw new KeyNotFoundException($"The key '{key}' is not in the map.");
                return _entries[i].Value;
            }
            set
            {
                var i = Find(key);
                if (i < 0) Append(key, value);
                else _entries[i] = new KeyValuePair<string, object>(key, value);
            }
        }

        public ICollection<string> Keys
        {
            get
            {
                var keys = new List<string>(_count);
                for (int i = 0; i < _count; i++) keys.Add(_entries[i].Key);
                return keys.AsReadOnly();
            }
        }

        public ICollection<object> Values
        {
            get
            {
                var values = new List<object>(_count);
                for (int i = 0; i < _count; i++) values.Add(_entries[i].Value);
                return values;
            }
        }

        public int Count => _count;
        public bool IsReadOnly => false;

        /// The entry at a position: loops over maps without an enumerator.
        public KeyValuePair<string, object> EntryAt(int position) => _entries[position];

        /// Replaces the value at a position (its key stays).
        internal void SetValueAt(int position, object value) =>
            _entries[position] = new KeyValuePair<string, object>(_entries[position].Key, value);

        public void Add(string key, object value)
        {
            if (Find(key) >= 0) throw new System.ArgumentException($"The key '{key}' is already in the map.", nameof(key));
            Append(key, value);
        }

        public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

        public void Clear()
        {
            _entries = System.Array.Empty<KeyValuePair<string, object>>();
            _count = 0;
            _index = null;
        }

        public bool Contains(KeyValuePair<string, object> item) =>
            TryGetValue(item.Key, out var v) && Equals(v, item.Value);

        public bool ContainsKey(string key) => Find(key) >= 0;

        public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
            System.Array.Copy(_entries, 0, array, arrayIndex, _count);

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (int i = 0; i < _count; i++) yield return _entries[i];
        }

        public bool Remove(string key)
        {
            var i = Find(key);
            if (i < 0) return false;
            System.Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
            _count--;
            _entries[_count] = default;
            if (_index != null)
            {
                _index.Clear();
                for (int n = 0; n < _count; n++) _index[_entries[n].Key] = n;
            }
            return true;
        }

        public bool Remove(KeyValuePair<string, object> item) => Contains(item) && Remove(item.Key);

        public bool TryGetValue(string key, out object value)
        {
            var i = Find(key);
            value = i < 0 ? null : _entries[i].Value;
            return i >= 0;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// A copy of this level only; nested values are shared (Python's dict.copy()).
        public OrderedMap ShallowCopy()
        {
            var copy = new OrderedMap(_count) { Uri = Uri };
            for (int i = 0; i < _count; i++) copy.Append(_entries[i].Key, _entries[i].Value);
            return copy;
        }
    }

    /// A list that remembers the file it came from, like reclass's ParameterList.
    internal sealed class ParamList : List<object>
    {
        public ParamList(string uri) { Uri = uri; }
        public ParamList(string uri, int capacity) : base(capacity) { Uri = uri; }
        public string Uri { get; set; }
    }
}
