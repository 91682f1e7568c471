using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Planning;

namespace McpModule.Cmdlets
{
    /// The network plan a model carries (mcp:plan in the cluster class, mcp:node:addresses per node).
    [Cmdlet(VerbsCommon.Get, "McpNetworkPlan")]
    [OutputType(typeof(McpNetworkPlan))]
    public sealed class GetMcpNetworkPlanCommand : McpModelCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// Cluster names; all clusters of the model by default.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        public string[] Cluster { get; set; }

        protected override void ProcessRecord()
        {
            var path = ResolveSinglePath(Path);
            if (path == null) return;
            var entry = GetEntry(path);
            IReadOnlyList<McpCluster> clusters;
            try { clusters = ClustersOf(entry); }
            catch (ModelException e) { ThrowModelError(e, path); return; }
            foreach (var cluster in clusters)
            {
                if (Cluster != null && !Cluster.Any(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(cluster.Name))) continue;
                var plan = PlanOf(cluster, NodesOf(cluster, out var errors));
                foreach (var e in errors) WriteModelError(e);
                if (plan == null)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"Cluster '{cluster.Name}' in '{cluster.Path}' carries no network plan (no mcp:plan pillar)."),
                        "Mcp.NoNetworkPlan", ErrorCategory.ObjectNotFound, cluster.Name));
                    continue;
                }
                WriteObject(plan);
            }
        }

        internal static McpNetworkPlan PlanOf(McpCluster cluster, IReadOnlyList<McpNode> nodes)
        {
            return McpPlanPillar.FromNodes(cluster.Name, cluster.Domain,
                nodes.Select(n => new KeyValuePair<string, OrderedMap>(n.Name, n.Pillar)));
        }
    }
}
