using System;
using System.Text.RegularExpressions;

namespace McpModule.States.Formulas
{
    /// Bounds on a Liquid template, checked on its text before Fluid reads it. Fluid's parser
    /// (Parlot) recurses once per nested block, per 'and'/'or' of a condition and per bracket
    /// of an expression, and its renderer walks the same tree by recursion: 20,000 nested
    /// '{% if %}' overflow the stack and end pwsh, which no catch can prevent. Counting errs
    /// high (an 'and' inside a quoted string counts too), so a template within the bounds is
    /// one Fluid can read; real formulas nest blocks 2-4 deep.
    internal static class LiquidBounds
    {
        /// Blocks inside one another, as Shopify's Liquid bounds them (Block::MAX_DEPTH).
        public const int MaxBlockDepth = 100;

        /// 'and'/'or' in one tag, and brackets inside one another in one tag or output.
        public const int MaxExpressionSize = 100;

        // Fluid's tags with a body of tags (raw and comment bodies are text, skipped whole)
        private static readonly string[] Blocks = { "if", "unless", "case", "for", "tablerow", "capture", "ifchanged" };
        private static readonly Regex EndRaw = new Regex(@"\{%-?\s*endraw\s*-?%\}", RegexOptions.CultureInvariant);
        private static readonly Regex EndComment = new Regex(@"\{%-?\s*endcomment\s*-?%\}", RegexOptions.CultureInvariant);
        private static readonly Regex Operator = new Regex(@"\b(?:and|or)\b", RegexOptions.CultureInvariant);

        /// Throws Mcp.State.TemplateError at the tag that passes a bound.
        public static void Check(string template, string file)
        {
            var depth = 0;
            var pos = 0;
            while (pos < template.Length)
            {
                var start = template.IndexOf('{', pos);
                if (start < 0 || start + 1 >= template.Length) return;
                var kind = template[start + 1];
                if (kind != '{' && kind != '%') { pos = start + 1; continue; }
                var end = template.IndexOf(kind == '{' ? "}}" : "%}", start + 2, StringComparison.Ordinal);
                if (end < 0) return;   // Fluid's own error
                var body = template.Substring(start + 2, end - start - 2);
                pos = end + 2;
                if (kind == '{') { CheckExpression(body, template, start, file); continue; }

                var (name, rest) = Split(body.Trim().Trim('-').TrimStart());
                if (name == "raw" || name == "comment")
                {
                    var close = (name == "raw" ? EndRaw : EndComment).Match(template, pos);
                    if (!close.Success) return;
                    pos = close.Index + close.Length;
                    continue;
                }
                if (name == "liquid")
                {
                    // a statement a line, each as if it were a tag of its own
                    foreach (var line in rest.Split('\n'))
                    {
                        var (lineName, lineRest) = Split(line.Trim());
                        depth = Nest(depth, lineName, template, start, file);
                        CheckExpression(lineRest, template, start, file);
                    }
                    continue;
                }
                depth = Nest(depth, name, template, start, file);
                CheckExpression(rest, template, start, file);
            }
        }

        private static (string Name, string Remainder) Split(string tag)
        {
            var i = 0;
            while (i < tag.Length && (char.IsLetterOrDigit(tag[i]) || tag[i] == '_' || tag[i] == '#')) i++;
            return (tag.Substring(0, i), tag.Substring(i));
        }

        private static int Nest(int depth, string name, string template, int at, string file)
        {
            if (Array.IndexOf(Blocks, name) >= 0)
            {
                if (++depth > MaxBlockDepth)
                    throw Error($"Liquid blocks nest deeper than {MaxBlockDepth} levels here (the bound, see docs/bounds.md)", template, at, file);
            }
            else if (name.StartsWith("end", StringComparison.Ordinal) && depth > 0) depth--;
            return depth;
        }

        private static void CheckExpression(string expression, string template, int at, string file)
        {
            if (Operator.Matches(expression).Count > MaxExpressionSize)
                throw Error($"a Liquid condition with more than {MaxExpressionSize} 'and'/'or' (the bound, see docs/bounds.md)", template, at, file);
            var open = 0;
            for (var i = 0; i < expression.Length; i++)
            {
                var c = expression[i];
                if (c == '"' || c == '\'')
                {
                    // a quoted string's brackets are text (and one left open is Fluid's error)
                    var close = expression.IndexOf(c, i + 1);
                    if (close < 0) return;
                    i = close;
                }
                else if (c == '[' || c == '(')
                {
                    if (++open > MaxExpressionSize)
                        throw Error($"brackets nest deeper than {MaxExpressionSize} levels in this Liquid expression (the bound, see docs/bounds.md)", template, at, file);
                }
                else if ((c == ']' || c == ')') && open > 0) open--;
            }
        }

        private static FormulaException Error(string reason, string template, int at, string file)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < at; i++)
                if (template[i] == '\n') { line++; lineStart = i + 1; }
            return new FormulaException("Mcp.State.TemplateError", reason + ".", file, line, at - lineStart + 1);
        }
    }
}
