using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using McpModule.Model.Data;
using McpModule.Model.Yaml;

namespace McpModule.Model.Storage
{
    /// The nodes/ and classes/ folders of an inventory (reclass's yaml_fs storage):
    /// names found once, each file parsed once and kept. Symbolic links are followed, as
    /// reclass does, within ModelLimits' folder depth and count. A folder that cannot be
    /// listed is left out and kept in Problems; the rest of the model still renders.
    internal sealed class InventoryStorage
    {
        private static readonly string[] SkippedDirectories = { "CVS", "SCCS" };
        private readonly Dictionary<string, string> _nodes;     // node name → absolute file
        private readonly Dictionary<string, string> _classes;   // class name → absolute file
        private readonly Dictionary<string, string> _nodeRelative = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _classRelative = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<ModelFile>> _files = new ConcurrentDictionary<string, Lazy<ModelFile>>(StringComparer.Ordinal);
        // absolute path → the bytes ReadAll read (the render cache's key): a render parses their text
        private readonly ConcurrentDictionary<string, byte[]> _read = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);

        private readonly List<ModelException> _problems = new List<ModelException>();
        private readonly List<KeyValuePair<string, ModelException>> _unreadableClassFolders = new List<KeyValuePair<string, ModelException>>();

        // absolute path → bytes, when the inventory is in memory (ReclassModel.OpenFiles); else null
        private readonly IReadOnlyDictionary<string, byte[]> _memory;
        private readonly string _root;

        public InventoryStorage(string inventoryPath, ReclassSettings settings, CancellationToken cancellation = default)
            : this(inventoryPath, settings, null, cancellation) { }

        public InventoryStorage(string inventoryPath, ReclassSettings settings, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellation = default)
        {
            _memory = files;
            _root = System.IO.Path.GetFullPath(inventoryPath).TrimEnd(System.IO.Path.DirectorySeparatorChar);
            NodesPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(inventoryPath, settings.NodesUri));
            ClassesPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(inventoryPath, settings.ClassesUri));
            if (IsWithin(NodesPath, ClassesPath) || IsWithin(ClassesPath, NodesPath))
                throw new ModelException(ModelErrorKind.InvalidSettings,
                    $"The nodes folder '{NodesPath}' and the classes folder '{ClassesPath}' must not contain one another.");
            _nodes = Enumerate(NodesPath, settings.ComposeNodeName ? (Func<string, string, string>)ComposedNodeName : PlainNodeName, _nodeRelative, null, cancellation);
            _classes = Enumerate(ClassesPath, ClassName, _classRelative, _unreadableClassFolders, cancellation);
            NodeNames = new List<string>(_nodes.Keys);
            ((List<string>)NodeNames).Sort(StringComparer.Ordinal);
        }

        public string NodesPath { get; }
        public string ClassesPath { get; }
        public IReadOnlyList<string> NodeNames { get; }
        public IEnumerable<string> ClassNames => _classes.Keys;

        /// The folders that could not be listed (ModelErrorKind.UnreadableFolder), nodes/ first.
        public IReadOnlyList<ModelException> Problems => _problems;

        /// The unreadable folder a class would be in, when there is one: a class that is not
        /// found may be in it.
        public ModelException UnreadableFolderOf(string className)
        {
            foreach (var pair in _unreadableClassFolders)
                if (pair.Key.Length == 0 || className == pair.Key || className.StartsWith(pair.Key + ".", StringComparison.Ordinal))
                    return pair.Value;
            return null;
        }

        public bool HasNode(string name) => _nodes.ContainsKey(name);
        public bool HasClass(string name) => _classes.ContainsKey(name);
        public string NodeFile(string name) => _nodes.TryGetValue(name, out var f) ? f : null;
        public string ClassFile(string name) => _classes.TryGetValue(name, out var f) ? f : null;

        public ModelFile GetNode(string name, CancellationToken cancellation = default)
        {
            if (!_nodes.TryGetValue(name, out var file))
                throw new ModelException(ModelErrorKind.NodeNotFound, $"Node '{name}' not found under '{NodesPath}'.", node: name);
            return Load(name, file, _nodeRelative[name], cancellation);
        }

        /// Null when there is no such class; the caller knows who asked for it.
        public ModelFile TryGetClass(string name, CancellationToken cancellation = default) =>
            _classes.TryGetValue(name, out var file) ? Load(name, file, _classRelative[name], cancellation) : null;

        private ModelFile Load(string name, string file, string relative, CancellationToken cancellation)
        {
            var lazy = _files.GetOrAdd(file, f => new Lazy<ModelFile>(() =>
            {
                var text = _memory != null ? Decode(_memory[f], f)
                    : YamlFileReader.DecodeText(_read.TryGetValue(f, out var read) ? read : ReadFresh(f), f);
                var data = Donor?.ParsedIfSame(RootRelative(f), text) ?? YamlFileReader.Parse(text, f, cancellation: cancellation);
                if (data != null && !(data is OrderedMap))
                    throw new ModelException(ModelErrorKind.InvalidFile, $"'{f}' must hold a mapping (classes:, parameters:, ...), not a {(data is List<object> ? "list" : "scalar")}.", file: f, line: 1, column: 1);
                return new ModelFile(name, relative, f, (OrderedMap)data, text);
            }, LazyThreadSafetyMode.PublicationOnly));
            try { return lazy.Value; }
            catch
            {
                // A failure is not kept, and neither is the Lazy: it holds its maker's token, and
                // a read that token cancelled must not fail every later caller. The next one reads afresh.
                ((ICollection<KeyValuePair<string, Lazy<ModelFile>>>)_files).Remove(new KeyValuePair<string, Lazy<ModelFile>>(file, lazy));
                throw;
            }
        }

        /// Every node and class file, nodes then classes, each in name order: its place under its
        /// folder and its full path.
        internal IEnumerable<(bool IsNode, string Name, string Relative, string Path)> AllFiles()
        {
            foreach (var (isNode, names, relative) in new[] { (true, _nodes, _nodeRelative), (false, _classes, _classRelative) })
            {
                var sorted = new List<string>(names.Keys);
                sorted.Sort(StringComparer.Ordinal);
                foreach (var name in sorted) yield return (isNode, name, relative[name], names[name]);
            }
        }

        /// A file's bytes, read now and kept: what renders of this inventory parse is then exactly
        /// what the caller saw (the render cache keys its renders on it). Throws ModelException
        /// for a file that does not read.
        internal byte[] ReadKept(string file) => _memory != null ? _memory[file] : _read.GetOrAdd(file, YamlFileReader.ReadBytes);

        /// Told of each file read from disk for a render that no ReadKept read before (the render
        /// cache checks a file it took on trust).
        internal event Action<string, byte[]> FileRead;

        /// Whether the inventory's files are on disk on a local file system (not in memory, not on
        /// NFS, SMB or FUSE).
        internal bool OnLocalFileSystem =>
            _memory == null && FolderWatch.LocalFileSystems.Holds(NodesPath, ClassesPath);

        private byte[] ReadFresh(string file)
        {
            var bytes = YamlFileReader.ReadBytes(file);
            FileRead?.Invoke(file, bytes);
            return bytes;
        }

        /// Another inventory whose parsed files this one takes where a file has the same text at the
        /// same place (Compare-McpModel's two sides share most files). Parsed data is never changed
        /// after parsing (entities copy what they merge), so two inventories can hold the same.
        internal InventoryStorage Donor { get; set; }

        /// What this inventory parsed at the path (relative to its root) if it was the same text; else null.
        private OrderedMap ParsedIfSame(string rootRelative, string text)
        {
            if (!_files.TryGetValue(System.IO.Path.Combine(_root, rootRelative), out var lazy) || !lazy.IsValueCreated) return null;
            var file = lazy.Value;
            return file.Text != null && string.Equals(file.Text, text, StringComparison.Ordinal) ? file.Data : null;
        }

        private string RootRelative(string file) =>
            file.StartsWith(_root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? file.Substring(_root.Length + 1) : file;

        private static bool IsWithin(string path, string folder)
        {
            var f = folder.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            return (path + System.IO.Path.DirectorySeparatorChar).StartsWith(f, StringComparison.Ordinal);
        }

        private Dictionary<string, string> Enumerate(string root, Func<string, string, string> naming, Dictionary<string, string> relativeNames,
                                                     List<KeyValuePair<string, ModelException>> unreadable, CancellationToken cancellation)
        {
            if (_memory != null) return EnumerateMemory(root, naming, relativeNames);
            if (!Directory.Exists(root))
                throw new ModelException(ModelErrorKind.InventoryNotFound, $"No such directory: '{root}'.", file: root);
            var walk = new FolderWalk(root, naming, relativeNames, cancellation);
            walk.Walk(root, FolderLinks.RealPath(root), 0);
            foreach (var (folder, relDir, error) in walk.Unreadable)
            {
                var problem = new ModelException(ModelErrorKind.UnreadableFolder,
                    $"Cannot read the folder '{folder}': {(error is UnauthorizedAccessException ? "permission denied" : error.Message.TrimEnd('.'))}. The {(unreadable == null ? "nodes" : "classes")} in it are left out; the rest of the model renders.",
                    file: folder, inner: error);
                _problems.Add(problem);
                unreadable?.Add(new KeyValuePair<string, ModelException>(relDir.Replace(System.IO.Path.DirectorySeparatorChar, '.'), problem));
            }
            return walk.Result;
        }

        /// One walk of nodes/ or classes/: names to files, the folders that could not be read.
        /// Links are followed; one that leads back to a folder of the walk's own way down is a
        /// loop, reported at once. Where links cannot be read (Windows PowerShell) or a loop
        /// hides behind further links, the bounds (ModelLimits.MaxFolderDepth,
        /// MaxFolderEntries) stop it.
        private sealed class FolderWalk
        {
            private readonly string _root;
            private readonly Func<string, string, string> _naming;
            private readonly Dictionary<string, string> _relativeNames;
            private readonly CancellationToken _cancellation;
            private int _entries;
            private readonly List<string> _way = new List<string>();   // the real paths of the folders above

            public FolderWalk(string root, Func<string, string, string> naming, Dictionary<string, string> relativeNames, CancellationToken cancellation)
            {
                _root = root;
                _naming = naming;
                _relativeNames = relativeNames;
                _cancellation = cancellation;
            }

            public Dictionary<string, string> Result { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            public List<(string Folder, string RelativeDir, Exception Error)> Unreadable { get; } = new List<(string, string, Exception)>();

            /// <param name="real">dir with its links resolved (as far as RealPath can).</param>
            public void Walk(string dir, string real, int depth)
            {
                _cancellation.ThrowIfCancellationRequested();
                var relDir = dir.Length == _root.Length ? "" : dir.Substring(_root.Length + 1);
                if (depth > ModelLimits.MaxFolderDepth)
                    throw new ModelException(ModelErrorKind.LimitExceeded,
                        $"The folder '{Shorten(dir)}' is more than {ModelLimits.MaxFolderDepth} folders below '{_root}' (the bound, see docs/bounds.md){LinkLoopHint(relDir)}.",
                        file: _root);
                List<McpModule.FileSystem.FolderEntries.Entry> entries;
                try { entries = McpModule.FileSystem.FolderEntries.Read(dir); }
                catch (Exception e) when (e is UnauthorizedAccessException || e is IOException)
                {
                    Unreadable.Add((dir, relDir, e));
                    return;
                }
                _entries += entries.Count;
                if (_entries > ModelLimits.MaxFolderEntries)
                    throw new ModelException(ModelErrorKind.LimitExceeded,
                        $"'{_root}' holds more than {ModelLimits.MaxFolderEntries:N0} files and folders (the bound, see docs/bounds.md); the walk stopped in '{Shorten(dir)}'{LinkLoopHint(relDir)}.",
                        file: _root);
                // The files first, then the folders below (as Directory.GetFiles, then GetDirectories).
                foreach (var entry in entries)
                {
                    if (entry.IsFolder) continue;
                    var fileName = entry.Name;
                    if (!fileName.EndsWith(".yml", StringComparison.Ordinal) && !fileName.EndsWith(".yaml", StringComparison.Ordinal)) continue;
                    var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
                    var name = _naming(relDir, stem);
                    var file = System.IO.Path.Combine(dir, fileName);
                    if (Result.TryGetValue(name, out var existing))
                        throw new ModelException(ModelErrorKind.DuplicateName,
                            $"The name '{name}' is defined twice: in '{existing}' and in '{file}'.", file: file);
                    Result[name] = file;
                    var rel = relDir.Length == 0 ? fileName : System.IO.Path.Combine(relDir, fileName);
                    _relativeNames[name] = rel.Substring(0, rel.Length - System.IO.Path.GetExtension(rel).Length);
                }
                _way.Add(real);
                foreach (var entry in entries)
                {
                    if (!entry.IsFolder) continue;
                    var dirName = entry.Name;
                    if (dirName.StartsWith(".", StringComparison.Ordinal) || Array.IndexOf(SkippedDirectories, dirName) >= 0) continue;
                    var sub = System.IO.Path.Combine(dir, dirName);
                    // A folder that is no link is its own real path below its parent's.
                    var subReal = entry.IsLink ? FolderLinks.Resolve(System.IO.Path.Combine(real, dirName)) : System.IO.Path.Combine(real, dirName);
                    if (_way.Contains(subReal))
                        throw new ModelException(ModelErrorKind.LimitExceeded,
                            $"The folder '{Shorten(sub)}' is a symbolic link to '{subReal}', which holds it: walking it would never end (reclass would walk it for ever).",
                            file: sub);
                    Walk(sub, subReal, depth + 1);
                }
                _way.RemoveAt(_way.Count - 1);
            }

            /// ", through the symbolic link '<root>/a' (links that lead back to a folder above them make a loop)"
            /// when a folder on the way is a link.
            private string LinkLoopHint(string relDir)
            {
                var path = _root;
                foreach (var part in relDir.Split(new[] { System.IO.Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
                {
                    path = System.IO.Path.Combine(path, part);
                    if ((new DirectoryInfo(path).Attributes & FileAttributes.ReparsePoint) != 0)
                        return $", through the symbolic link '{path}' (a link that leads back to a folder above it makes a loop)";
                }
                return "";
            }

            /// A long path with its middle left out: a link loop makes paths thousands of characters long.
            private static string Shorten(string path) =>
                path.Length <= 200 ? path : path.Substring(0, 120) + "..." + path.Substring(path.Length - 60);
        }

        /// The names of the in-memory files under root, as the walk would find them on disk (model
        /// files only, dot folders and CVS/SCCS skipped, within ModelLimits.MaxFolderEntries).
        private Dictionary<string, string> EnumerateMemory(string root, Func<string, string, string> naming, Dictionary<string, string> relativeNames)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var prefix = root.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            var count = 0;
            foreach (var file in _memory.Keys)
            {
                if (!file.StartsWith(prefix, StringComparison.Ordinal)) continue;
                if (++count > ModelLimits.MaxFolderEntries)
                    throw new ModelException(ModelErrorKind.LimitExceeded, $"'{root}' holds more than {ModelLimits.MaxFolderEntries:N0} files (the bound, see docs/bounds.md).", file: root);
                var rel = file.Substring(prefix.Length);
                var fileName = System.IO.Path.GetFileName(rel);
                if (!fileName.EndsWith(".yml", StringComparison.Ordinal) && !fileName.EndsWith(".yaml", StringComparison.Ordinal)) continue;
                var relDir = System.IO.Path.GetDirectoryName(rel) ?? "";
                var skipped = false;
                foreach (var part in relDir.Split(new[] { System.IO.Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
                    skipped |= part.StartsWith(".", StringComparison.Ordinal) || Array.IndexOf(SkippedDirectories, part) >= 0;
                if (skipped) continue;
                var name = naming(relDir, System.IO.Path.GetFileNameWithoutExtension(fileName));
                if (result.TryGetValue(name, out var existing))
                    throw new ModelException(ModelErrorKind.DuplicateName, $"The name '{name}' is defined twice: in '{existing}' and in '{file}'.", file: file);
                result[name] = file;
                relativeNames[name] = rel.Substring(0, rel.Length - System.IO.Path.GetExtension(rel).Length);
            }
            if (count == 0)
                throw new ModelException(ModelErrorKind.InventoryNotFound, $"No such directory: '{root}'.", file: root);
            return result;
        }

        /// A file's bytes as text, as YamlFileReader reads a file: UTF-8 (a byte order mark dropped),
        /// within ModelLimits.MaxFileBytes.
        internal static string Decode(byte[] bytes, string path)
        {
            if (bytes.Length > ModelLimits.MaxFileBytes)
                throw new ModelException(ModelErrorKind.LimitExceeded, $"'{path}' is larger than {ModelLimits.MaxFileBytes:N0} bytes (the bound, see docs/bounds.md).", file: path);
            try
            {
                var text = new System.Text.UTF8Encoding(false, true).GetString(bytes);
                return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            }
            catch (ArgumentException e)
            {
                throw new ModelException(ModelErrorKind.InvalidFile, $"'{path}' is not UTF-8 text.", file: path, inner: e);
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
