using System.Collections.Generic;

namespace McpModule.Model.Caching
{
    /// What a render cache file holds: the inputs its renders were made from, and the renders, each
    /// with the classes its node's own file lists.
    internal sealed class CachedRenders
    {
        internal CachedRenders(RenderInputs inputs, List<(RenderedNode Node, string[] ListedClasses)> nodes)
        {
            Inputs = inputs;
            Nodes = nodes;
        }

        internal RenderInputs Inputs { get; }
        internal List<(RenderedNode Node, string[] ListedClasses)> Nodes { get; }
    }
}
