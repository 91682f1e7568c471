using System;
using System.Linq;
using System.Management.Automation;
using McpModule.Ceph;

namespace McpModule.Cmdlets
{
    /// The OSDs of the Ceph cluster of the model, as a monitor node reports them (`ceph osd tree`,
    /// `df`, `metadata`, `dump` in one round trip): id, host, devices, class, weight, up/in,
    /// utilization, PGs. Pipes into Remove-McpCephOsd.
    [Cmdlet(VerbsCommon.Get, "McpCephOsd")]
    [OutputType(typeof(McpCephOsd))]
    public sealed class GetMcpCephOsdCommand : McpCephCmdlet
    {
        /// Only these OSD ids.
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(CephOsdIdCompleter))]
        public int[] Id { get; set; }

        /// Only the OSDs on these model nodes (target expressions, McpNode objects).
        [Parameter(ValueFromPipeline = true)]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>()) CollectNodes(item);
        }

        protected override void EndProcessing()
        {
            var nodes = ModelNodes();
            var anyNode = Nodes.Count > 0 ? Nodes[0] : nodes?.Count > 0 ? nodes[0] : null;
            if (anyNode == null)
            {
                if (!HasModel) ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the model with -Path or -Cluster."), "Mcp.Ceph.ModelNeeded", ErrorCategory.InvalidArgument, null));
                return;
            }
            var monitors = MonitorsOf(anyNode);
            using (var session = Open(monitors))
            {
                var osds = ReadOsds(session, monitors, anyNode);
                foreach (var osd in osds)
                {
                    if (Id != null && !Id.Contains(osd.Id)) continue;
                    if (Target != null && !Nodes.Any(n => n.Name == osd.Node)) continue;
                    WriteObject(osd);
                }
                if (Id != null)
                    foreach (var missing in Id.Where(i => !osds.Any(o => o.Id == i)))
                        WriteError(new ErrorRecord(new ItemNotFoundException($"The cluster has no osd.{missing}."), "Mcp.Ceph.OsdNotFound", ErrorCategory.ObjectNotFound, missing));
            }
        }
    }
}
