#nullable enable
using System;
using System.Collections.Concurrent;
using McpModule.Model;
using McpModule.Model.Storage;

namespace McpModule.Compare
{
    /// Tells, from one side's render of a node, whether the other side would render it the same
    /// without rendering it there: a render reads only the node's file, the classes it looks up
    /// (found or not) and the reclass settings, unless it asks the inventory for other nodes'
    /// exports. When all of those are the same text at the same place on both sides, so is the render.
    internal sealed class UnchangedInputs
    {
        private readonly ReclassModel _rendered, _other;
        private readonly bool _sameSettings;
        private readonly ConcurrentDictionary<string, bool> _sameClass = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// rendered: the model whose renders are given; other: the model they are checked against.
        public UnchangedInputs(ReclassModel rendered, ReclassModel other)
        {
            _rendered = rendered;
            _other = other;
            _sameSettings = rendered.Settings.Fingerprint() == other.Settings.Fingerprint();
        }

        public bool Hold(RenderedNode node)
        {
            if (!_sameSettings || !_other.HasNode(node.Name)) return false;
            try
            {
                return node.RendersAlike((isNode, name) => isNode
                    ? Same(_rendered.NodeSource(name), _other.NodeSource(name))
                    : _sameClass.GetOrAdd(name, n => Same(_rendered.ClassSource(n), _other.ClassSource(n))));
            }
            // a file that does not read on one side is a difference: that side renders and says why
            catch (ModelException) { return false; }
        }

        private static bool Same(ModelFile? a, ModelFile? b) =>
            a == null || b == null
                ? a == b
                : a.Text != null && a.Pathname == b.Pathname && string.Equals(a.Text, b.Text, StringComparison.Ordinal);
    }
}
