#nullable enable
namespace McpModule.Health
{
    /// Where a resource stands against its threshold, and where its trend over the window goes.
    public enum McpCapacityState
    {
        /// Below the threshold; too few samples in the window (or all at one time) for a trend.
        NoTrend,
        /// Below the threshold, and the trend is flat or falling: no crossing ahead.
        Steady,
        /// Below the threshold, and the trend crosses it at CrossesAt.
        Rising,
        /// At or past the threshold now.
        Past,
    }
}
