using System.Collections;
using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Model.Values;

namespace McpModule.Model.Parameters
{
    /// Nested parameters that merge (dicts deep, lists append, scalars replace) and
    /// then interpolate ${references} in dependency order. A port of reclass 1.7's
    /// Parameters so that every merge and render decision falls the same way.
    internal class ParameterSet
    {
        protected readonly ReclassSettings Settings;
        private readonly bool _parseStrings;
        protected OrderedMap Base;
        protected PendingPaths Unrendered;
        // Made when needed: a node's merge makes an empty set for every class it descends into.
        private List<ResolveException> _resolveErrors;
        private List<KeyValuePair<DictPath, object>> _invQueries;

        public ParameterSet(OrderedMap mapping, ReclassSettings settings, string uri, bool parseStrings = true)
        {
            Settings = settings;
            Uri = uri;
            _parseStrings = parseStrings;
            Base = new OrderedMap { Uri = uri };
            if (mapping != null) Merge(mapping);
        }

        public string Uri { get; set; }
        public List<KeyValuePair<DictPath, object>> InvQueries => _invQueries ?? (_invQueries = new List<KeyValuePair<DictPath, object>>());
        public bool HasInvQuery => _invQueries != null && _invQueries.Count > 0;
        public bool NeedsAllEnvs { get; private set; }
        public int Count => Base.Count;

        public OrderedMap AsDict() => Base.ShallowCopy();
        internal OrderedMap Root => Base;

        // ---- merging -------------------------------------------------------------

        public void Merge(OrderedMap raw)
        {
            Unrendered = null;
            _renderedWhole = false;
            OwnBase();
            Base = (OrderedMap)MergeRecurse(Base, WrapDict(raw, DictPath.Root), shared: false);
        }

        /// Merges another set without changing it: what is taken from it is copied where
        /// this set could change it later, so parsed class files serve every node.
        public void Merge(ParameterSet other)
        {
            Unrendered = null;
            _renderedWhole = false;
            OwnBase();
            Base = (OrderedMap)MergeRecurse(Base, other.Base, shared: other.IsShared || other._baseIsBorrowed);
        }

        /// Set on the parameters of a parsed file, which every node merges from: merging
        /// copies from it. A node's own intermediate sets are merged from once and dropped.
        internal bool IsShared { get; set; }

        /// An unrendered copy: same keys and values; only plain scalars are shared.
        /// Copying is deferred: the copy borrows this tree and takes private copies of
        /// what it changes when it starts rendering, which builds new containers anyway.
        public ParameterSet Copy()
        {
            var copy = this is ExportSet ? new ExportSet(null, Settings, Uri) : new ParameterSet(null, Settings, Uri, _parseStrings);
            copy.Base = Base;
            copy._baseIsBorrowed = true;
            return copy;
        }

        private bool _baseIsBorrowed;

        private void OwnBase()
        {
            if (!_baseIsBorrowed) return;
            Base = (OrderedMap)CloneTree(Base);
            _baseIsBorrowed = false;
        }

        /// A copy of a wrapped tree that shares only what never changes (plain scalars).
        internal static object CloneTree(object value)
        {
            switch (value)
            {
                case Value v: return v.Clone();
                case ValueList vl: return vl.Clone();
                case OrderedMap map:
                    var d = new OrderedMap(map.Count) { Uri = map.Uri };
                    for (int i = 0; i < map.Count; i++)
                    {
                        var pair = map.EntryAt(i);
                        d.AddDistinct(pair.Key, CloneTree(pair.Value));
                    }
                    return d;
                case IList list:
                    var l = new ParamList((list as ParamList)?.Uri, list.Count);
                    foreach (var item in list) l.Add(CloneTree(item));
                    return l;
                default:
                    return value;
            }
        }

        /// Files nest at most ModelLimits.MaxNestingDepth levels (YamlFileReader); references
        /// can put a nested value inside another one, so the rendered values are held to the
        /// same bound here: merging and rendering recurse once per level. Only references get
        /// a value this deep, and the one way they do in practice is a value that takes itself
        /// in (d: {k: ${e}}, e: ${d}), hence a ReferenceLoop.
        internal static void CheckDepth(DictPath path, string uri)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (path.Length > ModelLimits.MaxNestingDepth)
                throw new ModelException(ModelErrorKind.ReferenceLoop,
                    $"The value at '{string.Join(":", System.Linq.Enumerable.Take(path.Parts, 6))}:...' in '{ModelException.PathOf(uri)}' nests deeper than {ModelLimits.MaxNestingDepth} levels once its references are resolved (the bound, see docs/bounds.md): it contains itself through a reference.",
                    file: ModelException.PathOf(uri));
        }

        private object WrapValue(object value, DictPath path)
        {
            CheckDepth(path, Uri);
            switch (value)
            {
                case Value _:
                case ValueList _:
                    return value;
                case OrderedMap map: return WrapDict(map, path);
                case IList list: return WrapList(list, path);
                default:
                    try { return new Value(value, Settings, Uri, _parseStrings); }
                    catch (ReferenceParser.NestingTooDeep e)
                    {
                        throw new ModelException(ModelErrorKind.LimitExceeded,
                            $"The value of '{path}' in '{ModelException.PathOf(Uri)}': {e.Message}.", file: ModelException.PathOf(Uri));
                    }
                    catch (ReferenceParser.SyntaxError e)
                    {
                        throw new ModelException(ModelErrorKind.ReferenceSyntax,
                            $"Cannot parse the value of '{path}' in '{ModelException.PathOf(Uri)}': {e.Message}.", file: ModelException.PathOf(Uri));
                    }
                    catch (QuerySyntaxException e)
                    {
                        throw new ModelException(ModelErrorKind.QuerySyntax,
                            $"Bad inventory query at '{path}' in '{ModelException.PathOf(Uri)}': {e.Message}.", file: ModelException.PathOf(Uri));
                    }
            }
        }

        private OrderedMap WrapDict(OrderedMap source, DictPath path)
        {
            var d = new OrderedMap(source.Count) { Uri = Uri };
            for (int i = 0; i < source.Count; i++)
            {
                var pair = source.EntryAt(i);
                d.AddDistinct(pair.Key, WrapValue(pair.Value, path.Child(pair.Key)));
            }
            return d;
        }

        private ParamList WrapList(IList source, DictPath path)
        {
            var l = new ParamList(Uri, source.Count);
            for (int i = 0; i < source.Count; i++) l.Add(WrapValue(source[i], path.Child(i)));
            return l;
        }

        private ValueList UpdateValue(object cur, object next)
        {
            ValueList values;
            switch (cur)
            {
                case Value v: values = new ValueList(v, Settings); break;
                case ValueList vl: values = vl; break;
                default: values = new ValueList(new Value(cur, Settings, UriOf(cur)), Settings); break;
            }
            switch (next)
            {
                case Value v: values.Append(v); break;
                case ValueList vl: values.Extend(vl); break;
                default: values.Append(new Value(next, Settings, UriOf(next), _parseStrings)); break;
            }
            return values;
        }

        private string UriOf(object container) =>
            container is OrderedMap m ? m.Uri : container is ParamList l ? l.Uri : Uri;

        private OrderedMap MergeDict(OrderedMap cur, OrderedMap next, bool shared)
        {
            for (int i = 0; i < next.Count; i++)
            {
                var pair = next.EntryAt(i);
                var key = pair.Key;
                object value = pair.Value;
                if (key.Length == 0)
                    throw new ModelException(ModelErrorKind.InvalidFile, $"An empty parameter name in '{ModelException.PathOf(next.Uri)}'.", file: ModelException.PathOf(next.Uri));
                var prefix = key[0];
                if (prefix == ReclassSettings.OverridePrefix || prefix == ReclassSettings.ConstantPrefix)
                {
                    if (shared) value = value is Value shareable ? shareable.Detached() : CloneTree(value);
                    var marked = value as Value ?? new Value(value, Settings, Uri, _parseStrings);
                    if (prefix == ReclassSettings.OverridePrefix) marked.Overwrite = true;
                    else marked.Constant = true;
                    key = key.Substring(1);
                    value = MergeRecurse(cur.TryGetValue(key, out var existing) ? existing : null, marked, shared: false);
                }
                else
                {
                    value = MergeRecurse(cur.TryGetValue(key, out var existing) ? existing : null, value, shared);
                }
                cur[key] = value;
            }
            cur.Uri = next.Uri;
            return cur;
        }

        private static bool HasControlKeys(OrderedMap map)
        {
            for (int i = 0; i < map.Count; i++)
            {
                var pair = map.EntryAt(i);
                var first = pair.Key.Length == 0 ? '\0' : pair.Key[0];
                if (pair.Key.Length == 0 || first == ReclassSettings.OverridePrefix || first == ReclassSettings.ConstantPrefix) return true;
                if (pair.Value is OrderedMap inner && HasControlKeys(inner)) return true;
            }
            return false;
        }

        private object MergeRecurse(object cur, object next, bool shared)
        {
            if (next is OrderedMap nextDict)
            {
                // A private tree (freshly wrapped, or an intermediate merge that is dropped
                // next) can be taken whole: copying it would give the same keys and values.
                if (cur == null && !shared && !HasControlKeys(nextDict)) return nextDict;
                if (cur == null) cur = new OrderedMap(nextDict.Count) { Uri = Uri };
                if (cur is OrderedMap curDict) return MergeDict(curDict, nextDict, shared);
                return UpdateValue(cur, shared ? CloneTree(next) : next);
            }
            if (shared) next = CloneTree(next);
            return cur == null ? next : UpdateValue(cur, next);
        }

        // ---- rendering -----------------------------------------------------------

        public void InitialiseInterpolation()
        {
            Unrendered = null;
            EnsureInitialised();
        }

        private void EnsureInitialised()
        {
            if (Unrendered != null) return;
            Unrendered = new PendingPaths();
            _invQueries?.Clear();
            NeedsAllEnvs = false;
            _resolveErrors = null;
            // Rendered whole, the tree holds no reference and nothing to merge: rendering it
            // again (reclass does, when a node's exports are interpolated after its parameters)
            // would only copy every map and list of the node's pillar.
            if (!_renderedWhole)
            {
                if (_baseIsBorrowed) Base = RenderSimpleDict(Base, DictPath.Root);
                else
                {
                    // The tree is this set's alone (merged for it, never handed out): its maps take
                    // their rendered values in place instead of being copied whole.
                    _inPlace = true;
                    try { RenderSimpleDictInPlace(Base, DictPath.Root); }
                    finally { _inPlace = false; }
                }
            }
            _baseIsBorrowed = false;
        }

        private bool _inPlace;   // EnsureInitialised's pass over a tree of this set's own

        private bool _renderedWhole;   // Interpolate finished; no Merge since

        private void Register(DictPath path, object value, bool hasInvQuery, bool needsAllEnvs)
        {
            Unrendered.Add(path);
            if (!hasInvQuery) return;
            InvQueries.Add(new KeyValuePair<DictPath, object>(path, value));
            if (needsAllEnvs) NeedsAllEnvs = true;
        }

        /// Renders what has no references; registers the rest by path. Paths are made
        /// only for values that need one: most values are plain.
        private object RenderSimple(DictPath parent, object key, object value)
        {
            if (value is Value plain && !plain.IsComplex && !plain.IsContainer) return plain.Render(null, null);
            if (!(value is Value) && !(value is ValueList) && !(value is OrderedMap) && !(value is IList)) return value;
            return RenderSimple(parent.Child(key), value);
        }

        private object RenderSimple(DictPath path, object value)
        {
            CheckDepth(path, Uri);
            if (value is ValueList list)
            {
                // A borrowed tree is someone else's: what rendering keeps or merges is copied.
                if (_baseIsBorrowed) list = list.Clone();
                if (list.IsComplex)
                {
                    Register(path, list, list.HasInvQuery, list.NeedsAllEnvs);
                    return list;
                }
                value = list.Merge();
            }
            if (value is Value container && container.IsContainer) value = container.Contents;
            switch (value)
            {
                case OrderedMap map: return _inPlace ? RenderSimpleDictInPlace(map, path) : RenderSimpleDict(map, path);
                case IList items: return RenderSimpleList(items, path);
                case Value v:
                    if (v.IsComplex)
                    {
                        if (_baseIsBorrowed) v = v.Clone();
                        Register(path, v, v.HasInvQuery, v.NeedsAllEnvs);
                        return v;
                    }
                    return v.Render(null, null);
                default:
                    return value;
            }
        }

        protected OrderedMap RenderSimpleDict(OrderedMap source, DictPath path)
        {
            var d = new OrderedMap(source.Count);
            for (int i = 0; i < source.Count; i++)
            {
                var pair = source.EntryAt(i);
                d.AddDistinct(pair.Key, RenderSimple(path, pair.Key, pair.Value));
            }
            return d;
        }

        // As RenderSimpleDict, in the map itself; its file is forgotten as a copy's is.
        private OrderedMap RenderSimpleDictInPlace(OrderedMap map, DictPath path)
        {
            map.Uri = null;
            for (int i = 0; i < map.Count; i++)
            {
                var pair = map.EntryAt(i);
                map.SetValueAt(i, RenderSimple(path, pair.Key, pair.Value));
            }
            return map;
        }

        protected List<object> RenderSimpleList(IList source, DictPath path)
        {
            var l = new List<object>(source.Count);
            for (int i = 0; i < source.Count; i++) l.Add(RenderSimple(path, i, source[i]));
            return l;
        }

        public void Interpolate(Inventory inventory, System.Threading.CancellationToken cancellation = default)
        {
            EnsureInitialised();
            while (Unrendered.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                InterpolateInner(Unrendered.First(), inventory);
            }
            if (_resolveErrors != null) throw MissingReferences(_resolveErrors);
            _renderedWhole = true;
        }

        private static ModelException MissingReferences(List<ResolveException> errors)
        {
            var lines = new List<string>();
            var inner = new List<ModelException>();
            foreach (var e in errors)
            {
                var line = $"Cannot resolve ${{{e.Reference}}} at '{e.Context}' (from '{ModelException.PathOf(e.Uri)}')";
                lines.Add(line);
                inner.Add(new ModelException(ModelErrorKind.MissingReference, line + ".", file: ModelException.PathOf(e.Uri)));
            }
            var message = lines.Count == 1 ? lines[0] + "." : $"{lines.Count} references cannot be resolved:\n  " + string.Join("\n  ", lines);
            return new ModelException(ModelErrorKind.MissingReference, message, file: inner[0].File) { Inner = inner };
        }

        private void InterpolateInner(DictPath path, Inventory inventory)
        {
            var value = path.GetValue(Base, listIndexAtEnd: true);
            if (!(value is Value) && !(value is ValueList))
            {
                // Already rendered as part of a referenced dict or list.
                Unrendered.Remove(path);
                return;
            }
            Unrendered.MarkInProgress(path);
            // A reference is resolved inside the one that needs it: a chain of them recurses once per link.
            if (++_resolving > ModelLimits.MaxReferenceDepth)
                throw new ModelException(ModelErrorKind.LimitExceeded,
                    $"Resolving '{path}' (in '{ModelException.PathOf(UriOfValue(value))}') needs more than {ModelLimits.MaxReferenceDepth} references, each inside the one before (the bound, see docs/bounds.md).",
                    file: ModelException.PathOf(UriOfValue(value)));
            try
            {
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                InterpolateReferences(path, value, inventory);
                var rendered = RenderValue(path, value, inventory);
                path.SetValue(Base, rendered);
                Unrendered.Remove(path);
            }
            finally { _resolving--; }
        }

        private int _resolving;   // InterpolateInner calls in progress, one inside another

        private object RenderValue(DictPath path, object value, Inventory inventory)
        {
            object rendered;
            try
            {
                rendered = value is Value v ? v.Render(Base, inventory) : ((ValueList)value).Render(Base, inventory);
            }
            catch (ResolveException e)
            {
                e.Context = path;
                if (e.Uri == null) e.Uri = UriOfValue(value);
                if (!Settings.GroupErrors) throw MissingReferences(new List<ResolveException> { e });
                (_resolveErrors ?? (_resolveErrors = new List<ResolveException>())).Add(e);
                rendered = null;
            }
            catch (ModelException e) when (e.Kind == ModelErrorKind.TypeMerge || e.Kind == ModelErrorKind.ChangedConstant)
            {
                throw new ModelException(e.Kind, $"At '{path}': {e.Message}", file: e.File);
            }
            catch (QuerySyntaxException e)
            {
                throw new ModelException(ModelErrorKind.QueryFailed, $"Inventory query at '{path}' in '{ModelException.PathOf(UriOfValue(value))}' failed: {e.Message}", file: ModelException.PathOf(UriOfValue(value)));
            }
            if (rendered is OrderedMap map) return RenderSimpleDict(map, path);
            if (rendered is IList list) return RenderSimpleList(list, path);
            return rendered;
        }

        private static string UriOfValue(object value) => value is Value v ? v.Uri : ((ValueList)value).Uri;

        internal void InterpolateReferences(DictPath path, object value, Inventory inventory)
        {
            var references = value is Value v ? v.References : ((ValueList)value).References;
            while (true)
            {
                // The list is replaced, never changed, when references are re-assembled.
                foreach (var reference in references)
                {
                    var refPath = DictPath.Parse(reference);
                    if (Unrendered.Contains(refPath))
                    {
                        if (Unrendered.IsInProgress(refPath))
                            throw new ModelException(ModelErrorKind.ReferenceLoop,
                                $"Reference loop: ${{{reference}}} at '{path}' (in '{ModelException.PathOf(UriOfValue(value))}') depends on itself.",
                                file: ModelException.PathOf(UriOfValue(value)));
                        InterpolateInner(refPath, inventory);
                    }
                    else
                    {
                        var ancestors = refPath.Ancestors();
                        for (var i = 0; i < ancestors.Count; i++)
                            if (Unrendered.Contains(ancestors[i])) InterpolateInner(ancestors[i], inventory);
                        if (Settings.RenderNestedReferencesFirst)
                            foreach (var inner in Unrendered.InOrder())
                                if (refPath.IsAncestorOf(inner) && Unrendered.Contains(inner) && !Unrendered.IsInProgress(inner))
                                    InterpolateInner(inner, inventory);
                    }
                }
                var allRefs = value is Value v2 ? v2.AllRefs : ((ValueList)value).AllRefs;
                if (allRefs) return;
                var before = references.Count;
                if (value is Value v3) v3.AssembleRefs(Base); else ((ValueList)value).AssembleRefs(Base);
                references = value is Value v4 ? v4.References : ((ValueList)value).References;
                if (before == references.Count)
                    throw new ModelException(ModelErrorKind.MissingReference,
                        $"Bad references at '{path}' in '{ModelException.PathOf(UriOfValue(value))}': {string.Join(", ", references)} (a nested reference cannot be resolved).",
                        file: ModelException.PathOf(UriOfValue(value)));
            }
        }
    }
}
