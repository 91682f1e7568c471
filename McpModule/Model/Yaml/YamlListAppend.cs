using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using McpModule.Model.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpModule.Model.Yaml
{
    /// Appends items to the list at a key path of a YAML file's text, changing nothing else: the
    /// file's comments, order, quoting and layout stay byte for byte, so that a model repository
    /// an admin keeps in git gets a diff of exactly the new lines. Missing keys on the way are
    /// added (block style); a flow list ([], [a]) grows in flow style; an empty value becomes a
    /// block list. The result is read back and checked, so a layout this cannot handle is an
    /// error, never a wrong file.
    internal static class YamlListAppend
    {
        private sealed class Node
        {
            public bool IsMap, IsSeq, IsFlow, IsNull;
            public Mark Start, End;
            public int ContentEnd;                     // offset just past the last scalar/collection end inside
            public readonly List<(Node Key, Node Value)> Pairs = new List<(Node, Node)>();
            public readonly List<Node> Items = new List<Node>();
            public string Text;                        // scalars
        }

        /// The new text. Items are maps of plain values (string, long, bool), written in the
        /// order given. Throws FormatException naming the file and line when the path cannot take a list.
        public static string Append(string text, string file, IReadOnlyList<string> path, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> items)
        {
            if (path == null || path.Count == 0) throw new ArgumentException("A key path is needed.", nameof(path));
            if (items == null || items.Count == 0) return text;
            var nl = text.Contains("\r\n") ? "\r\n" : "\n";
            var root = Read(text, file);
            if (root == null || !root.IsMap || root.IsFlow)
                throw new FormatException($"{file}: the file is not a block mapping of keys; add {string.Join(":", path)} by hand.");

            var node = root;
            var keyColumn = root.Pairs.Count > 0 ? (int)root.Pairs[0].Key.Start.Column - 1 : 0;
            var depth = 0;
            for (; depth < path.Count; depth++)
            {
                var pair = node.Pairs.FirstOrDefault(p => p.Key.Text == path[depth]);
                if (pair.Key == null) break;
                if (depth < path.Count - 1 && !pair.Value.IsMap && !pair.Value.IsNull)
                    throw new FormatException($"{file}:{pair.Value.Start.Line}: {string.Join(":", path.Take(depth + 1))} is not a mapping; cannot add {string.Join(":", path)}.");
                keyColumn = (int)pair.Key.Start.Column - 1;
                if (pair.Value.IsNull)
                {
                    // key: (nothing), key: ~, key: null → the rest of the path and the list as a block under
                    // it, in place of the null's text (and the blanks before it)
                    var block = nl + Block(path.Skip(depth + 1).ToList(), items, keyColumn + 2, nl).TrimEnd('\r', '\n');
                    var from = (int)pair.Value.Start.Index;
                    var to = (int)pair.Value.End.Index;
                    if (to > from)
                        while (from > (int)pair.Key.End.Index + 1 && text[from - 1] == ' ') from--;
                    return Checked(text.Substring(0, from) + block + text.Substring(to), file, path, items);
                }
                node = pair.Value;
                if (node.IsMap && node.IsFlow)
                    throw new FormatException($"{file}:{node.Start.Line}: {string.Join(":", path.Take(depth + 1))} is a flow mapping ({{...}}); write it as a block to let items be added.");
                if (node.IsMap && node.Pairs.Count > 0) keyColumn = (int)node.Pairs[0].Key.Start.Column - 1;
                else if (node.IsMap) keyColumn += 2;
            }

            if (depth == path.Count)
            {
                if (!node.IsSeq) throw new FormatException($"{file}:{node.Start.Line}: {string.Join(":", path)} is not a list.");
                if (node.IsFlow)
                {
                    // [a, b] → [a, b, {k: v}]: the sequence's end is at its closing bracket
                    var close = (int)node.End.Index;
                    if (close < 0 || text[close] != ']') throw new FormatException($"{file}:{node.Start.Line}: cannot find the end of the flow list {string.Join(":", path)}.");
                    var flow = string.Join(", ", items.Select(Flow));
                    return Checked(Insert(text, close, (node.Items.Count > 0 ? ", " : "") + flow), file, path, items);
                }
                var dash = (int)node.Items[0].Start.Column - 3;   // "- " before the first item's content
                if (dash < 0 || text[(int)node.Items[0].Start.Index - 2] != '-') dash = Math.Max(0, (int)node.Start.Column - 1);
                var at = LineEnd(text, node.ContentEnd);
                return Checked(Insert(text, at, (at > 0 && text[at - 1] != '\n' ? nl : "") + Items(items, dash, nl)), file, path, items);
            }

            // The deepest existing mapping gets the missing keys at its key column, after its last line.
            var end = LineEnd(text, node.ContentEnd);
            var lines = Block(path.Skip(depth).ToList(), items, keyColumn, nl);
            return Checked(Insert(text, end, (end > 0 && text[end - 1] != '\n' ? nl : "") + lines), file, path, items);
        }

        /// The new text without the items of the block list at the path that are maps whose key
        /// equals value (or scalars equal to value); the text as it was when none is there.
        /// A list left empty becomes []. Throws FormatException when the list is not a block list.
        public static string Remove(string text, string file, IReadOnlyList<string> path, string key, string value)
        {
            var root = Read(text, file);
            Node parentKey = null;
            var node = root;
            foreach (var k in path)
            {
                if (node == null || !node.IsMap) return text;
                var pair = node.Pairs.FirstOrDefault(p => p.Key.Text == k);
                if (pair.Key == null) return text;
                parentKey = pair.Key;
                node = pair.Value;
            }
            if (node == null || !node.IsSeq) return text;
            bool Matches(Node item) => item.IsMap ? item.Pairs.Any(p => p.Key.Text == key && p.Value.Text == value) : item.Text == value;
            if (!node.Items.Any(Matches)) return text;
            if (node.IsFlow) throw new FormatException($"{file}:{node.Start.Line}: {string.Join(":", path)} is a flow list ([...]); remove {value} from it by hand.");
            var result = text;
            // from the last match back, so earlier offsets stay valid; every range is measured in the
            // text as read (a removed item's offsets mean nothing in the text after its removal)
            for (var i = node.Items.Count - 1; i >= 0; i--)
            {
                if (!Matches(node.Items[i])) continue;
                var from = LineStart(text, (int)node.Items[i].Start.Index);
                var to = i + 1 < node.Items.Count ? LineStart(text, (int)node.Items[i + 1].Start.Index) : LineEnd(text, node.Items[i].ContentEnd);
                result = result.Substring(0, from) + result.Substring(to);
            }
            if (node.Items.All(Matches))
                result = Insert(result, (int)parentKey.End.Index + 1, " []");   // after "key:"
            try { YamlFileReader.Parse(result, file); }
            catch (ModelException e) { throw new FormatException($"{file}: removing {value} from {string.Join(":", path)} would make the file unreadable ({e.Message}); remove it by hand.", e); }
            return result;
        }

        private static int LineStart(string text, int offset)
        {
            var i = offset <= 0 ? -1 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1);
            return i + 1;
        }

        private static string Block(IReadOnlyList<string> keys, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> items, int column, string nl)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < keys.Count; i++) sb.Append(' ', column + 2 * i).Append(Scalar(keys[i])).Append(':').Append(nl);
            sb.Append(Items(items, column + 2 * keys.Count, nl));
            return sb.ToString();
        }

        private static string Items(IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> items, int column, string nl)
        {
            var sb = new StringBuilder();
            foreach (var item in items)
                for (var i = 0; i < item.Count; i++)
                    sb.Append(' ', column).Append(i == 0 ? "- " : "  ").Append(Scalar(item[i].Key)).Append(": ").Append(Scalar(item[i].Value)).Append(nl);
            return sb.ToString();
        }

        private static string Flow(IReadOnlyList<KeyValuePair<string, object>> item) =>
            "{" + string.Join(", ", item.Select(kv => Scalar(kv.Key) + ": " + Scalar(kv.Value))) + "}";

        private static readonly Regex Plain = new Regex(@"^[A-Za-z0-9/_.][A-Za-z0-9/_.+-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex LooksTyped = new Regex(@"^([-+]?[0-9._]+([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o?[0-7]+|(true|false|yes|no|on|off|null|y|n)|~)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// A value as one YAML scalar: plain when it reads back as the same string, else double-quoted.
        private static string Scalar(object value)
        {
            switch (value)
            {
                case bool b: return b ? "true" : "false";
                case long l: return l.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case int i: return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            var s = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (Plain.IsMatch(s) && !LooksTyped.IsMatch(s)) return s;
            var sb = new StringBuilder("\"");
            foreach (var c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        private static string Insert(string text, int at, string what) => text.Substring(0, at) + what + text.Substring(at);

        private static int LineEnd(string text, int offset)
        {
            var i = text.IndexOf('\n', Math.Min(offset, text.Length));
            return i < 0 ? text.Length : i + 1;
        }

        /// The new text read back: the list at the path ends with the items, or the edit is refused.
        private static string Checked(string text, string file, IReadOnlyList<string> path, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> items)
        {
            object value;
            try { value = YamlFileReader.Parse(text, file); }
            catch (ModelException e) { throw new FormatException($"{file}: adding to {string.Join(":", path)} would make the file unreadable ({e.Message}); add it by hand.", e); }
            foreach (var key in path)
                value = value is OrderedMap m && m.TryGetValue(key, out var v) ? v : null;
            var list = value as List<object>;
            var ok = list != null && list.Count >= items.Count;
            for (var i = 0; ok && i < items.Count; i++)
            {
                var got = list[list.Count - items.Count + i] as OrderedMap;
                ok = got != null && got.Count == items[i].Count && items[i].All(kv => got.TryGetValue(kv.Key, out var g) && Equals(Normal(g), Normal(kv.Value)));
            }
            if (!ok) throw new FormatException($"{file}: the layout around {string.Join(":", path)} is one this edit cannot follow; add the items by hand.");
            return text;
        }

        private static object Normal(object v) => v is int i ? (long)i : v;

        private static Node Read(string text, string file)
        {
            var parser = new Parser(new StringReader(text));
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) return null;
                parser.Consume<DocumentStart>();
                if (parser.Accept<DocumentEnd>(out _)) return null;
                return ReadNode(parser, 0);
            }
            catch (YamlException e)
            {
                throw new FormatException($"{file}:{e.Start.Line}: {e.Message}", e);
            }
        }

        private static Node ReadNode(IParser parser, int depth)
        {
            if (depth > ModelLimits.MaxNestingDepth) throw new YamlException("nested too deeply");
            var e = parser.Current;
            parser.MoveNext();
            switch (e)
            {
                case Scalar s:
                    return new Node
                    {
                        Text = s.Value, Start = s.Start, End = s.End, ContentEnd = (int)s.End.Index,
                        IsNull = s.Style == ScalarStyle.Plain && (s.Value.Length == 0 || s.Value == "~" || s.Value == "null"),
                    };
                case MappingStart m:
                {
                    var n = new Node { IsMap = true, IsFlow = m.Style == MappingStyle.Flow, Start = m.Start, ContentEnd = (int)m.End.Index };
                    while (!(parser.Current is MappingEnd))
                    {
                        var k = ReadNode(parser, depth + 1);
                        var v = ReadNode(parser, depth + 1);
                        n.Pairs.Add((k, v));
                        n.ContentEnd = Math.Max(n.ContentEnd, Math.Max(k.ContentEnd, v.ContentEnd));
                    }
                    n.End = parser.Current.End;
                    if (n.IsFlow) n.ContentEnd = (int)n.End.Index;
                    parser.MoveNext();
                    return n;
                }
                case SequenceStart q:
                {
                    var n = new Node { IsSeq = true, IsFlow = q.Style == SequenceStyle.Flow, Start = q.Start, ContentEnd = (int)q.End.Index };
                    while (!(parser.Current is SequenceEnd))
                    {
                        var item = ReadNode(parser, depth + 1);
                        n.Items.Add(item);
                        n.ContentEnd = Math.Max(n.ContentEnd, item.ContentEnd);
                    }
                    n.End = parser.Current.End;
                    if (n.IsFlow) n.ContentEnd = (int)n.End.Index;
                    parser.MoveNext();
                    return n;
                }
                case AnchorAlias a:
                    return new Node { Start = a.Start, End = a.End, ContentEnd = (int)a.End.Index, Text = "*" + a.Value };
                default:
                    throw new YamlException(e.Start, e.End, "unexpected " + e.GetType().Name);
            }
        }
    }
}
