#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace McpModule.Compare
{
    /// Changes as a pull-request comment: one table row per kind and key with the nodes it
    /// reaches, within maxLength characters (GitHub takes 65,536 in a comment); the rows that do not
    /// fit are counted in a last line. Model values are data from the repository: every one is
    /// HTML-escaped inside <code>, so none becomes markup, a link or a mention.
    internal static class ChangeMarkdown
    {
        public const int DefaultMaxLength = 60000;
        private const int ValueLength = 120;
        private const int MinimumLength = 400;

        public static string Write(IReadOnlyList<McpModelChange> changes, int maxLength)
        {
            if (maxLength < MinimumLength) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"A comment needs at least {MinimumLength} characters.");
            var first = changes.Count > 0 ? changes[0] : null;
            var reference = first?.Reference;
            var difference = first?.Difference;
            var sb = new StringBuilder();
            sb.Append("### Model changes");
            if (first != null) sb.Append(": ").Append(Code(reference!)).Append(" → ").Append(Code(difference!));
            sb.Append("\n\n");
            if (changes.Count == 0)
            {
                sb.Append("No node changes.\n");
                return sb.ToString();
            }
            var nodes = changes.Select(c => c.Node).Distinct(StringComparer.Ordinal).Count();
            var summaries = ChangeSummaries.Group(changes);
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0} change{1} on {2} node{3}, {4} distinct.\n\n",
                changes.Count, changes.Count == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s", summaries.Count));
            sb.Append("| Change | Key | Nodes | Before | After |\n| --- | --- | --- | --- | --- |\n");
            var written = 0;
            foreach (var summary in summaries)
            {
                var row = Row(summary);
                var left = summaries.Count - written;
                // room is kept for the line that says what was left out
                if (sb.Length + row.Length + (left > 1 ? 80 : 0) > maxLength) break;
                sb.Append(row);
                written++;
            }
            if (written < summaries.Count)
            {
                var leftOut = summaries.Skip(written).ToList();
                sb.Append(string.Format(CultureInfo.InvariantCulture, "\n… and {0} more row{1} ({2} change{3}) left out to stay within {4:N0} characters.\n",
                    leftOut.Count, leftOut.Count == 1 ? "" : "s", leftOut.Sum(s => s.Count), leftOut.Sum(s => s.Count) == 1 ? "" : "s", maxLength));
            }
            return sb.ToString();
        }

        private static string Row(McpModelChangeSummary s)
        {
            var before = s.Varies ? "<i>varies</i>" : Code(ChangeText.Short(s.BeforeValue, ValueLength));
            var after = s.Varies ? "<i>varies</i>" : Code(ChangeText.Short(s.AfterValue, ValueLength));
            if (s.Kind == McpModelChangeKind.ClassAdded || s.Kind == McpModelChangeKind.ClassRemoved ||
                s.Kind == McpModelChangeKind.ApplicationAdded || s.Kind == McpModelChangeKind.ApplicationRemoved)
                before = after = "";
            var nodes = ChangeText.Short(s.NodeList, 300);
            return $"| {s.Kind} | {(s.Key == null ? "" : Code(s.Key))} | {s.Count}: {Escape(nodes)} | {before} | {after} |\n";
        }

        private static string Code(string text) => text.Length == 0 ? "" : "<code>" + Escape(text) + "</code>";

        // HTML entities for markup, '|' for the table, and the characters Markdown acts on inside a cell.
        private static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length + 16);
            foreach (var c in WebUtility.HtmlEncode(text))
            {
                switch (c)
                {
                    case '|': sb.Append("&#124;"); break;
                    case '`': sb.Append("&#96;"); break;
                    case '*': sb.Append("&#42;"); break;
                    case '_': sb.Append("&#95;"); break;
                    case '[': sb.Append("&#91;"); break;
                    case ']': sb.Append("&#93;"); break;
                    case '@': sb.Append("&#64;"); break;
                    case '\\': sb.Append("&#92;"); break;
                    case '~': sb.Append("&#126;"); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }
    }
}
