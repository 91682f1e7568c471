using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Lists the nodes of running labs with their live state.
    [Cmdlet(VerbsCommon.Get, "McpLab")]
    [OutputType(typeof(McpLabNode))]
    public sealed class GetMcpLabCommand : PSCmdlet
    {
        /// Cluster names (wildcards); every lab by default. Clusters (Get-McpCluster) bind by
        /// their name, nodes and lab nodes by their Cluster property.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string[] Cluster { get; set; }

        // Labs written already: the nodes of one cluster piped in list its lab once.
        private readonly HashSet<string> _written = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            var labs = LabRegistry.GetAll();
            if (Cluster == null) { foreach (var lab in labs) Write(lab); return; }
            foreach (var c in Cluster)
            {
                var pattern = new WildcardPattern(c, WildcardOptions.IgnoreCase);
                var matched = labs.Where(l => pattern.IsMatch(l.Cluster)).ToList();
                if (matched.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(c) && _written.Add(c)) WriteError(LabErrorRecords.NotFound(c));
                foreach (var lab in matched) Write(lab);
            }
        }

        private void Write(McpLabInfo lab)
        {
            if (_written.Add(lab.Cluster)) WriteObject(McpLab.Describe(lab), true);
        }
    }
}
