using System;
using System.IO;
using System.Linq;
using System.Text;

namespace McpModule.FileSystem
{
    /// Writes a file so that a reader sees the old content or the new, never a half:
    /// a temp file beside the target, flushed to disk, then renamed over it.
    /// Every file the module writes for a user (model files, manifests, journals, reports) goes
    /// through here; the folder is made when missing.
    internal static class AtomicFile
    {
        /// UTF-8 without a byte order mark, as reclass and git expect.
        public static void WriteAllText(string path, string content) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(content));

        public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes, 0, bytes.Length));

        /// What write writes to the stream becomes the file, as WriteAllBytes (no copy of it in memory).
        public static void Write(string path, Action<Stream> write)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(directory);
            RemoveLeftovers(path);
            var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    write(stream);
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

        // What a write of this same file left when it was killed between its temp file and the rename.
        private static void RemoveLeftovers(string path)
        {
            var name = Path.GetFileName(path);
            foreach (var f in Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(path)), "." + name + ".*.tmp"))
            {
                var middle = Path.GetFileName(f).Substring(name.Length + 2);
                if (middle.Length == 12 && middle.Substring(0, 8).All(Uri.IsHexDigit))
                    try { File.Delete(f); } catch (IOException) { }
            }
        }

        /// True for the temp files WriteAllBytes leaves only while it writes (or after a crash).
        public static bool IsTemp(string path) =>
            Path.GetFileName(path).StartsWith(".", StringComparison.Ordinal) && path.EndsWith(".tmp", StringComparison.Ordinal);
    }
}
