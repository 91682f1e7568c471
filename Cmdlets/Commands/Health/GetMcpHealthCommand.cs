using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.Health.Evaluation;
using McpModule.Health.History;

namespace McpModule.Cmdlets
{
    /// The health of a model's cloud the StackLight way: a collection from its nodes, each node's
    /// alarms over its metrics (and the history's), the GSE clusters over the alarms; or the
    /// same over metrics or statuses given. Worst first.
    [Cmdlet(VerbsCommon.Get, "McpHealth", DefaultParameterSetName = "Collect")]
    [OutputType(typeof(McpHealthStatus))]
    public sealed class GetMcpHealthCommand : McpHealthCmdlet
    {
        private static readonly McpHealthLevel[] DefaultLevels = { McpHealthLevel.Node, McpHealthLevel.Service, McpHealthLevel.Cluster };
        private readonly List<McpMetric> _metrics = new List<McpMetric>();
        private readonly List<McpHealthStatus> _statuses = new List<McpHealthStatus>();
        private bool _anyTarget;

        /// Model nodes to collect from (McpNode objects, target expressions over -Path/-Cluster);
        /// every node of the model when none is given. McpMetric or McpHealthStatus objects piped
        /// in are evaluated as -Metric or -Status would.
        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Collect")]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// Metrics to evaluate instead of collecting (Get-McpMetric's, recorded ones).
        [Parameter(Mandatory = true, ParameterSetName = "Metric")]
        public McpMetric[] Metric { get; set; }

        /// A file of recorded metrics to evaluate instead of collecting: the JSON of
        /// `Get-McpMetric | ConvertTo-Json`, or a health history file.
        [Parameter(Mandatory = true, ParameterSetName = "MetricPath")]
        public string MetricPath { get; set; }

        /// Alarm or node statuses (a recorded Get-McpHealth -Level Node, Alarm) to evaluate the
        /// cluster policies over, instead of collecting.
        [Parameter(Mandatory = true, ParameterSetName = "Status")]
        public McpHealthStatus[] Status { get; set; }

        /// The levels to return: Node, Service, Cluster (the default: all three), or Alarm (each
        /// alarm of each node, and the cluster-wide alarms).
        [Parameter]
        public McpHealthLevel[] Level { get; set; }

        /// The time to evaluate at, for metrics given: by default the newest metric's.
        [Parameter(ParameterSetName = "Metric")]
        [Parameter(ParameterSetName = "MetricPath")]
        public DateTimeOffset At { get; set; }

        /// End with a terminating error (and a non-zero exit from pwsh -File) when any status
        /// returned is this or worse: Warn, Unknown, Critical, Down (StackLight's order).
        [Parameter]
        [ValidateSet("Warn", "Unknown", "Critical", "Down")]
        public McpHealthState FailOn { get; set; }

        /// Collect again every -Interval seconds until stopped (Ctrl+C), writing only the statuses
        /// that changed; the collections stay in memory too, so windows fill even with -NoHistory.
        [Parameter(ParameterSetName = "Collect")]
        public SwitchParameter Watch { get; set; }

        /// Seconds between collections with -Watch (default 60).
        [Parameter(ParameterSetName = "Collect")]
        [ValidateRange(1, 86400)]
        public int Interval { get; set; } = 60;

        protected override void ProcessRecord()
        {
            if (ParameterSetName != "Collect") return;
            if (Target == null) return;
            foreach (var item in Target)
            {
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpMetric metric) _metrics.Add(metric);
                else if (value is McpHealthStatus status) _statuses.Add(status);
                else { _anyTarget = true; CollectNodes(item); }
            }
        }

        protected override void EndProcessing()
        {
            if (Metric != null) _metrics.AddRange(Metric);
            if (Status != null) _statuses.AddRange(Status);
            if (MetricPath != null) _metrics.AddRange(ReadMetricFile(MetricPath));
            if (_anyTarget && (_metrics.Count > 0 || _statuses.Count > 0))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give nodes to collect from, or metrics or statuses to evaluate, not both."),
                    "Mcp.Health.MixedInput", ErrorCategory.InvalidArgument, null));
            var levels = Level != null && Level.Length > 0 ? Level : DefaultLevels;

            if (_metrics.Count > 0 || _statuses.Count > 0 || ParameterSetName != "Collect")
            {
                var (all, modelPath) = ModelOf(Array.Empty<McpNode>());
                var evaluator = new HealthEvaluator(LoadHealthDefinitions(all, modelPath));
                var at = MyInvocation.BoundParameters.ContainsKey(nameof(At)) ? At
                    : _metrics.Count > 0 ? _metrics.Max(m => m.Timestamp) : DateTimeOffset.UtcNow;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var report = _statuses.Count > 0 ? evaluator.EvaluateStatuses(_statuses, at) : evaluator.Evaluate(_metrics, at);
                WriteVerbose(_statuses.Count > 0 ? $"{_statuses.Count} status(es) evaluated in {clock.ElapsedMilliseconds} ms"
                    : $"{_metrics.Count} metric(s) evaluated in {clock.ElapsedMilliseconds} ms");
                Write(report, levels, modelPath, null);
                return;
            }

            var targets = TargetNodes(_anyTarget);
            if (targets.Count == 0) return;
            var (model, path) = ModelOf(targets);
            var (monitor, session) = OpenMonitor(targets, LoadHealthDefinitions(model, path), OpenHistory(path));
            using (session)
            {
                Dictionary<string, McpHealthState> last = null;
                while (true)
                {
                    var run = Collect(monitor, "Get-McpHealth");
                    if (Stopping.IsCancellationRequested) return;
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var report = monitor.Finish(run, DateTimeOffset.UtcNow);
                    WriteVerbose($"evaluated in {clock.ElapsedMilliseconds} ms");
                    last = Write(report, levels, path, Watch ? last : null);
                    if (!Watch) return;
                    if (Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(Interval))) return;
                }
            }
        }

        // Writes the statuses (with -Watch, those that changed since before), then applies -FailOn.
        private Dictionary<string, McpHealthState> Write(HealthReport report, McpHealthLevel[] levels, string modelPath, Dictionary<string, McpHealthState> before)
        {
            var now = new Dictionary<string, McpHealthState>(StringComparer.Ordinal);
            var selected = report.Select(levels).ToList();
            foreach (var status in selected)
            {
                status.ModelPath = modelPath ?? "";
                var key = status.Level + "/" + status.Node + "/" + status.Entity;
                now[key] = status.Status;
                if (before == null || !before.TryGetValue(key, out var was) || was != status.Status) WriteObject(status);
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(FailOn)))
            {
                var failing = selected.Where(s => (int)s.Status >= (int)FailOn).ToList();
                if (failing.Count > 0)
                {
                    // As a native command's exit status: CI wrappers that end with `exit $LASTEXITCODE`
                    // (GitHub Actions' pwsh shell) fail the step even where the error is caught.
                    SessionState.PSVariable.Set("global:LASTEXITCODE", 1);
                    ThrowTerminatingError(HealthErrorRecords.Failed(
                        $"{failing.Count} status(es) at or past {FailOn}: " + string.Join("; ", failing.Take(10).Select(s => s.ToString() + (s.Reasons.Count > 0 ? " (" + s.Reasons[0] + ")" : ""))) +
                        (failing.Count > 10 ? "; ..." : ""), failing[0]));
                }
            }
            return now;
        }
    }
}
