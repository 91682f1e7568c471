#nullable enable
using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace McpModule.Ceph.Osd
{
    /// What mcp-ceph-osd deploy prints last ("osd.4 /dev/sdb"), read back from a step's comment.
    internal static class CephOsdRunOutput
    {
        private static readonly Regex Line = new Regex(@"(?m)^osd\.(\d+) (\S+)\s*$", RegexOptions.CultureInvariant);

        internal static int? OsdId(string? comment, string device)
        {
            if (string.IsNullOrEmpty(comment)) return null;
            foreach (Match m in Line.Matches(comment!))
                if (string.Equals(m.Groups[2].Value, device, StringComparison.Ordinal) &&
                    int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
            return null;
        }
    }
}
