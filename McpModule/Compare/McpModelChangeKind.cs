#nullable enable
namespace McpModule.Compare
{
    /// What changed on a node between two sides of a model (Compare-McpModel's Kind).
    public enum McpModelChangeKind
    {
        /// The node is only on the difference side (After: its file).
        NodeAdded,
        /// The node is only on the reference side (Before: its file).
        NodeRemoved,
        /// The node renders on one side only: the error is on the side that fails.
        RenderFailed,
        /// A class the node has after the change and not before (Key: the class).
        ClassAdded,
        /// A class the node had before the change and not after (Key: the class).
        ClassRemoved,
        /// An application the node has after the change and not before (Key: the application).
        ApplicationAdded,
        /// An application the node had before the change and not after (Key: the application).
        ApplicationRemoved,
        /// A pillar key the node has after the change and not before (Key: a:b:c).
        ValueAdded,
        /// A pillar key the node had before the change and not after (Key: a:b:c).
        ValueRemoved,
        /// A pillar value that differs; a list that differs in any way is one change of the whole list.
        ValueChanged,
    }
}
