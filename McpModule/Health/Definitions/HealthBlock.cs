#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Definitions
{
    /// One place health definitions come from, with its sections as StackLight's support metadata
    /// has them: metric_collector (alarms each node evaluates over its own metrics), remote_collector
    /// (alarms evaluated once for the whole cluster: Ceph's health, HTTP endpoints), aggregator
    /// (GSE clusters and policies), and collector (what the node collector reads: units, Ceph).
    internal sealed class HealthBlock
    {
        internal HealthBlock(string origin, string keyPrefix, IDictionary<string, object> map)
        {
            Origin = origin;
            KeyPrefix = keyPrefix;
            Map = map;
        }

        /// The file or node pillar it was read from, for errors.
        internal string Origin { get; }
        /// The key of the block itself ("" for a meta file, "heka" for heka:metric_collector).
        internal string KeyPrefix { get; }
        internal IDictionary<string, object> Map { get; }

        internal string Key(string section) => KeyPrefix.Length == 0 ? section : KeyPrefix + ":" + section;

        /// A section's mapping (metric_collector:trigger); null when absent.
        internal IDictionary<string, object>? Section(string section, string part)
        {
            if (!Map.TryGetValue(section, out var value) || value == null) return null;
            var sectionMap = Wrap(() => PillarValues.Map(value, Key(section)));
            if (!sectionMap.TryGetValue(part, out var inner) || inner == null) return null;
            return Wrap(() => PillarValues.Map(inner, Key(section) + ":" + part));
        }

        internal T Wrap<T>(System.Func<T> read)
        {
            try { return read(); }
            catch (HealthDefinitionException e) { throw new HealthModelException(Origin, e); }
        }
    }
}
