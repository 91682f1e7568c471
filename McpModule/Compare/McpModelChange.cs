#nullable enable
using System;

namespace McpModule.Compare
{
    /// One change a model edit makes to one node: Compare-McpModel's output. Before and After are
    /// plain data (McpPillar, object[], scalars) with secrets masked as the run journal
    /// masks them; a secret that changed shows as ******** on both sides.
    public sealed class McpModelChange
    {
        internal McpModelChange(string node, McpModelChangeKind kind, string? key, object? beforeValue, object? afterValue,
                                string reference, string difference)
        {
            Node = node ?? throw new ArgumentNullException(nameof(node));
            Kind = kind;
            Key = key;
            BeforeValue = beforeValue;
            AfterValue = afterValue;
            Before = McpPillar.Plain(beforeValue, node, key);
            After = McpPillar.Plain(afterValue, node, key);
            Reference = reference;
            Difference = difference;
        }

        /// The node's full name.
        public string Node { get; }
        public McpModelChangeKind Kind { get; }
        /// The pillar key ("nova:compute:reserved_host_memory_mb"), the class or the application;
        /// null for a change of the whole node.
        public string? Key { get; }
        /// The value before the change (null when there was none).
        public object? Before { get; }
        /// The value after the change (null when there is none).
        public object? After { get; }
        /// The reference side as given (-Reference).
        public string Reference { get; }
        /// The difference side as given (-Difference), or "working tree".
        public string Difference { get; }

        // The masked values as the engine holds them (OrderedMap, List<object>): the exports write these.
        internal object? BeforeValue { get; }
        internal object? AfterValue { get; }

        public override string ToString() =>
            $"{Node} {Kind}{(Key == null ? "" : " " + Key)}";
    }
}
