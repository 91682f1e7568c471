using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

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

        /// A file's place under its folder (nodes/ or classes/) and its bytes' SHA-256.
        internal sealed class FileInput
        {
            internal FileInput(string relative, byte[] hash)
            {
                Relative = relative;
                Hash = hash;
            }

            internal string Relative { get; }
            internal byte[] Hash { get; }

            internal bool SameAs(FileInput other) =>
                other != null && string.Equals(Relative, other.Relative, StringComparison.Ordinal) && ByteRange.Same(Hash, other.Hash);
        }

        /// The model's inputs, reading every node and class file (the renders then parse these very
        /// bytes); null when the model cannot be cached: a folder it could not read, or a file that
        /// does not read (its render reports that).
        internal static RenderInputs Of(ReclassModel model, int formatVersion, CancellationToken cancellation = default)
        {
            if (model.Problems.Count > 0) return null;
            var frame = FrameOf(model, formatVersion);
            var files = new Dictionary<InputName, FileInput>();
            using (var sha = SHA256.Create())
            using (var key = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                key.AppendData(frame);
                try
                {
                    foreach (var (isNode, name, relative, bytes) in model.ReadAllFiles(cancellation))
                    {
                        var input = new FileInput(relative, sha.ComputeHash(bytes));
                        files[new InputName(isNode, name)] = input;
                        Add(key, isNode ? "node" : "class");
                        Add(key, name);
                        Add(key, relative);
                        key.AppendData(input.Hash);
                    }
                }
                catch (ModelException) { return null; }
                return new RenderInputs(frame, key.GetHashAndReset(), files);
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
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                Add(hash, "mcp-render-cache " + formatVersion.ToString(CultureInfo.InvariantCulture));
                Add(hash, model.Path);
                foreach (var p in typeof(ReclassSettings).GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    var v = p.GetValue(model.Settings);
                    Add(hash, p.Name);
                    Add(hash, v is IEnumerable list && !(v is string) ? string.Join("\u0001", list.Cast<object>()) : Convert.ToString(v, CultureInfo.InvariantCulture));
                }
                return hash.GetHashAndReset();
            }
        }

        private static void Add(IncrementalHash hash, string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s ?? "\u0000null");
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
    }
}
