#nullable enable
namespace McpModule.Health.Capacity
{
    /// The resources Get-McpCapacity reports, in its columns' order.
    internal enum CapacityResourceKind
    {
        Cpu,
        Memory,
        Storage,
    }
}
