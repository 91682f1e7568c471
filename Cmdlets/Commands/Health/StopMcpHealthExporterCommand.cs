using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Health.Exporter;

namespace McpModule.Cmdlets
{
    /// Stops health exporters: they stop listening and collecting, and close their connections.
    /// Every exporter of the session when none is given.
    [Cmdlet(VerbsLifecycle.Stop, "McpHealthExporter", SupportsShouldProcess = true, DefaultParameterSetName = "Id")]
    public sealed class StopMcpHealthExporterCommand : PSCmdlet
    {
        private readonly List<McpHealthExporter> _given = new List<McpHealthExporter>();

        /// Exporters (Start-McpHealthExporter's or Get-McpHealthExporter's output).
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Exporter")]
        public McpHealthExporter[] InputObject { get; set; }

        /// The exporters with these Ids.
        [Parameter(Position = 0, ParameterSetName = "Id")]
        public int[] Id { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject != null) _given.AddRange(InputObject.Where(e => e != null));
        }

        protected override void EndProcessing()
        {
            var running = McpHealthExporter.GetRunning();
            IEnumerable<McpHealthExporter> chosen = ParameterSetName == "Exporter" ? _given : running.Where(e => Id == null || Id.Contains(e.Id));
            if (Id != null)
                foreach (var missing in Id.Where(i => running.All(e => e.Id != i)))
                    WriteError(new ErrorRecord(new ArgumentException($"No health exporter with Id {missing} runs in this session (Get-McpHealthExporter lists them)."),
                        "Mcp.Health.ExporterNotFound", ErrorCategory.ObjectNotFound, missing));
            foreach (var exporter in chosen.Distinct())
                if (ShouldProcess(exporter.Url, "Stop the health exporter")) exporter.Stop();
        }
    }
}
