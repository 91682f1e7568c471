using System;
using System.IO;

namespace McpModule.States.Journal
{
    /// Writes a file so that a reader sees the old content or the new, never a half:
    /// a temp file beside the target, flushed to disk, then renamed over it.
    internal static class AtomicFile
    {
        public static void WriteAllBytes(string path, byte[] bytes)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// True for the temp files WriteAllBytes leaves only while it writes (or after a crash).
        public static bool IsTemp(string path) =>
            Path.GetFileName(path).StartsWith(".", StringComparison.Ordinal) && path.EndsWith(".tmp", StringComparison.Ordinal);
    }
}
