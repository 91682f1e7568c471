#nullable enable
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.Health.Collection
{
    /// A unit pattern as systemctl matches one (fnmatch with FNM_NOESCAPE: * ? and [...] classes,
    /// a backslash is itself, as in ceph-osd@dev-disk-by\x2did*.service).
    internal static class UnitPattern
    {
        internal static bool IsPattern(string unit) => unit.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        internal static bool Matches(string pattern, string unit) =>
            Regex.IsMatch(unit, ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline);

        private static string ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*') sb.Append(".*");
                else if (c == '?') sb.Append('.');
                else if (c == '[' && ClassEnd(pattern, i) is int close && close > 0)
                {
                    // [!a-z] or [^a-z]; a ] right after the opening (or its !) is a member
                    var body = pattern.Substring(i + 1, close - i - 1);
                    bool negate = body[0] == '!' || body[0] == '^';
                    if (negate) body = body.Substring(1);
                    sb.Append(negate ? "[^" : "[").Append(body.Replace("\\", "\\\\").Replace("[", "\\[").Replace("]", "\\]").Replace("^", "\\^")).Append(']');
                    i = close;
                }
                else sb.Append(Regex.Escape(c.ToString()));
            }
            return sb.Append('$').ToString();
        }

        // The index of the ] closing the class opened at open; -1 when none does (the [ is itself).
        private static int ClassEnd(string pattern, int open)
        {
            int j = open + 1;
            if (j < pattern.Length && (pattern[j] == '!' || pattern[j] == '^')) j++;
            if (j < pattern.Length && pattern[j] == ']') j++;
            return j < pattern.Length ? pattern.IndexOf(']', j) : -1;
        }
    }
}
