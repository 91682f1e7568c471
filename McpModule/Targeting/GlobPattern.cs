#nullable enable
using System;
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.Targeting
{
    /// A shell glob with Python's fnmatch rules, which Salt uses for minion ids and pillar
    /// values: `*` any run of characters (dots included), `?` one character, `[abc]`,
    /// `[a-z]` and `[!abc]` one character of (or not of) a set; a `[` without its `]` is a
    /// literal. The whole text must match. Case is ignored (host names and Salt's
    /// lower-cased pillar comparison both ignore it).
    internal sealed class GlobPattern
    {
        private readonly Regex _regex;

        private GlobPattern(string pattern, Regex regex)
        {
            Pattern = pattern;
            _regex = regex;
        }

        public string Pattern { get; }

        /// True when the pattern has no glob characters: it matches only itself.
        public bool IsLiteral => Pattern.IndexOfAny(new[] { '*', '?', '[' }) < 0;

        /// Parses a glob; throws ArgumentException (with the character index in Data["Index"])
        /// when a set such as `[z-a]` cannot be a set.
        public static GlobPattern Parse(string pattern)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            var source = Translate(pattern, out var lastSet);
            try
            {
                return new GlobPattern(pattern, new Regex(source,
                    RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException e)
            {
                var error = new ArgumentException($"'{pattern}' is not a valid glob: the set at character {lastSet + 1} is invalid ({e.Message}).", e);
                error.Data["Index"] = lastSet;
                throw error;
            }
        }

        public bool IsMatch(string text) => text != null && _regex.IsMatch(text);

        public override string ToString() => Pattern;

        // Python's fnmatch.translate, written for .NET's regex syntax.
        private static string Translate(string pattern, out int lastSet)
        {
            lastSet = 0;
            var result = new StringBuilder("\\A(?:");
            int i = 0, n = pattern.Length;
            while (i < n)
            {
                var c = pattern[i++];
                if (c == '*')
                {
                    result.Append(".*");
                    while (i < n && pattern[i] == '*') i++;
                }
                else if (c == '?') result.Append('.');
                else if (c == '[')
                {
                    var j = i;
                    if (j < n && pattern[j] == '!') j++;
                    if (j < n && pattern[j] == ']') j++;
                    while (j < n && pattern[j] != ']') j++;
                    if (j >= n)
                    {
                        result.Append("\\[");
                        continue;
                    }
                    lastSet = i - 1;
                    var set = pattern.Substring(i, j - i);
                    i = j + 1;
                    result.Append('[');
                    var k = 0;
                    if (set.StartsWith("!", StringComparison.Ordinal))
                    {
                        result.Append('^');
                        k = 1;
                    }
                    var first = k;
                    for (; k < set.Length; k++)
                    {
                        var s = set[k];
                        if (s == '-') result.Append(k > first && k < set.Length - 1 ? "-" : "\\-");
                        else if (s == '\\' || s == ']' || s == '[' || s == '^') result.Append('\\').Append(s);
                        else result.Append(s);
                    }
                    result.Append(']');
                }
                else result.Append(Regex.Escape(c.ToString()));
            }
            return result.Append(")\\z").ToString();
        }
    }
}
