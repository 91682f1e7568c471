#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.Compare
{
    /// Node names as a reviewer reads them: numbered names in runs collapsed ("cmp001–cmp048"),
    /// short names when they are unambiguous among the names given, else full names.
    internal static class NodeRanges
    {
        private static readonly Regex Numbered = new Regex(@"^(?<head>.*?)(?<n>\d+)(?<tail>[^\d]*)$", RegexOptions.CultureInvariant);

        public static string Collapse(IEnumerable<string> names)
        {
            var all = names.Distinct(StringComparer.Ordinal).ToList();
            var shortNames = all.Select(McpNode.ShortNameOf).ToList();
            var shown = shortNames.Distinct(StringComparer.Ordinal).Count() == all.Count ? shortNames : all;
            var parts = new List<(string Head, long Number, string Text)>();
            var runs = new List<(string Head, string Tail, int Width, long Number, string Name)>();
            foreach (var name in shown.OrderBy(n => n, StringComparer.Ordinal))
            {
                var m = Numbered.Match(name);
                var digits = m.Groups["n"].Value;
                // zero-padded numbers run within their width (cmp001–cmp048); plain ones across widths (cmp9, cmp10)
                if (m.Success && digits.Length <= 18)
                    runs.Add((m.Groups["head"].Value, m.Groups["tail"].Value, digits.Length > 1 && digits[0] == '0' ? digits.Length : 0,
                              long.Parse(digits, CultureInfo.InvariantCulture), name));
                else parts.Add((name, -1, name));
            }
            foreach (var group in runs.GroupBy(r => (r.Head, r.Tail, r.Width)))
            {
                var sorted = group.OrderBy(r => r.Number).ToList();
                for (var i = 0; i < sorted.Count;)
                {
                    var j = i;
                    while (j + 1 < sorted.Count && sorted[j + 1].Number == sorted[j].Number + 1) j++;
                    if (j - i >= 2) parts.Add((group.Key.Head, sorted[i].Number, sorted[i].Name + "–" + sorted[j].Name));
                    else for (var k = i; k <= j; k++) parts.Add((group.Key.Head, sorted[k].Number, sorted[k].Name));
                    i = j + 1;
                }
            }
            return string.Join(", ", parts.OrderBy(p => p.Head, StringComparer.Ordinal).ThenBy(p => p.Number).ThenBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Text));
        }
    }
}
