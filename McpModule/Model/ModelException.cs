using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Model
{
    /// A problem in a model, with where it is: the node, the file, line and column.
    public class ModelException : Exception
    {
        public ModelException(ModelErrorKind kind, string message, string node = null, string file = null,
                              int line = 0, int column = 0, Exception inner = null)
            : base(message, inner)
        {
            Kind = kind;
            Node = node;
            File = file;
            Line = line;
            Column = column;
        }

        public ModelErrorKind Kind { get; }
        public string Node { get; internal set; }
        public string File { get; }
        public int Line { get; }
        public int Column { get; }

        /// The single problems inside a grouped error (all missing references of a node).
        public IReadOnlyList<ModelException> Inner { get; internal set; } = Array.Empty<ModelException>();

        /// Every node the problem affects (ModelProblems.Group); the one node otherwise.
        public IReadOnlyList<string> Nodes
        {
            get => _nodes ?? (Node == null ? Array.Empty<string>() : new[] { Node });
            internal set => _nodes = value;
        }
        private IReadOnlyList<string> _nodes;

        /// The message as raised, without the node prefix.
        internal string RawMessage => base.Message;

        /// The message with the node prefixed when the node is known and not yet named, and the
        /// other nodes the same problem affects after it.
        public override string Message
        {
            get
            {
                var text = Node != null && !base.Message.Contains(Node) ? $"Node '{Node}': {base.Message}" : base.Message;
                var others = Nodes.Where(n => n != Node).ToList();
                return others.Count == 0 ? text : $"{text} (the same problem for {others.Count} more node(s): {string.Join(", ", others)})";
            }
        }

        /// "yaml_fs:///abs/x.yml" → "/abs/x.yml": URIs are reclass's, people read paths.
        internal static string PathOf(string uri)
        {
            if (uri == null) return null;
            const string prefix = "yaml_fs://";
            return uri.StartsWith(prefix, StringComparison.Ordinal) ? uri.Substring(prefix.Length) : uri;
        }
    }
}
