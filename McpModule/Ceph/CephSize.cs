#nullable enable
using System.Globalization;

namespace McpModule.Ceph
{
    /// Sizes as people read them (binary units, one decimal).
    internal static class CephSize
    {
        private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

        internal static string Format(long bytes)
        {
            double v = bytes;
            var u = 0;
            while (v >= 1024 && u < Units.Length - 1) { v /= 1024; u++; }
            return u == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : v.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[u];
        }
    }
}
