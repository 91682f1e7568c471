using System.Collections.Generic;
using McpModule.Model.Values;

namespace McpModule.Model.Parameters
{
    /// Paths whose values still hold references, in the order they were found, each
    /// marked "in progress" while its references are being rendered so that a loop
    /// shows up as a revisit. (reclass's _unrendered dict, insertion order included.)
    internal sealed class PendingPaths
    {
        private struct Entry { public bool Waiting; public int Serial; }

        private readonly Dictionary<DictPath, Entry> _state = new Dictionary<DictPath, Entry>();
        private readonly List<KeyValuePair<DictPath, int>> _order = new List<KeyValuePair<DictPath, int>>();
        private int _head;

        public int Count => _state.Count;

        public void Add(DictPath path)
        {
            if (_state.TryGetValue(path, out var entry)) { entry.Waiting = true; _state[path] = entry; return; }
            _state[path] = new Entry { Waiting = true, Serial = _order.Count };
            _order.Add(new KeyValuePair<DictPath, int>(path, _order.Count));
        }

        public bool Contains(DictPath path) => _state.ContainsKey(path);
        public bool IsInProgress(DictPath path) => _state.TryGetValue(path, out var e) && !e.Waiting;

        public void MarkInProgress(DictPath path)
        {
            var e = _state[path];
            e.Waiting = false;
            _state[path] = e;
        }

        public void Remove(DictPath path) => _state.Remove(path);

        private bool IsLive(KeyValuePair<DictPath, int> slot) =>
            _state.TryGetValue(slot.Key, out var e) && e.Serial == slot.Value;

        public DictPath First()
        {
            while (!IsLive(_order[_head])) _head++;
            return _order[_head].Key;
        }

        public IEnumerable<DictPath> InOrder()
        {
            var live = new List<DictPath>();
            for (int i = _head; i < _order.Count; i++)
                if (IsLive(_order[i])) live.Add(_order[i].Key);
            return live;
        }
    }
}
