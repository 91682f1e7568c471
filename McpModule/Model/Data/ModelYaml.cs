using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace McpModule.Model.Data
{
    /// A small block-style YAML emitter for rendered pillar values, in the shape
    /// `reclass --nodeinfo` prints (PyYAML's block style): two-space indents, list items
    /// at their key's indent, strings quoted only when YAML would read them otherwise.
    internal static class ModelYaml
    {
        /// output: one command's output of many values (its builder, and the YAML of subtrees
        /// written before, to write them again from); null writes everything anew.
        public static string Serialize(object value, YamlOutput output = null)
        {
            var text = output?.Begin() ?? new StringBuilder();
            if (IsCollection(value) && !IsEmpty(value)) Block(value, 0, text, output);
            else text.Append(Scalar(value, 0)).Append('\n');
            return text.ToString();
        }

        // lead: what the first line starts with instead of its indent (a list item's "- ", after
        // the indent of the list), so an item's block is written in place, not built apart and cut.
        private static void Block(object value, int indent, StringBuilder text, YamlOutput output, string lead = null)
        {
            var pad = Pad(indent);
            if (value is IDictionary<string, object> map)
            {
                foreach (var pair in map)
                {
                    text.Append(lead ?? pad).Append(String(pair.Key, indent)).Append(':');
                    lead = null;
                    var child = pair.Value;
                    if (IsCollection(child) && !IsEmpty(child))
                    {
                        text.Append('\n');
                        // PyYAML puts a list's items at the indent of the key that holds it.
                        var at = child is IDictionary<string, object> ? indent + 2 : indent;
                        var keep = false;
                        if (output != null && output.TryAppend(child, at, text, out keep)) continue;
                        var start = text.Length;
                        Block(child, at, text, output);
                        if (keep) output.Kept(child, at, text, start);
                    }
                    else
                    {
                        text.Append(' ').Append(Scalar(child, indent + 2)).Append('\n');
                    }
                }
                return;
            }
            foreach (var item in (IList)value)
            {
                var itemLead = lead == null ? DashPad(indent) : lead + "- ";
                lead = null;
                if (IsCollection(item) && !IsEmpty(item)) Block(item, indent + 2, text, output, itemLead);
                else text.Append(itemLead).Append(Scalar(item, indent + 2)).Append('\n');
            }
        }

        // Indents, and indents with a list item's "- ", made once.
        private static readonly string[] Pads = MakePads(32, ""), DashPads = MakePads(32, "- ");

        private static string[] MakePads(int count, string tail)
        {
            var pads = new string[count];
            for (var i = 0; i < count; i++) pads[i] = new string(' ', i) + tail;
            return pads;
        }

        private static string Pad(int indent) => indent < Pads.Length ? Pads[indent] : new string(' ', indent);

        private static string DashPad(int indent) => indent < DashPads.Length ? DashPads[indent] : new string(' ', indent) + "- ";

        private static bool IsCollection(object value) => value is IDictionary<string, object> || (value is IList && !(value is string));

        private static bool IsEmpty(object value) =>
            value is IDictionary<string, object> map ? map.Count == 0 : ((IList)value).Count == 0;

        private static string Scalar(object value, int indent)
        {
            switch (value)
            {
                case null: return "null";
                case bool b: return b ? "true" : "false";
                case string s: return String(s, indent);
                case double d: return PythonFormat.Float(d);
                case float f: return PythonFormat.Float(f);
                case IDictionary<string, object> _: return "{}";
                case IList _: return "[]";
                case IFormattable number: return number.ToString(null, CultureInfo.InvariantCulture);
                default: return String(value.ToString(), indent);
            }
        }

        private static string String(string s, int indent)
        {
            if (s.Length == 0) return "''";
            if (IsPlain(s) && !(MayBeSpecial(s) && YamlSpecialScalar.Matches(s)) && !s.EndsWith(" ", StringComparison.Ordinal)
                && !s.EndsWith(":", StringComparison.Ordinal) && !s.Contains(": ") && !s.Contains(" #"))
                return s;
            if (s.IndexOf('\n') >= 0 && IsLiteralSafe(s))
            {
                var pad = Pad(indent);
                var body = s.EndsWith("\n", StringComparison.Ordinal) ? s.Substring(0, s.Length - 1) : s;
                var header = s.EndsWith("\n", StringComparison.Ordinal) ? "|" : "|-";
                var text = new StringBuilder(header);
                foreach (var line in body.Split('\n'))
                    text.Append('\n').Append(line.Length == 0 ? "" : pad + line);
                return text.ToString();
            }
            if (!HasControl(s)) return "'" + s.Replace("'", "''") + "'";
            var quoted = new StringBuilder("\"");
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\r': quoted.Append("\\r"); break;
                    case '\t': quoted.Append("\\t"); break;
                    default:
                        if (c < ' ' || c == '\u007f') quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        else quoted.Append(c);
                        break;
                }
            }
            return quoted.Append('"').ToString();
        }

        // A plain scalar's first character is no blank and no YAML indicator, and no tab or line
        // break follows. (This was the regex ^[^\s...][^\t\r\n]*$, whose $ also matches before a
        // last newline: "abc\n" was written plain, and read back without its newline. By hand it
        // is also a tenth of the time: every key and string of a pillar asks.)
        private static bool IsPlain(string s)
        {
            if (char.IsWhiteSpace(s[0]) || Indicators.IndexOf(s[0]) >= 0) return false;
            for (var i = 1; i < s.Length; i++)
            {
                var c = s[i];
                if (c == '\t' || c == '\r' || c == '\n') return false;
            }
            return true;
        }

        private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";

        // Every special scalar (YamlSpecialScalar) starts with one of these characters or a digit
        // (any Unicode decimal digit, as char.IsDigit), so it is asked only then: most keys and
        // values start with none (docs/design/performance.md).
        private static bool MayBeSpecial(string s) => char.IsDigit(s[0]) || SpecialStarts.IndexOf(s[0]) >= 0;

        private const string SpecialStarts = "~nNtTfFyYoO=<+-.";

        private static bool HasControl(string s)
        {
            foreach (var c in s)
                if (c < ' ' || c == '\u007f') return true;
            return false;
        }

        // A literal block keeps the text as is, when it has no other control characters,
        // no trailing blanks on a line, does not start with a blank and ends with at most one newline.
        private static bool IsLiteralSafe(string s)
        {
            if (s[0] == ' ' || s[0] == '\n' || s.EndsWith("\n\n", StringComparison.Ordinal)) return false;
            foreach (var line in s.Split('\n'))
            {
                if (line.EndsWith(" ", StringComparison.Ordinal) || line.EndsWith("\t", StringComparison.Ordinal)) return false;
                foreach (var c in line)
                    if (c < ' ' && c != '\t' || c == '\u007f') return false;
            }
            return true;
        }
    }
}
