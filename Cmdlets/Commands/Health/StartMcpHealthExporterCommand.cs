using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using McpModule.Health.Exporter;

namespace McpModule.Cmdlets
{
    /// Serves a model's health to Prometheus: a collection from its nodes every -Interval in the
    /// background of the session, metrics and statuses (each alarm's too) at /metrics. Returns once
    /// the first collection is served; -Wait keeps the command running until Ctrl+C (a service).
    [Cmdlet(VerbsLifecycle.Start, "McpHealthExporter", SupportsShouldProcess = true)]
    [OutputType(typeof(McpHealthExporter))]
    public sealed class StartMcpHealthExporterCommand : McpHealthCmdlet
    {
        private bool _anyTarget;

        /// Model nodes to collect from (McpNode objects, target expressions over -Path/-Cluster);
        /// every node of the model when none is given.
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// The address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface).
        [Parameter]
        public string ListenAddress { get; set; } = "127.0.0.1";

        /// The TCP port to listen on (default 9851); 0 takes a free one (the result's Url says which).
        [Parameter]
        [ValidateRange(0, 65535)]
        public int ListenPort { get; set; } = 9851;

        /// Seconds from the end of one collection to the start of the next (default 60).
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Interval { get; set; } = 60;

        /// Keep running until stopped (Ctrl+C), writing a warning when a collection fails: for
        /// `pwsh -Command` under systemd or a CI service container.
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            if (Target == null) return;
            _anyTarget = true;
            foreach (var item in Target) CollectNodes(item);
        }

        protected override void EndProcessing()
        {
            if (!IPAddress.TryParse(ListenAddress, out var address))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-ListenAddress '{ListenAddress}' is not an IP address (127.0.0.1, 0.0.0.0, ::)."),
                    "Mcp.Health.InvalidListenAddress", ErrorCategory.InvalidArgument, ListenAddress));
            var targets = TargetNodes(_anyTarget);
            if (targets.Count == 0) return;
            var (model, path) = ModelOf(targets);
            var definitions = LoadHealthDefinitions(model, path);
            var endpoint = (address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString()) + ":" + ListenPort.ToString(CultureInfo.InvariantCulture);
            if (!ShouldProcess(endpoint, $"Serve the health of {targets.Count} node(s) of '{path}' to Prometheus, collected every {Interval} s")) return;

            MetricsHttpServer server;
            try { server = new MetricsHttpServer(address, ListenPort); }
            catch (SocketException e)
            {
                ThrowTerminatingError(HealthErrorRecords.ExporterFailed(e, endpoint));
                return;
            }
            McpHealthExporter exporter = null;
            var (monitor, session) = OpenMonitor(targets, definitions, OpenHistory(path));
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var run = Collect(monitor, "Start-McpHealthExporter");
                if (Stopping.IsCancellationRequested) return;
                var first = HealthExporterCollection.Sample(monitor, run, clock.Elapsed);
                exporter = new McpHealthExporter(server, TimeSpan.FromSeconds(Interval), path ?? "", targets.Count, first,
                    cancel => HealthExporterCollection.Collect(monitor, cancel), session);
            }
            finally
            {
                if (exporter == null)
                {
                    session.Dispose();
                    server.Dispose();
                }
            }
            WriteVerbose($"serving {exporter.Url}");
            WriteObject(exporter);
            if (Wait) WaitUntilStopped(exporter);
        }

        private void WaitUntilStopped(McpHealthExporter exporter)
        {
            var warned = default(DateTimeOffset);
            try
            {
                while (exporter.Running && !Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                {
                    if (exporter.LastError.Length == 0 || exporter.LastCollection == warned) continue;
                    warned = exporter.LastCollection;
                    WriteWarning($"{exporter.Url}: a collection failed; the metrics served are the last good one's: {exporter.LastError}");
                }
            }
            finally { exporter.Stop(); }
        }
    }
}
