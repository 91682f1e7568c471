using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Threading;
using McpModule.Model.Rendering;
using McpModule.Model.Storage;
using McpModule.Model.Yaml;

namespace McpModule.Model
{
    /// A reclass inventory opened for reading: nodes listed once, files parsed once,
    /// rendered nodes kept, so pipelines over many nodes stay fast.
    /// The type is public only because McpCluster's public constructor names it (scripts build a
    /// cluster with a null model); its members are internal, for the cmdlets, tests and benchmarks.
    public sealed class ReclassModel
    {
        private readonly InventoryStorage _storage;
        private readonly NodeRenderer _renderer;
        private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _listed =
            new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<RenderedNode>> _rendered =
            new ConcurrentDictionary<string, Lazy<RenderedNode>>(StringComparer.Ordinal);

        private ReclassModel(string path, ReclassSettings settings, CancellationToken cancellation, IReadOnlyDictionary<string, byte[]> files = null)
        {
            Path = path;
            Settings = settings;
            _storage = new InventoryStorage(path, settings, files, cancellation);
            _renderer = new NodeRenderer(_storage, settings)
            {
                KnownRender = name => _rendered.TryGetValue(name, out var lazy) && lazy.IsValueCreated ? lazy.Value : null,
                Publish = Keep,
            };
        }

        internal static ReclassModel Open(string inventoryPath) => Open(inventoryPath, null);

        /// Opens an inventory: its nodes/ and classes/ folders are walked once (within
        /// ModelLimits; an unreadable folder is left out and kept in Problems).
        /// Throws ModelException when the model cannot be opened at all, and
        /// OperationCanceledException when cancelled.
        internal static ReclassModel Open(string inventoryPath, ReclassSettings settings, CancellationToken cancellation = default)
        {
            if (string.IsNullOrEmpty(inventoryPath)) throw new ArgumentException("An inventory path is required.", nameof(inventoryPath));
            var full = System.IO.Path.GetFullPath(inventoryPath);
            if (!Directory.Exists(full))
                throw new ModelException(ModelErrorKind.InventoryNotFound, $"No such model folder: '{full}'.", file: full);
            return new ReclassModel(full, settings ?? ReclassSettings.Load(full), cancellation);
        }

        /// An inventory whose files are in memory (a git revision's, Compare-McpModel): files maps
        /// absolute paths under inventoryPath, which need not exist on disk, to their bytes. It
        /// renders as one read from disk would; nothing is read from or written to the folder.
        internal static ReclassModel OpenFiles(string inventoryPath, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellation = default)
        {
            if (files == null) throw new ArgumentNullException(nameof(files));
            var full = System.IO.Path.GetFullPath(inventoryPath);
            var config = System.IO.Path.Combine(full, ReclassSettings.ConfigFileName);
            var settings = files.TryGetValue(config, out var bytes)
                ? ReclassSettings.FromData(YamlFileReader.Parse(InventoryStorage.Decode(bytes, config), config, cancellation: cancellation), config)
                : new ReclassSettings();
            return new ReclassModel(full, settings, cancellation, files);
        }

        internal string Path { get; }
        internal ReclassSettings Settings { get; }
        internal IReadOnlyList<string> NodeNames => _storage.NodeNames;

        /// How many class files the inventory has.
        internal int ClassCount => _storage.ClassNames.Count();
        internal string NodesPath => _storage.NodesPath;
        internal string ClassesPath => _storage.ClassesPath;

        /// What kept parts of the model out without stopping it: folders that cannot be read
        /// (ModelErrorKind.UnreadableFolder). Validate reports them too.
        internal IReadOnlyList<ModelException> Problems => _storage.Problems;

        internal bool HasNode(string name) => _storage.HasNode(name);

        /// True when the node's render is done and kept.
        internal bool HasRendered(string name) => _rendered.TryGetValue(name, out var lazy) && lazy.IsValueCreated;
        internal string NodeFile(string name) => _storage.NodeFile(name);

        /// Keeps a render made elsewhere as the node's (an inventory's, or the other side's of a
        /// comparison whose files are the same), already made, so an inventory finds it too.
        internal void Keep(RenderedNode node)
        {
            var made = new Lazy<RenderedNode>(() => node);
            _ = made.Value;
            if (_rendered.TryAdd(node.Name, made)) Kept?.Invoke(node);
        }

        /// The renders done and kept (in no particular order).
        internal System.Collections.Generic.IEnumerable<RenderedNode> KeptRenders =>
            _rendered.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value);

        /// Every node and class file: its place and path, unread (InventoryStorage.AllFiles).
        internal IEnumerable<(bool IsNode, string Name, string Relative, string Path)> AllFiles() => _storage.AllFiles();

        /// The file's bytes, read now and kept for the renders to parse (InventoryStorage.ReadKept).
        internal byte[] ReadKept(string path) => _storage.ReadKept(path);

        /// Told of each file a render reads from disk that ReadKept did not read before.
        internal event Action<string, byte[]> FileRead
        {
            add => _storage.FileRead += value;
            remove => _storage.FileRead -= value;
        }

        /// Whether the model's files are on disk on a local file system (InventoryStorage).
        internal bool OnLocalFileSystem => _storage.OnLocalFileSystem;

        /// Told each render kept from elsewhere, as it is kept: an inventory renders other nodes
        /// in the middle of one node's render, and a comparison hands those over at once.
        internal event Action<RenderedNode> Kept;

        /// Takes another model's parsed files where this one's have the same text at the same place,
        /// instead of parsing them again (Compare-McpModel: two sides of one repository). Call before rendering.
        internal void BorrowParsedFiles(ReclassModel other) => _storage.Donor = other?._storage;

        /// The node's file as read (its place under nodes/ and its text). Throws ModelException
        /// when it does not read.
        internal ModelFile NodeSource(string nodeName) => _storage.GetNode(nodeName);

        /// The class's file as read, or null when the model has no such class. Throws
        /// ModelException when it does not read.
        internal ModelFile ClassSource(string className) => _storage.TryGetClass(className);

        /// The classes a node's own file lists (relative names made absolute), unrendered.
        internal IReadOnlyList<string> ListedClasses(string nodeName) =>
            _listed.TryGetValue(nodeName, out var known) ? known : _storage.GetNode(nodeName).Classes;

        /// The classes the node's file lists, as the render cache read them with its render: finding
        /// a node's cluster then parses no node file.
        internal void KeepListedClasses(string nodeName, IReadOnlyList<string> classes) => _listed.TryAdd(nodeName, classes);

        /// The node rendered (kept for the next call). Throws ModelException when it does
        /// not render, and OperationCanceledException when cancelled.
        internal RenderedNode Render(string nodeName, CancellationToken cancellation = default)
        {
            // Also for a render already kept (one rendered ahead on another core, or read from the
            // render cache): a cancelled caller's loop over nodes stops at the next node.
            cancellation.ThrowIfCancellationRequested();
            if (!_storage.HasNode(nodeName))
                throw new ModelException(ModelErrorKind.NodeNotFound, $"Node '{nodeName}' not found under '{_storage.NodesPath}'.", node: nodeName);
            for (var attempt = 1; ; attempt++)
            {
                var lazy = _rendered.GetOrAdd(nodeName, n => new Lazy<RenderedNode>(() => _renderer.Render(n, cancellation)));
                try { return lazy.Value; }
                catch (Exception e)
                {
                    // Failures are not kept: the next call reports afresh.
                    ((ICollection<KeyValuePair<string, Lazy<RenderedNode>>>)_rendered).Remove(new KeyValuePair<string, Lazy<RenderedNode>>(nodeName, lazy));
                    // Another caller's render that was cancelled: render again with this caller's
                    // token (a few times: callers that cancel one after another must not keep it busy).
                    if (e is OperationCanceledException && !cancellation.IsCancellationRequested && attempt < 5) continue;
                    throw;
                }
            }
        }

        /// Every problem in the model at once: unreadable folders, each node rendered, each class file read.
        internal IReadOnlyList<ModelException> Validate(CancellationToken cancellation = default)
        {
            var problems = new List<ModelException>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(ModelException e)
            {
                var inner = e.Inner.Count > 0 ? e.Inner : new[] { e };
                foreach (var single in inner)
                {
                    if (single.Node == null) single.Node = e.Node;
                    if (seen.Add(single.Kind + "\u0001" + single.File + "\u0001" + single.Line + "\u0001" + StripNode(single)))
                        problems.Add(single);
                }
            }
            foreach (var problem in _storage.Problems) Add(problem);
            foreach (var className in _storage.ClassNames)
            {
                cancellation.ThrowIfCancellationRequested();
                try { _storage.TryGetClass(className, cancellation); }
                catch (ModelException e) { Add(e); }
            }
            var nodes = _storage.NodeNames;
            using (RenderAhead.Start(this, nodes, cancellation))
                foreach (var node in nodes)
                {
                    try { Render(node, cancellation); }
                    catch (ModelException e) { Add(e); }
                }
            return ModelProblems.Group(problems, _storage.NodeNames);
        }

        // A broken class breaks every node that uses it; report it once.
        private static string StripNode(ModelException e) =>
            e.Kind == ModelErrorKind.YamlSyntax || e.Kind == ModelErrorKind.InvalidFile || (e.Kind == ModelErrorKind.LimitExceeded && e.Line > 0)
                ? "" : e.Node + "\u0001" + e.Message;
    }
}
