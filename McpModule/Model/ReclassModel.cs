using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using McpModule.Model.Rendering;
using McpModule.Model.Storage;

namespace McpModule.Model
{
    /// A reclass inventory opened for reading: nodes listed once, files parsed once,
    /// rendered nodes kept, so pipelines over many nodes stay fast.
    public sealed class ReclassModel
    {
        private readonly InventoryStorage _storage;
        private readonly NodeRenderer _renderer;
        private readonly ConcurrentDictionary<string, Lazy<RenderedNode>> _rendered =
            new ConcurrentDictionary<string, Lazy<RenderedNode>>(StringComparer.Ordinal);

        private ReclassModel(string path, ReclassSettings settings)
        {
            Path = path;
            Settings = settings;
            _storage = new InventoryStorage(path, settings);
            _renderer = new NodeRenderer(_storage, settings)
            {
                KnownRender = name => _rendered.TryGetValue(name, out var lazy) && lazy.IsValueCreated ? lazy.Value : null,
                Publish = node => _rendered.TryAdd(node.Name, new Lazy<RenderedNode>(() => node)),
            };
        }

        public static ReclassModel Open(string inventoryPath) => Open(inventoryPath, null);

        public static ReclassModel Open(string inventoryPath, ReclassSettings settings)
        {
            if (string.IsNullOrEmpty(inventoryPath)) throw new ArgumentException("An inventory path is required.", nameof(inventoryPath));
            var full = System.IO.Path.GetFullPath(inventoryPath);
            if (!Directory.Exists(full))
                throw new ModelException(ModelErrorKind.InventoryNotFound, $"No such model folder: '{full}'.", file: full);
            return new ReclassModel(full, settings ?? ReclassSettings.Load(full));
        }

        public string Path { get; }
        public ReclassSettings Settings { get; }
        public IReadOnlyList<string> NodeNames => _storage.NodeNames;

        /// How many class files the inventory has.
        public int ClassCount => _storage.ClassNames.Count();
        public string NodesPath => _storage.NodesPath;
        public string ClassesPath => _storage.ClassesPath;

        public bool HasNode(string name) => _storage.HasNode(name);
        public string NodeFile(string name) => _storage.NodeFile(name);

        /// The classes a node's own file lists (relative names made absolute), unrendered.
        public IReadOnlyList<string> ListedClasses(string nodeName) => _storage.GetNode(nodeName).Classes;

        public RenderedNode Render(string nodeName)
        {
            if (!_storage.HasNode(nodeName))
                throw new ModelException(ModelErrorKind.NodeNotFound, $"Node '{nodeName}' not found under '{_storage.NodesPath}'.", node: nodeName);
            var lazy = _rendered.GetOrAdd(nodeName, n => new Lazy<RenderedNode>(() => _renderer.Render(n)));
            try { return lazy.Value; }
            catch
            {
                // Failures are not kept: the next call reports afresh.
                _rendered.TryRemove(nodeName, out _);
                throw;
            }
        }

        /// Every problem in the model at once: each node rendered, each class file read.
        public IReadOnlyList<ModelException> Validate()
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
            foreach (var className in _storage.ClassNames)
            {
                try { _storage.TryGetClass(className); }
                catch (ModelException e) { Add(e); }
            }
            foreach (var node in _storage.NodeNames)
            {
                try { Render(node); }
                catch (ModelException e) { Add(e); }
            }
            return ModelProblems.Group(problems, _storage.NodeNames);
        }

        // A broken class breaks every node that uses it; report it once.
        private static string StripNode(ModelException e) =>
            e.Kind == ModelErrorKind.YamlSyntax || e.Kind == ModelErrorKind.InvalidFile ? "" : e.Node + "\u0001" + e.Message;
    }
}
