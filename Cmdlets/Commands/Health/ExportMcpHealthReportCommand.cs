using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using McpModule.Health;
using McpModule.Health.Report;

namespace McpModule.Cmdlets
{
    /// Health as a picture: the statuses Get-McpHealth returns as one self-contained HTML page, a
    /// heatmap of nodes by services coloured by status with the reasons on hover and click, the
    /// cluster and service statuses above it. Written whole or not at all.
    [Cmdlet(VerbsData.Export, "McpHealthReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMcpHealthReportCommand : PSCmdlet
    {
        private readonly List<McpHealthStatus> _statuses = new List<McpHealthStatus>();

        /// McpHealthStatus objects (Get-McpHealth, any -Level; their Members are read down to the alarms).
        // Not mandatory: without input the cmdlet says so (Mcp.Health.NoHealthData) rather than prompting.
        [Parameter(ValueFromPipeline = true)]
        public object[] InputObject { get; set; }

        /// The HTML file to write (replaced atomically).
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// The page's heading and title; "MCP health" when none is given.
        [Parameter]
        public string Title { get; set; }

        /// Write the file's FileInfo to the pipeline.
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject ?? Array.Empty<object>())
            {
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpHealthStatus s) _statuses.Add(s);
                else if (value != null)
                    WriteError(HealthErrorRecords.NotHealthData(
                        $"Export-McpHealthReport -InputObject takes McpHealthStatus objects (Get-McpHealth), not {value.GetType().Name}.", item));
            }
        }

        protected override void EndProcessing()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            if (_statuses.Count == 0)
                ThrowTerminatingError(HealthErrorRecords.NoHealthData(
                    $"Export-McpHealthReport -InputObject: no McpHealthStatus was given, so '{path}' was not written. Pipe Get-McpHealth into it."));
            if (!ShouldProcess(path, $"Write a health report of {_statuses.Count} status(es) (HTML)")) return;
            var html = HealthReportPage.Render(_statuses, Title);
            HealthFile.Write(this, path, html);
            if (PassThru) WriteObject(new FileInfo(path));
        }
    }
}
