using System;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Restarts nodes of a lab (poweroff, boot again on the same disk) and waits for sshd.
    [Cmdlet(VerbsLifecycle.Restart, "McpLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(McpLabNode))]
    public sealed class RestartMcpLabNodeCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Node")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNodeNameCompleter))]
        public string[] Name { get; set; }

        [Parameter]
        [ValidateRange(5, 1800)]
        public int TimeoutSeconds { get; set; } = (int)McpLab.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            // asked before ShouldProcess: -WhatIf says there is nothing to restart rather than "would restart"
            if (!LabRegistry.IsValidName(Cluster) || !LabRegistry.TryGet(Cluster, out var lab)) { WriteError(LabErrorRecords.NotFound(Cluster)); return; }
            foreach (var n in Name)
            {
                if (lab.FindNode(n) == null)
                {
                    WriteError(LabErrorRecords.Create(new LabException($"The lab of cluster '{Cluster}' has no node '{n}'.", n), Cluster));
                    continue;
                }
                if (!ShouldProcess($"node '{n}' of the lab of cluster '{Cluster}'", "Restart")) continue;
                try { WriteObject(McpLab.RestartNode(Cluster, n, TimeSpan.FromSeconds(TimeoutSeconds))); }
                catch (LabException e) { WriteError(LabErrorRecords.Create(e, Cluster)); }
                catch (ArgumentException e) { WriteError(new ErrorRecord(e, "Mcp.LabNodeFailed", ErrorCategory.InvalidArgument, n)); }
            }
        }
    }
}
