#nullable enable
using System.Collections.Generic;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Model.Yaml;
using McpModule.States.Formulas;

namespace McpModule.Health.Definitions
{
    /// Finds a node's health definitions in its pillar (the formulas' meta/health.yml, where they
    /// start, is HealthMetaFiles'): every metric_collector, remote_collector and aggregator
    /// mapping in the node's pillar, at any depth
    /// under a service key (heka:metric_collector:trigger:..., linux:system:metric_collector:...),
    /// which is where MCP models override StackLight's formula metadata.
    internal static class HealthBlockReader
    {
        internal const string MetaFile = "meta/health.yml";
        internal static readonly string[] Sections = { "metric_collector", "remote_collector", "aggregator" };

        /// Every block of definitions in the pillar, in the pillar's order. _param (reclass's
        /// parameters for interpolation) is not a service.
        internal static List<HealthBlock> FromPillar(string node, IDictionary<string, object> pillar)
        {
            var blocks = new List<HealthBlock>();
            foreach (var entry in pillar)
            {
                if (entry.Key == "_param" || !(entry.Value is IDictionary<string, object> service)) continue;
                Walk(node, entry.Key, service, blocks, 1);
            }
            return blocks;
        }

        // Depth bound: definitions sit a few levels under a service; a model's deep data (network
        // maps, long lists) need not be walked to its end.
        private const int MaxDepth = 6;

        private static void Walk(string node, string key, IDictionary<string, object> map, List<HealthBlock> blocks, int depth)
        {
            OrderedMap? found = null;
            foreach (var entry in map)
            {
                if (System.Array.IndexOf(Sections, entry.Key) >= 0 && entry.Value is IDictionary<string, object>)
                    (found ??= new OrderedMap())[entry.Key] = entry.Value;
                else if (entry.Value is IDictionary<string, object> inner && depth < MaxDepth)
                    Walk(node, key + ":" + entry.Key, inner, blocks, depth + 1);
            }
            if (found != null) blocks.Add(new HealthBlock("pillar of " + node, key, found));
        }
    }
}
