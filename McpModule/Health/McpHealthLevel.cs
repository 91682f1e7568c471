#nullable enable
namespace McpModule.Health
{
    /// Where a status stands in StackLight's three stages: an alarm of one node (or of the whole
    /// cluster), a node (the worst of its alarms), a service (a GSE cluster of alarms: ntp, ceph-osd,
    /// system), a cluster (a GSE cluster of services: ceph).
    public enum McpHealthLevel
    {
        Alarm,
        Node,
        Service,
        Cluster,
    }
}
