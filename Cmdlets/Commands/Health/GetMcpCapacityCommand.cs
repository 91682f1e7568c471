using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Health;
using McpModule.Health.Capacity;
using McpModule.Health.History;

namespace McpModule.Cmdlets
{
    /// CPU, memory and storage in use per hypervisor, per availability zone and in total, and when
    /// each is forecast to cross its threshold, from one collection and the health history before
    /// it (or from metrics given): MCP's Capacity Management Service and its Forecast Engine.
    [Cmdlet(VerbsCommon.Get, "McpCapacity", DefaultParameterSetName = "Collect")]
    [OutputType(typeof(McpCapacity))]
    public sealed class GetMcpCapacityCommand : McpHealthCmdlet
    {
        private readonly List<McpMetric> _metrics = new List<McpMetric>();
        private bool _anyTarget;

        /// Nodes to report (McpNode objects, target expressions over -Path/-Cluster); the model's
        /// hypervisors when none is given. McpMetric objects piped in are read as -Metric.
        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Collect")]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// Metrics to work from instead of collecting (Get-McpMetric's, recorded ones).
        [Parameter(Mandatory = true, ParameterSetName = "Metric")]
        public McpMetric[] Metric { get; set; }

        /// A file of recorded metrics (ConvertTo-Json of Get-McpMetric, or a health history file).
        [Parameter(Mandatory = true, ParameterSetName = "MetricPath")]
        public string MetricPath { get; set; }

        /// The percent each resource is forecast against: a number for all, or a hashtable by resource.
        [Parameter]
        public object Threshold { get; set; } = CapacityThresholds.Default;

        /// Minutes of history the trend is fitted over, back from now (from the newest metric given).
        [Parameter]
        [ValidateRange(1, 5256000)]
        public int Window { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != "Collect" || Target == null) return;
            foreach (var item in Target)
            {
                if ((item is PSObject ps ? ps.BaseObject : item) is McpMetric metric) _metrics.Add(metric);
                else { _anyTarget = true; CollectNodes(item); }
            }
        }

        protected override void EndProcessing()
        {
            var thresholds = ReadThresholds();
            if (Metric != null) _metrics.AddRange(Metric);
            if (MetricPath != null) _metrics.AddRange(ReadMetricFile(MetricPath));
            if (_anyTarget && _metrics.Count > 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give nodes to collect from, or metrics to read, not both."),
                    "Mcp.Capacity.MixedInput", ErrorCategory.InvalidArgument, null));

            if (_metrics.Count > 0 || ParameterSetName != "Collect")
            {
                var (all, modelPath) = ModelOf(Array.Empty<McpNode>());
                var entries = CapacityReport.EntriesOf(_metrics);
                var given = new HashSet<string>(entries.Select(e => e.Node), StringComparer.Ordinal);
                var rows = Hypervisors(all).Where(h => given.Contains(h.Node)).ToList();
                if (rows.Count == 0)
                {
                    WriteVerbose("the metrics given are of none of the model's hypervisors: every model node among them is reported");
                    rows = all.Where(n => given.Contains(n.Name)).Select(n => (n.Name, McpModule.Health.Capacity.Hypervisors.ZoneOrNone(n.Pillar))).ToList();
                }
                var newest = _metrics.Max(m => m.Timestamp);
                Write(CapacityReport.Build(rows, entries, newest - WindowLength(), thresholds), modelPath);
                return;
            }

            var targets = _anyTarget ? Nodes : HypervisorsOf(TargetNodes(false));
            if (targets.Count == 0) return;
            var (model, path) = ModelOf(targets);
            var definitions = LoadHealthDefinitions(model, path);
            // Ceph's raw space is read on a monitor: without one among the hypervisors, ask the model's monitors too.
            var collect = targets.ToList();
            if (!_anyTarget)
                collect.AddRange(model.Where(n => definitions.CephNodes.Contains(n.Name) && !targets.Any(t => t.Name == n.Name)));
            var (monitor, session) = OpenMonitor(collect, definitions, OpenHistory(path));
            McpModule.Health.Runs.HealthCollectionRun run;
            using (session) run = Collect(monitor, "Get-McpCapacity");
            if (Stopping.IsCancellationRequested) return;
            var now = DateTimeOffset.UtcNow;
            monitor.Keep(run, now);
            if (monitor.History != null && WindowLength() > monitor.History.MaxAge)
                WriteVerbose($"the history keeps {monitor.History.MaxAge.TotalMinutes:0} minutes (HealthHistoryMinutes): the window is no longer than that");
            var zones = targets.Select(t => (t.Name, Zone: McpModule.Health.Capacity.Hypervisors.ZoneOrNone(t.Pillar))).ToList();
            Write(CapacityReport.Build(zones, monitor.Earlier.Concat(run.Entries), now - WindowLength(), thresholds), path);
        }

        // The model's hypervisors; every node, said with -Verbose, when the model has none.
        private List<McpNode> HypervisorsOf(IReadOnlyList<McpNode> nodes)
        {
            var hypervisors = McpModule.Health.Capacity.Hypervisors.Select(nodes, n => n.Pillar).Select(h => h.Node).ToList();
            if (hypervisors.Count > 0) return hypervisors;
            WriteVerbose("the model has no hypervisors (nova:compute, salt:control with virt, libvirt:server, kubernetes:pool): every node is reported");
            return nodes.ToList();
        }

        private List<(string Node, string Zone)> Hypervisors(IReadOnlyList<McpNode> all) =>
            HypervisorsOf(all).Select(n => (n.Name, McpModule.Health.Capacity.Hypervisors.ZoneOrNone(n.Pillar))).ToList();

        private TimeSpan WindowLength() =>
            MyInvocation.BoundParameters.ContainsKey(nameof(Window)) ? TimeSpan.FromMinutes(Window)
                : LoadSettings(new Dictionary<string, object>()).HealthHistoryAge;

        private CapacityThresholds ReadThresholds()
        {
            var value = Threshold is PSObject ps ? ps.BaseObject : Threshold;
            if (value is IDictionary map)
            {
                var plain = new Hashtable();
                foreach (DictionaryEntry e in map) plain[e.Key is PSObject k ? k.BaseObject : e.Key] = e.Value is PSObject v ? v.BaseObject : e.Value;
                value = plain;
            }
            try { return CapacityThresholds.From(value); }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Capacity.InvalidThreshold", ErrorCategory.InvalidArgument, Threshold));
                return null;
            }
        }

        private void Write(List<McpCapacity> rows, string modelPath)
        {
            foreach (var row in rows)
            {
                row.ModelPath = modelPath ?? "";
                WriteObject(row);
            }
        }
    }
}
