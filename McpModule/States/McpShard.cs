using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.States
{
    /// One share of a run's nodes, "k/n" (k = 1..n): what a CI runner of a matrix of n takes with
    /// `Invoke-McpState -Shard k/n`. A node belongs to exactly one shard of n, and to the same one
    /// on every runner, process, machine and .NET version: its shard is the first 8 bytes of the
    /// SHA-256 of its lower-cased name in UTF-8, read as a big-endian unsigned number, mod n, plus 1.
    /// SHA-256 rather than string.GetHashCode (randomised per process on .NET Core) or FNV-1a:
    /// every bit of its output is uniform, so mod n stays balanced for names that differ in one
    /// digit (cmp001..cmp999), and any language computes the same value (python's hashlib does).
    public sealed class McpShard : IEquatable<McpShard>
    {
        /// The most shards a run is split into: far more than any CI matrix runs (GitHub allows 256 jobs).
        public const int MaxCount = 1000;

        private static readonly Regex Shape = new Regex("^([0-9]{1,4})/([0-9]{1,4})\\z", RegexOptions.CultureInvariant);

        public McpShard(int index, int count)
        {
            var problem = Problem(index, count);
            if (problem != null) throw new ArgumentOutOfRangeException(nameof(index), problem);
            Index = index; Count = count;
        }

        /// 1..Count.
        public int Index { get; }
        public int Count { get; }

        /// "2/8" as given to -Shard; throws FormatException with what is wrong.
        public static McpShard Parse(string text)
        {
            if (TryParse(text, out var shard, out var problem)) return shard;
            throw new FormatException(problem);
        }

        /// "k/n" with 1 <= k <= n <= MaxCount; problem says what is wrong otherwise.
        public static bool TryParse(string text, out McpShard shard, out string problem)
        {
            shard = null;
            var match = text == null ? null : Shape.Match(text.Trim());
            if (match == null || !match.Success)
            {
                problem = $"'{text}' is not a shard: write k/n, the k-th of n shards, numbered from 1 (1/4, 2/4, 3/4, 4/4).";
                return false;
            }
            var index = int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            var count = int.Parse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            problem = Problem(index, count);
            if (problem != null) { problem = $"'{text}' is not a shard: {problem}"; return false; }
            shard = new McpShard(index, count);
            return true;
        }

        private static string Problem(int index, int count)
        {
            if (count < 1 || count > MaxCount) return $"the number of shards is {count}; it is 1 to {MaxCount}.";
            if (index < 1 || index > count) return $"shard {index} of {count} does not exist; shards are numbered 1 to {count}.";
            return null;
        }

        /// The shard (1..count) a node belongs to, the same everywhere (see the type's comment).
        public static int IndexOf(string nodeName, int count)
        {
            if (nodeName == null) throw new ArgumentNullException(nameof(nodeName));
            if (count < 1 || count > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), Problem(1, count));
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(nodeName.ToLowerInvariant()));
            ulong value = 0;
            for (var i = 0; i < 8; i++) value = (value << 8) | hash[i];
            return (int)(value % (ulong)count) + 1;
        }

        /// True when the node is in this shard.
        public bool Contains(string nodeName) => IndexOf(nodeName, Count) == Index;

        /// The journal file of this shard's part of a run: `shard-2-of-8.json` (under a folder named after the run id).
        internal string PartFileName => string.Format(CultureInfo.InvariantCulture, "shard-{0}-of-{1}.json", Index, Count);

        /// "2/8".
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}/{1}", Index, Count);

        public bool Equals(McpShard other) => other != null && other.Index == Index && other.Count == Count;
        public override bool Equals(object obj) => Equals(obj as McpShard);
        public override int GetHashCode() => Index * 1009 + Count;
    }
}
