using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace McpModule.Model.Data
{
    /// One command's YAML output of many values (Get-McpPillar -AsYaml of a cluster's nodes).
    /// - One builder for all of them: a new one per value grew by 8,000-character blocks, and on a
    ///   real-shaped model those blocks were as many bytes as the output and most of its time
    ///   (docs/design/performance.md). Cleared, a builder keeps one block as large as the last value.
    /// - The YAML of lists and maps written more than once: pillars read from the render cache share
    ///   their subtrees (a role's nodes hold the same objects), and a subtree is written the same
    ///   wherever it is at the same indent, since rendered values never change. A subtree's text is
    ///   kept the second time it is met and appended from then on; met once, only that it was met is kept.
    internal sealed class YamlOutput
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly Dictionary<Key, string> _subtrees = new Dictionary<Key, string>();

        /// The builder, empty, for the next value.
        internal StringBuilder Begin() => _text.Clear();

        /// Appends the subtree's kept text and gives true; else false, and keep says whether to
        /// keep the text about to be written (Kept).
        internal bool TryAppend(object subtree, int indent, StringBuilder text, out bool keep)
        {
            var key = new Key(subtree, indent);
            keep = false;
            if (!_subtrees.TryGetValue(key, out var kept))
            {
                _subtrees[key] = null;
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
            _subtrees[new Key(subtree, indent)] = text.ToString(start, text.Length - start);

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
