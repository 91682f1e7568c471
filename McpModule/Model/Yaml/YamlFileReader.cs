using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpModule.Model.Yaml
{
    /// Reads one YAML file into OrderedMap / List / scalars, as PyYAML's safe_load
    /// would, and turns every problem into a ModelException naming file, line, column.
    internal static class YamlFileReader
    {
        private const string TagPrefix = "tag:yaml.org,2002:";

        public static object Read(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ModelException(ModelErrorKind.InvalidFile, $"Cannot read '{path}': {e.Message}", file: path, inner: e);
            }
            return Parse(text, path);
        }

        public static object Parse(string text, string path)
        {
            var parser = new Parser(new StringReader(text));
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) return null;
                parser.Consume<DocumentStart>();
                var anchors = new Dictionary<string, object>(StringComparer.Ordinal);
                var root = ReadNode(parser, anchors, path, false);
                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var second))
                    throw Error(path, second.Start, "expected a single document in the stream, but found another document");
                return root;
            }
            catch (YamlException e) when (!(e is ModelYamlException))
            {
                var reason = e.InnerException?.Message ?? e.Message;
                // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...)": keep the reason only.
                var cut = reason.LastIndexOf("): ", StringComparison.Ordinal);
                if (reason.StartsWith("(Line", StringComparison.Ordinal) && cut > 0) reason = reason.Substring(cut + 3);
                throw new ModelException(ModelErrorKind.YamlSyntax,
                    $"YAML syntax error in '{path}' at line {e.Start.Line}, column {e.Start.Column}: {reason}",
                    file: path, line: (int)e.Start.Line, column: (int)e.Start.Column, inner: e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet's scanner trips over some malformed input without a mark;
                // rescan to find how far the text was well-formed.
                var mark = LastGoodMark(text);
                throw new ModelException(ModelErrorKind.YamlSyntax,
                    $"YAML syntax error in '{path}' at line {mark.Line}, column {mark.Column}: the text after this point is not valid YAML.",
                    file: path, line: (int)mark.Line, column: (int)mark.Column, inner: e);
            }
            catch (ModelYamlException e)
            {
                throw new ModelException(ModelErrorKind.YamlSyntax,
                    $"YAML error in '{path}' at line {e.Start.Line}, column {e.Start.Column}: {e.Reason}",
                    file: path, line: (int)e.Start.Line, column: (int)e.Start.Column);
            }
        }

        private static Mark LastGoodMark(string text)
        {
            var scanner = new Scanner(new StringReader(text));
            var mark = new Mark(0, 1, 1);
            try
            {
                while (scanner.MoveNext()) mark = scanner.Current.End;
            }
            catch (Exception) { }
            return mark;
        }

        private sealed class ModelYamlException : YamlException
        {
            public ModelYamlException(Mark start, string reason) : base(start, start, reason) { Reason = reason; }
            public string Reason { get; }
        }

        private static ModelYamlException Error(string path, Mark mark, string reason) => new ModelYamlException(mark, reason);

        /// <param name="inSequence">Mappings inside lists never pass through reclass's
        /// merge, which turns keys into str(); their None/True/False keys reach the JSON
        /// output as null/true/false instead.</param>
        private static object ReadNode(IParser parser, Dictionary<string, object> anchors, string path, bool inSequence)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    throw Error(path, alias.Start, $"found undefined alias '{alias.Value}'");
                return target;
            }
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var value = ConstructScalar(scalar, path);
                if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = value;
                return value;
            }
            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                CheckTag(seqStart.Tag, "seq", seqStart.Start, path);
                var list = new List<object>();
                if (!seqStart.Anchor.IsEmpty) anchors[seqStart.Anchor.Value] = list;
                while (!parser.TryConsume<SequenceEnd>(out _))
                    list.Add(ReadNode(parser, anchors, path, true));
                return list;
            }
            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                CheckTag(mapStart.Tag, "map", mapStart.Start, path);
                var pairs = new List<KeyValuePair<object, object>>();
                var merges = new List<object>();
                var map = new OrderedMap();
                if (!mapStart.Anchor.IsEmpty) anchors[mapStart.Anchor.Value] = map;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = parser.Current.Start;
                    var isPlainMergeKey = parser.Current is Scalar ks && ks.Value == "<<" && ks.Style == ScalarStyle.Plain && ks.Tag.IsEmpty;
                    var key = ReadNode(parser, anchors, path, inSequence);
                    var value = ReadNode(parser, anchors, path, inSequence);
                    if (isPlainMergeKey)
                    {
                        if (value is OrderedMap) merges.Add(value);
                        else if (value is List<object> many)
                        {
                            foreach (var m in many)
                            {
                                if (!(m is OrderedMap)) throw Error(path, keyStart, "while constructing a mapping: expected a mapping for merging");
                                merges.Add(m);
                            }
                        }
                        else throw Error(path, keyStart, "while constructing a mapping: expected a mapping or list of mappings for merging");
                        continue;
                    }
                    if (key is OrderedMap || key is List<object>)
                        throw Error(path, keyStart, "while constructing a mapping: found unhashable key");
                    pairs.Add(new KeyValuePair<object, object>(key, value));
                }
                // PyYAML's flatten_mapping: merged pairs first (later sources first), then
                // the mapping's own pairs; the last assignment of a key wins.
                // Keys that Python finds equal (1, 1.0, True) share one entry, which keeps
                // the first key and the last value.
                var slots = new Dictionary<string, string>(StringComparer.Ordinal);
                void Put(object key, object value)
                {
                    var identity = KeyIdentity(key);
                    if (!slots.TryGetValue(identity, out var text))
                        slots[identity] = text = KeyText(key, inSequence);
                    map[text] = value;
                }
                for (int i = merges.Count - 1; i >= 0; i--)
                    foreach (var pair in (OrderedMap)merges[i]) Put(pair.Key, pair.Value);
                foreach (var pair in pairs) Put(pair.Key, pair.Value);
                return map;
            }
            throw Error(path, parser.Current?.Start ?? Mark.Empty, "unexpected YAML event " + parser.Current?.GetType().Name);
        }

        private static string KeyIdentity(object key)
        {
            switch (key)
            {
                case null: return "none";
                case bool b: return b ? "n:1" : "n:0";
                case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Floor(d) == d && Math.Abs(d) < 1e18:
                    return "n:" + ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case double d: return "f:" + PythonFormat.Float(d);
                case string s: return "s:" + s;
                default: return "n:" + PythonFormat.Str(key);
            }
        }

        private static string KeyText(object key, bool inSequence)
        {
            if (inSequence)
            {
                if (key == null) return "null";
                if (key is bool b) return b ? "true" : "false";
            }
            return PythonFormat.Str(key);
        }

        private static void CheckTag(TagName tag, string expected, Mark mark, string path)
        {
            if (tag.IsEmpty || tag.Value == "!" || tag.Value == TagPrefix + expected) return;
            throw Error(path, mark, $"could not determine a constructor for the tag '{tag.Value}'");
        }

        private static object ConstructScalar(Scalar scalar, string path)
        {
            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
            if (tag == null)
            {
                if (scalar.Style != ScalarStyle.Plain) return scalar.Value;
                if (scalar.Value == "=")
                    throw Error(path, scalar.Start, "could not determine a constructor for the tag 'tag:yaml.org,2002:value'");
                return YamlScalarResolver.ResolvePlain(scalar.Value);
            }
            try
            {
                switch (tag)
                {
                    case "!":
                    case TagPrefix + "str": return scalar.Value;
                    case TagPrefix + "int": return YamlScalarResolver.ConstructInt(scalar.Value);
                    case TagPrefix + "float": return YamlScalarResolver.ConstructFloat(scalar.Value);
                    case TagPrefix + "bool":
                        var b = YamlScalarResolver.ResolvePlain(scalar.Value);
                        if (b is bool) return b;
                        break;
                    case TagPrefix + "null": return null;
                }
            }
            catch (FormatException) { }
            throw Error(path, scalar.Start, $"could not construct a scalar with the tag '{tag}' from '{scalar.Value}'");
        }
    }
}
