using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// The models opened in this session, one entry per absolute path. An entry is reused
    /// while its change stamp holds, so a pipeline (Get-McpCluster | Get-McpNode |
    /// Get-McpPillar) parses a model once; any change on disk makes a new entry.
    internal static class ModelCache
    {
        private const int MaxEntries = 16;
        private static readonly ConcurrentDictionary<string, ModelCacheEntry> Entries =
            new ConcurrentDictionary<string, ModelCacheEntry>(StringComparer.Ordinal);

        public static ModelCacheEntry Get(string path)
        {
            var stamp = ChangeStamp.Of(path);
            if (Entries.TryGetValue(path, out var entry) && entry.Stamp.Equals(stamp))
            {
                entry.Touch();
                return entry;
            }
            entry = new ModelCacheEntry(path, stamp);
            Entries[path] = entry;
            Trim();
            return entry;
        }

        /// Forgets every model (tests and long sessions can call it through reflection).
        public static void Clear() => Entries.Clear();

        private static void Trim()
        {
            if (Entries.Count <= MaxEntries) return;
            foreach (var old in Entries.Values.OrderBy(e => e.LastUsed).Take(Entries.Count - MaxEntries).ToList())
                Entries.TryRemove(old.Path, out _);
        }
    }

    internal sealed class ModelCacheEntry
    {
        private readonly Lazy<ReclassModel> _model;
        private readonly Lazy<IReadOnlyList<McpCluster>> _clusters;
        private long _lastUsed;

        public ModelCacheEntry(string path, ChangeStamp stamp)
        {
            Path = path;
            Stamp = stamp;
            // PublicationOnly: a failure is not cached, the next call tries again.
            // The engine's model keeps parsed files and rendered nodes itself.
            _model = new Lazy<ReclassModel>(() => ReclassModel.Open(path), LazyThreadSafetyMode.PublicationOnly);
            _clusters = new Lazy<IReadOnlyList<McpCluster>>(() => McpClusterCatalog.Discover(Model),
                                                             LazyThreadSafetyMode.PublicationOnly);
            Touch();
        }

        public string Path { get; }
        public ChangeStamp Stamp { get; }
        public long LastUsed => Interlocked.Read(ref _lastUsed);
        public void Touch() => Interlocked.Exchange(ref _lastUsed, DateTime.UtcNow.Ticks);

        /// The inventory at Path (throws ModelException when it does not load).
        public ReclassModel Model => _model.Value;

        /// The clusters of the inventory (throws ModelException when the model does not load).
        public IReadOnlyList<McpCluster> Clusters => _clusters.Value;

        /// True once the clusters were found (an entry reused from the cache).
        public bool HasClusters => _clusters.IsValueCreated;
    }

    /// A cheap summary of a model's files: the newest write time and the number of files
    /// and folders under classes/ and nodes/ (as reclass-config.yml names them), and the
    /// config file itself. Adding, removing, renaming or editing a file changes it.
    internal readonly struct ChangeStamp : IEquatable<ChangeStamp>
    {
        private readonly long _newest;
        private readonly int _count;

        private ChangeStamp(long newest, int count)
        {
            _newest = newest;
            _count = count;
        }

        public static ChangeStamp Of(string path)
        {
            long newest = 0;
            int count = 0;
            void See(FileSystemInfo info)
            {
                count++;
                var ticks = info.LastWriteTimeUtc.Ticks;
                if (ticks > newest) newest = ticks;
            }

            var root = new DirectoryInfo(path);
            if (!root.Exists)
            {
                var file = new FileInfo(path);
                if (file.Exists) See(file);
                return new ChangeStamp(newest, count);
            }
            See(root);
            var config = new FileInfo(System.IO.Path.Combine(path, ReclassSettings.ConfigFileName));
            if (config.Exists) See(config);

            var folders = InventoryFolders(path);
            if (folders.Count == 0) folders.Add(path);   // a repository of inventories: all of it
            foreach (var folder in folders)
            {
                var dir = new DirectoryInfo(folder);
                if (!dir.Exists) continue;
                See(dir);
                Walk(dir, See, 0);
            }
            return new ChangeStamp(newest, count);
        }

        private static List<string> InventoryFolders(string path)
        {
            var folders = new List<string>();
            string nodes = "nodes", classes = "classes";
            try
            {
                var settings = ReclassSettings.Load(path);
                nodes = settings.NodesUri ?? nodes;
                classes = settings.ClassesUri ?? classes;
            }
            catch (Exception)
            {
                // A broken reclass-config.yml: the engine reports it; the defaults do here.
            }
            foreach (var name in new[] { nodes, classes })
            {
                var full = System.IO.Path.Combine(path, name);
                if (Directory.Exists(full)) folders.Add(full);
            }
            return folders;
        }

        private static void Walk(DirectoryInfo dir, Action<FileSystemInfo> see, int depth)
        {
            if (depth > 64) return;   // a symlink loop; reclass would not get further either
            IEnumerable<FileSystemInfo> entries;
            try { entries = dir.EnumerateFileSystemInfos(); }
            catch (IOException) { return; }
            catch (UnauthorizedAccessException) { return; }
            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith(".", StringComparison.Ordinal)) continue;   // .git and friends
                see(entry);
                if (entry is DirectoryInfo sub) Walk(sub, see, depth + 1);
            }
        }

        public bool Equals(ChangeStamp other) => _newest == other._newest && _count == other._count;
        public override bool Equals(object obj) => obj is ChangeStamp other && Equals(other);
        public override int GetHashCode() => _newest.GetHashCode() ^ _count;
    }
}
