#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using McpModule.FileSystem;

namespace McpModule.Health.History
{
    /// The collections of one model, kept so alarm windows and periods span more than one
    /// collection: a scheduled Get-McpHealth every minute sees what the minutes before it saw, as
    /// StackLight's collectors did. One file, `<model>/.mcp/health/history.jsonl`, appended to;
    /// bounded by age (entries older than MaxAge are dropped) and size (past MaxBytes the oldest
    /// entries go until it is half that). Writers take turns through a lock file, so two
    /// scheduled runs at once do not interleave.
    internal sealed class HealthHistory
    {
        internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        internal HealthHistory(string path, TimeSpan maxAge, long maxBytes)
        {
            Path = path;
            MaxAge = maxAge;
            MaxBytes = maxBytes;
        }

        /// `<model>/.mcp/health/history.jsonl`; refuses a .mcp that leads out of the repository.
        internal static string PathOf(string modelPath) => RootedPath.Resolve(modelPath, ".mcp/health/history.jsonl", "the health history");

        internal string Path { get; }
        internal TimeSpan MaxAge { get; }
        internal long MaxBytes { get; }

        /// The entries no older than MaxAge before now, oldest first, and how many lines could not be read.
        internal (List<HealthHistoryEntry> Entries, int Unreadable) Read(DateTimeOffset now)
        {
            var entries = new List<HealthHistoryEntry>();
            int unreadable = 0;
            if (!File.Exists(Path)) return (entries, 0);
            var oldest = now - MaxAge;
            foreach (var line in ReadLines())
            {
                if (line.Length == 0) continue;
                var entry = HealthHistoryFormat.Parse(line);
                if (entry == null) { unreadable++; continue; }
                if (entry.Time >= oldest && entry.Time <= now) entries.Add(entry);
            }
            return (entries.OrderBy(e => e.Time).ToList(), unreadable);
        }

        /// Appends a collection's entries, then trims the file when it is past its bounds.
        internal void Append(IEnumerable<HealthHistoryEntry> entries, DateTimeOffset now)
        {
            var text = new StringBuilder();
            foreach (var e in entries) text.Append(HealthHistoryFormat.Line(e)).Append('\n');
            if (text.Length == 0) return;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (Lock())
            {
                using (var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
                {
                    // A line cut short by a crash before this one must not swallow it.
                    if (file.Length > 0 && LastByte() != '\n') file.WriteByte((byte)'\n');
                    var bytes = Utf8.GetBytes(text.ToString());
                    file.Write(bytes, 0, bytes.Length);
                }
                if (NeedsTrim(now)) Trim(now);
            }
        }

        private int LastByte()
        {
            using (var read = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                if (read.Length == 0) return '\n';
                read.Seek(-1, SeekOrigin.End);
                return read.ReadByte();
            }
        }

        // Trimming rewrites the file: only when it is past its size, or its first entry is older
        // than MaxAge by a quarter more (so a minute's collections do not each rewrite it).
        private bool NeedsTrim(DateTimeOffset now)
        {
            if (new FileInfo(Path).Length > MaxBytes) return true;
            var first = ReadLines().FirstOrDefault(l => l.Length > 0);
            var entry = first == null ? null : HealthHistoryFormat.Parse(first);
            return entry == null || entry.Time < now - MaxAge - TimeSpan.FromTicks(MaxAge.Ticks / 4);
        }

        private void Trim(DateTimeOffset now)
        {
            var oldest = now - MaxAge;
            var keep = new List<string>();
            foreach (var line in ReadLines())
            {
                var entry = line.Length == 0 ? null : HealthHistoryFormat.Parse(line);
                if (entry != null && entry.Time >= oldest) keep.Add(line);
            }
            long size = keep.Sum(l => (long)Utf8.GetByteCount(l) + 1);
            int drop = 0;
            while (size > MaxBytes / 2 && drop < keep.Count) size -= Utf8.GetByteCount(keep[drop++]) + 1;
            var text = string.Concat(keep.Skip(drop).Select(l => l + "\n"));
            AtomicFile.WriteAllText(Path, text);
        }

        private IEnumerable<string> ReadLines()
        {
            using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Utf8))
            {
                string? line;
                while ((line = reader.ReadLine()) != null) yield return line;
            }
        }

        private IDisposable Lock()
        {
            var lockPath = Path + ".lock";
            var deadline = DateTime.UtcNow + LockWait;
            while (true)
            {
                try { return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(50); }
                catch (IOException e)
                {
                    throw new IOException($"The health history '{Path}' stayed locked by another writer for {LockWait.TotalSeconds:0} s ({lockPath}).", e);
                }
            }
        }
    }
}
