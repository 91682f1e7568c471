using System.Collections.Generic;

namespace McpModule.Model.Entities
{
    /// An ordered set of class names; the first occurrence keeps its place.
    internal class ClassList
    {
        protected readonly List<string> Items = new List<string>();
        private HashSet<string> _index = new HashSet<string>(System.StringComparer.Ordinal);

        public IReadOnlyList<string> AsList() => Items.ToArray();
        public int Count => Items.Count;

        public virtual void MergeUnique(ClassList other)
        {
            foreach (var item in other.Items) AppendIfNew(item);
        }

        public virtual void AppendIfNew(string item)
        {
            if (_index.Add(item)) Items.Add(item);
        }

        protected void RemoveItem(string item)
        {
            if (_index.Remove(item)) Items.Remove(item);
        }
    }

    /// Applications: like classes, but "~app" removes an app merged earlier, and the
    /// removal travels with the list into whatever it is merged into later.
    internal sealed class ApplicationList : ClassList
    {
        private readonly List<string> _negations = new List<string>();

        public override void AppendIfNew(string item)
        {
            if (item.StartsWith("~", System.StringComparison.Ordinal))
            {
                var name = item.Substring(1);
                _negations.Add(name);
                RemoveItem(name);
            }
            else base.AppendIfNew(item);
        }

        public override void MergeUnique(ClassList other)
        {
            if (other is ApplicationList apps)
                foreach (var negation in apps._negations) RemoveItem(negation);
            base.MergeUnique(other);
        }
    }
}
