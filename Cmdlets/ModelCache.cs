using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Model;
using McpModule.Model.Caching;
using McpModule.Model.Storage;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// The models opened in this session, one entry per absolute path. An entry is reused
    /// while its change stamp holds, so a pipeline (Get-McpCluster | Get-McpNode |
    /// Get-McpPillar) parses a model once; any change on disk makes a new entry. Where the
    /// model's folders can be watched (FolderWatch: Linux), an entry whose watch saw nothing is
    /// reused without walking the model: the walk was most of a warm cmdlet call's time.
    internal static class ModelCache
    {
        private const int MaxEntries = 16;
        private static readonly ConcurrentDictionary<string, ModelCacheEntry> Entries =
            new ConcurrentDictionary<string, ModelCacheEntry>(StringComparer.Ordinal);

        public static ModelCacheEntry Get(string path)
        {
            var found = Entries.TryGetValue(path, out var entry);
            var watched = found ? entry.Watch : null;
            if (watched == true)
            {
                entry.Touch();
                return entry;
            }
            // The watch starts before the walk: a change during or after the walk is the watch's.
            // An entry made with a watch is never walked again (its watch decides), so it needs no
            // stamp: the walk was a first call's second listing of the whole model.
            var watch = ChangeStamp.Watch(path);
            var stamp = watch == null || (found && watched == null) ? ChangeStamp.Of(path) : (ChangeStamp?)null;
            // A change the watch saw is one even where the walk sees none (an edit that kept the
            // file's size and time); without a watch the walk decides.
            if (found && watched == null && entry.Stamp.HasValue && entry.Stamp.Value.Equals(stamp.Value))
            {
                entry.Rewatch(watch);
                entry.Touch();
                return entry;
            }
            var made = new ModelCacheEntry(path, stamp, watch);
            Entries[path] = made;
            entry?.Rewatch(null);
            Trim();
            return made;
        }

        /// Forgets every model (tests and long sessions can call it through reflection).
        public static void Clear()
        {
            foreach (var entry in Entries.Values) entry.Rewatch(null);
            Entries.Clear();
        }

        private static void Trim()
        {
            if (Entries.Count <= MaxEntries) return;
            foreach (var old in Entries.Values.OrderBy(e => e.LastUsed).Take(Entries.Count - MaxEntries).ToList())
                if (Entries.TryRemove(old.Path, out _)) old.Rewatch(null);
        }
    }

    internal sealed class ModelCacheEntry
    {
        // Kept once made; a failure (or a cancelled call) is not kept: the next call tries again.
        // The engine's model keeps parsed files and rendered nodes itself.
        private OpenedModel _model;
        private IReadOnlyList<McpCluster> _clusters;
        private long _lastUsed;
        private FolderWatch _watch;

        public ModelCacheEntry(string path, ChangeStamp? stamp, FolderWatch watch)
        {
            Path = path;
            Stamp = stamp;
            _watch = watch;
            Touch();
        }

        /// True while a watch on the model's folders has seen no change since the entry's stamp,
        /// false once it saw one, null without a watch.
        public bool? Watch
        {
            get
            {
                var watch = Volatile.Read(ref _watch);
                return watch == null ? (bool?)null : !watch.Changed;
            }
        }

        /// Replaces the watch (null: none, the next call walks); the old one is let go.
        public void Rewatch(FolderWatch watch) => Interlocked.Exchange(ref _watch, watch)?.Dispose();

        public string Path { get; }
        /// The model's stamp when the entry was made; null for an entry made with a watch.
        public ChangeStamp? Stamp { get; }
        public long LastUsed => Interlocked.Read(ref _lastUsed);
        public void Touch() => Interlocked.Exchange(ref _lastUsed, DateTime.UtcNow.Ticks);

        /// The inventory at Path (throws ModelException when it does not load,
        /// OperationCanceledException when cancelled).
        public ReclassModel GetModel(CancellationToken cancellation) =>
            (Volatile.Read(ref _model) ?? Keep(ref _model, OpenedModel.Open(Path, cancellation))).Model;

        /// Writes the model's renders to its render cache when it has enough new ones (see OpenedModel.Save).
        public void SaveRenders() => Volatile.Read(ref _model)?.Save();

        /// How many renders the model took from its render cache when it was opened.
        public int RendersFromCache => Volatile.Read(ref _model)?.Loaded ?? 0;

        /// How many of the model's files kept the hash the render cache holds, unread, and how many it has.
        public int FilesTakenUnread => Volatile.Read(ref _model)?.Inputs?.Trusted ?? 0;
        public int FilesOfModel => Volatile.Read(ref _model)?.Inputs?.Files.Count ?? 0;

        /// The clusters of the inventory (throws ModelException when the model does not load,
        /// OperationCanceledException when cancelled).
        public IReadOnlyList<McpCluster> GetClusters(CancellationToken cancellation) =>
            Volatile.Read(ref _clusters) ?? Keep(ref _clusters, McpClusterCatalog.Discover(GetModel(cancellation), cancellation));

        // Two callers may both make it; the first one kept is the one every caller gets.
        private static T Keep<T>(ref T field, T made) where T : class =>
            Interlocked.CompareExchange(ref field, made, null) ?? made;

        /// True once the clusters were found (an entry reused from the cache).
        public bool HasClusters => Volatile.Read(ref _clusters) != null;
    }

    /// A model opened with its render cache (the RenderCache setting, RenderCacheFile): the renders
    /// the cache holds for the model's files as they are now are kept in the model at once.
    internal sealed class OpenedModel
    {
        private readonly RenderInputs _inputs;   // null: no cache for this model
        private readonly object _gate = new object();
        private int _saved;              // renders the cache file holds

        private OpenedModel(ReclassModel model, RenderInputs inputs, int loaded)
        {
            Model = model;
            _inputs = inputs;
            _saved = Loaded = loaded;
        }

        public ReclassModel Model { get; }
        public int Loaded { get; }
        /// What the model's renders are made from; null without a render cache.
        public RenderInputs Inputs => _inputs;

        public static OpenedModel Open(string path, CancellationToken cancellation)
        {
            // The settings (Microsoft.Extensions.Configuration's first load), then the render cache
            // file, are read on another core while the model's files are listed and their
            // identities taken for its key (read and hashed where the file's inputs do not vouch
            // for them): all of them are a first call's time.
            var read = RenderCacheRead.Start(System.IO.Path.GetFullPath(path), () => McpSettings.Read(path, null, null, out _).RenderCache, cancellation);
            ReclassModel model;
            RenderInputs inputs;
            try
            {
                model = ReclassModel.Open(path, null, cancellation);
                var earlier = read.EarlierInputs;
                inputs = RenderCacheFile.InputsOf(model, earlier, cancellation);
                // hashes taken from a cache file that then did not read whole are made again
                if (inputs != null && inputs.Trusted > 0 && !read.ReadWhole) inputs = RenderCacheFile.InputsOf(model, null, cancellation);
            }
            catch
            {
                read.Stop();
                throw;
            }
            if (inputs == null)
            {
                read.Stop();
                return new OpenedModel(model, null, 0);
            }
            var loaded = read.KeepInto(model, inputs);
            return read.Enabled ? new OpenedModel(model, inputs, loaded) : new OpenedModel(model, null, 0);
        }

        /// Writes the kept renders once they are at least half of the model's nodes, and then when
        /// they are all of them or an eighth of them more than the file holds: a command that
        /// renders a node or two (Get-McpCluster, one Get-McpPillar -Node) writes nothing, a loop
        /// that renders one node a call writes the file a few times, not once a node.
        public void Save()
        {
            // Stale: a file taken on trust changed before a render read it; its renders are not of these inputs
            if (_inputs == null || _inputs.Stale) return;
            lock (_gate)
            {
                var kept = Model.KeptRenders.Count();
                var all = Model.NodeNames.Count;
                if (kept <= _saved || kept * 2 < all || (kept < all && kept - _saved < Math.Max(1, all / 8))) return;
                if (RenderCacheFile.Save(Model, _inputs, RenderCacheFile.PathOf(Model)) >= 0) _saved = kept;
                else _saved = int.MaxValue;   // the folder cannot be written: not tried again for this model
            }
        }
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
            // False once the walk has seen more than opening the model would walk (nodes/ and
            // classes/ within the engine's bound each): past that, opening reports the bound.
            bool See(FileSystemInfo info)
            {
                count++;
                var ticks = info.LastWriteTimeUtc.Ticks;
                if (ticks > newest) newest = ticks;
                return count <= 2 * ModelLimits.MaxFolderEntries + 3;
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
                if (!See(dir) || !Walk(dir, FolderLinks.RealPath(folder), new List<string>(), See)) break;
            }
            return new ChangeStamp(newest, count);
        }

        /// A watch on what Of walks (null where the model cannot be watched: the caller walks).
        public static FolderWatch Watch(string path)
        {
            if (!Directory.Exists(path)) return null;
            var folders = InventoryFolders(path, out var configured);
            var names = new List<string> { ReclassSettings.ConfigFileName };
            foreach (var folder in configured)
            {
                // A folder deeper down (nodes_uri: inv/nodes) or elsewhere could appear or move
                // where no watch is: those models are walked.
                if (!string.Equals(System.IO.Path.GetDirectoryName(folder), path, StringComparison.Ordinal)) return null;
                names.Add(System.IO.Path.GetFileName(folder));
            }
            if (folders.Count == 0) folders.Add(path);
            return FolderWatch.TryStart(path, names, folders);
        }

        private static List<string> InventoryFolders(string path) => InventoryFolders(path, out _);

        /// The model's folders that exist; configured: both, whether they exist or not.
        private static List<string> InventoryFolders(string path, out List<string> configured)
        {
            var folders = new List<string>();
            configured = new List<string>();
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
                configured.Add(full);
                if (Directory.Exists(full)) folders.Add(full);
            }
            return folders;
        }

        /// Within the engine's folder bounds (ModelLimits: a loop of symbolic links, a huge
        /// tree); false when the walk stopped at one. way: the real paths of the folders above.
        private static bool Walk(DirectoryInfo dir, string real, List<string> way, Func<FileSystemInfo, bool> see)
        {
            if (way.Count > ModelLimits.MaxFolderDepth || way.Contains(real)) return false;
            way.Add(real);
            try
            {
                foreach (var entry in dir.EnumerateFileSystemInfos())
                {
                    if (entry.Name.StartsWith(".", StringComparison.Ordinal)) continue;   // .git and friends
                    if (!see(entry)) return false;
                    if (entry is DirectoryInfo sub && !Walk(sub, FolderLinks.Resolve(System.IO.Path.Combine(real, sub.Name)), way, see)) return false;
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            way.RemoveAt(way.Count - 1);
            return true;
        }

        public bool Equals(ChangeStamp other) => _newest == other._newest && _count == other._count;
        public override bool Equals(object obj) => obj is ChangeStamp other && Equals(other);
        public override int GetHashCode() => _newest.GetHashCode() ^ _count;
    }
}
