using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpModule.Model.Data;

namespace McpModule.Model.Values
{
    /// What other nodes export, as an inventory query sees it.
    internal sealed class NodeExports
    {
        public NodeExports(string name, object items, bool environmentMatches)
        {
            Name = name; Items = items; EnvironmentMatches = environmentMatches;
        }
        public string Name { get; }
        public object Items { get; }
        public bool EnvironmentMatches { get; }
    }

    internal sealed class Inventory : List<NodeExports> { }

    internal sealed class QuerySyntaxException : Exception
    {
        public QuerySyntaxException(string message) : base(message) { }
    }

    /// $[ exports:k ], $[ exports:k if exports:t == v and ... ], $[ if ... ]: reclass's
    /// InvItem, evaluated over the exports of the other nodes.
    internal sealed class QueryItem : Item
    {
        private enum Kind { Value, Test, ListTest }
        private readonly Kind _kind;
        private readonly DictPath _valuePath;
        private readonly LogicTest _question;
        private readonly string _text;

        public QueryItem(string contents, ReclassSettings settings)
        {
            Contents = contents;
            var words = contents.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            var options = new List<string>();
            while (words.Count > 0 && (Is(words[0], "+IgnoreErrors") || Is(words[0], "+AllEnvs")))
            {
                options.Add(words[0].ToLowerInvariant());
                words.RemoveAt(0);
            }
            // reclass always finds the (possibly empty) option group, so the setting
            // inventory_ignore_failed_render never reaches a query: only +IgnoreErrors does.
            IgnoreFailedRender = options.Contains("+ignoreerrors");
            NeedsAllEnvs = options.Contains("+allenvs");
            _text = string.Join(" ", words);
            if (words.Count == 1)
            {
                _kind = Kind.Value;
                _valuePath = DictPath.Parse(words[0]).DropFirst();
                _question = new LogicTest(new List<string>());
                InvReferences = new List<DictPath> { _valuePath };
            }
            else if (words.Count >= 5 && Is(words[1], "if"))
            {
                _kind = Kind.Test;
                _valuePath = DictPath.Parse(words[0]).DropFirst();
                _question = new LogicTest(words.GetRange(2, words.Count - 2));
                InvReferences = new List<DictPath>(_question.InvReferences) { _valuePath };
            }
            else if (words.Count >= 4 && Is(words[0], "if"))
            {
                _kind = Kind.ListTest;
                _question = new LogicTest(words.GetRange(1, words.Count - 1));
                InvReferences = new List<DictPath>(_question.InvReferences);
            }
            else throw new QuerySyntaxException($"cannot parse the inventory query '{contents}'");
        }

        internal static bool Is(string word, string literal) => string.Equals(word, literal, StringComparison.OrdinalIgnoreCase);

        public string Contents { get; }
        public bool IgnoreFailedRender { get; }
        public bool NeedsAllEnvs { get; }
        public List<DictPath> InvReferences { get; }
        public override ItemType Type => ItemType.InvQuery;
        public override bool HasInvQuery => true;
        public override bool HasReferences => _question.References.Count > 0;
        public override List<string> References => _question.References;

        public override object Render(object context, Inventory inventory)
        {
            // reclass only runs queries that make up a whole value; one inside a longer
            // string reaches here with no inventory, and reclass 1.7 crashes on it.
            if (inventory == null)
                throw new ModelException(ModelErrorKind.QuerySyntax,
                    $"The inventory query '$[ {Contents.Trim()} ]' is part of a longer string; a query must be the whole value.");
            switch (_kind)
            {
                case Kind.Value:
                {
                    var results = new OrderedMap();
                    foreach (var node in inventory)
                        if ((NeedsAllEnvs || node.EnvironmentMatches) && _valuePath.ExistsIn(node.Items))
                            results[node.Name] = DeepCopy.Of(Resolve(_valuePath, node.Items));
                    return results;
                }
                case Kind.Test:
                {
                    var results = new OrderedMap();
                    foreach (var node in inventory)
                        if ((NeedsAllEnvs || node.EnvironmentMatches) && _question.Value(context, node.Items) && _valuePath.ExistsIn(node.Items))
                            results[node.Name] = DeepCopy.Of(Resolve(_valuePath, node.Items));
                    return results;
                }
                default:
                {
                    var names = new List<string>();
                    foreach (var node in inventory)
                        if ((NeedsAllEnvs || node.EnvironmentMatches) && _question.Value(context, node.Items))
                            names.Add(node.Name);
                    names.Sort(StringComparer.Ordinal);
                    return names.Cast<object>().ToList();
                }
            }
        }

        internal static object Resolve(DictPath path, object items)
        {
            try { return path.GetValue(items); }
            catch (DictPath.NotFound e) { throw new ResolveException(path.ToString(), e.CaughtByReclass); }
        }

        public override string ToString() => _text;
        public override string PythonRepr() => "InvItem(" + PythonFormat.Repr(_text) + ")";

        /// A chain of `a == b` tests joined by and/or, evaluated left to right with no
        /// precedence and no short cut, as reclass's LogicTest does.
        private sealed class LogicTest
        {
            private readonly List<EqualityTest> _tests = new List<EqualityTest>();
            private readonly List<bool> _isAnd = new List<bool>();

            public LogicTest(List<string> words)
            {
                if (words.Count == 0) return;
                if ((words.Count + 1) % 4 != 0) throw new QuerySyntaxException("cannot parse the test '" + string.Join(" ", words) + "'");
                for (int i = 0; i < words.Count; i += 4)
                {
                    _tests.Add(new EqualityTest(words[i], words[i + 1], words[i + 2]));
                    if (i + 3 < words.Count)
                    {
                        if (Is(words[i + 3], "and")) _isAnd.Add(true);
                        else if (Is(words[i + 3], "or")) _isAnd.Add(false);
                        else throw new QuerySyntaxException($"unknown operator '{words[i + 3]}'");
                    }
                }
                foreach (var t in _tests)
                {
                    if (t.ParameterPath != null) References.Add(t.ParameterPath.ToString());
                    InvReferences.Add(t.ExportPath);
                }
            }

            public List<string> References { get; } = new List<string>();
            public List<DictPath> InvReferences { get; } = new List<DictPath>();

            public bool Value(object context, object items)
            {
                if (_tests.Count == 0) return true;
                var result = _tests[0].Value(context, items);
                for (int i = 1; i < _tests.Count; i++)
                {
                    var next = _tests[i].Value(context, items);
                    result = _isAnd[i - 1] ? result & next : result | next;
                }
                return result;
            }
        }

        private sealed class EqualityTest
        {
            private readonly bool _equal;
            private readonly object _constant;

            public EqualityTest(string left, string op, string right)
            {
                if (op == "==") _equal = true;
                else if (op == "!=") _equal = false;
                else throw new QuerySyntaxException($"unknown test '{op}'");
                DictPath export = null, parameter = null;
                object value = null;
                Classify(left, ref export, ref parameter, ref value);
                Classify(right, ref export, ref parameter, ref value);
                ExportPath = export?.DropFirst() ?? throw new QuerySyntaxException("no export in the test '" + left + " " + op + " " + right + "'");
                ParameterPath = parameter?.DropFirst();
                _constant = value;
            }

            public DictPath ExportPath { get; }
            public DictPath ParameterPath { get; }

            private static void Classify(string word, ref DictPath export, ref DictPath parameter, ref object value)
            {
                var number = Number(word);
                if (number != null) { value = number; return; }
                var path = DictPath.Parse(word);
                var head = ((string)path.Parts[0]).ToLowerInvariant();
                if (head == "exports") export = path;
                else if (head == "self") parameter = path;
                else if (head == "true") value = true;
                else if (head == "false") value = false;
                else value = word;
            }

            private static object Number(string word)
            {
                var digits = word.StartsWith("-", StringComparison.Ordinal) ? word.Substring(1) : word;
                if (digits.Length > 0 && digits.All(char.IsDigit) && digits.All(c => c < 128))
                    return Yaml.YamlScalarResolver.Normalize(System.Numerics.BigInteger.Parse(word, CultureInfo.InvariantCulture));
                var dot = digits.IndexOf('.');
                if (dot >= 0 && digits.Length > 1 && digits.Remove(dot, 1).All(c => c >= '0' && c <= '9') && digits.IndexOf('.', dot + 1) < 0)
                    return double.Parse(word, CultureInfo.InvariantCulture);
                return null;
            }

            public bool Value(object context, object items)
            {
                var expected = _constant;
                if (ParameterPath != null) expected = Resolve(ParameterPath, context);
                if (expected == null) throw new QuerySyntaxException("Failed to render the test: its value is None");
                if (!ExportPath.ExistsIn(items)) return false;
                var actual = Resolve(ExportPath, items);
                return PythonFormat.PyEquals(actual, expected) == _equal;
            }
        }
    }

    internal static class DeepCopy
    {
        public static object Of(object value)
        {
            switch (value)
            {
                case OrderedMap map:
                    var m = new OrderedMap(map.Count);
                    foreach (var pair in map) m.Add(pair.Key, Of(pair.Value));
                    return m;
                case System.Collections.IList list:
                    var l = new List<object>(list.Count);
                    foreach (var item in list) l.Add(Of(item));
                    return l;
                default:
                    return value;
            }
        }
    }
}
