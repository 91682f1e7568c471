using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace McpModule.Cmdlets
{
    /// The base of the cmdlets that work on the model's nodes only (the Ceph and the health
    /// cmdlets): the nodes the inputs stand for, each once, in the order first given; a target that
    /// is an address or name but no model node is an error (&lt;prefix&gt;.NotAModelNode).
    public abstract class McpModelNodeCmdlet : McpSshRunCmdlet
    {
        private readonly List<McpNode> _nodes = new List<McpNode>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly string _errorPrefix;
        private readonly string _why;
        private readonly bool _textNeedsModel;

        /// errorPrefix: "Mcp.Ceph"; why: what the error says after "is no node of the model: ";
        /// textNeedsModel: a string target without -Path or -Cluster ends the command
        /// (&lt;prefix&gt;.ModelNeeded) rather than being taken for an address.
        private protected McpModelNodeCmdlet(string errorPrefix, string why, bool textNeedsModel)
        {
            _errorPrefix = errorPrefix;
            _why = why;
            _textNeedsModel = textNeedsModel;
        }

        /// Adds the model nodes an input stands for (McpNode, a target expression over -Path/-Cluster).
        protected void CollectNodes(object input)
        {
            if (input == null) return;
            if (_textNeedsModel && !HasModel && !((input is PSObject ps ? ps.BaseObject : input) is McpNode))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the model with -Path or -Cluster: " + _why + "."),
                    _errorPrefix + ".ModelNeeded", ErrorCategory.InvalidArgument, input));
            var (nodes, others) = SelectTargets(input);
            foreach (var (target, item) in others)
                WriteError(new ErrorRecord(new ItemNotFoundException($"'{target.Name}' is no node of the model: {_why}."),
                    _errorPrefix + ".NotAModelNode", ErrorCategory.ObjectNotFound, item));
            foreach (var (node, _) in nodes) AddNode(node);
        }

        protected void AddNode(McpNode node)
        {
            if (_seen.Add(node.Name)) _nodes.Add(node);
        }

        /// Whether the node (its full name) was given.
        protected bool WasGiven(string node) => _seen.Contains(node);

        /// The nodes collected so far, in the order first given.
        protected IReadOnlyList<McpNode> Nodes => _nodes;
    }
}
