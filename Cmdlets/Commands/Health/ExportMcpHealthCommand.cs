using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using McpModule.FileSystem;
using McpModule.Health;
using McpModule.Health.Export;

namespace McpModule.Cmdlets
{
    /// Health for the tools operators run: metrics (Get-McpMetric) and statuses (Get-McpHealth)
    /// in Prometheus' text exposition format, as text or into a file (node_exporter's textfile
    /// collector reads it), written whole or not at all.
    [Cmdlet(VerbsData.Export, "McpHealth", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    public sealed class ExportMcpHealthCommand : PSCmdlet
    {
        private readonly List<McpMetric> _metrics = new List<McpMetric>();
        private readonly List<McpHealthStatus> _statuses = new List<McpHealthStatus>();

        /// McpMetric and McpHealthStatus objects (a status's members are not written: pipe the
        /// levels wanted, -Level Alarm for each alarm).
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public object[] InputObject { get; set; }

        /// The format: Prometheus (the text exposition format 0.0.4).
        [Parameter]
        [ValidateSet("Prometheus")]
        public string Format { get; set; } = "Prometheus";

        /// The file to write (replaced atomically: a scrape never reads half of it); the text is
        /// written to the pipeline when none is given.
        [Parameter]
        public string Path { get; set; }

        /// Write each sample's time (milliseconds since the epoch). Off by default: node_exporter's
        /// textfile collector refuses samples with times, and a scrape stamps its own.
        [Parameter]
        public SwitchParameter IncludeTimestamp { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject ?? Array.Empty<object>())
            {
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpMetric m) _metrics.Add(m);
                else if (value is McpHealthStatus s) _statuses.Add(s);
                else if (value != null)
                    WriteError(new ErrorRecord(new ArgumentException($"Export-McpHealth takes McpMetric (Get-McpMetric) and McpHealthStatus (Get-McpHealth) objects, not {value.GetType().Name}."),
                        "Mcp.Health.NotHealthData", ErrorCategory.InvalidArgument, item));
            }
        }

        protected override void EndProcessing()
        {
            var text = PrometheusExposition.Write(_metrics, _statuses, IncludeTimestamp);
            if (string.IsNullOrEmpty(Path))
            {
                WriteObject(text);
                return;
            }
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, $"Write {_metrics.Count} metric(s) and {_statuses.Count} status(es) in the {Format} format")) return;
            try { AtomicFile.WriteAllText(path, text); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Health.ExportFailed", ErrorCategory.WriteError, path));
            }
        }
    }
}
