#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.Targeting
{
    /// Parses Salt's compound target syntax into a TargetExpression. Words are separated by
    /// white space; `and`, `or`, `not` (lower case, as Salt) combine them with Python's
    /// precedence (not, then and, then or); `(` and `)` group. Salt wants parentheses as
    /// words of their own; here `(ctl* or cmp*)` works as well. In an `E@` regex, a closing
    /// parenthesis belongs to the regex as long as the regex has an open one for it.
    /// As in Salt, `a not b` means `a and not b`.
    internal sealed class TargetParser
    {
        private enum Kind { Word, And, Or, Not, Open, Close, End }

        private struct Token
        {
            public Kind Kind;
            public string Text;
            public int Position;   // 1-based
        }

        internal const string Matchers = "a name glob, E@regex, L@list, I@pillar:key:value, R@role, D@site";

        /// The most parentheses and 'not's one inside the other. Real targets nest two or
        /// three; Salt hands the expression to Python, whose parser refuses 200 nested
        /// parentheses. Parsing recurses once per level: 30,000 '(' would overflow the stack
        /// and end pwsh. (A long chain of 'and'/'or' does not nest: it is one list.)
        internal const int MaxDepth = 100;

        private readonly string _expression;
        private readonly List<Token> _tokens;
        private int _next;
        private int _depth;

        private TargetParser(string expression)
        {
            _expression = expression;
            _tokens = Tokenize(expression);
        }

        public static TargetExpression Parse(string expression)
        {
            if (expression == null) throw new ArgumentNullException(nameof(expression));
            var parser = new TargetParser(expression);
            if (parser._tokens.Count == 1) throw parser.Error(parser._tokens[0], "the expression is empty; give " + Matchers + ".");
            var result = parser.ParseOr();
            var rest = parser.Peek();
            if (rest.Kind == Kind.Close) throw parser.Error(rest, "')' at character " + rest.Position + " has no '(' before it.");
            if (rest.Kind != Kind.End) throw parser.Error(rest, "unexpected '" + rest.Text + "' at character " + rest.Position + ".");
            return result;
        }

        private Token Peek() => _tokens[_next];
        private Token Take() => _tokens[_next++];

        private TargetExpression ParseOr()
        {
            var operands = new List<TargetExpression> { ParseAnd() };
            while (Peek().Kind == Kind.Or)
            {
                Take();
                operands.Add(ParseAnd());
            }
            return operands.Count == 1 ? operands[0] : new OrExpression(operands);
        }

        private TargetExpression ParseAnd()
        {
            var operands = new List<TargetExpression> { ParseNot() };
            while (true)
            {
                var token = Peek();
                if (token.Kind == Kind.And)
                {
                    Take();
                    operands.Add(ParseNot());
                }
                else if (token.Kind == Kind.Not)
                {
                    operands.Add(ParseNot());   // Salt: "a not b" is "a and not b"
                }
                else if (token.Kind == Kind.Word || token.Kind == Kind.Open)
                {
                    var hint = IsOperatorInOtherCase(token.Text) ? " (operators are lower case: and, or, not)" : "";
                    throw Error(token, $"'{token.Text}' at character {token.Position} follows another matcher; put 'and' or 'or' between them{hint}.");
                }
                else return operands.Count == 1 ? operands[0] : new AndExpression(operands);
            }
        }

        private TargetExpression ParseNot()
        {
            var token = Peek();
            if (token.Kind == Kind.Not)
            {
                Take();
                Enter(token);
                var operand = ParseNot();
                _depth--;
                return new NotExpression(operand);
            }
            return ParsePrimary();
        }

        private void Enter(Token token)
        {
            if (++_depth > MaxDepth)
                throw Error(token, $"'{token.Text}' at character {token.Position} nests deeper than {MaxDepth} levels of parentheses and 'not' (the bound, see docs/bounds.md).");
        }

        private TargetExpression ParsePrimary()
        {
            var token = Take();
            switch (token.Kind)
            {
                case Kind.Open:
                {
                    Enter(token);
                    var inner = ParseOr();
                    _depth--;
                    var close = Peek();
                    if (close.Kind != Kind.Close)
                    {
                        if (close.Kind == Kind.End)
                            throw Error(token, $"'(' at character {token.Position} is never closed.");
                        throw Error(close, $"unexpected '{close.Text}' at character {close.Position}.");
                    }
                    Take();
                    return inner;
                }
                case Kind.Word:
                    return Matcher(token);
                case Kind.End:
                {
                    var previous = _next >= 2 ? _tokens[_next - 2] : (Token?)null;
                    if (previous.HasValue && previous.Value.Kind != Kind.Word && previous.Value.Kind != Kind.Close)
                        throw Error(previous.Value, $"'{previous.Value.Text}' at character {previous.Value.Position} needs a matcher after it.");
                    throw Error(token, "the expression ends where a matcher was expected.");
                }
                case Kind.Close:
                    throw Error(token, $"')' at character {token.Position} comes where a matcher was expected.");
                default:
                    throw Error(token, $"'{token.Text}' at character {token.Position} needs a matcher before it.");
            }
        }

        private TargetExpression Matcher(Token token)
        {
            var word = token.Text;
            if (word.Length >= 2 && word[1] == '@' && char.IsLetter(word[0]))
            {
                var value = word.Substring(2);
                var valuePosition = token.Position + 2;
                var prefix = word.Substring(0, 2);
                if (value.Length == 0 && "ELIRD".IndexOf(word[0]) >= 0)
                    throw Error(token, $"'{prefix}' at character {token.Position} needs a value after the '@'.");
                switch (word[0])
                {
                    case 'E':
                        try
                        {
                            var regex = new Regex("\\A(?:" + value + ")",
                                RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
                            return new RegexMatcher(value, regex);
                        }
                        catch (ArgumentException e)
                        {
                            throw Error(token, $"the regex '{value}' at character {valuePosition} is invalid: {e.Message}", e);
                        }
                    case 'L':
                    {
                        var names = value.Split(',');
                        var offset = 0;
                        foreach (var name in names)
                        {
                            if (name.Trim().Length == 0)
                                throw Error(token, $"the list '{value}' at character {valuePosition} has an empty name at character {valuePosition + offset}.");
                            offset += name.Length + 1;
                        }
                        return new ListMatcher(names.Select(n => n.Trim()), value);
                    }
                    case 'I':
                        if (value.IndexOf(':') < 0)
                            throw Error(token, $"'I@{value}' at character {token.Position} needs a key and a value (key:value); 'I@{value}:*' tests that the key exists.");
                        if (value.StartsWith(":", StringComparison.Ordinal))
                            throw Error(token, $"'I@{value}' at character {token.Position} has an empty pillar key.");
                        return new PillarMatcher(value);
                    case 'R':
                        return new RoleMatcher(Glob(token, value, valuePosition));
                    case 'D':
                        return new SiteMatcher(Glob(token, value, valuePosition));
                    case 'G':
                    case 'P':
                        throw Error(token, $"'{prefix}' at character {token.Position} matches Salt grains, which a model does not have; use I@ for pillar data or R@ for roles.");
                    default:
                        throw Error(token, $"'{prefix}' at character {token.Position} is not a matcher McpModule knows; use {Matchers}.");
                }
            }
            return new GlobMatcher(Glob(token, word, token.Position));
        }

        private GlobPattern Glob(Token token, string pattern, int position)
        {
            try { return GlobPattern.Parse(pattern); }
            catch (ArgumentException e)
            {
                var index = e.Data["Index"] is int i ? i : 0;
                throw Error(token, $"the glob '{pattern}' has an invalid set at character {position + index}: {e.InnerException?.Message ?? e.Message}", e);
            }
        }

        private McpTargetException Error(Token token, string problem, Exception? inner = null) =>
            new McpTargetException(_expression, token.Position, token.Kind == Kind.End ? null : token.Text,
                token.Kind == Kind.End && problem.IndexOf("character", StringComparison.Ordinal) < 0
                    ? problem.TrimEnd('.') + $" (character {token.Position}, the end)."
                    : problem,
                inner);

        private static bool IsOperatorInOtherCase(string word) =>
            word != null && (string.Equals(word, "and", StringComparison.OrdinalIgnoreCase) ||
                             string.Equals(word, "or", StringComparison.OrdinalIgnoreCase) ||
                             string.Equals(word, "not", StringComparison.OrdinalIgnoreCase));

        private static List<Token> Tokenize(string expression)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < expression.Length)
            {
                if (char.IsWhiteSpace(expression[i])) { i++; continue; }
                var start = i;
                while (i < expression.Length && !char.IsWhiteSpace(expression[i])) i++;
                var word = expression.Substring(start, i - start);

                var lead = 0;
                while (lead < word.Length && word[lead] == '(')
                {
                    tokens.Add(new Token { Kind = Kind.Open, Text = "(", Position = start + lead + 1 });
                    lead++;
                }
                word = word.Substring(lead);
                if (word.Length == 0) continue;
                var wordStart = start + lead;

                var trail = TrailingGroupCloses(word);
                var body = word.Substring(0, word.Length - trail);
                if (body.Length > 0)
                {
                    var kind = body == "and" ? Kind.And : body == "or" ? Kind.Or : body == "not" ? Kind.Not : Kind.Word;
                    tokens.Add(new Token { Kind = kind, Text = body, Position = wordStart + 1 });
                }
                for (var t = 0; t < trail; t++)
                    tokens.Add(new Token { Kind = Kind.Close, Text = ")", Position = wordStart + body.Length + t + 1 });
            }
            tokens.Add(new Token { Kind = Kind.End, Text = "", Position = expression.Length + 1 });
            return tokens;
        }

        // How many ')' at the end of a word close groups rather than belong to the word:
        // all of them, except in an E@ regex, where a ')' that closes a '(' of the regex stays.
        private static int TrailingGroupCloses(string word)
        {
            var trailing = 0;
            while (trailing < word.Length && word[word.Length - 1 - trailing] == ')') trailing++;
            if (trailing == 0 || !word.StartsWith("E@", StringComparison.Ordinal)) return trailing;
            int open = 0, close = 0;
            for (var k = 2; k < word.Length; k++)
            {
                if (word[k] == '\\') { k++; continue; }
                if (word[k] == '(') open++;
                else if (word[k] == ')') close++;
            }
            return Math.Max(0, Math.Min(trailing, close - open));
        }
    }
}
