using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Starts a lab of real Debian nodes (systemd-nspawn machines) for a cluster's model nodes:
    /// a cluster's (-Cluster, optionally narrowed with -Node), or the nodes piped in from Get-McpNode
    /// (-InputObject: a lab of their cluster with those nodes).
    [Cmdlet(VerbsLifecycle.Start, "McpLab", SupportsShouldProcess = true, DefaultParameterSetName = ClusterSet)]
    [OutputType(typeof(McpLabNode))]
    public sealed class StartMcpLabCommand : PSCmdlet
    {
        private const string ClusterSet = "Cluster";
        private const string NodeSet = "InputObject";
        private readonly List<McpNode> _piped = new List<McpNode>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ClusterSet)]
        [ValidateNotNull]
        public McpCluster Cluster { get; set; }

        /// Nodes to start (short or full names, wildcards); all nodes of the cluster by default.
        [Parameter(Position = 1, ParameterSetName = ClusterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Node { get; set; }

        /// Nodes from Get-McpNode: each cluster's lab starts with the nodes of it given here (and
        /// keeps the ones already running).
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = NodeSet)]
        [ValidateNotNull]
        public McpNode[] InputObject { get; set; }

        /// Debian packages the lab's local APT repository serves (with their dependencies the node
        /// image lacks), added to those it already serves; nodes install them with apt-get.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Package { get; set; }

        /// States (linux, ntp, openssh, ceph ...) whose packages the lab's repository serves too: the
        /// packages their plans install on the selected nodes (pkg.installed, pkg.latest).
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] PackageFromState { get; set; }

        /// Disks each node started gets: sparse files attached as loop devices and bound into the
        /// node under their /dev/loopN path (for Ceph OSDs in raw mode: docs/ceph.md). 0 to 8.
        [Parameter]
        [ValidateRange(0, 8)]
        public int DiskCount { get; set; }

        /// The size of each disk (sparse: it takes only what is written). 1 GB to 1 TB; 10 GB by
        /// default, above ceph-volume's 5 GB minimum.
        [Parameter]
        [ValidateRange(1L << 30, 1L << 40)]
        public long DiskSize { get; set; } = 10L << 30;

        /// How long each node may take until sshd answers.
        [Parameter]
        [ValidateRange(5, 1800)]
        public int TimeoutSeconds { get; set; } = (int)McpLab.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == NodeSet)
            {
                // A lab starts once with all its nodes: collected here, started at the end.
                foreach (var node in InputObject) if (node != null && !_piped.Any(n => n.Name == node.Name && n.Path == node.Path)) _piped.Add(node);
                return;
            }
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
            StartLab(Cluster, selected);
        }

        protected override void EndProcessing()
        {
            foreach (var group in _piped.GroupBy(n => (n.Path, n.Cluster)))
                StartLab(group.First().ClusterObject, group.ToList());
        }

        private void StartLab(McpCluster cluster, IReadOnlyList<McpNode> selected)
        {
            if (selected.Count == 0) return;
            var asked = (Package ?? Array.Empty<string>()).Concat(PackagesOfStates(cluster, selected)).Distinct(StringComparer.Ordinal).ToArray();
            var names = string.Join(", ", selected.Select(n => n.ShortName));
            var packages = asked.Length == 0 ? "" : $"; packages {string.Join(", ", asked)}";
            if (DiskCount > 0) packages += $"; {DiskCount} disk(s) of {DiskSize >> 30} GiB each";
            if (!ShouldProcess($"lab of cluster '{cluster.Name}': {names}{packages}", "Start")) return;
            var requests = selected.Select(n => new McpLabNodeRequest(n.ShortName, n.Name, n.Pillar)).ToList();
            try
            {
                var result = McpLab.Start(cluster.Name, cluster.Path, requests, TimeSpan.FromSeconds(TimeoutSeconds),
                    p => { if (McpProgress.Enabled) WriteProgress(LabErrorRecords.Progress(1, p)); },
                    e => WriteError(LabErrorRecords.Create(e, cluster.Name)), asked.Length == 0 ? null : asked, new LabDiskRequest(DiskCount, DiskSize),
                    WriteWarning);
                WriteObject(result, true);
            }
            catch (LabException e)
            {
                ThrowTerminatingError(LabErrorRecords.Create(e, cluster.Name));
            }
        }

        // -PackageFromState: what the states' plans install on the selected nodes. A node whose plan
        // fails is an error record naming the formula's file and line; the lab starts all the same.
        private IEnumerable<string> PackagesOfStates(McpCluster cluster, IReadOnlyList<McpNode> selected)
        {
            if (PackageFromState == null || PackageFromState.Length == 0) return Array.Empty<string>();
            var planned = McpModule.States.Runs.StateRunPlan<object>.Create(selected.Select(n => (n, (object)n)), PackageFromState,
                new McpModule.States.Formulas.FormulaLibrary(cluster.Path));
            foreach (var (node, _, e) in planned.Failed)
                WriteError(new ErrorRecord(new InvalidOperationException($"{node.Name}: {e.Message}", e), e.ErrorId, ErrorCategory.InvalidData, node));
            var packages = McpModule.Lab.LabPackages.Of(planned.Plans.Select(p => p.Plan));
            WriteVerbose($"-PackageFromState {string.Join(", ", PackageFromState)}: {string.Join(", ", packages)}");
            return packages;
        }
    }
}
