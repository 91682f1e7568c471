#nullable enable
using System.Collections.Generic;

namespace McpModule.Compare
{
    /// The changes of one kind at one key over every node they reach (Compare-McpModel -Summary):
    /// "nova:compute:reserved_host_memory_mb changed on 48 nodes: cmp001–cmp048".
    public sealed class McpModelChangeSummary
    {
        internal McpModelChangeSummary(McpModelChangeKind kind, string? key, IReadOnlyList<string> nodes, string nodeList,
                                       bool varies, object? beforeValue, object? afterValue, string text)
        {
            Kind = kind; Key = key; Nodes = nodes; NodeList = nodeList; Varies = varies;
            BeforeValue = beforeValue; AfterValue = afterValue;
            Before = McpPillar.Plain(beforeValue, null, key); After = McpPillar.Plain(afterValue, null, key);
            Text = text;
        }

        public McpModelChangeKind Kind { get; }
        /// The pillar key, class or application; null for changes of whole nodes.
        public string? Key { get; }
        /// How many nodes.
        public int Count => Nodes.Count;
        /// The nodes' full names.
        public IReadOnlyList<string> Nodes { get; }
        /// The nodes as a reviewer reads them: "cmp001–cmp048, ctl01".
        public string NodeList { get; }
        /// True when the nodes' Before or After values differ (then Before and After are the first node's).
        public bool Varies { get; }
        public object? Before { get; }
        public object? After { get; }
        /// One sentence: what changed, on how many nodes, which.
        public string Text { get; }

        internal object? BeforeValue { get; }
        internal object? AfterValue { get; }

        public override string ToString() => Text;
    }
}
