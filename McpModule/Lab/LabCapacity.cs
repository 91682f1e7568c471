using System;
using System.Globalization;
using System.IO;

namespace McpModule.Lab
{
    /// Host limits a lab runs into before memory or CPU. Every node's systemd, journald, networkd
    /// and logind hold inotify instances, and all nodes count against root's one
    /// fs.inotify.max_user_instances (no user namespaces). Debian's default of 128 stops a lab at
    /// about 16 nodes, and a node past the limit never gets sshd up: the start would only time out.
    /// So the lab checks first and says what to raise; it does not change the host's sysctl itself.
    internal static class LabCapacity
    {
        /// Measured on bookworm nodes: 5 nodes held 40 instances (8 each); 2 more as headroom.
        public const int InotifyInstancesPerNode = 10;

        public const string InotifySysctl = "fs.inotify.max_user_instances";

        /// Null when the nodes fit; otherwise the message that says how many are needed and how to raise the limit.
        public static string CheckInotify(int newNodes, int inUse, int limit)
        {
            if (newNodes <= 0 || limit <= 0) return null;
            var needed = inUse + newNodes * InotifyInstancesPerNode;
            if (needed <= limit) return null;
            var suggested = 128;
            while (suggested < needed) suggested *= 2;
            return string.Format(CultureInfo.InvariantCulture,
                "{0} more lab node(s) need about {1} inotify instances ({2} each) and {3} are in use, but {4} is {5}; " +
                "a node past the limit never starts sshd. Raise it first, e.g. 'sysctl -w {4}={6}', then start the lab again. Nothing was started.",
                newNodes, newNodes * InotifyInstancesPerNode, InotifyInstancesPerNode, inUse, InotifySysctl, limit, suggested);
        }

        public static int InotifyLimit()
        {
            try { return int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_user_instances").Trim(), CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException) { return 0; }
        }

        /// inotify instances open on the host now (the lab runs as root, so all of them count against root's limit closely enough).
        public static int InotifyInUse()
        {
            var count = 0;
            foreach (var proc in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(proc);
                if (name.Length == 0 || !char.IsDigit(name[0])) continue;
                try
                {
                    foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(proc, "fd")))
                        if (LabHost.ReadLink(fd) == "anon_inode:inotify") count++;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
            }
            return count;
        }
    }
}
