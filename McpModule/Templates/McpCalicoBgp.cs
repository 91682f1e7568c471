#nullable enable
namespace McpModule.Templates
{
    /// How Calico distributes pod routes: BGP between all nodes, or peering with the ToR switches.
    public enum McpCalicoBgp { FullMesh, TorPeering }
}
