using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace McpModule.Model.Storage
{
    /// Says whether anything changed under a model's folders since the watch started, without
    /// walking them: an inotify watch on every folder (Linux), its queue read without blocking
    /// each time it is asked. Linux queues the event inside the system call that makes the change
    /// (write, rename, utime...), before that call returns, so a change finished before the ask is
    /// always seen, as a walk that stats every file would see it; a walk costs a stat a file on
    /// every cmdlet call, this costs one read. Elsewhere (Windows, macOS) and where a model cannot
    /// be watched completely (a file that is a link to a file outside the watched folders, too
    /// many folders, the kernel's watch limit), TryStart gives null and the caller walks.
    internal sealed class FolderWatch : IDisposable
    {
        private const int MaxFolders = 8192;
        private readonly HashSet<int> _descriptors = new HashSet<int>();
        private bool _changed;
        private bool _disposed;

        private FolderWatch() { }

        /// A watch on root (only the entries named rootNames count there: the config file and the
        /// model's folders) and on every folder under each of folders, dot entries left out as the
        /// model leaves them out; null when the model cannot be watched here.
        internal static FolderWatch TryStart(string root, IReadOnlyCollection<string> rootNames, IEnumerable<string> folders)
        {
            var all = new List<string> { root };
            all.AddRange(folders);
            if (!Inotify.Available || !LocalFileSystems.Holds(all.ToArray())) return null;
            var watch = new FolderWatch();
            lock (Inotify.Gate)
            {
                var ok = watch.Add(root, rootNames);
                foreach (var folder in folders)
                {
                    if (!ok) break;
                    ok = watch.AddTree(folder, FolderLinks.RealPath(folder), new List<string>());
                }
                if (ok && watch._descriptors.Count <= MaxFolders) return watch;
                watch.Release();
                return null;
            }
        }

        /// True once anything under the watched folders was added, removed, renamed, written or
        /// touched (sticky: a changed model stays changed).
        internal bool Changed
        {
            get
            {
                lock (Inotify.Gate)
                {
                    if (_disposed) return true;
                    Inotify.Drain();
                    return _changed;
                }
            }
        }

        public void Dispose()
        {
            lock (Inotify.Gate) Release();
        }

        private void Release()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var wd in _descriptors) Inotify.Remove(wd, this);
            _descriptors.Clear();
        }

        private void MarkChanged() => _changed = true;

        private bool Add(string folder, IReadOnlyCollection<string> names)
        {
            var wd = Inotify.Add(folder, this, names);
            if (wd < 0) return false;
            _descriptors.Add(wd);
            return true;
        }

        // Follows the walk of ChangeStamp and InventoryStorage: links to folders are followed
        // (a loop or a too deep tree gives up), dot entries are not the model's.
        private bool AddTree(string folder, string real, List<string> way)
        {
            if (way.Count > ModelLimits.MaxFolderDepth || way.Contains(real) || _descriptors.Count > MaxFolders) return false;
            if (!Add(folder, null)) return false;
            way.Add(real);
            try
            {
                foreach (var entry in McpModule.FileSystem.FolderEntries.Read(folder))
                {
                    if (entry.Name.StartsWith(".", StringComparison.Ordinal)) continue;
                    if (entry.IsFolder)
                    {
                        if (!AddTree(Path.Combine(folder, entry.Name), entry.IsLink ? FolderLinks.Resolve(Path.Combine(real, entry.Name)) : Path.Combine(real, entry.Name), way)) return false;
                    }
                    // A change to the file a link points to happens outside the watched folders.
                    else if (entry.IsLink) return false;
                }
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
            way.RemoveAt(way.Count - 1);
            return true;
        }

        /// inotify sees only the changes this kernel makes: a model on NFS, SMB or FUSE that another
        /// machine edits would look unchanged, so a model there is walked.
        internal static class LocalFileSystems
        {
            private static readonly HashSet<string> Local = new HashSet<string>(StringComparer.Ordinal)
            {
                "ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs", "ramfs",
            };

            /// True when every folder lies on a local file system (the longest mount point of
            /// /proc/self/mountinfo that holds its real path has a local type); the mounts are
            /// read once for all of them.
            internal static bool Holds(params string[] folders)
            {
                var mounts = new List<(string Point, string Type)>();
                try
                {
                    foreach (var line in File.ReadLines("/proc/self/mountinfo"))
                    {
                        // id parent major:minor root mountpoint options [optional...] - type source superoptions
                        var fields = line.Split(' ');
                        var dash = Array.IndexOf(fields, "-");
                        if (fields.Length < 5 || dash < 0 || dash + 1 >= fields.Length) continue;
                        mounts.Add((Unescape(fields[4]), fields[dash + 1]));
                    }
                }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
                foreach (var folder in folders)
                {
                    string real;
                    try { real = FolderLinks.RealPath(folder); } catch (IOException) { return false; }
                    string best = null, type = null;
                    foreach (var (mount, mountType) in mounts)
                    {
                        var inside = mount == "/" || real == mount || real.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
                        if (inside && (best == null || mount.Length >= best.Length)) { best = mount; type = mountType; }
                    }
                    if (type == null || !Local.Contains(type)) return false;
                }
                return true;
            }

            // mountinfo writes space, tab, newline and backslash as \ooo octal.
            private static string Unescape(string field)
            {
                if (field.IndexOf('\\') < 0) return field;
                var sb = new System.Text.StringBuilder(field.Length);
                for (var i = 0; i < field.Length; i++)
                {
                    if (field[i] == '\\' && i + 3 < field.Length)
                    {
                        sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                        i += 3;
                    }
                    else sb.Append(field[i]);
                }
                return sb.ToString();
            }
        }

        /// The process's one inotify instance, shared by every watch (an instance is a scarce
        /// resource: Debian allows 128 a user, and Start-McpLab needs them for its nodes).
        private static class Inotify
        {
            internal static readonly object Gate = new object();
            private const int NonBlocking = 0x800, CloseOnExec = 0x80000;
            private const uint Modify = 0x2, Attrib = 0x4, CloseWrite = 0x8, MovedFrom = 0x40, MovedTo = 0x80,
                Create = 0x100, Delete = 0x200, DeleteSelf = 0x400, MoveSelf = 0x800, Overflow = 0x4000, Ignored = 0x8000, OnlyDir = 0x1000000;
            private const uint Mask = Modify | Attrib | CloseWrite | MovedFrom | MovedTo | Create | Delete | DeleteSelf | MoveSelf | OnlyDir;
            private const uint SelfEvents = DeleteSelf | MoveSelf | Ignored;

            private static readonly Dictionary<int, Dictionary<FolderWatch, IReadOnlyCollection<string>>> Owners =
                new Dictionary<int, Dictionary<FolderWatch, IReadOnlyCollection<string>>>();
            private static readonly byte[] Buffer = new byte[64 * 1024];
            private static int s_fd = -2;   // -2: not opened yet; -1: not available

            internal static bool Available
            {
                get
                {
                    lock (Gate)
                    {
                        if (s_fd == -2) s_fd = Open();
                        return s_fd >= 0;
                    }
                }
            }

            private static int Open()
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Environment.GetEnvironmentVariable("MCP_NO_FOLDER_WATCH") == "1") return -1;
                try { return inotify_init1(NonBlocking | CloseOnExec); }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { return -1; }
            }

            /// The watch descriptor of folder (the same for every watch of one folder), or -1.
            internal static int Add(string folder, FolderWatch owner, IReadOnlyCollection<string> names)
            {
                var wd = inotify_add_watch(s_fd, McpModule.FileSystem.NativePath.Terminated(folder), Mask);
                if (wd < 0) return -1;
                if (!Owners.TryGetValue(wd, out var owners)) Owners[wd] = owners = new Dictionary<FolderWatch, IReadOnlyCollection<string>>();
                owners[owner] = names;
                return wd;
            }

            internal static void Remove(int wd, FolderWatch owner)
            {
                if (!Owners.TryGetValue(wd, out var owners)) return;
                owners.Remove(owner);
                if (owners.Count > 0) return;
                Owners.Remove(wd);
                _ = inotify_rm_watch(s_fd, wd);   // fails only for a folder gone already, whose watch went with it
            }

            /// Reads every queued event and marks the watches it concerns.
            internal static void Drain()
            {
                while (true)
                {
                    var read = (long)ReadEvents(s_fd, Buffer, (IntPtr)Buffer.Length);
                    if (read <= 0) return;   // EAGAIN: nothing queued
                    for (var at = 0; at + 16 <= read;)
                    {
                        var wd = BitConverter.ToInt32(Buffer, at);
                        var mask = BitConverter.ToUInt32(Buffer, at + 4);
                        var length = (int)BitConverter.ToUInt32(Buffer, at + 12);
                        var name = length > 0 ? NameAt(at + 16, length) : null;
                        at += 16 + length;
                        if ((mask & Overflow) != 0)
                        {
                            foreach (var owners in Owners.Values) foreach (var owner in owners.Keys) owner.MarkChanged();
                            continue;
                        }
                        if (!Owners.TryGetValue(wd, out var concerned)) continue;
                        foreach (var pair in concerned)
                        {
                            if ((mask & SelfEvents) != 0 || name == null) pair.Key.MarkChanged();
                            else if (pair.Value != null ? Contains(pair.Value, name) : !name.StartsWith(".", StringComparison.Ordinal)) pair.Key.MarkChanged();
                        }
                        if ((mask & Ignored) != 0) Owners.Remove(wd);
                    }
                }
            }

            private static bool Contains(IReadOnlyCollection<string> names, string name)
            {
                foreach (var n in names) if (string.Equals(n, name, StringComparison.Ordinal)) return true;
                return false;
            }

            private static string NameAt(int start, int length)
            {
                var end = start;
                while (end < start + length && Buffer[end] != 0) end++;
                return System.Text.Encoding.UTF8.GetString(Buffer, start, end - start);
            }

            [DllImport("libc", SetLastError = true)]
            private static extern int inotify_init1(int flags);

            [DllImport("libc", SetLastError = true)]
            private static extern int inotify_add_watch(int fd, byte[] path, uint mask);

            [DllImport("libc", SetLastError = true)]
            private static extern int inotify_rm_watch(int fd, int wd);

            [DllImport("libc", EntryPoint = "read", SetLastError = true)]
            private static extern IntPtr ReadEvents(int fd, byte[] buffer, IntPtr count);
        }
    }
}
