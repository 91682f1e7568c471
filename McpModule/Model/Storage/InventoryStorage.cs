using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using McpModule.Model.Yaml;

namespace McpModule.Model.Storage
{
    /// The nodes/ and classes/ folders of an inventory (reclass's yaml_fs storage):
    /// names found once, each file parsed once and kept.
    internal sealed class InventoryStorage
    {
        private static readonly string[] SkippedDirectories = { "CVS", "SCCS" };
        private readonly Dictionary<string, string> _nodes;     // node name → absolute file
        private readonly Dictionary<string, string> _classes;   // class name → absolute file
        private readonly Dictionary<string, string> _nodeRelative = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _classRelative = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<ModelFile>> _files = new ConcurrentDictionary<string, Lazy<ModelFile>>(StringComparer.Ordinal);

        public InventoryStorage(string inventoryPath, ReclassSettings settings)
        {
            NodesPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(inventoryPath, settings.NodesUri));
            ClassesPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(inventoryPath, settings.ClassesUri));
            if (IsWithin(NodesPath, ClassesPath) || IsWithin(ClassesPath, NodesPath))
                throw new ModelException(ModelErrorKind.InvalidSettings,
                    $"The nodes folder '{NodesPath}' and the classes folder '{ClassesPath}' must not contain one another.");
            _nodes = Enumerate(NodesPath, settings.ComposeNodeName ? (Func<string, string, string>)ComposedNodeName : PlainNodeName, _nodeRelative);
            _classes = Enumerate(ClassesPath, ClassName, _classRelative);
            NodeNames = new List<string>(_nodes.Keys);
            ((List<string>)NodeNames).Sort(StringComparer.Ordinal);
        }

        public string NodesPath { get; }
        public string ClassesPath { get; }
        public IReadOnlyList<string> NodeNames { get; }
        public IEnumerable<string> ClassNames => _classes.Keys;

        public bool HasNode(string name) => _nodes.ContainsKey(name);
        public bool HasClass(string name) => _classes.ContainsKey(name);
        public string NodeFile(string name) => _nodes.TryGetValue(name, out var f) ? f : null;
        public string ClassFile(string name) => _classes.TryGetValue(name, out var f) ? f : null;

        public ModelFile GetNode(string name)
        {
            if (!_nodes.TryGetValue(name, out var file))
                throw new ModelException(ModelErrorKind.NodeNotFound, $"Node '{name}' not found under '{NodesPath}'.", node: name);
            return Load(name, file, _nodeRelative[name]);
        }

        /// Null when there is no such class; the caller knows who asked for it.
        public ModelFile TryGetClass(string name) =>
            _classes.TryGetValue(name, out var file) ? Load(name, file, _classRelative[name]) : null;

        private ModelFile Load(string name, string file, string relative)
        {
            var lazy = _files.GetOrAdd(file, f => new Lazy<ModelFile>(() =>
            {
                var data = YamlFileReader.Read(f);
                if (data != null && !(data is OrderedMap))
                    throw new ModelException(ModelErrorKind.InvalidFile, $"'{f}' must hold a mapping (classes:, parameters:, ...), not a {(data is List<object> ? "list" : "scalar")}.", file: f, line: 1, column: 1);
                return new ModelFile(name, relative, f, (OrderedMap)data);
            }, System.Threading.LazyThreadSafetyMode.PublicationOnly));
            return lazy.Value;
        }

        private static bool IsWithin(string path, string folder)
        {
            var f = folder.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            return (path + System.IO.Path.DirectorySeparatorChar).StartsWith(f, StringComparison.Ordinal);
        }

        private static Dictionary<string, string> Enumerate(string root, Func<string, string, string> naming, Dictionary<string, string> relativeNames)
        {
            if (!Directory.Exists(root))
                throw new ModelException(ModelErrorKind.InventoryNotFound, $"No such directory: '{root}'.", file: root);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            Walk(root, root, naming, result, relativeNames);
            return result;
        }

        private static void Walk(string root, string dir, Func<string, string, string> naming,
                                 Dictionary<string, string> result, Dictionary<string, string> relativeNames)
        {
            var relDir = dir.Length == root.Length ? "" : dir.Substring(root.Length + 1);
            foreach (var file in Directory.GetFiles(dir))
            {
                var fileName = System.IO.Path.GetFileName(file);
                if (!fileName.EndsWith(".yml", StringComparison.Ordinal) && !fileName.EndsWith(".yaml", StringComparison.Ordinal)) continue;
                var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
                var name = naming(relDir, stem);
                if (result.TryGetValue(name, out var existing))
                    throw new ModelException(ModelErrorKind.DuplicateName,
                        $"The name '{name}' is defined twice: in '{existing}' and in '{file}'.", file: file);
                result[name] = file;
                var rel = relDir.Length == 0 ? fileName : System.IO.Path.Combine(relDir, fileName);
                relativeNames[name] = rel.Substring(0, rel.Length - System.IO.Path.GetExtension(rel).Length);
            }
            foreach (var sub in Directory.GetDirectories(dir))
            {
                var dirName = System.IO.Path.GetFileName(sub);
                if (dirName.StartsWith(".", StringComparison.Ordinal) || Array.IndexOf(SkippedDirectories, dirName) >= 0) continue;
                Walk(root, sub, naming, result, relativeNames);
            }
        }

        private static string PlainNodeName(string relDir, string stem) => stem;

        private static string ComposedNodeName(string relDir, string stem)
        {
            if (relDir.Length == 0) return stem;
            var parts = relDir.Split(System.IO.Path.DirectorySeparatorChar);
            if (parts[0].StartsWith("_", StringComparison.Ordinal)) return stem;
            return string.Join(".", parts) + "." + stem;
        }

        private static string ClassName(string relDir, string stem)
        {
            if (relDir.Length == 0) return stem;
            var parts = relDir.Split(System.IO.Path.DirectorySeparatorChar);
            return stem == "init" ? string.Join(".", parts) : string.Join(".", parts) + "." + stem;
        }
    }
}
