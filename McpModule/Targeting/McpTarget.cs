#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Targeting
{
    /// A Salt-style target expression over the nodes of a model:
    ///
    ///   ctl*  cmp00[1-3]        name glob (fnmatch), full or short name
    ///   E@^ctl0[12]$            regex from the start of the full or short name
    ///   L@ctl01,cmp001          list of names
    ///   I@keepalived:cluster    pillar match as Salt's I@ (key:...:value, glob on the value)
    ///   R@nova.compute          role: an application or class (see RoleMatch)
    ///   D@lab-dc1               site (glob); Salt has no site matcher
    ///   a and b, a or b, not a, ( ... )   compound, as Salt writes it
    ///
    /// Parse once, then match many nodes; an instance is immutable and thread-safe.
    internal sealed class McpTarget
    {
        private readonly TargetExpression _root;

        private McpTarget(string expression, TargetExpression root)
        {
            Expression = expression;
            _root = root;
        }

        /// The expression as given.
        public string Expression { get; }

        /// Parses an expression; throws McpTargetException naming the position at fault.
        public static McpTarget Parse(string expression)
        {
            if (expression == null) throw new ArgumentNullException(nameof(expression));
            return new McpTarget(expression, TargetParser.Parse(expression));
        }

        /// Parses an expression; false and the error when it is not valid.
        public static bool TryParse(string? expression, out McpTarget? target, out McpTargetException? error)
        {
            target = null;
            error = null;
            if (expression == null) return false;
            try
            {
                target = Parse(expression);
                return true;
            }
            catch (McpTargetException e)
            {
                error = e;
                return false;
            }
        }

        public bool IsMatch(McpNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            return _root.IsMatch(node);
        }

        /// The nodes that match, in the order given.
        public IEnumerable<McpNode> Select(IEnumerable<McpNode> nodes)
        {
            if (nodes == null) throw new ArgumentNullException(nameof(nodes));
            return nodes.Where(n => n != null && _root.IsMatch(n));
        }

        /// The expression fully parenthesized, as it was understood: "(ctl* and not E@ctl03)".
        public string ToCanonicalString() => _root.ToString();

        public override string ToString() => Expression;
    }
}
