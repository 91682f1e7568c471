#nullable enable
namespace McpModule.Health
{
    /// What a row of Get-McpCapacity covers.
    public enum McpCapacityScope
    {
        /// One hypervisor.
        Node,
        /// The hypervisors of one availability zone, summed.
        Zone,
        /// Every hypervisor, summed.
        Total,
        /// The Ceph cluster's raw space, as Ceph reports it.
        Ceph,
    }
}
