#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Capacity
{
    /// A resource's standing from its series over the window: the newest reading against the
    /// threshold, and the least-squares line of its percentage over time, where that line reaches
    /// the threshold. The percentage is fitted rather than the bytes or cores used, so a node added
    /// in the window (Total grows) bends the trend the way the operator's headroom does.
    internal static class CapacityForecast
    {
        /// Fewer than three collections give no trend: a line through two points fits any noise.
        internal const int MinimumSamples = 3;

        /// null when the series is empty.
        internal static McpCapacityResource? Of(CapacityResourceKind kind, IReadOnlyList<(DateTimeOffset Time, CapacityReading Reading)> series, double threshold)
        {
            if (series.Count == 0) return null;
            var (time, now) = series[series.Count - 1];
            var resource = new McpCapacityResource
            {
                Resource = kind.ToString(),
                Unit = kind == CapacityResourceKind.Cpu ? "cores" : "bytes",
                Used = now.Used,
                Total = now.Total,
                Percent = now.Percent,
                Threshold = threshold,
                Samples = series.Count,
                Time = time,
            };
            // x in days after the first sample: the slope comes out in percent points a day
            var origin = series[0].Time;
            var line = series.Count < MinimumSamples ? null
                : LeastSquaresLine.Fit(series.Select(p => ((p.Time - origin).TotalDays, p.Reading.Percent)).ToList());
            if (line is LeastSquaresLine l) resource.TrendPerDay = l.Slope;
            if (now.Percent >= threshold) resource.State = McpCapacityState.Past;
            else if (!(line is LeastSquaresLine fit)) resource.State = McpCapacityState.NoTrend;
            else if (fit.Slope <= 0) resource.State = McpCapacityState.Steady;
            else
            {
                resource.State = McpCapacityState.Rising;
                // The line may already be past the threshold at the newest sample though the sample is
                // not (noise below a line that got there): the crossing is then now, not in the past.
                var days = Math.Max(fit.Where(threshold)!.Value, (time - origin).TotalDays);
                resource.CrossesAt = days * TimeSpan.TicksPerDay >= (DateTimeOffset.MaxValue - origin).Ticks
                    ? DateTimeOffset.MaxValue : origin + TimeSpan.FromTicks((long)(days * TimeSpan.TicksPerDay));
            }
            return resource;
        }
    }
}
