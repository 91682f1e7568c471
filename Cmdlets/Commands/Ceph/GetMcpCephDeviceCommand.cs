using System;
using System.Linq;
using System.Management.Automation;
using McpModule.Ceph;

namespace McpModule.Cmdlets
{
    /// The block devices of model nodes as ceph-volume judges them (`ceph-volume inventory`): one
    /// SSH round trip per node, nodes at once.
    [Cmdlet(VerbsCommon.Get, "McpCephDevice")]
    [OutputType(typeof(McpCephDevice))]
    public sealed class GetMcpCephDeviceCommand : McpCephCmdlet
    {
        /// Model nodes: McpNode objects or target expressions over -Path/-Cluster ('osd*', 'I@ceph:osd').
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// Only the devices ceph-volume finds available.
        [Parameter] public SwitchParameter Available { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>()) CollectNodes(item);
        }

        protected override void EndProcessing()
        {
            if (Nodes.Count == 0) return;
            using (var session = Open(Nodes))
            {
                var progress = new ProgressRecord(1, "Get-McpCephDevice", $"0 of {Nodes.Count} nodes");
                var work = Nodes.Select(n => (n.Name, CephDeviceInventory.Command(IsLabNode(n)), n));
                foreach (var outcome in session.Run(work))
                {
                    var node = outcome.Work.Item;
                    var r = outcome.Result;
                    if (McpProgress.Enabled)
                    {
                        progress.StatusDescription = $"{outcome.Done} of {outcome.Total} nodes";
                        progress.PercentComplete = 100 * outcome.Done / outcome.Total;
                        WriteProgress(progress);
                    }
                    if (r.Error != null) { WriteError(SshCmdletSupport.ToErrorRecord(r, node.Name)); continue; }
                    var devices = CephDeviceInventory.FromResult(node.Name, r.ExitCode, r.StdOut, r.StdErr, out var errorId, out var why);
                    if (devices == null)
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException(why), errorId,
                            errorId == "Mcp.Ceph.InventoryUnreadable" ? ErrorCategory.InvalidResult : ErrorCategory.NotInstalled, node.Name));
                        continue;
                    }
                    foreach (var d in devices)
                    {
                        d.ModelPath = node.Path;
                        if (!Available || d.Available) WriteObject(d);
                    }
                }
                progress.RecordType = ProgressRecordType.Completed;
                if (McpProgress.Enabled) WriteProgress(progress);
            }
        }
    }
}
