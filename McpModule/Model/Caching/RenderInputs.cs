using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using McpModule.FileSystem;

namespace McpModule.Model.Caching
{
    /// What a model's renders are made from, as the render cache keys them: the frame (the model's
    /// path and reclass settings), and each node and class file's place and SHA-256. Key: all of it
    /// in one hash; under the same key every render holds. Under another key with the same frame
    /// a render still holds when the files it read are the same (SameFor): a render reads only its
    /// node's file and the classes it looks up, found or not, unless it asks the inventory for
    /// other nodes' exports (as Compare-McpModel's UnchangedInputs decides between two revisions).
    /// So an edit of one class renders again only the nodes that read it.
    internal sealed class RenderInputs
    {
        internal const int HashLength = 32;

        internal RenderInputs(byte[] frame, byte[] key, Dictionary<InputName, FileInput> files)
        {
            Frame = frame;
            Key = key;
            Files = files;
        }

        internal byte[] Frame { get; }
        internal byte[] Key { get; }
        internal IReadOnlyDictionary<InputName, FileInput> Files { get; }

        /// A node's or a class's name (a node and a class may share one).
        internal readonly struct InputName : IEquatable<InputName>
        {
            internal InputName(bool isNode, string name)
            {
                IsNode = isNode;
                Name = name;
            }

            internal bool IsNode { get; }
            internal string Name { get; }
            public bool Equals(InputName other) => IsNode == other.IsNode && string.Equals(Name, other.Name, StringComparison.Ordinal);
            public override bool Equals(object obj) => obj is InputName other && Equals(other);
            public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ (IsNode ? 1 : 0);
        }

        /// A file's place under its folder (nodes/ or classes/), its bytes' SHA-256, and its
        /// identity when its bytes were hashed, where that was settled (FileIdentity; else none).
        internal sealed class FileInput
        {
            internal FileInput(string relative, byte[] hash, FileIdentity identity = default)
            {
                Relative = relative;
                Hash = hash;
                Identity = identity;
            }

            internal string Relative { get; }
            internal byte[] Hash { get; }
            internal FileIdentity Identity { get; }

            internal bool SameAs(FileInput other) =>
                other != null && string.Equals(Relative, other.Relative, StringComparison.Ordinal) && ByteRange.Same(Hash, other.Hash);
        }

        /// Files whose hash was taken from the earlier inputs (their identity unchanged) and not read.
        internal int Trusted { get; private set; }

        /// True once a file taken on trust was read for a render with other bytes than its hash
        /// says (it changed after its identity was taken): renders made now may not be kept under
        /// these inputs.
        internal bool Stale => Volatile.Read(ref _stale);

        private bool _stale;

        /// The model's inputs, reading every node and class file (the renders then parse these very
        /// bytes); null when the model cannot be cached: a folder it could not read, or a file that
        /// does not read (its render reports that). With earlier inputs of the same model (the
        /// render cache's), a file whose identity is the settled one they hold for it at the same
        /// place keeps their hash and is not read: a render that reads it later checks its bytes
        /// against that hash (Stale). Only on a local file system: a network file system's
        /// client may answer stat from a cache of its own.
        internal static RenderInputs Of(ReclassModel model, int formatVersion, RenderInputs earlier = null, CancellationToken cancellation = default)
        {
            if (model.Problems.Count > 0) return null;
            var frame = FrameOf(model, formatVersion);
            var files = new Dictionary<InputName, FileInput>();
            var now = FileIdentity.Now();
            // identities only of files on disk, on a local file system (not an inventory read from git)
            var identities = model.OnLocalFileSystem;
            if (!identities) earlier = null;
            Dictionary<string, byte[]> trusted = null;
            // The key's bytes are gathered and hashed once: an append to an IncrementalHash is a
            // call into OpenSSL, and three a file were ~17 ms of a new process's first call.
            using (var sha = SHA256.Create())
            using (var key = new MemoryStream())
            {
                key.Write(frame, 0, frame.Length);
                try
                {
                    foreach (var (isNode, name, relative, path) in model.AllFiles())
                    {
                        cancellation.ThrowIfCancellationRequested();
                        var inputName = new InputName(isNode, name);
                        var identity = default(FileIdentity);
                        var known = identities && FileIdentity.TryOf(path, out identity);
                        FileInput input;
                        if (known && earlier != null && earlier.Files.TryGetValue(inputName, out var was) && was.Identity.IsKnown
                            && was.Identity.Equals(identity) && string.Equals(was.Relative, relative, StringComparison.Ordinal))
                        {
                            input = was;
                            (trusted ?? (trusted = new Dictionary<string, byte[]>(StringComparer.Ordinal)))[path] = was.Hash;
                        }
                        else
                        {
                            // the identity before the read: a change after it gives the file another one
                            var bytes = model.ReadKept(path);
                            input = new FileInput(relative, sha.ComputeHash(bytes), known && identity.Settled(now) ? identity : default);
                        }
                        files[inputName] = input;
                        Add(key, isNode ? "node" : "class");
                        Add(key, name);
                        Add(key, relative);
                        key.Write(input.Hash, 0, input.Hash.Length);
                    }
                }
                catch (ModelException) { return null; }
                var inputs = new RenderInputs(frame, sha.ComputeHash(key.GetBuffer(), 0, (int)key.Length), files);
                if (trusted != null)
                {
                    inputs.Trusted = trusted.Count;
                    model.FileRead += (path, bytes) =>
                    {
                        if (!trusted.TryGetValue(path, out var hash)) return;
                        using (var check = SHA256.Create())
                            if (!ByteRange.Same(check.ComputeHash(bytes), hash)) Volatile.Write(ref inputs._stale, true);
                    };
                }
                return inputs;
            }
        }

        /// Whether node's render, made from these inputs, is what now's would render.
        internal bool SameFor(RenderedNode node, RenderInputs now)
        {
            if (ByteRange.Same(Key, now.Key)) return true;
            return ByteRange.Same(Frame, now.Frame) && node.RendersAlike((isNode, name) => SameFile(new InputName(isNode, name), now));
        }

        // Both without the file (a class looked up and not found), or both with the same one.
        private bool SameFile(InputName name, RenderInputs now)
        {
            var was = Files.TryGetValue(name, out var a) ? a : null;
            var is_ = now.Files.TryGetValue(name, out var b) ? b : null;
            return was == null ? is_ == null : was.SameAs(is_);
        }

        private static byte[] FrameOf(ReclassModel model, int formatVersion)
        {
            using (var sha = SHA256.Create())
            using (var hash = new MemoryStream())
            {
                Add(hash, "mcp-render-cache " + formatVersion.ToString(CultureInfo.InvariantCulture));
                Add(hash, model.Path);
                foreach (var p in SettingProperties)
                {
                    var v = p.GetValue(model.Settings);
                    Add(hash, p.Name);
                    Add(hash, v is IEnumerable list && !(v is string) ? Joined(list) : Convert.ToString(v, CultureInfo.InvariantCulture));
                }
                return sha.ComputeHash(hash.GetBuffer(), 0, (int)hash.Length);
            }
        }

        // Every reclass setting is part of the frame, in name order.
        private static readonly System.Reflection.PropertyInfo[] SettingProperties =
            typeof(ReclassSettings).GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

        // A list setting's items joined, by hand: string.Join over Cast<object>() resolved its
        // generic methods at run time, 19 ms of a new process's first call.
        private static string Joined(IEnumerable list)
        {
            var text = new StringBuilder();
            var first = true;
            foreach (var item in list)
            {
                if (!first) text.Append('\u0001');
                text.Append(Convert.ToString(item, CultureInfo.InvariantCulture));
                first = false;
            }
            return text.ToString();
        }

        private static void Add(Stream key, string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s ?? "\u0000null");
            key.Write(BitConverter.GetBytes(bytes.Length), 0, 4);
            key.Write(bytes, 0, bytes.Length);
        }

    }
}
