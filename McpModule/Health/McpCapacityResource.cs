#nullable enable
using System;
using System.Globalization;

namespace McpModule.Health
{
    /// One resource of a Get-McpCapacity row: how much is in use of how much, against the
    /// threshold, and the least-squares trend of its percentage over the window.
    public sealed class McpCapacityResource
    {
        /// Cpu, Memory or Storage.
        public string Resource { get; set; } = "";
        /// cores (Cpu) or bytes (Memory, Storage).
        public string Unit { get; set; } = "";
        /// In use at the newest sample: cores busy, bytes of memory not available, bytes of file systems used.
        public double Used { get; set; }
        public double Total { get; set; }
        /// Used / Total x 100; 0 when Total is 0.
        public double Percent { get; set; }
        /// The percent the forecast looks for.
        public double Threshold { get; set; }
        /// The trend's slope, in percent points per day; null without a trend (NoTrend).
        public double? TrendPerDay { get; set; }
        /// When the trend line reaches the threshold; null unless State is Rising.
        public DateTimeOffset? CrossesAt { get; set; }
        public McpCapacityState State { get; set; }
        /// The collections the trend was fitted over.
        public int Samples { get; set; }
        /// When the newest sample was taken.
        public DateTimeOffset Time { get; set; }

        /// 63.2 %, with "!" past the threshold.
        public override string ToString() =>
            Percent.ToString("0.0", CultureInfo.InvariantCulture) + " %" + (State == McpCapacityState.Past ? " !" : "");
    }
}
