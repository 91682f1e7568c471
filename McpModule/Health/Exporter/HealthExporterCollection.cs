#nullable enable
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using McpModule.Health.Runs;

namespace McpModule.Health.Exporter
{
    /// What the exporter serves of a collection: its metrics, and the statuses of every level
    /// (each alarm too: alerting rules and dashboards want them) evaluated over the window.
    internal static class HealthExporterCollection
    {
        private static readonly McpHealthLevel[] Levels = { McpHealthLevel.Alarm, McpHealthLevel.Node, McpHealthLevel.Service, McpHealthLevel.Cluster };

        /// A collection of the monitor's nodes in the background; cancel stops it where it is.
        internal static HealthExporterSample Collect(HealthMonitor monitor, CancellationToken cancel)
        {
            var clock = Stopwatch.StartNew();
            using (var run = monitor.Begin())
            using (cancel.Register(run.Stop))
            {
                foreach (var _ in run.Run()) { }
                cancel.ThrowIfCancellationRequested();
                return Sample(monitor, run, clock.Elapsed);
            }
        }

        /// The sample of a collection already run (the first, which the cmdlet runs with progress).
        internal static HealthExporterSample Sample(HealthMonitor monitor, HealthCollectionRun run, TimeSpan duration)
        {
            var now = DateTimeOffset.UtcNow;
            var report = monitor.Finish(run, now);
            return new HealthExporterSample(run.Metrics.ToList(), report.Select(Levels).ToList(), run.Unreachable.Count, now, duration);
        }
    }
}
