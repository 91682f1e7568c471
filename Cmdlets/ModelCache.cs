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
    /// while its model is unchanged on disk, so a pipeline (Get-McpCluster | Get-McpNode |
    /// Get-McpPillar) parses a model once; any change on disk makes a new entry. Where the
    /// model's folders can be watched (FolderWatch: Linux), an entry whose watch saw nothing is
    /// reused without walking the model: the walk was most of a warm cmdlet call's time.
    /// The watch is made after the model was read, on another core (a first call, and a new
    /// process that calls once, no longer wait for it), and holds once the files on disk are
    /// found to be those that were read (ModelCacheEntry.CheckAfterOpen): a change before the
    /// watch shows there, one after it is the watch's. Where the model's files cannot be
    /// compared (a folder that could not be read) the next entry is made as where no watch can
    /// be made at all: the watch (if any) first, then a walk's stamp, then the read.
    internal static class ModelCache
    {
        private const int MaxEntries = 16;
        private static readonly ConcurrentDictionary<string, ModelCacheEntry> Entries =
            new ConcurrentDictionary<string, ModelCacheEntry>(StringComparer.Ordinal);

        public static ModelCacheEntry Get(string path)
        {
            var found = Entries.TryGetValue(path, out var entry);
            if (found && entry.WatchesAfterOpen)
            {
                switch (entry.CheckedAfterOpen())
                {
                    case AfterOpen.NotRead:
                    case AfterOpen.Watching:
                        entry.Touch();
                        return entry;
                    case AfterOpen.Stamped:
                        if (entry.Stamp.Value.Equals(ChangeStamp.Of(path))) { entry.Touch(); return entry; }
                        break;
                    case AfterOpen.CannotCompare:
                        return Replace(path, entry, WatchedFirst(path));
                }
                return Replace(path, entry, new ModelCacheEntry(path));
            }
            if (!found && FolderWatch.Supported) return Replace(path, null, new ModelCacheEntry(path));

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
            return Replace(path, entry, new ModelCacheEntry(path, stamp, watch));
        }

        // The watch, or a stamp where there is none, made before the model is read.
        private static ModelCacheEntry WatchedFirst(string path)
        {
            var watch = ChangeStamp.Watch(path);
            return new ModelCacheEntry(path, watch == null ? ChangeStamp.Of(path) : (ChangeStamp?)null, watch);
        }

        private static ModelCacheEntry Replace(string path, ModelCacheEntry old, ModelCacheEntry made)
        {
            Entries[path] = made;
            old?.Retire();
            Trim();
            return made;
        }

        /// Forgets every model (tests and long sessions can call it through reflection).
        public static void Clear()
        {
            foreach (var entry in Entries.Values) entry.Retire();
            Entries.Clear();
        }

        private static void Trim()
        {
            if (Entries.Count <= MaxEntries) return;
            foreach (var old in Entries.Values.OrderBy(e => e.LastUsed).Take(Entries.Count - MaxEntries).ToList())
                if (Entries.TryRemove(old.Path, out _)) old.Retire();
        }
    }

    /// What an entry that watches after its model was read knows (ModelCacheEntry.CheckedAfterOpen).
    internal enum AfterOpen
    {
        /// Its model was not read yet: nothing to be out of date.
        NotRead,
        /// The files on disk were those read, and the watch has seen no change since.
        Watching,
        /// The files were those read, and no watch could be made: a walk's stamp made then decides.
        Stamped,
        /// The files differ from those read, or the watch saw a change.
        Changed,
        /// The files could not be compared (the model has a folder that could not be read).
        CannotCompare,
    }

    internal sealed class ModelCacheEntry
    {
        // Kept once made; a failure (or a cancelled call) is not kept: the next call tries again.
        // The engine's model keeps parsed files and rendered nodes itself.
        private OpenedModel _model;
        private IReadOnlyList<McpCluster> _clusters;
        private long _lastUsed;
        private FolderWatch _watch;
        private ChangeStamp? _stamp;
        private Task<AfterOpen> _check;
        private bool _retired;
        private readonly object _gate = new object();

        /// An entry whose watch is made after its model is read (CheckAfterOpen).
        public ModelCacheEntry(string path)
        {
            Path = path;
            WatchesAfterOpen = true;
            Touch();
        }

        /// An entry whose watch (or, without one, stamp) was made before its model is read.
        public ModelCacheEntry(string path, ChangeStamp? stamp, FolderWatch watch)
        {
            Path = path;
            _stamp = stamp;
            _watch = watch;
            Touch();
        }

        public bool WatchesAfterOpen { get; }

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

        /// Replaces the watch (null: none, the next call walks); the old one is let go, and so is
        /// a new one once the entry is retired.
        public void Rewatch(FolderWatch watch)
        {
            lock (_gate)
            {
                if (_retired) watch?.Dispose();
                else Interlocked.Exchange(ref _watch, watch)?.Dispose();
            }
        }

        /// The entry is no longer the cache's: its watch is let go, and one made after this is too.
        public void Retire()
        {
            lock (_gate)
            {
                _retired = true;
                Interlocked.Exchange(ref _watch, null)?.Dispose();
            }
        }

        public string Path { get; }
        /// The model's stamp: made before the read for an entry without a watch, or after it
        /// (CheckAfterOpen) where no watch could be made; null otherwise.
        public ChangeStamp? Stamp => _stamp;
        public long LastUsed => Interlocked.Read(ref _lastUsed);
        public void Touch() => Interlocked.Exchange(ref _lastUsed, DateTime.UtcNow.Ticks);

        /// What the check after the read found (waits for it).
        public AfterOpen CheckedAfterOpen()
        {
            var check = Volatile.Read(ref _check);
            if (check == null) return AfterOpen.NotRead;
            AfterOpen found;
            try { found = check.GetAwaiter().GetResult(); }
            catch (Exception) { return AfterOpen.Changed; }   // what failed is the next read's to report
            if (found != AfterOpen.Watching) return found;
            return Watch == true ? AfterOpen.Watching : AfterOpen.Changed;
        }

        /// The inventory at Path (throws ModelException when it does not load,
        /// OperationCanceledException when cancelled).
        public ReclassModel GetModel(CancellationToken cancellation)
        {
            var opened = Volatile.Read(ref _model);
            if (opened != null) return opened.Model;
            opened = Keep(ref _model, OpenedModel.Open(Path, cancellation));
            if (WatchesAfterOpen) StartCheck(opened);
            return opened.Model;
        }

        private void StartCheck(OpenedModel opened)
        {
            var check = new Task<AfterOpen>(() => CheckAfterOpen(opened));
            if (Interlocked.CompareExchange(ref _check, check, null) == null) check.Start(TaskScheduler.Default);
        }

        /// A pause before the watch is made, for tests (through reflection) that edit a model
        /// between its read and its watch.
        internal static int PauseBeforeWatchMilliseconds;

        // The watch first: a change after it is the watch's; one between the read and the watch
        // shows as files that are not those that were read.
        private AfterOpen CheckAfterOpen(OpenedModel opened)
        {
            var pause = Volatile.Read(ref PauseBeforeWatchMilliseconds);
            if (pause > 0) Thread.Sleep(pause);
            var watch = ChangeStamp.Watch(Path);
            var stamp = watch == null ? ChangeStamp.Of(Path) : (ChangeStamp?)null;
            var same = opened.StillOnDisk();
            if (same != true)
            {
                watch?.Dispose();
                return same == null ? AfterOpen.CannotCompare : AfterOpen.Changed;
            }
            if (watch == null)
            {
                _stamp = stamp;
                return AfterOpen.Stamped;
            }
            Rewatch(watch);
            return AfterOpen.Watching;
        }

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
        private readonly RenderInputs _read;     // the files as read, cache or not; null: could not be told
        private readonly object _gate = new object();
        private int _saved;              // renders the cache file holds

        private OpenedModel(ReclassModel model, RenderInputs read, bool cached, int loaded)
        {
            Model = model;
            _read = read;
            _inputs = cached ? read : null;
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
                return new OpenedModel(model, null, false, 0);
            }
            var loaded = read.KeepInto(model, inputs);
            return read.Enabled ? new OpenedModel(model, inputs, true, loaded) : new OpenedModel(model, inputs, false, 0);
        }

        /// Whether the model's files on disk now are those it was read from (the same names, places
        /// and bytes, and the same settings: its inputs' key; a file whose identity is the one
        /// taken then is not read again); null where that cannot be told (a folder that could not
        /// be read). For the session's cache: a watch made after the read holds from the read on.
        public bool? StillOnDisk()
        {
            if (_read == null) return null;
            try
            {
                var now = RenderCacheFile.InputsOf(ReclassModel.Open(Model.Path, null, CancellationToken.None), _read);
                return now == null ? (bool?)null : ByteRange.Same(now.Key, _read.Key);
            }
            catch (Exception e) when (e is ModelException || e is IOException || e is UnauthorizedAccessException) { return false; }
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
