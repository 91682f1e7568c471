#nullable enable
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace McpModule.Targeting
{
    /// A parsed target expression: a tree of and/or/not over matchers.
    internal abstract class TargetExpression
    {
        public abstract bool IsMatch(McpNode node);
    }

    /// All operands match. A chain "a and b and c" is one expression of three operands:
    /// matching it does not recurse once per operand.
    internal sealed class AndExpression : TargetExpression
    {
        public AndExpression(IReadOnlyList<TargetExpression> operands) { Operands = operands; }
        public IReadOnlyList<TargetExpression> Operands { get; }

        public override bool IsMatch(McpNode node)
        {
            foreach (var operand in Operands) if (!operand.IsMatch(node)) return false;
            return true;
        }

        public override string ToString() => Chain(Operands, " and ");

        /// "((a and b) and c)": each operator grouped with what is left of it, as it was parsed.
        internal static string Chain(IReadOnlyList<TargetExpression> operands, string op)
        {
            var text = new System.Text.StringBuilder();
            text.Append('(', operands.Count - 1).Append(operands[0]);
            for (var i = 1; i < operands.Count; i++) text.Append(op).Append(operands[i]).Append(')');
            return text.ToString();
        }
    }

    /// Any operand matches.
    internal sealed class OrExpression : TargetExpression
    {
        public OrExpression(IReadOnlyList<TargetExpression> operands) { Operands = operands; }
        public IReadOnlyList<TargetExpression> Operands { get; }

        public override bool IsMatch(McpNode node)
        {
            foreach (var operand in Operands) if (operand.IsMatch(node)) return true;
            return false;
        }

        public override string ToString() => AndExpression.Chain(Operands, " or ");
    }

    internal sealed class NotExpression : TargetExpression
    {
        public NotExpression(TargetExpression operand) { Operand = operand; }
        public TargetExpression Operand { get; }
        public override bool IsMatch(McpNode node) => !Operand.IsMatch(node);
        public override string ToString() => $"not {Operand}";
    }

    /// A node name glob; it matches the full name or the short name.
    internal sealed class GlobMatcher : TargetExpression
    {
        private readonly GlobPattern _glob;
        public GlobMatcher(GlobPattern glob) { _glob = glob; }
        public override bool IsMatch(McpNode node) => _glob.IsMatch(node.Name) || _glob.IsMatch(node.ShortName);
        public override string ToString() => _glob.Pattern;
    }

    /// `E@regex`: matched from the start of the full or the short name (Python's re.match,
    /// as Salt does: `E@ctl0` matches ctl01; add `$` to anchor the end).
    internal sealed class RegexMatcher : TargetExpression
    {
        private readonly Regex _regex;
        private readonly string _pattern;
        public RegexMatcher(string pattern, Regex regex) { _pattern = pattern; _regex = regex; }
        public override bool IsMatch(McpNode node) => _regex.IsMatch(node.Name) || _regex.IsMatch(node.ShortName ?? "");
        public override string ToString() => "E@" + _pattern;
    }

    /// `L@a,b,c`: exact full or short names, case ignored.
    internal sealed class ListMatcher : TargetExpression
    {
        private readonly HashSet<string> _names;
        private readonly string _text;
        public ListMatcher(IEnumerable<string> names, string text)
        {
            _names = new HashSet<string>(names, System.StringComparer.OrdinalIgnoreCase);
            _text = text;
        }
        public override bool IsMatch(McpNode node) => _names.Contains(node.Name) || (node.ShortName != null && _names.Contains(node.ShortName));
        public override string ToString() => "L@" + _text;
    }

    /// `I@key:...:value`: Salt's pillar match over the node's rendered parameters.
    internal sealed class PillarMatcher : TargetExpression
    {
        private readonly string _expression;
        public PillarMatcher(string expression) { _expression = expression; }
        public override bool IsMatch(McpNode node) => PillarMatch.IsMatch(node.Pillar, _expression);
        public override string ToString() => "I@" + _expression;
    }

    /// `R@role`: an application or class (see RoleMatch).
    internal sealed class RoleMatcher : TargetExpression
    {
        private readonly GlobPattern _role;
        public RoleMatcher(GlobPattern role) { _role = role; }
        public override bool IsMatch(McpNode node) => RoleMatch.IsMatch(_role, node.Applications, node.Classes);
        public override string ToString() => "R@" + _role.Pattern;
    }

    /// `D@site`: the node's site (model `_param:site` or `_param:cluster_site`) as a glob.
    internal sealed class SiteMatcher : TargetExpression
    {
        private readonly GlobPattern _site;
        public SiteMatcher(GlobPattern site) { _site = site; }
        public override bool IsMatch(McpNode node) => node.Site != null && _site.IsMatch(node.Site);
        public override string ToString() => "D@" + _site.Pattern;
    }
}
