using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using McpModule.Model.Data;
using McpModule.Model.Entities;
using McpModule.Model.Parameters;
using McpModule.Model.Storage;
using McpModule.Model.Values;

namespace McpModule.Model.Rendering
{
    /// Renders nodes: class mappings, then classes depth first (parents before the
    /// class, the node last), then interpolation with the inventory the node's queries
    /// need. The order of every merge follows reclass 1.7's Core.
    internal sealed class NodeRenderer
    {
        private readonly ReclassSettings _settings;
        private readonly InventoryStorage _storage;
        private readonly List<ClassMapping> _mappings;
        private readonly Regex _ignoreNotFound;
        private readonly ConcurrentDictionary<string, Lazy<Entity>> _merged = new ConcurrentDictionary<string, Lazy<Entity>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Inventory>> _inventories = new ConcurrentDictionary<string, Lazy<Inventory>>(StringComparer.Ordinal);

        public NodeRenderer(InventoryStorage storage, ReclassSettings settings)
        {
            _storage = storage;
            _settings = settings;
            _mappings = settings.ClassMappings.Select(m => new ClassMapping(m)).ToList();
            if (settings.IgnoreClassNotFound)
                _ignoreNotFound = new Regex("^(?:" + string.Join("|", settings.IgnoreClassNotFoundRegexp) + ")", RegexOptions.CultureInvariant);
        }

        /// <param name="cancellation">Checked between classes, nodes of an inventory and
        /// references: a render of a large model stops soon after it is cancelled.</param>
        public RenderedNode Render(string nodeName, CancellationToken cancellation)
        {
            try
            {
                var node = NodeEntity(nodeName, keep: false, cancellation);
                node.InitialiseInterpolation();
                Inventory inventory = null;
                var asksInventory = node.Parameters.HasInvQuery;
                if (asksInventory)
                    inventory = GetInventory(node.Parameters.NeedsAllEnvs, node.Environment, node.Parameters.InvQueries, cancellation);
                node.Interpolate(inventory, cancellation);
                return new RenderedNode(nodeName, node, asksInventory);
            }
            catch (ModelException e)
            {
                if (e.Node == null) e.Node = nodeName;
                throw;
            }
            catch (InsufficientExecutionStackException e)
            {
                // Every bound of ModelLimits held, together they need more stack than this thread has.
                throw new ModelException(ModelErrorKind.LimitExceeded,
                    $"Node '{nodeName}' nests its classes, values and references too deep for the stack of this thread (see docs/bounds.md).",
                    node: nodeName, inner: e);
            }
            catch (ResolveException e)
            {
                throw new ModelException(ModelErrorKind.MissingReference,
                    $"Cannot resolve ${{{e.Reference}}}" + (e.Context != null ? $" at '{e.Context}'" : "") + (e.Uri != null ? $" (from '{ModelException.PathOf(e.Uri)}')" : "") + ".",
                    node: nodeName, file: ModelException.PathOf(e.Uri));
            }
        }

        /// The node with all its classes merged, not yet rendered. Merging is most of the
        /// work and inventories need every node merged, so an inventory keeps what it
        /// merged for the node's own render, which takes it (keep: false) and so frees it.
        internal Entity NodeEntity(string nodeName, bool keep, CancellationToken cancellation)
        {
            // Merged here for this caller alone: nobody else holds it, so it is rendered as it is.
            Lazy<Entity> lazy;
            if (keep) lazy = _merged.GetOrAdd(nodeName, n => new Lazy<Entity>(() => MergeNode(n, cancellation)));
            else if (!_merged.TryRemove(nodeName, out lazy)) return MergeNode(nodeName, cancellation);
            try { return lazy.Value.Copy(_settings); }
            catch { _merged.TryRemove(nodeName, out _); throw; }
        }

        private Entity MergeNode(string nodeName, CancellationToken cancellation)
        {
            var nodeFile = _storage.GetNode(nodeName, cancellation);
            var node = nodeFile.ToEntity(_settings);
            if (node.Environment == null) node.Environment = _settings.DefaultEnvironment;

            var baseEntity = new Entity(_settings, "base");
            baseEntity.Merge(ClassMappingsEntity(node));
            if (_settings.AutomaticParameters)
                baseEntity.Parameters.Merge(AutomaticParameters(nodeName, node.Environment));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var chain = new List<string>();
            var read = new List<string>();
            var mergeBase = Recurse(baseEntity, null, null, seen, nodeName, chain, read, cancellation);
            var merged = Recurse(node, mergeBase, mergeBase, seen, nodeName, chain, read, cancellation);
            merged.ClassesRead = read;
            return merged;
        }

        private Entity ClassMappingsEntity(Entity node)
        {
            if (_mappings.Count == 0) return new Entity(_settings, "empty (class mappings)");
            var classes = new ClassList();
            var match = _settings.ClassMappingsMatchPath ? node.Pathname : node.Name;
            foreach (var mapping in _mappings)
                foreach (var c in mapping.ClassesFor(match)) classes.AppendIfNew(c);
            return new Entity(_settings, "class mappings for node " + node.Name, classes: classes);
        }

        private ParameterSet AutomaticParameters(string nodeName, object environment)
        {
            var name = new OrderedMap { ["full"] = nodeName, ["short"] = McpNode.ShortNameOf(nodeName) };
            var reclass = new OrderedMap { ["name"] = name, ["environment"] = environment };
            return new ParameterSet(new OrderedMap { ["_reclass_"] = reclass }, _settings, "__auto__");
        }

        private Entity Recurse(Entity entity, Entity mergeBase, Entity context, HashSet<string> seen, string nodeName, List<string> chain,
                               List<string> read, CancellationToken cancellation)
        {
            mergeBase = mergeBase ?? new Entity(_settings, $"empty (@{nodeName})");
            context = context ?? new Entity(_settings, $"empty (@{nodeName})");
            foreach (var listed in entity.Classes.AsList())
            {
                var klass = listed;
                if (ReferenceParser.NeedsParsing(klass)) klass = ResolveClassName(klass, mergeBase, context, entity, nodeName);
                if (seen.Contains(klass)) continue;
                cancellation.ThrowIfCancellationRequested();
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                read.Add(klass);
                var classFile = _storage.TryGetClass(klass, cancellation);
                if (classFile == null)
                {
                    if (_ignoreNotFound != null && _ignoreNotFound.IsMatch(klass)) continue;
                    throw ClassNotFound(klass, entity, nodeName, chain);
                }
                if (chain.Contains(klass))
                    throw new ModelException(ModelErrorKind.ClassCycle,
                        $"Class '{klass}' includes itself: {string.Join(" -> ", chain)} -> {klass}.", node: nodeName, file: classFile.Path);
                if (chain.Count == ModelLimits.MaxClassDepth)
                    throw new ModelException(ModelErrorKind.LimitExceeded,
                        $"Class '{klass}' is more than {ModelLimits.MaxClassDepth} classes deep (the bound, see docs/bounds.md): node '{nodeName}' -> class '{chain[0]}' -> ... -> class '{chain[chain.Count - 1]}' -> class '{klass}'.",
                        node: nodeName, file: classFile.Path);
                chain.Add(klass);
                var descent = Recurse(classFile.ToEntity(_settings), null, context, seen, nodeName, chain, read, cancellation);
                chain.RemoveAt(chain.Count - 1);
                mergeBase.Merge(descent);
                seen.Add(klass);
            }
            mergeBase.Merge(entity);
            return mergeBase;
        }

        private ModelException ClassNotFound(string klass, Entity entity, string nodeName, List<string> chain)
        {
            var asker = ModelException.PathOf(entity.Uri);
            var path = new StringBuilder($"node '{nodeName}'");
            foreach (var c in chain) path.Append(" -> class '").Append(c).Append('\'');
            var unreadable = _storage.UnreadableFolderOf(klass);
            return new ModelException(ModelErrorKind.ClassNotFound,
                $"Class '{klass}' not found under '{_storage.ClassesPath}'; it is asked for by {path}" +
                (string.IsNullOrEmpty(asker) ? "" : $" in '{asker}'") + "." +
                (unreadable == null ? "" : $" It may be in '{unreadable.File}', which cannot be read."),
                node: nodeName, file: string.IsNullOrEmpty(asker) ? null : asker);
        }

        /// A class name with ${...} renders against what is merged so far, then against
        /// the node's context (reclass renders it without interpolating first).
        private string ResolveClassName(string klass, Entity mergeBase, Entity context, Entity entity, string nodeName)
        {
            Item item;
            try { item = ItemFactory.FromString(klass, _settings); }
            catch (Exception e) when (e is ReferenceParser.SyntaxError || e is QuerySyntaxException)
            {
                throw new ModelException(ModelErrorKind.ClassNameUnresolvable, $"Class name '{klass}' in '{ModelException.PathOf(entity.Uri)}' cannot be parsed: {e.Message}.", node: nodeName, file: ModelException.PathOf(entity.Uri));
            }
            foreach (var source in new[] { mergeBase, context })
            {
                try { return ValueText.Str(item.Render(source.Parameters.AsDict(), new Inventory())); }
                catch (ResolveException) { }
            }
            throw new ModelException(ModelErrorKind.ClassNameUnresolvable,
                $"Class name '{klass}' in '{ModelException.PathOf(entity.Uri)}' is not resolvable: its reference is not defined by the classes merged before it.",
                node: nodeName, file: ModelException.PathOf(entity.Uri));
        }

        private Inventory GetInventory(bool allEnvs, object environment, List<KeyValuePair<DictPath, object>> queries, CancellationToken cancellation)
        {
            var key = new StringBuilder(allEnvs ? "*" : "=").Append(PythonFormat.Repr(environment));
            foreach (var q in queries)
            {
                var v = q.Value;
                var refs = v is Value value ? value.InvReferences : ((ValueList)v).InvReferences;
                var ignore = v is Value value2 ? value2.IgnoreFailedRender : ((ValueList)v).IgnoreFailedRender;
                key.Append('|').Append(ignore ? '!' : '?');
                foreach (var r in refs) key.Append(r).Append('\u0001');
            }
            // Every node with the same queries sees the same inventory: build it once.
            var lazy = _inventories.GetOrAdd(key.ToString(), _ => new Lazy<Inventory>(() => BuildInventory(allEnvs, environment, queries, cancellation)));
            try { return lazy.Value; }
            catch { _inventories.TryRemove(key.ToString(), out _); throw; }
        }

        /// Renders that finished, offered to the model's cache, and a look into it.
        internal Func<string, RenderedNode> KnownRender { get; set; }
        internal Action<RenderedNode> Publish { get; set; }

        /// A node without queries of its own renders completely here, once: its exports are
        /// then exactly what the query needs (a query reads only the paths it asks for, and
        /// they render the same), and its render is kept for when the node itself is asked
        /// for. A node that fails, or has queries, takes reclass's partial path instead.
        private OrderedMap FullyRenderedExports(string name, CancellationToken cancellation)
        {
            var known = KnownRender?.Invoke(name);
            if (known != null) return known.Exports.ShallowCopy();
            if (Publish == null) return null;
            try
            {
                // Not kept: this render is the node's own; only a node that fails here or has
                // queries is merged again for the partial path.
                var node = NodeEntity(name, keep: false, cancellation);
                node.InitialiseInterpolation();
                if (node.Parameters.HasInvQuery) return null;
                node.Interpolate(null, cancellation);
                var rendered = new RenderedNode(name, node, asksInventory: false);
                Publish(rendered);
                return rendered.Exports.ShallowCopy();
            }
            catch (ModelException) { return null; }
            catch (ResolveException) { return null; }
        }

        private Inventory BuildInventory(bool allEnvs, object environment, List<KeyValuePair<DictPath, object>> queries, CancellationToken cancellation)
        {
            var inventory = new Inventory();
            foreach (var name in _storage.NodeNames)
            {
                cancellation.ThrowIfCancellationRequested();
                object nodeEnvironment;
                try { nodeEnvironment = _storage.GetNode(name, cancellation).Environment ?? _settings.DefaultEnvironment; }
                catch (ModelException e) when (e.Kind == ModelErrorKind.YamlSyntax && _settings.InventoryIgnoreFailedNode) { continue; }
                var matches = PythonFormat.PyEquals(nodeEnvironment, environment);
                if (!allEnvs && !matches) continue;
                var exports = FullyRenderedExports(name, cancellation);
                if (exports != null)
                {
                    inventory.Add(new NodeExports(name, exports, matches));
                    continue;
                }
                Entity node;
                try { node = NodeEntity(name, keep: true, cancellation); }
                catch (ModelException e) when (e.Kind == ModelErrorKind.ClassNotFound || e.Kind == ModelErrorKind.ClassNameUnresolvable)
                {
                    throw new ModelException(e.Kind, $"Inventory query needs node '{name}', which fails: {e.Message}", file: e.File);
                }
                node.InitialiseInterpolation();
                foreach (var query in queries)
                {
                    try { node.Exports.InterpolateSingleFromExternal(node.Parameters, query.Value); }
                    catch (ResolveException e)
                    {
                        throw new ModelException(ModelErrorKind.QueryFailed,
                            $"Inventory query at '{query.Key}' failed on node '{name}': cannot resolve ${{{e.Reference}}}" +
                            (e.Context != null ? $" at exports '{e.Context}'" : "") + (e.Uri != null ? $" (from '{ModelException.PathOf(e.Uri)}')" : "") + ".",
                            file: ModelException.PathOf(e.Uri));
                    }
                }
                inventory.Add(new NodeExports(name, node.Exports.AsDict(), matches));
            }
            return inventory;
        }
    }
}
