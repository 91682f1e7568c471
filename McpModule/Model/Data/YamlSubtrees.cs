using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace McpModule.Model.Data
{
    /// The YAML of lists and maps ModelYaml wrote more than once, for one command's output: pillars
    /// read from the render cache share their subtrees (a role's nodes hold the same objects), and a
    /// subtree is written the same wherever it is at the same indent, since rendered values never
    /// change. A subtree's text is kept the second time it is met and appended from then on; met
    /// once, only that it was met is kept.
    internal sealed class YamlSubtrees
    {
        private readonly Dictionary<Key, string> _text = new Dictionary<Key, string>();

        /// Appends the subtree's kept text and gives true; else false, and keep says whether to
        /// keep the text about to be written (Kept).
        internal bool TryAppend(object subtree, int indent, StringBuilder text, out bool keep)
        {
            var key = new Key(subtree, indent);
            keep = false;
            if (!_text.TryGetValue(key, out var kept))
            {
                _text[key] = null;
                return false;
            }
            if (kept == null)
            {
                keep = true;
                return false;
            }
            text.Append(kept);
            return true;
        }

        /// Keeps what was written of the subtree since start.
        internal void Kept(object subtree, int indent, StringBuilder text, int start) =>
            _text[new Key(subtree, indent)] = text.ToString(start, text.Length - start);

        private readonly struct Key : System.IEquatable<Key>
        {
            private readonly object _subtree;
            private readonly int _indent;

            internal Key(object subtree, int indent)
            {
                _subtree = subtree;
                _indent = indent;
            }

            public bool Equals(Key other) => ReferenceEquals(_subtree, other._subtree) && _indent == other._indent;
            public override bool Equals(object obj) => obj is Key other && Equals(other);
            public override int GetHashCode() => RuntimeHelpers.GetHashCode(_subtree) * 31 + _indent;
        }
    }
}
