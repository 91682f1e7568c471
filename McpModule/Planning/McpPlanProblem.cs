#nullable enable
namespace McpModule.Planning
{
    public enum McpPlanProblemKind
    {
        OverlappingSubnets,
        InvalidSubnet,
        AddressOutsideSubnet,
        DuplicateAddress,
        VlanOutOfRange,
        VlanReused,
        VipIsNodeAddress,
        QuorumEven,
        QuorumTooSmall,
        VcpOnOneHost,
        VcpQuorumOnOneHost,
        NetworkTooSmall,
    }

    /// One thing wrong with a network plan; Target names the network, node or service at fault.
    public sealed class McpPlanProblem
    {
        public McpPlanProblem(McpPlanProblemKind kind, string target, string message)
        {
            Kind = kind; Target = target; Message = message;
        }
        public McpPlanProblemKind Kind { get; }
        public string Target { get; }
        public string Message { get; }
        public override string ToString() => $"{Kind}: {Message}";
    }
}
