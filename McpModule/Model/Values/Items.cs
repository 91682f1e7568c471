using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace McpModule.Model.Values
{
    internal enum ItemType { Composite, Dictionary, InvQuery, List, Reference, Scalar }

    /// Raised when a reference cannot be resolved (Python's ResolveError).
    internal sealed class ResolveException : Exception
    {
        public ResolveException(string reference, bool caughtByReclass = true)
            : base("Cannot resolve ${" + reference + "}") { Reference = reference; CaughtByReclass = caughtByReclass; }
        public string Reference { get; }
        public bool CaughtByReclass { get; }
        public DictPath Context { get; set; }
        public string Uri { get; set; }
    }

    /// The parsed form of one parameter value, mirroring reclass's item classes.
    internal abstract class Item
    {
        protected static readonly List<string> NoReferences = new List<string>(0);

        public abstract ItemType Type { get; }
        public virtual bool HasReferences => false;
        public virtual bool HasInvQuery => false;
        public bool IsComplex => HasReferences || HasInvQuery;
        public virtual bool AllRefs => true;
        public virtual bool IsContainer => false;
        public virtual List<string> References => NoReferences;
        public virtual void AssembleRefs(object context) { }
        public abstract object Render(object context, Inventory inventory);
        public virtual Item MergeOver(Item other) =>
            throw new InvalidOperationException($"Failed to merge {this} over {other}");
        public string TypeName => Type.ToString().ToLowerInvariant() == "invquery" ? "inv_query" : Type.ToString().ToLowerInvariant();
    }

    internal sealed class ScalarItem : Item
    {
        public ScalarItem(object value) { Contents = value; }
        public object Contents { get; }
        public override ItemType Type => ItemType.Scalar;
        public override object Render(object context, Inventory inventory) => Contents;
        public override Item MergeOver(Item other) =>
            other.Type == ItemType.Scalar || other.Type == ItemType.Composite ? this : base.MergeOver(other);
        public override string ToString() => PythonFormat.Str(Contents);
    }

    internal abstract class ItemWithReferences : Item
    {
        private List<string> _refs = NoReferences;
        private bool _allRefs = true;

        protected ItemWithReferences(List<Item> items)
        {
            Items = items;
            AssembleRefs(EmptyContext);
        }

        protected static readonly OrderedMap EmptyContext = new OrderedMap();
        public List<Item> Items { get; }
        public override bool HasReferences => _refs.Count > 0;
        public override List<string> References => _refs;
        public override bool AllRefs => _allRefs;

        public override void AssembleRefs(object context)
        {
            _refs = new List<string>();
            _allRefs = true;
            foreach (var item in Items)
            {
                if (!item.HasReferences) continue;
                item.AssembleRefs(context);
                _refs.AddRange(item.References);
                if (!item.AllRefs) _allRefs = false;
            }
        }

        protected void AddReference(string reference) => _refs.Add(reference);
        protected void MarkUnresolved() => _allRefs = false;
    }

    internal sealed class CompositeItem : ItemWithReferences
    {
        public CompositeItem(List<Item> items) : base(items) { }
        public override ItemType Type => ItemType.Composite;

        public override object Render(object context, Inventory inventory)
        {
            if (Items.Count == 1) return Items[0].Render(context, inventory);
            var sb = new StringBuilder();
            foreach (var item in Items) sb.Append(ValueText.Str(item.Render(context, inventory)));
            return sb.ToString();
        }

        public override Item MergeOver(Item other) =>
            other.Type == ItemType.Scalar || other.Type == ItemType.Composite ? this : base.MergeOver(other);

        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var item in Items) sb.Append(item);
            return sb.ToString();
        }
    }

    internal sealed class ReferenceItem : ItemWithReferences
    {
        private readonly bool _listIndexAtEnd;

        public ReferenceItem(List<Item> items, bool listIndexAtEnd) : base(items)
        {
            _listIndexAtEnd = listIndexAtEnd;
        }

        public override ItemType Type => ItemType.Reference;

        public override void AssembleRefs(object context)
        {
            base.AssembleRefs(context);
            AssembleOwn(context);
        }

        private void AssembleOwn(object context)
        {
            try { AddReference(Flatten(context, null)); }
            catch (ResolveException) { MarkUnresolved(); }
        }

        private string Flatten(object context, Inventory inventory)
        {
            if (Items.Count == 1 && Items[0] is ScalarItem only) return (string)only.Contents;
            var sb = new StringBuilder();
            foreach (var item in Items) sb.Append(ValueText.Str(item.Render(context, inventory)));
            return sb.ToString();
        }

        public override object Render(object context, Inventory inventory)
        {
            var reference = Flatten(context, inventory);
            try { return DictPath.Parse(reference).GetValue(context, _listIndexAtEnd); }
            catch (DictPath.NotFound e) { throw new ResolveException(reference, e.CaughtByReclass); }
        }

        public override string ToString()
        {
            var sb = new StringBuilder("${");
            foreach (var item in Items) sb.Append(item);
            return sb.Append('}').ToString();
        }
    }

    internal sealed class DictItem : Item
    {
        public DictItem(OrderedMap contents) { Contents = contents; }
        public OrderedMap Contents { get; }
        public override ItemType Type => ItemType.Dictionary;
        public override bool IsContainer => true;
        public override object Render(object context, Inventory inventory) => Contents;
        public override string ToString() => ValueText.Str(Contents);
    }

    internal sealed class ListItem : Item
    {
        public ListItem(IList contents) { Contents = contents; }
        public IList Contents { get; }
        public override ItemType Type => ItemType.List;
        public override bool IsContainer => true;
        public override object Render(object context, Inventory inventory) => Contents;

        public override Item MergeOver(Item other)
        {
            if (other is ListItem list)
            {
                foreach (var v in Contents) list.Contents.Add(v);
                return list;
            }
            return base.MergeOver(other);
        }

        public override string ToString() => ValueText.Str(Contents);
    }
}
