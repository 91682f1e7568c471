using System.Collections.Generic;

namespace McpModule.Model.Entities
{
    /// An ordered set of class names; the first occurrence keeps its place.
    internal class ClassList
    {
        // Both made at the first name: a node's merge makes lists for every class it descends
        // into, most of which stay empty. Short lists are searched; the set comes past 8 names.
        private List<string> _items;
        private HashSet<string> _index;

        public IReadOnlyList<string> AsList() => _items == null ? (IReadOnlyList<string>)System.Array.Empty<string>() : _items.ToArray();
        public int Count => _items?.Count ?? 0;

        public virtual void MergeUnique(ClassList other)
        {
            if (other._items == null) return;
            foreach (var item in other._items) AppendIfNew(item);
        }

        public virtual void AppendIfNew(string item)
        {
            if (!Contains(item)) Add(item);
        }

        protected void RemoveItem(string item)
        {
            if (!Contains(item)) return;
            _items.Remove(item);
            _index?.Remove(item);
        }

        private bool Contains(string item)
        {
            if (_items == null) return false;
            if (_index != null) return _index.Contains(item);
            foreach (var existing in _items)
                if (string.Equals(existing, item, System.StringComparison.Ordinal)) return true;
            return false;
        }

        private void Add(string item)
        {
            (_items ?? (_items = new List<string>())).Add(item);
            if (_index != null) _index.Add(item);
            else if (_items.Count > 8) _index = new HashSet<string>(_items, System.StringComparer.Ordinal);
        }
    }

    /// Applications: like classes, but "~app" removes an app merged earlier, and the
    /// removal travels with the list into whatever it is merged into later.
    internal sealed class ApplicationList : ClassList
    {
        private List<string> _negations;

        public override void AppendIfNew(string item)
        {
            if (item.StartsWith("~", System.StringComparison.Ordinal))
            {
                var name = item.Substring(1);
                (_negations ?? (_negations = new List<string>())).Add(name);
                RemoveItem(name);
            }
            else base.AppendIfNew(item);
        }

        public override void MergeUnique(ClassList other)
        {
            if (other is ApplicationList apps && apps._negations != null)
                foreach (var negation in apps._negations) RemoveItem(negation);
            base.MergeUnique(other);
        }
    }
}
