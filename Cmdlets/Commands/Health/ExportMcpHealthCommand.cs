using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using McpModule.Health;
using McpModule.Health.Export;

namespace McpModule.Cmdlets
{
    /// Health for the tools operators run: metrics (Get-McpMetric) and statuses (Get-McpHealth)
    /// in Prometheus' text exposition format (a scrape, node_exporter's textfile collector),
    /// InfluxDB's line protocol or Sensu check results, and the model's alarms as Prometheus
    /// alerting rules; as text or into a file, written whole or not at all.
    [Cmdlet(VerbsData.Export, "McpHealth", SupportsShouldProcess = true, DefaultParameterSetName = "Data")]
    [OutputType(typeof(string))]
    public sealed class ExportMcpHealthCommand : McpModelCmdlet
    {
        private readonly List<McpMetric> _metrics = new List<McpMetric>();
        private readonly List<McpHealthStatus> _statuses = new List<McpHealthStatus>();

        /// McpMetric and McpHealthStatus objects (a status's members are not written: pipe the
        /// levels wanted, -Level Alarm for each alarm).
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Data")]
        public object[] InputObject { get; set; }

        /// The format: Prometheus (the text exposition format 0.0.4, of the objects given),
        /// PrometheusRules (the -Model's alarms as Prometheus alerting rules), InfluxDB (the line
        /// protocol, StackLight's schema) or Sensu (check results of the statuses, one a line).
        [Parameter]
        [ValidateSet("Prometheus", "PrometheusRules", "InfluxDB", "Sensu")]
        public string Format { get; set; } = "Prometheus";

        /// The model repository whose alarms become alerting rules (-Format PrometheusRules).
        [Parameter(Mandatory = true, ParameterSetName = "Rules")]
        public string Model { get; set; }

        /// The file to write (replaced atomically: a scrape never reads half of it); the text is
        /// written to the pipeline when none is given.
        [Parameter]
        public string Path { get; set; }

        /// Write each sample's time (milliseconds since the epoch) in the Prometheus format. Off by
        /// default: node_exporter's textfile collector refuses samples with times, and a scrape
        /// stamps its own. InfluxDB points and Sensu results always carry their time.
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
                    WriteError(HealthErrorRecords.NotHealthData($"Export-McpHealth takes McpMetric (Get-McpMetric) and McpHealthStatus (Get-McpHealth) objects, not {value.GetType().Name}.", item));
            }
        }

        protected override void EndProcessing()
        {
            if ((Format == "PrometheusRules") != (ParameterSetName == "Rules"))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Format PrometheusRules writes the alarms of -Model; -Format Prometheus writes the metrics and statuses piped in."),
                    "Mcp.Health.FormatMismatch", ErrorCategory.InvalidArgument, Format));
            var text = Text();
            if (string.IsNullOrEmpty(Path))
            {
                WriteObject(text);
                return;
            }
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var what = Format == "PrometheusRules" ? "the alarms of the model as Prometheus alerting rules" : $"{_metrics.Count} metric(s) and {_statuses.Count} status(es) in the {Format} format";
            if (!ShouldProcess(path, "Write " + what)) return;
            HealthFile.Write(this, path, text);
        }

        private string Text()
        {
            switch (Format)
            {
                case "PrometheusRules": return Rules();
                case "InfluxDB":
                    var (lines, skipped) = InfluxLineProtocol.Write(_metrics, _statuses);
                    if (skipped > 0) WriteWarning($"{skipped} sample(s) with a value the line protocol cannot carry (NaN, infinity) were left out.");
                    return lines;
                case "Sensu":
                    if (_metrics.Count > 0)
                        ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Format Sensu writes check results of statuses (Get-McpHealth); {_metrics.Count} metric(s) were given. Pipe statuses, or use -Format Prometheus or InfluxDB for metrics."),
                            "Mcp.Health.FormatMismatch", ErrorCategory.InvalidArgument, Format));
                    return SensuCheckResults.Write(_statuses);
                default: return PrometheusExposition.Write(_metrics, _statuses, IncludeTimestamp);
            }
        }

        private string Rules()
        {
            var modelPath = ResolveSinglePath(Model);
            var entry = GetEntry(modelPath);
            var nodes = new List<McpNode>();
            try
            {
                foreach (var cluster in ClustersOf(entry))
                {
                    nodes.AddRange(NodesOf(cluster, out var errors));
                    foreach (var error in errors) WriteModelError(error, error.Node);
                }
            }
            catch (McpModule.Model.ModelException e) { ThrowModelError(e, Model); }
            return PrometheusRules.Write(LoadHealthDefinitions(nodes, modelPath));
        }
    }
}
