using System.Collections.Generic;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Stops a lab: clean poweroff of its nodes, then removes everything the lab made.
    [Cmdlet(VerbsLifecycle.Stop, "McpLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class StopMcpLabCommand : PSCmdlet
    {
        /// Cluster names. Lab nodes (Get-McpLab) and nodes bind by their Cluster property, clusters
        /// (Get-McpCluster) by their name; each lab is stopped once.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string[] Cluster { get; set; }

        private readonly HashSet<string> _done = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            foreach (var c in Cluster)
            {
                if (!_done.Add(c)) continue;       // Get-McpLab | Stop-McpLab: once per lab
                if (!LabRegistry.IsValidName(c) || !LabRegistry.TryGet(c, out var lab)) { WriteError(LabErrorRecords.NotFound(c)); continue; }
                if (!ShouldProcess($"lab of cluster '{c}' ({lab.Nodes.Count} nodes, bridge {lab.Bridge})", "Stop and remove")) continue;
                try
                {
                    if (!McpLab.Stop(c, p => { if (McpProgress.Enabled) WriteProgress(LabErrorRecords.Progress(2, p)); })) WriteError(LabErrorRecords.NotFound(c));
                }
                catch (LabException e) { WriteError(LabErrorRecords.Create(e, c)); }
            }
        }
    }
}
