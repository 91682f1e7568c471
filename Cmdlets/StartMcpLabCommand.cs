using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Starts a lab of real Debian nodes (systemd-nspawn machines) for a cluster's model nodes.
    [Cmdlet(VerbsLifecycle.Start, "McpLab", SupportsShouldProcess = true)]
    [OutputType(typeof(McpLabNode))]
    public sealed class StartMcpLabCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public McpCluster Cluster { get; set; }

        /// Nodes to start (short or full names, wildcards); all nodes of the cluster by default.
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Node { get; set; }

        /// Debian packages the lab's local APT repository serves (with their dependencies the node
        /// image lacks), added to those it already serves; nodes install them with apt-get.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Package { get; set; }

        /// How long each node may take until sshd answers.
        [Parameter]
        [ValidateRange(5, 1800)]
        public int TimeoutSeconds { get; set; } = (int)McpLab.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            var nodes = McpClusterCatalog.GetNodes(Cluster, out var errors);
            foreach (var e in errors) WriteError(ModelErrorRecords.Create(e, Cluster.Name));
            var selected = nodes.ToList();
            if (Node != null)
            {
                var patterns = Node.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                selected = nodes.Where(n => patterns.Any(p => p.IsMatch(n.ShortName) || p.IsMatch(n.Name))).ToList();
                foreach (var n in Node.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
                    if (!nodes.Any(x => string.Equals(x.ShortName, n, StringComparison.OrdinalIgnoreCase) || string.Equals(x.Name, n, StringComparison.OrdinalIgnoreCase)))
                        WriteError(new ErrorRecord(new ArgumentException($"The cluster '{Cluster.Name}' has no node '{n}'."),
                            "Mcp.NodeNotFound", ErrorCategory.ObjectNotFound, n));
            }
            if (selected.Count == 0) return;
            var names = string.Join(", ", selected.Select(n => n.ShortName));
            var packages = Package == null ? "" : $"; packages {string.Join(", ", Package)}";
            if (!ShouldProcess($"lab of cluster '{Cluster.Name}': {names}{packages}", "Start")) return;
            var requests = selected.Select(n => new McpLabNodeRequest(n.ShortName, n.Name, n.Pillar)).ToList();
            try
            {
                var result = McpLab.Start(Cluster.Name, Cluster.Path, requests, TimeSpan.FromSeconds(TimeoutSeconds),
                    p => WriteProgress(LabErrorRecords.Progress(1, p)),
                    e => WriteError(LabErrorRecords.Create(e, Cluster.Name)), Package);
                WriteObject(result, true);
            }
            catch (LabException e)
            {
                ThrowTerminatingError(LabErrorRecords.Create(e, Cluster.Name));
            }
        }
    }
}
