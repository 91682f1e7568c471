using System.Collections.Generic;

namespace McpModule.Model.Values
{
    internal enum TokenKind { Text, Reference, Query }

    /// One piece of a parsed parameter string: literal text, a ${reference} (whose
    /// parts may nest references) or a $[query]. Immutable, so parses are cached.
    internal sealed class ReferenceToken
    {
        public ReferenceToken(string text) { Kind = TokenKind.Text; Text = text; }
        public ReferenceToken(TokenKind kind, IReadOnlyList<ReferenceToken> children) { Kind = kind; Children = children; }

        public TokenKind Kind { get; }
        public string Text { get; }
        public IReadOnlyList<ReferenceToken> Children { get; }
    }
}
