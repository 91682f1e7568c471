#nullable enable
using System.Globalization;

namespace McpModule.Health.Collection
{
    /// Numbers as the kernel and the tools print them: invariant, never the caller's culture.
    internal static class Numbers
    {
        internal static bool TryParse(string s, out double value) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
