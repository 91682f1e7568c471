using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using McpModule.Model.Data;

namespace McpModule.Model.Yaml
{
    /// Reads one YAML file into OrderedMap / List / scalars, as PyYAML's safe_load
    /// would, and turns every problem into a ModelException naming file, line, column.
    /// Bounded (ModelLimits): the file's size, its nesting, its aliases and what they
    /// expand to; an alias inside the value it names (a value that contains itself) is an
    /// error here, where PyYAML builds a loop that reclass then recurses into for ever.
    internal sealed class YamlFileReader
    {
        private const string TagPrefix = "tag:yaml.org,2002:";

        /// An anchored value; Size is what an alias of it expands to, -1 while it is still read.
        private sealed class Anchor
        {
            public object Value;
            public long Size = -1;
            public Mark Start;
        }

        private readonly IParser _parser;
        private readonly string _path;
        private readonly bool _scalarsAsText;
        private readonly CancellationToken _cancellation;
        private readonly Dictionary<string, Anchor> _anchors = new Dictionary<string, Anchor>(StringComparer.Ordinal);
        private int _depth, _aliases, _events;
        private long _aliasExpansion;

        private YamlFileReader(string text, string path, bool scalarsAsText, CancellationToken cancellation)
        {
            _parser = new Parser(new StringReader(text));
            _path = path;
            _scalarsAsText = scalarsAsText;
            _cancellation = cancellation;
        }

        public static object Read(string path, CancellationToken cancellation = default) =>
            Parse(ReadText(path), path, cancellation: cancellation);

        /// The file's text: at most ModelLimits.MaxFileBytes of UTF-8 (a FIFO or device reads as empty).
        internal static string ReadText(string path) => DecodeText(ReadBytes(path), path);

        /// The file's bytes: at most ModelLimits.MaxFileBytes (a FIFO or device reads as empty).
        internal static byte[] ReadBytes(string path)
        {
            try { return InputFile.ReadBytes(path, ModelLimits.MaxFileBytes); }
            catch (InputFileException e) { throw Failure(e, path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ModelException(ModelErrorKind.InvalidFile, $"Cannot read '{path}': {e.Message}", file: path, inner: e);
            }
        }

        /// A file's bytes as its text (UTF-8, a byte order mark dropped), as ReadText reads it.
        internal static string DecodeText(byte[] bytes, string path)
        {
            try { return InputFile.DecodeUtf8(bytes, path); }
            catch (InputFileException e) { throw Failure(e, path); }
        }

        private static ModelException Failure(InputFileException e, string path) =>
            new ModelException(e.Problem == InputFileProblem.TooLarge ? ModelErrorKind.LimitExceeded : ModelErrorKind.InvalidFile,
                e.Message, file: path, line: e.Line, inner: e);

        /// <param name="scalarsAsText">Every scalar as its text (null for an empty or null
        /// plain scalar), as YamlDotNet's untyped deserializer gives them: cookiecutter
        /// contexts are read so.</param>
        public static object Parse(string text, string path, bool scalarsAsText = false, CancellationToken cancellation = default)
        {
            var reader = new YamlFileReader(text, path, scalarsAsText, cancellation);
            var parser = reader._parser;
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) return null;
                parser.Consume<DocumentStart>();
                var root = reader.ReadNode(false, out _);
                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var second))
                    throw Error(second.Start, "expected a single document in the stream, but found another document");
                return root;
            }
            catch (YamlException e) when (!(e is ModelYamlException))
            {
                var reason = e.InnerException?.Message ?? e.Message;
                // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...): ": keep the reason only.
                var cut = reason.LastIndexOf("): ", StringComparison.Ordinal);
                if (reason.StartsWith("(Line", StringComparison.Ordinal) && cut > 0) reason = reason.Substring(cut + 3);
                var mark = ProblemMark(e, reason, text);
                throw new ModelException(ModelErrorKind.YamlSyntax,
                    $"YAML syntax error in '{path}' at line {mark.Line}, column {mark.Column}: {reason}",
                    file: path, line: (int)mark.Line, column: (int)mark.Column, inner: e);
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
            catch (InsufficientExecutionStackException e)
            {
                throw new ModelException(ModelErrorKind.LimitExceeded,
                    $"Reading '{path}' needs more stack than this thread has left: its lists and mappings, or the classes that led to it, nest deep (each within its bound; see docs/bounds.md).",
                    file: path, inner: e);
            }
            catch (ModelYamlException e)
            {
                throw new ModelException(e.Kind,
                    (e.Kind == ModelErrorKind.YamlSyntax ? "YAML error in" : "In") + $" '{path}' at line {e.Start.Line}, column {e.Start.Column}: {e.Reason}",
                    file: path, line: (int)e.Start.Line, column: (int)e.Start.Column);
            }
        }

        /// Where the problem is. A scanner error ("While scanning a quoted scalar, found ...")
        /// marks where the token began and where the problem was found: the latter is the
        /// problem. YamlDotNet marks a tab in the indentation at the start of the mapping
        /// (line 1 for a tab on line 2): the tab itself is found in the text.
        private static Mark ProblemMark(YamlException e, string reason, string text)
        {
            var mark = reason.StartsWith("While scanning", StringComparison.Ordinal) && e.End.Index > e.Start.Index ? e.End : e.Start;
            if (reason.IndexOf("tab", StringComparison.OrdinalIgnoreCase) < 0) return mark;
            var line = 1;
            for (var i = 0; i < text.Length; i++)
            {
                // The first tab in the indentation of a line at or after the mark.
                if (line >= mark.Line && (i == 0 || text[i - 1] == '\n'))
                {
                    for (var k = i; k < text.Length && (text[k] == ' ' || text[k] == '\t'); k++)
                        if (text[k] == '\t') return new Mark(k, line, k - i + 1);
                }
                if (text[i] == '\n') line++;
            }
            return mark;
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
            public ModelYamlException(Mark start, string reason, ModelErrorKind kind) : base(start, start, reason)
            {
                Reason = reason;
                Kind = kind;
            }
            public string Reason { get; }
            public ModelErrorKind Kind { get; }
        }

        private static ModelYamlException Error(Mark mark, string reason, ModelErrorKind kind = ModelErrorKind.YamlSyntax) =>
            new ModelYamlException(mark, reason, kind);

        /// <param name="inSequence">Mappings inside lists never pass through reclass's
        /// merge, which turns keys into str(); their None/True/False keys reach the JSON
        /// output as null/true/false instead.</param>
        /// <param name="size">The values this one stands for: 1 for a scalar, 1 plus its
        /// contents for a list or mapping, aliases counted as what they name.</param>
        private object ReadNode(bool inSequence, out long size)
        {
            if (++_events % 4096 == 0) _cancellation.ThrowIfCancellationRequested();
            RuntimeHelpers.EnsureSufficientExecutionStack();   // a thread with a small stack: an error, not a crash
            var parser = _parser;
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    throw Error(alias.Start, $"found undefined alias '{alias.Value}'");
                if (target.Size < 0)
                    throw Error(alias.Start,
                        $"the alias '*{alias.Value}' is inside the value its anchor '&{alias.Value}' (line {target.Start.Line}, column {target.Start.Column}) names: a value cannot contain itself",
                        ModelErrorKind.ReferenceLoop);
                size = target.Size;
                if (++_aliases > ModelLimits.MaxAliases)
                    throw Error(alias.Start, $"more than {ModelLimits.MaxAliases} aliases in one file (the bound, see docs/bounds.md)", ModelErrorKind.LimitExceeded);
                _aliasExpansion += size;
                if (_aliasExpansion > ModelLimits.MaxAliasExpansion)
                    throw Error(alias.Start,
                        $"the aliases up to '*{alias.Value}' stand for more than {ModelLimits.MaxAliasExpansion:N0} values once expanded (the bound for one file, see docs/bounds.md); aliases of aliases multiply",
                        ModelErrorKind.LimitExceeded);
                return target.Value;
            }
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var value = _scalarsAsText ? ScalarText(scalar) : ConstructScalar(scalar, _path);
                if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = new Anchor { Value = value, Size = 1, Start = scalar.Start };
                size = 1;
                return value;
            }
            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                CheckTag(seqStart.Tag, "seq", seqStart.Start);
                Enter(seqStart.Start);
                var list = new List<object>();
                var anchor = Register(seqStart.Anchor, list, seqStart.Start);
                size = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    list.Add(ReadNode(true, out var itemSize));
                    size += itemSize;
                }
                if (anchor != null) anchor.Size = size;
                _depth--;
                return list;
            }
            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                CheckTag(mapStart.Tag, "map", mapStart.Start);
                Enter(mapStart.Start);
                // While every key is a string and no merge key came, a key is its own text and
                // its own identity: the pairs go straight into the map, which keeps a key's first
                // place and its last value (most mappings). Otherwise they are gathered for
                // PyYAML's flattening below.
                List<KeyValuePair<object, object>> pairs = null;
                List<object> merges = null;
                var map = new OrderedMap();
                var anchor = Register(mapStart.Anchor, map, mapStart.Start);
                size = 1;
                void Gather()
                {
                    if (pairs != null) return;
                    pairs = new List<KeyValuePair<object, object>>(map.Count + 4);
                    foreach (var pair in map) pairs.Add(new KeyValuePair<object, object>(pair.Key, pair.Value));
                    map.Clear();
                }
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = parser.Current.Start;
                    var isPlainMergeKey = parser.Current is Scalar ks && ks.Value == "<<" && ks.Style == ScalarStyle.Plain && ks.Tag.IsEmpty;
                    var key = ReadNode(inSequence, out var keySize);
                    var value = ReadNode(inSequence, out var valueSize);
                    size += keySize + valueSize;
                    if (isPlainMergeKey)
                    {
                        Gather();
                        merges = merges ?? new List<object>();
                        if (value is OrderedMap) merges.Add(value);
                        else if (value is List<object> many)
                        {
                            foreach (var m in many)
                            {
                                if (!(m is OrderedMap)) throw Error(keyStart, "while constructing a mapping: expected a mapping for merging");
                                merges.Add(m);
                            }
                        }
                        else throw Error(keyStart, "while constructing a mapping: expected a mapping or list of mappings for merging");
                        continue;
                    }
                    if (key is OrderedMap || key is List<object>)
                        throw Error(keyStart, "while constructing a mapping: found unhashable key");
                    if (pairs == null && key is string text)
                    {
                        map[text] = value;
                        continue;
                    }
                    Gather();
                    pairs.Add(new KeyValuePair<object, object>(key, value));
                }
                if (pairs != null)
                {
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
                    for (int i = (merges?.Count ?? 0) - 1; i >= 0; i--)
                        foreach (var pair in (OrderedMap)merges[i]) Put(pair.Key, pair.Value);
                    foreach (var pair in pairs) Put(pair.Key, pair.Value);
                }
                if (anchor != null) anchor.Size = size;
                _depth--;
                return map;
            }
            throw Error(parser.Current?.Start ?? Mark.Empty, "unexpected YAML event " + parser.Current?.GetType().Name);
        }

        /// One level deeper; past ModelLimits.MaxNestingDepth an error at the list or mapping
        /// that goes too deep (each level is a frame of this reader, and of merging later).
        private void Enter(Mark start)
        {
            if (++_depth > ModelLimits.MaxNestingDepth)
                throw Error(start, $"lists and mappings nest deeper than {ModelLimits.MaxNestingDepth} levels here (the bound, see docs/bounds.md)", ModelErrorKind.LimitExceeded);
        }

        private Anchor Register(AnchorName name, object value, Mark start)
        {
            if (name.IsEmpty) return null;
            var anchor = new Anchor { Value = value, Start = start };
            _anchors[name.Value] = anchor;
            return anchor;
        }

        /// A scalar as YamlDotNet's untyped deserializer gives it: the text, or null for a
        /// plain empty, "~" or null scalar.
        private static string ScalarText(Scalar scalar)
        {
            if (scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty)
            {
                switch (scalar.Value)
                {
                    case "": case "~": case "null": case "Null": case "NULL": return null;
                }
            }
            return scalar.Value;
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

        private static void CheckTag(TagName tag, string expected, Mark mark)
        {
            if (tag.IsEmpty || tag.Value == "!" || tag.Value == TagPrefix + expected) return;
            throw Error(mark, $"could not determine a constructor for the tag '{tag.Value}'");
        }

        private static object ConstructScalar(Scalar scalar, string path)
        {
            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
            if (tag == null)
            {
                if (scalar.Style != ScalarStyle.Plain) return scalar.Value;
                if (scalar.Value == "=")
                    throw Error(scalar.Start, "could not determine a constructor for the tag 'tag:yaml.org,2002:value'");
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
            throw Error(scalar.Start, $"could not construct a scalar with the tag '{tag}' from '{scalar.Value}'");
        }
    }
}
