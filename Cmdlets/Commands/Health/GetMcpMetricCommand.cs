using System;
using System.Linq;
using System.Management.Automation;
using McpModule.Health;

namespace McpModule.Cmdlets
{
    /// One collection from model nodes, as metrics: the node collector (units, CPU, memory, load,
    /// file systems, network errors, error log lines) over one SSH round trip per node, Ceph's
    /// status from one monitor, the model's HTTP endpoints from here. Added to the model's health
    /// history, so Get-McpHealth's windows see it.
    [Cmdlet(VerbsCommon.Get, "McpMetric")]
    [OutputType(typeof(McpMetric))]
    public sealed class GetMcpMetricCommand : McpHealthCmdlet
    {
        private bool _anyTarget;

        /// Model nodes (McpNode objects, target expressions over -Path/-Cluster); every node of the
        /// model when none is given.
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// Only the metrics of these names (wildcards allowed: fs_*).
        [Parameter]
        [SupportsWildcards]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Target == null) return;
            _anyTarget = true;
            foreach (var item in Target) CollectNodes(item);
        }

        protected override void EndProcessing()
        {
            var targets = TargetNodes(_anyTarget);
            if (targets.Count == 0) return;
            var (model, path) = ModelOf(targets);
            var definitions = LoadHealthDefinitions(model, path);
            var (monitor, session) = OpenMonitor(targets, definitions, OpenHistory(path));
            McpModule.Health.Runs.HealthCollectionRun run;
            using (session) run = Collect(monitor, "Get-McpMetric");
            if (Stopping.IsCancellationRequested) return;
            monitor.Keep(run, DateTimeOffset.UtcNow);
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (var metric in run.Metrics)
                if (patterns == null || patterns.Any(p => p.IsMatch(metric.Name))) WriteObject(metric);
        }
    }
}
