using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// Finds the MCP clusters of model repositories (classes/cluster/&lt;name&gt;).
    [Cmdlet(VerbsCommon.Get, "McpCluster")]
    [OutputType(typeof(McpCluster))]
    public sealed class GetMcpClusterCommand : McpModelCmdlet
    {
        /// Model repositories or inventories; wildcards allowed; the current location by default.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        protected override void ProcessRecord()
        {
            var paths = Path ?? new[] { SessionState.Path.CurrentFileSystemLocation.ProviderPath };
            foreach (var path in paths)
            {
                foreach (var resolved in ResolvePaths(path))
                {
                    var entry = GetEntry(resolved);
                    try
                    {
                        WriteObject(ClustersOf(entry), true);
                    }
                    catch (ModelException e)
                    {
                        ThrowModelError(e, resolved);
                    }
                }
            }
        }
    }
}
