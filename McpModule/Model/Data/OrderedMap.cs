using System.Collections;
using System.Collections.Generic;

namespace McpModule.Model
{
    /// A string-keyed dictionary that keeps insertion order, as Python dicts (and so
    /// reclass's output) do. Replacing a value keeps the key's position.
    public class OrderedMap : IDictionary<string, object>
    {
        private readonly Dictionary<string, object> _values;
        private readonly List<string> _keys;

        public OrderedMap() : this(0) { }

        public OrderedMap(int capacity)
        {
            _values = new Dictionary<string, object>(capacity, System.StringComparer.Ordinal);
            _keys = new List<string>(capacity);
        }

        /// Where the values of this map came from (a file URI); used in error messages.
        internal string Uri { get; set; }

        public object this[string key]
        {
            get => _values[key];
            set
            {
                if (!_values.ContainsKey(key)) _keys.Add(key);
                _values[key] = value;
            }
        }

        public ICollection<string> Keys => _keys.AsReadOnly();
        public ICollection<object> Values
        {
            get
            {
                var list = new List<object>(_keys.Count);
                foreach (var k in _keys) list.Add(_values[k]);
                return list;
            }
        }

        public int Count => _keys.Count;
        public bool IsReadOnly => false;

        public void Add(string key, object value)
        {
            _values.Add(key, value);
            _keys.Add(key);
        }

        public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

        public void Clear()
        {
            _values.Clear();
            _keys.Clear();
        }

        public bool Contains(KeyValuePair<string, object> item) =>
            _values.TryGetValue(item.Key, out var v) && Equals(v, item.Value);

        public bool ContainsKey(string key) => _values.ContainsKey(key);

        public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex)
        {
            foreach (var pair in this) array[arrayIndex++] = pair;
        }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (int i = 0; i < _keys.Count; i++)
                yield return new KeyValuePair<string, object>(_keys[i], _values[_keys[i]]);
        }

        public bool Remove(string key)
        {
            if (!_values.Remove(key)) return false;
            _keys.Remove(key);
            return true;
        }

        public bool Remove(KeyValuePair<string, object> item) => Contains(item) && Remove(item.Key);

        public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// A copy of this level only; nested values are shared (Python's dict.copy()).
        public OrderedMap ShallowCopy()
        {
            var copy = new OrderedMap(_keys.Count) { Uri = Uri };
            foreach (var k in _keys) copy.Add(k, _values[k]);
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
