#nullable enable
namespace McpModule.Health.Capacity
{
    /// One resource at one time: how much is in use of how much.
    internal readonly struct CapacityReading
    {
        internal CapacityReading(double used, double total)
        {
            Used = used;
            Total = total;
        }

        internal double Used { get; }
        internal double Total { get; }
        internal double Percent => Total > 0 ? Used / Total * 100 : 0;

        internal CapacityReading Plus(CapacityReading other) => new CapacityReading(Used + other.Used, Total + other.Total);
    }
}
