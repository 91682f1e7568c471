using System;
using System.Collections.Generic;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpModule.Model.Yaml
{
    /// A YAML parser held to the model files' bounds (ModelLimits): lists and mappings nest at
    /// most MaxNestingDepth levels, and the aliases of one stream stand for at most
    /// MaxAliasExpansion values. For YamlStream, which builds its nodes by recursion (20,000
    /// nested '[' overflow the stack and end pwsh), and for what walks those nodes afterwards:
    /// an alias's node is the anchor's own, walked again for every alias, and an alias inside
    /// its own anchor would make the node graph a cycle. Past a bound it throws
    /// YamlLimitException before YamlStream sees the event.
    internal sealed class BoundedYamlParser : IParser
    {
        private sealed class Open
        {
            public string Anchor;
            public long Size = 1;
        }

        private readonly IParser _inner;
        private readonly Stack<Open> _open = new Stack<Open>();
        // the values each finished anchor stands for; an anchor still open is in _opened
        private readonly Dictionary<string, long> _anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly HashSet<string> _opened = new HashSet<string>(StringComparer.Ordinal);
        private int _aliases;
        private long _expansion;

        public BoundedYamlParser(IParser inner) => _inner = inner;

        public ParsingEvent Current => _inner.Current;

        public bool MoveNext()
        {
            if (!_inner.MoveNext()) return false;
            switch (_inner.Current)
            {
                case Scalar scalar:
                    if (!scalar.Anchor.IsEmpty) Finish(scalar.Anchor.Value, 1);
                    Add(1);
                    break;
                case NodeEvent start when start is SequenceStart || start is MappingStart:
                    if (_open.Count >= ModelLimits.MaxNestingDepth)
                        throw new YamlLimitException(start.Start,
                            $"lists and mappings nest deeper than {ModelLimits.MaxNestingDepth} levels here (the bound, see docs/bounds.md)");
                    var anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                    if (anchor != null) _opened.Add(anchor);
                    _open.Push(new Open { Anchor = anchor });
                    break;
                case SequenceEnd _:
                case MappingEnd _:
                    var done = _open.Pop();
                    if (done.Anchor != null) Finish(done.Anchor, done.Size);
                    Add(done.Size);
                    break;
                case AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (_opened.Contains(name))
                        throw new YamlLimitException(alias.Start,
                            $"the alias '*{name}' is inside the value its anchor '&{name}' names: a value cannot contain itself");
                    // an undefined alias is YamlStream's own error, at this event
                    _anchors.TryGetValue(name, out var size);
                    if (++_aliases > ModelLimits.MaxAliases)
                        throw new YamlLimitException(alias.Start, $"more than {ModelLimits.MaxAliases} aliases in one file (the bound, see docs/bounds.md)");
                    _expansion += size;
                    if (_expansion > ModelLimits.MaxAliasExpansion)
                        throw new YamlLimitException(alias.Start,
                            $"the aliases up to '*{name}' stand for more than {ModelLimits.MaxAliasExpansion:N0} values once expanded (the bound for one file, see docs/bounds.md); aliases of aliases multiply");
                    Add(size);
                    break;
            }
            return true;
        }

        private void Add(long size)
        {
            if (_open.Count > 0) _open.Peek().Size += size;
        }

        // YAML lets a later anchor of the same name replace an earlier one
        private void Finish(string anchor, long size)
        {
            _opened.Remove(anchor);
            _anchors[anchor] = size;
        }
    }

    /// A bound of BoundedYamlParser, at the event that passed it. Not a YamlException: the
    /// text is well-formed YAML, only too deep or too large for the module to hold.
    internal sealed class YamlLimitException : Exception
    {
        public YamlLimitException(Mark start, string reason) : base($"(Line {start.Line}, column {start.Column}): {reason}")
        {
            Start = start;
            Reason = reason;
        }

        public Mark Start { get; }
        public string Reason { get; }
    }
}
