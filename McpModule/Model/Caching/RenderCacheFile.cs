using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using McpModule.FileSystem;

namespace McpModule.Model.Caching
{
    /// A model's renders kept on disk for the next session or process, which reads them instead of
    /// rendering again: rendering is most of a first Get-McpNode's time. One file a model path in
    /// the user's cache folder (McpModule/renders under $XDG_CACHE_HOME or ~/.cache, or under
    /// %LOCALAPPDATA% on Windows; closed to other users: a pillar holds the model's secrets),
    /// never in the model repository: a read-only command or -WhatIf writes nothing there.
    /// A kept render is used only where the files it was made from are what they were
    /// (RenderInputs): the same model path and reclass settings, the same bytes at the same place
    /// of its node's file and of every class it looked up (found or not), and the same of every
    /// file for a node that queries the inventory; written by the same build of the engine. The
    /// files are read once and hashed (the renders parse those very bytes), except a file whose
    /// identity (FileIdentity: device, inode, size, change and modification time, settled when it
    /// was hashed) is the one the cache file holds for it: it keeps its hash unread, and a render
    /// that reads it later checks its bytes (RenderInputs.Stale). A file edited in place with its
    /// size and modification time kept (touch -r, cp -p) has another change time, which no program
    /// sets back. A cache file that does not read as written (another build, cut short, its
    /// checksum wrong) is not used.
    internal static class RenderCacheFile
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("MCPRENDR");
        private const int FormatVersion = 4;
        private const long MaxBytes = 1L << 30;

        /// The engine build: a cache written by another build is not read.
        private static readonly byte[] Build = typeof(RenderCacheFile).Assembly.ManifestModule.ModuleVersionId.ToByteArray();

        /// How many models' files the folder keeps; past it the longest unused go.
        private const int MaxFiles = 64;

        /// The folder of the render caches; null where the user has none.
        internal static string Folder
        {
            get
            {
                string root;
                if (Environment.OSVersion.Platform == PlatformID.Win32NT) root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                else
                {
                    var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                    var home = Environment.GetEnvironmentVariable("HOME");
                    root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
                        : !string.IsNullOrEmpty(home) && Path.IsPathRooted(home) ? Path.Combine(home, ".cache") : null;
                }
                return string.IsNullOrEmpty(root) ? null : Path.Combine(root, "McpModule", "renders");
            }
        }

        /// The render cache file of the model at this path; null where the user has no cache folder.
        internal static string PathOf(ReclassModel model) => PathOf(model.Path);

        /// The render cache file of the model at this full path (ReclassModel.Path).
        internal static string PathOf(string modelPath)
        {
            var folder = Folder;
            return folder == null ? null : Path.Combine(folder, Text.ShortHash.Of(modelPath, 16));
        }

        /// What the model's renders are made from (RenderInputs), reading every node and class
        /// file but those whose identity is what earlier inputs (the file's, Read) hold for them;
        /// null when the model cannot be cached.
        internal static RenderInputs InputsOf(ReclassModel model, RenderInputs earlier = null, CancellationToken cancellation = default) =>
            RenderInputs.Of(model, FormatVersion, earlier, cancellation);

        /// Keeps in the model the renders the file holds that its files as they are now would render
        /// the same; how many (0 when the file is missing, for another frame or build, or does not read).
        internal static int Load(ReclassModel model, RenderInputs now, string file) =>
            Keep(model, now, Read(file, CancellationToken.None), file);

        /// What the file holds, whatever model path and settings (its frame) it was made for: Keep
        /// looks at that. Null when the file is missing or does not read as written, and when
        /// cancelled (checked before each node). inputsRead is given the file's inputs as soon as
        /// they are read, before the renders and before the checksum that covers both: a caller
        /// that uses them must drop what it made of them if the read then gives null.
        internal static CachedRenders Read(string file, CancellationToken cancellation, Action<RenderInputs> inputsRead = null)
        {
            if (file == null) return null;
            try
            {
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                {
                    const int hashLength = RenderInputs.HashLength, checksum = 32;
                    var header = Magic.Length + 4 + Build.Length + 2 * hashLength;
                    var length = stream.Length;
                    if (length > MaxBytes || length < header + checksum) return null;
                    var head = ReadExactly(stream, header);
                    if (!Same(head, 0, Magic) || BitConverter.ToInt32(head, Magic.Length) != FormatVersion || !Same(head, Magic.Length + 4, Build)) return null;
                    var frame = new byte[hashLength];
                    var key = new byte[hashLength];
                    Array.Copy(head, header - 2 * hashLength, frame, 0, hashLength);
                    Array.Copy(head, header - hashLength, key, 0, hashLength);
                    if (cancellation.IsCancellationRequested) return null;
                    using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                    {
                        CachedRenders read;
                        // Buffered above the hash: it is fed blocks, not each value's few bytes.
                        using (var body = new HashedStream(stream, length - header - checksum, hash))
                        using (var input = new BinaryReader(new BufferedStream(body, 1 << 16), Encoding.UTF8))
                        {
                            var reader = new RenderCacheReader(input, body.Length);
                            var inputs = new RenderInputs(frame, key, reader.ReadInputs());
                            inputsRead?.Invoke(inputs);
                            var nodes = reader.ReadNodes(cancellation);
                            if (nodes == null || input.BaseStream.ReadByte() >= 0 || body.Remaining != 0) return null;
                            read = new CachedRenders(inputs, nodes);
                        }
                        // Nothing read is kept unless the whole body is what was written.
                        return Same(ReadExactly(stream, checksum), 0, hash.GetHashAndReset()) ? read : null;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is ArgumentException) { return null; }
        }

        /// Keeps in the model the renders read from the file (Read) that it has not rendered and
        /// that the model's files as they are now would render the same; how many.
        internal static int Keep(ReclassModel model, RenderInputs now, CachedRenders cached, string file)
        {
            if (cached == null || !ByteRange.Same(cached.Inputs.Frame, now.Frame)) return 0;
            var kept = 0;
            foreach (var (node, listed) in cached.Nodes)
            {
                if (!model.HasNode(node.Name) || model.HasRendered(node.Name) || !cached.Inputs.SameFor(node, now)) continue;
                model.KeepListedClasses(node.Name, listed);
                model.Keep(node);
                kept++;
            }
            // Read is use: the folder keeps the files used last (Prune).
            try { File.SetLastWriteTimeUtc(file, DateTime.UtcNow); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
            return kept;
        }

        private static byte[] ReadExactly(Stream stream, int count)
        {
            var bytes = new byte[count];
            var total = 0;
            int read;
            while (total < count && (read = stream.Read(bytes, total, count - total)) > 0) total += read;
            if (total < count) throw new EndOfStreamException();
            return bytes;
        }

        /// Writes the model's kept renders under the key (AtomicFile: a reader sees the old file or
        /// the new one whole). How many renders it holds; -1 when nothing was written (no cache
        /// folder, it cannot be written, a value has no place in the format).
        internal static int Save(ReclassModel model, RenderInputs inputs, string file, Func<byte[], int, ulong> definitionHash = null)
        {
            using (var writer = new RenderCacheWriter(inputs, definitionHash))
            {
                try
                {
                    foreach (var node in model.KeptRenders) writer.Add(node, model.ListedClasses(node.Name));
                }
                catch (Exception e) when (e is NotSupportedException || e is ModelException) { return -1; }
                return Write(writer, inputs, file);
            }
        }

        private static int Write(RenderCacheWriter writer, RenderInputs inputs, string file)
        {
            if (file == null || !PrivateFolder.Ensure(Path.GetDirectoryName(file))) return -1;
            try
            {
                AtomicFile.Write(file, stream =>
                {
                    stream.Write(Magic, 0, Magic.Length);
                    stream.Write(BitConverter.GetBytes(FormatVersion), 0, 4);
                    stream.Write(Build, 0, Build.Length);
                    stream.Write(inputs.Frame, 0, inputs.Frame.Length);
                    stream.Write(inputs.Key, 0, inputs.Key.Length);
                    using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                    {
                        using (var body = new BufferedStream(new HashedStream(stream, long.MaxValue, hash), 1 << 16))
                        using (var w = new BinaryWriter(body, Encoding.UTF8, true))
                            writer.WriteTo(w);
                        var sum = hash.GetHashAndReset();
                        stream.Write(sum, 0, sum.Length);
                    }
                });
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return -1; }
            Prune(Path.GetDirectoryName(file));
            return writer.Count;
        }

        // The files of the models used longest ago, past MaxFiles.
        private static void Prune(string folder)
        {
            try
            {
                var files = new DirectoryInfo(folder).GetFiles().Where(f => !AtomicFile.IsTemp(f.FullName)).OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxFiles);
                foreach (var old in files) old.Delete();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
        }

        // Whether bytes hold expected at at.
        private static bool Same(byte[] bytes, int at, byte[] expected) => ByteRange.Same(bytes, at, expected, 0, expected.Length);
    }
}
