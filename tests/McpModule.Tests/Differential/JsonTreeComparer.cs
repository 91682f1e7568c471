using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using McpModule.Model.Data;

namespace McpModule.Tests.Differential
{
    public enum JsonKind { Null, Bool, Integer, Float, String, Array, Object }

    /// A parsed JSON value. Numbers keep their spelling's kind: Python's json module
    /// (and so reclass, and our ModelJson) writes floats with a '.' or an exponent
    /// (1.0, 1e+16) and non-finite floats as NaN/Infinity/-Infinity, ints as digits.
    public sealed class JsonValue
    {
        public JsonKind Kind { get; private set; }
        public bool Bool { get; private set; }
        public BigInteger Integer { get; private set; }
        public double Float { get; private set; }
        public string String { get; private set; }
        public string Raw { get; private set; }
        public List<JsonValue> Items { get; private set; }
        public List<KeyValuePair<string, JsonValue>> Members { get; private set; }

        public static readonly JsonValue NullValue = new JsonValue { Kind = JsonKind.Null, Raw = "null" };
        public static JsonValue FromBool(bool b) => new JsonValue { Kind = JsonKind.Bool, Bool = b, Raw = b ? "true" : "false" };
        public static JsonValue FromString(string s) => new JsonValue { Kind = JsonKind.String, String = s };
        public static JsonValue FromInteger(BigInteger i, string raw) => new JsonValue { Kind = JsonKind.Integer, Integer = i, Raw = raw };
        public static JsonValue FromFloat(double d, string raw) => new JsonValue { Kind = JsonKind.Float, Float = d, Raw = raw };
        public static JsonValue FromArray(List<JsonValue> items) => new JsonValue { Kind = JsonKind.Array, Items = items };
        public static JsonValue FromObject(List<KeyValuePair<string, JsonValue>> members) => new JsonValue { Kind = JsonKind.Object, Members = members };

        public JsonValue this[string key]
        {
            get
            {
                if (Kind != JsonKind.Object) return null;
                foreach (var m in Members) if (m.Key == key) return m.Value;
                return null;
            }
        }

        public bool IsNull => Kind == JsonKind.Null;

        /// Short JSON text of the value, cut at <paramref name="max"/> characters.
        public string ToShortString(int max = 300)
        {
            var sb = new StringBuilder();
            Write(sb, max);
            return sb.Length > max ? sb.ToString(0, max) + "…" : sb.ToString();
        }

        public override string ToString() => ToShortString(int.MaxValue);

        private void Write(StringBuilder sb, int max)
        {
            if (sb.Length > max) return;
            switch (Kind)
            {
                case JsonKind.Null: sb.Append("null"); break;
                case JsonKind.Bool: sb.Append(Bool ? "true" : "false"); break;
                case JsonKind.Integer:
                case JsonKind.Float: sb.Append(Raw); break;
                case JsonKind.String: WriteString(sb, String); break;
                case JsonKind.Array:
                    sb.Append('[');
                    for (int i = 0; i < Items.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Items[i].Write(sb, max);
                        if (sb.Length > max) return;
                    }
                    sb.Append(']');
                    break;
                case JsonKind.Object:
                    sb.Append('{');
                    for (int i = 0; i < Members.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        WriteString(sb, Members[i].Key);
                        sb.Append(": ");
                        Members[i].Value.Write(sb, max);
                        if (sb.Length > max) return;
                    }
                    sb.Append('}');
                    break;
            }
        }

        internal static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }

    /// A small JSON reader that also accepts NaN, Infinity and -Infinity, which Python's
    /// json module (so reclass's -o json) and our ModelJson write for non-finite floats
    /// and which System.Text.Json refuses. Object member order is kept as read.
    public static class JsonLite
    {
        public static JsonValue Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            int pos = 0;
            var value = ParseValue(text, ref pos, 0);
            SkipWhitespace(text, ref pos);
            if (pos != text.Length) throw Error(text, pos, "trailing characters");
            return value;
        }

        private static FormatException Error(string text, int pos, string what)
        {
            var start = Math.Max(0, pos - 30);
            var len = Math.Min(60, text.Length - start);
            return new FormatException($"JSON: {what} at offset {pos}: …{text.Substring(start, len)}…");
        }

        private static void SkipWhitespace(string s, ref int pos)
        {
            while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) pos++;
        }

        private static bool Match(string s, ref int pos, string word)
        {
            if (string.CompareOrdinal(s, pos, word, 0, word.Length) == 0)
            {
                pos += word.Length;
                return true;
            }
            return false;
        }

        private static JsonValue ParseValue(string s, ref int pos, int depth)
        {
            if (depth > 2000) throw Error(s, pos, "nesting too deep");
            SkipWhitespace(s, ref pos);
            if (pos >= s.Length) throw Error(s, pos, "unexpected end");
            char c = s[pos];
            switch (c)
            {
                case '{':
                {
                    pos++;
                    var members = new List<KeyValuePair<string, JsonValue>>();
                    SkipWhitespace(s, ref pos);
                    if (pos < s.Length && s[pos] == '}') { pos++; return JsonValue.FromObject(members); }
                    while (true)
                    {
                        SkipWhitespace(s, ref pos);
                        if (pos >= s.Length || s[pos] != '"') throw Error(s, pos, "expected a member name");
                        var key = ParseString(s, ref pos);
                        SkipWhitespace(s, ref pos);
                        if (pos >= s.Length || s[pos] != ':') throw Error(s, pos, "expected ':'");
                        pos++;
                        var v = ParseValue(s, ref pos, depth + 1);
                        members.Add(new KeyValuePair<string, JsonValue>(key, v));
                        SkipWhitespace(s, ref pos);
                        if (pos < s.Length && s[pos] == ',') { pos++; continue; }
                        if (pos < s.Length && s[pos] == '}') { pos++; return JsonValue.FromObject(members); }
                        throw Error(s, pos, "expected ',' or '}'");
                    }
                }
                case '[':
                {
                    pos++;
                    var items = new List<JsonValue>();
                    SkipWhitespace(s, ref pos);
                    if (pos < s.Length && s[pos] == ']') { pos++; return JsonValue.FromArray(items); }
                    while (true)
                    {
                        items.Add(ParseValue(s, ref pos, depth + 1));
                        SkipWhitespace(s, ref pos);
                        if (pos < s.Length && s[pos] == ',') { pos++; continue; }
                        if (pos < s.Length && s[pos] == ']') { pos++; return JsonValue.FromArray(items); }
                        throw Error(s, pos, "expected ',' or ']'");
                    }
                }
                case '"':
                    return JsonValue.FromString(ParseString(s, ref pos));
                case 't':
                    if (Match(s, ref pos, "true")) return JsonValue.FromBool(true);
                    break;
                case 'f':
                    if (Match(s, ref pos, "false")) return JsonValue.FromBool(false);
                    break;
                case 'n':
                    if (Match(s, ref pos, "null")) return JsonValue.NullValue;
                    break;
                case 'N':
                    if (Match(s, ref pos, "NaN")) return JsonValue.FromFloat(double.NaN, "NaN");
                    break;
                case 'I':
                    if (Match(s, ref pos, "Infinity")) return JsonValue.FromFloat(double.PositiveInfinity, "Infinity");
                    break;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(s, ref pos);
                    break;
            }
            throw Error(s, pos, "unexpected character");
        }

        private static JsonValue ParseNumber(string s, ref int pos)
        {
            int start = pos;
            if (s[pos] == '-')
            {
                pos++;
                if (Match(s, ref pos, "Infinity")) return JsonValue.FromFloat(double.NegativeInfinity, "-Infinity");
            }
            bool isFloat = false;
            while (pos < s.Length)
            {
                char c = s[pos];
                if (c >= '0' && c <= '9') { pos++; continue; }
                if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') { isFloat = true; pos++; continue; }
                break;
            }
            var raw = s.Substring(start, pos - start);
            if (raw == "-" || raw.Length == 0) throw Error(s, start, "bad number");
            if (isFloat)
            {
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) throw Error(s, start, "bad number");
                return JsonValue.FromFloat(d, raw);
            }
            return JsonValue.FromInteger(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), raw);
        }

        private static string ParseString(string s, ref int pos)
        {
            pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= s.Length) throw Error(s, pos, "unterminated string");
                char c = s[pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (pos >= s.Length) throw Error(s, pos, "unterminated escape");
                char e = s[pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.Length) throw Error(s, pos, "bad \\u escape");
                        sb.Append((char)int.Parse(s.Substring(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        pos += 4;
                        break;
                    default: throw Error(s, pos, "bad escape");
                }
            }
        }
    }

    /// Compares our nodeinfo with reclass's: object member order ignored, list order
    /// significant, numbers compared by value but int and float kept apart (1 ≠ 1.0),
    /// NaN equal to NaN, __reclass__.timestamp ignored.
    public static class JsonTreeComparer
    {
        public sealed class Difference
        {
            public string Path { get; set; }
            public string What { get; set; }
            public JsonValue Expected { get; set; }
            public JsonValue Actual { get; set; }

            public override string ToString() =>
                $"at {Path}: {What}\n      reclass: {Describe(Expected)}\n      ours:    {Describe(Actual)}";

            private static string Describe(JsonValue v) => v == null ? "<absent>" : v.ToShortString(400);
        }

        /// The first difference, or null when both trees are equal.
        public static Difference Compare(JsonValue expected, JsonValue actual) =>
            Compare(expected, actual, "$");

        private static Difference Compare(JsonValue e, JsonValue a, string path)
        {
            if (e.Kind != a.Kind)
            {
                // 1 vs 1.0 is a difference on purpose (reclass keeps YAML's int/float).
                return new Difference { Path = path, What = $"type {e.Kind} vs {a.Kind}", Expected = e, Actual = a };
            }
            switch (e.Kind)
            {
                case JsonKind.Null:
                    return null;
                case JsonKind.Bool:
                    return e.Bool == a.Bool ? null : Diff(path, "different value", e, a);
                case JsonKind.Integer:
                    return e.Integer == a.Integer ? null : Diff(path, "different value", e, a);
                case JsonKind.Float:
                    if (double.IsNaN(e.Float) && double.IsNaN(a.Float)) return null;
                    return e.Float.Equals(a.Float) ? null : Diff(path, "different value", e, a);
                case JsonKind.String:
                    return string.Equals(e.String, a.String, StringComparison.Ordinal) ? null : Diff(path, "different string", e, a);
                case JsonKind.Array:
                {
                    int n = Math.Min(e.Items.Count, a.Items.Count);
                    for (int i = 0; i < n; i++)
                    {
                        var d = Compare(e.Items[i], a.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                        if (d != null) return d;
                    }
                    if (e.Items.Count != a.Items.Count)
                        return Diff(path, $"list length {e.Items.Count} vs {a.Items.Count}", e, a);
                    return null;
                }
                case JsonKind.Object:
                {
                    var actualMembers = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
                    foreach (var m in a.Members) actualMembers[m.Key] = m.Value;
                    var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var m in e.Members)
                    {
                        expectedKeys.Add(m.Key);
                        if (Ignored(path, m.Key)) continue;
                        var sub = path + "." + m.Key;
                        if (!actualMembers.TryGetValue(m.Key, out var av))
                            return new Difference { Path = sub, What = "key missing in ours", Expected = m.Value, Actual = null };
                        var d = Compare(m.Value, av, sub);
                        if (d != null) return d;
                    }
                    foreach (var m in a.Members)
                    {
                        if (expectedKeys.Contains(m.Key) || Ignored(path, m.Key)) continue;
                        return new Difference { Path = path + "." + m.Key, What = "extra key in ours", Expected = null, Actual = m.Value };
                    }
                    return null;
                }
            }
            return null;
        }

        private static bool Ignored(string path, string key) => path == "$.__reclass__" && key == "timestamp";

        private static Difference Diff(string path, string what, JsonValue e, JsonValue a) =>
            new Difference { Path = path, What = what, Expected = e, Actual = a };
    }
}
