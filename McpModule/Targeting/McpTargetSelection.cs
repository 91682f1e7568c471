#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Text;

namespace McpModule.Targeting
{
    /// What a -Target text selects: the model's nodes, or — when it selects none — the text as an
    /// address (a host name or IP address the model does not know), or why it selects nothing.
    /// Each cmdlet decides what an address means to it: Invoke-McpCommand connects to it,
    /// Invoke-McpState reports it (it applies states to model nodes only).
    internal sealed class McpTargetSelection
    {
        private McpTargetSelection(IReadOnlyList<McpNode>? nodes, string? address, McpTargetException? error, string? problem)
        {
            Nodes = nodes ?? Array.Empty<McpNode>(); Address = address; Error = error; Problem = problem;
        }

        /// The nodes selected, in model order.
        public IReadOnlyList<McpNode> Nodes { get; }
        /// The text itself when it selects no node but is a valid host name or address; else null.
        public string? Address { get; }
        /// The expression does not parse (and is no address either).
        public McpTargetException? Error { get; }
        /// The expression parses but selects no node and is no address: why, for the error record.
        public string? Problem { get; }

        /// The nodes a Salt-style expression selects among nodes (ctl*, I@..., R@..., and/or/not).
        /// isAddress says whether a text is a host name or address a node could be reached at.
        public static McpTargetSelection Select(string? text, IEnumerable<McpNode> nodes, Func<string, bool> isAddress)
        {
            if (nodes == null) throw new ArgumentNullException(nameof(nodes));
            if (isAddress == null) throw new ArgumentNullException(nameof(isAddress));
            text = (text ?? "").Trim();
            var address = isAddress(text) ? text : null;
            if (!McpTarget.TryParse(text, out var target, out var error))
                return new McpTargetSelection(null, address, address == null ? error : null, null);
            var selected = target!.Select(nodes).ToList();   // ! : TryParse returned true, so it set target
            if (selected.Count > 0 || address != null) return new McpTargetSelection(selected, selected.Count > 0 ? null : address, null, null);
            return new McpTargetSelection(null, null, null, $"The target '{DisplayText.Printable(text)}' matches no node of the model and is no host name or address.");
        }
    }
}
