using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;

namespace McpModule.Model.Values
{
    /// Splits parameter strings into text, ${references} and $[queries] exactly as
    /// reclass 1.7's pyparsing grammar does, escapes included: `\${x}` is the text
    /// "${x}", `\\${x}` is a backslash followed by a reference.
    internal static class ReferenceParser
    {
        private static readonly ConcurrentDictionary<string, IReadOnlyList<ReferenceToken>> Cache =
            new ConcurrentDictionary<string, IReadOnlyList<ReferenceToken>>(StringComparer.Ordinal);

        internal class SyntaxError : Exception
        {
            public SyntaxError(string text, int position)
                : this(position, $"cannot parse '{Shorten(text)}' at char {position}") { }
            protected SyntaxError(int position, string message) : base(message) { Position = position; }
            public int Position { get; }

            // A value can be megabytes long: a message shows its start.
            protected static string Shorten(string text) => text.Length <= 200 ? text : text.Substring(0, 150) + $"... ({text.Length} characters)";
        }

        /// References nested deeper than ModelLimits.MaxReferenceNesting in one string.
        internal sealed class NestingTooDeep : SyntaxError
        {
            public NestingTooDeep(string text, int position)
                : base(position, $"'{Shorten(text)}' nests more than {ModelLimits.MaxReferenceNesting} references one inside another (at char {position}; the bound, see docs/bounds.md)") { }
        }

        /// True when the string has something for the parser; otherwise it is plain text
        /// and, as in reclass, its backslashes are left alone.
        public static bool NeedsParsing(string value) =>
            value.IndexOf("${", StringComparison.Ordinal) >= 0 || value.IndexOf("$[", StringComparison.Ordinal) >= 0;

        public static IReadOnlyList<ReferenceToken> Parse(string value) =>
            Cache.GetOrAdd(value, v => new Scanner(v).ParseLine());

        private sealed class Scanner
        {
            private readonly string _s;
            private int _pos;
            private int _depth;   // TryReference calls in progress, one inside another

            public Scanner(string s) { _s = s; }

            private bool At(string literal) => string.CompareOrdinal(_s, _pos, literal, 0, literal.Length) == 0;
            private bool AtEnd => _pos >= _s.Length;

            public IReadOnlyList<ReferenceToken> ParseLine()
            {
                var items = new List<ReferenceToken>();
                while (!AtEnd)
                {
                    var item = TryReference() ?? TryQuery() ?? TryTopLevelText();
                    if (item == null) throw new SyntaxError(_s, _pos);
                    items.Add(item);
                }
                if (items.Count == 0) throw new SyntaxError(_s, 0);
                return items;
            }

            // double_escape: "\\" before any sentinel stands for one backslash.
            private ReferenceToken TryDoubleEscape()
            {
                if (At(@"\\") && (AtAfter(2, "${") || AtAfter(2, "}") || AtAfter(2, "$[") || AtAfter(2, "]")))
                {
                    _pos += 2;
                    return new ReferenceToken("\\");
                }
                return null;
            }

            private bool AtAfter(int offset, string literal) =>
                _pos + offset <= _s.Length && string.CompareOrdinal(_s, _pos + offset, literal, 0, literal.Length) == 0;

            private ReferenceToken TryReference()
            {
                if (!At("${")) return null;
                if (_depth == ModelLimits.MaxReferenceNesting) throw new NestingTooDeep(_s, _pos);
                var start = _pos;
                _pos += 2;
                _depth++;
                var children = new List<ReferenceToken>();
                while (true)
                {
                    var item = TryReference() ?? TryReferenceText();
                    if (item == null) break;
                    children.Add(item);
                }
                _depth--;
                if (children.Count == 0 || !At("}")) { _pos = start; return null; }
                _pos += 1;
                return new ReferenceToken(TokenKind.Reference, children);
            }

            private ReferenceToken TryReferenceText()
            {
                var escaped = TryDoubleEscape();
                if (escaped != null) return escaped;
                if (At(@"\${")) { _pos += 3; return new ReferenceToken("${"); }
                if (At(@"\}")) { _pos += 2; return new ReferenceToken("}"); }
                var sb = new StringBuilder();
                while (!AtEnd)
                {
                    if (At("${") || At(@"\${") || At(@"\\${") || At("}") || At(@"\}") || At(@"\\}")) break;
                    var c = _s[_pos];
                    if (c == '\\' || c == '$' || c == '{')
                    {
                        sb.Append(c); _pos++;
                        continue;
                    }
                    while (!AtEnd && "\\${}".IndexOf(_s[_pos]) < 0) sb.Append(_s[_pos++]);
                }
                return sb.Length == 0 ? null : new ReferenceToken(sb.ToString());
            }

            private ReferenceToken TryQuery()
            {
                if (!At("$[")) return null;
                var start = _pos;
                _pos += 2;
                var children = new List<ReferenceToken>();
                while (true)
                {
                    var item = TryQueryText();
                    if (item == null) break;
                    children.Add(item);
                }
                if (children.Count == 0 || !At("]")) { _pos = start; return null; }
                _pos += 1;
                return new ReferenceToken(TokenKind.Query, children);
            }

            private ReferenceToken TryQueryText()
            {
                var escaped = TryDoubleEscape();
                if (escaped != null) return escaped;
                if (At(@"\$[")) { _pos += 3; return new ReferenceToken("$["); }
                if (At(@"\]")) { _pos += 2; return new ReferenceToken("]"); }
                var sb = new StringBuilder();
                while (!AtEnd)
                {
                    if (At("]") || At(@"\]") || At(@"\\]")) break;
                    // inv_text is CharsNotIn("]"): greedy, backslashes included.
                    while (!AtEnd && _s[_pos] != ']') sb.Append(_s[_pos++]);
                }
                return sb.Length == 0 ? null : new ReferenceToken(sb.ToString());
            }

            private ReferenceToken TryTopLevelText()
            {
                var escaped = TryDoubleEscape();
                if (escaped != null) return escaped;
                if (At(@"\${")) { _pos += 3; return new ReferenceToken("${"); }
                if (At(@"\$[")) { _pos += 3; return new ReferenceToken("$["); }
                var sb = new StringBuilder();
                while (!AtEnd)
                {
                    if (At("${") || At(@"\${") || At(@"\\${") || At("$[") || At(@"\$[") || At(@"\\$[")) break;
                    var c = _s[_pos];
                    if ("\\${}[]".IndexOf(c) >= 0) { sb.Append(c); _pos++; continue; }
                    while (!AtEnd && "\\${}[]".IndexOf(_s[_pos]) < 0) sb.Append(_s[_pos++]);
                }
                return sb.Length == 0 ? null : new ReferenceToken(sb.ToString());
            }
        }
    }
}
