using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.Health.History;
using McpModule.Health.Runs;
using McpModule.States.Formulas;

namespace McpModule.Cmdlets
{
    /// The base of Get-McpHealth and Get-McpMetric: the model nodes to collect from, the model's
    /// health definitions, its history, and one collection over an SSH session.
    public abstract class McpHealthCmdlet : McpModelNodeCmdlet
    {
        private volatile HealthCollectionRun _run;
        private volatile bool _stopped;

        private protected McpHealthCmdlet() : base("Mcp.Health", "health is collected from model nodes", textNeedsModel: false) { }

        /// Leave the history alone: neither read earlier collections nor add this one.
        [Parameter] public SwitchParameter NoHistory { get; set; }

        /// The nodes given, or, when none were, every node of the -Path/-Cluster model.
        protected IReadOnlyList<McpNode> TargetNodes(bool anyGiven)
        {
            if (anyGiven || Nodes.Count > 0) return Nodes;
            if (!HasModel)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the model with -Path or -Cluster, or model nodes (Get-McpNode) to -Target."),
                    "Mcp.Health.ModelNeeded", ErrorCategory.InvalidArgument, null));
            return ModelNodes() ?? Array.Empty<McpNode>();
        }

        /// Every node of the model the targets belong to (the definitions are the whole model's:
        /// clusters count members on nodes not collected from) and the model's path.
        protected (IReadOnlyList<McpNode> All, string ModelPath) ModelOf(IReadOnlyList<McpNode> targets)
        {
            IReadOnlyList<McpNode> all = HasModel ? ModelNodes() : null;
            if (all == null || all.Count == 0)
            {
                if (targets.Count == 0)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the model with -Path or -Cluster."),
                        "Mcp.Health.ModelNeeded", ErrorCategory.InvalidArgument, null));
                all = targets.Select(t => t.ClusterObject).Where(c => c != null).Distinct().SelectMany(c => NodesOf(c, out _)).ToList();
                if (all.Count == 0) all = targets;
            }
            var paths = all.Select(n => n.Path).Distinct(StringComparer.Ordinal).ToList();
            if (paths.Count > 1)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The nodes given belong to more than one model (" + string.Join(", ", paths) + "); give one model's nodes at a time."),
                    "Mcp.Health.SeveralModels", ErrorCategory.InvalidArgument, null));
            return (all, paths.FirstOrDefault());
        }

        /// The model's history, or null with -NoHistory.
        private protected HealthHistory OpenHistory(string modelPath)
        {
            if (NoHistory || modelPath == null) return null;
            var settings = LoadSettings(new Dictionary<string, object>());
            return new HealthHistory(HealthHistory.PathOf(modelPath), settings.HealthHistoryAge, settings.HealthHistoryMaxBytes);
        }

        /// The connections to the nodes (the caller disposes them) and the monitor that collects
        /// from them over the model's definitions and history.
        private protected (HealthMonitor Monitor, NodeSession Session) OpenMonitor(IReadOnlyList<McpNode> nodes, ModelHealthDefinitions definitions, HealthHistory history)
        {
            var session = OpenSession(nodes);
            var monitor = new HealthMonitor(definitions, nodes.Select(n => (n.Name, session.Target(n.Name))).ToList(), session.Transport,
                session.Settings.ThrottleLimit, session.Settings.ConnectTimeout, history, session.Settings.HealthHistoryAge);
            return (monitor, session);
        }

        /// One collection from the monitor's nodes, with progress; each node that does not answer a
        /// warning (its status says the rest), each part a collector could not read verbose.
        private protected HealthCollectionRun Collect(HealthMonitor monitor, string activity)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = monitor.Begin();
            if (monitor.Unreadable > 0) WriteWarning($"{monitor.Unreadable} line(s) of the health history '{monitor.History.Path}' could not be read and were left out.");
            try
            {
                _run = run;
                if (_stopped) run.Stop();
                var progress = new ProgressRecord(2, activity, $"0 of {run.Total} nodes");
                foreach (var (node, done, total) in run.Run())
                {
                    if (!McpProgress.Enabled) continue;
                    progress.StatusDescription = $"{done} of {total} nodes";
                    progress.PercentComplete = 100 * done / Math.Max(1, total);
                    WriteProgress(progress);
                }
                progress.RecordType = ProgressRecordType.Completed;
                if (McpProgress.Enabled) WriteProgress(progress);
                WriteVerbose($"collected {run.Metrics.Count} metric(s) from {run.Total} node(s) in {clock.ElapsedMilliseconds} ms");
                foreach (var (node, message) in run.Unreachable) WriteWarning($"{node} did not answer: {message}");
                foreach (var (node, message) in run.Problems) WriteVerbose($"{node}: {message}");
                return run;
            }
            finally
            {
                _run = null;
                run.Dispose();
            }
        }

        /// The metrics of a -MetricPath file (Get-McpMetric's as JSON, or a health history file);
        /// one that cannot be read or holds none ends the command.
        private protected List<McpMetric> ReadMetricFile(string metricPath)
        {
            var path = GetUnresolvedProviderPathFromPSPath(metricPath);
            try
            {
                var metrics = MetricFile.Read(path);
                if (metrics.Count == 0) throw new FormatException($"-MetricPath '{path}' holds no metrics.");
                return metrics;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is FormatException)
            {
                ThrowTerminatingError(HealthErrorRecords.InvalidMetricFile(e, path));
                return null;
            }
        }

        protected override void StopProcessing()
        {
            _stopped = true;
            _run?.Stop();
            base.StopProcessing();
        }
    }
}
