using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.Model.Rendering
{
    /// One class_mappings entry: "glob class..." or "/regex/ class..." where classes may
    /// use the regex's groups (\1, \g<name>). Split like Python's shlex in posix mode,
    /// so an unquoted \1 loses its backslash, as in reclass.
    internal sealed class ClassMapping
    {
        private readonly Regex _regex;
        private readonly Regex _glob;
        private readonly List<string> _classes;

        public ClassMapping(string mapping)
        {
            Source = mapping;
            var isRegex = mapping.Length > 0 && mapping[0] == '/';
            List<string> tokens;
            try { tokens = ShlexSplit(mapping, isRegex); }
            catch (FormatException e)
            {
                throw new ModelException(ModelErrorKind.InvalidSettings, $"Error in class mapping \"{mapping}\": {e.Message}.");
            }
            if (tokens.Count == 0) throw new ModelException(ModelErrorKind.InvalidSettings, $"Empty class mapping \"{mapping}\".");
            _classes = tokens.GetRange(1, tokens.Count - 1);
            try
            {
                if (isRegex) _regex = new Regex(tokens[0], RegexOptions.CultureInvariant);
                else _glob = new Regex(GlobToRegex(tokens[0]), RegexOptions.CultureInvariant | RegexOptions.Singleline);
            }
            catch (ArgumentException e)
            {
                throw new ModelException(ModelErrorKind.InvalidSettings, $"Error in class mapping \"{mapping}\": {e.Message}");
            }
        }

        public string Source { get; }

        public IEnumerable<string> ClassesFor(string name)
        {
            if (_glob != null)
            {
                if (_glob.IsMatch(name)) foreach (var c in _classes) yield return c;
                yield break;
            }
            var match = _regex.Match(name);
            if (!match.Success) yield break;
            foreach (var c in _classes) yield return Expand(match, c);
        }

        private static string Expand(Match match, string template)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < template.Length; i++)
            {
                var c = template[i];
                if (c != '\\' || i + 1 >= template.Length) { sb.Append(c); continue; }
                var next = template[i + 1];
                if (char.IsDigit(next))
                {
                    var j = i + 1;
                    while (j < template.Length && j < i + 3 && char.IsDigit(template[j])) j++;
                    sb.Append(match.Groups[int.Parse(template.Substring(i + 1, j - i - 1), System.Globalization.CultureInfo.InvariantCulture)].Value);
                    i = j - 1;
                }
                else if (next == 'g' && i + 2 < template.Length && template[i + 2] == '<')
                {
                    var close = template.IndexOf('>', i + 3);
                    var group = template.Substring(i + 3, close - i - 3);
                    sb.Append(int.TryParse(group, out var n) ? match.Groups[n].Value : match.Groups[group].Value);
                    i = close;
                }
                else if (next == 'n') { sb.Append('\n'); i++; }
                else if (next == 't') { sb.Append('\t'); i++; }
                else if (next == '\\') { sb.Append('\\'); i++; }
                else sb.Append(c);
            }
            return sb.ToString();
        }

        private static string GlobToRegex(string glob)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                if (c == '*') sb.Append(".*");
                else if (c == '?') sb.Append('.');
                else if (c == '[')
                {
                    var j = i + 1;
                    if (j < glob.Length && glob[j] == '!') j++;
                    if (j < glob.Length && glob[j] == ']') j++;
                    while (j < glob.Length && glob[j] != ']') j++;
                    if (j >= glob.Length) { sb.Append("\\["); continue; }
                    var body = glob.Substring(i + 1, j - i - 1).Replace("\\", "\\\\");
                    if (body.StartsWith("!", StringComparison.Ordinal)) body = "^" + body.Substring(1);
                    else if (body.StartsWith("^", StringComparison.Ordinal)) body = "\\" + body;
                    sb.Append('[').Append(body).Append(']');
                    i = j;
                }
                else sb.Append(Regex.Escape(c.ToString()));
            }
            return sb.Append('$').ToString();
        }

        /// Python shlex (posix, whitespace_split, no comments); '/' quotes a regex.
        private static List<string> ShlexSplit(string s, bool slashQuotes)
        {
            var quotes = slashQuotes ? "'\"/" : "'\"";
            var escapedQuotes = slashQuotes ? "\"/" : "\"";
            var tokens = new List<string>();
            var token = new StringBuilder();
            var inToken = false;
            char quote = '\0';
            for (int i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (quote != '\0')
                {
                    if (c == quote) { quote = '\0'; continue; }
                    if (c == '\\' && escapedQuotes.IndexOf(quote) >= 0)
                    {
                        if (++i >= s.Length) throw new FormatException("no escaped character");
                        var n = s[i];
                        if (n != quote && n != '\\') token.Append('\\');
                        token.Append(n);
                        continue;
                    }
                    token.Append(c);
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    if (inToken) { tokens.Add(token.ToString()); token.Clear(); inToken = false; }
                    continue;
                }
                inToken = true;
                if (quotes.IndexOf(c) >= 0) { quote = c; continue; }
                if (c == '\\')
                {
                    if (++i >= s.Length) throw new FormatException("no escaped character");
                    token.Append(s[i]);
                    continue;
                }
                token.Append(c);
            }
            if (quote != '\0') throw new FormatException("missing closing quote (or slash)");
            if (inToken) tokens.Add(token.ToString());
            return tokens;
        }
    }
}
