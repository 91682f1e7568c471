#nullable enable
namespace McpModule.Templates
{
    /// The five Neutron OVS use cases of the reference architecture.
    public enum McpNeutronMode
    {
        /// VXLAN tenant networks, routing on network nodes, no DVR.
        VxlanNetworkNodes,
        /// VXLAN, DVR on computes for internal (east-west) traffic, external traffic through network nodes.
        VxlanDvrInternal,
        /// VLAN tenant networks, routing on network nodes, no DVR.
        VlanNetworkNodes,
        /// VXLAN, network nodes for SNAT, DVR on computes for everything else (computes reach the public network).
        VxlanDvrSnat,
        /// VLAN tenant networks, network nodes for SNAT, DVR on computes for both directions.
        VlanDvrSnat,
    }
}
