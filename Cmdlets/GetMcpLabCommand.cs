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
        /// Cluster names (wildcards); every lab by default.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Cluster { get; set; }

        protected override void ProcessRecord()
        {
            var labs = LabRegistry.GetAll();
            if (Cluster == null) { foreach (var lab in labs) WriteObject(McpLab.Describe(lab), true); return; }
            foreach (var c in Cluster)
            {
                var pattern = new WildcardPattern(c, WildcardOptions.IgnoreCase);
                var matched = labs.Where(l => pattern.IsMatch(l.Cluster)).ToList();
                if (matched.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(c)) WriteError(LabErrorRecords.NotFound(c));
                foreach (var lab in matched) WriteObject(McpLab.Describe(lab), true);
            }
        }
    }
}
