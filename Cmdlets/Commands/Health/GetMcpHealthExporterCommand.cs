using System.Linq;
using System.Management.Automation;
using McpModule.Health.Exporter;

namespace McpModule.Cmdlets
{
    /// The health exporters Start-McpHealthExporter started in this session, oldest first.
    [Cmdlet(VerbsCommon.Get, "McpHealthExporter")]
    [OutputType(typeof(McpHealthExporter))]
    public sealed class GetMcpHealthExporterCommand : PSCmdlet
    {
        /// Only these exporters (their Id).
        [Parameter(Position = 0)]
        public int[] Id { get; set; }

        protected override void EndProcessing()
        {
            foreach (var exporter in McpHealthExporter.GetRunning())
                if (Id == null || Id.Contains(exporter.Id)) WriteObject(exporter);
        }
    }
}
