using System.Collections;
using System.Collections.Generic;
using McpModule.Model.Data;

namespace McpModule.Model.Values
{
    /// One parameter value from one file, parsed, with the ~ (overwrite) and
    /// = (constant) marks its key carried (reclass's Value).
    internal sealed class Value : IPythonRepr
    {
        private readonly object _raw;
        private readonly ReclassSettings _settings;
        private readonly bool _parseString;

        public Value(object raw, ReclassSettings settings, string uri, bool parseString = true)
        {
            Uri = uri;
            _raw = raw;
            _settings = settings;
            _parseString = parseString;
            switch (raw)
            {
                case string s:
                    Item = parseString && ReferenceParser.NeedsParsing(s) ? ItemFactory.FromString(s, settings) : new ScalarItem(s);
                    break;
                case OrderedMap map: Item = new DictItem(map); break;
                case IList list: Item = new ListItem(list); break;
                default: Item = new ScalarItem(raw); break;
            }
        }

        /// A value safe to hand to another node's render. Rendering changes a value only
        /// when a reference nests another (its parts are re-read against the node) or when
        /// list values merge, so only those are rebuilt; everything else is shared.
        public Value Clone()
        {
            if (Item is ScalarItem || (Item.AllRefs && !Item.IsContainer)) return this;
            return Detached();
        }

        /// Always a new value object, with a new item where the item can change.
        public Value Detached()
        {
            var raw = _raw is OrderedMap || _raw is IList ? Parameters.ParameterSet.CloneTree(_raw) : _raw;
            return new Value(raw, _settings, Uri, _parseString) { Overwrite = Overwrite, Constant = Constant };
        }

        public Item Item { get; private set; }
        public string Uri { get; }
        public bool Overwrite { get; set; }
        public bool Constant { get; set; }

        public ItemType Type => Item.Type;
        public bool IsComplex => Item.IsComplex;
        public bool IsContainer => Item.IsContainer;
        public bool HasReferences => Item.HasReferences;
        public bool HasInvQuery => Item.HasInvQuery;
        public bool AllRefs => Item.AllRefs;
        public bool NeedsAllEnvs => Item is QueryItem q && q.NeedsAllEnvs;
        public bool IgnoreFailedRender => Item is QueryItem q && q.IgnoreFailedRender;
        public List<string> References => Item.References;
        public List<DictPath> InvReferences => Item is QueryItem q ? q.InvReferences : new List<DictPath>();

        public object Contents => Item switch
        {
            DictItem d => d.Contents,
            ListItem l => l.Contents,
            ScalarItem s => s.Contents,
            _ => Item,
        };

        public void AssembleRefs(object context)
        {
            if (Item.HasReferences) Item.AssembleRefs(context);
        }

        public object Render(object context, Inventory inventory)
        {
            try { return Item.Render(context, inventory); }
            catch (ResolveException e) { e.Uri = e.Uri ?? Uri; throw; }
        }

        public bool TryRender(object context, Inventory inventory, out object result, out ResolveException failure)
        {
            if (Item.TryRender(context, inventory, out result, out failure)) return true;
            failure.Uri = failure.Uri ?? Uri;
            return false;
        }

        public Value MergeOver(Value other)
        {
            Item = Item.MergeOver(other.Item);
            return this;
        }

        public override string ToString() => Item.ToString();

        public string PythonRepr() => "Value(" + Item.PythonRepr() + ")";
    }

    /// Builds items from cached parses of parameter strings.
    internal static class ItemFactory
    {
        public static Item FromString(string s, ReclassSettings settings)
        {
            var tokens = ReferenceParser.Parse(s);
            var items = Build(tokens, settings);
            return items.Count == 1 ? items[0] : new CompositeItem(items);
        }

        private static List<Item> Build(IReadOnlyList<ReferenceToken> tokens, ReclassSettings settings)
        {
            var items = new List<Item>(tokens.Count);
            foreach (var t in tokens)
            {
                switch (t.Kind)
                {
                    case TokenKind.Text: items.Add(new ScalarItem(t.Text)); break;
                    case TokenKind.Reference: items.Add(new ReferenceItem(Build(t.Children, settings), settings.ResolveListIndexReferences)); break;
                    default:
                        var text = new System.Text.StringBuilder();
                        foreach (var c in t.Children) text.Append(c.Text);
                        items.Add(new QueryItem(text.ToString(), settings));
                        break;
                }
            }
            return items;
        }
    }

    /// Python's str() of a value during rendering; unrendered values print as their source.
    internal static class ValueText
    {
        public static string Str(object value)
        {
            switch (value)
            {
                case Value v: return v.ToString();
                case ValueList vl: return vl.ToString();
                default: return PythonFormat.Str(value);
            }
        }
    }
}
