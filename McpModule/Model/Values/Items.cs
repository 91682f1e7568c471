using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using McpModule.Model.Data;

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

        /// Render without throwing when a reference is missing; failure names it.
        public virtual bool TryRender(object context, Inventory inventory, out object result, out ResolveException failure)
        {
            result = Render(context, inventory);
            failure = null;
            return true;
        }

        public virtual Item MergeOver(Item other) =>
            throw new InvalidOperationException($"Failed to merge {this} over {other}");
        /// Python's repr of reclass's item objects: ScaItem('a'), RefItem([ScaItem('a')]).
        public abstract string PythonRepr();

        protected static string ReprOfItems(string name, List<Item> items)
        {
            var parts = new List<string>(items.Count);
            foreach (var i in items) parts.Add(i.PythonRepr());
            return name + "([" + string.Join(", ", parts) + "])";
        }

        public string TypeName => Type == ItemType.InvQuery ? "inv_query" : Type.ToString().ToLowerInvariant();
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
        public override string PythonRepr() => "ScaItem(" + PythonFormat.Repr(Contents) + ")";
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

        public override object Render(object context, Inventory inventory) =>
            TryRender(context, inventory, out var result, out var failure) ? result : throw failure;

        public override bool TryRender(object context, Inventory inventory, out object result, out ResolveException failure)
        {
            if (Items.Count == 1) return Items[0].TryRender(context, inventory, out result, out failure);
            var sb = new StringBuilder();
            foreach (var item in Items)
            {
                if (!item.TryRender(context, inventory, out var part, out failure)) { result = null; return false; }
                sb.Append(ValueText.Str(part));
            }
            result = sb.ToString();
            failure = null;
            return true;
        }

        public override Item MergeOver(Item other) =>
            other.Type == ItemType.Scalar || other.Type == ItemType.Composite ? this : base.MergeOver(other);

        public override string PythonRepr() => ReprOfItems("CompItem", Items);

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
            if (TryFlatten(context, null, out var reference, out _)) AddReference(reference);
            else MarkUnresolved();
        }

        private bool TryFlatten(object context, Inventory inventory, out string reference, out ResolveException failure)
        {
            failure = null;
            if (Items.Count == 1 && Items[0] is ScalarItem only) { reference = (string)only.Contents; return true; }
            var sb = new StringBuilder();
            foreach (var item in Items)
            {
                if (!item.TryRender(context, inventory, out var part, out failure)) { reference = null; return false; }
                sb.Append(ValueText.Str(part));
            }
            reference = sb.ToString();
            return true;
        }

        public override object Render(object context, Inventory inventory) =>
            TryRender(context, inventory, out var result, out var failure) ? result : throw failure;

        public override bool TryRender(object context, Inventory inventory, out object result, out ResolveException failure)
        {
            result = null;
            if (!TryFlatten(context, inventory, out var reference, out failure)) return false;
            if (DictPath.Parse(reference).TryGetValue(context, _listIndexAtEnd, out result, out var caught)) return true;
            failure = new ResolveException(reference, caught);
            return false;
        }

        public override string PythonRepr() => ReprOfItems("RefItem", Items);

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
        public override string PythonRepr() => "DictItem(" + PythonFormat.Repr(Contents) + ")";
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
        public override string PythonRepr() => "ListItem(" + PythonFormat.Repr(Contents) + ")";
    }
}
