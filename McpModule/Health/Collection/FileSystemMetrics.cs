#nullable enable
using System;
using System.Collections.Generic;
using System.Text;

namespace McpModule.Health.Collection
{
    /// fs_space_* and fs_inodes_* of each mounted file system that holds data (which ones:
    /// collect-node.sh and docs/health-metrics.md), from statfs, dimensions fs (the mount point) and type.
    internal static class FileSystemMetrics
    {
        internal static void Read(IEnumerable<string[]> records, MetricSink metrics, List<string> problems)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in records)
            {
                var mount = Unescape(r[0]);
                var type = r[1];
                // frsize, blocks, free blocks, blocks available to non-root, inodes, free inodes
                var f = r[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                var n = new double[6];
                bool ok = f.Length == 6;
                for (int i = 0; ok && i < 6; i++) ok = Numbers.TryParse(f[i], out n[i]) && n[i] >= 0;
                if (!ok)
                {
                    problems.Add($"statfs {mount}: not six numbers: {CollectorOutput.Short(r[2])}");
                    continue;
                }
                // a file system without blocks holds no data (a pseudo file system the script does not know)
                if (n[1] == 0 || !seen.Add(mount)) continue;
                double size = n[0], used = n[1] - n[2], available = n[3];
                var dims = new[] { ("fs", mount), ("type", type) };
                metrics.Add("fs_space_free", available * size, dims);
                metrics.Add("fs_space_used", used * size, dims);
                // df's Use% takes the same base: what is used and what non-root can still use
                if (used + available > 0) metrics.Add("fs_space_percent_free", available / (used + available) * 100, dims);
                // btrfs and some network file systems have no inode count
                if (n[4] > 0)
                {
                    metrics.Add("fs_inodes_free", n[5], dims);
                    metrics.Add("fs_inodes_used", n[4] - n[5], dims);
                    metrics.Add("fs_inodes_percent_free", n[5] / n[4] * 100, dims);
                }
            }
        }

        /// A path as /proc/self/mounts escapes it (space \040, tab \011, line break \012, backslash \134)
        /// back to itself. Any other byte is as it was: non-ASCII names pass through in UTF-8.
        internal static string Unescape(string escaped)
        {
            if (escaped.IndexOf('\\') < 0) return escaped;
            var sb = new StringBuilder(escaped.Length);
            for (int i = 0; i < escaped.Length; i++)
            {
                if (escaped[i] == '\\' && i + 3 < escaped.Length && IsOctal(escaped[i + 1]) && IsOctal(escaped[i + 2]) && IsOctal(escaped[i + 3]))
                {
                    sb.Append((char)(((escaped[i + 1] - '0') * 64) + ((escaped[i + 2] - '0') * 8) + (escaped[i + 3] - '0')));
                    i += 3;
                }
                else sb.Append(escaped[i]);
            }
            return sb.ToString();
        }

        private static bool IsOctal(char c) => c >= '0' && c <= '7';
    }
}
