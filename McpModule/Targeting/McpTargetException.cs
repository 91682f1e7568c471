#nullable enable
using System;

namespace McpModule.Targeting
{
    /// A target expression that cannot be parsed. The message names the expression, the
    /// word at fault and its character position (1-based), e.g.
    /// "Target 'ctl* and': 'and' at character 6 needs a matcher after it."
    public sealed class McpTargetException : FormatException
    {
        public const string InvalidErrorId = "Mcp.TargetInvalid";

        internal McpTargetException(string expression, int position, string? word, string problem, Exception? inner = null)
            : base(Format(expression, position, problem), inner)
        {
            Expression = expression;
            Position = position;
            Word = word;
        }

        /// The whole expression as given.
        public string Expression { get; }

        /// The 1-based character position of the word at fault (Expression.Length + 1 for
        /// "the end of the expression").
        public int Position { get; }

        /// The word at fault; null at the end of the expression.
        public string? Word { get; }

        /// A stable id for error records.
        public string ErrorId => InvalidErrorId;

        private static string Format(string expression, int position, string problem) =>
            expression.Length <= 200
                ? $"Target '{expression}': {problem}"
                : $"Target '{expression.Substring(0, 100)}...' ({expression.Length} characters): {problem}";
    }
}
