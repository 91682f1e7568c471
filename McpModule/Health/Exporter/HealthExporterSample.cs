#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Exporter
{
    /// One collection as the exporter serves it: the metrics collected and the statuses evaluated.
    internal sealed class HealthExporterSample
    {
        internal HealthExporterSample(IReadOnlyList<McpMetric> metrics, IReadOnlyList<McpHealthStatus> statuses, int unreachable, DateTimeOffset end, TimeSpan duration)
        {
            Metrics = metrics;
            Statuses = statuses;
            Unreachable = unreachable;
            End = end;
            Duration = duration;
        }

        internal IReadOnlyList<McpMetric> Metrics { get; }
        internal IReadOnlyList<McpHealthStatus> Statuses { get; }
        internal int Unreachable { get; }
        internal DateTimeOffset End { get; }
        internal TimeSpan Duration { get; }
    }
}
