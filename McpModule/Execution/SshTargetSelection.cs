using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Targeting;

namespace McpModule.Execution
{
    /// What a -Target string selects among a model's nodes.
    public sealed class SshTargetSelection
    {
        private SshTargetSelection(IReadOnlyList<SshTarget> targets, McpTargetException error, string problem)
        {
            Targets = targets; Error = error; Problem = problem;
        }

        /// The targets selected (empty on error).
        public IReadOnlyList<SshTarget> Targets { get; }
        /// The expression does not parse (and is no plain address either).
        public McpTargetException Error { get; }
        /// The expression parses but selects no node and is no address: why, for the error record.
        public string Problem { get; }

        /// The nodes a Salt-style expression selects among nodes (ctl*, I@..., R@..., and/or/not),
        /// in model order. A text that selects no node but is a valid host name or IP address
        /// is that address (so plain addresses keep working beside a model); else Problem says
        /// no node matched, or Error why the expression does not parse.
        public static SshTargetSelection Select(string text, IEnumerable<McpNode> nodes)
        {
            if (nodes == null) throw new ArgumentNullException(nameof(nodes));
            text = (text ?? "").Trim();
            var isAddress = NodeName.IsValidAddress(text);
            if (!McpTarget.TryParse(text, out var target, out var error))
            {
                return isAddress
                    ? new SshTargetSelection(new[] { SshTarget.FromName(text) }, null, null)
                    : new SshTargetSelection(Array.Empty<SshTarget>(), error, null);
            }
            var selected = target.Select(nodes).Select(SshTarget.FromNode).ToList();
            if (selected.Count > 0) return new SshTargetSelection(selected, null, null);
            if (isAddress) return new SshTargetSelection(new[] { SshTarget.FromName(text) }, null, null);
            return new SshTargetSelection(Array.Empty<SshTarget>(), null,
                $"The target '{NodeName.Printable(text)}' matches no node of the model and is no host name or address.");
        }
    }
}
