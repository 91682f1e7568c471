using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.Model.Data
{
    /// A small block-style YAML emitter for rendered pillar values, in the shape
    /// `reclass --nodeinfo` prints (PyYAML's block style): two-space indents, list items
    /// at their key's indent, strings quoted only when YAML would read them otherwise.
    internal static class ModelYaml
    {
        private static readonly Regex Plain = new Regex(@"^[^\s\-?:,\[\]{}#&*!|>'""%@`][^\t\r\n]*$", RegexOptions.CultureInvariant);
        private static readonly Regex Special = new Regex(
            @"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|" +
            @"[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|" +
            @"[-+]?0[xob][0-9a-fA-F_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?.*)$",
            RegexOptions.CultureInvariant);

        public static string Serialize(object value)
        {
            var text = new StringBuilder();
            if (IsCollection(value) && !IsEmpty(value)) Block(value, 0, text);
            else text.Append(Scalar(value, 0)).Append('\n');
            return text.ToString();
        }

        private static void Block(object value, int indent, StringBuilder text)
        {
            var pad = new string(' ', indent);
            if (value is IDictionary<string, object> map)
            {
                foreach (var pair in map)
                {
                    text.Append(pad).Append(String(pair.Key, indent)).Append(':');
                    var child = pair.Value;
                    if (IsCollection(child) && !IsEmpty(child))
                    {
                        text.Append('\n');
                        // PyYAML puts a list's items at the indent of the key that holds it.
                        Block(child, child is IDictionary<string, object> ? indent + 2 : indent, text);
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
                if (IsCollection(item) && !IsEmpty(item))
                {
                    var inner = new StringBuilder();
                    Block(item, indent + 2, inner);
                    // The item's first line starts after "- " instead of its indent.
                    text.Append(pad).Append("- ").Append(inner.ToString(indent + 2, inner.Length - indent - 2));
                }
                else
                {
                    text.Append(pad).Append("- ").Append(Scalar(item, indent + 2)).Append('\n');
                }
            }
        }

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
            if (Plain.IsMatch(s) && !(MayBeSpecial(s) && Special.IsMatch(s)) && !s.EndsWith(" ", StringComparison.Ordinal)
                && !s.EndsWith(":", StringComparison.Ordinal) && !s.Contains(": ") && !s.Contains(" #"))
                return s;
            if (s.IndexOf('\n') >= 0 && IsLiteralSafe(s))
            {
                var pad = new string(' ', indent);
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

        // Every alternative of Special starts with one of these characters (\d: any Unicode decimal
        // digit, as char.IsDigit), so the regex is asked only then: most keys and values start with
        // none, and on the real-shaped pillars Special was three quarters of Serialize's time
        // (docs/design/performance.md).
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
